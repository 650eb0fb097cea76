"""The home page is cached whole for anonymous visitors and never shown stale."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from articles.models import Article, Section
from portal.pages import PAGE_TIMEOUT
from recruitment.models import Campaign

pytestmark = pytest.mark.django_db

HOME = "/en/"


@pytest.fixture(autouse=True)
def local_memory_cache(settings):
    """These tests move the clock past the pages' expiry, so they use local memory even
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


def open_campaign(**fields):
    now = timezone.now()
    return Campaign.objects.create(
        title="Liangjiang talent livestream",
        slug="liangjiang-live",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=30),
        **fields,
    )


def rename_park_without_a_signal(park, name="Renamed without a signal"):
    park.__class__.objects.filter(pk=park.pk).update(name=name)
    return name


def test_a_second_anonymous_visit_runs_no_query(client, organization, django_assert_num_queries):
    first = client.get(HOME)

    with django_assert_num_queries(0):
        second = client.get(HOME)

    assert second.status_code == 200
    assert second["ETag"] == first["ETag"]
    assert "Lijia Intelligent Park" in second.content.decode()
    assert client.get(HOME, headers={"if-none-match": first["ETag"]}).status_code == 304


def test_each_language_has_its_own_cached_page(client, park):
    client.get(HOME)

    assert '<html lang="zh-hans"' in client.get("/zh-hans/").content.decode()


def test_a_renamed_park_shows_at_once(client, park):
    client.get(HOME)
    park.name = "Lijia Smart City Park"
    park.save()

    assert "Lijia Smart City Park" in client.get(HOME).content.decode()


def test_a_published_article_shows_at_once(client, park):
    client.get(HOME)
    Article.objects.create(
        title="A new battery plant opens",
        slug="battery-plant",
        standfirst="Production starts in Liangjiang.",
        body_markdown="Body.",
        section=Section.objects.create(name="News", slug="news"),
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now() - timedelta(minutes=1),
    )

    assert "A new battery plant opens" in client.get(HOME).content.decode()


def test_a_scheduled_article_shows_at_its_time(client, park, later):
    Article.objects.create(
        title="A new battery plant opens",
        slug="battery-plant",
        standfirst="Production starts in Liangjiang.",
        body_markdown="Body.",
        section=Section.objects.create(name="News", slug="news"),
        status=Article.Status.SCHEDULED,
        publish_at=timezone.now() + timedelta(seconds=60),
    )
    assert "A new battery plant opens" not in client.get(HOME).content.decode()

    with later(61):
        assert "A new battery plant opens" in client.get(HOME).content.decode()


def test_a_campaign_edit_shows_at_once(client, park):
    campaign = open_campaign()
    assert "Liangjiang talent livestream" in client.get(HOME).content.decode()
    campaign.title = "Spring talent livestream"
    campaign.save()

    assert "Spring talent livestream" in client.get(HOME).content.decode()


def test_while_a_campaign_takes_applications_the_page_is_kept_only_seconds(client, park, later):
    open_campaign()
    client.get(HOME)
    name = rename_park_without_a_signal(park)

    with later(settings.ACCEPTING_CAMPAIGN_PAGE_SECONDS - 2):
        assert name not in client.get(HOME).content.decode()
    with later(settings.ACCEPTING_CAMPAIGN_PAGE_SECONDS + 1):
        assert name in client.get(HOME).content.decode()


def test_without_a_campaign_the_page_is_kept_the_full_time(client, park, later):
    client.get(HOME)
    name = rename_park_without_a_signal(park)

    with later(PAGE_TIMEOUT - 5):
        assert name not in client.get(HOME).content.decode()
    with later(PAGE_TIMEOUT + 1):
        assert name in client.get(HOME).content.decode()


def test_a_signed_in_editor_gets_a_fresh_page(client, editor, park):
    client.get(HOME)
    client.force_login(editor)
    name = rename_park_without_a_signal(park)

    assert name in client.get(HOME).content.decode()


def test_a_page_with_a_message_is_never_served_from_the_cache(client, park):
    client.get(HOME)
    name = rename_park_without_a_signal(park)
    client.cookies["messages"] = "anything"

    assert name in client.get(HOME).content.decode()


def test_a_post_is_never_answered_from_the_cache(client, park):
    client.get(HOME)

    assert client.post(HOME).status_code == 405
