"""The campaign dashboard: per-minute chart, funnel, breakdowns, time to first review."""

import datetime

import pytest

from recruitment.models import Application, StageChange
from recruitment.services import application_move

from .conftest import make_application, refresh_dashboard_counts

pytestmark = pytest.mark.django_db


def dashboard_url(campaign):
    return f"/admin/recruitment/campaign/{campaign.pk}/dashboard/"


@pytest.fixture
def busy_campaign(campaign, jobs, recruiter):
    # On a minute boundary: a start at hh:mm:59.5 put the applications of "minute 0",
    # one second apart, in two minutes of the chart.
    start = campaign.stream_starts_at.replace(second=0, microsecond=0)
    for n, (minute, stage, city) in enumerate(
        [
            (0, "received", "Chongqing"),
            (0, "received", "Chongqing"),
            (1, "screening", "Chengdu"),
            (3, "received", "Chongqing"),
            (3, "rejected", ""),
        ]
    ):
        application = make_application(
            campaign,
            jobs["battery-engineer" if n % 2 else "display-engineer"],
            city=city,
            source="livestream" if n < 3 else "qr",
            education="master",
        )
        Application.objects.filter(pk=application.pk).update(
            created_at=start + datetime.timedelta(minutes=minute, seconds=n)
        )
        if stage != "received":
            application_move(application=application, to_stage=stage, by=recruiter)
            StageChange.objects.filter(application=application, from_stage="received").update(
                changed_at=start + datetime.timedelta(minutes=minute + 30)
            )
    return campaign


def test_the_dashboard_shows_the_figures_of_the_campaign(client, recruiter, busy_campaign):
    refresh_dashboard_counts()
    client.force_login(recruiter)

    response = client.get(dashboard_url(busy_campaign))

    data = response.context["data"]
    assert data["total"] == 5
    assert data["peak_per_minute"] == 2
    assert {row["stage"]: row["count"] for row in data["funnel"]}["received"] == 3
    assert {row["label"]: row["count"] for row in data["by_city"]} == {
        "Chongqing": 3,
        "Chengdu": 1,
        "—": 1,
    }
    assert {row["label"]: row["count"] for row in data["by_source"]} == {"livestream": 3, "qr": 2}
    assert data["by_education"] == [{"label": "Master's degree", "count": 5}]
    assert data["reviewed"] == 2
    assert abs(data["time_to_first_review"] - datetime.timedelta(minutes=30)) < (
        datetime.timedelta(seconds=5)
    )
    page = response.content.decode()
    assert "<svg" in page and page.count("<rect") == 3  # minutes 0, 1 and 3
    assert data["time_to_first_review_text"] in page
    assert data["time_to_first_review_text"].startswith("29 min 5")
    assert "Battery engineer" in page and "Display engineer" in page


def test_the_dashboard_is_linked_from_the_campaign(client, recruiter, campaign):
    client.force_login(recruiter)

    page = client.get(f"/admin/recruitment/campaign/{campaign.pk}/change/").content.decode()

    assert f'href="{dashboard_url(campaign)}"' in page


def test_an_empty_campaign_has_a_calm_dashboard(client, recruiter, campaign):
    client.force_login(recruiter)

    response = client.get(dashboard_url(campaign))

    assert response.status_code == 200
    assert "No applications yet." in response.content.decode()


def test_an_unknown_campaign_is_404(client, recruiter):
    client.force_login(recruiter)

    assert client.get("/admin/recruitment/campaign/999999/dashboard/").status_code == 404


def test_staff_without_recruitment_access_are_refused(client, editor, campaign):
    client.force_login(editor)

    assert client.get(dashboard_url(campaign)).status_code in (403, 404)


def test_the_figures_are_cached_for_a_minute(client, recruiter, busy_campaign, jobs):
    refresh_dashboard_counts()
    client.force_login(recruiter)
    client.get(dashboard_url(busy_campaign))
    make_application(busy_campaign, jobs["battery-engineer"])
    refresh_dashboard_counts()

    assert client.get(dashboard_url(busy_campaign)).context["data"]["total"] == 5


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(None, "—"), (12, "12 s"), (250, "4 min 10 s"), (3900, "1 h 05 min"), (183600, "2 d 3 h")],
)
def test_durations_read_like_people_say_them(seconds, text):
    from recruitment.dashboard import duration_text

    value = None if seconds is None else datetime.timedelta(seconds=seconds)

    assert duration_text(value) == text


def test_the_chart_shows_the_first_day_and_the_figures_count_every_application(
    client, recruiter, busy_campaign, jobs
):
    start = busy_campaign.stream_starts_at.replace(second=0, microsecond=0)
    for days in (1, 3):  # a day after the stream's start: outside the chart's day
        late = make_application(busy_campaign, jobs["battery-engineer"], city="Wuhan")
        Application.objects.filter(pk=late.pk).update(
            created_at=start + datetime.timedelta(days=days, seconds=30)
        )
    refresh_dashboard_counts()
    client.force_login(recruiter)

    response = client.get(dashboard_url(busy_campaign))

    data = response.context["data"]
    assert data["total"] == 7
    assert {row["label"]: row["count"] for row in data["by_city"]}["Wuhan"] == 2
    assert response.content.decode().count("<rect") == 3  # minutes 0, 1 and 3 only
    assert data["peak_per_minute"] == 2


def test_a_candidate_withdrawing_is_no_review(client, recruiter, busy_campaign):
    from recruitment.services import application_withdraw

    waiting = Application.objects.filter(campaign=busy_campaign, stage="received").first()
    application_withdraw(application=waiting)
    refresh_dashboard_counts()
    client.force_login(recruiter)

    data = client.get(dashboard_url(busy_campaign)).context["data"]

    assert data["reviewed"] == 2
    assert abs(data["time_to_first_review"] - datetime.timedelta(minutes=30)) < (
        datetime.timedelta(seconds=5)
    )
