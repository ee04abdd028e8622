"""Indicators from the credit records (clauses 1, 2, 7): dishonesty records, 双公示 timeliness, the veto and the
district's zero-stock / zero-increment status."""
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.db.models.functions import Coalesce

from records.choices import DISHONESTY_KINDS, DUAL_PUBLICATION_KINDS, RecordKind, RecordStatus, Severity, SubjectType
from records.models import CreditRecord
from records.services import DUAL_PUBLICATION_CLOCK
from workdays.choices import OPEN_CLOCK_STATES
from workdays.models import Clock

from .base import Context, RefList, Result, Source, no_items, rate, ref, register

#: Records that stand as published facts: in force, or past it (expired, repaired). A revoked record was
#: withdrawn because the decision behind it fell, so it never counts; drafts are not facts yet.
COUNTED_STATUSES = (RecordStatus.PUBLISHED, RecordStatus.EXPIRED, RecordStatus.REPAIRED)
HELD = Q(objection_open=True)
COUNTED = Q(objection_open=False)
RECORD_REF = ref("record", "pk", "version")


def dishonesty_records(ctx: Context) -> dict[int, Result]:
    """Published dishonesty records decided in the period against the unit or its staff, by severity.

    One query: the unit is the record's subject unit, or the current unit of the civil servant it is about.
    Records under an open objection are held out (listed, not counted) until the objection is decided.
    """
    rows = (
        CreditRecord.objects.filter(kind__in=DISHONESTY_KINDS, status__in=COUNTED_STATUSES,
                                    decision_date__range=(ctx.start, ctx.end))
        .annotate(unit_key=Coalesce("subject_unit_id", "civil_servant__unit_id"))
        .filter(unit_key__in=ctx.unit_ids)
        .values("unit_key")
        .annotate(
            serious=Count("pk", filter=COUNTED & Q(severity=Severity.SERIOUS)),
            general=Count("pk", filter=COUNTED & Q(severity=Severity.GENERAL)),
            minor=Count("pk", filter=COUNTED & ~Q(severity__in=[Severity.SERIOUS, Severity.GENERAL])),
            persons=Count("pk", filter=COUNTED & Q(subject_type=SubjectType.PERSON)),
            evidence=RefList(RECORD_REF, filter=COUNTED),
            held_out=RefList(RECORD_REF, filter=HELD),
        )
        .order_by()
    )
    results = {}
    for row in rows:
        counts = {"serious": row["serious"], "general": row["general"], "minor": row["minor"]}
        total = sum(counts.values())
        results[row["unit_key"]] = Result(
            value=total, evidence=row["evidence"] or "", held_out=row["held_out"] or "",
            detail={"counts": counts, "unit_records": total - row["persons"], "staff_records": row["persons"]},
        )
    return results


def dual_publication_timely(ctx: Context) -> dict[int, Result]:
    """双公示 decisions of the period published within 7 working days, as the providing unit.

    Late: published late, or still a draft whose reporting clock is past due by ``as_of``.
    """
    content_type = ContentType.objects.get_for_model(CreditRecord)
    # A semi-join on the set of overdue clocks (PostgreSQL hashes it once), not a correlated EXISTS per record.
    overdue_draft = Q(status=RecordStatus.DRAFT) & Q(pk__in=Clock.objects.filter(
        content_type=content_type, purpose=DUAL_PUBLICATION_CLOCK, state__in=OPEN_CLOCK_STATES,
        due_date__lt=ctx.as_of).values("object_id"))
    on_time = Q(published_late=False) & ~Q(status=RecordStatus.DRAFT)
    late = (Q(published_late=True) & ~Q(status=RecordStatus.DRAFT)) | overdue_draft
    rows = (
        CreditRecord.objects.filter(kind__in=DUAL_PUBLICATION_KINDS, decision_date__range=(ctx.start, ctx.end),
                                    provider_id__in=ctx.unit_ids)
        .values("provider_id")
        .annotate(on_time=Count("pk", filter=on_time), late=Count("pk", filter=late),
                  evidence=RefList(ref("record"), filter=on_time | late))
        .order_by()
    )
    results = {}
    for row in rows:
        total = row["on_time"] + row["late"]
        if total:
            results[row["provider_id"]] = Result(
                value=rate(row["on_time"], total), evidence=row["evidence"] or "",
                detail={"counts": {"on_time": row["on_time"], "late": row["late"]}})
    return results


def _listing():
    """Judgment-defaulter listings of units with their interval: from the listing date (the window start set at
    publication from ``publication_date``) to the delisting date (``window_end``; open while still listed)."""
    return (
        CreditRecord.objects.filter(kind=RecordKind.JUDGMENT_DEFAULTER, subject_type=SubjectType.UNIT,
                                    status__in=COUNTED_STATUSES)
        .annotate(listed_from=Coalesce("window_start", "decision_date"))
    )


def _listed_during(start, end) -> Q:
    return Q(listed_from__lte=end) & (Q(window_end__isnull=True) | Q(window_end__gte=start))


def vetoes(ctx: Context) -> dict[int, dict]:
    """Clause 2: units listed as 失信被执行人 on any day of the period → {unit_id: {"records", "held_out"}}."""
    rows = (
        _listing().filter(_listed_during(ctx.start, ctx.end), subject_unit_id__in=ctx.unit_ids)
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
    listed_now = _listed_during(ctx.as_of, ctx.as_of)
    new = Q(listed_from__range=(ctx.start, ctx.end))
    row = _listing().aggregate(
        stock=Count("subject_unit_id", filter=listed_now, distinct=True),
        increment=Count("subject_unit_id", filter=new, distinct=True),
        stock_refs=RefList(ref("unit", "subject_unit_id"), filter=listed_now, distinct=True),
        increment_refs=RefList(ref("unit", "subject_unit_id"), filter=new, distinct=True),
    )
    return {"stock": row["stock"], "increment": row["increment"], "stock_units": row["stock_refs"] or "",
            "increment_units": row["increment_refs"] or "", "as_of": ctx.as_of.isoformat()}


register(Source(
    key="dishonesty_records", label="失信记录（单位及其工作人员）", app="records", imported=False, unit="项",
    compute=dishonesty_records, empty=lambda: Result(value=0, detail={"counts": {"serious": 0, "general": 0,
                                                                                 "minor": 0}}),
    explain="考核期内作出决定并已发布的失信记录（对单位本身及其现任工作人员），按失信程度计数；"
            "已撤销的记录不计；异议处理中的记录暂不计入，待异议答复后计入。",
))
register(Source(
    key="dual_publication_timely", label="双公示按期报送率", app="records", imported=False, unit="%",
    compute=dual_publication_timely, empty=no_items("考核期内无双公示决定，按满分计"),
    explain="考核期内作出的行政许可、行政处罚决定，作为信息提供单位在7个工作日内公示的比例；"
            "逾期公示或逾期仍未公示的计为未按期。",
))
