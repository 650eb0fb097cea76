from django import template
from django.conf import settings
from django.template.defaultfilters import linebreaks_filter
from django.utils.html import format_html

from portal.languages import alternates, in_language, unprefixed
from portal.translated import fallback_language

register = template.Library()


@register.inclusion_tag("includes/language_alternates.html", takes_context=True)
def language_alternates(context, translations=()):
    """`<link rel="alternate" hreflang>` for the page in each language, and the
    unprefixed address (which redirects by the reader's language) as x-default.

    `translations`: objects with a `language` and a `get_absolute_url()` (an
    article's translations) that stand for this page in their own language.
    """
    request = context["request"]
    languages = alternates(request)
    by_language = {item.language: item for item in translations}
    for language in languages:
        if translation := by_language.get(language["code"]):
            path = in_language(translation.get_absolute_url(), language["code"])
            language["url"] = settings.SITE_URL + path
    return {
        "languages": languages,
        "x_default": settings.SITE_URL + unprefixed(request.path) if languages else "",
    }


@register.inclusion_tag("includes/language_switch.html", takes_context=True)
def language_switch(context):
    """Links to this page in the other languages."""
    return {"languages": alternates(context["request"])}


@register.simple_tag
def fallback_lang(obj, field):
    """` lang="en"` on an element whose text falls back to the other language
    (the reader's translation is missing), so screen readers and search engines
    read it in its own language; nothing when the text is the page's language."""
    language = fallback_language(obj, field)
    return format_html(' lang="{}"', language) if language else ""


@register.simple_tag
def translated(obj, field, paragraphs=False):
    """`obj.<field>` in the reader's language; where it falls back to the other
    language, inside an element that says so (`<span lang="en">`, or a `<div>`
    around paragraphs). `paragraphs=True` renders the text as `linebreaks` does."""
    value = getattr(obj, field, "") or ""
    language = fallback_language(obj, field)
    if paragraphs:
        value = linebreaks_filter(value, autoescape=True)
        return format_html('<div lang="{}">{}</div>', language, value) if language else value
    return format_html('<span lang="{}">{}</span>', language, value) if language else value
