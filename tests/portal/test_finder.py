import pytest

from portal.models import Organization

pytestmark = pytest.mark.django_db


def _names(response):
    return [o.name for o in response.context["organizations"]]


@pytest.fixture
def finder(organization, industries):
    institute = Organization.objects.create(
        name="Chongqing Institute of Green Intelligent Technology",
        slug="cigit-cas",
        kind=Organization.Kind.RESEARCH_INSTITUTE,
        short_name="CIGIT",
        aliases="中国科学院重庆绿色智能技术研究院",
    )
    institute.industries.add(industries["software"])
    return organization, institute


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Chang'an Automobile", "Chongqing Institute of Green Intelligent Technology"]),
        ("?kind=enterprise", ["Chang'an Automobile"]),
        ("?kind=research-institute", ["Chongqing Institute of Green Intelligent Technology"]),
        (
            "?industry=software-it-services",
            ["Chongqing Institute of Green Intelligent Technology"],
        ),
        ("?park=lijia-intelligent-park", ["Chang'an Automobile"]),
        ("?q=changan", ["Chang'an Automobile"]),
        ("?q=长安", ["Chang'an Automobile"]),
        ("?q=cigit", ["Chongqing Institute of Green Intelligent Technology"]),
        ("?q=绿色智能", ["Chongqing Institute of Green Intelligent Technology"]),
        ("?q=chongqing&kind=enterprise", []),
        ("?kind=university", []),
    ],
)
def test_finder_filters_by_kind_industry_park_and_names(client, finder, query, expected):
    response = client.get(f"/en/organizations/{query}")
    assert response.status_code == 200
    assert _names(response) == expected


@pytest.mark.parametrize(
    "query",
    ["?kind=spaceship", "?industry=no-such-industry", "?park=atlantis"],
)
def test_finder_explains_a_filter_it_does_not_understand(client, finder, query):
    response = client.get(f"/en/organizations/{query}")
    assert response.status_code == 400
    assert _names(response) == []
    assert "Some filters were not understood" in response.content.decode()


def test_each_facet_shows_its_count(client, finder):
    html = client.get("/en/organizations/").content.decode()
    assert '<a href="?kind=enterprise">Enterprise</a> <span class="count">1</span>' in html
    assert (
        '<a href="?industry=automobile-manufacturing">Automobile manufacturing</a> '
        '<span class="count">1</span>' in html
    )
    assert (
        '<a href="?park=lijia-intelligent-park">Lijia Intelligent Park</a> '
        '<span class="count">1</span>' in html
    )


def test_facet_counts_follow_the_other_filters(client, finder):
    response = client.get("/en/organizations/?kind=research-institute")
    facets = {facet["name"]: facet for facet in response.context["facets"]}
    industries = {o["label"]: o["count"] for o in facets["industry"]["options"]}
    assert industries == {"Software and information technology services": 1}
    # The kind facet itself still offers the other kinds, with their counts.
    kinds = {o["label"]: (o["count"], o["selected"]) for o in facets["kind"]["options"]}
    assert kinds == {"Enterprise": (1, False), "Research institute": (1, True)}


def test_filtered_finder_pages_are_not_indexed(client, finder):
    assert b'content="noindex, follow"' in client.get("/en/organizations/?kind=enterprise").content
    assert b'content="noindex' not in client.get("/en/organizations/").content


def test_finder_is_paginated_and_keeps_its_filters(client, many_organizations):
    response = client.get("/en/organizations/?park=lijia-intelligent-park")
    html = response.content.decode()
    assert len(response.context["organizations"]) == 20
    assert response.context["paginator"].count == 100
    assert 'href="?park=lijia-intelligent-park&amp;page=2"' in html
    second = client.get("/en/organizations/?park=lijia-intelligent-park&page=2")
    assert _names(second)[0] != _names(response)[0]


def test_finder_runs_a_bounded_number_of_queries(
    client, many_organizations, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        assert client.get("/en/organizations/").status_code == 200
    with django_assert_max_num_queries(14):
        response = client.get(
            "/en/organizations/?kind=enterprise&industry=automobile-manufacturing"
            "&park=lijia-intelligent-park&q=organisation&page=1"
        )
        assert response.status_code == 200
