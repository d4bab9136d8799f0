"""The i18n stack: language choice, catalogs complete in both languages, CLDR numbers and dates."""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zona_integritas import i18n
from zona_integritas.cli import main
from zona_integritas.errors import InvalidValueError

ROOT = Path(__file__).resolve().parents[1]


def _catalogs():  # the Babel tool of tools/catalogs.py
    spec = importlib.util.spec_from_file_location("catalogs_tool", ROOT / "tools" / "catalogs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["catalogs_tool"] = module
    spec.loader.exec_module(module)
    return module


def test_every_message_is_in_both_catalogs_translated_with_its_placeholders():
    problems = _catalogs().problems()
    assert problems == [], "\n".join(problems)


def test_the_compiled_catalog_is_the_source_catalog():
    from babel.messages.pofile import read_po

    for language in i18n.LANGUAGES:
        with (i18n.LOCALE_DIR / language / "LC_MESSAGES" / "zona_integritas.po").open("rb") as handle:
            catalog = read_po(handle, locale=language)
        with i18n.use_language(language):
            for message in catalog:
                if message.id and isinstance(message.id, str):
                    assert i18n.gettext(message.id) == message.string


def test_the_formats_are_babels_cldr_data():
    assert _catalogs().formats() == __import__("json").loads(
        (i18n.LOCALE_DIR / "formats.json").read_text(encoding="utf-8")
    )


def test_the_default_is_indonesian_and_the_environment_can_change_it(monkeypatch):
    monkeypatch.delenv(i18n.ENVIRONMENT, raising=False)
    assert i18n.current_language() == "id"
    monkeypatch.setenv(i18n.ENVIRONMENT, "en_GB.UTF-8")
    assert i18n.current_language() == "en"
    monkeypatch.setenv(i18n.ENVIRONMENT, "klingon")
    # the environment names no language we have, so the refusal is in the default language
    with pytest.raises(InvalidValueError, match="ZONA_INTEGRITAS_LANG: 'klingon' bukan bahasa") as caught:
        i18n.current_language()
    assert caught.value.code == "unknown-language"


def test_a_block_beats_the_session_which_beats_the_environment(monkeypatch):
    monkeypatch.setenv(i18n.ENVIRONMENT, "en")
    try:
        i18n.set_language("id")
        assert i18n.current_language() == "id"
        with i18n.use_language("en"):
            assert i18n.current_language() == "en"
            with i18n.use_language(None):
                assert i18n.current_language() == "en"
        assert i18n.current_language() == "id"
    finally:
        i18n.set_language(None)
    assert i18n.current_language() == "en"


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=4, allow_nan=False), st.sampled_from(["id", "en"]))
def test_numbers_are_formatted_as_babel_formats_them(value: Decimal, language: str):
    from babel.numbers import format_decimal

    expected = format_decimal(value.quantize(Decimal("0.01"), rounding="ROUND_HALF_UP"), "#,##0.00", locale=language)
    if expected.startswith("-") and set(expected[1:]) <= set("0.,"):
        expected = expected[1:]  # no negative zero
    assert i18n.format_number(value, language=language) == expected


@given(st.dates(min_value=dt.date(1900, 1, 1)), st.sampled_from(["id", "en"]))
def test_dates_are_formatted_as_babel_formats_them(day: dt.date, language: str):
    from babel.dates import format_date

    assert i18n.format_date(day, language=language) == format_date(day, "d MMMM y", locale=language)


def test_the_issues_examples():
    assert i18n.format_number("95.73", language="id") == "95,73"
    assert i18n.format_number("95.73", language="en") == "95.73"
    assert i18n.format_date(dt.date(2022, 12, 6), language="id") == "6 Desember 2022"
    assert i18n.format_date(dt.date(2022, 12, 6), language="en") == "6 December 2022"


def test_the_command_line_reads_language_before_it_builds_its_help():
    out, err = io.StringIO(), io.StringIO()
    assert main(["--language", "xx", "demo"], out=out, err=err) == 2
    assert "'xx' is not a language" in err.getvalue()


def test_a_bad_language_in_the_environment_is_one_line_on_the_command_line(monkeypatch):
    monkeypatch.setenv(i18n.ENVIRONMENT, "klingon")
    out, err = io.StringIO(), io.StringIO()
    assert main(["demo"], out=out, err=err) == 2
    assert err.getvalue() == (
        "kesalahan: ZONA_INTEGRITAS_LANG: 'klingon' bukan bahasa zona_integritas; "
        "gunakan 'id' (Bahasa Indonesia) atau 'en' (Inggris)\n"
    )
    assert out.getvalue() == ""


def test_an_installed_catalog_is_used_whatever_its_file_times(tmp_path, monkeypatch):
    """An installer may write the .po after the .mo; without Babel the compiled catalog is still the one used."""
    import os
    import shutil

    shutil.copytree(i18n.LOCALE_DIR, tmp_path / "locale")
    for language in i18n.LANGUAGES:
        folder = tmp_path / "locale" / language / "LC_MESSAGES"
        _catalogs().compile_catalogs(tmp_path / "locale")
        later = (folder / "zona_integritas.mo").stat().st_mtime + 60
        os.utime(folder / "zona_integritas.po", (later, later))
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "locale")
    monkeypatch.setitem(sys.modules, "babel.messages.mofile", None)  # as if Babel were not installed
    i18n._translations.cache_clear()
    try:
        with i18n.use_language("id"):
            assert i18n.gettext("{first} or {last}") == "{first} atau {last}"
    finally:
        i18n._translations.cache_clear()
