"""No serious or critical axe-core violations on the public pages, on a phone and a desktop."""

import pytest
from django.urls import Resolver404, resolve

from tests.e2e.a11y import assert_no_serious_a11y_violations


def _served(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


# One path a row: the page is loaded with the demo content and checked as it first appears.
PUBLIC_PATHS = [
    "/en/",
    pytest.param(
        "/en/news/", marks=pytest.mark.skipif(not _served("/en/news/"), reason="no news app")
    ),
    "/en/talent/",
    "/en/campaigns/liangjiang-talent-livestream/",
    "/en/campaigns/liangjiang-talent-livestream/apply/",
    "/en/campaigns/june-5-talent-livestream-2020/",
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


def test_the_campaign_page_during_the_stream_has_no_serious_violations(page, site):
    from datetime import timedelta

    from django.utils import timezone

    from recruitment.models import Campaign

    campaign = Campaign.objects.get(slug="liangjiang-talent-livestream")
    campaign.stream_starts_at = timezone.now() - timedelta(minutes=5)
    campaign.stream_ends_at = timezone.now() + timedelta(hours=1)
    campaign.stream_url = "https://127.0.0.1:9/live/stream.m3u8"  # a player that never loads
    campaign.now_presenting = campaign.jobs.first()
    campaign.save()

    page.goto(site + campaign.get_absolute_url())
    assert page.locator("video").count() == 1
    assert_no_serious_a11y_violations(page)
