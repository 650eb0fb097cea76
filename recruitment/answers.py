"""How a refused intake request is answered: the one place for the form pages and the API.

An IntakeError, or a database that cannot be reached (answered as
DatabaseUnavailable), becomes the intake error page for the forms or a JSON
body for the API, with its status and `Retry-After`.
"""

import functools
import logging

from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.shortcuts import render

from .services import DatabaseUnavailable, IntakeError, RequestTooLarge

logger = logging.getLogger(__name__)

# A résumé of at most 10 MB plus the form fields and multipart framing; anything
# larger is refused from its Content-Length, before the body is read.
MAX_INTAKE_REQUEST_BYTES = 10 * 1024 * 1024 + 512 * 1024


def refuse_if_too_large(request) -> None:
    """Raise RequestTooLarge for a body announced larger than any intake request may be."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return
    if length > MAX_INTAKE_REQUEST_BYTES:
        raise RequestTooLarge()


def refusal(request, error: IntakeError, *, as_json=False, campaign_slug=None, heading=None):
    """The answer to a refused request: `{"detail": ...}` (or `{field: [...]}`), or a page."""
    if as_json:
        message = str(error.message)
        body = {"detail": message} if error.field == "detail" else {error.field: [message]}
        response = JsonResponse(body, status=error.status)
    else:
        context = {"message": error.message, "heading": heading, "campaign_slug": campaign_slug}
        response = render(request, "recruitment/intake_error.html", context, status=error.status)
    if error.retry_after:
        response["Retry-After"] = str(error.retry_after)
    return response


def answers_refusals(*, as_json=False, heading=None):
    """Decorate a view (or a view set's action) so that its refusals are answered by `refusal`.

    A page refused for a campaign (the view's `slug`) links back to its form;
    one refused because the database is down does not, it says to try again.
    """

    def decorate(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            request = args[0] if hasattr(args[0], "META") else args[1]  # a function or a method
            try:
                return view(*args, **kwargs)
            except IntakeError as error:
                slug = kwargs.get("slug")
                return refusal(
                    request, error, as_json=as_json, campaign_slug=slug, heading=heading
                )
            except (OperationalError, InterfaceError):
                logger.warning("database unavailable during intake")
                return refusal(request, DatabaseUnavailable(), as_json=as_json)

        return wrapped

    return decorate
