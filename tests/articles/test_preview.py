"""Staff preview drafts; a signed link lets a reviewer without an account read one."""

from unittest import mock

import pytest
from django.core import signing

from articles.models import Article
from articles.views import make_preview_token, preview_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(make_article):
    return make_article(title="Embargoed draft", status=Article.Status.DRAFT, publish_at=None)


def test_staff_can_preview_a_draft_never_cached(client, editor, draft):
    client.force_login(editor)
    response = client.get(f"/en/news/preview/{draft.pk}/")
    assert response.status_code == 200
    assert "Embargoed draft" in response.content.decode()
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()


def test_anonymous_reader_is_sent_to_log_in_for_staff_preview(client, draft):
    response = client.get(f"/en/news/preview/{draft.pk}/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_non_staff_user_cannot_use_staff_preview(client, django_user_model, draft):
    client.force_login(django_user_model.objects.create_user("reader", password="x" * 20))
    assert client.get(f"/en/news/preview/{draft.pk}/").status_code == 302


def test_shared_preview_link_works_without_an_account(client, draft):
    response = client.get(preview_url(draft))
    html = response.content.decode()
    assert response.status_code == 200 and "Embargoed draft" in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    assert "application/ld+json" not in html


def test_shared_preview_link_expires(client, draft):
    token = make_preview_token(draft)
    with mock.patch("django.core.signing.time.time", return_value=signing.time.time() + 8 * 86400):
        response = client.get(f"/en/news/preview/shared/{token}/")
    assert response.status_code == 410
    assert "no longer valid" in response.content.decode()


@pytest.mark.parametrize(
    "make_token",
    [
        lambda: "garbage",
        lambda: "1:abc:def",
        lambda: signing.TimestampSigner(salt="other").sign("1"),
        lambda: "1",
    ],
    ids=["garbage", "bad-signature", "other-salt", "unsigned"],
)
def test_tampered_preview_links_are_refused(client, draft, make_token):
    token = make_token()
    assert client.get(f"/en/news/preview/shared/{token}/").status_code == 404


def test_preview_of_one_article_cannot_be_turned_into_another(client, draft, make_article):
    other = make_article(title="Other draft", status=Article.Status.DRAFT, publish_at=None)
    token = make_preview_token(draft)
    forged = str(other.pk) + token[len(str(draft.pk)) :]
    assert client.get(f"/en/news/preview/shared/{forged}/").status_code == 404


def test_only_staff_who_may_edit_see_the_edit_link(client, editor, recruiter, make_article):
    article = make_article(title="Story with an edit link")
    edit_link = f'href="/admin/articles/article/{article.pk}/change/"'
    # An anonymous reader first: the page is then in the cache, and must not leak.
    assert edit_link not in client.get(article.get_absolute_url()).content.decode()
    client.force_login(editor)
    assert edit_link in client.get(article.get_absolute_url()).content.decode()
    client.force_login(recruiter)  # staff, but not an editor of news
    assert edit_link not in client.get(article.get_absolute_url()).content.decode()
    client.logout()
    assert edit_link not in client.get(article.get_absolute_url()).content.decode()
