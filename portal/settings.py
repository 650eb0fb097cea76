"""Settings for the Liangjiang portal, configured only from the environment.

Every variable is listed with its default in `.env.example`. Junk values fail
loudly at start-up (ImproperlyConfigured) instead of being silently ignored.
Without any variable set the portal runs on its embedded defaults: SQLite,
a cache in files under var/cache/ that all processes share, files on local disk and
tasks run immediately.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
# A checkout's own state: the SQLite database, the cache, mail, uploads (private, 0700).
VAR_DIR = Path(os.environ.get("VAR_DIR") or BASE_DIR / "var")

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.strip().lower() in _TRUE:
        return True
    if value.strip().lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
HTTPS = env_bool("DJANGO_HTTPS", False)

# On a checkout, `manage.py` generates one and keeps it in var/ (`make run` serves with it).
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off "
            "(`make run` generates one under var/)."
        )
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Before the admin: it registers the translated columns and their admin widgets.
    "modeltranslation",
    "portal.apps.PortalAdminConfig",  # django.contrib.admin on the portal's own site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "portal",
    "articles",
    "recruitment",
]

MIDDLEWARE = [
    # ETag and 304 for every answer; then the page cache (portal/pages.py), whose
    # UpdateCacheMiddleware must see every header the other middleware set and whose
    # FetchFromCacheMiddleware comes last.
    "django.middleware.http.ConditionalGetMiddleware",
    "portal.pages.UpdateCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.RejectNulBytesMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lock-out answer.
    "axes.middleware.AxesMiddleware",
    "portal.pages.FetchFromCacheMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
# PostgreSQL through DATABASE_URL in production and CI; SQLite in WAL mode
# otherwise. IMMEDIATE transactions make SQLite writers queue on the busy
# timeout instead of failing with "database is locked" under a burst.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    try:
        DATABASES = {
            "default": dj_database_url.parse(
                DATABASE_URL,
                conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
                conn_health_checks=True,
            )
        }
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }
# DATABASE_POOLER=pgbouncer: DATABASE_URL names PgBouncer in transaction pooling mode,
# where consecutive transactions of one connection may run on different server
# sessions. Nothing may then outlive a transaction on the server: no named cursor
# (QuerySet.iterator() outside atomic() would lose it), no prepared statement (Django
# binds parameters on the client anyway; psycopg is told never to prepare). The
# portal sets no session state of its own (SET LOCAL only, inside atomic()).
DATABASE_POOLER = os.environ.get("DATABASE_POOLER", "").strip().lower()
if DATABASE_POOLER not in ("", "pgbouncer"):
    raise ImproperlyConfigured(
        f"DATABASE_POOLER must be pgbouncer or empty, not {DATABASE_POOLER!r}"
    )
if DATABASE_POOLER:
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_POOLER=pgbouncer needs a postgres:// DATABASE_URL.")
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = None
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
                # A cache outage never breaks a page or an edit: a read finds nothing,
                # a write is dropped, and the error is logged.
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    # The embedded default: SQLite files under var/cache/ that every process of the
    # machine shares (make run's workers, manage.py commands, the task worker), with
    # atomic add and incr across processes. Rate limits, the live counter and page
    # invalidation must be one for all workers; a per-process memory cache is not.
    CACHES = {
        "default": {
            "BACKEND": "diskcache.DjangoCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "OPTIONS": {"size_limit": 2**28},
        }
    }

# "local": this process's own memory, for values every request would otherwise
# fetch again and that may be a few seconds stale (a campaign's intake settings,
# the live counter's last reading). Nothing shared between workers lives here.
CACHES["local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "portal-local",
    "TIMEOUT": 60,
}

# --- Background tasks (Django Tasks API) ------------------------------------
# `immediate` runs a task inside the request that enqueued it (after commit);
# `database` stores it durably for `manage.py db_worker`.
TASKS_BACKEND = os.environ.get("DJANGO_TASKS_BACKEND", "immediate")
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"DJANGO_TASKS_BACKEND must be one of {sorted(_TASK_BACKENDS)}, not {TASKS_BACKEND!r}"
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND]}}

# --- Authentication ---------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Brute-force protection for the admin login: after AXES_FAILURE_LIMIT failures
# for one username from one address, that pair is locked out for AXES_COOLOFF.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "portal.net.client_ip"
AXES_LOCKOUT_TEMPLATE = "portal/lockout.html"
LOGIN_URL = "admin:login"
# Staff sign in only through the admin: a missing or refused `next` lands there too.
LOGIN_REDIRECT_URL = "admin:index"

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Content in both languages (django-modeltranslation): `name` reads `name_en` or
# `name_zh_hans` for the active language and falls back to the other one where a
# translation is missing (templates mark such a fallback with `lang`).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "zh-hans")}
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media files -------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Résumés and other personal files: never below MEDIA_URL, only handed out by
# permission-checked views.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
# Public uploads (images, logos) are served by Django itself unless a web
# server or object storage in front of it does the job.
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "portal.storage.DurableFileSystemStorage",
        "OPTIONS": {
            "location": PRIVATE_MEDIA_ROOT,
            "base_url": None,
            # Not even the web server's group reads a résumé.
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Where browsers fetch media from, besides this site (the Content-Security-Policy's img-src).
MEDIA_ORIGINS = []

# Several machines: every file in S3-compatible object storage (django-storages), public
# media in one bucket that anonymous readers may read, résumés in another that only the
# portal's keys can. The buckets exist before the portal starts; it creates nothing else.
S3_PRIVATE_BUCKET = os.environ.get("S3_PRIVATE_BUCKET", "").strip()
S3_MEDIA_BUCKET = os.environ.get("S3_MEDIA_BUCKET", "").strip()
if S3_MEDIA_BUCKET and not S3_PRIVATE_BUCKET:
    raise ImproperlyConfigured(
        "S3_MEDIA_BUCKET is set but S3_PRIVATE_BUCKET is not: object storage needs both."
    )
if S3_PRIVATE_BUCKET:
    if not S3_MEDIA_BUCKET:
        raise ImproperlyConfigured("S3_PRIVATE_BUCKET is set: set S3_MEDIA_BUCKET too.")
    if S3_MEDIA_BUCKET == S3_PRIVATE_BUCKET:
        raise ImproperlyConfigured(
            "S3_MEDIA_BUCKET and S3_PRIVATE_BUCKET must differ: anonymous readers may "
            "read the media bucket."
        )
    S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL", "").strip().rstrip("/") or None
    S3_REGION = os.environ.get("S3_REGION", "").strip() or "us-east-1"
    S3_ADDRESSING_STYLE = os.environ.get("S3_ADDRESSING_STYLE", "").strip() or "path"
    if S3_ADDRESSING_STYLE not in ("path", "virtual"):
        raise ImproperlyConfigured(
            f"S3_ADDRESSING_STYLE must be path or virtual, not {S3_ADDRESSING_STYLE!r}"
        )
    _s3_keys = [
        os.environ.get(name) or None for name in ("S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY")
    ]
    if (_s3_keys[0] is None) != (_s3_keys[1] is None):
        raise ImproperlyConfigured("Set S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY together.")
    if S3_ENDPOINT_URL and urlsplit(S3_ENDPOINT_URL).scheme not in ("http", "https"):
        raise ImproperlyConfigured(
            f"S3_ENDPOINT_URL must be an http(s) URL, not {S3_ENDPOINT_URL!r}"
        )
    if S3_ENDPOINT_URL:
        _media_default = f"{S3_ENDPOINT_URL}/{S3_MEDIA_BUCKET}/"
    elif S3_ADDRESSING_STYLE == "virtual":
        _media_default = f"https://{S3_MEDIA_BUCKET}.s3.{S3_REGION}.amazonaws.com/"
    else:
        _media_default = f"https://s3.{S3_REGION}.amazonaws.com/{S3_MEDIA_BUCKET}/"
    MEDIA_URL = os.environ.get("S3_MEDIA_URL", "").strip() or _media_default
    if not MEDIA_URL.endswith("/"):
        MEDIA_URL += "/"
    if urlsplit(MEDIA_URL).scheme not in ("http", "https") or not urlsplit(MEDIA_URL).netloc:
        raise ImproperlyConfigured(f"S3_MEDIA_URL must be an http(s) URL, not {MEDIA_URL!r}")
    MEDIA_ORIGINS = [f"{urlsplit(MEDIA_URL).scheme}://{urlsplit(MEDIA_URL).netloc}"]
    _s3 = {
        "endpoint_url": S3_ENDPOINT_URL,
        "region_name": S3_REGION,
        "addressing_style": S3_ADDRESSING_STYLE,
        "access_key": _s3_keys[0],
        "secret_key": _s3_keys[1],
    }
    STORAGES["default"] = {
        "BACKEND": "portal.storage.PublicMediaStorage",
        "OPTIONS": {**_s3, "bucket_name": S3_MEDIA_BUCKET, "media_url": MEDIA_URL},
    }
    STORAGES["private"] = {
        "BACKEND": "portal.storage.PrivateObjectStorage",
        "OPTIONS": {**_s3, "bucket_name": S3_PRIVATE_BUCKET},
    }
    # Browsers fetch media from the bucket or its CDN; nothing is left for Django to serve.
    SERVE_MEDIA = False

# The processes write with umask 077 (manage.py, portal/wsgi.py): public files and
# their folders (uploads, collected static files) are opened to the group here, so a
# web server in that group can serve them.
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Decompression-bomb guard for every image opened with Pillow.
MAX_IMAGE_PIXELS = env_int("MAX_IMAGE_PIXELS", 40_000_000)

# --- Email ------------------------------------------------------------------
# By default mail is written to files in a private folder (var/mail/, one file per
# message), never to the console: a confirmation carries the candidate's status link,
# and whatever a process prints ends up in a log.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = Path(os.environ.get("EMAIL_FILE_PATH") or VAR_DIR / "mail")
if EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend":
    raise ImproperlyConfigured(
        "EMAIL_BACKEND must not be the console backend: mail carries status links, and "
        "the console is logged. Use django.core.mail.backends.filebased.EmailBackend."
    )
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Liangjiang Portal <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security ---------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# Content-Security-Policy on every HTML page (django-csp): scripts and styles only
# from our own static files, never inline, so injected markup cannot run. Players
# are framed only from the hosts recruitment.livestream.EMBED_PLATFORMS allows; an
# HLS stream may come from any https host. The API docs relax it for their own view.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *MEDIA_ORIGINS],
        "media-src": ["'self'", "https:"],
        "frame-src": [
            "'self'",
            "https://player.bilibili.com",
            "https://www.youtube-nocookie.com",
            "https://www.youtube.com",
            "https://player.vimeo.com",
            "https://v.qq.com",
            "https://player.youku.com",
        ],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}

# Addresses of reverse proxies whose X-Forwarded-For header is believed.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
# Applications accepted per minute per client address; 0 turns the limit off.
INTAKE_RATE_LIMIT = env_int("INTAKE_RATE_LIMIT", 10)
# Contact messages and update requests per hour per client address; 0 turns it off.
CONTACT_RATE_LIMIT = env_int("CONTACT_RATE_LIMIT", 5)
# Back office: applications are erased this many days after their campaign closes.
APPLICATION_RETENTION_DAYS = env_int("APPLICATION_RETENTION_DAYS", 180)
# While a campaign takes applications, a cached page showing its live counter is kept
# this many seconds: without JavaScript its figure is at most that old.
ACCEPTING_CAMPAIGN_PAGE_SECONDS = 10

# --- REST API ---------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PARSER_CLASSES": [
        "portal.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # Its links are on SITE_URL, never on the request's Host.
    "DEFAULT_PAGINATION_CLASS": "portal.siteurl.SitePagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Liangjiang Portal API",
    "DESCRIPTION": "News, the zone directory, jobs, campaigns and résumé intake.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The docs page's JavaScript is served from our own static files, never a CDN.
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Choice sets shared by several fields, named once in the schema.
    "ENUM_NAME_OVERRIDES": {
        "ApplicationStageEnum": "recruitment.models.Application.Stage",
        "ApplicationEducationEnum": "recruitment.models.APPLICATION_EDUCATION",
        "JobEducationEnum": "recruitment.models.JOB_EDUCATION",
    },
    # The docs' sections, in this order; every operation carries one of them.
    "TAGS": [
        {"name": "News", "description": "Articles and sections."},
        {"name": "Directory", "description": "Parks, organisations, industries, programmes."},
        {"name": "Jobs and campaigns", "description": "Open jobs and livestream campaigns."},
        {"name": "Applications", "description": "Applying, and the candidate's own record."},
        {"name": "Search", "description": "The site search."},
        {"name": "Back office", "description": "Staff only: session or token."},
    ],
    # Every answer an operation may give, not only its success (portal/openapi.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "portal.openapi.describe_every_answer",
    ],
}

# --- Logging ----------------------------------------------------------------
# Requests are not logged with their bodies or query strings anywhere: personal
# data and status tokens must never reach a log. Whatever another library writes
# goes through RedactPersonalData (status links, tokens, email addresses and phone
# numbers masked); portal/wsgi.py gives gunicorn's own logs the same filter.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "portal.logfilters.RedactPersonalData"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # The development server's request lines, through the same filter.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "jieba": {"level": "WARNING"},
    },
}

SITE_NAME = _("Liangjiang Portal")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
