"""A breach opens draft dishonesty records against the unit and the official in charge at the time (clause 14),
and a commitment still in force is concluded as not (or partly) kept: a broken promise is not in force.

The records are drafts of ``records.services.record_create``: a clerk of the providing unit
checks and publishes them like any other record.
"""
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integrity_portal.errors import TransitionNotAllowed
from records.choices import RecordKind, Severity, SubjectType
from records.services import record_create

from ..choices import (
    BREACH_RECORD_KINDS,
    BREACH_STATUSES,
    IN_FORCE_STATUSES,
    CommitmentKind,
    CommitmentStatus,
    PppStage,
)
from ..models import Breach, Commitment
from .commitments import commitment_conclude, official_on
from .common import actor_or_none, event, lock

__all__ = ["commitment_breach", "breach_record_kind"]


def breach_record_kind(kind: str) -> str | None:
    # A public-service promise has no record kind of its own yet (see the app's report);
    # once records.choices.RecordKind gains COMMITMENT_BREACH it is used here.
    return BREACH_RECORD_KINDS.get(kind) or getattr(RecordKind, "COMMITMENT_BREACH", None)


def _details(commitment: Commitment, record_kind: str, *, stage: str, official_name: str) -> dict:
    if record_kind == RecordKind.INVESTMENT_PROMOTION:
        details = {"project_name": commitment.title}
        if commitment.amount is not None:
            details["amount"] = str(commitment.amount)
        return details
    if record_kind == RecordKind.PPP:
        return {"project_name": commitment.title,
                "stage": str(PppStage(stage or PppStage.IMPLEMENTATION).label),
                "responsible_official": official_name}
    if record_kind == RecordKind.PROPERTY_RIGHTS:
        return {"dispute_type": "政府与企业"}
    if record_kind == RecordKind.AIR_POLLUTION:
        return {"target": commitment.title, "period": str(commitment.committed_on.year)}
    if record_kind == RecordKind.APPROVAL_TIME_LIMIT:
        return {"matter": commitment.title, "breach_type": "未兑现办理时限承诺"}
    return {}


@transaction.atomic
def commitment_breach(*, commitment: Commitment, actor, breached_on: datetime.date, unfulfilled_content: str,
                      stage: str = "", found_on: datetime.date | None = None,
                      outcome: str = CommitmentStatus.UNFULFILLED, today: datetime.date | None = None) -> Breach:
    """Record a breach; open a draft record for the unit and one for the official responsible on ``breached_on``.

    A commitment still in force is concluded as ``outcome`` (未履行, or 部分履行) on ``found_on``."""
    today = today or timezone.localdate()
    found_on = found_on or today
    commitment = lock(commitment)
    if commitment.status not in BREACH_STATUSES:
        raise TransitionNotAllowed(_("承诺当前状态为“%(s)s”，不能认定违诺。") % {"s": commitment.get_status_display()})
    errors = {}
    if not (unfulfilled_content or "").strip():
        errors["unfulfilled_content"] = [_("请写明未履行的内容。")]
    if breached_on > today:
        errors["breached_on"] = [_("违诺日期不能晚于今天。")]
    elif breached_on < commitment.committed_on:
        errors["breached_on"] = [_("违诺日期不能早于承诺作出日期。")]
    if found_on > today or found_on < breached_on:
        errors["found_on"] = [_("认定日期须在违诺日期之后，且不晚于今天。")]
    if outcome not in (CommitmentStatus.UNFULFILLED, CommitmentStatus.PARTLY_FULFILLED):
        errors["outcome"] = [_("违诺后的履行状态只能是未履行或部分履行。")]
    if stage and (commitment.kind != CommitmentKind.PPP or stage not in PppStage.values):
        errors["stage"] = [_("只有 PPP 项目按阶段追溯责任人。")]
    record_kind = breach_record_kind(commitment.kind)
    if record_kind is None:
        errors["__all__"] = [_("“%(k)s”尚无对应的失信记录类别，请联系区信用办。") % {"k": commitment.get_kind_display()}]
    if errors:
        raise ValidationError(errors)

    # Who was in charge that day: the commitment's official (of that stage), else the unit's head.
    official = official_on(commitment, breached_on, stage)
    if official is not None:
        official_name, servant = official.person_name, official.civil_servant
        stage = stage or official.stage
    else:
        head = commitment.unit.head_on(breached_on)
        official_name, servant = (head.person_name, head.civil_servant) if head else ("", None)
    answering_unit = commitment.unit.current_successor()
    provider = getattr(actor, "unit", None) or answering_unit
    common = dict(
        kind=record_kind, severity=Severity.GENERAL, decision_date=found_on, act_start=breached_on,
        title=(_("未履行承诺：%(t)s") % {"t": commitment.title})[:200],
        facts=_("承诺编码 %(code)s。未履行内容：%(what)s") % {"code": commitment.code, "what": unfulfilled_content.strip()},
        legal_basis=_("《实施方案》第14条；违诺责任：%(l)s") % {"l": commitment.liability},
        decision_body=provider.name,
        details=_details(commitment, record_kind, stage=stage, official_name=official_name),
    )
    unit_record = record_create(actor=actor, provider=provider, subject_type=SubjectType.UNIT,
                                subject_unit=answering_unit, today=today, **common)
    person_record = None
    if servant is not None:
        person_record = record_create(actor=actor, provider=provider, subject_type=SubjectType.PERSON,
                                      civil_servant=servant, today=today, **common)
    breach = Breach.objects.create(
        commitment=commitment, breached_on=breached_on, found_on=found_on, found_by=provider,
        unfulfilled_content=unfulfilled_content.strip(), official=official, official_name=official_name,
        unit_record=unit_record, person_record=person_record, created_by=actor_or_none(actor),
    )
    event(commitment, "breach", actor=actor, reason=breach.unfulfilled_content,
          changes={"official": [None, official_name], "unit_record": [None, unit_record.pk],
                   "person_record": [None, person_record.pk if person_record else None]})
    if commitment.status in IN_FORCE_STATUSES:
        commitment_conclude(commitment=commitment, actor=actor, outcome=outcome, on=found_on,
                            unfulfilled_content=breach.unfulfilled_content, today=today)
    return breach
