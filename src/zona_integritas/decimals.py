"""Decimal helpers: parsing numbers as officials write them, bounded; Excel-style rounding; the library's context.

Scores are :class:`decimal.Decimal`. Sums and products of the rulebook's numbers are exact; a division
(the mean of three items, a ratio of counts) is carried to 40 significant digits, far below a cent.
Rounding happens only to present or compare, and it is half-up like Excel's ``ROUND``, not Python's
banker's rounding. Every computation runs in :data:`CONTEXT`, whatever context the caller has set
(:func:`in_library_context`).

Numbers from files are untrusted: :func:`parse_decimal` refuses a number whose magnitude or length no
official form can hold (``"1e999999999"`` would otherwise pin a CPU when turned into an integer), and
:func:`parse_count` refuses a count above :data:`MAX_COUNT` before any conversion.

>>> round_half_up(Decimal("2.675"))
Decimal('2.68')
>>> parse_decimal("3,62")
Decimal('3.62')
>>> parse_count("1e999999999", where="cell K9")
Traceback (most recent call last):
...
ValueError: expected a whole number from 0 to 1,000,000,000, got '1e999999999' (cell K9)
"""

from __future__ import annotations

import contextvars
import decimal
import functools
import inspect
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import ParamSpec, TypeVar

from .inputs import echo as _echo

__all__ = [
    "CONTEXT",
    "MAX_COUNT",
    "MAX_EXPONENT",
    "MAX_NUMBER_LENGTH",
    "Decimal",
    "in_library_context",
    "library_context",
    "parse_count",
    "parse_decimal",
    "round_half_up",
]

#: The arithmetic context of every score: 40 significant digits, so that a division is exact far below a cent.
CONTEXT = decimal.Context(prec=40, rounding=decimal.ROUND_HALF_EVEN, traps=[decimal.InvalidOperation])

#: The largest count (respondents, employees, documents…) the library accepts. The regulation sets no
#: ceiling; a billion is far above any unit's figures and keeps every computation small. Override it per
#: call with ``parse_count(..., ceiling=...)``.
MAX_COUNT = 10**9
#: The largest power of ten a number may carry (``1e18`` is accepted, ``1e19`` is not): no figure of the
#: LKE, a survey or a payload comes near it.
MAX_EXPONENT = 18
#: A number written with more characters than this is refused before it is parsed.
MAX_NUMBER_LENGTH = 64

_CENT = Decimal("0.01")
# ASCII digits only: Decimal() would also take fullwidth and other Unicode digits and underscores.
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,4})?", re.ASCII)

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")


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


#: True inside a computation already switched to CONTEXT (nested library calls then switch nothing).
_INSIDE: contextvars.ContextVar[bool] = contextvars.ContextVar("zona_integritas_in_context", default=False)


def _wrapped(function: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if _INSIDE.get():
            return function(*args, **kwargs)
        token = _INSIDE.set(True)
        try:
            with decimal.localcontext(CONTEXT):
                return function(*args, **kwargs)
        finally:
            _INSIDE.reset(token)

    return wrapper


def in_library_context(target: T) -> T:
    """Make a function, or every public method and property of a class, compute in :data:`CONTEXT`.

    Results then never depend on the caller's decimal context (a caller's ``prec=2`` would otherwise
    turn 87.76 into 87.63).

    >>> @in_library_context
    ... def third() -> Decimal:
    ...     return Decimal(1) / Decimal(3)
    >>> with decimal.localcontext(prec=2):
    ...     third() == CONTEXT.divide(Decimal(1), Decimal(3))
    True
    """
    if not isinstance(target, type):
        return _wrapped(target)  # type: ignore[arg-type, return-value]
    for name, value in list(vars(target).items()):
        if name.startswith("_"):
            continue
        if isinstance(value, property):
            setattr(
                target,
                name,
                property(
                    _wrapped(value.fget) if value.fget else None,
                    value.fset,
                    value.fdel,
                    value.__doc__,
                ),
            )
        elif isinstance(value, functools.cached_property):
            wrapped = functools.cached_property(_wrapped(value.func))
            wrapped.__set_name__(target, name)
            setattr(target, name, wrapped)
        elif isinstance(value, staticmethod):
            setattr(target, name, staticmethod(_wrapped(value.__func__)))
        elif isinstance(value, classmethod):
            setattr(target, name, classmethod(_wrapped(value.__func__)))
        elif inspect.isfunction(value):
            setattr(target, name, _wrapped(value))
    return target


#: Digits of the 40-digit context given up before rounding for display: a score is a sum of at most a few
#: hundred 40-digit quotients, so its accumulated error stays far below 10**-(40 - GUARD_DIGITS).
GUARD_DIGITS = 8


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


def _bounded(result: Decimal, value: object) -> Decimal:
    if not result.is_finite():
        raise ValueError(f"expected a finite number, got {_echo(value)}")
    if result.is_zero():
        exponent = result.as_tuple().exponent
        # no "-0" (it would show as -0.00) and no zero carrying a huge exponent
        return result.copy_abs() if isinstance(exponent, int) and abs(exponent) <= MAX_EXPONENT else Decimal(0)
    if abs(result.adjusted()) > MAX_EXPONENT or len(result.as_tuple().digits) > MAX_NUMBER_LENGTH:
        raise ValueError(f"expected a number of sensible size (below 1e{MAX_EXPONENT + 1}), got {_echo(value)}")
    return result


def parse_decimal(value: object) -> Decimal:
    """Read a number from an int, a float (by its shortest repr), a Decimal, or a string.

    Strings use ASCII digits, may use a decimal comma as Indonesian spreadsheets do (``"3,62"``) and may
    carry surrounding spaces. Booleans, NaN, infinities, Unicode or fullwidth digits, ``9_9_9``, and
    numbers beyond :data:`MAX_EXPONENT` or longer than :data:`MAX_NUMBER_LENGTH` characters raise
    :class:`ValueError` (checked before any costly conversion). A negative zero reads as zero.

    >>> parse_decimal(3.62), parse_decimal(" 15,75 "), parse_decimal(4), parse_decimal("-0")
    (Decimal('3.62'), Decimal('15.75'), Decimal('4'), Decimal('0'))
    >>> parse_decimal("９")
    Traceback (most recent call last):
    ...
    ValueError: expected a number, got '９'
    """
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got {_echo(value)}")
    if isinstance(value, Decimal):
        return _bounded(value, value)
    if isinstance(value, int):
        if value.bit_length() > 64:
            raise ValueError(f"expected a number of sensible size (below 1e{MAX_EXPONENT + 1}), got {_echo(value)}")
        return _bounded(Decimal(value), value)
    if isinstance(value, float):
        return _bounded(Decimal(repr(value)), value)
    if isinstance(value, str):
        text = value.strip()
        if len(text) > MAX_NUMBER_LENGTH:
            raise ValueError(f"expected a number of at most {MAX_NUMBER_LENGTH} characters, got {_echo(value)}")
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        if not _NUMBER.fullmatch(text):
            raise ValueError(f"expected a number, got {_echo(value)}")
        return _bounded(Decimal(text), value)
    raise ValueError(f"expected a number, got {_echo(value)}")


def parse_count(value: object, *, where: str = "", ceiling: int = MAX_COUNT) -> int:
    """A non-negative whole number up to ``ceiling`` (:data:`MAX_COUNT` by default), or :class:`ValueError`.

    Accepts what :func:`parse_decimal` accepts when it is whole (``"12"``, ``12.0``, ``"1,2e1"``); the
    magnitude is checked before the conversion to :class:`int`, so no input can make it slow.

    >>> parse_count("12"), parse_count(12.0), parse_count(Decimal("1.2E+1"))
    (12, 12, 12)
    >>> parse_count(-1, where="$.answers[3]")
    Traceback (most recent call last):
    ...
    ValueError: expected a whole number from 0 to 1,000,000,000, got -1 ($.answers[3])
    """
    suffix = f" ({where})" if where else ""
    problem = ValueError(f"expected a whole number from 0 to {ceiling:,}, got {_echo(value)}{suffix}")
    if isinstance(value, bool):
        raise problem
    if isinstance(value, int):
        if not 0 <= value <= ceiling:
            raise problem
        return value
    try:
        number = parse_decimal(value)
    except ValueError:
        raise problem from None
    # parse_decimal bounded the exponent, so these comparisons and int() are cheap
    if number < 0 or number > ceiling or number != number.to_integral_value(context=CONTEXT):
        raise problem
    return int(number)
