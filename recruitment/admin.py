from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from recruitment.models import Honouree, TalentProgramme

# --- Talent programmes ------------------------------------------------------


class HonoureeInline(admin.StackedInline):
    model = Honouree
    extra = 0
    fields = [("name", "year", "announced_on"), "title", "organization", "citation"]


@admin.register(TalentProgramme)
class TalentProgrammeAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "selected_count",
        "high_level_count",
        "as_of",
        "honouree_count",
        "position",
    ]
    list_editable = ["position"]
    list_filter = ["honourees__year"]
    search_fields = ["name", "summary", "honourees__name", "honourees__organization__name"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "summary", "description", "position"]}),
        (_("Figures"), {"fields": ["selected_count", "high_level_count", "as_of", "source"]}),
    ]
    inlines = [HonoureeInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(honouree_total=Count("honourees", distinct=True))
        )

    @admin.display(description=_("honourees"), ordering="honouree_total")
    def honouree_count(self, programme):
        return programme.honouree_total


@admin.register(Honouree)
class HonoureeAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "organization", "year", "announced_on"]
    list_filter = ["programme", "year"]
    list_select_related = ["programme", "organization"]
    search_fields = ["name", "title", "organization__name", "citation"]
    date_hierarchy = "announced_on"
