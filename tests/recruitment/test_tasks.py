"""Background work after the commit: with the durable queue, tasks commit with the row."""

import pytest
from django_tasks_db.models import DBTaskResult

from recruitment.models import Application

from .conftest import application_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def durable_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_the_durable_queue_holds_one_task_per_new_application(client, campaign, durable_queue):
    response = client.post("/api/v1/campaigns/liangjiang-live/applications/", application_data())

    assert response.status_code == 201
    paths = list(DBTaskResult.objects.values_list("task_path", flat=True))
    assert paths == ["recruitment.tasks.process_application"]


def test_a_confirmation_still_goes_out_when_extraction_fails(
    client, campaign, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(application_id):
        raise RuntimeError("parser bug")

    monkeypatch.setattr("recruitment.tasks._extract_resume_text", broken)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/campaigns/liangjiang-live/applications/", application_data()
        )

    assert response.status_code == 201
    assert len(mailoutbox) == 1
    assert Application.objects.get().extracted_text == ""


def test_a_refused_application_queues_nothing(client, campaign, durable_queue):
    response = client.post(
        "/api/v1/campaigns/liangjiang-live/applications/", application_data(consent=None)
    )

    assert response.status_code == 400
    assert DBTaskResult.objects.count() == 0
    assert Application.objects.count() == 0


@pytest.mark.django_db(transaction=True)  # the worker manages its own connection
def test_the_worker_runs_the_queued_tasks(client, campaign, durable_queue, mailoutbox):
    from django.core.management import call_command

    client.post("/api/v1/campaigns/liangjiang-live/applications/", application_data())
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    application = Application.objects.get()
    assert "Zhang Wei" in application.extracted_text
    assert len(mailoutbox) == 1
    assert application.reference in mailoutbox[0].subject
