"""Readers get cached pages, invalidated precisely, with conditional GET."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, Section
from portal.pages import PAGE_TIMEOUT

pytestmark = pytest.mark.django_db


def test_cached_article_page_runs_no_query_the_second_time(
    client, make_article, django_assert_num_queries
):
    article = make_article(tags=["cars"])
    url = article.get_absolute_url()
    first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.status_code == 200
    assert second.content.replace(b" ", b"")[:200] == first.content.replace(b" ", b"")[:200]


@pytest.mark.parametrize(
    "url", ["/en/news/", "/en/news/section/news/", "/feeds/news/", "/en/search/?q=x"]
)
def test_cached_list_feed_and_search_pages_run_no_query_the_second_time(
    client, make_article, django_assert_num_queries, url
):
    make_article()
    client.get(url)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200


def test_editing_an_article_shows_the_change_at_once(client, make_article):
    article = make_article(title="First headline")
    assert "First headline" in client.get("/en/news/").content.decode()
    assert "First headline" in client.get(article.get_absolute_url()).content.decode()
    article.title = "Corrected headline"
    article.save()
    assert "Corrected headline" in client.get("/en/news/").content.decode()
    assert "Corrected headline" in client.get(article.get_absolute_url()).content.decode()


def test_unpublishing_removes_the_article_from_cached_pages(client, make_article):
    article = make_article(title="Soon withdrawn")
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200
    assert "Soon withdrawn" in client.get("/feeds/news/").content.decode()
    article.status = Article.Status.UNPUBLISHED
    article.save()
    assert client.get(url).status_code == 404
    assert "Soon withdrawn" not in client.get("/feeds/news/").content.decode()
    assert "Soon withdrawn" not in client.get("/en/news/").content.decode()


def test_renaming_a_section_refreshes_the_article_pages(client, make_article, section):
    article = make_article()
    client.get(article.get_absolute_url())
    Section.objects.filter(pk=section.pk).update(name="stale")  # no signal: cache kept
    section.name = "Renamed section"
    section.save()
    assert "Renamed section" in client.get(article.get_absolute_url()).content.decode()


def test_tagging_an_article_refreshes_the_tag_list(client, make_article):
    article = make_article(title="Tag me")
    assert "Tag me" not in client.get("/en/news/?tag=cars").content.decode()
    from articles.models import Tag

    article.tags.add(Tag.objects.create(name="Cars", slug="cars"))
    assert "Tag me" in client.get("/en/news/?tag=cars").content.decode()


def test_article_page_sends_etag_and_last_modified_and_answers_304(client, make_article):
    article = make_article()
    url = article.get_absolute_url()
    response = client.get(url)
    assert response["ETag"] and response["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304
    article.title = "Changed"
    article.save()
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 200


def test_browsers_revalidate_every_time_and_a_cached_page_is_one_for_all(client, make_article):
    article = make_article()
    url = article.get_absolute_url()
    for response in (client.get(url), client.get(url)):  # rendered, then from the cache
        assert "max-age=0" in response["Cache-Control"]  # browsers ask again every time
        assert "public" in response["Cache-Control"]  # and shared caches may keep it
        assert not response.has_header("Expires")
        assert not response.cookies
        assert "csrfmiddlewaretoken" not in response.content.decode()
        assert "Cookie" not in response.get("Vary", "")


def test_signed_in_staff_never_get_the_anonymous_cache(client, make_article, editor):
    article = make_article(title="Public")
    client.get(article.get_absolute_url())
    Article.objects.filter(pk=article.pk).update(title="Changed without a signal")
    client.force_login(editor)
    assert "Changed without a signal" in client.get(article.get_absolute_url()).content.decode()


def test_a_reader_with_a_message_gets_a_fresh_page(client, make_article):
    article = make_article(title="Public")
    client.get("/en/news/")
    Article.objects.filter(pk=article.pk).update(title="Changed without a signal")
    client.cookies["messages"] = "anything"
    assert "Changed without a signal" in client.get("/en/news/").content.decode()


@pytest.mark.usefixtures("local_memory_cache")
def test_scheduled_article_appears_on_the_cached_list_at_its_time(client, make_article, later):
    make_article(title="Already out")
    make_article(
        title="Embargoed until noon",
        status=Article.Status.SCHEDULED,
        publish_at=timezone.now() + timedelta(seconds=60),
    )
    assert "Embargoed until noon" not in client.get("/en/news/").content.decode()
    with later(30):
        assert "Embargoed until noon" not in client.get("/en/news/").content.decode()
    with later(61):
        assert "Embargoed until noon" in client.get("/en/news/").content.decode()


@pytest.mark.usefixtures("local_memory_cache")
def test_scheduled_articles_appear_one_after_the_other_at_their_times(client, make_article, later):
    make_article(title="Already out")
    for title, seconds in (("First embargo", 60), ("Second embargo", 120)):
        make_article(
            title=title,
            status=Article.Status.SCHEDULED,
            publish_at=timezone.now() + timedelta(seconds=seconds),
        )
    client.get("/en/news/")
    with later(61):
        page = client.get("/en/news/").content.decode()
        assert "First embargo" in page and "Second embargo" not in page
    with later(90):
        assert "Second embargo" not in client.get("/en/news/").content.decode()
    with later(121):
        assert "Second embargo" in client.get("/en/news/").content.decode()


@pytest.mark.usefixtures("local_memory_cache")
def test_an_article_scheduled_after_pages_were_kept_bounds_them_at_once(
    client, make_article, later
):
    make_article(title="Already out")
    client.get("/en/news/")
    make_article(
        title="Scheduled later",
        status=Article.Status.SCHEDULED,
        publish_at=timezone.now() + timedelta(seconds=30),
    )
    client.get("/en/news/")  # kept again, now until the new article's time
    with later(31):
        assert "Scheduled later" in client.get("/en/news/").content.decode()


def test_when_the_next_article_goes_live_is_asked_once_per_generation(
    client, make_article, section
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    article = make_article()
    make_article(
        title="Scheduled",
        status=Article.Status.SCHEDULED,
        publish_at=timezone.now() + timedelta(hours=1),
    )

    def go_live_lookups_of_the_article_page():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(article.get_absolute_url()).status_code == 200
        lookup = 'SELECT "articles_article"."publish_at" AS "publish_at" FROM'
        return [q["sql"] for q in queries if q["sql"].startswith(lookup)]

    section.save()  # a new generation: the article page is its first page
    assert len(go_live_lookups_of_the_article_page()) == 1
    section.save()  # another: the list page is its first, the article page its second
    client.get("/en/news/")
    assert go_live_lookups_of_the_article_page() == []


@pytest.mark.usefixtures("local_memory_cache")
def test_a_page_is_kept_the_full_time_but_no_longer(client, make_article, later):
    from articles.models import Section

    article = make_article(title="Kept")
    url = article.get_absolute_url()
    client.get(url)
    Section.objects.update(name="Renamed without a signal")
    with later(PAGE_TIMEOUT - 5):
        assert "Renamed without a signal" not in client.get(url).content.decode()
    with later(PAGE_TIMEOUT + 1):
        assert "Renamed without a signal" in client.get(url).content.decode()


# --- bounded queries with 500 articles --------------------------------------------------


@pytest.fixture
def five_hundred_articles(section):
    from articles.models import Tag

    now = timezone.now()
    Article.objects.bulk_create(
        [
            Article(
                title=f"Bulk innovation story {n}",
                slug=f"bulk-{n}",
                standfirst="A standfirst about innovation.",
                body_markdown="Innovation in Liangjiang.",
                body_html="<p>Innovation in Liangjiang.</p>",
                section=section,
                status=Article.Status.PUBLISHED,
                publish_at=now - timedelta(minutes=n),
            )
            for n in range(500)
        ]
    )
    tag = Tag.objects.create(name="Innovation", slug="innovation")
    tag.articles.add(*Article.objects.all()[:50])
    return Article.objects.order_by("-publish_at").first()


@pytest.mark.parametrize(
    ("url", "max_queries"),
    [
        ("/en/news/", 5),
        ("/en/news/?tag=innovation", 6),
        ("/en/news/section/news/", 6),
        ("/feeds/news/", 4),
        ("/feeds/news/atom/", 4),
        ("/sitemap-news.xml", 4),
        ("/api/v1/articles/", 10),
    ],
)
def test_list_feed_and_search_pages_run_a_bounded_number_of_queries(
    client, five_hundred_articles, django_assert_max_num_queries, url, max_queries
):
    with django_assert_max_num_queries(max_queries):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "url", ["/en/news/", "/en/news/?tag=innovation", "/en/news/section/news/"]
)
def test_list_pages_never_load_more_articles_than_they_show(
    client, five_hundred_articles, settings, url
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200

    article_rows = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('SELECT "articles_article"."id"')
    ]
    assert article_rows
    assert all(" LIMIT " in sql for sql in article_rows), article_rows


def test_article_page_runs_a_bounded_number_of_queries(
    client, five_hundred_articles, django_assert_max_num_queries
):
    # The article with its section; its tags, parks, organisations and talent
    # programmes; its related articles, translations and the week's most read; and
    # the next scheduled go-live that bounds its expiry.
    with django_assert_max_num_queries(9):
        assert client.get(five_hundred_articles.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(("url", "max_queries"), [("article", 10), ("/en/news/", 6)])
def test_uncached_pages_read_only_what_they_show(
    client, five_hundred_articles, settings, django_assert_max_num_queries, url, max_queries
):
    """With the cache off: the page's own queries, when the next scheduled article
    goes live (which bounds how long the page's fragments may be kept), and the footer's
    settings (which a running cache keeps: then they cost no query)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    if url == "article":
        url = five_hundred_articles.get_absolute_url()
    with django_assert_max_num_queries(max_queries):
        assert client.get(url).status_code == 200


def test_a_further_list_page_runs_a_bounded_number_of_queries(
    client, five_hundred_articles, django_assert_max_num_queries
):
    """Its articles and their count, the sections and the week's most read (when the
    next scheduled article goes live was worked out for the first page)."""
    assert client.get("/en/news/?page=2").status_code == 200
    with django_assert_max_num_queries(4):
        response = client.get("/en/news/?page=3")
    assert "Page 3 of 42" in response.content.decode()
    assert 'href="/en/news/section/news/"' in response.content.decode()


def test_pages_and_edits_work_with_the_cache_turned_off(client, make_article, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    article = make_article(title="Uncached story")
    assert "Uncached story" in client.get(article.get_absolute_url()).content.decode()
    article.title = "Edited uncached story"
    article.save()
    assert "Edited uncached story" in client.get("/en/news/").content.decode()


def test_pages_and_edits_work_while_the_cache_is_down(client, make_article, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 0.2,
                "SOCKET_TIMEOUT": 0.2,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    article = make_article(title="Story during an outage")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Story during an outage" in response.content.decode()
    article.title = "Edited during an outage"
    article.save()
    assert client.get("/en/news/").status_code == 200


def test_search_page_runs_a_bounded_number_of_queries(
    client, five_hundred_articles, django_assert_max_num_queries
):
    call_command("update_search_vectors", stdout=io.StringIO())  # bulk_create skips save()
    with django_assert_max_num_queries(8):
        response = client.get("/en/search/?q=innovation")
    assert "500 articles found" in response.content.decode()


@pytest.mark.parametrize("query", ["?utm_source=weibo", "?nonsense=1", "?page=1&x=<b>"])
def test_made_up_query_strings_are_rendered_but_never_cached(client, make_article, query):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_article()
    assert client.get("/en/news/" + query).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/news/" + query).status_code == 200
    assert len(queries) > 0
