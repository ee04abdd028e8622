"""Reads of joint punishment: award eligibility, active flags, the credit check, zero status."""
import datetime

from django.db.models import Count, QuerySet
from django.utils import timezone

from .choices import RecordStatus, Severity, SubjectType
from .models import CreditRecord, RectificationCase, RestrictionFlag, Unit, ZeroStatusSnapshot

__all__ = ["unit_is_award_eligible", "units_award_ineligible", "flags_active", "credit_check", "zero_status",
           "rectification_case_list"]


def unit_is_award_eligible(unit: Unit, on: datetime.date | None = None) -> bool:
    """False while a rectification case of the unit is open on ``on`` (clause 6: no awards, no excellence grade)."""
    on = on or timezone.localdate()
    return not RectificationCase.objects.filter(unit=unit).open_on(on).exists()


def units_award_ineligible(on: datetime.date | None = None) -> set[int]:
    """Ids of every unit with an open case on ``on`` (one query, for the evaluation)."""
    on = on or timezone.localdate()
    return set(RectificationCase.objects.open_on(on).values_list("unit_id", flat=True))


def flags_active(unit: Unit | None = None, on: datetime.date | None = None) -> QuerySet[RestrictionFlag]:
    qs = RestrictionFlag.objects.active_on(on or timezone.localdate()).select_related("unit", "source_record")
    return qs.filter(unit=unit) if unit is not None else qs


def rectification_case_list(user) -> QuerySet[RectificationCase]:
    return (RectificationCase.objects.visible_to(user).select_related("unit", "explanation_clock", "report_clock")
            .order_by("-opened_on", "-id"))


def credit_check(unit: Unit, on: datetime.date | None = None) -> dict:
    """What another system may know about a unit: institutional data only, never personal data."""
    on = on or timezone.localdate()
    flags = list(flags_active(unit, on).order_by("kind", "since"))
    cases = list(RectificationCase.objects.filter(unit=unit).open().order_by("opened_on", "pk"))
    counts = dict(CreditRecord.objects.filter(subject_type=SubjectType.UNIT, subject_unit=unit,
                                              status=RecordStatus.PUBLISHED)
                  .values_list("severity").annotate(n=Count("pk")).values_list("severity", "n"))
    return {
        "code": unit.code,
        "name": unit.name,
        "checked_on": on.isoformat(),
        "listed_as_judgment_defaulter": bool(flags),
        "restriction_flags": [{"kind": f.kind, "label": f.get_kind_display(), "since": f.since.isoformat(),
                               "until": f.until.isoformat() if f.until else None, "reason": f.reason}
                              for f in flags],
        "open_rectification": [{"id": c.pk, "state": c.state, "state_label": c.get_state_display(),
                                "opened_on": c.opened_on.isoformat()} for c in cases],
        "award_eligible": not cases,
        "published_records_by_severity": {s.value: counts.get(s.value, 0) for s in Severity},
    }


def zero_status(period: str) -> ZeroStatusSnapshot:
    """The snapshot of a period, computed now if it was never computed."""
    snapshot = ZeroStatusSnapshot.objects.filter(period=period.strip().upper()).first()
    if snapshot is None:
        from .services.punishment import zero_status_compute

        snapshot = zero_status_compute(period=period)
    return snapshot
