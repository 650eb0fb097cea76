"""What staff type in the back office's search box, read as a reference, an address or words."""

import re
import unicodedata
from contextlib import contextmanager

from django.db import connection, models, transaction

TYPED_REFERENCE_PATTERN = re.compile(r"LJ[\s-]*([A-Z0-9]{4})[\s-]*([A-Z0-9]{4})")


def typed_reference(term: str) -> str | None:
    """`lj-ab12-cd34`, `LJAB12CD34`, `LJ AB12 CD34` → "LJ-AB12-CD34"; anything else None."""
    match = TYPED_REFERENCE_PATTERN.fullmatch(term.strip().upper())
    return f"LJ-{match[1]}-{match[2]}" if match else None


PHONE_PATTERN = re.compile(r"\+?[\d\s()-]{5,}")


def normalize_email(value: str) -> str:
    """One spelling per address, so that a duplicate is recognised however it is typed.

    NFKC folds full-width and compatibility characters (`ｌｉ＠ｅｘａｍｐｌｅ．ｃｏｍ`),
    invisible format characters (zero-width spaces and joiners, soft hyphens,
    direction marks) are removed, the whole address is lower-cased and the
    domain is written in its IDNA (punycode) form, so that `例子.中国` and
    `xn--fsqu00a.xn--fiqs8s` are one domain. Raises ValueError for a domain
    that IDNA cannot encode.
    """
    value = unicodedata.normalize("NFKC", value)
    value = "".join(ch for ch in value if unicodedata.category(ch) != "Cf").strip().lower()
    local, at, domain = value.rpartition("@")
    if not at or not domain or domain.startswith("["):
        return value
    try:
        domain = ".".join(
            label.encode("idna").decode("ascii") if label else label for label in domain.split(".")
        )
    except UnicodeError:
        raise ValueError(f"not an IDNA domain: {domain!r}") from None
    return f"{local}@{domain}"


@models.TextField.register_lookup
class FullTextLookup(models.Lookup):
    """`extracted_text__fulltext="welding robot"`: all words, anywhere in the text.

    On PostgreSQL a full-text match served by the GIN index of migration 0005
    (the expression here must stay identical to the index's); elsewhere LIKE.
    """

    lookup_name = "fulltext"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        if connection.vendor == "postgresql":
            sql = (
                f"to_tsvector('simple'::regconfig, {lhs}) "
                f"@@ plainto_tsquery('simple'::regconfig, {rhs})"
            )
            return sql, (*lhs_params, *rhs_params)
        escaped = str(rhs_params[0]).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return f"{lhs} LIKE %s ESCAPE '\\'", (*lhs_params, f"%{escaped}%")


def searches_words(term: str) -> bool:
    """Whether the search box's `term` is looked for in names and résumés: not a
    reference, an address or a phone number (each found exactly, by its own index)."""
    term = " ".join(term.split())
    return bool(term) and not (
        typed_reference(term) or "@" in term or PHONE_PATTERN.fullmatch(term)
    )


@contextmanager
def serial_search_plans():
    """Run a search's queries without parallel workers (PostgreSQL; elsewhere nothing).

    Every statement inside runs in one transaction with `max_parallel_workers_per_gather`
    at 0. For a name or words matching a few thousand of a million applications,
    a parallel walk of the list's ordering index, checking each row's résumé text,
    looks a little cheaper to the planner than the two GIN indexes and a sort, and
    takes fourteen times as long: the planner prices parsing a résumé into words
    (`to_tsvector`, some 200 µs a row) as nearly free, and divides the walk's cost
    among two workers and the leader. Without workers the planner keeps the indexes for such a
    search and still walks the ordering for a common word, where the first page
    is found in a few hundred rows.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        yield
