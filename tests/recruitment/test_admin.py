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
