"""What an application's change page shows read-only, drawn by its template as tables."""

from django.urls import reverse
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from ..models import (
    Application,
)

OTHER_APPLICATIONS = 20
PREVIEW_CHARS = 20_000


def _preview_text(text):
    return text[:PREVIEW_CHARS] + ("…" if len(text) > PREVIEW_CHARS else "")


def _label(name):
    return Application._meta.get_field(name).verbose_name


def _consent(version, at, sha256):
    return f"{version} {localtime(at):%Y-%m-%d %H:%M} {sha256[:12]}" if at else _("not given")


def _match(application) -> dict | None:
    """The screening's checklist: each requirement, met or not, with where it was found."""
    if application.match is None:
        return None
    skills = [
        {**item, "found": True, "kind_label": KINDS[item["kind"]], "parts": _marked(item)}
        for item in application.match["matched"]
    ] + [
        {**item, "found": False, "kind_label": KINDS[item["kind"]]}
        for item in application.match["missing"]
    ]
    answers = [
        (ANSWERS[name], met) for name, met in application.match["meets"].items() if name in ANSWERS
    ]
    return {
        "score": application.match_score,
        "skills": sorted(skills, key=lambda item: (item["kind"] != "must", not item["found"])),
        "answers": answers,
        "suggested_job": application.suggested_job,
    }


def _marked(item) -> tuple[str, str, str]:
    """The snippet cut around the words found, for the template to mark them."""
    snippet, found = item["snippet"], item.get("found_as", "")
    at = snippet.lower().find(found.lower()) if found else -1
    if at < 0:
        return snippet, "", ""
    return snippet[:at], snippet[at : at + len(found)], snippet[at + len(found) :]


KINDS = {"must": _("must-have"), "nice": _("nice-to-have")}
ANSWERS = {
    "education": _("education meets the job's minimum"),
    "experience": _("years of experience meet the job's minimum"),
    "city": _("city is the job's"),
}


def application_summary(application, viewer) -> dict:
    """Everything the change page shows read-only, for its template to draw as a few tables.

    Reviews, stage history and résumé versions come prefetched with the
    application (ApplicationAdmin.get_object); the candidate's other
    applications are one more query, within what `viewer` may see.
    """
    a = application
    download_url = reverse("resume-download", args=[a.pk])
    resume = bool(a.resume) and not a.quarantined
    others = []
    if a.candidate_id is not None:
        others = list(
            Application.objects.visible_to(viewer)
            .filter(candidate_id=a.candidate_id)
            .exclude(pk=a.pk)
            .select_related("campaign", "job")
            # The titles' columns in each language (django-modeltranslation's).
            .only(
                "reference",
                "stage",
                "campaign__title_en",
                "campaign__title_zh_hans",
                "job__title_en",
                "job__title_zh_hans",
            )
            .order_by("-created_at")[:OTHER_APPLICATIONS]
        )
    return {
        "candidate": [
            (_label(name), value or "—")
            for name, value in (
                ("full_name", a.full_name),
                ("email", a.email),
                ("phone", a.phone),
                ("city", a.city),
                ("education", a.get_education_display()),
                ("school", a.school),
                ("major", a.major),
                ("graduation_year", a.graduation_year),
                ("years_experience", a.years_experience),
            )
        ],
        "download_url": download_url if resume else "",
        "pdf_url": f"{download_url}?inline=1"
        if resume and a.resume_content_type == "application/pdf"
        else "",
        "text": _preview_text(a.extracted_text) if resume else "",
        "match": _match(a),
        "reviews": list(a.reviews.all()),
        "others": [
            (
                reverse("admin:recruitment_application_change", args=[other.pk]),
                other.reference,
                other.campaign.title,
                other.job.title if other.job else "—",
                other.get_stage_display(),
            )
            for other in others
        ],
        "stage_changes": a.stage_history,
        "resume_versions": list(a.resume_versions.all()),
        "record": [
            (_("source"), a.source or "—"),
            (
                _("UTM"),
                " / ".join(filter(None, [a.utm_source, a.utm_medium, a.utm_campaign])) or "—",
            ),
            (
                _("processing consent"),
                _consent(a.consent_version, a.consent_at, a.consent_sha256),
            ),
            (
                _("sharing consent"),
                _consent(a.share_consent_version, a.share_consent_at, a.share_consent_sha256),
            ),
            (_("personal data erased"), a.erased_at or "—"),
        ],
    }
