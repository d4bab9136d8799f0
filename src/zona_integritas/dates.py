"""Dates as officials write them, parsed with python-dateutil and Indonesian (and English) month and day names.

Accepted: ``"6 Desember 2022"``, ``"Selasa, 6/12/2022"``, ``"31 Mei 2024"``, ``"6 Des 2022"``,
``"2022-12-06"``, ``"6 December 2022"``. Numeric dates are day first (Indonesian usage). A date missing its
day, month or year, or text that is not a date, is refused rather than completed by guessing. Dates shown
to people follow the language (:func:`format_date`).

>>> parse_date("Selasa, 6 Desember 2022")
datetime.date(2022, 12, 6)
>>> parse_date("31/5/2024"), parse_date("2022-12-06")
(datetime.date(2024, 5, 31), datetime.date(2022, 12, 6))
>>> parse_date("Desember 2022")
Traceback (most recent call last):
...
zona_integritas.errors.InvalidValueError: 'Desember 2022' is not a complete date (day, month and year are needed)
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, cast

from dateutil import parser as _parser

from .errors import InvalidValueError
from .i18n import N_
from .i18n import format_date as _format_date
from .i18n import gettext as _
from .inputs import echo, is_blank, native

__all__ = ["INDONESIAN", "format_date", "parse_date"]

_MONTHS = [
    ("Januari", "Jan"),
    ("Februari", "Feb"),
    ("Maret", "Mar"),
    ("April", "Apr"),
    ("Mei", "Mei"),
    ("Juni", "Jun"),
    ("Juli", "Jul"),
    ("Agustus", "Agu", "Agt", "Ags"),
    ("September", "Sep", "Sept"),
    ("Oktober", "Okt"),
    ("November", "Nov", "Nop"),
    ("Desember", "Des"),
]
_ISO = re.compile(r"^(?P<y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})$")
_DAYS = [("Senin",), ("Selasa",), ("Rabu",), ("Kamis",), ("Jumat", "Jum'at"), ("Sabtu",), ("Minggu", "Ahad")]


class _IndonesianParserInfo(_parser.parserinfo):
    """dateutil parser info with Indonesian (and English) month and weekday names, day first."""

    def __init__(self) -> None:
        english = [
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May", "May"),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sep"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ]
        days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
        self.MONTHS = cast(Any, [(*names, long, short) for names, (long, short) in zip(_MONTHS, english, strict=True)])
        self.WEEKDAYS = cast(Any, [(*names, en) for names, en in zip(_DAYS, days, strict=True)])
        self.JUMP = [*_parser.parserinfo.JUMP, "tanggal", "tgl", "hari"]
        super().__init__(dayfirst=True, yearfirst=False)


#: The parser info used by :func:`parse_date` (usable with ``dateutil.parser.parse`` directly).
INDONESIAN = _IndonesianParserInfo()

#: The days of the week, Monday first, as messages name them.
_WEEKDAY_NAMES = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)


def _not_a_date(text: object, code: str = "not-a-date") -> InvalidValueError:
    return InvalidValueError(_("{value} is not a date").format(value=echo(text)), code=code)


def parse_date(text: object) -> dt.date:
    """A date from text as officials write it, in Indonesian or English (``"6 Desember 2022"``,
    ``"Tuesday, 6 December 2022"``, ``"6/12/2022"``, ``"2022-12-06"``), or a date value (a
    :class:`datetime.date`, a datetime, a pandas ``Timestamp``, a NumPy ``datetime64``).

    Partial or ambiguous dates raise :class:`~zona_integritas.errors.InvalidValueError` with a ``code``:
    ``not-a-date`` (also for a blank value), ``incomplete-date``, ``two-digit-year``, ``time-of-day`` or
    ``wrong-weekday``.

    >>> parse_date("Tuesday, 6 December 2022"), parse_date("6 Des 2022")
    (datetime.date(2022, 12, 6), datetime.date(2022, 12, 6))
    >>> parse_date("6/12/22")
    Traceback (most recent call last):
    ...
    zona_integritas.errors.InvalidValueError: '6/12/22' has a two-digit year; write the year in full
    """
    if is_blank(text):
        raise _not_a_date(text)
    text = native(text)
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    if not isinstance(text, str) or not text.strip():
        raise _not_a_date(text)
    cleaned = text.strip()
    iso = _ISO.match(cleaned)
    if iso:
        try:
            return dt.date(int(iso["y"]), int(iso["m"]), int(iso["d"]))
        except ValueError:
            raise _not_a_date(text) from None
    try:
        # parse twice with different defaults: any field filled from the default differs between the two
        a = _parser.parse(cleaned, parserinfo=INDONESIAN, default=dt.datetime(1, 1, 1))
        b = _parser.parse(cleaned, parserinfo=INDONESIAN, default=dt.datetime(2, 2, 2))
    except (ValueError, OverflowError):
        raise _not_a_date(text) from None
    shown = echo(text)
    if a != b:
        raise InvalidValueError(
            _("{value} is not a complete date (day, month and year are needed)").format(value=shown),
            code="incomplete-date",
        )
    if a.time() != dt.time(0):
        raise InvalidValueError(
            _("{value} carries a time of day; a date is expected").format(value=shown), code="time-of-day"
        )
    digits = [part for part in cleaned.replace("-", "/").replace(".", "/").split("/") if part.strip().isdigit()]
    if len(digits) == 3 and all(len(p.strip()) <= 2 for p in digits):
        raise InvalidValueError(
            _("{value} has a two-digit year; write the year in full").format(value=shown), code="two-digit-year"
        )
    day = a.date()
    named = _weekday_named(cleaned)
    if named is not None and named != day.weekday():
        raise InvalidValueError(
            _("{value}: {date} is a {weekday}, not a {named}").format(
                value=shown,
                date=format_date(day),
                weekday=_(_WEEKDAY_NAMES[day.weekday()]),
                named=_(_WEEKDAY_NAMES[named]),
            ),
            code="wrong-weekday",
        )
    return day


_ENGLISH_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _weekday_named(text: str) -> int | None:
    words = {w.strip(",.").casefold() for w in text.split()}
    for index, names in enumerate(_DAYS):
        if any(n.casefold() in words for n in (*names, _ENGLISH_DAYS[index])):
            return index
    return None


def format_date(day: dt.date, *, language: str | None = None) -> str:
    """A date as people read it, in the current language (Indonesian by default): ``6 Desember 2022`` or
    ``6 December 2022`` (the same as :func:`zona_integritas.i18n.format_date`).

    >>> format_date(dt.date(2024, 5, 31), language="id"), format_date(dt.date(2024, 5, 31), language="en")
    ('31 Mei 2024', '31 May 2024')
    """
    return _format_date(day, language=language)
