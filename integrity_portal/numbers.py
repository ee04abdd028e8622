"""Numbers as a clerk writes them on a page (exports keep the stored values)."""
from decimal import Decimal, InvalidOperation


def plain_number(value) -> str:
    """``Decimal("5.000000")`` → ``5``, ``Decimal("12.3500")`` → ``12.35``, ``"1.7E+2"`` → ``170``.

    Every significant digit is kept (nothing is rounded away); no exponent, no thousands separator.
    ``None`` and ``""`` give ``""``; a value that is no number is shown as it is.
    """
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return str(value)
    if not number.is_finite():
        return str(value)
    if number.is_zero():
        return "0"  # not "0E-6" nor "-0"
    return f"{number.normalize():f}"
