"""Article view counts: counted in the cache, written to the database in batches.

A page view costs one atomic cache increment, never a database write. The
`flush_article_views` task (and management command) moves the counts into
`Article.views_count` and the per-day table behind "most read this week".
"""

import contextlib
import time
from datetime import timedelta

from diskcache import DjangoCache
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import IntegrityError, transaction
from django.db.models import F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.dispatch import Signal
from django.utils import timezone

from .models import MOST_READ_LIMIT, Article, ArticleDailyViews

VIEW_KEY = "articles:views:{}"
VIEW_TTL = 7 * 24 * 60 * 60
FLUSH_CHUNK = 1000

LOCAL_FLUSH_KEY = "articles:views:next-local-flush"
LOCAL_FLUSH_SECONDS = 60

# Sent by `flush_views` when the flush changed a "most read this week" list: the
# pages showing it are stale (`articles/signals.py` makes them so).
most_read_changed = Signal()


def count_view(article_id: int) -> None:
    if _add_views(article_id, 1):
        _flush_local_counts_now_and_then()


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
        flush_views()


def pending_views(article_id: int) -> int:
    return cache.get(VIEW_KEY.format(article_id), 0)


def most_read_lists() -> list[list[int]]:
    """The "most read" lists the pages show: all articles, and per language."""
    published = Article.objects.published()
    return [
        list(published.most_read(language).values_list("pk", flat=True)[:MOST_READ_LIMIT])
        for language in (None, *Article.Language.values)
    ]


def flush_views() -> int:
    """Move counted views from the cache into the database; returns how many.

    Each counter is decremented by exactly what was read, so views counted
    while the flush runs stay in the cache for the next one. When that changes
    a "most read" list, `most_read_changed` is sent.
    """
    before = most_read_lists()
    today = timezone.localdate()
    flushed = 0
    ids = Article.objects.published().values_list("id", flat=True).order_by("id").iterator()
    chunk = []
    for article_id in ids:
        chunk.append(article_id)
        if len(chunk) >= FLUSH_CHUNK:
            flushed += _flush_chunk(chunk, today)
            chunk = []
    if chunk:
        flushed += _flush_chunk(chunk, today)
    update_week_views()
    if flushed and most_read_lists() != before:
        most_read_changed.send(sender=Article)
    return flushed


def update_week_views(today=None) -> int:
    """Store each article's views of the last seven days on it (`Article.week_views`).

    Run by every flush, so the week moves on even on a day without views; it
    touches only articles read this week or last, and "most read this week" is then
    one indexed query.
    """
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


def _flush_chunk(ids, today) -> int:
    keys = {VIEW_KEY.format(i): i for i in ids}
    counts = {keys[k]: int(v) for k, v in cache.get_many(list(keys)).items() if v}
    total = 0
    for article_id, count in counts.items():
        # A counter that expired meanwhile raises ValueError: what was read is written anyway.
        with contextlib.suppress(ValueError):
            cache.decr(VIEW_KEY.format(article_id), count)
        Article.objects.filter(pk=article_id).update(views_count=F("views_count") + count)
        _add_daily_views(article_id, today, count)
        total += count
    return total


def _add_daily_views(article_id, today, count) -> None:
    views = ArticleDailyViews.objects.filter(article_id=article_id, date=today)
    if views.update(views=F("views") + count):
        return
    try:
        with transaction.atomic():
            ArticleDailyViews.objects.create(article_id=article_id, date=today, views=count)
    except IntegrityError:
        # Another worker created today's row first: add to it.
        views.update(views=F("views") + count)
