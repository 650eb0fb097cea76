import json
import re

import pytest

from portal.models import Organization

pytestmark = pytest.mark.django_db


def _json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def test_home_lists_the_parks_and_recent_milestones(client, organization):
    html = client.get("/en/").content.decode()
    assert "Lijia Intelligent Park" in html
    assert "Contract signed for a new base" in html


def test_home_renders_without_news_or_campaigns(client, db):
    response = client.get("/en/")
    assert response.status_code == 200


def test_park_list_shows_each_park_with_its_key_figures(client, park):
    html = client.get("/en/parks/").content.decode()
    assert 'href="/en/parks/lijia-intelligent-park/"' in html
    assert "more than" in html and "4,500" in html
    assert "registered digital economy enterprises" in html


def test_park_page_shows_figures_organisations_timeline_and_a_map_link(client, organization):
    response = client.get("/en/parks/lijia-intelligent-park/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Lijia Intelligent Park" in html
    assert "as of June 2020" in html
    assert 'href="/en/organizations/changan-automobile/"' in html
    assert "Contract signed for a new base" in html
    assert "https://www.openstreetmap.org/?mlat=29.665000&amp;mlon=106.505000" in html
    # No third-party map tiles or scripts are loaded.
    assert "tile.openstreetmap" not in html


def test_park_page_describes_the_place_in_json_ld(client, park):
    data = _json_ld(client.get(park.get_absolute_url()).content.decode())
    assert data["@type"] == "Place"
    assert data["geo"] == {
        "@type": "GeoCoordinates",
        "latitude": "29.665000",
        "longitude": "106.505000",
    }
    assert data["url"].endswith("/en/parks/lijia-intelligent-park/")


def test_unknown_park_is_404(client, db):
    assert client.get("/en/parks/nowhere/").status_code == 404


def test_organisation_page_shows_its_profile(client, organization):
    response = client.get("/en/organizations/changan-automobile/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Chang&#x27;an Automobile</h1>" in html
    assert '<span lang="zh-Hans">长安汽车</span>' in html
    assert 'href="/en/parks/lijia-intelligent-park/"' in html
    assert "Automobile manufacturing" in html
    assert 'href="https://www.changan.com.cn/"' in html
    assert "Contract signed for a new base" in html
    assert "Dec. 5, 2019" in html
    assert 'href="/en/organizations/changan-automobile/request-update/"' in html
    assert (
        'rel="canonical" href="http://127.0.0.1:8000/en/organizations/changan-automobile/"' in html
    )
    assert 'property="og:title" content="Chang&#x27;an Automobile"' in html


@pytest.mark.parametrize(
    ("kind", "schema_type"),
    [
        ("enterprise", "Corporation"),
        ("research-institute", "ResearchOrganization"),
        ("university", "CollegeOrUniversity"),
        ("fund", "Organization"),
    ],
)
def test_organisation_json_ld_uses_the_schema_org_type_of_its_kind(
    client, organization, kind, schema_type
):
    Organization.objects.filter(pk=organization.pk).update(kind=kind)
    data = _json_ld(client.get(organization.get_absolute_url()).content.decode())
    assert data["@type"] == schema_type
    assert "长安汽车" in data["alternateName"]
    assert data["location"]["name"] == "Lijia Intelligent Park"


def test_json_ld_cannot_close_its_script_element(client, organization):
    organization.description = "</script><script>alert(1)</script> & more"
    organization.save()
    html = client.get(organization.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert _json_ld(html)["description"] == "</script><script>alert(1)</script> & more"


def test_month_precise_milestones_show_only_the_month(client, organization):
    organization.milestones.update(date_precision="month")
    html = client.get(organization.get_absolute_url()).content.decode()
    assert "December 2019" in html
    assert "Dec. 5, 2019" not in html


def test_timeline_lists_milestones_zone_wide(client, organization):
    html = client.get("/en/timeline/").content.decode()
    assert "Contract signed for a new base" in html
    assert 'href="/en/organizations/changan-automobile/"' in html


def test_programmes_page_shows_amounts_and_beneficiaries(client, programme):
    html = client.get("/en/programmes/").content.decode()
    assert "RMB 1.454 billion" in html
    assert '<data value="1454000000.00">' in html
    assert "497" in html
    assert 'id="science-technology-finance-loans"' in html


@pytest.mark.parametrize("path", ["/en/about/", "/en/privacy/", "/en/contact/"])
def test_site_pages_have_title_description_and_canonical(client, db, path):
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"<title>[^<]+ · Liangjiang Portal</title>", html)
    assert f'rel="canonical" href="http://127.0.0.1:8000{path}"' in html


def test_privacy_notice_states_rights_and_retention(client, db):
    html = client.get("/en/privacy/").content.decode()
    assert "Personal Information Protection Law" in html
    assert "180 days" in html
    assert 'href="/en/contact/"' in html


def test_park_list_and_detail_run_a_bounded_number_of_queries(
    client, many_organizations, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        assert client.get("/en/parks/").status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get("/en/parks/lijia-intelligent-park/").status_code == 200


def test_organisation_detail_and_timeline_run_a_bounded_number_of_queries(
    client, many_organizations, django_assert_max_num_queries
):
    # The profile, its industries and milestones, the news that mentions it and its open jobs.
    with django_assert_max_num_queries(7):
        assert client.get("/en/organizations/organisation-001/").status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get("/en/timeline/?page=2").status_code == 200


def test_home_runs_a_bounded_number_of_queries(
    client, many_organizations, django_assert_max_num_queries
):
    # Parks, milestones, the latest news and the current campaign with its counter.
    with django_assert_max_num_queries(8):
        assert client.get("/en/").status_code == 200


@pytest.fixture
def demo(db):
    from io import StringIO

    from django.core.management import call_command

    call_command("loaddemo", stdout=StringIO())


def test_home_shows_the_latest_news_and_the_open_campaign(client, demo):
    html = client.get("/en/").content.decode()
    assert "Latest news" in html
    assert "Advanced Models of Innovation and Talents in Liangjiang" in html
    assert "Liangjiang talent livestream" in html
    assert "/en/campaigns/liangjiang-talent-livestream/apply/" in html


def test_organisation_profile_shows_its_news_and_open_jobs(
    client, demo, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        html = client.get("/en/organizations/changan-automobile/").content.decode()
    assert "In the news" in html
    assert "Advanced Models of Innovation and Talents in Liangjiang" in html
    assert "Open jobs" in html
    assert "Autonomous driving software engineer" in html


@pytest.mark.parametrize(
    ("amount", "english", "chinese"),
    [
        ("5000000000", "RMB 5 billion", "人民币50亿元"),
        ("10000000000", "RMB 10 billion", "人民币100亿元"),
        ("1454000000", "RMB 1.454 billion", "人民币14.54亿元"),
        ("2500000", "RMB 2.5 million", "人民币250万元"),
        ("8000", "RMB 8,000", "人民币8,000元"),
    ],
)
def test_programme_amounts_read_as_people_say_them(amount, english, chinese):
    from decimal import Decimal

    from django.utils import translation

    from portal.models import SupportProgramme
    from portal.templatetags.directory import money

    programme = SupportProgramme(amount=Decimal(amount), currency="CNY")
    with translation.override("en"):
        assert money(programme) == english
    with translation.override("zh-hans"):
        assert money(programme) == chinese
