"""check_resume_files on the embedded default: the files on the local disk and the rows agree."""

import io

import pytest
from django.core.management import CommandError, call_command

from recruitment.models import Application

from .conftest import application_data

pytestmark = pytest.mark.django_db

API = "/api/v1/campaigns/liangjiang-live/applications/"


def check(*args) -> tuple[bool, str]:
    out = io.StringIO()
    try:
        # With the system checks, as `manage.py check_resume_files` runs it.
        call_command("check_resume_files", *args, stdout=out, stderr=out, skip_checks=False)
    except CommandError:
        return False, out.getvalue()
    return True, out.getvalue()


@pytest.fixture
def stored(client, campaign, isolated_storage):
    reference = client.post(API, application_data()).json()["reference"]
    application = Application.objects.get(reference=reference)
    return application, isolated_storage / "private" / application.resume.name


def test_files_as_recorded_pass(stored):
    passed, output = check()

    assert passed
    assert "checked 1 recorded résumé files (sizes and SHA-256) and 1 stored files" in output


@pytest.mark.parametrize(
    "damage, says",
    [
        (lambda path: path.unlink(), "missing"),
        (lambda path: path.write_bytes(b"%PDF-1.4 other"), "altered: 14 bytes stored"),
        (
            lambda path: path.write_bytes(path.read_bytes()[:-1] + b"!"),
            "altered: its SHA-256 is not the one recorded",
        ),
    ],
    ids=["deleted", "replaced", "changed-in-place"],
)
def test_a_missing_or_altered_file_is_reported(stored, damage, says):
    application, path = stored
    damage(path)

    passed, output = check()

    assert not passed
    assert f"application {application.reference}: {application.resume.name}: {says}" in output


def test_a_file_no_row_refers_to_is_reported_once_past_the_grace_period(stored):
    application, path = stored
    (path.parent / "0123456789abcdef0123456789abcdef.pdf").write_bytes(path.read_bytes())

    assert check()[0]
    passed, output = check("--grace-minutes", "0")
    assert not passed
    assert (
        "0123456789abcdef0123456789abcdef.pdf: stored, but no application refers to it" in output
    )
