"""Recruitment pages."""

import json

from django.conf import settings
from django.utils.safestring import mark_safe
from django.views.generic import ListView

from recruitment.models import TalentProgramme

# --- Talent programmes (/talent/) -------------------------------------------

# The characters json_script escapes, so a value can never close the <script> element.
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _json_ld(data) -> str:
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES))  # noqa: S308


class TalentView(ListView):
    """Every talent programme with its figures and honourees, on one page."""

    template_name = "recruitment/talent.html"
    context_object_name = "programmes"

    def get_queryset(self):
        return TalentProgramme.objects.with_honourees()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["structured_data"] = _json_ld(self.structured_data(context["programmes"]))
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
