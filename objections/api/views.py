"""The objections and repairs API (DESIGN.md §4). Scope: ``visible_to(user)`` for reads; the
actions narrow it further (the providing unit answers, the applicant withdraws): out of scope is 404."""
from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from accounts.choices import Role
from integrity_portal.api import ScopedViewSetMixin

from .. import services
from ..filtersets import ObjectionFilterSet, RepairFilterSet
from ..models import Evidence, Objection, ObjectionTransition, Repair, RepairTransition
from ..selectors import OBJECTION_ORDER
from . import serializers as s

READERS = {Role.CIVIL_SERVANT, Role.CLERK, Role.CREDIT_OFFICE, Role.SUPERVISOR}
APPLICANTS = {Role.CIVIL_SERVANT, Role.CLERK}


def _files(validated) -> list[tuple[str, bytes]]:
    return [(f.name, f.read()) for f in validated.get("evidence") or []]


def _too_large(exc) -> Response:
    return Response({"evidence": [str(exc)]}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)


class ObjectionViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                       mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Objections: the subject files, the providing unit reviews and decides, the office watches the clock."""

    scoped_model = Objection
    filterset_class = ObjectionFilterSet
    ordering_fields = ["filed_on", "due_date", "clock__due_date"]  # due_date: the stored copy, indexed
    read_roles = READERS
    write_roles = APPLICANTS
    action_roles = {
        "withdraw": APPLICANTS, "review": {Role.CLERK}, "decide": {Role.CLERK},
        "extend": {Role.CREDIT_OFFICE}, "period": {Role.CREDIT_OFFICE}, "pause": {Role.CREDIT_OFFICE}, "resume": {Role.CREDIT_OFFICE},
    }
    http_method_names = ["get", "post", "head", "options"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        qs = super().get_queryset().select_related("record__provider", "applicant", "clock").prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at", "id")))
        user = self.request.user
        if self.action in {"review", "decide"}:
            qs = qs.filter(pk__in=Objection.objects.answerable_by(user).values("pk"))
        elif self.action == "withdraw":
            qs = qs.filter(pk__in=Objection.objects.withdrawable_by(user).values("pk"))
        elif self.action == "retrieve":
            qs = qs.prefetch_related(Prefetch("transitions",
                                              queryset=ObjectionTransition.objects.select_related("actor")))
        return qs.order_by(*OBJECTION_ORDER)

    def get_serializer_class(self):
        return s.ObjectionDetailSerializer if self.action == "retrieve" else s.ObjectionSerializer

    def _answer(self, objection, code=status.HTTP_200_OK):
        objection = Objection.objects.select_related("record__provider", "applicant", "clock").get(
            pk=objection.pk)
        return Response(s.ObjectionDetailSerializer(objection, context=self.get_serializer_context()).data,
                        status=code)

    @extend_schema(request={"multipart/form-data": s.ObjectionCreateSerializer,
                            "application/json": s.ObjectionCreateSerializer}, responses={201: s.ObjectionSerializer})
    def create(self, request, *args, **kwargs):
        data = s.ObjectionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        record = services.records_subject_to(request.user).filter(pk=data.validated_data["record"]).first()
        if record is None:
            raise Http404
        try:
            objection = services.objection_submit(record=record, applicant=request.user,
                                                  reason=data.validated_data["reason"],
                                                  evidence=_files(data.validated_data))
        except services.AttachmentTooLarge as exc:
            return _too_large(exc)
        return self._answer(objection, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.ObjectionDetailSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        return self._answer(services.objection_review(objection=self.get_object(), actor=request.user))

    @extend_schema(request=s.ObjectionDecideSerializer, responses=s.ObjectionDetailSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        objection = self.get_object()
        data = s.ObjectionDecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.objection_decide(objection=objection, actor=request.user, **data.validated_data))

    @extend_schema(request=s.ObjectionReasonSerializer, responses=s.ObjectionDetailSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        objection = self.get_object()
        data = s.ObjectionReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.objection_withdraw(objection=objection, actor=request.user,
                                                        **data.validated_data))

    @extend_schema(request=s.ObjectionExtendSerializer, responses=s.ObjectionDetailSerializer)
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        objection = self.get_object()
        data = s.ObjectionExtendSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.objection_clock_extend(objection=objection, actor=request.user,
                                                            **data.validated_data))

    @extend_schema(request=s.ObjectionPeriodSerializer, responses=s.ObjectionDetailSerializer)
    @action(detail=True, methods=["post"])
    def period(self, request, pk=None):
        objection = self.get_object()
        data = s.ObjectionPeriodSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.objection_set_period(objection=objection, actor=request.user,
                                                          **data.validated_data))

    @extend_schema(request=s.ObjectionReasonSerializer, responses=s.ObjectionDetailSerializer)
    @action(detail=True, methods=["post"])
    def pause(self, request, pk=None):
        objection = self.get_object()
        data = s.ObjectionReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.objection_clock_pause(objection=objection, actor=request.user,
                                                           **data.validated_data))

    @extend_schema(request=s.ObjectionReasonSerializer, responses=s.ObjectionDetailSerializer)
    @action(detail=True, methods=["post"])
    def resume(self, request, pk=None):
        objection = self.get_object()
        data = s.ObjectionReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.objection_clock_resume(objection=objection, actor=request.user,
                                                            **data.validated_data))


class RepairViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Credit repair: the subject applies, the office decides."""

    scoped_model = Repair
    filterset_class = RepairFilterSet
    ordering_fields = ["filed_on"]
    read_roles = READERS
    write_roles = APPLICANTS
    action_roles = {"decide": {Role.CREDIT_OFFICE}}
    http_method_names = ["get", "post", "head", "options"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        qs = super().get_queryset().select_related("record", "decision", "applicant").prefetch_related("evidence")
        if self.action == "retrieve":
            qs = qs.prefetch_related(Prefetch("transitions", queryset=RepairTransition.objects.select_related("actor")))
        return qs.order_by("-filed_at", "-pk")

    def get_serializer_class(self):
        return s.RepairDetailSerializer if self.action == "retrieve" else s.RepairSerializer

    def _answer(self, repair, code=status.HTTP_200_OK):
        repair = Repair.objects.select_related("record", "applicant").get(pk=repair.pk)
        return Response(s.RepairDetailSerializer(repair, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request={"multipart/form-data": s.RepairCreateSerializer,
                            "application/json": s.RepairCreateSerializer}, responses={201: s.RepairSerializer})
    def create(self, request, *args, **kwargs):
        data = s.RepairCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        validated = dict(data.validated_data)
        decision_id, record_id = validated.pop("decision", None), validated.pop("record", None)
        if decision_id is not None:  # a 双公示 decision: its department registers the subject's application
            from decisions.models import Decision

            target = {"decision": Decision.objects.writable_by(request.user).filter(pk=decision_id).first()}
            apply = services.repair_apply_decision
        else:
            target = {"record": services.records_subject_to(request.user).filter(pk=record_id).first()}
            apply = services.repair_apply
        if None in target.values():
            raise Http404
        files = _files(validated)
        validated.pop("evidence", None)
        try:
            repair = apply(**target, applicant=request.user, evidence=files, **validated)
        except services.AttachmentTooLarge as exc:
            return _too_large(exc)
        except services.RepairTooEarly as exc:
            return Response({"detail": exc.message, "code": exc.code,
                             "earliest_date": exc.earliest_date.isoformat()}, status=status.HTTP_409_CONFLICT)
        return self._answer(repair, status.HTTP_201_CREATED)

    @extend_schema(request=s.RepairDecideSerializer, responses=s.RepairDetailSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        repair = self.get_object()
        data = s.RepairDecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.repair_decide(repair=repair, actor=request.user, **data.validated_data))
