"""Numbers, money, dates and plurals in each language's own form."""

import re
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from recruitment.models import Job

pytestmark = pytest.mark.django_db


def countdown_words(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-unit-word="(\w+)"[^>]*>([^<]+)<', html))


def starts_in(campaign, delta):
    campaign.stream_starts_at = timezone.now() + delta
    campaign.stream_ends_at = campaign.stream_starts_at + timedelta(hours=2)
    campaign.save()


@pytest.mark.parametrize(
    ("delta", "english"),
    [
        (
            timedelta(days=1, hours=1, minutes=1, seconds=30),
            {"days": "day", "hours": "hour", "minutes": "minute"},
        ),
        (
            timedelta(days=2, hours=3, minutes=30, seconds=30),
            {"days": "days", "hours": "hours", "minutes": "minutes"},
        ),
    ],
)
def test_the_countdown_says_1_day_and_2_days(client, campaign, delta, english):
    starts_in(campaign, delta)
    words = countdown_words(client.get("/en/campaigns/liangjiang-live/").content.decode())
    assert {unit: words[unit] for unit in english} == english
    chinese = countdown_words(client.get("/zh-hans/campaigns/liangjiang-live/").content.decode())
    assert {unit: chinese[unit] for unit in english} == {
        "days": "天",
        "hours": "小时",
        "minutes": "分钟",
    }


def test_the_countdown_script_has_both_forms_of_each_word(client, campaign):
    starts_in(campaign, timedelta(days=3))
    html = client.get("/en/campaigns/liangjiang-live/").content.decode()
    assert 'data-unit-word="days" data-one="day" data-other="days"' in html


@pytest.mark.parametrize(
    ("language", "pay", "shown"),
    [
        ("en", {"salary_months": 13}, "CNY 10,000–18,000 a month, 13 months a year"),
        ("en", {"salary_period": Job.SalaryPeriod.YEAR}, "CNY 10,000–18,000 a year"),
        ("en", {"salary_max": None}, "CNY 10,000 a month"),
        ("zh-hans", {}, "10-18K<"),
        ("zh-hans", {"salary_months": 13}, "10-18K·13薪"),
        ("zh-hans", {"salary_min": 9500, "salary_max": 9500}, "9.5K<"),
        (
            "zh-hans",
            {"salary_min": 120000, "salary_max": 200000, "salary_period": "year"},
            "12-20万",
        ),
        ("zh-hans", {"salary_min": 50, "salary_max": 80, "salary_period": "hour"}, "50-80元/时"),
        ("zh-hans", {"salary_currency": "USD"}, "10000-18000 USD/月"),
    ],
)
def test_pay_is_written_as_each_language_writes_it(client, campaign, language, pay, shown):
    Job.objects.filter(slug="display-engineer").update(
        **{"salary_min": 10000, "salary_max": 18000, **pay}
    )
    assert shown in client.get(f"/{language}/jobs/display-engineer/").content.decode()
    assert shown in client.get(f"/{language}/jobs/").content.decode()
    assert shown in client.get(f"/{language}/campaigns/liangjiang-live/").content.decode()


def test_dates_are_written_as_each_language_writes_them(client, campaign):
    moment = timezone.make_aware(datetime(2026, 6, 5, 19, 0))
    campaign.opens_at = moment
    campaign.closes_at = moment + timedelta(days=1)
    campaign.save()
    # A campaign found by the search shows the day its applications open.
    assert "2026年6月5日" in client.get("/zh-hans/search/", {"q": "livestream"}).content.decode()
    assert "June 5, 2026" in client.get("/en/search/", {"q": "livestream"}).content.decode()
