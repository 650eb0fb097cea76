"""No acknowledged application without its file, whatever the database does around COMMIT.

A retry after a 503 with the same Idempotency-Key (or, for the form, the same
page sent again) ends with exactly one application whose résumé is stored with
the bytes that were sent. These tests commit for real (transactional database).
"""

import contextlib
import hashlib
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections

from recruitment.models import Application

from .conftest import application_data, pdf_bytes, stored_files, upload

pytestmark = pytest.mark.django_db(transaction=True)

API_URL = "/api/v1/campaigns/liangjiang-live/applications/"
FORM_URL = "/en/campaigns/liangjiang-live/apply/"
RESUME = pdf_bytes()


def _api(client):
    data = application_data(resume=upload("resume.pdf", RESUME))
    return client.post(API_URL, data, headers={"Idempotency-Key": "retry-me"})


def _form(client):
    data = application_data(resume=upload("resume.pdf", RESUME))
    data.update(consent="on", share_consent="on", form_token="one-page", website="")
    return client.post(FORM_URL, data)


ACCEPTED = {_api: 201, _form: 302}
DOORS = pytest.mark.parametrize("send", [_api, _form], ids=["api", "form"])


APPLICATION_INSERT = 'INSERT INTO "recruitment_application"'


@contextlib.contextmanager
def at_the_commit_of_an_application(then):
    """Call `then(connection)` in place of the COMMIT of a transaction that inserted an
    application (other transactions of the request commit as usual)."""
    database = type(connections[DEFAULT_DB_ALIAS])
    commit = database.commit
    inserted = []

    def watch(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if sql.startswith(APPLICATION_INSERT):
            inserted.append(sql)
        return result

    def interfere(self):
        if not inserted:
            return commit(self)
        inserted.clear()
        return then(self, commit)

    with (
        connections[DEFAULT_DB_ALIAS].execute_wrapper(watch),
        mock.patch.object(database, "commit", interfere),
    ):
        yield


def commit_answer_lost():
    """The database commits, but the answer to COMMIT never arrives (a dropped connection)."""

    def commit_then_drop(connection, commit):
        commit(connection)
        raise OperationalError("server closed the connection unexpectedly")

    return at_the_commit_of_an_application(commit_then_drop)


def commit_refused():
    """COMMIT fails and the transaction is rolled back: nothing was stored."""

    def refuse(connection, commit):
        connection.rollback()
        raise OperationalError("database is locked")

    return at_the_commit_of_an_application(refuse)


@contextlib.contextmanager
def insert_fails():
    """The database goes away in the middle of the transaction."""

    def fail(execute, sql, params, many, context):
        if sql.startswith(APPLICATION_INSERT):
            raise OperationalError("the database system is shutting down")
        return execute(sql, params, many, context)

    with connections[DEFAULT_DB_ALIAS].execute_wrapper(fail):
        yield


def _assert_one_application_with_the_resume_sent(isolated_storage):
    application = Application.objects.get()
    path = isolated_storage / "private" / application.resume.name
    assert path.is_file(), "the application's résumé is missing"
    assert path.read_bytes() == RESUME
    assert application.resume_sha256 == hashlib.sha256(RESUME).hexdigest()
    return application


@DOORS
@pytest.mark.parametrize("failure", [commit_answer_lost, commit_refused, insert_fails])
def test_a_retry_after_a_503_ends_with_one_application_and_its_file(
    client, campaign, isolated_storage, send, failure
):
    with failure():
        first = send(client)
    assert first.status_code == 503
    assert first["Retry-After"]

    retry = send(client)

    assert retry.status_code == ACCEPTED[send]
    _assert_one_application_with_the_resume_sent(isolated_storage)


@DOORS
def test_a_503_whose_commit_went_through_keeps_the_file_of_the_stored_application(
    client, campaign, isolated_storage, send
):
    with commit_answer_lost():
        send(client)

    # Stored although the answer said otherwise: the file is the application's.
    _assert_one_application_with_the_resume_sent(isolated_storage)


@DOORS
@pytest.mark.parametrize("failure", [insert_fails, commit_refused])
def test_a_503_leaves_no_half_stored_application_and_no_file_once_swept(
    client, campaign, isolated_storage, send, failure
):
    with failure():
        assert send(client).status_code == 503

    assert Application.objects.count() == 0
    # Whether COMMIT stored the row cannot always be known when it fails: a file it
    # may refer to is kept, and the sweeper removes it once no row refers to it.
    call_command("sweep_orphaned_resumes", "--grace-minutes=0", stdout=StringIO())
    assert stored_files(isolated_storage) == []


@DOORS
def test_a_retry_restores_the_file_of_an_application_that_lost_it(
    client, campaign, isolated_storage, send
):
    assert send(client).status_code == ACCEPTED[send]
    for path in stored_files(isolated_storage):
        path.unlink()  # lost, say by an older release or a restore from backup

    retry = send(client)

    assert retry.status_code == ACCEPTED[send]
    _assert_one_application_with_the_resume_sent(isolated_storage)
