"""Values from NumPy and pandas are ordinary values: an index from ``np.float64`` is its shortest decimal, counts
from ``np.int64`` are counts, ``np.bool_`` is a yes/no, and NaN / None / ``pd.NA`` / ``pd.NaT`` are blank cells —
in worksheets, survey events and facts. What cannot be taken raises the library's own error naming the value."""

from __future__ import annotations

import datetime as dt
import decimal
import subprocess
import sys
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as nps

import zona_integritas as zi
from zona_integritas.dates import parse_date
from zona_integritas.decimals import MAX_COUNT, parse_count, parse_decimal
from zona_integritas.events import Surveyed
from zona_integritas.inputs import echo, is_blank, native, require_flag
from zona_integritas.kawasan import assess_kawasan
from zona_integritas.organization import Instansi, InstansiFacts, Unit, UnitFacts, UnitKind
from zona_integritas.testing import answer_maps
from zona_integritas.worksheet import Worksheet

RB = zi.load_rulebook("permenpanrb-90-2021")
BEST = {c: RB.item(c).best_answer for c in RB.item_codes}
BLANKS = [None, float("nan"), np.nan, np.float32("nan"), Decimal("NaN"), pd.NA, pd.NaT, np.datetime64("NaT")]


def test_an_np_float64_index_is_its_shortest_decimal_not_its_binary_expansion():
    assert parse_decimal(np.float64(3.62)) == Decimal("3.62")
    assert parse_decimal(np.float32(3.62)) == Decimal("3.62")  # float32's own shortest repr, not 3.6199998…
    assert parse_decimal(np.float16(0.5)) == Decimal("0.5")
    ws = Worksheet.from_answers(RB, {"H1.a": np.float64(3.62), "H2.a": np.float32(3.1)}, assessor="tpn")
    assert ws.answer("H1.a").value == Decimal("3.62") and ws.answer("H2.a").value == Decimal("3.1")
    assert ws.value("H1.a") == Decimal("0.905")


def test_a_survey_event_takes_numpy_indices():
    event = Surveyed(dt.date(2024, 7, 1), cycle=2024, ipak=np.float64(3.62), ipkp=np.float32(3.5))
    assert (event.cycle, event.ipak, event.ipkp) == (2024, Decimal("3.62"), Decimal("3.5"))


def test_np_int64_counts_are_counts_like_9_and_9_0():
    for nine in (9, 9.0, np.int64(9), np.int32(9), np.uint8(9), np.float64(9.0), "9"):
        assert parse_count(nine) == 9
    ws = Worksheet.from_answers(RB, {"R4.i.a": {"targets": np.int64(9), "met": np.int16(8)}}, assessor="tpi")
    assert dict(ws.answer("R4.i.a").value) == {"targets": 9, "met": 8}
    assert all(type(v) is int for v in ws.answer("R4.i.a").value.values())


def test_a_pandas_series_of_answers_by_item_code_is_taken_like_a_mapping():
    series = pd.Series({"P1.i.a": "ya", "H1.a": np.float64(3.62), "P1.i.b": np.nan})
    assert Worksheet.from_answers(RB, series, assessor="tpi").to_answers() == {"P1.i.a": "Ya", "H1.a": Decimal("3.62")}
    twice = pd.Series(["Ya", "Tidak"], index=["P1.i.a", "P1.i.a"])
    with pytest.raises(zi.InvalidInputError) as caught:
        Worksheet.from_answers(RB, twice, assessor="tpi")
    assert caught.value.problems == ["item 'P1.i.a' is answered twice"]


def test_numpy_text_and_bools_are_plain_values():
    ws = Worksheet.from_answers(RB, {np.str_("P1.i.a"): np.str_("ya")}, assessor=np.str_("tpi"))
    assert ws.to_answers() == {"P1.i.a": "Ya"}
    assert require_flag(np.bool_(True), "holds_wbk") is True
    facts = UnitFacts(core_service=np.bool_(False), significant_public_impact=np.bool_(True))
    assert facts.core_service is False and facts.significant_public_impact is True
    good = zi.assess(zi.score(Worksheet.from_answers(RB, BEST, assessor="tpn")), target="WBK")
    kawasan = assess_kawasan(RB, [good], integration_score=np.float64(6.5), target="WBK")
    assert kawasan.passed and kawasan.criteria[-1].actual == Decimal("6.5")


@pytest.mark.parametrize("blank", BLANKS, ids=repr)
def test_a_blank_cell_leaves_an_item_unanswered(blank):
    assert is_blank(blank)
    answers = {"P1.i.a": blank, "H1.a": blank, "R4.i.a": {"targets": blank, "met": blank}, "P1.i.b": "A"}
    ws = Worksheet.from_answers(RB, answers, assessor="tpi")
    assert ws.to_answers() == {"P1.i.b": "A"}
    noted = Worksheet.from_answers(
        RB, {"P1.i.a": {"answer": blank, "note": "belum ada SK", "evidence": blank}}, assessor="tpi"
    )
    assert noted.answer("P1.i.a") == zi.Answer(None, "belum ada SK", None)


@pytest.mark.parametrize("blank", BLANKS, ids=repr)
def test_a_blank_fact_is_an_unknown_fact(blank):
    facts = UnitFacts(
        core_service=blank,
        lhkpn_pct=blank,
        building_wbk_since=blank,
        internal_sakip=blank,
        current_predicate=blank,
        eselon_level=blank,
    )
    assert facts == UnitFacts()
    assert InstansiFacts(year=np.int64(2024), spip_level=blank, units_total=blank, bpk_opinion=blank) == InstansiFacts(
        year=2024
    )


def test_a_blank_integration_score_is_no_integration():
    good = zi.assess(zi.score(Worksheet.from_answers(RB, BEST, assessor="tpn")), target="WBK")
    for blank in BLANKS:
        result = assess_kawasan(RB, [good], integration_score=blank, target="WBK")
        assert result.criteria[-1].actual is None and not result.passed


def test_a_count_with_one_blank_part_names_the_missing_count():
    with pytest.raises(zi.InvalidInputError) as caught:
        Worksheet.from_answers(RB, {"R4.i.a": {"targets": 8, "met": pd.NA}}, assessor="tpi")
    assert str(caught.value.exceptions[0]) == "item 'R4.i.a' takes counts targets, met: missing met"


def test_facts_take_numpy_and_pandas_values():
    facts = UnitFacts(
        audit_follow_up_pct=np.float64(96.5),
        lhkasn_pct=np.int64(100),
        building_wbk_since=pd.Timestamp("2023-01-09"),
        revoked_on=np.datetime64("2024-03-15"),
        eselon_level=np.int64(3),
        current_predicate=np.str_("wbk"),
    )
    assert facts.audit_follow_up_pct == Decimal("96.5") and facts.lhkasn_pct == Decimal(100)
    assert facts.building_wbk_since == dt.date(2023, 1, 9) and facts.revoked_on == dt.date(2024, 3, 15)
    assert facts.eselon_level == 3 and facts.current_predicate is zi.Predicate.WBK
    instansi = InstansiFacts(
        year=np.int64(2024), spip_level=np.int8(3), units_total=np.int64(12), units_with_predicate=np.float64(4.0)
    )
    assert (instansi.year, instansi.spip_level, instansi.units_total, instansi.units_with_predicate) == (2024, 3, 12, 4)
    unit = Unit(
        id=np.str_("u1"), name="Dukcapil", instansi=Instansi("Kota Kediri", np.str_("pemda")), kind=np.str_("dukcapil")
    )
    assert unit.kind is UnitKind.DUKCAPIL


@pytest.mark.parametrize(
    ("action", "code", "shown"),
    [
        (lambda: parse_decimal(np.float64("inf")), "not-finite", "inf"),
        (lambda: parse_decimal(np.datetime64("2024-01-01")), "not-a-number", "datetime.datetime(2024, 1, 1, 0, 0)"),
        (lambda: parse_decimal(np.bool_(True)), "not-a-number", "True"),
        (lambda: parse_count(np.int64(-4), where="sel K9"), "negative-count", "-4 (sel K9)"),
        (lambda: parse_count(np.float64(2.5)), "not-a-count", "2.5"),
        (lambda: parse_count(np.uint64(2**63)), "count-too-large", "9223372036854775808"),
        (lambda: parse_count(np.bool_(False)), "not-a-count", "False"),
        (lambda: UnitFacts(core_service=np.int64(1)), "not-a-flag", "1"),
        (lambda: InstansiFacts(year=np.float64(2024.5)), "not-a-year", "2024.5"),
        (lambda: parse_date(pd.NA), "not-a-date", "<NA>"),
    ],
)
def test_a_value_that_cannot_be_taken_raises_the_librarys_own_error_naming_it(action, code, shown):
    with pytest.raises(zi.InvalidValueError) as caught:
        action()
    assert caught.value.code == code
    assert shown in str(caught.value)
    assert "np." not in str(caught.value) and "numpy" not in str(caught.value)


def test_a_bad_numpy_answer_is_named_in_the_worksheet_problems_not_a_raw_decimal_error():
    with pytest.raises(zi.InvalidInputError) as caught:
        Worksheet.from_answers(
            RB, {"H1.a": np.float64(4.5), "R4.i.a": {"targets": np.int64(3), "met": np.int64(5)}}, assessor="tpi"
        )
    assert caught.value.problems == [
        "item 'H1.a' takes an index from 0 to 4; got 4.5",
        "item 'R4.i.a' takes counts targets, met: met (5) exceeds targets (3)",
    ]
    assert not any(isinstance(e, decimal.DecimalException) for e in caught.value.exceptions)


def test_echo_shows_numpy_scalars_as_the_values_they_stand_for():
    assert [echo(v) for v in (np.float64(3.62), np.int64(9), np.bool_(True), np.str_("Ya"))] == [
        "3.62",
        "9",
        "True",
        "'Ya'",
    ]
    assert native(np.float32(3.62)) == 3.62 and type(native(np.int64(1))) is int


def test_the_library_imports_neither_numpy_nor_pandas():
    code = "import sys, zona_integritas; print('numpy' in sys.modules, 'pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


# -- properties over NumPy's scalar types -------------------------------------------------------------------------
@given(nps.integer_dtypes(endianness="=").flatmap(nps.from_dtype))
def test_any_numpy_integer_is_the_count_it_holds_or_refused_by_the_librarys_error(value):
    number = int(value)
    if 0 <= number <= MAX_COUNT:
        assert parse_count(value) == number
        assert type(parse_count(value)) is int
    else:
        with pytest.raises(zi.InvalidValueError) as caught:
            parse_count(value)
        assert caught.value.code == ("negative-count" if number < 0 else "count-too-large")


@given(nps.floating_dtypes(endianness="=", sizes=(16, 32, 64)).flatmap(nps.from_dtype))
def test_any_numpy_float_reads_as_its_shortest_decimal_or_is_refused_by_the_librarys_error(value):
    if not np.isfinite(value):
        with pytest.raises(zi.InvalidValueError) as caught:
            parse_decimal(value)
        assert caught.value.code == "not-finite"
        return
    try:
        number = parse_decimal(value)
    except zi.InvalidValueError as error:  # beyond 1e18 or below 1e-18 in magnitude
        assert error.code == "number-too-large"
        return
    assert number == Decimal(str(value))  # numpy's str() is the shortest repr in the scalar's own precision
    assert type(value)(str(number)) == value  # …and reads back as the same scalar


@given(st.decimals(min_value=0, max_value=4, places=2), st.sampled_from([np.float64, np.float32, str]))
def test_an_index_answer_from_numpy_scores_like_the_decimal_it_shows(index, kind):
    raw = kind(str(index)) if kind is not str else str(index)
    ws = Worksheet.from_answers(RB, {"H1.a": raw}, assessor="tpn")
    assert ws.answer("H1.a").value == Decimal(str(raw))
    assert ws.answer("H1.a").value == index or kind is np.float32


@given(answer_maps(RB, numpy=True))
def test_answers_as_numpy_scalars_make_the_worksheet_of_their_plain_values(answers):
    plain = {
        code: {n: int(c) for n, c in raw.items()} if isinstance(raw, dict) else str(raw)
        for code, raw in answers.items()
    }
    assert Worksheet.from_answers(RB, answers, assessor="tpi") == Worksheet.from_answers(RB, plain, assessor="tpi")


@given(st.sampled_from(BLANKS), st.sampled_from(list(RB.items)))
def test_any_blank_leaves_any_item_unanswered(blank, item):
    raw = {n: blank for n in item.input_names} if item.input_names else blank
    assert Worksheet.from_answers(RB, {item.code: raw}, assessor="tpi").completeness == (0, 113)


def test_a_numpy_year_is_an_ordinary_cycle():
    import numpy as np

    from zona_integritas.events import Proposed

    event = Proposed(dt.date(2023, 5, 31), cycle=np.int64(2023), target="WBK")
    assert event.cycle == 2023 and type(event.cycle) is int
