"""The calendar engine: working-day arithmetic on an in-memory snapshot of the official calendar.

Counting follows 民法典 art. 201–203: the start day is not counted; weekends and statutory
holidays are skipped, make-up working days (调休上班) are counted; the last day is inclusive.
A year without an official ``CalendarYear`` row is answered with the weekend-only rule and the
result is flagged ``provisional`` — never an exception.

The snapshot is built with two queries and cached per process; a cheap signature query (sum of
revisions, row count, latest update) tells when to rebuild. Arithmetic works on ordinals: inside the
span of years that have exceptions, precomputed arrays give each day's working-day rank and each
rank's date, so a due date costs two list look-ups (no loop, no bisect, no query); outside the span
the weekday formula answers. Whether a period is provisional is a look-up of the first year from
which some year has no official calendar (issue 10: ≥ 100k due dates per second).
"""
import calendar as std_calendar
import datetime
import threading
from dataclasses import dataclass

from django.db.models import Count, Max, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .choices import CalendarYearStatus, ExceptionKind, PolicyUnit

WEEKEND_REASON = gettext_noop("周末")  # translated where it is read: the calendar is cached
_WORKING_DAYS = PolicyUnit.WORKING_DAYS


def _weekdays_upto(ordinal: int) -> int:
    """Mon–Fri days in ordinals [1, ordinal] (ordinal 1, 0001-01-01, is a Monday)."""
    weeks, rest = divmod(ordinal, 7)
    return 5 * weeks + min(rest, 5)


def _nth_weekday(k: int) -> int:
    """The smallest ordinal with ``_weekdays_upto(o) == k`` (k ≥ 1): the k-th Mon–Fri day."""
    weeks, rest = divmod(k - 1, 5)
    return weeks * 7 + rest + 1


def _is_weekend(ordinal: int) -> bool:
    return (ordinal - 1) % 7 >= 5


@dataclass(frozen=True, slots=True)
class YearInfo:
    year: int
    status: str
    revision: int
    source_notice: str


class PeriodResult:
    """The answer of the engine: a date, whether it is provisional, and (lazily) the explanation."""

    __slots__ = ("calendar", "start", "value", "unit", "date", "provisional", "rolled_from", "_explained")

    def __init__(self, calendar, start, value, unit, date, provisional, rolled_from=None):
        self.calendar = calendar
        self.start = start
        self.value = value
        self.unit = unit
        self.date = date
        self.provisional = provisional
        self.rolled_from = rolled_from
        self._explained = None

    def __repr__(self):
        flag = " provisional" if self.provisional else ""
        return f"<PeriodResult {self.start}+{self.value} {self.unit} = {self.date}{flag}>"

    def _explain(self):
        if self._explained is None:
            self._explained = self.calendar.explain_span(self.start, self.date, self.unit, self.rolled_from)
        return self._explained

    @property
    def counted(self) -> list[datetime.date]:
        """Working days counted (working-day periods), or the days of the roll-forward otherwise."""
        return self._explain()[0]

    @property
    def skipped(self) -> list[tuple[datetime.date, str]]:
        """Days not counted, with the reason: the holiday's name or 周末."""
        return self._explain()[1]

    @property
    def makeup_days(self) -> list[datetime.date]:
        """Make-up working days (调休上班) that were counted."""
        return self._explain()[2]

    @property
    def years(self) -> list[int]:
        return list(range(self.start.year, self.date.year + 1))

    @property
    def calendar_revision(self) -> str:
        return self.calendar.revision_label(self.start, self.date)

    def as_dict(self) -> dict:
        return {
            "start": self.start.isoformat(),
            "value": self.value,
            "unit": str(self.unit),
            "date": self.date.isoformat(),
            "provisional": self.provisional,
            "calendar_revision": self.calendar_revision,
            "counted": [d.isoformat() for d in self.counted],
            "skipped": [{"date": d.isoformat(), "reason": reason} for d, reason in self.skipped],
            "makeup_days": [d.isoformat() for d in self.makeup_days],
            "rolled_from": self.rolled_from.isoformat() if self.rolled_from else None,
            "provisional_years": [y for y in self.years if not self.calendar.is_official_year(y)],
        }


class Calendar:
    """An immutable snapshot of the calendar rows. Build it with ``get_calendar()``."""

    def __init__(self, years: list[YearInfo], exceptions: list[tuple[datetime.date, str, str]], signature=None):
        self.signature = signature
        self.years = {info.year: info for info in years}
        self.official_years = frozenset(y for y, info in self.years.items() if info.status == CalendarYearStatus.OFFICIAL)
        # Only official years change the weekend rule; others are provisional (weekends only).
        self.holiday_names: dict[int, str] = {}
        self.makeup_names: dict[int, str] = {}
        for day, kind, name in exceptions:
            if day.year not in self.official_years:
                continue
            target = self.holiday_names if kind == ExceptionKind.HOLIDAY else self.makeup_names
            target[day.toordinal()] = name
        self.holidays = frozenset(self.holiday_names)
        self.makeups = frozenset(self.makeup_names)
        ordinals = self.holidays | self.makeups
        if ordinals:
            lo_year = datetime.date.fromordinal(min(ordinals)).year
            hi_year = datetime.date.fromordinal(max(ordinals)).year
            self._span_lo = datetime.date(lo_year, 1, 1).toordinal()
            self._span_hi = datetime.date(hi_year, 12, 31).toordinal()
        else:
            self._span_lo, self._span_hi = 1, 0
        # Working days inside the span where exceptions exist; outside it the weekday formula rules.
        self._span_days = [o for o in range(self._span_lo, self._span_hi + 1) if self._is_workday_ordinal(o)]
        self._span_dates = [datetime.date.fromordinal(o) for o in self._span_days]
        # _span_rank[o - _span_lo]: working days of the span in [_span_lo, o] (the rank inside the span).
        self._span_rank = []
        rank, days = 0, set(self._span_days)
        for o in range(self._span_lo, self._span_hi + 1):
            rank += o in days
            self._span_rank.append(rank)
        self._rank_before_span = _weekdays_upto(self._span_lo - 1)
        self._rank_at_span_end = self._rank_before_span + len(self._span_days)
        self._delta_after_span = self._rank_at_span_end - _weekdays_upto(self._span_hi)
        # _first_unofficial[y]: the first year ≥ y without an official calendar, for the years around the data.
        known = [*self.years, datetime.date.today().year]
        self._years_lo, self._years_hi = min(known) - 1, max(known) + 1
        self._first_unofficial = {}
        first = self._years_hi + 1  # beyond the known years, nothing is official
        for year in range(self._years_hi, self._years_lo - 1, -1):
            if year not in self.official_years:
                first = year
            self._first_unofficial[year] = first

    # --- primitives on ordinals --------------------------------------------

    def _is_workday_ordinal(self, o: int) -> bool:
        if o in self.holidays:
            return False
        if o in self.makeups:
            return True
        return not _is_weekend(o)

    def _rank(self, o: int) -> int:
        """Working days in ordinals [1, o]."""
        if o < self._span_lo:
            return _weekdays_upto(o)
        if o <= self._span_hi:
            return self._rank_before_span + self._span_rank[o - self._span_lo]
        return _weekdays_upto(o) + self._delta_after_span

    def _nth_workday(self, k: int) -> int:
        """The ordinal of the k-th working day (the smallest o with rank(o) == k)."""
        if k <= self._rank_before_span:
            return _nth_weekday(k)
        if k <= self._rank_at_span_end:
            return self._span_days[k - self._rank_before_span - 1]
        return _nth_weekday(k - self._delta_after_span)

    # --- public API --------------------------------------------------------

    def is_official_year(self, year: int) -> bool:
        return year in self.official_years

    def is_provisional(self, start: datetime.date, end: datetime.date) -> bool:
        """Whether any year touched by (start, end] has no official calendar."""
        first = start.year
        if end > start and start.month == 12 and start.day == 31:
            first += 1  # (start, end] begins the next day, in the next year
        return self._first_unofficial_year(first) <= end.year

    def _first_unofficial_year(self, year: int) -> int:
        first = self._first_unofficial.get(year)
        if first is None:
            if year > self._years_hi or year not in self.official_years:
                return year
            first = year
            while first in self.official_years:
                first += 1
        return first

    def is_workday(self, day: datetime.date) -> bool:
        return self._is_workday_ordinal(day.toordinal())

    def day_reason(self, day: datetime.date) -> str:
        """Why a day is not a working day ("" when it is one)."""
        o = day.toordinal()
        if o in self.holiday_names:
            return self.holiday_names[o]
        if o in self.makeups or not _is_weekend(o):
            return ""
        return _(WEEKEND_REASON)

    def add_working_days(self, start: datetime.date, n: int) -> PeriodResult:
        """The n-th working day after ``start`` (start not counted, last day inclusive)."""
        if n < 0:
            raise ValueError(_("工作日数不能为负数。"))
        if n == 0:
            return PeriodResult(self, start, 0, _WORKING_DAYS, start, self.is_provisional(start, start))
        # The hot path (clock due dates): start and due inside the span, two list look-ups.
        index = start.toordinal() - self._span_lo
        if 0 <= index < len(self._span_rank):
            position = self._span_rank[index] + n - 1
            if position < len(self._span_dates):
                due = self._span_dates[position]
            else:
                due = datetime.date.fromordinal(self._nth_workday(self._rank_before_span + position + 1))
        else:
            due = datetime.date.fromordinal(self._nth_workday(self._rank(start.toordinal()) + n))
        first = start.year
        if start.month == 12 and start.day == 31:
            first += 1
        first_unofficial = self._first_unofficial.get(first)
        if first_unofficial is None:
            first_unofficial = self._first_unofficial_year(first)
        return PeriodResult(self, start, n, _WORKING_DAYS, due, first_unofficial <= due.year)

    def working_day_before(self, day: datetime.date, n: int) -> datetime.date:
        """The earliest date from which ``day`` is at most n working days away."""
        return datetime.date.fromordinal(self._nth_workday(max(1, self._rank(day.toordinal()) - n)))

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days in (start, end]; negative when end is before start."""
        return self._rank(end.toordinal()) - self._rank(start.toordinal())

    def add_calendar_days(self, start: datetime.date, n: int, *, roll_forward: bool = True) -> PeriodResult:
        """start + n days; a last day that is not a working day rolls to the next working day (民法典 art. 203)."""
        if n < 0:
            raise ValueError(_("天数不能为负数。"))
        return self._rolled(start, n, PolicyUnit.CALENDAR_DAYS, start + datetime.timedelta(days=n), roll_forward)

    def add_months(self, start: datetime.date, n: int, *, roll_forward: bool = False) -> PeriodResult:
        """The corresponding day n months later, or the month's last day (民法典 art. 202)."""
        if n < 0:
            raise ValueError(_("月数不能为负数。"))
        return self._rolled(start, n, PolicyUnit.MONTHS, shift_months(start, n), roll_forward)

    def add_years(self, start: datetime.date, n: int, *, roll_forward: bool = False) -> PeriodResult:
        if n < 0:
            raise ValueError(_("年数不能为负数。"))
        return self._rolled(start, n, PolicyUnit.YEARS, shift_months(start, 12 * n), roll_forward)

    def add_period(self, start: datetime.date, value: int, unit: str, *, roll_forward: bool | None = None) -> PeriodResult:
        """Add a policy's period. Deadlines in calendar days roll forward off a non-working last day."""
        if unit == PolicyUnit.WORKING_DAYS:
            return self.add_working_days(start, value)
        if unit == PolicyUnit.CALENDAR_DAYS:
            return self.add_calendar_days(start, value, roll_forward=True if roll_forward is None else roll_forward)
        if unit == PolicyUnit.MONTHS:
            return self.add_months(start, value, roll_forward=bool(roll_forward))
        if unit == PolicyUnit.YEARS:
            return self.add_years(start, value, roll_forward=bool(roll_forward))
        raise ValueError(f"unknown period unit {unit!r}")

    def shift(self, day: datetime.date, n: int, unit: str) -> datetime.date:
        """Move a date later by n working days (working-day unit) or n calendar days (any other unit)."""
        if n <= 0:
            return day
        if unit == PolicyUnit.WORKING_DAYS:
            return self.add_working_days(day, n).date
        return day + datetime.timedelta(days=n)

    def revision_label(self, start: datetime.date, end: datetime.date) -> str:
        """E.g. ``2026r1,2027p``: the calendar revision of every year in [start, end]."""
        parts = []
        for year in range(start.year, max(start, end).year + 1):
            info = self.years.get(year)
            if info is not None and info.status == CalendarYearStatus.OFFICIAL:
                parts.append(f"{year}r{info.revision}")
            else:
                parts.append(f"{year}p")
        return ",".join(parts)

    def explain_span(self, start, end, unit, rolled_from=None):
        """(counted, skipped, makeup_days) for a result; derived from the calendar rows."""
        counted, skipped, makeups = [], [], []
        if unit == PolicyUnit.WORKING_DAYS:
            first, last = start.toordinal() + 1, end.toordinal()
        elif rolled_from is not None:
            first, last = rolled_from.toordinal(), end.toordinal()
        else:
            return counted, skipped, makeups
        weekend = _(WEEKEND_REASON)
        for o in range(first, last + 1):
            day = datetime.date.fromordinal(o)
            if self._is_workday_ordinal(o):
                if unit == PolicyUnit.WORKING_DAYS or o == last:
                    counted.append(day)
                if o in self.makeups:
                    makeups.append(day)
            else:
                skipped.append((day, self.holiday_names.get(o, weekend)))
        return counted, skipped, makeups

    def _rolled(self, start, n, unit, target, roll_forward) -> PeriodResult:
        rolled_from = None
        if roll_forward and not self.is_workday(target):
            rolled_from = target
            target = self.add_working_days(target, 1).date
        return PeriodResult(self, start, n, unit, target, self.is_provisional(start, target), rolled_from)


def shift_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, std_calendar.monthrange(year, month)[1]))


# --- the per-process cache ---------------------------------------------------

_lock = threading.Lock()
_cached: Calendar | None = None


def calendar_signature() -> tuple:
    """One cheap query that changes whenever any year or its exceptions change."""
    from .models import CalendarYear

    data = CalendarYear.objects.aggregate(revisions=Sum("revision"), count=Count("id"), updated=Max("updated_at"))
    return (data["revisions"] or 0, data["count"], data["updated"])


def build_calendar(signature=None) -> Calendar:
    from .models import CalendarException, CalendarYear

    years = [YearInfo(*row) for row in CalendarYear.objects.values_list("year", "status", "revision", "source_notice")]
    exceptions = list(CalendarException.objects.values_list("date", "kind", "name"))
    return Calendar(years, exceptions, signature=signature)


def get_calendar() -> Calendar:
    """The cached snapshot, rebuilt when the signature changes (one query when cached)."""
    global _cached
    signature = calendar_signature()
    cached = _cached
    if cached is not None and cached.signature == signature:
        return cached
    with _lock:
        if _cached is None or _cached.signature != signature:
            _cached = build_calendar(signature)
        return _cached


def clear_calendar_cache() -> None:
    global _cached
    _cached = None


def is_workday(day: datetime.date) -> bool:
    return get_calendar().is_workday(day)


def add_working_days(start: datetime.date, n: int) -> PeriodResult:
    return get_calendar().add_working_days(start, n)


def add_calendar_days(start: datetime.date, n: int, *, roll_forward: bool = True) -> PeriodResult:
    return get_calendar().add_calendar_days(start, n, roll_forward=roll_forward)


def add_months(start: datetime.date, n: int, *, roll_forward: bool = False) -> PeriodResult:
    return get_calendar().add_months(start, n, roll_forward=roll_forward)


def add_period(start: datetime.date, value: int, unit: str, *, roll_forward: bool | None = None) -> PeriodResult:
    return get_calendar().add_period(start, value, unit, roll_forward=roll_forward)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    return get_calendar().working_days_between(start, end)
