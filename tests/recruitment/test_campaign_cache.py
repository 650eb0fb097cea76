"""The campaign page is cached whole for anonymous visitors and never shown stale."""

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends import locmem
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal import pagecache
from recruitment import live
from recruitment.cache import ACCEPTING_PAGE_TTL, campaign_pages, page_ttl_for

pytestmark = pytest.mark.django_db

PAGE = "/en/campaigns/liangjiang-live/"


@pytest.fixture(autouse=True)
def local_memory_cache(settings):
    """These tests read the local-memory cache's own bookkeeping (keys, expiry times),
    so they use it even where the suite runs with REDIS_URL."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "campaign-page-tests",
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


def test_a_second_anonymous_visit_runs_no_query(client, campaign, django_assert_num_queries):
    first = client.get(PAGE)

    with django_assert_num_queries(0):
        second = client.get(PAGE)

    assert second.status_code == 200
    assert second["ETag"] == first["ETag"]
    assert "Battery engineer" in second.content.decode()


def test_the_cached_page_answers_304_to_a_matching_etag(client, campaign):
    etag = client.get(PAGE)["ETag"]

    response = client.get(PAGE, headers={"if-none-match": etag})

    assert response.status_code == 304
    assert client.get(PAGE)["Last-Modified"]


def test_english_and_chinese_visitors_get_their_own_cached_page(client, campaign):
    client.get(PAGE, headers={"accept-language": "zh-hans"})

    english = client.get(PAGE, headers={"accept-language": "en"})

    assert '<html lang="en"' in english.content.decode()


@pytest.mark.parametrize(
    "edit, expected",
    [
        ("campaign title", "Spring talent livestream"),
        ("job title", "Senior battery engineer"),
        ("employer name", "Chongqing Changan Automobile"),
        ("job removed", None),
    ],
)
def test_an_edit_shows_on_the_next_visit(client, campaign, shared_cache, edit, expected):
    client.get(PAGE)
    job = campaign.jobs.get(slug="battery-engineer")
    if edit == "campaign title":
        campaign.title = expected
        campaign.save()
    elif edit == "job title":
        job.title = expected
        job.save()
    elif edit == "employer name":
        job.organization.name = expected
        job.organization.save()
    else:
        campaign.jobs.remove(job)

    html = client.get(PAGE).content.decode()

    if expected:
        assert expected in html
    else:
        assert "Battery engineer" not in html


def test_staff_get_a_fresh_page_with_the_control_link(client, campaign, recruiter):
    client.get(PAGE)  # an anonymous visit fills the cache
    client.force_login(recruiter)

    html = client.get(PAGE).content.decode()

    assert 'href="/en/campaigns/liangjiang-live/presenting/"' in html


def test_anonymous_visitors_never_get_the_staff_page(client, campaign, recruiter):
    client.force_login(recruiter)
    client.get(PAGE)
    client.logout()

    assert "/presenting/" not in client.get(PAGE).content.decode()


def test_the_page_turns_live_when_the_stream_starts(client, campaign, shared_cache):
    now = timezone.now()
    campaign.stream_starts_at = now + timedelta(seconds=30)
    campaign.stream_ends_at = now + timedelta(hours=2)
    campaign.save()
    assert "Upcoming livestream" in client.get(PAGE).content.decode()

    later = now + timedelta(seconds=31)
    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        mock.patch.object(locmem.time, "time", return_value=later.timestamp()),
    ):
        html = client.get(PAGE).content.decode()

    assert "Live now" in html


def test_a_page_is_kept_no_longer_than_until_the_next_change_of_state(
    client, campaign, shared_cache
):
    now = timezone.now()
    campaign.opens_at = now + timedelta(days=1)  # not accepting yet: no counter to refresh
    campaign.closes_at = now + timedelta(days=30)
    campaign.stream_starts_at = now + timedelta(seconds=40)
    campaign.save()

    assert 38 <= page_ttl_for(campaign) <= 40
    response = client.get(PAGE)
    key = campaign_pages.page_key(response.wsgi_request)
    assert cache._expire_info[cache.make_and_validate_key(key)] <= now.timestamp() + 41


def test_while_applications_come_in_a_page_is_kept_only_seconds(campaign, shared_cache):
    assert page_ttl_for(campaign) == ACCEPTING_PAGE_TTL


def test_after_the_campaign_a_page_is_kept_the_full_time(closed_campaign, shared_cache):
    assert page_ttl_for(closed_campaign) == pagecache.PAGE_TTL


@pytest.mark.parametrize("query", ["?utm_source=wechat", "?x=1", "?page=2"])
def test_unknown_query_strings_are_rendered_but_not_stored(client, campaign, query):
    response = client.get(PAGE + query)

    assert response.status_code == 200
    assert not any(":page:" in str(key) for key in cache._cache)


def page_reads(get) -> int:
    """Reads of the page cache (the live counter has its own memo and keys)."""
    return sum(1 for call in get.call_args_list if str(call.args[0]).startswith("campaigns:"))


def test_with_a_shared_cache_a_popular_page_costs_no_cache_read_within_a_second(
    client, campaign, shared_cache
):
    client.get(PAGE)
    real_get = cache.get

    with mock.patch.object(pagecache.cache, "get", side_effect=real_get) as get:
        assert client.get(PAGE).status_code == 200
    assert page_reads(get) == 0

    later = time.monotonic() + pagecache.PAGE_MEMO_SECONDS + 0.1
    with (
        mock.patch.object(pagecache.cache, "get", side_effect=real_get) as get,
        mock.patch.object(pagecache.time, "monotonic", return_value=later),
    ):
        assert client.get(PAGE).status_code == 200
    assert page_reads(get) == 2  # the generation, then the page


def test_with_the_cache_turned_off_every_visit_renders_the_page(client, campaign, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    client.get(PAGE)

    with CaptureQueriesContext(connection) as queries:
        assert "Battery engineer" in client.get(PAGE).content.decode()

    assert len(queries) > 0


def test_the_cached_page_shows_the_counter_as_it_is_now(client, campaign):
    assert "data-live-count>0<" in client.get(PAGE).content.decode()
    for _ in range(1234):  # what accepted applications do
        live.count_new_application(campaign)
    caches["local"].clear()  # as another web process sees it

    html = client.get(PAGE).content.decode()

    assert "data-live-count>1,234<" in html
    assert "placeholder" not in html
