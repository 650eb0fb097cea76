import pytest
from django.contrib.auth.models import Group


@pytest.mark.django_db
def test_home_page_has_title_canonical_and_language(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "<title>" in html
    assert 'rel="canonical"' in html
    assert 'property="og:title"' in html


@pytest.mark.django_db
def test_language_switch_turns_the_site_chinese(client):
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert "跳到内容" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "name", "description"),
    [
        ("en", "Liangjiang Portal", "News, innovation platforms, parks, enterprises"),
        ("zh-hans", "两江门户", "重庆两江新区的新闻、创新平台、园区、企业与人才招聘。"),
    ],
)
def test_site_name_and_description_are_in_the_readers_language(
    client, language, name, description
):
    for path in ("/news/", "/search/"):
        html = client.get(path, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert f"{name}</title>" in html
        assert f'<meta property="og:site_name" content="{name}">' in html
        assert f'<meta name="description" content="{description}' in html


@pytest.mark.django_db
def test_cookie_notice_is_not_shown_once_acknowledged(client):
    assert b"data-cookie-notice" in client.get("/").content
    client.cookies["cookie_notice_seen"] = "1"
    assert b"data-cookie-notice" not in client.get("/").content


@pytest.mark.django_db
def test_staff_groups_exist_with_their_permissions():
    editors = Group.objects.get(name="Editors")
    recruiters = Group.objects.get(name="Recruiters")
    assert Group.objects.filter(name="Employer HR").exists()
    assert editors.permissions.filter(codename="change_organization").exists()
    assert editors.permissions.filter(codename="change_honouree").exists()
    assert recruiters.permissions.filter(codename="view_talentprogramme").exists()
    assert editors.permissions.filter(codename="change_talentprogramme").exists()
    assert not recruiters.permissions.filter(codename="change_organization").exists()
