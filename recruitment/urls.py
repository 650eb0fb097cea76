from django.urls import path

from . import views

app_name = "recruitment"

STATUS_TOKEN = "<str:token>"  # noqa: S105 - a URL converter, not a secret

urlpatterns = [
    path("talent/", views.TalentView.as_view(), name="talent"),
    path("jobs/", views.JobListView.as_view(), name="job-list"),
    path("jobs/<slug:slug>/", views.JobDetailView.as_view(), name="job-detail"),
    path("campaigns/<slug:slug>/", views.CampaignDetailView.as_view(), name="campaign-detail"),
    path("campaigns/<slug:slug>/apply/", views.apply, name="campaign-apply"),
    path("campaigns/<slug:slug>/live.json", views.live_json, name="campaign-live"),
    path(f"applications/{STATUS_TOKEN}/", views.application_status, name="application-status"),
    path(
        f"applications/{STATUS_TOKEN}/thanks/",
        views.application_confirmation,
        name="application-confirmation",
    ),
    path(
        "staff/applications/<int:pk>/resume/",
        views.resume_download,
        name="resume-download",
    ),
]
