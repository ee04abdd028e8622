"""Submission and routing: the receipt code, the routing rules, the office's triage queue, re-routing and
"not ours". Every assignment is kept as a ``ClueAssignment`` row; every state change as a ``ClueTransition``."""
import base64
import datetime
import re
import secrets
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integrity_portal.errors import TransitionNotAllowed
from records.choices import UnitStatus
from workdays import services as workdays

from ..choices import AssignmentHow, ClueCategory, ClueState
from ..models import ClueAssignment, ClueTransition, DisputeClue, RoutingRule
from .common import (
    actor_or_none,
    check_files,
    lock,
    office_users,
    require,
    require_text,
    save_files,
    tell,
    transition,
    unit_users,
)

__all__ = ["ACKNOWLEDGE_CLOCK", "CONCLUDE_CLOCK", "RECEIPT_CODE_BYTES", "new_receipt_code", "normalise_code",
           "format_code", "clue_by_code", "route_for", "clue_submit", "clue_route", "clue_refuse"]

ACKNOWLEDGE_CLOCK = "dispute_acknowledge"
CONCLUDE_CLOCK = "dispute_conclude"
RECEIPT_CODE_BYTES = 15  # 120 random bits → 24 base32 characters
_CODE_RE = re.compile(r"^[A-Z2-7]{24}$")


def new_receipt_code() -> str:
    """A fresh code from ``secrets`` (120 bits), base32 without padding: 24 characters A–Z, 2–7."""
    return base64.b32encode(secrets.token_bytes(RECEIPT_CODE_BYTES)).decode("ascii")


def normalise_code(code) -> str | None:
    """Upper-case, without spaces or dashes; None when it cannot be a receipt code."""
    value = re.sub(r"[\s\-]", "", str(code or "")).upper()
    return value if _CODE_RE.match(value) else None


def format_code(code: str) -> str:
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def clue_by_code(code, queryset=None) -> DisputeClue | None:
    """The clue a receipt code opens; unknown and malformed codes are alike (None)."""
    normalised = normalise_code(code)
    if normalised is None:
        return None
    queryset = DisputeClue.objects.all() if queryset is None else queryset
    return queryset.filter(receipt_hash=DisputeClue.hash_code(normalised)).first()


def _matches(rule: RoutingRule, category: str, body_unit, body_name: str) -> bool:
    if rule.category and rule.category != category:
        return False
    if rule.body_unit_id and (body_unit is None or rule.body_unit_id != body_unit.pk):
        return False
    if rule.body_keyword:
        names = [body_name or ""] + ([body_unit.name] if body_unit is not None else [])
        if not any(rule.body_keyword in name for name in names):
            return False
    return True


def route_for(*, category: str, body_unit=None, body_name: str = "") -> tuple[object, RoutingRule | None]:
    """The unit the most specific matching rule names (then priority), or (None, None): the office's triage."""
    rules = RoutingRule.objects.filter(is_active=True).select_related("unit", "unit__successor")
    candidates = [r for r in rules if _matches(r, category, body_unit, body_name)]
    candidates.sort(key=lambda r: (-r.specificity, r.priority, r.pk))
    for rule in candidates:
        unit = rule.unit.current_successor()
        if unit.status == UnitStatus.ACTIVE:
            return unit, rule
    return None, None


def _assign(clue: DisputeClue, unit, *, how: str, actor=None, rule=None, note: str = "",
            refused_by=None, refusal_reason: str = "") -> ClueAssignment:
    now = timezone.now()
    current = ClueAssignment.objects.select_for_update().filter(clue=clue, ended_at__isnull=True).first()
    if current is not None:
        current.ended_at = now
        if refused_by is not None:
            current.refused_by, current.refusal_reason = refused_by, refusal_reason
        current.save(update_fields=["ended_at", "refused_by", "refusal_reason"])
    clue.handling_unit = unit
    return ClueAssignment.objects.create(clue=clue, unit=unit, how=how, rule=rule, assigned_by=actor_or_none(actor),
                                         assigned_at=now, note=note)


def _tell_assigned(clue: DisputeClue, unit, step: str) -> None:
    due = clue.acknowledge_clock.due_date if clue.acknowledge_clock_id and clue.acknowledge_clock else None
    tell(unit_users(unit), title=_("收到分办的涉政纠纷线索 %(ref)s") % {"ref": clue.reference},
         body=_("类别：%(cat)s；涉及单位：%(body)s。请于 %(due)s 前受理或说明不属本单位办理。") % {
             "cat": clue.get_category_display(), "body": clue.body_display, "due": due or "—"},
         link=clue.get_absolute_url(), key=f"clue:{clue.pk}:{step}", level="warning")


def _tell_office(clue: DisputeClue, title: str, body: str, step: str) -> None:
    tell(office_users(), title=title, body=body, link=clue.get_absolute_url(), key=f"clue:{clue.pk}:{step}",
         level="warning")


def _clean_submission(category, description, body_unit, body_name, amount, happened_on, today):
    errors = {}
    if category not in ClueCategory.values:
        errors["category"] = [_("请选择线索类别。")]
    if not (description or "").strip():
        errors["description"] = [_("请填写基本情况。")]
    if body_unit is None and not (body_name or "").strip():
        errors["body_name"] = [_("请选择或填写涉及的单位。")]
    if amount is not None and Decimal(amount) < 0:
        errors["amount"] = [_("金额不能为负数。")]
    if happened_on and happened_on > today:
        errors["happened_on"] = [_("发生时间不能晚于今天。")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def clue_submit(*, category: str, description: str, body_unit=None, body_name: str = "", amount=None,
                happened_on: datetime.date | None = None, contact_name: str = "", contact_phone: str = "",
                contact_email: str = "", share_contact: bool = False, attachments=(), commitment=None,
                today: datetime.date | None = None) -> tuple[DisputeClue, str]:
    """A visitor submits a clue. Returns the clue and its receipt code (shown once; only its hash is kept).

    A routing rule assigns it to a unit, else it waits in the office's triage queue; the acknowledgement
    clock (DESIGN.md §5: 15 days) starts on the day of receipt either way.
    """
    today = today or timezone.localdate()
    _clean_submission(category, description, body_unit, body_name, amount, happened_on, today)
    checked = check_files(attachments)
    contact = {"contact_name": (contact_name or "").strip()[:50], "contact_phone": (contact_phone or "").strip()[:30],
               "contact_email": (contact_email or "").strip()}
    anonymous = not any(contact.values())
    clue = DisputeClue(
        category=category, description=description.strip(), body_unit=body_unit,
        body_name="" if body_unit is not None else body_name.strip()[:200], amount=amount, happened_on=happened_on,
        anonymous=anonymous, share_contact=bool(share_contact) and not anonymous, commitment=commitment,
        submitted_at=timezone.now(), submitted_on=today, state=ClueState.TRIAGE, **contact,
    )
    for _attempt in range(3):
        code = new_receipt_code()
        clue.receipt_hash = DisputeClue.hash_code(code)
        clue.full_clean(exclude=["acknowledge_clock", "conclude_clock"], validate_constraints=False)
        try:
            with transaction.atomic():
                clue.save()
            break
        except IntegrityError:  # a hash collision: practically never; draw again
            clue.pk = None
    else:  # pragma: no cover
        raise RuntimeError("could not draw a unique receipt code")
    ClueTransition.objects.create(clue=clue, from_state="", to_state=ClueState.TRIAGE, reason=_("公众提交"))
    save_files(checked, clue=clue, from_submitter=True)
    clue.acknowledge_clock = workdays.clock_start(subject=clue, purpose=ACKNOWLEDGE_CLOCK,
                                                  policy_key="dispute_acknowledge", scope=f"category={category}",
                                                  start_date=today, today=today)
    unit, rule = route_for(category=category, body_unit=body_unit, body_name=clue.body_name)
    if unit is None:
        _assign(clue, None, how=AssignmentHow.INTAKE)
        clue.save()
        _tell_office(clue, _("新的涉政纠纷线索待分办：%(ref)s") % {"ref": clue.reference},
                     _("没有适用的分办规则，请分办。"), "intake")
    else:
        _assign(clue, unit, how=AssignmentHow.RULE, rule=rule, note=str(rule))
        require(clue, ClueState.ASSIGNED)
        transition(clue, ClueState.ASSIGNED, actor=None, reason=_("按分办规则：%(rule)s") % {"rule": rule})
        clue.save()
        _tell_assigned(clue, unit, "assigned:1")
    return clue, code


@transaction.atomic
def clue_route(*, clue: DisputeClue, actor, unit, note: str = "") -> DisputeClue:
    """The office assigns a clue from the triage queue, or re-routes it to another unit."""
    clue = lock(clue)
    if unit is None:
        raise ValidationError({"unit": [_("请选择承办单位。")]})
    unit = unit.current_successor()
    if unit.status != UnitStatus.ACTIVE:
        raise ValidationError({"unit": [_("该单位已不存续。")]})
    if clue.handling_unit_id == unit.pk and clue.state != ClueState.TRIAGE:
        raise TransitionNotAllowed(_("线索已由该单位承办。"))
    target = ClueState.ACKNOWLEDGED if clue.state == ClueState.ACKNOWLEDGED else ClueState.ASSIGNED
    if clue.state not in (ClueState.TRIAGE, ClueState.ASSIGNED, ClueState.ACKNOWLEDGED):
        raise TransitionNotAllowed(_("已办结的线索不能分办（当前：%(s)s）。") % {"s": clue.get_state_display()})
    count = clue.assignments.count() + 1
    _assign(clue, unit, how=AssignmentHow.OFFICE, actor=actor, note=(note or "").strip())
    transition(clue, target, actor=actor, reason=_("分办至 %(unit)s。%(note)s") % {"unit": unit.name,
                                                                              "note": (note or "").strip()})
    clue.save()
    _tell_assigned(clue, unit, f"assigned:{count}")
    return clue


@transaction.atomic
def clue_refuse(*, clue: DisputeClue, actor, reason: str) -> DisputeClue:
    """The assigned unit answers "not ours" with a reason: back to the office's triage queue; who refused is kept."""
    reason = require_text(reason, "reason", _("请说明不属本单位办理的理由。"))
    clue = lock(clue)
    if clue.state != ClueState.ASSIGNED:
        raise TransitionNotAllowed(_("只有待受理的线索可以退回（当前：%(s)s）。") % {"s": clue.get_state_display()})
    unit = clue.handling_unit
    count = clue.assignments.count() + 1
    _assign(clue, None, how=AssignmentHow.NOT_OURS, actor=actor, note=reason, refused_by=actor_or_none(actor),
            refusal_reason=reason)
    transition(clue, ClueState.TRIAGE, actor=actor, reason=_("%(unit)s 退回：%(reason)s") % {
        "unit": unit.name if unit else "—", "reason": reason})
    clue.save()
    _tell_office(clue, _("线索 %(ref)s 被退回，待重新分办") % {"ref": clue.reference},
                 _("%(unit)s（%(who)s）认为不属本单位办理：%(reason)s") % {
                     "unit": unit.name if unit else "—", "who": actor.display_name, "reason": reason},
                 f"refused:{count}")
    return clue
