"""Sitemap sections for the directory; /sitemap.xml is assembled by the news app."""

from portal.models import Organization, Park
from portal.siteurl import SiteSitemap


class ParkSitemap(SiteSitemap):
    changefreq = "monthly"
    priority = 0.7

    def items(self):
        return Park.objects.order_by("slug").only("slug", "updated_at")

    def lastmod(self, park):
        return park.updated_at


class OrganizationSitemap(SiteSitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Organization.objects.order_by("slug").only("slug", "updated_at")

    def lastmod(self, organization):
        return organization.updated_at
