"""Every public page fits a 360 px phone: no sideways scrolling, in either language."""

import pytest
from django.utils import translation

from tests.test_content_languages import public_paths

PHONE_WIDTH = 360


def pages_to_walk(language: str) -> list[str]:
    with translation.override(language):
        extra = [
            f"/{language}/search/?q=engineer",
            f"/{language}/search/?q=两江",
            f"/{language}/no-such-page/",  # the 404 page
        ]
    return public_paths(language) + extra


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_public_page_fits_a_phone_without_sideways_scrolling(site, phone_page, language):
    too_wide = {}
    for path in pages_to_walk(language):
        phone_page.goto(site + path)
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE_WIDTH:
            too_wide[path] = width
    assert not too_wide


def test_the_phone_menu_shows_every_section(site, phone_page):
    """The sections wrap onto a second line rather than scroll out of sight."""
    phone_page.goto(site + "/en/")
    links = phone_page.locator(".site-nav a")
    assert links.count() >= 6
    for index in range(links.count()):
        box = links.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH
