from django.urls import path

from portal.languages import same_in_every_language
from portal.pages import cache_for_readers

from . import views

app_name = "recruitment"

QR_SVG, QR_PNG = {"kind": "svg"}, {"kind": "png"}
STATUS_TOKEN = "<str:token>"  # noqa: S105 - a URL converter, not a secret

# The pages, under each language prefix (see portal/urls.py).
urlpatterns = [
    path("jobs/", views.JobListView.as_view(), name="job-list"),
    path("jobs/<slug:slug>/", views.JobDetailView.as_view(), name="job-detail"),
    path(
        "campaigns/<slug:slug>/",
        # Its live state changes within seconds: shared caches keep it briefly.
        cache_for_readers(views.CampaignDetailView.as_view(), shared_max_age=5),
        name="campaign-detail",
    ),
    path("campaigns/<slug:slug>/apply/", views.apply, name="campaign-apply"),
    path("campaigns/<slug:slug>/calendar.ics", views.campaign_calendar, name="campaign-calendar"),
    path(
        "campaigns/<slug:slug>/presenting/",
        views.campaign_presenting,
        name="campaign-presenting",
    ),
    path(f"applications/{STATUS_TOKEN}/", views.application_status, name="application-status"),
    path(
        f"applications/{STATUS_TOKEN}/thanks/",
        views.application_confirmation,
        name="application-confirmation",
    ),
    path(
        "applications/update/<str:signed>/",
        views.application_update,
        name="application-update",
    ),
]

# Unprefixed and without a namespace (portal/urls.py): the live counter and QR codes
# are the same in every language, and short links are printed; a short link sends
# the reader on to the form in their own language.
unprefixed_patterns = [
    path(
        "campaigns/<slug:slug>/live.json",
        same_in_every_language(views.live_json),
        name="campaign-live",
    ),
    path(
        "campaigns/<slug:slug>/qr.svg",
        same_in_every_language(views.campaign_qr),
        QR_SVG,
        name="campaign-qr-svg",
    ),
    path(
        "campaigns/<slug:slug>/qr.png",
        same_in_every_language(views.campaign_qr),
        QR_PNG,
        name="campaign-qr-png",
    ),
    path("c/<slug:slug>/", views.campaign_short_link, name="short-link"),
    path("c/<slug:slug>/<slug:job>/", views.campaign_short_link, name="short-link-job"),
    path(
        "staff/applications/<int:pk>/resume/",
        views.resume_download,
        name="resume-download",
    ),
]
