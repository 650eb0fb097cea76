"""The parts of the page layout that depend on nothing but the language."""

import threading

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

_rendered: dict[tuple, str] = {}
_lock = threading.Lock()


def _slot(name: str) -> str:
    return f"layout-slot-{name}-5d0c9e"


@register.simple_tag
def layout_part(template_name, **slots):
    """`template_name` rendered once per language and process, then reused.

    For the navigation, the footer and the language switch: they show
    translated labels, fixed links and settings, so rendering them again for
    every page (a few dozen tags) is wasted work on an uncached page. Such a
    template sees only `SITE_NAME`, `LANGUAGE_CODE` and the `slots`: values of
    this request (the csrf token, the page's path), filled in, escaped, into
    the stored rendering. With `DEBUG` on, it is rendered every time, so edits
    show at once.
    """
    language = get_language()
    key = (template_name, language, settings.SITE_NAME, tuple(sorted(slots)))
    html = None if settings.DEBUG else _rendered.get(key)
    if html is None:
        context = {"SITE_NAME": settings.SITE_NAME, "LANGUAGE_CODE": language}
        context.update({name: _slot(name) for name in slots})
        html = render_to_string(template_name, context)
        if not settings.DEBUG:
            with _lock:
                _rendered[key] = html
    for name, value in slots.items():
        html = html.replace(_slot(name), conditional_escape("" if value is None else value))
    return mark_safe(html)
