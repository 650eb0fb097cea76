from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView
from rest_framework.routers import DefaultRouter

from articles import api as articles_api
from portal import api as portal_api
from portal import views
from recruitment import api as recruitment_api

router = DefaultRouter()
for api_module in (portal_api, articles_api, recruitment_api):
    for prefix, viewset, basename in api_module.routes:
        router.register(prefix, viewset, basename=basename)

portal_patterns = [
    path("", views.HomeView.as_view(), name="home"),
]

urlpatterns = [
    path("", include((portal_patterns, "portal"))),
    path("", include("articles.urls")),
    path("", include("recruitment.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularRedocView.as_view(url_name="schema"), name="api-docs"),
]

if settings.SERVE_MEDIA:
    # Public uploads only (images, logos); résumés live outside MEDIA_ROOT.
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
