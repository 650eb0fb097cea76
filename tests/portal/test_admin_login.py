import pytest
from django.test import override_settings

from portal.net import client_ip


@pytest.mark.django_db
def test_admin_login_locks_out_after_repeated_failures(client, django_user_model):
    django_user_model.objects.create_superuser("boss", "boss@example.com", "a-long-password-1")
    answers = [
        client.post(
            "/admin/login/", {"username": "boss", "password": "wrong"}, REMOTE_ADDR="10.1.1.1"
        ).status_code
        for _attempt in range(5)
    ]
    assert answers == [200, 200, 200, 200, 429]
    # Locked out: even the right password is refused for a while.
    response = client.post(
        "/admin/login/",
        {"username": "boss", "password": "a-long-password-1"},
        REMOTE_ADDR="10.1.1.1",
    )
    assert response.status_code == 429
    assert b"Too many failed sign-ins" in response.content


@pytest.mark.django_db
def test_admin_login_works_with_the_right_password(client, django_user_model):
    django_user_model.objects.create_superuser("boss", "boss@example.com", "a-long-password-1")
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "boss", "password": "a-long-password-1"}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        ("203.0.113.9", "", "203.0.113.9"),
        ("203.0.113.9", "1.2.3.4", "203.0.113.9"),  # untrusted peer: header ignored
        ("10.0.0.2", "198.51.100.7", "198.51.100.7"),
        ("10.0.0.2", "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # left part is forgeable
        ("10.0.0.2", "198.51.100.7, 10.0.0.3", "198.51.100.7"),  # a chain of proxies
        ("10.0.0.2", "not-an-address", "10.0.0.2"),
    ],
)
def test_client_ip_believes_x_forwarded_for_only_from_trusted_proxies(
    rf, peer, forwarded, expected
):
    request = rf.get("/en/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TRUSTED_PROXIES=["10.0.0.2", "10.0.0.3"]):
        assert client_ip(request) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""],
)
def test_a_refused_next_after_sign_in_lands_on_the_admin_index(
    client, django_user_model, next_url
):
    django_user_model.objects.create_superuser("boss", "boss@example.com", "a-long-password-1")
    response = client.post(
        f"/admin/login/?next={next_url}",
        {"username": "boss", "password": "a-long-password-1", "next": next_url},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/admin/"
    assert response.status_code == 200
