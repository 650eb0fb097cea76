"""The first back office: jobs, campaigns and applications in the Django admin."""

import pytest

from recruitment.models import Application

from .conftest import application_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(client, campaign):
    response = client.post("/api/v1/campaigns/liangjiang-live/applications/", application_data())
    return Application.objects.get(reference=response.json()["reference"])


def test_the_admin_lists_and_searches_applications(client, application, admin_user):
    client.force_login(admin_user)

    listing = client.get("/admin/recruitment/application/?q=li.na@example.com")
    detail = client.get(f"/admin/recruitment/application/{application.pk}/change/")

    assert application.reference in listing.content.decode()
    assert f"/staff/applications/{application.pk}/resume/" in detail.content.decode()
    assert application.resume.name not in detail.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/admin/recruitment/job/?q=battery",
        "/admin/recruitment/campaign/?q=liangjiang",
        "/admin/recruitment/job/add/",
        "/admin/recruitment/campaign/add/",
        "/admin/recruitment/consentnotice/",
    ],
)
def test_recruiters_manage_jobs_and_campaigns_in_the_admin(client, campaign, recruiter, path):
    client.force_login(recruiter)

    assert client.get(path).status_code == 200


def test_a_stage_change_in_the_admin_is_recorded_with_its_author(client, application, admin_user):
    client.force_login(admin_user)
    url = f"/admin/recruitment/application/{application.pk}/change/"
    page = client.get(url)
    data = {
        key: value
        for key, value in page.context["adminform"].form.initial.items()
        if value is not None
    }
    data.update(
        {
            "stage": "screening",
            "job": "",
            "resume_versions-TOTAL_FORMS": "1",
            "resume_versions-INITIAL_FORMS": "1",
            "resume_versions-0-id": str(application.resume_versions.get().pk),
            "resume_versions-0-application": str(application.pk),
            "stage_changes-TOTAL_FORMS": "1",
            "stage_changes-INITIAL_FORMS": "1",
            "stage_changes-0-id": str(application.stage_changes.get().pk),
            "stage_changes-0-application": str(application.pk),
        }
    )

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    change = application.stage_changes.order_by("-pk").first()
    assert (change.from_stage, change.to_stage, change.changed_by) == (
        "received",
        "screening",
        admin_user,
    )
