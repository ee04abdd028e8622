"""``workdays_left``: the working days left on a clock as a clerk reads them, in Chinese and in English."""
import datetime

import pytest
from django.utils import timezone, translation

from workdays.templatetags.workdays_labels import workdays_left

TODAY = datetime.date(2026, 10, 22)  # a Thursday
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


@pytest.mark.parametrize("days, due, zh, en", [
    (3, TODAY + 3 * DAY, "3", "3"),
    (0, TODAY, "今日到期", "Due today"),
    (0, TODAY - DAY, "已逾期", "Overdue"),                           # late since today, no working day yet
    (-1, TODAY - DAY, "已逾期 1 个工作日", "Overdue by 1 working day"),
    (-4, TODAY - 6 * DAY, "已逾期 4 个工作日", "Overdue by 4 working days"),
    (-4, None, "已逾期 4 个工作日", "Overdue by 4 working days"),   # no due date given: the sign decides
    (None, "", "—", "—"),                                            # a closed objection, or none with no clock
])
def test_it_reads_overdue_days_as_words(days, due, zh, en):
    with translation.override("zh-hans"):
        assert workdays_left(days, due) == zh
    with translation.override("en"):
        assert workdays_left(days, due) == en
