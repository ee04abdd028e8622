"""Credit repair (clause 11): the subject applies after self-correction, the office decides.

The earliest allowed date (documented rule, the national credit-repair rules of DESIGN.md §5):
- an administrative penalty, and any other dishonesty record, by its severity:
  minor → at once (from the window start); general → window start + ``penalty_disclosure_general_min``
  (3 months); serious → window start + ``penalty_disclosure_serious_min`` (12 months);
- a judgment-defaulter listing is not repaired here (the court delists it); file entries and licences
  are not dishonesty and have nothing to repair.

An approval makes the record ``repaired`` (out of public view, kept in history) and stores the punishment
decision on the record, where ``records.effects`` weighs it for scores, flags, checks and reports (the
weights are policy rows ``repair_weight_lighter`` / ``repair_weight_waived``). The decision also changes
the record's dates, so that everything computed from them changes too:
- ``lighter``: the window (and the effect period) end at window start + the policy minimum;
- ``waived``: the punitive effect ends today (window end and effect end = today, if later), and a
  rectification case founded only on waived records is settled (the unit is eligible for awards again);
- ``unchanged``: the dates stay as they were.
"""
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integrity_portal.errors import TransitionNotAllowed
from records import services as records
from records.choices import REPAIRABLE_KINDS, EventAudience, RecordStatus, Severity
from records.models import CreditRecord, RecordEvent
from workdays import services as workdays
from workdays.calendar import shift_months
from workdays.choices import PolicyUnit
from workdays.parties import credit_office_users

from ..choices import OPEN_REPAIR_STATES, REPAIR_TRANSITIONS, Punishment, RepairOutcome, RepairState
from ..models import Repair, RepairTransition
from .common import actor_or_none, check_evidence, records_subject_to, save_evidence, tell

__all__ = ["RepairTooEarly", "repair_minimum_months", "repair_earliest_date", "repair_apply", "repair_apply_decision",
           "repair_decide"]

MINIMUM_POLICY = {Severity.GENERAL: "penalty_disclosure_general_min", Severity.SERIOUS: "penalty_disclosure_serious_min"}


class RepairTooEarly(TransitionNotAllowed):
    """An application before the earliest allowed date (409, the message names the date)."""

    code = "too_early"

    def __init__(self, earliest: datetime.date):
        super().__init__(_("该记录最短公示期未满，最早可于 %(date)s 申请信用修复。") % {"date": earliest.isoformat()})
        self.earliest_date = earliest


def repair_minimum_months(record: CreditRecord) -> int:
    """The minimum period (months) before a record may be repaired: 0 for a minor one."""
    key = MINIMUM_POLICY.get(record.severity)
    if key is None:
        return 0
    policy = workdays.policy_current(key, f"kind={record.kind}")
    if policy.unit == PolicyUnit.YEARS:
        return 12 * policy.value
    if policy.unit == PolicyUnit.MONTHS:
        return policy.value
    raise ValueError(f"policy {key} is in {policy.unit}, expected months or years")


def repair_earliest_date(record: CreditRecord) -> datetime.date | None:
    """The first day an application is allowed; None when the record cannot be repaired at all."""
    if record.kind not in REPAIRABLE_KINDS:
        return None
    start = record.window_start or record.decision_date
    return shift_months(start, repair_minimum_months(record))


def _lock(repair: Repair) -> Repair:
    return Repair.objects.select_for_update(of=("self",)).select_related("record").get(pk=repair.pk)


def _transition(repair: Repair, to_state: str, *, actor, reason: str = "") -> None:
    RepairTransition.objects.create(repair=repair, actor=actor_or_none(actor), from_state=repair.state,
                                    to_state=to_state, reason=reason)
    repair.state = to_state


def _check_application(statement: str, *flags: bool) -> None:
    errors = {}
    if not (statement or "").strip():
        errors["statement"] = [_("请说明自我纠错的情况。")]
    if not any(flags):
        errors["self_correction"] = [_("请至少勾选一项：主动挽回损失、消除不良影响或有效阻止危害结果发生。")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def repair_apply(*, record: CreditRecord, applicant, statement: str, losses_recovered: bool = False,
                 effects_removed: bool = False, harm_stopped: bool = False, evidence=(),
                 today: datetime.date | None = None) -> Repair:
    """The subject applies for repair of a published record whose minimum period has passed."""
    _check_application(statement, losses_recovered, effects_removed, harm_stopped)
    checked = check_evidence(evidence)
    today = today or timezone.localdate()
    if not records_subject_to(applicant).filter(pk=record.pk).exists():
        raise PermissionDenied(_("只能为本人（本单位）的记录申请信用修复。"))
    record = CreditRecord.objects.select_for_update().get(pk=record.pk)
    if record.status != RecordStatus.PUBLISHED:
        raise TransitionNotAllowed(_("只有已发布（生效中）的记录可以申请信用修复（该记录为“%(status)s”）。")
                                   % {"status": record.get_status_display()})
    earliest = repair_earliest_date(record)
    if earliest is None:
        raise TransitionNotAllowed(_("%(kind)s 不适用信用修复。") % {"kind": record.get_kind_display()})
    if today < earliest:
        raise RepairTooEarly(earliest)
    if Repair.objects.filter(record=record, state__in=OPEN_REPAIR_STATES).exists():
        raise TransitionNotAllowed(_("该记录已有待决定的信用修复申请。"))
    repair = Repair(
        record=record, applicant=applicant, statement=statement.strip(), losses_recovered=losses_recovered,
        effects_removed=effects_removed, harm_stopped=harm_stopped, earliest_date=earliest, filed_on=today,
        applicant_unit=applicant.unit if record.subject_unit_id and record.subject_unit_id == applicant.unit_id
        else None,
    )
    repair.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            repair.save()
    except IntegrityError:
        raise TransitionNotAllowed(_("该记录已有待决定的信用修复申请。"))
    RepairTransition.objects.create(repair=repair, actor=applicant, to_state=RepairState.SUBMITTED,
                                    reason=repair.statement)
    save_evidence(checked, uploader=applicant, repair=repair)
    link = repair.get_absolute_url()
    tell([applicant], title=_("信用修复申请已提交"), body=_("记录：%(title)s。区信用办将审核并答复。") % {
        "title": record.title}, link=link, key=f"repair:{repair.pk}:submitted")
    tell(credit_office_users(), title=_("收到信用修复申请：%(title)s") % {"title": record.title},
         body=repair.statement, link=link, key=f"repair:{repair.pk}:filed", level="warning")
    return repair


@transaction.atomic
def repair_apply_decision(*, decision, applicant, statement: str, losses_recovered: bool = False,
                          effects_removed: bool = False, harm_stopped: bool = False, evidence=(),
                          today: datetime.date | None = None) -> Repair:
    """A 行政相对人 applies for the early end of a 双公示 penalty's publication once its minimum period has passed
    (issue 14). Subjects have no accounts: the issuing department's clerk (or the office) registers the application
    they received; the office decides with ``repair_decide``."""
    from decisions.choices import DecisionStatus
    from decisions.models import Decision

    _check_application(statement, losses_recovered, effects_removed, harm_stopped)
    checked = check_evidence(evidence)
    today = today or timezone.localdate()
    if not (applicant.is_office or Decision.objects.writable_by(applicant).filter(pk=decision.pk).exists()):
        raise PermissionDenied(_("只能由决定机关或区信用办登记行政相对人的信用修复申请。"))
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.status != DecisionStatus.PUBLISHED or not decision.disclosed or decision.repairable_from is None:
        raise TransitionNotAllowed(_("只有正在公示的行政处罚可以申请提前结束公示。"))
    if today < decision.repairable_from:
        raise RepairTooEarly(decision.repairable_from)
    if Repair.objects.filter(decision=decision, state__in=OPEN_REPAIR_STATES).exists():
        raise TransitionNotAllowed(_("该决定已有待决定的信用修复申请。"))
    repair = Repair(decision=decision, applicant=applicant, statement=statement.strip(),
                    losses_recovered=losses_recovered, effects_removed=effects_removed, harm_stopped=harm_stopped,
                    earliest_date=decision.repairable_from, filed_on=today)
    repair.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            repair.save()
    except IntegrityError:
        raise TransitionNotAllowed(_("该决定已有待决定的信用修复申请。"))
    RepairTransition.objects.create(repair=repair, actor=applicant, to_state=RepairState.SUBMITTED,
                                    reason=repair.statement)
    save_evidence(checked, uploader=applicant, repair=repair)
    tell(credit_office_users(), title=_("收到信用修复申请：%(title)s") % {"title": repair.subject_title},
         body=repair.statement, link=repair.get_absolute_url(), key=f"repair:{repair.pk}:filed", level="warning")
    return repair


def _new_dates(record: CreditRecord, punishment: str, today: datetime.date):
    window_end, effect_end = record.window_end, record.effect_end
    if punishment == Punishment.LIGHTER:
        bound = shift_months(record.window_start or record.decision_date, repair_minimum_months(record))
        window_end = min(window_end, bound) if window_end else bound
        effect_end = min(effect_end, bound) if effect_end else None
    elif punishment == Punishment.WAIVED:
        window_end = min(window_end, today) if window_end else today
        effect_end = min(effect_end, today) if effect_end else today
    if window_end and record.window_start and window_end < record.window_start:
        window_end = record.window_start
    return window_end, effect_end


@transaction.atomic
def repair_decide(*, repair: Repair, actor, outcome: str, reason: str, punishment: str = Punishment.UNCHANGED,
                  today: datetime.date | None = None) -> Repair:
    """The office decides. Approved → the record becomes ``repaired`` and the punishment decision
    changes its dates (see the module docstring); rejected → nothing changes but the application."""
    errors = {}
    if outcome not in RepairOutcome.values:
        errors["outcome"] = [_("请选择：准予修复或不予修复。")]
    if punishment not in Punishment.values:
        errors["punishment"] = [_("请选择惩戒措施：不变、从轻或免于惩戒。")]
    elif outcome == RepairOutcome.REJECTED and punishment != Punishment.UNCHANGED:
        errors["punishment"] = [_("不予修复时惩戒措施不变。")]
    elif repair.decision_id and punishment != Punishment.UNCHANGED:
        errors["punishment"] = [_("双公示行政决定的信用修复是提前停止公示，没有可从轻或免除的惩戒措施。")]
    if not (reason or "").strip():
        errors["reason"] = [_("请填写决定理由。")]
    if errors:
        raise ValidationError(errors)
    reason = reason.strip()
    today = today or timezone.localdate()
    repair = _lock(repair)
    if outcome not in REPAIR_TRANSITIONS[RepairState(repair.state)]:
        raise TransitionNotAllowed(_("该申请已于此前作出决定（%(state)s）。") % {"state": repair.get_state_display()})
    record = repair.record
    if outcome == RepairOutcome.APPROVED and repair.decision_id:
        from decisions.services import decision_mark_repaired

        decision_mark_repaired(decision=repair.decision, actor=actor, today=today,
                               reason=_("信用修复申请 #%(id)s 已获准：%(reason)s") % {"id": repair.pk, "reason": reason})
    elif outcome == RepairOutcome.APPROVED:
        # Everyone who sees the record sees it was repaired; the decision's reasons stay with the application.
        record = records.record_mark_repaired(record=record, actor=actor, reason=_("信用修复申请 #%(id)s 已获准") % {
            "id": repair.pk}, punishment=punishment, today=today)
        repair.window_end_before, repair.effect_end_before = record.window_end, record.effect_end
        window_end, effect_end = _new_dates(record, punishment, today)
        changes = {name: [old.isoformat() if old else None, new.isoformat() if new else None]
                   for name, old, new in (("window_end", record.window_end, window_end),
                                          ("effect_end", record.effect_end, effect_end)) if old != new}
        if changes:
            CreditRecord.objects.filter(pk=record.pk).update(window_end=window_end, effect_end=effect_end,
                                                             updated_at=timezone.now())
        RecordEvent.objects.create(
            record=record, action="repair_terms", actor=actor_or_none(actor), from_status=record.status,
            to_status=record.status, version=record.version, changes=changes,
            reason=f"{Punishment(punishment).label}：{reason}", audience=EventAudience.OBJECTION_READERS,
        )
    _transition(repair, outcome, actor=actor, reason=reason)
    repair.decided_at, repair.decided_by = timezone.now(), actor_or_none(actor)
    repair.decision_reason, repair.punishment = reason, punishment
    repair.save()
    title = (_("信用修复申请已获准：%(title)s") if outcome == RepairOutcome.APPROVED
             else _("信用修复申请未获准：%(title)s")) % {"title": repair.subject_title}
    if not repair.decision_id:
        body = _("%(punishment)s。理由：%(reason)s") % {"punishment": Punishment(punishment).label, "reason": reason}
    elif outcome == RepairOutcome.APPROVED:  # a decision has no punishment: its publication ends today
        body = _("该行政决定于%(date)s停止公示。理由：%(reason)s") % {"date": today.isoformat(), "reason": reason}
    else:
        body = _("该行政决定继续公示至%(date)s。理由：%(reason)s") % {
            "date": ends.isoformat() if (ends := repair.decision.publication_ends) else "—", "reason": reason}
    tell([repair.applicant], title=title, body=body, link=repair.get_absolute_url(),
         key=f"repair:{repair.pk}:decided")
    return repair
