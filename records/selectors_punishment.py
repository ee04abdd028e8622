"""Reads of joint punishment: award eligibility, active flags, the credit check, zero status."""
import datetime
from collections import Counter

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workdays.selectors import clocks_past_due

from . import effects
from .choices import RecordKind, Severity, SubjectType
from .models import CreditRecord, RectificationCase, RestrictionFlag, Unit, ZeroStatusSnapshot
from .services.punishment import EXPLANATION_CLOCK, REPORT_CLOCK, period_bounds

__all__ = ["unit_is_award_eligible", "units_award_ineligible", "flags_active", "credit_check", "zero_status_live",
           "rectification_case_list", "CASE_OVERDUE_STEPS", "rectification_cases_past_due"]

#: The case list's overdue filter (``?overdue=``): the step, its label and the purpose of its clock.
CASE_OVERDUE_STEPS = {
    "explanation": (_("书面说明逾期"), EXPLANATION_CLOCK),
    "report": (_("整改报告逾期"), REPORT_CLOCK),
}


def unit_is_award_eligible(unit: Unit, on: datetime.date | None = None) -> bool:
    """Clause 6: no awards, no excellence grade while a case is open or the unit is listed (``records.effects``)."""
    return effects.unit_award_eligibility(unit, on).eligible


def units_award_ineligible(on: datetime.date | None = None) -> set[int]:
    """Ids of every unit not eligible on ``on`` (``records.effects``)."""
    return set(effects.units_award_ineligible(on))


def flags_active(unit: Unit | None = None, on: datetime.date | None = None) -> QuerySet[RestrictionFlag]:
    qs = RestrictionFlag.objects.active_on(on or timezone.localdate()).select_related("unit", "source_record")
    return qs.filter(unit=unit) if unit is not None else qs


def rectification_case_list(user) -> QuerySet[RectificationCase]:
    return (RectificationCase.objects.visible_to(user).select_related("unit", "explanation_clock", "report_clock")
            .order_by("-opened_on", "-id"))


def rectification_cases_past_due(cases: QuerySet[RectificationCase], *, step: str,
                                 today: datetime.date) -> QuerySet[RectificationCase]:
    """The cases whose clock of ``step`` (a key of ``CASE_OVERDUE_STEPS``) is past its due date: the rows the
    leadership dashboard counts as 失信情况书面说明 or 整改报告 overdue."""
    purpose = CASE_OVERDUE_STEPS[step][1]
    return cases.filter(pk__in=clocks_past_due(today=today, purpose=purpose, model=RectificationCase)
                        .values("object_id"))


def credit_check(unit: Unit, on: datetime.date | None = None) -> dict:
    """What another system may know about a unit: institutional data only, never personal data.
    Everything in force is what ``records.effects`` says (records weighed after repair, cases, listing)."""
    on = on or timezone.localdate()
    flags = list(flags_active(unit, on).order_by("kind", "since"))
    state = effects.unit_effects(unit, on)
    counts = Counter(r.severity for r in state.records if r.subject_type == SubjectType.UNIT)
    return {
        "code": unit.code,
        "name": unit.name,
        "checked_on": on.isoformat(),
        "listed_as_judgment_defaulter": state.listed,
        "restriction_flags": [{"kind": f.kind, "label": f.get_kind_display(), "since": f.since.isoformat(),
                               "until": f.until.isoformat() if f.until else None, "reason": f.reason}
                              for f in flags],
        "open_rectification": [{"id": c.pk, "state": c.state, "state_label": c.get_state_display(),
                                "opened_on": c.opened_on.isoformat()} for c in state.open_cases],
        "award_eligible": state.eligibility.eligible,
        "award_ineligible_reasons": list(state.eligibility.reasons),
        "published_records_by_severity": {s.value: counts.get(s.value, 0) for s in Severity},
    }


def zero_status_live(*, period: str, today: datetime.date | None = None) -> ZeroStatusSnapshot:
    """The period's 零存量、零增量 counted now and **not saved**: an unsaved snapshot (``pk`` is None) for a page to
    show. Storing it is ``services.punishment.zero_status_compute``'s (the daily job, the office's explicit action).

    Stock = units listed on the last day counted; increment = units newly listed within the period. Counted from
    confirmed (published, later expired) listings: drafts from the court's list await the office. A period not
    yet over is counted up to today. Two queries over the government units' defaulter listings (a handful).
    """
    today = today or timezone.localdate()
    start, end = period_bounds(period)
    as_of = min(end, today)
    if as_of < start:
        raise ValidationError({"period": [_("期间尚未开始。")]})
    listings = CreditRecord.objects.select_related("subject_unit").filter(
        kind=RecordKind.JUDGMENT_DEFAULTER, subject_unit__isnull=False, status__in=effects.LISTING_STATUSES,
        window_start__isnull=False)
    stock = listings.filter(window_start__lte=as_of).filter(Q(window_end__isnull=True) | Q(window_end__gte=as_of))
    increment = listings.filter(window_start__gte=start, window_start__lte=as_of)
    stock_units, increment_units = _unit_rows(stock), _unit_rows(increment)
    return ZeroStatusSnapshot(
        period=period.strip().upper(), period_start=start, period_end=end, as_of=as_of,
        stock_count=len(stock_units), increment_count=len(increment_units), stock_units=stock_units,
        increment_units=increment_units, is_final=today > end, computed_at=None)


def _unit_rows(records) -> list[dict]:
    units = {}
    for record in records:
        units.setdefault(record.subject_unit_id, {"unit_id": record.subject_unit_id, "name": record.subject_unit.name,
                                                  "code": record.subject_unit.code, "records": []})
        units[record.subject_unit_id]["records"].append(record.pk)
    return sorted(units.values(), key=lambda row: row["name"])
