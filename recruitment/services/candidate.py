"""What candidates do themselves on their status page: add a résumé, withdraw."""

import logging

from django.db import transaction
from django.utils import timezone

from ..models import (
    Application,
    StageChange,
)
from .background import enqueue
from .errors import ApplicationClosed
from .files import attach_resume, discard, keep_replaced_resume, store_resume

logger = logging.getLogger(__name__)


def application_add_resume(*, application: Application, resume) -> Application:
    """A résumé added later (contact-only applications) or replacing a quarantined one."""
    if application.is_erased or application.stage == Application.Stage.WITHDRAWN:
        raise ApplicationClosed()
    stored = store_resume(resume)
    try:
        with transaction.atomic():
            application = Application.objects.select_for_update().get(pk=application.pk)
            keep_replaced_resume(application)
            attach_resume(application, stored)
            application.save()
            from .. import tasks

            enqueue(tasks.extract_resume_text, application_id=application.pk)
    except BaseException:
        discard(stored)
        raise
    return application


def application_request_review(*, application: Application) -> Application:
    """The candidate asks that a person review the application (PIPL Art. 24): recorded
    once, shown to the staff who see it, and never undone by a later match."""
    Application.objects.filter(pk=application.pk, review_requested_at__isnull=True).update(
        review_requested_at=timezone.now()
    )
    application.refresh_from_db(fields=["review_requested_at"])
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
