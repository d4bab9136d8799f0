from __future__ import annotations

import datetime as dt

import pytest

import zona_integritas as zi
from zona_integritas.dates import format_date, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6 Desember 2022", dt.date(2022, 12, 6)),
        ("Selasa, 6/12/2022", dt.date(2022, 12, 6)),
        ("31 Mei 2024", dt.date(2024, 5, 31)),
        ("18 Juli 2024", dt.date(2024, 7, 18)),
        ("6 Des 2022", dt.date(2022, 12, 6)),
        ("1 Agustus 2025", dt.date(2025, 8, 1)),
        ("Jumat, 1 Agustus 2025", dt.date(2025, 8, 1)),
        ("tanggal 17 Agustus 2045", dt.date(2045, 8, 17)),
        ("2022-12-06", dt.date(2022, 12, 6)),
        ("06-12-2022", dt.date(2022, 12, 6)),
        ("6 December 2022", dt.date(2022, 12, 6)),
    ],
)
def test_dates_as_officials_write_them(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Desember 2022", "is not a complete date"),
        ("6 Desember", "is not a complete date"),
        ("2022", "is not a complete date"),
        ("6/12/22", "two-digit year"),
        ("31/02/2024", "is not a date"),
        ("kemarin", "is not a date"),
        ("", "is not a date"),
        ("Senin, 6/12/2022", "6 December 2022 is a Tuesday, not a Monday"),
        ("6 Desember 2022 10:00", "carries a time of day"),
    ],
)
def test_partial_ambiguous_or_contradictory_dates_are_refused(text, message):
    with pytest.raises(zi.InvalidValueError, match=message):
        parse_date(text)


def test_dates_are_written_back_the_indonesian_way():
    assert format_date(dt.date(2022, 12, 6), language="id") == "6 Desember 2022"
    assert format_date(dt.date(2022, 12, 6), language="en") == "6 December 2022"
