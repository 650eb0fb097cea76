"""Background work after the commit: one queued pass processes the waiting applications."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from recruitment.models import Application
from recruitment.tasks import process_new_applications

from .conftest import application_data, docx_bytes, docx_with_a_lying_directory, upload

pytestmark = pytest.mark.django_db

API = "/api/v1/campaigns/liangjiang-live/applications/"
PASS = "recruitment.tasks.process_new_applications"


@pytest.fixture
def durable_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_due_tasks():
    """The worker, once every queued task is due (as it is PROCESSING_DELAY later)."""
    DBTaskResult.objects.update(run_after=timezone.now() - timedelta(seconds=1))
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def test_one_deferred_pass_is_queued_for_a_burst_of_applications(
    client, campaign, durable_queue, django_capture_on_commit_callbacks
):
    for n in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(API, application_data(email=f"candidate{n}@example.com"))
        assert response.status_code == 201

    (queued,) = DBTaskResult.objects.all()
    assert queued.task_path == PASS
    assert queued.run_after > timezone.now()  # after the applications it serves commit
    assert Application.objects.filter(processed_at__isnull=True).count() == 3


def test_a_rolled_back_pass_does_not_keep_the_next_application_from_queuing_one(
    client, campaign, durable_queue
):
    # Inside the test's transaction nothing commits: the first pass never counts as queued.
    client.post(API, application_data(email="first@example.com"))
    client.post(API, application_data(email="second@example.com"))

    assert DBTaskResult.objects.filter(task_path=PASS).count() == 2


def test_a_confirmation_still_goes_out_when_extraction_fails(
    client, campaign, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise RuntimeError("parser bug")

    monkeypatch.setattr("pypdf.PdfReader", broken)  # a bug in the PDF library

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(API, application_data())

    assert response.status_code == 201
    assert len(mailoutbox) == 1
    application = Application.objects.get()
    assert application.extracted_text == ""
    assert application.processed_at is not None


def test_a_refused_application_queues_nothing(client, campaign, durable_queue):
    response = client.post(API, application_data(consent=None))

    assert response.status_code == 400
    assert DBTaskResult.objects.count() == 0
    assert Application.objects.count() == 0


def test_each_waiting_application_is_processed_once_however_many_passes_run(
    client, campaign, mailoutbox
):
    client.post(API, application_data(email="a@example.com"))  # no commit, no pass yet
    client.post(API, application_data(email="b@example.com"))

    first = process_new_applications.call()
    second = process_new_applications.call()

    assert (first, second) == ("2 confirmed, 2 processed", "0 confirmed, 0 processed")
    assert sorted(message.to[0] for message in mailoutbox) == ["a@example.com", "b@example.com"]
    assert not Application.objects.filter(processed_at__isnull=True).exists()
    assert all("Zhang Wei" in a.extracted_text for a in Application.objects.all())


def test_a_confirmed_repeat_gets_a_new_confirmation_and_the_new_resume_read(
    client, campaign, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(API, application_data())
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(API, application_data(resume=upload("new.docx", docx_bytes())))
    link = re.search(r"http://[^/\s]+(/\S+/applications/update/\S+/)", mailoutbox[-1].body)
    link = link.group(1)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)

    assert again.status_code == 202
    assert len(mailoutbox) == 3  # the confirmation, the update link, the new confirmation
    assert "Li Na software engineer" in Application.objects.get().extracted_text


@pytest.mark.django_db(transaction=True)  # the worker manages its own connection
def test_the_worker_runs_the_pass_and_a_last_one_for_stragglers(
    client, campaign, durable_queue, mailoutbox
):
    client.post(API, application_data())
    run_due_tasks()

    application = Application.objects.get()
    assert "Zhang Wei" in application.extracted_text
    assert len(mailoutbox) == 1
    assert application.reference in mailoutbox[0].subject
    # The pass found work, so it queued one more; that one finds none and queues nothing.
    assert DBTaskResult.objects.filter(task_path=PASS, status="READY").count() == 1
    run_due_tasks()
    assert DBTaskResult.objects.filter(status="READY").count() == 0
    assert len(mailoutbox) == 1


def test_a_word_file_that_unzips_past_the_cap_is_quarantined_by_the_pass(
    client, campaign, isolated_storage
):
    # A file stored under an earlier, looser upload check: the pass holds it to the caps.
    client.post(API, application_data(resume=upload("cv.docx", docx_bytes())))  # waiting
    application = Application.objects.get()
    (isolated_storage / "private" / application.resume.name).write_bytes(
        docx_with_a_lying_directory()
    )

    assert process_new_applications.call() == "1 confirmed, 1 processed"

    application.refresh_from_db()
    assert application.quarantined
    assert "far more data than a résumé needs" in application.quarantine_reason


def test_confirmations_go_out_before_any_resume_is_read(client, campaign, mailoutbox, monkeypatch):
    for n in range(3):
        client.post(API, application_data(email=f"candidate{n}@example.com"))  # all waiting
    read_with_emails_sent = []
    real_reader = __import__("pypdf").PdfReader

    def reader(*args, **kwargs):
        read_with_emails_sent.append(len(mailoutbox))
        return real_reader(*args, **kwargs)

    monkeypatch.setattr("pypdf.PdfReader", reader)
    monkeypatch.setattr("recruitment.tasks.PROCESSING_BATCH", 1)

    assert process_new_applications.call() == "3 confirmed, 3 processed"
    assert read_with_emails_sent == [3, 3, 3]


def test_a_pass_stopped_while_reading_a_resume_leaves_it_for_the_next_pass(
    client, campaign, mailoutbox, monkeypatch
):
    client.post(API, application_data())  # waiting
    real_reader = __import__("pypdf").PdfReader

    def stopped(*args, **kwargs):
        raise KeyboardInterrupt  # the worker stopped half way (no handler runs on SIGKILL)

    monkeypatch.setattr("pypdf.PdfReader", stopped)
    with pytest.raises(KeyboardInterrupt):
        process_new_applications.call()

    application = Application.objects.get()
    assert application.confirmed_at is not None and len(mailoutbox) == 1
    assert application.processed_at is None and application.extracted_text == ""

    monkeypatch.setattr("pypdf.PdfReader", real_reader)
    assert process_new_applications.call() == "0 confirmed, 1 processed"
    application.refresh_from_db()
    assert application.processed_at is not None
    assert "Zhang Wei" in application.extracted_text
    assert len(mailoutbox) == 1  # confirmed once


def test_a_confirmation_the_mail_server_refused_is_sent_by_the_next_pass(
    client, campaign, mailoutbox, settings
):
    client.post(API, application_data())  # waiting
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2

    assert process_new_applications.call() == "0 confirmed, 1 processed"
    assert Application.objects.get().confirmed_at is None

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert process_new_applications.call() == "1 confirmed, 0 processed"
    assert len(mailoutbox) == 1
    assert Application.objects.get().confirmed_at is not None
