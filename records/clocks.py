"""Who the records' clocks concern: the providing unit's clerks, its head, its supervisors."""
from django.contrib.auth import get_user_model

from accounts.choices import Role
from workdays.parties import ClockParties, register_clock_parties


def unit_parties(unit) -> ClockParties:
    """Clerks, head and supervisors of ``unit`` (or the unit that succeeded it)."""
    if unit is None:
        return ClockParties()
    unit = unit.current_successor()
    users = get_user_model().objects.filter(is_active=True)
    clerks = list(users.filter(unit=unit, groups__name=Role.CLERK).distinct())
    supervisor_units = [u for u in (unit.discipline_unit_id, unit.superior_id) if u]
    return ClockParties(
        handlers=[u for u in clerks if not u.is_unit_head] or clerks,
        heads=[u for u in clerks if u.is_unit_head],
        supervisors=list(users.filter(unit_id__in=supervisor_units, groups__name=Role.SUPERVISOR).distinct()),
        unit=unit,
    )


def _record_parties(clock) -> ClockParties:
    from .models import CreditRecord

    record = CreditRecord.objects.select_related("provider").filter(pk=clock.object_id).first()
    return unit_parties(record.provider if record else None)


def register() -> None:
    from .services import DECISION_CHANGE_CLOCK, DUAL_PUBLICATION_CLOCK

    register_clock_parties(DUAL_PUBLICATION_CLOCK, _record_parties)
    register_clock_parties(DECISION_CHANGE_CLOCK, _record_parties)
