"""Pagination that stays fast on a table of a million applications.

Counting every row of a big table on every page load is the slowest part of a
stock changelist. On PostgreSQL an unfiltered list takes the table's own
estimate (`pg_class.reltuples`, kept by autovacuum) and a filtered list the
planner's estimate when that is large (a search for a common word can match
half a million résumés: counting them costs seconds, showing the first page a
few milliseconds). Smaller results are counted exactly, up to COUNT_CAP rows.
"""

import json

from django.core.paginator import Paginator
from django.db import connections
from django.db.models.expressions import Col
from django.db.models.lookups import Exact
from django.utils.functional import cached_property

COUNT_CAP = 100_000
ESTIMATE_ABOVE = 50_000
DEFERRED_JOIN_FROM = 1_000  # rows before the page


def estimated_rows(model, using="default") -> int | None:
    connection = connections[using]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
            [model._meta.db_table],
        )
        row = cursor.fetchone()
    return row[0] if row and row[0] and row[0] > 0 else None


def planner_rows(queryset) -> int | None:
    """PostgreSQL's estimate of how many rows `queryset` returns (EXPLAIN, nothing run)."""
    if connections[queryset.db].vendor != "postgresql":
        return None
    try:
        plan = json.loads(queryset.order_by().explain(format="json"))
        return int(plan[0]["Plan"]["Plan Rows"])
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def matches_at_most_one(queryset) -> bool:
    """Whether `queryset` is narrowed to one value of a unique column of its own table
    (a search by reference, say), so it holds at most one row, whatever else it filters on."""
    query = queryset.query
    where = query.where
    if where.connector != "AND" or where.negated or query.distinct or query.combinator:
        return False
    return any(
        isinstance(child, Exact)
        and isinstance(child.lhs, Col)
        and child.lhs.alias == query.base_table
        and child.lhs.target.unique
        and child.lhs.target.model is queryset.model
        for child in where.children
    )


class FastCountPaginator(Paginator):
    fetched = None  # the evaluated queryset, when counting meant fetching its rows

    @cached_property
    def count(self):
        queryset = self.object_list
        if not hasattr(queryset, "query"):
            return super().count
        if matches_at_most_one(queryset):
            # Fetch the row instead of estimating and counting it; the page is then
            # cut from the fetched result (QuerySet slicing reuses its cache), and
            # the changelist shows `fetched` (see ApplicationChangeList).
            self.fetched = queryset
            return len(queryset)
        if not queryset.query.where and not queryset.query.distinct:
            estimate = estimated_rows(queryset.model, queryset.db)
            if estimate is not None and estimate > ESTIMATE_ABOVE:
                return estimate
        elif queryset.query.where:
            estimate = planner_rows(queryset)
            if estimate is not None and estimate > ESTIMATE_ABOVE:
                return estimate
        return queryset.order_by()[:COUNT_CAP].count()

    def page(self, number):
        """Deep pages fetch the page's ids first (an index-only scan), then only those rows.

        OFFSET over full rows reads and throws away every row before the page;
        over the ordering index it skips index entries only.
        """
        queryset = self.object_list
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if bottom < DEFERRED_JOIN_FROM or not hasattr(queryset, "values_list"):
            return super().page(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(queryset.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in queryset.order_by().filter(pk__in=ids)}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)
