"""Background work after an application is committed. Tasks take ids and are idempotent."""

import io
import logging
import re
import zipfile
import zlib
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task

from portal.languages import site_language

from . import screening
from .models import Application, Job, PendingUpdate, private_storage, refresh_dashboard_views
from .validators import (
    DOC,
    DOCX,
    PDF,
    UnzipBudget,
    ZipTooLarge,
    is_xml_part,
    pdf_names,
    safe_xml_parser,
)

logger = logging.getLogger(__name__)

MAX_EXTRACTED_CHARS = 200_000
MAX_PDF_PAGES = 30
# A résumé has a few hundred objects; past this many the file is not read further.
MAX_PDF_OBJECTS = 100_000
MAX_PDF_INFLATED_BYTES = 10 * 1024 * 1024
WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# Names that make a PDF act rather than be read, wherever they stand: scripts,
# programs, attached files, multimedia and XFA forms (which carry their own scripts).
PDF_ACTIVE_NAMES = {
    "/JS",
    "/JavaScript",
    "/Launch",
    "/EmbeddedFile",
    "/EmbeddedFiles",
    "/RichMedia",
    "/XFA",
    "/Rendition",
}
# Actions that reach outside the document: run a script or a program, open a
# remote file (a `\\host\share` path leaks the reader's Windows credentials),
# send or import form data, visit an address.
PDF_OUTSIDE_ACTIONS = {
    "/JavaScript",
    "/Launch",
    "/GoToR",
    "/GoToE",
    "/SubmitForm",
    "/ImportData",
    "/URI",
}
# Behind a click (/A of a link or an outline item) a web address is what a
# résumé's links are; everything else outside stays refused.
PDF_CLICK_ACTIONS_REFUSED = PDF_OUTSIDE_ACTIONS - {"/URI"}


class Quarantine(Exception):
    """The file failed a deeper check; the message says why.

    Messages are stored untranslated and translated when the status page shows them.
    """


QUARANTINE_PDF_ACTIVE = gettext_noop("The PDF contains automatic actions or scripts.")
QUARANTINE_PDF_EMBEDDED = gettext_noop("The PDF contains embedded files.")


def _pdf_name(value) -> str:
    # pypdf ends a name at white-space but not at NUL, which a PDF reader does.
    return str(value).partition("\x00")[0]


def _pdf_get(dictionary, key):
    value = dictionary.get(key)
    return value.get_object() if value is not None else None


def _pdf_refuse_name(name: str) -> None:
    if name in PDF_ACTIVE_NAMES:
        embedded = name in ("/EmbeddedFile", "/EmbeddedFiles")
        raise Quarantine(QUARANTINE_PDF_EMBEDDED if embedded else QUARANTINE_PDF_ACTIVE)


def _pdf_check_actions(key: str, value) -> None:
    """Quarantine the PDF if the action(s) under `key` reach outside the document.

    /OpenAction and the additional actions (/AA of the document, a page, an
    annotation or a form field) run by themselves; /A runs when clicked. Each
    action may chain more with /Next. An /OpenAction that is a destination (an
    array) only picks the page the document opens at.
    """
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    refused = PDF_CLICK_ACTIONS_REFUSED if key == "/A" else PDF_OUTSIDE_ACTIONS
    value = value.get_object()
    if key == "/OpenAction" and isinstance(value, ArrayObject):
        return
    if key == "/AA" and isinstance(value, DictionaryObject):
        pending = list(value.values())  # one action per event
    else:
        pending = [value]
    seen = set()
    while pending and len(seen) < MAX_PDF_OBJECTS:
        action = pending.pop()
        if isinstance(action, IndirectObject):
            if (action.idnum, action.generation) in seen:
                continue
            seen.add((action.idnum, action.generation))
            action = action.get_object()
        if isinstance(action, ArrayObject):
            pending.extend(action)  # /Next may hold a list of actions
        elif isinstance(action, DictionaryObject):
            if _pdf_name(_pdf_get(action, "/S")) in refused:
                raise Quarantine(QUARANTINE_PDF_ACTIVE)
            if "/Next" in action:
                pending.append(action.raw_get("/Next"))


def _pdf_check_objects(reader) -> set[int]:
    """Quarantine a PDF that acts. Every object is read, compressed ones included.

    Object streams hide the objects they hold from the request's keyword
    triage. Here every object the cross-reference tables list is read, with
    every object they refer to, and the names in each object stream's data.
    Returns the numbers of the object streams read.
    """
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    pending = [reader.trailer]
    pending += [IndirectObject(n, g, reader) for g, table in reader.xref.items() for n in table]
    pending += [IndirectObject(n, 0, reader) for n in reader.xref_objStm]
    seen, object_streams = set(), set()
    while pending:
        obj = pending.pop()
        number = None
        if isinstance(obj, IndirectObject):
            if (obj.idnum, obj.generation) in seen:
                continue
            seen.add((obj.idnum, obj.generation))
            if len(seen) > MAX_PDF_OBJECTS:
                raise Quarantine(gettext_noop("The PDF is too complex to be read."))
            number, obj = obj.idnum, obj.get_object()
        if isinstance(obj, NameObject):
            _pdf_refuse_name(_pdf_name(obj))
        elif isinstance(obj, ArrayObject):
            pending.extend(obj)
        elif isinstance(obj, DictionaryObject):
            for key, value in obj.items():
                key = _pdf_name(key)
                _pdf_refuse_name(key)
                if key in ("/OpenAction", "/AA", "/A"):
                    _pdf_check_actions(key, value)
                pending.append(value)
            if _pdf_name(_pdf_get(obj, "/Type")) == "/ObjStm":
                # Its objects that no table lists are still names in its data.
                for name, _end in pdf_names(obj.get_data()):
                    _pdf_refuse_name(name.decode("latin-1"))
                object_streams.add(number)
    return object_streams


# A stream object's dictionary in the file's bytes, up to its data, and the number
# before it. (Starting at the keyword lets the search skip along the file fast.)
PDF_STREAM_START = re.compile(rb"obj\s*(<<.{0,4096}?>>)\s*stream\r?\n", re.DOTALL)
PDF_OBJECT_NUMBER = re.compile(rb"(\d+)\s+\d+\s+$")


def _pdf_check_unlisted_object_streams(data: bytes, read: set[int]) -> None:
    """Quarantine active names in an object stream that no table leads to.

    A reader that finds the tables damaged rebuilds them from the file's bytes,
    and then finds every object stream there, listed or not. An uncompressed
    one was in the request's triage; a compressed one is inflated here.
    """
    for match in PDF_STREAM_START.finditer(data):
        names = {name for name, _end in pdf_names(match.group(1))}
        if b"/ObjStm" not in names or b"/Filter" not in names:
            continue
        number = PDF_OBJECT_NUMBER.search(data, max(0, match.start() - 32), match.start())
        if number and int(number.group(1)) in read:
            continue
        try:
            inflated = zlib.decompressobj().decompress(
                memoryview(data)[match.end() :], MAX_PDF_INFLATED_BYTES
            )
        except zlib.error as exc:
            raise Quarantine(gettext_noop("The PDF could not be read.")) from exc
        for name, _end in pdf_names(inflated):
            _pdf_refuse_name(name.decode("latin-1"))


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise Quarantine(gettext_noop("The PDF is protected by a password."))
        _pdf_check_unlisted_object_streams(data, _pdf_check_objects(reader))
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


class _DocumentText:
    """A parser target that keeps the text of a Word document's paragraphs, and no tree."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.open: list[list[str]] = []  # a text box's paragraphs stand inside another
        self.in_text = False
        self.size = 0

    def start(self, tag, attrib):
        if tag == f"{WORD_NS}p":
            self.open.append([])
        elif tag == f"{WORD_NS}t":
            self.in_text = True

    def end(self, tag):
        if tag == f"{WORD_NS}t":
            self.in_text = False
        elif tag == f"{WORD_NS}p" and self.open:
            self.paragraphs.append("".join(self.open.pop()))

    def data(self, text):
        if self.in_text and self.open and self.size < MAX_EXTRACTED_CHARS:
            self.open[-1].append(text)
            self.size += len(text)

    def close(self):
        return "\n".join(p for p in self.paragraphs if p)


class _NoTree:
    """A parser target that builds nothing: the part is only checked."""

    def close(self):
        return None


def _docx_text(data: bytes) -> str:
    """The document's text; every part unzipped within the caps and every XML part parsed.

    The request checked the directory and each XML part's prolog; here each
    XML part is parsed whole (no DTD anywhere), and the text is gathered as the
    document streams by, so a huge document never becomes a tree in memory.
    """
    budget = UnzipBudget()
    text = ""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                chunks = budget.chunks(archive, info)
                if not is_xml_part(info.filename):
                    for _chunk in chunks:
                        pass
                    continue
                document = info.filename == "word/document.xml"
                parser = safe_xml_parser(_DocumentText() if document else _NoTree())
                for chunk in chunks:
                    parser.feed(chunk)
                result = parser.close()
                if document:
                    text = result
    except ZipTooLarge as exc:
        raise Quarantine(
            gettext_noop("The Word document expands to far more data than a résumé needs.")
        ) from exc
    except Exception as exc:  # noqa: BLE001 - any parse failure quarantines the file
        raise Quarantine(gettext_noop("The Word document could not be read.")) from exc
    return text


# How long after an application a processing pass runs, at most once per
# process in that time (see services.background.queue_processing).
PROCESSING_DELAY = timedelta(seconds=2)
# Résumés read between two rounds of confirmations: at about 26 a second, a new
# candidate's confirmation waits a few seconds behind them at most.
PROCESSING_BATCH = 100
CONFIRMATION_BATCH = 500


@task()
def process_new_applications() -> str:
    """The background work of every application waiting for it, oldest first.

    One queued pass serves all the applications a burst brought in since the
    last one, in rounds: first the confirmation of every application waiting
    for one, then the résumés of at most PROCESSING_BATCH. So during a burst a
    candidate's confirmation waits for one batch of résumés at most, never for
    the whole queue. Passes may run side by side (several workers, or request
    threads with the immediate backend): each confirmation and each résumé is
    claimed by exactly one. A pass that did some work queues another for
    PROCESSING_DELAY later, so an application that committed just after this
    pass looked is not left waiting.
    """
    confirmed = processed = 0
    while True:
        confirmed += send_waiting_confirmations()
        waiting = list(
            Application.objects.filter(processed_at__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:PROCESSING_BATCH]
        )
        processed += sum(process_application(pk) for pk in waiting)
        if len(waiting) < PROCESSING_BATCH:
            break
    confirmed += send_waiting_confirmations()
    backend = process_new_applications.get_backend()
    if (confirmed or processed) and backend.supports_defer:
        process_new_applications.using(run_after=timezone.now() + PROCESSING_DELAY).enqueue()
    return f"{confirmed} confirmed, {processed} processed"


def send_waiting_confirmations() -> int:
    """Email every candidate whose application waits for its confirmation.

    Each is claimed (`confirmed_at` set) before it is sent, so racing passes
    never send one twice. An email that cannot be sent (the mail server is
    down) is released again for the next pass, and this round stops.
    """
    sent = 0
    while True:
        waiting = list(
            Application.objects.filter(confirmed_at__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:CONFIRMATION_BATCH]
        )
        for pk in waiting:
            claimed = Application.objects.filter(pk=pk, confirmed_at__isnull=True)
            if not claimed.update(confirmed_at=timezone.now()):
                continue  # another pass has it
            try:
                _send_application_confirmation(pk)
            except Exception:  # noqa: BLE001 - try again in the next pass
                logger.exception("confirmation of application %s could not be sent", pk)
                Application.objects.filter(pk=pk).update(confirmed_at=None)
                return sent
            sent += 1
        if len(waiting) < CONFIRMATION_BATCH:
            return sent


def process_application(application_id: int) -> int:
    """Read one waiting application's résumé; 1 if this pass did it, 0 if not its turn.

    The row stays locked, and `processed_at` empty, until the work is committed:
    a worker killed half way leaves the application waiting for the next pass,
    and a pass running beside this one skips it meanwhile. A file that cannot be
    parsed is logged and counts as done (the file is kept; staff still see it);
    a file store that cannot be reached stops the pass, the application still
    waiting, for the next pass to try again. The locked row is written once: a
    second UPDATE of a row changed in the same transaction makes PostgreSQL check
    its foreign keys at the commit, which would wait on an intake holding the
    candidate and waiting on this row.
    """
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(skip_locked=True, no_key=True)
            .filter(pk=application_id, processed_at__isnull=True)
            .first()
        )
        if application is None:
            return 0
        try:
            changes = _read_resume(application)
        except OSError:
            raise  # the store is unreachable: try again later, never skip the file
        except Exception:  # noqa: BLE001 - one unreadable file must not stop the queue
            logger.exception("text extraction of application %s failed", application_id)
            changes = {}
        Application.objects.filter(pk=application_id).update(
            processed_at=timezone.now(), **changes
        )
    try:
        screening.application_match(application_id)
    except Exception:  # noqa: BLE001 - screening is an aid; the application is fine
        logger.exception("matching of application %s failed", application_id)
    return 1


@task()
def extract_resume_text(application_id: int) -> str:
    """Extract the résumé's text for search and screening; quarantine a file that fails."""
    application = Application.objects.filter(pk=application_id).first()
    if application is None:
        return "skipped"
    changes = _read_resume(application)
    if not changes:
        return "nothing to read"
    # Match on the file name too: a newer résumé may have arrived meanwhile.
    Application.objects.filter(pk=application_id, resume=application.resume.name).update(**changes)
    return "quarantined" if changes.get("quarantined") else "extracted"


def _read_resume(application) -> dict:
    """What reading the application's résumé sets: its text, or its quarantine with the
    reason; nothing when there is no file to read (or it was read before)."""
    if application.is_erased or not application.resume or application.extracted_text:
        return {}
    try:
        with private_storage().open(application.resume.name, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        logger.warning("résumé file of application %s is missing", application.pk)
        return {}
    # Any other OSError (object storage unreachable) is the caller's failure: the file
    # stays unread rather than being taken for missing.
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
        return {"quarantined": True, "quarantine_reason": str(exc)[:300], "extracted_text": ""}
    return {"extracted_text": text.replace("\x00", "")[:MAX_EXTRACTED_CHARS]}


@task()
def send_application_confirmation(application_id: int) -> str:
    """Email the candidate the reference and the status link."""
    return _send_application_confirmation(application_id)


def _send_application_confirmation(application_id: int) -> str:
    application = Application.objects.select_related("campaign").filter(pk=application_id).first()
    if application is None or application.is_erased or not application.email:
        return "skipped"
    with translation.override(site_language(application.language)):
        status_url = settings.SITE_URL + reverse(
            "recruitment:application-status", args=[application.status_token]
        )
        subject = _("Your application %(reference)s") % {"reference": application.reference}
        body = _(
            "Thank you for applying through the campaign “%(campaign)s”.\n\n"
            "Your reference: %(reference)s\n"
            "Follow your application, add or replace your résumé, withdraw it or erase your "
            "data here (keep this link private):\n%(url)s\n"
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
            "days": PendingUpdate.LINK_DAYS,
            "update_url": pending.link(),
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


# How often the dashboard's counts are refreshed by the task worker, while someone has
# looked at a dashboard within DASHBOARD_WATCHED_FOR (each look sets the key).
DASHBOARD_REFRESH_EVERY = timedelta(minutes=1)
DASHBOARD_WATCHED_FOR = timedelta(minutes=10)
DASHBOARD_WATCHED_KEY = "dashboard:watched"


@task()
def refresh_dashboard_counts() -> str:
    """Refresh the dashboard's counts (PostgreSQL), and queue the next refresh a minute on.

    The queued task is the schedule: each refresh queues the next, failed or
    not, while someone has looked at a dashboard in the last ten minutes (at a
    million applications a refresh costs seconds of database time); the next
    look after that starts the refreshes again. Should two of them run (the
    command's `--enqueue` while one is queued), the later finds the next one
    already queued and queues none.
    """
    from django.core.cache import cache
    from django.db import connection

    if connection.vendor != "postgresql":
        return "nothing to refresh: the dashboard counts as it is read"
    try:
        refreshed_at = refresh_dashboard_views()
    finally:
        due = DASHBOARD_REFRESH_EVERY.total_seconds()
        backend = refresh_dashboard_counts.get_backend()
        watched = cache.get(DASHBOARD_WATCHED_KEY)
        if (
            backend.supports_defer
            and watched
            and cache.add("dashboard:next-refresh", 1, due * 0.9)
        ):
            refresh_dashboard_counts.using(
                run_after=timezone.now() + DASHBOARD_REFRESH_EVERY
            ).enqueue()
    return f"refreshed as of {refreshed_at:%H:%M:%S}"


@task()
def purge_expired_applications(days: int | None = None) -> str:
    """The retention purge as a task, for a scheduler that enqueues tasks."""
    from django.core.management import call_command

    call_command("purge_expired_applications", *(["--days", str(days)] if days else []))
    return "done"


@task()
def rematch_job(job_id: int) -> str:
    """Match a job's applications again after its requirements changed."""
    return f"{screening.job_rematch(job_id)} matched"


@task()
def rematch_all_jobs() -> str:
    """Match every job's applications again after the skill vocabulary changed."""
    done = sum(screening.job_rematch(pk) for pk in Job.objects.values_list("pk", flat=True))
    return f"{done} matched"
