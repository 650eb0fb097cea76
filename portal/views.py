from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Prefetch, Q
from django.db.utils import DatabaseError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect
from django.template import loader
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.generic import CreateView, DetailView, ListView, TemplateView
from django_filters.views import FilterView

from portal.context_processors import site
from portal.filters import OrganizationFilter
from portal.forms import ContactMessageForm, UpdateRequestForm
from portal.jsonld import json_ld_text
from portal.models import (
    Industry,
    KeyFigure,
    Milestone,
    Organization,
    Park,
    SupportProgramme,
    TalentProgramme,
)
from portal.net import rate_limited
from portal.siteurl import absolute_url

PARK_ORGANIZATIONS_SHOWN = 50


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def park_json_ld(park) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "Place",
        "name": park.name,
        "description": park.summary,
        "url": absolute(park.get_absolute_url()),
    }
    if park.address:
        data["address"] = park.address
    if park.latitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": park.latitude,
            "longitude": park.longitude,
        }
    if park.hero_image:
        data["image"] = absolute_url(park.hero_image.url)
    return data


def organization_json_ld(organization) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": organization.schema_type,
        "name": organization.name,
        "url": absolute(organization.get_absolute_url()),
    }
    if organization.description:
        data["description"] = organization.description
    if organization.short_name or organization.alias_list:
        data["alternateName"] = [
            name for name in [organization.short_name, *organization.alias_list] if name
        ]
    if organization.website:
        data["sameAs"] = organization.website
    if organization.logo:
        data["logo"] = absolute_url(organization.logo.url)
    if organization.credit_code:
        data["taxID"] = organization.credit_code
    if organization.park:
        data["location"] = {
            "@type": "Place",
            "name": organization.park.name,
            "url": absolute(organization.park.get_absolute_url()),
        }
    return data


def _parks_with_figures():
    return Park.objects.prefetch_related(
        Prefetch("key_figures", queryset=KeyFigure.objects.order_by("position", "id"))
    ).annotate(organization_count=Count("organizations"))


class HomeView(TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            parks=_parks_with_figures(),
            milestones=Milestone.objects.select_related("organization", "park")[:5],
            **kwargs,
        )


class ParkListView(ListView):
    template_name = "portal/park_list.html"
    context_object_name = "parks"

    def get_queryset(self):
        return _parks_with_figures()


class ParkDetailView(DetailView):
    template_name = "portal/park_detail.html"
    context_object_name = "park"

    def get_queryset(self):
        return Park.objects.prefetch_related(
            Prefetch("key_figures", queryset=KeyFigure.objects.order_by("position", "id")),
            "industries",
        )

    def get_context_data(self, **kwargs):
        park = self.object
        organizations = park.organizations.order_by("name")
        return super().get_context_data(
            organizations=organizations[:PARK_ORGANIZATIONS_SHOWN],
            organization_count=organizations.count(),
            milestones=park.milestones.select_related("organization"),
            json_ld=park_json_ld(park),
            **kwargs,
        )


class OrganizationListView(FilterView):
    """The faceted finder: kind, industry, park and text, each facet with its count."""

    filterset_class = OrganizationFilter
    template_name = "portal/organization_list.html"
    context_object_name = "organizations"
    paginate_by = 20

    def get_queryset(self):
        return Organization.objects.for_listing()

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.filterset.errors:
            # The page still renders, explaining which filter it did not understand.
            response.status_code = 400
        return response

    def _facet_base(self, facet: str):
        """The directory filtered by everything except `facet` (and the page)."""
        data = self.request.GET.copy()
        data.pop(facet, None)
        data.pop("page", None)
        filterset = OrganizationFilter(data, queryset=Organization.objects.all())
        return filterset.qs if filterset.is_valid() else Organization.objects.none()

    def _href(self, facet: str, value: str | None) -> str:
        data = self.request.GET.copy()
        data.pop("page", None)
        if value is None:
            data.pop(facet, None)
        else:
            data[facet] = value
        query = urlencode(sorted((k, v) for k, v in data.items() if v))
        return f"?{query}" if query else self.request.path

    def facets(self) -> list[dict]:
        selected = {name: self.request.GET.get(name, "") for name in OrganizationFilter.facets}

        kind_counts = dict(
            self._facet_base("kind")
            .order_by()
            .values("kind")
            .annotate(n=Count("id"))
            .values_list("kind", "n")
        )
        kind_options = [
            (value, label, kind_counts.get(value, 0))
            for value, label in Organization.Kind.choices
            if kind_counts.get(value) or value == selected["kind"]
        ]

        industry_base = self._facet_base("industry")
        industries = (
            Industry.objects.annotate(
                n=Count("organizations", filter=Q(organizations__in=industry_base))
            )
            .filter(Q(n__gt=0) | Q(slug=selected["industry"]))
            .order_by("-n", "scheme", "code")
        )
        industry_options = [(i.slug, i.name, i.n) for i in industries]

        park_base = self._facet_base("park")
        parks = (
            Park.objects.annotate(n=Count("organizations", filter=Q(organizations__in=park_base)))
            .filter(Q(n__gt=0) | Q(slug=selected["park"]))
            .order_by("name")
        )
        park_options = [(p.slug, p.name, p.n) for p in parks]

        facets = []
        for name, label, options in (
            ("kind", gettext_lazy("Kind"), kind_options),
            ("industry", gettext_lazy("Industry"), industry_options),
            ("park", gettext_lazy("Park"), park_options),
        ):
            facets.append(
                {
                    "name": name,
                    "label": label,
                    "clear_href": self._href(name, None) if selected[name] else "",
                    "options": [
                        {
                            "label": option_label,
                            "count": count,
                            "selected": value == selected[name],
                            "href": self._href(name, value),
                        }
                        for value, option_label, count in options
                    ],
                }
            )
        return facets

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["facets"] = self.facets()
        context["is_filtered"] = any(
            self.request.GET.get(name) for name in ("q", *OrganizationFilter.facets)
        )
        return context


class OrganizationDetailView(DetailView):
    template_name = "portal/organization_detail.html"
    context_object_name = "organization"

    def get_queryset(self):
        return Organization.objects.select_related("park").prefetch_related("industries")

    def get_context_data(self, **kwargs):
        organization = self.object
        return super().get_context_data(
            milestones=organization.milestones.select_related("park"),
            programmes=organization.programmes.all(),
            json_ld=organization_json_ld(organization),
            **kwargs,
        )


class TimelineView(ListView):
    template_name = "portal/timeline.html"
    context_object_name = "milestones"
    paginate_by = 50

    def get_queryset(self):
        return Milestone.objects.select_related("organization", "park")


class ProgrammeListView(ListView):
    template_name = "portal/programme_list.html"
    context_object_name = "programmes"

    def get_queryset(self):
        return SupportProgramme.objects.select_related("manager")


class RateLimitedCreateView(CreateView):
    """A public form that stores a row, refuses robots and limits each client.

    A post caught by the honeypot gets the same answer as a real one, so a
    robot learns nothing, and nothing is stored.
    """

    rate_scope = ""
    rate_limit_setting = ""
    rate_window = 60 * 60
    success_message = ""

    def rate_limit(self) -> int:
        return getattr(settings, self.rate_limit_setting)

    def form_valid(self, form):
        if form.is_spam():
            messages.success(self.request, self.success_message)
            return redirect(self.get_success_url())
        retry_after = rate_limited(
            self.request, scope=self.rate_scope, limit=self.rate_limit(), window=self.rate_window
        )
        if retry_after:
            minutes = max(1, round(retry_after / 60))
            form.add_error(
                None,
                ngettext(
                    "You have sent several messages in a short time. Please wait about "
                    "%(minutes)d minute and try again.",
                    "You have sent several messages in a short time. Please wait about "
                    "%(minutes)d minutes and try again.",
                    minutes,
                )
                % {"minutes": minutes},
            )
            response = self.render_to_response(self.get_context_data(form=form), status=429)
            response["Retry-After"] = str(retry_after)
            return response
        self.object = self.save(form)
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())

    def save(self, form):
        return form.save()


class ContactView(RateLimitedCreateView):
    form_class = ContactMessageForm
    template_name = "portal/contact.html"
    rate_scope = "contact"
    rate_limit_setting = "CONTACT_RATE_LIMIT"
    success_message = gettext_lazy("Thank you. Your message has reached our staff.")

    def get_success_url(self):
        return reverse("portal:contact")


class UpdateRequestView(RateLimitedCreateView):
    form_class = UpdateRequestForm
    template_name = "portal/update_request.html"
    rate_scope = "update-request"
    rate_limit_setting = "CONTACT_RATE_LIMIT"
    success_message = gettext_lazy(
        "Thank you. Our editors will review your request and may contact you about it."
    )

    def dispatch(self, request, *args, **kwargs):
        self.organization = get_object_or_404(Organization, slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(organization=self.organization, **kwargs)

    def save(self, form):
        form.instance.organization = self.organization
        return form.save()

    def get_success_url(self):
        return self.organization.get_absolute_url()


@never_cache
def healthz(request):
    """Liveness: the process answers."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def readyz(request):
    """Readiness: the database and the cache both answer, else 503."""
    problems = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        problems.append("database")
    try:
        cache.set("readyz", "1", 5)
        if cache.get("readyz") != "1":
            problems.append("cache")
    except Exception:  # noqa: BLE001 - any cache client error means "not ready"
        problems.append("cache")
    if problems:
        response = HttpResponse(
            "unavailable: " + ", ".join(problems), status=503, content_type="text/plain"
        )
        response["Retry-After"] = "5"
        return response
    return HttpResponse("ok", content_type="text/plain")


# --- Talent programmes (/talent/) -------------------------------------------


class TalentView(ListView):
    """Every talent programme with its figures and honourees, on one page."""

    template_name = "portal/talent.html"
    context_object_name = "programmes"

    def get_queryset(self):
        return TalentProgramme.objects.with_honourees()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["structured_data"] = json_ld_text(self.structured_data(context["programmes"]))
        return context

    def structured_data(self, programmes) -> dict:
        """schema.org Person entries: each honouree, the honour and where they work."""

        # Absolute URLs on the canonical host, like the page's <link rel="canonical">.
        def build(path):
            return settings.SITE_URL + path

        people = []
        for programme in programmes:
            for honouree in programme.honourees.all():
                person = {
                    "@type": "Person",
                    "@id": build(honouree.get_absolute_url()),
                    "name": honouree.name,
                    "award": f"{programme.name} ({honouree.year})",
                }
                if honouree.title:
                    person["jobTitle"] = honouree.title
                if honouree.organization:
                    person["worksFor"] = {
                        "@type": "Organization",
                        "name": honouree.organization.name,
                        "url": build(honouree.organization.get_absolute_url()),
                    }
                people.append(person)
        return {"@context": "https://schema.org", "@graph": people}


# --- Error pages: the site's layout, in the reader's language ----------------


def bad_request(request, exception=None):
    return TemplateResponse(request, "400.html", status=400).render()


def permission_denied(request, exception=None):
    return TemplateResponse(request, "403.html", status=403).render()


def page_not_found(request, exception=None):
    return TemplateResponse(request, "404.html", status=404).render()


def server_error(request):
    """The 500 page, rendered without the database: the failure may be the database's.
    No context processors (messages and the user need the session); the site's own
    values are given directly, and the footer reads its settings from the cache alone."""
    html = loader.render_to_string(
        "500.html", {**site(request), "request": request, "without_database": True}
    )
    return HttpResponseServerError(html)
