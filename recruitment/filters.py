"""FilterSets shared by the HTML pages and the REST API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Campaign, Job


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
