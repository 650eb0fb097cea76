"""Contended writes of résumé intake: the single place that accepts an application.

The HTML form, the REST API and the status page call these functions; none of
them orchestrates. Domain errors are exceptions carrying a translatable
message and the HTTP status they map to.
"""

import contextlib
import hashlib
import json
import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.net import address_rate_limited

from .models import (
    RETENTION_DAYS,
    Application,
    Campaign,
    Candidate,
    ConsentNotice,
    IdempotencyRecord,
    PendingUpdate,
    ResumeVersion,
    StageChange,
    private_storage,
    resume_upload_to,
)
from .validators import sanitize_filename, validate_resume

logger = logging.getLogger(__name__)

PERSONAL_FIELDS = (
    "city",
    "education",
    "school",
    "major",
    "graduation_year",
    "years_experience",
    "cover_letter",
)
NUMBER_FIELDS = {"graduation_year", "years_experience"}
SOURCE_FIELDS = ("source", "utm_source", "utm_medium", "utm_campaign")


# --- Errors -------------------------------------------------------------------


class IntakeError(Exception):
    status = 400
    retry_after: int | None = None
    message = _("Your application could not be accepted.")

    def __init__(self, message=None, *, retry_after=None):
        if message is not None:
            self.message = message
        if retry_after is not None:
            self.retry_after = retry_after
        super().__init__(str(self.message))


class CampaignNotAccepting(IntakeError):
    status = 409
    message = _("This campaign is not accepting applications at the moment.")


class RateLimited(IntakeError):
    status = 429
    message = _("Too many applications from your network. Please try again in a minute.")


class IdempotencyKeyReused(IntakeError):
    status = 409
    message = _(
        "This Idempotency-Key was already used for a different application. "
        "Use a new key for each application."
    )


class ApplicationClosed(IntakeError):
    status = 409
    message = _("This application can no longer be changed.")


class UpdateLinkInvalid(IntakeError):
    status = 404
    message = _(
        "This link has expired, has been used already or has been replaced by a newer one. "
        "Your application is unchanged; apply again to get a new link."
    )


REPEATED_EMAIL = _(
    "This email already has an application for this campaign; we have sent a link to that address."
)


DATABASE_UNAVAILABLE = _(
    "We are receiving a very large number of applications. Please try again in a few seconds; "
    "nothing was stored."
)


@dataclass(frozen=True)
class SubmitResult:
    status_code: int
    body: dict = field(default_factory=dict)
    created: bool = False
    replayed: bool = False
    status_token: str = ""


# --- Rate limit and the live counter ------------------------------------------


def rate_limit_check(client_ip: str | None) -> None:
    """Count one intake request for the client; raise RateLimited past the limit."""
    wait = address_rate_limited(
        client_ip or "", scope="intake", limit=settings.INTAKE_RATE_LIMIT, window=60
    )
    if wait:
        raise RateLimited(retry_after=wait)


def _count_key(campaign_id: int) -> str:
    return f"campaign:{campaign_id}:applications"


def applications_received(campaign: Campaign) -> int:
    """The live counter: kept in the cache, rebuilt from the database when missing."""
    key = _count_key(campaign.pk)
    count = cache.get(key)
    if count is None:
        count = Application.objects.filter(campaign_id=campaign.pk).count()
        # add, not set: an increment that raced ahead of the rebuild is not overwritten.
        cache.add(key, count, timeout=None)
        count = cache.get(key, count)
    return count + (campaign.recorded_applications or 0)


def applications_received_many(campaigns) -> dict[int, int]:
    """The live counters of several campaigns: one cache round trip, one query for the missing."""
    campaigns = list(campaigns)
    keys = {_count_key(c.pk): c.pk for c in campaigns}
    cached = cache.get_many(list(keys))
    counts = {keys[key]: value for key, value in cached.items()}
    missing = [pk for pk in keys.values() if pk not in counts]
    if missing:
        from django.db.models import Count

        rows = dict(
            Application.objects.filter(campaign_id__in=missing)
            .values_list("campaign_id")
            .annotate(n=Count("pk"))
            .values_list("campaign_id", "n")
        )
        for pk in missing:
            counts[pk] = rows.get(pk, 0)
            cache.add(_count_key(pk), counts[pk], timeout=None)
    return {c.pk: counts[c.pk] + (c.recorded_applications or 0) for c in campaigns}


def _count_new_application(campaign_id: int) -> None:
    from .livestream import _live_memo

    # This process shows the new figure at once (others within their one-second memo):
    # an applicant coming back to the campaign page sees their application counted.
    _live_memo.clear()
    with contextlib.suppress(ValueError):  # not cached yet: the next reader rebuilds it
        cache.incr(_count_key(campaign_id))


# --- Consent ------------------------------------------------------------------

DEFAULT_NOTICE_VERSION = "2026-11"
DEFAULT_PROCESSING_TEXT = (
    "Purpose: the operator of the Liangjiang Portal receives your application for the "
    "campaign “{campaign}” to pass it through recruitment and to tell you about its progress. "
    "Data: the contact details, education and experience you enter and your résumé file; we "
    "never ask for ID numbers, photos or your date of birth. Retention: {retention_days} days "
    "after the campaign closes, then erased. Your rights: you can see your application, "
    "withdraw it and erase your data at any time from your status page.\n\n"
    "目的：两江门户运营方接收您对“{campaign}”活动的求职申请，用于招聘流程并告知进展。"
    "数据：您填写的联系方式、教育和工作经历以及简历文件；我们不收集身份证号、照片或出生日期。"
    "保存期限：活动结束后 {retention_days} 天，届时删除。您的权利：您可随时在申请状态页面查看、"
    "撤回申请并删除个人信息。"
)
DEFAULT_SHARE_TEXT = (
    "Your application (contact details, education, experience and résumé) is provided to the "
    "employer(s) of the jobs in this campaign: {employers}. They use it only to consider you "
    "for these jobs.\n\n"
    "您的申请（联系方式、教育和工作经历及简历）将提供给本次活动的招聘单位：{employers}。"
    "招聘单位仅将其用于考虑您应聘相关职位。"
)


@dataclass(frozen=True)
class RenderedNotice:
    version: str
    processing_text: str
    processing_sha256: str
    share_text: str
    share_sha256: str

    @property
    def fingerprint(self) -> str:
        """Short hash of both texts: the form sends it back to prove which text was shown."""
        return _sha256(self.processing_sha256 + self.share_sha256)[:16]


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


NOTICE_CACHE_SECONDS = 60


def consent_notice_for(campaign: Campaign) -> RenderedNotice:
    """The notice exactly as shown for this campaign, with the hashes recorded on consent.

    Cached for a minute: during a burst every application needs it, and the
    form and the intake read the same cached text, so the hash matches what was shown.
    """
    key = f"campaign-notice:{campaign.pk}:{campaign.updated_at.timestamp()}"
    rendered = cache.get(key)
    if rendered is None:
        rendered = _render_notice(campaign)
        cache.set(key, rendered, NOTICE_CACHE_SECONDS)
    return rendered


INTAKE_CAMPAIGN_SECONDS = 5
_intake_campaigns: dict[str, tuple[float, Campaign, RenderedNotice]] = {}
_intake_campaigns_lock = threading.Lock()


def intake_campaign(slug: str) -> tuple[Campaign, RenderedNotice] | None:
    """The campaign by slug and its consent notice, for the intake API; None if unknown.

    During a burst every application needs both. They are kept in this process
    for INTAKE_CAMPAIGN_SECONDS: no query and no cache round trip per request.
    Only the campaign's fields are kept, never its state: whether it accepts
    applications is decided from its window against the current time on every
    request, so a campaign answers 409 the moment its window closes. A saved
    campaign or consent notice is forgotten at once in the process that saved
    it (`forget_intake_campaigns`), and within INTAKE_CAMPAIGN_SECONDS in the
    others; the notice comes from `consent_notice_for`, the same cached text
    the application form shows.
    """
    now = time.monotonic()
    entry = _intake_campaigns.get(slug)
    if entry is not None and now - entry[0] < INTAKE_CAMPAIGN_SECONDS:
        return entry[1], entry[2]
    campaign = Campaign.objects.filter(slug=slug).first()
    if campaign is None:
        return None
    notice = consent_notice_for(campaign)
    with _intake_campaigns_lock:
        _intake_campaigns[slug] = (now, campaign, notice)
    return campaign, notice


def forget_intake_campaigns(sender=None, **kwargs) -> None:
    """post_save/post_delete of Campaign and ConsentNotice: drop this process's copies."""
    with _intake_campaigns_lock:
        _intake_campaigns.clear()


def _render_notice(campaign: Campaign) -> RenderedNotice:
    notice = campaign.consent_notice
    if notice is None:
        notice = ConsentNotice.objects.order_by("-created_at", "-pk").first()
    if notice is None:
        notice, _created = ConsentNotice.objects.get_or_create(
            version=DEFAULT_NOTICE_VERSION,
            defaults={
                "processing_text": DEFAULT_PROCESSING_TEXT,
                "share_text": DEFAULT_SHARE_TEXT,
            },
        )
    employers = "、".join(campaign.employer_names()) or "—"
    processing = notice.processing_text.replace("{campaign}", campaign.title).replace(
        "{retention_days}", str(RETENTION_DAYS)
    )
    share = notice.share_text.replace("{employers}", employers)
    return RenderedNotice(
        version=notice.version,
        processing_text=processing,
        processing_sha256=_sha256(processing),
        share_text=share,
        share_sha256=_sha256(share),
    )


# --- Files --------------------------------------------------------------------


@dataclass(frozen=True)
class StoredResume:
    name: str
    sha256: str
    size: int
    content_type: str
    original_name: str


def _store_resume(upload) -> StoredResume:
    """Write the résumé to private storage under a generated name, hashing it on the way."""
    check = getattr(upload, "resume_check", None) or validate_resume(upload)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    storage = private_storage()
    name = storage.save(resume_upload_to(None, "resume" + check.extension), upload)
    return StoredResume(
        name=name,
        sha256=digest.hexdigest(),
        size=check.size,
        content_type=check.content_type,
        original_name=sanitize_filename(upload.name or ""),
    )


def _discard(stored: StoredResume | None) -> None:
    if stored is not None:
        _delete_file(stored.name)


def _delete_file(name: str) -> None:
    try:
        private_storage().delete(name)
    except OSError:
        logger.exception("could not delete an unused résumé file; the sweeper will")


def _attach_resume(application: Application, stored: StoredResume) -> None:
    application.resume.name = stored.name
    application.resume_sha256 = stored.sha256
    application.resume_size = stored.size
    application.resume_content_type = stored.content_type
    application.resume_original_name = stored.original_name
    application.extracted_text = ""
    application.quarantined = False
    application.quarantine_reason = ""


def _keep_replaced_resume(application: Application) -> None:
    """Keep the application's current résumé as a version before a newer one replaces it.

    A quarantined file is not kept: nobody may open it, so it is deleted once
    the replacement has committed.
    """
    if not application.resume:
        return
    name = application.resume.name
    if application.quarantined:
        transaction.on_commit(lambda: _delete_file(name))
        return
    ResumeVersion.objects.create(
        application=application,
        file=name,
        sha256=application.resume_sha256,
        size=application.resume_size or 0,
        content_type=application.resume_content_type,
        original_name=application.resume_original_name,
    )


def _enqueue(task, **kwargs) -> None:
    """Queue `task` so that it runs only after the current transaction commits.

    The durable queue (django-tasks-db) is a table in the same database, so its
    row is written inside the transaction: they commit together or not at all,
    and a process killed right after the commit loses no task. Any other
    backend (the immediate one runs the task on the spot) is called after the
    commit.
    """
    from django_tasks_db import DatabaseBackend

    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(**kwargs)
        return

    def enqueue_after_commit():
        try:
            task.enqueue(**kwargs)
        except Exception:  # noqa: BLE001 - the data is stored; the work can be re-run
            logger.exception("could not run or enqueue %s", task.name)

    transaction.on_commit(enqueue_after_commit)


# Until when (monotonic seconds) a processing pass queued by this process is
# still to run.
_processing_pass_pending_until = 0.0


def _queue_processing() -> None:
    """Have the background work of the application being saved done after the commit.

    An application waits with `processed_at` empty until a
    `process_new_applications` pass has extracted its résumé's text and sent
    its confirmation. During a burst a task row per application would cost as
    much as the application itself, so on the durable queue each process
    queues a pass deferred by PROCESSING_DELAY, then none until that pass is
    due: every application it saves meanwhile commits before the pass runs
    (and a pass that found work queues another, for a straggler). With the
    immediate backend the pass runs right after each commit.
    """
    from django_tasks_db import DatabaseBackend

    from . import tasks

    task = tasks.process_new_applications
    if not isinstance(task.get_backend(), DatabaseBackend):
        _enqueue(task)
        return
    now = time.monotonic()
    if now < _processing_pass_pending_until:
        return
    delay = tasks.PROCESSING_DELAY
    task.using(run_after=timezone.now() + delay).enqueue()

    def pending():
        # Only once the pass's row is committed: a rolled-back one queued nothing.
        global _processing_pass_pending_until
        _processing_pass_pending_until = now + delay.total_seconds()

    transaction.on_commit(pending)


# --- Intake -------------------------------------------------------------------


def _status_url(token: str) -> str:
    return settings.SITE_URL + reverse("recruitment:application-status", args=[token])


# Fields of the forms that are not part of what was applied with.
UNBOUND_FIELDS = {"resume", "form_token", "notice", "website"}


def _fingerprint(data, resume_sha256: str) -> str:
    """SHA-256 of a whole request: every field as cleaned, and the résumé's bytes."""
    fields = {
        name: getattr(value, "slug", value)  # a job by its slug
        for name, value in data.items()
        if name not in UNBOUND_FIELDS
    }
    return _sha256(json.dumps([fields, resume_sha256], sort_keys=True, default=str))


def _upload_sha256(upload) -> str:
    if not upload:
        return ""
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _replay(campaign: Campaign, key: str, fingerprint: str) -> SubmitResult | None:
    """The first answer to a request with this key, if there was one.

    A key that created an application is kept on it; the first answer was then
    201 with its reference. A key whose request repeated an email has an
    IdempotencyRecord (202). Either is replayed only to the same request: the
    same key with any other body is refused, so guessing someone's key gives
    nothing.
    """
    record = (
        IdempotencyRecord.objects.filter(campaign=campaign, key=key)
        .select_related("application")
        .first()
    )
    if record is not None:
        stored, application = record.fingerprint, record.application
        status_code, body = record.status_code, record.response
    else:
        application = Application.objects.filter(campaign=campaign, idempotency_key=key).first()
        if application is None:
            return None
        stored, status_code = application.idempotency_fingerprint, 201
        body = _answer(application, created=True)
    if not constant_time_compare(stored, fingerprint):
        raise IdempotencyKeyReused()
    created = status_code == 201
    return SubmitResult(
        status_code=status_code,
        body=body,
        created=created,
        replayed=True,
        status_token=application.status_token if created and application else "",
    )


def _answer(application: Application, *, created: bool) -> dict:
    return {
        "reference": application.reference,
        "status_url": _status_url(application.status_token),
        "created": created,
    }


def application_submit(
    *, campaign, data, resume, idempotency_key=None, client_ip=None, notice=None
) -> SubmitResult:
    """Accept one application for `campaign`, exactly once.

    `data` is the cleaned data of ApplicationForm; `resume` an uploaded file
    (already checked by the form) or None. A new email gets a new application
    (201, its reference and status link). The same email again for the same
    campaign changes nothing and hands over nothing (202): the new details wait
    as a PendingUpdate, and the address is emailed the status link and a
    single-use link that applies them. A repeated `idempotency_key` with the
    same request answers as the first time did. `notice` is the campaign's
    rendered consent notice if the caller has it (`intake_campaign`). Raises
    IntakeError subclasses; database errors propagate so the caller can answer
    503.
    """
    if client_ip:
        rate_limit_check(client_ip)
    if not campaign.is_accepting():
        # A retry of an application accepted before the campaign closed still
        # gets its first answer.
        if idempotency_key:
            fingerprint = _fingerprint(data, _upload_sha256(resume))
            replay = _replay(campaign, idempotency_key, fingerprint)
            if replay is not None:
                return replay
        raise CampaignNotAccepting()
    # No look-up of the Idempotency-Key first: a retry is rare, and its insert
    # conflicts with the key's unique constraint, rolls back, and is answered
    # from the stored record below. One round trip less for every new application.
    notice = notice or consent_notice_for(campaign)
    # Write the file before the row: a crash then leaves an orphan the sweeper
    # removes, never an acknowledged application without its file.
    stored = _store_resume(resume) if resume else None
    fingerprint = _fingerprint(data, stored.sha256 if stored else "")
    try:
        for attempt in range(3):
            try:
                return _save_application(
                    campaign,
                    data,
                    stored,
                    notice,
                    idempotency_key,
                    fingerprint,
                    look_up_first=attempt > 0,
                )
            except IntegrityError:
                # The transaction was rolled back as a whole. A concurrent retry with the
                # same key may have won the race: then answer as it did. Otherwise the
                # application exists already (or a reference collided): try again.
                if idempotency_key:
                    replay = _replay(campaign, idempotency_key, fingerprint)
                    if replay is not None:
                        _discard(stored)
                        return replay
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")
    except BaseException:
        _discard(stored)
        raise


def _application_fields(data, notice: RenderedNotice, now) -> dict:
    """An application's fields from the form's cleaned data and the notice agreed to."""
    fields = {
        "full_name": data["full_name"],
        "email": data["email"],
        "phone": data["phone"],
        "job": data.get("job"),
        "consent_version": notice.version,
        "consent_sha256": notice.processing_sha256,
        "consent_at": now,
        "share_consent_version": notice.version,
        "share_consent_sha256": notice.share_sha256,
        "share_consent_at": now if data.get("share_consent") else None,
    }
    for name in PERSONAL_FIELDS:
        value = data.get(name)
        if value in (None, ""):
            value = None if name in NUMBER_FIELDS else ""
        fields[name] = value
    for name in SOURCE_FIELDS:
        fields[name] = data.get(name) or ""
    return fields


def _save_application(
    campaign, data, stored, notice, idempotency_key, fingerprint, *, look_up_first
) -> SubmitResult:
    """One transaction, no savepoints: every round trip counts during a burst.

    One application per candidate and campaign is a database constraint. The
    first attempt simply inserts; if that conflicts, the whole transaction rolls
    back and the caller retries with `look_up_first`, which locks the row that
    won and holds the new details for its owner. Never check-then-insert.
    """
    now = timezone.now()
    with transaction.atomic():
        # Insert the candidate or find it by the normalised email, in one statement.
        # A known candidate's name and phone stay as they are: whoever applies
        # with an address may not be its owner (pending_update_confirm changes them).
        candidate = Candidate(
            email=data["email"], full_name=data["full_name"], phone=data["phone"]
        )
        Candidate.objects.bulk_create(
            [candidate], update_conflicts=True, unique_fields=["email"], update_fields=["email"]
        )
        fields = _application_fields(data, notice, now)

        application = None
        if look_up_first:
            application = (
                Application.objects.select_for_update()
                .filter(candidate_id=candidate.pk, campaign=campaign)
                .first()
            )
        if application is not None:
            return _hold_update(application, fields, stored, idempotency_key, fingerprint)
        application = Application(
            campaign=campaign,
            candidate=candidate,
            idempotency_key=idempotency_key or "",
            idempotency_fingerprint=fingerprint if idempotency_key else "",
            **fields,
        )
        if stored:
            _attach_resume(application, stored)
        application.save(force_insert=True)  # IntegrityError: the caller retries
        campaign_id = campaign.pk
        transaction.on_commit(lambda: _count_new_application(campaign_id))
        _queue_processing()
    return SubmitResult(
        status_code=201,
        body=_answer(application, created=True),
        created=True,
        status_token=application.status_token,
    )


def _hold_update(application, fields, stored, idempotency_key, fingerprint) -> SubmitResult:
    """Keep a repeated application's details for the owner of the address (locked row).

    Nothing of the application changes, and the answer names nothing of it. A
    newer repeat replaces an older pending one (its link stops working, its
    file goes after the commit).
    """
    from . import tasks

    for older in PendingUpdate.objects.filter(application=application):
        if older.resume:
            name = older.resume.name
            transaction.on_commit(lambda name=name: _delete_file(name))
        older.delete()
    pending = PendingUpdate(
        application=application,
        data={
            name: (value.pk if name == "job" and value is not None else value)
            for name, value in fields.items()
        },
        language=get_language() or "",
        expires_at=timezone.now() + timedelta(days=PendingUpdate.LINK_DAYS),
    )
    if stored:
        pending.resume.name = stored.name
        pending.resume_sha256 = stored.sha256
        pending.resume_size = stored.size
        pending.resume_content_type = stored.content_type
        pending.resume_original_name = stored.original_name
    pending.save()
    body = {"created": False, "detail": str(REPEATED_EMAIL)}
    if idempotency_key:
        IdempotencyRecord.objects.create(
            campaign_id=application.campaign_id,
            key=idempotency_key,
            fingerprint=fingerprint,
            application=application,
            status_code=202,
            response=body,
        )
    _enqueue(tasks.send_update_link, pending_update_id=pending.pk)
    return SubmitResult(status_code=202, body=body)


def pending_update_from_link(signed: str) -> PendingUpdate | None:
    """The pending update a link applies, or None if the link is forged, expired or used."""
    token = PendingUpdate.token_from_link(signed)
    if token is None:
        return None
    return (
        PendingUpdate.objects.select_related("application__campaign", "application__job")
        .filter(token=token, expires_at__gt=timezone.now(), application__erased_at__isnull=True)
        .first()
    )


def pending_update_confirm(*, pending: PendingUpdate) -> Application:
    """Apply a repeated application that the owner of its address confirmed, once.

    The new details and résumé replace the application's (the replaced résumé
    is kept as a version), the candidate's name and phone follow, a withdrawn
    application is received again, and the background pass sends a new
    confirmation. The pending update is deleted: the link works once.
    """
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=pending.application_id)
        pending = (
            PendingUpdate.objects.select_for_update()
            .filter(pk=pending.pk, application=application, expires_at__gt=timezone.now())
            .first()
        )
        if pending is None or application.is_erased:
            raise UpdateLinkInvalid()
        if not application.campaign.is_accepting():
            raise CampaignNotAccepting()
        data = dict(pending.data)
        job_id = data.pop("job", None)
        for name in ("consent_at", "share_consent_at"):
            if data.get(name):
                data[name] = datetime.fromisoformat(data[name])
        job = application.campaign.jobs.filter(pk=job_id).first() if job_id else None
        if job is not None:  # an update without a job keeps the one chosen before
            application.job = job
        for name, value in data.items():
            if name in SOURCE_FIELDS and not value:
                continue
            setattr(application, name, value)
        if pending.resume:
            _keep_replaced_resume(application)
            _attach_resume(
                application,
                StoredResume(
                    name=pending.resume.name,
                    sha256=pending.resume_sha256,
                    size=pending.resume_size or 0,
                    content_type=pending.resume_content_type,
                    original_name=pending.resume_original_name,
                ),
            )
        application.processed_at = None  # a new confirmation, and the new résumé's text
        if application.stage == Application.Stage.WITHDRAWN:
            StageChange.objects.create(
                application=application,
                from_stage=application.stage,
                to_stage=Application.Stage.RECEIVED,
                note="applied again, confirmed from the email",
            )
            application.stage = Application.Stage.RECEIVED
        application.save()
        Candidate.objects.filter(pk=application.candidate_id).update(
            full_name=application.full_name, phone=application.phone
        )
        pending.delete()  # the file now belongs to the application
        _queue_processing()
    return application


def pending_updates_expire(*, now=None) -> int:
    """Delete the pending updates nobody confirmed in time, each file after its row's commit."""
    now = now or timezone.now()
    removed = 0
    expired = PendingUpdate.objects.filter(expires_at__lte=now).values_list("pk", "resume")
    for pk, name in list(expired):
        with transaction.atomic():
            # A confirmation holding the row wins: then nothing is deleted here.
            if not PendingUpdate.objects.filter(pk=pk, expires_at__lte=now).delete()[0]:
                continue
            removed += 1
            if name:
                transaction.on_commit(lambda name=name: _delete_file(name))
    return removed


# --- Candidate self-service ---------------------------------------------------


def application_add_resume(*, application: Application, resume) -> Application:
    """A résumé added later (contact-only applications) or replacing a quarantined one."""
    if application.is_erased or application.stage == Application.Stage.WITHDRAWN:
        raise ApplicationClosed()
    stored = _store_resume(resume)
    try:
        with transaction.atomic():
            application = Application.objects.select_for_update().get(pk=application.pk)
            _keep_replaced_resume(application)
            _attach_resume(application, stored)
            application.save()
            from . import tasks

            _enqueue(tasks.extract_resume_text, application_id=application.pk)
    except BaseException:
        _discard(stored)
        raise
    return application


def application_withdraw(*, application: Application, note: str = "") -> Application:
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.stage != Application.Stage.WITHDRAWN:
            StageChange.objects.create(
                application=application,
                from_stage=application.stage,
                to_stage=Application.Stage.WITHDRAWN,
                note=note or "withdrawn by the candidate",
            )
            application.stage = Application.Stage.WITHDRAWN
            application.save(update_fields=["stage", "updated_at"])
    return application


# What an erasure blanks: every field that says who the candidate is or what they wrote.
ERASED_TEXT_FIELDS = (
    "full_name",
    "email",
    "phone",
    "city",
    "education",
    "school",
    "major",
    "cover_letter",
    "extracted_text",
    "resume_sha256",
    "resume_content_type",
    "resume_original_name",
    "quarantine_reason",
    "utm_source",
    "utm_medium",
    "utm_campaign",
)


def _erase_personal_data(application: Application) -> None:
    """Blank an application's personal data and delete its files after the commit.

    Shared by the candidate's own erasure and the retention purge. Call inside a
    transaction with the application row locked. Reviews, interviews and stage
    notes go too: staff may have written about the person there.
    """
    files = [application.resume.name] if application.resume else []
    files += list(application.resume_versions.values_list("file", flat=True))
    pending = PendingUpdate.objects.filter(application=application)
    files += [name for name in pending.values_list("resume", flat=True) if name]
    pending.delete()
    application.resume_versions.all().delete()
    application.idempotency_records.all().delete()
    application.reviews.all().delete()
    application.interviews.all().delete()
    application.stage_changes.update(note="")
    candidate = application.candidate
    for name in ERASED_TEXT_FIELDS:
        setattr(application, name, "")
    application.graduation_year = None
    application.years_experience = None
    application.resume_size = None
    application.resume.name = ""
    application.quarantined = False
    application.candidate = None
    application.idempotency_key = ""
    application.erased_at = timezone.now()
    application.save()
    if candidate is not None and not candidate.applications.exists():
        candidate.delete()

    def delete_files():
        storage = private_storage()
        for name in set(files):
            try:
                storage.delete(name)
            except OSError:
                logger.exception("could not delete an erased résumé; the sweeper will")

    transaction.on_commit(delete_files)


def application_erase(*, application: Application) -> Application:
    """Withdraw and erase the personal data (PIPL): the files go, anonymous counts stay."""
    with transaction.atomic():
        application = application_withdraw(application=application, note="erased by the candidate")
        application = Application.objects.select_for_update().get(pk=application.pk)
        _erase_personal_data(application)
    return application


# --- Back office: the pipeline ------------------------------------------------

Stage = Application.Stage
# The one definition of the pipeline. Staff move an application one step
# forward, or reject it from any active stage; nothing goes back (a mistaken
# rejection is undone by the candidate applying again). Only the candidate
# withdraws (application_withdraw).
ALLOWED_TRANSITIONS = {
    Stage.RECEIVED: {Stage.SCREENING, Stage.REJECTED},
    Stage.SCREENING: {Stage.SHORTLISTED, Stage.REJECTED},
    Stage.SHORTLISTED: {Stage.INTERVIEW, Stage.REJECTED},
    Stage.INTERVIEW: {Stage.OFFER, Stage.REJECTED},
    Stage.OFFER: {Stage.HIRED, Stage.REJECTED},
    Stage.HIRED: set(),
    Stage.REJECTED: set(),
    Stage.WITHDRAWN: set(),
}
# Stages whose arrival is worth an email to the candidate (from EmailTemplate).
EMAIL_STAGES = {Stage.INTERVIEW, Stage.OFFER, Stage.HIRED, Stage.REJECTED}


class InvalidTransition(IntakeError):
    status = 400
    message = _("This stage change is not allowed.")


def allowed_stages(stage: str) -> list[str]:
    """The stages staff may move an application at `stage` to, in pipeline order."""
    allowed = ALLOWED_TRANSITIONS.get(stage, set())
    return [value for value in Stage.values if value in allowed]


def application_move(
    *, application: Application, to_stage: str, by, note: str = "", request=None
) -> StageChange:
    """Move an application to `to_stage` by staff member `by`, recorded and audited.

    Raises InvalidTransition with a message a person can act on. The candidate
    is emailed (through the task worker, after the commit) when the stage has
    an active email template.
    """
    from .audit import audit
    from .models import AuditLog

    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.is_erased:
            raise InvalidTransition(_("This application's personal data has been erased."))
        if to_stage not in Stage.values:
            raise InvalidTransition(_("“%(stage)s” is not a stage.") % {"stage": to_stage})
        if to_stage not in ALLOWED_TRANSITIONS[application.stage]:
            allowed = ", ".join(str(Stage(s).label) for s in allowed_stages(application.stage))
            raise InvalidTransition(
                _("%(reference)s cannot move from “%(from)s” to “%(to)s”. Allowed: %(allowed)s.")
                % {
                    "reference": application.reference,
                    "from": Stage(application.stage).label,
                    "to": Stage(to_stage).label,
                    "allowed": allowed or _("none (a final stage)"),
                }
            )
        change = StageChange.objects.create(
            application=application,
            from_stage=application.stage,
            to_stage=to_stage,
            changed_by=by,
            note=(note or "")[:300],
        )
        application.stage = to_stage
        application.save(update_fields=["stage", "updated_at"])
        audit(
            request,
            AuditLog.Action.STAGE_CHANGE,
            application=application,
            detail=f"{change.from_stage} → {to_stage}",
            user=by,
        )
        if to_stage in EMAIL_STAGES:
            _enqueue_stage_email(change.pk)
    return change


def _enqueue_stage_email(stage_change_id: int) -> None:
    from . import tasks

    def enqueue():
        try:
            tasks.send_stage_email.enqueue(stage_change_id=stage_change_id)
        except Exception:  # noqa: BLE001 - the change is stored; the email can be re-sent
            logger.exception("could not enqueue the email of stage change %s", stage_change_id)

    transaction.on_commit(enqueue)


def interview_invite(*, interview_id: int) -> None:
    """Send the candidate the interview's invitation (with an .ics) after the commit."""
    from . import tasks

    def enqueue():
        try:
            tasks.send_interview_invitation.enqueue(interview_id=interview_id)
        except Exception:  # noqa: BLE001
            logger.exception("could not enqueue the invitation of interview %s", interview_id)

    transaction.on_commit(enqueue)


# --- Back office: retention (PIPL) --------------------------------------------


def application_anonymise(*, application: Application) -> Application:
    """Erase an application's personal data at the end of its retention period.

    Unlike application_erase (the candidate's own erasure), the stage is kept so
    that the campaign's anonymous statistics stay true. Files are deleted after
    the commit; reviews and interviews (which may hold notes about the person) go.
    """
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if not application.is_erased:
            _erase_personal_data(application)
    return application
