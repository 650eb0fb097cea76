"""What a reader sees on the news list, section pages and article pages."""

import io
import json
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, Section
from tests.conftest import image_bytes

pytestmark = pytest.mark.django_db


def test_news_list_shows_published_articles_newest_first(client, make_article):
    older = make_article(title="Older story", publish_at=timezone.now() - timedelta(days=2))
    newer = make_article(title="Newer story", publish_at=timezone.now() - timedelta(hours=1))
    html = client.get("/en/news/").content.decode()
    assert html.index(newer.title) < html.index(older.title)


def test_news_list_is_paginated(client, make_article):
    for _ in range(13):
        make_article()
    first = client.get("/en/news/").content.decode()
    second = client.get("/en/news/?page=2").content.decode()
    assert first.count('class="card article-card"') == 12
    assert second.count('class="card article-card"') == 1
    assert "Page 2 of 2" in second


def test_news_list_filters_by_section_and_tag(client, make_article):
    talent = Section.objects.create(name="Talent", slug="talent")
    make_article(title="About people", section=talent, tags=["hongyan"])
    make_article(title="About factories", tags=["cars"])
    by_section = client.get("/en/news/?section=talent").content.decode()
    assert "About people" in by_section and "About factories" not in by_section
    by_tag = client.get("/en/news/?tag=cars").content.decode()
    assert "About factories" in by_tag and "About people" not in by_tag


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("?section=nope", 400, "Select a valid choice"),
        ("?tag=%3Cscript%3E", 400, "Select a valid choice"),
        ("?page=abc", 404, ""),
        ("?page=99", 404, ""),
        ("?unknown=1", 200, ""),
    ],
)
def test_news_list_answers_bad_filters_with_a_clear_4xx(
    client, make_article, query, status, message
):
    make_article()
    response = client.get("/en/news/" + query)
    assert response.status_code == status
    assert message in response.content.decode()
    assert b"<script>" not in response.content


def test_section_page_lists_only_its_articles(client, make_article):
    talent = Section.objects.create(name="Talent", slug="talent", description="People.")
    make_article(title="About people", section=talent)
    make_article(title="About factories")
    response = client.get("/en/news/section/talent/")
    html = response.content.decode()
    assert "<h1>Talent</h1>" in html and "About people" in html
    assert "About factories" not in html
    assert client.get("/en/news/section/missing/").status_code == 404


def test_article_page_has_canonical_url_and_seo_tags(client, make_article):
    article = make_article(title="Liangjiang news", standfirst="A short standfirst.")
    url = article.get_absolute_url()
    assert re.fullmatch(r"/en/news/\d{4}/\d{2}/article-\d+/", url)
    html = client.get(url).content.decode()
    assert f'<link rel="canonical" href="http://127.0.0.1:8000{url}">' in html
    assert '<meta name="description" content="A short standfirst.">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert 'name="robots"' not in html


def test_article_under_a_wrong_date_redirects_to_the_canonical_url(client, make_article):
    article = make_article()
    response = client.get(f"/en/news/1999/01/{article.slug}/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_json_ld_is_a_news_article_that_parses(client, make_article):
    article = make_article(title='Quote " and </script><script>alert(1)</script>', author="Li")
    html = client.get(article.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(block)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.title
    assert data["author"]["name"] == "Li"
    assert data["publisher"]["name"]
    for key in ("datePublished", "dateModified", "image"):
        assert data[key]


def test_hero_image_is_responsive_and_eager_and_in_the_og_tags(client, make_article):
    article = make_article()
    article.hero_image = SimpleUploadedFile("hero.jpg", image_bytes(size=(1600, 900)))
    article.hero_image_caption = "industrial clusters in Liangjiang"
    article.hero_image_credit = "Illustration"
    article.save()
    html = client.get(article.get_absolute_url()).content.decode()
    hero = html[html.index('class="article-hero"') :]
    assert 'type="image/webp"' in hero and 'loading="eager"' in hero
    assert "480w" in hero and "960w" in hero
    assert "industrial clusters in Liangjiang" in hero
    assert f'property="og:image" content="http://127.0.0.1:8000{article.hero_image.url}"' in html
    assert 'name="twitter:image"' in html


def test_related_articles_share_tags_and_exclude_the_article_itself(client, make_article):
    article = make_article(title="Main story", tags=["cars", "chips"])
    best = make_article(title="Shares two tags", tags=["cars", "chips"])
    make_article(title="Shares one tag", tags=["cars"])
    make_article(title="Shares nothing", tags=["tourism"])
    html = client.get(article.get_absolute_url()).content.decode()
    related = html[html.index('id="related-heading"') :]
    assert related.index(best.title) < related.index("Shares one tag")
    assert "Shares nothing" not in related
    assert "Main story" not in related


def test_article_lists_the_directory_entries_it_mentions(client, make_article):
    from portal.models import Organization, Park

    park = Park.objects.create(
        name="Lijia Intelligent Park", slug="lijia-intelligent-park", kind="park", summary="x"
    )
    org = Organization.objects.create(name="BOE", slug="boe", kind="enterprise")
    article = make_article()
    article.parks.add(park)
    article.organizations.add(org)
    html = client.get(article.get_absolute_url()).content.decode()
    mentions = html[html.index('id="mentions-heading"') :]
    assert "Lijia Intelligent Park" in mentions and "BOE" in mentions


def test_translation_is_linked_both_ways(client, make_article):
    original = make_article(title="Talent livestream")
    chinese = make_article(title="人才直播", language="zh-hans", translation_of=original)
    assert chinese.title in client.get(original.get_absolute_url()).content.decode()
    assert 'hreflang="en"' in client.get(chinese.get_absolute_url()).content.decode()


def test_most_read_this_week_lists_articles_by_recent_views(client, make_article):
    from articles.models import ArticleDailyViews

    popular = make_article(title="Popular story")
    quiet = make_article(title="Quiet story")
    today = timezone.localdate()
    ArticleDailyViews.objects.create(article=popular, date=today, views=50)
    ArticleDailyViews.objects.create(article=quiet, date=today, views=2)
    ArticleDailyViews.objects.create(article=quiet, date=today - timedelta(days=30), views=999)
    # The week's views are stored on the articles when the counts are flushed.
    call_command("flush_article_views", stdout=io.StringIO())
    html = client.get("/en/news/").content.decode()
    box = html[html.index('id="most-read-heading"') :]
    assert box.index("Popular story") < box.index("Quiet story")


def test_robots_txt_points_at_the_sitemap(client):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in text
    assert "Disallow: /admin/" in text


def test_article_status_choices_cover_the_workflow():
    assert set(Article.Status.values) == {"draft", "scheduled", "published", "unpublished"}


def test_only_the_first_card_image_loads_eagerly(client, make_article):
    for _ in range(3):
        article = make_article()
        article.hero_image = SimpleUploadedFile("c.jpg", image_bytes(size=(800, 450)))
        article.save()
    html = client.get("/en/news/").content.decode()
    assert html.count('loading="eager"') == 1
    assert html.count('loading="lazy"') == 2


def test_staff_see_an_edit_link_and_readers_do_not(client, make_article, editor):
    article = make_article()
    edit = f"/admin/articles/article/{article.pk}/change/"
    assert edit not in client.get(article.get_absolute_url()).content.decode()
    client.force_login(editor)
    assert edit in client.get(article.get_absolute_url()).content.decode()
    client.logout()
    assert edit not in client.get(article.get_absolute_url()).content.decode()


def test_chinese_readers_see_chinese_section_names(client, make_article):
    industry = Section.objects.create(name="Industry", name_zh_hans="产业", slug="industry")
    make_article(section=industry)
    html = client.get("/zh-hans/news/").content.decode()
    assert '<html lang="zh-hans">' in html
    assert ">产业</a>" in html
    html = client.get("/en/news/").content.decode()
    assert ">Industry</a>" in html and "产业" not in html
