"""Assisted screening: each résumé matched against its job's stated requirements, with reasons."""

import io

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from recruitment.models import Application, EducationLevel, Job, Skill
from recruitment.screening import find_skill
from recruitment.tasks import process_new_applications, rematch_job

from .conftest import application_data, document_xml, docx_bytes, pdf_bytes, upload

pytestmark = pytest.mark.django_db

API = "/api/v1/campaigns/liangjiang-live/applications/"
STAFF = "/api/v1/staff/applications/"


@pytest.fixture
def skills(db):
    return {
        name: Skill.objects.create(name=name, name_zh=zh, synonyms=synonyms)
        for name, zh, synonyms in [
            ("battery management system", "电池管理系统", "BMS"),
            ("machine learning", "机器学习", "ML"),
            ("embedded", "嵌入式", "embedded systems"),
            ("PLC", "", "programmable logic controller"),
            ("AMOLED", "", "OLED"),
        ]
    }


@pytest.fixture
def battery_job(campaign, skills):
    job = Job.objects.get(slug="battery-engineer")
    job.must_have.set([skills["battery management system"], skills["embedded"]])
    job.nice_to_have.set([skills["machine learning"], skills["PLC"]])
    job.education = EducationLevel.BACHELOR
    job.experience_years = 3
    job.city_en, job.city_zh_hans = "Chongqing", "重庆"
    job.save()
    return job


@pytest.fixture
def display_job(campaign, skills):
    job = Job.objects.get(slug="display-engineer")
    job.must_have.set([skills["AMOLED"]])
    return job


def apply_and_process(client, text: str, **fields):
    # Word for Chinese: the test PDFs carry Latin text only.
    if text.isascii():
        resume = upload("cv.pdf", pdf_bytes(text))
    else:
        resume = upload("cv.docx", docx_bytes(document_xml(text)))
    response = client.post(API, application_data(resume=resume, **fields))
    assert response.status_code == 201, response.content
    process_new_applications.call()
    return Application.objects.get(reference=response.json()["reference"])


def staff_item(recruiter, application):
    api = APIClient()
    api.force_authenticate(recruiter)
    return api.get(f"{STAFF}{application.reference}/").json()


def test_a_resume_meeting_every_requirement_scores_high_with_its_reasons(
    client, battery_job, recruiter
):
    application = apply_and_process(
        client,
        "Li Na - 5 years on battery management system firmware (embedded C), some ML",
        job="battery-engineer",
        education="master",
        years_experience="5",
        city="Chongqing",
    )

    match = staff_item(recruiter, application)["match"]
    assert match["score"] == 70 + 10 + 10  # both must-haves, one nice-to-have of two
    assert sorted(match["matched"]) == [
        "battery management system",
        "embedded",
        "machine learning",
    ]
    assert match["missing"] == ["PLC"]
    assert match["meets_requirements"] is True
    snippets = {item["term"]: item["snippet"] for item in application.match["matched"]}
    assert "battery management system firmware" in snippets["battery management system"]


def test_synonyms_and_the_other_language_count(client, battery_job, recruiter):
    application = apply_and_process(
        client,
        "李娜 BMS 开发，嵌入式软件，机器学习工程师",
        job="battery-engineer",
        education="bachelor",
        years_experience="3",
        city="重庆市",
    )

    match = staff_item(recruiter, application)["match"]
    assert sorted(match["matched"]) == [
        "battery management system",
        "embedded",
        "machine learning",
    ]
    assert match["meets_requirements"] is True


def test_a_skill_the_resume_denies_is_missing(client, battery_job, recruiter):
    application = apply_and_process(
        client,
        "Battery management system design. No experience in embedded work. 不熟悉 PLC。",
        job="battery-engineer",
    )

    match = staff_item(recruiter, application)["match"]
    assert "embedded" in match["missing"] and "PLC" in match["missing"]
    assert match["meets_requirements"] is False
    assert application.meets_must_haves is False


def test_writing_a_skill_fifty_times_gains_nothing(client, battery_job):
    once = apply_and_process(client, "embedded", job="battery-engineer", email="a@example.com")
    stuffed = apply_and_process(
        client, "embedded " * 50, job="battery-engineer", email="b@example.com"
    )

    assert once.match_score == stuffed.match_score


def test_requirements_come_from_the_form_never_guessed(client, battery_job):
    application = apply_and_process(
        client,
        "Battery management system, embedded. Master's degree, 10 years, Chongqing.",
        job="battery-engineer",
    )  # the form left education, experience and city empty

    assert application.match["meets"] == {
        "education": False,
        "experience": False,
        "city": False,
    }
    assert application.match_score == 70


def test_without_a_job_the_best_job_of_the_campaign_is_suggested(
    client, battery_job, display_job, recruiter
):
    application = apply_and_process(client, "AMOLED process engineer, OLED yield")

    assert application.job is None
    assert staff_item(recruiter, application)["match"]["suggested_job"] == "display-engineer"


def test_a_word_resume_is_matched_too(client, battery_job):
    resume = upload("cv.docx", docx_bytes(document_xml("嵌入式 电池管理系统 工程师")))
    response = client.post(API, application_data(resume=resume, job="battery-engineer"))
    process_new_applications.call()

    application = Application.objects.get(reference=response.json()["reference"])
    assert application.meets_must_haves is True


def test_changed_requirements_are_matched_again_by_the_task(client, battery_job, skills):
    application = apply_and_process(
        client, "OLED panels, battery management system", job="battery-engineer"
    )
    assert application.meets_must_haves is False  # "embedded" is missing

    battery_job.must_have.set([skills["battery management system"]])
    assert rematch_job.call(job_id=battery_job.pk) == "1 matched"

    application.refresh_from_db()
    assert application.meets_must_haves is True


def test_the_staff_api_orders_by_match_and_filters_by_it(client, battery_job, recruiter):
    weak = apply_and_process(client, "nothing relevant", job="battery-engineer", email="w@e.com")
    strong = apply_and_process(
        client, "BMS and embedded systems", job="battery-engineer", email="s@e.com"
    )
    api = APIClient()
    api.force_authenticate(recruiter)

    ordered = api.get(STAFF, {"job": "battery-engineer", "ordering": "-match_score"}).json()
    meeting = api.get(STAFF, {"meets_must_haves": "true"}).json()
    bad = api.get(STAFF, {"ordering": "score"})

    assert [row["reference"] for row in ordered["results"]] == [
        strong.reference,
        weak.reference,
    ]
    assert [row["reference"] for row in meeting["results"]] == [strong.reference]
    assert bad.status_code == 400 and "ordering" in bad.json()


def test_the_job_api_states_its_requirements(client, battery_job):
    requirements = client.get("/api/v1/jobs/battery-engineer/").json()["requirements"]

    assert [term["term"] for term in requirements["must"]] == [
        "battery management system",
        "embedded",
    ]
    assert "电池管理系统" in requirements["must"][0]["synonyms"]
    assert requirements["education"] == "bachelor"
    assert requirements["years_experience"] == 3


def test_the_demo_jobs_have_realistic_requirements():
    call_command("loaddemo", stdout=io.StringIO())

    for job in Job.objects.filter(campaigns__isnull=False).distinct():
        assert job.must_have.exists(), job.slug
    assert Skill.objects.get(name="machine learning").name_zh == "机器学习"


def test_the_change_page_shows_the_checklist_with_the_words_marked(client, battery_job, recruiter):
    application = apply_and_process(
        client, "Five years of BMS firmware on battery packs", job="battery-engineer"
    )
    client.force_login(recruiter)

    page = client.get(f"/admin/recruitment/application/{application.pk}/change/").content.decode()

    assert "Screening: 35 of 100" in page  # one must-have of two, no answers on the form
    assert "<mark>BMS</mark> firmware" in page
    assert "✗ embedded" in page


def test_the_changelist_orders_by_match_and_filters_the_must_haves(client, battery_job, recruiter):
    weak = apply_and_process(client, "nothing relevant", job="battery-engineer", email="w@e.com")
    strong = apply_and_process(
        client, "BMS and embedded systems", job="battery-engineer", email="s@e.com"
    )
    client.force_login(recruiter)
    changelist = "/admin/recruitment/application/"

    ordered = client.get(changelist, {"o": "-6"}).content.decode()
    meeting = client.get(changelist, {"meets_must_haves": "true"}).content.decode()

    assert ordered.index(strong.reference) < ordered.index(weak.reference)
    assert strong.reference in meeting and weak.reference not in meeting


def test_saving_a_jobs_requirements_in_the_admin_matches_its_applications_again(
    client, battery_job, skills, recruiter, django_capture_on_commit_callbacks
):
    application = apply_and_process(client, "OLED and BMS", job="battery-engineer")
    assert application.meets_must_haves is False
    client.force_login(recruiter)
    form = client.get(f"/admin/recruitment/job/{battery_job.pk}/change/").context["adminform"].form
    data = {
        key: value
        for key, value in form.initial.items()
        if value is not None and not isinstance(value, list)
    }
    data.update(
        organization=battery_job.organization_id,
        must_have=[skills["battery management system"].pk],
        nice_to_have=[],
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/recruitment/job/{battery_job.pk}/change/", data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    application.refresh_from_db()
    assert application.meets_must_haves is True


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_status_page_says_how_screening_works_and_offers_a_person(
    client, battery_job, recruiter, language
):
    application = apply_and_process(client, "BMS", job="battery-engineer")
    url = f"/{language}/applications/{application.status_token}/"

    page = client.get(url).content.decode()
    answer = client.post(url, {"action": "request_review"}, follow=True)
    again = client.post(url, {"action": "request_review"})

    assert ("keyword matching" if language == "en" else "关键词匹配") in page
    assert answer.status_code == 200 and again.status_code == 302
    application.refresh_from_db()
    asked_at = application.review_requested_at
    assert asked_at is not None
    assert ("asked for a review by a person" if language == "en" else "人工") in (
        answer.content.decode()
    )
    application.refresh_from_db()
    assert application.review_requested_at == asked_at  # recorded once
    client.force_login(recruiter)
    flagged = client.get("/admin/recruitment/application/", {"review_requested": "yes"})
    assert application.reference in flagged.content.decode()
    change = client.get(f"/admin/recruitment/application/{application.pk}/change/")
    assert "asked on" in change.content.decode()
    assert staff_item(recruiter, application)["review_requested_at"]
    assert application.stage == Application.Stage.RECEIVED  # nothing moved by itself


@pytest.mark.parametrize(
    "term, text, found",
    [
        ("C++", "Perception in modern C++17 on Linux", True),
        ("C++", "not only C++ but also Python", True),
        ("battery pack", "Validated BMS boards on battery packs", True),
        ("CV", "Send your CVs to hr@example.com", False),
        ("PLC", "Programmed PLCs", True),
        ("IC载板", "负责IC载板QC", True),
        ("自动驾驶", "在无锡负责自动驾驶感知，无人驾驶平台", True),
        ("传感器融合", "面向未来的多传感器融合平台", True),
        ("传感器融合", "熟悉C++，对传感器融合不熟悉。", False),
        ("PLC", "没有PLC经验", False),
        ("embedded", "No experience in embedded work.", False),
    ],
)
def test_words_are_found_whole_and_denials_are_read_in_both_languages(term, text, found):
    assert (find_skill(Skill(name=term), text) is not None) is found


def test_a_rematch_stores_the_suggested_job_of_an_application_without_one(
    client, battery_job, display_job, skills
):
    application = apply_and_process(
        client,
        "OLED panels, battery management system",
        education="master",
        years_experience="5",
        city="Chongqing",
    )
    assert application.suggested_job == display_job

    battery_job.must_have.set([skills["battery management system"]])
    battery_job.nice_to_have.set([])
    assert rematch_job.call(job_id=battery_job.pk) == "1 matched"

    application.refresh_from_db()
    assert application.suggested_job == battery_job
    assert application.meets_must_haves is True
    assert application.match["matched"][0]["term"] == "battery management system"
    assert application.match_score == 100  # a tie with the display job: the first job wins


def test_a_recruiter_shortlists_the_best_matches_of_a_job_in_their_name(
    client, battery_job, recruiter
):
    scored = [
        apply_and_process(client, text, job="battery-engineer", email=f"{n}@example.com")
        for n, text in enumerate(["nothing", "BMS", "BMS and embedded", "BMS, embedded, ML"])
    ]
    Application.objects.update(stage=Application.Stage.SCREENING)
    client.force_login(recruiter)
    changelist = "/admin/recruitment/application/"
    chosen = {"action": "shortlist_best_matches", "_selected_action": [a.pk for a in scored]}

    asked = client.post(changelist, chosen)
    refused = client.post(changelist, {**chosen, "apply": "1", "count": "0"})
    done = client.post(changelist, {**chosen, "apply": "1", "count": "2"}, follow=True)

    assert "How many" in asked.content.decode()
    assert "greater than or equal to 1" in refused.content.decode()
    assert "2 applications moved to “Shortlisted”" in done.content.decode()
    shortlisted = set(
        Application.objects.filter(stage=Application.Stage.SHORTLISTED).values_list(
            "pk", flat=True
        )
    )
    assert shortlisted == {scored[3].pk, scored[2].pk}
    change = scored[3].stage_changes.latest("changed_at")
    assert change.changed_by == recruiter  # a person's action, on the record
