"""The queries of the most-read news pages, compiled to SQL once per process.

An uncached article or news-list page runs a few small queries; building and
compiling them cost the ORM more than the database takes to answer, so they
are `portal.fixedsql.FixedQuery` objects: the same querysets, compiled once,
run with each request's values. What a reader may see is still decided by
`Article.objects.published(now)` inside each of them.
"""

from datetime import UTC, datetime

from django.db.models import Count, Func, IntegerField, Q, Subquery, TextField, Value
from django.db.models.functions import Cast

from portal.fixedsql import FixedQuery, probe_ids

from .cards import card_columns, cards_from_rows
from .counters import MOST_READ_LIMIT, most_read_queryset
from .derived import RELATED_CANDIDATES
from .models import Article, Section

# A time and ids no request uses: they mark where each request's values go.
PROBE_TIME = datetime(1901, 2, 3, 4, 5, 6, tzinfo=UTC)
PROBE_ID = -2_000_000_001
PROBE_LANGUAGE = "fixed-query-probe-language"


def detail_queryset():
    return Article.objects.select_related("section").defer(
        "body_markdown", "search_vector", "views_count", "week_views"
    )


published_article = FixedQuery(
    # The slug is unique: no ordering to work out.
    lambda slug, now: detail_queryset().published(now=now).filter(slug=slug).order_by()[:1],
    slug="fixed-query-probe-slug",
    now=PROBE_TIME,
)


def _article_cards(now, candidates, article_id, original_id, language):
    """Two indexed lookups in one statement: an `OR` of the two would scan the table."""
    published = Article.objects.published(now=now)
    columns = card_columns()
    week_top = most_read_queryset(published, language)[:MOST_READ_LIMIT].values("pk")
    return (
        published.filter(Q(pk__in=candidates) | Q(pk=original_id) | Q(translation_of=article_id))
        .order_by()
        .values_list(*columns)
        .union(
            # The week's most read: an indexed top-N.
            published.filter(pk__in=week_top).order_by().values_list(*columns),
            all=True,
        )
    )


# An article page's related articles, translations and the week's most read.
article_cards = FixedQuery(
    _article_cards,
    now=PROBE_TIME,
    candidates=probe_ids(RELATED_CANDIDATES),
    article_id=PROBE_ID,
    original_id=PROBE_ID - 1,
    language=PROBE_LANGUAGE,
)


def _article_cards_by_slug(now, slug):
    """`_article_cards` of the article with `slug`, from the slug alone: its related
    ids, translation and language are read by subqueries on the unique slug, so the
    page sends this query together with the article's own and waits once.

    One indexed branch per kind of card: an `OR` of subqueries would scan every
    published article. PostgreSQL only (its `jsonb_array_elements_text`).
    """
    article = Article.objects.filter(slug=slug).order_by()
    published = Article.objects.published(now=now)
    # Sliced to what it holds at most: the planner then looks each one up by id.
    related_ids = article.annotate(
        candidate=Cast(
            Func("related_ids", function="jsonb_array_elements_text", output_field=TextField()),
            IntegerField(),
        )
    ).values("candidate")[:RELATED_CANDIDATES]
    language = Subquery(article.values("language"))
    week_top = most_read_queryset(published, language)[:MOST_READ_LIMIT].values("pk")
    first, *others = (
        branch.order_by().values_list(*card_columns())
        for branch in (
            published.filter(pk__in=related_ids),
            published.filter(pk=Subquery(article.values("translation_of_id"))),
            published.filter(translation_of=Subquery(article.values("pk"))),
            published.filter(pk__in=week_top),
        )
    )
    return first.union(*others, all=True)


article_cards_by_slug = FixedQuery(
    _article_cards_by_slug, now=PROBE_TIME, slug="fixed-query-probe-slug"
)

# The week's most read in one language; `limit` is a shape (written into the SQL).
most_read = FixedQuery(
    lambda now, language, limit: most_read_queryset(Article.objects.published(now=now), language)[
        :limit
    ].values_list(*card_columns()),
    now=PROBE_TIME,
    language=PROBE_LANGUAGE,
)

sections = FixedQuery(lambda: Section.objects.all())


def _published_count(now, section_id=None):
    # count() runs at once; this is the same COUNT as a queryset that can be compiled
    # ahead (grouped by a constant, which leaves no GROUP BY).
    articles = Article.objects.published(now=now)
    if section_id is not None:
        articles = articles.filter(section_id=section_id)
    return (
        articles.order_by()
        .values(whole=Value(1, output_field=IntegerField()))
        # COUNT(*), not COUNT(id): PostgreSQL can answer it from the index alone.
        .annotate(count=Count("*"))
        .values_list("count")
    )


def _published_page(now, start, stop, section_id=None):
    articles = Article.objects.published(now=now)
    if section_id is not None:
        articles = articles.filter(section_id=section_id)
    # The count of the whole list rides along on each row: one statement, not two,
    # and the page and the count see the same articles.
    return articles.values_list(*card_columns(images=True)).annotate(
        total=Subquery(_published_count(now, section_id))
    )[start:stop]


published_count = FixedQuery(_published_count, now=PROBE_TIME)
section_count = FixedQuery(_published_count, now=PROBE_TIME, section_id=PROBE_ID)
published_page = FixedQuery(_published_page, now=PROBE_TIME)
section_page = FixedQuery(_published_page, now=PROBE_TIME, section_id=PROBE_ID)


class PublishedCards:
    """Published articles, newest first, as cards, for a `Paginator`: its count and
    each page come from the fixed queries above. `section_id` keeps one section's.

    `first`: the slice the reader asked for (start, stop), when known. The
    paginator asks for the count first and the page after; that page's query
    brings the count with it, so the count alone is asked for only past the end.
    """

    ordered = True

    def __init__(self, now, section_id=None, first=None):
        self.now = now
        self.section_id = section_id
        self._count = None
        self._first = first
        self._first_page = None
        self._rows = None

    def _values(self):
        if self.section_id is None:
            return {"now": self.now}
        return {"now": self.now, "section_id": self.section_id}

    def _page(self, start, stop):
        shape = (("start", start), ("stop", stop))
        query = published_page if self.section_id is None else section_page
        return query.queryset(shape=shape, **self._values())

    def first_page(self):
        """The unevaluated query of the page asked for (with the count), for
        `portal.fixedsql.fetch_together`; None when the page is not known ahead."""
        if self._first is not None and self._first_page is None:
            self._first_page = self._page(*self._first)
        return self._first_page

    def count(self) -> int:
        if self._count is None and self._first is not None:
            self._rows = list(self.first_page())
            if self._rows:
                self._count = self._rows[0][-1]
        if self._count is None:
            query = published_count if self.section_id is None else section_count
            self._count = sum(count for (count,) in query.get(**self._values()))
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.step is not None:
            raise TypeError("PublishedCards only gives pages (slices)")
        start = key.start or 0
        if key.stop is not None and key.stop <= start:
            return []  # the first page of an empty list
        if self._rows and self._first[0] == start and (key.stop or 0) <= self._first[1]:
            rows = self._rows[: key.stop - start]  # the last page may be cut short
        else:
            rows = list(self._page(start, key.stop))
        return cards_from_rows([row[:-1] for row in rows], images=True)
