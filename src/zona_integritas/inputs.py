"""Checks every reader applies to untrusted text and to echoed values.

Text a user gives (notes, evidence, unit and instansi names, payload strings) must be something every
writer of the library can emit again: no lone surrogate halves (no UTF-8 file or workbook can hold
them) and no control characters other than tab, line feed and carriage return (XML 1.0, hence
``.xlsx``, cannot hold them). Messages echo a value cut to :data:`ECHO_LIMIT` characters, so a
20 MB value never comes back in full.

>>> text_problem("Laporan\\x07", language="en")
'contains the control character U+0007'
>>> text_problem("Zona Integritas") is None
True
>>> echo("x" * 20_000_000)[-30:]
'xxxxx… (20,000,002 characters)'
"""

from __future__ import annotations

import re

from ._numbers import is_blank, native
from .errors import InvalidAnswerError
from .i18n import format_integer, or_list, use_language
from .i18n import gettext as _

__all__ = [
    "ECHO_LIMIT",
    "MAX_TEXT_LENGTH",
    "check_text",
    "echo",
    "is_blank",
    "located",
    "native",
    "require_flag",
    "require_type",
    "text_problem",
]

#: An echoed value longer than this is cut in messages.
ECHO_LIMIT = 80
#: The longest single text accepted (a note, a piece of evidence, a name), which is Excel's limit for one cell.
MAX_TEXT_LENGTH = 32_767

_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def echo(value: object) -> str:
    """``repr(value)``, cut to :data:`ECHO_LIMIT` characters with the full length noted; a NumPy or pandas
    scalar is shown as the plain value it stands for (``3.62``, not ``np.float64(3.62)``).

    >>> echo("Ya"), echo(3.62)
    ("'Ya'", '3.62')
    """
    value = native(value)
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 256:
        return _("an integer of about {digits} digits").format(digits=format_integer(int(value.bit_length() * 0.30103)))
    if isinstance(value, str | bytes) and len(value) > ECHO_LIMIT:
        return _("{start}… ({length} characters)").format(
            start=repr(value[:ECHO_LIMIT])[: ECHO_LIMIT - 1], length=format_integer(len(value) + 2)
        )
    text = repr(value)
    if len(text) <= ECHO_LIMIT:
        return text
    return _("{start}… ({length} characters)").format(start=text[: ECHO_LIMIT - 1], length=format_integer(len(text)))


def located(message: str, where: str) -> str:
    """``message`` followed by where its value came from (a cell, a file, a row), when that is known.

    >>> located("expected a number, got 'x'", "cell K7"), located("no place", "")
    ("expected a number, got 'x' (cell K7)", 'no place')
    """
    return _("{problem} ({where})").format(problem=message, where=where) if where else message


def text_problem(value: str, *, language: str | None = None) -> str | None:
    """What makes ``value`` unfit as user text (a phrase that follows its subject), or ``None`` when it is fine."""
    found = None if len(value) > MAX_TEXT_LENGTH else _FORBIDDEN.search(value)
    if found is None and len(value) <= MAX_TEXT_LENGTH:
        return None  # the common case, checked before any language is looked up
    with use_language(language):
        if found is None:
            return _("is {length} characters long, more than the limit of {limit}").format(
                length=format_integer(len(value)), limit=format_integer(MAX_TEXT_LENGTH)
            )
        char = found.group()
        code = f"U+{ord(char):04X}"
        if char in "\ufffe\uffff":
            return _("contains the non-character {code}").format(code=code)
        if "\ud800" <= char <= "\udfff":
            return _("contains a lone surrogate {code}").format(code=code)
        return _("contains the control character {code}").format(code=code)


def check_text(value: str, where: str) -> str:
    """Return ``value`` when it is fit as user text, else raise :class:`InvalidAnswerError` naming ``where``.

    >>> check_text("a\\udc80b", "note of P1.i.a")
    Traceback (most recent call last):
    ...
    zona_integritas.errors.InvalidAnswerError: note of P1.i.a contains a lone surrogate U+DC80
    """
    problem = text_problem(value)
    if problem is not None:
        raise InvalidAnswerError(_("{where} {problem}").format(where=where, problem=problem), code="unfit-text")
    return value


def require_type(value: object, kind: type | tuple[type, ...], where: str) -> None:
    """Raise :class:`InvalidAnswerError` naming ``where`` when ``value`` is not a ``kind`` (API misuse).

    >>> require_type(None, int, "score(worksheet)")
    Traceback (most recent call last):
    ...
    zona_integritas.errors.InvalidAnswerError: score(worksheet) takes a int, got None
    """
    if not isinstance(value, kind):
        names = or_list([k.__name__ for k in (kind if isinstance(kind, tuple) else (kind,))])
        raise InvalidAnswerError(
            _("{where} takes a {types}, got {value}").format(where=where, types=names, value=echo(value)),
            code="wrong-type",
        )


def require_flag(value: object, where: str) -> bool | None:
    """A yes/no argument is ``True``, ``False`` or ``None`` (not guessed): ``'yes'`` and ``1`` are refused; a NumPy
    bool is taken. Returns the plain value.

    >>> require_flag("yes", "holds_wbk")
    Traceback (most recent call last):
    ...
    zona_integritas.errors.InvalidAnswerError: holds_wbk is True, False or None, got 'yes'
    """
    plain = native(value)
    if plain is not None and not isinstance(plain, bool):
        raise InvalidAnswerError(
            _("{where} is True, False or None, got {value}").format(where=where, value=echo(value)), code="not-a-flag"
        )
    return plain
