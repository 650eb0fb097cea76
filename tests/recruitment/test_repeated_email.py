"""The same email again for the same campaign: nothing changes until the address's owner acts.

Knowing a candidate's email must never be enough to see or change their
application: the repeat answers 202 with nothing of the first application, and
the address receives the status link and a single-use link that applies the
new details.
"""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from recruitment.models import (
    Application,
    Candidate,
    PendingUpdate,
    ResumeVersion,
    private_storage,
)

from .conftest import application_data, docx_bytes, pdf_bytes, stored_files, upload

pytestmark = pytest.mark.django_db

API = "/api/v1/campaigns/liangjiang-live/applications/"
FORM = "/en/campaigns/liangjiang-live/apply/"
REPEATED = (
    "This email already has an application for this campaign; we have sent a link to that address."
)
UPDATE_LINK = re.compile(r"http://\S+/applications/update/(\S+)/")


@pytest.fixture
def first(client, campaign, django_capture_on_commit_callbacks):
    """Li Na's own application, with her résumé, for the battery job, from Chongqing."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            API,
            application_data(
                job="battery-engineer", city="Chongqing", resume=upload("mine.pdf", pdf_bytes())
            ),
        )
    assert response.status_code == 201
    mail.outbox.clear()
    return Application.objects.get(reference=response.json()["reference"])


def repeat(client, captured, **overrides):
    """A stranger applies with Li Na's address, in another spelling, with other details."""
    data = application_data(
        email="LI.NA@Example.com",
        full_name="Mallory",
        phone="13900000000",
        job="display-engineer",
        city="Shanghai",
        resume=upload("evil.docx", docx_bytes()),
    )
    data.update(overrides)
    with captured(execute=True):
        return client.post(API, data)


def update_path(message) -> str:
    return "/en/applications/update/" + UPDATE_LINK.search(message.body).group(1) + "/"


def assert_unchanged(application):
    fresh = Application.objects.get(pk=application.pk)
    assert (fresh.full_name, fresh.phone, fresh.city) == ("Li Na", "13812345678", "Chongqing")
    assert fresh.job.slug == "battery-engineer"
    assert fresh.resume.name == application.resume.name
    assert fresh.resume_original_name == "mine.pdf"
    assert fresh.stage == application.stage
    candidate = Candidate.objects.get()
    assert (candidate.full_name, candidate.phone) == ("Li Na", "13812345678")
    assert ResumeVersion.objects.count() == 0


def test_a_repeated_email_hands_over_nothing_and_changes_nothing(
    client, first, django_capture_on_commit_callbacks
):
    response = repeat(client, django_capture_on_commit_callbacks)

    assert response.status_code == 202
    assert response.json() == {"created": False, "detail": REPEATED}
    answer = response.content.decode() + str(response.headers)
    for secret in (first.reference, first.status_token, "status_url"):
        assert secret not in answer
    assert_unchanged(first)
    assert Application.objects.count() == 1


def test_the_owner_of_the_address_is_emailed_the_status_link_and_the_update_link(
    client, first, django_capture_on_commit_callbacks
):
    repeat(client, django_capture_on_commit_callbacks)

    (message,) = mail.outbox
    assert message.to == ["li.na@example.com"]
    assert first.reference in message.subject
    assert f"/en/applications/{first.status_token}/" in message.body
    assert UPDATE_LINK.search(message.body)
    assert "7 days" in message.body


def test_the_html_form_shows_the_same_message_and_no_way_into_the_application(
    client, first, django_capture_on_commit_callbacks
):
    data = application_data(full_name="Mallory", resume=upload("evil.pdf", pdf_bytes("evil")))
    data.update(consent="on", share_consent="on", form_token="stranger", website="")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(FORM, data)

    html = response.content.decode()
    assert response.status_code == 202
    assert "This email already has an application for this campaign" in html
    assert first.status_token not in html and first.reference not in html
    assert "Location" not in response
    assert_unchanged(first)


def test_a_form_sent_again_with_other_details_after_going_back_asks_the_owner(
    client, campaign, django_capture_on_commit_callbacks
):
    data = application_data(resume=upload("cv.pdf", pdf_bytes()))
    data.update(consent="on", share_consent="on", form_token="back", website="")
    assert client.post(FORM, data).status_code == 302

    data.update(city="Chengdu", resume=upload("cv.pdf", pdf_bytes()))
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(FORM, data)

    assert again.status_code == 202
    assert Application.objects.get().city == ""
    assert PendingUpdate.objects.get().data["city"] == "Chengdu"


def test_the_update_link_shows_the_new_details_and_changes_nothing_until_confirmed(
    client, first, django_capture_on_commit_callbacks
):
    repeat(client, django_capture_on_commit_callbacks)
    path = update_path(mail.outbox[0])

    page = client.get(path)

    html = page.content.decode()
    assert page.status_code == 200
    assert "Mallory" in html and "evil.docx" in html and "Display engineer" in html
    assert "no-store" in page["Cache-Control"] and "noindex" in page["X-Robots-Tag"]
    assert_unchanged(first)


def test_the_confirmed_update_replaces_the_details_and_keeps_the_old_resume(
    client, first, django_capture_on_commit_callbacks
):
    repeat(client, django_capture_on_commit_callbacks)
    path = update_path(mail.outbox[0])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path)

    assert response.status_code == 302
    assert response["Location"] == f"/en/applications/{first.status_token}/"
    application = Application.objects.get()
    assert (application.full_name, application.phone, application.city) == (
        "Mallory",
        "13900000000",
        "Shanghai",
    )
    assert application.job.slug == "display-engineer"
    assert application.resume_original_name == "evil.docx"
    (version,) = ResumeVersion.objects.all()
    assert version.original_name == "mine.pdf"
    assert private_storage().exists(version.file.name)
    candidate = Candidate.objects.get()
    assert (candidate.full_name, candidate.phone) == ("Mallory", "13900000000")
    assert PendingUpdate.objects.count() == 0
    # A new confirmation goes out, as for a new application.
    assert [application.email] == mail.outbox[-1].to


def test_the_update_link_works_once(client, first, django_capture_on_commit_callbacks):
    repeat(client, django_capture_on_commit_callbacks)
    path = update_path(mail.outbox[0])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(path).status_code == 302

    again = client.post(path)

    assert again.status_code == 404
    assert "This link has expired, has been used already" in again.content.decode()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda path: path.replace("/update/", "/update/x"),
        lambda path: path[:-3] + "AA/",
        lambda path: "/en/applications/update/" + "a" * 300 + "/",
        lambda path: "/en/applications/update/%00/",
    ],
    ids=["prefixed", "bad-signature", "too-long", "nul"],
)
def test_a_forged_update_link_is_refused(
    client, first, django_capture_on_commit_callbacks, tamper
):
    repeat(client, django_capture_on_commit_callbacks)
    path = tamper(update_path(mail.outbox[0]))

    assert client.get(path).status_code in (400, 404)
    assert client.post(path).status_code in (400, 403, 404)
    assert_unchanged(first)


def test_an_expired_update_link_is_refused(client, first, django_capture_on_commit_callbacks):
    repeat(client, django_capture_on_commit_callbacks)
    path = update_path(mail.outbox[0])

    later = timezone.now() + timedelta(days=7, minutes=1)
    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        mock.patch("time.time", return_value=later.timestamp()),
    ):
        response = client.post(path)

    assert response.status_code == 404
    assert_unchanged(first)


def test_a_withdrawn_application_is_revived_only_by_the_confirmed_link(
    client, first, django_capture_on_commit_callbacks
):
    client.post(
        f"/en/applications/{first.status_token}/", {"action": "withdraw", "confirm_withdraw": "1"}
    )
    repeat(client, django_capture_on_commit_callbacks)
    assert Application.objects.get().stage == "withdrawn"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(update_path(mail.outbox[-1]))

    application = Application.objects.get()
    assert application.stage == "received"
    assert [c.to_stage for c in application.stage_changes.order_by("pk")] == [
        "withdrawn",
        "received",
    ]


def test_a_newer_repeat_replaces_the_older_one_and_its_link(
    client, first, isolated_storage, django_capture_on_commit_callbacks
):
    repeat(client, django_capture_on_commit_callbacks, full_name="First stranger")
    older = update_path(mail.outbox[-1])
    repeat(client, django_capture_on_commit_callbacks, full_name="Second stranger")
    newer = update_path(mail.outbox[-1])

    assert client.get(older).status_code == 404
    assert client.get(newer).status_code == 200
    assert PendingUpdate.objects.get().data["full_name"] == "Second stranger"
    # The application's résumé and the newest repeat's: the older repeat's file is gone.
    assert len(stored_files(isolated_storage)) == 2


def test_unconfirmed_updates_are_deleted_with_their_files_when_they_expire(
    client, first, isolated_storage, django_capture_on_commit_callbacks
):
    repeat(client, django_capture_on_commit_callbacks)
    pending_file = PendingUpdate.objects.get().resume.name

    call_command("sweep_orphaned_resumes", "--grace-minutes", "0")
    assert private_storage().exists(pending_file)  # a waiting update's file is not an orphan

    PendingUpdate.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("sweep_orphaned_resumes")

    assert PendingUpdate.objects.count() == 0
    assert not private_storage().exists(pending_file)
    assert private_storage().exists(first.resume.name)
    assert_unchanged(first)


def test_erasing_the_application_erases_a_waiting_update_and_its_file(
    client, first, isolated_storage, django_capture_on_commit_callbacks
):
    repeat(client, django_capture_on_commit_callbacks)
    path = update_path(mail.outbox[0])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/en/applications/{first.status_token}/", {"action": "erase", "confirm_erase": 1}
        )

    assert PendingUpdate.objects.count() == 0
    assert stored_files(isolated_storage) == []
    assert client.get(path).status_code == 404


def test_a_replayed_repeat_answers_202_again_and_sends_nothing_more(
    client, first, django_capture_on_commit_callbacks
):
    headers = {"HTTP_IDEMPOTENCY_KEY": "repeat-1"}
    body = application_data(full_name="Mallory", resume=upload("x.pdf", pdf_bytes("x")))
    with django_capture_on_commit_callbacks(execute=True):
        once = client.post(API, body, **headers)
    body["resume"].seek(0)
    with django_capture_on_commit_callbacks(execute=True):
        twice = client.post(API, body, **headers)

    assert once.status_code == twice.status_code == 202
    assert twice.json() == once.json()
    assert len(mail.outbox) == 1
    assert PendingUpdate.objects.count() == 1


@pytest.mark.parametrize(
    "changed",
    [
        {"full_name": "Mallory"},
        {"resume": upload("resume.pdf", pdf_bytes("another file"))},
        {"city": "Chengdu"},
    ],
    ids=["name", "resume", "city"],
)
def test_an_idempotency_key_is_replayed_only_to_the_same_request(client, campaign, changed):
    created = client.post(API, application_data(), HTTP_IDEMPOTENCY_KEY="guessable-1")

    stranger = client.post(API, application_data(**changed), HTTP_IDEMPOTENCY_KEY="guessable-1")

    assert created.status_code == 201
    assert stranger.status_code == 409
    body = stranger.content.decode()
    assert created.json()["reference"] not in body and "status_url" not in body


@pytest.mark.parametrize(
    "spelling",
    [
        "LI.NA@EXAMPLE.COM",
        " li.na@example.com ",
        "li.\u200bna@example.com",  # a zero-width space
        "li.na@exam\u00adple.com",  # a soft hyphen
        "\u2066li.na@example.com\u2069",  # direction isolates
        "ｌｉ．ｎａ＠ｅｘａｍｐｌｅ．ｃｏｍ",  # full width
    ],
)
def test_every_spelling_of_an_address_is_one_candidate(
    client, first, django_capture_on_commit_callbacks, spelling
):
    response = repeat(client, django_capture_on_commit_callbacks, email=spelling)

    assert response.status_code == 202
    assert Application.objects.count() == 1
    assert mail.outbox[0].to == ["li.na@example.com"]


def test_the_unicode_and_punycode_forms_of_a_domain_are_one_address(
    client, campaign, django_capture_on_commit_callbacks
):
    unicode_form = client.post(API, application_data(email="zhang.wei@例子.中国"))
    punycode_form = repeat(
        client, django_capture_on_commit_callbacks, email="Zhang.Wei@XN--FSQU00A.xn--fiqs8s"
    )

    assert (unicode_form.status_code, punycode_form.status_code) == (201, 202)
    assert Application.objects.get().email == "zhang.wei@xn--fsqu00a.xn--fiqs8s"


@pytest.mark.parametrize(
    "address, message",
    [
        ("li.na@[127.0.0.1]", "not an IP address"),
        ("li.na@[IPv6:::1]", "not an IP address"),
        ("li.na@127.0.0.1", "Enter a valid email address"),
        ("li.na@xn--.com", "Enter a valid email address"),
    ],
)
def test_an_address_without_a_domain_name_is_refused(client, campaign, address, message):
    response = client.post(API, application_data(email=address))

    assert response.status_code == 400
    assert any(message in text for text in response.json()["email"])
    assert Application.objects.count() == 0


def test_the_back_office_search_finds_an_address_however_it_is_typed(first, recruiter, client):
    client.force_login(recruiter)

    response = client.get("/api/v1/staff/applications/", {"q": "ＬＩ.ＮＡ@example.com"})

    assert [item["reference"] for item in response.json()["results"]] == [first.reference]


def test_the_update_email_is_in_the_language_the_repeat_was_sent_in(
    client, first, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            API,
            application_data(full_name="李娜"),
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        )

    assert response.status_code == 202
    assert (
        response.json()["detail"]
        == "该邮箱已在本次活动中提交过申请，我们已向该邮箱发送了一封带链接的邮件。"
    )
    (message,) = mail.outbox
    assert message.subject.startswith("请确认更新您的求职申请")
    assert "仅可使用一次" in message.body
