"""The campaign dashboard: a handful of GROUP BY queries over one campaign's applications.

Every figure is an aggregate in the database (values().annotate()), so the
page costs the same number of queries at 100 or 1,000,000 applications. The
result is cached for a minute per campaign and scope: during a livestream
many staff watch the same dashboard.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.db.models import Avg, Count, F, Max, Min
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


def _grouped(queryset, field, labels=None, limit=TOP):
    rows = list(queryset.values(field).annotate(n=Count("pk")).order_by("-n", field)[:limit])
    return [
        {"label": str((labels or {}).get(row[field], row[field]) or "—"), "count": row["n"]}
        for row in rows
    ]


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
    by_stage = dict(applications.values_list("stage").annotate(n=Count("pk")).order_by())
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
    bounds = applications.aggregate(first=Min("created_at"), last=Max("created_at"))
    points = []
    if bounds["first"]:
        # At most a day of minutes from the stream's start (or the first application).
        start = campaign.stream_starts_at or bounds["first"]
        start = min(start, bounds["first"])
        points = list(
            applications.filter(created_at__lt=start + timedelta(minutes=MAX_MINUTES))
            .annotate(minute=TruncMinute("created_at"))
            .values_list("minute")
            .annotate(n=Count("pk"))
            .order_by("minute")
        )
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
        "by_job": _grouped(applications, "job__title"),
        "by_source": _grouped(applications, "source"),
        "by_city": _grouped(applications, "city"),
        "by_education": _grouped(
            applications, "education", labels=dict(Application.Education.choices)
        ),
        "reviewed": first_reviews["reviewed"],
        "time_to_first_review": average,
        "computed_at": timezone.now(),
    }
