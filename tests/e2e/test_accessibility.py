"""No serious or critical axe-core violations on the public pages, on a phone and a desktop."""

import pytest

from tests.e2e.a11y import assert_no_serious_a11y_violations

# One path a row: the page is loaded with the demo content and checked as it first appears.
PUBLIC_PATHS = [
    "/",
    "/talent/",
]


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_page_has_no_serious_accessibility_violations(page, site, path):
    response = page.goto(site + path)
    assert response.status == 200
    assert_no_serious_a11y_violations(page)


def test_accessibility_check_reports_a_serious_violation(phone_page, live_server):
    """The check itself can fail: an image without alternative text is caught."""
    phone_page.goto(live_server.url + "/")
    phone_page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend',"
        " '<img src=\"/static/img/favicon.svg\">')"
    )
    with pytest.raises(AssertionError, match="image-alt"):
        assert_no_serious_a11y_violations(phone_page)
