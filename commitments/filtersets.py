"""One FilterSet serves the public list, the workspace list and the API."""
import datetime

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ChoiceField

from integrity_portal.filtering import IdFilter, PortalFilterSet
from integrity_portal.search import contains, ids_in
from records.models import Unit

from .choices import CommitmentKind, CommitmentStatus, CounterpartyType, PublicationType, ServiceArea
from .models import Commitment, is_staff_reader, units_answered_for
from .selectors import commitment_years


def _years():
    return [(str(year), str(year)) for year in commitment_years()]


class YearChoiceField(ChoiceField):
    """Offers every year from the earliest commitment's (read when the select renders) and accepts any year a date
    can have: a year without commitments filters to none, not an error, and validating reads no option list."""

    def valid_value(self, value):
        value = str(value)
        return value.isascii() and value.isdigit() and datetime.MINYEAR <= int(value) <= datetime.MAXYEAR


class YearFilter(django_filters.ChoiceFilter):
    field_class = YearChoiceField


class CommitmentFilterSet(PortalFilterSet):
    public_site = False
    q = django_filters.CharFilter(label=_("关键词"), method="search",
                                  help_text=_("承诺名称、编码、内容、承诺单位或承诺对象"))
    unit = django_filters.ModelChoiceFilter(label=_("承诺单位"), queryset=Unit.objects.order_by("kind", "name"),
                                            method="by_unit")
    kind = django_filters.ChoiceFilter(label=_("承诺类型"), choices=CommitmentKind.choices)
    service_area = django_filters.ChoiceFilter(label=_("公共服务领域"), choices=ServiceArea.choices)
    status = django_filters.ChoiceFilter(label=_("履行状态"), choices=CommitmentStatus.choices)
    year = YearFilter(label=_("承诺年度"), choices=_years, field_name="committed_on", lookup_expr="year")
    parent = IdFilter(label=_("所属清单"), field_name="parent_id")

    class Meta:
        model = Commitment
        fields = ["q", "unit", "kind", "service_area", "status", "year", "parent"]

    def search(self, queryset, name, value):
        value = value.strip()
        # The units whose name matches are looked up first (a few hundred rows): an OR over a joined column
        # would make PostgreSQL scan every commitment, an OR over unit ids lets each branch use its index.
        units = Unit.objects.filter(name__icontains=value).values_list("pk", flat=True)
        text = contains(Commitment, value, ("title", "content", "counterparty_name"))
        if not self.names_people():
            # A person's name is not searchable here: the rows the three columns match (the n-gram index serves
            # that search alone, issue 18) are checked column by column, the counterparty only when not a person.
            text &= contains(Commitment, value, ("title", "content")) | (
                contains(Commitment, value, ("counterparty_name",))
                & ~Q(counterparty_type=CounterpartyType.NATURAL_PERSON))
        return queryset.filter(text | Q(code__iexact=value) | ids_in("unit_id", units))

    def names_people(self) -> bool:
        """May this search find a natural person by name (issue 16)? Staff only, never on the public site."""
        return not self.public_site and is_staff_reader(getattr(self.request, "user", None))

    def by_unit(self, queryset, name, value):
        # A unit answers for what its predecessors committed to.
        return queryset.filter(unit_id__in=units_answered_for(value.pk))


class PublicCommitmentFilterSet(CommitmentFilterSet):
    """The public list: no draft status to choose."""

    public_site = True

    status = django_filters.ChoiceFilter(label=_("履行状态"), choices=[
        c for c in CommitmentStatus.choices if c[0] != CommitmentStatus.DRAFT])

    class Meta(CommitmentFilterSet.Meta):
        fields = ["q", "unit", "kind", "service_area", "status", "year"]


class WorkspaceCommitmentFilterSet(CommitmentFilterSet):
    publication_type = django_filters.ChoiceFilter(label=_("公开类型"), choices=PublicationType.choices)
    overdue = django_filters.BooleanFilter(label=_("有逾期节点"), method="with_overdue")

    class Meta(CommitmentFilterSet.Meta):
        fields = [*CommitmentFilterSet.Meta.fields, "publication_type", "overdue"]

    def with_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        q = Q(milestones__overdue=True, milestones__done_on__isnull=True)
        return queryset.filter(q).distinct() if value else queryset.exclude(q)
