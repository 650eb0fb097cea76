"""FilterSets shared by the directory pages and the read API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from portal.models import Industry, Organization, Park


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Name"),
        method="filter_text",
        help_text=_("Text in the name, short name or other names (Chinese names too)."),
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Organization.Kind.choices)
    industry = django_filters.ModelChoiceFilter(
        label=_("Industry"),
        field_name="industries",
        to_field_name="slug",
        queryset=Industry.objects.all(),
        help_text=_("An industry's slug."),
    )
    park = django_filters.ModelChoiceFilter(
        label=_("Park"),
        field_name="park",
        to_field_name="slug",
        queryset=Park.objects.all(),
        help_text=_("A park's slug."),
    )

    # The facets a reader narrows the directory by, in the order shown.
    facets = ("kind", "industry", "park")

    class Meta:
        model = Organization
        fields = ["q", "kind", "industry", "park"]

    def filter_text(self, queryset, name, value):
        return queryset.search(value)


class ParkFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Park.Kind.choices)
    industry = django_filters.ModelChoiceFilter(
        label=_("Industry"),
        field_name="industries",
        to_field_name="slug",
        queryset=Industry.objects.all(),
    )

    class Meta:
        model = Park
        fields = ["kind", "industry"]


class IndustryFilter(django_filters.FilterSet):
    scheme = django_filters.ChoiceFilter(label=_("Scheme"), choices=Industry.Scheme.choices)
    parent = django_filters.ModelChoiceFilter(
        label=_("Parent"), to_field_name="slug", queryset=Industry.objects.all()
    )

    class Meta:
        model = Industry
        fields = ["scheme", "parent"]
