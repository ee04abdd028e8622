"""The evaluation run: every unit's score for a period, with the exact inputs it used.

``evaluation_run`` is the one entry point (Celery beat, the office's button, ``manage.py run_evaluation``):
``run_start`` creates the version (status ``running``, committed so the progress bar can watch it), then
``run_execute`` computes each indicator with one set-based query, reporting progress as it goes, and writes
all scores in one transaction. A finished version never changes: a rerun is a new version.
"""
import datetime
import hashlib
import json
import logging
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from integrity_portal.errors import TransitionNotAllowed
from integrity_portal.faults import fault_point
from integrity_portal.pg import insert_rows
from records import effects
from records.choices import UnitStatus
from records.models import Unit
from workdays.calendar import get_calendar
from workdays.services import policy_current

from .. import scoring
from ..choices import APPLIES_TO_KINDS, EVALUATED_KINDS, Grade, QueryState, RunStatus, RunTrigger, SchemeStatus
from ..indicators import SOURCES, Context, Result, vetoes, zero_status
from ..models import IndicatorScore, Period, ReplyQuery, Run, RunTransition, Scheme, Score
from ..periods import PeriodSpan, parse_period
from .common import actor_or_none, tell_unit
from .schemes import scheme_check, scheme_snapshot

logger = logging.getLogger(__name__)

REPLY_POLICY = "evaluation_reply_window"
STALE_MINUTES = 15
HUNDRED = Decimal(100)
# An indicator row as _build_scores makes it (the first column is the score's position, then its id).
ITEM_COLUMNS = ["score_id", "indicator_key", "name", "weight", "value", "points", "note", "detail", "evidence",
                "held_out", "order"]


def _transition(run: Run, to_status: str, *, actor=None, reason: str = "", from_status: str | None = None) -> None:
    RunTransition.objects.create(run=run, actor=actor_or_none(actor), from_status=from_status or run.status,
                                 to_status=to_status, reason=reason)


def period_get_or_create(span: PeriodSpan) -> Period:
    period, _created = Period.objects.get_or_create(
        code=span.code, defaults={"year": span.year, "quarter": span.quarter, "start": span.start, "end": span.end})
    return period


def scheme_for(year: int) -> Scheme:
    scheme = Scheme.objects.filter(year=year, status=SchemeStatus.ACTIVE).first()
    if scheme is None:
        raise ValidationError({"period": [_("%(year)s 年没有已启用的考核方案，无法计算。请先制定并启用方案。")
                                          % {"year": year}]})
    return scheme


@transaction.atomic
def run_start(*, period: str, actor=None, trigger: str = RunTrigger.COMMAND,
              today: datetime.date | None = None) -> Run:
    """A new version for the period, status ``running``. A period already running returns that run."""
    span = parse_period(period)
    today = today or timezone.localdate()
    if span.start > today:
        raise ValidationError({"period": [_("考核期间 %(code)s 尚未开始。") % {"code": span.code}]})
    scheme = scheme_for(span.year)
    scheme_check(scheme)
    period_row = Period.objects.select_for_update().get(pk=period_get_or_create(span).pk)
    running = Run.objects.filter(period=period_row, status=RunStatus.RUNNING).first()
    if running is not None:
        return running
    version = (Run.objects.filter(period=period_row).aggregate(v=Max("version"))["v"] or 0) + 1
    run = Run.objects.create(
        period=period_row, version=version, scheme=scheme, trigger=trigger, started_by=actor_or_none(actor),
        as_of=min(today, span.end), scheme_snapshot=scheme_snapshot(scheme), status=RunStatus.RUNNING,
    )
    _transition(run, RunStatus.RUNNING, actor=actor, from_status="",
                reason=_("%(trigger)s：第 %(v)s 版") % {"trigger": RunTrigger(trigger).label, "v": version})
    return run


def evaluation_run(*, period: str, actor=None, trigger: str = RunTrigger.COMMAND,
                   today: datetime.date | None = None) -> Run:
    """Start and compute a version now (the command and the scheduled job)."""
    run = run_start(period=period, actor=actor, trigger=trigger, today=today)
    return run_execute(run_id=run.pk, today=today)


def _progress(run: Run, done: int, total: int) -> None:
    # Outside the scores' transaction, so the workspace's progress bar sees it at once.
    Run.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(progress_done=done, progress_total=total)


def run_execute(*, run_id: int, today: datetime.date | None = None) -> Run:
    """Compute a running version. Safe to call twice: a finished run is returned as it is."""
    run = Run.objects.select_related("period", "scheme").get(pk=run_id)
    if run.status != RunStatus.RUNNING:
        return run
    try:
        return _execute(run, today or timezone.localdate())
    except Exception as exc:
        logger.exception("evaluation run %s failed", run.pk)
        with transaction.atomic():
            if Run.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
                    status=RunStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()) == 1:
                _transition(run, RunStatus.FAILED, from_status=RunStatus.RUNNING, reason=str(exc)[:500])
        raise


def _evaluated_units() -> list[dict]:
    return list(Unit.objects.filter(status=UnitStatus.ACTIVE, kind__in=EVALUATED_KINDS)
                .values("pk", "name", "kind").order_by("pk"))


def _execute(run: Run, today: datetime.date) -> Run:
    period, indicators = run.period, run.scheme_snapshot["indicators"]
    units = _evaluated_units()
    ctx = Context(period_id=period.pk, start=period.start, end=period.end, as_of=run.as_of,
                  unit_ids=tuple(u["pk"] for u in units))
    total_steps = len(indicators) + 2
    _progress(run, 0, total_steps)
    computed: dict[str, dict[int, Result]] = {}
    pending: set[str] = set()
    for step, indicator in enumerate(indicators, start=1):
        source = SOURCES[indicator["key"]]
        if source.available():
            computed[indicator["key"]] = source.compute(ctx)
        else:
            pending.add(indicator["key"])
            computed[indicator["key"]] = {}
        _progress(run, step, total_steps)
    veto = vetoes(ctx)
    zero = zero_status(ctx)
    ineligible = effects.units_award_ineligible(run.as_of, ctx.unit_ids)
    _progress(run, total_steps - 1, total_steps)
    fault_point("evaluation.before_commit")
    with transaction.atomic():
        locked = Run.objects.select_for_update().get(pk=run.pk)
        if locked.status != RunStatus.RUNNING:
            return locked  # another worker finished it first
        scores, items = _build_scores(run, units, indicators, computed, pending, veto, ineligible)
        Score.objects.bulk_create(scores)
        # 2,000+ wide rows that nothing reads back by id: tuples (score's position → its id now), then COPY.
        items = [(scores[position].pk, *rest) for position, *rest in items]
        insert_rows(IndicatorScore, ITEM_COLUMNS, items)
        run.reply_until = reply_window_end(today)
        run.status, run.finished_at = RunStatus.DRAFT, timezone.now()
        run.unit_count, run.stock_count, run.increment_count = len(units), zero["stock"], zero["increment"]
        run.zero_detail = {**zero, "pending_sources": sorted(pending)}
        run.progress_done = run.progress_total = total_steps
        run.inputs_digest = _digest(run, scores, items)
        run.save()
        _transition(run, RunStatus.DRAFT, from_status=RunStatus.RUNNING,
                    reason=_("计算完成，反馈期至 %(until)s") % {"until": run.reply_until})
        for older in Run.objects.select_for_update().filter(period=period, status=RunStatus.DRAFT).exclude(pk=run.pk):
            Run.objects.filter(pk=older.pk).update(status=RunStatus.SUPERSEDED)
            _transition(older, RunStatus.SUPERSEDED, from_status=RunStatus.DRAFT,
                        reason=_("被第 %(v)s 版取代") % {"v": run.version})
        _tell_units(run, scores)
        fault_point("evaluation.inside_commit")
    return run


def reply_window_end(finished_on: datetime.date) -> datetime.date:
    """The last day units may query a draft: N working days after it is computed (a policy row)."""
    policy = policy_current(REPLY_POLICY)
    return get_calendar().add_period(finished_on, policy.value, policy.unit).date


def _points(indicator: dict, result: Result, unit_kind: str) -> tuple[Decimal | None, str]:
    if unit_kind not in APPLIES_TO_KINDS[indicator["applies_to"]]:
        return None, gettext_noop("不适用于此类单位")  # stored zh-hans, shown through |stored_note
    if not result.applicable:
        return None, result.note
    weight = Decimal(indicator["weight"])
    if result.full_marks:
        return weight, result.note
    return scoring.score(rule=indicator["rule"], direction=indicator["direction"], params=indicator["params"],
                         weight=weight, value=result.value, detail=result.detail), result.note


def _grade(snapshot: dict, total: Decimal, vetoed: bool, award_eligible: bool = True) -> str:
    """The grade the total reaches; a vetoed unit fails; a unit not eligible for awards (clause 6) is capped
    below excellent."""
    if vetoed:
        return Grade.FAIL
    for grade, line in ((Grade.EXCELLENT, "excellent_from"), (Grade.GOOD, "good_from"), (Grade.PASS, "pass_from")):
        if total >= Decimal(snapshot[line]) and (award_eligible or grade != Grade.EXCELLENT):
            return grade
    return Grade.FAIL


def _build_scores(run, units, indicators, computed, pending, veto, ineligible):
    """The scores (unsaved) and their indicator rows: tuples in ``ITEM_COLUMNS`` order whose first value is the
    position of their score in ``scores``."""
    snapshot, scale = run.scheme_snapshot, Decimal(run.scheme_snapshot["total_weight"])
    pending_note = gettext_noop("数据来源尚未上线，本期不计分")
    weights = [Decimal(indicator["weight"]) for indicator in indicators]
    scores, items = [], []
    for position, unit in enumerate(units):
        score = Score(run=run, unit_id=unit["pk"], unit_name=unit["name"], unit_kind=unit["kind"], rank=0)
        earned = applicable = Decimal(0)
        for order, indicator in enumerate(indicators):
            key = indicator["key"]
            result = (Result(applicable=False, note=pending_note) if key in pending
                      else computed[key].get(unit["pk"]) or SOURCES[key].empty())
            points, note = _points(indicator, result, unit["kind"])
            if points is not None:
                earned += points
                applicable += weights[order]
            items.append((position, key, indicator["name"], weights[order], result.value, points, note[:200],
                          result.detail, result.evidence, result.held_out, order))
        score.total = (earned * scale / applicable).quantize(scoring.TWO) if applicable else Decimal("0.00")
        unit_veto = veto.get(unit["pk"], {})
        score.vetoed = bool(unit_veto.get("vetoed"))
        score.veto_detail = unit_veto
        reasons = ineligible.get(unit["pk"], [])
        score.award_ineligible_reason = "；".join(reasons)
        score.grade = _grade(snapshot, score.total, score.vetoed, award_eligible=not reasons)
        scores.append(score)
    _rank(scores)
    return scores, items


def _rank(scores: list[Score]) -> None:
    """Competition ranking (equal totals share a rank); vetoed units after all others."""
    ordered = sorted(scores, key=lambda s: (s.vetoed, -s.total, s.unit_name))
    previous = None
    for position, score in enumerate(ordered, start=1):
        key = (score.vetoed, score.total)
        score.rank = previous[1] if previous and previous[0] == key else position
        previous = (key, score.rank)


def _digest(run: Run, scores: list[Score], items: list[tuple]) -> str:
    """SHA-256 of the version's inputs and results (``items``: the rows in ``ITEM_COLUMNS`` order)."""
    unit_of = {s.pk: s.unit_id for s in scores}
    data = {
        "period": run.period.code, "as_of": run.as_of.isoformat(), "scheme": run.scheme_snapshot,
        "scores": sorted([s.unit_id, str(s.total), s.vetoed, s.veto_detail, s.award_ineligible_reason] for s in scores),
        "items": sorted([unit_of[score_id], key, str(value), str(points), detail,
                         sorted(evidence.split(",")), sorted(held_out.split(","))]
                        for score_id, key, _name, _weight, value, points, _note, detail, evidence, held_out, _order
                        in items),
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def _tell_units(run: Run, scores: list[Score]) -> None:
    title = _("%(period)s政务诚信考核结果（第 %(v)s 版）待反馈") % {"period": run.period.label, "v": run.version}
    body = _("请于 %(until)s 前核对本单位得分；对指标值有异议的，可在反馈期内说明理由。") % {"until": run.reply_until}
    from django.urls import reverse

    link = reverse("evaluation:run_detail", args=[run.pk])
    tell_unit([s.unit_id for s in scores], title=title, body=body, link=link, key=f"evaluation-run:{run.pk}")


@transaction.atomic
def run_publish(*, run: Run, actor, today: datetime.date | None = None) -> Run:
    """Publish a draft after its reply window, once every query of the period is answered."""
    today = today or timezone.localdate()
    run = Run.objects.select_for_update().select_related("period").get(pk=run.pk)
    if run.status != RunStatus.DRAFT:
        raise TransitionNotAllowed(_("只有待发布的考核结果可以发布（当前：%(s)s）。") % {"s": run.get_status_display()})
    if run.reply_until and today <= run.reply_until:
        raise TransitionNotAllowed(_("反馈期至 %(until)s 结束，反馈期内不能发布。") % {"until": run.reply_until})
    open_queries = ReplyQuery.objects.filter(run__period=run.period, state=QueryState.OPEN).count()
    if open_queries:
        raise TransitionNotAllowed(_("尚有 %(n)s 条单位反馈未答复，答复后方可发布。") % {"n": open_queries})
    for old in Run.objects.select_for_update().filter(period=run.period, status=RunStatus.PUBLISHED):
        Run.objects.filter(pk=old.pk).update(status=RunStatus.SUPERSEDED)
        _transition(old, RunStatus.SUPERSEDED, actor=actor, from_status=RunStatus.PUBLISHED,
                    reason=_("第 %(v)s 版发布") % {"v": run.version})
    _transition(run, RunStatus.PUBLISHED, actor=actor)
    run.status, run.published_at, run.published_by = RunStatus.PUBLISHED, timezone.now(), actor_or_none(actor)
    run.save(update_fields=["status", "published_at", "published_by"])
    _tell_units_published(run)
    return run


def _tell_units_published(run: Run) -> None:
    """The units told "待反馈" when the draft was made are told it is final: their inbox ends on where it stands."""
    title = _("%(period)s政务诚信考核结果（第 %(v)s 版）已发布") % {"period": run.period.label, "v": run.version}
    body = _("反馈期已结束，考核结果已发布。本单位的得分、排名和各项指标得分见考核结果页。")
    from django.urls import reverse

    link = reverse("evaluation:run_detail", args=[run.pk])
    unit_ids = list(run.scores.values_list("unit_id", flat=True))
    tell_unit(unit_ids, title=title, body=body, link=link, key=f"evaluation-run-published:{run.pk}")


def evaluation_run_scheduled(*, today: datetime.date | None = None) -> list[Run]:
    """The beat job: score each period that just ended, once (a period with a finished version is skipped)."""
    from ..periods import last_finished_periods

    today = today or timezone.localdate()
    done = []
    # A run started from the workspace whose task was lost (broker outage) is picked up again.
    stale = timezone.now() - datetime.timedelta(minutes=STALE_MINUTES)
    for run_id in Run.objects.filter(status=RunStatus.RUNNING, created_at__lt=stale).values_list("pk", flat=True):
        done.append(run_execute(run_id=run_id, today=today))
    for span in last_finished_periods(today):
        if not Scheme.objects.filter(year=span.year, status=SchemeStatus.ACTIVE).exists():
            continue
        if Run.objects.filter(period__code=span.code).exclude(status=RunStatus.FAILED).exists():
            continue
        done.append(evaluation_run(period=span.code, trigger=RunTrigger.BEAT, today=today))
    return done


__all__ = ["evaluation_run", "run_start", "run_execute", "run_publish", "evaluation_run_scheduled",
           "reply_window_end", "period_get_or_create", "scheme_for"]
