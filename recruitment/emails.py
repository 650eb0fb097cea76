"""Emails to candidates from the back office: stage emails and interview invitations."""

import string
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone

from portal.languages import site_language

from . import ical
from .models import Application, EmailTemplate, Interview

PLACEHOLDERS = ("name", "reference", "campaign", "job", "stage", "status_url")


class _SafeDict(dict):
    """Unknown placeholders stay as typed, so a typo in a template never breaks a send."""

    def __missing__(self, key):
        return "{" + key + "}"


class _SafeFormatter(string.Formatter):
    """Only plain `{name}`: no attribute access or indexing from an editable template."""

    def get_field(self, field_name, args, kwargs):
        if not field_name.isidentifier():
            return "{" + field_name + "}", field_name
        return kwargs[field_name], field_name

    def format_field(self, value, format_spec):
        return str(value)


def render_text(text: str, context: dict) -> str:
    try:
        return _SafeFormatter().vformat(text, (), _SafeDict(context))
    except (ValueError, IndexError):
        return text  # a stray brace: send the text as written rather than nothing


def status_url(application: Application) -> str:
    return settings.SITE_URL + reverse(
        "recruitment:application-status", args=[application.status_token]
    )


def candidate_language(application: Application) -> str:
    """The language the candidate applied in."""
    return site_language(application.language)


def context_for(application: Application) -> dict:
    return {
        "name": application.full_name,
        "reference": application.reference,
        "campaign": application.campaign.title,
        "job": application.job.title if application.job else "",
        "stage": Application.Stage(application.stage).label,
        "status_url": status_url(application),
    }


def stage_email(application: Application, stage: str) -> EmailMessage | None:
    """The email for `stage` in the candidate's language (English when none is recorded)."""
    language = candidate_language(application)
    templates = {t.language: t for t in EmailTemplate.objects.filter(stage=stage, active=True)}
    template = templates.get(language) or templates.get("en")
    if template is None:
        return None
    context = context_for(application)
    subject = " ".join(render_text(template.subject, context).splitlines())
    return EmailMessage(subject, render_text(template.body, context), None, [application.email])


def interview_ics(interview: Interview, *, now=None) -> str:
    """The interview as an iCalendar invitation (text/calendar, METHOD:REQUEST)."""
    application = interview.application
    summary = f"Interview: {application.job.title if application.job else application.campaign}"
    ends = interview.starts_at + timedelta(minutes=interview.duration_minutes)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Liangjiang Portal//Back office//EN",
        "METHOD:REQUEST",
        "CALSCALE:GREGORIAN",
        "BEGIN:VEVENT",
        f"UID:{interview.uid}@liangjiang-portal",
        f"DTSTAMP:{ical.utc(now or timezone.now())}",
        f"DTSTART:{ical.utc(interview.starts_at)}",
        f"DTEND:{ical.utc(ends)}",
        f"SUMMARY:{ical.text(summary)}",
        f"LOCATION:{ical.text(interview.location)}",
        f"DESCRIPTION:{ical.text(f'{application.reference} {interview.link}'.strip())}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ical.calendar(lines)


def interview_email(interview: Interview) -> EmailMessage:
    application = interview.application
    context = context_for(application)
    local = timezone.localtime(interview.starts_at)
    context.update(
        {
            "when": f"{local:%Y-%m-%d %H:%M} ({timezone.get_current_timezone_name()})",
            "where": interview.location,
        }
    )
    subject = f"Interview invitation / 面试邀请 {application.reference}"
    body = render_text(
        "Dear {name},\n\nyou are invited to an interview for {job} ({campaign}).\n"
        "When: {when}\nWhere: {where}\n\nThe invitation is attached; your application: "
        "{status_url}\n\n"
        "{name}，您好：\n诚邀您参加 {job}（{campaign}）的面试。\n时间：{when}\n地点：{where}\n",
        context,
    )
    message = EmailMessage(subject, body, None, [application.email])
    message.attach("interview.ics", interview_ics(interview), "text/calendar; method=REQUEST")
    return message
