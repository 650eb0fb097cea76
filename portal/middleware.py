from csp.constants import HEADER
from csp.middleware import CSPMiddleware
from django.http import HttpResponseBadRequest
from django.middleware import locale
from django.utils.translation import gettext as _


class RejectNulBytesMiddleware:
    """Answer 400 to a URL carrying a NUL byte (`%00`), whatever view it would reach.

    No page or API takes one, and PostgreSQL refuses NUL in a query parameter
    with an error that would otherwise surface as a 500 from any slug lookup.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return HttpResponseBadRequest(
                _("This address contains a character that is not allowed (NUL)."),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, for HTML pages only (settings.CONTENT_SECURITY_POLICY).

    A résumé shown inline in the admin is a PDF: a policy on that response would
    reach the browser's PDF viewer, and JSON, feeds and files run no script anyway.
    """

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        if HEADER in response:
            return response  # a page from the page cache carries the policy it was kept with
        return super().process_response(request, response)


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's, except for answers marked `portal.languages.same_in_every_language`:
    they leave out `Vary: Accept-Language`, which Django adds to every answer at an
    address without a language prefix."""

    def process_response(self, request, response):
        if getattr(response, "same_in_every_language", False):
            return response
        return super().process_response(request, response)
