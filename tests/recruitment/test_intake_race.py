"""Concurrent duplicate submissions end in one application (needs PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from recruitment.models import Application, Candidate, IdempotencyRecord, PendingUpdate

from .conftest import application_data, stored_files

URL = "/api/v1/campaigns/liangjiang-live/applications/"
THREADS = 8

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite",
        reason="SQLite serialises writers: the race needs PostgreSQL",
    ),
]


def _race(make_request):
    barrier = threading.Barrier(THREADS)
    answers = []

    def worker(i):
        try:
            barrier.wait()
            answers.append(make_request(i))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_concurrent_submissions_with_the_same_email_make_one_application(
    campaign, isolated_storage
):
    def submit(i):
        response = Client().post(URL, application_data(email="Race@Example.com"))
        return response.status_code, response.json()

    answers = _race(submit)

    statuses = sorted(status for status, _body in answers)
    assert statuses == [201] + [202] * (THREADS - 1)
    # Only the request that created the application learns its reference.
    assert len([body for _status, body in answers if "reference" in body]) == 1
    assert Application.objects.count() == 1
    assert Candidate.objects.count() == 1
    application = Application.objects.get()
    assert application.resume_versions.count() == 0  # nothing replaced without the owner
    # The newest repeat waits for the owner; the ones it replaced left no file.
    assert PendingUpdate.objects.count() == 1
    assert len(stored_files(isolated_storage)) == 2


def test_concurrent_retries_with_one_idempotency_key_answer_alike(campaign, isolated_storage):
    def submit(i):
        response = Client().post(
            URL,
            application_data(),
            headers={"Idempotency-Key": "same-key"},
        )
        return response.status_code, response.json()

    answers = _race(submit)

    assert len({(status, body["reference"]) for status, body in answers}) == 1
    assert Application.objects.count() == 1
    assert Application.objects.get().idempotency_key == "api:same-key"
    assert IdempotencyRecord.objects.count() == 0
    # The losers' files were deleted: only the winner's résumé remains.
    assert len(stored_files(isolated_storage)) == 1
