"""Applications and their pipeline: the list, the change page, moves in bulk, interviews."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth import get_user_model
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.admin_site import DeclaredFiltersChangeList

from .. import exports
from ..audit import audit
from ..models import (
    Application,
    AuditLog,
    Interview,
    Review,
    StageChange,
    searches_words,
    serial_search_plans,
    staff_scope,
    typed_reference,
)
from ..models.intake import BEST_MATCH_FIRST
from ..pagination import FastCountPaginator
from ..services import (
    ALLOWED_TRANSITIONS,
    InvalidTransition,
    allowed_stages,
    application_move,
    interview_invite,
)
from .filters import (
    CampaignListFilter,
    CityListFilter,
    JobListFilter,
    MatchBandListFilter,
    MeetsMustHavesListFilter,
    OrganizationListFilter,
    ReviewRequestedListFilter,
    SourceListFilter,
)
from .summary import application_summary


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


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    form = ApplicationAdminForm
    # Six columns fit a 1280 px screen beside the filters: the campaign is a filter,
    # the employer goes with the job, and the rest is on the change page.
    list_display = ["reference", "full_name", "job_at", "stage", "city", "created_at", "match"]
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
        MeetsMustHavesListFilter,
        MatchBandListFilter,
        ReviewRequestedListFilter,
    ]
    list_select_related = ["campaign", "job", "job__organization"]
    list_per_page = 50
    ordering = ["-created_at", "-id"]
    sortable_by = ["reference", "full_name", "job_at", "stage", "city", "created_at", "match"]
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
    actions = [
        "move_to_stage",
        "shortlist_best_matches",
        "reject_with_email",
        "export_csv",
        "export_xlsx",
    ]
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
            .select_related("campaign", "job", "job__organization", "suggested_job")
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

    @admin.display(description=_("match"), ordering=BEST_MATCH_FIRST[0].expression)
    def match(self, obj):
        """The screening's score out of 100 ("—" until the résumé is read)."""
        return "—" if obj.match_score is None else obj.match_score

    @admin.display(description=_("job"), ordering="job__title")
    def job_at(self, obj):
        """The job and its employer in one column: "Battery engineer · Chang'an"."""
        if obj.job is None:
            return "—"
        return f"{obj.job.title} · {obj.job.organization.name}"

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

    @admin.action(description=_("Shortlist the best matches among the selected applications"))
    def shortlist_best_matches(self, request, queryset):
        """The N best-matched of the selection (a job's applications in screening, say)
        move to "shortlisted", each by the pipeline's rules and in the recruiter's name:
        the match ranks, a person decides."""
        if "apply" in request.POST:
            form = ShortlistForm(request.POST)
            if form.is_valid():
                best = (
                    queryset.filter(match_score__isnull=False)
                    .order_by(*BEST_MATCH_FIRST)
                    .values_list("pk", flat=True)[: form.cleaned_data["count"]]
                )
                self._move_many(
                    request,
                    Application.objects.filter(pk__in=list(best)),
                    Application.Stage.SHORTLISTED,
                    form.cleaned_data["note"],
                )
                return None
        else:
            form = ShortlistForm()
        return TemplateResponse(
            request,
            "admin/recruitment/application/move_to_stage.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Shortlist the best matches"),
                "form": form,
                "applications": queryset[:50],
                "count": queryset.count(),
                "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
                "select_across": request.POST.get("select_across", "0"),
                "action_name": "shortlist_best_matches",
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
        if not searches_words(request.GET.get("q", "")):
            return super().changelist_view(request, extra_context)
        with serial_search_plans():
            response = super().changelist_view(request, extra_context)
            # The page's rows are read while the template renders: render it in here.
            if hasattr(response, "render"):
                response.render()
            return response


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


class ShortlistForm(forms.Form):
    count = forms.IntegerField(
        label=_("How many"),
        min_value=1,
        max_value=1000,
        initial=20,
        help_text=_("The best-matched of the selection move to “Shortlisted”."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


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
