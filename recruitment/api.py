"""REST API: jobs, campaigns, résumé intake and candidate self-service.

`routes` is registered by portal/urls.py under /api/v1/.
"""

import logging

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ParseError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS, AllowAny, BasePermission
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from portal.api import PublicURLField
from portal.net import client_ip
from portal.siteurl import SitePagination, absolute_url

from . import exports
from .answers import answers_refusals, refuse_if_too_large
from .audit import audit
from .filters import ApplicationFilter, CampaignFilter, JobFilter
from .forms import IntakeApplicationForm, watch_for_interrupted_upload
from .live import applications_received, applications_received_many
from .models import (
    ANY_EDUCATION,
    APPLICATION_EDUCATION,
    Application,
    AuditLog,
    Campaign,
    Job,
    Skill,
    StageChange,
    searches_words,
    serial_search_plans,
)
from .pagination import FastCountPaginator
from .services import (
    FieldsTooLarge,
    IdempotencyKeyTooLong,
    InvalidTransition,
    MalformedRequest,
    allowed_stages,
    application_erase,
    application_move,
    application_submit,
    intake_campaign,
    rate_limit_check,
)

logger = logging.getLogger(__name__)


def form_errors(form) -> dict:
    """Form errors as {"field": ["message", ...]}; non-field errors under `non_field_errors`."""
    errors = {}
    for name, items in form.errors.get_json_data().items():
        key = "non_field_errors" if name == "__all__" else name
        errors[key] = [item["message"] for item in items]
    return errors


# --- Read API -------------------------------------------------------------------


class SkillSerializer(serializers.ModelSerializer):
    term = serializers.CharField(source="name")
    synonyms = serializers.SerializerMethodField()

    class Meta:
        model = Skill
        fields = ["term", "synonyms"]

    def get_synonyms(self, skill) -> list[str]:
        return [form for form in skill.forms() if form != skill.name]


class RequirementsSerializer(serializers.Serializer):
    """What assisted screening checks an application for (recruitment/screening.py)."""

    must = SkillSerializer(source="must_have", many=True)
    nice = SkillSerializer(source="nice_to_have", many=True)
    education = serializers.SerializerMethodField()
    years_experience = serializers.IntegerField(source="experience_years", allow_null=True)
    city = serializers.CharField()

    def get_education(self, job) -> str | None:
        return None if job.education in ("", ANY_EDUCATION) else job.education


class JobSerializer(serializers.ModelSerializer):
    url = PublicURLField()
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    campaigns = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    requirements = RequirementsSerializer(source="*", read_only=True)

    class Meta:
        model = Job
        fields = [
            "slug",
            "url",
            "title",
            "organization",
            "organization_name",
            "description",
            "city",
            "salary_min",
            "salary_max",
            "salary_currency",
            "salary_period",
            "education",
            "experience_years",
            "headcount",
            "status",
            "deadline",
            "campaigns",
            "requirements",
        ]


@extend_schema_view(
    list=extend_schema(summary="Open jobs, filtered", tags=["Jobs and campaigns"]),
    retrieve=extend_schema(
        summary="One job, with its requirements for screening", tags=["Jobs and campaigns"]
    ),
)
class JobViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = JobSerializer
    filterset_class = JobFilter
    lookup_field = "slug"
    queryset = (
        Job.objects.open()
        .with_organization()
        .prefetch_related("campaigns", "must_have", "nice_to_have")
        .order_by("-created_at", "pk")
    )


class CampaignSerializer(serializers.ModelSerializer):
    url = PublicURLField()
    apply_url = serializers.SerializerMethodField()
    status = serializers.CharField(read_only=True)
    state = serializers.SerializerMethodField()
    jobs = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    applications_received = serializers.SerializerMethodField()

    class Meta:
        model = Campaign
        fields = [
            "slug",
            "url",
            "apply_url",
            "title",
            "description",
            "host",
            "platform",
            "stream_url",
            "stream_starts_at",
            "stream_ends_at",
            "opens_at",
            "closes_at",
            "status",
            "state",
            "allow_contact_only",
            "peak_viewers",
            "total_viewers",
            "applications_received",
            "jobs",
        ]

    def get_apply_url(self, obj) -> str:
        return absolute_url(reverse("recruitment:campaign-apply", args=[obj.slug]))

    def get_state(self, obj) -> str:
        return obj.stream_state_at()

    def get_applications_received(self, obj) -> int:
        counts = self.context.get("applications_received")
        if counts is not None and obj.pk in counts:
            return counts[obj.pk]
        return applications_received(obj)


class ApplicationRequestSchema(serializers.Serializer):
    """Documents the intake's fields; ApplicationForm validates them, as for the HTML form."""

    full_name = serializers.CharField(max_length=100)
    email = serializers.EmailField()
    phone = serializers.CharField(max_length=30)
    resume = serializers.FileField(
        required=False, help_text="PDF, DOC or DOCX, at most 10 MB; optional if contact-only."
    )
    consent = serializers.BooleanField()
    share_consent = serializers.BooleanField()
    job = serializers.SlugField(required=False, help_text="A job slug within the campaign.")
    city = serializers.CharField(required=False)
    education = serializers.ChoiceField(choices=APPLICATION_EDUCATION, required=False)
    school = serializers.CharField(required=False)
    major = serializers.CharField(required=False)
    graduation_year = serializers.IntegerField(required=False)
    years_experience = serializers.IntegerField(required=False)
    cover_letter = serializers.CharField(required=False)
    source = serializers.CharField(required=False, help_text="livestream, qr, a partner...")


# What a refused application is answered with (409, 413, 429, 503).
REFUSAL = inline_serializer("Refusal", {"detail": serializers.CharField()})


@extend_schema_view(
    list=extend_schema(
        summary="Recruitment campaigns (livestreams), filtered", tags=["Jobs and campaigns"]
    ),
    retrieve=extend_schema(
        summary="One campaign, with its live count of applications", tags=["Jobs and campaigns"]
    ),
)
class CampaignViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CampaignSerializer
    filterset_class = CampaignFilter
    lookup_field = "slug"
    queryset = Campaign.objects.prefetch_related("jobs").order_by("-opens_at", "pk")

    def get_serializer(self, *args, **kwargs):
        many = kwargs.get("many")
        if many and args:
            kwargs.setdefault("context", self.get_serializer_context())
            kwargs["context"]["applications_received"] = applications_received_many(args[0])
        return super().get_serializer(*args, **kwargs)

    @extend_schema(
        summary="Apply to a campaign (multipart, with the résumé)",
        tags=["Applications"],
        request={"multipart/form-data": ApplicationRequestSchema},
        responses={
            201: inline_serializer(
                "ApplicationAccepted",
                {
                    "reference": serializers.CharField(),
                    "status_url": serializers.URLField(),
                    "created": serializers.BooleanField(),
                },
            ),
            202: inline_serializer(
                "ApplicationUpdateEmailed",
                {"created": serializers.BooleanField(), "detail": serializers.CharField()},
            ),
            409: OpenApiResponse(
                REFUSAL, description="The campaign is not accepting applications."
            ),
            413: OpenApiResponse(REFUSAL, description="The request is over the size limit."),
            503: OpenApiResponse(
                REFUSAL, description="The database is unavailable: retry after `Retry-After`."
            ),
        },
        description=(
            "Submit an application (multipart/form-data). 201 new; 202 the same email again "
            "for this campaign: nothing of the existing application is returned or changed, "
            "and its owner is emailed the status link and a single-use link that applies the "
            "new details; 400 invalid fields; 409 campaign closed; 413 too large; "
            "429 rate-limited; 503 database unavailable. Send an Idempotency-Key header to make "
            "retries safe: the same key with the same request gets the first answer again."
        ),
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="applications",
        authentication_classes=[],
        permission_classes=[AllowAny],
        parser_classes=[MultiPartParser, FormParser],
        # JSON only: no browsable page to negotiate for a POST-only endpoint.
        renderer_classes=[JSONRenderer],
        filterset_class=None,
    )
    @answers_refusals(as_json=True)
    def applications(self, request, slug=None):
        refuse_if_too_large(request)  # before the body is read
        rate_limit_check(client_ip(request))
        key = request.headers.get("Idempotency-Key", "").strip()
        if len(key) > 90:
            raise IdempotencyKeyTooLong()
        upload = watch_for_interrupted_upload(request)
        found = intake_campaign(slug)
        if found is None:
            raise Http404
        campaign, notice = found
        try:
            data, files = request.data, request.FILES  # read the body: `upload` knows now
        except RequestDataTooBig:
            # DATA_UPLOAD_MAX_MEMORY_SIZE counts the fields without the file.
            raise FieldsTooLarge() from None
        except (ParseError, SuspiciousOperation):
            raise MalformedRequest() from None
        form = IntakeApplicationForm(
            data, files, campaign=campaign, upload_interrupted=upload.interrupted
        )
        if not form.is_valid():
            return Response(form_errors(form), status=400)
        result = application_submit(
            campaign=campaign,
            data=form.cleaned_data,
            resume=form.cleaned_data.get("resume"),
            idempotency_key=f"api:{key}" if key else None,
            notice=notice,
        )
        return Response(result.body, status=result.status_code)


# --- Candidate self-service ----------------------------------------------------


class StageChangeSerializer(serializers.Serializer):
    stage = serializers.CharField(source="to_stage")
    stage_display = serializers.CharField(source="get_to_stage_display")
    at = serializers.DateTimeField(source="changed_at")


class ApplicationStatusSerializer(serializers.ModelSerializer):
    campaign = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    job = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    stage_display = serializers.CharField(source="get_stage_display")
    history = StageChangeSerializer(source="stage_history", many=True, read_only=True)
    resume_received = serializers.SerializerMethodField()
    erased = serializers.BooleanField(source="is_erased")

    class Meta:
        model = Application
        fields = [
            "reference",
            "campaign",
            "job",
            "stage",
            "stage_display",
            "history",
            "resume_received",
            "quarantined",
            "created_at",
            "erased",
        ]

    def get_resume_received(self, obj) -> bool:
        return bool(obj.resume)


@extend_schema_view(
    retrieve=extend_schema(
        summary="The candidate's own application, by its private status token",
        tags=["Applications"],
    ),
    destroy=extend_schema(
        summary="Withdraw the application and erase the candidate's personal data",
        tags=["Applications"],
    ),
)
class ApplicationStatusViewSet(
    mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """The candidate's own application, found by its unguessable status token."""

    serializer_class = ApplicationStatusSerializer
    lookup_field = "status_token"
    lookup_value_regex = "[A-Za-z0-9_-]{20,64}"
    authentication_classes = []
    permission_classes = [AllowAny]
    filter_backends = []
    queryset = Application.objects.select_related("campaign", "job").prefetch_related(
        "stage_changes"
    )

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        return response

    def destroy(self, request, *args, **kwargs):
        """Withdraw the application and erase the personal data (PIPL)."""
        application = application_erase(application=self.get_object())
        application = self.get_queryset().get(pk=application.pk)
        return Response(self.get_serializer(application).data, status=200)


routes = [
    ("jobs", JobViewSet, "job"),
    ("campaigns", CampaignViewSet, "campaign"),
    ("applications", ApplicationStatusViewSet, "application"),
]


# --- Staff API (/api/v1/staff/applications/) ----------------------------------


class IsRecruitmentStaff(BasePermission):
    """Signed-in staff who may view applications; what they see is scoped by visible_to."""

    def has_permission(self, request, view):
        user = request.user
        return bool(
            user
            and user.is_authenticated
            and user.is_staff
            and user.has_perm("recruitment.view_application")
            and (request.method in SAFE_METHODS or user.has_perm("recruitment.change_application"))
        )


class FastCountPagination(SitePagination):
    django_paginator_class = FastCountPaginator
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class StaffStageChangeSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="changed_by.username", default="", read_only=True)

    class Meta:
        model = StageChange
        fields = ["from_stage", "to_stage", "changed_at", "by", "note"]


class StaffApplicationSerializer(serializers.ModelSerializer):
    campaign = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    job = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    organization = serializers.CharField(
        source="job.organization.slug", default=None, read_only=True
    )
    stage_display = serializers.CharField(source="get_stage_display", read_only=True)
    allowed_stages = serializers.SerializerMethodField()
    resume_url = serializers.SerializerMethodField()
    admin_url = serializers.SerializerMethodField()
    match = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "reference",
            "campaign",
            "job",
            "organization",
            "stage",
            "stage_display",
            "allowed_stages",
            "full_name",
            "email",
            "phone",
            "city",
            "education",
            "school",
            "major",
            "graduation_year",
            "years_experience",
            "source",
            "created_at",
            "confirmed_at",
            "processed_at",
            "match",
            "review_requested_at",
            "resume_url",
            "admin_url",
        ]
        read_only_fields = fields

    def get_allowed_stages(self, obj) -> list[str]:
        return allowed_stages(obj.stage)

    def get_resume_url(self, obj) -> str | None:
        if not obj.resume or obj.quarantined:
            return None
        return absolute_url(reverse("resume-download", args=[obj.pk]))

    @extend_schema_field(
        inline_serializer(
            "Match",
            {
                "score": serializers.IntegerField(),
                "matched": serializers.ListField(child=serializers.CharField()),
                "missing": serializers.ListField(child=serializers.CharField()),
                "meets_requirements": serializers.BooleanField(),
                "suggested_job": serializers.CharField(allow_null=True),
            },
            allow_null=True,
        )
    )
    def get_match(self, obj):
        """The screening's result with its reasons, or None until the résumé is read."""
        if obj.match is None:
            return None
        return {
            "score": obj.match_score,
            "matched": [item["term"] for item in obj.match["matched"]],
            "missing": [item["term"] for item in obj.match["missing"]],
            "meets_requirements": bool(obj.meets_must_haves) and all(obj.match["meets"].values()),
            "suggested_job": obj.suggested_job.slug if obj.suggested_job_id else None,
        }

    def get_admin_url(self, obj) -> str:
        return absolute_url(reverse("admin:recruitment_application_change", args=[obj.pk]))


class StaffApplicationDetailSerializer(StaffApplicationSerializer):
    history = StaffStageChangeSerializer(source="stage_history", many=True, read_only=True)
    cover_letter = serializers.CharField(read_only=True)

    class Meta(StaffApplicationSerializer.Meta):
        fields = [*StaffApplicationSerializer.Meta.fields, "cover_letter", "history"]
        read_only_fields = fields


class StageMoveSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Application.Stage.choices)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


@extend_schema_view(
    list=extend_schema(
        summary="Applications the signed-in staff member may see, filtered", tags=["Back office"]
    ),
    retrieve=extend_schema(
        summary="One application, with its stage history (audited)", tags=["Back office"]
    ),
    partial_update=extend_schema(
        summary="Move the application to another stage (the pipeline's rules apply)",
        tags=["Back office"],
        request=StageMoveSerializer,
        responses={200: StaffApplicationDetailSerializer},
    ),
)
class StaffApplicationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The back office's applications for scripts and integrations.

    Session or token authentication (`Authorization: Token <key>`); an
    employer's HR sees only its organisation's shared applications, exactly as
    in the admin.
    """

    permission_classes = [IsRecruitmentStaff]
    filterset_class = ApplicationFilter
    pagination_class = FastCountPagination
    lookup_field = "reference"
    lookup_value_regex = "LJ-[A-Z0-9]{4}-[A-Z0-9]{4}"
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        queryset = (
            Application.objects.visible_to(self.request.user)
            .select_related("campaign", "job", "job__organization", "suggested_job")
            .order_by("-created_at", "-id")
        )
        if self.action == "list":
            queryset = queryset.defer("extracted_text", "cover_letter")
        if self.action == "retrieve" or self.action == "partial_update":
            queryset = queryset.prefetch_related(
                Prefetch(
                    "stage_changes", queryset=StageChange.objects.select_related("changed_by")
                )
            )
        return queryset

    def get_serializer_class(self):
        if self.action in ("retrieve", "partial_update"):
            return StaffApplicationDetailSerializer
        return StaffApplicationSerializer

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response

    def list(self, request, *args, **kwargs):
        if not searches_words(request.query_params.get("q", "")):
            return super().list(request, *args, **kwargs)
        with serial_search_plans():  # the rows are read while serialising, in here
            return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        application = self.get_object()
        audit(request, AuditLog.Action.VIEW_APPLICATION, application=application)
        return Response(self.get_serializer(application).data)

    def partial_update(self, request, *args, **kwargs):
        application = self.get_object()
        move = StageMoveSerializer(data=request.data)
        move.is_valid(raise_exception=True)
        try:
            application_move(
                application=application,
                to_stage=move.validated_data["stage"],
                by=request.user,
                note=move.validated_data["note"],
                request=request,
            )
        except InvalidTransition as exc:
            return Response({"stage": [str(exc.message)]}, status=400)
        application = self.get_queryset().get(pk=application.pk)
        return Response(self.get_serializer(application).data)

    @extend_schema(
        summary="Export the filtered applications as CSV or Excel (audited)",
        tags=["Back office"],
        parameters=[
            OpenApiParameter(
                "type", str, enum=["csv", "xlsx"], description="File type (default csv)."
            )
        ],
        responses={
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, exports.XLSX_CONTENT_TYPE): OpenApiTypes.BINARY,
        },
    )
    @action(detail=False, methods=["get"], url_path="export")
    def export(self, request):
        kind = request.query_params.get("type", "csv")
        if kind not in ("csv", "xlsx"):
            return Response({"type": [_("Choose csv or xlsx.")]}, status=400)
        queryset = self.filter_queryset(self.get_queryset())
        audit(request, AuditLog.Action.EXPORT, detail=f"api {kind}: {request.GET.urlencode()}")
        if kind == "xlsx":
            return exports.xlsx_response(queryset)
        return exports.csv_response(queryset)


routes.append(("staff/applications", StaffApplicationViewSet, "staff-application"))
