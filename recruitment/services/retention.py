"""Erasure (PIPL): by the candidate at any time, by the purge at the end of retention."""

import logging

from django.db import transaction
from django.utils import timezone

from ..models import (
    Application,
    PendingUpdate,
    private_storage,
)
from .candidate import application_withdraw

logger = logging.getLogger(__name__)


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


def erase_personal_data(application: Application) -> None:
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
        erase_personal_data(application)
    return application


def application_anonymise(*, application: Application) -> Application:
    """Erase an application's personal data at the end of its retention period.

    Unlike application_erase (the candidate's own erasure), the stage is kept so
    that the campaign's anonymous statistics stay true. Files are deleted after
    the commit; reviews and interviews (which may hold notes about the person) go.
    """
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if not application.is_erased:
            erase_personal_data(application)
    return application
