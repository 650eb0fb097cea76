"""Querysets whose SQL is compiled once per process and run with each request's values.

On an uncached page, building a small queryset and compiling it to SQL costs
the ORM more time than the database takes to answer it. The most-read pages
(an article, the news list) run the same few queries with different values, so
a `FixedQuery` builds its queryset once with *probe* values, compiles it, finds
where each probe lands in the SQL parameters, and from then on only swaps in
the request's values. Results still come back through the ORM's own iterables:
model instances (with `select_related`), `values()` or `values_list()` rows,
with the database's converters applied, exactly as the queryset would give them.

What changes the SQL itself rather than its parameters (a slice's offset: it
is written into the SQL) is a *shape*: each shape is compiled once, up to
`MAX_SHAPES` of them; past that the queryset is simply built and run.

On PostgreSQL the statements are also *prepared* (when the connection allows
it: `DATABASE_PREPARED_STATEMENTS`, on by default): the server parses and plans
each one once per connection, which saves it more time than it then takes to
run them. Django's own cursors bind values on the client and never prepare, so
only these statements are; see `_PreparingCursor`.

Values are ints, strings and aware datetimes (adapted as the database's
datetime columns are); a type the backend turns into something else before it
reaches the SQL parameters is reported as a probe that does not reach them.
A probe must be a value no request uses (a negative id, an unlikely date) and
differ from every other probe; a probe that never reaches the parameters, or
one given twice, is refused when the query is first compiled. Lists
(`pk__in`) have no fixed length, so callers pad them to one (`pad_ids`).
"""

import re
import threading
from datetime import datetime

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, Error, connections
from django.db.models.sql.constants import MULTI

try:
    import psycopg
except ImportError:  # SQLite only
    psycopg = None

# What `as_sql()` leaves on a compiler that the iterables read afterwards.
_COMPILER_STATE = (
    "select",
    "klass_info",
    "annotation_col_map",
    "col_count",
    "has_extra_select",
    "where",
    "having",
    "qualify",
)


MAX_SHAPES = 32

_PLACEHOLDER = re.compile(r"(%%|%s)")


def pad_ids(ids, length: int) -> list[int]:
    """`ids` (at most `length`) padded with ids no row has, for an `IN` of fixed length."""
    ids = list(ids)[:length]
    return ids + [-(number + 1) for number in range(length - len(ids))]


def probe_ids(length: int, start: int = 1_000_000_000) -> list[int]:
    """`length` distinct negative ids to probe a padded `IN` list with."""
    return [-(start + number) for number in range(length)]


def _shallow_copy(obj):
    clone = object.__new__(type(obj))
    clone.__dict__.update(obj.__dict__)
    return clone


if psycopg is not None:

    class _PreparingCursor(psycopg.Cursor):
        """Binds values on the server and prepares every statement it runs: psycopg
        keeps each connection's prepared statements (and drops them with it)."""

        logged = False

        def execute(self, query, params=None, *, prepare=None, binary=None):
            result = super().execute(query, params, prepare=True, binary=binary)
            if self.logged:
                # Django's query log reads the statement's text from `_query`, which
                # psycopg leaves empty for a prepared statement.
                text = psycopg.ClientCursor(self.connection).mogrify(query, params)
                self._query = _StatementText(text.encode())
            return result

    class _StatementText:
        def __init__(self, query: bytes):
            self.query = query


def _prepares(connection) -> bool:
    return (
        psycopg is not None
        and connection.vendor == "postgresql"
        and connection.settings_dict.get("OPTIONS", {}).get("prepare_threshold") is not None
    )


def _kept_cursors(connection, count: int) -> list:
    """`count` prepared-statement cursors of `connection`, wrapped as Django's cursors
    (so each statement is logged, counted and its errors translated like any other).

    They are kept on the connection: a new cursor would look up the loader of each
    column type (datetimes...) again.
    """
    connection.ensure_connection()
    kept = connection.__dict__.setdefault("_fixed_query_cursors", [])
    if kept and (kept[0].closed or kept[0].connection is not connection.connection):
        kept.clear()
    while len(kept) < count:
        kept.append(_PreparingCursor(connection.connection))
    logged = connection.queries_logged
    wrap = connection.make_debug_cursor if logged else connection.make_cursor
    cursors = []
    for raw in kept[:count]:
        raw.logged = logged
        cursors.append(wrap(raw))
    return cursors


def _checked(connection, run):
    """`run()`, the connection's health check included (`CONN_HEALTH_CHECKS`).

    Django checks a kept connection with a `SELECT 1` before the first query of
    each request. Here the first statements are the check: if they fail and the
    connection turns out to have died since the last request (the server
    restarted), it is reopened and they run once more. Fixed queries only read,
    so running them again is safe; inside a transaction nothing is retried.
    """
    due = (
        connection.connection is not None
        and connection.health_check_enabled
        and not connection.health_check_done
        and not connection.in_atomic_block
    )
    if not due:
        return run()
    try:
        result = run()
    except Error:
        if connection.connection is not None and connection.is_usable():
            raise  # the statement's own error
        connection.close()
        result = run()
    connection.health_check_done = True
    return result


def _prepared_rows(connection, sql, params) -> list:
    """The rows of `sql`, run as a prepared statement."""

    def run():
        (cursor,) = _kept_cursors(connection, 1)
        cursor.execute(sql, params)
        return cursor.fetchall()

    return _checked(connection, run)


def sends_together(using=DEFAULT_DB_ALIAS) -> bool:
    """Whether `fetch_together` sends its statements in one round trip on `using`."""
    return _prepares(connections[using])


def fetch_together(*querysets) -> None:
    """Evaluate `querysets` (from `FixedQuery.queryset()`) with one round trip to the
    database for all of them, where it can: on PostgreSQL, with prepared statements,
    their statements go out in one pipeline and their answers come back together.
    Elsewhere (SQLite, a queryset built past `MAX_SHAPES`) each runs in turn.

    Iterating over a queryset afterwards asks the database nothing: a page that
    needs three independent lists waits for the database once, not three times.
    """
    batches: dict[str, list] = {}
    for queryset in querysets:
        if queryset._result_cache is not None:
            continue
        statement = queryset.query.__dict__.get("_fixed_statement")
        if statement is None or not _prepares(connections[queryset.db]):
            len(queryset)  # evaluates it
        else:
            batches.setdefault(queryset.db, []).append(queryset)
    for using, batch in batches.items():
        if len(batch) == 1:
            len(batch[0])
            continue
        connection = connections[using]

        def run(connection=connection, batch=batch):
            cursors = _kept_cursors(connection, len(batch))
            with connection.wrap_database_errors, connection.connection.pipeline():
                for cursor, queryset in zip(cursors, batch, strict=True):
                    cursor.execute(*queryset.query._fixed_statement)
            return [cursor.fetchall() for cursor in cursors]

        for queryset, rows in zip(batch, _checked(connection, run), strict=True):
            queryset.query._fixed_rows = rows
            len(queryset)


def _inline_constants(connection, sql, params, slots):
    """`sql` with every parameter that is not a request's value written in as a literal.

    A prepared statement runs with a generic plan, which cannot use what it does
    not know: with `week_views > $1` the planner cannot use the partial index on
    `week_views > 0`, and with `status IN ($1, $2)` it guesses. Constants written
    into the SQL leave only the request's values (now, a slug, ids) unknown.
    """
    kept = {position for position, _, _ in slots}
    pieces = _PLACEHOLDER.split(sql)
    out, new_params, moved = [pieces[0]], [], {}
    position = 0
    for placeholder, piece in zip(pieces[1::2], pieces[2::2], strict=True):
        if placeholder == "%%":
            out.append(placeholder)
        elif position in kept:
            moved[position] = len(new_params)
            new_params.append(params[position])
            out.append(placeholder)
            position += 1
        else:
            literal = connection.ops.compose_sql("%s", [params[position]])
            out.append(literal.replace("%", "%%"))
            position += 1
        out.append(piece)
    if position != len(params):
        raise ImproperlyConfigured(
            "FixedQuery: the SQL's placeholders do not match its parameters"
        )
    slots = [(moved[position], name, index) for position, name, index in slots]
    return "".join(out), new_params, slots


class _Compiled:
    def __init__(self, queryset, sql, params, slots, state):
        self.queryset = queryset
        self.sql = sql
        self.params = params
        self.slots = slots  # [(position in params, name, index in a list or None)]
        self.state = state


class FixedQuery:
    """`build(**values)` returns a queryset; `probes` gives a probe for each value.

    `FixedQuery(build, probes).get(**values)` returns what
    `list(build(**values))` would, without building or compiling it again.
    """

    def __init__(self, build, **probes):
        self.build = build
        self.probes = probes
        self._compiled: dict[tuple, _Compiled] = {}
        self._lock = threading.Lock()

    def _prepare(self, value, connection):
        if isinstance(value, datetime):
            return connection.ops.adapt_datetimefield_value(value)
        return value

    def _compile(self, using, shape) -> _Compiled:
        connection = connections[using]
        queryset = self.build(**self.probes, **dict(shape))
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        wanted = {}
        for name, probe in self.probes.items():
            items = enumerate(probe) if isinstance(probe, list | tuple) else [(None, probe)]
            for index, item in items:
                prepared = self._prepare(item, connection)
                if prepared in wanted:
                    raise ImproperlyConfigured(f"FixedQuery: probe {item!r} is used twice")
                wanted[prepared] = (name, index)
        slots = []
        for position, param in enumerate(params):
            try:
                slot = wanted.get(param)
            except TypeError:  # unhashable parameter: never a probe
                slot = None
            if slot is not None:
                slots.append((position, *slot))
        found = {(name, index) for _, name, index in slots}
        missing = set(wanted.values()) - found
        if missing:
            raise ImproperlyConfigured(
                f"FixedQuery: probes {sorted(missing)} do not reach the SQL parameters"
            )
        if _prepares(connection):
            sql, params, slots = _inline_constants(connection, sql, params, slots)
        state = {name: getattr(compiler, name) for name in _COMPILER_STATE}
        # The converters of each column (datetimes, JSON...), worked out once as well.
        converters = compiler.get_converters([s[0] for s in compiler.select[: compiler.col_count]])
        state["get_converters"] = lambda expressions: converters
        return _Compiled(queryset, sql, tuple(params), slots, state)

    def _compiled_for(self, using, shape=()) -> _Compiled | None:
        key = (using, shape)
        compiled = self._compiled.get(key)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(key)
                if compiled is None:
                    if len(self._compiled) >= MAX_SHAPES:
                        return None
                    compiled = self._compiled[key] = self._compile(using, shape)
        return compiled

    def queryset(self, using=DEFAULT_DB_ALIAS, shape=(), **values):
        """An unevaluated queryset that runs the compiled SQL with `values`.

        `shape`: ((name, value), ...) passed to `build` with the values.
        """
        compiled = self._compiled_for(using, shape)
        if compiled is None:
            return self.build(**values, **dict(shape)).using(using)
        connection = connections[using]
        params = list(compiled.params)
        for position, name, index in compiled.slots:
            value = values[name] if index is None else values[name][index]
            params[position] = self._prepare(value, connection)
        sql = compiled.sql

        def get_compiler(using=None, connection=None, elide_empty=True):
            compiler = compiled.queryset.query.get_compiler(using=using, connection=connection)
            compiler.__dict__.update(compiled.state)
            compiler.as_sql = lambda *args, **kwargs: (sql, params)
            if _prepares(compiler.connection):
                execute_sql = compiler.execute_sql

                def prepared_execute_sql(result_type=MULTI, *args, **kwargs):
                    if result_type != MULTI:
                        return execute_sql(result_type, *args, **kwargs)
                    rows = query.__dict__.pop("_fixed_rows", None)  # see fetch_together()
                    if rows is None:
                        rows = _prepared_rows(compiler.connection, sql, params)
                    if compiler.has_extra_select:
                        rows = [row[: compiler.col_count] for row in rows]
                    # What a non-chunked MULTI read returns: a list of lists of rows.
                    return [rows]

                compiler.execute_sql = prepared_execute_sql
            return compiler

        # Shallow copies: the queryset keeps the compiled one's iterable (models,
        # values, values_list). Not `copy.copy`: it pickles a queryset, which
        # evaluates it.
        # `_query`, not the `query` setter, which would turn values_list() into values().
        queryset = _shallow_copy(compiled.queryset)
        query = queryset._query = _shallow_copy(compiled.queryset.query)
        query.get_compiler = get_compiler
        query._fixed_statement = (sql, params)
        return queryset

    def get(self, using=DEFAULT_DB_ALIAS, shape=(), **values) -> list:
        """The rows, as `list(build(**values, **dict(shape)))` gives them."""
        return list(self.queryset(using, shape, **values))
