"""Handling a clue: acknowledge, progress notes, the outcome (resolved / rejected / merged), the one extension,
the commitment link, and the logged reveal of contact details. A breach found while resolving goes through
``breaches.clue_breach_open`` (the commitment's breach, the draft records, the clue's files as evidence)."""
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import audit_log
from integrity_portal.errors import TransitionNotAllowed
from notifications.choices import Channel
from notifications.services import outbox_enqueue
from workdays import services as workdays
from workdays.choices import OPEN_CLOCK_STATES

from ..choices import ClueOutcome, ClueState, NoteKind, NoteVisibility
from ..models import ClueNote, ContactReveal, DisputeClue, is_office, units_answering_as
from .breaches import breach_record_kind, clue_breach_open
from .common import actor_or_none, check_files, lock, require, require_text, save_files, transition
from .intake import CONCLUDE_CLOCK

__all__ = ["clue_acknowledge", "clue_note_add", "clue_conclude", "clue_extend", "clue_link_commitment",
           "clue_contact_reveal", "may_see_contact", "breach_record_kind"]


def _stop(clock, actor, reason):
    if clock is not None and clock.state in OPEN_CLOCK_STATES:
        return workdays.clock_stop(clock=clock, actor=actor, reason=reason)
    return clock


@transaction.atomic
def clue_acknowledge(*, clue: DisputeClue, actor, note: str = "", today: datetime.date | None = None) -> DisputeClue:
    """The assigned unit accepts the clue: the acknowledgement clock stops, the 60-day conclusion clock starts."""
    today = today or timezone.localdate()
    clue = lock(clue)
    require(clue, ClueState.ACKNOWLEDGED)
    if clue.state != ClueState.ASSIGNED:
        raise TransitionNotAllowed(_("只有已分办待受理的线索可以受理。"))
    transition(clue, ClueState.ACKNOWLEDGED, actor=actor, reason=(note or "").strip())
    clock = clue.acknowledge_clock
    clue.acknowledged_on = today
    clue.acknowledged_on_time = clock is None or today <= clock.due_date
    clue.acknowledge_clock = _stop(clock, actor, _("已受理"))
    clue.conclude_clock = workdays.clock_start(subject=clue, purpose=CONCLUDE_CLOCK, policy_key="dispute_conclude",
                                               scope=f"category={clue.category}", start_date=today, actor=actor,
                                               today=today)
    clue.save()
    ClueNote.objects.create(clue=clue, kind=NoteKind.SYSTEM, visibility=NoteVisibility.PUBLIC,
                            author=actor_or_none(actor), author_unit=clue.handling_unit,
                            body=_("线索已受理，承办单位：%(unit)s；办结期限：%(due)s。") % {
                                "unit": clue.handling_unit.name, "due": clue.conclude_clock.due_date})
    return clue


@transaction.atomic
def clue_note_add(*, clue: DisputeClue, actor, body: str, visibility: str = NoteVisibility.INTERNAL,
                  files=()) -> ClueNote:
    """A progress note by the handling unit or the office: public (the submitter sees it) or internal."""
    body = require_text(body, "body", _("请填写办理进展。"))
    if visibility not in NoteVisibility.values:
        raise ValidationError({"visibility": [_("请选择公开范围。")]})
    checked = check_files(files)
    clue = lock(clue)
    if clue.state == ClueState.MERGED:
        raise TransitionNotAllowed(_("已并入其他线索，请在主线索中填写进展。"))
    note = ClueNote.objects.create(clue=clue, kind=NoteKind.PROGRESS, visibility=visibility, body=body,
                                   author=actor_or_none(actor), author_unit=getattr(actor, "unit", None))
    save_files(checked, clue=clue, note=note, from_submitter=False)
    DisputeClue.objects.filter(pk=clue.pk).update(updated_at=timezone.now())
    return note


def _clean_outcome(clue, outcome, reason, merged_into, breach):
    errors = {}
    if outcome not in ClueOutcome.values:
        errors["outcome"] = [_("请选择办理结果：已办结、不予受理或合并办理。")]
    if not (reason or "").strip():
        errors["reason"] = [_("请填写办理结果说明（不予受理须说明理由）。")]
    if outcome == ClueOutcome.MERGED:
        if merged_into is None:
            errors["merged_into"] = [_("请选择并入的线索。")]
        elif merged_into.pk == clue.pk or merged_into.state == ClueState.MERGED:
            errors["merged_into"] = [_("不能并入自身或已合并的线索。")]
    elif merged_into is not None:
        errors["merged_into"] = [_("只有合并办理才指明并入的线索。")]
    if breach and outcome != ClueOutcome.RESOLVED:
        errors["breach"] = [_("只有查实办结的线索才能认定失信。")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def clue_conclude(*, clue: DisputeClue, actor, outcome: str, reason: str, merged_into: DisputeClue | None = None,
                  breach: bool = False, breached_on: datetime.date | None = None,
                  today: datetime.date | None = None) -> DisputeClue:
    """The outcome: resolved (after acknowledging), rejected with a reason, or merged into another clue.

    ``breach`` (resolved only): the clue is a breach — of its linked commitment (the commitment's breach service:
    a Breach row, the commitment no longer in force, draft records naming the official in charge on
    ``breached_on``), else a draft record against the unit concerned; the clue's files attached as evidence."""
    today = today or timezone.localdate()
    _clean_outcome(clue, outcome, reason, merged_into, breach)
    reason = reason.strip()
    clue = lock(clue)
    require(clue, outcome)
    if outcome == ClueOutcome.RESOLVED and clue.state != ClueState.ACKNOWLEDGED:
        raise TransitionNotAllowed(_("线索须先受理才能办结。"))
    transition(clue, outcome, actor=actor, reason=reason)
    running = clue.conclude_clock if clue.conclude_clock_id else clue.acknowledge_clock
    clue.concluded_on = today
    clue.concluded_on_time = running is None or today <= running.due_date
    if clue.acknowledged_on is None:
        clue.acknowledged_on_time = clue.concluded_on_time
    clue.outcome_reason, clue.merged_into = reason, merged_into
    label = ClueOutcome(outcome).label
    clue.acknowledge_clock = _stop(clue.acknowledge_clock, actor, label)
    clue.conclude_clock = _stop(clue.conclude_clock, actor, label)
    if breach:
        clue.breach_found = True
        clue.breach_record = clue_breach_open(clue, actor=actor, reason=reason, today=today, breached_on=breached_on)
    clue.save()
    body = _("办理结果：%(outcome)s。%(reason)s") % {"outcome": ClueState(outcome).label, "reason": reason}
    if merged_into is not None:
        body += _("（并入线索 %(ref)s 一并办理）") % {"ref": merged_into.reference}
    ClueNote.objects.create(clue=clue, kind=NoteKind.SYSTEM, visibility=NoteVisibility.PUBLIC, body=body,
                            author=actor_or_none(actor), author_unit=clue.handling_unit)
    if clue.contact_email:
        outbox_enqueue(key=f"email:clue:{clue.pk}:concluded:{clue.transitions.count()}", channel=Channel.EMAIL,
                       payload={"to": [clue.contact_email], "subject": _("您提交的涉政纠纷线索已有办理结果"),
                                "body": body + "\n" + _("请使用回执码在“涉政纠纷线索”页面查询详情、评价办理情况。"),
                                "link": ""})
    return clue


@transaction.atomic
def clue_extend(*, clue: DisputeClue, actor, reason: str, today: datetime.date | None = None) -> DisputeClue:
    """Extend the conclusion period once, by the ``dispute_extension`` policy (default 30 days), with a reason."""
    reason = require_text(reason, "reason", _("延期须说明理由。"))
    clue = lock(clue)
    if clue.state != ClueState.ACKNOWLEDGED or clue.conclude_clock is None:
        raise TransitionNotAllowed(_("只有办理中的线索可以延期。"))
    if clue.extended_on is not None:
        raise TransitionNotAllowed(_("线索办理期限只能延长一次（已于 %(d)s 延期）。") % {"d": clue.extended_on})
    days = workdays.policy_current("dispute_extension").value
    clue.conclude_clock = workdays.clock_extend(clock=clue.conclude_clock, actor=actor, reason=reason, days=days,
                                                today=today)
    clue.extended_on, clue.extension_reason = today or timezone.localdate(), reason
    clue.save(update_fields=["conclude_clock", "extended_on", "extension_reason", "updated_at"])
    ClueNote.objects.create(clue=clue, kind=NoteKind.SYSTEM, visibility=NoteVisibility.PUBLIC,
                            author=actor_or_none(actor), author_unit=clue.handling_unit,
                            body=_("办理期限延长至 %(due)s。理由：%(reason)s") % {
                                "due": clue.conclude_clock.due_date, "reason": reason})
    return clue


@transaction.atomic
def clue_link_commitment(*, clue: DisputeClue, actor, commitment) -> DisputeClue:
    """Link the clue to the government commitment it concerns (or unlink with None)."""
    clue = lock(clue)
    old = clue.commitment_id
    clue.commitment = commitment
    clue.save(update_fields=["commitment", "updated_at"])
    audit_log(actor=actor_or_none(actor), action="clue_link_commitment", subject=clue,
              changes={"commitment": [old, commitment.pk if commitment else None]})
    return clue


def may_see_contact(user, clue: DisputeClue) -> bool:
    """The office always; the handling unit's staff only when the submitter allowed it."""
    if is_office(user):
        return True
    return bool(clue.share_contact and clue.handling_unit_id and user.unit_id
                and clue.handling_unit_id in units_answering_as(user.unit_id))


@transaction.atomic
def clue_contact_reveal(*, clue: DisputeClue, viewer, channel: str = "html", purpose: str = "") -> dict:
    """Show the submitter's contact details to an allowed viewer, and log it."""
    if not may_see_contact(viewer, clue):
        raise PermissionDenied(_("提交人未同意承办单位查看联系方式。"))
    ContactReveal.objects.create(clue=clue, viewer=viewer, viewer_unit=getattr(viewer, "unit", None),
                                 channel=channel, purpose=(purpose or "")[:200])
    return {"anonymous": clue.anonymous, "contact_name": clue.contact_name, "contact_phone": clue.contact_phone,
            "contact_email": clue.contact_email}
