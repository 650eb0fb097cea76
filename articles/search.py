"""Full-text search over articles, in English and Chinese.

On PostgreSQL each article keeps a stored, GIN-indexed `search_vector`, written
when the article is saved. PostgreSQL's parser does not split Chinese words,
so Chinese text is segmented with jieba first (at index time and at query
time) and stored with the `simple` configuration; English uses the `english`
configuration so that "innovations" finds "innovation". On other databases
(SQLite in development) search falls back to a case-insensitive match.
Snippets are highlighted here, in Python, on escaped text: no markup from an
article or a query reaches the page unescaped.
"""

import logging
import re

import jieba
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, Value
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .rendering import CJK, plain_text

jieba.setLogLevel(logging.WARNING)

MAX_QUERY_LENGTH = 200
# websearch_to_tsquery nests one NOT in the next for each "-" in a row, and PostgreSQL
# fails (an error, not an empty result) past about thirty: a reader needs a few.
MAX_NEGATIONS = 8


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def segment(text: str, *, for_index: bool = False) -> str:
    """Chinese text split into space-separated words; other text passes through.

    At index time the search-engine mode also emits the shorter words inside a
    long one (中华人民共和国 → 中华, 人民, 共和国...), so a query for a part matches.
    """
    if not text or not CJK.search(text):
        return text or ""
    words = jieba.cut_for_search(text) if for_index else jieba.cut(text)
    return " ".join(word for word in (w.strip() for w in words) if word)


def search_config(language: str) -> str:
    return "simple" if language.startswith("zh") else "english"


def update_search_vector(article) -> None:
    """Rewrite one article's stored vector (PostgreSQL only)."""
    if not uses_postgres():
        return
    config = search_config(article.language)
    body = plain_text(article.body_html)
    tags = " ".join(article.tags.values_list("name", flat=True)) if article.pk else ""
    vector = (
        SearchVector(Value(segment(article.title, for_index=True)), config=config, weight="A")
        + SearchVector(
            Value(segment(article.standfirst + " " + tags, for_index=True)),
            config=config,
            weight="B",
        )
        + SearchVector(Value(segment(body, for_index=True)), config=config, weight="C")
    )
    type(article).objects.filter(pk=article.pk).update(search_vector=vector)


def clean_query(q: str) -> str:
    """At most 200 characters, single spaces, no control characters (PostgreSQL rejects NUL)."""
    q = re.sub(r"[\x00-\x1f\x7f]", " ", q or "")
    return re.sub(r"\s+", " ", q).strip()[:MAX_QUERY_LENGTH]


def limit_negations(q: str) -> str:
    """`q` with its "-" signs past the first MAX_NEGATIONS turned into spaces."""
    signs = [match.start() for match in re.finditer("-", q)]
    if len(signs) <= MAX_NEGATIONS:
        return q
    cut = signs[MAX_NEGATIONS]
    return q[:cut] + q[cut:].replace("-", " ")


def build_query(q: str):
    """English words stem; Chinese words are segmented like the index."""
    english = SearchQuery(limit_negations(q), config="english", search_type="websearch")
    simple = SearchQuery(segment(q), config="simple", search_type="plain")
    return english | simple


def search_articles(queryset, q: str):
    """Matching articles, best first (rank on PostgreSQL, recency elsewhere)."""
    q = clean_query(q)
    if not q:
        return queryset.none()
    if uses_postgres():
        query = build_query(q)
        return (
            queryset.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "-publish_at")
        )
    condition = Q()
    for term in q.split(" "):
        condition &= (
            Q(title__icontains=term)
            | Q(standfirst__icontains=term)
            | Q(body_markdown__icontains=term)
        )
    return queryset.filter(condition).order_by("-publish_at")


def search_directory(q: str, limit: int = 10):
    """Parks and organisations whose name, short name or aliases match."""
    from portal.models import Organization, Park

    q = clean_query(q)
    if not q:
        return [], []
    # Names in either language: the translated columns, not just the reader's.
    parks = list(
        Park.objects.filter(
            Q(name_en__icontains=q)
            | Q(name_zh_hans__icontains=q)
            | Q(summary_en__icontains=q)
            | Q(summary_zh_hans__icontains=q)
        )[:limit]
    )
    organizations = list(Organization.objects.search(q)[:limit])
    return parks, organizations


def _terms(q: str) -> list[str]:
    terms = []
    for word in segment(q).split(" "):
        word = word.strip("\"'()+-")
        if not word:
            continue
        if CJK.search(word):
            terms.append(re.escape(word))
        else:
            # A crude stem, so "innovations" also marks "innovative" and "innovation".
            stem = word[: max(4, len(word) - 3)] if len(word) > 4 else word
            terms.append(r"\b" + re.escape(stem) + r"\w*")
    return terms


def highlight(text: str, q: str, *, width: int = 220) -> str:
    """An escaped snippet of `text` around the first match, matches in <mark>."""
    text = text or ""
    terms = _terms(clean_query(q))
    if not terms:
        return escape(text[:width])
    pattern = re.compile("|".join(terms), re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, first.start() - width // 3) if first else 0
    if start and first:
        # Begin at a word, not in the middle of one (Chinese has no spaces: keep as is).
        space = text.find(" ", start, first.start())
        start = space + 1 if space != -1 else start
    snippet = text[start : start + width]
    out, position = [], 0
    for match in pattern.finditer(snippet):
        out.append(escape(snippet[position : match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        position = match.end()
    out.append(escape(snippet[position:]))
    prefix = "… " if start else ""
    suffix = " …" if start + width < len(text) else ""
    return mark_safe(prefix + "".join(out) + suffix)  # noqa: S308 - every piece escaped above
