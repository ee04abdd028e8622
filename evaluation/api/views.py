"""``/api/v1/evaluations/periods/`` and ``/api/v1/evaluations/scores/`` (DESIGN.md §4): office and leader read
everything; a clerk their own unit's draft scores (and what is published); the public what is published."""
import django_filters
from django.db.models import Prefetch
from rest_framework import viewsets

from integrity_portal.api import ANY_ROLE, PUBLIC

from ..choices import RunStatus
from ..models import IndicatorScore, Period, Run, Score
from . import serializers as s


class ScoreFilterSet(django_filters.FilterSet):
    period = django_filters.CharFilter(field_name="run__period__code")
    run_status = django_filters.ChoiceFilter(field_name="run__status", choices=RunStatus.choices)

    class Meta:
        model = Score
        fields = ["run", "unit", "grade", "vetoed"]


class PeriodViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.PeriodSerializer
    read_roles = {PUBLIC}
    write_roles = {ANY_ROLE}  # so an unsupported method is 405, not 403
    http_method_names = ["get", "head", "options"]
    lookup_field = "code"
    filterset_fields = ["year", "quarter"]

    def get_queryset(self):
        runs = Run.objects.visible_to(self.request.user)
        return (Period.objects.filter(pk__in=runs.values("period_id"))
                .prefetch_related(Prefetch("runs", queryset=runs.order_by("-version"), to_attr="visible_runs"))
                .order_by("-start", "quarter"))


class ScoreViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.ScoreSerializer
    read_roles = {PUBLIC}
    write_roles = {ANY_ROLE}  # so an unsupported method is 405, not 403
    http_method_names = ["get", "head", "options"]
    filterset_class = ScoreFilterSet
    ordering_fields = ["rank", "total", "unit_name"]

    def get_queryset(self):
        return (Score.objects.visible_to(self.request.user).select_related("run__period")
                .prefetch_related(Prefetch("items", queryset=IndicatorScore.objects.order_by("order")))
                .order_by("-run__period__start", "run__period__code", "-run__version", "rank", "unit_name"))
