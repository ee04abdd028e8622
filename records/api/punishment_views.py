"""API of joint punishment: rectification cases and their transitions, restriction flags, the credit check."""
from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.choices import Role
from integrity_portal.api import ScopedViewSetMixin

from ..credit_checks import credit_check_perform
from ..models import RectificationCase, RestrictionFlag
from ..services import punishment as services
from ..uploads import UploadTooLarge
from . import punishment_serializers as s

CASE_READERS = {Role.CREDIT_OFFICE, Role.LEADER, Role.CLERK, Role.SUPERVISOR}
OFFICE = {Role.CREDIT_OFFICE}


def _files(request):
    return [(f.name, f.read()) for f in request.FILES.getlist("attachments")]


def _too_large(exc):
    return Response({"detail": str(exc)}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)


class RectificationCaseViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                               mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Rectification cases (clause 6). The unit's clerk explains and reports; the office opens, accepts, returns."""

    scoped_model = RectificationCase
    serializer_class = s.RectificationCaseSerializer
    filterset_fields = ["state", "unit", "origin"]
    ordering_fields = ["opened_on", "updated_at"]
    read_roles = CASE_READERS
    write_roles = OFFICE
    action_roles = {"explain": {Role.CLERK}, "report": {Role.CLERK}, "accept": OFFICE, "send_back": OFFICE,
                    "accountability": OFFICE}
    http_method_names = ["get", "post", "head", "options"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        qs = super().get_queryset().select_related("unit", "explanation_clock", "report_clock")
        qs = qs.prefetch_related("records")
        if self.action in {"explain", "report"}:
            qs = qs.filter(pk__in=RectificationCase.objects.handled_by(self.request.user).values("pk"))
        return qs

    def _answer(self, case, code=status.HTTP_200_OK):
        case = RectificationCase.objects.select_related("unit", "explanation_clock", "report_clock").get(pk=case.pk)
        return Response(s.RectificationCaseSerializer(case, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=s.RectificationOpenSerializer, responses={201: s.RectificationCaseSerializer})
    def create(self, request, *args, **kwargs):
        data = s.RectificationOpenSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        case = services.rectification_open(actor=request.user, **data.validated_data)
        return self._answer(case, status.HTTP_201_CREATED)

    @extend_schema(request=s.ExplainSerializer, responses=s.RectificationCaseSerializer)
    @action(detail=True, methods=["post"])
    def explain(self, request, pk=None):
        case = self.get_object()
        data = s.ExplainSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            case = services.rectification_explain(case=case, actor=request.user, attachments=_files(request),
                                                  **data.validated_data)
        except UploadTooLarge as exc:
            return _too_large(exc)
        return self._answer(case)

    @extend_schema(request=s.ReportSerializer, responses=s.RectificationCaseSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        case = self.get_object()
        data = s.ReportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            case = services.rectification_report(case=case, actor=request.user, attachments=_files(request),
                                                 **data.validated_data)
        except UploadTooLarge as exc:
            return _too_large(exc)
        return self._answer(case)

    @extend_schema(request=s.AcceptSerializer, responses=s.RectificationCaseSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        case = self.get_object()
        data = s.AcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.rectification_accept(case=case, actor=request.user, **data.validated_data))

    @extend_schema(request=s.ReturnSerializer, responses=s.RectificationCaseSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def send_back(self, request, pk=None):
        case = self.get_object()
        data = s.ReturnSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.rectification_return(case=case, actor=request.user, **data.validated_data))

    @extend_schema(request=s.AccountabilitySerializer, responses=s.RectificationCaseSerializer)
    @action(detail=True, methods=["post"])
    def accountability(self, request, pk=None):
        case = self.get_object()
        data = s.AccountabilitySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.rectification_accountability_decide(case=case, actor=request.user,
                                                                         **data.validated_data))


class RestrictionFlagViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Restriction flags of units listed as 失信被执行人 (clause 6); ``?active=true`` for those in force today."""

    scoped_model = RestrictionFlag
    serializer_class = s.RestrictionFlagSerializer
    filterset_fields = ["unit", "kind"]
    read_roles = {Role.CREDIT_OFFICE, Role.LEADER, Role.CLERK, Role.SUPERVISOR}

    def get_queryset(self):
        qs = super().get_queryset().select_related("unit")
        if self.request.query_params.get("active") in {"1", "true", "True"}:
            from django.utils import timezone

            qs = qs.active_on(timezone.localdate())
        return qs.order_by("unit__name", "kind", "-since")


class CreditCheckView(APIView):
    """Credit check of a unit for other systems (clause 5): institutional data only, never personal data.

    ``purpose`` and ``matter`` are required (400 without) and every check is logged with the caller."""

    read_roles = {Role.API_CLIENT, Role.CREDIT_OFFICE}

    @extend_schema(
        parameters=[
            OpenApiParameter("code", OpenApiTypes.STR, OpenApiParameter.QUERY, required=True,
                             description="统一社会信用代码（18 位，按 GB 32100 校验）"),
            OpenApiParameter("purpose", OpenApiTypes.STR, OpenApiParameter.QUERY, required=True,
                             description="查询用途，如“政府采购供应商资格审查”（不超过 200 字）"),
            OpenApiParameter("matter", OpenApiTypes.STR, OpenApiParameter.QUERY, required=True,
                             description="所涉事项，如项目名称或编号（不超过 200 字）"),
        ],
        responses={200: s.CreditCheckSerializer,
                   400: OpenApiResponse(description="代码缺失或校验位错误，或未说明查询用途、所涉事项"),
                   404: OpenApiResponse(description="名录中没有该单位")},
    )
    def get(self, request):
        params = request.query_params
        try:
            answer = credit_check_perform(caller=request.user, code=params.get("code"),
                                          purpose=params.get("purpose"), matter=params.get("matter"))
        except ValidationError as exc:
            return Response(exc.message_dict, status=status.HTTP_400_BAD_REQUEST)
        return Response(answer)
