import datetime
import sys

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from workdays import calendar as calendar_module
from workdays.calendar import get_calendar
from workdays.choices import PolicyUnit

D = datetime.date
pytestmark = pytest.mark.django_db


def test_it_counts_ten_working_days_across_national_day():
    result = get_calendar().add_working_days(D(2026, 9, 28), 10)

    assert result.date == D(2026, 10, 16)
    assert result.provisional is False
    assert len(result.counted) == 10
    assert D(2026, 10, 10) in result.counted  # 调休上班 is counted
    assert result.makeup_days == [D(2026, 10, 10)]
    assert [d for d, _ in result.skipped] == [D(2026, 10, day) for day in (1, 2, 3, 4, 5, 6, 7, 11)]
    assert dict(result.skipped)[D(2026, 10, 1)] == "国庆节"
    assert dict(result.skipped)[D(2026, 10, 11)] == "周末"


def test_it_does_not_count_the_start_day():
    calendar = get_calendar()
    assert calendar.add_working_days(D(2026, 1, 5), 1).date == D(2026, 1, 6)  # Monday → Tuesday
    assert calendar.add_working_days(D(2026, 1, 9), 1).date == D(2026, 1, 12)  # Friday → Monday
    assert calendar.add_working_days(D(2026, 10, 1), 1).date == D(2026, 10, 8)  # start on a holiday
    assert calendar.add_working_days(D(2026, 1, 5), 0).date == D(2026, 1, 5)


def test_it_counts_a_make_up_working_day():
    result = get_calendar().add_working_days(D(2026, 10, 9), 1)
    assert result.date == D(2026, 10, 10)  # a Saturday, 国庆节调休上班
    assert result.makeup_days == [D(2026, 10, 10)]


def test_a_year_without_an_official_calendar_is_provisional_weekends_only():
    calendar = get_calendar()
    result = calendar.add_working_days(D(2031, 1, 1), 5)
    assert result.date == D(2031, 1, 8)
    assert result.provisional is True
    assert result.as_dict()["provisional_years"] == [2031]
    # A period that starts in an official year but ends in a missing one is provisional too.
    assert calendar.add_working_days(D(2026, 12, 28), 5).provisional is True
    assert calendar.add_working_days(D(2026, 12, 1), 5).provisional is False


def test_workday_checks_and_working_days_between():
    calendar = get_calendar()
    assert calendar.is_workday(D(2026, 10, 10)) is True
    assert calendar.is_workday(D(2026, 10, 1)) is False
    assert calendar.is_workday(D(2026, 10, 11)) is False
    assert calendar.day_reason(D(2026, 10, 1)) == "国庆节"
    assert calendar.working_days_between(D(2026, 9, 28), D(2026, 10, 16)) == 10
    assert calendar.working_days_between(D(2026, 10, 16), D(2026, 9, 28)) == -10


def test_calendar_days_roll_forward_off_a_holiday_and_months_clamp_to_month_end():
    calendar = get_calendar()
    result = calendar.add_period(D(2026, 9, 1), 30, PolicyUnit.CALENDAR_DAYS)
    assert result.date == D(2026, 10, 8)
    assert result.rolled_from == D(2026, 10, 1)
    assert calendar.add_calendar_days(D(2026, 9, 1), 30, roll_forward=False).date == D(2026, 10, 1)
    assert calendar.add_months(D(2026, 1, 31), 1).date == D(2026, 2, 28)
    assert calendar.add_period(D(2024, 2, 29), 1, PolicyUnit.YEARS).date == D(2025, 2, 28)


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        get_calendar().add_working_days(D(2026, 1, 5), -1)


def test_the_cached_calendar_costs_one_query(django_assert_num_queries):
    first = get_calendar()
    with django_assert_num_queries(1):  # the signature query only
        assert get_calendar() is first


def _lines_run(call) -> int:
    """How many lines of workdays/calendar.py ``call()`` executes: its work, whatever the machine's speed."""
    source = calendar_module.__file__
    lines = 0

    def count(frame, event, arg):
        nonlocal lines
        lines += event == "line"
        return count

    previous = sys.gettrace()
    sys.settrace(lambda frame, event, arg: count if frame.f_code.co_filename == source else None)
    try:
        call()
    finally:
        sys.settrace(previous)
    return lines


def test_with_the_calendar_cached_a_due_date_costs_no_query_and_the_same_work_however_far():
    # Counted, not timed: the rate (≥ 100k due dates/s) is make bench's row "clock due dates".
    calendar = get_calendar()
    start = D(2026, 1, 5)
    with CaptureQueriesContext(connection) as queries:
        for i in range(2_000):
            _ = calendar.add_working_days(start + datetime.timedelta(days=i % 300), 10 + i % 20).date
    assert not queries.captured_queries
    # Precomputed arrays: the same few lines for 1 working day as for 120; a day-by-day count grows with them.
    work = {n: _lines_run(lambda n=n: calendar.add_working_days(start, n)) for n in (1, 10, 30, 120)}
    assert len(set(work.values())) == 1, work
    assert 0 < work[1] < 30, work
    far = D(2040, 3, 1)  # beyond the years with exceptions: the weekday formula, no loop either
    work = {n: _lines_run(lambda n=n: calendar.add_working_days(far, n)) for n in (1, 10, 30, 120)}
    assert len(set(work.values())) == 1, work


def _naive_add(calendar, start, n):
    """Day by day: the rule as written (start not counted, holidays skipped, make-up days counted)."""
    day = start
    while n:
        day += datetime.timedelta(days=1)
        n -= calendar.is_workday(day)
    return day


def test_the_precomputed_arrays_agree_with_counting_day_by_day():
    calendar = get_calendar()
    starts = [D(2003, 12, 20) + datetime.timedelta(days=i) for i in range(0, 8800, 7)]  # before, in, after the span
    starts += [D(year, 12, day) for year in (2004, 2025, 2026, 2027) for day in (24, 30, 31)]
    for start in starts:
        for n in (1, 10, 45):
            result = calendar.add_working_days(start, n)
            assert result.date == _naive_add(calendar, start, n), (start, n)
            counted_years = range((start + datetime.timedelta(days=1)).year, result.date.year + 1)
            assert result.provisional is not all(calendar.is_official_year(y) for y in counted_years), (start, n)
