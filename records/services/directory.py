"""Directory use cases: units, succession, heads, civil servants, transfers.

Each function is one use case, transactional, and writes its audit row; the HTML
views, the API, the admin and the commands all call these.
"""
import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import audit_log, field_changes
from integrity_portal.errors import TransitionNotAllowed

from ..choices import UnitStatus
from ..models import CivilServant, Posting, Unit, UnitHeadTerm
from ..signals import servant_transferred

__all__ = ["unit_create", "unit_update", "unit_succeed", "unit_head_appoint", "servant_create",
           "servant_update", "servant_transfer"]

UNIT_FIELDS = ("name", "code", "kind", "superior", "discipline_unit", "audit_unit", "address", "phone")
SERVANT_FIELDS = ("name", "id_number", "post", "rank", "status")


@transaction.atomic
def unit_create(*, actor, **fields) -> Unit:
    unit = Unit(**{k: v for k, v in fields.items() if k in UNIT_FIELDS})
    unit.full_clean()
    unit.save()
    audit_log(actor=actor, action="unit_create", subject=unit, to_state=unit.status,
              changes={k: [None, str(getattr(unit, k))] for k in fields if k in UNIT_FIELDS})
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, actor, **fields) -> Unit:
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    values = {k: v for k, v in fields.items() if k in UNIT_FIELDS}
    changes = field_changes(unit, values)
    for name, value in values.items():
        setattr(unit, name, value)
    unit.full_clean()
    unit.save()
    if changes:
        audit_log(actor=actor, action="unit_update", subject=unit, changes=changes)
    return unit


@transaction.atomic
def unit_succeed(*, unit: Unit, successor: Unit, status: str, on: datetime.date, actor, reason: str) -> Unit:
    """A unit merged, renamed or dissolved in a reform names its successor.

    Its records, commitments and clocks answer to the successor from then on (later
    apps resolve ``Unit.current_successor()``); staff accounts move with it.
    """
    if status not in {UnitStatus.MERGED, UnitStatus.RENAMED, UnitStatus.DISSOLVED}:
        raise TransitionNotAllowed(_("承继状态只能是已合并、已更名或已撤销。"))
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    successor = Unit.objects.select_for_update().get(pk=successor.pk)
    if unit.status != UnitStatus.ACTIVE:
        raise TransitionNotAllowed(_("单位“%(name)s”已不是存续状态。") % {"name": unit.name})
    if successor.pk == unit.pk or successor.current_successor().pk == unit.pk:
        raise TransitionNotAllowed(_("承继单位不能是本单位或其承继链中的单位。"))
    if successor.status != UnitStatus.ACTIVE:
        raise TransitionNotAllowed(_("承继单位必须是存续单位。"))
    if not reason.strip():
        from django.core.exceptions import ValidationError

        raise ValidationError({"reason": _("请填写机构改革依据。")})
    old_status = unit.status
    unit.status, unit.successor, unit.succeeded_on = status, successor, on
    unit.full_clean()
    unit.save()
    moved = unit.users.update(unit=successor)
    for servant in CivilServant.objects.select_for_update().filter(unit=unit):
        servant_transfer(servant=servant, unit=successor, post=servant.post, on=on, actor=actor,
                         reason=_("机构改革：%(old)s → %(new)s") % {"old": unit.name, "new": successor.name})
    UnitHeadTerm.objects.filter(unit=unit, end__isnull=True).update(end=on)
    audit_log(actor=actor, action="unit_succeed", subject=unit, from_state=old_status, to_state=status,
              changes={"successor": [None, successor.pk], "users_moved": [0, moved]}, reason=reason)
    return unit


@transaction.atomic
def unit_head_appoint(*, unit: Unit, person_name: str, start: datetime.date, actor,
                      title: str = "", civil_servant: CivilServant | None = None) -> UnitHeadTerm:
    """A new main responsible person; the previous term ends the day before."""
    Unit.objects.select_for_update().get(pk=unit.pk)
    current = UnitHeadTerm.objects.filter(unit=unit, end__isnull=True).first()
    if current is not None:
        if start <= current.start:
            from django.core.exceptions import ValidationError

            raise ValidationError({"start": _("新任职起日期必须晚于现任负责人的任职起日期（%(d)s）。") % {"d": current.start}})
        current.end = start - datetime.timedelta(days=1)
        current.save(update_fields=["end"])
    term = UnitHeadTerm(unit=unit, person_name=person_name, title=title, start=start, civil_servant=civil_servant)
    term.full_clean()
    term.save()
    audit_log(actor=actor, action="unit_head_appoint", subject=unit,
              changes={"head": [current.person_name if current else None, person_name]})
    return term


@transaction.atomic
def servant_create(*, actor, unit: Unit, start: datetime.date | None = None, **fields) -> CivilServant:
    servant = CivilServant(unit=unit, **{k: v for k, v in fields.items() if k in SERVANT_FIELDS})
    servant.full_clean()
    servant.save()
    Posting.objects.create(civil_servant=servant, unit=unit, post=servant.post,
                           start=start or timezone.localdate(), created_by=actor if actor and actor.pk else None)
    audit_log(actor=actor, action="servant_create", subject=servant, to_state=servant.status)
    return servant


@transaction.atomic
def servant_update(*, servant: CivilServant, actor, **fields) -> CivilServant:
    servant = CivilServant.objects.select_for_update().get(pk=servant.pk)
    values = {k: v for k, v in fields.items() if k in SERVANT_FIELDS}
    changes = field_changes(servant, values)
    if "id_number" in changes:
        # Never log a full identity number in the audit trail.
        changes["id_number"] = ["***", "***"]
    for name, value in values.items():
        setattr(servant, name, value)
    servant.full_clean()
    servant.save()
    if changes:
        audit_log(actor=actor, action="servant_update", subject=servant, changes=changes)
    return servant


@transaction.atomic
def servant_transfer(*, servant: CivilServant, unit: Unit, post: str, on: datetime.date, actor,
                     reason: str = "") -> CivilServant:
    """Move a civil servant to another unit: one file for life, the posting history grows."""
    servant = CivilServant.objects.select_for_update().get(pk=servant.pk)
    current = Posting.objects.filter(civil_servant=servant, end__isnull=True).first()
    if current is not None:
        if on < current.start:
            from django.core.exceptions import ValidationError

            raise ValidationError({"on": _("调动日期不能早于当前任职起日期（%(d)s）。") % {"d": current.start}})
        current.end = on
        current.save(update_fields=["end"])
    old_unit_id = servant.unit_id
    servant.unit, servant.post = unit, post
    servant.save(update_fields=["unit", "post", "updated_at"])
    Posting.objects.create(civil_servant=servant, unit=unit, post=post, start=on,
                           created_by=actor if actor and actor.pk else None)
    audit_log(actor=actor, action="servant_transfer", subject=servant, reason=reason,
              changes={"unit": [old_unit_id, unit.pk], "post": [current.post if current else None, post]})
    servant_transferred.send(sender=CivilServant, servant=servant, old_unit_id=old_unit_id)
    return servant
