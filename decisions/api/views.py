"""``/api/v1/decisions/`` (the issuing department's clerk writes; the office reads all; supervisors in scope) and
``/api/v1/public/decisions/`` (anyone: published decisions only, ID numbers masked)."""
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from accounts.choices import Role
from integrity_portal.api import PUBLIC

from .. import services
from ..choices import CheckChannel
from ..filtersets import DecisionFilterSet, PublicDecisionFilterSet
from ..models import Decision, answered_for
from ..selectors import decision_quality, id_reader
from . import serializers as s

READERS = {Role.CREDIT_OFFICE, Role.CLERK, Role.SUPERVISOR}
WRITERS = {Role.CLERK}


class DecisionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                      mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """双公示 decisions (行政许可、行政处罚、行政强制、行政确认、行政征收、行政给付). Drafts are created and changed by
    the issuing department's clerks and published in bulk; a new version is a new row with the same document
    number. Never deleted (DELETE → 405)."""

    filterset_class = DecisionFilterSet
    ordering_fields = ["decision_date", "created_at", "published_at"]
    read_roles = READERS
    write_roles = WRITERS
    action_roles = {"publish": WRITERS, "quality": {Role.CREDIT_OFFICE, Role.CLERK}}
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if self.request.method in ("GET", "HEAD", "OPTIONS"):
            qs = Decision.objects.visible_to(self.request.user)
        else:
            qs = Decision.objects.writable_by(self.request.user)
        return qs.select_related("department", "source_unit", "subject")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "sees_id": id_reader(self.request.user)}

    def get_serializer_class(self):
        if self.action in {"create", "partial_update", "update"}:
            return s.DecisionWriteSerializer
        return s.DecisionSerializer

    def _answer(self, decision, code=status.HTTP_200_OK):
        decision = self.get_queryset().model.objects.select_related("department", "source_unit", "subject").get(
            pk=decision.pk)
        return Response(s.DecisionSerializer(decision, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=s.DecisionWriteSerializer, responses={201: s.DecisionSerializer})
    def create(self, request, *args, **kwargs):
        serializer = s.DecisionWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decision = services.decision_create(actor=request.user, department=request.user.unit,
                                            row=dict(serializer.validated_data), channel=CheckChannel.API)
        return self._answer(decision, status.HTTP_201_CREATED)

    @extend_schema(request=s.DecisionWriteSerializer, responses=s.DecisionSerializer)
    def partial_update(self, request, *args, **kwargs):
        decision = self.get_object()
        serializer = s.DecisionWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        decision = services.decision_update(decision=decision, actor=request.user,
                                            row=dict(serializer.validated_data), channel=CheckChannel.API)
        return self._answer(decision)

    def update(self, request, *args, **kwargs):
        if not kwargs.get("partial"):
            return self.http_method_not_allowed(request, *args, **kwargs)
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=s.PublishSerializer, responses=s.PublishedSerializer,
                   description="发布本单位的草稿（全部成功或全部不变）：不在本单位范围内的编号 404，非草稿 409。")
    @action(detail=False, methods=["post"])
    def publish(self, request):
        serializer = s.PublishSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ids = list(dict.fromkeys(serializer.validated_data["ids"]))
        decisions = list(Decision.objects.writable_by(request.user).filter(pk__in=ids).order_by("pk"))
        if len(decisions) != len(ids):
            raise NotFound()
        return Response({"published": services.decisions_publish(decisions=decisions, actor=request.user)})

    @extend_schema(parameters=[OpenApiParameter("year", int, required=True, description="考核年度")],
                   responses=s.QualitySerializer(many=True),
                   description="各部门双公示及时率、合规率、完整率（百分比）与逾期未公示数：区信用办看全部部门，经办人看本单位。")
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def quality(self, request):
        query = s.QualityQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        user = request.user
        departments = None if (user.is_superuser or user.has_role(Role.CREDIT_OFFICE)) else answered_for(user.unit_id)
        rows = decision_quality(year=query.validated_data["year"], department_ids=departments,
                                today=timezone.localdate())
        return Response(s.QualitySerializer(rows, many=True).data)


class PublicDecisionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """双公示 for anyone: published decisions the rules disclose, in their window; ID numbers masked. What is not
    disclosed is 404, exactly like an id that does not exist."""

    filterset_class = PublicDecisionFilterSet
    serializer_class = s.PublicDecisionSerializer
    read_roles = {PUBLIC}
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        return Decision.objects.public().select_related("department", "source_unit", "subject")
