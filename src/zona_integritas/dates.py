"""Dates as Indonesian officials write them, parsed with python-dateutil and Indonesian month names.

Accepted: ``"6 Desember 2022"``, ``"Selasa, 6/12/2022"``, ``"31 Mei 2024"``, ``"6 Des 2022"``,
``"2022-12-06"``. Numeric dates are day first (Indonesian usage). A date missing its day, month or
year, or text that is not a date, is refused rather than completed by guessing.

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


def parse_date(text: str | dt.date) -> dt.date:
    """A date from text as officials write it; partial or ambiguous dates raise :class:`InvalidValueError`."""
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    if not isinstance(text, str) or not text.strip():
        raise InvalidValueError(f"{text!r} is not a date")
    cleaned = text.strip()
    iso = _ISO.match(cleaned)
    if iso:
        try:
            return dt.date(int(iso["y"]), int(iso["m"]), int(iso["d"]))
        except ValueError:
            raise InvalidValueError(f"{text!r} is not a date") from None
    try:
        # parse twice with different defaults: any field filled from the default differs between the two
        a = _parser.parse(cleaned, parserinfo=INDONESIAN, default=dt.datetime(1, 1, 1))
        b = _parser.parse(cleaned, parserinfo=INDONESIAN, default=dt.datetime(2, 2, 2))
    except (ValueError, OverflowError):
        raise InvalidValueError(f"{text!r} is not a date") from None
    if a != b:
        raise InvalidValueError(f"{text!r} is not a complete date (day, month and year are needed)")
    if a.time() != dt.time(0):
        raise InvalidValueError(f"{text!r} carries a time of day; a date is expected")
    digits = [part for part in cleaned.replace("-", "/").replace(".", "/").split("/") if part.strip().isdigit()]
    if len(digits) == 3 and all(len(p.strip()) <= 2 for p in digits):
        raise InvalidValueError(f"{text!r} has a two-digit year; write the year in full")
    day = a.date()
    named = _weekday_named(cleaned)
    if named is not None and named != day.weekday():
        raise InvalidValueError(f"{text!r}: {format_date(day)} is a {_DAYS[day.weekday()][0]}, not a {_DAYS[named][0]}")
    return day


def _weekday_named(text: str) -> int | None:
    words = {w.strip(",.").casefold() for w in text.split()}
    for index, names in enumerate(_DAYS):
        if any(n.casefold() in words for n in names):
            return index
    return None


def format_date(day: dt.date) -> str:
    """A date the Indonesian way: ``6 Desember 2022``.

    >>> format_date(dt.date(2024, 5, 31))
    '31 Mei 2024'
    """
    return f"{day.day} {_MONTHS[day.month - 1][0]} {day.year}"
