from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.choices import Role
from integrity_portal.api import ScopedViewSetMixin

from .. import services
from ..filtersets import CivilServantFilterSet, UnitFilterSet
from ..models import CivilServant, Posting, Unit, UnitHeadTerm
from . import serializers as s

DIRECTORY_READERS = {Role.CREDIT_OFFICE, Role.LEADER, Role.CLERK, Role.SUPERVISOR, Role.CADRE_REVIEWER}


class UnitViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                  mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """The unit directory. Office writes; clerks and supervisors see their scope."""

    scoped_model = Unit
    serializer_class = s.UnitSerializer
    filterset_class = UnitFilterSet
    search_fields = ["name", "code"]
    ordering_fields = ["name", "kind", "updated_at"]
    read_roles = DIRECTORY_READERS
    write_roles = {Role.CREDIT_OFFICE}
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer):
        serializer.instance = services.unit_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.unit_update(
            unit=serializer.instance, actor=self.request.user, **serializer.validated_data
        )

    @extend_schema(request=s.UnitSucceedSerializer, responses=s.UnitSerializer)
    @action(detail=True, methods=["post"])
    def succeed(self, request, pk=None):
        unit = self.get_object()
        data = s.UnitSucceedSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        unit = services.unit_succeed(unit=unit, actor=request.user, **data.validated_data)
        return Response(s.UnitSerializer(unit, context=self.get_serializer_context()).data)

    @extend_schema(request=s.UnitHeadAppointSerializer, responses=s.UnitHeadTermSerializer)
    @action(detail=True, methods=["get", "post"], url_path="heads")
    def heads(self, request, pk=None):
        unit = self.get_object()
        if request.method == "POST":
            data = s.UnitHeadAppointSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            term = services.unit_head_appoint(unit=unit, actor=request.user, **data.validated_data)
            return Response(s.UnitHeadTermSerializer(term).data, status=status.HTTP_201_CREATED)
        terms = UnitHeadTerm.objects.filter(unit=unit).order_by("-start")
        return Response(s.UnitHeadTermSerializer(terms, many=True).data)

    action_roles = {"heads": DIRECTORY_READERS, "succeed": {Role.CREDIT_OFFICE}}

    def check_permissions(self, request):
        super().check_permissions(request)
        if self.action == "heads" and request.method == "POST" and not request.user.is_office:
            raise PermissionDenied


class CivilServantViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                          mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Civil servants. ID numbers are masked except to the person and the office."""

    scoped_model = CivilServant
    filterset_class = CivilServantFilterSet
    search_fields = ["name"]
    ordering_fields = ["name", "updated_at"]
    read_roles = DIRECTORY_READERS
    write_roles = {Role.CREDIT_OFFICE, Role.CLERK}
    action_roles = {"transfer": {Role.CREDIT_OFFICE}, "postings": DIRECTORY_READERS}
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().select_related("unit")

    def get_serializer_class(self):
        if self.action in {"update", "partial_update"}:
            return s.CivilServantUpdateSerializer
        return s.CivilServantSerializer

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.servant_create(actor=self.request.user, unit=data.pop("unit"), **data)

    def perform_update(self, serializer):
        serializer.instance = services.servant_update(
            servant=serializer.instance, actor=self.request.user, **serializer.validated_data
        )

    @extend_schema(request=s.CivilServantTransferSerializer, responses=s.CivilServantSerializer)
    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        servant = self.get_object()
        data = s.CivilServantTransferSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        servant = services.servant_transfer(servant=servant, actor=request.user, **data.validated_data)
        return Response(s.CivilServantSerializer(servant, context=self.get_serializer_context()).data)

    @extend_schema(responses=s.PostingSerializer(many=True))
    @action(detail=True, methods=["get"])
    def postings(self, request, pk=None):
        servant = self.get_object()
        rows = Posting.objects.filter(civil_servant=servant).select_related("unit").order_by("-start")
        return Response(s.PostingSerializer(rows, many=True).data)



