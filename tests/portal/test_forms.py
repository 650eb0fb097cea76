import pytest
from django.test import RequestFactory

from portal.models import ContactMessage, UpdateRequest
from portal.net import client_ip

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Li Ming",
    "email": "li.ming@example.com",
    "subject": "A question about the parks",
    "message": "Which park hosts software companies?",
}


def test_a_valid_message_is_stored_for_staff(client):
    response = client.post("/en/contact/", VALID, follow=True)
    assert response.status_code == 200
    assert "Your message has reached our staff" in response.content.decode()
    message = ContactMessage.objects.get()
    assert message.subject == "A question about the parks"
    assert message.status == ContactMessage.Status.NEW


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        ({"name": ""}, "name", "This field is required."),
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
        ({"subject": ""}, "subject", "This field is required."),
        ({"message": "hi"}, "message", "at least 10 characters"),
        ({"message": "x" * 5001}, "message", "at most 5000 characters"),
        ({"name": "x" * 101}, "name", "at most 100 characters"),
        (
            {"message": "buy " + " ".join(f"https://spam{n}.example" for n in range(4))},
            "message",
            "at most 3 links",
        ),
    ],
)
def test_bad_messages_are_refused_with_a_reason(client, changes, field, error):
    response = client.post("/en/contact/", {**VALID, **changes})
    assert response.status_code == 200
    assert error in " ".join(response.context["form"].errors[field])
    assert error.split("%")[0] in response.content.decode()
    assert not ContactMessage.objects.exists()


def test_a_robot_filling_the_honeypot_is_told_thanks_and_nothing_is_stored(client):
    response = client.post(
        "/en/contact/", {**VALID, "homepage": "http://spam.example"}, follow=True
    )
    assert response.status_code == 200
    assert "Your message has reached our staff" in response.content.decode()
    assert not ContactMessage.objects.exists()


def test_the_honeypot_is_hidden_from_people(client):
    html = client.get("/en/contact/").content.decode()
    assert '<div class="field trap" aria-hidden="true">' in html
    assert 'tabindex="-1"' in html


def test_too_many_messages_from_one_client_get_429_with_a_clear_message(client, settings):
    settings.CONTACT_RATE_LIMIT = 2
    for _ in range(2):
        assert client.post("/en/contact/", VALID).status_code == 302
    response = client.post("/en/contact/", VALID)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Please wait about" in response.content.decode()
    assert ContactMessage.objects.count() == 2
    # Another client is not affected.
    other = client.post("/en/contact/", VALID, REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302


def test_a_forged_forwarded_for_header_does_not_escape_the_limit(client, settings):
    settings.CONTACT_RATE_LIMIT = 1
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    assert client.post("/en/contact/", VALID, HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 302
    response = client.post("/en/contact/", VALID, HTTP_X_FORWARDED_FOR="2.2.2.2")
    assert response.status_code == 429


@pytest.mark.parametrize(
    ("remote", "forwarded", "trusted", "expected"),
    [
        ("203.0.113.5", "", [], "203.0.113.5"),
        ("203.0.113.5", "1.2.3.4", [], "203.0.113.5"),
        ("203.0.113.5", "1.2.3.4", ["10.0.0.2"], "203.0.113.5"),
        ("10.0.0.2", "1.2.3.4", ["10.0.0.2"], "1.2.3.4"),
        ("10.0.0.2", "6.6.6.6, 1.2.3.4", ["10.0.0.2"], "1.2.3.4"),
        ("10.0.0.2", "1.2.3.4, 10.0.0.9", ["10.0.0.0/24"], "1.2.3.4"),
        ("10.0.0.2", "", ["10.0.0.2"], "10.0.0.2"),
        ("10.0.0.2", "garbage", ["10.0.0.2"], "10.0.0.2"),
        ("10.0.0.2", "2001:db8::1", ["10.0.0.2"], "2001:db8::1"),
    ],
)
def test_client_ip_believes_forwarded_for_only_from_trusted_proxies(
    settings, remote, forwarded, trusted, expected
):
    settings.TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/en/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


UPDATE = {
    "name": "Wang Fang",
    "email": "wang.fang@example.com",
    "role": "Communications officer",
    "changes": "Our website address has changed to https://www.example.cn/.",
    "source_url": "www.example.cn",
}


def test_an_update_request_is_stored_pending_for_the_organisation(client, organization):
    url = "/en/organizations/changan-automobile/request-update/"
    assert client.get(url).status_code == 200
    response = client.post(url, UPDATE, follow=True)
    assert response.redirect_chain[-1][0] == "/en/organizations/changan-automobile/"
    assert "Our editors will review your request" in response.content.decode()
    request = UpdateRequest.objects.get()
    assert request.organization == organization
    assert request.status == UpdateRequest.Status.PENDING
    assert request.source_url == "https://www.example.cn"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"changes": ""}, "changes"),
        ({"email": "nope"}, "email"),
        ({"source_url": "ftp:x"}, "source_url"),
    ],
)
def test_a_bad_update_request_is_refused(client, organization, changes, field):
    response = client.post(
        "/en/organizations/changan-automobile/request-update/", {**UPDATE, **changes}
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not UpdateRequest.objects.exists()


def test_an_update_request_for_an_unknown_organisation_is_404(client, db):
    assert client.post("/en/organizations/nobody/request-update/", UPDATE).status_code == 404


def test_a_rate_limit_of_zero_turns_the_limit_off(client, settings):
    settings.CONTACT_RATE_LIMIT = 0
    for _ in range(8):
        assert client.post("/en/contact/", VALID).status_code == 302
    assert ContactMessage.objects.count() == 8


def test_update_requests_are_rate_limited_per_client_too(client, settings, organization):
    settings.CONTACT_RATE_LIMIT = 1
    url = "/en/organizations/changan-automobile/request-update/"
    assert client.post(url, UPDATE).status_code == 302
    response = client.post(url, UPDATE)
    assert response.status_code == 429
    assert UpdateRequest.objects.count() == 1
