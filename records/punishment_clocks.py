"""Who a rectification clock concerns: the unit under rectification's clerks, its head, its supervisors.

The engine's ladder then runs as for every clock: the handler before the due date, the unit head on it,
the office when overdue, the supervisors when very overdue. ``register()`` is called from ``RecordsConfig.ready``.
"""
from workdays.parties import ClockParties, register_clock_parties

from .clocks import unit_parties


def rectification_parties(clock) -> ClockParties:
    from .models import RectificationCase

    case = RectificationCase.objects.select_related("unit").filter(pk=clock.object_id).first()
    return unit_parties(case.unit if case else None)


def register() -> None:
    from .services.punishment import EXPLANATION_CLOCK, REPORT_CLOCK

    register_clock_parties(EXPLANATION_CLOCK, rectification_parties)
    register_clock_parties(REPORT_CLOCK, rectification_parties)
