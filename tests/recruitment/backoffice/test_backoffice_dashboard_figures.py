"""The dashboard's figures: what each viewer may see, counted as it is now."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from recruitment.models import Application, Job
from recruitment.services import application_erase, application_move

from .conftest import make_application, refresh_dashboard_counts

pytestmark = pytest.mark.django_db

CITIES = ["Chongqing", "Chengdu", "Wuhan"]


def dashboard(client, campaign):
    """The dashboard's figures, computed afresh (counts refreshed, nothing cached)."""
    refresh_dashboard_counts()
    cache.clear()
    response = client.get(f"/admin/recruitment/campaign/{campaign.pk}/dashboard/")
    assert response.status_code == 200
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


def test_the_employers_hr_counts_only_its_shared_applications(
    client, changan_hr, campaign, earlier_applications
):
    client.force_login(changan_hr)

    figures = dashboard(client, campaign)

    visible = Application.objects.visible_to(changan_hr).filter(campaign=campaign)
    assert figures["total"] == visible.count() == 6  # 7 to Chang'an, 1 of them not shared
    assert set(figures["by_job"]) == {"Battery engineer — Chang'an Automobile"}
    assert sum(figures["by_city"].values()) == sum(figures["by_source"].values()) == 6


def test_an_erased_application_leaves_every_figure(
    client, changan_hr, campaign, earlier_applications
):
    client.force_login(changan_hr)
    before = dashboard(client, campaign)
    erased = next(
        a
        for a in earlier_applications
        if a.job.slug == "battery-engineer" and a.share_consent_at and a.city == "Chongqing"
    )

    application_erase(application=erased)
    after = dashboard(client, campaign)

    assert after["total"] == before["total"] - 1
    assert after["by_city"].get("Chongqing", 0) == before["by_city"]["Chongqing"] - 1


def test_a_job_moved_to_another_employer_moves_its_applications_on_the_dashboards(
    client, changan_hr, boe_hr, campaign, earlier_applications, employers
):
    Job.objects.filter(slug="display-engineer").update(organization=employers[0])

    client.force_login(changan_hr)
    changan = dashboard(client, campaign)
    client.force_login(boe_hr)
    boe = client.get(f"/admin/recruitment/campaign/{campaign.pk}/dashboard/")

    assert boe.status_code == 404  # BOE has no job left in the campaign
    assert changan["total"] == Application.objects.visible_to(changan_hr).count() == 11


def test_stage_moves_and_new_applications_show_once_the_minute_is_over(
    client, recruiter, campaign, jobs, earlier_applications
):
    client.force_login(recruiter)
    before = dashboard(client, campaign)
    make_application(campaign, jobs["battery-engineer"], city="Xi'an", resume=False)
    application_move(application=earlier_applications[0], to_stage="screening", by=recruiter)

    after = dashboard(client, campaign)

    assert after["total"] == before["total"] + 1 == 15
    assert after["by_city"]["Xi'an"] == 1
    assert after["funnel"]["screening"] == before["funnel"]["screening"] + 1
