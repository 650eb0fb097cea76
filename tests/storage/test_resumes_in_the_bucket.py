"""Résumés in the private bucket: stored before the answer, read only through the portal."""

import io
import urllib.error
import urllib.request
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from recruitment.models import Application, AuditLog
from recruitment.tasks import process_new_applications
from tests.recruitment.conftest import application_data, pdf_bytes, upload

from .seaweedfs import MEDIA_BUCKET, PRIVATE_BUCKET, free_ports

pytestmark = [pytest.mark.django_db, pytest.mark.s3]

APPLY = "/api/v1/campaigns/liangjiang-live/applications/"
# A script in an object stream: nothing the request's quick triage sees, so the
# application is accepted and the background pass quarantines the file.
HIDDEN_SCRIPT = pdf_bytes(
    extra_page=b"/AA << /O 6 0 R >> ",
    extra_objects=[b"<< /S /JavaScript /JS (app.alert(document.URL)) >>"],
    object_stream=True,
)


def local_files(root):
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def apply(client, resume=None, **fields):
    data = application_data(**fields)
    if resume is not None:
        data["resume"] = resume
    return client.post(APPLY, data)


def anonymous_get(url: str, method: str = "GET") -> int:
    """The status a plain HTTP client without keys gets: no signature, no cookie."""
    body = b"x" if method == "PUT" else None
    request = urllib.request.Request(url, method=method, data=body)  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310 - loopback
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def test_an_acknowledged_application_has_its_resume_in_the_private_bucket_only(
    client, campaign, object_storage, isolated_storage
):
    resume = pdf_bytes("Li Na - battery engineer")

    response = apply(client, upload("cv.pdf", resume))

    assert response.status_code == 201
    application = Application.objects.get(reference=response.json()["reference"])
    assert object_storage.keys(PRIVATE_BUCKET) == [application.resume.name]
    stored = object_storage.client().get_object(Bucket=PRIVATE_BUCKET, Key=application.resume.name)
    assert stored["Body"].read() == resume
    assert object_storage.keys(MEDIA_BUCKET) == []
    assert local_files(isolated_storage) == []


def test_the_background_pass_reads_the_resume_from_the_bucket(
    client, campaign, object_storage, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = apply(client, upload("cv.pdf", pdf_bytes("Li Na - battery engineer")))

    application = Application.objects.get(reference=response.json()["reference"])
    assert "battery engineer" in application.extracted_text
    assert application.processed_at is not None
    assert not application.quarantined


def test_staff_download_streams_the_resume_byte_for_byte_and_is_audited(
    client, campaign, recruiter, object_storage
):
    # Large enough to arrive in several pieces.
    resume = pdf_bytes("Li Na " + "battery chemistry " * 200_000)
    reference = apply(client, upload("简历.html", resume)).json()["reference"]
    application = Application.objects.get(reference=reference)
    client.force_login(recruiter)

    response = client.get(f"/staff/applications/{application.pk}/resume/")

    chunks = list(response.streaming_content)
    assert response.status_code == 200
    assert b"".join(chunks) == resume and len(chunks) > 1
    assert int(response["Content-Length"]) == len(resume)
    assert response["Content-Type"] == "application/pdf"  # the content's type, not the name's
    assert response["Content-Disposition"].startswith("attachment")
    assert "%E7%AE%80%E5%8E%86.pdf" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert AuditLog.objects.filter(
        application=application, action=AuditLog.Action.DOWNLOAD_RESUME, user=recruiter
    ).exists()


def test_the_back_office_never_links_to_the_bucket(client, campaign, recruiter, object_storage):
    reference = apply(client).json()["reference"]
    application = Application.objects.get(reference=reference)
    client.force_login(recruiter)

    page = client.get(f"/admin/recruitment/application/{application.pk}/change/")
    item = client.get(f"/api/v1/staff/applications/{reference}/")

    assert page.status_code == 200 and item.status_code == 200
    assert f"/staff/applications/{application.pk}/resume/" in page.content.decode()
    for answer in (page.content.decode(), item.content.decode()):
        assert object_storage.endpoint_url not in answer
        assert PRIVATE_BUCKET not in answer


def test_a_missing_object_is_a_404_for_staff(client, campaign, recruiter, object_storage):
    application = Application.objects.get(reference=apply(client).json()["reference"])
    object_storage.client().delete_object(Bucket=PRIVATE_BUCKET, Key=application.resume.name)
    client.force_login(recruiter)

    assert client.get(f"/staff/applications/{application.pk}/resume/").status_code == 404


@pytest.mark.parametrize(
    "path, method",
    [
        ("{private}/{key}", "GET"),
        ("{private}/{key}", "HEAD"),
        ("{private}/", "GET"),
        ("{private}?list-type=2", "GET"),
        ("{private}/{key}", "DELETE"),
        ("{private}/planted.pdf", "PUT"),
        ("", "GET"),  # the list of buckets
        ("{media}/", "GET"),  # the media bucket is read by its objects' names only
        ("{media}/planted.jpg", "PUT"),
    ],
)
def test_anonymous_readers_cannot_read_list_or_write_but_public_media(
    client, campaign, object_storage, path, method
):
    application = Application.objects.get(reference=apply(client).json()["reference"])
    url = (
        object_storage.endpoint_url
        + "/"
        + path.format(private=PRIVATE_BUCKET, media=MEDIA_BUCKET, key=application.resume.name)
    )

    assert anonymous_get(url, method) == 403
    assert object_storage.keys(PRIVATE_BUCKET) == [application.resume.name]
    assert object_storage.keys(MEDIA_BUCKET) == []


def test_a_store_that_cannot_be_reached_is_a_503_and_nothing_is_acknowledged(
    client, campaign, object_storage, settings
):
    unreachable = f"http://127.0.0.1:{free_ports(1)[0]}"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            **settings.STORAGES["private"],
            "OPTIONS": {**settings.STORAGES["private"]["OPTIONS"], "endpoint_url": unreachable},
        },
    }

    response = apply(client)

    assert response.status_code == 503
    assert response["Retry-After"]
    assert "nothing was stored" in response.json()["detail"]
    assert not Application.objects.exists()


def test_a_store_down_while_the_background_pass_runs_leaves_the_resume_to_read_later(
    client, campaign, object_storage, settings, mailoutbox
):
    assert (
        apply(client, upload("cv.pdf", pdf_bytes("Li Na - battery engineer"))).status_code == 201
    )
    working = settings.STORAGES
    unreachable = f"http://127.0.0.1:{free_ports(1)[0]}"
    settings.STORAGES = {
        **working,
        "private": {
            **working["private"],
            "OPTIONS": {**working["private"]["OPTIONS"], "endpoint_url": unreachable},
        },
    }

    with pytest.raises(OSError):
        process_new_applications.call()
    application = Application.objects.get()
    assert application.processed_at is None and application.extracted_text == ""
    assert len(mailoutbox) == 1  # the confirmation does not wait for the store

    settings.STORAGES = working
    process_new_applications.call()
    application.refresh_from_db()
    assert application.processed_at is not None
    assert "Li Na" in application.extracted_text


def test_a_file_quarantined_by_the_background_pass_stays_private(
    client, campaign, recruiter, object_storage, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = apply(client, upload("cv.pdf", HIDDEN_SCRIPT))
    application = Application.objects.get(reference=response.json()["reference"])
    client.force_login(recruiter)

    assert application.quarantined
    assert client.get(f"/staff/applications/{application.pk}/resume/").status_code == 404
    assert object_storage.keys(MEDIA_BUCKET) == []
    assert object_storage.keys(PRIVATE_BUCKET) == [application.resume.name]


def test_a_file_refused_by_the_content_check_reaches_no_bucket(client, campaign, object_storage):
    script = pdf_bytes(extra_catalog=b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >> ")

    response = apply(client, upload("cv.pdf", script))

    assert response.status_code == 400 and "resume" in response.json()
    assert object_storage.keys(PRIVATE_BUCKET) == []
    assert object_storage.keys(MEDIA_BUCKET) == []


def _erase_on_the_status_page(client, application):
    client.post(
        f"/en/applications/{application.status_token}/",
        {"action": "erase", "confirm_erase": "1"},
    )


def _erase_through_the_api(client, application):
    client.delete(f"/api/v1/applications/{application.status_token}/")


def _purge_after_retention(client, application):
    application.campaign.__class__.objects.filter(pk=application.campaign_id).update(
        opens_at=timezone.now() - timedelta(days=400),
        closes_at=timezone.now() - timedelta(days=300),
    )
    call_command("purge_expired_applications", stdout=io.StringIO())


@pytest.mark.parametrize(
    "erase", [_erase_on_the_status_page, _erase_through_the_api, _purge_after_retention]
)
def test_erasure_deletes_every_object_of_the_application(
    client, campaign, object_storage, django_capture_on_commit_callbacks, erase
):
    application = Application.objects.get(reference=apply(client).json()["reference"])
    # A second résumé from the status page: the first is kept as an earlier version.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/en/applications/{application.status_token}/",
            {"action": "upload", "resume": upload("newer.pdf", pdf_bytes("Newer"))},
        )
    assert len(object_storage.keys(PRIVATE_BUCKET)) == 2

    with django_capture_on_commit_callbacks(execute=True):
        erase(client, application)

    application.refresh_from_db()
    assert application.is_erased
    assert object_storage.keys(PRIVATE_BUCKET) == []


def test_the_sweeper_deletes_orphans_from_the_bucket_and_keeps_what_is_in_use(
    client, campaign, object_storage
):
    application = Application.objects.get(reference=apply(client).json()["reference"])
    orphan = "resumes/2026/01/0123456789abcdef0123456789abcdef.pdf"
    object_storage.client().put_object(Bucket=PRIVATE_BUCKET, Key=orphan, Body=pdf_bytes())
    out = io.StringIO()

    call_command("sweep_orphaned_resumes", stdout=out)  # within the grace period
    assert object_storage.keys(PRIVATE_BUCKET) == sorted([application.resume.name, orphan])
    assert "kept 1 orphaned within the 10-minute grace period" in out.getvalue()

    call_command("sweep_orphaned_resumes", "--grace-minutes", "0", stdout=out)
    assert object_storage.keys(PRIVATE_BUCKET) == [application.resume.name]
    assert "removed 1 orphaned" in out.getvalue()
