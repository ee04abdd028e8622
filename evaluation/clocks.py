"""Who a work task's clock concerns (the assigned unit's clerks, its head and its supervisors), and the
assignment's copy of the clock's due date."""
from records.clocks import unit_parties
from workdays.mirrors import register_due_date_mirror
from workdays.parties import ClockParties, register_clock_parties


def assignment_parties(clock) -> ClockParties:
    from .models import TaskAssignment

    assignment = TaskAssignment.objects.select_related("unit").filter(pk=clock.object_id).first()
    return unit_parties(assignment.unit if assignment else None)


def register() -> None:
    from .models import TaskAssignment
    from .services.tasks import WORK_TASK_CLOCK

    register_clock_parties(WORK_TASK_CLOCK, assignment_parties)
    register_due_date_mirror(WORK_TASK_CLOCK, TaskAssignment, "due_date")
