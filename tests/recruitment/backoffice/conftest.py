"""Fixtures of the back-office tests: two employers' applications and their HR users.

Shared by the tests of this folder.
"""

import io
import itertools

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from portal.roles import EMPLOYER_HR
from recruitment.models import (
    Application,
    Candidate,
    EmployerProfile,
    private_storage,
)

from ..conftest import pdf_bytes

_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def refresh_dashboard_counts() -> str:
    """What the task worker does every minute: the dashboards' counts brought up to date
    (PostgreSQL; on SQLite the dashboard counts as it is read, and this says so)."""
    out = io.StringIO()
    call_command("refresh_dashboard_counts", stdout=out)
    return out.getvalue()


def make_application(campaign, job, *, shared=True, resume=True, **fields):
    """An application as the intake stores it, without going through the form."""
    n = next(_numbers)
    email = fields.pop("email", f"candidate{n}@example.com")
    candidate = fields.pop("candidate", None) or Candidate.objects.create(
        email=email, full_name=fields.get("full_name", f"Candidate {n}")
    )
    now = timezone.now()
    application = Application(
        campaign=campaign,
        candidate=candidate,
        job=job,
        full_name=fields.pop("full_name", f"Candidate {n}"),
        email=email,
        phone=fields.pop("phone", f"1380000{n:04d}"),
        consent_version="test",
        consent_sha256="0" * 64,
        consent_at=now,
        share_consent_version="test",
        share_consent_sha256="0" * 64,
        share_consent_at=now if shared else None,
        **fields,
    )
    if resume:
        # Through private_storage(), as the intake does: the tests' storage is in tmp.
        application.resume.name = private_storage().save(
            "resumes/test/resume.pdf", ContentFile(pdf_bytes())
        )
        application.resume_content_type = application.resume_content_type or "application/pdf"
        application.resume_original_name = "resume.pdf"
    application.save()
    return application


@pytest.fixture
def jobs(campaign):
    return {job.slug: job for job in campaign.jobs.all()}


@pytest.fixture
def changan_hr(employer_hr_user, employers):
    EmployerProfile.objects.create(user=employer_hr_user, organization=employers[0])
    return employer_hr_user


@pytest.fixture
def boe_hr(db, django_user_model, employers):
    user = django_user_model.objects.create_user(
        username="boe-hr", password="a-long-test-password", is_staff=True
    )
    user.groups.add(Group.objects.get(name=EMPLOYER_HR))
    EmployerProfile.objects.create(user=user, organization=employers[1])
    return user


@pytest.fixture
def own(campaign, jobs):
    """Shared with Chang'an: its HR may see it."""
    return make_application(
        campaign,
        jobs["battery-engineer"],
        full_name="Wang Fang",
        city="Chongqing",
        source="livestream",
        education="master",
    )


@pytest.fixture
def other(campaign, jobs):
    """An application to BOE: never visible to Chang'an's HR."""
    return make_application(
        campaign,
        jobs["display-engineer"],
        full_name="Zhao Lei",
        city="Chengdu",
        source="partner-boe",
        education="bachelor",
    )


@pytest.fixture
def unshared(campaign, jobs):
    """To Chang'an, but the candidate did not agree to share it with the employer."""
    return make_application(campaign, jobs["battery-engineer"], shared=False, full_name="Sun Li")


def listed(response) -> set[str]:
    """The references on a changelist page (its result rows, not links or the search box)."""
    return {application.reference for application in response.context["cl"].result_list}


@pytest.fixture
def email_templates(db):
    """The default templates of migration 0005 (a transactional test may have flushed them)."""
    import importlib

    from recruitment.models import EmailTemplate

    seed = importlib.import_module(
        "recruitment.migrations.0005_search_indexes_and_default_email_templates"
    )
    for stage, language, subject, body in seed.TEMPLATES:
        EmailTemplate.objects.get_or_create(
            stage=stage, language=language, defaults={"subject": subject, "body": body}
        )


def change_form_data(client, url, **fields):
    """What the admin change form posts as it is, with `fields` filled in."""
    response = client.get(url)
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name, field in management.fields.items():
            data[f"{management.prefix}-{name}"] = management.initial.get(name, field.initial)
        for form in inline.formset.initial_forms:
            for name in form.fields:
                value = form.initial.get(name)
                if value is not None:
                    data[f"{form.prefix}-{name}"] = value
    data.update(fields)
    return data


def stored_names(tmp_path) -> set[str]:
    root = tmp_path / "private"
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}
