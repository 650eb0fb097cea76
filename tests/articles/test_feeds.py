"""RSS, Atom and the sitemap parse as XML and list published articles with dates."""

import pytest
from defusedxml import ElementTree

from articles.models import Article

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


FEEDS = ["/feeds/news/", "/feeds/news/atom/", "/feeds/news/news/", "/feeds/news/news/atom/"]


@pytest.mark.parametrize("url", FEEDS)
def test_a_feed_is_served_from_the_page_cache_the_second_time(
    client, make_article, django_assert_num_queries, url
):
    for _ in range(5):
        make_article()
    first = client.get(url)

    with django_assert_num_queries(0):
        second = client.get(url)

    assert second.status_code == 200
    assert second.content == first.content


@pytest.mark.parametrize("url", FEEDS)
def test_a_feed_reaches_the_server_in_one_piece_fresh_and_cached(client, make_article, url):
    # Iterating a response gives what the WSGI server writes, a write per piece: the
    # feed generator's hundreds of small pieces cost as many writes (and as many
    # objects in the cached copy) where a page costs one.
    for _ in range(5):
        make_article()
    fresh = client.get(url)
    cached = client.get(url)

    assert len(list(fresh)) == len(list(cached)) == 1
    assert b"".join(cached) == fresh.content


@pytest.mark.parametrize("url", FEEDS)
def test_publishing_an_article_shows_in_a_cached_feed_at_once(client, make_article, url):
    make_article(title="Older story")
    article = make_article(title="Breaking story", status=Article.Status.DRAFT)
    assert "Breaking story" not in client.get(url).content.decode()

    article.status = Article.Status.PUBLISHED
    article.save()

    body = client.get(url).content.decode()
    assert "Breaking story" in body and "Older story" in body
