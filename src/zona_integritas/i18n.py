"""One language at a time: Indonesian (the default) or English.

Every sentence the library shows a person (an error, a warning, a table header, a report, a plot title, the
command line's help) is written once, in English, as a gettext message id, and translated through the catalogs
in ``zona_integritas/locale`` (managed with Babel: ``python tools/catalogs.py update|check|compile``; the
package build compiles them). Numbers and dates follow the language too, with the symbols and month names of
Babel's CLDR locale data (``locale/formats.json``, regenerated from Babel and checked against it by the tests).

The language is chosen, from the most to the least specific:

1. ``language=`` on a function that makes text, or ``with use_language("en"):`` around a block;
2. :func:`set_language` for the rest of the session (a notebook);
3. the environment variable ``ZONA_INTEGRITAS_LANG``;
4. Indonesian.

>>> with use_language("id"):
...     format_number(95.7345), format_date("2022-12-06"), or_list(["Ya", "Tidak"])
('95,73', '6 Desember 2022', 'Ya atau Tidak')
>>> with use_language("en"):
...     format_number(95.7345), format_date("2022-12-06"), or_list(["Ya", "Tidak"])
('95.73', '6 December 2022', 'Ya or Tidak')

Errors keep a stable English ``code`` for programs whatever the language of their message:

>>> from zona_integritas.errors import InvalidValueError
>>> InvalidValueError("...", code="negative-count").code
'negative-count'
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
import gettext as _gettext
import io
import json
import os
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final, Literal

from ._numbers import library_context, read_decimal, round_half_up
from .errors import InvalidValueError, ZonaIntegritasWarning

__all__ = [
    "DEFAULT_LANGUAGE",
    "ENVIRONMENT",
    "LANGUAGES",
    "N_",
    "Language",
    "and_list",
    "current_language",
    "decimal_symbol",
    "format_date",
    "format_datetime",
    "format_integer",
    "format_number",
    "format_percent",
    "gettext",
    "month_name",
    "ngettext",
    "normalize_language",
    "or_list",
    "set_language",
    "use_language",
]

Language = Literal["id", "en"]

#: The languages with a catalog; the first is the default.
LANGUAGES: Final[tuple[Language, ...]] = ("id", "en")
DEFAULT_LANGUAGE: Final[Language] = "id"
#: The environment variable that chooses the language when nothing more specific does.
ENVIRONMENT: Final = "ZONA_INTEGRITAS_LANG"
#: The gettext domain of the catalogs.
DOMAIN: Final = "zona_integritas"
LOCALE_DIR: Final = Path(__file__).parent / "locale"

_ALIASES: Final[dict[str, Language]] = {
    "id": "id",
    "ind": "id",
    "indonesia": "id",
    "indonesian": "id",
    "bahasa": "id",
    "in": "id",
    "en": "en",
    "eng": "en",
    "english": "en",
    "inggris": "en",
}

_scoped: contextvars.ContextVar[Language | None] = contextvars.ContextVar("zona_integritas_language", default=None)
_session: list[Language] = []


def normalize_language(value: object, *, where: str = "language") -> Language:
    """``value`` as one of :data:`LANGUAGES`; locale names (``id_ID.UTF-8``, ``en-GB``) and names are accepted.

    >>> normalize_language("id_ID.UTF-8"), normalize_language("English")
    ('id', 'en')
    """
    found = _lookup(value)
    if found is not None:
        return found
    message = _translations(_language_for_errors()).gettext(
        "{where}: {value} is not a language of zona_integritas; use 'id' (Bahasa Indonesia) or 'en' (English)"
    )
    raise InvalidValueError(message.format(where=where, value=repr(value)), code="unknown-language")


def _lookup(value: object) -> Language | None:
    if isinstance(value, str):
        key = value.strip().split(".")[0].replace("-", "_").split("_")[0].casefold()
        return _ALIASES.get(key)
    return None


def _language_for_errors() -> Language:
    """The current language, or the default when the environment names no language we have (never raises)."""
    scoped = _scoped.get()
    if scoped is not None:
        return scoped
    if _session:
        return _session[-1]
    return _lookup(os.environ.get(ENVIRONMENT, "")) or DEFAULT_LANGUAGE


def current_language() -> Language:
    """The language text is made in now (see the module's docstring for how it is chosen).

    >>> with use_language("en"):
    ...     current_language()
    'en'
    """
    scoped = _scoped.get()
    if scoped is not None:
        return scoped
    if _session:
        return _session[-1]
    from_environment = os.environ.get(ENVIRONMENT, "").strip()
    if from_environment:
        return normalize_language(from_environment, where=ENVIRONMENT)
    return DEFAULT_LANGUAGE


def set_language(language: str | None) -> None:
    """Make ``language`` the language of this session (``None`` goes back to the environment's, or Indonesian).

    >>> set_language("en"); current_language()
    'en'
    >>> set_language(None)
    """
    _session.clear()
    if language is not None:
        _session.append(normalize_language(language))


@contextmanager
def use_language(language: str | None) -> Iterator[Language]:
    """Make text in ``language`` inside the block; ``None`` keeps the current language.

    Functions that take ``language=`` use this, so ``language=None`` means "the current language".

    >>> with use_language("en") as chosen:
    ...     chosen, gettext("{first} or {last}")
    ('en', '{first} or {last}')
    >>> with use_language("id"):
    ...     gettext("{first} or {last}")
    '{first} atau {last}'
    """
    if language is None:
        yield current_language()
        return
    chosen = normalize_language(language)
    token = _scoped.set(chosen)
    try:
        yield chosen
    finally:
        _scoped.reset(token)


# --- messages ------------------------------------------------------------------------------------------------


class _CatalogMissingWarning(ZonaIntegritasWarning):
    """A language's catalog could not be loaded; text stays in English."""


@functools.cache
def _translations(language: Language) -> _gettext.NullTranslations:
    """The compiled catalog of ``language``; in a source checkout whose ``.po`` is newer than its ``.mo`` (or has
    none), the ``.po`` compiled in memory when Babel is installed. An installed package always has its ``.mo``
    (the build compiles it); file times there say nothing, as an installer may write the ``.po`` last."""
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    compiled, source = folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"
    stale = not compiled.is_file() or (source.is_file() and source.stat().st_mtime > compiled.stat().st_mtime)
    if stale and source.is_file():
        fresh = _compiled_in_memory(source, language)
        if fresh is not None:
            return fresh
    if compiled.is_file():
        with compiled.open("rb") as handle:
            return _gettext.GNUTranslations(handle)
    if language != "en":
        warnings.warn(
            f"no compiled catalog for {language!r} in {folder} and Babel is not installed to compile it; "
            "reinstall zona-integritas (its build compiles the catalogs) — text stays in English",  # no catalog
            _CatalogMissingWarning,
            stacklevel=3,
        )
    return _gettext.NullTranslations()


def _compiled_in_memory(source: Path, language: Language) -> _gettext.GNUTranslations | None:
    try:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po
    except ImportError:
        return None
    with source.open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def gettext(message: str) -> str:
    """``message`` (an English message id) in the current language.

    >>> with use_language("id"):
    ...     gettext("{first} and {last}")
    '{first} dan {last}'
    """
    return _translations(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural message for ``n``, in the current language.

    >>> with use_language("en"):
    ...     ngettext("{n} item", "{n} items", 2).format(n=2)
    '2 items'
    """
    return _translations(current_language()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for the catalogs without translating it (for constants, translated where shown).

    >>> N_("Not passed")
    'Not passed'
    """
    return message


# --- numbers and dates ---------------------------------------------------------------------------------------


@functools.cache
def _formats() -> dict[str, dict[str, object]]:
    data: dict[str, dict[str, object]] = json.loads((LOCALE_DIR / "formats.json").read_text(encoding="utf-8"))
    return data


def _symbol(name: str) -> str:
    return str(_formats()[current_language()][name])


def _grouped(digits: str) -> str:
    group = _symbol("group")
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return group.join(parts)


def format_number(value: object, places: int = 2, *, grouping: bool = True, language: str | None = None) -> str:
    """``value`` rounded half up to ``places`` decimals, with the language's decimal and group symbols.

    Rounding is the library's display rounding (:func:`~zona_integritas.decimals.round_half_up`), the same as
    the official workbook's ``ROUND``.

    >>> format_number("1234.565", language="id"), format_number("1234.565", language="en")
    ('1.234,57', '1,234.57')
    >>> format_number(3, 0, language="id"), format_number("-0.004", language="en")
    ('3', '0.00')
    """
    with use_language(language), library_context():
        read = read_decimal(value)
        if isinstance(read, str):  # why it is not a number
            raise InvalidValueError(gettext("{value} is not a number").format(value=repr(value)), code="not-a-number")
        number = round_half_up(read, places)
        if number == 0:
            number = abs(number)
        sign = "-" if number < 0 else ""
        text = f"{abs(number):.{places}f}"
        whole, _, fraction = text.partition(".")
        if grouping:
            whole = _grouped(whole)
        return sign + whole + (_symbol("decimal") + fraction if fraction else "")


def format_integer(value: int, *, language: str | None = None) -> str:
    """A whole number with the language's group symbol.

    >>> format_integer(1087, language="id"), format_integer(1087, language="en")
    ('1.087', '1,087')
    """
    return format_number(value, 0, language=language)


def format_percent(value: object, places: int = 2, *, language: str | None = None) -> str:
    """``value`` (already in percent, ``95.73``) with the language's symbols and a percent sign.

    >>> format_percent("95.734", language="id"), format_percent(30, 0, language="en")
    ('95,73%', '30%')
    """
    with use_language(language):
        return format_number(value, places) + _symbol("percent")


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    message = gettext("{value} is not a date (a datetime.date or YYYY-MM-DD is expected)")
    raise InvalidValueError(message.format(value=repr(value)), code="not-a-date")


def month_name(month: int, *, language: str | None = None) -> str:
    """The name of ``month`` (1–12) in the language.

    >>> month_name(5, language="id"), month_name(5, language="en")
    ('Mei', 'May')
    """
    with use_language(language):
        months = _formats()[current_language()]["months"]
        assert isinstance(months, list)
        return str(months[month - 1])


def format_date(value: object, *, language: str | None = None) -> str:
    """A date as day, month name and year: ``6 Desember 2022`` or ``6 December 2022``.

    Both languages use CLDR's day–month–year order (Indonesian's long date; British English's), so a date reads
    the same way in a report whichever language it is in.

    >>> format_date("2024-05-31", language="id"), format_date("2024-05-31", language="en")
    ('31 Mei 2024', '31 May 2024')
    """
    day = _as_date(value)
    return f"{day.day} {month_name(day.month, language=language)} {day.year}"


def format_datetime(value: dt.datetime, *, language: str | None = None) -> str:
    """A moment as its date and the time of day with the language's time separator (``14.05`` / ``14:05``).

    >>> moment = dt.datetime(2022, 12, 6, 14, 5)
    >>> format_datetime(moment, language="id"), format_datetime(moment, language="en")
    ('6 Desember 2022 14.05', '6 December 2022 14:05')
    """
    with use_language(language):
        separator = _symbol("time_separator")
        return f"{format_date(value)} {value.hour:02d}{separator}{value.minute:02d}"


def or_list(words: Iterable[str], *, language: str | None = None) -> str:
    """Alternatives as a sentence lists them: ``A, B atau C`` / ``A, B or C``.

    >>> or_list(["A", "B", "C"], language="id"), or_list(["A"], language="en"), or_list([])
    ('A, B atau C', 'A', '')
    """
    with use_language(language):
        return _joined(list(words), gettext("{first} or {last}"))


def and_list(words: Iterable[str], *, language: str | None = None) -> str:
    """Items as a sentence lists them: ``A, B dan C`` / ``A, B and C``.

    >>> and_list(["A", "B", "C"], language="id"), and_list(["A", "B"], language="en")
    ('A, B dan C', 'A and B')
    """
    with use_language(language):
        return _joined(list(words), gettext("{first} and {last}"))


def _joined(words: list[str], pattern: str) -> str:
    if len(words) <= 1:
        return "".join(words)
    return pattern.format(first=", ".join(words[:-1]), last=words[-1])


def decimal_symbol(*, language: str | None = None) -> str:
    """The decimal symbol of the language (``,`` or ``.``).

    >>> decimal_symbol(language="id"), decimal_symbol(language="en")
    (',', '.')
    """
    with use_language(language):
        return _symbol("decimal")
