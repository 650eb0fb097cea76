import pytest
from django.conf import settings
from django.contrib.sitemaps.views import sitemap
from django.test import RequestFactory
from django.utils import timezone

from portal.sitemaps import OrganizationSitemap, ParkSitemap

pytestmark = pytest.mark.django_db


def test_directory_sitemaps_list_parks_and_organisations_with_lastmod(organization):
    request = RequestFactory().get("/sitemap.xml")
    response = sitemap(request, {"parks": ParkSitemap, "organizations": OrganizationSitemap})
    response.render()
    xml = response.content.decode()
    for language in ("en", "zh-hans"):
        assert f"<loc>{settings.SITE_URL}/{language}/parks/lijia-intelligent-park/</loc>" in xml
        assert (
            f"<loc>{settings.SITE_URL}/{language}/organizations/changan-automobile/</loc>" in xml
        )
    # The date is the zone's (Asia/Shanghai), a day ahead of UTC from 16:00 UTC.
    assert f"<lastmod>{timezone.localdate(organization.updated_at):%Y-%m-%d}" in xml
