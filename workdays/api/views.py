from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.choices import STAFF_ROLES, Role
from integrity_portal.api import PUBLIC

from .. import services
from ..calendar import get_calendar
from ..models import CalendarException, CalendarYear, Policy
from . import serializers as s


def explain_result(result) -> dict:
    return {
        "start": result.start,
        "days": result.value,
        "date": result.date,
        "provisional": result.provisional,
        "counted": len(result.counted),
        "counted_days": result.counted,
        "skipped": [{"date": day, "reason": reason} for day, reason in result.skipped],
        "makeup_days": result.makeup_days,
        "calendar_revision": result.calendar_revision,
    }


class WorkdayAddView(APIView):
    """The date N working days after a start date (start not counted, last day inclusive)."""

    read_roles = {PUBLIC}
    authentication_classes = []

    @extend_schema(
        parameters=[
            OpenApiParameter("start", str, OpenApiParameter.QUERY, required=True, description="YYYY-MM-DD"),
            OpenApiParameter("days", int, OpenApiParameter.QUERY, required=True, description="working days ≥ 0"),
        ],
        responses=s.WorkdayAddResultSerializer,
    )
    def get(self, request):
        query = s.WorkdayAddQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        result = get_calendar().add_working_days(query.validated_data["start"], query.validated_data["days"])
        return Response(s.WorkdayAddResultSerializer(explain_result(result)).data)


class WorkdayCheckView(APIView):
    """Whether a date is a working day under the official calendar."""

    read_roles = {PUBLIC}
    authentication_classes = []

    @extend_schema(
        parameters=[OpenApiParameter("date", str, OpenApiParameter.QUERY, required=True, description="YYYY-MM-DD")],
        responses=s.WorkdayCheckResultSerializer,
    )
    def get(self, request):
        query = s.WorkdayCheckQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        day = query.validated_data["date"]
        calendar = get_calendar()
        return Response(s.WorkdayCheckResultSerializer({
            "date": day, "workday": calendar.is_workday(day), "reason": calendar.day_reason(day),
            "provisional": calendar.is_provisional(day, day),
        }).data)


class CalendarYearViewSet(viewsets.ReadOnlyModelViewSet):
    """The official calendar, year by year, with its holidays and make-up working days."""

    serializer_class = s.CalendarYearSerializer
    read_roles = {Role.CREDIT_OFFICE, Role.LEADER}
    filterset_fields = ["year", "status"]
    ordering_fields = ["year", "updated_at"]
    queryset = CalendarYear.objects.prefetch_related(
        Prefetch("exceptions", queryset=CalendarException.objects.order_by("date"))
    ).order_by("-year")


class PolicyViewSet(viewsets.ReadOnlyModelViewSet):
    """Time-limit rules with their legal basis; every version is kept. The office revises."""

    serializer_class = s.PolicySerializer
    read_roles = STAFF_ROLES
    action_roles = {"revise": {Role.CREDIT_OFFICE}}
    filterset_fields = ["key", "scope", "unit", "is_current"]
    search_fields = ["key", "name", "legal_basis"]
    ordering_fields = ["key", "version", "created_at"]
    queryset = Policy.objects.order_by("key", "scope", "-version")

    @extend_schema(request=s.PolicyReviseSerializer, responses={201: s.PolicySerializer})
    @action(detail=True, methods=["post"])
    def revise(self, request, pk=None):
        policy = self.get_object()
        data = s.PolicyReviseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        new = services.policy_revise(key=policy.key, scope=policy.scope, actor=request.user, **data.validated_data)
        return Response(s.PolicySerializer(new).data, status=201)
