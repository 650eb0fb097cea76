"""Why an intake request was refused: each error carries its message, status and field.

The form pages and the API turn them into answers in one place,
recruitment.answers.
"""

from django.utils.translation import gettext_lazy as _

from ..validators import MSG_TOO_BIG


class IntakeError(Exception):
    status = 400
    retry_after: int | None = None
    # The API names the request field at fault, or gives a plain `detail`.
    field = "detail"
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


class RequestTooLarge(IntakeError):
    """Refused from its Content-Length, before the body is read."""

    status = 413
    field = "resume"
    message = MSG_TOO_BIG


class FieldsTooLarge(IntakeError):
    status = 413
    message = _("The form fields are too large. Shorten the text and try again.")


class MalformedRequest(IntakeError):
    message = _("The request could not be read. Send it as multipart/form-data.")


class IdempotencyKeyTooLong(IntakeError):
    field = "idempotency_key"
    message = _("The Idempotency-Key header must be at most 90 characters.")


class DatabaseUnavailable(IntakeError):
    """The database cannot be reached or is overloaded: nothing was stored."""

    status = 503
    retry_after = 5
    message = _(
        "We are receiving a very large number of applications. Please try again in a few "
        "seconds; nothing was stored."
    )


class FileStoreUnavailable(IntakeError):
    """The résumé could not be written (object storage unreachable, a full disk): nothing
    was stored, and the candidate may send the same application again."""

    status = 503
    retry_after = 5
    message = _(
        "We could not store your résumé just now. Please try again in a few seconds; "
        "nothing was stored."
    )


REPEATED_EMAIL = _(
    "This email already has an application for this campaign; we have sent a link to that address."
)
