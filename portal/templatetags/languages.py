from django import template
from django.conf import settings

from portal.languages import alternates, in_language, unprefixed

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
