"""What the pages, the API, the admin and the tasks do to recruitment data, by room.

- `intake`: accepting an application exactly once, and repeated applications
- `consent`: the consent notice as shown, and the campaign as the intake reads it
- `files`: résumé files; `background`: work queued after the commit
- `candidate`: what candidates do on their status page
- `pipeline`: the stages staff move applications through
- `retention`: erasure, by the candidate or at the end of retention (PIPL)
- `errors`: why an intake request was refused (answered by recruitment.answers)
"""

from .candidate import application_add_resume, application_request_review, application_withdraw
from .consent import RenderedNotice, consent_notice_for, intake_campaign
from .errors import (
    REPEATED_EMAIL,
    ApplicationClosed,
    CampaignNotAccepting,
    DatabaseUnavailable,
    FieldsTooLarge,
    FileStoreUnavailable,
    IdempotencyKeyReused,
    IdempotencyKeyTooLong,
    IntakeError,
    MalformedRequest,
    RateLimited,
    RequestTooLarge,
    UpdateLinkInvalid,
)
from .intake import (
    SubmitResult,
    application_submit,
    pending_update_confirm,
    pending_update_from_link,
    pending_updates_expire,
    rate_limit_check,
)
from .pipeline import (
    ALLOWED_TRANSITIONS,
    EMAIL_STAGES,
    InvalidTransition,
    allowed_stages,
    application_move,
    interview_invite,
)
from .retention import application_anonymise, application_erase

__all__ = [
    "ALLOWED_TRANSITIONS",
    "EMAIL_STAGES",
    "REPEATED_EMAIL",
    "ApplicationClosed",
    "CampaignNotAccepting",
    "DatabaseUnavailable",
    "FieldsTooLarge",
    "FileStoreUnavailable",
    "IdempotencyKeyReused",
    "IdempotencyKeyTooLong",
    "IntakeError",
    "InvalidTransition",
    "MalformedRequest",
    "RateLimited",
    "RenderedNotice",
    "RequestTooLarge",
    "SubmitResult",
    "UpdateLinkInvalid",
    "allowed_stages",
    "application_add_resume",
    "application_anonymise",
    "application_erase",
    "application_move",
    "application_submit",
    "application_request_review",
    "application_withdraw",
    "consent_notice_for",
    "intake_campaign",
    "interview_invite",
    "pending_update_confirm",
    "pending_update_from_link",
    "pending_updates_expire",
    "rate_limit_check",
]
