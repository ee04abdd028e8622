"""One FilterSet serves both the HTML list and the API."""
import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from integrity_portal.filtering import IdFilter, PortalFilterSet, UnitFilter
from integrity_portal.search import ID_LIST_LIMIT, contains, id_list, ids_in, number_match

from .choices import (
    PUBLIC_KINDS,
    Rank,
    RecordKind,
    RecordStatus,
    ServantStatus,
    Severity,
    SubjectType,
    UnitKind,
    UnitStatus,
)
from .models import CivilServant, CreditRecord, Unit


class UnitFilterSet(PortalFilterSet):
    q = django_filters.CharFilter(label=_("名称或代码"), method="search")
    kind = django_filters.ChoiceFilter(label=_("单位类别"), choices=UnitKind.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=UnitStatus.choices)
    superior = UnitFilter(label=_("上级主管部门"), field_name="superior")

    class Meta:
        model = Unit
        fields = ["q", "kind", "status", "superior"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__iexact=value))


class CivilServantFilterSet(PortalFilterSet):
    q = django_filters.CharFilter(label=_("姓名"), method="search")
    unit = UnitFilter(label=_("单位"), field_name="unit")
    status = django_filters.ChoiceFilter(label=_("状态"), choices=ServantStatus.choices)
    rank = django_filters.ChoiceFilter(label=_("职级"), choices=Rank.choices)

    class Meta:
        model = CivilServant
        fields = ["q", "unit", "status", "rank"]

    def search(self, queryset, name, value):
        return queryset.filter(contains(CivilServant, value, ("name",)))


class CreditRecordFilterSet(PortalFilterSet):
    q = django_filters.CharFilter(label=_("事由、文书号或公务员姓名"), method="search")
    subject_type = django_filters.ChoiceFilter(label=_("主体类型"), choices=SubjectType.choices)
    civil_servant = IdFilter(label=_("公务员"), field_name="civil_servant_id")
    subject_unit = UnitFilter(label=_("主体单位"), field_name="subject_unit")
    unit = UnitFilter(label=_("单位（主体单位或其工作人员）"), method="by_unit")
    provider = UnitFilter(label=_("信息提供单位"), field_name="provider")
    kind = django_filters.ChoiceFilter(label=_("记录类别"), choices=RecordKind.choices)
    severity = django_filters.ChoiceFilter(label=_("失信程度"), choices=Severity.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=RecordStatus.choices)
    decided_from = django_filters.DateFilter(label=_("决定日期起"), field_name="decision_date", lookup_expr="gte")
    decided_to = django_filters.DateFilter(label=_("决定日期止"), field_name="decision_date", lookup_expr="lte")
    objection_open = django_filters.BooleanFilter(label=_("异议处理中"))

    class Meta:
        model = CreditRecord
        fields = ["q", "subject_type", "civil_servant", "subject_unit", "unit", "provider", "kind", "severity",
                  "status", "decided_from", "decided_to", "objection_open"]

    def search(self, queryset, name, value):
        return queryset.filter(record_search(value))

    def by_unit(self, queryset, name, value):
        return queryset.filter(unit_records(value))


def record_text(value: str) -> Q:
    """Records whose title or document number contains ``value``. A document number typed with its year
    (松监处〔2025〕2264号) is looked up once, first, without the year's trigrams (``search.number_match``), and the
    list's count and page ask for those ids: each asked pg_trgm for the whole number before (25 ms each on 3M
    records, issue 18). More than ``ID_LIST_LIMIT`` found: the plain filter."""
    like = contains(CreditRecord, value, ("title", "decision_number"))
    number = number_match("decision_number", value)
    if number is None:
        return like
    found = list(CreditRecord.objects.filter(Q(title__icontains=value) | number).order_by()
                 .values_list("pk", flat=True)[:ID_LIST_LIMIT + 1])
    return id_list("pk", found) if len(found) <= ID_LIST_LIMIT else like


def record_search(value: str) -> Q:
    """Records whose title or document number contains ``value``, or about a civil servant whose name does. The
    servants whose name matches are looked up first, so each branch of the OR has its own index (issue 18)."""
    names = contains(CivilServant, value, ("name",))
    servants = CivilServant.objects.filter(names).order_by().values_list("pk", flat=True)  # no join for the order
    return record_text(value) | ids_in("civil_servant_id", servants)


def unit_records(unit, *, servant_field: str = "civil_servant_id") -> Q:
    """Records about a unit or about one of its servants: the servants are looked up first, so the OR is two index
    look-ups instead of a join that makes PostgreSQL read every record (issue 18). ``servant_field``: the column
    that holds the record's servant (an objection keeps a copy of it, and of ``subject_unit``)."""
    servants = CivilServant.objects.filter(unit=unit).values_list("pk", flat=True)
    return Q(subject_unit=unit) | ids_in(servant_field, servants)


class PublicDisclosureFilterSet(PortalFilterSet):
    """The public disclosure page's filters (institutional records only)."""

    q = django_filters.CharFilter(label=_("单位名称、事由或文书号"), method="search")
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=[(k.value, k.label) for k in RecordKind
                                                                 if k in PUBLIC_KINDS])
    subject_unit = UnitFilter(label=_("单位"), field_name="subject_unit")
    decided_from = django_filters.DateFilter(label=_("决定日期起"), field_name="decision_date", lookup_expr="gte")
    decided_to = django_filters.DateFilter(label=_("决定日期止"), field_name="decision_date", lookup_expr="lte")

    class Meta:
        model = CreditRecord
        fields = ["q", "kind", "subject_unit", "decided_from", "decided_to"]

    def search(self, queryset, name, value):
        units = Unit.objects.filter(name__icontains=value).values_list("pk", flat=True)  # a few hundred rows
        return queryset.filter(ids_in("subject_unit_id", units) | record_text(value))
