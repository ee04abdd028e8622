"""The filters of the list of every evaluation run (考核计算版本)."""
import django_filters
from django.utils.translation import gettext_lazy as _

from integrity_portal.filtering import PortalFilterSet

from .choices import RunStatus
from .models import Period, Run

ANNUAL, QUARTERLY = "annual", "quarterly"
PERIOD_KINDS = [(ANNUAL, _("年度考核")), (QUARTERLY, _("季度考核"))]


def _years():
    """The years that have a period, newest first (no fixed window: an old year stays selectable)."""
    years = Period.objects.order_by("-year").values_list("year", flat=True).distinct()
    return [(str(year), str(year)) for year in years]


class RunFilterSet(PortalFilterSet):
    year = django_filters.ChoiceFilter(label=_("年度"), choices=_years, field_name="period__year")
    kind = django_filters.ChoiceFilter(label=_("考核类型"), choices=PERIOD_KINDS, method="by_kind")
    status = django_filters.ChoiceFilter(label=_("状态"), choices=RunStatus.choices)

    class Meta:
        model = Run
        fields = ["year", "kind", "status"]

    def by_kind(self, queryset, name, value):
        return queryset.filter(period__quarter__isnull=value == ANNUAL)
