"""The audit log: every look at personal data and every change, readable, never editable."""

import pytest
from rest_framework.test import APIClient

from recruitment.models import AuditLog
from recruitment.services import application_move

pytestmark = pytest.mark.django_db


def entries():
    return list(AuditLog.objects.order_by("pk").values_list("username", "action", "object_repr"))


def test_viewing_the_change_page_is_logged_with_the_address(client, recruiter, own):
    client.force_login(recruiter)

    client.get(f"/admin/recruitment/application/{own.pk}/change/", REMOTE_ADDR="10.1.2.3")

    entry = AuditLog.objects.get()
    assert (entry.user, entry.action, entry.application) == (recruiter, "view-application", own)
    assert entry.ip_address == "10.1.2.3"
    assert entry.at is not None


def test_viewing_and_downloading_a_resume_are_logged(client, recruiter, own):
    client.force_login(recruiter)

    client.get(f"/staff/applications/{own.pk}/resume/?inline=1")
    client.get(f"/staff/applications/{own.pk}/resume/")

    assert entries() == [
        ("recruiter", "view-resume", own.reference),
        ("recruiter", "download-resume", own.reference),
    ]


def test_a_refused_download_is_not_logged_as_a_download(client, changan_hr, other):
    client.force_login(changan_hr)

    client.get(f"/staff/applications/{other.pk}/resume/")

    assert entries() == []


@pytest.mark.parametrize(
    "request_export",
    [
        lambda client, app: client.get("/admin/recruitment/application/export/csv/"),
        lambda client, app: client.get("/admin/recruitment/application/export/xlsx/"),
        lambda client, app: client.post(
            "/admin/recruitment/application/",
            {"action": "export_csv", "_selected_action": [app.pk]},
        ),
    ],
    ids=["all-csv", "all-xlsx", "selected-csv"],
)
def test_every_export_is_logged(client, recruiter, own, request_export):
    client.force_login(recruiter)

    request_export(client, own)

    assert [action for _user, action, _obj in entries()] == ["export"]


def test_stage_changes_and_api_reads_are_logged(recruiter, own):
    api = APIClient()
    api.force_authenticate(recruiter)

    api.get(f"/api/v1/staff/applications/{own.reference}/")
    application_move(application=own, to_stage="screening", by=recruiter)

    assert entries() == [
        ("recruiter", "view-application", own.reference),
        ("recruiter", "stage-change", own.reference),
    ]
    assert AuditLog.objects.order_by("pk").last().detail == "received → screening"


def test_staff_read_the_log_but_nobody_can_add_change_or_delete(client, admin_user, own):
    client.force_login(admin_user)
    client.get(f"/admin/recruitment/application/{own.pk}/change/")
    entry = AuditLog.objects.get()

    listing = client.get("/admin/recruitment/auditlog/")
    detail = client.get(f"/admin/recruitment/auditlog/{entry.pk}/change/")
    client.post(f"/admin/recruitment/auditlog/{entry.pk}/change/", {"username": "nobody"})

    assert listing.status_code == 200 and own.reference in listing.content.decode()
    assert detail.status_code == 200 and 'name="username"' not in detail.content.decode()
    assert client.get("/admin/recruitment/auditlog/add/").status_code == 403
    assert client.get(f"/admin/recruitment/auditlog/{entry.pk}/delete/").status_code == 403
    assert AuditLog.objects.get().username == "admin"


def test_a_recruiter_reads_the_audit_log(client, recruiter):
    client.force_login(recruiter)

    assert client.get("/admin/recruitment/auditlog/").status_code == 200
