"""The site's URLs plus a stand-in organisation page, for a tree without the directory pages.

Honourees link to `Organization.get_absolute_url()`, which names the directory's
`portal:organization-detail` route; where that route exists this module is not used.
"""

from django.http import HttpResponse
from django.urls import include, path

from portal import urls as site_urls


def organization_detail(request, slug):
    return HttpResponse(slug)


urlpatterns = [
    path(
        "",
        include(
            (
                [
                    *site_urls.portal_patterns,
                    path(
                        "organizations/<slug:slug>/",
                        organization_detail,
                        name="organization-detail",
                    ),
                ],
                "portal",
            )
        ),
    ),
    *site_urls.urlpatterns[1:],
]
