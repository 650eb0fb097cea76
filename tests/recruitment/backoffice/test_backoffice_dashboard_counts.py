"""Where the dashboard's counts come from: materialized views refreshed by the task
worker on PostgreSQL, the applications themselves on SQLite. Either way every viewer
sees the figures of exactly the applications they may see."""

import datetime
from collections import Counter

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from recruitment.models import Application, Job, StageChange
from recruitment.services import application_erase, application_move
from recruitment.tasks import refresh_dashboard_counts as refresh_task

from .conftest import make_application, refresh_dashboard_counts

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the materialized views are PostgreSQL's"
)
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite counts directly")


def dashboard(client, campaign):
    cache.clear()
    response = client.get(f"/admin/recruitment/campaign/{campaign.pk}/dashboard/")
    assert response.status_code == 200
    return response


def figures(response) -> dict:
    data = response.context["data"]
    return {
        "total": data["total"],
        "stage": {row["stage"]: row["count"] for row in data["funnel"] if row["count"]},
        "reviewed": data["reviewed"],
        "average": data["time_to_first_review"],
        "bars": response.content.decode().count("<rect"),
        "peak": data["peak_per_minute"],
        **{name: {row["label"]: row["count"] for row in data[name]} for name in BREAKDOWNS},
    }


BREAKDOWNS = ["by_job", "by_source", "by_city", "by_education"]


def expected(user, campaign) -> dict:
    """The same figures, counted here from what `visible_to` lets the user see."""
    visible = list(
        Application.objects.visible_to(user).filter(campaign=campaign).select_related("job")
    )
    reviews = StageChange.objects.filter(
        application__in=[a.pk for a in visible], from_stage="received"
    ).select_related("application")
    waited = [r.changed_at - r.application.created_at for r in reviews]
    first = min(a.created_at for a in visible).replace(second=0, microsecond=0)
    start = min(campaign.stream_starts_at or first, first)
    minutes = Counter(
        a.created_at.replace(second=0, microsecond=0)
        for a in visible
        if a.created_at.replace(second=0, microsecond=0) < start + datetime.timedelta(days=1)
    )
    return {
        "total": len(visible),
        "stage": Counter(a.stage for a in visible),
        "reviewed": len({r.application_id for r in reviews}),
        "average": sum(waited, datetime.timedelta()) / len(waited) if waited else None,
        "bars": len(minutes),
        "peak": max(minutes.values()),
        "by_job": Counter(
            f"{a.job.title} — {a.job.organization.name}" if a.job else "—" for a in visible
        ),
        "by_source": Counter(a.source or "—" for a in visible),
        "by_city": Counter(a.city or "—" for a in visible),
        "by_education": Counter(a.get_education_display() or "—" for a in visible),
    }


@pytest.fixture
def mixed_applications(campaign, jobs, employers, recruiter):
    """Applications to both employers over two days: shared or not, reviewed, erased,
    and one to a job deleted since. BOE's come first; Chang'an's start two days later."""
    start = timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(days=3)
    removed = Job.objects.create(organization=employers[0], title="Removed", slug="removed")
    applications = []
    for n in range(24):
        job = [jobs["display-engineer"], jobs["battery-engineer"], removed][n % 3]
        application = make_application(
            campaign,
            job,
            shared=n % 5 != 0,
            city=["Chongqing", "Chengdu", ""][n % 3 if n % 4 else 0],
            source=["qr", "livestream"][n % 2],
            education=["master", "bachelor", ""][n % 3],
            resume=False,
        )
        days = 0 if job == jobs["display-engineer"] else 2
        Application.objects.filter(pk=application.pk).update(
            created_at=start + datetime.timedelta(days=days, minutes=n // 4, seconds=n)
        )
        application.refresh_from_db()
        if n % 3 == 1 or n % 6 == 0:
            change = application_move(application=application, to_stage="screening", by=recruiter)
            StageChange.objects.filter(pk=change.pk).update(
                changed_at=application.created_at + datetime.timedelta(minutes=10 + n)
            )
        applications.append(application)
    application_erase(application=applications[4])  # Chang'an's, shared, reviewed
    removed.delete()
    return applications


@pytest.mark.parametrize("stream", ["set", "none"])
@pytest.mark.parametrize("who", ["recruiter", "changan_hr", "boe_hr"])
def test_every_viewer_sees_the_figures_of_exactly_the_applications_it_may_see(
    client, request, campaign, mixed_applications, who, stream
):
    if stream == "none":  # each viewer's chart then starts at its own first application
        campaign.stream_starts_at = None
        campaign.save()
    user = request.getfixturevalue(who)
    refresh_dashboard_counts()
    client.force_login(user)

    shown = figures(dashboard(client, campaign))

    assert shown == expected(user, campaign)
    assert shown["total"] == {"recruiter": 24, "changan_hr": 6, "boe_hr": 6}[who]


@postgresql_only
def test_new_applications_count_once_the_counts_are_refreshed(client, recruiter, campaign, jobs):
    make_application(campaign, jobs["battery-engineer"], city="Wuhan", resume=False)
    refresh_dashboard_counts()
    client.force_login(recruiter)
    make_application(campaign, jobs["battery-engineer"], city="Xi'an", resume=False)

    before = dashboard(client, campaign)
    output = refresh_dashboard_counts()
    after = dashboard(client, campaign)

    assert before.context["data"]["total"] == 1
    assert after.context["data"]["total"] == 2
    assert "Dashboard counts refreshed as of" in output
    as_of = after.context["data"]["computed_at"]
    assert timezone.now() - as_of < datetime.timedelta(minutes=1)
    assert f"Figures as of {timezone.localtime(as_of):%Y-%m-%d %H:%M:%S}" in (
        after.content.decode()
    )


@postgresql_only
def test_counts_whose_refreshes_stopped_are_refreshed_by_the_next_look(
    client, recruiter, campaign, jobs, later
):
    refresh_dashboard_counts()
    make_application(campaign, jobs["battery-engineer"], resume=False)
    client.force_login(recruiter)

    with later(4 * 60):  # no refresh for four minutes: the worker's have stopped
        response = dashboard(client, campaign)

    # With the immediate task backend the refresh ran in the request; with the worker's
    # it is queued, and this page still shows the counts it found.
    assert response.context["data"]["total"] == 1


@postgresql_only
def test_each_refresh_queues_the_next_a_minute_later_and_only_one(
    client, recruiter, campaign, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    refresh_task.call()  # fresh figures; nobody is watching yet: nothing queued
    client.force_login(recruiter)
    dashboard(client, campaign)  # someone is watching (the figures are fresh)

    refresh_task.call()
    refresh_task.call()  # a second chain, started by hand: it stops here

    (queued,) = DBTaskResult.objects.filter(task_path="recruitment.tasks.refresh_dashboard_counts")
    in_a_minute = timezone.now() + datetime.timedelta(minutes=1)
    assert abs(queued.run_after - in_a_minute) < datetime.timedelta(seconds=10)


@postgresql_only
def test_refreshes_stop_when_nobody_has_looked_for_ten_minutes(
    client, recruiter, campaign, settings, later
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # Local memory, whose clock `later` moves (Redis keeps its own).
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    refresh_task.call()  # fresh figures: the look below queues no refresh of its own
    client.force_login(recruiter)
    dashboard(client, campaign)

    with later(11 * 60):
        refresh_task.call()

    assert not DBTaskResult.objects.filter(
        task_path="recruitment.tasks.refresh_dashboard_counts"
    ).exists()


@sqlite_only
def test_on_sqlite_the_dashboard_counts_as_it_is_read(client, recruiter, campaign, jobs):
    client.force_login(recruiter)
    dashboard(client, campaign)
    make_application(campaign, jobs["battery-engineer"], resume=False)

    output = refresh_dashboard_counts()
    response = dashboard(client, campaign)

    assert "Nothing to refresh" in output
    assert response.context["data"]["total"] == 1
    assert timezone.now() - response.context["data"]["computed_at"] < datetime.timedelta(
        seconds=10
    )


@sqlite_only
def test_on_sqlite_the_refresh_task_does_nothing_and_queues_nothing(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    assert refresh_task.call() == "nothing to refresh: the dashboard counts as it is read"
    assert not DBTaskResult.objects.exists()
