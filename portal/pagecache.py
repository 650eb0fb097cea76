"""Rendered-page caching for anonymous visitors, with precise invalidation.

A `PageCache` stores whole pages under keys that contain a *generation*
number. Saving or deleting anything its pages show bumps the generation
(connect `bump` to the models' signals), so every older page is never read
again and expires on its own. A page is also never kept past the moment it
would change by itself (`next_change`, or `response.cache_ttl` set by a view):
a scheduled article, a livestream starting.

The csrf token in a page (the language switch) is cached as a placeholder and
filled in per request, so visitors never share a token. Signed-in users and
requests carrying flash messages or unknown query parameters get a freshly
rendered page; the cached path reads no session and runs no query.
"""

import functools
import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date_safe

from portal.context_processors import COOKIE_NOTICE_SEEN

logger = logging.getLogger(__name__)

CSRF_PLACEHOLDER = "csrf-token-placeholder-9b1f7c3e"
# Upper bound for a cached page; edits invalidate sooner.
PAGE_TTL = 300
# Local memory is private to each worker process: an edit handled by one worker cannot
# make another's copy stale, so there a page lives only a few seconds.
LOCAL_PAGE_TTL = 5
# With a shared cache each process remembers the generation this long, so a cached
# page costs one round trip to the cache, not two; an edit reaches every process
# within this time (at once in the process that made it).
GENERATION_MEMO_SECONDS = 1.0
# ... and the pages it served for as long (never past their own expiry), like
# live.json: a popular page then costs no round trip to the cache at all.
PAGE_MEMO_SECONDS = 1.0
PAGE_MEMO_SIZE = 500


def is_process_local() -> bool:
    """True when the default cache lives inside this process (local memory)."""
    return isinstance(caches[DEFAULT_CACHE_ALIAS], LocMemCache)


def is_shared_store() -> bool:
    """True when pages are kept in a cache all processes share (Redis), not when the
    cache is per process (local memory) or keeps nothing (the dummy cache, "cache off")."""
    return not isinstance(caches[DEFAULT_CACHE_ALIAS], (LocMemCache, DummyCache))


def keeps_pages() -> bool:
    """False when the cache keeps nothing (the dummy cache): no expiry to work out."""
    return not isinstance(caches[DEFAULT_CACHE_ALIAS], DummyCache)


def max_page_ttl() -> int:
    return LOCAL_PAGE_TTL if is_process_local() else PAGE_TTL


def safely(operation, *args):
    try:
        return operation(*args)
    except Exception:
        logger.warning("The page cache is unavailable", exc_info=True)
        return None


def private_no_store(response):
    patch_cache_control(response, private=True, no_store=True, no_cache=True, max_age=0)
    return response


def _live_placeholder(name: str) -> str:
    return f"live-field-placeholder-9b1f7c3e-{name}"


class PageCache:
    """One family of cached pages (the news, the campaign pages) with its own generation.

    - `namespace`: prefix of every key.
    - `parameters`: query parameters the pages understand; a request with any
      other is rendered but not stored, so made-up query strings cannot flood
      the cache.
    - `ttl`: a callable giving how long a page rendered now may be kept.
    - `on_serve`: called with the stored entry each time a page is served
      (cached or not); views pass values to it through `remember` attributes.
    - `live_fields`: context variables cached as placeholders and filled in
      per request by `f(entry)` (a live counter), like the csrf token.
    - `depends_on`: other families whose content these pages also show (the
      home page shows the news and the current campaign): a bump of any of
      them makes these pages stale too.
    """

    def __init__(
        self,
        namespace,
        *,
        parameters=(),
        ttl=max_page_ttl,
        on_serve=None,
        remember=(),
        live_fields=None,
        depends_on=(),
    ):
        self.namespace = namespace
        self.depends_on = tuple(depends_on)
        self.generation_key = f"{namespace}:generation"
        self.changed_at_key = f"{namespace}:changed-at"
        self.parameters = frozenset(parameters)
        self.ttl = ttl
        self.on_serve = on_serve
        self.remember = tuple(remember)
        # {context name: f(entry) -> str}: values filled in per request, never cached.
        self.live_fields = dict(live_fields or {})
        self._remembered: tuple[float, int] | None = None
        self._pages: dict[str, tuple[float, dict]] = {}

    # --- generation -------------------------------------------------------------------
    def generation(self) -> int:
        shared = is_shared_store()
        if shared:
            remembered = self._remembered
            if remembered is not None and remembered[0] > time.monotonic():
                return remembered[1]
        value = self._shared_generation()
        if shared:
            self._remembered = (time.monotonic() + GENERATION_MEMO_SECONDS, value)
        return value

    def _shared_generation(self) -> int:
        value = cache.get(self.generation_key)
        if value is None:
            # Start from the clock, never from 1: a restarted cache must not reuse old keys.
            value = int(timezone.now().timestamp() * 1000)
            cache.add(self.generation_key, value, None)
            value = cache.get(self.generation_key, value)
        return value

    def bump(self, **kwargs) -> None:
        """Signal receiver: every cached page of this family becomes stale at once."""
        self._remembered = None
        self._pages.clear()
        try:
            try:
                cache.incr(self.generation_key)
            except ValueError:
                # No generation yet, or a cache that keeps nothing: start one from the clock.
                cache.set(self.generation_key, int(timezone.now().timestamp() * 1000), None)
            cache.set(self.changed_at_key, int(timezone.now().timestamp()), None)
        except Exception:
            # The cache is down: nothing is served from it either. Never fail an edit for it.
            logger.warning("Could not mark the cached %s pages stale", self.namespace)

    def memo(self, name: str, compute, timeout: int | None = None):
        """`compute()` once per generation: values that change only with an edit."""
        try:
            key = self.memo_key(name)
            value = cache.get(key)
        except Exception:
            logger.warning("The page cache is unavailable", exc_info=True)
            return compute()
        if value is None:
            value = compute()
            safely(cache.set, key, value, timeout or max_page_ttl())
        return value

    def memo_together(self, wanted: dict, *also, timeout: int | None = None) -> dict:
        """`memo()` of several values at once: `wanted` maps each name to
        `(queryset, convert)`, whose value is `convert(list(queryset))`.

        One cache round trip finds those remembered; the querysets of the others
        are run. `also`: querysets the caller needs anyway (run when it reads them).
        """
        keys = {}
        found = {}
        try:
            keys = {self.memo_key(name): name for name in wanted}
            found = {keys[key]: value for key, value in cache.get_many(keys).items()}
        except Exception:
            logger.warning("The page cache is unavailable", exc_info=True)
        missing = {name: pair for name, pair in wanted.items() if found.get(name) is None}
        computed = {name: convert(list(queryset)) for name, (queryset, convert) in missing.items()}
        if computed and keys:
            stored = {key: computed[name] for key, name in keys.items() if name in computed}
            safely(cache.set_many, stored, timeout or max_page_ttl())
        return {**found, **computed}

    def memo_key(self, name: str) -> str:
        return f"{self.namespace}:memo:{self.generation()}:{name}"

    def key_generation(self) -> str:
        """This family's generation, and those of the families it depends on."""
        return "-".join(str(family.generation()) for family in (self, *self.depends_on))

    # --- pages ------------------------------------------------------------------------
    def is_cacheable_request(self, request) -> bool:
        if request.method not in ("GET", "HEAD"):
            return False
        if "messages" in request.COOKIES:
            return False
        if not self.parameters.issuperset(request.GET.keys()):
            return False
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            # Looking the session up costs a query; visitors without one never pay it.
            return not request.user.is_authenticated
        return True

    def page_key(self, request) -> str:
        digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        notice = "1" if request.COOKIES.get(COOKIE_NOTICE_SEEN) else "0"
        language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
        generation = self.key_generation()
        return f"{self.namespace}:page:{generation}:{language}:{notice}:{digest}"

    def _last_modified(self, response) -> int | None:
        """The later of what the view says and the last change to anything these pages show."""
        candidates = [
            safely(cache.get, family.changed_at_key) for family in (self, *self.depends_on)
        ]
        view_value = getattr(response, "last_modified", None)
        if view_value is not None:
            candidates.append(int(view_value.timestamp()))
        elif response.has_header("Last-Modified"):
            candidates.append(parse_http_date_safe(response["Last-Modified"]))
        candidates = [c for c in candidates if c]
        return max(candidates) if candidates else None

    def _serve(self, request, entry):
        if self.on_serve is not None:
            self.on_serve(entry)
        content = entry["content"]
        etag, last_modified = entry["etag"], entry["last_modified"]
        filled = []
        for name, value in self.live_fields.items():
            placeholder = _live_placeholder(name).encode()
            if placeholder in content:
                filled.append(str(value(entry)).encode())
                content = content.replace(placeholder, filled[-1])
        if filled:
            # The page changes with its live values: so does its ETag (no stale 304).
            digest = hashlib.sha256(b"\0".join(filled)).hexdigest()[:12]
            etag = f'{etag[:-1]}-{digest}"'
        if CSRF_PLACEHOLDER.encode() in content:
            content = content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
        response = HttpResponse(content, content_type=entry["content_type"])
        response["ETag"] = etag
        if last_modified:
            response["Last-Modified"] = http_date(last_modified)
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        return get_conditional_response(
            request, etag=etag, last_modified=last_modified, response=response
        )

    def _recall(self, key):
        kept = self._pages.get(key)
        if kept is None:
            return None
        if kept[0] > time.monotonic() and kept[1].get("expires", 0) > time.time():
            return kept[1]
        self._pages.pop(key, None)
        return None

    def _keep(self, key, entry) -> None:
        if entry is None or not is_shared_store():
            return
        if len(self._pages) >= PAGE_MEMO_SIZE:
            self._pages.clear()
        self._pages[key] = (time.monotonic() + PAGE_MEMO_SECONDS, entry)

    def page(self, view):
        """Decorator: serve anonymous GETs from the cache; render, store and serve otherwise.

        The view may set `response.last_modified` (an aware datetime),
        `response.cache_ttl` (seconds the page stays right) and the attributes
        named in `remember`.
        """

        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not self.is_cacheable_request(request):
                response = view(request, *args, **kwargs)
                if self.on_serve is not None:
                    self.on_serve({name: getattr(response, name, None) for name in self.remember})
                return response
            try:
                key = self.page_key(request)
                entry = self._recall(key)
                if entry is None:
                    entry = cache.get(key)
                    self._keep(key, entry)
            except Exception:
                logger.warning("The page cache is unavailable", exc_info=True)
                key = entry = None
            if entry is None:
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and callable(response.render):
                    response.context_data = response.context_data or {}
                    response.context_data["csrf_token"] = CSRF_PLACEHOLDER
                    for name in self.live_fields:
                        response.context_data[name] = _live_placeholder(name)
                    response.render()
                if response.status_code != 200 or response.streaming:
                    return response
                entry = {
                    "content": response.content,
                    "content_type": response["Content-Type"],
                    "etag": f'"{hashlib.sha256(response.content).hexdigest()[:32]}"',
                    "last_modified": self._last_modified(response),
                    **{name: getattr(response, name, None) for name in self.remember},
                }
                if key is not None and keeps_pages():
                    ttl = self.ttl()
                    view_ttl = getattr(response, "cache_ttl", None)
                    if view_ttl is not None:
                        ttl = min(ttl, view_ttl)
                    if ttl > 0:
                        entry["expires"] = time.time() + ttl
                        safely(cache.set, key, entry, ttl)
                        self._keep(key, entry)
            return self._serve(request, entry)

        return wrapper
