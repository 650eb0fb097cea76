"""The recruiter's applications list fits a 1280 px screen: no sideways scrolling."""

from django.test import Client

from recruitment.demo import OPEN_SLUG
from tests.e2e.helpers import admin_login


def test_the_applications_list_shows_stage_city_and_received_without_scrolling(
    desktop_page, site, recruiter
):
    for n in range(3):
        Client().post(
            f"/api/v1/campaigns/{OPEN_SLUG}/applications/",
            {
                "full_name": f"Wang Xiaoming the {n}th of a rather long family name",
                "email": f"applicant{n}@example.com",
                "phone": f"1390000000{n}",
                "job": "changan-autonomous-driving-engineer",
                "city": "Chongqing",
                "consent": "true",
                "share_consent": "true",
            },
        )
    page = desktop_page
    admin_login(page, site, recruiter.username)
    page.goto(site + "/admin/recruitment/application/")

    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    for column in ("Stage", "City", "Received"):
        header = page.locator("#result_list thead th", has_text=column).first
        box = header.bounding_box()
        assert box and box["x"] + box["width"] <= 1280, column
