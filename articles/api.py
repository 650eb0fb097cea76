"""Read API for news. `routes` is registered by portal/urls.py."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from portal.api import PublicURLField
from portal.siteurl import absolute_url

from .filters import ArticleFilter
from .models import Article, Section


class SectionSerializer(serializers.ModelSerializer):
    url = PublicURLField()
    # The Chinese name as the API has always named it (the Chinese column, "" when missing).
    name_zh = serializers.SerializerMethodField()

    class Meta:
        model = Section
        fields = ["name", "name_zh", "slug", "description", "url"]

    def get_name_zh(self, obj) -> str:
        return obj.name_zh_hans or ""


class ArticleSerializer(serializers.ModelSerializer):
    url = PublicURLField()
    section = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    tags = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    parks = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    organizations = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    talent_programmes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    translation_of = serializers.SerializerMethodField()
    hero_image = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "url",
            "standfirst",
            "section",
            "tags",
            "language",
            "translation_of",
            "author",
            "source",
            "publish_at",
            "updated_at",
            "reading_minutes",
            "hero_image",
            "hero_image_caption",
            "hero_image_credit",
            "parks",
            "organizations",
            "talent_programmes",
        ]

    def get_translation_of(self, obj) -> str | None:
        original = obj.translation_of
        return original.slug if original is not None and original.is_public else None

    def get_hero_image(self, obj) -> str | None:
        if not obj.hero_image:
            return None
        return absolute_url(obj.hero_image.url)


class ArticleDetailSerializer(ArticleSerializer):
    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "body_html"]


@extend_schema_view(
    list=extend_schema(summary="Published articles, newest first, filtered", tags=["News"]),
    retrieve=extend_schema(summary="One article", tags=["News"]),
)
class ArticleViewSet(viewsets.ReadOnlyModelViewSet):
    """Published articles only; filters as on /news/ plus organisation, park, dates and q."""

    lookup_field = "slug"
    filterset_class = ArticleFilter

    def get_queryset(self):
        return (
            Article.objects.published()
            .select_related("section", "translation_of")
            .prefetch_related("tags", "parks", "organizations", "talent_programmes")
            .defer("body_markdown")
            .distinct()
        )

    def get_serializer_class(self):
        return ArticleDetailSerializer if self.action == "retrieve" else ArticleSerializer


@extend_schema_view(
    list=extend_schema(summary="News sections", tags=["News"]),
    retrieve=extend_schema(summary="One section", tags=["News"]),
)
class SectionViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Section.objects.all()
    serializer_class = SectionSerializer
    lookup_field = "slug"
    filterset_fields = []


routes = [
    ("articles", ArticleViewSet, "article"),
    ("sections", SectionViewSet, "section"),
]
