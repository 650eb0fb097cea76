"""Error pages: the site's layout in the reader's language, with the header, a search
box and a way back; the 500 page without the database."""

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.test import Client
from django.views.generic import TemplateView

PAGES = [
    # language, what fails, status, heading, a way back
    ("en", "missing", 404, "Page not found", "Back to the home page"),
    ("zh-hans", "missing", 404, "页面不存在", "返回首页"),
    ("en", "forbidden", 403, "Access denied", "Back to the home page"),
    ("zh-hans", "forbidden", 403, "无权访问", "返回首页"),
    ("en", "broken", 500, "Something went wrong", "Back to the home page"),
    ("zh-hans", "broken", 500, "出错了", "返回首页"),
]


def failing(what):
    if what == "forbidden":
        return mock.patch.object(TemplateView, "get", side_effect=PermissionDenied)
    if what == "broken":
        return mock.patch.object(TemplateView, "get", side_effect=OperationalError("down"))
    return mock.patch.object(TemplateView, "get", side_effect=AssertionError("not reached"))


def assert_in_the_sites_layout(html, language, heading, back):
    assert f'<html lang="{language}">' in html
    assert f"<h1>{heading}</h1>" in html
    assert '<header class="site-header">' in html and '<footer class="site-footer">' in html
    assert (
        f'<form class="header-search" role="search" method="get" action="/{language}/search/">'
        in html
    )
    assert f'<a href="/{language}/">{back}</a>' in html


@pytest.mark.parametrize(("language", "what", "status", "heading", "back"), PAGES)
def test_error_pages_are_in_the_sites_layout_and_the_readers_language(
    language, what, status, heading, back
):
    # No database for these tests: the 500 page must not need one, and neither do the
    # others on an address that reaches no content.
    client = Client(raise_request_exception=False)
    path = f"/{language}/about/" if what != "missing" else f"/{language}/no-such-page/"
    with failing(what):
        response = client.get(path)
    assert response.status_code == status
    assert_in_the_sites_layout(response.content.decode(), language, heading, back)


@pytest.mark.parametrize(("language", "heading"), [("en", "Bad request"), ("zh-hans", "请求有误")])
def test_a_bad_request_gets_the_400_page(language, heading):
    response = Client().get(f"/{language}/", HTTP_HOST="not a host!")
    assert response.status_code == 400
    assert_in_the_sites_layout(
        response.content.decode(),
        language,
        heading,
        {"en": "Back to the home page", "zh-hans": "返回首页"}[language],
    )


def test_a_missing_page_is_404_in_the_language_of_an_unprefixed_address(db):
    response = Client().get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/en/organisations/", "/en/organizations/"),
        ("/zh-hans/organisations/", "/zh-hans/organizations/"),
        ("/en/organisations/?kind=enterprise", "/en/organizations/?kind=enterprise"),
        ("/en/organisations/boe/", "/en/organizations/boe/"),
    ],
)
def test_the_british_spelling_reaches_the_directory(client, path, target):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == target
