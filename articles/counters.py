"""Article view counts: counted in the cache, written to the database in batches.

A page view costs one atomic cache increment, never a database write. The
`flush_article_views` task (and management command) moves the counts into
`Article.views_count` and the per-day table behind "most read this week".
"""

import atexit
import contextlib
import logging
import time
from collections import Counter
from datetime import timedelta

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

logger = logging.getLogger(__name__)

VIEW_KEY = "articles:views:{}"
VIEW_TTL = 7 * 24 * 60 * 60
FLUSH_CHUNK = 1000


LOCAL_FLUSH_KEY = "articles:views:next-local-flush"
LOCAL_FLUSH_SECONDS = 60


# With a shared cache (Redis) each process adds up its views and hands them to the
# cache at most once a second: a cached article page then costs one cache read,
# not three round trips. A worker that dies loses at most a second of its counts.
PUSH_SECONDS = 1.0
_unpushed: Counter = Counter()
_next_push = 0.0


def count_view(article_id: int) -> None:
    from .cache import is_process_local

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
        try:
            cache.incr(key, count)
        except ValueError:
            # First view since the last flush; `add` loses no count to a racing reader.
            if not cache.add(key, count, VIEW_TTL):
                cache.incr(key, count)
    except Exception:
        # A view count is not worth an error page when the cache is down.
        logger.warning("Could not count an article view", exc_info=True)
        return False
    return True


def _flush_local_counts_now_and_then() -> None:
    """With a per-process cache no other process can see the counts: flush them here.

    At most once a minute per worker; shared caches (Redis) leave this to the
    `flush_article_views` task instead.
    """
    from .cache import is_process_local

    if not is_process_local():
        return
    now = time.monotonic()
    next_flush = cache.get(LOCAL_FLUSH_KEY)
    if next_flush is None:
        cache.set(LOCAL_FLUSH_KEY, now + LOCAL_FLUSH_SECONDS, None)
    elif now >= next_flush:
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
    return flushed


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


def most_read_this_week(limit: int = 5, language: str | None = None):
    """Published articles with the most views in the last seven days.

    Remembered per cache generation: it changes only when a flush or an edit
    bumps the generation.
    """
    from .cache import memo

    return memo(f"most-read:{limit}:{language or 'all'}", lambda: _most_read(limit, language))


def _most_read(limit, language):
    """Two small queries: the week's top ids from the daily counts, then their cards.

    Starting from the daily counts (indexed by date) keeps this cheap however
    many articles there are, and costs one query when nothing was read.
    """
    from .models import Article, ArticleDailyViews

    since = timezone.localdate() - timedelta(days=7)
    published = Article.objects.published()
    top = ArticleDailyViews.objects.filter(date__gt=since, article__in=published.values("pk"))
    if language:
        top = top.filter(article__language=language)
    ranked = list(
        top.values("article_id")
        .annotate(week_views=Sum("views"))
        .order_by("-week_views", "-article__publish_at")
        .values_list("article_id", "week_views")[:limit]
    )
    if not ranked:
        return []
    cards = Article.objects.for_cards().in_bulk([pk for pk, _ in ranked])
    shown = []
    for pk, week_views in ranked:
        if pk in cards:
            cards[pk].week_views = week_views
            shown.append(cards[pk])
    return shown
