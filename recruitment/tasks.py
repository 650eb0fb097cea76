"""Background work after an application is committed. Tasks take ids and are idempotent."""

import io
import logging
import zipfile
from datetime import timedelta

from defusedxml import ElementTree as SafeElementTree
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task

from .models import Application, PendingUpdate, private_storage
from .validators import DOC, DOCX, PDF

logger = logging.getLogger(__name__)

MAX_EXTRACTED_CHARS = 200_000
MAX_PDF_PAGES = 30
WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class Quarantine(Exception):
    """The file failed a deeper check; the message says why.

    Messages are stored untranslated and translated when the status page shows them.
    """


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise Quarantine(gettext_noop("The PDF is protected by a password."))
        root = reader.trailer["/Root"]
        names = root.get("/Names")
        names = names.get_object() if names is not None else {}
        # Object streams can hide what the request's keyword triage looks for.
        # An /OpenAction that is a destination (an array) only picks the first page.
        open_action = root.get("/OpenAction")
        open_action = open_action.get_object() if open_action is not None else None
        if isinstance(open_action, dict) or "/AA" in root or "/JavaScript" in names:
            raise Quarantine(gettext_noop("The PDF contains automatic actions or scripts."))
        if "/EmbeddedFiles" in names:
            raise Quarantine(gettext_noop("The PDF contains embedded files."))
        parts = []
        size = 0
        for page in reader.pages[:MAX_PDF_PAGES]:
            text = page.extract_text() or ""
            parts.append(text)
            size += len(text)
            if size > MAX_EXTRACTED_CHARS:
                break
        return "\n".join(parts)
    except Quarantine:
        raise
    except (PyPdfError, KeyError, ValueError, TypeError, AttributeError, RecursionError) as exc:
        raise Quarantine(gettext_noop("The PDF could not be read.")) from exc


def _docx_text(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = archive.read("word/document.xml")
        root = SafeElementTree.fromstring(
            xml, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except Exception as exc:  # noqa: BLE001 - any parse failure quarantines the file
        raise Quarantine(gettext_noop("The Word document could not be read.")) from exc
    paragraphs = []
    for paragraph in root.iter(f"{WORD_NS}p"):
        paragraphs.append("".join(node.text or "" for node in paragraph.iter(f"{WORD_NS}t")))
    return "\n".join(p for p in paragraphs if p)


# How long after an application a processing pass runs, at most once per
# process in that time (see services._queue_processing).
PROCESSING_DELAY = timedelta(seconds=2)
PROCESSING_BATCH = 100


@task()
def process_new_applications() -> str:
    """The background work of every application waiting for it, oldest first.

    One queued pass serves all the applications a burst brought in since the
    last one. Each application is claimed with a single UPDATE before its
    work, so passes running side by side (several workers, or request threads
    with the immediate backend) never do the same work twice. A pass that did
    some work queues another for PROCESSING_DELAY later, so an application
    that committed just after this pass looked is not left waiting.
    """
    done = 0
    while True:
        waiting = list(
            Application.objects.filter(processed_at__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:PROCESSING_BATCH]
        )
        claimed = [
            pk
            for pk in waiting
            if Application.objects.filter(pk=pk, processed_at__isnull=True).update(
                processed_at=timezone.now()
            )
        ]
        for pk in claimed:
            process_application.call(application_id=pk, extract=True)
        done += len(claimed)
        if len(waiting) < PROCESSING_BATCH:
            break
    backend = process_new_applications.get_backend()
    if done and backend.supports_defer:
        process_new_applications.using(run_after=timezone.now() + PROCESSING_DELAY).enqueue()
    return f"{done} processed"


@task()
def process_application(application_id: int, extract: bool = True) -> str:
    """All the background work of one submitted application.

    Extract the résumé's text (unless it already is), then email the
    confirmation. Each step is safe to repeat: extraction overwrites the same
    text, and a failed extraction is logged and does not keep the candidate
    from getting the confirmation.
    """
    outcome = "no résumé"
    if extract:
        try:
            outcome = _extract_resume_text(application_id)
        except Exception:  # noqa: BLE001 - the confirmation must still go out
            logger.exception("text extraction of application %s failed", application_id)
            outcome = "extraction failed"
    return f"{outcome}; {_send_application_confirmation(application_id)}"


@task()
def extract_resume_text(application_id: int) -> str:
    """Extract the résumé's text for search and screening; quarantine a file that fails."""
    return _extract_resume_text(application_id)


def _extract_resume_text(application_id: int) -> str:
    application = Application.objects.filter(pk=application_id).first()
    if application is None or application.is_erased or not application.resume:
        return "skipped"
    if application.extracted_text:
        return "extracted before"  # a later submission without a new résumé
    name = application.resume.name
    try:
        with private_storage().open(name, "rb") as handle:
            data = handle.read()
    except OSError:
        logger.warning("résumé file of application %s is missing", application_id)
        return "missing"
    try:
        if application.resume_content_type == PDF:
            text = _pdf_text(data)
        elif application.resume_content_type == DOCX:
            text = _docx_text(data)
        elif application.resume_content_type == DOC:
            text = ""  # legacy binary Word: stored and forwarded, not indexed
        else:
            raise Quarantine(gettext_noop("Unknown file type."))
    except Quarantine as exc:
        # Match on the file name too: a newer résumé may have arrived meanwhile.
        Application.objects.filter(pk=application_id, resume=name).update(
            quarantined=True, quarantine_reason=str(exc)[:300], extracted_text=""
        )
        return "quarantined"
    text = text.replace("\x00", "")[:MAX_EXTRACTED_CHARS]
    Application.objects.filter(pk=application_id, resume=name).update(extracted_text=text)
    return "extracted"


@task()
def send_application_confirmation(application_id: int) -> str:
    """Email the candidate the reference and the status link."""
    return _send_application_confirmation(application_id)


def _send_application_confirmation(application_id: int) -> str:
    application = Application.objects.select_related("campaign").filter(pk=application_id).first()
    if application is None or application.is_erased or not application.email:
        return "skipped"
    status_url = settings.SITE_URL + reverse(
        "recruitment:application-status", args=[application.status_token]
    )
    subject = _("Your application %(reference)s") % {"reference": application.reference}
    body = _(
        "Thank you for applying through the campaign “%(campaign)s”.\n\n"
        "Your reference: %(reference)s\n"
        "Follow your application, add or replace your résumé, withdraw it or erase your data "
        "here (keep this link private):\n%(url)s\n"
    ) % {
        "campaign": application.campaign.title,
        "reference": application.reference,
        "url": status_url,
    }
    send_mail(subject, body, None, [application.email])
    return "sent"


@task()
def send_update_link(pending_update_id: int) -> str:
    """Email the owner of an address that someone applied again with it.

    The email holds the status link and the single-use link that applies the
    new details; the person who applied learned neither.
    """
    from .services import UPDATE_LINK_DAYS, update_link

    pending = (
        PendingUpdate.objects.select_related("application__campaign")
        .filter(pk=pending_update_id, expires_at__gt=timezone.now())
        .first()
    )
    if pending is None or pending.application.is_erased or not pending.application.email:
        return "skipped"
    application = pending.application
    with translation.override(pending.language or settings.LANGUAGE_CODE):
        subject = _("Confirm the update of your application %(reference)s") % {
            "reference": application.reference
        }
        body = _(
            "Someone, hopefully you, has just applied again through the campaign "
            "“%(campaign)s” with this email address. Nothing has changed yet.\n\n"
            "To replace your application's details and résumé with the ones just sent, "
            "open this link within %(days)s days (it works once):\n%(update_url)s\n\n"
            "If this was not you, ignore this email: your application stays as it is.\n\n"
            "Your reference: %(reference)s\n"
            "Your status page (keep this link private):\n%(status_url)s\n"
        ) % {
            "campaign": application.campaign.title,
            "days": UPDATE_LINK_DAYS,
            "update_url": update_link(pending),
            "reference": application.reference,
            "status_url": settings.SITE_URL
            + reverse("recruitment:application-status", args=[application.status_token]),
        }
    send_mail(subject, body, None, [application.email])
    return "sent"


# --- Back office ----------------------------------------------------------------


@task()
def send_stage_email(stage_change_id: int) -> str:
    """Email the candidate about a stage change, from the stage's template. Sent once."""
    from django.core.cache import cache

    from .emails import stage_email
    from .models import StageChange

    change = (
        StageChange.objects.select_related("application__campaign", "application__job")
        .filter(pk=stage_change_id)
        .first()
    )
    if change is None:
        return "skipped"
    application = change.application
    if application.is_erased or not application.email or application.stage != change.to_stage:
        return "skipped"  # erased, or moved on before the worker got here
    if not cache.add(f"stage-email-sent:{stage_change_id}", 1, timeout=7 * 24 * 3600):
        return "already sent"
    message = stage_email(application, change.to_stage)
    if message is None:
        return "no template"
    message.send()
    return "sent"


@task()
def send_interview_invitation(interview_id: int) -> str:
    """Email the candidate the interview invitation with an .ics attachment."""
    from .emails import interview_email
    from .models import Interview

    interview = (
        Interview.objects.select_related("application__campaign", "application__job")
        .filter(pk=interview_id)
        .first()
    )
    if interview is None:
        return "skipped"
    application = interview.application
    if application.is_erased or not application.email:
        return "skipped"
    interview_email(interview).send()
    Interview.objects.filter(pk=interview_id).update(invitation_sent_at=timezone.now())
    return "sent"


@task()
def purge_expired_applications(days: int | None = None) -> str:
    """The retention purge as a task, for a scheduler that enqueues tasks."""
    from django.core.management import call_command

    call_command("purge_expired_applications", *(["--days", str(days)] if days else []))
    return "done"
