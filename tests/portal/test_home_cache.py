"""The home page is cached whole for anonymous visitors and never shown stale."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

import articles.cache
from articles.models import Article, Section
from portal import pagecache
from portal.cache import home_pages
from recruitment.cache import ACCEPTING_PAGE_TTL
from recruitment.models import Campaign

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def local_memory_cache(settings):
    """These tests read the local-memory cache's expiry times, so they use it even
    where the suite runs with REDIS_URL."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "home-page-tests",
        },
    }
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def shared_cache(monkeypatch):
    """Pages kept as long as with Redis (local memory otherwise keeps them 5 s)."""
    monkeypatch.setattr(pagecache, "is_process_local", lambda: False)
    monkeypatch.setattr(pagecache, "is_shared_store", lambda: True)
    monkeypatch.setattr(articles.cache, "is_process_local", lambda: False)


def open_campaign(**fields):
    now = timezone.now()
    return Campaign.objects.create(
        title="Liangjiang talent livestream",
        slug="liangjiang-live",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=30),
        **fields,
    )


def test_a_second_anonymous_visit_runs_no_query(client, organization, django_assert_num_queries):
    first = client.get("/en/")

    with django_assert_num_queries(0):
        second = client.get("/en/")

    assert second.status_code == 200
    assert second["ETag"] == first["ETag"]
    assert "Lijia Intelligent Park" in second.content.decode()
    assert client.get("/en/", headers={"if-none-match": first["ETag"]}).status_code == 304


def test_a_renamed_park_shows_at_once(client, park):
    client.get("/en/")
    park.name = "Lijia Smart City Park"
    park.save()

    assert "Lijia Smart City Park" in client.get("/en/").content.decode()


def test_a_published_article_shows_at_once(client, park):
    client.get("/en/")
    Article.objects.create(
        title="A new battery plant opens",
        slug="battery-plant",
        standfirst="Production starts in Liangjiang.",
        body_markdown="Body.",
        section=Section.objects.create(name="News", slug="news"),
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now() - timedelta(minutes=1),
    )

    assert "A new battery plant opens" in client.get("/en/").content.decode()


def test_a_campaign_edit_shows_at_once(client, park):
    campaign = open_campaign()
    assert "Liangjiang talent livestream" in client.get("/en/").content.decode()
    campaign.title = "Spring talent livestream"
    campaign.save()

    assert "Spring talent livestream" in client.get("/en/").content.decode()


def test_while_a_campaign_takes_applications_the_page_is_kept_only_seconds(
    client, park, shared_cache
):
    open_campaign()
    now = timezone.now().timestamp()

    response = client.get("/en/")

    key = home_pages.page_key(response.wsgi_request)
    assert cache._expire_info[cache.make_and_validate_key(key)] <= now + ACCEPTING_PAGE_TTL + 1


def test_without_a_campaign_the_page_is_kept_the_full_time(client, park, shared_cache):
    now = timezone.now().timestamp()

    response = client.get("/en/")

    key = home_pages.page_key(response.wsgi_request)
    assert cache._expire_info[cache.make_and_validate_key(key)] >= now + pagecache.PAGE_TTL - 1


def test_a_signed_in_editor_gets_a_fresh_page(client, editor, park):
    client.get("/en/")
    client.force_login(editor)
    park.__class__.objects.filter(pk=park.pk).update(name="Renamed without a signal")

    assert "Renamed without a signal" in client.get("/en/").content.decode()
