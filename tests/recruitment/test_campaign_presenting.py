"""The live state viewers poll, and the recruiter's "now presenting" control."""

import pytest
from django.core.cache import caches
from django.test import Client

from recruitment import live

pytestmark = pytest.mark.django_db

LIVE = "/campaigns/liangjiang-live/live.json"
CONTROL = "/en/campaigns/liangjiang-live/presenting/"


def test_live_json_is_cached_briefly_by_browsers_and_proxies(client, campaign):
    response = client.get(LIVE)

    assert response["Cache-Control"] == "public, max-age=2, s-maxage=2, stale-while-revalidate=2"
    assert response["Content-Type"] == "application/json"


def test_a_warm_live_state_costs_no_database_query_even_across_processes(
    client, campaign, django_assert_num_queries
):
    client.get(LIVE)
    caches["local"].clear()  # another web process: only the shared cache is warm

    with django_assert_num_queries(0):
        for _ in range(10):
            assert client.get(LIVE).json()["state"] == "live"


def test_within_a_second_the_live_state_is_answered_from_the_process_memory(
    client, campaign, django_assert_num_queries, monkeypatch
):
    client.get(LIVE)
    monkeypatch.setattr(live, "cache", None)  # any look at the cache would fail

    with django_assert_num_queries(0):
        assert client.get(LIVE).status_code == 200


def test_a_recruiter_marks_the_job_on_stage_and_live_json_shows_it_at_once(
    client, campaign, recruiter
):
    assert client.get(LIVE).json()["now_presenting"] is None  # warms memo and cache
    client.force_login(recruiter)

    response = client.post(CONTROL, {"job": "display-engineer"}, follow=True)

    assert "Now presenting: Display engineer." in response.content.decode()
    assert client.get(LIVE).json()["now_presenting"] == "display-engineer"
    campaign.refresh_from_db()
    assert campaign.now_presenting.slug == "display-engineer"


def test_clearing_the_highlight_reaches_live_json_at_once(client, campaign, recruiter):
    campaign.now_presenting = campaign.jobs.get(slug="battery-engineer")
    campaign.save()
    assert client.get(LIVE).json()["now_presenting"] == "battery-engineer"
    client.force_login(recruiter)

    client.post(CONTROL, {"job": ""})

    assert client.get(LIVE).json()["now_presenting"] is None


def test_a_change_saved_in_the_admin_reaches_live_json_at_once(client, campaign):
    client.get(LIVE)

    campaign.now_presenting = campaign.jobs.get(slug="battery-engineer")
    campaign.save()  # as the admin's change form does

    assert client.get(LIVE).json()["now_presenting"] == "battery-engineer"


def test_the_control_page_lists_the_jobs_and_the_qr_codes(client, campaign, recruiter):
    client.force_login(recruiter)

    response = client.get(CONTROL)

    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert 'value="battery-engineer"' in html and 'value="display-engineer"' in html
    assert "/campaigns/liangjiang-live/qr.svg?job=battery-engineer&amp;channel=poster" in html
    assert "/campaigns/liangjiang-live/qr.png?channel=stream-overlay" in html
    assert "utm_source=partner-site&amp;utm_medium=qr&amp;utm_campaign=liangjiang-live" in html


@pytest.mark.parametrize(
    "job", ["no-such-job", "closed-post", "<script>"], ids=["unknown", "not-open", "markup"]
)
def test_a_job_outside_the_campaigns_open_jobs_is_refused(client, campaign, recruiter, job):
    from recruitment.models import Job

    closed = Job.objects.create(
        organization=campaign.jobs.first().organization,
        title="Closed post",
        slug="closed-post",
        status=Job.Status.CLOSED,
    )
    campaign.jobs.add(closed)
    client.force_login(recruiter)

    response = client.post(CONTROL, {"job": job})

    assert response.status_code == 400
    assert "Choose one of the campaign" in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.now_presenting is None


def test_the_public_is_sent_to_sign_in(client, campaign):
    response = client.post(CONTROL, {"job": "display-engineer"})

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    campaign.refresh_from_db()
    assert campaign.now_presenting is None


@pytest.mark.parametrize("user_fixture", ["editor", "employer_hr_user"])
def test_staff_without_the_recruitment_permission_are_refused(
    client, campaign, request, user_fixture
):
    client.force_login(request.getfixturevalue(user_fixture))

    assert client.get(CONTROL).status_code == 403
    assert client.post(CONTROL, {"job": "display-engineer"}).status_code == 403
    campaign.refresh_from_db()
    assert campaign.now_presenting is None


def test_the_control_is_protected_against_cross_site_requests(campaign, recruiter):
    client = Client(enforce_csrf_checks=True)
    client.force_login(recruiter)

    response = client.post(CONTROL, {"job": "display-engineer"})

    assert response.status_code == 403
    campaign.refresh_from_db()
    assert campaign.now_presenting is None


def test_the_campaign_admin_links_to_the_live_control(client, campaign, recruiter):
    client.force_login(recruiter)

    response = client.get(f"/admin/recruitment/campaign/{campaign.pk}/change/")

    assert response.status_code == 200
    assert f'href="{CONTROL}"' in response.content.decode()
