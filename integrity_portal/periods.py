"""Labels of periods, shared by every app: a year (``2026``), a quarter (``2026Q4``), a month (``2026-07``), in the
active language (2026年 / 2026年第4季度 / 2026年7月; 2026 / Q4 2026 / July 2026)."""
import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _


def period_label(year: int, quarter: int | None) -> str:
    """2025年 / 2025年第3季度, in the active language (2025 / Q3 2025)."""
    if quarter is None:
        return _("%(year)s年") % {"year": year}
    return _("%(year)s年第%(quarter)s季度") % {"year": year, "quarter": quarter}


def month_label(year: int, month: int) -> str:
    """2026年7月 / July 2026: the active language's year-and-month format."""
    return date_format(datetime.date(year, month, 1), "YEAR_MONTH_FORMAT")


def period_code_label(code: str) -> str:
    """``2026`` → 2026年, ``2026Q4`` → 2026年第4季度, ``2026-07`` → 2026年7月; a code of no known shape reads as
    itself."""
    text = (code or "").strip().upper()
    try:
        if len(text) == 4:
            return period_label(int(text), None)
        if len(text) == 6 and text[4] == "Q" and text[5] in "1234":
            return period_label(int(text[:4]), int(text[5]))
        if len(text) == 7 and text[4] == "-":
            return month_label(int(text[:4]), int(text[5:]))
    except ValueError:
        pass
    return code
