"""The unit's "not ours" names who is competent (clause 9): a unit of the district gets the clue forwarded to it directly;
a body outside the district is recorded and the submitter is told where to go (the clue is closed as not
accepted here, with that guidance as the public reason). Without either, the clue goes back to the office's
triage queue as before (``intake.clue_refuse``)."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integrity_portal.errors import TransitionNotAllowed
from records.choices import UnitStatus

from ..choices import AssignmentHow, ClueOutcome, ClueState, NoteKind, NoteVisibility
from ..models import ClueNote, DisputeClue
from .common import actor_or_none, lock, require_text, transition
from .handling import clue_conclude
from .intake import _assign, _tell_assigned, _tell_office, clue_refuse

__all__ = ["clue_not_ours"]


@transaction.atomic
def clue_not_ours(*, clue: DisputeClue, actor, reason: str, competent_unit=None, competent_body: str = "",
                  guidance: str = "", today=None) -> DisputeClue:
    """The assigned unit answers "not ours", naming the competent unit (forward) or outside body (refer)."""
    reason = require_text(reason, "reason", _("请说明不属本单位办理的理由。"))
    competent_body = " ".join((competent_body or "").split())[:200]
    if competent_unit is not None and competent_body:
        raise ValidationError({"competent_body": [_("区内单位与区外机关只能填写一个。")]})
    if competent_unit is None and not competent_body:
        return clue_refuse(clue=clue, actor=actor, reason=reason)
    clue = lock(clue)
    if clue.state != ClueState.ASSIGNED:
        raise TransitionNotAllowed(_("只有待受理的线索可以退回或转交（当前：%(s)s）。") % {"s": clue.get_state_display()})
    if competent_unit is not None:
        return _forward(clue, actor=actor, reason=reason, unit=competent_unit)
    message = _("经核实，该事项不属本区办理，请向%(body)s反映。%(guidance)s") % {
        "body": competent_body, "guidance": (guidance or "").strip()}
    clue.referred_to = competent_body
    clue.save(update_fields=["referred_to", "updated_at"])
    ClueNote.objects.create(clue=clue, kind=NoteKind.SYSTEM, visibility=NoteVisibility.INTERNAL,
                            author=actor_or_none(actor), author_unit=clue.handling_unit,
                            body=_("不属本区办理，告知向%(body)s反映。承办单位说明：%(reason)s") % {
                                "body": competent_body, "reason": reason})
    return clue_conclude(clue=clue, actor=actor, outcome=ClueOutcome.REJECTED, reason=message.strip(),
                         today=today or timezone.localdate())


def _forward(clue: DisputeClue, *, actor, reason: str, unit) -> DisputeClue:
    unit = unit.current_successor()
    if unit.status != UnitStatus.ACTIVE:
        raise ValidationError({"competent_unit": [_("该单位已不存续。")]})
    previous = clue.handling_unit
    if previous is not None and unit.pk == previous.pk:
        raise ValidationError({"competent_unit": [_("不能转交本单位。")]})
    count = clue.assignments.count() + 1
    _assign(clue, unit, how=AssignmentHow.FORWARDED, actor=actor, note=reason, refused_by=actor_or_none(actor),
            refusal_reason=reason)
    transition(clue, ClueState.ASSIGNED, actor=actor, reason=_("%(from)s 认为不属本单位办理，转交 %(to)s：%(reason)s") % {
        "from": previous.name if previous else "—", "to": unit.name, "reason": reason})
    clue.save()
    _tell_assigned(clue, unit, f"assigned:{count}")
    _tell_office(clue, _("线索 %(ref)s 已转交 %(unit)s") % {"ref": clue.reference, "unit": unit.name},
                 _("%(from)s（%(who)s）认为不属本单位办理，转交 %(to)s：%(reason)s") % {
                     "from": previous.name if previous else "—", "who": actor.display_name, "to": unit.name,
                     "reason": reason}, f"forwarded:{count}")
    return clue
