"""The application's change page: the candidate, the résumé, reviews, history, interviews."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from recruitment.emails import interview_ics
from recruitment.models import Application, Interview, Review

from .conftest import change_form_data, make_application

pytestmark = pytest.mark.django_db


def change_url(application):
    return f"/admin/recruitment/application/{application.pk}/change/"


def test_the_page_shows_the_candidate_and_the_pdf_inline(client, recruiter, own):
    client.force_login(recruiter)

    page = client.get(change_url(own)).content.decode()

    assert "Wang Fang" in page and own.email in page and own.phone in page
    assert "processing consent" in page and "sharing consent" in page and "livestream" in page
    assert f'<iframe src="/staff/applications/{own.pk}/resume/?inline=1"' in page
    assert f'href="/staff/applications/{own.pk}/resume/"' in page


def test_the_inline_pdf_may_be_framed_by_the_admin_only(client, recruiter, own):
    client.force_login(recruiter)

    inline = client.get(f"/staff/applications/{own.pk}/resume/?inline=1")
    download = client.get(f"/staff/applications/{own.pk}/resume/")

    assert inline.status_code == 200
    assert inline["Content-Disposition"].startswith("inline")
    assert inline["X-Frame-Options"] == "SAMEORIGIN"
    assert inline["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Frame-Options"] == "DENY"
    assert client.get("/admin/")["X-Frame-Options"] == "DENY"


def test_a_word_resume_is_shown_as_its_extracted_text(client, recruiter, campaign, jobs):
    application = make_application(
        campaign,
        jobs["battery-engineer"],
        resume_content_type="application/vnd.openxmlformats-officedocument."
        "wordprocessingml.document",
        extracted_text="Battery <b>management</b> systems, 8 years",
    )
    client.force_login(recruiter)

    page = client.get(change_url(application)).content.decode()

    assert "Battery &lt;b&gt;management&lt;/b&gt; systems, 8 years" in page
    assert "<iframe" not in page


def test_a_quarantined_resume_is_neither_previewed_nor_linked(client, recruiter, own):
    Application.objects.filter(pk=own.pk).update(quarantined=True)
    client.force_login(recruiter)

    page = client.get(change_url(own)).content.decode()

    assert "<iframe" not in page
    assert f'href="/staff/applications/{own.pk}/resume/"' not in page


def test_the_candidates_other_applications_are_listed_within_the_viewers_scope(
    client, recruiter, changan_hr, campaign, closed_campaign, jobs, own
):
    closed_campaign.jobs.set(jobs.values())
    earlier_own = make_application(
        closed_campaign, jobs["battery-engineer"], candidate=own.candidate
    )
    from recruitment.models import Campaign

    third = Campaign.objects.create(
        title="Autumn fair",
        slug="autumn",
        opens_at=timezone.now(),
        closes_at=timezone.now() + datetime.timedelta(days=1),
    )
    to_boe = make_application(third, jobs["display-engineer"], candidate=own.candidate)

    client.force_login(recruiter)
    as_recruiter = client.get(change_url(own)).content.decode()
    client.force_login(changan_hr)
    as_hr = client.get(change_url(own)).content.decode()

    assert earlier_own.reference in as_recruiter and to_boe.reference in as_recruiter
    assert earlier_own.reference in as_hr
    assert to_boe.reference not in as_hr


def test_each_reviewer_keeps_one_rating_and_note(client, recruiter, admin_user, own):
    url = change_url(own)
    for user, rating in ((recruiter, "4"), (admin_user, "2"), (recruiter, "5")):
        client.force_login(user)
        response = client.post(
            url, change_form_data(client, url, my_rating=rating, my_note=f"{user} says {rating}")
        )
        assert response.status_code == 302

    reviews = {r.reviewer: (r.rating, r.note) for r in Review.objects.filter(application=own)}
    assert reviews == {recruiter: (5, "recruiter says 5"), admin_user: (2, "admin says 2")}
    client.force_login(recruiter)
    page = client.get(url).content.decode()
    assert "recruiter says 5" in page and "admin says 2" in page


@pytest.mark.parametrize("rating", ["0", "6", "five"])
def test_a_rating_outside_1_to_5_is_refused(client, recruiter, own, rating):
    client.force_login(recruiter)
    url = change_url(own)

    response = client.post(url, change_form_data(client, url, my_rating=rating))

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Review.objects.exists()


def test_the_stage_history_shows_who_moved_it(client, recruiter, own):
    from recruitment.services import application_move

    application_move(application=own, to_stage="screening", by=recruiter, note="CV looks good")
    client.force_login(recruiter)

    page = client.get(change_url(own)).content.decode()

    assert "CV looks good" in page
    assert "recruiter" in page


def test_scheduling_an_interview_emails_the_candidate_an_ics(
    client, recruiter, own, django_capture_on_commit_callbacks
):
    client.force_login(recruiter)
    url = change_url(own)
    data = change_form_data(client, url)
    data.update(
        {
            "interviews-TOTAL_FORMS": "1",
            "interviews-0-starts_at_0": "2026-12-03",
            "interviews-0-starts_at_1": "10:30:00",
            "interviews-0-duration_minutes": "45",
            "interviews-0-place": "Lijia Intelligent Park, Building 3; Room 2",
            "interviews-0-link": "",
            "interviews-0-interviewers": [recruiter.pk],
        }
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)

    assert response.status_code == 302
    interview = Interview.objects.get(application=own)
    assert list(interview.interviewers.all()) == [recruiter]
    assert interview.invitation_sent_at is not None
    (message,) = mail.outbox
    assert message.to == [own.email]
    name, ics, mimetype = message.attachments[0]
    assert name == "interview.ics" and mimetype.startswith("text/calendar")
    assert "DTSTART:20261203T023000Z\r\n" in ics  # 10:30 in Chongqing is 02:30 UTC
    assert "LOCATION:Lijia Intelligent Park\\, Building 3\\; Room 2\r\n" in ics


def test_an_interview_needs_a_place_or_a_link(client, recruiter, own):
    client.force_login(recruiter)
    url = change_url(own)
    data = change_form_data(client, url)
    data.update(
        {
            "interviews-TOTAL_FORMS": "1",
            "interviews-0-starts_at_0": "2026-12-03",
            "interviews-0-starts_at_1": "10:30:00",
            "interviews-0-duration_minutes": "45",
        }
    )

    response = client.post(url, data)

    assert response.status_code == 200
    assert not Interview.objects.exists()


def test_the_ics_is_valid_icalendar_text(own):
    interview = Interview(
        application=own,
        starts_at=datetime.datetime(2026, 12, 3, 2, 30, tzinfo=datetime.UTC),
        duration_minutes=30,
        link="https://meet.example.com/" + "x" * 120,
    )

    ics = interview_ics(interview, now=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC))

    lines = ics.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert "\n" not in ics.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = ics.replace("\r\n ", "")
    for needed in (
        f"UID:{interview.uid}@liangjiang-portal",
        "DTSTAMP:20261101T000000Z",
        "DTSTART:20261203T023000Z",
        "DTEND:20261203T030000Z",
        "SUMMARY:Interview: Battery engineer",
        "LOCATION:https://meet.example.com/" + "x" * 120,
        "METHOD:REQUEST",
        "VERSION:2.0",
    ):
        assert needed + "\r\n" in unfolded


def test_the_change_page_edits_no_personal_data(client, recruiter, own):
    client.force_login(recruiter)
    url = change_url(own)

    client.post(url, change_form_data(client, url, full_name="Someone Else", stage="hired"))

    own.refresh_from_db()
    assert (own.full_name, own.stage) == ("Wang Fang", "received")


def test_applications_cannot_be_added_or_deleted_in_the_admin(client, admin_user, own):
    client.force_login(admin_user)

    assert client.get("/admin/recruitment/application/add/").status_code == 403
    assert client.get(f"/admin/recruitment/application/{own.pk}/delete/").status_code == 403


def test_the_quarantined_file_is_refused_even_as_a_version(client, recruiter, own):
    from recruitment.models import ResumeVersion

    version = ResumeVersion.objects.create(
        application=own,
        file=own.resume.name,
        sha256="0" * 64,
        size=10,
        content_type="application/pdf",
    )
    Application.objects.filter(pk=own.pk).update(quarantined=True)
    client.force_login(recruiter)

    response = client.get(f"/staff/applications/{own.pk}/resume/?version={version.pk}")

    assert response.status_code == 404


def _version(application, original_name="resume.pdf", content_type="application/pdf"):
    from recruitment.models import ResumeVersion

    return ResumeVersion.objects.create(
        application=application,
        file=application.resume.name,
        sha256="0" * 64,
        size=10,
        content_type=content_type,
        original_name=original_name,
    )


def test_an_earlier_version_is_served_as_the_type_its_content_has(client, recruiter, own):
    version = _version(own, original_name="old-cv.html")
    client.force_login(recruiter)

    response = client.get(f"/staff/applications/{own.pk}/resume/?version={version.pk}")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="old-cv.pdf"' in response["Content-Disposition"]


@pytest.mark.parametrize(
    "version",
    ["abc", "-1", "0", "1.5", "1e3", "0x1", "99999999999999999999", "9" * 400, "1 OR 1=1"],
    ids=lambda version: version[:24],
)
def test_a_version_that_is_not_a_version_number_is_400(client, recruiter, own, version):
    _version(own)
    client.force_login(recruiter)

    response = client.get(f"/staff/applications/{own.pk}/resume/", {"version": version})

    assert response.status_code == 400
    assert "version" in response.content.decode()


def test_a_version_of_another_application_is_404(client, recruiter, own, campaign, jobs):
    other = make_application(campaign, jobs["display-engineer"])
    version = _version(other)
    client.force_login(recruiter)

    response = client.get(f"/staff/applications/{own.pk}/resume/?version={version.pk}")

    assert response.status_code == 404
