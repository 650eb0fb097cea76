"""Public job and campaign pages and their read API."""

import pytest
from django.conf import settings

from portal.models import Organization
from recruitment.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture
def jobs(campaign, employers):
    cloudwalk = Organization.objects.create(
        name="Cloudwalk", slug="cloudwalk", kind=Organization.Kind.ENTERPRISE
    )
    Job.objects.create(
        organization=cloudwalk, title="Vision researcher", slug="vision", city="Shanghai"
    )
    Job.objects.create(
        organization=cloudwalk, title="Closed post", slug="closed-post", status=Job.Status.CLOSED
    )
    return campaign


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", {"Battery engineer", "Display engineer", "Vision researcher"}),
        ("?organization=cloudwalk", {"Vision researcher"}),
        ("?campaign=liangjiang-live", {"Battery engineer", "Display engineer"}),
        ("?city=shanghai", {"Vision researcher"}),
        ("?organization=boe&campaign=liangjiang-live", {"Display engineer"}),
        ("?organization=nobody", set()),
    ],
)
def test_the_jobs_page_and_api_filter_alike(
    client, jobs, query, expected, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        page = client.get("/en/jobs/" + query).content.decode()
    api = client.get("/api/v1/jobs/" + query).json()

    assert {item["title"] for item in api["results"]} == expected
    for title in {"Battery engineer", "Display engineer", "Vision researcher"}:
        assert (title in page) == (title in expected)
    assert "Closed post" not in page


def test_a_job_names_its_organisation_by_slug_and_links_its_page(client, jobs):
    item = client.get("/api/v1/jobs/battery-engineer/").json()

    assert item["organization"] == "changan-automobile"
    assert item["campaigns"] == ["liangjiang-live"]
    assert item["url"] == settings.SITE_URL + "/en/jobs/battery-engineer/"


def test_the_job_page_offers_to_apply_through_its_open_campaign(
    client, jobs, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        response = client.get("/en/jobs/battery-engineer/")

    html = response.content.decode()
    assert "Battery engineer" in html and "Chang&#x27;an Automobile" in html
    assert "/en/campaigns/liangjiang-live/apply/?job=battery-engineer" in html


def test_a_closed_job_has_no_page(client, jobs):
    assert client.get("/en/jobs/closed-post/").status_code == 404


def test_the_campaign_page_shows_schedule_jobs_counter_and_apply_link(
    client, jobs, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        response = client.get("/en/campaigns/liangjiang-live/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Liangjiang talent livestream" in html
    assert "Battery engineer" in html and "Display engineer" in html
    assert "data-live-count" in html
    assert 'href="/en/campaigns/liangjiang-live/apply/"' in html


def test_the_campaign_api_lists_and_details_with_the_live_counter(
    client, jobs, closed_campaign, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        listing = client.get("/api/v1/campaigns/").json()
    detail = client.get("/api/v1/campaigns/liangjiang-live/").json()

    assert {item["slug"] for item in listing["results"]} == {"liangjiang-live", "june-5"}
    assert detail["applications_received"] == 0
    assert detail["status"] == "open" and detail["state"] == "live"
    assert detail["url"] == settings.SITE_URL + "/en/campaigns/liangjiang-live/"
    assert set(detail["jobs"]) == {"battery-engineer", "display-engineer"}
    open_only = client.get("/api/v1/campaigns/?status=open").json()
    assert [item["slug"] for item in open_only["results"]] == ["liangjiang-live"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/jobs/",
        "/api/v1/jobs/battery-engineer/",
        "/api/v1/campaigns/liangjiang-live/",
        "/en/campaigns/liangjiang-live/apply/",
        "/en/jobs/?page=1",
    ],
)
def test_public_pages_and_api_items_use_a_bounded_number_of_queries(
    client, jobs, path, django_assert_max_num_queries
):
    client.get(path)  # warm the counter and the consent notice in the cache
    with django_assert_max_num_queries(6):
        assert client.get(path).status_code == 200
