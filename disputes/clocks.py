"""Who a clue's clocks concern, for the shared reminder ladder: the handling unit's clerks, head and supervisors
(``records.clocks.unit_parties``); a clue still in the office's triage queue is the office's to move."""
from records.clocks import unit_parties
from workdays.parties import ClockParties, credit_office_users, register_clock_parties


def clue_parties(clock) -> ClockParties:
    from .models import DisputeClue

    clue = DisputeClue.objects.select_related("handling_unit").filter(pk=clock.object_id).first()
    if clue is None:
        return ClockParties()
    if clue.handling_unit_id is None:
        return ClockParties(handlers=list(credit_office_users()))
    return unit_parties(clue.handling_unit)


def register() -> None:
    from .services import ACKNOWLEDGE_CLOCK, CONCLUDE_CLOCK

    register_clock_parties(ACKNOWLEDGE_CLOCK, clue_parties)
    register_clock_parties(CONCLUDE_CLOCK, clue_parties)
