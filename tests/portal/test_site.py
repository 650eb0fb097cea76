import pytest
from django.contrib.auth.models import Group


@pytest.mark.django_db
def test_home_page_has_title_canonical_and_language(client):
    response = client.get("/en/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "<title>" in html
    assert 'rel="canonical"' in html
    assert 'property="og:title"' in html


@pytest.mark.django_db
def test_language_switch_turns_the_site_chinese(client):
    english = client.get("/en/").content.decode()
    assert '<a href="/zh-hans/" hreflang="zh-hans" lang="zh-hans">' in english
    html = client.get("/zh-hans/").content.decode()
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
    for path in (f"/{language}/news/", f"/{language}/search/"):
        html = client.get(path).content.decode()
        assert f"{name}</title>" in html
        assert f'<meta property="og:site_name" content="{name}">' in html
        assert f'<meta name="description" content="{description}' in html


@pytest.mark.django_db
def test_cookie_notice_is_in_the_page_for_the_browser_to_show(client):
    # Whether the reader closed it is known to the browser alone (static/js/site.js).
    assert b"data-cookie-notice hidden" in client.get("/en/").content


@pytest.mark.django_db
def test_staff_groups_exist_with_their_permissions():
    editors = Group.objects.get(name="Editors")
    recruiters = Group.objects.get(name="Recruiters")
    assert Group.objects.filter(name="Employer HR").exists()
    assert editors.permissions.filter(codename="change_organization").exists()
    assert editors.permissions.filter(codename="change_honouree").exists()
    assert recruiters.permissions.filter(codename="view_talentprogramme").exists()
    assert not recruiters.permissions.filter(codename="change_organization").exists()
