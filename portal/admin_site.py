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

from functools import cache

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.db.models.constants import LOOKUP_SEP
from django.utils.translation import gettext_lazy as _

REGEX_LOOKUPS = {"regex", "iregex"}
EXACT = f"{LOOKUP_SEP}exact"

MSG_UNDECLARED = _("This list cannot be filtered by %(names)s. Use the filters beside the list.")


class DeclaredFiltersChangeList(ChangeList):
    """A changelist that applies only the lookups its ModelAdmin declares."""

    def get_filters(self, request):
        asked = self.get_filters_params()
        specs, has_filters, remaining, duplicates, active = super().get_filters(request)
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
        return specs, has_filters, remaining, duplicates, active


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
    """Django's admin site; every ModelAdmin, ours or a third party's, gets DeclaredFiltersOnly."""

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, DeclaredFiltersOnly):
            admin_class = type(admin_class.__name__, (DeclaredFiltersOnly, admin_class), {})
        super().register(model_or_iterable, admin_class, **options)
