"""The right of reply: a unit queries an indicator value of a draft; the office answers (and reruns)."""
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import Role
from integrity_portal.errors import TransitionNotAllowed

from ..choices import QueryOutcome, QueryState, RunStatus, RunTrigger
from ..models import ReplyQuery, Run, Score
from .common import actor_or_none, tell_office, tell_unit
from .runs import run_start


def _require(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: [message]})
    return value


@transaction.atomic
def query_raise(*, score: Score, indicator_key: str, reason: str, actor,
                today: datetime.date | None = None) -> ReplyQuery:
    """A clerk of the unit queries one of its indicator values while the draft's reply window is open."""
    today = today or timezone.localdate()
    if not (actor.unit_id == score.unit_id and actor.has_role(Role.CLERK)):
        raise ValidationError(_("只有本单位经办人可以对本单位得分提出反馈。"))
    run = Run.objects.select_for_update().get(pk=score.run_id)
    if run.status != RunStatus.DRAFT:
        raise TransitionNotAllowed(_("该版本考核结果已不在反馈阶段。"))
    if run.reply_until and today > run.reply_until:
        raise TransitionNotAllowed(_("反馈期已于 %(until)s 结束。") % {"until": run.reply_until})
    if not score.items.filter(indicator_key=indicator_key).exists():
        raise ValidationError({"indicator_key": [_("请选择本单位得分中的一项指标。")]})
    reason = _require(reason, "reason", _("请说明反馈理由。"))
    query = ReplyQuery.objects.create(run=run, score=score, indicator_key=indicator_key, reason=reason,
                                      raised_by=actor)
    tell_office(title=_("考核结果反馈：%(unit)s") % {"unit": score.unit_name}, body=reason[:200],
                link=reverse("evaluation:score_detail", args=[score.pk]), key=f"evaluation-query:{query.pk}")
    return query


@transaction.atomic
def query_answer(*, query: ReplyQuery, actor, outcome: str, answer: str, rerun: bool = False,
                 today: datetime.date | None = None) -> ReplyQuery:
    """The office answers. ``corrected`` with ``rerun`` starts a new version (computed after commit)."""
    query = ReplyQuery.objects.select_for_update().select_related("run__period", "score").get(pk=query.pk)
    if query.state != QueryState.OPEN:
        raise TransitionNotAllowed(_("该反馈已答复。"))
    if outcome not in QueryOutcome.values:
        raise ValidationError({"outcome": [_("请选择答复结论。")]})
    query.answer = _require(answer, "answer", _("请填写答复意见。"))
    query.outcome, query.state = outcome, QueryState.ANSWERED
    query.answered_by, query.answered_at = actor_or_none(actor), timezone.now()
    if outcome == QueryOutcome.CORRECTED and rerun:
        new_run = run_start(period=query.run.period.code, actor=actor, trigger=RunTrigger.RERUN, today=today)
        query.rerun = new_run
        transaction.on_commit(lambda: _queue(new_run.pk), robust=True)
    query.full_clean()
    query.save()
    tell_unit([query.score.unit_id], title=_("考核结果反馈已答复"), body=query.answer[:200],
              link=reverse("evaluation:score_detail", args=[query.score_id]), key=f"evaluation-answer:{query.pk}")
    return query


def _queue(run_id: int) -> None:
    from ..tasks import execute_run

    execute_run.delay(run_id)
