"""FilterSets shared by the news pages and the read API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from portal.filters import IsoDateTimeInRangeFilter

from .models import Article, Section, Tag
from .search import search_articles


class ArticleFilter(django_filters.FilterSet):
    section = django_filters.ModelChoiceFilter(
        label=_("Section"),
        queryset=Section.objects.all(),
        to_field_name="slug",
        empty_label=_("All sections"),
    )
    tag = django_filters.ModelChoiceFilter(
        field_name="tags", label=_("Tag"), queryset=Tag.objects.all(), to_field_name="slug"
    )
    language = django_filters.ChoiceFilter(label=_("Language"), choices=Article.Language.choices)
    organization = django_filters.CharFilter(
        field_name="organizations__slug", label=_("Organisation")
    )
    park = django_filters.CharFilter(field_name="parks__slug", label=_("Park"))
    published_after = IsoDateTimeInRangeFilter(
        field_name="publish_at", lookup_expr="gte", label=_("Published after")
    )
    published_before = IsoDateTimeInRangeFilter(
        field_name="publish_at", lookup_expr="lt", label=_("Published before")
    )
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))

    class Meta:
        model = Article
        fields = ["section", "tag", "language", "organization", "park"]

    def filter_q(self, queryset, name, value):
        return search_articles(queryset, value)
