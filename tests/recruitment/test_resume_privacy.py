"""Résumés are private: never under MEDIA_URL, downloaded only by permitted staff."""

import pytest
from django.conf import settings

from recruitment.models import Application

from .conftest import application_data

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
    status_page = client.get(f"/applications/{application.status_token}/").content.decode()
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
