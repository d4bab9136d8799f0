"""Decimal helpers: parsing numbers as officials write them, and Excel-style rounding.

Scores are :class:`decimal.Decimal`. Sums and products of the rulebook's numbers are exact; a division
(the mean of three items, a ratio of counts) is carried to 40 significant digits, far below a cent.
Rounding happens only to present or compare, and it is half-up like Excel's ``ROUND``, not Python's
banker's rounding.

>>> round_half_up(Decimal("2.675"))
Decimal('2.68')
>>> parse_decimal("3,62")
Decimal('3.62')
"""

from __future__ import annotations

import decimal
from decimal import ROUND_HALF_UP, Decimal

__all__ = ["CONTEXT", "Decimal", "parse_decimal", "round_half_up"]

#: The arithmetic context of every score: 40 significant digits, so that a division is exact far below a cent.
CONTEXT = decimal.Context(prec=40, rounding=decimal.ROUND_HALF_EVEN, traps=[decimal.InvalidOperation])

_CENT = Decimal("0.01")


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """Round ``value`` half-up (away from zero on a tie) to ``places`` decimals, as Excel's ``ROUND`` does.

    >>> round_half_up(Decimal("74.995"))
    Decimal('75.00')
    >>> round_half_up(Decimal("0.125"), 2)
    Decimal('0.13')
    """
    quantum = _CENT if places == 2 else Decimal(1).scaleb(-places)
    return value.quantize(quantum, rounding=ROUND_HALF_UP, context=CONTEXT)


def parse_decimal(value: object) -> Decimal:
    """Read a number from an int, a float (by its shortest repr), a Decimal, or a string.

    Strings may use a decimal comma as Indonesian spreadsheets do (``"3,62"``) and may carry surrounding
    spaces. Booleans, NaN, infinities and anything else raise :class:`ValueError`.

    >>> parse_decimal(3.62), parse_decimal(" 15,75 "), parse_decimal(4)
    (Decimal('3.62'), Decimal('15.75'), Decimal('4'))
    """
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got {value!r}")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip()
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        try:
            result = Decimal(text)
        except decimal.InvalidOperation:
            raise ValueError(f"expected a number, got {value!r}") from None
    else:
        raise ValueError(f"expected a number, got {value!r}")
    if not result.is_finite():
        raise ValueError(f"expected a finite number, got {value!r}")
    return result
