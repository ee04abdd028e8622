import datetime

import pytest
from django.core.exceptions import ValidationError

from integrity_portal.errors import TransitionNotAllowed
from notifications.models import Notice, OutboxMessage
from notifications.services import outbox_sweep
from workdays.choices import ClockAction, ClockState, ReminderStep
from workdays.models import ClockEvent, ClockReminder
from workdays.services import (
    clock_explain,
    clock_extend,
    clock_pause,
    clock_resume,
    clock_start,
    clock_stop,
    clocks_advance,
    policy_current,
    policy_revise,
)

from .conftest import TEST_PURPOSE

D = datetime.date
pytestmark = pytest.mark.django_db


def start(subject, **kwargs):
    defaults = {"purpose": TEST_PURPOSE, "policy_key": "objection_answer", "start_date": D(2026, 9, 28),
                "today": D(2026, 9, 28)}
    return clock_start(subject=subject, **{**defaults, **kwargs})


def test_clock_start_stores_the_due_date_policy_version_and_calendar_revision(subject):
    clock = start(subject)

    assert clock.due_date == D(2026, 10, 16)
    assert clock.very_overdue_date == D(2026, 10, 30)  # twice the period: 20 working days
    assert clock.policy == policy_current("objection_answer")
    assert clock.policy.version == 1
    assert clock.calendar_revision == "2026r1"
    assert clock.provisional is False
    assert clock.state == ClockState.RUNNING
    assert clock.subject == subject
    assert list(clock.events.values_list("action", "new_due")) == [(ClockAction.START, D(2026, 10, 16))]


def test_a_clock_keeps_its_policy_version_after_a_revision(subject, people):
    clock = start(subject)
    policy_revise(key="objection_answer", value=3, unit="working_days", legal_basis="x", actor=people.office)
    clock.refresh_from_db()
    assert (clock.policy.version, clock.due_date) == (1, D(2026, 10, 16))


def test_a_clock_in_a_missing_year_is_provisional(subject):
    clock = start(subject, start_date=D(2030, 3, 1), today=D(2030, 3, 1))
    assert clock.provisional is True
    assert clock.calendar_revision == "2030p"


def test_a_second_open_clock_for_the_same_subject_and_purpose_is_refused(subject):
    start(subject)
    with pytest.raises(TransitionNotAllowed):
        start(subject)


def test_advance_moves_the_states_and_fires_each_reminder_step_once(subject, parties):
    clock = start(subject)
    steps = [
        (D(2026, 10, 12), ClockState.RUNNING, set()),
        (D(2026, 10, 13), ClockState.DUE_SOON, {ReminderStep.DUE_SOON}),  # 3 working days before
        (D(2026, 10, 16), ClockState.DUE_SOON, {ReminderStep.DUE_SOON, ReminderStep.DUE_DATE}),
        (D(2026, 10, 17), ClockState.OVERDUE, {ReminderStep.DUE_SOON, ReminderStep.DUE_DATE, ReminderStep.OVERDUE}),
        (D(2026, 10, 31), ClockState.VERY_OVERDUE, set(ReminderStep.values)),
    ]
    for today, state, fired in steps:
        clocks_advance(today=today)
        clocks_advance(today=today)  # idempotent: a second run changes nothing
        clock.refresh_from_db()
        assert clock.state == state, today
        assert set(clock.reminders.values_list("step", flat=True)) == fired, today

    assert clocks_advance(today=D(2026, 11, 2)) == {"clocks": 0, "transitions": 0, "reminders": 0}
    assert ClockReminder.objects.filter(clock=clock).count() == 4
    assert OutboxMessage.objects.filter(key__startswith=f"inbox:clock:{clock.pk}:").count() == 4
    outbox_sweep()
    notices = {(n.recipient.username, n.key.split(":")[3]) for n in Notice.objects.filter(key__contains="clock:")}
    assert notices == {
        ("wd_clerk", "due_soon"), ("wd_head", "due_date"), ("wd_office", "overdue"),
        ("wd_supervisor", "supervisor"),
    }
    transitions = list(clock.events.filter(action=ClockAction.ADVANCE).values_list("from_state", "to_state"))
    assert transitions == [("running", "due_soon"), ("due_soon", "overdue"), ("overdue", "very_overdue")]


def test_pause_and_extend_require_a_reason(subject, people):
    clock = start(subject)
    with pytest.raises(ValidationError) as error:
        clock_pause(clock=clock, actor=people.clerk, reason="  ")
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError):
        clock_extend(clock=clock, actor=people.clerk, reason="", days=3)
    with pytest.raises(ValidationError):
        clock_extend(clock=clock, actor=people.clerk, reason="需其他单位核实", days=0)
    assert clock.events.count() == 1


def test_resume_moves_the_due_date_by_the_working_days_paused(subject, people):
    clock = start(subject)
    clock = clock_pause(clock=clock, actor=people.clerk, reason="等待申请人补正材料", today=D(2026, 10, 12))
    assert clock.state == ClockState.PAUSED

    clock = clock_resume(clock=clock, actor=people.clerk, reason="材料已补正", today=D(2026, 10, 14))

    assert clock.due_date == D(2026, 10, 20)  # two working days (13th, 14th) given back
    assert clock.state == ClockState.RUNNING and clock.paused_on is None
    event = clock.events.get(action=ClockAction.RESUME)
    assert (event.old_due, event.new_due, event.actor) == (D(2026, 10, 16), D(2026, 10, 20), people.clerk)


def test_extend_moves_the_due_date_and_may_end_an_overdue_state(subject, people):
    clock = start(subject)
    clocks_advance(today=D(2026, 10, 19))
    clock.refresh_from_db()
    assert clock.state == ClockState.OVERDUE

    clock = clock_extend(clock=clock, actor=people.office, reason="需其他单位核实", days=5, today=D(2026, 10, 19))

    assert clock.due_date == D(2026, 10, 23)
    assert clock.state == ClockState.RUNNING  # due soon only from 10-20, three working days before
    event = clock.events.get(action=ClockAction.EXTEND)
    assert (event.from_state, event.to_state, event.reason) == ("overdue", "running", "需其他单位核实")


def test_a_transition_from_the_wrong_state_is_refused(subject, people):
    clock = start(subject)
    with pytest.raises(TransitionNotAllowed):
        clock_resume(clock=clock, actor=people.clerk, reason="x")
    clock = clock_pause(clock=clock, actor=people.clerk, reason="x", today=D(2026, 10, 1))
    with pytest.raises(TransitionNotAllowed):
        clock_pause(clock=clock, actor=people.clerk, reason="x")
    with pytest.raises(TransitionNotAllowed):
        clock_extend(clock=clock, actor=people.clerk, reason="x", days=1)
    clock = clock_stop(clock=clock, actor=people.clerk, reason="已答复")
    assert clock.state == ClockState.STOPPED and clock.stopped_at
    with pytest.raises(TransitionNotAllowed):
        clock_stop(clock=clock, actor=people.clerk)
    # A stopped clock frees the subject for a new one.
    assert start(subject).state == ClockState.RUNNING


def test_a_stopped_clock_is_not_advanced(subject, parties):
    clock = clock_stop(clock=start(subject), actor=None)
    clocks_advance(today=D(2026, 12, 1))
    assert ClockReminder.objects.count() == 0
    assert ClockEvent.objects.filter(clock=clock, action=ClockAction.ADVANCE).count() == 0


def test_clock_explain_lists_counted_skipped_and_make_up_days(subject, people):
    clock = clock_extend(clock=start(subject), actor=people.office, reason="延期", days=2, today=D(2026, 10, 1))

    explanation = clock_explain(clock)

    assert explanation["computed_date"] == "2026-10-16"
    assert explanation["due_date"] == "2026-10-20"
    assert len(explanation["counted"]) == 10
    assert {"date": "2026-10-01", "reason": "国庆节"} in explanation["skipped"]
    assert explanation["makeup_days"] == ["2026-10-10"]
    assert explanation["provisional"] is False
    assert explanation["policy"]["version"] == 1
    assert explanation["adjustments"][0]["old_due"] == "2026-10-16"
    assert explanation["adjustments"][0]["new_due"] == "2026-10-20"
