"""Indicators from 双公示 (clause 7): per issuing department, the decisions it made in the period on 行政相对人 —
reported within the reporting period (及时率), right the first time (合规率), complete (完整率). They replace the
indicator that counted the few 双公示 records whose subject was a government unit."""
from django.contrib.contenttypes.models import ContentType
from django.db.models import Avg, Count, Q
from django.utils.translation import gettext_noop

from decisions.choices import DecisionStatus
from decisions.models import Decision, DecisionCheck
from decisions.services import REPORTING_CLOCK
from workdays.choices import OPEN_CLOCK_STATES
from workdays.models import Clock

from .base import Context, RefList, Result, Source, no_items, rate, ref, register


def dual_publication_timely(ctx: Context) -> dict[int, Result]:
    """Decisions of the period (first versions) published within the reporting period, per issuing department.

    Late: published late, or still a draft whose reporting clock is past due by ``as_of``.
    """
    overdue_draft = Q(status=DecisionStatus.DRAFT) & Q(pk__in=Clock.objects.filter(
        content_type=ContentType.objects.get_for_model(Decision), purpose=REPORTING_CLOCK,
        state__in=OPEN_CLOCK_STATES, due_date__lt=ctx.as_of).values("object_id"))
    on_time = Q(published_on_time=True)
    late = Q(published_on_time=False) | overdue_draft
    rows = (
        Decision.objects.filter(version=1, decision_date__range=(ctx.start, ctx.end), department_id__in=ctx.unit_ids)
        .values("department_id")
        .annotate(on_time=Count("pk", filter=on_time), late=Count("pk", filter=late),
                  evidence=RefList(ref("decision"), filter=on_time | late))
        .order_by()
    )
    results = {}
    for row in rows:
        total = row["on_time"] + row["late"]
        if total:
            results[row["department_id"]] = Result(
                value=rate(row["on_time"], total), evidence=row["evidence"] or "",
                detail={"counts": {"on_time": row["on_time"], "late": row["late"]}})
    return results


def dual_publication_compliance(ctx: Context) -> dict[int, Result]:
    """Rows submitted in the period that passed every check the first time, per department (合规率)."""
    rows = (
        DecisionCheck.objects.filter(first_checked_on__range=(ctx.start, ctx.end), department_id__in=ctx.unit_ids)
        .values("department_id")
        .annotate(passed=Count("pk", filter=Q(passed=True)), total=Count("pk"))
        .order_by()
    )
    return {row["department_id"]: Result(value=rate(row["passed"], row["total"]),
                                         detail={"counts": {"passed": row["passed"],
                                                            "failed": row["total"] - row["passed"]}})
            for row in rows if row["total"]}


def dual_publication_completeness(ctx: Context) -> dict[int, Result]:
    """The share of the optional standard fields filled, averaged over the period's decisions (latest versions)."""
    rows = (
        Decision.objects.filter(decision_date__range=(ctx.start, ctx.end), department_id__in=ctx.unit_ids,
                                next_version__isnull=True)
        .values("department_id")
        .annotate(average=Avg("completeness"), total=Count("pk"))
        .order_by()
    )
    return {row["department_id"]: Result(value=rate(round(row["average"] * 10000), 10000),
                                         detail={"counts": {"decisions": row["total"]}})
            for row in rows if row["total"]}


register(Source(
    key="dual_publication_timely", label=gettext_noop("双公示按期报送率"), app="decisions", imported=False, unit="%",
    compute=dual_publication_timely, empty=no_items(gettext_noop("考核期内无双公示决定，按满分计")),
    explain=gettext_noop("考核期内本单位作为决定机关作出的行政许可、行政处罚等行政决定（首个版本），在报送期限内公示的比例；"
            "逾期公示或逾期仍未公示的计为未按期。"),
))
register(Source(
    key="dual_publication_compliance", label=gettext_noop("双公示数据合规率"), app="decisions", imported=False, unit="%",
    compute=dual_publication_compliance, empty=no_items(gettext_noop("考核期内未报送双公示数据，按满分计")),
    explain=gettext_noop("考核期内首次报送即通过全部校验（必填项、代码校验、日期、金额、枚举值）的数据行占报送行数的比例。"),
))
register(Source(
    key="dual_publication_completeness", label=gettext_noop("双公示数据完整率"), app="decisions", imported=False, unit="%",
    compute=dual_publication_completeness, empty=no_items(gettext_noop("考核期内无双公示决定，按满分计")),
    explain=gettext_noop("考核期内作出的行政决定中，国家标准选填字段已填写的平均比例。"),
))
