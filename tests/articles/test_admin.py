"""The newsroom in the admin: list, filters, bulk actions, revisions and restore."""

import pytest
from django.utils import timezone

from articles.models import Article, Revision

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, editor):
    client.force_login(editor)
    return client


def _form(section_obj, **overrides):
    data = {
        "title": "Admin story",
        "slug": "admin-story",
        "standfirst": "Written in the admin.",
        "body_markdown": "First version.",
        "status": "draft",
        "section": section_obj.pk,
        "language": "en",
        "publish_at_0": "",
        "publish_at_1": "",
        "images-TOTAL_FORMS": "0",
        "images-INITIAL_FORMS": "0",
        "revisions-TOTAL_FORMS": "0",
        "revisions-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_editor_creates_an_article_and_a_revision_is_recorded(staff_client, editor, section):
    response = staff_client.post("/admin/articles/article/add/", _form(section))
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(slug="admin-story")
    revision = article.revisions.get()
    assert revision.user == editor and revision.snapshot["body_markdown"] == "First version."


def test_changelist_searches_and_filters(staff_client, make_article):
    chips = make_article(title="Chongqing chips", tags=["chips"])
    make_article(title="Hot pot", status=Article.Status.DRAFT)
    tag_id = chips.tags.get().pk
    queries = (
        "?q=chips",
        "?status__exact=published",
        f"?tags__id__exact={tag_id}",
        "?language=en",
    )
    for query in queries:
        response = staff_client.get("/admin/articles/article/" + query)
        assert response.status_code == 200
    assert (
        "Chongqing chips" in staff_client.get("/admin/articles/article/?q=chips").content.decode()
    )
    drafts = staff_client.get("/admin/articles/article/?status__exact=draft").content.decode()
    assert "Hot pot" in drafts and "Chongqing chips" not in drafts


def test_bulk_publish_and_unpublish(staff_client, make_article):
    draft = make_article(status=Article.Status.DRAFT, publish_at=None)
    live = make_article()
    staff_client.post(
        "/admin/articles/article/",
        {"action": "publish_now", "_selected_action": [draft.pk]},
    )
    draft.refresh_from_db()
    assert draft.status == "published" and draft.publish_at <= timezone.now()
    staff_client.post(
        "/admin/articles/article/", {"action": "unpublish", "_selected_action": [live.pk]}
    )
    live.refresh_from_db()
    assert live.status == "unpublished"
    assert staff_client.get(live.get_absolute_url()).status_code == 404


def test_change_form_offers_previews_and_revision_history(staff_client, make_article):
    article = make_article()
    html = staff_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert f"/en/news/preview/{article.pk}/" in html
    assert "/en/news/preview/shared/" in html
    assert "View on site" in html


def test_restoring_a_revision_brings_the_old_text_back(staff_client, editor, section):
    staff_client.post("/admin/articles/article/add/", _form(section))
    article = Article.objects.get(slug="admin-story")
    first = article.revisions.get()
    staff_client.post(
        f"/admin/articles/article/{article.pk}/change/",
        _form(section, body_markdown="Second version.", title="Changed title"),
    )
    article.refresh_from_db()
    assert article.title == "Changed title"
    latest = article.revisions.first()
    assert set(latest.changed_fields) >= {"title", "body_markdown"}
    history = staff_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    restore_url = f"/admin/articles/article/{article.pk}/revisions/{first.pk}/restore/"
    assert restore_url in history
    assert "First version." in staff_client.get(restore_url).content.decode()
    response = staff_client.post(restore_url)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Admin story" and "First version." in article.body_html
    assert Revision.objects.filter(article=article).count() == 3


def test_restore_url_of_another_article_is_a_404(staff_client, make_article):
    a, b = make_article(), make_article()
    from articles.revisions import record_revision

    revision = record_revision(a)
    url = f"/admin/articles/article/{b.pk}/revisions/{revision.pk}/restore/"
    assert staff_client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"status": "scheduled"}, "Choose when the article goes live."),
        ({"slug": "not a slug!"}, "Enter a valid “slug”"),
        ({"title": ""}, "This field is required."),
        ({"section": "999999"}, "Select a valid choice."),
        ({"language": "fr"}, "Select a valid choice."),
        ({"source_url": "javascript:alert(1)"}, "Enter a valid URL."),
    ],
)
def test_admin_refuses_bad_input_with_a_message(staff_client, section, overrides, message):
    response = staff_client.post("/admin/articles/article/add/", _form(section, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Article.objects.exists()


def test_translation_must_be_in_another_language(staff_client, section, make_article):
    original = make_article(language="en")
    response = staff_client.post(
        "/admin/articles/article/add/", _form(section, translation_of=original.pk)
    )
    assert "A translation must be in another language." in response.content.decode()


def test_publishing_without_a_date_publishes_now(staff_client, section):
    staff_client.post("/admin/articles/article/add/", _form(section, status="published"))
    article = Article.objects.get(slug="admin-story")
    assert article.publish_at <= timezone.now()


def _picture(name="hero.jpg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.conftest import image_bytes

    return SimpleUploadedFile(name, image_bytes(size=(800, 450)), content_type="image/jpeg")


@pytest.mark.parametrize("alt", ["", "   "])
def test_a_hero_image_cannot_be_saved_without_its_text_alternative(staff_client, section, alt):
    response = staff_client.post(
        "/admin/articles/article/add/",
        _form(section, hero_image=_picture(), hero_image_alt=alt),
    )

    assert response.status_code == 200
    assert "Describe what the picture shows" in response.content.decode()
    assert not Article.objects.exists()


def test_a_hero_image_with_its_text_alternative_is_saved(staff_client, section):
    staff_client.post(
        "/admin/articles/article/add/",
        _form(section, hero_image=_picture(), hero_image_alt="Engineers at a test bench"),
    )

    assert Article.objects.get().hero_image_alt == "Engineers at a test bench"


@pytest.mark.parametrize(("alt", "saved"), [("", False), ("A robot arm at work", True)])
def test_an_inline_image_needs_its_text_alternative(staff_client, section, alt, saved):
    response = staff_client.post(
        "/admin/articles/article/add/",
        _form(
            section,
            **{
                "images-TOTAL_FORMS": "1",
                "images-0-key": "robot",
                "images-0-image": _picture("robot.jpg"),
                "images-0-alt": alt,
            },
        ),
    )

    assert Article.objects.exists() is saved
    if not saved:
        assert "Describe what the picture shows" in response.content.decode()
