"""The office's clearance report (通报): per unit and period — received, acknowledged on time, concluded (on time),
open and overdue at the period's end, median days to conclude. A monthly Celery beat job builds last month's;
the office publishes it to the public site; Excel for download."""
import datetime
import statistics
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.choices import Role
from accounts.models import User
from integrity_portal.errors import TransitionNotAllowed
from integrity_portal.workbooks import Sheet, xlsx_bytes

from ..models import ClearanceReport, ClearanceRow, DisputeClue
from .common import actor_or_none, tell

__all__ = ["previous_month", "clearance_rows", "clearance_report_build", "clearance_report_publish",
           "clearance_report_monthly", "clearance_report_xlsx", "REPORT_COLUMNS"]

REPORT_COLUMNS = (
    ("unit", gettext_lazy("单位")), ("received", gettext_lazy("收到线索")),
    ("acknowledged_on_time", gettext_lazy("按期受理")), ("concluded", gettext_lazy("办结")),
    ("concluded_on_time", gettext_lazy("按期办结")), ("open", gettext_lazy("期末在办")),
    ("overdue", gettext_lazy("期末逾期")), ("median_days", gettext_lazy("办结用时中位数（日）")),
)


def previous_month(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    end = today.replace(day=1) - datetime.timedelta(days=1)
    return end.replace(day=1), end


def _overdue_at(clue: DisputeClue, end: datetime.date) -> bool:
    acknowledged = clue.acknowledged_on is not None and clue.acknowledged_on <= end
    ack = clue.acknowledge_clock
    if not acknowledged and ack is not None and ack.due_date < end:
        return True
    conclude = clue.conclude_clock
    return bool(acknowledged and conclude is not None and conclude.start_date <= end and conclude.due_date < end)


def clearance_rows(start: datetime.date, end: datetime.date) -> list[dict]:
    """One dict per unit holding clues in the period (by the clue's current handling unit)."""
    clues = (DisputeClue.objects.filter(handling_unit__isnull=False, submitted_on__lte=end)
             .select_related("handling_unit", "acknowledge_clock", "conclude_clock"))
    rows: dict[int, dict] = {}
    days: dict[int, list[int]] = defaultdict(list)
    for clue in clues:
        unit = clue.handling_unit
        row = rows.setdefault(unit.pk, {"unit": unit, "received": 0, "acknowledged_on_time": 0, "concluded": 0,
                                        "concluded_on_time": 0, "open": 0, "overdue": 0, "median_days": None})
        if start <= clue.submitted_on <= end:
            row["received"] += 1
            row["acknowledged_on_time"] += bool(clue.acknowledged_on_time)
        if clue.concluded_on and start <= clue.concluded_on <= end:
            row["concluded"] += 1
            row["concluded_on_time"] += bool(clue.concluded_on_time)
            days[unit.pk].append((clue.concluded_on - clue.submitted_on).days)
        if clue.concluded_on is None or clue.concluded_on > end:
            row["open"] += 1
            row["overdue"] += _overdue_at(clue, end)
    for pk, values in days.items():
        rows[pk]["median_days"] = Decimal(str(statistics.median(values))).quantize(Decimal("0.1"))
    return sorted(rows.values(), key=lambda r: (-r["overdue"], -r["open"], r["unit"].name))


@transaction.atomic
def clearance_report_build(*, period_start: datetime.date, period_end: datetime.date, actor=None,
                           title: str = "") -> ClearanceReport:
    """Build (or rebuild, while unpublished) the report of a period; a published report never changes."""
    report = (ClearanceReport.objects.select_for_update()
              .filter(period_start=period_start, period_end=period_end).first())
    if report is not None and report.is_published:
        raise TransitionNotAllowed(_("该期通报已公开，不能重新生成。"))
    default_title = _("涉政纠纷案件线索清理情况通报（%(s)s 至 %(e)s）") % {"s": period_start, "e": period_end}
    if report is None:
        report = ClearanceReport(period_start=period_start, period_end=period_end)
    report.title = (title or "").strip() or default_title
    report.generated_at, report.generated_by = timezone.now(), actor_or_none(actor)
    report.full_clean(validate_constraints=False)
    report.save()
    report.rows.all().delete()
    rows = clearance_rows(period_start, period_end)
    ClearanceRow.objects.bulk_create([ClearanceRow(report=report, **row) for row in rows])
    triage = DisputeClue.objects.filter(handling_unit__isnull=True, submitted_on__lte=period_end,
                                        state="triage").count()
    report.summary = _("本期共 %(units)d 个单位承办线索；期末区信用办待分办 %(triage)d 件。") % {
        "units": len(rows), "triage": triage}
    report.save(update_fields=["summary"])
    return report


@transaction.atomic
def clearance_report_publish(*, report: ClearanceReport, actor) -> ClearanceReport:
    report = ClearanceReport.objects.select_for_update().get(pk=report.pk)
    if report.is_published:
        raise TransitionNotAllowed(_("该期通报已公开。"))
    report.published_at, report.published_by = timezone.now(), actor_or_none(actor)
    report.save(update_fields=["published_at", "published_by"])
    return report


def clearance_report_monthly(*, today: datetime.date | None = None) -> ClearanceReport | None:
    """The beat job: last month's report, built once; the office and the leadership are told."""
    start, end = previous_month(today or timezone.localdate())
    existing = ClearanceReport.objects.filter(period_start=start, period_end=end).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        report = clearance_report_build(period_start=start, period_end=end)
        readers = User.objects.filter(groups__name__in=[Role.CREDIT_OFFICE, Role.LEADER], is_active=True).distinct()
        tell(readers, title=_("已生成 %(t)s") % {"t": report.title}, body=report.summary,
             link=reverse("disputes:report_detail", args=[report.pk]), key=f"clue-report:{report.pk}")
    return report


def clearance_report_xlsx(report: ClearanceReport) -> bytes:
    def line(row):
        return [row.unit.name if key == "unit" else (float(row.median_days) if key == "median_days"
                                                      and row.median_days is not None else getattr(row, key))
                for key, _label in REPORT_COLUMNS]

    return xlsx_bytes(Sheet(title=_("清理情况"), lead=[[report.title]],
                            header=[str(label) for _key, label in REPORT_COLUMNS],
                            rows=[*map(line, report.rows.select_related("unit")),
                                  *([[report.summary]] if report.summary else [])]))
