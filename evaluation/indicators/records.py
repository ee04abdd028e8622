"""Indicators from the credit records (clauses 1, 2): dishonesty records, the veto and the district's zero-stock /
zero-increment status. (双公示 timeliness and quality are the decisions app's: indicators/decisions.py.)"""
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_noop

from records import effects
from records.choices import Severity, SubjectType

from .base import Context, RefList, Result, Source, ref, register

HELD = Q(objection_open=True)
COUNTED = Q(objection_open=False)
WEIGHED = COUNTED & Q(weight__gt=0)
RECORD_REF = ref("record", "pk", "version")
SEVERITIES = (Severity.SERIOUS, Severity.GENERAL, Severity.MINOR)


def _weighed(percent: int | None) -> int | float:
    """A sum of weights in percent → the count it stands for (whole numbers stay integers in the detail)."""
    percent = percent or 0
    return percent // 100 if percent % 100 == 0 else float(Decimal(percent) / 100)


def dishonesty_records(ctx: Context) -> dict[int, Result]:
    """Dishonesty records decided in the period against the unit or its staff, by severity, each weighed as
    ``records.effects`` says (a repair decided lighter counts a fraction, one waived counts nothing).

    One query: the unit is the record's subject unit, or the unit the civil servant served in on the date of
    the act (postings). Records under an open objection are held out (listed, not counted) until decided.
    """
    rows = (
        effects.counted_records(start=ctx.start, end=ctx.end, unit_ids=ctx.unit_ids)
        .values("unit_key")
        .annotate(
            serious=Sum("weight", filter=COUNTED & Q(severity=Severity.SERIOUS)),
            general=Sum("weight", filter=COUNTED & Q(severity=Severity.GENERAL)),
            minor=Sum("weight", filter=COUNTED & ~Q(severity__in=[Severity.SERIOUS, Severity.GENERAL])),
            persons=Sum("weight", filter=COUNTED & Q(subject_type=SubjectType.PERSON)),
            evidence=RefList(RECORD_REF, filter=WEIGHED),
            held_out=RefList(RECORD_REF, filter=HELD),
        )
        .order_by()
    )
    results = {}
    for row in rows:
        percents = {s.value: row[s.value] or 0 for s in SEVERITIES}
        total = sum(percents.values())
        counts = {key: _weighed(value) for key, value in percents.items()}
        results[row["unit_key"]] = Result(
            value=Decimal(total) / 100, evidence=row["evidence"] or "", held_out=row["held_out"] or "",
            detail={"counts": counts, "unit_records": _weighed(total - (row["persons"] or 0)),
                    "staff_records": _weighed(row["persons"])},
        )
    return results


def vetoes(ctx: Context) -> dict[int, dict]:
    """Clause 2: units listed as 失信被执行人 on any day of the period → {unit_id: {"records", "held_out"}}."""
    rows = (
        effects.listings().filter(effects.listed_during(ctx.start, ctx.end), subject_unit_id__in=ctx.unit_ids)
        .values("subject_unit_id")
        .annotate(evidence=RefList(RECORD_REF, filter=COUNTED), held_out=RefList(RECORD_REF, filter=HELD),
                  counted=Count("pk", filter=COUNTED))
        .order_by()
    )
    return {row["subject_unit_id"]: {"vetoed": row["counted"] > 0, "records": row["evidence"] or "",
                                     "held_out": row["held_out"] or ""} for row in rows}


def zero_status(ctx: Context) -> dict:
    """零存量、零增量 of the whole district for the period: units listed at its end (``as_of``), units newly
    listed within it. One aggregate query."""
    listed_now = effects.listed_during(ctx.as_of, ctx.as_of)
    new = Q(listed_from__range=(ctx.start, ctx.end))
    row = effects.listings().aggregate(
        stock=Count("subject_unit_id", filter=listed_now, distinct=True),
        increment=Count("subject_unit_id", filter=new, distinct=True),
        stock_refs=RefList(ref("unit", "subject_unit_id"), filter=listed_now, distinct=True),
        increment_refs=RefList(ref("unit", "subject_unit_id"), filter=new, distinct=True),
    )
    return {"stock": row["stock"], "increment": row["increment"], "stock_units": row["stock_refs"] or "",
            "increment_units": row["increment_refs"] or "", "as_of": ctx.as_of.isoformat()}


register(Source(
    key="dishonesty_records", label=gettext_noop("失信记录（单位及其工作人员）"), app="records", imported=False, unit=gettext_noop("项"),
    compute=dishonesty_records, empty=lambda: Result(value=0, detail={"counts": {"serious": 0, "general": 0,
                                                                                 "minor": 0}}),
    explain=gettext_noop("考核期内作出决定并已发布的失信记录（对单位本身及失信行为发生时在本单位任职的工作人员），按失信程度计数；"
            "已撤销的记录不计；信用修复从轻的按时限规则中的权重折算，免于惩戒的不计；"
            "异议处理中的记录暂不计入，待异议答复后计入。"),
))
