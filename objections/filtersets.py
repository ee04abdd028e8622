"""One FilterSet per model serves both the HTML lists and the API."""
import django_filters
from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integrity_portal.filtering import IdFilter, PortalFilterSet, UnitFilter
from integrity_portal.search import ID_LIST_LIMIT, id_list
from records.choices import RecordKind
from records.filtersets import record_search, unit_records
from records.models import CreditRecord
from workdays.choices import ClockState
from workdays.selectors import clocks_past_due

from .choices import OPEN_OBJECTION_STATES, ObjectionState, Punishment, RepairState
from .models import Objection, Repair
from .services.objections import OBJECTION_CLOCK


class ObjectionFilterSet(PortalFilterSet):
    # What a clerk has in hand when looking for an objection: the record's 事由 (title), its document number, or
    # the civil servant's name (the person the record is about, who files most objections).
    q = django_filters.CharFilter(label=_("事由、文书号或公务员姓名"), method="search")
    # distinct=False: a column of the row itself (or of its one clock) cannot duplicate rows, and SELECT DISTINCT
    # made PostgreSQL sort every matching objection before the first page (0.37 s on 100k; issue 18).
    state = django_filters.MultipleChoiceFilter(label=_("状态"), choices=ObjectionState.choices, distinct=False)
    open = django_filters.BooleanFilter(label=_("未办结"), method="by_open")
    clock_state = django_filters.MultipleChoiceFilter(label=_("期限状态"), field_name="clock__state", distinct=False,
                                                      choices=ClockState.choices)
    # The leadership dashboard's 异议答复逾期 card links here (?past_due=true): the same rows it counts.
    past_due = django_filters.BooleanFilter(label=_("答复逾期"), method="by_past_due")
    unit = UnitFilter(label=_("单位（提供单位或主体单位）"), method="by_unit", bounds_count=True)
    # The objection's copies of its record's provider and kind (issue 18): no join to every record.
    provider = UnitFilter(label=_("信息提供单位"), field_name="provider")
    record = IdFilter(label=_("信用记录"), field_name="record_id")
    kind = django_filters.ChoiceFilter(label=_("记录类别"), field_name="record_kind", choices=RecordKind.choices)
    filed_from = django_filters.DateFilter(label=_("提出日期起"), field_name="filed_on", lookup_expr="gte",
                                           method="by_filed_from")
    filed_to = django_filters.DateFilter(label=_("提出日期止"), field_name="filed_on", lookup_expr="lte")
    due_from = django_filters.DateFilter(label=_("截止日起"), field_name="due_date", lookup_expr="gte")
    due_to = django_filters.DateFilter(label=_("截止日止"), field_name="due_date", lookup_expr="lte")

    class Meta:
        model = Objection
        fields = ["q", "state", "open", "clock_state", "past_due", "unit", "provider", "record", "kind", "filed_from", "filed_to",
                  "due_from", "due_to"]

    def by_open(self, queryset, name, value):
        return queryset.open() if value else queryset.exclude(pk__in=queryset.open().values("pk"))

    def by_past_due(self, queryset, name, value):
        # An answer clock still counting past its due date, whether or not the daily job has marked it overdue yet
        # (clock_state reads the mark): workdays.selectors.clocks_past_due, which the dashboard's card counts.
        late = clocks_past_due(today=timezone.localdate(), purpose=OBJECTION_CLOCK, model=Objection)
        late_ids = late.values("object_id")
        return queryset.filter(pk__in=late_ids) if value else queryset.exclude(pk__in=late_ids)

    def by_filed_from(self, queryset, name, value):
        # The list is in due order and the filing date is not that order: for a recent date PostgreSQL walked
        # objection_due_order_idx from the earliest due date and threw away 88,146 of 100,000 (issue 18). A due
        # date is never before the filing date (the answer clock starts on it and only moves later; the database
        # checks it: objection_due_after_filing), so every objection filed since has its due date since as well,
        # unless it has none (no clock). Those are looked up first, on the same index (due_date IS NULL): when
        # there are none, the bound changes no result and starts the walk at the date.
        queryset = queryset.filter(filed_on__gte=value)
        if Objection.objects.filter(due_date__isnull=True, filed_on__gte=value).exists():
            return queryset.filter(Q(due_date__gte=value) | Q(due_date__isnull=True))
        return queryset.filter(due_date__gte=value)

    def search(self, queryset, name, value):
        # The records objected to that match are looked up first, through their own part of the n-gram index
        # (records 0021; the servants whose name matches before them): a name, a document number or a rarer word
        # gives a list of ids, and the objections are found by record. A common word (a tenth of the objections or
        # more) is checked record by record as the list walks its order and stops at the page: as a scalar
        # subquery PostgreSQL cannot turn it into a join, which it planned from an estimate a tenth of the truth
        # (it cannot know that every record objected to has an objection) and so read every objection (issue 18).
        match = record_search(value)
        found = list(CreditRecord.objects.filter(match, objected=True).order_by()
                     .values_list("pk", flat=True)[:ID_LIST_LIMIT + 1])
        if len(found) <= ID_LIST_LIMIT:
            return queryset.filter(id_list("record_id", found))
        checked = CreditRecord.objects.filter(pk=OuterRef("record_id")).order_by().values(
            hit=ExpressionWrapper(match, output_field=BooleanField()))
        return queryset.filter(Subquery(checked, output_field=BooleanField()))

    def by_unit(self, queryset, name, value):
        # The objection's copies of its record's provider and subject, the unit's current servants looked up
        # first: an OR over three indexed columns of the objection (a BitmapOr), not a semi-join to the records
        # about the unit, which PostgreSQL answered by walking every objection in due order (issue 18).
        return queryset.filter(Q(provider=value) | unit_records(value, servant_field="subject_servant_id"))


class OpenObjectionFilterSet(ObjectionFilterSet):
    """The office overview's open objections: only the open states to choose from, and no 未办结 (all are)."""

    state = django_filters.MultipleChoiceFilter(label=_("状态"), distinct=False, choices=[
        (state.value, state.label) for state in OPEN_OBJECTION_STATES])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.filters["open"]


class RepairFilterSet(PortalFilterSet):
    state = django_filters.MultipleChoiceFilter(label=_("状态"), choices=RepairState.choices, distinct=False)
    punishment = django_filters.ChoiceFilter(label=_("惩戒措施"), choices=Punishment.choices)
    unit = UnitFilter(label=_("单位（提供单位或主体单位）"), method="by_unit", bounds_count=True)
    record = IdFilter(label=_("信用记录"), field_name="record_id")
    filed_from = django_filters.DateFilter(label=_("申请日期起"), field_name="filed_on", lookup_expr="gte")
    filed_to = django_filters.DateFilter(label=_("申请日期止"), field_name="filed_on", lookup_expr="lte")

    class Meta:
        model = Repair
        fields = ["state", "punishment", "unit", "record", "filed_from", "filed_to"]

    def by_unit(self, queryset, name, value):
        # The application's copies of its record's provider and subject (as the objection list reads them) and of
        # its servant's current unit: three indexed columns, a BitmapOr. A 双公示 decision's application has its
        # department as the provider.
        return queryset.filter(Q(provider=value) | Q(subject_unit=value) | Q(subject_servant_unit=value))
