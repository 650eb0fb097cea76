"""Languages in the URL: every page under /en/ or /zh-hans/, the rest unprefixed.

An unprefixed page path (a printed link, a QR code, an old bookmark) redirects to the
reader's language: the language cookie, else Accept-Language, else English.
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from defusedxml import ElementTree
from django.conf import settings

from articles.models import Article
from recruitment.models import Job

pytestmark = pytest.mark.django_db

SITE = settings.SITE_URL
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


# --- unprefixed page paths redirect --------------------------------------------------

PAGE_PATHS = [
    "/",
    "/news/",
    "/news/?page=2&tag=cars",
    "/search/?q=hydrogen",
    "/parks/",
    "/organizations/?kind=enterprise",
    "/talent/",
    "/jobs/",
    "/timeline/",
    "/about/",
    "/privacy/",
    "/contact/",
    "/campaigns/liangjiang-live/",
    "/campaigns/liangjiang-live/apply/?job=battery-engineer&source=qr",
    "/applications/some-status-token/",
]


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_an_unprefixed_page_path_redirects_to_english_by_default_keeping_the_query(
    client, campaign, path
):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == "/en" + path


def test_the_article_page_redirects_too(client, article):
    path = article.get_absolute_url().removeprefix("/en")

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url()


@pytest.mark.parametrize("header", ["zh-hans", "zh-CN,zh;q=0.9,en;q=0.5", "zh"])
def test_a_chinese_browser_is_sent_to_the_chinese_page(client, campaign, header):
    path = "/campaigns/liangjiang-live/apply/?job=battery-engineer"

    response = client.get(path, HTTP_ACCEPT_LANGUAGE=header)

    assert response.status_code == 302
    assert response["Location"] == "/zh-hans" + path


def test_the_language_cookie_wins_over_the_browser(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert client.get("/news/", HTTP_ACCEPT_LANGUAGE="en")["Location"] == "/zh-hans/news/"

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get("/news/", HTTP_ACCEPT_LANGUAGE="zh-hans")["Location"] == "/en/news/"


def test_an_unknown_language_falls_back_to_english(client):
    assert client.get("/news/", HTTP_ACCEPT_LANGUAGE="fr-FR,de;q=0.8")["Location"] == "/en/news/"


def test_a_path_that_is_no_page_is_not_found_rather_than_redirected(client):
    assert client.get("/no-such-page/").status_code == 404
    assert client.get("/en/no-such-page/").status_code == 404


def test_the_prefix_decides_the_language_whatever_the_browser_asks(client):
    html = client.get("/zh-hans/news/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="zh-hans">' in html
    html = client.get("/en/news/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert '<html lang="en">' in html


# --- alternates and the language switch ----------------------------------------------


def alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


@pytest.mark.parametrize("path", ["/", "/news/", "/parks/", "/jobs/", "/contact/"])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_page_names_itself_in_each_language_and_the_unprefixed_address(
    client, path, language
):
    html = client.get(f"/{language}{path}").content.decode()

    assert alternates(html) == {
        "en": f"{SITE}/en{path}",
        "zh-hans": f"{SITE}/zh-hans{path}",
        "x-default": f"{SITE}{path}",
    }


def test_the_alternates_of_an_article_page(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    path = article.get_absolute_url().removeprefix("/en")

    assert alternates(html)["zh-hans"] == f"{SITE}/zh-hans{path}"
    assert alternates(html)["x-default"] == f"{SITE}{path}"


def test_an_article_names_its_translation_as_its_page_in_the_other_language(client, article):
    translation = Article.objects.create(
        title="氢能公交",
        slug="qingneng-gongjiao",
        standfirst="公交。",
        body_markdown="正文。",
        section=article.section,
        language="zh-hans",
        translation_of=article,
        status=Article.Status.PUBLISHED,
        publish_at=article.publish_at,
    )
    original_path = article.get_absolute_url().removeprefix("/en")
    translation_path = translation.get_absolute_url().removeprefix("/en")

    original = alternates(client.get(f"/en{original_path}").content.decode())
    translated = alternates(client.get(f"/zh-hans{translation_path}").content.decode())

    assert original == {
        "en": f"{SITE}/en{original_path}",
        "zh-hans": f"{SITE}/zh-hans{translation_path}",
        "x-default": f"{SITE}{original_path}",
    }
    assert translated["en"] == f"{SITE}/en{original_path}"
    assert translated["zh-hans"] == f"{SITE}/zh-hans{translation_path}"


def language_switch(html: str) -> str:
    return re.search(r'<nav class="language-switch".*?</nav>', html, re.S).group(0)


def test_the_language_switch_links_to_the_same_page_in_the_other_language(client):
    switch = language_switch(client.get("/en/news/?page=1&tag=cars").content.decode())

    assert '<a href="/zh-hans/news/?page=1&amp;tag=cars" hreflang="zh-hans"' in switch
    assert 'aria-current="page" lang="en">English<' in switch
    assert "<form" not in switch

    switch = language_switch(client.get("/zh-hans/news/").content.decode())
    assert '<a href="/en/news/" hreflang="en" lang="en">English</a>' in switch


def test_following_the_switch_turns_the_page_chinese(client):
    html = client.get("/en/").content.decode()
    target = re.search(r'<a href="([^"]+)" hreflang="zh-hans"', language_switch(html)).group(1)

    html = client.get(target).content.decode()

    assert target == "/zh-hans/"
    assert '<html lang="zh-hans">' in html
    assert "跳到内容" in html


def test_the_navigation_stays_in_the_pages_language(client):
    html = client.get("/zh-hans/").content.decode()
    nav = re.search(r'<nav class="site-nav.*?</nav>', html, re.S).group(0)

    assert 'href="/zh-hans/news/"' in nav and 'href="/en/' not in nav


@pytest.mark.parametrize(
    ("path", "link"),
    [
        ("/about/", '<a href="/zh-hans/parks/">创新平台和园区</a>'),
        ("/about/", '<a href="/zh-hans/programmes/">基金和贷款</a>'),
        ("/privacy/", '<a href="/zh-hans/contact/">留言表单</a>'),
        ("/contact/", '<a href="/zh-hans/privacy/">隐私声明</a>'),
    ],
)
def test_links_inside_translated_text_stay_in_the_pages_language(client, path, link):
    assert link in client.get(f"/zh-hans{path}").content.decode()


# --- a page depends on its URL alone --------------------------------------------------


@pytest.mark.parametrize("path", ["/en/", "/en/news/", "/zh-hans/parks/", "/en/jobs/"])
def test_a_page_without_a_form_sets_no_cookie_and_carries_no_csrf_token(client, path):
    response = client.get(path)

    assert response.status_code == 200
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "Cookie" not in response.get("Vary", "")


def test_a_page_with_a_form_carries_a_csrf_token(client):
    response = client.get("/en/contact/")

    assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    assert settings.CSRF_COOKIE_NAME in response.cookies


def test_the_cookie_notice_is_in_every_page_for_the_browser_to_show(client):
    first = client.get("/en/news/").content
    client.cookies["cookie_notice_seen"] = "1"
    again = client.get("/en/news/").content

    assert b"data-cookie-notice hidden" in first
    assert first == again


# --- the sitemap -------------------------------------------------------------------------


def test_the_sitemap_lists_every_page_in_both_languages_with_alternates(client, article):
    root = ElementTree.fromstring(client.get("/sitemap-news.xml").content)
    path = article.get_absolute_url().removeprefix("/en")

    locations = [url.findtext(f"{SITEMAP}loc") for url in root.iter(f"{SITEMAP}url")]
    assert locations == [f"{SITE}/en{path}", f"{SITE}/zh-hans{path}"]
    links = {
        link.get("hreflang"): link.get("href")
        for link in root.find(f"{SITEMAP}url").iter(f"{XHTML}link")
    }
    assert links["en"] == f"{SITE}/en{path}"
    assert links["zh-hans"] == f"{SITE}/zh-hans{path}"
    assert "x-default" in links


# --- what stays unprefixed --------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/healthz",
        "/readyz",
        "/api/v1/",
        "/api/v1/campaigns/liangjiang-live/",
        "/api/schema/",
        "/campaigns/liangjiang-live/live.json",
        "/campaigns/liangjiang-live/qr.svg",
        "/campaigns/liangjiang-live/qr.png",
        "/feeds/news/",
        "/feeds/news/atom/",
        "/sitemap.xml",
        "/robots.txt",
    ],
)
def test_machine_addresses_answer_unprefixed_and_only_there(client, campaign, path):
    assert client.get(path, HTTP_ACCEPT_LANGUAGE="zh-hans").status_code == 200
    assert client.get(f"/en{path}").status_code == 404


def test_the_admin_stays_unprefixed(client):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert client.get("/en/admin/").status_code == 404


def test_the_set_language_view_is_gone(client):
    assert client.post("/i18n/setlang/", {"language": "zh-hans"}).status_code == 404


@pytest.mark.parametrize(("header", "language"), [("en", "en"), ("zh-CN", "zh-hans")])
def test_a_short_link_sends_the_reader_to_the_form_in_their_language_at_once(
    client, campaign, header, language
):
    response = client.get(
        "/c/liangjiang-live/battery-engineer/?ch=poster", HTTP_ACCEPT_LANGUAGE=header
    )

    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.path == f"/{language}/campaigns/liangjiang-live/apply/"
    assert parse_qs(target.query)["job"] == ["battery-engineer"]
    assert client.get(response["Location"]).status_code == 200


def test_a_qr_code_leads_to_the_unprefixed_form_that_redirects_by_the_phones_language(
    client, campaign, recruiter
):
    client.force_login(recruiter)
    html = client.get("/en/campaigns/liangjiang-live/presenting/").content.decode()
    printed = re.search(rf'{re.escape(SITE)}(/campaigns/liangjiang-live/apply/\?[^"<\s]+)', html)
    path = printed.group(1).replace("&amp;", "&")

    client.logout()
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert response.status_code == 302
    assert response["Location"] == "/zh-hans" + path


def test_the_feed_is_the_same_whatever_language_the_reader_asks_for(client, article):
    english_page = article.get_absolute_url()
    english = client.get("/feeds/news/", HTTP_ACCEPT_LANGUAGE="en").content
    chinese = client.get("/feeds/news/", HTTP_ACCEPT_LANGUAGE="zh-hans").content

    assert english == chinese
    assert f"<link>{SITE}{english_page}</link>".encode() in english


def test_links_in_the_api_name_a_page_that_answers(client, campaign):
    job = Job.objects.get(slug="battery-engineer")
    url = client.get(f"/api/v1/jobs/{job.slug}/").json()["url"]

    assert urlsplit(url).path == job.get_absolute_url()
    assert client.get(urlsplit(url).path).status_code == 200


def test_the_campaign_page_reaches_its_unprefixed_live_counter(client, campaign):
    html = client.get("/zh-hans/campaigns/liangjiang-live/").content.decode()

    assert 'data-live-url="/campaigns/liangjiang-live/live.json"' in html
