import functools

from django.conf import settings
from django.templatetags.static import static
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext, gettext_noop

from portal import pages

# What the site is, for pages that do not describe themselves (meta description).
SITE_DESCRIPTION = gettext_noop(
    "News, innovation platforms, parks, enterprises and talent recruitment in the "
    "Liangjiang New Area, Chongqing."
)


@functools.cache
def static_url(path: str) -> str:
    """`static(path)`, looked up in the static files manifest once per process rather
    than on every page: the manifest does not change while the process runs."""
    return static(path)


def default_share_image() -> str:
    """The image shared pages show when they have none of their own."""
    return static_url("img/og-default.png")


def site(request):
    """Site-wide values every template may use. The site's name is translated once
    here, in the reader's language, not at each of its uses in the page."""
    return {
        "SITE_NAME": str(settings.SITE_NAME),
        "SITE_DESCRIPTION": gettext(SITE_DESCRIPTION),
        "SITE_URL": settings.SITE_URL,
        "DEFAULT_SHARE_IMAGE": default_share_image(),
        # For `{% cache %}` fragments of what other rows show (most read, related): a
        # new generation after any edit. Read from the cache only by a page that uses it.
        "PAGE_GENERATION": SimpleLazyObject(pages.generation),
        "FRAGMENT_TIMEOUT": pages.fragment_timeout(request),
    }
