"""The live counter polled by every livestream viewer: /campaigns/<slug>/live.json."""

import time
from datetime import timedelta

import pytest
from django.core.cache import cache, caches
from django.utils import timezone

from .conftest import application_data

pytestmark = pytest.mark.django_db

LIVE = "/campaigns/liangjiang-live/live.json"


def test_live_json_reports_state_count_and_the_job_on_stage(client, campaign):
    campaign.now_presenting = campaign.jobs.get(slug="battery-engineer")
    campaign.save()

    response = client.get(LIVE)

    assert response.status_code == 200
    assert response.json() == {
        "state": "live",
        "applications_received": 0,
        "now_presenting": "battery-engineer",
    }


def test_live_json_makes_no_database_query_once_warm(client, campaign, django_assert_num_queries):
    client.get(LIVE)
    caches["local"].clear()  # the shared cache alone must be enough

    with django_assert_num_queries(0):
        for _ in range(5):
            assert client.get(LIVE).status_code == 200


def test_the_count_rises_with_each_new_application_not_with_duplicates(
    client, campaign, django_capture_on_commit_callbacks
):
    client.get(LIVE)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/api/v1/campaigns/liangjiang-live/applications/", application_data())
        client.post("/api/v1/campaigns/liangjiang-live/applications/", application_data())
        client.post(
            "/api/v1/campaigns/liangjiang-live/applications/",
            application_data(email="second@example.com"),
        )
    caches["local"].clear()

    assert client.get(LIVE).json()["applications_received"] == 2


def test_a_lost_counter_is_rebuilt_from_the_database(
    client, campaign, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/api/v1/campaigns/liangjiang-live/applications/", application_data())
    cache.clear()

    assert client.get(LIVE).json()["applications_received"] == 1
    assert client.get(f"/api/v1/campaigns/{campaign.slug}/").json()["applications_received"] == 1


def test_an_increment_lost_with_its_process_is_made_good_by_the_next_rebuild(
    client, campaign, django_capture_on_commit_callbacks, monkeypatch
):
    """A web node killed between an application's commit and its increment."""
    monkeypatch.setattr("recruitment.live.COUNT_REBUILD_SECONDS", 1)
    client.get(LIVE)
    with django_capture_on_commit_callbacks(execute=False):  # the process dies here
        client.post("/api/v1/campaigns/liangjiang-live/applications/", application_data())
    caches["local"].clear()
    assert client.get(LIVE).json()["applications_received"] == 0

    time.sleep(1.1)
    caches["local"].clear()

    assert client.get(LIVE).json()["applications_received"] == 1


def test_the_state_follows_the_stream_schedule(client, campaign):
    campaign.stream_starts_at = timezone.now() + timedelta(days=1)
    campaign.stream_ends_at = timezone.now() + timedelta(days=1, hours=2)
    campaign.save()

    assert client.get(LIVE).json()["state"] == "upcoming"


def test_an_ended_campaign_reports_ended(client, closed_campaign):
    assert client.get("/campaigns/june-5/live.json").json()["state"] == "ended"


def test_an_unknown_campaign_is_404(client, db):
    assert client.get("/campaigns/nope/live.json").status_code == 404
