"""Reads of the evaluation app: drill-down to what is behind a value, changes since the previous period,
the dashboard's figures. Every list is a fixed number of queries, whatever the number of rows."""
import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Avg, Count, F, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from decisions.selectors import decisions_overdue
from decisions.services import REPORTING_CLOCK
from disputes.services.intake import ACKNOWLEDGE_CLOCK, CONCLUDE_CLOCK
from integrity_portal.access import may_open
from integrity_portal.numbers import plain_number
from objections.services.objections import OBJECTION_CLOCK
from records.models import CreditRecord, CreditRecordVersion
from records.services import DECISION_CHANGE_CLOCK, DUAL_PUBLICATION_CLOCK
from records.services.punishment import EXPLANATION_CLOCK, REPORT_CLOCK
from workdays.selectors import clocks_past_due

from .choices import DEPARTMENT_KINDS, TOWN_KINDS, QueryState, RunStatus
from .indicators import SOURCES, refs
from .models import IndicatorScore, Run, Score, TaskAssignment
from .periods import parse_period, previous_period
from .services.tasks import WORK_TASK_CLOCK


def referenced_records(user, text: str | None) -> dict:
    """Stored record references (``record:10@1,…``) as the user may read them: ``{"shown": [{title, url}],
    "hidden": n}`` — records outside the user's scope are counted, not named."""
    pks = {int(item.partition(":")[2].split("@", 1)[0]) for item in refs(text) if item.startswith("record:")}
    visible = CreditRecord.objects.visible_to(user).filter(pk__in=pks).only("pk", "title").order_by("pk")
    shown = [{"title": r.title, "url": safe_reverse("records:record_detail", r.pk)} for r in visible]
    return {"shown": shown, "hidden": len(pks) - len(shown)}


def safe_reverse(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _split(items: list[str]) -> dict[str, dict[int, int | None]]:
    """``["record:3@2", "task:9"]`` → {"record": {3: 2}, "task": {9: None}}."""
    grouped: dict[str, dict[int, int | None]] = defaultdict(dict)
    for item in items:
        kind, _sep, rest = item.partition(":")
        pk, _at, version = rest.partition("@")
        if pk.isdigit():
            grouped[kind][int(pk)] = int(version) if version.isdigit() else None
    return grouped


def _records(readable, used: dict[int, int | None]) -> tuple[list[dict], int]:
    """Records as they were used (the stored version's snapshot) and as they are now; records not in
    ``readable`` (personal records the user may not see) are only counted (DESIGN.md §5: personal credit
    information is never shown beyond scope)."""
    visible = {r.pk: r for r in readable.filter(pk__in=list(used))
               .select_related("subject_unit", "civil_servant", "provider")}
    snapshots = {(v.record_id, v.version): v.snapshot for v in CreditRecordVersion.objects.filter(
        record_id__in=list(visible), version__in={v for v in used.values() if v})}
    rows = []
    for pk in sorted(visible):
        record, version = visible[pk], used[pk]
        snapshot = snapshots.get((pk, version), {})
        rows.append({
            "ref": f"record:{pk}", "title": snapshot.get("title", record.title), "subject": record.subject_name,
            "kind": record.get_kind_display(), "severity": record.get_severity_display(),
            "date": snapshot.get("decision_date", record.decision_date), "status": record.get_status_display(),
            "used_version": version, "current_version": record.version,
            "changed": version is not None and record.version != version,
            "url": safe_reverse("records:record_detail", pk),
        })
    return rows, len(used) - len(visible)


def _simple(kind: str, ids: list[int]) -> list[dict]:
    """Objections, cases, commitments, clues, tasks, figures: one query per kind."""
    if kind == "objection":
        from objections.models import Objection
        return [{"ref": f"objection:{o.pk}", "title": o.record.title, "date": o.filed_on,
                 "status": o.get_state_display(), "extra": _("按期") if o.answered_on_time else _("未按期或未答复"),
                 "url": safe_reverse("objections:objection_detail", o.pk)}
                for o in Objection.objects.filter(pk__in=ids).select_related("record")]
    if kind == "rectification":
        from records.models import RectificationCase
        return [{"ref": f"rectification:{c.pk}", "title": c.reason or str(c), "date": c.opened_on,
                 "status": c.get_state_display(), "url": safe_reverse("punishment:case_detail", c.pk)}
                for c in RectificationCase.objects.filter(pk__in=ids)]
    if kind == "commitment":
        from commitments.models import Commitment
        return [{"ref": f"commitment:{c.pk}", "title": c.title, "date": c.concluded_on,
                 "status": c.get_status_display(), "url": safe_reverse("commitments:detail", c.pk)}
                for c in Commitment.objects.filter(pk__in=ids)]
    if kind == "clue":
        from disputes.models import DisputeClue
        return [{"ref": f"clue:{c.pk}", "title": c.reference, "date": c.submitted_on,
                 "status": c.get_state_display(), "url": safe_reverse("disputes:workspace_detail", c.pk)}
                for c in DisputeClue.objects.filter(pk__in=ids)]
    if kind == "task":
        from .models import TaskAssignment
        return [{"ref": f"task:{a.pk}", "title": a.task.title, "date": a.due_date, "status": a.get_state_display(),
                 "extra": _("按期") if a.on_time else _("逾期"), "url": safe_reverse("evaluation:assignment_detail", a.pk)}
                for a in TaskAssignment.objects.filter(pk__in=ids).select_related("task")]
    if kind == "decision":
        from decisions.models import Decision
        return [{"ref": f"decision:{d.pk}", "title": f"{d.document_number} {d.subject_name}", "date": d.decision_date,
                 "status": d.get_status_display(), "extra": _("按期") if d.published_on_time else _("未按期或未公示"),
                 "url": safe_reverse("decisions:detail", d.pk)}
                for d in Decision.objects.filter(pk__in=ids)]
    if kind == "input":
        from .indicators.imported import INPUT_LABELS
        from .models import InputValue
        return [{"ref": f"input:{v.pk}", "title": INPUT_LABELS.get(v.key, v.key), "date": v.updated_at.date(),
                 "status": plain_number(v.value), "extra": v.batch.original_name if v.batch_id else _("录入"),
                 "url": ""} for v in InputValue.objects.filter(pk__in=ids).select_related("batch")]
    return []


def evidence_rows(text: str | None, *, readable) -> tuple[list[dict], int]:
    """Stored references (``record:10@1,task:9``) as rows (title, date, status, …), and how many records are
    only counted: those not in ``readable`` (a queryset of records)."""
    rows, hidden = [], 0
    for kind, used in _split(refs(text)).items():
        if kind == "record":
            shown, hidden_here = _records(readable, used)
            rows += shown
            hidden += hidden_here
        else:
            rows += _simple(kind, list(used))
    return rows, hidden


def evidence_for(user, item: IndicatorScore) -> dict:
    """What is behind one indicator value: counted items, held-out items (under objection), hidden count."""
    result = {}
    for label, text in (("counted", item.evidence), ("held_out", item.held_out)):
        result[label], result[f"{label}_hidden"] = evidence_rows(text, readable=CreditRecord.objects.visible_to(user))
    return result


def previous_score(score: Score) -> Score | None:
    """The unit's score in the previous period: its published version, else its latest finished one."""
    span = previous_period(parse_period(score.run.period.code))
    candidates = (Score.objects.filter(unit_id=score.unit_id, run__period__code=span.code,
                                       run__status__in=[RunStatus.PUBLISHED, RunStatus.DRAFT])
                  .select_related("run").order_by("-run__status", "-run__version"))
    # "published" sorts after "draft" descending, so published comes first.
    return candidates.first()


def changes_since(score: Score, before: Score | None) -> list[dict]:
    """Per indicator: points and value then and now, and which items came in or went out."""
    if before is None:
        return []
    old = {i.indicator_key: i for i in before.items.all()}
    rows = []
    for item in score.items.all():
        prior = old.get(item.indicator_key)
        if prior is None:
            rows.append({"name": item.name, "new": True, "points": item.points})
            continue
        now_refs, then_refs = {r.split("@")[0] for r in refs(item.evidence)}, \
            {r.split("@")[0] for r in refs(prior.evidence)}
        delta = (item.points or Decimal(0)) - (prior.points or Decimal(0))
        if delta or item.value != prior.value or now_refs != then_refs:
            rows.append({"name": item.name, "points_then": prior.points, "points_now": item.points, "delta": delta,
                         "value_then": prior.value, "value_now": item.value,
                         "added": len(now_refs - then_refs), "removed": len(then_refs - now_refs)})
    return rows


# --- the dashboard ------------------------------------------------------------

def dashboard_run(run_id=None) -> Run | None:
    """The run the dashboard shows: the one asked for, else the latest published one (a draft in its reply
    window is not yet a result), else — before anything is published — the latest draft."""
    runs = Run.objects.select_related("period").filter(status__in=[RunStatus.PUBLISHED, RunStatus.DRAFT])
    if run_id:
        return runs.filter(pk=run_id).first() if str(run_id).isdigit() else None
    # Run.newest_first: a year before its first quarter (they start on the same day). "-period__quarter" put
    # the year's NULL first on PostgreSQL and last on SQLite, so the two showed different runs.
    return runs.filter(status=RunStatus.PUBLISHED).newest_first().first() or runs.newest_first().first()


def trend(run: Run, units: list[int], periods: int = 6) -> tuple[list[str], dict[int, list]]:
    """Totals of the same units over the last ``periods`` periods of the same kind (years or quarters)."""
    span = parse_period(run.period.code)
    codes = [span.code]
    for _i in range(periods - 1):
        span = previous_period(span)
        codes.append(span.code)
    codes.reverse()
    latest = {}
    for row in (Run.objects.filter(period__code__in=codes, status__in=[RunStatus.PUBLISHED, RunStatus.DRAFT])
                .values("pk", "period__code", "status", "version").order_by("period__code", "status", "version")):
        current = latest.get(row["period__code"])
        # prefer the published version, else the latest draft
        if current is None or row["status"] == RunStatus.PUBLISHED or current["status"] != RunStatus.PUBLISHED:
            latest[row["period__code"]] = row
    run_ids = {row["pk"]: code for code, row in latest.items()}
    series: dict[int, list] = {unit: [None] * len(codes) for unit in units}
    for unit_id, run_id, total in Score.objects.filter(run_id__in=list(run_ids), unit_id__in=units) \
            .values_list("unit_id", "run_id", "total"):
        series[unit_id][codes.index(run_ids[run_id])] = total
    return codes, series


def indicator_breakdown(run: Run) -> list[dict]:
    """Average points per indicator as a share of its weight (one aggregate query)."""
    rows = (IndicatorScore.objects.filter(score__run=run, points__isnull=False)
            .values("indicator_key", "name", "weight", "order")
            .annotate(avg=Avg("points"), units=Count("pk"), full=Count("pk", filter=Q(points=F("weight"))))
            .order_by("order"))
    return [{**row, "share": (Decimal(row["avg"]) / row["weight"] * 100) if row["weight"] else 0} for row in rows]


def group_averages(run: Run) -> list[dict]:
    """Towns and streets vs departments: average total, count, vetoed (one query)."""
    row = run.scores.aggregate(
        towns=Avg("total", filter=Q(unit_kind__in=TOWN_KINDS)), towns_n=Count("pk", filter=Q(unit_kind__in=TOWN_KINDS)),
        depts=Avg("total", filter=Q(unit_kind__in=DEPARTMENT_KINDS)),
        depts_n=Count("pk", filter=Q(unit_kind__in=DEPARTMENT_KINDS)),
        vetoed=Count("pk", filter=Q(vetoed=True)),
    )
    return [
        {"label": _("镇（街道）"), "avg": row["towns"], "count": row["towns_n"]},
        {"label": _("区直部门"), "avg": row["depts"], "count": row["depts_n"]},
    ]


# The dashboard's overdue figures, one card per kind of deadline (a clock purpose), each with the page listing
# exactly the rows it counts, where there is one; a card links to it only for a reader whose role may open that
# page (its view's allowed_roles): the 双公示 quality page (it names the subjects of unpublished decisions), the
# office's objection overview and the staff's clue list are not the leader's, who gets those figures without a
# link. Credit records and record updates have no such list: figures only.
OVERDUE_CARDS = (
    (OBJECTION_CLOCK, gettext_lazy("异议答复逾期"), ("objections:office_overview", "?past_due=true")),
    (EXPLANATION_CLOCK, gettext_lazy("失信情况书面说明逾期"), ("punishment:case_list", "?overdue=explanation")),
    (REPORT_CLOCK, gettext_lazy("整改报告逾期"), ("punishment:case_list", "?overdue=report")),
    (ACKNOWLEDGE_CLOCK, gettext_lazy("纠纷线索受理逾期"), ("disputes:workspace_list", "?past_due=acknowledge")),
    (CONCLUDE_CLOCK, gettext_lazy("纠纷线索办结逾期"), ("disputes:workspace_list", "?past_due=conclude")),
    (WORK_TASK_CLOCK, gettext_lazy("督办任务逾期"), ("evaluation:task_list", "?overdue=1")),
    # the 双公示 decisions: the figure of the office's start page, listed on the 双公示 quality page
    (REPORTING_CLOCK, gettext_lazy("双公示逾期未公示"), ("decisions:quality", "#overdue")),
    # a 行政处罚 or 行政许可 credit record (about a unit or a civil servant) still to publish
    (DUAL_PUBLICATION_CLOCK, gettext_lazy("信用记录双公示报送逾期"), None),
    (DECISION_CHANGE_CLOCK, gettext_lazy("原决定变更后更新记录逾期"), None),
)


def overdue_now(*, user, today: datetime.date | None = None) -> list[dict]:
    """Deadlines past due right now, district-wide, by kind: one grouped query on the clock engine's table, and
    one for the 双公示 decisions, counted as ``decisions_overdue`` counts them (the drafts past their reporting
    period, as on the office's start page and the quality page). ``url``: the list of the rows, if ``user`` may
    open it, else ""."""
    today = today or timezone.localdate()
    counts = dict(clocks_past_due(today=today).values_list("purpose").annotate(n=Count("pk")).order_by())
    counts[REPORTING_CLOCK] = decisions_overdue(today=today).count()
    return [{"purpose": purpose, "label": label, "count": counts.get(purpose, 0),
             "url": reverse(page[0]) + page[1] if page and may_open(user, page[0]) else ""}
            for purpose, label, page in OVERDUE_CARDS]


def assignments_past_due(assignments, *, today: datetime.date):
    """The work-task assignments whose clock is past its due date: the rows of the dashboard's 督办任务 card."""
    return assignments.filter(pk__in=clocks_past_due(today=today, purpose=WORK_TASK_CLOCK, model=TaskAssignment)
                              .values("object_id"))


def source_labels() -> dict[str, str]:
    return {key: source.shown_label() for key, source in SOURCES.items()}


def runs_with_open_queries() -> list[Run]:
    """The runs with unit feedback awaiting the office's answer, oldest first, each with its ``open_queries``: the
    office answers feedback from the run's page (one query)."""
    return list(Run.objects.annotate(open_queries=Count("queries", filter=Q(queries__state=QueryState.OPEN)))
                .filter(open_queries__gt=0).select_related("period").order_by("created_at", "pk"))


def open_queries_url(run_ids) -> str:
    """Where the office answers the open feedback: its run's page; feedback on several runs, the evaluation home,
    which links to each of them."""
    run_ids = set(run_ids)
    if len(run_ids) == 1:
        return reverse("evaluation:run_detail", args=[run_ids.pop()]) + "#queries"
    return reverse("evaluation:workspace_home") + "#queries"
