"""A clue resolved as a breach (clause 9 → clause 14): the loop from the public's report to the credit record.

A clue linked to a commitment goes through the commitment's own breach service (a ``Breach`` row, the commitment
no longer in force, draft records against the unit and the official in charge on the day of the breach); a clue
without one opens a draft record against the unit concerned naming its main responsible person on that day. In
both cases the clue's files are attached to the records as evidence.
"""
import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from commitments.services import commitment_breach
from records.choices import RecordKind, Severity, SubjectType
from records.services import record_attach, record_create

from ..choices import BREACH_RECORD_KIND
from ..models import DisputeClue

__all__ = ["breach_record_kind", "clue_breach_open"]


def breach_record_kind(clue: DisputeClue) -> str:
    return BREACH_RECORD_KIND.get(clue.category, RecordKind.PROPERTY_RIGHTS)


def _breach_details(clue: DisputeClue, kind: str) -> dict:
    if kind == RecordKind.PROPERTY_RIGHTS:
        return {"dispute_type": "政府与企业"}
    details = {}
    if kind == RecordKind.INVESTMENT_PROMOTION:
        details["project_name"] = (clue.commitment.title if clue.commitment_id else clue.get_category_display())[:200]
    if kind in (RecordKind.INVESTMENT_PROMOTION, RecordKind.PROCUREMENT) and clue.amount is not None:
        details["amount"] = str(clue.amount)
    return details


def _breach_day(clue: DisputeClue, breached_on: datetime.date | None, today: datetime.date) -> datetime.date:
    """The day of the breach: as given, else the day the clue says it happened, else the day it is found."""
    happened = clue.happened_on if clue.happened_on and clue.happened_on <= today else None
    day = breached_on or happened or today
    if day > today:
        raise ValidationError({"breached_on": [_("违诺日期不能晚于今天。")]})
    return day


def _unit_record(clue: DisputeClue, *, actor, reason: str, day: datetime.date, today: datetime.date):
    """A draft dishonesty record against the body concerned (else the handling unit), provided by the actor's
    unit, naming the unit's main responsible person on the day of the breach."""
    subject = clue.body_unit or clue.handling_unit
    if subject is None:
        raise ValidationError({"breach": [_("涉及单位不在名录中，无法生成失信记录，请先分办。")]})
    head = subject.head_on(day)
    subject = subject.current_successor()
    provider = getattr(actor, "unit", None) or clue.handling_unit or subject
    kind = breach_record_kind(clue)
    facts = _("线索 %(ref)s 核查属实。%(reason)s") % {"ref": clue.reference, "reason": reason}
    facts += _("失信行为发生之日（%(day)s）单位主要负责人：%(head)s。") % {
        "day": day.isoformat(), "head": f"{head.person_name}（{head.title}）" if head and head.title
        else (head.person_name if head else _("未登记"))}
    return record_create(
        actor=actor, provider=provider, today=today, subject_type=SubjectType.UNIT, subject_unit=subject, kind=kind,
        severity=Severity.GENERAL, decision_date=today, act_start=day, decision_body=provider.name,
        title=(_("涉政纠纷线索 %(ref)s 认定失信：%(cat)s") % {"ref": clue.reference,
                                                       "cat": clue.get_category_display()})[:200],
        facts=facts, legal_basis=_("《实施方案》第9条、第14条"), details=_breach_details(clue, kind),
    )


def _attach_clue_files(clue: DisputeClue, records, *, actor) -> None:
    for attachment in clue.attachments.order_by("uploaded_at", "id"):
        with attachment.file.open("rb") as handle:
            data = handle.read()
        for record in records:
            record_attach(record=record, actor=actor, name=attachment.original_name, data=data)


def clue_breach_open(clue: DisputeClue, *, actor, reason: str, today: datetime.date,
                     breached_on: datetime.date | None = None):
    """Open what a breach found on ``clue`` opens (inside the conclusion's transaction); returns the unit's record."""
    day = _breach_day(clue, breached_on, today)
    if clue.commitment_id:
        breach = commitment_breach(commitment=clue.commitment, actor=actor, breached_on=day, found_on=today,
                                   unfulfilled_content=_("线索 %(ref)s：%(reason)s") % {"ref": clue.reference,
                                                                                       "reason": reason},
                                   today=today)
        records = [r for r in (breach.unit_record, breach.person_record) if r is not None]
    else:
        records = [_unit_record(clue, actor=actor, reason=reason, day=day, today=today)]
    _attach_clue_files(clue, records, actor=actor)
    return records[0]
