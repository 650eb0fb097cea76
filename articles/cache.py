"""Rendered-page caching for anonymous readers, with precise invalidation.

The news pages (lists, articles, feeds, sitemap, search) are one
`portal.pagecache.PageCache`: saving or deleting anything a news page shows
(an article, its section, tags, images, the directory entries it mentions)
bumps its generation, so every older page is never read again. A page is never
kept past the next scheduled `publish_at`, so a scheduled article appears on
time without a job running.
"""

import logging
from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone

from portal.pagecache import (  # noqa: F401 - part of this module's interface
    CSRF_PLACEHOLDER,
    LOCAL_PAGE_TTL,
    PAGE_TTL,
    PageCache,
    is_process_local,
    private_no_store,
    safely,
)

from .counters import count_view

logger = logging.getLogger(__name__)

_safely = safely


def max_page_ttl() -> int:
    return LOCAL_PAGE_TTL if is_process_local() else PAGE_TTL


def _count(entry) -> None:
    if entry.get("article_id"):
        count_view(entry["article_id"])


# Query parameters news pages understand; see `PageCache`.
CACHED_PARAMETERS = frozenset({"page", "section", "tag", "q", "language", "p"})

news_pages = PageCache(
    "articles",
    parameters=CACHED_PARAMETERS,
    ttl=lambda: page_ttl(),
    on_serve=_count,
    remember=("article_id",),
)
GENERATION_KEY = news_pages.generation_key
CHANGED_AT_KEY = news_pages.changed_at_key


def generation() -> int:
    return news_pages.generation()


def bump_generation(**kwargs) -> None:
    """Signal receiver: every cached news page becomes stale at once."""
    news_pages.bump(**kwargs)


def memo(name: str, compute, timeout: int | None = None):
    """`compute()` once per cache generation: values that change only with an edit."""
    return news_pages.memo(name, compute, timeout)


def memo_together(wanted: dict, *also) -> dict:
    """`memo()` of several query results at once (see `PageCache.memo_together`)."""
    return news_pages.memo_together(wanted, *also)


def seconds_until_next_go_live() -> int | None:
    """Seconds until the next scheduled article goes live, or None when none is due.

    The time itself changes only when an article is saved (a new generation),
    so it is remembered per generation; once it has passed it is looked up again.
    """
    from .models import Article

    def next_go_live() -> float:
        next_at = (
            Article.objects.upcoming()
            .order_by("publish_at")
            .values_list("publish_at", flat=True)
            .first()
        )
        return next_at.timestamp() if next_at else 0.0  # 0: nothing scheduled

    now = timezone.now().timestamp()
    next_at = memo("next-go-live", next_go_live)
    if next_at and next_at <= now:
        next_at = next_go_live()
        _safely(cache.set, news_pages.memo_key("next-go-live"), next_at, PAGE_TTL)
    if not next_at:
        return None
    return max(0, int(next_at - now))


def page_ttl() -> int:
    """How long a page rendered now may be kept: never past the next go-live."""
    until = seconds_until_next_go_live()
    return max_page_ttl() if until is None else min(max_page_ttl(), until)


def is_cacheable_request(request) -> bool:
    return news_pages.is_cacheable_request(request)


def page_key(request) -> str:
    return news_pages.page_key(request)


def cached_page(view):
    """Serve anonymous GETs from the cache (see `portal.pagecache.PageCache.page`).

    The view may set `response.last_modified` (an aware datetime) and
    `response.article_id` (so that a view is counted even when the page is cached).
    """
    return news_pages.page(view)


def week_ago():
    return timezone.now() - timedelta(days=7)
