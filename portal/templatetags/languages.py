from django import template
from django.conf import settings

from portal.languages import alternates, unprefixed

register = template.Library()


@register.inclusion_tag("includes/language_alternates.html", takes_context=True)
def language_alternates(context):
    """`<link rel="alternate" hreflang>` for the page in each language, and the
    unprefixed address (which redirects by the reader's language) as x-default."""
    request = context["request"]
    languages = alternates(request)
    return {
        "languages": languages,
        "x_default": settings.SITE_URL + unprefixed(request.path) if languages else "",
    }


@register.inclusion_tag("includes/language_switch.html", takes_context=True)
def language_switch(context):
    """Links to this page in the other languages."""
    return {"languages": alternates(context["request"])}
