"""FilterSets shared by the HTML pages and the REST API."""

import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import APPLICATION_EDUCATION, Application, Campaign, Job
from .models.intake import BEST_MATCH_FIRST


class JobFilter(django_filters.FilterSet):
    organization = django_filters.CharFilter(
        field_name="organization__slug", label=_("Organisation")
    )
    campaign = django_filters.CharFilter(field_name="campaigns__slug", label=_("Campaign"))
    city = django_filters.CharFilter(field_name="city", lookup_expr="iexact", label=_("City"))

    class Meta:
        model = Job
        fields = ["organization", "campaign", "city"]


class CampaignFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=Campaign.Status.choices, method="filter_status", label=_("Status")
    )

    class Meta:
        model = Campaign
        fields = ["status"]

    def filter_status(self, queryset, name, value):
        from django.utils import timezone

        now = timezone.now()
        if value == Campaign.Status.UPCOMING:
            return queryset.filter(opens_at__gt=now)
        if value == Campaign.Status.OPEN:
            return queryset.accepting(now)
        return queryset.filter(closes_at__lte=now)


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Midnight of `day` in the site's zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class DayField(forms.DateField):
    """A day whose start and end the database can compare with (in UTC).

    The first and the last day of the calendar have no such bounds once the
    site's zone is applied: refused here, not an overflow in the query.
    """

    default_error_messages = {
        "out_of_range": _("Enter a date between 0001-01-02 and 9999-12-30."),
    }

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        try:
            start_of_day(value).astimezone(datetime.UTC)
            start_of_day(value + datetime.timedelta(days=1)).astimezone(datetime.UTC)
        except OverflowError:
            message = self.error_messages["out_of_range"]
            raise ValidationError(message, code="out_of_range") from None


class DayFilter(django_filters.DateFilter):
    field_class = DayField


MATCH_BANDS = [
    ("high", _("80 or more")),
    ("medium", _("50 to 79")),
    ("low", _("under 50")),
]
MATCH_BAND_SCORES = {"high": (80, 100), "medium": (50, 79), "low": (0, 49)}
ORDERINGS = [("-match_score", _("Best match first")), ("-created_at", _("Newest first"))]


class ApplicationFilter(django_filters.FilterSet):
    """The back office's filters, shared by the admin changelist and the staff API.

    Related objects are named by slug. The queryset it filters is already
    scoped to what the user may see, so no filter can reach further.
    """

    # Slugs are resolved in a subquery, so the application's own indexes
    # (campaign_id, job_id) serve the filter instead of a join.
    campaign = django_filters.CharFilter(method="filter_campaign", label=_("Campaign"))
    job = django_filters.CharFilter(method="filter_job", label=_("Job"))
    organization = django_filters.CharFilter(method="filter_organization", label=_("Organisation"))
    stage = django_filters.ChoiceFilter(choices=Application.Stage.choices, label=_("Stage"))
    source = django_filters.CharFilter(field_name="source", label=_("Source"))
    city = django_filters.CharFilter(field_name="city", label=_("City"))
    education = django_filters.ChoiceFilter(choices=APPLICATION_EDUCATION, label=_("Education"))
    # Day bounds as times in the site's zone, so the created_at index serves them.
    received_after = DayFilter(method="filter_received_after", label=_("Received on or after"))
    received_before = DayFilter(method="filter_received_before", label=_("Received on or before"))
    q = django_filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        help_text=_("A reference, email or phone number, or words of the name or the résumé."),
    )
    # Assisted screening (recruitment/screening.py).
    meets_must_haves = django_filters.ChoiceFilter(
        choices=[("true", _("Yes")), ("false", _("No"))],
        method="filter_meets_must_haves",
        label=_("Meets every must-have"),
    )
    match_band = django_filters.ChoiceFilter(
        choices=MATCH_BANDS, method="filter_match_band", label=_("Match")
    )
    suggested_job = django_filters.CharFilter(
        method="filter_suggested_job", label=_("Suggested job")
    )
    ordering = django_filters.ChoiceFilter(
        choices=ORDERINGS, method="order", label=_("Order"), empty_label=_("Newest first")
    )

    class Meta:
        model = Application
        fields = [
            "campaign",
            "job",
            "organization",
            "stage",
            "source",
            "city",
            "education",
            "received_after",
            "received_before",
            "q",
            "meets_must_haves",
            "match_band",
            "suggested_job",
            "ordering",
        ]

    def filter_meets_must_haves(self, queryset, name, value):
        return queryset.filter(meets_must_haves=value == "true")

    def filter_match_band(self, queryset, name, value):
        low, high = MATCH_BAND_SCORES[value]
        return queryset.filter(match_score__gte=low, match_score__lte=high)

    def filter_suggested_job(self, queryset, name, value):
        return queryset.filter(
            suggested_job_id=models.Subquery(Job.objects.filter(slug=value).values("pk")[:1])
        )

    def order(self, queryset, name, value):
        if value == "-match_score":
            # Unmatched applications (no résumé read yet) after every scored one.
            return queryset.order_by(*BEST_MATCH_FIRST)
        return queryset.order_by("-created_at", "-id")

    def filter_campaign(self, queryset, name, value):
        return queryset.filter(
            campaign_id=models.Subquery(Campaign.objects.filter(slug=value).values("pk")[:1])
        )

    def filter_job(self, queryset, name, value):
        return queryset.filter(
            job_id=models.Subquery(Job.objects.filter(slug=value).values("pk")[:1])
        )

    def filter_organization(self, queryset, name, value):
        return queryset.filter(
            job_id__in=Job.objects.filter(organization__slug=value).values("pk")
        )

    def filter_received_after(self, queryset, name, value):
        return queryset.filter(created_at__gte=start_of_day(value))

    def filter_received_before(self, queryset, name, value):
        return queryset.filter(created_at__lt=start_of_day(value + datetime.timedelta(days=1)))

    def filter_search(self, queryset, name, value):
        return queryset.search(value)
