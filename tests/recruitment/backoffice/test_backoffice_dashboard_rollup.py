"""The dashboard's rollup: the same figures as counting live, for every viewer."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from recruitment.dashboard import rebuild_rollup
from recruitment.models import Application, DashboardRollup, Job
from recruitment.services import application_erase, application_move

from .conftest import make_application

pytestmark = pytest.mark.django_db

CITIES = ["Chongqing", "Chengdu", "Wuhan"]


def dashboard(client, campaign, *, rollup_expected):
    """The dashboard's figures, computed afresh (nothing cached, no rebuild on the way)."""
    cache.clear()
    cache.set(f"dashboard-rollup:{campaign.pk}", True)  # a rebuild would change what we compare
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/admin/recruitment/campaign/{campaign.pk}/dashboard/")
    assert response.status_code == 200
    used = any("recruitment_dashboardcount" in q["sql"] for q in captured.captured_queries)
    assert used == rollup_expected
    data = response.context["data"]
    return {
        "total": data["total"],
        "funnel": {row["stage"]: row["count"] for row in data["funnel"]},
        "peak": data["peak_per_minute"],
        "bars": response.content.decode().count("<rect"),
        **{
            name: {row["label"]: row["count"] for row in data[name]}
            for name in ("by_job", "by_source", "by_city", "by_education")
        },
    }


@pytest.fixture
def earlier_applications(campaign, jobs):
    """Fourteen applications to both employers, some not shared, received an hour ago."""
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    applications = []
    for n in range(14):
        application = make_application(
            campaign,
            jobs["battery-engineer" if n % 2 else "display-engineer"],
            shared=n % 5 != 0,
            city=CITIES[n % 3],
            source="qr" if n % 4 else "livestream",
            education="master" if n % 3 else "bachelor",
            resume=False,
        )
        Application.objects.filter(pk=application.pk).update(
            created_at=an_hour_ago + datetime.timedelta(minutes=n // 3)
        )
        applications.append(application)
    return applications


def live_figures(client, campaign):
    DashboardRollup.objects.filter(campaign=campaign).delete()
    return dashboard(client, campaign, rollup_expected=False)


@pytest.mark.parametrize("who", ["recruiter", "changan_hr", "boe_hr"])
def test_the_rollup_gives_the_figures_of_counting_live(
    client, request, who, campaign, jobs, earlier_applications, recruiter
):
    rebuild_rollup.call(campaign_id=campaign.pk)
    # After the rollup: a new application, and stages moved on older ones.
    make_application(campaign, jobs["battery-engineer"], city="Xi'an", resume=False)
    for application in earlier_applications[:4]:
        application_move(application=application, to_stage="screening", by=recruiter)
    client.force_login(request.getfixturevalue(who))

    rolled_up = dashboard(client, campaign, rollup_expected=True)

    assert rolled_up == live_figures(client, campaign)
    assert rolled_up["total"] > 0


def test_the_employers_hr_counts_only_its_shared_applications_from_the_rollup(
    client, changan_hr, campaign, earlier_applications
):
    rebuild_rollup.call(campaign_id=campaign.pk)
    client.force_login(changan_hr)

    figures = dashboard(client, campaign, rollup_expected=True)

    visible = Application.objects.visible_to(changan_hr).filter(campaign=campaign)
    assert figures["total"] == visible.count() == 6  # 7 to Chang'an, 1 of them not shared
    assert set(figures["by_job"]) == {"Battery engineer — Chang'an Automobile"}


def test_an_application_erased_after_the_rollup_leaves_every_figure(
    client, changan_hr, campaign, earlier_applications
):
    rebuild_rollup.call(campaign_id=campaign.pk)
    client.force_login(changan_hr)
    before = dashboard(client, campaign, rollup_expected=True)
    erased = next(
        a
        for a in earlier_applications
        if a.job.slug == "battery-engineer" and a.share_consent_at and a.city == "Chongqing"
    )

    application_erase(application=erased)
    after = dashboard(client, campaign, rollup_expected=False)  # no longer trusted

    assert after["total"] == before["total"] - 1
    assert after["by_city"].get("Chongqing", 0) == before["by_city"]["Chongqing"] - 1
    assert after == live_figures(client, campaign)


def test_a_job_moved_to_another_employer_moves_its_applications_on_the_dashboards(
    client, changan_hr, boe_hr, campaign, earlier_applications, employers
):
    rebuild_rollup.call(campaign_id=campaign.pk)
    Job.objects.filter(slug="display-engineer").update(organization=employers[0])

    client.force_login(changan_hr)
    changan = dashboard(client, campaign, rollup_expected=False)
    client.force_login(boe_hr)
    boe = client.get(f"/admin/recruitment/campaign/{campaign.pk}/dashboard/")

    assert boe.status_code == 404  # BOE has no job left in the campaign
    assert changan["total"] == Application.objects.visible_to(changan_hr).count() == 11


def test_the_rollup_is_rebuilt_by_a_task_and_counts_no_recent_application(
    client, recruiter, campaign, jobs, earlier_applications
):
    make_application(campaign, jobs["battery-engineer"], resume=False)  # just now
    client.force_login(recruiter)

    client.get(f"/admin/recruitment/campaign/{campaign.pk}/dashboard/")  # schedules the build

    rollup = DashboardRollup.objects.get(campaign=campaign)
    assert rollup.until <= timezone.now() - datetime.timedelta(minutes=5)
    counted = sum(rollup.counts.filter(dimension="source").values_list("count", flat=True))
    assert counted == len(earlier_applications)
    assert dashboard(client, campaign, rollup_expected=True)["total"] == 15


def test_the_rollups_size_follows_the_values_not_the_applications(campaign, jobs):
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    for _n in range(30):
        application = make_application(campaign, jobs["battery-engineer"], resume=False)
        Application.objects.filter(pk=application.pk).update(created_at=an_hour_ago)

    rebuild_rollup.call(campaign_id=campaign.pk)

    # One count per value of each dimension (one job, source, city, education, minute).
    assert DashboardRollup.objects.get(campaign=campaign).counts.count() == 5
