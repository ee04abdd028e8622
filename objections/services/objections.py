"""Objection use cases (clause 10): submit, review, decide, withdraw, and the office's clock actions.

Each is keyword-only and transactional: it locks the objection row, checks the transition
(``TransitionNotAllowed`` → 409), writes an ``ObjectionTransition`` and the applicant's notice
(outbox) in the same transaction. A decision that upholds an objection corrects or revokes the
record through ``records.services`` in that same transaction.
"""
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integrity_portal.errors import TransitionNotAllowed
from records import services as records
from records.choices import RecordStatus
from records.models import CreditRecord
from workdays import services as workdays
from workdays.calendar import get_calendar

from ..choices import (
    OBJECTION_TRANSITIONS,
    OPEN_OBJECTION_STATES,
    AnswerPolicy,
    ObjectionOutcome,
    ObjectionState,
    RecordAction,
)
from ..models import Objection, ObjectionPolicy, ObjectionTransition
from .common import (
    actor_or_none,
    check_evidence,
    provider_clerks,
    records_subject_to,
    require_reason,
    save_evidence,
    set_objection_marker,
    tell,
)

__all__ = ["OBJECTION_CLOCK", "objection_policy_key", "answer_policy_choices", "objection_submit", "objection_review",
           "objection_decide", "objection_withdraw", "objection_set_period", "objection_clock_extend",
           "objection_clock_pause", "objection_clock_resume"]

OBJECTION_CLOCK = "objection_answer"


def answer_policy_choices() -> list[tuple[str, str]]:
    """The answer periods with the number of the row in force, e.g. ``…（省条例第三十九条）：3 工作日``."""
    return [(key, _("%(name)s：%(period)s") % {"name": label, "period": workdays.policy_text(key)})
            for key, label in AnswerPolicy.choices]


def objection_policy_key(kind: str) -> str:
    """The answer period for a record kind: the office's table, else the district's (clause 10)."""
    row = ObjectionPolicy.objects.filter(kind=kind).values_list("policy_key", flat=True).first()
    return row or AnswerPolicy.DISTRICT


def _lock(objection: Objection) -> Objection:
    return Objection.objects.select_for_update(of=("self",)).select_related("record", "clock").get(pk=objection.pk)


def _require(objection: Objection, target: str) -> None:
    if target not in OBJECTION_TRANSITIONS[ObjectionState(objection.state)]:
        raise TransitionNotAllowed(
            _("异议当前状态为“%(state)s”，不能变更为“%(target)s”。")
            % {"state": objection.get_state_display(), "target": ObjectionState(target).label}
        )


def _transition(objection: Objection, to_state: str, *, actor, reason: str = "") -> None:
    ObjectionTransition.objects.create(objection=objection, actor=actor_or_none(actor), from_state=objection.state,
                                       to_state=to_state, reason=reason)
    objection.state = to_state


def _tell_applicant(objection: Objection, title: str, body: str, step: str, level: str = "info") -> None:
    tell([objection.applicant], title=title, body=body, link=objection.get_absolute_url(),
         key=f"objection:{objection.pk}:{step}", level=level)


@transaction.atomic
def objection_submit(*, record: CreditRecord, applicant, reason: str, evidence=(),
                     today: datetime.date | None = None) -> Objection:
    """File an objection to a published record the applicant is the subject of; the answer clock starts."""
    reason = require_reason(reason, "reason", _("请填写异议理由。"))
    checked = check_evidence(evidence)
    today = today or timezone.localdate()
    if not records_subject_to(applicant).filter(pk=record.pk).exists():
        raise PermissionDenied(_("只能对本人（本单位）的记录提出异议。"))
    record = CreditRecord.objects.select_for_update().select_related("provider").get(pk=record.pk)
    if record.status != RecordStatus.PUBLISHED:
        raise TransitionNotAllowed(_("只能对已发布的记录提出异议（该记录为“%(status)s”）。")
                                   % {"status": record.get_status_display()})
    if Objection.objects.filter(record=record, state__in=OPEN_OBJECTION_STATES).exists():
        raise TransitionNotAllowed(_("该记录已有正在处理的异议，请等待答复。"))
    objection = Objection(
        record=record, record_version=record.version, applicant=applicant, reason=reason,
        applicant_unit=applicant.unit if record.subject_unit_id and record.subject_unit_id == applicant.unit_id
        else None,
        policy_key=objection_policy_key(record.kind), filed_on=today, filed_at=timezone.now(),
    )
    objection.full_clean(exclude=["clock"], validate_constraints=False)
    try:
        with transaction.atomic():
            objection.save()
    except IntegrityError:  # the one-open-objection constraint, under a race
        raise TransitionNotAllowed(_("该记录已有正在处理的异议，请等待答复。"))
    ObjectionTransition.objects.create(objection=objection, actor=applicant, from_state="",
                                       to_state=ObjectionState.SUBMITTED, reason=reason)
    save_evidence(checked, uploader=applicant, objection=objection)
    objection.clock = workdays.clock_start(
        subject=objection, purpose=OBJECTION_CLOCK, policy_key=objection.policy_key, scope=f"kind={record.kind}",
        start_date=today, actor=applicant, today=today,
    )
    objection.save(update_fields=["clock"])
    set_objection_marker(record, True, actor=applicant, reason=_("异议 #%(id)s：%(reason)s") % {
        "id": objection.pk, "reason": reason})
    due = objection.clock.due_date
    _tell_applicant(objection, _("您的异议已提交，答复截止 %(due)s") % {"due": due},
                    _("记录：%(title)s（%(provider)s）。信息提供单位应于 %(due)s 前答复。") % {
                        "title": record.title, "provider": record.provider.name, "due": due}, "submitted")
    tell(provider_clerks(record), title=_("收到异议：%(title)s（截止 %(due)s）") % {"title": record.title, "due": due},
         body=_("申请人：%(who)s。理由：%(reason)s") % {"who": applicant.display_name, "reason": reason},
         link=objection.get_absolute_url(), key=f"objection:{objection.pk}:filed", level="warning")
    return objection


@transaction.atomic
def objection_review(*, objection: Objection, actor) -> Objection:
    """The providing unit starts checking (submitted → under_review)."""
    objection = _lock(objection)
    _require(objection, ObjectionState.UNDER_REVIEW)
    _transition(objection, ObjectionState.UNDER_REVIEW, actor=actor)
    objection.reviewed_at = timezone.now()
    objection.save(update_fields=["state", "reviewed_at"])
    _tell_applicant(objection, _("您的异议正在核查"),
                    _("%(unit)s 已开始核查，答复截止 %(due)s。") % {
                        "unit": objection.record.provider.name, "due": objection.clock.due_date}, "review")
    return objection


def _clean_decision(outcome, reason, record_action, corrections):
    errors = {}
    if outcome not in ObjectionOutcome.values:
        errors["outcome"] = [_("请选择核查结论：成立、部分成立或不成立。")]
    if not (reason or "").strip():
        errors["reason"] = [_("请填写核查意见（答复理由）。")]
    if outcome in (ObjectionOutcome.UPHELD, ObjectionOutcome.PARTLY_UPHELD):
        if record_action not in RecordAction.values:
            errors["record_action"] = [_("异议成立时须更正或撤销记录。")]
        elif record_action == RecordAction.CORRECT and not corrections:
            errors["corrections"] = [_("请填写更正后的内容。")]
    elif outcome == ObjectionOutcome.REJECTED and (record_action or corrections):
        errors["record_action"] = [_("异议不成立时记录保持不变。")]
    if errors:
        raise ValidationError(errors)
    return reason.strip()


@transaction.atomic
def objection_decide(*, objection: Objection, actor, outcome: str, reason: str, record_action: str = "",
                     corrections: dict | None = None, today: datetime.date | None = None) -> Objection:
    """Answer an objection under review. Upheld → the record is corrected (new version) or revoked here."""
    corrections = {k: v for k, v in (corrections or {}).items() if k != "reason"}
    reason = _clean_decision(outcome, reason, record_action, corrections)
    today = today or timezone.localdate()
    objection = _lock(objection)
    _require(objection, outcome)
    record = objection.record
    note = _("异议 #%(id)s 核查结论（%(outcome)s）：%(reason)s") % {
        "id": objection.pk, "outcome": ObjectionOutcome(outcome).label, "reason": reason}
    # Everyone who sees the record sees it corrected or revoked after an objection; the objection's reasons
    # stay on the objection and on the marker's event, for those who may read the objection (issue 16).
    if record_action == RecordAction.CORRECT:
        record = records.record_correct(record=record, actor=actor, today=today, **corrections,
                                        reason=_("依异议 #%(id)s 核查结论更正") % {"id": objection.pk})
    elif record_action == RecordAction.REVOKE:
        record = records.record_revoke(record=record, actor=actor,
                                       reason=_("依异议 #%(id)s 核查结论撤销") % {"id": objection.pk})
    _transition(objection, outcome, actor=actor, reason=reason)
    clock = objection.clock
    objection.decided_at, objection.decided_on, objection.decided_by = timezone.now(), today, actor_or_none(actor)
    objection.decision_reason, objection.record_action = reason, record_action or ""
    if clock is not None:
        objection.answered_on_time = today <= clock.due_date
        objection.working_days_taken = get_calendar().working_days_between(objection.filed_on, today)
        objection.clock = workdays.clock_stop(clock=clock, actor=actor, reason=ObjectionOutcome(outcome).label)
    objection.save()
    set_objection_marker(record, False, actor=actor, reason=note)
    # One full stop after the reason, whether or not the clerk typed one ("维持警告处分。。" otherwise).
    body = _("核查结论：%(outcome)s。理由：%(reason)s。") % {"outcome": ObjectionOutcome(outcome).label,
                                                        "reason": reason.strip().rstrip("。.")}
    if record_action:
        body += _("记录已%(action)s。") % {"action": _("更正（第 %(v)s 版）") % {"v": record.version}
                                           if record_action == RecordAction.CORRECT else _("撤销")}
    _tell_applicant(objection, _("您的异议已答复：%(outcome)s") % {"outcome": ObjectionOutcome(outcome).label}, body,
                    "decided", level="success" if outcome != ObjectionOutcome.REJECTED else "info")
    return objection


@transaction.atomic
def objection_withdraw(*, objection: Objection, actor, reason: str = "") -> Objection:
    """The applicant withdraws before a decision; the clock stops and the marker is cleared."""
    objection = _lock(objection)
    _require(objection, ObjectionState.WITHDRAWN)
    reason = (reason or "").strip()
    _transition(objection, ObjectionState.WITHDRAWN, actor=actor, reason=reason)
    objection.save(update_fields=["state"])
    if objection.clock is not None:
        objection.clock = workdays.clock_stop(clock=objection.clock, actor=actor, reason=_("申请人撤回异议"))
    set_objection_marker(objection.record, False, actor=actor,
                         reason=_("异议 #%(id)s 已撤回") % {"id": objection.pk})
    _tell_applicant(objection, _("您的异议已撤回"), reason, "withdrawn")
    tell(provider_clerks(objection.record), title=_("异议已撤回：%(title)s") % {"title": objection.record.title},
         body=reason, link=objection.get_absolute_url(), key=f"objection:{objection.pk}:withdrawn-provider")
    return objection


def _open_clock(objection: Objection):
    objection = _lock(objection)
    if not objection.is_open or objection.clock is None:
        raise TransitionNotAllowed(_("异议已办结，期限不能再调整。"))
    return objection


@transaction.atomic
def objection_set_period(*, objection: Objection, actor, policy_key: str, reason: str,
                         today: datetime.date | None = None) -> Objection:
    """The office sets this case's answer period (e.g. 7 working days when another unit must verify): the
    clock is recomputed from the filing date on the chosen policy row; a transition row keeps old → new."""
    reason = require_reason(reason, "reason", _("调整答复期限须说明理由。"))
    if policy_key not in AnswerPolicy.values:
        raise ValidationError({"policy_key": [_("请选择答复期限规则。")]})
    objection = _open_clock(objection)
    if objection.policy_key == policy_key:
        raise ValidationError({"policy_key": [_("该异议已适用此答复期限。")]})
    old_key, old_clock = objection.policy_key, objection.clock
    if old_clock.state == "paused":
        raise TransitionNotAllowed(_("计时暂停中，请先恢复计时再调整答复期限。"))
    workdays.clock_stop(clock=old_clock, actor=actor, reason=_("答复期限改按“%(label)s”重新计算：%(reason)s")
                        % {"label": AnswerPolicy(policy_key).label, "reason": reason})
    objection.policy_key = policy_key
    objection.clock = workdays.clock_start(
        subject=objection, purpose=OBJECTION_CLOCK, policy_key=policy_key, scope=f"kind={objection.record.kind}",
        start_date=objection.filed_on, actor=actor, today=today)
    objection.save(update_fields=["policy_key", "clock"])
    ObjectionTransition.objects.create(
        objection=objection, actor=actor_or_none(actor), from_state=objection.state, to_state=objection.state,
        reason=_("答复期限：%(old)s（截止 %(old_due)s）→ %(new)s（截止 %(new_due)s）。理由：%(reason)s") % {
            "old": AnswerPolicy(old_key).label, "old_due": old_clock.due_date, "new": AnswerPolicy(policy_key).label,
            "new_due": objection.clock.due_date, "reason": reason})
    due = objection.clock.due_date
    _tell_applicant(objection, _("异议答复期限已调整，截止 %(due)s") % {"due": due}, reason, f"period:{policy_key}")
    tell(provider_clerks(objection.record), title=_("异议答复期限已调整，截止 %(due)s") % {"due": due}, body=reason,
         link=objection.get_absolute_url(), key=f"objection:{objection.pk}:period:{policy_key}", level="warning")
    return objection


@transaction.atomic
def objection_clock_extend(*, objection: Objection, actor, reason: str, days: int) -> Objection:
    """The office extends the answer period by ``days`` working days, with a logged reason."""
    reason = require_reason(reason, "reason", _("延期须说明理由。"))
    objection = _open_clock(objection)
    clock = workdays.clock_extend(clock=objection.clock, actor=actor, reason=reason, days=days)
    _tell_applicant(objection, _("异议答复期限已延长至 %(due)s") % {"due": clock.due_date}, reason,
                    f"extend:{clock.due_date.isoformat()}")
    return objection


@transaction.atomic
def objection_clock_pause(*, objection: Objection, actor, reason: str) -> Objection:
    reason = require_reason(reason, "reason", _("暂停计时须说明理由。"))
    objection = _open_clock(objection)
    workdays.clock_pause(clock=objection.clock, actor=actor, reason=reason)
    _tell_applicant(objection, _("异议答复计时已暂停"), reason, f"pause:{timezone.now():%Y%m%d%H%M%S}")
    return objection


@transaction.atomic
def objection_clock_resume(*, objection: Objection, actor, reason: str = "") -> Objection:
    objection = _open_clock(objection)
    clock = workdays.clock_resume(clock=objection.clock, actor=actor, reason=reason)
    _tell_applicant(objection, _("异议答复计时已恢复，截止 %(due)s") % {"due": clock.due_date}, reason,
                    f"resume:{clock.due_date.isoformat()}")
    return objection
