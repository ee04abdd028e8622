"""Who a work task's clock concerns: the assigned unit's clerks, its head and its supervisors."""
from records.clocks import unit_parties
from workdays.parties import ClockParties, register_clock_parties


def assignment_parties(clock) -> ClockParties:
    from .models import TaskAssignment

    assignment = TaskAssignment.objects.select_related("unit").filter(pk=clock.object_id).first()
    return unit_parties(assignment.unit if assignment else None)


def register() -> None:
    from .services.tasks import WORK_TASK_CLOCK

    register_clock_parties(WORK_TASK_CLOCK, assignment_parties)
