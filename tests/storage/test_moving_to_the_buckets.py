"""From one machine to several: copying the local files into the buckets, and checking them."""

import io

import pytest
from django.core.management import CommandError, call_command

from recruitment.models import Application
from tests.recruitment.conftest import pdf_bytes, upload

from .conftest import MEDIA_BUCKET, PRIVATE_BUCKET, use_object_storage
from .test_media_in_the_bucket import fetch_anonymously, image_urls, upload_park
from .test_resumes_in_the_bucket import apply

pytestmark = [pytest.mark.django_db, pytest.mark.s3]


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=out, skip_checks=False)
    return out.getvalue()


def local_files(root) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file()
    }


def bucket_files(server, bucket) -> dict[str, bytes]:
    client = server.client()
    return {
        key: client.get_object(Bucket=bucket, Key=key)["Body"].read()
        for key in server.keys(bucket)
    }


@pytest.fixture
def one_machine(client, campaign, editor, isolated_storage, empty_buckets):
    """An installation on the local disk: two applications and a park's picture."""
    for n in range(2):
        apply(client, upload(f"cv{n}.pdf", pdf_bytes(f"Candidate {n}")), email=f"c{n}@example.com")
    client.force_login(editor)
    park = upload_park(client, "lijia")
    client.logout()
    return park


def test_the_copy_puts_every_file_in_its_bucket_checked_and_a_second_run_copies_nothing(
    client, settings, recruiter, one_machine, isolated_storage, empty_buckets
):
    media = local_files(isolated_storage / "media")
    private = local_files(isolated_storage / "private")
    assert len(media) == 7 and len(private) == 2
    use_object_storage(settings, empty_buckets)

    first = run("copy_files_to_buckets")
    again = run("copy_files_to_buckets")

    assert "media: copied 7, already there 0, problems 0" in first
    assert "private: copied 2, already there 0, problems 0" in first
    assert "media: copied 0, already there 7, problems 0" in again
    assert "private: copied 0, already there 2, problems 0" in again
    assert bucket_files(empty_buckets, MEDIA_BUCKET) == media
    assert bucket_files(empty_buckets, PRIVATE_BUCKET) == private
    assert "0 problem(s)" in run("check_resume_files")
    # The portal now serves them from the buckets.
    client.force_login(recruiter)
    for application in Application.objects.all():
        download = client.get(f"/staff/applications/{application.pk}/resume/")
        assert b"".join(download.streaming_content) == private[application.resume.name]
    client.logout()
    urls = image_urls(client.get(one_machine.get_absolute_url()).content.decode())
    assert urls and all(fetch_anonymously(url)[0] == 200 for url in urls)


def test_a_dry_run_copies_nothing(settings, one_machine, empty_buckets):
    use_object_storage(settings, empty_buckets)

    output = run("copy_files_to_buckets", "--dry-run")

    assert "media: would copy 7" in output and "private: would copy 2" in output
    assert empty_buckets.keys(MEDIA_BUCKET) == [] and empty_buckets.keys(PRIVATE_BUCKET) == []


def test_an_object_of_the_same_name_with_other_content_is_reported_never_overwritten(
    settings, one_machine, empty_buckets
):
    taken = Application.objects.order_by("pk").first().resume.name
    empty_buckets.client().put_object(Bucket=PRIVATE_BUCKET, Key=taken, Body=b"someone else's")
    use_object_storage(settings, empty_buckets)

    with pytest.raises(CommandError, match="1 file"):
        run("copy_files_to_buckets")

    assert bucket_files(empty_buckets, PRIVATE_BUCKET)[taken] == b"someone else's"
    assert len(empty_buckets.keys(PRIVATE_BUCKET)) == 2  # the other one was copied
    assert len(empty_buckets.keys(MEDIA_BUCKET)) == 7


def test_the_copy_needs_object_storage_configured(one_machine):
    with pytest.raises(CommandError, match="Object storage is not configured"):
        run("copy_files_to_buckets")


def _delete(server, name):
    server.client().delete_object(Bucket=PRIVATE_BUCKET, Key=name)


def _replace_same_size(server, name):
    data = server.client().get_object(Bucket=PRIVATE_BUCKET, Key=name)["Body"].read()
    server.client().put_object(Bucket=PRIVATE_BUCKET, Key=name, Body=data[:-1] + b"!")


def _replace_other_size(server, name):
    server.client().put_object(Bucket=PRIVATE_BUCKET, Key=name, Body=b"%PDF-1.4 other")


def check(*args) -> tuple[bool, str]:
    """(whether the check passed, what it said)."""
    out = io.StringIO()
    try:
        call_command("check_resume_files", *args, stdout=out, stderr=out)
    except CommandError:
        return False, out.getvalue()
    return True, out.getvalue()


@pytest.mark.parametrize(
    "damage, full_check_says, quick_check_says",
    [
        (_delete, "missing", "missing"),
        (_replace_other_size, "altered: 14 bytes stored", "altered: 14 bytes stored"),
        # The same size: only reading the file shows it.
        (_replace_same_size, "altered: its SHA-256 is not the one recorded", None),
    ],
)
def test_the_consistency_check_reports_a_missing_or_altered_resume(
    client, campaign, object_storage, damage, full_check_says, quick_check_says
):
    reference = apply(client).json()["reference"]
    name = Application.objects.get(reference=reference).resume.name
    assert check()[0]

    damage(object_storage, name)

    passed, output = check()
    assert not passed
    assert f"application {reference}: {name}: {full_check_says}" in output
    passed, output = check("--quick")
    if quick_check_says:
        assert not passed
        assert f"application {reference}: {name}: {quick_check_says}" in output
    else:
        assert passed


def test_the_consistency_check_reports_a_stored_resume_no_application_refers_to(
    client, campaign, object_storage
):
    apply(client)
    stray = "resumes/2025/01/0123456789abcdef0123456789abcdef.pdf"
    object_storage.client().put_object(Bucket=PRIVATE_BUCKET, Key=stray, Body=pdf_bytes())

    assert "1 unreferenced file(s) younger than 10 minutes" in run("check_resume_files")
    with pytest.raises(CommandError):
        run("check_resume_files", "--grace-minutes", "0")
