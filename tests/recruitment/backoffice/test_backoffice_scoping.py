"""Who sees what: an employer's HR reaches only its organisation's shared applications."""

import pytest
from rest_framework.test import APIClient

from recruitment.models import Application, Job

from .conftest import listed, refresh_dashboard_counts

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/recruitment/application/"


def change_url(application):
    return f"{CHANGELIST}{application.pk}/change/"


def test_visible_to_gives_recruiters_everything_and_hr_only_its_shared_applications(
    recruiter, admin_user, changan_hr, own, other, unshared
):
    assert set(Application.objects.visible_to(recruiter)) == {own, other, unshared}
    assert set(Application.objects.visible_to(admin_user)) == {own, other, unshared}
    assert list(Application.objects.visible_to(changan_hr)) == [own]


def test_hr_without_an_organisation_and_non_staff_see_nothing(
    employer_hr_user, django_user_model, own
):
    outsider = django_user_model.objects.create_user(username="outsider", password="x-y-z-123")
    assert not Application.objects.visible_to(employer_hr_user).exists()
    assert not Application.objects.visible_to(outsider).exists()


def test_an_erased_application_is_hidden_from_the_employer(changan_hr, own):
    from recruitment.services import application_anonymise

    application_anonymise(application=own)

    assert not Application.objects.visible_to(changan_hr).exists()


def test_the_changelist_lists_only_the_employers_shared_applications(
    client, changan_hr, own, other, unshared
):
    client.force_login(changan_hr)

    assert listed(client.get(CHANGELIST)) == {own.reference}


@pytest.mark.parametrize("target", ["other", "unshared"])
def test_another_organisations_application_is_refused_at_its_admin_url(
    client, changan_hr, own, other, unshared, target
):
    application = {"other": other, "unshared": unshared}[target]
    client.force_login(changan_hr)

    response = client.get(change_url(application))

    assert response.status_code in (302, 404)
    assert (
        application.full_name
        not in client.get(response.get("Location", "/admin/")).content.decode()
    )


def test_posting_to_another_organisations_application_changes_nothing(client, changan_hr, other):
    client.force_login(changan_hr)

    response = client.post(change_url(other), {"move_to": "screening"})

    assert response.status_code in (302, 404)
    other.refresh_from_db()
    assert other.stage == "received"


@pytest.mark.parametrize(
    "query",
    ["Zhao", "Zhao Lei", "partner-boe", "Chengdu"],
)
def test_searching_never_finds_another_organisations_application(
    client, changan_hr, own, other, query
):
    client.force_login(changan_hr)

    assert other.reference not in listed(client.get(CHANGELIST, {"q": query}))


def test_search_by_exact_reference_email_and_phone_of_another_organisation_finds_nothing(
    client, changan_hr, own, other
):
    client.force_login(changan_hr)

    typed = other.reference.lower().replace("-", "")  # as people type it: the same fast path
    for query in (other.reference, typed, other.email, other.phone):
        assert listed(client.get(CHANGELIST, {"q": query})) == set(), query


@pytest.mark.parametrize(
    "params",
    [
        {"organization": "boe"},
        {"job": "display-engineer"},
        {"source": "partner-boe"},
        {"city": "Chengdu"},
        {"campaign": "liangjiang-live", "organization": "boe"},
    ],
)
def test_filters_for_another_organisation_show_nothing(client, changan_hr, own, other, params):
    client.force_login(changan_hr)

    response = client.get(CHANGELIST, params)

    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert other.reference not in listed(response)


def test_filter_choices_do_not_name_other_organisations(client, changan_hr, own, other):
    client.force_login(changan_hr)

    page = client.get(CHANGELIST).content.decode()

    assert "BOE" not in page
    assert "Display engineer" not in page
    assert "partner-boe" not in page
    assert "Chengdu" not in page
    assert "Chang&#x27;an Automobile" in page or "Chang'an Automobile" in page


def test_a_recruiters_filter_choices_name_every_employer(client, recruiter, own, other):
    client.force_login(recruiter)

    page = client.get(CHANGELIST).content.decode()

    assert "BOE" in page and "Display engineer" in page and "Chengdu" in page


def test_hr_cannot_download_another_organisations_resume(client, changan_hr, own, other):
    client.force_login(changan_hr)

    assert client.get(f"/staff/applications/{own.pk}/resume/").status_code == 200
    assert client.get(f"/staff/applications/{other.pk}/resume/").status_code == 404
    assert client.get(f"/staff/applications/{other.pk}/resume/?inline=1").status_code == 404


def test_hr_cannot_download_an_unshared_resume(client, changan_hr, unshared):
    client.force_login(changan_hr)

    assert client.get(f"/staff/applications/{unshared.pk}/resume/").status_code == 404


def test_the_export_of_all_filtered_holds_only_the_employers_applications(
    client, changan_hr, own, other, unshared
):
    client.force_login(changan_hr)

    for params in ({}, {"organization": "boe"}, {"q": other.reference}):
        response = client.get(f"{CHANGELIST}export/csv/", params)
        body = b"".join(response.streaming_content).decode()
        assert other.reference not in body
        assert unshared.reference not in body


def test_the_export_action_ignores_ids_of_another_organisation(client, changan_hr, own, other):
    client.force_login(changan_hr)

    response = client.post(
        CHANGELIST,
        {"action": "export_csv", "_selected_action": [own.pk, other.pk]},
    )

    body = b"".join(response.streaming_content).decode()
    assert own.reference in body
    assert other.reference not in body


def test_the_bulk_move_ignores_ids_of_another_organisation(client, changan_hr, own, other):
    client.force_login(changan_hr)

    client.post(
        CHANGELIST,
        {
            "action": "move_to_stage",
            "_selected_action": [own.pk, other.pk],
            "apply": "1",
            "stage": "screening",
            "note": "",
        },
    )

    own.refresh_from_db()
    other.refresh_from_db()
    assert own.stage == "screening"
    assert other.stage == "received"


def test_the_api_lists_and_retrieves_only_the_employers_applications(
    changan_hr, own, other, unshared
):
    api = APIClient()
    api.force_authenticate(changan_hr)

    listing = api.get("/api/v1/staff/applications/").json()
    filtered = api.get("/api/v1/staff/applications/", {"organization": "boe"}).json()

    assert [row["reference"] for row in listing["results"]] == [own.reference]
    assert filtered["results"] == []
    assert api.get(f"/api/v1/staff/applications/{other.reference}/").status_code == 404
    assert api.get(f"/api/v1/staff/applications/{unshared.reference}/").status_code == 404


def test_the_api_refuses_to_move_another_organisations_application(changan_hr, other):
    api = APIClient()
    api.force_authenticate(changan_hr)

    response = api.patch(
        f"/api/v1/staff/applications/{other.reference}/", {"stage": "screening"}, format="json"
    )

    assert response.status_code == 404
    other.refresh_from_db()
    assert other.stage == "received"


def test_the_api_export_holds_only_the_employers_applications(changan_hr, own, other):
    api = APIClient()
    api.force_authenticate(changan_hr)

    response = api.get("/api/v1/staff/applications/export/", {"type": "csv"})

    body = b"".join(response.streaming_content).decode()
    assert own.reference in body and other.reference not in body


def test_the_dashboard_counts_only_the_employers_applications(
    client, changan_hr, campaign, own, other, unshared
):
    refresh_dashboard_counts()
    client.force_login(changan_hr)

    page = client.get(f"/admin/recruitment/campaign/{campaign.pk}/dashboard/").content.decode()

    assert "Display engineer" not in page
    assert "Chengdu" not in page
    assert "<strong>1</strong>" in page


def test_hr_sees_only_its_jobs_and_the_campaigns_that_carry_them(
    client, changan_hr, campaign, employers
):
    from django.utils import timezone

    from recruitment.models import Campaign

    lonely = Campaign.objects.create(
        title="BOE only",
        slug="boe-only",
        opens_at=timezone.now(),
        closes_at=timezone.now() + timezone.timedelta(days=1),
    )
    lonely.jobs.add(Job.objects.get(slug="display-engineer"))
    client.force_login(changan_hr)

    jobs_page = client.get("/admin/recruitment/job/").content.decode()
    campaigns_page = client.get("/admin/recruitment/campaign/").content.decode()
    display = Job.objects.get(slug="display-engineer")

    assert "Battery engineer" in jobs_page and "Display engineer" not in jobs_page
    assert campaign.title in campaigns_page and "BOE only" not in campaigns_page
    assert client.get(f"/admin/recruitment/job/{display.pk}/change/").status_code in (302, 404)
    assert client.get(f"/admin/recruitment/campaign/{lonely.pk}/dashboard/").status_code == 404


def test_autocomplete_of_jobs_is_scoped(client, changan_hr, campaign):
    client.force_login(changan_hr)

    response = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "recruitment",
            "model_name": "campaign",
            "field_name": "now_presenting",
            "term": "engineer",
        },
    )

    if response.status_code == 200:
        assert "Display engineer" not in response.content.decode()
    else:
        assert response.status_code == 403


def test_hr_does_not_see_the_audit_log(client, changan_hr):
    client.force_login(changan_hr)

    assert client.get("/admin/recruitment/auditlog/").status_code == 403
