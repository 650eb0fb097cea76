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


def test_the_form_with_mistakes_the_status_page_and_the_withdraw_step_have_no_violations(
    page, site
):
    from django.test import Client

    from recruitment.models import Application

    page.goto(site + "/en/campaigns/liangjiang-talent-livestream/apply/")
    page.get_by_role("button", name="Send my application").click()
    page.locator("[data-error-summary]").wait_for()
    assert_no_serious_a11y_violations(page)

    Client().post(
        "/api/v1/campaigns/liangjiang-talent-livestream/applications/",
        {
            "full_name": "Zhou Min",
            "email": "zhou.min@example.com",
            "phone": "13900000001",
            "consent": "true",
            "share_consent": "true",
        },
    )
    token = Application.objects.get().status_token
    page.goto(f"{site}/en/applications/{token}/")
    assert_no_serious_a11y_violations(page)
    page.get_by_role("button", name="Withdraw my application").click()
    page.get_by_role("heading", name="Withdraw your application?").wait_for()
    assert_no_serious_a11y_violations(page)
