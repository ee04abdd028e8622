"""Demo data of the evaluation app: the schemes, a published year, a quarter in its reply window with a
query, imported hotline figures, and work tasks (one open, one overdue, one submitted late).

``seed_evaluation(units=…, users=…)`` is idempotent: what exists is left alone. Call it after the records,
commitments and objections demo data so the scores have something to show.
"""
import datetime
import io

from django.utils import timezone

from accounts.models import User
from records.models import Unit

from . import services
from .choices import InputKind, RunStatus, RunTrigger, TaskKind
from .models import InputBatch, ReplyQuery, Run, WorkTask
from .periods import last_finished_periods

OFFICE_UNIT = "区发展和改革局（区信用办）"
CLERK_UNIT = "区市场监督管理局"
TOWN = "凤城街道办事处"


def _hotline_workbook(units: list[Unit], seed: int) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["统一社会信用代码", "单位名称", "受理件数", "按期办结率（%）", "群众满意率（%）"])
    for index, unit in enumerate(units):
        spread = (index * 7 + seed) % 17
        sheet.append([unit.code, unit.name, 40 + 13 * spread, 100 - spread * 0.9, 99 - spread * 0.8])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _import_hotline(period: str, units: list[Unit], office: User | None, seed: int) -> int:
    if InputBatch.objects.filter(period__code=period, kind=InputKind.HOTLINE).exists():
        return 0
    services.input_import(actor=office, period=period, kind=InputKind.HOTLINE, name=f"12345热线绩效{period}.xlsx",
                          file_bytes=_hotline_workbook(units, seed))
    return 1


def _tasks(units: dict[str, Unit], users: dict[str, User], today: datetime.date) -> int:
    if WorkTask.objects.filter(title__startswith="【示例】").exists():
        return 0
    office, clerk = users.get("office"), users.get("clerk")
    market, town = units.get(CLERK_UNIT), units.get(TOWN)
    targets = [u for u in (market, town) if u is not None]
    if not targets:
        return 0
    overdue = services.task_issue(
        actor=office, title="【示例】报送政务诚信建设年度工作方案", kind=TaskKind.WORK_PLAN,
        description="按照实施方案第二十条，研究制定本单位政务诚信建设工作方案并报区信用办。",
        units=targets, issued_on=today - datetime.timedelta(days=70), today=today)
    services.task_issue(
        actor=office, title="【示例】报送第四季度信用信息归集数据", kind=TaskKind.FIGURES,
        description="报送本季度双公示、信用承诺归集数量及按期率。", units=targets, issued_on=today, today=today)
    late = overdue.assignments.filter(unit=market).first()
    if late is not None and clerk is not None and clerk.unit_id == market.pk:
        pdf = b"%PDF-1.4\n% demo work plan\n"
        services.task_submit(assignment=late, actor=clerk, note="工作方案已经局党组会议审议通过。",
                             files=[("工作方案.pdf", pdf)], today=today - datetime.timedelta(days=10))
    return 2


def seed_evaluation(*, units: dict[str, Unit], users: dict[str, User]) -> int:
    """Create what is missing; returns how many things were created."""
    today = timezone.localdate()
    office, clerk = users.get("office"), users.get("clerk")
    created = 0
    for year in (today.year - 1, today.year):
        if not services.scheme_create_default(year=year, actor=office).runs.exists():
            created += 1
    evaluated = [u for u in units.values() if u.kind in ("department", "town", "street") and u.status == "active"]
    quarter = last_finished_periods(today)[0].code
    year_code = str(today.year - 1)
    created += _import_hotline(year_code, evaluated, office, seed=3)
    created += _import_hotline(quarter, evaluated, office, seed=5)
    created += _tasks(units, users, today)

    if not Run.objects.filter(period__code=year_code, status=RunStatus.PUBLISHED).exists():
        closed_on = datetime.date(today.year, 1, 10)
        run = services.evaluation_run(period=year_code, actor=office, trigger=RunTrigger.OFFICE, today=closed_on)
        services.run_publish(run=run, actor=office, today=max(today, run.reply_until + datetime.timedelta(days=1)))
        created += 1
    if not Run.objects.filter(period__code=quarter).exists():
        run = services.evaluation_run(period=quarter, actor=office, trigger=RunTrigger.OFFICE, today=today)
        created += 1
        score = run.scores.filter(unit__name=CLERK_UNIT).first()
        if score is not None and clerk is not None and clerk.unit_id == score.unit_id \
                and not ReplyQuery.objects.filter(run=run).exists():
            services.query_raise(score=score, indicator_key="hotline_on_time_rate", actor=clerk, today=today,
                                 reason="本单位热线按期办结率应以热线办季度通报为准（附通报），请核对。")
            created += 1
    return created
