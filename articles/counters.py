"""Article view counts: counted in the cache, written to the database in batches.

A page view costs one atomic cache increment, never a database write. The
`flush_article_views` task (and management command) moves the counts into
`Article.views_count` and the per-day table behind "most read this week".
"""

import atexit
import contextlib
import time
from collections import Counter
from datetime import timedelta

from diskcache import DjangoCache
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import IntegrityError, transaction
from django.db.models import F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

VIEW_KEY = "articles:views:{}"
VIEW_TTL = 7 * 24 * 60 * 60
FLUSH_CHUNK = 1000
MOST_READ_LIMIT = 5


LOCAL_FLUSH_KEY = "articles:views:next-local-flush"
LOCAL_FLUSH_SECONDS = 60


# With a shared cache (Redis) each process adds up its views and hands them to the
# cache at most once a second: a cached article page then costs one cache read,
# not three round trips. A worker that dies loses at most a second of its counts.
PUSH_SECONDS = 1.0
_unpushed: Counter = Counter()
_next_push = 0.0


def is_process_local() -> bool:
    """True when the default cache lives inside this process (local memory)."""
    return isinstance(caches[DEFAULT_CACHE_ALIAS], LocMemCache)


def count_view(article_id: int) -> None:
    if is_process_local():
        if _add_views(article_id, 1):
            _flush_local_counts_now_and_then()
        return
    global _next_push
    _unpushed[article_id] += 1
    now = time.monotonic()
    if now >= _next_push:
        _next_push = now + PUSH_SECONDS
        push_views()
        _flush_local_counts_now_and_then()


def push_views() -> None:
    """Hand this process's counted views to the shared cache (also at exit)."""
    pending = dict(_unpushed)
    _unpushed.clear()
    for article_id, count in pending.items():
        _add_views(article_id, count)


atexit.register(push_views)


def _add_views(article_id: int, count: int) -> bool:
    key = VIEW_KEY.format(article_id)
    try:
        counted = cache.incr(key, count)
    except ValueError:
        # First view since the last flush; `add` loses no count to a racing reader.
        counted = cache.add(key, count, VIEW_TTL) or cache.incr(key, count)
    # None: the cache is down (its backend logged it); a view is not worth an error page.
    return counted is not None


def _flushed_by_web_processes() -> bool:
    """True on the embedded default (no Redis: the cache in files under var/, or local
    memory), where nothing runs the scheduled `flush_article_views`."""
    return isinstance(caches[DEFAULT_CACHE_ALIAS], (LocMemCache, DjangoCache))


def _flush_local_counts_now_and_then() -> None:
    """On the embedded default the web processes flush the counts themselves.

    About once a minute: one process wins each turn (`add` of a key named for the
    due time), so two workers sharing the cache never write the same views twice.
    With a per-process cache each worker flushes its own. With Redis this is left to
    the `flush_article_views` task instead.
    """
    if not _flushed_by_web_processes():
        return
    # The wall clock: the due time is shared between processes and outlives a reboot.
    now = time.time()
    next_flush = cache.get(LOCAL_FLUSH_KEY)
    if next_flush is None:
        cache.add(LOCAL_FLUSH_KEY, now + LOCAL_FLUSH_SECONDS, None)
    elif now >= next_flush and cache.add(f"{LOCAL_FLUSH_KEY}:{next_flush}", 1, 3600):
        cache.set(LOCAL_FLUSH_KEY, now + LOCAL_FLUSH_SECONDS, None)
        from .tasks import flush_article_views

        flush_article_views.call()


def pending_views(article_id: int) -> int:
    return cache.get(VIEW_KEY.format(article_id), 0)


def flush_views() -> int:
    """Move counted views from the cache into the database; returns how many.

    Each counter is decremented by exactly what was read, so views counted
    while the flush runs stay in the cache for the next one.
    """
    from .models import Article, ArticleDailyViews

    push_views()
    today = timezone.localdate()
    flushed = 0
    ids = Article.objects.published().values_list("id", flat=True).order_by("id").iterator()
    chunk = []
    for article_id in ids:
        chunk.append(article_id)
        if len(chunk) >= FLUSH_CHUNK:
            flushed += _flush_chunk(chunk, today, Article, ArticleDailyViews)
            chunk = []
    if chunk:
        flushed += _flush_chunk(chunk, today, Article, ArticleDailyViews)
    update_week_views()
    return flushed


def update_week_views(today=None) -> int:
    """Store each article's views of the last seven days on it (`Article.week_views`).

    Run by every flush, so the week moves on even on a day without views; it
    touches only articles read this week or last, and "most read this week" is then
    one indexed query.
    """
    from .models import Article, ArticleDailyViews

    since = (today or timezone.localdate()) - timedelta(days=7)
    week = (
        ArticleDailyViews.objects.filter(article=OuterRef("pk"), date__gt=since)
        .values("article")
        .annotate(total=Sum("views"))
        .values("total")
    )
    read = ArticleDailyViews.objects.filter(date__gt=since).values("article")
    return Article.objects.filter(Q(week_views__gt=0) | Q(pk__in=read)).update(
        week_views=Coalesce(Subquery(week), 0)
    )


def _flush_chunk(ids, today, Article, ArticleDailyViews) -> int:  # noqa: N803
    keys = {VIEW_KEY.format(i): i for i in ids}
    counts = {keys[k]: int(v) for k, v in cache.get_many(list(keys)).items() if v}
    total = 0
    for article_id, count in counts.items():
        # A counter that expired meanwhile raises ValueError: what was read is written anyway.
        with contextlib.suppress(ValueError):
            cache.decr(VIEW_KEY.format(article_id), count)
        Article.objects.filter(pk=article_id).update(views_count=F("views_count") + count)
        _add_daily_views(ArticleDailyViews, article_id, today, count)
        total += count
    return total


def _add_daily_views(ArticleDailyViews, article_id, today, count) -> None:  # noqa: N803
    views = ArticleDailyViews.objects.filter(article_id=article_id, date=today)
    if views.update(views=F("views") + count):
        return
    try:
        with transaction.atomic():
            ArticleDailyViews.objects.create(article_id=article_id, date=today, views=count)
    except IntegrityError:
        # Another worker created today's row first: add to it.
        views.update(views=F("views") + count)


def most_read_wanted(language: str, limit: int = MOST_READ_LIMIT) -> dict:
    """The published articles most read in the last seven days in `language`, as
    `{name: (queryset, convert)}`, to be fetched with other queries. The value is
    the list of cards under `most_read_name(language)`."""
    from . import queries
    from .cards import cards_from_rows

    rows = queries.most_read.queryset(
        shape=(("limit", limit),), now=timezone.now(), language=language
    )
    return {most_read_name(language, limit): (rows, cards_from_rows)}


def most_read_name(language: str | None, limit: int = MOST_READ_LIMIT) -> str:
    return f"most-read:{limit}:{language or 'all'}"


def most_read_queryset(articles, language=None):
    """`articles` read this week, most first: an indexed query on the week's views
    stored on each article when the counts are flushed."""
    articles = articles.filter(week_views__gt=0)
    if language:
        articles = articles.filter(language=language)
    return articles.order_by("-week_views", "-publish_at", "-pk")


def _most_read(limit, language):
    from .cards import as_cards
    from .models import Article

    if language:
        ((rows, convert),) = most_read_wanted(language, limit).values()
        return convert(list(rows))
    return as_cards(most_read_queryset(Article.objects.published(), language)[:limit])
