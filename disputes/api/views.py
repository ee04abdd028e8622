"""The clue API (DESIGN.md §4): ``POST disputes/`` (public) → ``{"receipt_code": …}``; ``POST disputes/track/`` with
``receipt_code`` in the body (public; unknown and malformed codes are the same 404); the submitter's actions under the code; the staff
endpoints under ``disputes/clues/`` scoped by ``visible_to`` (out of scope → 404); reports under
``disputes/reports/`` (published ones public). Submissions and look-ups are rate-limited per address (429)."""
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.choices import Role
from integrity_portal.api import PUBLIC, ScopedViewSetMixin

from .. import ratelimit, selectors, services
from ..filtersets import ClueFilterSet
from ..models import DisputeClue, ReopenRequest
from . import serializers as s

OFFICE, CLERK = Role.CREDIT_OFFICE, Role.CLERK
PARSERS = [JSONParser, MultiPartParser, FormParser]


def _files(files) -> list[tuple[str, bytes]]:
    return [(f.name, f.read()) for f in files or []]


def _too_large(exc) -> Response:
    return Response({"attachments": [str(exc)]}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)


def _too_many() -> Response:
    return Response({"detail": str(ratelimit.MESSAGE)}, status=status.HTTP_429_TOO_MANY_REQUESTS)


def _not_found() -> Response:
    return Response({"detail": _("未找到该回执码对应的线索。")}, status=status.HTTP_404_NOT_FOUND)


class ClueSubmitView(APIView):
    """Anyone submits a clue; the answer carries the receipt code, shown this once."""

    read_roles = write_roles = {PUBLIC}
    parser_classes = PARSERS
    http_method_names = ["post", "options"]

    @extend_schema(request={"application/json": s.ClueSubmitSerializer, "multipart/form-data": s.ClueSubmitSerializer},
                   responses={201: s.ReceiptSerializer})
    def post(self, request):
        if not ratelimit.hit(request, "submit"):
            return _too_many()
        data = s.ClueSubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        files = _files(values.pop("attachments", []))
        try:
            clue, code = services.clue_submit(attachments=files, **values)
        except services.AttachmentTooLarge as exc:
            return _too_large(exc)
        response = Response({"receipt_code": code, "reference": clue.reference, "state": clue.state,
                             "handling_unit": clue.handling_unit.name if clue.handling_unit_id else ""},
                            status=status.HTTP_201_CREATED)
        response["Cache-Control"] = "no-store"
        return response


class TrackMixin:
    """The submitter's endpoints: the receipt code travels in the POST body (``receipt_code``), never in a URL,
    so it does not land in access logs, proxies or browser history."""

    read_roles = write_roles = {PUBLIC}
    http_method_names = ["post", "options"]
    action_serializer = None

    def clue_or_none(self, request):
        if not ratelimit.hit(request, "track"):
            return None, _too_many()
        code = s.ReceiptCodeSerializer(data=request.data)
        if not code.is_valid():
            return None, Response(code.errors, status=status.HTTP_400_BAD_REQUEST)
        clue = services.clue_by_code(code.validated_data["receipt_code"])
        return clue, (None if clue is not None else _not_found())

    def answer(self, clue, code=status.HTTP_200_OK):
        response = Response(s.TrackingSerializer(services.tracking_view(clue)).data, status=code)
        response["Cache-Control"] = "no-store"
        return response

    def post(self, request):
        clue, error = self.clue_or_none(request)
        if error:
            return error
        if self.action_serializer is None:
            return self.answer(clue)
        data = self.action_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self.act(clue, data.validated_data)


class ClueTrackView(TrackMixin, APIView):
    @extend_schema(request=s.ReceiptCodeSerializer, responses=s.TrackingSerializer)
    def post(self, request):
        return super().post(request)


class ClueTrackInfoView(TrackMixin, APIView):
    parser_classes = PARSERS
    action_serializer = s.AddInfoSerializer

    @extend_schema(request={"application/json": s.AddInfoSerializer, "multipart/form-data": s.AddInfoSerializer},
                   responses={201: s.TrackingSerializer})
    def post(self, request):
        return super().post(request)

    def act(self, clue, values):
        try:
            services.clue_add_info(clue=clue, body=values["body"], files=_files(values["attachments"]))
        except services.AttachmentTooLarge as exc:
            return _too_large(exc)
        return self.answer(clue, status.HTTP_201_CREATED)


class ClueTrackRateView(TrackMixin, APIView):
    action_serializer = s.RateSerializer

    @extend_schema(request=s.RateSerializer, responses=s.TrackingSerializer)
    def post(self, request):
        return super().post(request)

    def act(self, clue, values):
        services.clue_rate(clue=clue, rating=values["rating"], comment=values["comment"])
        return self.answer(clue)


class ClueTrackReopenView(TrackMixin, APIView):
    action_serializer = s.ReopenSerializer

    @extend_schema(request=s.ReopenSerializer, responses={201: s.TrackingSerializer})
    def post(self, request):
        return super().post(request)

    def act(self, clue, values):
        services.reopen_request(clue=clue, reason=values["reason"])
        return self.answer(clue, status.HTTP_201_CREATED)


class ClueViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Staff: the office routes and watches; the handling unit acknowledges, refuses, notes and concludes."""

    scoped_model = DisputeClue
    filterset_class = ClueFilterSet
    ordering_fields = ["submitted_on", "acknowledge_clock__due_date", "conclude_clock__due_date"]
    read_roles = {OFFICE, CLERK}
    write_roles = {OFFICE, CLERK}
    action_roles = {
        "route": {OFFICE}, "refuse": {CLERK}, "acknowledge": {CLERK}, "notes": {OFFICE, CLERK},
        "conclude": {OFFICE, CLERK}, "extend": {OFFICE, CLERK}, "link": {OFFICE, CLERK},
        "contact": {OFFICE, CLERK}, "reopen_decide": {OFFICE},
    }
    http_method_names = ["get", "post", "head", "options"]
    parser_classes = PARSERS

    def get_queryset(self):
        user = self.request.user
        if self.action == "retrieve":
            return selectors.clue_detail_queryset(user)
        return selectors.clue_list(user)

    def get_serializer_class(self):
        return s.ClueDetailSerializer if self.action == "retrieve" else s.ClueSerializer

    def _answer(self, clue, code=status.HTTP_200_OK):
        clue = selectors.clue_detail_queryset(self.request.user).filter(pk=clue.pk).first()
        if clue is None:  # e.g. "not ours": the clue left the unit's scope
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(s.ClueDetailSerializer(clue, context=self.get_serializer_context()).data, status=code)

    def _data(self, serializer_class):
        data = serializer_class(data=self.request.data)
        data.is_valid(raise_exception=True)
        return dict(data.validated_data)

    @extend_schema(request=s.RouteSerializer, responses=s.ClueDetailSerializer)
    @action(detail=True, methods=["post"])
    def route(self, request, pk=None):
        clue = self.get_object()
        return self._answer(services.clue_route(clue=clue, actor=request.user, **self._data(s.RouteSerializer)))

    @extend_schema(request=s.NotOursSerializer, responses={200: s.ClueDetailSerializer, 204: None})
    @action(detail=True, methods=["post"], url_path="not-ours")
    def refuse(self, request, pk=None):
        clue = self.get_object()
        return self._answer(services.clue_not_ours(clue=clue, actor=request.user, **self._data(s.NotOursSerializer)))

    @extend_schema(request=s.AcknowledgeSerializer, responses=s.ClueDetailSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        clue = self.get_object()
        return self._answer(services.clue_acknowledge(clue=clue, actor=request.user,
                                                      **self._data(s.AcknowledgeSerializer)))

    @extend_schema(request={"application/json": s.NoteCreateSerializer, "multipart/form-data": s.NoteCreateSerializer},
                   responses={201: s.ClueDetailSerializer})
    @action(detail=True, methods=["post"])
    def notes(self, request, pk=None):
        clue = self.get_object()
        data = self._data(s.NoteCreateSerializer)
        try:
            services.clue_note_add(clue=clue, actor=request.user, body=data["body"], visibility=data["visibility"],
                                   files=_files(data["attachments"]))
        except services.AttachmentTooLarge as exc:
            return _too_large(exc)
        return self._answer(clue, status.HTTP_201_CREATED)

    @extend_schema(request=s.ConcludeSerializer, responses=s.ClueDetailSerializer)
    @action(detail=True, methods=["post"])
    def conclude(self, request, pk=None):
        clue = self.get_object()
        data = self._data(s.ConcludeSerializer)
        merged_into = None
        if data.get("merged_into"):
            merged_into = DisputeClue.objects.visible_to(request.user).filter(pk=data["merged_into"]).first()
            if merged_into is None:
                return Response({"merged_into": [_("找不到该线索。")]}, status=status.HTTP_400_BAD_REQUEST)
        return self._answer(services.clue_conclude(clue=clue, actor=request.user, outcome=data["outcome"],
                                                   reason=data["reason"], merged_into=merged_into,
                                                   breach=data["breach"]))

    @extend_schema(request=s.ReasonSerializer, responses=s.ClueDetailSerializer)
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        clue = self.get_object()
        return self._answer(services.clue_extend(clue=clue, actor=request.user, **self._data(s.ReasonSerializer)))

    @extend_schema(request=s.LinkSerializer, responses=s.ClueDetailSerializer)
    @action(detail=True, methods=["post"])
    def link(self, request, pk=None):
        from commitments.models import Commitment

        clue = self.get_object()
        data = self._data(s.LinkSerializer)
        commitment = None
        if data["commitment"]:
            commitment = Commitment.objects.readable_by(request.user).filter(pk=data["commitment"]).first()
            if commitment is None:
                return Response({"commitment": [_("找不到该政务承诺。")]}, status=status.HTTP_400_BAD_REQUEST)
        return self._answer(services.clue_link_commitment(clue=clue, actor=request.user, commitment=commitment))

    @extend_schema(responses=s.ContactSerializer)
    @action(detail=True, methods=["get"])
    def contact(self, request, pk=None):
        clue = self.get_object()
        return Response(services.clue_contact_reveal(clue=clue, viewer=request.user, channel="api"))

    @extend_schema(request=s.ReopenDecideSerializer, responses=s.ClueDetailSerializer)
    @action(detail=True, methods=["post"], url_path="reopen-decide")
    def reopen_decide(self, request, pk=None):
        clue = self.get_object()
        data = self._data(s.ReopenDecideSerializer)
        reopen = ReopenRequest.objects.filter(clue=clue, state="pending").first()
        if reopen is None:
            raise Http404
        services.reopen_decide(request=reopen, actor=request.user, grant=data["grant"], reason=data["reason"])
        return self._answer(clue)


class ClearanceReportViewSet(viewsets.ReadOnlyModelViewSet):
    """Published reports for everyone; the office and the leadership see the unpublished ones too."""

    serializer_class = s.ClearanceReportSerializer
    read_roles = {PUBLIC}
    action_roles = {"publish": {OFFICE}}

    def get_queryset(self):
        return selectors.reports_for(self.request.user).prefetch_related("rows__unit").order_by("-period_start")

    @extend_schema(request=None, responses=s.ClearanceReportSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        report = services.clearance_report_publish(report=self.get_object(), actor=request.user)
        return Response(s.ClearanceReportSerializer(report).data)
