"""Back office, first version: jobs, campaigns and applications, listed and searchable."""

from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .admin_live import CampaignLiveControlsMixin
from .models import (
    Application,
    Campaign,
    ConsentNotice,
    Honouree,
    Job,
    ResumeVersion,
    StageChange,
    TalentProgramme,
)


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "city", "status", "deadline"]
    list_filter = ["status", "education", "city"]
    list_select_related = ["organization"]
    search_fields = ["title", "slug", "organization__name", "city"]
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["organization"]


@admin.register(Campaign)
class CampaignAdmin(CampaignLiveControlsMixin, admin.ModelAdmin):
    list_display = ["title", "opens_at", "closes_at", "status_label", "allow_contact_only"]
    search_fields = ["title", "slug", "host"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["jobs"]
    raw_id_fields = ["now_presenting"]
    date_hierarchy = "opens_at"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description=_("status"))
    def status_label(self, obj):
        return obj.get_status_display()


@admin.register(ConsentNotice)
class ConsentNoticeAdmin(admin.ModelAdmin):
    list_display = ["version", "created_at"]

    def has_change_permission(self, request, obj=None):
        # A notice someone has agreed to must never change; publish a new version instead.
        return (
            obj is None
            or not obj.campaigns.exists()
            and super().has_change_permission(request, obj)
        )


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    fields = ["changed_at", "from_stage", "to_stage", "changed_by", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ResumeVersionInline(admin.TabularInline):
    model = ResumeVersion
    extra = 0
    fields = ["created_at", "original_name", "content_type", "size", "sha256", "download"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def download(self, obj):
        url = reverse("recruitment:resume-download", args=[obj.application_id])
        return format_html('<a href="{}?version={}">{}</a>', url, obj.pk, _("Download"))


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["reference", "full_name", "campaign", "job", "stage", "created_at"]
    list_filter = ["stage", "campaign", "quarantined", "source"]
    list_select_related = ["campaign", "job", "job__organization"]
    search_fields = ["reference", "full_name", "email", "phone", "school", "major"]
    date_hierarchy = "created_at"
    inlines = [ResumeVersionInline, StageChangeInline]
    readonly_fields = [
        "reference",
        "campaign",
        "candidate",
        "resume_link",
        "resume_original_name",
        "resume_content_type",
        "resume_size",
        "resume_sha256",
        "quarantined",
        "quarantine_reason",
        "consent_version",
        "consent_sha256",
        "consent_at",
        "share_consent_version",
        "share_consent_sha256",
        "share_consent_at",
        "source",
        "utm_source",
        "utm_medium",
        "utm_campaign",
        "created_at",
        "erased_at",
    ]
    exclude = ["resume", "extracted_text", "status_token"]

    def has_add_permission(self, request):
        return False  # applications arrive through the form and the API only

    @admin.display(description=_("résumé"))
    def resume_link(self, obj):
        if not obj.resume:
            return "—"
        if obj.quarantined:
            return _("Quarantined: not available")
        url = reverse("recruitment:resume-download", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download"))

    def save_model(self, request, obj, form, change):
        if change and "stage" in form.changed_data:
            StageChange.objects.create(
                application=obj,
                from_stage=form.initial.get("stage", ""),
                to_stage=obj.stage,
                changed_by=request.user,
            )
        super().save_model(request, obj, form, change)


# --- Talent programmes ------------------------------------------------------


class HonoureeInline(admin.StackedInline):
    model = Honouree
    extra = 0
    fields = [("name", "year", "announced_on"), "title", "organization", "citation"]


@admin.register(TalentProgramme)
class TalentProgrammeAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "selected_count",
        "high_level_count",
        "as_of",
        "honouree_count",
        "position",
    ]
    list_editable = ["position"]
    list_filter = ["honourees__year"]
    search_fields = ["name", "summary", "honourees__name", "honourees__organization__name"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "summary", "description", "position"]}),
        (_("Figures"), {"fields": ["selected_count", "high_level_count", "as_of", "source"]}),
    ]
    inlines = [HonoureeInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(honouree_total=Count("honourees", distinct=True))
        )

    @admin.display(description=_("honourees"), ordering="honouree_total")
    def honouree_count(self, programme):
        return programme.honouree_total


@admin.register(Honouree)
class HonoureeAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "organization", "year", "announced_on"]
    list_filter = ["programme", "year"]
    list_select_related = ["programme", "organization"]
    search_fields = ["name", "title", "organization__name", "citation"]
    date_hierarchy = "announced_on"
