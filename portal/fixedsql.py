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

Values are ints, strings and aware datetimes (adapted as the database's
datetime columns are); a type the backend turns into something else before it
reaches the SQL parameters is reported as a probe that does not reach them.
A probe must be a value no request uses (a negative id, an unlikely date) and
differ from every other probe; a probe that never reaches the parameters, or
one given twice, is refused when the query is first compiled. Lists
(`pk__in`) have no fixed length, so callers pad them to one (`pad_ids`).
"""

import threading
from datetime import datetime

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections

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
        state = {name: getattr(compiler, name) for name in _COMPILER_STATE}
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
            return compiler

        # Shallow copies: the queryset keeps the compiled one's iterable (models,
        # values, values_list). Not `copy.copy`: it pickles a queryset, which
        # evaluates it.
        # `_query`, not the `query` setter, which would turn values_list() into values().
        queryset = _shallow_copy(compiled.queryset)
        queryset._query = _shallow_copy(compiled.queryset.query)
        queryset._query.get_compiler = get_compiler
        return queryset

    def get(self, using=DEFAULT_DB_ALIAS, shape=(), **values) -> list:
        """The rows, as `list(build(**values, **dict(shape)))` gives them."""
        return list(self.queryset(using, shape, **values))
