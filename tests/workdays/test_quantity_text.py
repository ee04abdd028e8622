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


# One and two of each unit in English: every unit of the policy table's choices is here (the test below says so).
ENGLISH_ONE_AND_TWO = {
    PolicyUnit.WORKING_DAYS: ("1 working day", "2 working days"),
    PolicyUnit.CALENDAR_DAYS: ("1 calendar day", "2 calendar days"),
    PolicyUnit.MONTHS: ("1 month", "2 months"),
    PolicyUnit.YEARS: ("1 year", "2 years"),
    PolicyUnit.PERCENT: ("1%", "2%"),
    PolicyUnit.MULTIPLE: ("1×", "2×"),
    PolicyUnit.YUAN: ("1 yuan", "2 yuan"),
}


def test_every_unit_has_its_words():
    """A unit of Policy.unit's choices without a branch of its own in quantity_text printed yuan: each unit's
    words differ from every other unit's, and a unit quantity_text does not know is an error, not yuan."""
    assert set(Policy._meta.get_field("unit").choices) == set(PolicyUnit.choices)
    with translation.override("zh-hans"):
        for value in (1, 2):
            texts = {unit: quantity_text(value, unit) for unit in PolicyUnit.values}
            assert all(text.startswith(str(value)) for text in texts.values()), texts
            assert len(set(texts.values())) == len(PolicyUnit.values), texts
    with pytest.raises(ValueError, match="fortnights"):
        quantity_text(2, "fortnights")


@pytest.mark.requires("msgfmt")
def test_every_unit_reads_in_the_english_singular_and_plural():
    assert set(ENGLISH_ONE_AND_TWO) == set(PolicyUnit.values)
    with translation.override("en"):
        for unit, (one, two) in ENGLISH_ONE_AND_TWO.items():
            assert (quantity_text(1, unit), quantity_text(2, unit)) == (one, two), unit
