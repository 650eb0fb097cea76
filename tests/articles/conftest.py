"""Fixtures for the news tests: sections and an article factory."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Section, Tag


@pytest.fixture
def section(db):
    return Section.objects.create(name="News", name_zh_hans="新闻", slug="news")


@pytest.fixture
def make_article(db, section):
    counter = iter(range(1, 100_000))

    def make(**fields):
        n = next(counter)
        tags = fields.pop("tags", [])
        defaults = {
            "title": f"Article number {n}",
            "slug": f"article-{n}",
            "standfirst": f"The standfirst of article {n}.",
            "body_markdown": f"Body of article {n}.\n\n## A heading\n\nMore text.",
            "section": section,
            "status": Article.Status.PUBLISHED,
            "publish_at": timezone.now() - timedelta(hours=n),
        }
        defaults.update(fields)
        article = Article.objects.create(**defaults)
        for name in tags:
            tag, _ = Tag.objects.get_or_create(slug=name, defaults={"name": name.title()})
            article.tags.add(tag)
        return article

    return make


@pytest.fixture
def local_memory_cache(settings):
    """Tests that look at expiry times or per-process behaviour run on local memory,
    emptied before and after (it outlives the test otherwise)."""
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield
    cache.clear()
