"""schema.org JSON-LD for every page that carries it."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

# The characters that could end the <script> element or open a comment in it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_text(data) -> str:
    """JSON whose text cannot break out of a <script> element."""
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)


def json_ld_script(data) -> str:
    """A complete `<script type="application/ld+json">` element."""
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(json_ld_text(data)),  # noqa: S308 - escaped above
    )
