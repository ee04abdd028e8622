"""Reads of the objections app: the inboxes, the office's per-unit statistics, and what a record's
repair changes in what is computed from it."""
import datetime
import statistics

from django.conf import settings
from django.db import connection
from django.db.models import Aggregate, Count, FloatField, Q, QuerySet
from django.utils import timezone

from integrity_portal.pagecache import cached_value
from records import effects
from records.models import CreditRecord, Unit
from workdays.calendar import get_calendar
from workdays.choices import ClockState
from workdays.services import clock_explain

from .choices import DECIDED_OBJECTION_STATES, OPEN_OBJECTION_STATES
from .models import Objection, Repair

#: The lists' order (HTML, API, exports): ``Objection.due_date`` mirrors the answer clock's due date.
OBJECTION_ORDER = ("due_date", "-filed_at", "pk")


def objection_list(user) -> QuerySet[Objection]:
    """The objections the user may see, soonest due first (the stored copy of the clock's due date, walked in
    ``objection_due_order_idx``; objections without a clock where the database puts NULLs), then the latest filed."""
    return (
        Objection.objects.visible_to(user)
        .select_related("record", "record__provider", "record__subject_unit", "record__civil_servant", "applicant",
                        "clock")
        .order_by(*OBJECTION_ORDER)
    )


def objection_inbox(user) -> QuerySet[Objection]:
    """A clerk's inbox: open objections against the records their unit provides, by due date."""
    return objection_list(user).filter(pk__in=Objection.objects.answerable_by(user).values("pk")).open()


def repair_list(user) -> QuerySet[Repair]:
    return Repair.objects.visible_to(user).select_related("record", "record__provider", "decision", "decision__department", "applicant")


def days_left(objection: Objection, today: datetime.date | None = None, *, cal=None) -> int | None:
    """Working days until the due date (0 on the due date, negative when overdue); None when closed.
    Pass ``cal`` (one ``get_calendar()``) when computing it for a list: each call costs one query."""
    clock = objection.clock
    if clock is None or not objection.is_open:
        return None
    today = today or timezone.localdate()
    return (cal or get_calendar()).working_days_between(today, clock.due_date)


def objection_clock_view(objection: Objection, today: datetime.date | None = None) -> dict | None:
    """Due date, days left, state and the engine's explanation for the detail page and the API."""
    clock = objection.clock
    if clock is None:
        return None
    explanation = clock_explain(clock)
    return {
        "start_date": clock.start_date, "due_date": clock.due_date, "very_overdue_date": clock.very_overdue_date,
        "state": clock.state, "state_display": clock.get_state_display(), "provisional": clock.provisional,
        "calendar_revision": clock.calendar_revision, "days_left": days_left(objection, today),
        "policy": explanation["policy"], "counted": explanation.get("counted", []),
        "skipped": explanation.get("skipped", []), "makeup_days": explanation.get("makeup_days", []),
        "adjustments": explanation["adjustments"], "explanation": explanation,
    }


class _Median(Aggregate):
    """The median (``percentile_cont(0.5)``, as ``statistics.median``): PostgreSQL only."""

    template = "percentile_cont(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def unit_statistics(queryset: QuerySet[Objection] | None = None) -> list[dict]:
    """Per providing unit: objections received, open, overdue now, answered, median answer time in
    working days, % answered on time. Sorted by the most open first.

    Grouped by the database on the objection's own columns (issue 18: the page read every objection into Python,
    then joined every objection with its record and clock): the counts read ``objection_provider_stats_idx``;
    the overdue count joins the clocks of the open objections only. SQLite, which has no percentile, gets the
    medians from the answered objections' days."""
    queryset = (queryset if queryset is not None else Objection.objects.all()).order_by()
    is_open, decided = Q(state__in=OPEN_OBJECTION_STATES), Q(state__in=DECIDED_OBJECTION_STATES)
    # COUNT(state) (never NULL), not COUNT(id): the id is not in the covering index; reading it visits every row.
    aggregates = {
        "count": Count("state"), "open": Count("state", filter=is_open), "answered": Count("state", filter=decided),
        "on_time": Count("state", filter=decided & Q(answered_on_time=True)),
    }
    postgres = connection.vendor == "postgresql"
    if postgres:
        aggregates["median"] = _Median("working_days_taken", filter=decided)
    rows = list(queryset.values("provider_id").annotate(**aggregates))
    overdue = dict(queryset.filter(is_open, clock__state__in=(ClockState.OVERDUE, ClockState.VERY_OVERDUE))
                   .values("provider_id").annotate(n=Count("pk")).values_list("provider_id", "n"))
    names = dict(Unit.objects.filter(pk__in=[row["provider_id"] for row in rows]).values_list("pk", "name"))
    medians = {}
    if not postgres:
        taken: dict[int, list] = {}
        for unit_id, days in queryset.filter(decided, working_days_taken__isnull=False).values_list(
                "provider_id", "working_days_taken"):
            taken.setdefault(unit_id, []).append(days)
        medians = {unit_id: statistics.median(days) for unit_id, days in taken.items()}
    result = []
    for row in rows:
        unit_id = row["provider_id"]
        median = row["median"] if postgres else medians.get(unit_id)
        if isinstance(median, float) and median.is_integer():
            median = int(median)
        result.append({"unit_id": unit_id, "unit": names[unit_id], "count": row["count"],
                       "open": row["open"], "overdue": overdue.get(unit_id, 0), "answered": row["answered"],
                       "on_time": row["on_time"], "median_days": median,
                       "on_time_percent": round(100 * row["on_time"] / row["answered"], 1) if row["answered"] else None})
    return sorted(result, key=lambda u: (-u["open"], -u["count"], u["unit"]))


#: The cache scope of ``unit_statistics``: bumped by every saved objection and every event of an answer clock
#: (objections/signals.py), so a change shows on the next view.
STATISTICS_SCOPE = "objection-statistics"


def cached_unit_statistics() -> list[dict]:
    """``unit_statistics()`` for the office's overview, computed once per change instead of on every view (it
    reads every objection: 70 ms at 100k, issue 18). ``OBJECTION_STATISTICS_CACHE_SECONDS`` bounds its age
    should a change ever bypass the signals; 0 computes it on every view."""
    return cached_value("objection-unit-statistics", scopes=(STATISTICS_SCOPE,),
                        timeout=settings.OBJECTION_STATISTICS_CACHE_SECONDS, compute=unit_statistics)


def record_effect(record: CreditRecord, on: datetime.date | None = None) -> dict:
    """What is computed from a record on a day, as ``records.effects`` answers it: public display, punitive
    effect (restriction flags, score deduction), its weight after repair and the dates they run to."""
    on = on or timezone.localdate()
    record.refresh_from_db()
    in_force = effects.in_force(effects.counted_records().filter(pk=record.pk), on).exists()
    in_effect = record.effect_end is None or record.effect_end >= on
    return {
        "status": record.status,
        "public": CreditRecord.objects.public(today=on).filter(pk=record.pk).exists(),
        "punitive": in_force and in_effect,
        "counts_for_score": in_force,
        "weight": effects.record_weight(record),
        "window_end": record.window_end,
        "effect_end": record.effect_end,
    }
