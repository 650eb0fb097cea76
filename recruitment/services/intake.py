"""Contended writes of résumé intake: the single place that accepts an application.

The HTML form, the REST API and the status page call these functions; none of
them orchestrates. Refusals are IntakeError exceptions (see .errors)."""

import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import get_language

from portal.languages import site_language
from portal.net import address_rate_limited

from ..live import count_new_application
from ..models import (
    Application,
    Campaign,
    Candidate,
    IdempotencyRecord,
    PendingUpdate,
    StageChange,
    private_storage,
)
from .background import enqueue, queue_processing
from .consent import RenderedNotice, consent_notice_for, sha256
from .errors import (
    REPEATED_EMAIL,
    CampaignNotAccepting,
    IdempotencyKeyReused,
    RateLimited,
    UpdateLinkInvalid,
)
from .files import (
    StoredResume,
    attach_resume,
    delete_file,
    discard,
    keep_replaced_resume,
    store_resume,
)

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


@dataclass(frozen=True)
class SubmitResult:
    status_code: int
    body: dict = field(default_factory=dict)
    created: bool = False
    replayed: bool = False
    status_token: str = ""
    # The application a 201 answers for, a replayed one's included.
    application: Application | None = field(default=None, repr=False, compare=False)


def rate_limit_check(client_ip: str | None) -> None:
    """Count one intake request for the client; raise RateLimited past the limit."""
    wait = address_rate_limited(
        client_ip or "", scope="intake", limit=settings.INTAKE_RATE_LIMIT, window=60
    )
    if wait:
        raise RateLimited(retry_after=wait)


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
    return sha256(json.dumps([fields, resume_sha256], sort_keys=True, default=str))


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
        application=application if created else None,
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
    stored = store_resume(resume) if resume else None
    fingerprint = _fingerprint(data, stored.sha256 if stored else "")
    keep_file = False  # once a row may refer to it, whatever the database answered
    try:
        for attempt in range(3):
            try:
                with transaction.atomic():
                    result = _save_application(
                        campaign,
                        data,
                        stored,
                        notice,
                        idempotency_key,
                        fingerprint,
                        look_up_first=attempt > 0,
                    )
                    # What fails from here on is COMMIT, whose outcome a dropped
                    # connection hides: the row may be stored, so its file stays. If
                    # it was not, the sweeper removes the orphan; a retry with the
                    # same key finds the row and its file.
                    keep_file = True
                return result
            except IntegrityError:
                # The transaction was rolled back as a whole. A concurrent retry with the
                # same key may have won the race: then answer as it did. Otherwise the
                # application exists already (or a reference collided): try again.
                # (A constraint checked at COMMIT refuses it the same way: nothing stored.)
                keep_file = False
                if idempotency_key:
                    replay = _replay(campaign, idempotency_key, fingerprint)
                    if replay is not None:
                        if _resume_lost(replay, stored):
                            keep_file = True
                            _give_resume(replay.application, stored)
                        else:
                            discard(stored)
                        return replay
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")
    except BaseException:
        if not keep_file:
            discard(stored)
        raise


def _resume_lost(replay: SubmitResult, stored: StoredResume | None) -> bool:
    """True if the application a retry replays no longer has its file, and the retry
    carries the same bytes (its fingerprint says so) to give it back."""
    application = replay.application
    return bool(
        stored is not None
        and application is not None
        and application.resume
        and application.resume_sha256 == stored.sha256
        and not private_storage().exists(application.resume.name)
    )


def _give_resume(application: Application, stored: StoredResume) -> None:
    logger.warning("a replayed application had lost its résumé; the retry's copy restores it")
    Application.objects.filter(pk=application.pk, resume=application.resume.name).update(
        resume=stored.name
    )


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
    """The writes of one attempt, in the caller's transaction (no savepoints: every
    round trip counts during a burst).

    One application per candidate and campaign is a database constraint. The
    first attempt simply inserts; if that conflicts, the whole transaction rolls
    back and the caller retries with `look_up_first`, which locks the row that
    won and holds the new details for its owner. Never check-then-insert.
    """
    now = timezone.now()
    # Insert the candidate or find it by the normalised email, in one statement.
    # A known candidate's name and phone stay as they are: whoever applies
    # with an address may not be its owner (pending_update_confirm changes them).
    candidate = Candidate(email=data["email"], full_name=data["full_name"], phone=data["phone"])
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
        language=site_language(),
        idempotency_key=idempotency_key or "",
        idempotency_fingerprint=fingerprint if idempotency_key else "",
        **fields,
    )
    if stored:
        attach_resume(application, stored)
    application.save(force_insert=True)  # IntegrityError: the caller retries
    # Robust: the application is stored once committed, and a counter that failed to
    # move must not turn that into an error answer.
    transaction.on_commit(lambda: count_new_application(campaign), robust=True)
    queue_processing()
    return SubmitResult(
        status_code=201,
        body=_answer(application, created=True),
        created=True,
        status_token=application.status_token,
        application=application,
    )


def _hold_update(application, fields, stored, idempotency_key, fingerprint) -> SubmitResult:
    """Keep a repeated application's details for the owner of the address (locked row).

    Nothing of the application changes, and the answer names nothing of it. A
    newer repeat replaces an older pending one (its link stops working, its
    file goes after the commit).
    """
    from .. import tasks

    for older in PendingUpdate.objects.filter(application=application):
        if older.resume:
            name = older.resume.name
            transaction.on_commit(lambda name=name: delete_file(name))
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
    enqueue(tasks.send_update_link, pending_update_id=pending.pk)
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
            keep_replaced_resume(application)
            attach_resume(
                application,
                StoredResume(
                    name=pending.resume.name,
                    sha256=pending.resume_sha256,
                    size=pending.resume_size or 0,
                    content_type=pending.resume_content_type,
                    original_name=pending.resume_original_name,
                ),
            )
        # A new confirmation, and the new résumé's text.
        application.confirmed_at = application.processed_at = None
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
        queue_processing()
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
                transaction.on_commit(lambda name=name: delete_file(name))
    return removed
