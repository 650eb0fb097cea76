"""Views are counted in the cache and written to the database in batches."""

import io

import pytest
from django.core.management import call_command

from articles.models import Article, ArticleDailyViews

pytestmark = pytest.mark.django_db


def test_reading_an_article_writes_nothing_to_the_database(
    client, make_article, django_assert_num_queries
):
    article = make_article()
    client.get(article.get_absolute_url())
    with django_assert_num_queries(0):
        client.get(article.get_absolute_url())
    article.refresh_from_db()
    assert article.views_count == 0


def test_flush_command_moves_counted_views_into_the_database(client, make_article):
    article = make_article()
    other = make_article()
    for _ in range(3):
        client.get(article.get_absolute_url())
    client.get(other.get_absolute_url())
    call_command("flush_article_views", stdout=io.StringIO())
    article.refresh_from_db()
    other.refresh_from_db()
    assert (article.views_count, other.views_count) == (3, 1)
    assert ArticleDailyViews.objects.get(article=article).views == 3
    # A second flush adds nothing: the counters were emptied by what was written.
    call_command("flush_article_views", stdout=io.StringIO())
    article.refresh_from_db()
    assert article.views_count == 3


def test_flush_updates_most_read_this_week_on_the_pages(client, make_article):
    quiet = make_article(title="Quiet story")
    popular = make_article(title="Popular story")
    client.get("/en/news/")
    for _ in range(4):
        client.get(popular.get_absolute_url())
    client.get(quiet.get_absolute_url())
    from articles.tasks import flush_article_views

    assert flush_article_views.call() == 5
    html = client.get("/en/news/").content.decode()
    box = html[html.index('id="most-read-heading"') :]
    assert box.index("Popular story") < box.index("Quiet story")


def test_unpublished_articles_leave_most_read(client, make_article):
    article = make_article(title="Withdrawn story")
    client.get(article.get_absolute_url())
    call_command("flush_article_views", stdout=io.StringIO())
    article.status = Article.Status.UNPUBLISHED
    article.save()
    assert "Withdrawn story" not in client.get("/en/news/").content.decode()


@pytest.mark.usefixtures("local_memory_cache")
def test_with_a_per_process_cache_the_worker_flushes_its_own_counts(client, make_article):
    from unittest import mock

    from articles import counters

    article = make_article()
    client.get(article.get_absolute_url())
    client.get(article.get_absolute_url())
    article.refresh_from_db()
    assert article.views_count == 0
    later = counters.time.time() + counters.LOCAL_FLUSH_SECONDS + 1
    with mock.patch.object(counters.time, "time", return_value=later):
        client.get(article.get_absolute_url())
    article.refresh_from_db()
    assert article.views_count == 3


def test_with_a_shared_cache_every_view_reaches_it_and_none_is_lost(
    client, make_article, monkeypatch
):
    from articles import counters

    monkeypatch.setattr(counters, "_flushed_by_web_processes", lambda: False)  # as with Redis
    article = make_article()
    for _ in range(5):
        client.get(article.get_absolute_url())
    assert counters.pending_views(article.pk) == 5

    call_command("flush_article_views", stdout=io.StringIO())

    article.refresh_from_db()
    assert article.views_count == 5
    assert counters.pending_views(article.pk) == 0
