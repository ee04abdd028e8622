"""Reads of 双公示: who may see an ID number, the quality of each department's reporting, the overdue list."""
import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Avg, Count, Q
from django.utils import timezone

from accounts.choices import Role
from records.validators import mask_resident_id
from workdays.choices import OPEN_CLOCK_STATES
from workdays.models import Clock

from .choices import DecisionStatus
from .models import Decision, DecisionCheck, answered_for


def id_reader(user):
    """A predicate ``sees(decision) -> bool``: the full ID numbers only to the office and the issuing department."""
    if user is not None and user.is_authenticated and (user.is_superuser or user.has_role(Role.CREDIT_OFFICE)):
        return lambda decision: True
    if user is not None and user.is_authenticated and user.unit_id and user.has_role(Role.CLERK):
        own = set(answered_for(user.unit_id))
        return lambda decision: decision.department_id in own
    return lambda decision: False


def masked(number: str) -> str:
    return mask_resident_id(number) if number else ""


def _rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _overdue_clocks(as_of: datetime.date):
    return Clock.objects.filter(content_type=ContentType.objects.get_for_model(Decision), purpose="decision_reporting",
                                state__in=OPEN_CLOCK_STATES, due_date__lt=as_of).values("object_id")


def decisions_overdue(*, department_ids=None, today: datetime.date | None = None):
    """Drafts past their reporting due date (not published within the period), oldest first."""
    today = today or timezone.localdate()
    qs = Decision.objects.filter(status=DecisionStatus.DRAFT, pk__in=_overdue_clocks(today))
    if department_ids is not None:
        qs = qs.filter(department_id__in=department_ids)
    return qs.select_related("department").order_by("decision_date", "id")


def decision_quality(*, year: int, department_ids=None, today: datetime.date | None = None) -> list[dict]:
    """Per department for decisions of ``year``: 及时率 (published on time / due), 合规率 (rows that passed every
    check when first submitted / submitted), 完整率 (optional standard fields filled, latest versions), the number
    overdue. Rates are percentages (None when nothing to count). Three grouped queries."""
    today = today or timezone.localdate()
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    as_of = min(today, end + datetime.timedelta(days=366))
    decisions = Decision.objects.filter(decision_date__range=(start, end))
    checks = DecisionCheck.objects.filter(first_checked_on__range=(start, end))
    if department_ids is not None:
        decisions, checks = decisions.filter(department_id__in=department_ids), checks.filter(
            department_id__in=department_ids)
    overdue_draft = Q(status=DecisionStatus.DRAFT, pk__in=_overdue_clocks(as_of))
    rows = (decisions.filter(version=1).values("department_id", "department__name")
            .annotate(on_time=Count("pk", filter=Q(published_on_time=True)),
                      late=Count("pk", filter=Q(published_on_time=False)),
                      overdue=Count("pk", filter=overdue_draft), total=Count("pk"))
            .order_by())
    complete = dict(decisions.filter(next_version__isnull=True).values("department_id")
                    .annotate(avg=Avg("completeness")).order_by().values_list("department_id", "avg"))
    checked = {row["department_id"]: row for row in checks.values("department_id").annotate(
        passed=Count("pk", filter=Q(passed=True)), total=Count("pk")).order_by()}
    names = {row["department_id"]: row["department__name"] for row in rows}
    if checked:
        from records.models import Unit

        names.update(Unit.objects.filter(pk__in=set(checked) - set(names)).values_list("pk", "name"))
    by_department = {row["department_id"]: row for row in rows}
    result = []
    for department_id in sorted(names, key=lambda pk: names[pk]):
        row = by_department.get(department_id, {"on_time": 0, "late": 0, "overdue": 0, "total": 0})
        check = checked.get(department_id, {"passed": 0, "total": 0})
        average = complete.get(department_id)
        result.append({
            "department": department_id, "department_name": names[department_id], "year": year,
            "decisions": row["total"], "on_time": row["on_time"], "late": row["late"], "overdue": row["overdue"],
            "timely_rate": _rate(row["on_time"], row["on_time"] + row["late"] + row["overdue"]),
            "checked": check["total"], "passed_first_check": check["passed"],
            "compliance_rate": _rate(check["passed"], check["total"]),
            "completeness_rate": None if average is None else
            (Decimal(average) * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
        })
    return result
