"""The back office's pages cost a fixed number of queries, however many applications."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from recruitment.models import Application, Candidate

from .conftest import make_application

pytestmark = pytest.mark.django_db

CITIES = ["Chongqing", "Chengdu", "Xi'an", "Wuhan"]
SOURCES = ["livestream", "qr", "partner"]
EDUCATION = ["bachelor", "master", "doctorate"]


def load(campaign, jobs, count, start=0):
    """`count` applications in bulk, as the intake would have stored them."""
    now = timezone.now()
    jobs = list(jobs.values())
    candidates = Candidate.objects.bulk_create(
        Candidate(email=f"bulk{n}@example.com", full_name=f"Bulk Candidate {n}")
        for n in range(start, start + count)
    )
    applications = Application.objects.bulk_create(
        Application(
            campaign=campaign,
            candidate=candidate,
            job=jobs[n % len(jobs)],
            reference=f"LJ-B{n:03d}-{n:04d}"[:12] if n < 1000 else f"LJ-C{n % 1000:03d}-X{n:03d}",
            status_token=f"bulk-token-{n:06d}-" + "x" * 20,
            full_name=f"Bulk Candidate {n}",
            email=f"bulk{n}@example.com",
            phone=f"139{n:08d}",
            city=CITIES[n % len(CITIES)],
            source=SOURCES[n % len(SOURCES)],
            education=EDUCATION[n % len(EDUCATION)],
            extracted_text=f"Engineer {n} with battery and display experience",
            stage="received" if n % 5 else "screening",
            consent_version="t",
            consent_sha256="0" * 64,
            consent_at=now,
            share_consent_version="t",
            share_consent_sha256="0" * 64,
            share_consent_at=now,
        )
        for n, candidate in zip(range(start, start + count), candidates, strict=True)
    )
    return applications


def queries(client_call):
    with CaptureQueriesContext(connection) as captured:
        response = client_call()
    assert response.status_code == 200, response
    return len(captured)


def pages(client, api, campaign, application):
    return {
        "changelist": lambda: client.get("/admin/recruitment/application/"),
        "filtered": lambda: client.get(
            "/admin/recruitment/application/",
            {"campaign": campaign.slug, "stage": "received", "city": "Chengdu"},
        ),
        "search": lambda: client.get("/admin/recruitment/application/", {"q": "Candidate"}),
        "reference": lambda: client.get(
            "/admin/recruitment/application/", {"q": application.reference}
        ),
        "change page": lambda: client.get(
            f"/admin/recruitment/application/{application.pk}/change/"
        ),
        "dashboard": lambda: client.get(f"/admin/recruitment/campaign/{campaign.pk}/dashboard/"),
        "api list": lambda: api.get("/api/v1/staff/applications/", {"page_size": 100}),
    }


# Session, user, scope, the filters' choices, one count, one page; the change
# page adds its inlines, reviews, the other applications and the audit entry.
MAX_QUERIES = {
    "changelist": 14,
    "filtered": 14,
    "search": 17,  # in a transaction without parallel plans (PostgreSQL): three more
    "reference": 14,
    "change page": 17,
    "dashboard": 19,  # the counts, the chart's first minute, the first reviews: one transaction
    "api list": 6,
}


@pytest.mark.parametrize("who", ["recruiter", "changan_hr"])
def test_each_page_runs_the_same_few_queries_at_30_and_at_300_applications(
    client, campaign, jobs, request, who, django_assert_max_num_queries
):
    user = request.getfixturevalue(who)
    client.force_login(user)
    api = APIClient()
    api.force_authenticate(user)
    load(campaign, jobs, 30)
    application = make_application(campaign, jobs["battery-engineer"])
    for n in range(3):  # the candidate's other applications and a history, on the change page
        from recruitment.models import Campaign

        other_campaign = Campaign.objects.create(
            title=f"Other {n}",
            slug=f"other-{n}",
            opens_at=campaign.opens_at,
            closes_at=campaign.closes_at,
        )
        make_application(other_campaign, jobs["battery-engineer"], candidate=application.candidate)
    few = {name: queries(call) for name, call in pages(client, api, campaign, application).items()}

    load(campaign, jobs, 270, start=30)
    from django.core.cache import cache

    cache.clear()  # the dashboard and the filter choices are cached
    client.force_login(user)
    for name, call in pages(client, api, campaign, application).items():
        with django_assert_max_num_queries(MAX_QUERIES[name]):
            many = queries(call)
        assert many <= few[name], f"{name}: {few[name]} queries at 30 rows, {many} at 300"


def test_the_changelist_shows_a_page_of_50_with_the_employer_in_one_query(
    client, recruiter, campaign, jobs
):
    load(campaign, jobs, 120)
    client.force_login(recruiter)

    response = client.get("/admin/recruitment/application/")

    assert len(response.context["cl"].result_list) == 50
    assert "Chang&#x27;an Automobile" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("LJ-B007-0007", 1),  # a reference, exactly
        ("lj-b007-0007", 1),
        ("LJB0070007", 1),  # without the dashes
        (" lj b007 0007 ", 1),
        ("bulk7@example.com", 1),  # an email, exactly
        ("BULK7@example.com", 1),
        ("13900000007", 1),  # a phone number, exactly
        ("139 0000 0007", 1),
        ("Bulk Candidate 7", 1),  # words of the name
        ("Engineer 11 with", 1),  # words of the résumé
        ("battery", 20),
        ("nobody-like-this", 0),
        ("%", 0),
        ("_", 0),
    ],
)
def test_the_changelist_search(client, recruiter, campaign, jobs, query, count):
    load(campaign, jobs, 20)
    client.force_login(recruiter)

    response = client.get("/admin/recruitment/application/", {"q": query})

    assert response.context["cl"].result_count == count


def test_sortable_columns_sort(client, recruiter, campaign, jobs):
    load(campaign, jobs, 12)
    client.force_login(recruiter)

    for column in range(1, 9):
        assert client.get("/admin/recruitment/application/", {"o": column}).status_code == 200


def test_deep_pages_show_the_same_rows_as_a_plain_offset(
    client, recruiter, campaign, jobs, monkeypatch
):
    from recruitment import pagination

    load(campaign, jobs, 130)
    client.force_login(recruiter)
    expected = list(
        Application.objects.order_by("-created_at", "-id").values_list("reference", flat=True)[
            50:100
        ]
    )
    monkeypatch.setattr(pagination, "DEFERRED_JOIN_FROM", 10)

    response = client.get("/admin/recruitment/application/", {"p": 2})

    assert [a.reference for a in response.context["cl"].result_list] == expected


def test_the_count_is_capped_on_filtered_lists(client, recruiter, campaign, jobs, monkeypatch):
    from recruitment import pagination

    load(campaign, jobs, 40)
    monkeypatch.setattr(pagination, "COUNT_CAP", 25)
    client.force_login(recruiter)

    response = client.get("/admin/recruitment/application/", {"stage": "received"})

    assert response.context["cl"].result_count == 25


def test_the_list_never_counts_facets(client, recruiter, campaign, jobs):
    load(campaign, jobs, 5)
    client.force_login(recruiter)

    page = client.get("/admin/recruitment/application/", {"_facets": "True"}).content.decode()

    assert "Show counts" not in page


def test_a_large_filtered_result_is_not_counted_on_postgresql(
    client, recruiter, campaign, jobs, monkeypatch
):
    from django.db import connection

    from recruitment import pagination

    if connection.vendor != "postgresql":
        pytest.skip("the planner's estimate is PostgreSQL's")
    load(campaign, jobs, 40)
    monkeypatch.setattr(pagination, "ESTIMATE_ABOVE", 0)
    client.force_login(recruiter)

    with CaptureQueriesContext(connection) as captured:
        response = client.get("/admin/recruitment/application/", {"q": "battery"})

    assert response.status_code == 200
    assert any(q["sql"].startswith("EXPLAIN") for q in captured.captured_queries)
    assert not any("COUNT(*) FROM (SELECT" in q["sql"] for q in captured.captured_queries)


@pytest.mark.parametrize("who", ["recruiter", "changan_hr"])
def test_a_reference_search_is_one_probe_with_no_count(client, request, who, campaign, jobs):
    load(campaign, jobs, 20)
    client.force_login(request.getfixturevalue(who))
    client.get("/admin/recruitment/application/")  # the filters' choices, cached

    with CaptureQueriesContext(connection) as captured:
        response = client.get("/admin/recruitment/application/", {"q": "lj-b007-0007"})

    assert [a.reference for a in response.context["cl"].result_list] == ["LJ-B007-0007"]
    assert not response.context["cl"].has_filters  # nothing to narrow down
    sql = [q["sql"] for q in captured.captured_queries]
    assert not any(q.startswith("EXPLAIN") or "COUNT(" in q for q in sql)
    (lookup,) = [q for q in sql if "recruitment_application" in q and "FROM" in q]
    assert "reference" in lookup and "LIKE" not in lookup and "to_tsvector" not in lookup
    # Session, user, scope (an HR user's permissions too), the lookup.
    assert len(sql) <= 8


def test_the_change_page_costs_the_same_queries_however_much_history_it_shows(
    client, recruiter, admin_user, campaign, jobs, django_assert_max_num_queries
):
    from recruitment.models import Interview, ResumeVersion, Review
    from recruitment.services import application_move

    application = make_application(campaign, jobs["battery-engineer"])
    Interview.objects.create(application=application, starts_at=timezone.now(), place="Hall")
    client.force_login(recruiter)
    url = f"/admin/recruitment/application/{application.pk}/change/"
    client.get(url)  # the first page a process serves also fills per-process caches
    few = queries(lambda: client.get(url))

    for stage in ("screening", "shortlisted", "interview"):
        application_move(application=application, to_stage=stage, by=recruiter, note=stage)
    for reviewer in (recruiter, admin_user):
        Review.objects.create(application=application, reviewer=reviewer, rating=4, note="ok")
    for n in range(3):
        ResumeVersion.objects.create(
            application=application,
            file=f"resumes/v{n}.pdf",
            sha256="0" * 64,
            size=10,
            content_type="application/pdf",
        )
        interview = Interview.objects.create(
            application=application, starts_at=timezone.now(), place=f"Room {n}"
        )
        interview.interviewers.set([recruiter, admin_user])
    for n in range(3):
        make_application(
            __import__("recruitment.models").models.Campaign.objects.create(
                title=f"Earlier {n}",
                slug=f"earlier-{n}",
                opens_at=campaign.opens_at,
                closes_at=campaign.closes_at,
            ),
            jobs["battery-engineer"],
            candidate=application.candidate,
        )

    # Session, user, scope and permissions (5); the application, its reviews, stage
    # history and résumé versions (4); the interviewers to choose from, the
    # interviews and their interviewers (3); the audit entry; the other applications.
    with django_assert_max_num_queries(15):
        many = queries(lambda: client.get(url))
    assert many == few


def test_a_reference_search_keeps_the_filters_already_applied(client, recruiter, campaign, jobs):
    load(campaign, jobs, 20)
    client.force_login(recruiter)

    response = client.get(
        "/admin/recruitment/application/", {"q": "LJ-B007-0007", "stage": "screening"}
    )
    narrowed = client.get(
        "/admin/recruitment/application/", {"q": "LJ-B005-0005", "stage": "screening"}
    )

    assert response.status_code == 200 and response.context["cl"].has_filters
    assert response.context["cl"].result_count == 0  # LJ-B007-0007 is still "received"
    assert [a.reference for a in narrowed.context["cl"].result_list] == ["LJ-B005-0005"]


@pytest.mark.parametrize("door", ["admin", "api"])
def test_a_search_by_name_is_planned_without_parallel_workers_on_postgresql(
    client, recruiter, campaign, jobs, door
):
    # A parallel walk of the ordering index, parsing each résumé it passes, looked
    # cheaper to the planner than the GIN indexes at a million rows and took seconds.
    if connection.vendor != "postgresql":
        pytest.skip("parallel plans are PostgreSQL's")
    load(campaign, jobs, 20)
    wanted = make_application(campaign, jobs["battery-engineer"], full_name="Huang Lei")
    client.force_login(recruiter)
    api = APIClient()
    api.force_authenticate(recruiter)

    with CaptureQueriesContext(connection) as captured:
        if door == "admin":
            response = client.get("/admin/recruitment/application/", {"q": "Huang Lei"})
            found = wanted.reference in response.content.decode()
        else:
            response = api.get("/api/v1/staff/applications/", {"q": "Huang Lei"})
            found = [row["reference"] for row in response.json()["results"]] == [wanted.reference]

    assert response.status_code == 200 and found
    statements = [q["sql"] for q in captured.captured_queries]
    setting = next(
        n for n, sql in enumerate(statements) if "max_parallel_workers_per_gather = 0" in sql
    )
    rows = next(
        n
        for n, sql in enumerate(statements)
        if sql.startswith('SELECT "recruitment_application"."id"') and "ORDER BY" in sql
    )
    assert setting < rows
