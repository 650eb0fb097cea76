"""The countdown's words follow its numbers as the script counts: 1 day, 2 days."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from recruitment.demo import OPEN_SLUG
from recruitment.models import Campaign


@pytest.mark.parametrize(("days", "word"), [(1, "day"), (2, "days")])
def test_the_countdown_says_1_day_and_2_days(site, phone_page, days, word):
    campaign = Campaign.objects.get(slug=OPEN_SLUG)
    left = timedelta(days=days, hours=1, minutes=1, seconds=45)
    campaign.stream_starts_at = timezone.now() + left
    campaign.stream_ends_at = campaign.stream_starts_at + timedelta(hours=2)
    campaign.save()
    phone_page.goto(f"{site}/en/campaigns/{OPEN_SLUG}/")
    expect(phone_page.locator("[data-unit=days]")).to_have_text(str(days))
    expect(phone_page.locator("[data-unit-word=days]")).to_have_text(word)
    expect(phone_page.locator("[data-unit-word=hours]")).to_have_text("hour")
    expect(phone_page.locator("[data-unit-word=minutes]")).to_have_text("minute")
