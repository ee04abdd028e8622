"""Evaluation periods: a year (``2025``) or a quarter (``2025Q3``)."""
import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from integrity_portal.periods import period_label  # re-exported: the evaluation code names it from here

_PERIOD = re.compile(r"^(\d{4})(?:Q([1-4]))?$")


@dataclass(frozen=True)
class PeriodSpan:
    code: str
    year: int
    quarter: int | None
    start: datetime.date
    end: datetime.date

    @property
    def label(self) -> str:
        return period_label(self.year, self.quarter)


def parse_period(code: str) -> PeriodSpan:
    """``2025`` → the calendar year; ``2025Q3`` → 1 July – 30 September 2025."""
    text = (code or "").strip().upper()
    match = _PERIOD.match(text)
    if not match or not 2000 <= int(match.group(1)) <= 2100:
        raise ValidationError({"period": [_("考核期间格式应为年度（如 2025）或季度（如 2025Q3）：%(code)s") % {"code": code}]})
    year = int(match.group(1))
    if match.group(2) is None:
        return PeriodSpan(text, year, None, datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    quarter = int(match.group(2))
    start = datetime.date(year, 3 * quarter - 2, 1)
    end = (datetime.date(year + 1, 1, 1) if quarter == 4 else datetime.date(year, 3 * quarter + 1, 1)) \
        - datetime.timedelta(days=1)
    return PeriodSpan(text, year, quarter, start, end)


def previous_period(span: PeriodSpan) -> PeriodSpan:
    if span.quarter is None:
        return parse_period(str(span.year - 1))
    if span.quarter == 1:
        return parse_period(f"{span.year - 1}Q4")
    return parse_period(f"{span.year}Q{span.quarter - 1}")


def last_finished_periods(today: datetime.date) -> list[PeriodSpan]:
    """What the scheduled job scores: the quarter that ended last, and the year when a year just ended."""
    quarter = (today.month - 1) // 3 + 1
    current = parse_period(f"{today.year}Q{quarter}")
    spans = [previous_period(current)]
    if quarter == 1:
        spans.append(parse_period(str(today.year - 1)))
    return spans
