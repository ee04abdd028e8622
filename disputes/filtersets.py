"""One FilterSet for the workspace list and the API (STYLE.md)."""
import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from records.models import Unit
from workdays.choices import ClockState

from .choices import ClueCategory, ClueState
from .models import DisputeClue

LATE = (ClockState.OVERDUE, ClockState.VERY_OVERDUE)


class ClueFilterSet(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(label=_("状态"), choices=ClueState.choices)
    category = django_filters.ChoiceFilter(label=_("线索类别"), choices=ClueCategory.choices)
    handling_unit = django_filters.ModelChoiceFilter(label=_("承办单位"), queryset=Unit.objects.order_by("name"))
    overdue = django_filters.BooleanFilter(label=_("已逾期"), method="filter_overdue")
    submitted_after = django_filters.DateFilter(label=_("收到日期起"), field_name="submitted_on", lookup_expr="gte")
    submitted_before = django_filters.DateFilter(label=_("收到日期止"), field_name="submitted_on", lookup_expr="lte")
    q = django_filters.CharFilter(label=_("关键词"), method="filter_q")

    class Meta:
        model = DisputeClue
        fields = ["state", "category", "handling_unit", "overdue", "submitted_after", "submitted_before", "q"]

    def filter_overdue(self, queryset, name, value):
        late = Q(acknowledge_clock__state__in=LATE) | Q(conclude_clock__state__in=LATE)
        return queryset.filter(late) if value else queryset.exclude(late)

    def filter_q(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        scope = Q(description__icontains=value) | Q(body_name__icontains=value) | Q(body_unit__name__icontains=value)
        if value.upper().startswith("JF") and "-" in value:
            number = value.rsplit("-", 1)[-1]
            if number.isdigit():
                scope |= Q(pk=int(number))
        return queryset.filter(scope)
