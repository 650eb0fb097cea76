"""The admin: the portal's name and mark, and each staff member's work first on its home."""

import re

import pytest

pytestmark = pytest.mark.django_db


def app_order(html: str) -> list[str]:
    return re.findall(r'<div class="app-([a-z_]+) module', html)


@pytest.mark.parametrize(
    ("language", "header"),
    [("en", "Liangjiang Portal · back office"), ("zh-hans", "两江门户 · 管理后台")],
)
def test_the_admin_carries_the_portals_name_and_mark_in_each_language(
    client, recruiter, language, header
):
    client.force_login(recruiter)

    html = client.get("/admin/", HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert header in html
    assert "Django administration" not in html and "Django 管理" not in html
    assert re.search(r'<img src="/static/img/favicon[^"]*\.svg" alt="" width="28"', html)
    client.logout()
    login = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert header in login


def test_a_recruiters_home_leads_with_recruitment(client, recruiter):
    client.force_login(recruiter)

    assert app_order(client.get("/admin/").content.decode())[0] == "recruitment"


def test_an_editors_home_leads_with_the_newsroom_and_the_directory(client, editor):
    client.force_login(editor)

    assert app_order(client.get("/admin/").content.decode())[:2] == ["articles", "portal"]


def test_a_superusers_home_is_not_led_by_the_plumbing(client, admin_user):
    client.force_login(admin_user)

    order = app_order(client.get("/admin/").content.decode())

    assert order[:3] == ["recruitment", "articles", "portal"]
    assert {"authtoken", "axes", "django_tasks_db", "auth"} & set(order[3:])
