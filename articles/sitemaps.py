"""Sitemaps: articles and sections here; the directory's own when it provides them."""

from django.db.models import OuterRef, Subquery

from portal.siteurl import SiteSitemap

from .models import Article, Section


class ArticleSitemap(SiteSitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Article.objects.published().only("id", "slug", "publish_at", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class SectionSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        latest = (
            Article.objects.published()
            .filter(section=OuterRef("pk"))
            .order_by("-updated_at")
            .values("updated_at")[:1]
        )
        return Section.objects.annotate(last_published=Subquery(latest)).order_by(
            "position", "name"
        )

    def lastmod(self, item):
        return max(filter(None, (item.updated_at, item.last_published)))


sitemaps = {"news": ArticleSitemap, "sections": SectionSitemap}

try:  # The directory's sitemaps, when that part of the portal provides them.
    from portal.sitemaps import OrganizationSitemap, ParkSitemap
except ImportError:  # pragma: no cover - depends on the directory being installed
    pass
else:
    sitemaps.update({"parks": ParkSitemap, "organizations": OrganizationSitemap})
