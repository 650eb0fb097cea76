"""Whole pages cached for anonymous readers, with Django's cache middleware.

A view opts in with `cache_for_readers`; Django's `UpdateCacheMiddleware` and
`FetchFromCacheMiddleware` then keep and serve its pages by URL (and language).
Their `key_prefix` is the *generation*: saving or deleting any model in
`MAKE_PAGES_STALE` starts a new one, so every page cached before is never read
again and expires by itself. A page that changes by itself at a known moment
(a scheduled article going live, a campaign opening) is never kept past it:
the code that renders it calls `keep_until` (or `keep_until_next`, for a moment
worth looking up once per generation). The timeout reaches Django's
middleware as the response's `max-age`; browsers are told to revalidate every
time instead (ETag and Last-Modified, answered with 304 by
`ConditionalGetMiddleware`), so no browser keeps a page an edit has changed.

Signed-in users, requests carrying flash messages or query parameters the page
does not take, and anything but GET and HEAD get a freshly rendered page. A
cache outage is absorbed by the cache backend (django-redis's
`IGNORE_EXCEPTIONS`): pages are then rendered as if nothing were cached.

Shared caches in front of the portal (a CDN's edge, `deploy/nginx-edge.conf`)
are told how long they may keep an answer every anonymous reader gets alike:
`s-maxage` (a view's `shared_max_age`, a few seconds for a campaign page, else
`SHARED_MAX_AGE`, never past the moment a kept page changes by itself) with
`stale-while-revalidate`. An answer for a signed-in user, or one that sets a
cookie, is `private, no-store`. A view that sets its own Cache-Control keeps it.
"""

import functools
import time
from contextvars import ContextVar

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.dummy import DummyCache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.middleware import cache as cache_middleware
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control, set_response_etag
from django.utils.http import http_date, parse_http_date_safe

# Every model a cached page shows, by label (so the directory imports no wing):
# saving or deleting one, or changing one of its many-to-many relations, makes
# every cached page stale at once.
MAKE_PAGES_STALE = (
    "portal.Industry",
    "portal.Park",
    "portal.KeyFigure",
    "portal.Organization",
    "portal.Milestone",
    "articles.Article",
    "articles.ArticleImage",
    "articles.Section",
    "articles.Tag",
    "recruitment.Campaign",
    "recruitment.Job",
    "portal.TalentProgramme",
    "portal.Honouree",
    "portal.SiteSettings",  # the footer of every page
)

# The longest a page is kept; an edit makes it stale sooner.
PAGE_TIMEOUT = 300
# How long a shared cache (a CDN) may keep an anonymous answer, unless its view says
# otherwise (`cache_for_readers(shared_max_age=...)`): the longest an edit takes to
# reach readers behind one. Past it, the cache may serve the old answer for
# STALE_WHILE_REVALIDATE seconds more while it fetches the new one.
SHARED_MAX_AGE = 60
STALE_WHILE_REVALIDATE = 30
# The longest a `{% cache %}` fragment keyed by PAGE_GENERATION is kept (an edit makes
# it stale at once; `keep_until` shortens it before a scheduled change).
FRAGMENT_TIMEOUT = PAGE_TIMEOUT
GENERATION_KEY = "pages:generation"

# The generation of the request being answered, read once in FetchFromCacheMiddleware
# so that a page rendered before an edit is never stored under the edit's generation.
_generation: ContextVar[int | None] = ContextVar("page_generation", default=None)


def _now_micros() -> int:
    return time.time_ns() // 1000


def generation() -> int:
    """The current generation: the time of the last change to a page's content, in
    microseconds, so a new one never repeats an old one, even after the cache restarts."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        # A restarted or empty cache: start from the clock, never reusing an old key.
        cache.add(GENERATION_KEY, _now_micros(), None)
        value = cache.get(GENERATION_KEY) or _now_micros()
    return value


def pages_changed(**kwargs) -> None:
    """Signal receiver: every cached page becomes stale at once (a new generation)."""
    cache.set(GENERATION_KEY, max(_now_micros(), (cache.get(GENERATION_KEY) or 0) + 1), None)


def connect_signals() -> None:
    for label in MAKE_PAGES_STALE:
        model = apps.get_model(label)
        post_save.connect(pages_changed, sender=model, dispatch_uid=f"pages-save-{label}")
        post_delete.connect(pages_changed, sender=model, dispatch_uid=f"pages-delete-{label}")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                pages_changed,
                sender=field.remote_field.through,
                dispatch_uid=f"pages-m2m-{label}-{field.name}",
            )


def cache_for_readers(view=None, *, parameters=(), on_serve=None, shared_max_age=SHARED_MAX_AGE):
    """Let the page cache keep this view's pages for anonymous readers.

    `parameters`: the query parameters the page takes; a request with any other
    (`?utm_source=...`) is rendered but not kept, so made-up query strings
    cannot fill the cache. `on_serve(response)` is called with every response
    of the view, rendered or from the cache (to count an article's views).
    `shared_max_age`: how long a shared cache in front may keep the page.
    """

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if on_serve is not None:
                on_serve(response)
            return response

        wrapper.cache_for_readers = frozenset(parameters)
        wrapper.on_serve = on_serve
        wrapper.shared_max_age = shared_max_age
        return wrapper

    return decorate if view is None else decorate(view)


def will_keep(request) -> bool:
    """True while rendering a page the cache will keep (worth working out until when)."""
    return getattr(request, "page_timeout", None) is not None


def keep_until(request, moment) -> None:
    """The page being rendered changes by itself at `moment` (an aware datetime; None
    or a past moment: no change to come): never keep it, nor the fragments it stores
    (`fragment_timeout`), past then."""
    if moment is None:
        return
    seconds = int((moment - timezone.now()).total_seconds())
    if seconds < 0:
        return
    request.fragment_timeout = min(fragment_timeout(request), seconds)
    if will_keep(request):
        request.page_timeout = min(request.page_timeout, seconds)


def fragment_timeout(request) -> int:
    """How long the `{% cache %}` fragments of the page being rendered may be kept."""
    return getattr(request, "fragment_timeout", FRAGMENT_TIMEOUT)


_NOT_KEPT = object()


def keep_until_next(request, name: str, next_moment) -> None:
    """`keep_until(request, next_moment())`, with the moment worked out once per generation
    (kept in the cache under `name`), not once per page rendered.

    A change to a page's content starts a new generation, so a newly scheduled moment
    counts at once; a kept moment that has come is looked up again, so the one after
    it counts from then.
    """
    # The generation this page is kept under, or (a page not kept whole, whose fragments
    # still are) the current one.
    key = f"pages.{_generation.get() if will_keep(request) else generation()}.{name}"
    moment = cache.get(key, _NOT_KEPT)
    if moment is _NOT_KEPT or (moment is not None and moment <= timezone.now()):
        moment = next_moment()
        cache.set(key, moment, PAGE_TIMEOUT)
    keep_until(request, moment)


def keep_for_at_most(request, seconds: int) -> None:
    if will_keep(request):
        request.page_timeout = min(request.page_timeout, seconds)


def is_for_everyone(request) -> bool:
    """True when the reader may get the page every anonymous reader gets."""
    if request.method not in ("GET", "HEAD") or "messages" in request.COOKIES:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        # Looking the session up costs a query: readers without one never pay it.
        return not request.user.is_authenticated
    return True


def is_anonymous_reader(request) -> bool:
    """True for a GET or HEAD that carries no sign of a user (no session, no token, no
    flash message): its answer, if it sets no cookie, is the one every such reader gets."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def shared_max_age(request) -> int:
    """How long a shared cache may keep the answer of the view that answered `request`."""
    match = request.resolver_match
    return getattr(match.func, "shared_max_age", SHARED_MAX_AGE) if match else SHARED_MAX_AGE


def for_shared_caches(response, seconds: int):
    """Browsers ask again every time (ETag and Last-Modified: a 304 when unchanged); a
    shared cache may keep the answer `seconds`, then serve it a little longer while it
    fetches the new one."""
    for header in ("Expires", "Age"):
        if response.has_header(header):
            del response[header]
    seconds = max(0, seconds)
    stale = min(seconds, STALE_WHILE_REVALIDATE)
    response["Cache-Control"] = (
        f"public, max-age=0, s-maxage={seconds}, stale-while-revalidate={stale}"
    )
    return response


def set_cache_control(request, response):
    """Cache-Control for an answer whose view set none: shared for an anonymous reader's
    page, `private, no-store` for anything a user's session or token shaped."""
    if response.status_code != 200 or response.has_header("Cache-Control"):
        return response
    if is_anonymous_reader(request) and not response.cookies:
        return for_shared_caches(response, shared_max_age(request))
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


def seconds_left(response) -> int:
    """Seconds until a page from the cache expires there (its stored `Expires`)."""
    expires = parse_http_date_safe(response.get("Expires", ""))
    return PAGE_TIMEOUT if expires is None else int(expires - time.time())


class _GenerationKeyPrefix:
    """Django's cache middleware keys pages by `key_prefix`: here the generation the
    request is answered under, in place of CACHE_MIDDLEWARE_KEY_PREFIX."""

    @property
    def key_prefix(self):
        return f"pages.{_generation.get()}"

    @key_prefix.setter
    def key_prefix(self, value):
        pass  # Django's __init__ sets the settings' prefix: the generation replaces it.


class UpdateCacheMiddleware(_GenerationKeyPrefix, cache_middleware.UpdateCacheMiddleware):
    """At the top of MIDDLEWARE, so that it sees every header the others set: keeps the
    pages of views marked `cache_for_readers`."""

    def process_response(self, request, response):
        timeout = getattr(request, "page_timeout", None)
        if (
            timeout is None
            or not self._should_update_cache(request, response)
            or response.status_code != 200
            or response.has_header("Cache-Control")  # the view decided its own caching
        ):
            return set_cache_control(request, response)
        patch_cache_control(response, max_age=timeout)
        # The page as of now: it also shows what changed since the date a view may give
        # (its article's), so an If-Modified-Since older than this copy gets it whole.
        response["Last-Modified"] = http_date()
        if not response.streaming and not response.has_header("ETag"):
            set_response_etag(response)
        response = super().process_response(request, response)
        return for_shared_caches(response, min(timeout, shared_max_age(request)))


class FetchFromCacheMiddleware(_GenerationKeyPrefix, cache_middleware.FetchFromCacheMiddleware):
    """Last in MIDDLEWARE: serves kept pages to anonymous readers.

    It looks in `process_view`, once the view is known, so requests for anything
    else (the API, live.json, uploads) never pay a round trip to the cache.
    """

    def process_request(self, request):
        return None

    def process_view(self, request, view_func, view_args, view_kwargs):
        parameters = getattr(view_func, "cache_for_readers", None)
        if (
            parameters is None
            or isinstance(self.cache, DummyCache)  # the cache is off: nothing to work out
            or not parameters.issuperset(request.GET.keys())
            or not is_for_everyone(request)
        ):
            request._cache_update_cache = False
            return None
        _generation.set(generation())
        request.page_timeout = PAGE_TIMEOUT
        response = super().process_request(request)
        if response is None:
            return None
        if view_func.on_serve is not None:
            view_func.on_serve(response)
        return for_shared_caches(response, min(seconds_left(response), view_func.shared_max_age))
