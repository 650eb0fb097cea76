"""The read API: published articles only, filters shared with the pages, `url` on each item."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from rest_framework.test import APIClient

from articles.models import Section

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_article_list_items_carry_their_public_url(api, make_article):
    article = make_article(tags=["cars"])
    data = api.get("/api/v1/articles/").json()
    item = data["results"][0]
    assert item["url"] == settings.SITE_URL + article.get_absolute_url()
    assert item["slug"] == article.slug and item["section"] == "news"
    assert item["tags"] == ["cars"]
    assert "body_html" not in item


def test_article_detail_is_looked_up_by_slug(api, make_article):
    article = make_article(body_markdown="**Bold** text")
    data = api.get(f"/api/v1/articles/{article.slug}/").json()
    assert data["title"] == article.title
    assert "<strong>Bold</strong>" in data["body_html"]


def test_article_filters(api, make_article):
    from portal.models import Organization, Park

    talent = Section.objects.create(name="Talent", slug="talent")
    park = Park.objects.create(
        name="Lijia", slug="lijia-intelligent-park", kind="park", summary=""
    )
    boe = Organization.objects.create(name="BOE", slug="boe", kind="enterprise")
    old = make_article(slug="old", publish_at=timezone.now() - timedelta(days=30))
    people = make_article(slug="people", section=talent, tags=["hongyan"])
    chinese = make_article(slug="zh", language="zh-hans")
    people.parks.add(park)
    chinese.organizations.add(boe)
    since = (timezone.now() - timedelta(days=7)).isoformat()

    def slugs(query):
        response = api.get("/api/v1/articles/", query)
        assert response.status_code == 200, response.content
        return {item["slug"] for item in response.json()["results"]}

    assert slugs({"section": "talent"}) == {"people"}
    assert slugs({"tag": "hongyan"}) == {"people"}
    assert slugs({"language": "zh-hans"}) == {"zh"}
    assert slugs({"organization": "boe"}) == {"zh"}
    assert slugs({"park": "lijia-intelligent-park"}) == {"people"}
    assert old.slug not in slugs({"published_after": since})
    assert slugs({"published_before": since}) == {"old"}


@pytest.mark.parametrize(
    "query",
    [{"section": "nope"}, {"language": "fr"}, {"published_after": "yesterday"}],
)
def test_bad_filters_are_a_400_with_a_message(api, make_article, query):
    make_article()
    response = api.get("/api/v1/articles/", query)
    assert response.status_code == 400
    assert list(query)[0] in response.json()


def test_sections_api(api, section):
    data = api.get("/api/v1/sections/").json()
    assert data["results"][0]["slug"] == "news"
    assert data["results"][0]["url"] == settings.SITE_URL + "/en/news/section/news/"
    assert api.get("/api/v1/sections/news/").status_code == 200
