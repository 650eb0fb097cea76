"""The parts of the page layout that depend on nothing but the language."""

import functools
import threading

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from portal.html import format_html

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


@register.simple_tag(takes_context=True)
def pagination(context, page_obj):
    """The links to a list's previous and next pages, keeping the request's other
    parameters: written here rather than as a template, which cost a list page as
    much as three of its cards."""
    if not hasattr(page_obj, "has_other_pages") or not page_obj.has_other_pages():
        return ""
    query = context["request"].GET
    keeps_others = any(name != "page" for name in query)

    def page_link(rel, number, label):
        if keeps_others:
            params = query.copy()
            params["page"] = number
            encoded = params.urlencode()
        else:
            encoded = f"page={number}"
        return format_html('<a rel="{}" href="?{}">{}</a>', rel, encoded, label)

    previous = next_ = ""
    if page_obj.has_previous():
        previous = page_link("prev", page_obj.previous_page_number(), gettext("Previous"))
    if page_obj.has_next():
        next_ = page_link("next", page_obj.next_page_number(), gettext("Next"))
    position = gettext("Page %(number)s of %(total)s") % {
        "number": page_obj.number,
        "total": page_obj.paginator.num_pages,
    }
    return format_html(
        '<nav class="pagination" aria-label="{}">{}<span>{}</span>{}</nav>',
        gettext("Pages"),
        previous,
        position,
        next_,
    )


@functools.lru_cache(maxsize=256)
def _fixed_url(viewname: str, language: str, script_prefix: str, urlconf) -> str:
    return reverse(viewname, urlconf=urlconf)


@register.simple_tag
def fixed_url(viewname):
    """`{% url viewname %}` for a view that takes no arguments, reversed once per
    process, language (the pages' prefix) and script prefix: `reverse()` costs more than
    the rest of a link."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _fixed_url(viewname, get_language(), get_script_prefix(), urlconf)
