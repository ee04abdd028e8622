"""A policy's value with its unit reads as the language writes it: English pages said "3 Working day" (the unit's
label after the number, never in the plural), and Chinese "6 月" (June) for six months. Fails before the change."""
import pytest
from django.utils import translation

from workdays.choices import PolicyUnit
from workdays.models import Policy, quantity_text


@pytest.mark.parametrize("value, unit, chinese, english", [
    (10, PolicyUnit.WORKING_DAYS, "10 工作日", "10 working days"),
    (1, PolicyUnit.WORKING_DAYS, "1 工作日", "1 working day"),
    (15, PolicyUnit.CALENDAR_DAYS, "15 自然日", "15 calendar days"),
    (6, PolicyUnit.MONTHS, "6 个月", "6 months"),
    (1, PolicyUnit.YEARS, "1 年", "1 year"),
    (3, PolicyUnit.YEARS, "3 年", "3 years"),
    (80, PolicyUnit.PERCENT, "80%", "80%"),
    (2, PolicyUnit.MULTIPLE, "2 倍", "2×"),
    (500, PolicyUnit.YUAN, "500 元", "500 yuan"),
])
@pytest.mark.requires("msgfmt")
def test_a_quantity_reads_as_each_language_writes_it(value, unit, chinese, english):
    with translation.override("zh-hans"):
        assert quantity_text(value, unit) == chinese
    with translation.override("en"):
        assert quantity_text(value, unit) == english
        assert str(Policy(name="Answer period", version=2, value=value, unit=unit)) == f"Answer period v2: {english}"


def test_every_unit_has_its_words():
    for unit in PolicyUnit.values:
        assert quantity_text(7, unit).startswith("7"), unit
