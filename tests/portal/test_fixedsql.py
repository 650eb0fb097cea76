"""`portal.fixedsql.FixedQuery`: compiled once, the same rows as the queryset it stands for."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import DataError, connection, transaction
from django.db.models import IntegerField, Value
from django.test.utils import CaptureQueriesContext

from portal import fixedsql
from portal.fixedsql import FixedQuery, pad_ids, probe_ids
from portal.models import Organization, Park


@pytest.fixture
def organizations(park, db):
    return [
        Organization.objects.create(
            name=f"Org {n}", slug=f"org-{n}", kind="enterprise", park=park if n % 2 else None
        )
        for n in range(1, 8)
    ]


def by_slug(slug):
    return Organization.objects.select_related("park").filter(slug=slug)


def slugs_of_kind():
    """A page (a shape: start, stop) of the slugs of one kind of organisation."""
    return FixedQuery(
        lambda kind, start, stop: (
            Organization.objects.filter(kind=kind)
            .order_by("slug")
            .values_list("slug", flat=True)[start:stop]
        ),
        kind="probe-kind",
    )


def hundred_divided_by():
    """Fails with a division by zero for divisor=0: a statement's own error."""
    return FixedQuery(
        lambda divisor: Organization.objects.annotate(
            ratio=Value(100) / Value(divisor, output_field=IntegerField())
        ).values_list("ratio", flat=True)[:1],
        divisor=-987_654,
    )


def test_each_call_runs_with_its_own_values(organizations, django_assert_num_queries):
    query = FixedQuery(by_slug, slug="probe-slug")
    for organization in organizations:
        with django_assert_num_queries(1):
            (found,) = query.get(slug=organization.slug)
        assert found == organization
        assert found.park == organization.park  # select_related kept: no second query
    assert query.get(slug="nobody") == []


def test_values_list_rows_come_back_as_tuples(organizations):
    query = FixedQuery(
        lambda ids: Organization.objects.filter(pk__in=ids).values_list("slug", "name"),
        ids=probe_ids(3),
    )
    wanted = [organizations[0].pk, organizations[3].pk]
    rows = query.get(ids=pad_ids(wanted, 3))
    assert sorted(rows) == [("org-1", "Org 1"), ("org-4", "Org 4")]


def test_shapes_are_compiled_once_each_and_past_the_limit_still_answer(organizations, monkeypatch):
    query = slugs_of_kind()
    monkeypatch.setattr(fixedsql, "MAX_SHAPES", 2)
    pages = [
        query.get(shape=(("start", start), ("stop", start + 3)), kind="enterprise")
        for start in (0, 3, 6)
    ]
    assert pages == [["org-1", "org-2", "org-3"], ["org-4", "org-5", "org-6"], ["org-7"]]
    assert len(query._compiled) == 2


def test_a_probe_that_never_reaches_the_sql_is_refused(db):
    query = FixedQuery(lambda slug: Park.objects.all(), slug="probe-slug")
    with pytest.raises(ImproperlyConfigured, match="do not reach"):
        query.get(slug="anything")


def test_a_probe_used_twice_is_refused(db):
    query = FixedQuery(
        lambda a, b: Park.objects.filter(pk__in=[a, b]), a=probe_ids(1)[0], b=probe_ids(1)[0]
    )
    with pytest.raises(ImproperlyConfigured, match="used twice"):
        query.get(a=1, b=2)


def test_padding_never_matches_a_row():
    assert pad_ids([5, 7], 4) == [5, 7, -1, -2]
    assert pad_ids(range(10), 3) == [0, 1, 2]


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="prepared statements are PostgreSQL's (DATABASE_URL=postgres://...)",
)


def prepared_statements():
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements")
        return cursor.fetchall()


@postgres_only
def test_on_postgresql_the_statement_is_prepared_once_and_planned_once(organizations):
    query = FixedQuery(
        # A constant with a percent sign, and a value with one: both must survive.
        lambda name: (
            Organization.objects.filter(name=name)
            .exclude(name__contains="100% made up")
            .values_list("slug", flat=True)
        ),
        name="probe-name",
    )
    Organization.objects.filter(pk=organizations[2].pk).update(name="Org 100%")
    for _ in range(3):
        assert query.get(name="Org 1") == ["org-1"]
        assert query.get(name="Org 100%") == ["org-3"]
        assert query.get(name="nobody") == []

    (statement,) = [row for row in prepared_statements() if "portal_organization" in row[0]]
    text, generic_plans, custom_plans = statement
    # The constant is written into the statement, so the generic plan can use it; only
    # the request's value stays a parameter.
    assert "made up" in text
    assert text.count("$") == 1
    assert (generic_plans, custom_plans) == (9, 0)


@postgres_only
def test_a_prepared_statement_is_logged_with_its_values(organizations):
    query = FixedQuery(by_slug, slug="probe-slug")
    with CaptureQueriesContext(connection) as captured:
        query.get(slug="org-4")
    (logged,) = captured.captured_queries
    assert "'org-4'" in logged["sql"]


@postgres_only
def test_without_prepared_statements_nothing_is_prepared(organizations, monkeypatch):
    monkeypatch.delitem(connection.settings_dict["OPTIONS"], "prepare_threshold", raising=False)
    query = FixedQuery(by_slug, slug="probe-slug")
    assert [found.slug for found in query.get(slug="org-5")] == ["org-5"]
    assert not [row for row in prepared_statements() if "portal_organization" in row[0]]


def fetched_together_queries():
    by_slug_query = FixedQuery(by_slug, slug="probe-slug")
    slugs = slugs_of_kind()
    names = FixedQuery(
        lambda ids: Organization.objects.filter(pk__in=ids).order_by("pk").values("name"),
        ids=probe_ids(2),
    )
    return by_slug_query, slugs, names


def test_querysets_fetched_together_each_give_their_own_rows(
    organizations, django_assert_num_queries
):
    by_slug_query, slugs, names = fetched_together_queries()
    wanted = pad_ids([organizations[1].pk], 2)
    querysets = [
        by_slug_query.queryset(slug="org-3"),
        slugs.queryset(shape=(("start", 2), ("stop", 4)), kind="enterprise"),
        names.queryset(ids=wanted),
    ]
    with django_assert_num_queries(3):
        fixedsql.fetch_together(*querysets)
    with django_assert_num_queries(0):
        (found,), page, rows = (list(queryset) for queryset in querysets)
        assert found.park.name == organizations[2].park.name
    assert found == organizations[2]
    assert page == ["org-3", "org-4"]
    assert rows == [{"name": "Org 2"}]
    # The same values again: new querysets, new rows.
    again = slugs.queryset(shape=(("start", 0), ("stop", 1)), kind="enterprise")
    fixedsql.fetch_together(again, names.queryset(ids=pad_ids([], 2)))
    assert list(again) == ["org-1"]


@postgres_only
def test_on_postgresql_querysets_fetched_together_wait_for_one_answer(organizations, monkeypatch):
    """Their statements go out in one pipeline: the page waits for the database once."""
    pipelines = []
    raw_connection_type = type(connection.connection)
    pipeline = raw_connection_type.pipeline

    def counted_pipeline(self):
        pipelines.append(self)
        return pipeline(self)

    monkeypatch.setattr(raw_connection_type, "pipeline", counted_pipeline)
    by_slug_query, slugs, names = fetched_together_queries()
    querysets = [
        by_slug_query.queryset(slug="org-5"),
        slugs.queryset(shape=(("start", 0), ("stop", 2)), kind="enterprise"),
        names.queryset(ids=pad_ids([organizations[0].pk], 2)),
    ]
    with CaptureQueriesContext(connection) as captured:
        fixedsql.fetch_together(*querysets)
    assert len(pipelines) == 1
    # Each statement still logged with its values, and prepared.
    assert "'org-5'" in captured.captured_queries[0]["sql"]
    assert [[o.slug for o in querysets[0]], list(querysets[1]), list(querysets[2])] == [
        ["org-5"],
        ["org-1", "org-2"],
        [{"name": "Org 1"}],
    ]
    prepared = [row for row in prepared_statements() if "portal_organization" in row[0]]
    assert len(prepared) == 3


@postgres_only
def test_an_error_in_a_pipeline_is_djangos_and_leaves_the_connection_usable(organizations):
    ratio = hundred_divided_by()
    by_slug_query = FixedQuery(by_slug, slug="probe-slug")
    with pytest.raises(DataError), transaction.atomic():
        fixedsql.fetch_together(by_slug_query.queryset(slug="org-1"), ratio.queryset(divisor=0))
    fixedsql.fetch_together(
        found := by_slug_query.queryset(slug="org-2"), halved := ratio.queryset(divisor=2)
    )
    assert [o.slug for o in found] == ["org-2"]
    assert list(halved) == [50]


def _kill(backend_pid):
    import psycopg

    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as killer:
        killer.execute("SELECT pg_terminate_backend(%s)", [backend_pid])


def _next_request():
    """What Django does to the connection between two requests."""
    connection.close_if_unusable_or_obsolete()


@pytest.fixture
def survivors(transactional_db):
    # A new connection: one kept past CONN_MAX_AGE would be closed between "requests".
    connection.close()
    for name in ("Survivor", "Other"):
        Organization.objects.create(name=name, slug=name.lower(), kind="enterprise")
    assert connection.settings_dict["CONN_HEALTH_CHECKS"]


@postgres_only
@pytest.mark.parametrize("together", [False, True])
def test_a_connection_that_died_since_the_last_request_is_reopened(survivors, together):
    """As Django's own cursors do with CONN_HEALTH_CHECKS: a restarted database
    server costs no reader an error page."""
    query = FixedQuery(by_slug, slug="probe-slug")
    assert [o.slug for o in query.get(slug="survivor")] == ["survivor"]
    _next_request()
    backend = connection.connection.info.backend_pid
    _kill(backend)

    if together:
        first, second = query.queryset(slug="survivor"), query.queryset(slug="other")
        fixedsql.fetch_together(first, second)
        assert [o.slug for o in (*first, *second)] == ["survivor", "other"]
    else:
        assert [o.slug for o in query.get(slug="survivor")] == ["survivor"]
    assert connection.connection.info.backend_pid != backend


@postgres_only
def test_a_live_connection_is_checked_by_the_first_query_itself(survivors, monkeypatch):
    """No `SELECT 1` of its own: the request's first statements are the check."""
    query = FixedQuery(by_slug, slug="probe-slug")
    query.get(slug="survivor")
    _next_request()
    checks = []
    monkeypatch.setattr(connection, "is_usable", lambda: checks.append(1) or True)
    assert [o.slug for o in query.get(slug="other")] == ["other"]
    assert Organization.objects.filter(slug="other").exists()  # a Django query after it
    assert checks == []


@postgres_only
def test_a_failing_first_query_of_a_request_is_not_run_again(survivors):
    ratio = hundred_divided_by()
    ratio.get(divisor=4)
    _next_request()
    backend = connection.connection.info.backend_pid
    with CaptureQueriesContext(connection) as captured, pytest.raises(DataError):
        ratio.get(divisor=0)
    assert len(captured.captured_queries) == 1
    assert connection.connection.info.backend_pid == backend  # kept: it was not at fault
    assert ratio.get(divisor=5) == [20]
