"""Absolute links to this site, always built from `SITE_URL`.

Never from the request's Host header: any name in ALLOWED_HOSTS, with any
port, reaches the views, and a page, feed, sitemap or API answer naming it
would be cached (or kept by a proxy, or copied by a crawler) and handed to
every later visitor. Feeds, sitemaps, the API and the templates all use these.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from rest_framework.pagination import PageNumberPagination


def absolute_url(path: str) -> str:
    """`path` on this site as an absolute URL. A URL that already names its host
    (media served from another one) is returned as it is."""
    parts = urlsplit(path)
    if parts.scheme or parts.netloc:
        return path
    return settings.SITE_URL + path


def on_site(url: str) -> str:
    """`url`, built by Django or DRF from the request's Host, moved to `SITE_URL`."""
    return absolute_url(urlsplit(url)._replace(scheme="", netloc="").geturl())


def site_protocol() -> str:
    return urlsplit(settings.SITE_URL).scheme or "https"


def site_domain() -> str:
    """The host and port of `SITE_URL` (a sitemap's "domain")."""
    return urlsplit(settings.SITE_URL).netloc


class SiteSitemap(Sitemap):
    """A sitemap whose locations are on `SITE_URL`, whatever Host the request named.

    Every page is listed in each language (`/en/...`, `/zh-hans/...`), each entry
    naming the others as its alternates.
    """

    i18n = True
    alternates = True
    x_default = True

    def get_protocol(self, protocol=None):
        return site_protocol()

    def get_domain(self, site=None):
        return site_domain()


class SitePagination(PageNumberPagination):
    """The API's page-number pagination, its `next` and `previous` links on `SITE_URL`."""

    def get_next_link(self):
        link = super().get_next_link()
        return on_site(link) if link else None

    def get_previous_link(self):
        link = super().get_previous_link()
        return on_site(link) if link else None
