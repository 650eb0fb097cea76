"""Hostile staff requests: no oracle on hidden fields, no regular expressions, no 500.

A staff member may type any URL or body; each answers with a 4xx (or the
changelist's own `?e=1`), never a filtered answer about a field the list
does not show, never an error.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from .conftest import listed

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/recruitment/application/"
EXPORT = f"{CHANGELIST}export/"
STAFF_API = "/api/v1/staff/applications/"


def refused(response) -> bool:
    return response.status_code == 400 or (
        response.status_code == 302 and response["Location"].endswith("?e=1")
    )


@pytest.fixture
def hr_client(client, changan_hr):
    client.force_login(changan_hr)
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize(
    "field",
    [
        "status_token",
        "resume_sha256",
        "idempotency_key",
        "consent_sha256",
        "share_consent_sha256",
        "cover_letter",
        "email",
        "resume",
    ],
)
@pytest.mark.parametrize("lookup", ["regex", "startswith", "gte", "contains", "exact"])
def test_an_employer_cannot_ask_the_list_about_a_field_it_does_not_offer(
    hr_client, own, field, lookup
):
    secret = getattr(own, field)
    secret = str(secret.name if hasattr(secret, "name") else secret)
    right, wrong = secret[:1] or "a", "~"

    answers = [
        hr_client.get(CHANGELIST, {"id": own.pk, f"{field}__{lookup}": prefix})
        for prefix in (right, wrong)
    ]

    assert all(refused(answer) for answer in answers)
    assert answers[0].status_code == answers[1].status_code
    assert all(own.reference not in answer.content.decode() for answer in answers)


def test_the_status_token_cannot_be_recovered_a_character_at_a_time(hr_client, own):
    """The attack of the review: one character per question, answered by the list."""
    recovered = ""
    for _ in range(3):
        for char in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_":
            response = hr_client.get(
                CHANGELIST, {"id": own.pk, "status_token__startswith": recovered + char}
            )
            if response.status_code == 200 and own.reference in response.content.decode():
                recovered += char
                break
        else:
            break

    assert recovered == ""


def test_a_regular_expression_from_the_url_never_reaches_the_database(client, recruiter, own):
    own.cover_letter = "a" * 40
    own.save()
    client.force_login(recruiter)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(CHANGELIST, {"cover_letter__regex": "^a{16}(a+)+$"})

    assert response.status_code == 400
    assert not [q for q in queries.captured_queries if "REGEXP" in q["sql"].upper()]
    assert not [q for q in queries.captured_queries if "cover_letter" in q["sql"]]


@pytest.mark.parametrize(
    "url",
    [
        f"{EXPORT}csv/?unknown=1",
        f"{EXPORT}xlsx/?unknown=1",
        f"{EXPORT}csv/?status_token__startswith=a",
        f"{EXPORT}csv/?status_token__regex=a",
        f"{EXPORT}csv/?campaign__slug__regex=a",
    ],
)
def test_an_export_refuses_what_the_list_refuses(client, recruiter, own, url):
    client.force_login(recruiter)
    client.raise_request_exception = False

    assert refused(client.get(url))


def test_a_refused_export_says_why_on_the_list(client, recruiter, own):
    client.force_login(recruiter)

    response = client.get(f"{EXPORT}csv/", {"unknown": "1"}, follow=True)

    assert response.redirect_chain == [(f"{CHANGELIST}?e=1", 302)]
    assert "cannot be filtered by “unknown”" in response.content.decode()


def test_the_declared_filters_still_narrow_the_employers_list(hr_client, own):
    for query in [
        {"stage__exact": "received"},
        {"stage": "received"},
        {"campaign": "liangjiang-live"},
        {"job": "battery-engineer"},
        {"city": "Chongqing"},
        {"education__exact": "master"},
        {"q": own.reference},
        {"q": "Wang"},
    ]:
        response = hr_client.get(CHANGELIST, query)
        assert response.status_code == 200, query
        assert listed(response) == {own.reference}, query


@pytest.mark.filterwarnings("ignore:DateTimeField .* received a naive datetime")
@pytest.mark.parametrize(
    "url",
    [
        f"{CHANGELIST}?created_at__gte=0001-01-01",
        f"{CHANGELIST}?created_at__gte=0001-01-01 00:00:00",
        f"{CHANGELIST}?created_at__lt=0001-01-01",
        f"{CHANGELIST}?created_at__gte=2024-13-01",
        f"{CHANGELIST}?created_at__gte=not-a-date",
        "/admin/recruitment/auditlog/?at__gte=0001-01-01",
        "/admin/recruitment/auditlog/?at__lt=0001-01-01",
        "/admin/recruitment/auditlog/?at__gte=yesterday",
        "/admin/recruitment/campaign/?opens_at__year=9999&opens_at__month=12&opens_at__day=31",
        "/admin/recruitment/campaign/?opens_at__year=9999",
        "/admin/recruitment/campaign/?opens_at__year=1",
        f"{EXPORT}csv/?created_at__gte=0001-01-01",
    ],
)
def test_the_admin_refuses_what_it_cannot_apply_without_an_error(client, recruiter, own, url):
    client.force_login(recruiter)
    client.raise_request_exception = False

    response = client.get(url)

    assert refused(response), response.status_code


@pytest.mark.parametrize(
    ("params", "answer"),
    [
        ({"received_before": "9999-12-31"}, 400),
        ({"received_after": "0001-01-01"}, 400),
        ({"received_after": "9999-12-31"}, 400),
        ({"received_before": "0001-01-01"}, 400),
        ({"received_after": "0001-01-02", "received_before": "9999-12-30"}, 200),
        ({"received_after": "99999-01-01"}, 400),
        ({"received_after": "2024-02-30"}, 400),
    ],
)
@pytest.mark.parametrize("path", ["", "export/"])
def test_the_staff_api_answers_any_date_without_an_error(recruiter, own, params, answer, path):
    api = APIClient()
    api.force_authenticate(recruiter)
    api.raise_request_exception = False

    response = api.get(f"{STAFF_API}{path}", params)

    assert response.status_code == answer
    if answer == 400:
        assert list(response.json()) == list(params)
        assert response.json()[next(iter(params))][0].startswith("Enter a ")


def nested(depth):
    return "[" * depth + "]" * depth


@pytest.mark.parametrize(
    "body",
    [
        nested(100_000),
        '{"stage": ' + nested(100_000) + "}",
        '{"stage": "screening", "note": ' + '{"a": ' * 50_000 + "1" + "}" * 50_001,
    ],
    ids=["array", "stage", "note"],
)
def test_deeply_nested_json_is_a_400_with_a_message(recruiter, own, body):
    api = APIClient()
    api.force_authenticate(recruiter)
    api.raise_request_exception = False

    response = api.patch(f"{STAFF_API}{own.reference}/", body, content_type="application/json")

    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]
    own.refresh_from_db()
    assert own.stage == "received"


def test_the_public_intake_refuses_json_without_parsing_it(campaign):
    api = APIClient()
    api.raise_request_exception = False

    response = api.post(
        f"/api/v1/campaigns/{campaign.slug}/applications/",
        nested(100_000),
        content_type="application/json",
    )

    assert response.status_code in (400, 415)
