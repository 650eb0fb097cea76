"""Read API for jobs, campaigns and talent programmes. `routes` is registered by portal/urls.py."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from recruitment.models import Honouree, TalentProgramme

routes = []


# --- Talent programmes (/api/v1/talent-programmes/) -------------------------


def _absolute(context, path: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(path) if request else path


@extend_schema_field(OpenApiTypes.URI)
class AbsoluteUrlField(serializers.Field):
    """The object's public page, as an absolute URL."""

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value) -> str:
        return _absolute(self.context, value.get_absolute_url())


class HonoureeSerializer(serializers.ModelSerializer):
    url = AbsoluteUrlField()
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
        return _absolute(self.context, honouree.organization.get_absolute_url())


class TalentProgrammeSerializer(serializers.ModelSerializer):
    url = AbsoluteUrlField()
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


class TalentProgrammeViewSet(viewsets.ReadOnlyModelViewSet):
    """Talent programmes with their figures and honourees."""

    queryset = TalentProgramme.objects.with_honourees()
    serializer_class = TalentProgrammeSerializer
    lookup_field = "slug"
    # Only slug characters reach the database: a NUL byte would be a 500 on PostgreSQL.
    lookup_value_regex = r"[-a-zA-Z0-9_]+"


routes.append(("talent-programmes", TalentProgrammeViewSet, "talent-programme"))
