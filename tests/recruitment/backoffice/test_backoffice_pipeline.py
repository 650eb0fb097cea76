"""The pipeline: one set of rules for the admin, its bulk actions and the staff API."""

import pytest
from django.core import mail
from rest_framework.test import APIClient

from recruitment.models import Application, EmailTemplate, StageChange
from recruitment.services import InvalidTransition, application_move

from .conftest import change_form_data, make_application

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("email_templates")]

CHANGELIST = "/admin/recruitment/application/"


@pytest.mark.parametrize(
    ("start", "to", "allowed"),
    [
        ("received", "screening", True),
        ("screening", "shortlisted", True),
        ("shortlisted", "interview", True),
        ("interview", "offer", True),
        ("offer", "hired", True),
        ("received", "rejected", True),
        ("offer", "rejected", True),
        ("received", "shortlisted", False),  # no skipping
        ("received", "hired", False),
        ("screening", "received", False),  # nothing goes back
        ("offer", "interview", False),
        ("hired", "rejected", False),  # final stages stay final
        ("rejected", "screening", False),
        ("withdrawn", "screening", False),
        ("received", "withdrawn", False),  # only the candidate withdraws
        ("received", "nonsense", False),
    ],
)
def test_the_pipeline_allows_one_step_forward_or_a_rejection(
    campaign, jobs, recruiter, start, to, allowed
):
    application = make_application(campaign, jobs["battery-engineer"], stage=start)

    if allowed:
        change = application_move(application=application, to_stage=to, by=recruiter, note="ok")
        assert (change.from_stage, change.to_stage, change.changed_by) == (start, to, recruiter)
        assert change.note == "ok" and change.changed_at is not None
    else:
        with pytest.raises(InvalidTransition):
            application_move(application=application, to_stage=to, by=recruiter)
    application.refresh_from_db()
    assert application.stage == (to if allowed else start)


def test_the_refusal_says_what_is_allowed(campaign, jobs, recruiter):
    application = make_application(campaign, jobs["battery-engineer"])

    with pytest.raises(InvalidTransition) as refused:
        application_move(application=application, to_stage="hired", by=recruiter)

    assert "Screening" in str(refused.value.message)
    assert application.reference in str(refused.value.message)


def test_the_change_page_moves_the_stage_and_records_who(client, recruiter, own):
    client.force_login(recruiter)

    url = f"{CHANGELIST}{own.pk}/change/"
    response = client.post(
        url,
        change_form_data(client, url, move_to="screening", stage_note="Strong battery experience"),
    )

    assert response.status_code == 302
    own.refresh_from_db()
    assert own.stage == "screening"
    change = own.stage_changes.last()
    assert (change.changed_by, change.note) == (recruiter, "Strong battery experience")


def test_the_change_page_offers_only_the_allowed_stages(client, recruiter, own):
    client.force_login(recruiter)

    form = client.get(f"{CHANGELIST}{own.pk}/change/").context["adminform"].form

    assert [value for value, _label in form.fields["move_to"].choices] == [
        "",
        "screening",
        "rejected",
    ]


def test_a_disallowed_stage_posted_to_the_change_page_is_refused_with_a_message(
    client, recruiter, own
):
    client.force_login(recruiter)

    url = f"{CHANGELIST}{own.pk}/change/"
    response = client.post(url, change_form_data(client, url, move_to="hired"))

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    own.refresh_from_db()
    assert own.stage == "received"


def test_the_bulk_action_asks_for_the_stage_and_a_note_first(client, recruiter, own, other):
    client.force_login(recruiter)

    response = client.post(
        CHANGELIST, {"action": "move_to_stage", "_selected_action": [own.pk, other.pk]}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="note"' in page and 'name="stage"' in page
    assert own.reference in page and other.reference in page
    own.refresh_from_db()
    assert own.stage == "received"


def test_the_bulk_action_moves_what_it_may_and_reports_the_rest(
    client, recruiter, campaign, jobs, own
):
    hired = make_application(campaign, jobs["battery-engineer"], stage="hired")
    client.force_login(recruiter)

    response = client.post(
        CHANGELIST,
        {
            "action": "move_to_stage",
            "_selected_action": [own.pk, hired.pk],
            "apply": "1",
            "stage": "screening",
            "note": "First look",
        },
        follow=True,
    )

    page = response.content.decode()
    assert "1 application moved to “Screening”." in page
    assert f"{hired.reference} cannot move from “Hired” to “Screening”" in page
    own.refresh_from_db()
    hired.refresh_from_db()
    assert (own.stage, hired.stage) == ("screening", "hired")
    assert own.stage_changes.last().note == "First look"


def test_rejecting_in_bulk_emails_each_candidate_its_template(
    client, recruiter, own, other, django_capture_on_commit_callbacks
):
    client.force_login(recruiter)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            CHANGELIST, {"action": "reject_with_email", "_selected_action": [own.pk, other.pk]}
        )

    assert Application.objects.filter(stage="rejected").count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([own.email, other.email])
    message = next(m for m in mail.outbox if m.to == [own.email])
    assert own.reference in message.subject
    assert "Dear Wang Fang" in message.body
    assert f"/en/applications/{own.status_token}/" in message.body


def test_a_stage_without_an_email_template_sends_nothing(
    recruiter, own, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application_move(application=own, to_stage="screening", by=recruiter)

    assert mail.outbox == []


def test_an_edited_template_is_used_and_unknown_placeholders_are_left_alone(
    recruiter, own, django_capture_on_commit_callbacks
):
    EmailTemplate.objects.filter(stage="rejected", language="en").update(
        subject="Re {reference}", body="Hi {name} {unknown} {name.__class__}"
    )

    with django_capture_on_commit_callbacks(execute=True):
        application_move(application=own, to_stage="rejected", by=recruiter)

    assert mail.outbox[0].subject == f"Re {own.reference}"
    assert mail.outbox[0].body == "Hi Wang Fang {unknown} {name.__class__}"


def test_the_candidates_language_picks_the_chinese_template(recruiter, own):
    own.language = "zh-hans"  # where the intake records it
    from recruitment import emails

    message = emails.stage_email(own, "rejected")

    assert "您好" in message.body


def test_the_api_moves_the_stage_with_the_same_rules(recruiter, own):
    api = APIClient()
    api.force_authenticate(recruiter)
    url = f"/api/v1/staff/applications/{own.reference}/"

    moved = api.patch(url, {"stage": "screening", "note": "via API"}, format="json")
    refused = api.patch(url, {"stage": "hired"}, format="json")
    nonsense = api.patch(url, {"stage": "promoted"}, format="json")

    assert moved.status_code == 200
    assert moved.json()["stage"] == "screening"
    assert moved.json()["history"][-1]["note"] == "via API"
    assert refused.status_code == 400
    assert "cannot move from “Screening” to “Hired”" in refused.json()["stage"][0]
    assert nonsense.status_code == 400 and "stage" in nonsense.json()
    assert StageChange.objects.filter(application=own).count() == 1
    assert [change["to_stage"] for change in moved.json()["history"]] == ["received", "screening"]


def test_an_employer_moves_its_own_applications(changan_hr, own):
    api = APIClient()
    api.force_authenticate(changan_hr)

    response = api.patch(
        f"/api/v1/staff/applications/{own.reference}/", {"stage": "screening"}, format="json"
    )

    assert response.status_code == 200
    assert own.stage_changes.last().changed_by == changan_hr
