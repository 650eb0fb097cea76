"""create_employer_hr and purge_expired_applications."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from recruitment.models import Application, AuditLog, Campaign, Candidate, EmployerProfile

from .conftest import make_application, stored_names

pytestmark = pytest.mark.django_db


def run(*args, **kwargs):
    out = io.StringIO()
    call_command(*args, stdout=out, **kwargs)
    return out.getvalue()


def test_create_employer_hr_links_a_staff_user_to_the_organisation(employers):
    output = run(
        "create_employer_hr",
        "--organization",
        "boe",
        "--username",
        "boe-hr",
        "--email",
        "hr@boe.example.com",
        "--password",
        "a-long-enough-password-9",
    )

    user = get_user_model().objects.get(username="boe-hr")
    assert "Created Employer HR user “boe-hr” for BOE." in output
    assert user.is_staff and not user.is_superuser
    assert user.groups.filter(name="Employer HR").exists()
    assert EmployerProfile.objects.get(user=user).organization.slug == "boe"
    assert user.check_password("a-long-enough-password-9")


def test_create_employer_hr_prompts_for_the_password(employers, monkeypatch):
    answers = iter(["a-long-enough-password-9", "a-long-enough-password-9"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))

    run("create_employer_hr", "--organization", "boe", "--username", "hr2", "--email", "a@b.cn")

    assert get_user_model().objects.get(username="hr2").check_password("a-long-enough-password-9")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--organization", "nowhere"], "No organisation with the slug “nowhere”"),
        (["--username", "recruiter"], "A user named “recruiter” already exists"),
        (["--password", "short"], "This password is too short"),
        (["--email", "not-an-address"], "is not an email address"),
    ],
)
def test_create_employer_hr_explains_what_is_wrong(employers, recruiter, arguments, message):
    defaults = {
        "--organization": "boe",
        "--username": "new-hr",
        "--email": "hr@example.com",
        "--password": "a-long-enough-password-9",
    }
    defaults.update(dict(zip(arguments[::2], arguments[1::2], strict=True)))

    with pytest.raises(CommandError, match=message):
        run("create_employer_hr", *[part for pair in defaults.items() for part in pair])

    assert not get_user_model().objects.filter(username="new-hr").exists()


@pytest.fixture
def expired_campaign(employers, jobs):
    now = timezone.now()
    campaign = Campaign.objects.create(
        title="Spring livestream",
        slug="spring",
        opens_at=now - datetime.timedelta(days=300),
        closes_at=now - datetime.timedelta(days=200),
    )
    campaign.jobs.set(jobs.values())
    return campaign


def test_the_dry_run_reports_and_changes_nothing(expired_campaign, jobs):
    for _n in range(3):
        make_application(expired_campaign, jobs["battery-engineer"])

    output = run("purge_expired_applications", "--dry-run")

    assert "Would erase 3 application(s)" in output and "Spring livestream: 3" in output
    assert Application.objects.filter(erased_at__isnull=True).count() == 3


def test_the_purge_erases_expired_applications_and_their_files(
    expired_campaign, campaign, jobs, isolated_storage, django_capture_on_commit_callbacks
):
    expired = make_application(expired_campaign, jobs["battery-engineer"], full_name="Old One")
    hired = make_application(expired_campaign, jobs["battery-engineer"], stage="hired")
    current = make_application(campaign, jobs["battery-engineer"])
    expired_file = expired.resume.name
    assert expired_file in stored_names(isolated_storage)

    with django_capture_on_commit_callbacks(execute=True):
        output = run("purge_expired_applications")

    expired.refresh_from_db()
    assert "Erased 1 application(s)." in output
    assert expired.erased_at is not None
    assert (expired.full_name, expired.email, expired.phone, expired.resume.name) == (
        "",
        "",
        "",
        "",
    )
    assert expired.candidate is None and expired.stage == "received"
    assert not Candidate.objects.filter(email="old.one@example.com").exists()
    assert expired_file not in stored_names(isolated_storage)
    assert {hired.resume.name, current.resume.name} <= stored_names(isolated_storage)
    hired.refresh_from_db()
    current.refresh_from_db()
    assert hired.erased_at is None and current.erased_at is None
    assert AuditLog.objects.filter(action="purge").exists()
    assert "Would erase 0" in run("purge_expired_applications", "--dry-run")


def test_the_retention_period_is_configurable(expired_campaign, jobs, settings):
    make_application(expired_campaign, jobs["battery-engineer"])
    settings.APPLICATION_RETENTION_DAYS = 365

    assert "Would erase 0" in run("purge_expired_applications", "--dry-run")
    assert "Would erase 1" in run("purge_expired_applications", "--dry-run", "--days", "100")


def test_a_negative_retention_is_refused():
    with pytest.raises(CommandError, match="zero or more"):
        run("purge_expired_applications", "--days", "-1")


def test_the_purge_runs_as_a_task(expired_campaign, jobs):
    from recruitment.tasks import purge_expired_applications

    application = make_application(expired_campaign, jobs["battery-engineer"])

    purge_expired_applications.enqueue()

    application.refresh_from_db()
    assert application.erased_at is not None
