from django.db.models import F, Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.choices import Role
from integrity_portal.api import IF_MATCH_DESCRIPTION, ScopedViewSetMixin, etag, if_match_revision

from .. import selectors, services
from ..choices import ENTRY_KINDS, RecordStatus
from ..filtersets import CreditRecordFilterSet
from ..models import CreditRecord
from ..services.credit import edit_revision
from . import record_serializers as s

RECORD_READERS = {Role.CREDIT_OFFICE, Role.LEADER, Role.CLERK, Role.SUPERVISOR, Role.CIVIL_SERVANT,
                  Role.CADRE_REVIEWER}
RECORD_WRITERS = {Role.CREDIT_OFFICE, Role.CLERK}


class CreditRecordViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                          mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Credit records. Clerks write the records their unit provides; PATCH edits drafts only."""

    scoped_model = CreditRecord
    filterset_class = CreditRecordFilterSet
    ordering_fields = ["decision_date", "updated_at", "kind"]
    read_roles = RECORD_READERS
    write_roles = RECORD_WRITERS
    action_roles = {"history": RECORD_READERS}
    http_method_names = ["get", "post", "patch", "head", "options"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        qs = super().get_queryset().select_related("civil_servant", "subject_unit", "provider")
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            # Writes reach only the records the user's unit provides (the office: all).
            qs = qs.filter(pk__in=CreditRecord.objects.writable_by(self.request.user).values("pk"))
        return qs

    def get_serializer_class(self):
        if self.action == "create":
            return s.CreditRecordWriteSerializer
        if self.action in {"update", "partial_update"}:
            return s.RecordUpdateSerializer
        return s.CreditRecordSerializer

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        selectors.log_personal_views(viewer=request.user, records=getattr(self, "_page_rows", []), channel="api")
        return response

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self._page_rows = page or []
        return page

    def retrieve(self, request, *args, **kwargs):
        record = self.get_object()
        selectors.log_personal_views(viewer=request.user, records=[record], channel="api")
        return self._answer(record)

    def _answer(self, record, code=status.HTTP_200_OK):
        """One record; ``ETag`` names its revision for a later ``PATCH`` with ``If-Match``."""
        response = Response(s.CreditRecordSerializer(record, context=self.get_serializer_context()).data, status=code)
        response["ETag"] = etag(edit_revision(record))
        return response

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        provider = data.pop("provider", None)
        if not request.user.is_office or provider is None:
            provider = request.user.unit
        if provider is None:
            return Response({"provider": [_("请指定信息提供单位。")]}, status=status.HTTP_400_BAD_REQUEST)
        record = services.record_create(actor=request.user, provider=provider, **data)
        return self._answer(record, status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, required=False,
                                     description=IF_MATCH_DESCRIPTION)],
        responses=s.CreditRecordSerializer,
    )
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)

    def update(self, request, *args, **kwargs):
        record = self.get_object()
        serializer = self.get_serializer(record, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        record = services.record_update_draft(record=record, actor=request.user,
                                              expected_revision=if_match_revision(request, edit_revision(record)),
                                              **serializer.validated_data)
        return self._answer(record)

    @extend_schema(request=None, responses=s.CreditRecordSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._answer(services.record_publish(record=self.get_object(), actor=request.user))

    @extend_schema(request=s.RecordRevokeSerializer, responses=s.CreditRecordSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        record = self.get_object()
        data = s.RecordRevokeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.record_revoke(record=record, actor=request.user, **data.validated_data))

    @extend_schema(request=s.RecordCorrectSerializer, responses=s.CreditRecordSerializer)
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        record = self.get_object()
        data = s.RecordCorrectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.record_correct(record=record, actor=request.user, **data.validated_data))

    @extend_schema(request=s.DecisionChangedSerializer, responses=s.CreditRecordSerializer)
    @action(detail=True, methods=["post"], url_path="decision-changed")
    def decision_changed(self, request, pk=None):
        record = self.get_object()
        data = s.DecisionChangedSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.record_flag_decision_changed(record=record, actor=request.user,
                                                                  **data.validated_data))

    @extend_schema(request={"multipart/form-data": s.AttachmentUploadSerializer}, responses={201: inline_serializer(
        "RecordAttachmentCreated", {"id": serializers.IntegerField(), "name": serializers.CharField(),
                                    "size": serializers.IntegerField(), "sha256": serializers.CharField()})})
    @action(detail=True, methods=["post"])
    def attachments(self, request, pk=None):
        record = self.get_object()
        data = s.AttachmentUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        try:
            attachment = services.record_attach(record=record, actor=request.user, name=upload.name,
                                                data=upload.read())
        except services.AttachmentTooLarge as exc:
            return Response({"file": [str(exc)]}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
        return Response({"id": attachment.pk, "name": attachment.original_name, "size": attachment.size,
                         "sha256": attachment.sha256}, status=status.HTTP_201_CREATED)

    @extend_schema(responses=inline_serializer("RecordHistory", {
        "events": s.RecordEventSerializer(many=True), "versions": s.RecordVersionSerializer(many=True)}))
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        record = self.get_object()
        selectors.log_personal_views(viewer=request.user, records=[record], channel="api")
        events = selectors.record_events_for(request.user).filter(record=record)
        versions = record.versions.all()
        return Response({
            "events": s.RecordEventSerializer(events, many=True).data,
            "versions": s.RecordVersionSerializer(versions, many=True).data,
        })


class MyFileView(APIView):
    """The civil servant's own credit file: records and file entries (province art. 21)."""

    read_roles = {Role.CIVIL_SERVANT}

    @extend_schema(responses=inline_serializer("MyFile", {
        "servant": s.MyFileServantSerializer(), "records": s.FileRecordSerializer(many=True),
        "entries": s.FileRecordSerializer(many=True)}))
    def get(self, request):
        servant = request.user.civil_servant
        if servant is None:
            raise Http404
        # The provider's name, not the provider (a unit of forty fields, for each of ~500 rows of a long file),
        # and the history as a list, not a manager per record (issue 18).
        rows = (
            CreditRecord.objects.filter(civil_servant=servant).exclude(status=RecordStatus.DRAFT)
            .annotate(provider_name=F("provider__name"))
            .prefetch_related(Prefetch("events", to_attr="history",
                                       queryset=selectors.record_events_for(request.user)))
        )
        records = [r for r in rows if r.kind not in ENTRY_KINDS]
        entries = [r for r in rows if r.kind in ENTRY_KINDS]
        return Response({
            "servant": s.MyFileServantSerializer(servant).data,
            "records": s.FileRecordSerializer(records, many=True).data,
            "entries": s.FileRecordSerializer(entries, many=True).data,
        })
