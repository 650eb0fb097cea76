import pytest
from django.conf import settings
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_parks_list_nests_key_figures_and_links_the_public_page(api, park):
    response = api.get("/api/v1/parks/")
    assert response.status_code == 200
    item = response.json()["results"][0]
    assert item["url"] == settings.SITE_URL + "/en/parks/lijia-intelligent-park/"
    assert item["slug"] == "lijia-intelligent-park"
    assert item["latitude"] == "29.665000"
    figure = item["key_figures"][0]
    assert figure["value"] == "4500.000"
    assert figure["qualifier"] == "more-than"
    assert figure["as_of"] == "2020-06-15"


def test_park_item_is_found_by_slug(api, park):
    assert api.get("/api/v1/parks/lijia-intelligent-park/").json()["name"] == (
        "Lijia Intelligent Park"
    )
    assert api.get("/api/v1/parks/nowhere/").status_code == 404


def test_organisation_names_its_park_and_industries_by_slug(api, organization):
    item = api.get("/api/v1/organizations/changan-automobile/").json()
    assert item["url"] == settings.SITE_URL + "/en/organizations/changan-automobile/"
    assert item["park"] == "lijia-intelligent-park"
    assert item["industries"] == ["automobile-manufacturing"]
    assert item["aliases"] == ["长安汽车", "重庆长安汽车股份有限公司"]


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("", 200),
        ("?kind=enterprise", 40),
        ("?park=lijia-intelligent-park", 100),
        ("?industry=software-it-services", 67),
        ("?q=organisation 00", 10),
        ("?kind=fund&park=lijia-intelligent-park", 20),
    ],
)
def test_organisation_list_uses_the_same_filters_as_the_finder(
    api, many_organizations, query, count
):
    response = api.get(f"/api/v1/organizations/{query}")
    assert response.status_code == 200
    assert response.json()["count"] == count
    assert len(response.json()["results"]) == min(count, 20)


@pytest.mark.parametrize("query", ["?kind=spaceship", "?industry=nothing", "?park=atlantis"])
def test_an_unknown_filter_value_is_a_400_naming_the_filter(api, organization, query):
    response = api.get(f"/api/v1/organizations/{query}")
    assert response.status_code == 400
    assert query[1:].split("=")[0] in response.json()


def test_industries_carry_their_code_scheme_and_filter_page(api, industries):
    response = api.get("/api/v1/industries/?scheme=gbt4754-division")
    items = {item["code"]: item for item in response.json()["results"]}
    assert items["36"]["url"] == (
        settings.SITE_URL + "/en/organizations/?industry=automobile-manufacturing"
    )
    assert items["36"]["name_zh"] == "汽车制造业"


def test_support_programmes_carry_amounts(api, programme):
    item = api.get("/api/v1/support-programmes/science-technology-finance-loans/").json()
    assert item["amount"] == "1454000000.00"
    assert item["currency"] == "CNY"
    assert item["beneficiaries"] == 497
    assert item["url"].endswith("/en/programmes/#science-technology-finance-loans")


def test_api_lists_run_a_bounded_number_of_queries(
    api, many_organizations, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        assert api.get("/api/v1/organizations/").status_code == 200
    with django_assert_max_num_queries(4):
        assert api.get("/api/v1/parks/").status_code == 200
    with django_assert_max_num_queries(3):
        assert api.get("/api/v1/industries/").status_code == 200


def test_the_api_docs_page_answers(api, db):
    assert api.get("/api/docs/").status_code == 200


def test_the_openapi_schema_documents_the_directory(api, db):
    response = api.get("/api/schema/")
    assert response.status_code == 200
    schema = response.content.decode()
    for path in (
        "/api/v1/parks/",
        "/api/v1/parks/{slug}/",
        "/api/v1/organizations/",
        "/api/v1/organizations/{slug}/",
        "/api/v1/industries/",
        "/api/v1/support-programmes/",
    ):
        assert f"  {path}:" in schema


def test_the_directory_schema_generates_without_warnings_or_errors():
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator
    from rest_framework.routers import DefaultRouter

    from portal.api import routes

    router = DefaultRouter()
    for prefix, viewset, basename in routes:
        router.register(prefix, viewset, basename=basename)
    GENERATOR_STATS.reset()
    schema = SchemaGenerator(patterns=router.urls).get_schema(request=None, public=True)
    assert "/organizations/{slug}/" in schema["paths"]
    assert not GENERATOR_STATS  # true once it has warned or failed


def test_api_docs_load_their_javascript_from_our_own_static_files(client, db):
    html = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/redoc" in html
    assert "cdn." not in html
