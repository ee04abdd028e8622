"""``/api/v1/commitments/``: public reads of published public commitments, clerks write their unit's."""
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.choices import Role
from integrity_portal.api import IF_MATCH_DESCRIPTION, PUBLIC, etag, if_match_revision
from records.services.credit import edit_revision

from .. import services
from ..filtersets import WorkspaceCommitmentFilterSet
from ..models import Commitment, Milestone
from ..selectors import commitment_detail_queryset
from . import serializers as s

WRITERS = {Role.CREDIT_OFFICE, Role.CLERK}


class CommitmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                        mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Government commitments. Anonymous: published public ones; staff: also limited ones and their scope."""

    filterset_class = WorkspaceCommitmentFilterSet
    ordering_fields = ["committed_on", "updated_at", "progress"]
    read_roles = {PUBLIC}
    write_roles = WRITERS
    action_roles = {name: WRITERS for name in ("publish", "conclude", "change", "breach", "milestones", "officials")}
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        user = self.request.user
        if self.request.method in ("GET", "HEAD", "OPTIONS"):
            qs = Commitment.objects.readable_by(user)
        else:
            # Writes reach only the commitments of the user's unit (and its predecessors): others are 404.
            qs = Commitment.objects.writable_by(user)
        qs = qs.select_related("unit")
        if self.action == "retrieve":
            qs = commitment_detail_queryset(qs).prefetch_related(
                "officials", Prefetch("children", queryset=Commitment.objects.order_by("id")))
        return qs

    def get_serializer_class(self):
        if self.action == "create":
            return s.CommitmentWriteSerializer
        if self.action in {"update", "partial_update"}:
            return s.CommitmentUpdateSerializer
        if self.action == "retrieve":
            return s.CommitmentDetailSerializer
        return s.CommitmentListSerializer

    def _answer(self, commitment, code=status.HTTP_200_OK):
        commitment = commitment_detail_queryset(Commitment.objects.all()).prefetch_related(
            "officials", "children").get(pk=commitment.pk)
        response = Response(s.CommitmentDetailSerializer(commitment, context=self.get_serializer_context()).data,
                            status=code)
        response["ETag"] = etag(edit_revision(commitment))  # for a later PATCH with If-Match
        return response

    def retrieve(self, request, *args, **kwargs):
        commitment = self.get_object()
        response = Response(self.get_serializer(commitment).data)
        response["ETag"] = etag(edit_revision(commitment))
        return response

    @extend_schema(
        parameters=[OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, required=False,
                                     description=IF_MATCH_DESCRIPTION)],
        responses=s.CommitmentDetailSerializer,
    )
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        unit = data.pop("unit", None)
        if not request.user.is_office or unit is None:
            unit = request.user.unit
        if unit is None:
            return Response({"unit": [_("请指定承诺单位。")]}, status=status.HTTP_400_BAD_REQUEST)
        return self._answer(services.commitment_create(actor=request.user, unit=unit, **data), status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        commitment = self.get_object()
        serializer = self.get_serializer(commitment, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        return self._answer(services.commitment_update(
            commitment=commitment, actor=request.user,
            expected_revision=if_match_revision(request, edit_revision(commitment)), **serializer.validated_data))

    def _run(self, request, serializer_class, service, **extra):
        commitment = self.get_object()
        data = serializer_class(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        return commitment, service(commitment=commitment, actor=request.user, **extra, **data.validated_data)

    @extend_schema(request=None, responses=s.CommitmentDetailSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._answer(services.commitment_publish(commitment=self.get_object(), actor=request.user))

    @extend_schema(request=s.CommitmentConcludeSerializer, responses=s.CommitmentDetailSerializer)
    @action(detail=True, methods=["post"])
    def conclude(self, request, pk=None):
        commitment, _ = self._run(request, s.CommitmentConcludeSerializer, services.commitment_conclude)
        return self._answer(commitment)

    @extend_schema(request=s.ChangeWriteSerializer, responses=s.CommitmentDetailSerializer)
    @action(detail=True, methods=["post"])
    def change(self, request, pk=None):
        commitment, _ = self._run(request, s.ChangeWriteSerializer, services.commitment_change)
        return self._answer(commitment)

    @extend_schema(request=s.CommitmentBreachSerializer, responses={201: inline_serializer("CommitmentBreachCreated", {
        "id": serializers.IntegerField(), "official_name": serializers.CharField(),
        "unit_record": serializers.IntegerField(allow_null=True),
        "person_record": serializers.IntegerField(allow_null=True)})})
    @action(detail=True, methods=["post"])
    def breach(self, request, pk=None):
        _commitment, breach = self._run(request, s.CommitmentBreachSerializer, services.commitment_breach)
        return Response({"id": breach.pk, "official_name": breach.official_name,
                         "unit_record": breach.unit_record_id, "person_record": breach.person_record_id},
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=s.MilestoneWriteSerializer, responses={201: s.CommitmentMilestoneSerializer})
    @action(detail=True, methods=["post"])
    def milestones(self, request, pk=None):
        _commitment, milestone = self._run(request, s.MilestoneWriteSerializer, services.milestone_add)
        milestone = Milestone.objects.prefetch_related("evidence").get(pk=milestone.pk)
        return Response(s.CommitmentMilestoneSerializer(milestone).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.OfficialWriteSerializer, responses={201: s.CommitmentOfficialSerializer})
    @action(detail=True, methods=["post"])
    def officials(self, request, pk=None):
        _commitment, official = self._run(request, s.OfficialWriteSerializer, services.official_assign)
        return Response(s.CommitmentOfficialSerializer(official, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)
