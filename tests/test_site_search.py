"""Site search: every kind in both languages, on the page and in the API, and bad input."""

import io

import pytest
from django.core.management import call_command

from recruitment.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("loaddemo", stdout=io.StringIO())


# language, query, the kind's group, a title the reader must find there
FINDS = [
    ("en", "engineer", "jobs", "Autonomous driving software engineer"),
    ("en", "engineers", "jobs", "Display process engineer"),
    ("en", "工程师", "jobs", "Battery systems engineer"),
    ("en", "京东方", "organizations", "BOE"),
    ("en", "BOE", "organizations", "BOE"),
    ("en", "鸿雁", "talent-programmes", "Hongyan Project"),
    ("en", "Hongyan", "talent-programmes", "Hongyan Project"),
    ("en", "Lijia", "parks", "Lijia Intelligent Park"),
    ("en", "livestream", "campaigns", "June 5 talent livestream"),
    ("en", "innovation", "articles", "Advanced Models of Innovation and Talents in Liangjiang"),
    ("zh-hans", "工程师", "jobs", "自动驾驶软件工程师"),
    ("zh-hans", "engineer", "jobs", "显示工艺工程师"),
    ("zh-hans", "自动驾驶工程师", "jobs", "自动驾驶软件工程师"),
    ("zh-hans", "京东方", "organizations", "京东方"),
    ("zh-hans", "鸿雁", "talent-programmes", "鸿雁计划"),
    ("zh-hans", "礼嘉", "parks", "礼嘉智慧公园"),
    ("zh-hans", "人才直播", "campaigns", "两江新区人才直播"),
    ("zh-hans", "两江", "articles", "两江"),
]


def group_of(html: str, kind: str) -> str:
    """The text of one kind's section of the results page."""
    start = html.index(f'<section aria-labelledby="{kind}-hits">')
    return html[start : html.index("</section>", start)]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_each_kind_is_found_in_the_pages_language(client, demo, language):
    missing = []
    for case_language, q, kind, title in FINDS:
        if case_language != language:
            continue
        html = client.get(f"/{language}/search/", {"q": q}).content.decode()
        if f'<section aria-labelledby="{kind}-hits">' not in html or title not in group_of(
            html, kind
        ):
            missing.append((q, kind, title))
    assert not missing


def test_results_are_grouped_by_kind_with_counts(client, demo):
    html = client.get("/en/search/", {"q": "engineer"}).content.decode()
    open_engineering_jobs = Job.objects.open().filter(title_en__icontains="engineer").count()
    assert open_engineering_jobs >= 4
    assert f'<a href="#jobs-hits">Jobs</a> <span class="count">{open_engineering_jobs}</span>' in (
        html
    )
    assert f'<h2 id="jobs-hits">Jobs <span class="count">{open_engineering_jobs}</span>' in html


def test_a_chinese_page_shows_chinese_titles_only(client, demo):
    jobs = group_of(client.get("/zh-hans/search/", {"q": "engineer"}).content.decode(), "jobs")
    assert "显示工艺工程师" in jobs and "京东方" in jobs
    assert "Display process engineer" not in jobs


def test_news_results_are_in_the_pages_language_only(client, demo):
    english = client.get("/en/search/", {"q": "Liangjiang"}).content.decode()
    assert "Advanced Models of Innovation and Talents in Liangjiang" in english
    chinese = client.get("/zh-hans/search/", {"q": "Liangjiang"}).content.decode()
    assert "Advanced Models of Innovation and Talents in Liangjiang" not in chinese


def test_closed_jobs_are_not_found(client, demo):
    Job.objects.filter(slug="boe-display-process-engineer").update(status=Job.Status.CLOSED)
    html = client.get("/en/search/", {"q": "engineer"}).content.decode()
    assert "Display process engineer" not in html
    assert "Battery systems engineer" in html


def test_nothing_found_says_so(client, demo):
    html = client.get("/en/search/", {"q": "xylophone"}).content.decode()
    assert "Nothing matches “xylophone”." in html
    html = client.get("/zh-hans/search/", {"q": "xylophone"}).content.decode()
    assert "没有找到与“xylophone”相关的内容。" in html


@pytest.mark.parametrize(
    ("q", "status"),
    [
        ("", 200),
        ("   ", 200),
        ("a" * 500, 200),
        ("工" * 500, 200),
        ("\x01\x02", 200),
        ("\x00", 400),  # refused for every address (portal/middleware.py)
        ("%", 200),
        ("_", 200),
        ("'", 200),
        ('"', 200),
        ("-" * 60, 200),
        ("<script>x</script>", 200),
    ],
)
def test_bad_queries_get_a_page_or_a_400_never_an_error(client, demo, q, status):
    response = client.get("/en/search/", {"q": q})
    assert response.status_code == status
    assert "<script>x</script>" not in response.content.decode()


def test_every_page_has_a_search_box_in_its_header(client, demo):
    for path in ["/en/", "/zh-hans/jobs/", "/en/parks/", "/zh-hans/privacy/", "/en/nowhere/"]:
        html = client.get(path).content.decode()
        header = html[html.index('<header class="site-header">') : html.index("</header>")]
        language = path.split("/")[1]
        assert (
            f'<form class="header-search" role="search" method="get" action="/{language}/search/">'
            in header
        ), path
        assert 'name="q"' in header


# --- The API -----------------------------------------------------------------


def test_the_api_answers_what_the_page_shows(client, demo):
    data = client.get("/api/v1/search/", {"q": "工程师", "language": "zh-hans"}).json()
    assert data["q"] == "工程师" and data["language"] == "zh-hans"
    jobs = next(group for group in data["groups"] if group["kind"] == "jobs")
    assert jobs["label"] == "职位"
    assert jobs["count"] == Job.objects.open().filter(title_zh_hans__contains="工程师").count()
    titles = [hit["title"] for hit in jobs["results"]]
    assert "自动驾驶软件工程师" in titles
    assert all(
        hit["url"].startswith("http://") and "/zh-hans/jobs/" in hit["url"]
        for hit in jobs["results"]
    )
    assert data["count"] == sum(group["count"] for group in data["groups"])


@pytest.mark.parametrize(
    ("language", "q", "kind", "title"),
    [
        ("en", "engineer", "jobs", "Autonomous driving software engineer"),
        ("en", "鸿雁", "talent-programmes", "Hongyan Project"),
        ("zh-hans", "鸿雁", "talent-programmes", "鸿雁计划"),
        ("en", "京东方", "organizations", "BOE"),
        ("zh-hans", "京东方", "organizations", "京东方"),
        ("zh-hans", "礼嘉", "parks", "礼嘉智慧公园"),
        ("en", "livestream", "campaigns", "June 5 talent livestream"),
        (
            "en",
            "innovation",
            "articles",
            "Advanced Models of Innovation and Talents in Liangjiang",
        ),
    ],
)
def test_the_api_finds_each_kind(client, demo, language, q, kind, title):
    data = client.get("/api/v1/search/", {"q": q, "language": language}).json()
    group = next(group for group in data["groups"] if group["kind"] == kind)
    assert title in [hit["title"] for hit in group["results"]]


def test_the_api_takes_the_language_of_the_request_by_default(client, demo):
    data = client.get("/api/v1/search/", {"q": "鸿雁"}, HTTP_ACCEPT_LANGUAGE="zh-CN").json()
    assert data["language"] == "zh-hans"
    data = client.get("/api/v1/search/", {"q": "鸿雁"}).json()
    assert data["language"] == "en"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "q"),
        ({"q": ""}, "q"),
        ({"q": "   "}, "q"),
        ({"q": "\x01\t\n"}, "q"),
        ({"q": "a" * 500}, "q"),
        ({"q": "boe", "language": "fr"}, "language"),
    ],
)
def test_the_api_refuses_bad_queries_with_a_400(client, db, params, field):
    response = client.get("/api/v1/search/", params)
    assert response.status_code == 400
    assert field in response.json()


def test_the_api_search_is_in_the_openapi_schema(client, db):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/search/" in schema
    assert "talent-programmes" in schema
