"""Page numbers and dates beyond what the database holds: a 404 or a 400, never a 500."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"


@pytest.fixture
def client():
    # A 500 is an answer to look at, not an exception raised into the test.
    return APIClient(raise_request_exception=False)


@pytest.mark.parametrize(
    "path",
    [
        f"/en/news/?page={HUGE}",
        f"/en/news/section/news/?page={HUGE}",
        f"/en/news/?section=news&page={HUGE}",
        f"/en/news/?page=-{HUGE}",
        f"/en/search/?q=article&page={HUGE}",
        f"/en/search/?q=article&page=-{HUGE}",
        f"/en/organizations/?page={HUGE}",
        f"/en/jobs/?page={HUGE}",
        f"/en/timeline/?page={HUGE}",
        f"/api/v1/articles/?page={HUGE}",
        f"/api/v1/sections/?page={HUGE}",
        f"/api/v1/organizations/?page={HUGE}",
        f"/api/v1/jobs/?page={HUGE}",
        f"/api/v1/campaigns/?page={HUGE}",
        f"/sitemap-news.xml?p={HUGE}",
    ],
)
def test_a_page_past_the_end_is_a_404(client, make_article, path):
    make_article()
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/articles/?published_after=0001-01-01T00:00:00", "published_after"),
        ("/api/v1/articles/?published_before=9999-12-31T23:59:59-12:00", "published_before"),
        ("/api/v1/articles/?published_after=0001-01-01T00:00:00%2B14:00", "published_after"),
        ("/api/v1/articles/?published_before=9999-12-31", "published_before"),
    ],
)
def test_an_api_date_the_database_cannot_hold_is_a_400_naming_the_filter(
    client, make_article, path, field
):
    make_article()
    response = client.get(path)
    assert response.status_code == 400
    assert response.json()[field] == ["Enter a date and time between 0001-01-02 and 9999-12-30."]


@pytest.mark.parametrize(
    "query",
    [
        "published_after=0001-01-01T00:00:00",
        "published_before=9999-12-31T23:59:59-12:00",
    ],
)
def test_a_news_list_date_the_database_cannot_hold_is_a_400_with_a_message(
    client, make_article, query
):
    make_article()
    response = client.get(f"/en/news/?{query}")
    assert response.status_code == 400
    assert "Enter a date and time between 0001-01-02 and 9999-12-30." in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "published_after=0001-01-02T00:00:00%2B14:00",
        "published_before=9999-12-30T23:59:59-12:00",
        "published_after=0001-01-02T00:00:00%2B23:59",
        "published_before=9999-12-30T00:00:00-23:59",
        "published_after=2000-01-01T00:00:00%2B23:59",
    ],
)
def test_the_furthest_dates_and_offsets_still_filter(client, make_article, query):
    make_article()
    response = client.get(f"/api/v1/articles/?{query}")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1


def test_the_date_message_is_in_chinese_for_a_chinese_reader(client, make_article):
    response = client.get(
        "/api/v1/articles/?published_after=0001-01-01T00:00:00", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 400
    assert response.json()["published_after"] == [
        "请输入 0001-01-02 至 9999-12-30 之间的日期和时间。"
    ]
