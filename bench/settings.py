"""Settings for benchmark servers: the product's settings plus the baseline views.

Served by the same gunicorn as the product, so every baseline is measured in
the same processes, with the same middleware, as the pages it is compared
with. Extra environment variables, read only here:

- ``BENCH_CACHE``: ``dummy`` turns the page cache off (the "cold" read runs)
  and nothing else: the cache that Django's cache middleware and ``cache_page``
  use (``CACHE_MIDDLEWARE_ALIAS``) becomes one that keeps nothing, while the
  ``default`` cache (counters, rate limits, fragments) and ``local`` stay as in
  production. Anything else keeps the product's caches (Redis with ``REDIS_URL``).
- ``BENCH_SQLITE_PATH``: the SQLite file when ``DATABASE_URL`` is unset, so a
  benchmark never touches the site's own ``var/db.sqlite3``.
- ``BENCH_UPLOAD_ROOT``: where the upload floor writes its files.
"""

import copy
import os
from pathlib import Path

from portal.settings import *  # noqa: F403
from portal.settings import BASE_DIR, CACHES, DATABASES, TEMPLATES, VAR_DIR

ROOT_URLCONF = "bench.urls"

# The bench templates live beside the bench code; bench is not an installed app.
TEMPLATES = copy.deepcopy(TEMPLATES)
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]

PAGE_CACHE_OFF = os.environ.get("BENCH_CACHE", "").strip().lower() == "dummy"
if PAGE_CACHE_OFF:
    CACHES = {**CACHES, "pages-off": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    CACHE_MIDDLEWARE_ALIAS = "pages-off"

if os.environ.get("BENCH_SQLITE_PATH") and DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES = copy.deepcopy(DATABASES)
    DATABASES["default"]["NAME"] = Path(os.environ["BENCH_SQLITE_PATH"])

BENCH_UPLOAD_ROOT = Path(os.environ.get("BENCH_UPLOAD_ROOT", VAR_DIR / "bench" / "floor"))
