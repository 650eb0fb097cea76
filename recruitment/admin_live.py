"""The campaign admin's link to the live control page (now presenting, QR codes).

A mixin, so whichever CampaignAdmin the back office uses can include it:
`class CampaignAdmin(CampaignLiveControlsMixin, admin.ModelAdmin)`.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _


class CampaignLiveControlsMixin:
    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "live_controls"]

    @admin.display(description=_("live control"))
    def live_controls(self, obj):
        if not obj or not obj.pk:
            return "—"
        url = reverse("recruitment:campaign-presenting", args=[obj.slug])
        return format_html(
            '<a href="{}">{}</a>', url, _("Now presenting, QR codes and links for this campaign")
        )
