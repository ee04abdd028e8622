"""The reminder ladder and the very-overdue factor are policy rows; a clock is provisional only when a day
it counted (up to the due date) lies in a provisional year (issue 15, items 3 and 4)."""
import datetime

import pytest

from workdays.choices import ClockState, ReminderStep
from workdays.services import clock_start, clocks_advance, policy_revise

from .conftest import TEST_PURPOSE

D = datetime.date
pytestmark = pytest.mark.django_db


def start(subject, policy_key="dispute_conclude", start_date=D(2026, 3, 2)):
    return clock_start(subject=subject, purpose=TEST_PURPOSE, policy_key=policy_key, start_date=start_date,
                       today=start_date)


def fired(clock) -> set[str]:
    return set(clock.reminders.values_list("step", flat=True))


def test_the_supervisor_is_told_five_working_days_after_the_due_date_not_on_day_120(subject, parties):
    clock = start(subject)  # a 60-day clue: due 1 May 2026 (a holiday: rolled to 6 May)
    assert clock.due_date == D(2026, 5, 6)
    assert clock.very_overdue_date == D(2026, 6, 30)  # twice the period: day 120
    clocks_advance(today=D(2026, 5, 11))  # 4 working days after the due date (9 May is a make-up working day)
    clock.refresh_from_db()
    assert ReminderStep.SUPERVISOR not in fired(clock) and ReminderStep.OVERDUE in fired(clock)
    clocks_advance(today=D(2026, 5, 12))  # the 5th working day after it
    clock.refresh_from_db()
    assert ReminderStep.SUPERVISOR in fired(clock)
    assert clock.state == ClockState.OVERDUE  # long before very overdue


def test_the_ladder_follows_the_office_s_rows(subject, parties):
    policy_revise(key="ladder_supervisor", value=2, unit="working_days", legal_basis="区信用办确定",
                  actor=parties.office)
    policy_revise(key="ladder_office", value=3, unit="calendar_days", legal_basis="区信用办确定",
                  actor=parties.office)
    clock = start(subject)
    clocks_advance(today=D(2026, 5, 8))  # 2 working days after 6 May; 2 calendar days
    clock.refresh_from_db()
    assert fired(clock) == {ReminderStep.DUE_DATE, ReminderStep.SUPERVISOR}  # not yet the office (3 days)
    clocks_advance(today=D(2026, 5, 9))
    clock.refresh_from_db()
    assert ReminderStep.OVERDUE in fired(clock)


def test_very_overdue_is_the_factor_row_times_the_period(subject, parties):
    policy_revise(key="very_overdue_factor", value=3, unit="multiple", legal_basis="区信用办确定",
                  actor=parties.office)
    clock = start(subject, policy_key="objection_answer", start_date=D(2026, 9, 28))
    assert clock.due_date == D(2026, 10, 16)
    assert clock.very_overdue_date == D(2026, 11, 13)  # 30 working days (National Day skipped)


def test_a_deadline_wholly_inside_2026_is_not_provisional(subject):
    clock = start(subject, policy_key="objection_answer", start_date=D(2026, 12, 5))
    assert clock.due_date == D(2026, 12, 18)
    assert clock.provisional is False
    assert clock.calendar_revision == "2026r1"


def test_a_deadline_that_counts_days_of_2027_is_provisional(subject):
    clock = start(subject, policy_key="objection_answer", start_date=D(2026, 12, 24))
    assert clock.due_date.year == 2027
    assert clock.provisional is True
    assert clock.calendar_revision == "2026r1,2027p"
