import datetime

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEntry
from notifications.models import Notice, OutboxMessage
from notifications.services import outbox_sweep
from workdays.calendar import get_calendar
from workdays.choices import ClockAction
from workdays.models import CalendarYear
from workdays.services import calendar_warn_missing_next_year, calendar_year_save, clock_start

from .conftest import TEST_PURPOSE

D = datetime.date
pytestmark = pytest.mark.django_db

HOLIDAYS_2027 = [(D(2027, 1, 1), "holiday", "元旦")]


def test_entering_a_year_recomputes_open_clocks_later_and_logs_old_to_new(subject, parties):
    clock = clock_start(subject=subject, purpose=TEST_PURPOSE, policy_key="objection_answer",
                        start_date=D(2026, 12, 21), today=D(2026, 12, 21))
    assert (clock.due_date, clock.provisional, clock.calendar_revision) == (D(2027, 1, 4), True, "2026r1,2027p")

    year = calendar_year_save(year=2027, status="official", source_notice="国务院办公厅关于部分节假日安排的通知（2027）",
                              exceptions=HOLIDAYS_2027, actor=parties.office, today=D(2026, 12, 22))

    assert year.revision == 1
    clock.refresh_from_db()
    assert (clock.due_date, clock.provisional, clock.calendar_revision) == (D(2027, 1, 5), False, "2026r1,2027r1")
    event = clock.events.get(action=ClockAction.RECOMPUTE)
    assert (event.old_due, event.new_due, event.actor) == (D(2027, 1, 4), D(2027, 1, 5), parties.office)
    outbox_sweep()
    told = set(Notice.objects.filter(key__contains=f"clock:{clock.pk}:recompute").values_list("recipient__username",
                                                                                              flat=True))
    assert told == {"wd_clerk", "wd_head"}
    assert AuditEntry.objects.filter(action="calendar_year_save").count() == 1


def test_a_revision_never_shortens_a_running_deadline(subject, parties):
    calendar_year_save(year=2027, status="official", source_notice="v1", exceptions=HOLIDAYS_2027,
                       actor=parties.office, today=D(2026, 12, 22))
    clock = clock_start(subject=subject, purpose=TEST_PURPOSE, policy_key="objection_answer",
                        start_date=D(2026, 12, 21), today=D(2026, 12, 22))
    assert clock.due_date == D(2027, 1, 5)

    year = calendar_year_save(year=2027, status="official", source_notice="v2（更正）", exceptions=[],
                              actor=parties.office, today=D(2026, 12, 23))

    assert year.revision == 2
    assert get_calendar().add_working_days(D(2026, 12, 21), 10).date == D(2027, 1, 4)  # shorter now…
    clock.refresh_from_db()
    assert clock.due_date == D(2027, 1, 5)  # …but the later date stands
    assert clock.calendar_revision == "2026r1,2027r2"
    event = clock.events.get(action=ClockAction.RECOMPUTE)
    assert (event.old_due, event.new_due) == (D(2027, 1, 5), D(2027, 1, 5))
    assert not OutboxMessage.objects.filter(key__contains=f"clock:{clock.pk}:recompute").exists()


def test_clocks_outside_the_year_are_left_alone(subject, parties):
    clock = clock_start(subject=subject, purpose=TEST_PURPOSE, policy_key="objection_answer",
                        start_date=D(2026, 3, 2), today=D(2026, 3, 2))
    calendar_year_save(year=2027, status="official", source_notice="", exceptions=HOLIDAYS_2027,
                       actor=parties.office)
    assert not clock.events.filter(action=ClockAction.RECOMPUTE).exists()


def test_bad_exceptions_are_refused_and_nothing_changes(people):
    with pytest.raises(ValidationError) as error:
        calendar_year_save(year=2027, status="official", source_notice="", actor=people.office,
                           exceptions=[(D(2028, 1, 1), "holiday", "元旦"), (D(2027, 2, 1), "nap", "")])
    assert "exceptions" in error.value.message_dict
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_the_office_is_warned_weekly_from_october_while_next_year_is_missing(people):
    assert calendar_warn_missing_next_year(today=D(2026, 9, 30)) == 0
    assert calendar_warn_missing_next_year(today=D(2026, 10, 1)) == 1
    assert calendar_warn_missing_next_year(today=D(2026, 10, 2)) == 1  # same week, same key
    keys = set(OutboxMessage.objects.filter(key__startswith="inbox:calendar-missing:").values_list("key", flat=True))
    assert len(keys) == 1
    calendar_warn_missing_next_year(today=D(2026, 10, 8))  # the next week
    assert OutboxMessage.objects.filter(key__startswith="inbox:calendar-missing:").count() == 2
    outbox_sweep()
    assert Notice.objects.filter(recipient=people.office, key__contains="calendar-missing:2027").count() == 2
    assert not Notice.objects.filter(recipient=people.clerk).exists()

    calendar_year_save(year=2027, status="official", source_notice="", exceptions=HOLIDAYS_2027, actor=people.office)
    assert calendar_warn_missing_next_year(today=D(2026, 10, 15)) == 0
