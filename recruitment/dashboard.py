"""The campaign dashboard: a handful of GROUP BY queries over one campaign's applications.

Every figure is an aggregate in the database, so the page costs the same
number of queries at 100 or 1,000,000 applications: on PostgreSQL the
breakdowns come from one scan (GROUPING SETS), elsewhere from one GROUP BY each. The
result is cached for a minute per campaign and scope: during a livestream
many staff watch the same dashboard.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Avg, Case, Count, DateTimeField, F, Max, Min, When
from django.db.models.functions import TruncMinute
from django.utils import timezone

from .models import Application, Campaign, StageChange, staff_scope

CACHE_SECONDS = 60
TOP = 12
MAX_MINUTES = 24 * 60  # a day of per-minute points at most; longer spans are grouped


@dataclass
class Chart:
    """A server-side SVG bar chart of applications per minute."""

    width: int
    height: int
    bars: list
    peak: int
    first: str
    last: str


DIMENSIONS = {
    "stage": F("stage"),
    "job": F("job__title"),
    "source": F("source"),
    "city": F("city"),
    "education": F("education"),
}


def counts_by_dimension(applications, minute_until) -> dict[str, dict]:
    """{"stage": {value: count}, "job": ..., "minute": {minute: count}} for the applications.

    On PostgreSQL one scan with GROUPING SETS; elsewhere one GROUP BY per dimension.
    Minutes are counted only before `minute_until` (the chart's window).
    """
    if connection.vendor == "postgresql":
        return _counts_grouping_sets(applications, minute_until)
    counts = {}
    for name, expression in DIMENSIONS.items():
        rows = applications.annotate(d=expression).values_list("d").annotate(n=Count("pk"))
        counts[name] = dict(rows.order_by())
    rows = (
        applications.filter(created_at__lt=minute_until)
        .annotate(d=TruncMinute("created_at"))
        .values_list("d")
        .annotate(n=Count("pk"))
    )
    counts["minute"] = dict(rows.order_by())
    return counts


def _counts_grouping_sets(applications, minute_until):
    names = [*DIMENSIONS, "minute"]
    columns = {f"d_{name}": expression for name, expression in DIMENSIONS.items()}
    columns["d_minute"] = Case(
        When(created_at__lt=minute_until, then=TruncMinute("created_at")),
        default=None,
        output_field=DateTimeField(),
    )
    inner = applications.order_by().annotate(**columns).values(*columns)
    sql, params = inner.query.sql_with_params()
    flags = ", ".join(f"GROUPING(d_{name})" for name in names)
    values = ", ".join(f"d_{name}" for name in names)
    sets = ", ".join(f"(d_{name})" for name in names)
    query = (
        f"SELECT {flags}, {values}, COUNT(*) FROM ({sql}) AS applications "  # noqa: S608
        f"GROUP BY GROUPING SETS ({sets})"
    )
    counts = {name: {} for name in names}
    with transaction.atomic(), connection.cursor() as cursor:
        # Compiling this one-off query costs more than it saves (about 170 ms).
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(query, params)
        for row in cursor.fetchall():
            grouping, value, count = row[: len(names)], row[len(names) : -1], row[-1]
            index = grouping.index(0)
            key = value[index]
            if names[index] == "minute":
                if key is None:
                    continue  # outside the chart's window
                if timezone.is_naive(key):
                    key = timezone.make_aware(key)
            counts[names[index]][key] = count
    return counts


def _top(counts: dict, labels=None, limit=TOP):
    rows = sorted(counts.items(), key=lambda item: (-item[1], str(item[0] or "")))[:limit]
    return [
        {"label": str((labels or {}).get(value, value) or "—"), "count": count}
        for value, count in rows
    ]


def duration_text(value: timedelta | None) -> str:
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
    bars = []
    for minute, n in points:
        offset = int((minute - start).total_seconds() // 60)
        bar_height = max(1, round(n / peak * (height - 20)))
        bars.append(
            {
                "x": round(offset * bar_width, 2),
                "y": height - bar_height,
                "w": round(max(bar_width - 0.5, 0.5), 2),
                "h": bar_height,
                "title": f"{timezone.localtime(minute):%H:%M} — {n}",
            }
        )
    return Chart(
        width=width,
        height=height,
        bars=bars,
        peak=peak,
        first=f"{timezone.localtime(start):%Y-%m-%d %H:%M}",
        last=f"{timezone.localtime(end):%Y-%m-%d %H:%M}",
    )


def campaign_dashboard(campaign: Campaign, user) -> dict:
    scope = staff_scope(user)
    key = f"dashboard:{campaign.pk}:{'all' if scope.everything else scope.organization_id}"
    data = cache.get(key)
    if data is None:
        data = _compute(campaign, user)
        cache.set(key, data, CACHE_SECONDS)
    return data


def _compute(campaign: Campaign, user) -> dict:
    applications = Application.objects.visible_to(user).filter(campaign=campaign)
    bounds = applications.aggregate(first=Min("created_at"), last=Max("created_at"))
    # The chart covers at most a day of minutes from the stream's start.
    start = campaign.stream_starts_at or bounds["first"] or timezone.now()
    if bounds["first"]:
        start = min(start, bounds["first"])
    counts = counts_by_dimension(applications, start + timedelta(minutes=MAX_MINUTES))
    by_stage = counts["stage"]
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
    points = sorted(counts["minute"].items())
    first_reviews = StageChange.objects.filter(
        application__in=applications, from_stage=Application.Stage.RECEIVED
    ).aggregate(
        reviewed=Count("application_id", distinct=True),
        average=Avg(F("changed_at") - F("application__created_at")),
    )
    average = first_reviews["average"]
    if average is not None and not isinstance(average, timedelta):
        average = timedelta(microseconds=average)  # SQLite answers in microseconds
    return {
        "total": total,
        "funnel": funnel,
        "chart": per_minute_chart(points),
        "peak_per_minute": max((n for _m, n in points), default=0),
        "by_job": _top(counts["job"]),
        "by_source": _top(counts["source"]),
        "by_city": _top(counts["city"]),
        "by_education": _top(counts["education"], labels=dict(Application.Education.choices)),
        "reviewed": first_reviews["reviewed"],
        "time_to_first_review": average,
        "time_to_first_review_text": duration_text(average),
        "computed_at": timezone.now(),
    }
