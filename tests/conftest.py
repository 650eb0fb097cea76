"""Shared fixtures: isolated file storage, an isolated and clean cache, and the staff roles."""

import contextlib
import io
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache, caches
from django.core.cache.backends import locmem
from django.test import override_settings
from django.utils import timezone, translation
from PIL import Image

from portal.roles import EDITORS, EMPLOYER_HR, RECRUITERS

# The embedded default keeps its cache in files under var/, shared by every process
# of the checkout (a running `make run` too): the tests keep theirs in memory, or in
# their own Redis db with REDIS_URL.
if settings.CACHES["default"]["BACKEND"] == "diskcache.DjangoCache":
    override_settings(
        CACHES={
            **settings.CACHES,
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        }
    ).enable()


@pytest.fixture(autouse=True)
def isolated_storage(settings, tmp_path):
    """Every test writes its uploads under its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {
            "BACKEND": "portal.storage.DurableFileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
        # No collectstatic in tests: the finders serve the static folder.
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    return tmp_path


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a request activates its page's
    language in the thread, and URLs reversed afterwards carry that prefix."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def clear_cache():
    """Each test starts as a fresh process would: an empty shared and local cache."""
    for alias in (cache, caches["local"]):
        alias.clear()
    # A running site reads the footer's settings once (after an edit or a cache restart:
    # see tests/portal/test_site_settings.py), then keeps them in the cache. Tests start
    # there, with nothing saved yet, so a page's query count is the page's own.
    from portal.models import SiteSettings

    cache.set(SiteSettings.CACHE_KEY, SiteSettings(), None)
    yield
    for alias in (cache, caches["local"]):
        alias.clear()


@pytest.fixture
def later():
    """`with later(seconds):` the clock moved ahead, for Django and for the expiry of the
    local-memory cache (tests that use it cannot run on Redis's own clock)."""

    @contextlib.contextmanager
    def move(seconds):
        moment = timezone.now() + timedelta(seconds=seconds)
        with (
            mock.patch("django.utils.timezone.now", return_value=moment),
            mock.patch.object(locmem.time, "time", return_value=moment.timestamp()),
        ):
            yield moment

    return move


def _staff(django_user_model, username, group_name):
    user = django_user_model.objects.create_user(
        username=username,
        email=f"{username}@example.com",
        password="a-long-test-password",
        is_staff=True,
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(db, django_user_model):
    return _staff(django_user_model, "editor", EDITORS)


@pytest.fixture
def recruiter(db, django_user_model):
    return _staff(django_user_model, "recruiter", RECRUITERS)


@pytest.fixture
def employer_hr_user(db, django_user_model):
    return _staff(django_user_model, "hr", EMPLOYER_HR)


def image_bytes(fmt="JPEG", size=(1200, 800), color="#0b5cad", exif=None) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, color)
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(out, fmt, **kwargs)
    return out.getvalue()
