"""Absolute links are on SITE_URL: a request naming another allowed Host leaves no trace.

Every name in ALLOWED_HOSTS, with any port, reaches the views. Pages, feeds and the
sitemap are cached whole and served to every later visitor, so a link built from the
request's Host would hand one visitor's Host to all of them.
"""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from articles.models import Article, Section
from portal.models import Industry, Organization, Park
from recruitment.models import Campaign, Honouree, Job, TalentProgramme
from tests.conftest import image_bytes

pytestmark = pytest.mark.django_db

SITE_URL = "https://portal.example.cn"
OTHER_HOST = "evil.example:666"

# (path, whether the answer carries absolute links)
PAGES = [
    ("/en/", True),
    ("/en/news/", True),
    ("/en/news/?page=2", True),
    ("/en/news/section/news/", True),
    ("/feeds/news/", True),
    ("/feeds/news/atom/", True),
    ("/feeds/news/news/", True),
    ("/feeds/news/news/atom/", True),
    ("/sitemap.xml", True),
    ("/sitemap-news.xml", True),
    ("/sitemap-sections.xml", True),
    ("/sitemap-parks.xml", True),
    ("/sitemap-organizations.xml", True),
    ("/robots.txt", True),
    ("/en/search/?q=Liangjiang", True),
    ("/en/campaigns/liangjiang-live/", True),
    ("/en/parks/lijia/", True),
    ("/en/organizations/changan/", True),
    ("/en/talent/", True),
    ("/api/v1/", True),
    ("/api/v1/articles/", True),
    ("/api/v1/articles/?page=2", True),
    ("/api/v1/articles/liangjiang-news/", True),
    ("/api/v1/sections/", True),
    ("/api/v1/parks/", True),
    ("/api/v1/organizations/", True),
    ("/api/v1/industries/", True),
    ("/api/v1/jobs/", True),
    ("/api/v1/campaigns/", True),
    ("/api/v1/talent-programmes/", True),
]


@pytest.fixture
def site(settings):
    settings.SITE_URL = SITE_URL
    settings.ALLOWED_HOSTS = ["testserver", "evil.example"]
    section = Section.objects.create(name="News", slug="news")
    now = timezone.now()
    park = Park.objects.create(name="Lijia", slug="lijia", kind=Park.Kind.INNOVATION_PLATFORM)
    changan = Organization.objects.create(
        name="Chang'an Automobile",
        slug="changan",
        kind=Organization.Kind.ENTERPRISE,
        park=park,
        logo=SimpleUploadedFile("logo.png", image_bytes("PNG", size=(200, 200))),
    )
    Industry.objects.create(scheme=Industry.Scheme.GBT4754_DIVISION, code="36", name="Cars")
    english = Article.objects.create(
        title="Liangjiang news",
        slug="liangjiang-news",
        standfirst="Liangjiang grows.",
        body_markdown="Body.",
        section=section,
        status=Article.Status.PUBLISHED,
        publish_at=now - timedelta(minutes=5),
        hero_image=SimpleUploadedFile("hero.jpg", image_bytes(size=(1600, 900))),
    )
    english.organizations.add(changan)
    Article.objects.create(
        title="两江新闻",
        slug="liangjiang-news-zh",
        body_markdown="正文。",
        section=section,
        language="zh-hans",
        translation_of=english,
        status=Article.Status.PUBLISHED,
        publish_at=now - timedelta(minutes=6),
    )
    # Enough articles for a second page on the news list and in the API.
    Article.objects.bulk_create(
        Article(
            title=f"Liangjiang story {n}",
            slug=f"story-{n}",
            section=section,
            status=Article.Status.PUBLISHED,
            publish_at=now - timedelta(hours=n + 1),
        )
        for n in range(20)
    )
    campaign = Campaign.objects.create(
        title="Liangjiang talent livestream",
        slug="liangjiang-live",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=30),
    )
    campaign.jobs.add(Job.objects.create(organization=changan, title="Engineer", slug="engineer"))
    programme = TalentProgramme.objects.create(name="Hongyan Project", slug="hongyan")
    Honouree.objects.create(programme=programme, name="Zhou Xi", organization=changan, year=2019)
    return english


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode() + "".join(f"{k}: {v}\n" for k, v in response.headers.items())


@pytest.mark.parametrize(("path", "has_links"), PAGES)
def test_another_allowed_host_leaves_no_trace_for_the_next_visitor(site, path, has_links):
    client = APIClient()
    poisoned = client.get(path, HTTP_HOST=OTHER_HOST)
    assert poisoned.status_code == 200, path
    assert "evil.example" not in body(poisoned)
    if has_links:
        assert SITE_URL in body(poisoned)

    after = client.get(path)
    assert after.status_code == 200
    assert "evil.example" not in body(after)


def test_article_page_names_itself_and_its_translation_on_the_site_url(site, client):
    path = site.get_absolute_url()
    html = client.get(path, HTTP_HOST=OTHER_HOST).content.decode()
    assert f'<link rel="canonical" href="{SITE_URL}{path}">' in html
    assert f'<meta property="og:url" content="{SITE_URL}{path}">' in html
    assert f'hreflang="zh-hans" href="{SITE_URL}/zh-hans/news/' in html
    assert "evil.example" not in client.get(path).content.decode()


def test_feed_links_and_sitemap_locations_are_on_the_site_url(site, client):
    path = site.get_absolute_url()
    rss = client.get("/feeds/news/", HTTP_HOST=OTHER_HOST).content.decode()
    assert f"<link>{SITE_URL}{path}</link>" in rss
    assert f'href="{SITE_URL}/feeds/news/"' in rss
    atom = client.get("/feeds/news/news/atom/", HTTP_HOST=OTHER_HOST).content.decode()
    assert f'href="{SITE_URL}/feeds/news/news/atom/"' in atom
    index = client.get("/sitemap.xml", HTTP_HOST=OTHER_HOST).content.decode()
    assert f"<loc>{SITE_URL}/sitemap-news.xml</loc>" in index
    news = client.get("/sitemap-news.xml", HTTP_HOST=OTHER_HOST).content.decode()
    assert f"<loc>{SITE_URL}{path}</loc>" in news


def test_api_links_and_pages_are_on_the_site_url(site):
    api = APIClient()
    first = api.get("/api/v1/articles/", HTTP_HOST=OTHER_HOST).json()
    assert first["next"] == f"{SITE_URL}/api/v1/articles/?page=2"
    second = api.get("/api/v1/articles/?page=2", HTTP_HOST=OTHER_HOST).json()
    assert second["previous"] == f"{SITE_URL}/api/v1/articles/"
    item = api.get("/api/v1/articles/liangjiang-news/", HTTP_HOST=OTHER_HOST).json()
    assert item["url"] == SITE_URL + site.get_absolute_url()
    assert item["hero_image"].startswith(f"{SITE_URL}/media/")
    root = api.get("/api/v1/", HTTP_HOST=OTHER_HOST).json()
    assert root["articles"] == f"{SITE_URL}/api/v1/articles/"
    campaign = api.get("/api/v1/campaigns/liangjiang-live/", HTTP_HOST=OTHER_HOST).json()
    assert campaign["apply_url"] == f"{SITE_URL}/en/campaigns/liangjiang-live/apply/"
