"""`portal.fixedsql.FixedQuery`: compiled once, the same rows as the queryset it stands for."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
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
    query = FixedQuery(
        lambda kind, start, stop: (
            Organization.objects.filter(kind=kind)
            .order_by("slug")
            .values_list("slug", flat=True)[start:stop]
        ),
        kind="probe-kind",
    )
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
