"""The back office's list filters: choices from what the user may see, cached per scope."""

import hashlib

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.cache import cache
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from portal.models import Organization

from ..filters import MATCH_BANDS, ApplicationFilter
from ..models import (
    Campaign,
    Job,
    staff_scope,
)

FILTER_CHOICES_SECONDS = 300
# Campaigns, jobs and employers change rarely, but a new one should show soon.
RELATED_CHOICES_SECONDS = 60
RELATED_CHOICES = 100  # a filter lists at most this many campaigns, jobs or employers


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


class MeetsMustHavesListFilter(admin.SimpleListFilter):
    title = _("meets every must-have")
    parameter_name = "meets_must_haves"

    def lookups(self, request, model_admin):
        return [("true", _("Yes")), ("false", _("No"))]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return _apply_filter(queryset, "meets_must_haves", self.value())


class MatchBandListFilter(admin.SimpleListFilter):
    title = _("match")
    parameter_name = "match_band"

    def lookups(self, request, model_admin):
        return MATCH_BANDS

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return _apply_filter(queryset, "match_band", self.value())


class ReviewRequestedListFilter(admin.SimpleListFilter):
    """Applications whose candidate asked that a person, not the match, review them."""

    title = _("review by a person asked for")
    parameter_name = "review_requested"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(review_requested_at__isnull=False)
        return queryset
