"""Jobs, campaigns (with their dashboard and live controls) and consent notices."""

from urllib.parse import urlencode

from django.contrib import admin
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from portal.translated import MissingTranslationFilter

from .. import tasks
from ..admin_live import CampaignLiveControlsMixin
from ..dashboard import campaign_dashboard
from ..models import (
    Campaign,
    ConsentNotice,
    Job,
    Skill,
    staff_scope,
)
from ..services.background import enqueue
from .filters import JobCityFilter


@admin.register(Job)
class JobAdmin(TranslationAdmin):
    list_display = ["title", "organization", "city", "status", "deadline"]
    list_filter = ["status", "education", JobCityFilter, MissingTranslationFilter]
    list_select_related = ["organization"]
    search_fields = [
        "title_en",
        "title_zh_hans",
        "slug",
        "organization__name_en",
        "organization__name_zh_hans",
        "city_en",
    ]
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["organization"]
    autocomplete_fields = ["must_have", "nice_to_have"]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The requirements may have changed: match the job's applications again.
        enqueue(tasks.rematch_job, job_id=form.instance.pk)


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    """The shared screening vocabulary; a change matches every job's applications again."""

    list_display = ["name", "name_zh", "synonyms"]
    search_fields = ["name", "name_zh", "synonyms"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        enqueue(tasks.rematch_all_jobs)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        enqueue(tasks.rematch_all_jobs)


@admin.register(Campaign)
class CampaignAdmin(CampaignLiveControlsMixin, TranslationAdmin):
    list_display = [
        "title",
        "opens_at",
        "closes_at",
        "status_label",
        "allow_contact_only",
        "dashboard_link",
    ]
    list_filter = [MissingTranslationFilter]
    search_fields = ["title_en", "title_zh_hans", "slug", "host_en"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["jobs"]
    raw_id_fields = ["now_presenting"]
    date_hierarchy = "opens_at"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = ["dashboard_link"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    @admin.display(description=_("status"))
    def status_label(self, obj):
        return obj.get_status_display()

    @admin.display(description=_("dashboard"))
    def dashboard_link(self, obj):
        if obj.pk is None:
            return "—"
        url = reverse("admin:recruitment_campaign_dashboard", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Open the dashboard"))

    def get_urls(self):
        return [
            path(
                "<int:object_id>/dashboard/",
                self.admin_site.admin_view(self.dashboard_view),
                name="recruitment_campaign_dashboard",
            ),
            *super().get_urls(),
        ]

    def dashboard_view(self, request, object_id):
        campaign = self.get_object(request, str(object_id))
        if campaign is None or not self.has_view_permission(request, campaign):
            raise Http404
        data = campaign_dashboard(campaign, request.user)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": campaign,
            "title": _("Dashboard: %(campaign)s") % {"campaign": campaign.title},
            "campaign": campaign,
            "data": data,
            "applications_url": reverse("admin:recruitment_application_changelist")
            + "?"
            + urlencode({"campaign": campaign.slug}),
        }
        return TemplateResponse(request, "admin/recruitment/campaign/dashboard.html", context)


@admin.register(ConsentNotice)
class ConsentNoticeAdmin(TranslationAdmin):
    """Recruiters publish notice versions; one that anybody has agreed to stays as it is."""

    list_display = ["version", "created_at"]
    list_filter = [MissingTranslationFilter]
    # No bulk delete: a notice goes only from its own page, which checks it is not cited.
    actions = None

    @staticmethod
    def _recruiter(request):
        return staff_scope(request.user).everything

    def has_module_permission(self, request):
        return self._recruiter(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._recruiter(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return self._recruiter(request) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return (
            self._recruiter(request)
            and super().has_change_permission(request, obj)
            and (obj is None or not obj.is_cited)
        )

    def has_delete_permission(self, request, obj=None):
        return (
            self._recruiter(request)
            and super().has_delete_permission(request, obj)
            and (obj is None or not obj.is_cited)
        )
