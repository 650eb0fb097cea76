"""The back office's admin site: every list answers only the questions it offers.

Django's changelist accepts a lookup on any of the model's own fields from the
URL (`?status_token__startswith=ab`, `?cover_letter__regex=...`), even fields
the list never shows: a yes/no oracle on secrets, and a regular expression
run by the database. On this site a list takes only what it declares: its
list filters' parameters, its date hierarchy, the search box, ordering and
paging. Anything else is refused, the way Django refuses a filter it cannot
apply (the list again, with `?e=1` and a message), and `__regex`/`__iregex`
never get past the URL (400). Every ModelAdmin registered here gets this,
the third-party ones (users, tokens, axes, tasks) included.
"""

import datetime
from functools import cache

from django.contrib import admin, messages
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.filters import DateFieldListFilter
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import ValidationError
from django.db.models.constants import LOOKUP_SEP
from django.http import Http404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

REGEX_LOOKUPS = {"regex", "iregex"}
EXACT = f"{LOOKUP_SEP}exact"

MSG_UNDECLARED = _("This list cannot be filtered by %(names)s. Use the filters beside the list.")
MSG_DATE_OUT_OF_RANGE = _(
    "A date in the filter is too far in the past or the future for the list to search."
)


def _storable(value) -> bool:
    """Whether a date or time from the URL can be compared with the database's times.

    A time near year 1 or year 9999 has no equivalent in UTC once the site's
    zone is applied; the database adapter would overflow on it.
    """
    if not isinstance(value, datetime.datetime):
        return True
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    try:
        value.astimezone(datetime.UTC)
    except OverflowError:
        return False
    return True


class DeclaredFiltersChangeList(ChangeList):
    """A changelist that applies only the lookups its ModelAdmin declares."""

    def get_filters(self, request):
        asked = self.get_filters_params()
        try:
            specs, has_filters, remaining, duplicates, active = super().get_filters(request)
        except (OverflowError, ValueError) as exc:
            # The date hierarchy's end of a day, month or year after 9999-12-31,
            # which Django works out without a guard.
            if f"{self.date_hierarchy}{LOOKUP_SEP}year" not in asked:
                raise
            messages.error(request, MSG_DATE_OUT_OF_RANGE)
            raise IncorrectLookupParameters(exc) from exc
        declared = {key for spec in specs for key in spec.expected_parameters()}
        # `?stage=received` is the stage filter's `?stage__exact=received` spelt short.
        declared |= {key.removesuffix(EXACT) for key in declared if key.endswith(EXACT)}
        # What the list filters and the date hierarchy did not take, and is not one of
        # their parameters spelt short, is a lookup nobody declared: refuse it before
        # it reaches a query.
        undeclared = sorted(key for key in asked if key in remaining and key not in declared)
        if undeclared:
            names = ", ".join(f"“{key[:60]}”" for key in undeclared[:5])
            messages.error(request, MSG_UNDECLARED % {"names": names})
            raise IncorrectLookupParameters(undeclared)
        # The date hierarchy's bounds, and the dates of the date filters.
        bounds = [value for values in remaining.values() for value in values]
        for spec in specs:
            if isinstance(spec, DateFieldListFilter):
                bounds += self._date_filter_values(spec)
        if not all(_storable(value) for value in bounds):
            messages.error(request, MSG_DATE_OUT_OF_RANGE)
            raise IncorrectLookupParameters(MSG_DATE_OUT_OF_RANGE)
        return specs, has_filters, remaining, duplicates, active

    @staticmethod
    def _date_filter_values(spec):
        """The dates and times a date filter was given, read as its field reads them.

        A time with an offset is handed on to the query as the same moment in UTC:
        Python takes offsets of up to 23:59 hours, PostgreSQL only up to 15:59.
        """
        values = []
        for key, given in spec.used_parameters.items():
            if key.endswith(f"{LOOKUP_SEP}isnull"):
                continue
            read = []
            for value in given:
                try:
                    read.append(spec.field.to_python(value))
                except ValidationError as exc:
                    raise IncorrectLookupParameters(exc) from exc
            values += read
            if all(_storable(value) for value in read):
                spec.used_parameters[key] = [
                    value.astimezone(datetime.UTC).isoformat()
                    if isinstance(value, datetime.datetime) and timezone.is_aware(value)
                    else original
                    for value, original in zip(read, given, strict=True)
                ]
        return values


@cache
def declared_filters_changelist(changelist_class):
    """`changelist_class` (Django's or a ModelAdmin's own) with the check above."""
    if issubclass(changelist_class, DeclaredFiltersChangeList):
        return changelist_class
    return type(changelist_class.__name__, (DeclaredFiltersChangeList, changelist_class), {})


class DeclaredFiltersOnly:
    """ModelAdmin mixin: the changelist answers only the filters the admin declares.

    PortalAdminSite adds it to every ModelAdmin registered with it.
    """

    def lookup_allowed(self, lookup, value, request=None):
        if REGEX_LOOKUPS & set(lookup.split(LOOKUP_SEP)):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_changelist(self, request, **kwargs):
        return declared_filters_changelist(super().get_changelist(request, **kwargs))


class PortalAdminSite(admin.AdminSite):
    """Django's admin site, with two doors narrowed.

    - Every ModelAdmin, ours or a third party's, gets DeclaredFiltersOnly.
    - "View on site" (`/admin/r/<content type>/<id>/`) resolves only an object
      its ModelAdmin lets this user view and offers to view on the site;
      Django's own checks nothing but `is_staff`.
    """

    site_header = _("Liangjiang Portal · back office")
    site_title = _("Liangjiang Portal back office")
    index_title = _("Your work")

    # The admin's home page lists the apps staff work in first, the plumbing (users,
    # tokens, login attempts, tasks) after them. Each sees only the apps it may use:
    # recruiters' homes lead with recruitment, editors' with the newsroom and directory.
    WORK_FIRST = ("recruitment", "articles", "portal")

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        if app_label is not None:
            return apps
        first = {label: position for position, label in enumerate(self.WORK_FIRST)}
        return sorted(apps, key=lambda app: first.get(app["app_label"], len(first)))

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, DeclaredFiltersOnly):
            admin_class = type(admin_class.__name__, (DeclaredFiltersOnly, admin_class), {})
        super().register(model_or_iterable, admin_class, **options)

    def get_urls(self):
        return [
            path(
                "r/<path:content_type_id>/<path:object_id>/",
                self.admin_view(self.view_on_site),
                name="view_on_site",
            )
            if getattr(pattern, "name", None) == "view_on_site"
            else pattern
            for pattern in super().get_urls()
        ]

    def view_on_site(self, request, content_type_id, object_id):
        try:
            model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        except (ContentType.DoesNotExist, ValueError):
            raise Http404 from None
        try:
            model_admin = self.get_model_admin(model)
        except NotRegistered:
            raise Http404 from None
        if not model_admin.view_on_site:
            raise Http404
        obj = model_admin.get_object(request, unquote(object_id))
        if obj is None or not model_admin.has_view_permission(request, obj):
            raise Http404
        return shortcut(request, content_type_id, object_id)
