"""Decimal helpers: parsing numbers as officials write them, bounded; Excel-style rounding; the library's context.

Scores are :class:`decimal.Decimal`. Sums and products of the rulebook's numbers are exact; a division
(the mean of three items, a ratio of counts) is carried to 40 significant digits, far below a cent.
Rounding happens only to present or compare, and it is half-up like Excel's ``ROUND``, not Python's
banker's rounding. Every computation runs in :data:`CONTEXT`, whatever context the caller has set
(:func:`in_library_context`).

Numbers from files are untrusted: :func:`parse_decimal` refuses a number whose magnitude or length no
official form can hold (``"1e999999999"`` would otherwise pin a CPU when turned into an integer), and
:func:`parse_count` refuses a count above :data:`MAX_COUNT` before any conversion. Values from NumPy and
pandas are ordinary values: ``numpy.float64(3.62)`` reads as 3.62 and ``numpy.int64(9)`` as the count 9.
A value that is refused raises :class:`~zona_integritas.errors.InvalidValueError` (a :class:`ValueError`)
naming it and where it came from, with a ``code`` a program can act on.

>>> round_half_up(Decimal("2.675"))
Decimal('2.68')
>>> parse_decimal("3,62")
Decimal('3.62')
>>> parse_count("1e999999999", where="cell K9")
Traceback (most recent call last):
...
zona_integritas.errors.InvalidValueError: expected a whole number from 0 to 1,000,000,000, got '1e999999999' (cell K9)
"""

from __future__ import annotations

import contextvars
import decimal
import functools
import inspect
from collections.abc import Callable
from decimal import Decimal
from typing import ParamSpec, TypeVar

from ._numbers import (
    CONTEXT,
    GUARD_DIGITS,
    MAX_EXPONENT,
    MAX_NUMBER_LENGTH,
    library_context,
    native,
    read_decimal,
    round_half_up,
)
from .errors import InvalidValueError
from .i18n import format_integer, format_number
from .i18n import gettext as _
from .inputs import echo as _echo
from .inputs import located as _located

__all__ = [
    "CONTEXT",
    "GUARD_DIGITS",
    "MAX_COUNT",
    "MAX_EXPONENT",
    "MAX_NUMBER_LENGTH",
    "Decimal",
    "in_library_context",
    "library_context",
    "parse_count",
    "parse_decimal",
    "round_half_up",
    "shown_number",
]

#: The largest count (respondents, employees, documents…) the library accepts. The regulation sets no
#: ceiling; a billion is far above any unit's figures and keeps every computation small. Override it per
#: call with ``parse_count(..., ceiling=...)``.
MAX_COUNT = 10**9

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")


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


def parse_decimal(value: object, *, where: str = "") -> Decimal:
    """Read a number from an int, a float (by its shortest repr), a Decimal, a NumPy number, or a string.

    Strings use ASCII digits, may use a decimal comma as Indonesian spreadsheets do (``"3,62"``) and may
    carry surrounding spaces. A NumPy float is read by its shortest decimal in its own precision
    (``float32(3.62)`` is 3.62). Booleans, NaN, infinities, Unicode or fullwidth digits, ``9_9_9``, and numbers
    beyond :data:`MAX_EXPONENT` or longer than :data:`MAX_NUMBER_LENGTH` characters raise
    :class:`~zona_integritas.errors.InvalidValueError` (checked before any costly conversion), whose ``code`` is
    ``not-a-number``, ``not-finite``, ``number-too-large`` or ``number-too-long``; ``where`` (a cell, a
    field) is named in the message. A negative zero reads as zero.

    >>> parse_decimal(3.62), parse_decimal(" 15,75 "), parse_decimal(4), parse_decimal("-0")
    (Decimal('3.62'), Decimal('15.75'), Decimal('4'), Decimal('0'))
    >>> parse_decimal("９", where="cell H12")
    Traceback (most recent call last):
    ...
    zona_integritas.errors.InvalidValueError: expected a number, got '９' (cell H12)
    """
    found = read_decimal(value)
    if isinstance(found, Decimal):
        return found
    shown = _echo(native(value))
    if found == "not-finite":
        message, code = _("expected a finite number, got {value}").format(value=shown), "not-finite"
    elif found == "too-large":
        message = _("expected a number of sensible size (below 1e{limit}), got {value}").format(
            limit=MAX_EXPONENT + 1, value=shown
        )
        code = "number-too-large"
    elif found == "too-long":
        message = _("expected a number of at most {limit} characters, got {value}").format(
            limit=MAX_NUMBER_LENGTH, value=shown
        )
        code = "number-too-long"
    else:
        message, code = _("expected a number, got {value}").format(value=shown), "not-a-number"
    raise InvalidValueError(_located(message, where), code=code)


def parse_count(value: object, *, where: str = "", ceiling: int = MAX_COUNT) -> int:
    """A non-negative whole number up to ``ceiling`` (:data:`MAX_COUNT` by default), or
    :class:`~zona_integritas.errors.InvalidValueError` naming the value and ``where`` it came from.

    Accepts what :func:`parse_decimal` accepts when it is whole (``"12"``, ``12.0``, ``"1,2e1"``,
    ``numpy.int64(12)``); the magnitude is checked before the conversion to :class:`int`, so no input can make
    it slow. The error's ``code`` is ``negative-count``, ``count-too-large`` or ``not-a-count``.

    >>> parse_count("12"), parse_count(12.0), parse_count(Decimal("1.2E+1"))
    (12, 12, 12)
    >>> parse_count(-1, where="$.answers[3]")
    Traceback (most recent call last):
    ...
    zona_integritas.errors.InvalidValueError: expected a whole number from 0 to 1,000,000,000, got -1 ($.answers[3])
    """
    plain = native(value)
    if isinstance(plain, int) and not isinstance(plain, bool):
        if 0 <= plain <= ceiling:
            return plain
        number: Decimal | str = Decimal(-1) if plain < 0 else Decimal(ceiling + 1)
    else:
        number = "not-a-number" if isinstance(plain, bool) else read_decimal(plain)
    if isinstance(number, Decimal):
        # read_decimal bounded the exponent, so these comparisons and int() are cheap
        if 0 <= number <= ceiling and number == number.to_integral_value(context=CONTEXT):
            return int(number)
        code = "negative-count" if number < 0 else "count-too-large" if number > ceiling else "not-a-count"
    else:
        code = "not-a-count"
    message = _("expected a whole number from 0 to {ceiling}, got {value}").format(
        ceiling=format_integer(ceiling), value=_echo(plain)
    )
    raise InvalidValueError(_located(message, where), code=code)


def shown_number(value: Decimal) -> str:
    """A rulebook number as written (its own decimal places), with the language's decimal symbol.

    >>> from zona_integritas.i18n import use_language
    >>> with use_language("id"):
    ...     shown_number(Decimal("3.50")), shown_number(Decimal(4)), shown_number(Decimal("1E+2"))
    ('3,50', '4', '100')
    """
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return format_number(value, places, grouping=False)
