"""The campaign dashboard: one campaign's applications counted per breakdown.

Every figure counts only what the viewer may see (`Application.objects.visible_to`),
so who sees what holds in every figure, and the page costs the same few queries
at 100 or 1,000,000 applications. On PostgreSQL the counts are read from
materialized views that the task worker refreshes about once a minute
(`refresh_dashboard_counts`), and the page says as of when; elsewhere (the
embedded SQLite) each figure is a GROUP BY over the campaign's applications.
The result is cached for a minute per campaign and scope: during a livestream
many staff watch the same dashboard, and one of them pays for it once a minute.
"""

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.db.models import Avg, Count, F, Min, Sum
from django.db.models.functions import TruncMinute
from django.utils import timezone
from django.utils.safestring import mark_safe

from . import tasks
from .models import (
    APPLICATION_EDUCATION,
    Application,
    Campaign,
    DashboardCount,
    DashboardMinute,
    DashboardRefresh,
    Job,
    StageChange,
    staff_scope,
)

CACHE_SECONDS = 60
TOP = 12
MAX_MINUTES = 24 * 60  # a day of per-minute points at most, from the stream's start
# Counts older than this: the worker's refreshes have stopped (or never started).
REFRESH_STOPPED = datetime.timedelta(minutes=3)

# Jobs are grouped by id (no join) and named afterwards from the few ids found.
DIMENSIONS = {
    "stage": F("stage"),
    "job": F("job_id"),
    "source": F("source"),
    "city": F("city"),
    "education": F("education"),
    # In UTC: the database then converts no row to local time (the chart's labels are).
    "minute": TruncMinute("created_at", tzinfo=datetime.UTC),
}


@dataclass
class Chart:
    """A server-side SVG bar chart of applications per minute."""

    width: int
    height: int
    bars: str  # the <rect> elements, drawn once here rather than by a template loop
    peak: int
    first: str
    last: str


def count_by(applications, name: str) -> dict:
    """{value: count} of `applications` grouped by one of DIMENSIONS."""
    rows = applications.annotate(d=DIMENSIONS[name]).values_list("d")
    # COUNT(*), not COUNT(id): the covering index does not hold the id, and counting
    # a column it lacks turns each index-only scan into a scan of the whole table.
    return dict(rows.annotate(n=Count("*")).order_by())


def _chart_until(campaign: Campaign, first: datetime.datetime | None):
    """The end of the chart's day, rounded up to a whole minute: the per-minute counts
    of every application received before it are all the chart can show."""
    if first is None:
        return None
    first = first.replace(second=0, microsecond=0)
    start = min(campaign.stream_starts_at or first, first)
    until = start + datetime.timedelta(minutes=MAX_MINUTES)
    if until.second or until.microsecond:
        until = until.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)
    return until


def _chart_points(campaign: Campaign, by_minute: dict) -> list:
    """The per-minute counts of the chart's day: from the stream's start, or the first
    application if earlier."""
    if not by_minute:
        return []
    first = min(by_minute)
    start = min(campaign.stream_starts_at or first, first)
    until = start + datetime.timedelta(minutes=MAX_MINUTES)
    points = []
    for minute, n in by_minute.items():
        if timezone.is_naive(minute):
            minute = timezone.make_aware(minute)
        if minute < until:
            points.append((minute, n))
    return sorted(points)


def _jobs(pks) -> dict:
    """{job id: (organisation id, "Title — employer")} (two employers may post the same title)."""
    jobs = Job.objects.filter(pk__in=[pk for pk in pks if pk]).values_list(
        "pk", "organization_id", "title", "organization__name"
    )
    return {pk: (organization, f"{title} — {name}") for pk, organization, title, name in jobs}


def _top(counts: dict, labels=None, limit=TOP):
    labelled = [
        (str((labels or {}).get(value, value) or "—"), count) for value, count in counts.items()
    ]
    rows = sorted(labelled, key=lambda row: (-row[1], row[0]))[:limit]
    return [{"label": label, "count": count} for label, count in rows]


def duration_text(value: datetime.timedelta | None) -> str:
    """A duration as people read it: "2 d 3 h", "1 h 05 min", "4 min 10 s", "12 s"."""
    if value is None:
        return "—"
    seconds = max(0, round(value.total_seconds()))
    days, seconds = divmod(seconds, 86400)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {seconds:02d} s"
    return f"{seconds} s"


def per_minute_chart(points, width=720, height=180) -> Chart | None:
    if not points:
        return None
    peak = max(n for _minute, n in points) or 1
    start, end = points[0][0], points[-1][0]
    span = max(1, int((end - start).total_seconds() // 60) + 1)
    bar_width = max(1.0, width / span)
    bar = round(max(bar_width - 0.5, 0.5), 2)
    rects = []
    for minute, n in points:
        offset = int((minute - start).total_seconds() // 60)
        bar_height = max(1, round(n / peak * (height - 20)))
        # Numbers and a formatted time only: nothing here needs escaping.
        rects.append(
            f'<rect x="{round(offset * bar_width, 2)}" y="{height - bar_height}" '
            f'width="{bar}" height="{bar_height}">'
            f"<title>{timezone.localtime(minute):%H:%M} — {n}</title></rect>"
        )
    return Chart(
        width=width,
        height=height,
        bars=mark_safe("".join(rects)),  # noqa: S308 - built above from numbers only
        peak=peak,
        first=f"{timezone.localtime(start):%Y-%m-%d %H:%M}",
        last=f"{timezone.localtime(end):%Y-%m-%d %H:%M}",
    )


def campaign_dashboard(campaign: Campaign, user) -> dict:
    scope = staff_scope(user)
    key = f"dashboard:{campaign.pk}:{'all' if scope.everything else scope.organization_id}"
    # Someone is watching: the worker keeps refreshing the counts (PostgreSQL).
    cache.set(tasks.DASHBOARD_WATCHED_KEY, 1, tasks.DASHBOARD_WATCHED_FOR.total_seconds())
    data = cache.get(key)
    if data is None:
        data = _compute(campaign, user)
        cache.set(key, data, CACHE_SECONDS)
    return data


def _compute(campaign: Campaign, user) -> dict:
    if connection.vendor == "postgresql":
        counts, first_reviews, as_of = _counted_by_the_views(campaign, user)
    else:
        counts, first_reviews = _count_now(campaign, user)
        as_of = timezone.now()
    by_stage = counts["stage"]
    jobs = _jobs(counts["job"])
    total = sum(by_stage.values())
    funnel = []
    for stage, label in Application.Stage.choices:
        funnel.append(
            {
                "stage": stage,
                "label": str(label),
                "count": by_stage.get(stage, 0),
                "percent": round(100 * by_stage.get(stage, 0) / total) if total else 0,
            }
        )
    points = _chart_points(campaign, counts["minute"])
    average = first_reviews["average"]
    if average is not None and not isinstance(average, datetime.timedelta):
        average = datetime.timedelta(microseconds=average)  # SQLite answers in microseconds
    return {
        "total": total,
        "funnel": funnel,
        "chart": per_minute_chart(points),
        "peak_per_minute": max((n for _m, n in points), default=0),
        "by_job": _top(counts["job"], labels={pk: label for pk, (_o, label) in jobs.items()}),
        "by_source": _top(counts["source"]),
        "by_city": _top(counts["city"]),
        "by_education": _top(counts["education"], labels=dict(APPLICATION_EDUCATION)),
        "reviewed": first_reviews["reviewed"],
        "time_to_first_review": average,
        "time_to_first_review_text": duration_text(average),
        "computed_at": as_of,
    }


def _count_now(campaign: Campaign, user):
    """The figures counted from the campaign's applications, now."""
    applications = Application.objects.visible_to(user).filter(campaign=campaign)
    counts = {name: count_by(applications, name) for name in DIMENSIONS if name != "minute"}
    # The chart shows one day: count the minutes of that day only, not the weeks
    # of late applications after it.
    first = applications.aggregate(first=Min("created_at"))["first"]
    until = _chart_until(campaign, first)
    counts["minute"] = (
        count_by(applications.filter(created_at__lt=until), "minute") if first else {}
    )
    # A review is a staff member's move: a candidate withdrawing is none.
    first_reviews = StageChange.objects.filter(
        application__in=applications,
        from_stage=Application.Stage.RECEIVED,
        changed_by__isnull=False,
    ).aggregate(
        reviewed=Count("application_id", distinct=True),
        average=Avg(F("changed_at") - F("application__created_at")),
    )
    return counts, first_reviews


def _counted_by_the_views(campaign: Campaign, user):
    """The figures from the materialized views (PostgreSQL), and when they were counted.

    Should the worker's refreshes have stopped, one is queued (one process
    each time): with a worker the page after next shows it; without one (the
    immediate task backend) it runs here, now.
    """
    as_of = DashboardRefresh.objects.values_list("refreshed_at", flat=True).first()
    stopped = as_of is None or timezone.now() - as_of > REFRESH_STOPPED
    if stopped and cache.add("dashboard:refresh-queued", 1, REFRESH_STOPPED.total_seconds()):
        tasks.refresh_dashboard_counts.enqueue()
        as_of = DashboardRefresh.objects.values_list("refreshed_at", flat=True).first()
    rows = DashboardCount.objects.visible_to(user).filter(campaign=campaign)
    counts = {name: {} for name in DIMENSIONS}
    for dimension, value, n in (
        rows.exclude(dimension="reviewed")
        .values_list("dimension", "value")
        .annotate(n=Sum("applications"))
        .order_by()
    ):
        counts[dimension][value] = n
    # Every application has one stage: the stage rows count each application once.
    counts["job"] = _summed(rows.filter(dimension="stage"), "job_id")
    counts["minute"] = _summed(
        DashboardMinute.objects.visible_to(user).filter(campaign=campaign), "minute"
    )
    reviews = rows.filter(dimension="reviewed").aggregate(
        reviewed=Sum("applications", default=0), reviews=Sum("reviews"), waited=Sum("waited")
    )
    average = reviews["waited"] / reviews["reviews"] if reviews["reviews"] else None
    return counts, {"reviewed": reviews["reviewed"], "average": average}, as_of


def _summed(rows, field: str) -> dict:
    return dict(rows.values_list(field).annotate(n=Sum("applications")).order_by())
