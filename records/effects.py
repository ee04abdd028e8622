"""What is in force for a unit or a person on a date — the one place that answers it (DESIGN.md §5).

The evaluation (scores, grades, the veto), the demonstration-unit designation, the restriction flags, the
credit check and the credit report all ask this module; none of them recomputes it.

- **Counted records**: dishonesty records that stand as published facts (published, or past it: expired,
  repaired; a revoked record never counts, drafts are not facts yet), each with its **weight after repair**:
  full, or the policy-row factor for a repair decided ``lighter`` (``repair_weight_lighter``) or ``waived``
  (``repair_weight_waived``). Weights are integer percentages so sums stay exact in SQL.
- **Whose unit**: a unit's own records, and its staff's records counted against the unit where the person
  served **on the date of the act** (the postings history), not the person's current unit.
- **Listing as 失信被执行人**: from the listing date until the court's delisting date (confirmed listings:
  published, later expired).
- **Award eligibility** (clause 6): no excellence grade, no award, no demonstration title while a
  rectification case is open or while listed; the reasons are given in words.
"""
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import BigIntegerField, Case, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from workdays.choices import PolicyUnit
from workdays.services import policy_current

from .choices import DISHONESTY_KINDS, Punishment, RecordKind, RecordStatus, SubjectType
from .models import CivilServant, CreditRecord, Posting, RectificationCase, Unit

__all__ = [
    "COUNTED_STATUSES", "LISTING_STATUSES", "REPAIR_WEIGHT_POLICY", "Eligibility", "UnitEffects", "PersonEffects",
    "repair_weights", "weight_expression", "act_date_expression", "unit_at_act_expression", "counted_records",
    "in_force", "record_weight", "listings", "listed_during", "units_listed", "units_award_ineligible",
    "unit_award_eligibility", "unit_effects", "person_effects", "unit_at",
]

#: Records that stand as published facts. Revoked ones were withdrawn because the decision fell.
COUNTED_STATUSES = (RecordStatus.PUBLISHED, RecordStatus.EXPIRED, RecordStatus.REPAIRED)
#: Listings that stand: a revoked listing never did; a listing is not repaired (the court delists it).
LISTING_STATUSES = (RecordStatus.PUBLISHED, RecordStatus.EXPIRED)
REPAIR_WEIGHT_POLICY = {Punishment.LIGHTER: "repair_weight_lighter", Punishment.WAIVED: "repair_weight_waived"}
FULL = 100


# --- weights -----------------------------------------------------------------------------------

def repair_weights() -> dict[str, int]:
    """Percent a repaired record still weighs, per repair decision (policy rows; ``unchanged`` = full)."""
    weights = {Punishment.UNCHANGED.value: FULL}
    for punishment, key in REPAIR_WEIGHT_POLICY.items():
        policy = policy_current(key)
        if policy.unit != PolicyUnit.PERCENT:
            raise ValueError(f"policy {key} is in {policy.unit}, expected percent")
        weights[punishment.value] = min(policy.value, FULL)
    return weights


def weight_expression(weights: dict[str, int] | None = None) -> Case:
    """The record's weight in percent as a database expression."""
    weights = weights or repair_weights()
    return Case(
        *[When(status=RecordStatus.REPAIRED, repair_punishment=punishment, then=Value(percent))
          for punishment, percent in weights.items() if percent != FULL],
        default=Value(FULL), output_field=IntegerField(),
    )


def record_weight(record: CreditRecord, weights: dict[str, int] | None = None) -> Decimal:
    """One record's weight as a fraction (1, or the repair factor); 0 for what never counts."""
    if record.kind not in DISHONESTY_KINDS or record.status not in COUNTED_STATUSES:
        return Decimal(0)
    if record.status == RecordStatus.REPAIRED and record.repair_punishment:
        weights = weights or repair_weights()
        return Decimal(weights.get(record.repair_punishment, FULL)) / FULL
    return Decimal(1)


# --- whose unit ------------------------------------------------------------------------------------

def act_date_expression():
    """The date of the act: its start, else its end, else the decision date."""
    return Coalesce("act_start", "act_end", "decision_date")


def unit_at_act_expression():
    """The unit a record counts against: the subject unit, or the unit the person served in on the date of
    the act (postings history), else the person's current unit (no posting covers the date)."""
    act = OuterRef("act_on")
    posting = (Posting.objects.filter(civil_servant_id=OuterRef("civil_servant_id"), start__lte=act)
               .filter(Q(end__isnull=True) | Q(end__gte=act)).order_by("-start", "-pk").values("unit_id")[:1])
    return Coalesce("subject_unit_id", Subquery(posting), "civil_servant__unit_id", output_field=BigIntegerField())


def unit_at(servant: CivilServant, on: datetime.date) -> int:
    """The id of the unit ``servant`` served in on ``on`` (their current unit when no posting covers it)."""
    posting = (Posting.objects.filter(civil_servant=servant, start__lte=on)
               .filter(Q(end__isnull=True) | Q(end__gte=on)).order_by("-start", "-pk").first())
    return posting.unit_id if posting else servant.unit_id


def counted_records(*, start: datetime.date | None = None, end: datetime.date | None = None,
                    unit_ids=None, weights: dict[str, int] | None = None) -> QuerySet[CreditRecord]:
    """Dishonesty records that count, annotated with ``weight`` (percent), ``act_on`` and ``unit_key`` (the
    unit they count against); decided between ``start`` and ``end`` when given, about ``unit_ids`` when given.
    """
    qs = CreditRecord.objects.filter(kind__in=DISHONESTY_KINDS, status__in=COUNTED_STATUSES)
    if start is not None:
        qs = qs.filter(decision_date__gte=start)
    if end is not None:
        qs = qs.filter(decision_date__lte=end)
    qs = qs.annotate(act_on=act_date_expression()).annotate(unit_key=unit_at_act_expression(),
                                                            weight=weight_expression(weights))
    if unit_ids is not None:
        qs = qs.filter(unit_key__in=list(unit_ids))
    return qs


def in_force(qs: QuerySet[CreditRecord], on: datetime.date) -> QuerySet[CreditRecord]:
    """Of counted records, those with punitive effect on ``on``: decided by then, window not yet over, and
    weighing something after repair."""
    return (qs.filter(decision_date__lte=on, weight__gt=0)
            .filter(Q(window_end__isnull=True) | Q(window_end__gte=on))
            .exclude(status=RecordStatus.EXPIRED))


# --- listing as 失信被执行人 ------------------------------------------------------------------------------

def listings() -> QuerySet[CreditRecord]:
    """Confirmed listings of units with ``listed_from`` (the publication date, else the decision date); the
    delisting date is ``window_end`` (open while still listed)."""
    return (CreditRecord.objects.filter(kind=RecordKind.JUDGMENT_DEFAULTER, subject_type=SubjectType.UNIT,
                                        status__in=LISTING_STATUSES)
            .annotate(listed_from=Coalesce("window_start", "decision_date")))


def listed_during(start: datetime.date, end: datetime.date) -> Q:
    """Listed on any day of [start, end] (a filter on ``listings()``)."""
    return Q(listed_from__lte=end) & (Q(window_end__isnull=True) | Q(window_end__gte=start))


def _listed_on(on: datetime.date, unit_ids=None) -> QuerySet[CreditRecord]:
    qs = listings().filter(listed_during(on, on)).order_by("listed_from", "pk")
    if unit_ids is not None:
        qs = qs.filter(subject_unit_id__in=list(unit_ids))
    return qs


def units_listed(on: datetime.date, unit_ids=None) -> dict[int, list[CreditRecord]]:
    result: dict[int, list[CreditRecord]] = {}
    for record in _listed_on(on, unit_ids):
        result.setdefault(record.subject_unit_id, []).append(record)
    return result


# --- award eligibility -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reasons: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        return "；".join(self.reasons)


def _case_reason(case: RectificationCase) -> str:
    return _("整改案件 #%(id)s（%(state)s，%(opened)s 立案）整改完成前取消评选评优资格") % {
        "id": case.pk, "state": case.get_state_display(), "opened": case.opened_on.isoformat()}


def _listing_reason(listed_from: datetime.date) -> str:
    return _("被列为失信被执行人（%(since)s 起）") % {"since": listed_from.isoformat()}


def units_award_ineligible(on: datetime.date | None = None, unit_ids=None) -> dict[int, list[str]]:
    """{unit id: reasons} for every unit not eligible for awards or the excellence grade on ``on``.

    Two queries whatever the number of units (the evaluation asks for all of them at once), reading only the
    columns the reasons name (a listing is a wide record; the evaluation meets over a thousand of them)."""
    on = on or timezone.localdate()
    cases = RectificationCase.objects.open_on(on).order_by("opened_on", "pk").only("pk", "unit_id", "state",
                                                                                      "opened_on")
    if unit_ids is not None:
        cases = cases.filter(unit_id__in=list(unit_ids))
    reasons: dict[int, list[str]] = {}
    for case in cases:
        reasons.setdefault(case.unit_id, []).append(_case_reason(case))
    for unit_id, listed_from in _listed_on(on, unit_ids).values_list("subject_unit_id", "listed_from"):
        reasons.setdefault(unit_id, []).append(_listing_reason(listed_from))
    return reasons


def unit_award_eligibility(unit: Unit, on: datetime.date | None = None) -> Eligibility:
    reasons = units_award_ineligible(on, unit_ids=[unit.pk]).get(unit.pk, [])
    return Eligibility(eligible=not reasons, reasons=tuple(reasons))


# --- the whole picture -------------------------------------------------------------------------------------

@dataclass
class UnitEffects:
    unit: Unit
    on: datetime.date
    records: list[CreditRecord] = field(default_factory=list)  # in force, each with ``weight`` (percent)
    open_cases: list[RectificationCase] = field(default_factory=list)
    listings: list[CreditRecord] = field(default_factory=list)
    eligibility: Eligibility = Eligibility(True)

    @property
    def listed(self) -> bool:
        return bool(self.listings)

    def weighted_by_severity(self) -> dict[str, Decimal]:
        totals: dict[str, Decimal] = {}
        for record in self.records:
            totals[record.severity] = totals.get(record.severity, Decimal(0)) + Decimal(record.weight) / FULL
        return totals


def unit_effects(unit: Unit, on: datetime.date | None = None) -> UnitEffects:
    """What is in force for ``unit`` on ``on``: its own and its staff's records (by the unit at the act),
    open rectification, listing, award eligibility."""
    on = on or timezone.localdate()
    records = list(in_force(counted_records(unit_ids=[unit.pk]), on).order_by("-decision_date", "-pk"))
    cases = list(RectificationCase.objects.filter(unit=unit).open_on(on).order_by("opened_on", "pk"))
    listed = units_listed(on, [unit.pk]).get(unit.pk, [])
    reasons = [_case_reason(c) for c in cases] + [_listing_reason(r.listed_from) for r in listed]
    return UnitEffects(unit=unit, on=on, records=records, open_cases=cases, listings=listed,
                       eligibility=Eligibility(eligible=not reasons, reasons=tuple(reasons)))


@dataclass
class PersonEffects:
    servant: CivilServant
    on: datetime.date
    records: list[CreditRecord] = field(default_factory=list)  # in force, each with ``weight`` (percent)
    unit_id: int | None = None  # the unit served in on ``on``


def person_effects(servant: CivilServant, on: datetime.date | None = None) -> PersonEffects:
    """What is in force about a civil servant on ``on``: their dishonesty records with weights after repair."""
    on = on or timezone.localdate()
    records = list(in_force(counted_records().filter(civil_servant=servant), on).order_by("-decision_date", "-pk"))
    return PersonEffects(servant=servant, on=on, records=records, unit_id=unit_at(servant, on))
