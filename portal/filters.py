"""FilterSets shared by the directory pages and the read API, and the filters every
part of the site shares."""

import datetime

import django_filters
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField

from portal.models import Industry, Organization, Park

# Python's datetimes (and SQLite's) run from the year 1 to 9999; a moment on the first
# or last day of that range may fall outside it once converted to UTC for the query.
EARLIEST_DATE = datetime.date(1, 1, 2)
LATEST_DATE = datetime.date(9999, 12, 30)


class IsoDateTimeInRangeField(IsoDateTimeField):
    """An ISO 8601 date and time the database can be asked about."""

    default_error_messages = {
        "out_of_range": _("Enter a date and time between %(earliest)s and %(latest)s."),
    }

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        if not EARLIEST_DATE <= value.date() <= LATEST_DATE:
            raise ValidationError(
                self.error_messages["out_of_range"],
                code="out_of_range",
                params={"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
            )
        # The same moment in UTC: Python takes offsets of up to 23:59 hours, PostgreSQL
        # only up to 15:59.
        return value.astimezone(datetime.UTC)


class IsoDateTimeInRangeFilter(django_filters.IsoDateTimeFilter):
    """`IsoDateTimeFilter` whose value out of the database's range is a form error (a
    400 with a message), not an overflow in the query (a 500)."""

    field_class = IsoDateTimeInRangeField


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
