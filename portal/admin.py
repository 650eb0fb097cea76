from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from portal.models import (
    ContactMessage,
    Honouree,
    Industry,
    KeyFigure,
    Milestone,
    Organization,
    Park,
    SiteSettings,
    SupportProgramme,
    TalentProgramme,
    UpdateRequest,
)
from portal.translated import MissingTranslationFilter

# Addresses typed without a scheme are taken as https (Django 6's default).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Industry)
class IndustryAdmin(TranslationAdmin):
    list_display = ["code", "name_en", "name_zh_hans", "scheme", "parent"]
    list_filter = ["scheme", MissingTranslationFilter]
    search_fields = ["code", "name_en", "name_zh_hans", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]


class KeyFigureInline(TranslationTabularInline):
    model = KeyFigure
    formfield_overrides = URL_FIELDS
    extra = 1
    fields = ["position", "qualifier", "value", "unit", "label", "as_of", "source", "source_url"]


@admin.register(Park)
class ParkAdmin(TranslationAdmin):
    list_display = ["name", "kind", "address", "updated_at"]
    list_filter = ["kind", "industries", MissingTranslationFilter]
    search_fields = ["name_en", "name_zh_hans", "summary_en", "summary_zh_hans", "address_en"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["industries"]
    inlines = [KeyFigureInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "summary", "description", "industries"]}),
        (_("Location (WGS-84)"), {"fields": ["address", "latitude", "longitude"]}),
        (
            _("Hero image"),
            {"fields": ["hero_image", "hero_image_caption", "hero_image_credit"]},
        ),
    ]


class MilestoneInline(TranslationTabularInline):
    model = Milestone
    extra = 1
    fields = ["date", "date_precision", "kind", "title", "park", "source"]
    autocomplete_fields = ["park"]


@admin.register(Organization)
class OrganizationAdmin(TranslationAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["name", "kind", "park", "last_verified", "updated_at"]
    list_filter = ["kind", "park", "industries", MissingTranslationFilter]
    search_fields = [
        "name_en",
        "name_zh_hans",
        "short_name_en",
        "short_name_zh_hans",
        "aliases",
        "credit_code",
    ]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["industries", "park"]
    list_select_related = ["park"]
    inlines = [MilestoneInline]
    fieldsets = [
        (
            None,
            {"fields": ["name", "slug", "kind", "short_name", "aliases", "description"]},
        ),
        (_("Where and what"), {"fields": ["park", "industries", "website", "logo"]}),
        (
            _("Verification"),
            {"fields": ["credit_code", "last_verified", "verified_source"]},
        ),
    ]


@admin.register(Milestone)
class MilestoneAdmin(TranslationAdmin):
    list_display = ["date", "kind", "title", "organization", "park"]
    list_filter = ["kind", "park", MissingTranslationFilter]
    search_fields = ["title_en", "title_zh_hans", "organization__name_en"]
    date_hierarchy = "date"
    autocomplete_fields = ["organization", "park"]
    list_select_related = ["organization", "park"]


@admin.register(SupportProgramme)
class SupportProgrammeAdmin(TranslationAdmin):
    list_display = ["name", "kind", "amount", "currency", "beneficiaries", "as_of"]
    list_filter = ["kind", MissingTranslationFilter]
    search_fields = ["name_en", "name_zh_hans", "summary_en", "summary_zh_hans"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["manager"]


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    """Messages from the public: read, answer by email, mark handled."""

    list_display = ["subject", "name", "email", "created_at", "status"]
    list_filter = ["status", "created_at"]
    search_fields = ["subject", "name", "email", "message"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "name",
        "email",
        "subject",
        "message",
        "created_at",
        "handled_at",
        "handled_by",
    ]
    fields = [*readonly_fields[:5], "status", "handled_at", "handled_by"]
    actions = ["mark_handled"]

    def has_add_permission(self, request):
        # Messages come only from the public form.
        return False

    @admin.action(description=_("Mark the selected messages as handled"))
    def mark_handled(self, request, queryset):
        count = queryset.exclude(status=ContactMessage.Status.HANDLED).update(
            status=ContactMessage.Status.HANDLED,
            handled_at=timezone.now(),
            handled_by=request.user,
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d message marked handled.", "%(count)d messages marked handled.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data and obj.status == ContactMessage.Status.HANDLED:
            obj.handled_at, obj.handled_by = timezone.now(), request.user
        super().save_model(request, obj, form, change)


@admin.register(UpdateRequest)
class UpdateRequestAdmin(admin.ModelAdmin):
    """Corrections proposed by the public. Approving records the decision; the
    editor then changes the organisation itself, so every edit stays deliberate."""

    list_display = ["organization", "name", "email", "created_at", "status"]
    list_filter = ["status", "created_at"]
    search_fields = ["organization__name", "name", "email", "changes"]
    date_hierarchy = "created_at"
    list_select_related = ["organization"]
    readonly_fields = [
        "organization",
        "name",
        "email",
        "role",
        "changes",
        "source_url",
        "created_at",
        "reviewed_at",
        "reviewed_by",
    ]
    fields = [*readonly_fields[:7], "status", "staff_note", "reviewed_at", "reviewed_by"]
    actions = ["approve", "reject"]

    def has_add_permission(self, request):
        return False

    def _review(self, request, queryset, status, done):
        count = queryset.filter(status=UpdateRequest.Status.PENDING).update(
            status=status, reviewed_at=timezone.now(), reviewed_by=request.user
        )
        self.message_user(request, done % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Approve the selected requests"))
    def approve(self, request, queryset):
        self._review(request, queryset, UpdateRequest.Status.APPROVED, _("%(count)d approved."))

    @admin.action(description=_("Reject the selected requests"))
    def reject(self, request, queryset):
        self._review(request, queryset, UpdateRequest.Status.REJECTED, _("%(count)d rejected."))

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data and obj.status != UpdateRequest.Status.PENDING:
            obj.reviewed_at, obj.reviewed_by = timezone.now(), request.user
        super().save_model(request, obj, form, change)


# --- Talent programmes ------------------------------------------------------


class HonoureeInline(TranslationStackedInline):
    model = Honouree
    extra = 0
    fields = [("name", "year", "announced_on"), "title", "organization", "citation"]


@admin.register(TalentProgramme)
class TalentProgrammeAdmin(TranslationAdmin):
    list_display = [
        "name",
        "selected_count",
        "high_level_count",
        "as_of",
        "honouree_count",
        "position",
    ]
    list_editable = ["position"]
    list_filter = ["honourees__year", MissingTranslationFilter]
    search_fields = [
        "name_en",
        "name_zh_hans",
        "summary_en",
        "honourees__name_en",
        "honourees__name_zh_hans",
        "honourees__organization__name_en",
    ]
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
class HonoureeAdmin(TranslationAdmin):
    list_display = ["name", "programme", "organization", "year", "announced_on"]
    list_filter = ["programme", "year", MissingTranslationFilter]
    list_select_related = ["programme", "organization"]
    search_fields = ["name_en", "name_zh_hans", "title_en", "organization__name_en"]
    date_hierarchy = "announced_on"


@admin.register(SiteSettings)
class SiteSettingsAdmin(TranslationAdmin):
    """One row: added once, never deleted; its list shows that row alone."""

    fieldsets = [
        (None, {"fields": ["sponsor", "contact"]}),
        (_("Filings"), {"fields": ["icp_number", "public_security_number", "site_code"]}),
        (None, {"fields": ["examples"]}),
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
