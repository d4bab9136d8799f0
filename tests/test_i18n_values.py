"""The values slice speaks one language at a time: every error and warning of numbers, dates, rulebooks, the
rulebook loader, worksheets and their DataFrames, instansi and unit facts and kawasan, in Indonesian and in English,
with a stable English code."""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable

import pandas as pd
import pytest

import zona_integritas as zi
from language_checks import assert_speaks
from zona_integritas.dates import format_date, parse_date
from zona_integritas.decimals import parse_count, parse_decimal
from zona_integritas.i18n import use_language
from zona_integritas.inputs import check_text, require_flag, require_type
from zona_integritas.kawasan import assess_kawasan
from zona_integritas.organization import Instansi, InstansiFacts, Unit, UnitFacts
from zona_integritas.rulebook import Predicate
from zona_integritas.worksheet import Worksheet, worksheets_to_dataframe

RB = zi.load_rulebook("permenpanrb-90-2021")
BEST = {c: RB.item(c).best_answer for c in RB.item_codes}
PASSING = zi.assess(zi.score(Worksheet.from_answers(RB, BEST, assessor="tpn")), target="WBK")

BROKEN_TOML = """
schema = 2
id = "kota-x"
title = "x"
short = "x"
status = "draft"
total = "abc"
total_source = "x"
"""


def _error(action: Callable[[], object]) -> BaseException:
    with pytest.raises(zi.ZonaIntegritasError) as caught:
        action()
    return caught.value


#: (name, action that raises, expected code, data the user wrote that may appear in the message)
ERRORS: list[tuple[str, Callable[[], object], str, list[str]]] = [
    ("parse_decimal", lambda: parse_decimal("tiga", where="sel H12"), "not-a-number", ["tiga", "sel H12"]),
    ("parse_decimal infinite", lambda: parse_decimal(float("inf")), "not-finite", []),
    ("format_number", lambda: zi.i18n.format_number("tiga"), "not-a-number", ["tiga"]),
    ("parse_decimal huge", lambda: parse_decimal("1e99"), "number-too-large", []),
    ("parse_decimal long", lambda: parse_decimal("1" * 70), "number-too-long", []),
    ("parse_count negative", lambda: parse_count(-3, where="K9"), "negative-count", ["K9"]),
    ("parse_count fraction", lambda: parse_count(2.5), "not-a-count", []),
    ("parse_count above", lambda: parse_count(10, ceiling=5), "count-too-large", []),
    ("parse_date", lambda: parse_date("kemarin"), "not-a-date", ["kemarin"]),
    ("parse_date partial", lambda: parse_date("Desember 2022"), "incomplete-date", ["Desember 2022"]),
    ("parse_date two-digit", lambda: parse_date("6/12/22"), "two-digit-year", []),
    ("parse_date time", lambda: parse_date("6 Desember 2022 10:00"), "time-of-day", ["6 Desember 2022 10:00"]),
    ("parse_date weekday", lambda: parse_date("Senin, 6/12/2022"), "wrong-weekday", ["Senin, 6/12/2022"]),
    ("check_text", lambda: check_text("a\x07", "catatan P1.i.a"), "unfit-text", ["catatan P1.i.a"]),
    ("require_type", lambda: require_type(None, int, "score(ws)"), "wrong-type", ["score(ws)"]),
    ("require_flag", lambda: require_flag("ya", "holds_wbk"), "not-a-flag", ["holds_wbk", "ya"]),
    ("unknown item", lambda: RB.item("P1.i.z"), "unknown-item", []),
    ("unknown indicator", lambda: RB.indicator("P9"), "unknown-indicator", []),
    ("unknown area", lambda: RB.area(9), "unknown-area", []),
    ("unknown component", lambda: RB.component("x"), "unknown-component", []),
    ("unknown sub-component", lambda: RB.subcomponent("x"), "unknown-subcomponent", []),
    ("unknown soal", lambda: RB.item_for_soal(999_999), "unknown-soal", []),
    ("unknown survey", lambda: RB.surveys.perception("skm"), "unknown-survey", []),
    ("predicate", lambda: Predicate.parse("WBX"), "unknown-predicate", ["WBX"]),
    ("load_rulebook", lambda: zi.load_rulebook("kota-x-2024"), "unknown-rulebook", ["kota-x-2024"]),
    ("rulebook_in_force", lambda: zi.rulebook_in_force("2014-10-01"), "no-rulebook-in-force", []),
    ("register_rulebook", lambda: zi.register_rulebook("x"), "not-a-rulebook", []),
    # tomllib's own detail (where the TOML breaks) is Python's English text, quoted as it is
    (
        "invalid TOML",
        lambda: zi.rulebook_from_toml("id = ", source="kota.toml"),
        "invalid-toml",
        ["kota.toml", "Invalid value (at end of document)"],
    ),
    ("broken rulebook", lambda: zi.rulebook_from_toml(BROKEN_TOML, source="kota.toml"), "rulebook", ["kota.toml"]),
    (
        "worksheet",
        lambda: Worksheet.from_answers(
            RB,
            {
                "P1.i.b": "D",
                "X.9": "A",
                "H1.a": "9",
                "R4.i.a": {"targets": 3, "met": 5},
                "P1.i.a": {"answer": "Ya", "x": 1},
            },
            assessor="bupati",
            source="lke.json",
        ),
        "invalid-input",
        ["lke.json", "bupati"],
    ),
    ("not a rulebook", lambda: Worksheet.from_answers("x", {}, assessor="tpi"), "not-a-rulebook", []),
    (
        "overlay",
        lambda: Worksheet.blank(RB, assessor="tpi").overlaid(
            Worksheet.blank(zi.load_rulebook("permenpanrb-52-2014", warn_superseded=False), assessor="tpi")
        ),
        "different-rulebooks",
        [],
    ),
    (
        "frame",
        lambda: Worksheet.from_dataframe(
            RB,
            pd.DataFrame(
                {"item": ["P1.i.b", "X.9", "R4.i.a", "P1.i.a", "P1.i.a"], "answer": ["D", "A", "3", "Ya", "Ya"]}
                | {"targets": [None, None, None, 2, None], "remark": [""] * 5}
            ),
        ),
        "invalid-input",
        ["remark", "'answer'", "'item'", "'targets'"],
    ),
    (
        "wide frame",
        lambda: Worksheet.from_wide_dataframe(
            RB, pd.DataFrame({"unit": ["Dukcapil", "Dukcapil", None], "P1.i.a": ["Ya", "X", "Ya"]})
        ),
        "invalid-input",
        ["Dukcapil"],
    ),
    ("not a frame", lambda: Worksheet.from_dataframe(RB, [1, 2]), "not-a-dataframe", ["Worksheet.from_dataframe"]),
    ("frames of two rulebooks", lambda: worksheets_to_dataframe({"a": 1}), "not-a-worksheet", []),
    ("grade", lambda: InstansiFacts(year=2024, sakip="AAA"), "unknown-grade", ["AAA"]),
    ("opinion", lambda: InstansiFacts(year=2024, bpk_opinion="WTP-DPP"), "unknown-opinion", ["WTP-DPP"]),
    ("spip", lambda: InstansiFacts(year=2024, spip_level=6), "level-out-of-range", []),
    ("year", lambda: InstansiFacts(year="dua ribu"), "not-a-year", ["dua ribu"]),
    ("units", lambda: InstansiFacts(year=2024, units_total=3, units_with_predicate=4), "inconsistent-facts", []),
    ("kkn", lambda: InstansiFacts(year=2024, kkn_top_leadership=True), "inconsistent-facts", []),
    ("count fact", lambda: InstansiFacts(year=2024, units_total=-1), "negative-count", []),
    ("flag fact", lambda: UnitFacts(core_service="ya"), "not-a-flag", ["ya"]),
    ("percent", lambda: UnitFacts(lhkpn_pct=120), "percent-out-of-range", []),
    ("eselon", lambda: UnitFacts(eselon_level=7), "level-out-of-range", []),
    ("date fact", lambda: UnitFacts(revoked_on="kemarin"), "not-a-date", ["kemarin"]),
    ("instansi name", lambda: Instansi(name=" ", kind="pemda"), "empty-text", []),
    ("instansi kind", lambda: Instansi(name="Kota Kediri", kind="desa"), "unknown-kind", ["Kota Kediri", "desa"]),
    ("unit id", lambda: Unit(id="u\x07", name="Dukcapil", instansi=Instansi("Kota Kediri", "pemda")), "unfit-text", []),
    ("kawasan none", lambda: assess_kawasan(RB, [], integration_score=None, target="WBK"), "no-unit-verdicts", []),
    (
        "kawasan fact",
        lambda: assess_kawasan(RB, [PASSING], integration_score="7.5", target="WBBM"),
        "wrong-unit-verdicts",
        [],
    ),
    (
        "kawasan score",
        lambda: assess_kawasan(RB, [PASSING], integration_score="tinggi", target="WBK"),
        "not-a-number",
        ["tinggi"],
    ),
    (
        "kawasan negative",
        lambda: assess_kawasan(RB, [PASSING], integration_score=-1, target="WBK"),
        "negative-score",
        [],
    ),
]


@pytest.mark.parametrize(("name", "action", "code", "data"), ERRORS, ids=[e[0] for e in ERRORS])
@pytest.mark.parametrize("language", ["id", "en"])
def test_every_error_of_the_values_slice_speaks_one_language(name, action, code, data, language):
    with use_language(language):
        error = _error(action)
    assert error.code == code
    text = str(error)
    assert_speaks(text, language, data=data)
    with use_language("en" if language == "id" else "id"):
        other = str(_error(action))
    assert other != text, f"{name}: the message does not change with the language"


def test_numbers_dates_and_counts_pinned_in_both_languages():
    with use_language("id"):
        assert str(_error(lambda: parse_count(-1, where="sel K9"))) == (
            "seharusnya bilangan bulat dari 0 sampai 1.000.000.000, diberikan -1 (sel K9)"
        )
        assert str(_error(lambda: parse_date("Senin, 6/12/2022"))) == (
            "'Senin, 6/12/2022': 6 Desember 2022 jatuh pada hari Selasa, bukan Senin"
        )
        assert format_date(dt.date(2022, 12, 6)) == "6 Desember 2022"
    with use_language("en"):
        assert str(_error(lambda: parse_count(-1, where="cell K9"))) == (
            "expected a whole number from 0 to 1,000,000,000, got -1 (cell K9)"
        )
        assert str(_error(lambda: parse_date("Senin, 6/12/2022"))) == (
            "'Senin, 6/12/2022': 6 December 2022 is a Tuesday, not a Monday"
        )
        assert format_date(dt.date(2022, 12, 6)) == "6 December 2022"


def test_a_worksheet_problem_list_is_pinned_in_both_languages():
    answers = {"P1.i.b": "D", "R4.i.a": {"targets": 3, "met": 5}}
    with use_language("id"):
        error = _error(lambda: Worksheet.from_answers(RB, answers, assessor="tpi", source="lke.json"))
    assert str(error) == (
        "lembar kerja dari lke.json bermasalah (2):\n"
        "  - butir 'P1.i.b' menerima A, B atau C; diberikan 'D' (lke.json)\n"
        "  - butir 'R4.i.a' menerima jumlah targets, met: met (5) melebihi targets (3) (lke.json)"
    )
    with use_language("en"):
        error = _error(lambda: Worksheet.from_answers(RB, answers, assessor="tpi", source="lke.json"))
    assert str(error) == (
        "worksheet from lke.json has problems (2):\n"
        "  - item 'P1.i.b' takes A, B or C; got 'D' (lke.json)\n"
        "  - item 'R4.i.a' takes counts targets, met: met (5) exceeds targets (3) (lke.json)"
    )
    assert [e.code for e in error.exceptions] == ["unknown-option", "invalid-counts"]


def test_a_frame_problem_names_row_and_column_in_both_languages():
    frame = pd.DataFrame({"item": ["H1.a"], "answer": ["4,5"]}, index=[7])
    with use_language("id"):
        text = str(_error(lambda: Worksheet.from_dataframe(RB, frame, assessor="tpi")).exceptions[0])
    assert text == "butir 'H1.a' menerima indeks 0 sampai 4; diberikan '4,5' (baris 7, kolom 'answer')"
    with use_language("en"):
        text = str(_error(lambda: Worksheet.from_dataframe(RB, frame, assessor="tpi")).exceptions[0])
    assert text == "item 'H1.a' takes an index from 0 to 4; got '4,5' (row 7, column 'answer')"


@pytest.mark.parametrize("language", ["id", "en"])
def test_reprs_and_kawasan_details_speak_one_language(language):
    with use_language(language):
        texts = [
            repr(RB),
            repr(zi.load_rulebook("permenpanrb-52-2014", warn_superseded=False)),
            repr(Worksheet.blank(RB, assessor="tpi")),
            *(c.detail for c in assess_kawasan(RB, [PASSING], integration_score=None, target="WBK").criteria),
        ]
    for text in texts:
        assert_speaks(text, language)
    if language == "id":
        assert texts[0] == "<Buku aturan permenpanrb-90-2021 (PermenPANRB 90/2021, berlaku): 113 butir>"
        assert texts[2] == "<Lembar kerja permenpanrb-90-2021 oleh tpi: 0/113 butir terjawab>"
        assert "tidak ada integrasi" in texts
    else:
        assert texts[0] == "<Rulebook permenpanrb-90-2021 (PermenPANRB 90/2021, in force): 113 items>"
        assert texts[2] == "<Worksheet permenpanrb-90-2021 by tpi: 0/113 items answered>"
        assert "no integration" in texts


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_superseded_rulebook_warning_speaks_one_language(language):
    with use_language(language), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        zi.load_rulebook("permenpanrb-52-2014")
    (warning,) = [w for w in caught if issubclass(w.category, zi.SupersededRulebookWarning)]
    assert_speaks(str(warning.message), language, data=["permenpanrb-52-2014"])
    assert ("telah digantikan" in str(warning.message)) is (language == "id")


def test_parse_date_reads_indonesian_and_english_names_whatever_the_language():
    for language in ("id", "en"):
        with use_language(language):
            assert parse_date("Selasa, 6 Desember 2022") == dt.date(2022, 12, 6)
            assert parse_date("Tuesday, 6 December 2022") == dt.date(2022, 12, 6)
            assert parse_date("31 Mei 2024") == parse_date("31 May 2024") == dt.date(2024, 5, 31)


def test_a_rulebook_file_problem_shows_its_numbers_the_language_s_way():
    text = RB.toml.replace('weight = "60"', 'weight = "60.5"', 1)
    with use_language("id"):
        indonesian = str(_error(lambda: zi.rulebook_from_toml(text, source="kota.toml")))
    with use_language("en"):
        english = str(_error(lambda: zi.rulebook_from_toml(text, source="kota.toml")))
    assert indonesian == (
        "kota.toml: 2 masalah:\n"
        "  components[0].weight: bobot 60,5 berbeda dari jumlah subkomponen pengungkit (60)\n"
        "  total: bobot 100 berbeda dari jumlah komponen-komponennya (100,5)"
    )
    assert english == (
        "kota.toml: 2 problems:\n"
        "  components[0].weight: weight 60.5 differs from the sum of the sub-components of pengungkit (60)\n"
        "  total: weight 100 differs from the sum of the components (100.5)"
    )
