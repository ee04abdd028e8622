"""One FilterSet for the workspace list and the API (STYLE.md)."""
import django_filters
from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from integrity_portal.access import user_may
from integrity_portal.filtering import PortalFilterSet
from integrity_portal.search import contains, ids_in
from records.models import Unit
from workdays.choices import ClockState
from workdays.models import Clock
from workdays.selectors import clocks_past_due

from .choices import ClueCategory, ClueState, ReopenState
from .models import DisputeClue, ReopenRequest
from .services import ACKNOWLEDGE_CLOCK, CONCLUDE_CLOCK

LATE = (ClockState.OVERDUE, ClockState.VERY_OVERDUE)
#: ``?past_due=``: the step whose clock is past its due date, and that clock's purpose.
PAST_DUE_STEPS = {"acknowledge": (_("受理逾期"), ACKNOWLEDGE_CLOCK), "conclude": (_("办结逾期"), CONCLUDE_CLOCK)}


class ClueFilterSet(PortalFilterSet):
    state = django_filters.ChoiceFilter(label=_("状态"), choices=ClueState.choices)
    category = django_filters.ChoiceFilter(label=_("线索类别"), choices=ClueCategory.choices)
    handling_unit = django_filters.ModelChoiceFilter(label=_("承办单位"), queryset=Unit.objects.order_by("name"))
    overdue = django_filters.BooleanFilter(label=_("已逾期"), method="filter_overdue")
    # The leadership dashboard's 纠纷线索受理逾期 / 纠纷线索办结逾期 cards link here (?past_due=acknowledge|conclude):
    # the same rows each counts.
    past_due = django_filters.ChoiceFilter(label=_("逾期环节"), method="filter_past_due",
                                           choices=[(step, label) for step, (label, _purpose) in PAST_DUE_STEPS.items()])
    # The office's queue of reopen requests: a concluded or refused clue whose submitter asked to reopen it
    reopen_pending = django_filters.BooleanFilter(label=_("重新办理申请待决定"), method="filter_reopen_pending")
    submitted_after = django_filters.DateFilter(label=_("收到日期起"), field_name="submitted_on", lookup_expr="gte")
    submitted_before = django_filters.DateFilter(label=_("收到日期止"), field_name="submitted_on", lookup_expr="lte",
                                                 method="filter_submitted_before")
    q = django_filters.CharFilter(label=_("关键词"), method="filter_q")

    class Meta:
        model = DisputeClue
        fields = ["state", "category", "handling_unit", "overdue", "past_due", "reopen_pending", "submitted_after",
                  "submitted_before", "q"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if user is not None and not (user.is_authenticated and user_may(user, {Role.CREDIT_OFFICE})):
            del self.filters["reopen_pending"]  # the office decides reopen requests; a unit's list has no such queue

    def filter_overdue(self, queryset, name, value):
        # A clue's clocks have it as their subject, and a clock it no longer points to was stopped before its
        # successor started (workdays.clock_start refuses a second open clock): so "a late clock about the
        # clue" is "its acknowledge or conclude clock is late". As a semi-join it uses the clocks' state
        # index; joining both clocks to every clue for an OR made PostgreSQL scan them all (issue 10).
        late = Clock.objects.filter(content_type=ContentType.objects.get_for_model(DisputeClue),
                                    purpose__in=(ACKNOWLEDGE_CLOCK, CONCLUDE_CLOCK), state__in=LATE)
        late_ids = late.values("object_id")
        return queryset.filter(pk__in=late_ids) if value else queryset.exclude(pk__in=late_ids)

    def filter_past_due(self, queryset, name, value):
        # The step's clock still counting past its due date, whether or not the daily job has marked it overdue
        # yet (``overdue`` reads the mark): workdays.selectors.clocks_past_due, which the dashboard's card counts.
        late = clocks_past_due(today=timezone.localdate(), purpose=PAST_DUE_STEPS[value][1], model=DisputeClue)
        return queryset.filter(pk__in=late.values("object_id"))

    def filter_reopen_pending(self, queryset, name, value):
        # At most one pending request a clue (clue_one_pending_reopen): a semi-join on that partial index
        pending = ReopenRequest.objects.filter(state=ReopenState.PENDING).values("clue_id")
        return queryset.filter(pk__in=pending) if value else queryset.exclude(pk__in=pending)

    def filter_submitted_before(self, queryset, name, value):
        # The list is in submission order (-submitted_at) and the date received is close to it, but PostgreSQL
        # cannot know that: for an early date it walked the order index from the newest clue and threw tens of
        # thousands away (issue 18). No clue received by then was submitted after the latest of them, so that
        # bound changes no result and starts the walk there. It is looked up first, an index-only range of
        # clue_received_submitted_idx: the FILTER keeps PostgreSQL from turning MAX into the same backward walk.
        received = Q(submitted_on__lte=value)
        latest = DisputeClue.objects.filter(received).aggregate(latest=Max("submitted_at", filter=received))["latest"]
        queryset = queryset.filter(received)
        return queryset.filter(submitted_at__lte=latest) if latest else queryset

    def filter_q(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        # Units by name first (a few hundred rows), so each branch of the OR has its own index (issue 10).
        units = Unit.objects.filter(name__icontains=value).values_list("pk", flat=True)
        scope = contains(DisputeClue, value, ("description", "body_name")) | ids_in("body_unit_id", units)
        if value.upper().startswith("JF") and "-" in value:
            number = value.rsplit("-", 1)[-1]
            if number.isdigit():
                scope |= Q(pk=int(number))
        return queryset.filter(scope)
