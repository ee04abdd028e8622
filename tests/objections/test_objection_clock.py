"""The answer clock: stored due dates against the official calendar, provisional years, the ladder."""
import datetime

import chinese_calendar
import pytest

from notifications.models import Notice
from notifications.services import outbox_sweep
from objections.selectors import objection_clock_view
from workdays.choices import ClockState, ReminderStep
from workdays.models import ClockReminder
from workdays.services import calendar_year_save, clocks_advance

from .conftest import file_objection

D = datetime.date
pytestmark = pytest.mark.django_db


def nth_working_day_after(start: datetime.date, n: int) -> datetime.date:
    """An independent oracle: the chinesecalendar package, counted day by day."""
    day = start
    while n:
        day += datetime.timedelta(days=1)
        n -= chinese_calendar.is_workday(day)
    return day


@pytest.mark.parametrize("filed, due", [
    (D(2026, 9, 28), D(2026, 10, 16)),  # National Day + Mid-autumn, with the 调休 Saturday 10-10 counted
    (D(2026, 2, 12), D(2026, 3, 4)),    # Spring Festival, with the 调休 Saturdays 2-14 and 2-28 counted
    (D(2025, 9, 26), D(2025, 10, 16)),  # National Day 2025: 调休 Sunday 9-28 and Saturday 10-11 counted
])
def test_the_stored_due_date_is_the_calendars_answer(cast, sanction_x, filed, due):
    objection = file_objection(sanction_x, cast.user_x, today=filed)
    assert objection.clock.due_date == due == nth_working_day_after(filed, 10)
    assert objection.clock.provisional is False
    assert objection.clock.calendar_revision.startswith(f"{filed.year}r")


def test_the_detail_explains_the_days_counted_and_skipped(cast, objection_x):
    view = objection_clock_view(objection_x, today=D(2026, 9, 28))
    assert view["due_date"] == D(2026, 10, 16)
    assert view["days_left"] == 10
    assert "2026-10-10" in view["makeup_days"]
    skipped = {s["date"] for s in view["skipped"]}
    assert {"2026-10-01", "2026-10-07", "2026-10-11"} <= skipped
    assert len(view["counted"]) == 10


def test_a_clock_into_an_unknown_year_is_provisional_then_recomputed(cast, sanction_x):
    objection = file_objection(sanction_x, cast.user_x, today=D(2026, 12, 24))
    clock = objection.clock
    assert clock.provisional is True and clock.due_date == D(2027, 1, 7)  # weekends only
    calendar_year_save(year=2027, status="official", source_notice="国务院办公厅通知（2027）",
                       exceptions=[(D(2027, 1, 1), "holiday", "元旦")], actor=cast.office, today=D(2026, 12, 28))
    clock.refresh_from_db()
    assert clock.provisional is False
    assert clock.due_date == D(2027, 1, 8)  # 1 January is a holiday: one day later
    assert "2027r1" in clock.calendar_revision


def test_the_reminder_ladder_fires_each_step_once_when_run_twice(cast, objection_x,
                                                                 django_capture_on_commit_callbacks):
    # due 2026-10-16, very overdue after 2026-10-30 (20 working days)
    days = [D(2026, 10, 13), D(2026, 10, 16), D(2026, 10, 19), D(2026, 11, 3)]
    with django_capture_on_commit_callbacks(execute=True):
        for day in days:
            clocks_advance(today=day)
            clocks_advance(today=day)
    outbox_sweep()
    steps = list(ClockReminder.objects.filter(clock=objection_x.clock).values_list("step", flat=True))
    assert sorted(steps) == sorted(ReminderStep.values)
    objection_x.clock.refresh_from_db()
    assert objection_x.clock.state == ClockState.VERY_OVERDUE

    def reminders(user):
        return Notice.objects.filter(recipient=user, title__contains="期限").count()

    assert reminders(cast.clerk_a) == 1        # handler, 3 working days before
    assert reminders(cast.head_a) == 1         # unit head, on the due date
    assert reminders(cast.office) == 1         # the office, overdue
    assert reminders(cast.supervisor_in) == 1  # discipline unit of unit A, very overdue
    assert reminders(cast.supervisor_out) == 0 and reminders(cast.clerk_b) == 0


def test_an_objection_filed_in_december_and_due_in_2026_is_not_provisional(cast, sanction_x):
    objection = file_objection(sanction_x, cast.user_x, today=D(2026, 12, 5))
    assert objection.clock.due_date == D(2026, 12, 18)
    assert objection.clock.provisional is False  # was 暂定 with "2026r1,2027p": the very-overdue date is in 2027
    assert objection.clock.calendar_revision == "2026r1"
