"""Résumés are private: never under MEDIA_URL, downloaded only by permitted staff."""

from urllib.parse import quote

import pytest
from django.conf import settings

from recruitment.models import Application

from .conftest import application_data, doc_bytes, docx_bytes, pdf_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(client, campaign):
    response = client.post("/api/v1/campaigns/liangjiang-live/applications/", application_data())
    return Application.objects.get(reference=response.json()["reference"])


def test_a_resume_is_not_reachable_under_media_url_or_any_guessable_path(client, application):
    name = application.resume.name
    assert not (settings.MEDIA_ROOT / name).exists()
    for path in (
        f"{settings.MEDIA_URL}{name}",
        f"{settings.MEDIA_URL}../private/{name}",
        f"/{name}",
        f"/private/{name}",
        f"/static/{name}",
    ):
        assert client.get(path).status_code in (400, 404), path
    status_page = client.get(f"/en/applications/{application.status_token}/").content.decode()
    assert name not in status_page


def test_even_the_url_the_storage_would_name_serves_nothing(client, application):
    assert client.get(application.resume.url).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, application):
    response = client.get(f"/staff/applications/{application.pk}/resume/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_staff_without_the_permission_cannot_download(client, application, employer_hr_user):
    client.force_login(employer_hr_user)

    assert client.get(f"/staff/applications/{application.pk}/resume/").status_code == 403


def test_a_recruiter_downloads_the_resume_as_an_attachment(client, application, recruiter):
    client.force_login(recruiter)

    response = client.get(f"/staff/applications/{application.pk}/resume/")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "no-store" in response["Cache-Control"]


def test_a_quarantined_resume_is_never_handed_to_staff(client, application, recruiter):
    Application.objects.filter(pk=application.pk).update(quarantined=True)
    client.force_login(recruiter)

    assert client.get(f"/staff/applications/{application.pk}/resume/").status_code == 404


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.mark.parametrize(
    "sent_as, data, content_type, served_as",
    [
        ("cv.html", pdf_bytes(), "application/pdf", "cv.pdf"),
        ("cv.pdf", docx_bytes(), DOCX, "cv.docx"),
        ("cv.docx.exe", doc_bytes(), "application/msword", "cv.docx.doc"),
        ("简历", pdf_bytes(), "application/pdf", "简历.pdf"),
        # Shown as "cvexe.pdf" to whoever uploads it, with the override.
        ("cv\u202efdp.exe", pdf_bytes(), "application/pdf", "cvfdp.pdf"),
    ],
    ids=["pdf-as-html", "docx-as-pdf", "doc-as-exe", "no-extension", "right-to-left-override"],
)
def test_a_resume_is_served_as_the_type_its_content_has_never_as_its_name(
    client, campaign, recruiter, sent_as, data, content_type, served_as
):
    response = client.post(
        "/api/v1/campaigns/liangjiang-live/applications/",
        application_data(resume=upload(sent_as, data, "text/html")),
    )
    application = Application.objects.get(reference=response.json()["reference"])
    client.force_login(recruiter)

    download = client.get(f"/staff/applications/{application.pk}/resume/")

    assert download.status_code == 200
    assert download["Content-Type"] == content_type
    disposition = download["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert f'filename="{served_as}"' in disposition or (
        "filename*=utf-8''" + quote(served_as) in disposition
    )
    assert download["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "mark",
    [
        *(chr(c) for c in range(0x202A, 0x202F)),
        *(chr(c) for c in range(0x2066, 0x206A)),
        "\u200e",
        "\u200f",
        "\u061c",
        "\x07",
        "\x7f",
    ],
    ids=lambda mark: f"U+{ord(mark):04X}",
)
def test_bidirectional_and_control_characters_are_stripped_from_the_name(
    client, campaign, recruiter, mark
):
    response = client.post(
        "/api/v1/campaigns/liangjiang-live/applications/",
        application_data(resume=upload(f"cv{mark}fdp{mark}.pdf", pdf_bytes())),
    )
    application = Application.objects.get(reference=response.json()["reference"])
    client.force_login(recruiter)

    download = client.get(f"/staff/applications/{application.pk}/resume/")

    assert application.resume_original_name == "cvfdp.pdf"
    assert 'filename="cvfdp.pdf"' in download["Content-Disposition"]
