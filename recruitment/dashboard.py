"""The campaign dashboard: a handful of GROUP BY queries over one campaign's applications.

Every figure is an aggregate in the database, so the page costs the same
number of queries at 100 or 1,000,000 applications. Counting all of a
200,000-application campaign on each view still costs a few hundred
milliseconds, so what never changes once an application is in — its job,
source, city, education and minute — is kept in a rollup (DashboardRollup) of
the applications received before a point in time, rebuilt by a task at most
every ROLLUP_EVERY. A dashboard sums the rollup's few thousand rows, adds the
applications received since, counted live, and counts stages live (they
move). The rollup keeps its counts per employer and per sharing consent, so an
employer's HR sums only its own, shared applications: who sees what holds in
every figure. The result is also cached for a minute per campaign and scope:
during a livestream many staff watch the same dashboard.

On PostgreSQL each pass is one scan (GROUPING SETS); elsewhere one GROUP BY per
dimension.
"""

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    DateTimeField,
    ExpressionWrapper,
    F,
    OuterRef,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import TruncMinute
from django.utils import timezone
from django.utils.safestring import mark_safe
from django_tasks import task

from .models import (
    APPLICATION_EDUCATION,
    SHARED_WITH_EMPLOYER,
    Application,
    Campaign,
    DashboardCount,
    DashboardRollup,
    Job,
    StageChange,
    staff_scope,
)

CACHE_SECONDS = 60
TOP = 12
MAX_MINUTES = 24 * 60  # a day of per-minute points at most; longer spans are grouped
# An application is committed well within this of its `created_at`: the rollup
# counts only those older, so none can still arrive behind it.
ROLLUP_LAG = timedelta(minutes=5)
ROLLUP_EVERY = timedelta(minutes=10)


@dataclass
class Chart:
    """A server-side SVG bar chart of applications per minute."""

    width: int
    height: int
    bars: str  # the <rect> elements, drawn once here rather than by a template loop
    peak: int
    first: str
    last: str


# Jobs are grouped by id (no join) and named afterwards from the few ids found.
DIMENSIONS = {
    "stage": F("stage"),
    "job": F("job_id"),
    "source": F("source"),
    "city": F("city"),
    "education": F("education"),
}
ROLLED_UP = ["job", "source", "city", "education", "minute"]  # not "stage": stages move
# The rollup's counts are kept per employer and per sharing consent.
ROLLUP_KEYS = {
    "k_organization": F("job__organization_id"),
    "k_shared": ExpressionWrapper(SHARED_WITH_EMPLOYER, output_field=BooleanField()),
}


@contextmanager
def big_aggregates():
    """A transaction tuned for one-off aggregates over a whole campaign (PostgreSQL).

    Compiling such a query costs more than it saves (about 170 ms), and one hash
    table per grouping set needs a few MB at 200,000 applications: with less,
    PostgreSQL sorts the rows on disk for some sets. Nested, it adds nothing.
    """
    if connection.vendor != "postgresql" or getattr(connection, "_big_aggregates", False):
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off; SET LOCAL work_mem = '32MB'")
        connection._big_aggregates = True
        try:
            yield
        finally:
            connection._big_aggregates = False


def count_groups(applications, dimensions, minute_until, keys=None) -> dict[str, dict]:
    """{dimension: {(*keys, value): count}} over `applications`.

    `dimensions` are names of DIMENSIONS, or "minute" for the applications per
    minute before `minute_until` (the chart's window); `keys` are expressions
    every count is also grouped by.
    """
    keys = keys or {}
    if connection.vendor == "postgresql":
        return _count_grouping_sets(applications, dimensions, minute_until, keys)
    counts = {}
    for name in dimensions:
        rows = applications
        if name == "minute":
            rows = rows.filter(created_at__lt=minute_until)
        expression = TruncMinute("created_at") if name == "minute" else DIMENSIONS[name]
        rows = rows.annotate(**keys, d=expression).values_list(*keys, "d")
        counts[name] = {
            tuple(row[:-1]): row[-1] for row in rows.annotate(n=Count("pk")).order_by()
        }
    return counts


def _count_grouping_sets(applications, dimensions, minute_until, keys):
    columns = dict(keys)
    for name in dimensions:
        columns[f"d_{name}"] = (
            Case(
                When(created_at__lt=minute_until, then=TruncMinute("created_at")),
                default=None,
                output_field=DateTimeField(),
            )
            if name == "minute"
            else DIMENSIONS[name]
        )
    inner = applications.order_by().annotate(**columns).values(*columns)
    sql, params = inner.query.sql_with_params()
    flags = ", ".join(f"GROUPING(d_{name})" for name in dimensions)
    selected = ", ".join([*keys, *(f"d_{name}" for name in dimensions)])
    sets = ", ".join("(" + ", ".join([*keys, f"d_{name}"]) + ")" for name in dimensions)
    query = (
        f"SELECT {flags}, {selected}, COUNT(*) FROM ({sql}) AS applications "  # noqa: S608
        f"GROUP BY GROUPING SETS ({sets})"
    )
    counts = {name: {} for name in dimensions}
    d, k = len(dimensions), len(keys)
    with big_aggregates(), connection.cursor() as cursor:
        cursor.execute(query, params)
        for row in cursor.fetchall():
            index = row[:d].index(0)
            name, value = dimensions[index], row[d + k + index]
            if name == "minute":
                if value is None:
                    continue  # outside the chart's window
                if timezone.is_naive(value):
                    value = timezone.make_aware(value)
            counts[name][(*row[d : d + k], value)] = row[-1]
    return counts


# --- The rollup -----------------------------------------------------------------


def _campaign_state(campaign: Campaign) -> Campaign:
    """The campaign with its first application's time, its last erasure's and its
    newest rollup (`rollup`, or None), in one query."""
    applications = Application.objects.filter(campaign=OuterRef("pk")).order_by()
    newest = DashboardRollup.objects.filter(campaign=OuterRef("pk")).order_by("-pk")
    fields = ["pk", "until", "chart_from", "erased_until", "employers"]
    state = (
        Campaign.objects.filter(pk=campaign.pk)
        .annotate(
            first_application=Subquery(
                applications.order_by("created_at").values("created_at")[:1]
            ),
            last_erasure=Subquery(
                applications.filter(erased_at__isnull=False)
                .order_by("-erased_at")
                .values("erased_at")[:1]
            ),
            **{f"rollup_{name}": Subquery(newest.values(name)[:1]) for name in fields},
        )
        .get()
    )
    state.rollup = (
        DashboardRollup(
            campaign=state, **{name: getattr(state, f"rollup_{name}") for name in fields}
        )
        if state.rollup_pk is not None
        else None
    )
    return state


def _chart_start(state: Campaign):
    """The chart's first minute: the stream's start, or the campaign's first application
    if earlier. The same for every viewer, so one rollup serves them all."""
    first = state.first_application
    start = state.stream_starts_at or first or state.opens_at
    return min(start, first) if first else start


@task()
def rebuild_rollup(campaign_id: int) -> str:
    """Count the campaign's applications received until ROLLUP_LAG ago into its rollup."""
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        return "skipped"
    until = (timezone.now() - ROLLUP_LAG).replace(second=0, microsecond=0)
    applications = Application.objects.filter(campaign=campaign)
    # What would make the counts wrong is read before counting: a change landing
    # in between then looks newer than the rollup, which is then not used.
    state = _campaign_state(campaign)
    employers = dict(Job.objects.values_list("pk", "organization_id"))
    start = _chart_start(state)
    counts = count_groups(
        applications.filter(created_at__lt=until),
        ROLLED_UP,
        start + timedelta(minutes=MAX_MINUTES),
        keys=ROLLUP_KEYS,
    )
    rows = [
        DashboardCount(
            organization_id=organization,
            shared=bool(shared),
            dimension=name,
            value="" if name == "minute" or value is None else str(value),
            minute=value if name == "minute" else None,
            count=count,
        )
        for name, groups in counts.items()
        for (organization, shared, value), count in groups.items()
    ]
    jobs = {value for (_o, _s, value) in counts["job"] if value is not None}
    with transaction.atomic():
        rollup = DashboardRollup.objects.create(
            campaign=campaign,
            until=until,
            chart_from=start,
            erased_until=state.last_erasure,
            employers={str(pk): employers.get(pk) for pk in sorted(jobs)},
        )
        for row in rows:
            row.rollup = rollup
        DashboardCount.objects.bulk_create(rows, batch_size=5000)
        # Keep the previous rollup: a dashboard may be reading it right now.
        keep = campaign.dashboard_rollups.order_by("-pk").values_list("pk", flat=True)[:2]
        campaign.dashboard_rollups.exclude(pk__in=list(keep)).delete()
    return f"{len(rows)} counts"


def _schedule_rebuild(campaign: Campaign) -> None:
    # At most one rebuild per campaign every ROLLUP_EVERY, whoever asks.
    if cache.add(f"dashboard-rollup:{campaign.pk}", True, ROLLUP_EVERY.total_seconds()):
        rebuild_rollup.enqueue(campaign_id=campaign.pk)


def _rolled_up(state: Campaign, scope, start, jobs: dict):
    """The campaign's newest rollup and its {dimension: {value: count}} for what `scope`
    sees, or (None, None) when there is none or it no longer counts right. Fills
    `jobs` with the rolled-up jobs' (organisation id, label)."""
    rollup = state.rollup
    if rollup is None or rollup.chart_from != start:
        return None, None
    erased = state.last_erasure
    if erased is not None and (rollup.erased_until is None or erased > rollup.erased_until):
        return None, None
    jobs.update(_jobs([int(pk) for pk in rollup.employers]))
    if {str(pk): organization for pk, (organization, _label) in jobs.items()} != (
        rollup.employers
    ):
        return None, None  # a job was deleted or moved to another employer
    rows = rollup.counts.all()
    if not scope.everything:
        rows = rows.filter(organization_id=scope.organization_id, shared=True)
    counts = {name: {} for name in ROLLED_UP}
    for name, value, minute, count in (
        rows.values_list("dimension", "value", "minute").annotate(n=Sum("count")).order_by()
    ):
        if name == "minute":
            counts[name][minute] = count
        elif name == "job":
            counts[name][int(value) if value else None] = count
        else:
            counts[name][value] = count
    return rollup, counts


def _stages(campaign: Campaign, scope) -> dict:
    """{stage: count} of what `scope` sees, counted live. For an employer's HR, like the
    rollup: per employer and sharing consent over the whole campaign, then summed.

    Filtering an employer's applications in the query (a join on its jobs) makes
    PostgreSQL fetch them row by row from the table (over a second for 24,000 of
    a 200,000-application campaign on a busy machine); grouped this way it reads
    the dashboard's covering index once, for every viewer alike.
    """
    applications = Application.objects.filter(campaign=campaign)
    if scope.everything:
        return dict(applications.values_list("stage").annotate(n=Count("pk")).order_by())
    groups = count_groups(applications, ["stage"], None, keys=ROLLUP_KEYS)["stage"]
    counts = {}
    for (organization, shared, stage), count in groups.items():
        if scope.everything or (organization == scope.organization_id and shared):
            counts[stage] = counts.get(stage, 0) + count
    return counts


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
    data = cache.get(key)
    if data is None:
        data = _compute(campaign, user)
        cache.set(key, data, CACHE_SECONDS)
    return data


def _compute(campaign: Campaign, user) -> dict:
    scope = staff_scope(user)
    applications = Application.objects.visible_to(user).filter(campaign=campaign)
    state = _campaign_state(campaign)
    # The chart covers at most a day of minutes from the stream's start.
    start = _chart_start(state)
    minute_until = start + timedelta(minutes=MAX_MINUTES)
    jobs = {}
    rollup, counts = _rolled_up(state, scope, start, jobs)
    if rollup is None:
        counts = _unkeyed(count_groups(applications, [*DIMENSIONS, "minute"], minute_until))
        by_stage = counts["stage"]
    else:
        recent = applications.filter(created_at__gte=rollup.until)
        with big_aggregates():
            since = _unkeyed(count_groups(recent, ROLLED_UP, minute_until))
            by_stage = _stages(campaign, scope)
        for name, groups in since.items():
            for value, count in groups.items():
                counts[name][value] = counts[name].get(value, 0) + count
    if rollup is None or rollup.until < timezone.now() - ROLLUP_LAG - ROLLUP_EVERY:
        _schedule_rebuild(campaign)
    if missing := set(counts["job"]) - set(jobs) - {None}:
        jobs.update(_jobs(missing))
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
        "by_job": _top(counts["job"], labels={pk: label for pk, (_o, label) in jobs.items()}),
        "by_source": _top(counts["source"]),
        "by_city": _top(counts["city"]),
        "by_education": _top(counts["education"], labels=dict(APPLICATION_EDUCATION)),
        "reviewed": first_reviews["reviewed"],
        "time_to_first_review": average,
        "time_to_first_review_text": duration_text(average),
        "computed_at": timezone.now(),
    }


def _unkeyed(counts: dict) -> dict:
    """count_groups without keys: {dimension: {value: count}}."""
    return {name: {key[0]: n for key, n in groups.items()} for name, groups in counts.items()}
