"""Consent notices: what candidates agreed to never changes, and only recruiters see them."""

import pytest

from recruitment.models import Application, ConsentNotice

from ..conftest import application_data
from .conftest import make_application

pytestmark = pytest.mark.django_db

NOTICES = "/admin/recruitment/consentnotice/"


def change_url(notice):
    return f"{NOTICES}{notice.pk}/change/"


def delete_url(notice):
    return f"{NOTICES}{notice.pk}/delete/"


def edited(notice):
    return {
        # A text per language, side by side (English required).
        "version": notice.version,
        "processing_text_en": "We keep your résumé forever.",
        "processing_text_zh_hans": notice.processing_text_zh_hans or "",
        "share_text_en": notice.share_text_en,
        "share_text_zh_hans": notice.share_text_zh_hans or "",
    }


@pytest.fixture
def notice(db):
    return ConsentNotice.objects.create(
        version="2025-06", processing_text="We process {campaign}.", share_text="To {employers}."
    )


@pytest.fixture
def default_notice(client, campaign):
    """The notice a campaign that names none shows, after a candidate agreed to it."""
    response = client.post(f"/api/v1/campaigns/{campaign.slug}/applications/", application_data())
    assert response.status_code == 201
    application = Application.objects.get()
    client.logout()
    return ConsentNotice.objects.get(version=application.consent_version)


def test_the_default_notice_candidates_agreed_to_cannot_be_edited(
    client, recruiter, default_notice
):
    text = default_notice.processing_text
    client.force_login(recruiter)

    page = client.get(change_url(default_notice))
    response = client.post(change_url(default_notice), edited(default_notice))

    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert response.status_code == 403
    default_notice.refresh_from_db()
    assert default_notice.processing_text == text


@pytest.mark.parametrize("cited_by", ["processing consent", "sharing consent", "campaign"])
def test_a_cited_notice_can_be_neither_changed_nor_deleted(
    client, recruiter, campaign, jobs, notice, cited_by
):
    if cited_by == "campaign":
        campaign.consent_notice = notice
        campaign.save()
    else:
        field = "consent_version" if cited_by == "processing consent" else "share_consent_version"
        application = make_application(campaign, jobs["battery-engineer"])
        Application.objects.filter(pk=application.pk).update(**{field: notice.version})
    client.force_login(recruiter)

    changed = client.post(change_url(notice), edited(notice))
    deleted = client.post(delete_url(notice), {"post": "yes"})

    assert changed.status_code == 403
    assert deleted.status_code == 403
    notice.refresh_from_db()
    assert notice.processing_text == "We process {campaign}."


def test_a_notice_nobody_agreed_to_can_still_be_corrected_and_deleted(
    client, recruiter, campaign, jobs, notice
):
    make_application(campaign, jobs["battery-engineer"])  # agreed to another version
    client.force_login(recruiter)

    changed = client.post(change_url(notice), edited(notice))
    notice.refresh_from_db()
    deleted = client.post(delete_url(notice), {"post": "yes"})

    assert changed.status_code == 302
    assert notice.processing_text == "We keep your résumé forever."
    assert deleted.status_code == 302
    assert not ConsentNotice.objects.filter(pk=notice.pk).exists()


def test_a_new_text_is_published_as_a_new_version(client, recruiter, default_notice):
    client.force_login(recruiter)

    response = client.post(
        f"{NOTICES}add/",
        {
            "version": "2026-01",
            "processing_text_en": "New {campaign}.",
            "processing_text_zh_hans": "新的{campaign}。",
            "share_text_en": "To {employers}.",
            "share_text_zh_hans": "提供给{employers}。",
        },
    )

    assert response.status_code == 302
    assert set(ConsentNotice.objects.values_list("version", flat=True)) == {
        default_notice.version,
        "2026-01",
    }


def test_the_list_offers_no_bulk_delete(client, recruiter, default_notice):
    client.force_login(recruiter)

    page = client.get(NOTICES).content.decode()
    client.post(
        NOTICES,
        {"action": "delete_selected", "_selected_action": [default_notice.pk], "post": "yes"},
    )

    assert "delete_selected" not in page
    assert ConsentNotice.objects.filter(pk=default_notice.pk).exists()


@pytest.mark.parametrize("role", ["editor", "changan_hr", "boe_hr", "groupless staff"])
def test_only_recruiters_see_the_notices(client, django_user_model, request, role, notice):
    if role == "groupless staff":
        user = django_user_model.objects.create_user(
            username="staff", password="a-long-test-password", is_staff=True
        )
    else:
        user = request.getfixturevalue(role)
    client.force_login(user)

    answers = [client.get(url) for url in (NOTICES, change_url(notice), f"{NOTICES}add/")]
    index = client.get("/admin/").content.decode()

    assert [answer.status_code for answer in answers] == [403, 403, 403]
    assert NOTICES not in index


@pytest.mark.parametrize("role", ["recruiter", "admin_user"])
def test_recruiters_and_superusers_list_the_notices(client, request, role, notice):
    client.force_login(request.getfixturevalue(role))

    assert client.get(NOTICES).status_code == 200
    assert NOTICES in client.get("/admin/").content.decode()
