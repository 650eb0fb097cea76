import datetime
import json
import re
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.admin.sites import site as admin_site
from django.core.management import call_command

from portal import demo
from portal.models import Honouree, Organization, TalentProgramme


@pytest.fixture
def cloudwalk(db):
    return Organization.objects.create(
        name="Cloudwalk Science and Technology", slug="cloudwalk", kind="enterprise"
    )


@pytest.fixture
def talent(db, cloudwalk):
    """The demo programmes, with Cloudwalk in the directory but not CIGIT."""
    demo.load_talent(StringIO())
    return TalentProgramme.objects.all()


def test_talent_page_shows_programmes_with_their_figures(client, talent):
    html = client.get("/en/talent/").content.decode()
    assert "Hongyan Project" in html
    assert "<dd>147</dd>" in html
    assert "<dd>71</dd>" in html
    assert "Zhihui Liangjiang Science and Technology Leading Talent" in html
    assert 'id="hongyan-project"' in html


def test_talent_page_shows_honourees_with_year_and_announcement(client, talent):
    html = client.get("/en/talent/").content.decode()
    assert "Zhou Xi" in html
    assert "Founder of Cloudwalk Science and Technology" in html
    assert "Yin Shaoyun" in html
    assert "Honoured for 2019" in html
    assert "announced Jan. 8, 2020" in html


def test_honouree_links_to_their_organisation_in_the_directory(client, talent, cloudwalk):
    html = client.get("/en/talent/").content.decode()
    assert f'href="{cloudwalk.get_absolute_url()}"' in html


def test_honouree_whose_organisation_is_not_in_the_directory_shows_without_a_link(client, talent):
    yin = Honouree.objects.get(name="Yin Shaoyun")
    assert yin.organization is None
    html = client.get("/en/talent/").content.decode()
    item = re.search(rf'<li class="card" id="honouree-{yin.pk}">(.*?)</li>', html, re.S)
    assert "Integrated Photoelectric Research Center" in item.group(1)
    assert "href" not in item.group(1)


def test_talent_page_has_title_description_and_open_graph(client, talent):
    html = client.get("/en/talent/").content.decode()
    assert "<title>Talent programmes · Liangjiang Portal</title>" in html
    assert '<meta name="description" content="The Liangjiang New Area\'s talent programmes' in html
    assert '<meta property="og:title" content="Talent programmes · Liangjiang Portal">' in html


def test_talent_page_describes_honourees_as_schema_org_people(client, talent, cloudwalk):
    html = client.get("/en/talent/").content.decode()
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    people = {person["name"]: person for person in json.loads(raw)["@graph"]}
    assert people["Zhou Xi"]["@type"] == "Person"
    assert people["Zhou Xi"]["worksFor"]["url"].endswith(cloudwalk.get_absolute_url())
    assert "worksFor" not in people["Yin Shaoyun"]
    assert "Zhihui Liangjiang" in people["Yin Shaoyun"]["award"]


def test_structured_data_cannot_break_out_of_its_script_element(client, talent):
    Honouree.objects.filter(name="Zhou Xi").update(name="</script><script>alert(1)</script>")
    html = client.get("/en/talent/").content.decode()
    assert "</script><script>alert(1)" not in html
    assert "\\u003C/script\\u003E" in html


def test_talent_page_without_programmes_says_so(client, db):
    response = client.get("/en/talent/")
    assert response.status_code == 200
    assert "No talent programmes have been published yet." in response.content.decode()
    assert "application/ld+json" not in response.content.decode()


def test_talent_page_queries_are_bounded(client, talent, django_assert_max_num_queries):
    programme = TalentProgramme.objects.get(slug="hongyan-project")
    for year in range(2000, 2020):
        Honouree.objects.create(programme=programme, name=f"Person {year}", year=year)
    with django_assert_max_num_queries(3):
        response = client.get("/en/talent/")
    assert "Person 2000" in response.content.decode()


def test_api_lists_programmes_with_nested_honourees_and_urls(client, talent, cloudwalk):
    response = client.get("/api/v1/talent-programmes/")
    assert response.status_code == 200
    programmes = {p["slug"]: p for p in response.json()["results"]}
    hongyan = programmes["hongyan-project"]
    assert hongyan["url"] == settings.SITE_URL + "/en/talent/#hongyan-project"
    assert (hongyan["selected_count"], hongyan["high_level_count"]) == (147, 71)
    honourees = {h["name"]: h for h in programmes["zhihui-liangjiang-leading-talent"]["honourees"]}
    zhou = honourees["Zhou Xi"]
    assert zhou["url"].startswith(settings.SITE_URL + "/en/talent/#honouree-")
    assert zhou["organization"] == "cloudwalk"
    assert zhou["organization_url"] == settings.SITE_URL + cloudwalk.get_absolute_url()
    assert (zhou["year"], zhou["announced_on"]) == (2019, "2020-01-08")
    assert honourees["Yin Shaoyun"]["organization"] is None
    assert honourees["Yin Shaoyun"]["organization_url"] is None


def test_api_list_queries_are_bounded(client, talent, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/talent-programmes/").status_code == 200


def test_api_detail_by_slug(client, talent, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get("/api/v1/talent-programmes/zhihui-liangjiang-leading-talent/")
    assert response.status_code == 200
    body = response.json()
    assert body["url"] == settings.SITE_URL + "/en/talent/#zhihui-liangjiang-leading-talent"
    assert [h["name"] for h in body["honourees"]] == ["Yin Shaoyun", "Zhou Xi"]


@pytest.mark.parametrize("slug", ["no-such-programme", "../hongyan-project"])
def test_api_detail_of_an_unknown_programme_is_404(client, talent, slug):
    assert client.get(f"/api/v1/talent-programmes/{slug}/").status_code == 404


def test_api_is_read_only(client, talent):
    response = client.post("/api/v1/talent-programmes/", {"name": "x", "slug": "x"})
    assert response.status_code == 405
    assert TalentProgramme.objects.count() == 2


def test_demo_talent_is_idempotent_and_links_organisations_loaded_later(db):
    call_command("loaddemo", stdout=StringIO())
    counts = (TalentProgramme.objects.count(), Honouree.objects.count())
    assert counts == (2, 2)
    # An honouree whose organisation was missing at the first run is linked by the next one.
    Honouree.objects.filter(name="Yin Shaoyun").update(organization=None)
    call_command("loaddemo", stdout=StringIO())
    assert (TalentProgramme.objects.count(), Honouree.objects.count()) == counts
    yin = Honouree.objects.get(name="Yin Shaoyun")
    assert yin.organization.slug == "cigit-cas"
    assert yin.announced_on == datetime.date(2020, 1, 8)


def test_admin_edits_a_programme_with_its_honourees_inline(admin_client, talent):
    programme = TalentProgramme.objects.get(slug="zhihui-liangjiang-leading-talent")
    response = admin_client.get(f"/admin/portal/talentprogramme/{programme.pk}/change/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Zhou Xi" in html
    assert "honourees-0-name" in html


@pytest.mark.parametrize(
    "query, expected",
    [("q=Zhou", ["Zhihui Liangjiang"]), ("honourees__year=2019", ["Zhihui Liangjiang"])],
)
def test_admin_finds_programmes_by_honouree_and_year(admin_client, talent, query, expected):
    html = admin_client.get(f"/admin/portal/talentprogramme/?{query}").content.decode()
    for name in expected:
        assert name in html
    assert "Hongyan Project" not in html


def test_directory_admin_is_registered_for_talent():
    assert admin_site.is_registered(TalentProgramme)
    assert admin_site.is_registered(Honouree)


def test_editor_adds_a_programme_with_an_honouree_in_the_admin(client, editor, cloudwalk):
    client.force_login(editor)
    response = client.post(
        "/admin/portal/talentprogramme/add/",
        {
            "name_en": "Young Talent Award",
            "name_zh_hans": "青年人才奖",
            "slug": "young-talent-award",
            "summary_en": "Young researchers in the zone.",
            "position": "3",
            "honourees-TOTAL_FORMS": "1",
            "honourees-INITIAL_FORMS": "0",
            "honourees-0-name_en": "Li Ming",
            "honourees-0-name_zh_hans": "李明",
            "honourees-0-year": "2020",
            "honourees-0-organization": str(cloudwalk.pk),
        },
    )
    assert response.status_code == 302
    honouree = Honouree.objects.get(programme__slug="young-talent-award")
    assert (honouree.name, honouree.organization) == ("Li Ming", cloudwalk)
    assert (honouree.name_zh_hans, honouree.programme.name_zh_hans) == ("李明", "青年人才奖")


def test_admin_list_counts_each_honouree_once_when_filtered_by_year(admin_client, talent):
    html = admin_client.get("/admin/portal/talentprogramme/?honourees__year=2019").content
    assert b'<td class="field-honouree_count">2</td>' in html
