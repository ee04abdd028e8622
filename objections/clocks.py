"""Who an objection's answer clock concerns (the providing unit's clerks, its head, its supervisors), and the
objection's copy of the clock's due date."""
from records.clocks import unit_parties
from workdays.mirrors import register_due_date_mirror
from workdays.parties import ClockParties, register_clock_parties


def objection_parties(clock) -> ClockParties:
    from .models import Objection

    objection = Objection.objects.select_related("record__provider").filter(pk=clock.object_id).first()
    return unit_parties(objection.record.provider if objection else None)


def register() -> None:
    from .models import Objection
    from .services import OBJECTION_CLOCK

    register_clock_parties(OBJECTION_CLOCK, objection_parties)
    register_due_date_mirror(OBJECTION_CLOCK, Objection, "due_date")
