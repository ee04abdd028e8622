"""Clue clocks on the shared engine: the reminder ladder and escalation run through workdays.clocks_advance."""
import pytest

from disputes import services
from notifications.models import Notice
from notifications.services import outbox_sweep
from workdays.choices import ClockState, ReminderStep
from workdays.models import ClockReminder
from workdays.parties import clock_parties
from workdays.services import clocks_advance

from .conftest import D, submit

pytestmark = pytest.mark.django_db


def test_the_acknowledgement_ladder_fires_each_step_once_when_run_twice(cast, routed,
                                                                        django_capture_on_commit_callbacks):
    clue, _ = routed  # received 2026-03-02: due 03-17, very overdue after 04-01 (30 days)
    clock = clue.acknowledge_clock
    assert (clock.due_date, clock.very_overdue_date) == (D(2026, 3, 17), D(2026, 4, 1))
    days = [D(2026, 3, 12), D(2026, 3, 17), D(2026, 3, 18), D(2026, 4, 2)]
    with django_capture_on_commit_callbacks(execute=True):
        for day in days:
            clocks_advance(today=day)
            clocks_advance(today=day)
    outbox_sweep()
    assert sorted(ClockReminder.objects.filter(clock=clock).values_list("step", flat=True)) == sorted(
        ReminderStep.values)
    clock.refresh_from_db()
    assert clock.state == ClockState.VERY_OVERDUE

    def reminders(user):
        return Notice.objects.filter(recipient=user, title__contains="期限").count()

    assert reminders(cast.clerk_a) == 1       # the handler, 3 working days before
    assert reminders(cast.head_a) == 1        # the unit head, on the due date
    assert reminders(cast.office) == 1        # the office, when overdue
    assert reminders(cast.supervisor_in) == 1  # the discipline unit, when very overdue
    assert reminders(cast.clerk_b) == reminders(cast.supervisor_out) == 0


def test_a_clue_in_triage_is_the_offices_to_move(cast):
    clue, _ = submit(body_name="名录外单位")
    parties = clock_parties(clue.acknowledge_clock)
    assert parties.handlers == [cast.office] and parties.supervisors == []


def test_the_conclusion_clock_follows_the_handling_unit(cast, acknowledged):
    clue, _ = acknowledged
    parties = clock_parties(clue.conclude_clock)
    assert set(parties.handlers) == {cast.clerk_a} and parties.heads == [cast.head_a]
    assert parties.supervisors == [cast.supervisor_in]
    services.clue_route(clue=clue, actor=cast.office, unit=cast.unit_b)
    assert clock_parties(clue.conclude_clock).handlers == [cast.clerk_b]


def test_a_late_acknowledgement_is_recorded_as_late(cast, routed):
    clue, _ = routed
    clue = services.clue_acknowledge(clue=clue, actor=cast.clerk_a, today=D(2026, 3, 20))
    assert clue.acknowledged_on_time is False
