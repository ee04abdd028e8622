"""integrity_portal.numbers: the one way a page or a printed report writes a stored number."""
from decimal import Decimal

import pytest

from integrity_portal.numbers import plain_number


@pytest.mark.parametrize("value, shown", [
    (Decimal("5.000000"), "5"),        # a 双公示 fine, stored with six decimals
    ("0.012300", "0.0123"),            # every significant digit kept, nothing rounded away
    (Decimal("94.60"), "94.6"),
    (Decimal("1.0000"), "1"),          # an indicator value, stored with four decimals
    ("1.7E+2", "170"),                 # Decimal.normalize() alone gives an exponent
    (Decimal("1E+2"), "100"),
    (120, "120"),
    (Decimal("18600.00"), "18600"),    # no thousands separator
    (Decimal("0E-6"), "0"),
    (Decimal("-0.00"), "0"),
    (Decimal("0.0000"), "0"),
    (" 5.50 ", "5.5"),
    (None, ""),
    ("", ""),
    ("不详", "不详"),                   # not a number: shown as it is
    ("NaN", "NaN"),
])
def test_numbers_read_without_padding_zeros_or_exponents(value, shown):
    assert plain_number(value) == shown
