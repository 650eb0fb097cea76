"""What the portal sends a candidate is written in the language they applied in."""

import pytest
from django.core import mail
from django.utils import translation

from recruitment.models import Application, EmailTemplate
from recruitment.services import application_move

from .conftest import application_data
from .test_application_form import form_data
from .test_tasks import run_due_tasks

# The worker manages its own connection: these tests commit for real.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("durable_queue")]


@pytest.fixture
def durable_queue(settings):
    """Emails go out from the task worker, a process with no reader's language."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker():
    with translation.override("en"):
        run_due_tasks()


API_URL = "/api/v1/campaigns/liangjiang-live/applications/"


def test_a_chinese_form_gets_a_chinese_confirmation(
    client, campaign, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/zh-hans/campaigns/liangjiang-live/apply/", form_data())
    run_worker()

    assert response.status_code == 302
    application = Application.objects.get()
    assert application.language == "zh-hans"
    (email,) = mail.outbox
    assert email.subject == f"您的求职申请 {application.reference}"
    assert "Thank you" not in email.body
    assert f"/zh-hans/applications/{application.status_token}/" in email.body


def test_an_english_form_gets_an_english_confirmation(
    client, campaign, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/campaigns/liangjiang-live/apply/", form_data())
    with translation.override("zh-hans"):
        run_due_tasks()

    application = Application.objects.get()
    assert application.language == "en"
    assert mail.outbox[0].subject == f"Your application {application.reference}"
    assert f"/en/applications/{application.status_token}/" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("accept_language", "language"), [("zh-CN,zh;q=0.9", "zh-hans"), ("de-DE", "en")]
)
def test_the_api_records_the_language_the_client_asks_for(
    client, campaign, django_capture_on_commit_callbacks, accept_language, language
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            API_URL, application_data(), headers={"accept-language": accept_language}
        )

    assert response.status_code == 201, response.json()
    assert Application.objects.get().language == language


def test_stage_emails_follow_the_language_of_the_application(
    client, campaign, recruiter, django_capture_on_commit_callbacks
):
    # The stage's templates, as the migrations give every site (a test that commits
    # leaves an empty database behind it).
    for language, greeting in (("en", "Dear {name}"), ("zh-hans", "{name}，您好")):
        EmailTemplate.objects.update_or_create(
            stage="rejected",
            language=language,
            defaults={"subject": "{reference}", "body": greeting, "active": True},
        )
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/zh-hans/campaigns/liangjiang-live/apply/", form_data())
    application = Application.objects.get()

    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        application_move(application=application, to_stage="rejected", by=recruiter)
    run_worker()

    *_confirmation, stage_email = mail.outbox
    assert "您好" in stage_email.body
