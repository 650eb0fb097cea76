"""The pipeline staff move applications through: the one definition of its stages."""

import logging

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..audit import audit
from ..models import (
    Application,
    AuditLog,
    StageChange,
)
from .background import enqueue

logger = logging.getLogger(__name__)


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


class InvalidTransition(Exception):
    """A stage change staff asked for that the pipeline does not allow; `message` says why."""

    def __init__(self, message):
        self.message = message
        super().__init__(str(message))


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
            from .. import tasks

            enqueue(tasks.send_stage_email, stage_change_id=change.pk)
    return change


def interview_invite(*, interview_id: int) -> None:
    """Send the candidate the interview's invitation (with an .ics) after the commit."""
    from .. import tasks

    enqueue(tasks.send_interview_invitation, interview_id=interview_id)
