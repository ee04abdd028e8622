"""Indicators from the other apps: objections, rectification, commitments, dispute clues, work tasks.

Rates count the items due in the period: on time, or late (answered late, or still open past due by
``as_of``). Items still open and not yet due are not counted.
"""
import zoneinfo

from django.conf import settings
from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_noop

from workdays.models import Clock

from .base import Context, RefList, Result, Source, no_items, rate, ref, register


def _rates(rows, unit_field: str, counts: tuple[str, str] = ("on_time", "late")) -> dict[int, Result]:
    results = {}
    for row in rows:
        on_time, late = row[counts[0]], row[counts[1]]
        if on_time + late:
            results[row[unit_field]] = Result(value=rate(on_time, on_time + late), evidence=row["evidence"] or "",
                                              detail={"counts": {"on_time": on_time, "late": late}})
    return results


def objections_on_time(ctx: Context) -> dict[int, Result]:
    """Objections due in the period answered within the time limit by the providing unit (clause 10)."""
    from objections.choices import OPEN_OBJECTION_STATES, ObjectionState
    from objections.models import Objection

    on_time = Q(answered_on_time=True)
    late = Q(answered_on_time=False) | Q(state__in=OPEN_OBJECTION_STATES, clock__due_date__lt=ctx.as_of)
    rows = (
        Objection.objects.filter(clock__due_date__range=(ctx.start, ctx.end), record__provider_id__in=ctx.unit_ids)
        .exclude(state=ObjectionState.WITHDRAWN)
        .values("record__provider_id")
        .annotate(on_time=Count("pk", filter=on_time), late=Count("pk", filter=late),
                  evidence=RefList(ref("objection"), filter=on_time | late))
        .order_by()
    )
    return _rates(rows, "record__provider_id")


def rectification_on_time(ctx: Context) -> dict[int, Result]:
    """Rectification cases whose report was due in the period, reported by the deadline (clause 6); a case
    still overdue when the period starts (not reported, not closed) counts late again in each period it stays so."""
    from records.models import RectificationCase

    shanghai = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    due = F("report_clock__due_date")
    in_period = Q(report_clock__due_date__range=(ctx.start, ctx.end))
    carried = (Q(report_clock__due_date__lt=ctx.start) & (Q(reported_on__isnull=True) | Q(reported_on__gte=ctx.start))
               & (Q(closed_on__isnull=True) | Q(closed_on__gte=ctx.start)))
    on_time = in_period & Q(reported_on__isnull=False, reported_on__lte=due)
    late = (in_period & (Q(reported_on__gt=due) | Q(reported_on__isnull=True, report_clock__due_date__lt=ctx.as_of))
            & (Q(closed_on__isnull=True) | Q(closed_on__gt=due))) | carried
    rows = (
        RectificationCase.objects.filter(unit_id__in=ctx.unit_ids, report_clock__due_date__lte=ctx.end)
        .annotate(reported_on=TruncDate("reported_at", tzinfo=shanghai))
        .filter(in_period | carried)
        .values("unit_id")
        .annotate(on_time=Count("pk", filter=on_time), late=Count("pk", filter=late),
                  evidence=RefList(ref("rectification"), filter=on_time | late))
        .order_by()
    )
    return _rates(rows, "unit_id")


def commitment_fulfilment(ctx: Context) -> dict[int, Result]:
    """Commitments concluded in the period: fully kept = 1, partly = ½, not kept = 0 (clauses 8, 9, 19)."""
    from commitments.choices import CONCLUDED_STATUSES, CommitmentStatus
    from commitments.models import Commitment

    rows = (
        Commitment.objects.filter(status__in=CONCLUDED_STATUSES, concluded_on__range=(ctx.start, ctx.end),
                                  unit_id__in=ctx.unit_ids)
        .values("unit_id")
        .annotate(fulfilled=Count("pk", filter=Q(status=CommitmentStatus.FULFILLED)),
                  partly=Count("pk", filter=Q(status=CommitmentStatus.PARTLY_FULFILLED)),
                  unfulfilled=Count("pk", filter=Q(status=CommitmentStatus.UNFULFILLED)),
                  evidence=RefList(ref("commitment")))
        .order_by()
    )
    results = {}
    for row in rows:
        total = row["fulfilled"] + row["partly"] + row["unfulfilled"]
        value = rate(2 * row["fulfilled"] + row["partly"], 2 * total)
        results[row["unit_id"]] = Result(value=value, evidence=row["evidence"] or "", detail={"counts": {
            "fulfilled": row["fulfilled"], "partly": row["partly"], "unfulfilled": row["unfulfilled"]}})
    return results


def dispute_clues_on_time(ctx: Context) -> dict[int, Result]:
    """Dispute clues acknowledged and concluded on time by the handling unit: each due step counts once."""
    from disputes.choices import OPEN_CLUE_STATES
    from disputes.models import DisputeClue

    due_clocks = Clock.objects.filter(due_date__range=(ctx.start, ctx.end)).values("pk")
    ack_due = Q(acknowledge_clock__due_date__range=(ctx.start, ctx.end))
    conc_due = Q(conclude_clock__due_date__range=(ctx.start, ctx.end))
    is_open = Q(state__in=OPEN_CLUE_STATES)
    ack_on = ack_due & Q(acknowledged_on_time=True)
    ack_late = ack_due & (Q(acknowledged_on_time=False) | (
        is_open & Q(acknowledged_on__isnull=True, acknowledge_clock__due_date__lt=ctx.as_of)))
    conc_on = conc_due & Q(concluded_on_time=True)
    conc_late = conc_due & (Q(concluded_on_time=False) | (
        is_open & Q(concluded_on__isnull=True, conclude_clock__due_date__lt=ctx.as_of)))
    rows = (
        # Which clues: a semi-join on the clocks due in the period, not an OR across two joined clocks.
        DisputeClue.objects.filter(Q(acknowledge_clock_id__in=due_clocks) | Q(conclude_clock_id__in=due_clocks),
                                   handling_unit_id__in=ctx.unit_ids)
        .values("handling_unit_id")
        .annotate(ack_on=Count("pk", filter=ack_on), ack_late=Count("pk", filter=ack_late),
                  conc_on=Count("pk", filter=conc_on), conc_late=Count("pk", filter=conc_late),
                  evidence=RefList(ref("clue"), filter=ack_on | ack_late | conc_on | conc_late))
        .order_by()
    )
    results = {}
    for row in rows:
        on_time, late = row["ack_on"] + row["conc_on"], row["ack_late"] + row["conc_late"]
        if on_time + late:
            results[row["handling_unit_id"]] = Result(
                value=rate(on_time, on_time + late), evidence=row["evidence"] or "",
                detail={"counts": {"on_time": on_time, "late": late, "acknowledged_on_time": row["ack_on"],
                                   "acknowledged_late": row["ack_late"], "concluded_on_time": row["conc_on"],
                                   "concluded_late": row["conc_late"]}})
    return results


def work_tasks_on_time(ctx: Context) -> dict[int, Result]:
    """Work tasks due in the period submitted by their due date (clause 20)."""
    from ..models import TaskAssignment

    on_time = Q(on_time=True)
    late = Q(on_time=False) | Q(submitted_on__isnull=True, due_date__lt=ctx.as_of)
    rows = (
        TaskAssignment.objects.filter(due_date__range=(ctx.start, ctx.end), unit_id__in=ctx.unit_ids)
        .values("unit_id")
        .annotate(done_on_time=Count("pk", filter=on_time), done_late=Count("pk", filter=late),
                  evidence=RefList(ref("task"), filter=on_time | late))
        .order_by()
    )
    return _rates(rows, "unit_id", ("done_on_time", "done_late"))


register(Source(
    key="objections_on_time", label=gettext_noop("异议按期答复率"), app="objections", imported=False, unit="%",
    compute=objections_on_time, empty=no_items(gettext_noop("考核期内无到期异议，按满分计")),
    tables=("objections_objection",),
    explain=gettext_noop("答复期限在考核期内的异议（本单位为信息提供单位），按期答复的比例；逾期答复或逾期未答复计为未按期，"
            "撤回的不计。"),
))
register(Source(
    key="rectification_on_time", label=gettext_noop("失信整改按期完成率"), app="records", imported=False, unit="%",
    compute=rectification_on_time, empty=no_items(gettext_noop("考核期内无到期整改，按满分计")),
    tables=("records_rectificationcase",),
    explain=gettext_noop("整改报告期限在考核期内的整改案件，按期报送整改报告的比例；此前已逾期、考核期开始时仍未报送的整改案件，"
            "在其逾期的每个考核期均计为未按期。"),
))
register(Source(
    key="commitment_fulfilment", label=gettext_noop("政务承诺履约率"), app="commitments", imported=False, unit="%",
    compute=commitment_fulfilment, empty=no_items(gettext_noop("考核期内无认定履行情况的承诺，按满分计")),
    tables=("commitments_commitment",),
    explain=gettext_noop("考核期内认定履行情况的承诺：全部履行计1，部分履行计0.5，未履行计0，取平均后以百分比表示；"
            "依法变更、终止的不计。"),
))
register(Source(
    key="dispute_clues_on_time", label=gettext_noop("涉政纠纷线索按期受理办结率"), app="disputes", imported=False, unit="%",
    compute=dispute_clues_on_time, empty=no_items(gettext_noop("考核期内无到期线索，按满分计")),
    tables=("disputes_disputeclue",),
    explain=gettext_noop("受理、办结期限在考核期内的线索（本单位承办），每个到期环节计一次，按期完成的比例。"),
))
register(Source(
    key="work_tasks_on_time", label=gettext_noop("督办任务按期完成率"), app="evaluation", imported=False, unit="%",
    compute=work_tasks_on_time, empty=no_items(gettext_noop("考核期内无到期督办任务，按满分计")),
    explain=gettext_noop("截止日期在考核期内的督办任务，按期报送的比例；逾期报送或逾期未报送计为未按期。"),
))
