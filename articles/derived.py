"""What an article page shows besides the article's own fields, stored on the article.

Its tag names (`Article.tag_list`), the directory entries it mentions as small
cards (`Article.mentions`) and the ranked candidates for its related articles
(`Article.related_ids`) change only when an editor saves something, so they are
worked out then (`articles/signals.py` calls `refresh`) and an uncached article
page reads them with the article's own row instead of five more queries.

Publication is never stored here. `related_ids` holds up to
`RELATED_CANDIDATES` articles that are published or scheduled, best first; a
page reads them through `Article.objects.published()`, so a draft, an
unpublished article or one not yet due never shows, even in the moment before
its neighbours are refreshed, and a scheduled article joins its neighbours'
lists by itself when it goes live.
"""

import logging

from django.db.models import Count, F, Max, Q
from django.urls import NoReverseMatch

from .models import Article

logger = logging.getLogger(__name__)

# Shown on the page: RELATED_LIMIT (views.py); kept: more, so that an article that
# goes offline leaves a full list until its neighbours are worked out again.
RELATED_CANDIDATES = 8
# The relations "related" ranks by: shared tags, organisations and parks.
RELATED_BY = ("tags", "organizations", "parks")
# How many neighbours one edit re-ranks: the newest, which readers reach. A tag
# shared by thousands of articles must not turn one save into thousands of
# ranking queries; an older neighbour's list is worked out again when it is
# saved itself, or by `manage.py refresh_article_pages`. Pages stay right either
# way: they filter what they read.
NEIGHBOURS_REFRESHED = 200

TAGS, MENTIONS, RELATED = "tags", "mentions", "related"


def _url_or_empty(obj) -> str:
    try:
        return obj.get_absolute_url()
    except (NoReverseMatch, AttributeError):
        return ""


def tag_list(article) -> list[dict]:
    return [{"name": tag.name, "slug": tag.slug} for tag in article.tags.all()]


def mention_cards(article) -> list[dict]:
    """Parks, organisations and talent programmes, in that order, as the page lists them."""
    cards = []
    for kind, items in (
        ("park", article.parks.all()),
        ("organization", article.organizations.all()),
        ("programme", article.talent_programmes.all()),
    ):
        for item in items:
            cards.append(
                {
                    "type": kind,
                    "kind": getattr(item, "kind", ""),
                    "name": item.name,
                    "url": _url_or_empty(item),
                }
            )
    return cards


def related_candidates(article, shared=None, limit=RELATED_CANDIDATES) -> list[int]:
    """Ids of published or scheduled articles in the same language sharing the most
    tags, organisations and parks with `article`, then the newest first."""
    if shared is None:
        shared = {name: [obj.pk for obj in getattr(article, name).all()] for name in RELATED_BY}
    # Only the relations the article has: an empty `IN ()` would empty the whole query.
    shared = {name: ids for name, ids in shared.items() if ids}
    if not shared:
        return []
    matches = Q()
    score = 0
    for name, ids in shared.items():
        matches |= Q(**{f"{name}__in": ids})
        score += Count(name, filter=Q(**{f"{name}__in": ids}), distinct=True)
    return list(
        Article.objects.published_or_scheduled()
        .filter(language=article.language)
        .exclude(pk=article.pk)
        .filter(matches)
        .values("pk")
        .annotate(shared=score)
        .order_by("-shared", "-publish_at", "-pk")
        .values_list("pk", flat=True)[:limit]
    )


def refresh(ids, parts=(TAGS, MENTIONS, RELATED)) -> int:
    """Work `parts` out again for the articles `ids`; returns how many changed."""
    ids = set(ids or ())
    if not ids or not parts:
        return 0
    fields = {TAGS: "tag_list", MENTIONS: "mentions", RELATED: "related_ids"}
    queryset = Article.objects.filter(pk__in=ids).only("pk", "language", *fields.values())
    needed = set()
    if TAGS in parts:
        needed.add("tags")
    if MENTIONS in parts:
        needed |= {"parks", "organizations", "talent_programmes"}
    if RELATED in parts:
        needed |= set(RELATED_BY)
    queryset = queryset.prefetch_related(*sorted(needed))
    changed = []
    for article in queryset:
        values = {}
        if TAGS in parts:
            values["tag_list"] = tag_list(article)
        if MENTIONS in parts:
            values["mentions"] = mention_cards(article)
        if RELATED in parts:
            values["related_ids"] = related_candidates(article)
        if any(getattr(article, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(article, name, value)
            changed.append(article)
    if changed:
        # A plain UPDATE: no save signal, no new revision, `updated_at` untouched.
        Article.objects.bulk_update(changed, [fields[part] for part in parts], batch_size=500)
    return len(changed)


def neighbour_ids(article_ids, removed=None) -> set[int]:
    """Articles sharing a tag, organisation or park with `article_ids` (or with the
    relations in `removed`, {relation: ids} just taken off them): their related lists
    may change when these articles do. The newest `NEIGHBOURS_REFRESHED` of them."""
    article_ids = set(article_ids)
    matches = Q()
    for name in RELATED_BY:
        related = set(
            Article.objects.filter(pk__in=article_ids, **{f"{name}__isnull": False})
            .values_list(name, flat=True)
            .distinct()
        )
        related |= set((removed or {}).get(name, ()))
        if related:
            matches |= Q(**{f"{name}__in": related})
    if not matches:
        return set()
    newest_first = (
        Article.objects.filter(matches)
        .exclude(pk__in=article_ids)
        .values("pk")
        .annotate(newest=Max("publish_at"))
        .order_by(F("newest").desc(nulls_last=True), "-pk")
        .values_list("pk", flat=True)
    )
    return set(newest_first[:NEIGHBOURS_REFRESHED])


def refresh_neighbours_later(article_ids, removed=None) -> None:
    """Hand the neighbours' related lists to the task worker.

    Queued in the editor's transaction: with the database backend the worker
    sees the task when the edit is committed; the immediate backend runs it now.
    """
    from .tasks import refresh_related_articles

    article_ids = sorted(set(article_ids))
    removed = {name: sorted(ids) for name, ids in (removed or {}).items() if ids}
    try:
        refresh_related_articles.enqueue(article_ids, removed)
    except Exception:
        # The pages stay right (they filter what they read); only the lists lag.
        logger.warning("Could not queue the related-article refresh", exc_info=True)
