"""One FilterSet serves both the HTML list and the API."""
import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import Rank, ServantStatus, UnitKind, UnitStatus
from .models import CivilServant, Unit


class UnitFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("名称或代码"), method="search")
    kind = django_filters.ChoiceFilter(label=_("单位类别"), choices=UnitKind.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=UnitStatus.choices)
    superior = django_filters.NumberFilter(label=_("上级主管部门（编号）"), field_name="superior_id")

    class Meta:
        model = Unit
        fields = ["q", "kind", "status", "superior"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__iexact=value))


class CivilServantFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("姓名"), method="search")
    unit = django_filters.NumberFilter(label=_("单位（编号）"), field_name="unit_id")
    status = django_filters.ChoiceFilter(label=_("状态"), choices=ServantStatus.choices)
    rank = django_filters.ChoiceFilter(label=_("职级"), choices=Rank.choices)

    class Meta:
        model = CivilServant
        fields = ["q", "unit", "status", "rank"]

    def search(self, queryset, name, value):
        return queryset.filter(name__icontains=value)
