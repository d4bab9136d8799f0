from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given

import zona_integritas as zi
from zona_integritas.testing import invalid_answer_maps
from zona_integritas.worksheet import Counts

RB = zi.load_rulebook("permenpanrb-90-2021")


def make(answers, assessor="unit"):
    return zi.Worksheet.from_answers(RB, answers, assessor=assessor)


@pytest.mark.parametrize("raw", ["Ya", "ya", "YA", " Ya "])
def test_yes_no_items_accept_ya_in_any_case(raw):
    assert make({"P1.i.a": raw}).answer("P1.i.a").value == "Ya"


@pytest.mark.parametrize("raw", ["b", "B"])
def test_choice_items_accept_option_letters_in_any_case(raw):
    assert make({"P1.i.b": raw}).answer("P1.i.b").value == "B"


@pytest.mark.parametrize("raw", [3.62, "3.62", "3,62", Decimal("3.62")])
def test_survey_items_accept_an_index_written_as_users_write_it(raw):
    ws = make({"H1.a": raw})
    assert ws.answer("H1.a").value == Decimal("3.62")
    assert ws.value("H1.a") == Decimal("0.905")


@pytest.mark.parametrize(
    ("code", "raw", "message"),
    [
        ("P1.i.b", "D", "item 'P1.i.b' takes A, B or C; got 'D'"),
        ("P1.i.a", "Yes", "item 'P1.i.a' takes Ya or Tidak; got 'Yes'"),
        ("P1.i.a", True, "item 'P1.i.a' takes Ya or Tidak; got True"),
        ("H1.a", "4,01", "item 'H1.a' takes an index from 0 to 4; got '4,01'"),
        ("H1.a", -0.5, "item 'H1.a' takes an index from 0 to 4; got -0.5"),
        ("H1.a", "tiga", "item 'H1.a' takes an index from 0 to 4; got 'tiga'"),
        ("R4.i.a", {"targets": 3, "met": 5}, "met (5) exceeds targets (3)"),
        ("R4.i.a", {"targets": -1, "met": 0}, "targets must be a non-negative whole number, got -1"),
        ("R4.i.a", {"targets": 2.5, "met": 0}, "targets must be a non-negative whole number, got 2.5"),
        ("R4.i.a", {"targets": True, "met": 0}, "targets must be a non-negative whole number, got True"),
        ("R4.i.a", {"targets": 3}, "missing met"),
        ("R4.i.a", {"targets": 3, "met": 1, "extra": 2}, "unknown count 'extra'"),
        ("R4.i.a", 0.75, "takes the counts targets, met as a mapping; got 0.75"),
        ("R1.i.b", {"changes": 2, "integrated": 3}, "integrated (3) exceeds changes (2)"),
        ("R5.ii.a", {"to_follow_up": 5, "in_process": 2, "completed": 6}, "completed (6) exceeds to_follow_up (5)"),
        ("R5.iii.a", {"unit_heads": 1, "officials": 2, "others": 0, "submitted": 4}, "submitted (4) exceeds"),
        ("R5.iii.b", {"administrators": 1, "supervisors": 1, "staff": 1, "submitted": 4}, "submitted (4) exceeds"),
        ("R6.i.b", {"registered": 2, "simplified": 3}, "simplified (3) exceeds registered (2)"),
    ],
)
def test_bad_answers_are_refused_with_the_item_and_value_named(code, raw, message):
    with pytest.raises(zi.InvalidInputError) as caught:
        zi.Worksheet.from_answers(RB, {code: raw}, assessor="tpi", source="lke.json")
    assert len(caught.value.exceptions) == 1
    problem = caught.value.exceptions[0]
    assert isinstance(problem, zi.InvalidAnswerError) and isinstance(problem, ValueError)
    assert message in str(problem)
    assert str(problem).endswith("(lke.json)")


def test_more_changes_than_agents_is_allowed_and_capped_at_one():
    ws = make({"R1.i.a": {"agents": 4, "changes": 9}})
    assert ws.value("R1.i.a") == 1


def test_counts_may_be_written_as_whole_number_strings_or_floats():
    ws = make({"R4.i.a": {"targets": "8", "met": 6.0}})
    assert ws.answer("R4.i.a").value == Counts((("targets", 8), ("met", 6)))


def test_all_problems_of_one_worksheet_are_reported_together():
    with pytest.raises(zi.InvalidInputError) as caught:
        zi.Worksheet.from_answers(
            RB, {"P1.i.b": "D", "P9.i.a": "A", "H2.a": 5, "R6.i.b": {"registered": 1, "simplified": 2}}, assessor="tpx"
        )
    assert len(caught.value.exceptions) == 5
    assert "assessor must be 'unit', 'tpi' or 'tpn'; got 'tpx'" in caught.value.problems[0]


def test_an_unknown_item_is_a_key_error_too():
    with pytest.raises(zi.InvalidInputError) as caught:
        make({"P1.i.z": "A"})
    assert isinstance(caught.value.exceptions[0], KeyError)


def test_notes_and_evidence_travel_with_the_answer():
    ws = make({"P1.i.a": {"answer": "Ya", "note": "SK tim", "evidence": "https://example.org/sk.pdf"}})
    assert ws.answer("P1.i.a") == zi.Answer("Ya", "SK tim", "https://example.org/sk.pdf")
    assert ws.to_answers() == {"P1.i.a": {"answer": "Ya", "note": "SK tim", "evidence": "https://example.org/sk.pdf"}}


def test_a_wrapper_with_unknown_keys_is_refused():
    with pytest.raises(zi.InvalidInputError) as caught:
        make({"P1.i.a": {"answer": "Ya", "comment": "x"}})
    assert caught.value.problems == ["item 'P1.i.a': unknown key 'comment'"]


def test_a_note_on_an_unanswered_item_is_kept_but_not_scored():
    ws = make({"P1.i.a": {"answer": None, "note": "menunggu SK"}})
    assert ws.completeness == (0, 113)
    assert ws.answer("P1.i.a") == zi.Answer(None, "menunggu SK", None)
    assert ws.to_answers() == {"P1.i.a": {"answer": None, "note": "menunggu SK", "evidence": None}}


def test_none_leaves_an_item_unanswered():
    ws = make({"P1.i.a": None, "P1.i.b": "A"})
    assert ws.completeness == (1, 113)
    assert "P1.i.a" in ws.unanswered


def test_worksheets_are_immutable_values():
    ws = make({"P1.i.a": "Ya"})
    changed = ws.with_answers({"P1.i.a": "Tidak"})
    assert ws.answer("P1.i.a").value == "Ya" and changed.answer("P1.i.a").value == "Tidak"
    assert make({"P1.i.a": "ya"}) == ws and hash(make({"P1.i.a": "ya"})) == hash(ws)
    assert ws.with_assessor("tpn").assessor is zi.Assessor.TPN


@given(invalid_answer_maps(RB))
def test_every_bad_answer_is_reported_once_and_nothing_else(case):
    answers, bad = case
    with pytest.raises(zi.InvalidInputError) as caught:
        zi.Worksheet.from_answers(RB, answers, assessor="unit")
    assert len(caught.value.exceptions) == len(bad)
    for code in bad:
        assert any(repr(code) in p for p in caught.value.problems), code


def test_answers_that_are_neither_a_mapping_nor_pairs_are_refused():
    with pytest.raises(zi.InvalidInputError) as caught:
        zi.Worksheet.from_answers(RB, ["P1.i.a", ("P1.i.b", "A")], assessor="unit")
    assert caught.value.problems == [
        "answers are a mapping of item code to answer, or (code, answer) pairs; got 'P1.i.a'"
    ]


def test_r5_ii_a_accepts_lampiran_iii_sample_1_in_process_1_completed():
    # 90/2021 Lampiran III's own example: 1 complaint to follow up, 1 in process, 1 completed = 100 %
    ws = zi.Worksheet.from_answers(
        RB, {"R5.ii.a": {"to_follow_up": 1, "in_process": 1, "completed": 1}}, assessor="tpi"
    )
    assert ws.value("R5.ii.a") == 1
    assert [(r.left, r.right) for r in RB.item("R5.ii.a").formula.at_most] == [(("completed",), ("to_follow_up",))]
