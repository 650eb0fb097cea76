"""Read API for the directory. `routes` is registered by portal/urls.py."""

from django.conf import settings
from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import routers, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.filters import IndustryFilter, OrganizationFilter, ParkFilter
from portal.languages import site_language
from portal.models import (
    Honouree,
    Industry,
    KeyFigure,
    Organization,
    Park,
    SupportProgramme,
    TalentProgramme,
)
from portal.search import MAX_QUERY_LENGTH, clean_query, search
from portal.siteurl import absolute_url, on_site


class APIRootView(routers.APIRootView):
    """The API's index: a link to each list, on `SITE_URL` (DRF names the request's Host)."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.data = {key: on_site(url) for key, url in response.data.items()}
        return response


@extend_schema_field(OpenApiTypes.URI)
class PublicURLField(serializers.Field):
    """The absolute URL of the object's public page."""

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return absolute_url(value.get_absolute_url())


@extend_schema_field(OpenApiTypes.URI)
class ImageURLField(serializers.ImageField):
    def to_representation(self, value):
        if not value:
            return None
        return absolute_url(value.url)


class IndustrySerializer(serializers.ModelSerializer):
    url = PublicURLField()
    # The Chinese name as the API has always named it (the Chinese column, "" when missing).
    name_zh = serializers.SerializerMethodField()
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Industry
        fields = ["url", "slug", "scheme", "code", "name", "name_zh", "parent"]

    def get_name_zh(self, obj) -> str:
        return obj.name_zh_hans or ""


class KeyFigureSerializer(serializers.ModelSerializer):
    class Meta:
        model = KeyFigure
        fields = ["label", "qualifier", "value", "unit", "as_of", "source", "source_url"]


class ParkSerializer(serializers.ModelSerializer):
    url = PublicURLField()
    industries = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    key_figures = KeyFigureSerializer(many=True, read_only=True)
    hero_image = ImageURLField(read_only=True)

    class Meta:
        model = Park
        fields = [
            "url",
            "slug",
            "name",
            "kind",
            "summary",
            "description",
            "address",
            "latitude",
            "longitude",
            "industries",
            "key_figures",
            "hero_image",
            "hero_image_caption",
            "hero_image_credit",
            "updated_at",
        ]


class OrganizationSerializer(serializers.ModelSerializer):
    url = PublicURLField()
    park = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    industries = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    aliases = serializers.ListField(
        source="alias_list", child=serializers.CharField(), read_only=True
    )
    logo = ImageURLField(read_only=True, allow_null=True)

    class Meta:
        model = Organization
        fields = [
            "url",
            "slug",
            "name",
            "short_name",
            "kind",
            "aliases",
            "park",
            "industries",
            "website",
            "logo",
            "description",
            "credit_code",
            "last_verified",
            "verified_source",
            "updated_at",
        ]


class SupportProgrammeSerializer(serializers.ModelSerializer):
    url = PublicURLField()
    manager = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = SupportProgramme
        fields = [
            "url",
            "slug",
            "name",
            "kind",
            "summary",
            "description",
            "amount",
            "currency",
            "beneficiaries",
            "as_of",
            "launched",
            "manager",
            "source",
        ]


@extend_schema_view(
    list=extend_schema(summary="The zone's parks, filtered", tags=["Directory"]),
    retrieve=extend_schema(summary="One park", tags=["Directory"]),
)
class ParkViewSet(viewsets.ReadOnlyModelViewSet):
    """Innovation platforms and parks, with their dated key figures."""

    serializer_class = ParkSerializer
    filterset_class = ParkFilter
    lookup_field = "slug"
    queryset = Park.objects.prefetch_related(
        "industries",
        Prefetch("key_figures", queryset=KeyFigure.objects.order_by("position", "id")),
    )


@extend_schema_view(
    list=extend_schema(
        summary="Enterprises, research institutes and platforms, filtered", tags=["Directory"]
    ),
    retrieve=extend_schema(summary="One organisation", tags=["Directory"]),
)
class OrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    """The directory: filter by `kind`, `industry` (slug), `park` (slug) and `q` (names)."""

    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    lookup_field = "slug"
    queryset = Organization.objects.for_listing()


@extend_schema_view(
    list=extend_schema(summary="Industries (GB/T 4754 and the zone's chains)", tags=["Directory"]),
    retrieve=extend_schema(summary="One industry", tags=["Directory"]),
)
class IndustryViewSet(viewsets.ReadOnlyModelViewSet):
    """GB/T 4754-2017 sections and divisions, and the zone's key industry chains."""

    serializer_class = IndustrySerializer
    filterset_class = IndustryFilter
    lookup_field = "slug"
    queryset = Industry.objects.select_related("parent")


@extend_schema_view(
    list=extend_schema(
        summary="Support programmes: funds, subsidies, platforms", tags=["Directory"]
    ),
    retrieve=extend_schema(summary="One support programme", tags=["Directory"]),
)
class SupportProgrammeViewSet(viewsets.ReadOnlyModelViewSet):
    """Funds, credit and loan products and policies for enterprises."""

    serializer_class = SupportProgrammeSerializer
    lookup_field = "slug"
    queryset = SupportProgramme.objects.select_related("manager")
    filterset_fields = ["kind"]


# --- Talent programmes (/api/v1/talent-programmes/) -------------------------


class HonoureeSerializer(serializers.ModelSerializer):
    url = PublicURLField()
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    organization_name = serializers.CharField(
        source="organization.name", default=None, read_only=True
    )
    organization_url = serializers.SerializerMethodField()

    class Meta:
        model = Honouree
        fields = [
            "url",
            "name",
            "title",
            "organization",
            "organization_name",
            "organization_url",
            "year",
            "announced_on",
            "citation",
        ]

    def get_organization_url(self, honouree) -> str | None:
        if honouree.organization is None:
            return None
        return absolute_url(honouree.organization.get_absolute_url())


class TalentProgrammeSerializer(serializers.ModelSerializer):
    url = PublicURLField()
    honourees = HonoureeSerializer(many=True, read_only=True)

    class Meta:
        model = TalentProgramme
        fields = [
            "url",
            "slug",
            "name",
            "summary",
            "description",
            "selected_count",
            "high_level_count",
            "as_of",
            "source",
            "honourees",
        ]


@extend_schema_view(
    list=extend_schema(summary="Talent programmes", tags=["Directory"]),
    retrieve=extend_schema(summary="One talent programme, with its honourees", tags=["Directory"]),
)
class TalentProgrammeViewSet(viewsets.ReadOnlyModelViewSet):
    """Talent programmes with their figures and honourees."""

    queryset = TalentProgramme.objects.with_honourees()
    serializer_class = TalentProgrammeSerializer
    lookup_field = "slug"
    # Only slug characters reach the database: a NUL byte would be a 500 on PostgreSQL.
    lookup_value_regex = r"[-a-zA-Z0-9_]+"


routes = [
    ("parks", ParkViewSet, "park"),
    ("organizations", OrganizationViewSet, "organization"),
    ("industries", IndustryViewSet, "industry"),
    ("support-programmes", SupportProgrammeViewSet, "support-programme"),
    ("talent-programmes", TalentProgrammeViewSet, "talent-programme"),
]


# --- Site search (/api/v1/search/): the same groups as the search page -------


class SearchParametersSerializer(serializers.Serializer):
    q = serializers.CharField(max_length=MAX_QUERY_LENGTH, help_text="The words to look for.")
    language = serializers.ChoiceField(
        choices=[code for code, _name in settings.LANGUAGES],
        required=False,
        help_text="The language of the results (news in it only); "
        "default: the request's Accept-Language, else English.",
    )


class SearchHitSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.SerializerMethodField()
    summary = serializers.CharField()
    meta = serializers.CharField(help_text="A date, a kind or a city, as the page shows it.")
    language = serializers.SerializerMethodField(
        help_text="The title's language where it falls back to the other one, else null."
    )

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, hit) -> str:
        return absolute_url(hit.url)

    def get_language(self, hit) -> str | None:
        return hit.title_lang or None


class SearchGroupSerializer(serializers.Serializer):
    kind = serializers.CharField(
        source="key",
        help_text="articles, jobs, campaigns, organizations, parks or talent-programmes",
    )
    label = serializers.CharField()
    count = serializers.IntegerField(help_text="Every match of this kind.")
    results = SearchHitSerializer(source="hits", many=True)


class SearchResultSerializer(serializers.Serializer):
    q = serializers.CharField()
    language = serializers.CharField()
    count = serializers.IntegerField()
    groups = SearchGroupSerializer(many=True)


class SearchView(APIView):
    """Articles, parks, organisations, jobs, campaigns and talent programmes matching `q`,
    grouped by kind with counts, in the language asked for (as `/search/?q=` shows them).
    Each group lists its first ten matches."""

    @extend_schema(
        parameters=[SearchParametersSerializer],
        responses=SearchResultSerializer,
        operation_id="search",
        summary="Search the whole site in one language, grouped by kind",
        tags=["Search"],
    )
    def get(self, request):
        parameters = SearchParametersSerializer(data=request.query_params)
        parameters.is_valid(raise_exception=True)
        q = clean_query(parameters.validated_data["q"])
        if not q:
            raise ValidationError({"q": [_("Type a word to search for.")]})
        language = parameters.validated_data.get("language") or site_language()
        with translation.override(language):
            groups = search(q)
            data = SearchResultSerializer(
                {
                    "q": q,
                    "language": language,
                    "count": sum(group.count for group in groups),
                    "groups": groups,
                }
            ).data
        return Response(data)
