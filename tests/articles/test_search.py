"""Search: Chinese segmentation, English stemming, ranking, snippets, directory entries."""

import pytest
from django.db import connection

from articles.search import highlight

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="full-text search needs PostgreSQL (DATABASE_URL=postgres://...)",
)


@postgres_only
def test_chinese_query_finds_a_word_in_the_middle_of_a_sentence(client, make_article):
    make_article(
        title="两江新区人才直播",
        slug="zh-talent",
        language="zh-hans",
        standfirst="六月五日举行人才引进直播。",
        body_markdown="半小时内，两江新区收到超过三万份简历，显示创新体系的吸引力。",
    )
    make_article(title="Unrelated", body_markdown="Nothing about that here.")
    html = client.get("/zh-hans/search/?q=简历").content.decode()
    assert "两江新区人才直播" in html
    assert "<mark>简历</mark>" in html
    assert "Unrelated" not in html


@postgres_only
def test_english_query_stems(client, make_article):
    make_article(title="A new model of innovation", body_markdown="The zone rewards it.")
    make_article(title="Tourism in Chongqing", body_markdown="Hot pot and bridges.")
    html = client.get("/en/search/?q=innovations").content.decode()
    assert "A new model of innovation" in html
    assert "Tourism in Chongqing" not in html


@postgres_only
def test_results_are_ranked_title_above_body(client, make_article):
    make_article(title="Cloud services abroad", body_markdown="Semiconductor plants mentioned.")
    make_article(title="Semiconductor cluster grows", body_markdown="Semiconductor lines expand.")
    make_article(title="Car factories", body_markdown="Nothing about chips.")
    html = client.get("/en/search/?q=semiconductor").content.decode()
    assert html.index("Semiconductor cluster grows") < html.index("Cloud services abroad")
    assert "Car factories" not in html


@postgres_only
def test_search_vector_follows_an_edit(client, make_article):
    article = make_article(title="Hydrogen buses", body_markdown="Fuel cells.")
    assert "Hydrogen buses" in client.get("/en/search/?q=hydrogen").content.decode()
    article.title = "Electric buses"
    article.body_markdown = "Batteries."
    article.save()
    assert "Electric buses" not in client.get("/en/search/?q=hydrogen").content.decode()
    assert "Electric buses" in client.get("/en/search/?q=batteries").content.decode()


def test_search_finds_articles_on_any_database(client, make_article):
    make_article(title="Liangjiang robots", body_markdown="Robots in the park.")
    make_article(title="Other news", body_markdown="Nothing.")
    html = client.get("/en/search/?q=robots").content.decode()
    assert "Liangjiang robots" in html and "Other news" not in html


def test_search_lists_matching_directory_entries(client):
    from portal.models import Organization

    Organization.objects.create(
        name="Chongqing Yongrenxin Medical Device Co., Ltd.",
        slug="yongrenxin-medical",
        kind="enterprise",
        aliases="永仁心",
    )
    assert "Yongrenxin" in client.get("/en/search/?q=yongrenxin").content.decode()
    assert "Yongrenxin" in client.get("/en/search/?q=永仁心").content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "!!! &&& |||",
        ":*",
        "x" * 5000,
        "创新 & <b>",
        "-" * 200,
        "- " * 100,
        "-(" * 100,
    ],
)
def test_hostile_queries_get_a_page_not_an_error(client, make_article, query):
    make_article()
    response = client.get("/en/search/", {"q": query})
    assert response.status_code == 200
    assert b"<script>alert" not in response.content
    assert b"<b>" not in response.content.split(b"<main")[1]


@pytest.mark.parametrize("path", ["/en/news/", "/api/v1/articles/"])
def test_a_query_of_minus_signs_filters_the_news_list_and_the_api(client, make_article, path):
    make_article()
    assert client.get(path, {"q": "-" * 200}).status_code == 200


@postgres_only
def test_a_minus_sign_still_leaves_a_word_out(client, make_article):
    make_article(title="Innovation in the zone")
    make_article(title="Innovation and tourism")
    html = client.get("/en/search/", {"q": "innovation -tourism"}).content.decode()
    assert "Innovation in the zone" in html
    assert "Innovation and tourism" not in html


def test_a_query_with_a_nul_byte_is_refused_with_a_message(client):
    response = client.get("/en/search/", {"q": "a\x00b"})
    assert response.status_code == 400
    assert "not allowed" in response.content.decode()


def test_snippet_highlights_escaped_text():
    snippet = highlight("Innovation <b>zones</b> and innovative firms", "innovations")
    assert "<mark>Innovation</mark>" in snippet
    assert "<mark>innovative</mark>" in snippet
    assert "&lt;b&gt;" in snippet


def test_snippet_starts_at_a_word():
    text = "Alpha bravo charlie delta echo foxtrot golf hotel india " * 3 + "innovation here"
    snippet = highlight(text, "innovation", width=60)
    assert snippet.startswith("… ") and snippet[2:].split(" ")[0] in text.split(" ")


@postgres_only
def test_bulk_imported_articles_become_searchable_after_update_search_vectors(client, section):
    import io

    from django.core.management import call_command
    from django.utils import timezone

    from articles.models import Article

    Article.objects.bulk_create(
        [
            Article(
                title="Imported hydrogen story",
                slug="imported",
                standfirst="s",
                body_markdown="b",
                body_html="<p>Fuel cells.</p>",
                section=section,
                status="published",
                publish_at=timezone.now(),
            )
        ]
    )
    assert "Imported hydrogen story" not in client.get("/en/search/?q=hydrogen").content.decode()
    call_command("update_search_vectors", stdout=io.StringIO())
    html = client.get("/en/search/?q=hydrogen").content.decode()
    assert "Imported hydrogen story" in html
