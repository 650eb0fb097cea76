"""What a shared cache in front of the portal (a CDN's edge) may keep, and for how long.

Every anonymous reader of a page gets the same answer: it says `public` with an
`s-maxage` and `stale-while-revalidate`, sets no cookie and varies neither on
Cookie nor on Accept-Language. Anything a session, a token or a form shaped is
`private, no-store`.
"""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from rest_framework.authtoken.models import Token

from articles.models import Article
from portal.pages import SHARED_MAX_AGE

pytestmark = pytest.mark.django_db


def shared_seconds(response) -> int | None:
    """The answer's `s-maxage`, or None when a shared cache may not keep it."""
    control = response.get("Cache-Control", "")
    if "public" not in control:
        return None
    match = re.search(r"s-maxage=(\d+)", control)
    return int(match.group(1)) if match else None


def assert_private(response):
    control = response.get("Cache-Control", "")
    assert "private" in control and "no-store" in control, control
    assert "public" not in control and "s-maxage" not in control


@pytest.mark.parametrize(
    "path",
    [
        "/en/",
        "/zh-hans/",
        "/en/news/",
        "the article",
        "/en/campaigns/liangjiang-live/",
        "/en/jobs/",
        "/zh-hans/parks/",
    ],
)
def test_an_anonymous_page_may_be_kept_by_a_shared_cache_and_is_one_for_everyone(
    client, article, campaign, path
):
    if path == "the article":
        path = article.get_absolute_url()
    for response in (client.get(path), client.get(path)):  # rendered, then from the cache
        assert response.status_code == 200
        assert 0 < shared_seconds(response) <= SHARED_MAX_AGE
        assert "stale-while-revalidate=" in response["Cache-Control"]
        assert "max-age=0" in response["Cache-Control"]  # browsers still ask again (304)
        assert not response.cookies
        assert "Cookie" not in response.get("Vary", "")
        assert "Accept-Language" not in response.get("Vary", "")


def test_the_campaign_page_is_kept_for_seconds_articles_for_longer(client, article, campaign):
    campaign_page = client.get("/en/campaigns/liangjiang-live/")
    article_page = client.get(article.get_absolute_url())

    assert shared_seconds(campaign_page) <= 5
    assert shared_seconds(article_page) > shared_seconds(campaign_page)


def test_a_page_that_changes_by_itself_soon_is_not_kept_past_the_change(client, article):
    Article.objects.create(
        title="Scheduled",
        slug="scheduled",
        standfirst="Later.",
        body_markdown="Body.",
        section=article.section,
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now() + timedelta(seconds=20),
    )

    for response in (client.get("/en/news/"), client.get("/en/news/")):
        assert shared_seconds(response) <= 20


def test_the_live_counter_and_qr_codes_are_one_copy_for_every_language(client, campaign):
    for path in ("/campaigns/liangjiang-live/live.json", "/campaigns/liangjiang-live/qr.svg"):
        english = client.get(path, headers={"Accept-Language": "en-GB,en;q=0.9"})
        chinese = client.get(path, headers={"Accept-Language": "zh-CN,zh;q=0.9"})
        assert english.status_code == chinese.status_code == 200
        assert english.content == chinese.content
        assert "Accept-Language" not in english.get("Vary", "")
        assert "public" in english["Cache-Control"]
    live = client.get("/campaigns/liangjiang-live/live.json")
    assert shared_seconds(live) <= 5
    assert "stale-while-revalidate=" in live["Cache-Control"]


def test_an_error_about_a_qr_code_still_speaks_the_readers_language(client, campaign):
    response = client.get(
        "/campaigns/liangjiang-live/qr.svg?job=no-such-job", headers={"Accept-Language": "zh-CN"}
    )
    assert response.status_code == 400
    assert "Accept-Language" in response.get("Vary", "")


def test_the_public_api_lists_may_be_kept_by_a_shared_cache(client, article):
    response = client.get("/api/v1/articles/")
    assert response.status_code == 200
    assert 0 < shared_seconds(response) <= SHARED_MAX_AGE


def test_a_staff_token_answer_is_private(client, article, recruiter):
    token = Token.objects.create(user=recruiter)
    response = client.get("/api/v1/articles/", headers={"Authorization": f"Token {token.key}"})
    assert response.status_code == 200
    assert_private(response)


def test_what_a_signed_in_user_sees_is_private(client, article, editor):
    client.force_login(editor)
    for path in ("/en/", "/en/news/", article.get_absolute_url(), "/en/jobs/"):
        response = client.get(path)
        assert response.status_code == 200
        assert_private(response)


def test_forms_and_status_pages_are_private(client, campaign):
    apply_form = client.get("/en/campaigns/liangjiang-live/apply/")
    contact_form = client.get("/en/contact/")
    for response in (apply_form, contact_form):
        assert response.status_code == 200
        assert_private(response)
        assert settings.CSRF_COOKIE_NAME in response.cookies


def test_health_checks_are_never_kept(client):
    for path in ("/healthz", "/readyz"):
        assert "no-store" in client.get(path)["Cache-Control"]
