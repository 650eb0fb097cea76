"""The staff API: /api/v1/staff/applications/."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from recruitment.tasks import process_new_applications

from .conftest import make_application

pytestmark = pytest.mark.django_db

URL = "/api/v1/staff/applications/"


def references(response):
    return {row["reference"] for row in response.json()["results"]}


def test_a_token_from_drf_create_token_authenticates(recruiter, own):
    call_command("drf_create_token", "recruiter")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get(user=recruiter).key}")

    response = api.get(URL)

    assert response.status_code == 200
    assert references(response) == {own.reference}
    assert response["Cache-Control"] == "private, no-store"


def test_the_session_of_a_signed_in_recruiter_authenticates(client, recruiter, own):
    client.force_login(recruiter)

    assert client.get(URL).status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "bad-token", "not-staff", "editor"])
def test_everyone_else_is_refused(who, editor, own):
    api = APIClient()
    if who == "bad-token":
        api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    elif who == "not-staff":
        user = get_user_model().objects.create_user(username="visitor", password="x-y-z-12345")
        api.force_authenticate(user)
    elif who == "editor":
        api.force_authenticate(editor)

    assert api.get(URL).status_code in (401, 403)
    assert api.get(f"{URL}{own.reference}/").status_code in (401, 403)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"organization": "changan-automobile"}, {"own"}),
        ({"job": "display-engineer"}, {"other"}),
        ({"campaign": "liangjiang-live", "stage": "received"}, {"own", "other"}),
        ({"stage": "hired"}, set()),
        ({"source": "partner-boe"}, {"other"}),
        ({"city": "Chongqing"}, {"own"}),
        ({"education": "master"}, {"own"}),
        ({"q": "Zhao"}, {"other"}),
        ({"received_after": "2000-01-01"}, {"own", "other"}),
        ({"received_before": "2000-01-01"}, set()),
    ],
)
def test_the_list_filters_like_the_admin(recruiter, own, other, params, expected):
    api = APIClient()
    api.force_authenticate(recruiter)
    names = {"own": own.reference, "other": other.reference}

    response = api.get(URL, params)

    assert response.status_code == 200
    assert references(response) == {names[name] for name in expected}


@pytest.mark.parametrize(
    "params", [{"stage": "promoted"}, {"education": "phd"}, {"received_after": "yesterday"}]
)
def test_bad_filter_values_answer_400(recruiter, params):
    api = APIClient()
    api.force_authenticate(recruiter)

    response = api.get(URL, params)

    assert response.status_code == 400
    assert list(response.json()) == list(params)


def test_the_detail_carries_the_history_and_the_allowed_stages(recruiter, own):
    api = APIClient()
    api.force_authenticate(recruiter)

    data = api.get(f"{URL}{own.reference}/").json()

    assert data["full_name"] == "Wang Fang"
    assert data["organization"] == "changan-automobile"
    assert data["allowed_stages"] == ["screening", "rejected"]
    assert data["history"][0]["to_stage"] == "received"
    assert data["resume_url"].endswith(f"/staff/applications/{own.pk}/resume/")


def test_an_operator_can_watch_the_background_queue_drain(recruiter, own):
    api = APIClient()
    api.force_authenticate(recruiter)
    own.__class__.objects.filter(pk=own.pk).update(confirmed_at=None, processed_at=None)

    waiting = api.get(f"{URL}{own.reference}/").json()
    process_new_applications.call()
    done = api.get(f"{URL}{own.reference}/").json()

    assert waiting["confirmed_at"] is None and waiting["processed_at"] is None
    assert done["confirmed_at"] and done["processed_at"]


def test_only_patch_writes(recruiter, own):
    api = APIClient()
    api.force_authenticate(recruiter)

    assert api.put(f"{URL}{own.reference}/", {"stage": "screening"}).status_code == 405
    assert api.delete(f"{URL}{own.reference}/").status_code == 405
    assert api.post(URL, {}).status_code == 405


def test_the_search_finds_words_of_the_resume(recruiter, campaign, jobs):
    found = make_application(
        campaign, jobs["battery-engineer"], extracted_text="Lithium battery welding robots"
    )
    make_application(campaign, jobs["battery-engineer"], extracted_text="Display panels")
    api = APIClient()
    api.force_authenticate(recruiter)

    assert references(api.get(URL, {"q": "welding"})) == {found.reference}


def test_the_api_is_in_the_schema(client):
    schema = client.get("/api/schema/").content.decode()

    assert "/api/v1/staff/applications/{reference}/" in schema
    assert "/api/v1/staff/applications/export/" in schema
