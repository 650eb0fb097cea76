"""The campaign page is cached whole for anonymous visitors and never shown stale."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.pages import PAGE_TIMEOUT
from recruitment import live
from recruitment.models import Campaign, Job

pytestmark = pytest.mark.django_db

PAGE = "/en/campaigns/liangjiang-live/"


@pytest.fixture(autouse=True)
def local_memory_cache(settings):
    """These tests move the clock past the pages' expiry, so they use local memory even
    where the suite runs with REDIS_URL."""
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


def retitle_job_without_a_signal(title="Retitled without a signal"):
    Job.objects.filter(slug="battery-engineer").update(title=title)
    return title


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
    client.get("/zh-hans/campaigns/liangjiang-live/")

    english = client.get(PAGE)

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
def test_an_edit_shows_on_the_next_visit(client, campaign, edit, expected):
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


def test_the_page_turns_live_when_the_stream_starts(client, campaign, later):
    now = timezone.now()
    campaign.stream_starts_at = now + timedelta(seconds=30)
    campaign.stream_ends_at = now + timedelta(hours=2)
    campaign.save()
    assert "Upcoming livestream" in client.get(PAGE).content.decode()

    with later(31):
        html = client.get(PAGE).content.decode()

    assert ">Live<" in html


def test_a_page_is_kept_no_longer_than_until_the_next_change_of_state(client, campaign, later):
    now = timezone.now()
    campaign.opens_at = now + timedelta(days=1)  # not accepting yet: no counter to refresh
    campaign.closes_at = now + timedelta(days=30)
    campaign.stream_starts_at = now + timedelta(seconds=40)
    campaign.save()
    client.get(PAGE)
    title = retitle_job_without_a_signal()

    with later(35):
        assert title not in client.get(PAGE).content.decode()
    with later(41):
        assert title in client.get(PAGE).content.decode()


def test_while_applications_come_in_a_page_is_kept_only_seconds(client, campaign, later):
    assert campaign.is_accepting()
    client.get(PAGE)
    title = retitle_job_without_a_signal()

    with later(settings.ACCEPTING_CAMPAIGN_PAGE_SECONDS - 2):
        assert title not in client.get(PAGE).content.decode()
    with later(settings.ACCEPTING_CAMPAIGN_PAGE_SECONDS + 1):
        assert title in client.get(PAGE).content.decode()


def test_after_the_campaign_a_page_is_kept_the_full_time(client, closed_campaign, later):
    url = closed_campaign.get_absolute_url()
    client.get(url)
    Campaign.objects.filter(pk=closed_campaign.pk).update(title="Retitled without a signal")

    with later(PAGE_TIMEOUT - 5):
        assert "Retitled without a signal" not in client.get(url).content.decode()
    with later(PAGE_TIMEOUT + 1):
        assert "Retitled without a signal" in client.get(url).content.decode()


@pytest.mark.parametrize("query", ["?utm_source=wechat", "?x=1", "?page=2"])
def test_unknown_query_strings_are_rendered_but_not_stored(client, campaign, query):
    assert client.get(PAGE + query).status_code == 200

    with CaptureQueriesContext(connection) as queries:
        assert client.get(PAGE + query).status_code == 200

    assert len(queries) > 0


def test_with_the_cache_turned_off_every_visit_renders_the_page(client, campaign, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    client.get(PAGE)

    with CaptureQueriesContext(connection) as queries:
        assert "Battery engineer" in client.get(PAGE).content.decode()

    assert len(queries) > 0


def test_the_counter_on_a_cached_page_is_at_most_seconds_old(client, campaign, later):
    assert re.search(r"data-live-count [^>]* hidden></span>", client.get(PAGE).content.decode())
    for _ in range(1234):  # what accepted applications do
        live.count_new_application(campaign)
    caches["local"].clear()  # as another web process sees it

    with later(settings.ACCEPTING_CAMPAIGN_PAGE_SECONDS + 1):
        html = client.get(PAGE).content.decode()

    assert ">More than 1,200 applied<" in html
