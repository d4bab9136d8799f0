"""Checks every reader applies to untrusted text and to echoed values.

Text a user gives (notes, evidence, unit and instansi names, payload strings) must be something every
writer of the library can emit again: no lone surrogate halves (no UTF-8 file or workbook can hold
them) and no control characters other than tab, line feed and carriage return (XML 1.0, hence
``.xlsx``, cannot hold them). Messages echo a value cut to :data:`ECHO_LIMIT` characters, so a
20 MB value never comes back in full.

>>> text_problem("Laporan\\x07")
'contains the control character U+0007'
>>> text_problem("Zona Integritas") is None
True
>>> echo("x" * 20_000_000)[-30:]
'xxxxx… (20,000,002 characters)'
"""

from __future__ import annotations

import re

from .errors import InvalidAnswerError

__all__ = ["ECHO_LIMIT", "MAX_TEXT_LENGTH", "check_text", "echo", "require_flag", "require_type", "text_problem"]

#: An echoed value longer than this is cut in messages.
ECHO_LIMIT = 80
#: The longest single text accepted (a note, a piece of evidence, a name), which is Excel's limit for one cell.
MAX_TEXT_LENGTH = 32_767

_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def echo(value: object) -> str:
    """``repr(value)``, cut to :data:`ECHO_LIMIT` characters with the full length noted."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 256:
        return f"an integer of about {int(value.bit_length() * 0.30103):,} digits"
    if isinstance(value, str | bytes) and len(value) > ECHO_LIMIT:
        return f"{repr(value[:ECHO_LIMIT])[: ECHO_LIMIT - 1]}… ({len(value) + 2:,} characters)"
    text = repr(value)
    return text if len(text) <= ECHO_LIMIT else f"{text[: ECHO_LIMIT - 1]}… ({len(text):,} characters)"


def text_problem(value: str) -> str | None:
    """What makes ``value`` unfit as user text, or ``None`` when it is fine."""
    if len(value) > MAX_TEXT_LENGTH:
        return f"is {len(value):,} characters long, more than the limit of {MAX_TEXT_LENGTH:,}"
    found = _FORBIDDEN.search(value)
    if found is None:
        return None
    char = found.group()
    kind = "a lone surrogate" if "\ud800" <= char <= "\udfff" else "the control character"
    if char in "\ufffe\uffff":
        kind = "the non-character"
    return f"contains {kind} U+{ord(char):04X}"


def check_text(value: str, where: str) -> str:
    """Return ``value`` when it is fit as user text, else raise :class:`InvalidAnswerError` naming ``where``.

    >>> check_text("a\\udc80b", "note of P1.i.a")
    Traceback (most recent call last):
    ...
    zona_integritas.errors.InvalidAnswerError: note of P1.i.a contains a lone surrogate U+DC80
    """
    problem = text_problem(value)
    if problem is not None:
        raise InvalidAnswerError(f"{where} {problem}")
    return value


def require_type(value: object, kind: type | tuple[type, ...], where: str) -> None:
    """Raise :class:`InvalidAnswerError` naming ``where`` when ``value`` is not a ``kind`` (API misuse).

    >>> require_type(None, int, "score(worksheet)")
    Traceback (most recent call last):
    ...
    zona_integritas.errors.InvalidAnswerError: score(worksheet) takes a int, got None
    """
    if not isinstance(value, kind):
        names = " or ".join(k.__name__ for k in (kind if isinstance(kind, tuple) else (kind,)))
        raise InvalidAnswerError(f"{where} takes a {names}, got {echo(value)}")


def require_flag(value: object, where: str) -> None:
    """A yes/no argument is ``True``, ``False`` or ``None`` (not guessed): ``'yes'`` and ``1`` are refused.

    >>> require_flag("yes", "holds_wbk")
    Traceback (most recent call last):
    ...
    zona_integritas.errors.InvalidAnswerError: holds_wbk is True, False or None, got 'yes'
    """
    if value is not None and not isinstance(value, bool):
        raise InvalidAnswerError(f"{where} is True, False or None, got {echo(value)}")
