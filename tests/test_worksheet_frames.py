"""Worksheets as DataFrames and back: one row per item (long) or one row per unit (wide), stable English column
names, blank cells as unanswered items, and every problem of a bad frame reported at once with its row and column."""

from __future__ import annotations

import io
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zona_integritas as zi
from zona_integritas import examples
from zona_integritas.testing import worksheets
from zona_integritas.worksheet import Worksheet, worksheets_to_dataframe

RB = zi.load_rulebook("permenpanrb-90-2021")
OLD = zi.load_rulebook("permenpanrb-52-2014", warn_superseded=False)
KEDIRI = examples.kediri_worksheet_2022()


def _with_notes(ws: Worksheet, notes: dict[str, tuple[str | None, str | None]]) -> Worksheet:
    answers = ws.to_answers()
    for code, (note, evidence) in notes.items():
        value = answers.get(code)
        value = value["answer"] if isinstance(value, dict) and "answer" in value else value
        answers[code] = {"answer": value, "note": note, "evidence": evidence}
    return Worksheet.from_answers(ws.rulebook, answers, assessor=ws.assessor)


notes = st.dictionaries(
    st.sampled_from(list(RB.item_codes)),
    st.tuples(
        st.none() | st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=8),
        st.none() | st.just("SK 12/2024"),
    ),
    max_size=3,
)


# -- long: one row per item ---------------------------------------------------------------------------------------
def test_the_long_frame_has_one_row_per_item_with_stable_columns():
    frame = KEDIRI.to_dataframe()
    assert len(frame) == 113 and list(frame["item"]) == list(RB.item_codes)
    assert list(frame.columns) == [
        "item", "answer", "agents", "changes", "integrated", "last_year", "this_year", "sanctioned", "targets", "met",
        "to_follow_up", "in_process", "completed", "unit_heads", "officials", "others", "submitted", "administrators",
        "supervisors", "staff", "registered", "simplified", "note", "evidence",
    ]  # fmt: skip
    assert str(frame["targets"].dtype) == "Int64" and frame.attrs == {"rulebook": RB.id, "assessor": "tpi"}
    row = frame.set_index("item").loc["H1.a"]
    assert row["answer"] == KEDIRI.answer("H1.a").value and isinstance(row["answer"], Decimal)
    assert pd.isna(row["targets"])


def test_the_same_frame_whatever_the_language():
    with zi.i18n.use_language("id"):
        indonesian = KEDIRI.to_dataframe()
    with zi.i18n.use_language("en"):
        english = KEDIRI.to_dataframe()
    pd.testing.assert_frame_equal(indonesian, english)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worksheets(RB), notes)
def test_worksheet_to_long_frame_to_worksheet_is_the_same_worksheet(ws, extra):
    ws = _with_notes(ws, extra)
    assert Worksheet.from_dataframe(RB, ws.to_dataframe()) == ws


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worksheets(RB))
def test_a_long_frame_survives_a_csv_file(ws):
    """Through CSV the answers come back as text and floats (a count column with blanks is float): still equal."""
    text = ws.to_dataframe().to_csv(index=False)
    assert Worksheet.from_dataframe(RB, pd.read_csv(io.StringIO(text)), assessor=ws.assessor) == ws


def test_a_hand_made_long_frame_may_leave_out_columns_and_rows_and_use_any_case():
    frame = pd.DataFrame({" Item ": ["P1.i.a", "R5.ii.a", "P1.i.b"], "ANSWER": ["tidak", None, "b"]})
    frame["to_follow_up"] = [None, 4.0, None]
    frame["in_process"] = [None, 1.0, None]
    frame["completed"] = [None, 2.0, None]
    ws = Worksheet.from_dataframe(RB, frame, assessor="unit")
    assert ws.to_answers() == {
        "P1.i.a": "Tidak",
        "P1.i.b": "B",
        "R5.ii.a": {"to_follow_up": 4, "in_process": 1, "completed": 2},
    }
    assert ws.assessor is zi.Assessor.UNIT


def test_blank_rows_and_blank_cells_are_unanswered():
    frame = pd.DataFrame(
        {
            "item": ["P1.i.a", None, "H1.a", "R4.i.a"],
            "answer": ["", None, float("nan"), pd.NA],
            "note": [None, None, "belum disurvei", None],
        }
        | {"targets": pd.array([None, None, None, None], dtype="Int64"), "met": [float("nan")] * 4}
    )
    ws = Worksheet.from_dataframe(RB, frame, assessor="tpi")
    assert ws.completeness == (0, 113) and ws.answer("H1.a") == zi.Answer(None, "belum disurvei", None)


def test_a_bad_long_frame_reports_every_problem_with_its_row_and_column():
    frame = pd.DataFrame(
        {
            "item": ["P1.i.b", "X.9", "R4.i.a", "P1.i.a", "P1.i.a", "H1.a", None, "R1.i.a"],
            "answer": ["D", "A", "3", "Ya", "Tidak", "4,5", "Ya", None],
            "targets": [None, None, None, 2, None, None, None, None],
            "agents": [None, None, None, None, None, None, None, -1],
            "changes": [None, None, None, None, None, None, None, 2.5],
            "note": [None, None, None, None, None, "a\x07", None, None],
            "remark": [""] * 8,
        },
        index=[10, 11, 12, 13, 14, 15, 16, 17],
    )
    with pytest.raises(zi.InvalidInputError) as caught:
        Worksheet.from_dataframe(RB, frame, source="lke.xlsx")
    assert str(caught.value).splitlines()[0] == "worksheet frame from lke.xlsx has problems (10):"
    assert caught.value.problems == [
        "column 'remark' is not a column of a worksheet frame",
        "item 'P1.i.b' takes A, B or C; got 'D' (row 10, column 'answer')",
        "rulebook 'permenpanrb-90-2021' has no item 'X.9' (row 11, column 'item')",
        "item 'R4.i.a' takes its counts in the columns targets, met, not an answer (row 12, column 'answer')",
        "item 'P1.i.a' takes no count targets (row 13, column 'targets')",
        "item 'P1.i.a' is answered twice, first in row 13 (row 14, column 'item')",
        "note contains the control character U+0007 (row 15, column 'note')",
        "the row names no item (row 16, column 'item')",
        "item 'R1.i.a' takes counts agents, changes: agents must be a non-negative whole number, got -1.0 (at most "
        "1,000,000,000); changes must be a non-negative whole number, got 2.5 (at most 1,000,000,000) (row 17, "
        "columns 'agents', 'changes')",
        "the assessor is not known: pass assessor='unit', 'tpi' or 'tpn'",
    ]
    assert {e.code for e in caught.value.exceptions} >= {"unknown-column", "unknown-option", "unknown-item"}


def test_a_frame_without_an_item_column_or_not_a_frame_is_refused():
    with pytest.raises(zi.InvalidInputError) as caught:
        Worksheet.from_dataframe(RB, pd.DataFrame({"code": ["P1.i.a"], "answer": ["Ya"]}), assessor="tpi")
    assert caught.value.problems == [
        "column 'code' is not a column of a worksheet frame",
        "a worksheet frame needs an 'item' column",
    ]
    with pytest.raises(zi.InvalidValueError) as refused:
        Worksheet.from_dataframe(RB, {"item": ["P1.i.a"]}, assessor="tpi")
    assert str(refused.value) == "Worksheet.from_dataframe takes a pandas DataFrame; got {'item': ['P1.i.a']}"
    with pytest.raises(zi.InvalidInputError) as twice:
        Worksheet.from_dataframe(RB, pd.DataFrame([["P1.i.a", "P1.i.b"]], columns=["item", "ITEM"]), assessor="tpi")
    assert twice.value.problems == ["columns 'item' and 'ITEM' are the same column"]


# -- wide: one row per unit ---------------------------------------------------------------------------------------
def test_the_wide_frame_has_one_row_per_unit_and_a_column_per_item_or_count():
    other = Worksheet.from_answers(RB, {"P1.i.a": "Tidak", "R4.i.a": {"targets": 2, "met": 1}}, assessor="unit")
    frame = worksheets_to_dataframe({"Dukcapil": KEDIRI, "RSUD": other})
    assert list(frame["unit"]) == ["Dukcapil", "RSUD"] and list(frame["assessor"]) == ["tpi", "unit"]
    assert "P1.i.a" in frame.columns and "R4.i.a.targets" in frame.columns and "R4.i.a" not in frame.columns
    assert frame.loc[1, "R4.i.a.met"] == 1 and pd.isna(frame.loc[1, "P1.i.b"])
    assert Worksheet.from_wide_dataframe(RB, frame) == {"Dukcapil": KEDIRI, "RSUD": other}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(
        st.text(st.characters(codec="ascii", categories=["L", "N"]), min_size=1, max_size=6), worksheets(RB), max_size=3
    ),
    notes,
)
def test_worksheets_to_wide_frame_to_worksheets_are_the_same_worksheets(sheets, extra):
    sheets = {unit: _with_notes(ws, extra) for unit, ws in sheets.items()}
    frame = worksheets_to_dataframe(sheets, unit_column="unit_kerja")
    assert Worksheet.from_wide_dataframe(RB, frame, unit_column="unit_kerja") == sheets


def test_a_bad_wide_frame_reports_every_problem_with_its_row_and_column():
    frame = pd.DataFrame(
        {
            "unit": ["Dukcapil", "Dukcapil", None, "RSUD"],
            "assessor": ["tpi", "tpi", "tpi", "bupati"],
            "P1.i.a": ["Ya", "X", "Ya", "Ya"],
            "R4.i.a.targets": [3, None, None, None],
            "R4.i.a.met": [5, None, None, None],
            "R4.i.a": [1, None, None, None],
        }
    )
    with pytest.raises(zi.InvalidInputError) as caught:
        Worksheet.from_wide_dataframe(RB, frame)
    assert caught.value.problems == [
        "column 'R4.i.a' is not a column of a worksheet frame",
        "item 'R4.i.a' takes counts targets, met: met (5) exceeds targets (3) (row 0, columns 'R4.i.a.targets', "
        "'R4.i.a.met')",
        "unit 'Dukcapil' has two rows, the first is row 0 (row 1, column 'unit')",
        "a unit is named by text or a whole number; got None (row 2, column 'unit')",
        "assessor must be 'unit', 'tpi' or 'tpn'; got 'bupati' (row 3, column 'assessor')",
    ]


def test_frames_of_different_rulebooks_are_refused():
    frame = Worksheet.blank(OLD, assessor="tpi").to_dataframe()
    with pytest.raises(zi.InvalidInputError) as caught:
        Worksheet.from_dataframe(RB, frame.iloc[:0])
    assert caught.value.problems == [
        "the frame holds answers to rulebook 'permenpanrb-52-2014', not to 'permenpanrb-90-2021'"
    ]
    wide = worksheets_to_dataframe({"a": Worksheet.blank(OLD, assessor="tpi")})
    with pytest.raises(zi.InvalidInputError) as caught:
        Worksheet.from_wide_dataframe(RB, wide[["unit", "assessor"]])
    assert caught.value.problems == [
        "the frame holds answers to rulebook 'permenpanrb-52-2014', not to 'permenpanrb-90-2021'"
    ]
    with pytest.raises(zi.InvalidValueError, match="share a rulebook") as caught:
        worksheets_to_dataframe({"a": KEDIRI, "b": Worksheet.blank(OLD, assessor="tpi")})
    assert caught.value.code == "different-rulebooks"
    assert list(worksheets_to_dataframe({}).columns) == ["unit", "assessor"]
