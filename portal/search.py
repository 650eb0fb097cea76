"""Site search: one query over every kind of content, grouped by kind.

The directory cannot import the wings (news, recruitment), so each app
contributes its own kinds with `register` from its `AppConfig.ready()`; the
search page and the search API ask `search()` and never name a wing. A kind
knows how to find its rows and how to describe one as a `Hit`.

Chinese has no spaces: a query is cut into words with jieba, as the news index
is, and every word must appear in one of a kind's fields, in either language
(a reader may type 京东方 on an English page). Results are described in the
active language.
"""

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import jieba
from django.conf import settings
from django.db.models import Q, QuerySet
from modeltranslation.utils import build_localized_fieldname

from portal.translated import fallback_language

jieba.setLogLevel(logging.WARNING)

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
MAX_QUERY_LENGTH = 200
# Hits shown per kind on the page and in the API; the count is the kind's total.
RESULTS_PER_KIND = 10
# Punctuation around a word that a reader types but no name contains.
_STRIP = "\"'()+-,.;:!?，。、；：！？“”‘’（）《》"


def clean_query(q: str) -> str:
    """At most 200 characters, single spaces, no control characters (PostgreSQL rejects NUL)."""
    q = re.sub(r"[\x00-\x1f\x7f]", " ", q or "")
    return re.sub(r"\s+", " ", q).strip()[:MAX_QUERY_LENGTH]


def segment(text: str, *, for_index: bool = False) -> str:
    """Chinese text split into space-separated words; other text passes through.

    At index time the search-engine mode also emits the shorter words inside a
    long one (中华人民共和国 → 中华, 人民, 共和国...), so a query for a part matches.
    """
    if not text or not CJK.search(text):
        return text or ""
    words = jieba.cut_for_search(text) if for_index else jieba.cut(text)
    return " ".join(word for word in (w.strip() for w in words) if word)


def words(q: str) -> list[str]:
    """The words of a query: Chinese segmented, punctuation dropped, an English plural
    made singular ("engineers" finds "engineer" and "engineering")."""
    found = []
    for word in segment(clean_query(q)).split(" "):
        word = word.strip(_STRIP)
        if not word:
            continue
        if not CJK.search(word) and len(word) > 3 and word.lower().endswith("s"):
            word = word[:-1]
        if word not in found:
            found.append(word)
    return found


def in_every_language(*fields: str) -> list[str]:
    """The language columns of translated fields: `name` → `name_en`, `name_zh_hans`."""
    return [
        build_localized_fieldname(name, code) for name in fields for code, _ in settings.LANGUAGES
    ]


def matching(queryset: QuerySet, q: str, fields: Iterable[str]) -> QuerySet:
    """Rows where every word of `q` is contained in at least one of `fields`."""
    fields = list(fields)
    query_words = words(q)
    if not query_words:
        return queryset.none()
    condition = Q()
    for word in query_words:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        condition &= any_field
    return queryset.filter(condition)


@dataclass(frozen=True)
class Hit:
    """One result as a reader sees it. `*_lang`: the language of a text that falls back
    to the other one (empty when it is the page's)."""

    title: str
    url: str
    summary: str = ""
    title_lang: str = ""
    summary_lang: str = ""
    meta: str = ""


def describe(obj, title: str = "name", summary: str | None = "summary", meta: str = "") -> Hit:
    """A translated object as a hit: its title and summary fields in the active language."""
    return Hit(
        title=getattr(obj, title),
        title_lang=fallback_language(obj, title),
        url=obj.get_absolute_url(),
        summary=(getattr(obj, summary) or "") if summary else "",
        summary_lang=fallback_language(obj, summary) if summary else "",
        meta=str(meta),
    )


@dataclass(frozen=True)
class Kind:
    """A kind of content the search covers.

    `find(q)`: the matching rows, best first, in the active language's terms (articles:
    the page's language only). `describe(obj)`: one of them as a `Hit`.
    """

    key: str
    label: str
    find: Callable[[str], QuerySet]
    describe: Callable[[object], Hit]
    position: int = 100


@dataclass
class Group:
    kind: Kind
    count: int
    hits: list[Hit] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.kind.key

    @property
    def label(self) -> str:
        return str(self.kind.label)


_kinds: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    _kinds[kind.key] = kind


def kind(key: str) -> Kind:
    return _kinds[key]


def kinds() -> list[Kind]:
    return sorted(_kinds.values(), key=lambda kind: (kind.position, kind.key))


def search(q: str, *, limit: int = RESULTS_PER_KIND, exclude: Iterable[str] = ()) -> list[Group]:
    """Every kind's matches for `q`, counted, with the first `limit` described (in the
    active language). An empty query finds nothing."""
    q = clean_query(q)
    groups = []
    for kind in kinds():
        if kind.key in exclude:
            continue
        if not words(q):
            groups.append(Group(kind, 0))
            continue
        found = kind.find(q)
        # One query for a kind with few matches; counted only when there are more.
        rows = list(found[: limit + 1])
        count = len(rows) if len(rows) <= limit else found.count()
        groups.append(Group(kind, count, [kind.describe(obj) for obj in rows[:limit]]))
    return groups


def register_directory_kinds() -> None:
    """The directory's own kinds: parks, organisations and talent programmes."""
    from django.utils.translation import gettext_lazy as _

    from portal.models import Organization, Park, TalentProgramme

    register(
        Kind(
            key="parks",
            label=_("Parks and platforms"),
            find=lambda q: matching(
                Park.objects.order_by("name"), q, in_every_language("name", "summary")
            ),
            describe=lambda park: describe(park, meta=park.get_kind_display()),
            position=40,
        )
    )
    register(
        Kind(
            key="organizations",
            label=_("Organisations"),
            find=lambda q: matching(
                Organization.objects.order_by("name"),
                q,
                [*in_every_language("name", "short_name"), "aliases"],
            ),
            describe=lambda organization: describe(
                organization, summary=None, meta=organization.get_kind_display()
            ),
            position=30,
        )
    )
    register(
        Kind(
            key="talent-programmes",
            label=_("Talent programmes"),
            find=lambda q: matching(
                TalentProgramme.objects.all(),
                q,
                in_every_language("name", "summary", "description"),
            ),
            describe=describe,
            position=50,
        )
    )
