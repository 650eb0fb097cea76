"""Résumé files: written before the row, attached to it, kept as versions, deleted after."""

import hashlib
import logging
from dataclasses import dataclass

from django.db import transaction

from ..models import (
    Application,
    PendingUpdate,
    ResumeVersion,
    private_storage,
    resume_upload_to,
)
from ..validators import sanitize_filename, validate_resume
from .errors import FileStoreUnavailable

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoredResume:
    name: str
    sha256: str
    size: int
    content_type: str
    original_name: str


def store_resume(upload) -> StoredResume:
    """Write the résumé to private storage under a generated name, hashing it on the way."""
    check = getattr(upload, "resume_check", None) or validate_resume(upload)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    storage = private_storage()
    try:
        # On object storage the PUT has answered here: the file is stored.
        name = storage.save(resume_upload_to(None, "resume" + check.extension), upload)
    except OSError:
        logger.exception("could not store a résumé")
        raise FileStoreUnavailable() from None
    return StoredResume(
        name=name,
        sha256=digest.hexdigest(),
        size=check.size,
        content_type=check.content_type,
        original_name=sanitize_filename(upload.name or ""),
    )


def resume_files_in_use() -> set[str]:
    """The names of every résumé file a row refers to: applications, earlier versions,
    and repeated applications waiting for their owner's confirmation."""
    names = set(Application.objects.exclude(resume="").values_list("resume", flat=True))
    names.update(ResumeVersion.objects.values_list("file", flat=True))
    names.update(PendingUpdate.objects.exclude(resume="").values_list("resume", flat=True))
    return names


def discard(stored: StoredResume | None) -> None:
    if stored is not None:
        delete_file(stored.name)


def delete_file(name: str) -> None:
    try:
        private_storage().delete(name)
    except OSError:
        logger.exception("could not delete an unused résumé file; the sweeper will")


def attach_resume(application: Application, stored: StoredResume) -> None:
    application.resume.name = stored.name
    application.resume_sha256 = stored.sha256
    application.resume_size = stored.size
    application.resume_content_type = stored.content_type
    application.resume_original_name = stored.original_name
    application.extracted_text = ""
    application.quarantined = False
    application.quarantine_reason = ""


def keep_replaced_resume(application: Application) -> None:
    """Keep the application's current résumé as a version before a newer one replaces it.

    A quarantined file is not kept: nobody may open it, so it is deleted once
    the replacement has committed.
    """
    if not application.resume:
        return
    name = application.resume.name
    if application.quarantined:
        transaction.on_commit(lambda: delete_file(name))
        return
    ResumeVersion.objects.create(
        application=application,
        file=name,
        sha256=application.resume_sha256,
        size=application.resume_size or 0,
        content_type=application.resume_content_type,
        original_name=application.resume_original_name,
    )
