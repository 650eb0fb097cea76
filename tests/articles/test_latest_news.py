"""The latest-news block the home page includes."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from articles.models import Article

pytestmark = pytest.mark.django_db


def _render(limit=3):
    request = RequestFactory().get("/en/")
    template = Template("{% load news %}{% latest_news " + str(limit) + " %}")
    return template.render(Context({"request": request}))


def test_latest_news_block_shows_the_newest_published_articles(make_article):
    for n in range(4):
        make_article(title=f"Story {n}")
    make_article(title="Draft story", status=Article.Status.DRAFT, publish_at=None)
    html = _render(3)
    assert html.count('class="card article-card"') == 3
    assert "Story 0" in html and "Story 3" not in html
    assert "Draft story" not in html
    assert 'href="/en/news/"' in html


def test_latest_news_block_is_empty_without_articles(db):
    assert "Latest news" not in _render()
