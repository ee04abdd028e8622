"""Who a decision's reporting clock concerns: the issuing department's clerks, its head, its supervisors."""
from records.clocks import unit_parties
from workdays.parties import ClockParties, register_clock_parties


def _decision_parties(clock) -> ClockParties:
    from .models import Decision

    decision = Decision.objects.select_related("department").filter(pk=clock.object_id).first()
    return unit_parties(decision.department if decision else None)


def register() -> None:
    from .services import REPORTING_CLOCK

    register_clock_parties(REPORTING_CLOCK, _decision_parties)
