"""Drafts, scheduled, unpublished and future articles never reach a public surface."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article

pytestmark = pytest.mark.django_db

HIDDEN = [
    ("draft", {"status": Article.Status.DRAFT, "publish_at": None}),
    ("draft-with-date", {"status": Article.Status.DRAFT}),
    ("unpublished", {"status": Article.Status.UNPUBLISHED}),
    ("scheduled-future", {"status": Article.Status.SCHEDULED, "days": 2}),
    ("published-future", {"status": Article.Status.PUBLISHED, "days": 2}),
]


def _hidden(make_article, name, fields):
    fields = dict(fields)
    days = fields.pop("days", -1)
    fields.setdefault("publish_at", timezone.now() + timedelta(days=days))
    return make_article(
        title=f"Secret {name} zebracorn", slug=f"secret-{name}", tags=["shared"], **fields
    )


@pytest.mark.parametrize(("name", "fields"), HIDDEN)
def test_hidden_article_is_on_no_public_surface(client, make_article, name, fields):
    visible = make_article(title="Visible zebracorn story", tags=["shared"])
    hidden = _hidden(make_article, name, fields)
    surfaces = [
        "/en/news/",
        "/en/news/?tag=shared",
        "/en/news/section/news/",
        "/en/search/?q=zebracorn",
        "/feeds/news/",
        "/feeds/news/atom/",
        "/feeds/news/news/",
        "/sitemap-news.xml",
        "/api/v1/articles/",
        "/api/v1/articles/?q=zebracorn",
        visible.get_absolute_url(),  # related articles
    ]
    for url in surfaces:
        body = client.get(url).content.decode()
        assert "Secret" not in body, url
        assert hidden.slug not in body, url
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/articles/{hidden.slug}/").status_code == 404


def test_scheduled_article_goes_live_by_itself_when_its_time_comes(client, make_article):
    article = make_article(
        status=Article.Status.SCHEDULED, publish_at=timezone.now() + timedelta(seconds=30)
    )
    assert article.title not in client.get("/en/news/").content.decode()
    later = timezone.now() + timedelta(minutes=1)
    assert Article.objects.published(now=later).filter(pk=article.pk).exists()


def test_published_without_a_date_gets_one_at_save(section):
    article = Article.objects.create(
        title="Now",
        slug="now",
        standfirst="s",
        body_markdown="b",
        section=section,
        status=Article.Status.PUBLISHED,
    )
    assert article.publish_at is not None
