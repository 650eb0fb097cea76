"""The back office: jobs, campaigns and applications, each seen only by those allowed.

Who sees what is decided in one place, the `visible_to(user)` QuerySet methods
of recruitment/models.py; every ModelAdmin here, its filters, its exports and
the dashboard start from them.
"""

import hashlib
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import models
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.admin_site import DeclaredFiltersChangeList
from portal.models import Organization

from . import exports
from .admin_live import CampaignLiveControlsMixin
from .audit import audit
from .dashboard import campaign_dashboard
from .filters import ApplicationFilter
from .models import (
    Application,
    AuditLog,
    Campaign,
    ConsentNotice,
    EmailTemplate,
    EmployerProfile,
    Honouree,
    Interview,
    Job,
    Review,
    StageChange,
    TalentProgramme,
    staff_scope,
    typed_reference,
)
from .pagination import FastCountPaginator
from .services import (
    ALLOWED_TRANSITIONS,
    InvalidTransition,
    allowed_stages,
    application_move,
    interview_invite,
)

FILTER_CHOICES_SECONDS = 300
# Campaigns, jobs and employers change rarely, but a new one should show soon.
RELATED_CHOICES_SECONDS = 60
RELATED_CHOICES = 100  # a filter lists at most this many campaigns, jobs or employers
OTHER_APPLICATIONS = 20
PREVIEW_CHARS = 20_000


class ScopedValuesFilter(admin.SimpleListFilter):
    """Choices from the values present in what the user may see (cached), never beyond it.

    `filter_name` is the ApplicationFilter field that applies the choice, so the
    admin and the staff API filter the same way.
    """

    field = ""
    filter_name = ""
    limit = 50

    def lookups(self, request, model_admin):
        scope = staff_scope(request.user)
        key = f"admin-filter:{model_admin.model._meta.label}:{self.field}:" + (
            "all" if scope.everything else str(scope.organization_id)
        )
        values = cache.get(key)
        if values is None:
            values = list(
                model_admin.get_queryset(request)
                .exclude(**{self.field: ""})
                .values_list(self.field)
                .annotate(n=Count("pk"))
                .order_by("-n")
                .values_list(self.field, flat=True)[: self.limit]
            )
            cache.set(key, values, FILTER_CHOICES_SECONDS)
        return [(value, value) for value in sorted(values)]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        if self.filter_name:
            return _apply_filter(queryset, self.filter_name, self.value())
        return queryset.filter(**{self.field: self.value()})


def _apply_filter(queryset, name, value):
    filterset = ApplicationFilter({name: value}, queryset=queryset)
    if not filterset.is_valid():
        raise IncorrectLookupParameters(filterset.errors)
    return filterset.qs


class JobCityFilter(ScopedValuesFilter):
    title = _("city")
    parameter_name = "city"
    field = "city"


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "city", "status", "deadline"]
    list_filter = ["status", "education", JobCityFilter]
    list_select_related = ["organization"]
    search_fields = ["title", "slug", "organization__name", "city"]
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["organization"]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


@admin.register(Campaign)
class CampaignAdmin(CampaignLiveControlsMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "opens_at",
        "closes_at",
        "status_label",
        "allow_contact_only",
        "dashboard_link",
    ]
    search_fields = ["title", "slug", "host"]
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
class ConsentNoticeAdmin(admin.ModelAdmin):
    """Recruiters publish notice versions; one that anybody has agreed to stays as it is."""

    list_display = ["version", "created_at"]
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


def cached_choices(request, name, compute, *key):
    """A filter's choices, kept a minute per scope (one cache read instead of a query).

    The key names the user's scope, so an employer's HR never reads choices
    computed for someone who sees more.
    """
    scope = staff_scope(request.user)
    cache_key = ":".join(
        ["admin-choices", name, "all" if scope.everything else str(scope.organization_id), *key]
    )
    choices = cache.get(cache_key)
    if choices is None:
        choices = list(compute())
        cache.set(cache_key, choices, RELATED_CHOICES_SECONDS)
    return choices


class CampaignListFilter(admin.SimpleListFilter):
    title = _("campaign")
    parameter_name = "campaign"

    def lookups(self, request, model_admin):
        campaigns = Campaign.objects.visible_to(request.user).order_by("-opens_at")
        return cached_choices(
            request, "campaign", lambda: campaigns.values_list("slug", "title")[:RELATED_CHOICES]
        )

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return _apply_filter(queryset, "campaign", self.value())


class JobListFilter(admin.SimpleListFilter):
    """Jobs of the chosen campaign (or the newest jobs), only those the user may see."""

    title = _("job")
    parameter_name = "job"

    def lookups(self, request, model_admin):
        jobs = Job.objects.visible_to(request.user)
        campaign = request.GET.get("campaign", "")
        if campaign:
            jobs = jobs.filter(campaigns__slug=campaign)
        return cached_choices(
            request,
            "job",
            lambda: jobs.order_by("title").values_list("slug", "title")[:RELATED_CHOICES],
            hashlib.sha256(campaign.encode()).hexdigest()[:16],
        )

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return _apply_filter(queryset, "job", self.value())


class OrganizationListFilter(admin.SimpleListFilter):
    """Employers with jobs; an employer's HR sees only its own organisation."""

    title = _("organisation")
    parameter_name = "organization"

    def lookups(self, request, model_admin):
        organizations = Organization.objects.filter(
            pk__in=Job.objects.visible_to(request.user).values("organization_id")
        ).order_by("name")
        return cached_choices(
            request,
            "organization",
            lambda: organizations.values_list("slug", "name")[:RELATED_CHOICES],
        )

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return _apply_filter(queryset, "organization", self.value())


class SourceListFilter(ScopedValuesFilter):
    title = _("source")
    parameter_name = "source"
    field = filter_name = "source"


class CityListFilter(ScopedValuesFilter):
    title = _("city")
    parameter_name = "city"
    field = filter_name = "city"


class InterviewInline(admin.TabularInline):
    """Schedule an interview; the candidate is emailed an invitation with an .ics file."""

    model = Interview
    extra = 0
    fields = ["starts_at", "duration_minutes", "place", "link", "interviewers"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        # Each form's initial interviewers from one query, not one per interview.
        return super().get_queryset(request).prefetch_related("interviewers")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "interviewers":
            users = get_user_model().objects.filter(is_staff=True, is_active=True)
            scope = staff_scope(request.user)
            if not scope.everything:
                users = users.filter(employer_profile__organization_id=scope.organization_id)
            kwargs["queryset"] = users.order_by("username")
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and db_field.name == "interviewers":
            # The choices, listed once for every interview's form (and the empty
            # one) rather than queried by each; what is posted is still checked
            # against the queryset.
            field.choices = [(user.pk, field.label_from_instance(user)) for user in field.queryset]
        return field


class ApplicationAdminForm(forms.ModelForm):
    """The change page's own fields: a stage move, and this reviewer's rating and notes."""

    move_to = forms.ChoiceField(
        label=_("Move to stage"),
        required=False,
        help_text=_("Only the next stage, or “Not selected”, can be chosen."),
    )
    stage_note = forms.CharField(
        label=_("Note on the stage change"), max_length=300, required=False
    )
    my_rating = forms.TypedChoiceField(
        label=_("Your rating"),
        choices=[("", "—"), *[(n, str(n)) for n in range(1, 6)]],
        coerce=int,
        empty_value=None,
        required=False,
    )
    my_note = forms.CharField(
        label=_("Your notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    class Meta:
        model = Application
        fields = []

    def __init__(self, *args, reviewer=None, **kwargs):
        super().__init__(*args, **kwargs)
        stage = self.instance.stage
        self.fields["move_to"].choices = [("", "—")] + [
            (value, Application.Stage(value).label) for value in allowed_stages(stage)
        ]
        self.review = None
        if reviewer is not None and self.instance.pk:
            # The change page prefetches every review (it shows them all): no query here.
            self.review = next(
                (r for r in self.instance.reviews.all() if r.reviewer_id == reviewer.pk), None
            )
            if self.review is not None:
                self.fields["my_rating"].initial = self.review.rating
                self.fields["my_note"].initial = self.review.note


def _preview_text(text):
    return text[:PREVIEW_CHARS] + ("…" if len(text) > PREVIEW_CHARS else "")


def _label(name):
    return Application._meta.get_field(name).verbose_name


def _consent(version, at, sha256):
    return f"{version} {localtime(at):%Y-%m-%d %H:%M} {sha256[:12]}" if at else _("not given")


def application_summary(application, viewer) -> dict:
    """Everything the change page shows read-only, for its template to draw as a few tables.

    Reviews, stage history and résumé versions come prefetched with the
    application (ApplicationAdmin.get_object); the candidate's other
    applications are one more query, within what `viewer` may see.
    """
    a = application
    download_url = reverse("resume-download", args=[a.pk])
    resume = bool(a.resume) and not a.quarantined
    others = []
    if a.candidate_id is not None:
        others = list(
            Application.objects.visible_to(viewer)
            .filter(candidate_id=a.candidate_id)
            .exclude(pk=a.pk)
            .select_related("campaign", "job")
            .only("reference", "stage", "campaign__title", "job__title")
            .order_by("-created_at")[:OTHER_APPLICATIONS]
        )
    return {
        "candidate": [
            (_label(name), value or "—")
            for name, value in (
                ("full_name", a.full_name),
                ("email", a.email),
                ("phone", a.phone),
                ("city", a.city),
                ("education", a.get_education_display()),
                ("school", a.school),
                ("major", a.major),
                ("graduation_year", a.graduation_year),
                ("years_experience", a.years_experience),
            )
        ],
        "download_url": download_url if resume else "",
        "pdf_url": f"{download_url}?inline=1"
        if resume and a.resume_content_type == "application/pdf"
        else "",
        "text": _preview_text(a.extracted_text) if resume else "",
        "reviews": list(a.reviews.all()),
        "others": [
            (
                reverse("admin:recruitment_application_change", args=[other.pk]),
                other.reference,
                other.campaign.title,
                other.job.title if other.job else "—",
                other.get_stage_display(),
            )
            for other in others
        ],
        "stage_changes": a.stage_history,
        "resume_versions": list(a.resume_versions.all()),
        "record": [
            (_("source"), a.source or "—"),
            (
                _("UTM"),
                " / ".join(filter(None, [a.utm_source, a.utm_medium, a.utm_campaign])) or "—",
            ),
            (
                _("processing consent"),
                _consent(a.consent_version, a.consent_at, a.consent_sha256),
            ),
            (
                _("sharing consent"),
                _consent(a.share_consent_version, a.share_consent_at, a.share_consent_sha256),
            ),
            (_("personal data erased"), a.erased_at or "—"),
        ],
    }


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    form = ApplicationAdminForm
    list_display = [
        "reference",
        "full_name",
        "campaign",
        "job",
        "organization",
        "stage",
        "city",
        "created_at",
    ]
    list_display_links = ["reference", "full_name"]
    list_filter = [
        CampaignListFilter,
        JobListFilter,
        OrganizationListFilter,
        "stage",
        SourceListFilter,
        CityListFilter,
        "education",
        ("created_at", admin.DateFieldListFilter),
    ]
    list_select_related = ["campaign", "job", "job__organization"]
    list_per_page = 50
    ordering = ["-created_at", "-id"]
    sortable_by = ["reference", "full_name", "campaign", "job", "stage", "city", "created_at"]
    # The search is ApplicationQuerySet.search (see get_search_results); listing a
    # field here only turns the search box on.
    search_fields = ["reference"]
    search_help_text = _(
        "A reference, an email or a phone number (exact), or words of the name or the résumé."
    )
    show_full_result_count = False
    # Facet counts would run one COUNT per filter choice over the whole table.
    show_facets = admin.ShowFacets.NEVER
    paginator = FastCountPaginator
    actions = ["move_to_stage", "reject_with_email", "export_csv", "export_xlsx"]
    inlines = [InterviewInline]
    # Everything else on the page is read-only and drawn by one template
    # (change_form.html, from application_summary()): a few tables instead
    # of some twenty-five read-only fields and two read-only inlines.
    change_form_template = "admin/recruitment/application/change_form.html"
    # Never "view on site": an application's only page outside the back office is the
    # candidate's own status page, for whoever holds its link alone.
    view_on_site = False
    fieldsets = [
        (_("Move"), {"fields": [("move_to", "stage_note")]}),
        (_("Your review"), {"fields": [("my_rating", "my_note")]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def get_object(self, request, object_id, from_field=None):
        # The page's whole plan: the row with its campaign, job and employer, then
        # one query each for its reviews, stage history and résumé versions.
        queryset = (
            self.get_queryset(request)
            .select_related("campaign", "job", "job__organization")
            .prefetch_related(
                models.Prefetch("reviews", queryset=Review.objects.select_related("reviewer")),
                models.Prefetch(
                    "stage_changes", queryset=StageChange.objects.select_related("changed_by")
                ),
                "resume_versions",
            )
        )
        try:
            return queryset.get(pk=int(object_id))
        except (Application.DoesNotExist, ValueError, TypeError):
            return None

    def get_search_results(self, request, queryset, search_term):
        return queryset.search(search_term), False

    def get_list_filter(self, request):
        # A reference names one application: its list needs no filters to narrow
        # it (unless some are already applied), so their choices are not built.
        params = set(request.GET) - {"q", "o", "p", "_changelist_filters"}
        if not params and typed_reference(request.GET.get("q", "")):
            return []
        return super().get_list_filter(request)

    def get_changelist(self, request, **kwargs):
        return ApplicationChangeList

    def has_add_permission(self, request):
        return False  # applications arrive through the form and the API only

    def has_delete_permission(self, request, obj=None):
        return False  # personal data goes through erasure and the retention purge

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return partial_form(form, reviewer=request.user)

    @admin.display(description=_("organisation"), ordering="job__organization__name")
    def organization(self, obj):
        return obj.job.organization if obj.job else "—"

    # --- The change page --------------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            if request.method == "GET":
                audit(request, AuditLog.Action.VIEW_APPLICATION, application=obj)
            context["summary"] = application_summary(obj, request.user)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        # Every field on the page is read-only except the form's own: nothing to save
        # on the row itself; the stage moves only through the pipeline's service.
        data = form.cleaned_data
        rating, note = data.get("my_rating"), data.get("my_note", "")
        if form.review is not None or rating or note:
            Review.objects.update_or_create(
                application=obj, reviewer=request.user, defaults={"rating": rating, "note": note}
            )
        if data.get("move_to"):
            try:
                application_move(
                    application=obj,
                    to_stage=data["move_to"],
                    by=request.user,
                    note=data.get("stage_note", ""),
                    request=request,
                )
            except InvalidTransition as exc:
                self.message_user(request, exc.message, messages.ERROR)

    def save_formset(self, request, form, formset, change):
        instances = formset.save()
        if formset.model is Interview:
            for interview in instances:
                interview_invite(interview_id=interview.pk)

    # --- Bulk actions -----------------------------------------------------------

    def _move_many(self, request, queryset, stage, note):
        moved, refused = 0, []
        for application in queryset.select_related(None).only("pk").iterator(chunk_size=500):
            try:
                application_move(
                    application=application,
                    to_stage=stage,
                    by=request.user,
                    note=note,
                    request=request,
                )
                moved += 1
            except InvalidTransition as exc:
                refused.append(str(exc.message))
        if moved:
            self.message_user(
                request,
                ngettext(
                    "%(count)d application moved to “%(stage)s”.",
                    "%(count)d applications moved to “%(stage)s”.",
                    moved,
                )
                % {"count": moved, "stage": Application.Stage(stage).label},
                messages.SUCCESS,
            )
        for message in refused[:10]:
            self.message_user(request, message, messages.ERROR)
        if len(refused) > 10:
            self.message_user(
                request,
                _("%(count)d more could not be moved.") % {"count": len(refused) - 10},
                messages.ERROR,
            )

    @admin.action(description=_("Move selected applications to a stage…"))
    def move_to_stage(self, request, queryset):
        if "apply" in request.POST:
            form = BulkMoveForm(request.POST)
            if form.is_valid():
                self._move_many(
                    request, queryset, form.cleaned_data["stage"], form.cleaned_data["note"]
                )
                return None
        else:
            form = BulkMoveForm()
        return TemplateResponse(
            request,
            "admin/recruitment/application/move_to_stage.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Move applications to a stage"),
                "form": form,
                "applications": queryset[:50],
                "count": queryset.count(),
                "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
                "select_across": request.POST.get("select_across", "0"),
                "action_name": "move_to_stage",
            },
        )

    @admin.action(description=_("Reject selected applications (the candidates are emailed)"))
    def reject_with_email(self, request, queryset):
        self._move_many(request, queryset, Application.Stage.REJECTED, "")

    @admin.action(description=_("Export selected applications as CSV"))
    def export_csv(self, request, queryset):
        return self._export(request, queryset, "csv")

    @admin.action(description=_("Export selected applications as Excel"))
    def export_xlsx(self, request, queryset):
        return self._export(request, queryset, "xlsx")

    def _export(self, request, queryset, fmt):
        audit(request, AuditLog.Action.EXPORT, detail=f"{fmt}: {request.GET.urlencode()}"[:500])
        if fmt == "xlsx":
            return exports.xlsx_response(queryset)
        return exports.csv_response(queryset)

    # --- Export of the whole filtered list ------------------------------------

    def get_urls(self):
        return [
            path(
                "export/<str:fmt>/",
                self.admin_site.admin_view(self.export_view),
                name="recruitment_application_export",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request, fmt):
        if fmt not in ("csv", "xlsx") or not self.has_view_permission(request):
            raise Http404
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            # The list's own answer to filters it cannot apply (its message says which).
            url = reverse("admin:recruitment_application_changelist")
            return HttpResponseRedirect(f"{url}?e=1")
        return self._export(request, changelist.get_queryset(request), fmt)

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        query = request.GET.urlencode()
        extra_context["export_links"] = [
            (label, reverse("admin:recruitment_application_export", args=[fmt]) + f"?{query}")
            for fmt, label in (("csv", _("Export all as CSV")), ("xlsx", _("Export all as Excel")))
        ]
        return super().changelist_view(request, extra_context)


class ApplicationChangeList(DeclaredFiltersChangeList):
    def get_results(self, request):
        super().get_results(request)
        # A single page is shown from a fresh clone of the queryset; when counting
        # already fetched its rows (a search by reference), show those instead.
        if not self.multi_page and self.paginator.fetched is not None:
            self.result_list = self.paginator.fetched

    def get_queryset(self, request, exclude_parameters=None):
        # The list never shows the long texts: leave them in the database.
        return (
            super()
            .get_queryset(request, exclude_parameters)
            .defer("extracted_text", "cover_letter", "consent_sha256", "share_consent_sha256")
        )


class BulkMoveForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Stage"),
        # Only stages some application could be moved to.
        choices=[
            (stage, label)
            for stage, label in Application.Stage.choices
            if any(stage in targets for targets in ALLOWED_TRANSITIONS.values())
        ],
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


def partial_form(form_class, **kwargs):
    """The ModelAdmin form class with extra constructor arguments bound."""

    class Bound(form_class):
        def __init__(self, *args, **more):
            super().__init__(*args, **{**kwargs, **more})

    Bound.__name__ = form_class.__name__
    return Bound


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    """Read-only: nobody, not even a superuser, edits or deletes the audit log."""

    list_display = ["at", "username", "action", "object_repr", "ip_address", "detail"]
    list_filter = ["action", ("at", admin.DateFieldListFilter)]
    search_fields = ["username", "object_repr"]
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    paginator = FastCountPaginator
    fields = ["at", "username", "action", "object_repr", "ip_address", "detail"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EmailTemplate)
class EmailTemplateAdmin(admin.ModelAdmin):
    list_display = ["stage", "language", "subject", "active"]
    list_filter = ["stage", "language", "active"]


@admin.register(EmployerProfile)
class EmployerProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "organization"]
    list_select_related = ["user", "organization"]
    raw_id_fields = ["user", "organization"]
    search_fields = ["user__username", "organization__name"]


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
