from __future__ import annotations

import random
import warnings
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

import zona_integritas as zi
from zona_integritas.decimals import round_half_up
from zona_integritas.rulebook import ItemKind
from zona_integritas.testing import answer_maps, answer_values, worksheets

RB = zi.load_rulebook("permenpanrb-90-2021")
BEST = {code: RB.item(code).best_answer for code in RB.item_codes}


def worst_answer(item):
    if item.kind is ItemKind.CHOICE:
        return item.scale.keys[-1]
    if item.kind is ItemKind.INDEX:
        return 0
    if item.formula.kind.value == "decrease_ratio":
        return {"last_year": 4, "this_year": 9, "sanctioned": 0}
    counts = {name: 0 for name in item.input_names}
    counts[item.formula.denominator[0]] = 5
    return counts


WORST = {item.code: worst_answer(item) for item in RB.items}


def card(answers, **kw):
    return zi.score(zi.Worksheet.from_answers(RB, answers, assessor="tpi"), **kw)


def quiet_score(ws, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", zi.IncompleteWorksheetWarning)
        return zi.score(ws, **kw)


def test_all_best_answers_score_exactly_100():
    c = card(BEST)
    assert c.total.value == 100
    assert (c.pengungkit.value, c.hasil.value, c.pemenuhan.value, c.reform.value) == (60, 40, 30, 30)
    assert all(a.percentage == 100 for a in c.areas)


def test_all_worst_answers_score_exactly_0():
    c = card(WORST)
    assert all(node.value == 0 for node in c.walk())


def test_a_mixed_worksheet_scores_what_was_computed_by_hand():
    answers = dict(BEST)
    answers.update(
        {
            "P1.i.b": "B",  # P1.i  = 0.5 * (1 + 0.5) / 2           -> loses 0.125
            "P1.iii.a": "b",  # P1.iii = 1 * (0.67 + 1 + 1) / 3       -> loses 0.11
            "P2.i.b": "C",  # P2.i  = 1 * (1 + 0.5 + 1) / 3         -> loses 1/6
            "R4.i.a": {"targets": 8, "met": 6},  # R4.i = 2 * 6/8         -> loses 0.5
            "H1.a": "3,62",  # H1.a  = 17.5 * 3.62 / 4 = 15.8375     -> loses 1.6625
        }
    )
    c = card(answers)
    exact_total = (
        Fraction(100) - Fraction("0.125") - Fraction("0.11") - Fraction(1, 6) - Fraction("0.5") - Fraction("1.6625")
    )
    assert abs(Fraction(c.total.value) - exact_total) < Fraction(1, 10**30)
    assert c.total.rounded == Decimal("97.44")
    assert c.pengungkit.rounded == Decimal("59.10")
    assert c.hasil.value == Decimal("38.3375")
    assert c.indicator("P1.i").value == Decimal("0.375")
    assert c.indicator("P1.iii").value == Decimal("0.89")
    assert c.indicator("R4.i").value == Decimal("1.5")
    assert c.value("H1") == Decimal("20.8375")
    assert c.area(1).value == Decimal("7.765")
    assert c.area("Penataan Tatalaksana").rounded == Decimal("6.83")


@pytest.mark.parametrize(("key", "points"), [("A", "0.75"), ("B", "0.5025"), ("C", "0.2475"), ("D", "0")])
def test_a_b_c_d_items_score_one_067_033_zero(key, points):
    c = card({**BEST, "P3.v.a": key})
    assert c.item("P3.v.a").item_value == {"A": 1, "B": Decimal("0.67"), "C": Decimal("0.33"), "D": 0}[key]
    assert c.indicator("P3.v").value == Decimal(points)


@pytest.mark.parametrize(
    ("code", "counts", "value"),
    [
        ("R1.i.a", {"agents": 10, "changes": 8}, Decimal("0.8")),
        ("R1.i.a", {"agents": 10, "changes": 14}, Decimal(1)),
        ("R1.i.a", {"agents": 0, "changes": 0}, Decimal(0)),
        ("R1.i.b", {"changes": 3, "integrated": 1}, Fraction(1, 3)),
        ("R1.i.b", {"changes": 0, "integrated": 0}, Decimal(0)),
        ("R3.iii.a", {"last_year": 10, "this_year": 4, "sanctioned": 4}, Decimal("0.6")),
        ("R3.iii.a", {"last_year": 0, "this_year": 0, "sanctioned": 0}, Decimal(1)),
        ("R3.iii.a", {"last_year": 0, "this_year": 2, "sanctioned": 2}, Decimal(0)),
        ("R3.iii.a", {"last_year": 3, "this_year": 5, "sanctioned": 0}, Decimal(0)),
        ("R3.iii.a", {"last_year": 5, "this_year": 5, "sanctioned": 5}, Decimal(0)),
        ("R3.iii.a", {"last_year": 5, "this_year": 0, "sanctioned": 0}, Decimal(1)),
        ("R4.i.a", {"targets": 8, "met": 8}, Decimal(1)),
        ("R4.i.a", {"targets": 0, "met": 0}, Decimal(0)),
        ("R5.ii.a", {"to_follow_up": 10, "in_process": 3, "completed": 5}, Decimal("0.5")),
        ("R5.ii.a", {"to_follow_up": 10, "in_process": 0, "completed": 10}, Decimal(1)),
        ("R5.iii.a", {"unit_heads": 1, "officials": 4, "others": 3, "submitted": 6}, Decimal("0.75")),
        ("R5.iii.b", {"administrators": 2, "supervisors": 8, "staff": 30, "submitted": 30}, Decimal("0.75")),
        ("R6.i.b", {"registered": 40, "simplified": 10}, Decimal("0.25")),
    ],
)
def test_count_formulas_follow_the_official_workbook(code, counts, value):
    ws = zi.Worksheet.from_answers(RB, {code: counts}, assessor="unit")
    got = ws.value(code)
    if isinstance(value, Fraction):
        assert abs(Fraction(got) - value) < Fraction(1, 10**35)
    else:
        assert got == value


def test_the_zero_policy_warns_and_the_skip_policy_averages_answered_items_only():
    ws = zi.Worksheet.from_answers(RB, {"P1.i.a": "Ya"}, assessor="unit")
    with pytest.warns(zi.IncompleteWorksheetWarning, match="112 of 113 items unanswered"):
        zero = zi.score(ws)
    skip = zi.score(ws, unanswered="skip")
    assert zero.indicator("P1.i").value == Decimal("0.25")
    assert skip.indicator("P1.i").value == Decimal("0.5")
    assert skip.completeness == (1, 113) and len(skip.unanswered) == 112
    assert skip.item("P1.i.b").maximum == 0 and skip.item("P1.i.b").percentage is None


def test_an_unknown_policy_is_refused():
    with pytest.raises(ValueError, match="unanswered must be 'zero' or 'skip'"):
        zi.score(zi.Worksheet.blank(RB, assessor="unit"), unanswered="average")


def test_the_card_is_a_tree_from_total_to_each_answer():
    c = card(BEST)
    kinds = [n.kind for n in c.walk()]
    assert kinds.count(zi.NodeKind.ITEM) == 113
    assert kinds.count(zi.NodeKind.AREA_HALF) == 12
    item = c.item("R4.i.a")
    assert item.answer.value == {"targets": 1, "met": 1} and item.value == 2


def test_the_json_figures_hold_every_area_and_the_main_nodes():
    data = card(BEST).to_dict(language="en")
    for key in ("total", "pengungkit", "hasil", "pemenuhan", "reform"):
        assert data[key]["points"] in ("100.00", "60.00", "40.00", "30.00")
    assert [a["number"] for a in data["areas"]] == [1, 2, 3, 4, 5, 6]
    assert data["areas"][0]["label"] == "Change management"
    assert data["areas"][4]["points"] == "15.00" and data["areas"][4]["percentage"] == "100.00"


def test_rounding_for_display_is_half_up():
    assert round_half_up(Decimal("0.125")) == Decimal("0.13")
    assert round_half_up(Decimal("97.435")) == Decimal("97.44")


@given(worksheets(RB))
def test_every_node_lies_between_zero_and_its_maximum(ws):
    for policy in ("zero", "skip"):
        for node in quiet_score(ws, unanswered=policy).walk():
            assert 0 <= node.value <= node.maximum, node.code


@given(worksheets(RB), st.data())
def test_improving_one_answer_never_lowers_any_node(ws, data):
    item = data.draw(st.sampled_from(RB.items))
    first = data.draw(answer_values(item))
    second = data.draw(answer_values(item))
    low_ws = ws.with_answers({item.code: first})
    high_ws = ws.with_answers({item.code: second})
    if low_ws.value(item.code) > high_ws.value(item.code):
        low_ws, high_ws = high_ws, low_ws
    low, high = quiet_score(low_ws), quiet_score(high_ws)
    for a, b in zip(low.walk(), high.walk(), strict=True):
        assert a.value <= b.value, a.code
    # answering an unanswered item is an improvement under the zero policy
    blank = quiet_score(ws.with_answers({item.code: None}))
    assert blank.total.value <= low.total.value


@given(answer_maps(RB), st.randoms())
def test_answer_order_does_not_matter(answers, rnd):
    pairs = list(answers.items())
    rnd.shuffle(pairs)
    a = zi.Worksheet.from_answers(RB, answers, assessor="unit")
    b = zi.Worksheet.from_answers(RB, pairs, assessor="unit")
    assert a == b
    assert quiet_score(a).total.value == quiet_score(b).total.value


@given(worksheets(RB))
def test_skip_never_scores_below_zero_policy(ws):
    zero, skip = quiet_score(ws), quiet_score(ws, unanswered="skip")
    for a, b in zip(zero.walk(), skip.walk(), strict=True):
        assert a.value <= b.value, a.code


@given(worksheets(RB, complete=True))
def test_skip_and_zero_agree_on_complete_worksheets(ws):
    zero, skip = zi.score(ws), zi.score(ws, unanswered="skip")
    assert [n.value for n in zero.walk()] == [n.value for n in skip.walk()]


def test_a_random_complete_worksheet_matches_a_fraction_reference():
    """An independent re-computation in exact fractions, straight from the rulebook."""
    rnd = random.Random(7)
    for _ in range(20):
        answers = {}
        for item in RB.items:
            if item.kind is ItemKind.CHOICE:
                answers[item.code] = rnd.choice(item.scale.keys)
            elif item.kind is ItemKind.INDEX:
                answers[item.code] = f"{rnd.randint(0, 400) / 100:.2f}"
            else:
                answers[item.code] = BEST[item.code] if rnd.random() < 0.5 else worst_answer(item)
        ws = zi.Worksheet.from_answers(RB, answers, assessor="tpn")

        def value(ind, ws=ws):
            if ind.parts:
                return sum((value(p) for p in ind.parts), Fraction(0))
            vals = [Fraction(ws.value(i.code)) for i in ind.items]
            return Fraction(ind.weight) * sum(vals) / len(vals)

        expected = sum(
            (
                value(i)
                for i in RB.indicators
                if i.parent in {"H1", "H2"} | {f"{p}{n}" for p in "PR" for n in range(1, 7)}
            ),
            Fraction(0),
        )
        assert abs(Fraction(zi.score(ws).total.value) - expected) < Fraction(1, 10**30)


def test_a_score_that_is_exactly_a_half_cent_rounds_up_as_in_the_workbook(rb):
    """1/12 + 1/3 + 5/24 = 0.625 exactly; Excel's ROUND shows 0.63 (found by the agency-layout round trip)."""
    ws = zi.Worksheet.from_answers(
        rb, {"P3.i.c": "Ya", "P3.ii.b": "A", "P3.ii.c": "Ya", "P3.iii.f": "A"}, assessor="unit"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", zi.IncompleteWorksheetWarning)
        card = zi.score(ws)
    assert card.total.value < Decimal("0.625") and card.total.rounded == Decimal("0.63")
