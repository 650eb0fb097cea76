"""Every filter and page number, public and staff, with extreme values: never a 500.

Hypothesis sends huge and negative numbers, dates at the years 1 and 9999 with odd
offsets, very long strings, any Unicode (but NUL, which the middleware refuses) and
empty values to each list's declared parameters. Whatever the value, the answer is
the list or a 4xx; an exception or a 5xx is a failure, shown with its example.
"""

from datetime import timedelta

import hypothesis
import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, example, given
from hypothesis import strategies as st
from rest_framework.test import APIClient

from articles.models import Article, Section, Tag
from portal.models import Industry, Organization, Park, SupportProgramme
from recruitment.models import Campaign, Job, TalentProgramme
from tests.recruitment.backoffice.conftest import make_application

pytestmark = pytest.mark.django_db

PROPERTIES = hypothesis.settings(
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# --- Extreme values ---------------------------------------------------------------

NUMBERS = st.one_of(
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from(
        [
            "99999999999999999999",
            str(2**63),
            str(2**63 - 1),
            str(2**62),
            str(-(2**63) - 1),
            "-1",
            "0",
            "-0",
            "1e400",
            "1.5",
            "nan",
            "inf",
            "last",
            "٣",  # an Arabic-Indic digit: int() reads it
            "9" * 5000,  # past the digits int() converts
        ]
    ),
)
OFFSETS = st.sampled_from(
    ["", "Z", "+00:00", "+14:00", "-12:00", "+23:59", "-23:59", "+05:45", "+99:99", "-00:01"]
)
DATES = st.one_of(
    st.sampled_from(
        [
            "0001-01-01",
            "0001-01-02",
            "9999-12-30",
            "9999-12-31",
            "0000-01-01",
            "10000-01-01",
            "2024-02-30",
            "9999-13-01",
        ]
    ),
    st.builds(
        "{:04d}-{:02d}-{:02d}".format,
        st.integers(0, 99999),
        st.integers(0, 13),
        st.integers(0, 32),
    ),
)
TIMES = st.one_of(
    st.sampled_from(["00:00:00", "23:59:59", "24:00:00", "23:59:59.999999", "00:00"]),
    st.builds("{:02d}:{:02d}:{:02d}".format, *[st.integers(0, 99)] * 3),
)
DATETIMES = st.builds("{}T{}{}".format, DATES, TIMES, OFFSETS)
TEXT = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=40)
LONG_TEXT = st.builds(
    lambda char, n: char * n,
    st.sampled_from(["a", "长", "-", "%", "\u202e"]),
    st.integers(300, 3000),
)
VALUES = st.one_of(NUMBERS, DATES, DATETIMES, TEXT, LONG_TEXT, st.just(""))

PAGE_PARAMETERS = {"page", "p", "page_size"}
DATE_PARAMETERS = {
    "published_after",
    "published_before",
    "received_after",
    "received_before",
    "created_at__gte",
    "created_at__lt",
    "at__gte",
    "at__lt",
}


def values_for(name):
    """Any extreme value, more often those a parameter of its kind is likely to choke on."""
    if name in PAGE_PARAMETERS:
        return st.one_of(NUMBERS, VALUES)
    if name in DATE_PARAMETERS:
        return st.one_of(DATETIMES, DATES, VALUES)
    return VALUES


def queries(names):
    """Query strings giving some of `names` an extreme value each."""
    return st.fixed_dictionaries({}, optional={name: values_for(name) for name in names})


def requests(lists):
    """(path, query) of one of `lists`, a (path, parameter names) each."""
    return st.sampled_from(lists).flatmap(
        lambda pair: st.tuples(st.just(pair[0]), queries(pair[1]))
    )


# Tried every time, each alone, before the examples Hypothesis makes up.
PAGE_EDGES = [
    "99999999999999999999",
    str(2**63),
    str(2**63 - 1),
    "-99999999999999999999",
    "0",
    "1e400",
    "9" * 5000,
]
DATE_EDGES = [
    "0001-01-01",
    "9999-12-31",
    "0001-01-01T00:00:00",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59",
    "9999-12-31T23:59:59-12:00",
    "2000-01-01T00:00:00+23:59",
    "10000-01-01",
]


def with_edges(lists):
    """Hypothesis's `@example` of each page and date parameter of `lists` at each edge."""

    def decorate(test):
        for path, names in lists:
            for name in names:
                edges = PAGE_EDGES if name in PAGE_PARAMETERS else ()
                edges = DATE_EDGES if name in DATE_PARAMETERS else edges
                for value in edges:
                    test = example(asked=(path, {name: value}))(test)
        return test

    return decorate


# --- What is asked ----------------------------------------------------------------

ARTICLE_FILTERS = (
    "section",
    "tag",
    "language",
    "organization",
    "park",
    "published_after",
    "published_before",
    "q",
    "page",
)
ORGANIZATION_FILTERS = ("q", "kind", "industry", "park", "page")
JOB_FILTERS = ("organization", "campaign", "city", "page")

PUBLIC_LISTS = [
    ("/en/news/", ARTICLE_FILTERS),
    ("/en/news/section/news/", ARTICLE_FILTERS),
    ("/en/search/", ("q", "page")),
    ("/en/organizations/", ORGANIZATION_FILTERS),
    ("/en/parks/", ("kind", "industry", "page")),
    ("/en/jobs/", JOB_FILTERS),
    ("/en/timeline/", ("page",)),
    ("/en/programmes/", ("page",)),
    ("/en/talent/", ("page",)),
    ("/feeds/news/", ("page",)),
    ("/feeds/news/news/atom/", ("page",)),
    ("/sitemap.xml", ("p",)),
    ("/sitemap-news.xml", ("p",)),
    ("/api/v1/articles/", ARTICLE_FILTERS),
    ("/api/v1/sections/", ("page",)),
    ("/api/v1/parks/", ("kind", "industry", "page")),
    ("/api/v1/organizations/", ORGANIZATION_FILTERS),
    ("/api/v1/industries/", ("scheme", "parent", "page")),
    ("/api/v1/support-programmes/", ("kind", "page")),
    ("/api/v1/jobs/", JOB_FILTERS),
    ("/api/v1/campaigns/", ("status", "page")),
    ("/api/v1/talent-programmes/", ("page",)),
]

STAFF_API = "/api/v1/staff/applications/"
APPLICATIONS_ADMIN = "/admin/recruitment/application/"
AUDIT_LOG_ADMIN = "/admin/recruitment/auditlog/"
STAFF_FILTERS = (
    "campaign",
    "job",
    "organization",
    "stage",
    "source",
    "city",
    "education",
    "q",
    "page",
    "page_size",
    "ordering",
)
STAFF_LISTS = [
    (STAFF_API, STAFF_FILTERS),
    (STAFF_API + "export/", (*STAFF_FILTERS, "type")),
    (
        APPLICATIONS_ADMIN,
        ("campaign", "job", "organization", "stage__exact", "source", "city")
        + ("education__exact", "q", "o", "p"),
    ),
    (AUDIT_LOG_ADMIN, ("action__exact", "q", "o", "p")),
]
# The staff lists' date filters, apart: a date at the end of the range is still a 500
# there (received_before=9999-12-31, created_at__gte=0001-01-01 on SQLite...).
STAFF_DATE_LISTS = [
    (STAFF_API, ("received_after", "received_before")),
    (APPLICATIONS_ADMIN, ("created_at__gte", "created_at__lt")),
    (AUDIT_LOG_ADMIN, ("at__gte", "at__lt")),
]


# --- A little of everything -------------------------------------------------------


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def site(db):
    now = timezone.now()
    section = Section.objects.create(name="News", slug="news")
    park = Park.objects.create(name="Lijia", slug="lijia", kind=Park.Kind.INNOVATION_PLATFORM)
    industry = Industry.objects.create(
        scheme=Industry.Scheme.GBT4754_DIVISION, code="36", name="Cars", slug="cars"
    )
    changan = Organization.objects.create(
        name="Chang'an", slug="changan", kind=Organization.Kind.ENTERPRISE, park=park
    )
    changan.industries.add(industry)
    article = Article.objects.create(
        title="Liangjiang news",
        slug="liangjiang-news",
        standfirst="Liangjiang grows.",
        body_markdown="Body.",
        section=section,
        status=Article.Status.PUBLISHED,
        publish_at=now - timedelta(hours=1),
    )
    article.tags.add(Tag.objects.create(name="Cars", slug="cars"))
    article.organizations.add(changan)
    SupportProgramme.objects.create(
        name="Loans", slug="loans", kind=SupportProgramme.Kind.LOAN, summary="Loans."
    )
    TalentProgramme.objects.create(name="Hongyan", slug="hongyan", summary="Talent.")
    campaign = Campaign.objects.create(
        title="Livestream",
        slug="live",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=30),
    )
    job = Job.objects.create(
        organization=changan, title="Engineer", slug="engineer", city="Chongqing"
    )
    campaign.jobs.add(job)
    make_application(campaign, job, city="Chongqing", source="qr")
    return campaign


def ask(client, path, query):
    """The answer's status. On PostgreSQL a failed statement would spoil the test's
    transaction for every later example: each request runs in a savepoint."""
    with transaction.atomic():
        return client.get(path, query).status_code


@pytest.fixture
def staff_client(site, recruiter):
    client = APIClient()
    client.force_login(recruiter)
    return client


# --- The properties ---------------------------------------------------------------


@with_edges(PUBLIC_LISTS)
@hypothesis.settings(PROPERTIES, max_examples=300)
@given(asked=requests(PUBLIC_LISTS))
def test_public_lists_never_answer_a_server_error(site, asked):
    path, query = asked
    assert ask(APIClient(), path, query) < 500


@with_edges(STAFF_LISTS)
@hypothesis.settings(PROPERTIES, max_examples=150)
@given(asked=requests(STAFF_LISTS))
def test_staff_lists_never_answer_a_server_error(staff_client, asked):
    path, query = asked
    assert ask(staff_client, path, query) < 500


@with_edges(STAFF_DATE_LISTS)
@hypothesis.settings(PROPERTIES, max_examples=50)
@given(asked=requests(STAFF_DATE_LISTS))
def test_staff_date_filters_never_answer_a_server_error(staff_client, asked):
    path, query = asked
    assert ask(staff_client, path, query) < 500
