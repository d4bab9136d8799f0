"""The message-free core of numbers and cell values: blank cells, NumPy and pandas scalars, bounded decimal
reading and Excel's half-up rounding.

It sits under :mod:`zona_integritas.i18n` (which formats numbers with it) and under
:mod:`zona_integritas.decimals` (which adds the messages people read); it imports nothing of the package, and
never NumPy or pandas: a value can only be a NumPy or pandas scalar when that library is already imported, so
the checks look for it in :data:`sys.modules` instead of importing it.

>>> is_blank(None), is_blank(float("nan")), is_blank(0), is_blank("")
(True, True, False, False)
>>> read_decimal("3,62"), read_decimal(4), read_decimal("tiga")
(Decimal('3.62'), Decimal('4'), 'not-a-number')
"""

from __future__ import annotations

import decimal
import math
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import Final, Literal

__all__ = [
    "CONTEXT",
    "GUARD_DIGITS",
    "MAX_EXPONENT",
    "MAX_NUMBER_LENGTH",
    "NumberProblem",
    "is_blank",
    "library_context",
    "native",
    "read_decimal",
    "round_half_up",
]

#: The arithmetic context of every score: 40 significant digits, so that a division is exact far below a cent.
CONTEXT = decimal.Context(prec=40, rounding=decimal.ROUND_HALF_EVEN, traps=[decimal.InvalidOperation])
#: The largest power of ten a number may carry (``1e18`` is accepted, ``1e19`` is not): no figure of the
#: LKE, a survey or a payload comes near it.
MAX_EXPONENT: Final = 18
#: A number written with more characters than this is refused before it is parsed.
MAX_NUMBER_LENGTH: Final = 64
#: Digits of the 40-digit context given up before rounding for display: a score is a sum of at most a few
#: hundred 40-digit quotients, so its accumulated error stays far below 10**-(40 - GUARD_DIGITS).
GUARD_DIGITS: Final = 8

#: Why a value is not a number: not one at all, NaN or infinite, too large, or written too long.
NumberProblem = Literal["not-a-number", "not-finite", "too-large", "too-long"]

_CENT = Decimal("0.01")
# ASCII digits only: Decimal() would also take fullwidth and other Unicode digits and underscores.
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,4})?", re.ASCII)


# -- NumPy and pandas scalars -------------------------------------------------------------------------------------
def _numpy_generic() -> type | None:
    numpy = sys.modules.get("numpy")
    generic = getattr(numpy, "generic", None)
    return generic if isinstance(generic, type) else None


def is_blank(value: object) -> bool:
    """Whether ``value`` is an empty cell: ``None``, a float or Decimal NaN, NumPy's ``nan`` or ``NaT``, pandas'
    ``NA`` or ``NaT``. An empty string is text, not blank (readers of tables decide about it).

    >>> import decimal
    >>> is_blank(decimal.Decimal("NaN")), is_blank(float("inf")), is_blank(False)
    (True, False, False)
    """
    if value is None:
        return True
    if isinstance(value, float):  # NumPy's float64 is a float
        return math.isnan(value)
    if isinstance(value, Decimal):
        return value.is_nan()
    if isinstance(value, str | int):
        return False
    pandas = sys.modules.get("pandas")
    if pandas is not None and (value is getattr(pandas, "NA", None) or value is getattr(pandas, "NaT", None)):
        return True
    generic = _numpy_generic()
    if generic is not None and isinstance(value, generic):
        kind = getattr(getattr(value, "dtype", None), "kind", "")
        if kind in ("f", "c"):
            return bool(value != value)  # NaN is the only value unequal to itself  # noqa: PLR0124
        if kind in ("M", "m"):
            return str(value) == "NaT"
    return False


def native(value: object) -> object:
    """``value`` as the plain Python value it stands for: a NumPy bool, integer or float scalar becomes a
    :class:`bool`, :class:`int` or :class:`float` (a float by its shortest decimal in its own precision, so
    ``float32(3.62)`` is ``3.62``, not ``3.619999885559082``), a NumPy date a :class:`datetime.date` or
    :class:`datetime.datetime`, a NumPy string a :class:`str`. Anything else comes back as it is.

    >>> native(True), native("Ya"), native(3.5)
    (True, 'Ya', 3.5)
    """
    if value is None or type(value) in (str, int, float, bool, Decimal):
        return value
    generic = _numpy_generic()
    if generic is None or not isinstance(value, generic):
        return value
    kind = getattr(getattr(value, "dtype", None), "kind", "")
    if kind == "f":
        return float(str(value))  # numpy's str() is the shortest repr in the scalar's own precision
    if kind == "M":  # a datetime64 of any unit, as a datetime (the unit may be finer than .item() can return)
        return value.astype("datetime64[us]").item()  # type: ignore[attr-defined]
    if kind in ("b", "i", "u", "U", "S"):
        return value.item()  # type: ignore[attr-defined]
    return value


# -- reading a number -----------------------------------------------------------------------------------------
def _bounded(result: Decimal) -> Decimal | NumberProblem:
    if not result.is_finite():
        return "not-finite"
    if result.is_zero():
        exponent = result.as_tuple().exponent
        # no "-0" (it would show as -0.00) and no zero carrying a huge exponent
        return result.copy_abs() if isinstance(exponent, int) and abs(exponent) <= MAX_EXPONENT else Decimal(0)
    if abs(result.adjusted()) > MAX_EXPONENT or len(result.as_tuple().digits) > MAX_NUMBER_LENGTH:
        return "too-large"
    return result


def read_decimal(value: object) -> Decimal | NumberProblem:
    """``value`` as a bounded :class:`~decimal.Decimal`, or why it is not one (a :data:`NumberProblem`).

    Takes an int, a float (by its shortest repr), a Decimal, a NumPy number, or a string of ASCII digits that
    may use a decimal comma (``"3,62"``) and surrounding spaces. Booleans, NaN, infinities, Unicode digits,
    ``9_9_9`` and numbers beyond :data:`MAX_EXPONENT` or longer than :data:`MAX_NUMBER_LENGTH` characters are
    refused before any costly conversion.

    >>> read_decimal(" 15,75 "), read_decimal("1e99"), read_decimal(float("inf")), read_decimal(True)
    (Decimal('15.75'), 'too-large', 'not-finite', 'not-a-number')
    """
    value = native(value)
    if isinstance(value, bool):
        return "not-a-number"
    if isinstance(value, Decimal):
        return _bounded(value)
    if isinstance(value, int):
        if value.bit_length() > 64:
            return "too-large"
        return _bounded(Decimal(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            return "not-finite"
        return _bounded(Decimal(repr(float(value))))
    if isinstance(value, str):
        text = value.strip()
        if len(text) > MAX_NUMBER_LENGTH:
            return "too-long"
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        if not _NUMBER.fullmatch(text):
            return "not-a-number"
        return _bounded(Decimal(text))
    return "not-a-number"


@contextmanager
def library_context() -> Iterator[decimal.Context]:
    """Run a block in the library's :data:`CONTEXT`, whatever the caller's decimal context is.

    >>> import decimal
    >>> with decimal.localcontext(prec=2):
    ...     with library_context():
    ...         Decimal(1) / Decimal(3)
    Decimal('0.3333333333333333333333333333333333333333')
    """
    with decimal.localcontext(CONTEXT) as ctx:
        yield ctx


# -- rounding -------------------------------------------------------------------------------------------------
def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """Round ``value`` half-up (away from zero on a tie) to ``places`` decimals, as Excel's ``ROUND`` does.

    >>> round_half_up(Decimal("74.995"))
    Decimal('75.00')
    >>> round_half_up(Decimal("0.125"), 2)
    Decimal('0.13')

    A sum of 40-digit quotients that is exactly a tie (1/12 + 1/3 + 5/24 = 0.625) arrives as
    ``0.6249…9``: the value is first rounded to :data:`GUARD_DIGITS` fewer significant digits than the
    context carries, which absorbs that last-digit error, so it rounds up as the exact value and Excel do.

    >>> third, twelfth, five_24ths = (CONTEXT.divide(Decimal(n), Decimal(d)) for n, d in ((1, 3), (1, 12), (5, 24)))
    >>> total = CONTEXT.add(CONTEXT.add(third, twelfth), five_24ths)
    >>> total < Decimal("0.625"), round_half_up(total)
    (True, Decimal('0.63'))
    """
    quantum = _CENT if places == 2 else Decimal(1).scaleb(-places)
    guard = CONTEXT.prec - GUARD_DIGITS - max(value.adjusted(), 0) - 1
    if value.is_finite() and guard > places:
        value = value.quantize(Decimal(1).scaleb(-guard), rounding=ROUND_HALF_EVEN, context=CONTEXT)
    return value.quantize(quantum, rounding=ROUND_HALF_UP, context=CONTEXT)
