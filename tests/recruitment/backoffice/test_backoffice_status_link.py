"""No staff door leads to a candidate's status link: staff act through the back office only.

The status link (`/applications/<token>/`) lets whoever holds it see, withdraw
and erase the application. It belongs to the candidate alone; every page,
export and API answer a staff member of any role can reach is checked here
for the token.
"""

import io
import zipfile

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from rest_framework.test import APIClient

from recruitment.models import Application, AuditLog

pytestmark = pytest.mark.django_db

ROLES = ["superuser", "recruiter", "changan_hr", "boe_hr", "editor", "groupless_staff"]


@pytest.fixture
def staff(request, django_user_model, admin_user):
    """The staff member of a role: `request.param` names it."""
    if request.param == "superuser":
        return admin_user
    if request.param == "groupless_staff":
        return django_user_model.objects.create_user(
            username="staff", password="a-long-test-password", is_staff=True
        )
    return request.getfixturevalue(request.param)


def view_on_site(application):
    content_type = ContentType.objects.get_for_model(Application)
    return f"/admin/r/{content_type.pk}/{application.pk}/"


def everything_in(response) -> str:
    """The headers and the whole body, a streamed one and the parts of a zip included."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body.startswith(b"PK\x03\x04"):  # an Excel workbook: read every part
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            body = b"".join(archive.read(name) for name in archive.namelist())
    headers = "\n".join(f"{name}: {value}" for name, value in response.items())
    return headers + "\n" + body.decode("utf-8", "replace")


@pytest.mark.parametrize("staff", ROLES, indirect=True)
def test_view_on_site_never_leads_a_staff_member_to_the_status_page(client, staff, own):
    client.force_login(staff)

    response = client.get(view_on_site(own))

    assert response.status_code == 404
    assert own.status_token not in everything_in(response)


@pytest.mark.parametrize("staff", ROLES, indirect=True)
def test_no_page_export_or_api_answer_shows_a_staff_member_the_status_token(
    client, staff, own, other, campaign
):
    client.force_login(staff)
    api = APIClient()
    api.force_authenticate(staff)
    changelist = "/admin/recruitment/application/"
    page = f"{changelist}{own.pk}/"
    staff_api = "/api/v1/staff/applications/"
    client.get(f"{page}change/")  # an audit entry to list below
    entry = AuditLog.objects.order_by("-pk").first()

    answers = {
        url: client.get(url)
        for url in [
            "/admin/",
            "/admin/recruitment/",
            changelist,
            f"{changelist}?q={own.reference}",
            f"{changelist}?q={own.email}",
            f"{page}change/",
            f"{page}history/",
            f"{changelist}export/csv/",
            f"{changelist}export/xlsx/",
            f"/staff/applications/{own.pk}/resume/",
            f"/admin/recruitment/campaign/{campaign.pk}/change/",
            f"/admin/recruitment/campaign/{campaign.pk}/dashboard/",
            "/admin/recruitment/auditlog/",
            f"/admin/recruitment/auditlog/{entry.pk if entry else 0}/change/",
            "/admin/recruitment/emailtemplate/",
            view_on_site(own),
        ]
    }
    for action in ("export_csv", "export_xlsx"):
        answers[action] = client.post(
            changelist, {"action": action, "_selected_action": [own.pk, other.pk]}
        )
    for url in [
        staff_api,
        f"{staff_api}{own.reference}/",
        f"{staff_api}export/?type=csv",
        f"{staff_api}export/?type=xlsx",
    ]:
        answers[url] = api.get(url)

    seen = {what: everything_in(response) for what, response in answers.items()}
    for what, text in seen.items():
        assert own.status_token not in text, what
        assert other.status_token not in text, what
    if Application.objects.visible_to(staff).filter(pk=own.pk).exists():
        # The bodies were read: what this role may see is there.
        for what in ["export_xlsx", f"{changelist}export/csv/", f"{staff_api}export/?type=xlsx"]:
            assert own.reference in seen[what], what


def test_the_change_page_offers_no_view_on_site_link(client, recruiter, own):
    client.force_login(recruiter)

    page = client.get(f"/admin/recruitment/application/{own.pk}/change/").content.decode()

    assert "/admin/r/" not in page


def test_view_on_site_still_opens_a_public_page_for_whoever_may_view_it(
    client, recruiter, editor, campaign
):
    url = f"/admin/r/{ContentType.objects.get_for_model(campaign).pk}/{campaign.pk}/"

    client.force_login(recruiter)
    assert client.get(url)["Location"].endswith(f"/en/campaigns/{campaign.slug}/")
    client.force_login(editor)  # editors do not see campaigns in the back office
    assert client.get(url).status_code == 404


def test_emails_sent_on_a_staff_action_go_to_the_candidate_alone(
    recruiter, own, email_templates, django_capture_on_commit_callbacks
):
    api = APIClient()
    api.force_authenticate(recruiter)
    for stage in ("screening", "shortlisted", "interview", "offer"):
        with django_capture_on_commit_callbacks(execute=True):
            api.patch(f"/api/v1/staff/applications/{own.reference}/", {"stage": stage})

    carrying_the_link = [m for m in mail.outbox if own.status_token in m.body]
    assert carrying_the_link
    for message in carrying_the_link:
        assert message.recipients() == [own.email]
