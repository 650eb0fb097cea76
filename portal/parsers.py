"""Request parsers for the REST API."""

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

MSG_TOO_DEEP = _("The JSON is nested too deeply. Send the fields as a flat object.")


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, answering 400 to a body nested deeper than Python can follow.

    `[[[[...]]]]` a hundred thousand levels deep makes the json module raise
    RecursionError, which DRF does not catch (a 500).
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(MSG_TOO_DEEP) from None
