from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView, TemplateView
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView
from rest_framework.routers import DefaultRouter

from articles import api as articles_api
from articles import urls as articles_urls
from portal import api as portal_api
from portal import views
from portal.pages import cache_for_readers
from recruitment import api as recruitment_api
from recruitment import urls as recruitment_urls

router = DefaultRouter()
router.APIRootView = portal_api.APIRootView
for api_module in (portal_api, articles_api, recruitment_api):
    for prefix, viewset, basename in api_module.routes:
        router.register(prefix, viewset, basename=basename)

# The résumé intake resolves first: during a livestream burst nearly every request is
# one, and trying every page's pattern before the API's cost more than the rest of
# the routing.
api_patterns = router.urls
intake_pattern = next(p for p in api_patterns if p.name == "campaign-applications")
api_patterns.remove(intake_pattern)

portal_patterns = [
    path("", cache_for_readers(views.HomeView.as_view()), name="home"),
    path("parks/", views.ParkListView.as_view(), name="park-list"),
    path("parks/<slug:slug>/", views.ParkDetailView.as_view(), name="park-detail"),
    path("organizations/", views.OrganizationListView.as_view(), name="organization-list"),
    # The British spelling the English menu uses: the same directory.
    path(
        "organisations/",
        RedirectView.as_view(pattern_name="portal:organization-list", query_string=True),
    ),
    path(
        "organisations/<slug:slug>/",
        RedirectView.as_view(pattern_name="portal:organization-detail"),
    ),
    path(
        "organizations/<slug:slug>/",
        views.OrganizationDetailView.as_view(),
        name="organization-detail",
    ),
    path(
        "organizations/<slug:slug>/request-update/",
        views.UpdateRequestView.as_view(),
        name="organization-request-update",
    ),
    path("timeline/", views.TimelineView.as_view(), name="timeline"),
    path("programmes/", views.ProgrammeListView.as_view(), name="programme-list"),
    path("talent/", views.TalentView.as_view(), name="talent"),
    path("about/", TemplateView.as_view(template_name="portal/about.html"), name="about"),
    path("privacy/", TemplateView.as_view(template_name="portal/privacy.html"), name="privacy"),
    path("contact/", views.ContactView.as_view(), name="contact"),
]

# Redoc renders with styles it injects itself and searches in a worker it builds
# from a blob: the docs page alone allows those; its script is still our own file.
api_docs = csp_update({"style-src": [UNSAFE_INLINE], "worker-src": [SELF, "blob:"]})(
    SpectacularRedocView.as_view(url_name="schema")
)

urlpatterns = [
    path("api/v1/", include([intake_pattern])),
    # Every page, under its language: /en/... and /zh-hans/... A page's path without
    # the prefix is answered by LocaleMiddleware, which redirects it to the reader's
    # language. Matched early: a path that names no language fails it at once.
    *i18n_patterns(
        # The news first: the most-read pages, matched before the directory's patterns.
        path("", include("articles.urls")),
        path("", include((portal_patterns, "portal"))),
        path("", include("recruitment.urls")),
        prefix_default_language=True,
    ),
    # Unprefixed: what is the same in every language, and what machines and printed
    # codes ask for by a fixed address. Their names carry no namespace.
    path("", include(recruitment_urls.unprefixed_patterns)),
    path("", include(articles_urls.unprefixed_patterns)),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("api/v1/search/", portal_api.SearchView.as_view(), name="api-search"),
    path("api/v1/", include(api_patterns)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", api_docs, name="api-docs"),
]

# Error pages in the site's layout and the reader's language (portal/views.py).
handler400 = views.bad_request
handler403 = views.permission_denied
handler404 = views.page_not_found
handler500 = views.server_error

if settings.SERVE_MEDIA:
    # Public uploads only (images, logos); résumés live outside MEDIA_ROOT.
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
