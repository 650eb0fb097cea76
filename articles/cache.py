"""Rendered-page caching for anonymous readers, with precise invalidation.

Every cached news page (lists, articles, feeds, sitemap, search) is stored
under a key that contains a *generation* number. Saving or deleting anything a
news page shows (an article, its section, tags, images, the directory entries
it mentions) bumps the generation, so every older page is simply never read
again and expires on its own. A page is never kept past the next scheduled
`publish_at`, so a scheduled article appears on time without a job running.

The csrf token in the page (the language switch) is cached as a placeholder
and filled in per request, so readers never share a token.
"""

import functools
import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date_safe

from .counters import count_view

logger = logging.getLogger(__name__)

GENERATION_KEY = "articles:generation"
CHANGED_AT_KEY = "articles:changed-at"
CSRF_PLACEHOLDER = "csrf-token-placeholder-9b1f7c3e"
# Upper bound for a cached page; edits invalidate sooner, scheduled articles bound it too.
PAGE_TTL = 300
# Local memory is private to each worker process: an edit handled by one worker cannot
# make another's copy stale, so there a page lives only a few seconds.
LOCAL_PAGE_TTL = 5


def max_page_ttl() -> int:
    return LOCAL_PAGE_TTL if is_process_local() else PAGE_TTL


def is_process_local() -> bool:
    """True when the default cache lives inside this process (local memory)."""
    return isinstance(caches[DEFAULT_CACHE_ALIAS], LocMemCache)


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        # Start from the clock, never from 1: a restarted cache must not reuse old keys.
        value = int(timezone.now().timestamp() * 1000)
        cache.add(GENERATION_KEY, value, None)
        value = cache.get(GENERATION_KEY, value)
    return value


def bump_generation(**kwargs) -> None:
    """Signal receiver: every cached news page becomes stale at once."""
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            # No generation yet, or a cache that keeps nothing: start one from the clock.
            cache.set(GENERATION_KEY, int(timezone.now().timestamp() * 1000), None)
        cache.set(CHANGED_AT_KEY, int(timezone.now().timestamp()), None)
    except Exception:
        # The cache is down: nothing is served from it either. Never fail an edit for it.
        logger.warning("Could not mark the cached news pages stale", exc_info=True)


def memo(name: str, compute, timeout: int | None = None):
    """`compute()` once per cache generation: values that change only with an edit.

    Falls back to computing every time when the cache is unavailable.
    """
    try:
        key = f"articles:memo:{generation()}:{name}"
        value = cache.get(key)
    except Exception:
        logger.warning("The news page cache is unavailable", exc_info=True)
        return compute()
    if value is None:
        value = compute()
        _safely(cache.set, key, value, timeout or max_page_ttl())
    return value


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
        _safely(cache.set, f"articles:memo:{generation()}:next-go-live", next_at, PAGE_TTL)
    if not next_at:
        return None
    return max(0, int(next_at - now))


def page_ttl() -> int:
    """How long a page rendered now may be kept: never past the next go-live."""
    until = seconds_until_next_go_live()
    return max_page_ttl() if until is None else min(max_page_ttl(), until)


# Query parameters news pages understand. A request with any other parameter is
# rendered but not stored, so made-up query strings cannot flood the cache.
CACHED_PARAMETERS = frozenset({"page", "section", "tag", "q", "language", "p"})


def is_cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if "messages" in request.COOKIES:
        return False
    if not CACHED_PARAMETERS.issuperset(request.GET.keys()):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        # Looking the session up costs a query; readers without one never pay it.
        return not request.user.is_authenticated
    return True


def page_key(request) -> str:
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    notice = "1" if request.COOKIES.get("cookie_notice_seen") else "0"
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    return f"articles:page:{generation()}:{language}:{notice}:{digest}"


def _safely(operation, *args):
    try:
        return operation(*args)
    except Exception:
        logger.warning("The news page cache is unavailable", exc_info=True)
        return None


def _finish(request, response, etag, last_modified):
    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    return get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )


def _last_modified(response) -> int | None:
    """The later of what the view says and the last change to anything news pages show.

    A page also shows other articles (related, most read), so the time of the
    last change anywhere is a safe, conservative Last-Modified.
    """
    candidates = [_safely(cache.get, CHANGED_AT_KEY)]
    view_value = getattr(response, "last_modified", None)
    if view_value is not None:
        candidates.append(int(view_value.timestamp()))
    elif response.has_header("Last-Modified"):
        candidates.append(parse_http_date_safe(response["Last-Modified"]))
    candidates = [c for c in candidates if c]
    return max(candidates) if candidates else None


def cached_page(view):
    """Serve anonymous GETs from the cache; render, store and serve otherwise.

    The view may set `response.last_modified` (an aware datetime) and
    `response.article_id` (so that a view is counted even when the page is cached).
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_cacheable_request(request):
            response = view(request, *args, **kwargs)
            if getattr(response, "article_id", None):
                count_view(response.article_id)
            return response
        try:
            key = page_key(request)
            entry = cache.get(key)
        except Exception:
            logger.warning("The news page cache is unavailable", exc_info=True)
            key = entry = None
        if entry is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response.context_data = response.context_data or {}
                response.context_data["csrf_token"] = CSRF_PLACEHOLDER
                response.render()
            if response.status_code != 200 or response.streaming:
                return response
            entry = {
                "content": response.content,
                "content_type": response["Content-Type"],
                "etag": f'"{hashlib.sha256(response.content).hexdigest()[:32]}"',
                "last_modified": _last_modified(response),
                "article_id": getattr(response, "article_id", None),
            }
            if key is not None:
                ttl = page_ttl()
                if ttl > 0:
                    _safely(cache.set, key, entry, ttl)
        if entry["article_id"]:
            count_view(entry["article_id"])
        content = entry["content"]
        if CSRF_PLACEHOLDER.encode() in content:
            content = content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
        response = HttpResponse(content, content_type=entry["content_type"])
        return _finish(request, response, entry["etag"], entry["last_modified"])

    return wrapper


def private_no_store(response):
    patch_cache_control(response, private=True, no_store=True, no_cache=True, max_age=0)
    return response


def week_ago():
    return timezone.now() - timedelta(days=7)
