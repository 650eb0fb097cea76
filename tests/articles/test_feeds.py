"""RSS, Atom and the sitemap parse as XML and list published articles with dates."""

import pytest
from defusedxml import ElementTree

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_rss_feed_is_rss_2_with_absolute_links(client, make_article):
    article = make_article(title="Feed & <story>")
    response = client.get("/feeds/news/")
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    item = root.find("channel/item")
    assert item.findtext("title") == "Feed & <story>"
    assert item.findtext("link").endswith(article.get_absolute_url())
    assert item.findtext("pubDate")


def test_atom_feed_parses(client, make_article):
    make_article(title="Atom story")
    root = ElementTree.fromstring(client.get("/feeds/news/atom/").content)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}entry/{ATOM}title").text == "Atom story"
    assert root.find(f"{ATOM}entry/{ATOM}updated").text


def test_section_feeds_list_only_their_section(client, make_article):
    from articles.models import Section

    talent = Section.objects.create(name="Talent", slug="talent")
    make_article(title="People story", section=talent)
    make_article(title="Factory story")
    for url in ("/feeds/news/talent/", "/feeds/news/talent/atom/"):
        body = client.get(url).content.decode()
        assert "People story" in body and "Factory story" not in body
    assert client.get("/feeds/news/missing/").status_code == 404


def test_sitemap_index_and_article_sitemap_have_lastmod(client, make_article):
    article = make_article()
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    locations = [el.text for el in index.iter(f"{SITEMAP}loc")]
    assert any(loc.endswith("/sitemap-news.xml") for loc in locations)
    assert any(loc.endswith("/sitemap-sections.xml") for loc in locations)
    news = ElementTree.fromstring(client.get("/sitemap-news.xml").content)
    url = news.find(f"{SITEMAP}url")
    assert url.findtext(f"{SITEMAP}loc").endswith(article.get_absolute_url())
    assert url.findtext(f"{SITEMAP}lastmod")
    sections = ElementTree.fromstring(client.get("/sitemap-sections.xml").content)
    assert sections.find(f"{SITEMAP}url/{SITEMAP}lastmod") is not None
