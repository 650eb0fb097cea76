"""The footer's site settings: edited in the admin, shown on every page at once, at no
query's cost."""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from portal.models import SiteSettings

pytestmark = pytest.mark.django_db

FORM = {
    "sponsor_en": "Liangjiang New Area Administrative Committee",
    "sponsor_zh_hans": "重庆两江新区管理委员会",
    "contact_en": "Tel. 023-6789 0000",
    "contact_zh_hans": "联系电话：023-6789 0000",
    "icp_number": "渝ICP备2026012345号-1",
    "public_security_number": "渝公网安备50019002501234号",
    "site_code": "5000000123",
}


def footer(client, path):
    html = client.get(path).content.decode()
    return html[html.index('<footer class="site-footer">') :]


def test_an_editor_edits_the_footer_and_every_page_shows_it_at_once(client, editor):
    reader = Client()
    assert "渝ICP备2026012345号-1" not in footer(reader, "/en/")  # now kept in the page cache
    client.force_login(editor)
    assert (
        'href="/admin/portal/sitesettings/add/"'
        in client.get("/admin/portal/sitesettings/").content.decode()
    )
    response = client.post("/admin/portal/sitesettings/add/", FORM)
    assert response.status_code == 302, response.content.decode()

    english = footer(reader, "/en/")
    assert "Sponsored by: Liangjiang New Area Administrative Committee" in english
    assert "Contact: Tel. 023-6789 0000" in english
    assert (
        '<a href="https://beian.miit.gov.cn/" rel="noopener">渝ICP备2026012345号-1</a>' in english
    )
    assert (
        '<a href="https://beian.mps.gov.cn/#/query/webSearch?code=50019002501234" '
        'rel="noopener">渝公网安备50019002501234号</a>'
    ) in english
    assert "Site identification code: 5000000123" in english
    assert "Example values" not in english

    chinese = footer(reader, "/zh-hans/jobs/")
    assert "主办单位：重庆两江新区管理委员会" in chinese
    assert "联系方式：联系电话：023-6789 0000" in chinese
    assert "网站标识码：5000000123" in chinese

    # A second edit, through the change form the list now links to.
    listing = client.get("/admin/portal/sitesettings/").content.decode()
    assert 'href="/admin/portal/sitesettings/1/change/"' in listing
    assert 'href="/admin/portal/sitesettings/add/"' not in listing
    client.post("/admin/portal/sitesettings/1/change/", {**FORM, "site_code": "5000000999"})
    assert "5000000999" in footer(reader, "/en/")
    assert SiteSettings.objects.count() == 1


def test_there_is_one_settings_row_and_it_cannot_be_deleted(client, editor):
    client.force_login(editor)
    client.post("/admin/portal/sitesettings/add/", FORM)
    assert client.get("/admin/portal/sitesettings/add/").status_code == 403
    assert client.get("/admin/portal/sitesettings/1/delete/").status_code == 403


def test_a_missing_chinese_sponsor_falls_back_to_english_marked_as_such(client):
    SiteSettings(sponsor_en="Liangjiang New Area Administrative Committee").save()
    assert '<span lang="en">Liangjiang New Area Administrative Committee</span>' in footer(
        client, "/zh-hans/"
    )


def test_the_demo_values_are_marked_as_examples_and_never_replace_real_ones(client):
    call_command("loaddemo", stdout=io.StringIO())
    assert "示例数据" in footer(client, "/zh-hans/")
    assert "Example values" in footer(client, "/en/")
    settings = SiteSettings.objects.get()
    settings.examples = False
    settings.icp_number = "渝ICP备2026012345号-1"
    settings.save()
    call_command("loaddemo", stdout=io.StringIO())
    assert SiteSettings.objects.get().icp_number == "渝ICP备2026012345号-1"
    assert "Example values" not in footer(client, "/en/")


def test_saved_settings_cost_a_page_no_query(client):
    def queries_of_a_page():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/en/about/").status_code == 200
        return len(queries)

    without = queries_of_a_page()
    SiteSettings(**FORM).save()  # a new generation: the page is rendered again
    assert queries_of_a_page() == without


def test_the_settings_are_read_once_after_a_cache_restart(client):
    SiteSettings(**FORM).save()
    cache.clear()

    def settings_reads(path):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return [q for q in queries if "portal_sitesettings" in q["sql"]]

    assert len(settings_reads("/en/about/")) == 1
    assert settings_reads("/en/privacy/") == []
    assert "5000000123" in footer(client, "/zh-hans/contact/")


def test_saving_the_settings_makes_cached_pages_stale(client):
    client.get("/en/about/")
    SiteSettings(**FORM).save()
    assert "5000000123" in footer(client, "/en/about/")
