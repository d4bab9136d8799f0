from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import zona_integritas as zi
from zona_integritas import examples
from zona_integritas.testing import answer_maps

RB = zi.load_rulebook("permenpanrb-90-2021")
BEST = {code: RB.item(code).best_answer for code in RB.item_codes}

# A worksheet exactly at the WBK thresholds: total 75.00, areas 3, 4 and 5 at 60.00 %, H1 18.25,
# IPAK 15.75 (index 3.60), capaian 2.50, IPKP 14.00 (index 3.20). Pengungkit is 42.75.
AT_THRESHOLDS = {
    **BEST,
    # area 3 -> 6.00 of 10: P3 full (5), R3.i C, R3.ii C, R3.iii 2 * 0.5
    "R3.i.a": "C",
    "R3.ii.a": "C",
    "R3.iii.a": {"last_year": 10, "this_year": 5, "sanctioned": 5},
    # area 4 -> 6.00 of 10: P4 full (5), R4.i 2 * 1/2, R4.ii D, R4.iii D
    "R4.i.a": {"targets": 2, "met": 1},
    "R4.ii.a": "D",
    "R4.iii.a": "D",
    # area 5 -> 9.00 of 15: P5 full (7.5), R5.i E, R5.ii 3 * 0.5, R5.iii 0
    "R5.i.a": "E",
    "R5.ii.a": {"to_follow_up": 10, "in_process": 0, "completed": 5},
    "R5.iii.a": {"unit_heads": 1, "officials": 1, "others": 0, "submitted": 0},
    "R5.iii.b": {"administrators": 1, "supervisors": 1, "staff": 1, "submitted": 0},
    # area 6 -> 6.75 of 10: P6 full (5), R6.i.a D, R6.i.b 3/50, R6.ii.a B -> 0.075 + 1.675
    "R6.i.a": "D",
    "R6.i.b": {"registered": 50, "simplified": 3},
    "R6.ii.a": "B",
    "H1.a": "3.60",
    "H1.b": "C",
    "H2.a": "3.20",
}


def card(answers, rulebook=RB):
    return zi.score(zi.Worksheet.from_answers(rulebook, answers, assessor="tpi"))


def test_the_threshold_worksheet_sits_exactly_on_the_thresholds():
    c = card(AT_THRESHOLDS)
    assert c.total.value == 75
    assert c.pengungkit.value == Decimal("42.75")
    assert [c.area(n).percentage for n in (3, 4, 5)] == [60, 60, 60]
    assert (c.value("H1"), c.value("H1.a"), c.value("H1.b"), c.value("H2")) == (
        Decimal("18.25"),
        Decimal("15.75"),
        Decimal("2.5"),
        Decimal("14.00"),
    )


def test_a_worksheet_exactly_at_every_wbk_threshold_passes():
    verdict = zi.assess(card(AT_THRESHOLDS), target="WBK")
    assert verdict.passed
    assert all(
        c.margin == 0 for c in verdict.criteria if c.key in ("total", "A3", "A4", "A5", "H1", "H1.a", "H1.b", "H2")
    )
    assert verdict.criterion("H1.a").actual_index == Decimal("3.60")
    assert verdict.criterion("H2").required_index == Decimal("3.20")
    assert verdict.criterion("total").source.startswith("90/2021 Lampiran II Bab III A angka 3")


@pytest.mark.parametrize(
    ("change", "failed"),
    [
        ({"R6.i.b": {"registered": 50, "simplified": 2}}, ["total"]),
        (
            {
                "R3.iii.a": {"last_year": 10, "this_year": 6, "sanctioned": 6},
                "R6.i.b": {"registered": 50, "simplified": 11},
            },
            ["A3"],
        ),
        ({"R4.i.a": {"targets": 20, "met": 9}, "R6.i.b": {"registered": 50, "simplified": 13}}, ["A4"]),
        (
            {
                "R5.ii.a": {"to_follow_up": 100, "in_process": 0, "completed": 49},
                "R6.i.b": {"registered": 50, "simplified": 4},
            },
            ["A5"],
        ),
        ({"H1.a": "3.59", "H1.b": "B"}, ["H1.a"]),
        ({"H1.b": "D", "H1.a": "3.89"}, ["H1.b"]),
        ({"H1.a": "3.59"}, ["total", "H1", "H1.a"]),
        ({"H2.a": "3.19", "R6.i.b": {"registered": 50, "simplified": 5}}, ["H2"]),
    ],
)
def test_each_one_step_worse_variant_fails_with_the_right_criterion_named(change, failed):
    verdict = zi.assess(card({**AT_THRESHOLDS, **change}), target="WBK")
    assert not verdict.passed
    assert [c.key for c in verdict.failed] == failed


def test_pengungkit_exactly_40_passes_and_a_little_less_fails():
    answers = {
        **AT_THRESHOLDS,
        "P1.i.a": "Ya",
        "R1.i.a": {"agents": 10, "changes": 8},
        "R1.i.b": {"changes": 8, "integrated": 0},
        "R1.ii.a": "E",
        "R1.iii.a": "D",  # area 1 -> 4.8 of 8 (60 %)
        "R6.i.b": {"registered": 50, "simplified": 21},  # area 6 -> 7.2 of 10
        "H1.a": "4",
        "H1.b": "A",
        "H2.a": "4",
    }
    c = card(answers)
    assert c.pengungkit.value == 40 and c.area(1).percentage == 60
    assert zi.assess(c, target="WBK").passed
    worse = zi.assess(card({**answers, "R6.i.b": {"registered": 50, "simplified": 20}}), target="WBK")
    assert [c.key for c in worse.failed] == ["pengungkit"]
    assert worse.criterion("pengungkit").actual == Decimal("39.98")


def test_rounded_comparison_is_the_default_and_exact_is_an_option():
    c = card({**AT_THRESHOLDS, "R6.i.b": {"registered": 250, "simplified": 14}})
    assert c.total.value == Decimal("74.995")
    assert zi.assess(c, target="WBK").passed
    exact = zi.assess(c, target="WBK", comparison="exact")
    assert [x.key for x in exact.failed] == ["total"]


def test_the_twelve_halves_reading_is_stricter_than_the_six_areas():
    c = card(AT_THRESHOLDS)
    halves = zi.assess(c, target="WBK", area_reading="halves")
    assert {x.key for x in halves.failed} == {"R3", "R4", "R5", "R6"}
    assert halves.criterion("P3").actual == 100
    assert halves.criterion("R3").actual == 20


def test_wbbm_requires_holding_wbk_and_never_guesses():
    c = card(BEST)
    with pytest.raises(ValueError, match="never guessed"):
        zi.assess(c, target="WBBM")
    assert zi.assess(c, target="WBBM", holds_wbk=True).passed
    without = zi.assess(c, target="WBBM", holds_wbk=False)
    assert [x.key for x in without.failed] == ["prior_predicate"]
    assert zi.assess(c, target="WBBM", history=["WBK"]).passed
    assert not zi.assess(c, target="WBBM", history=[]).passed


def test_wbbm_thresholds_are_higher():
    verdict = zi.assess(card(AT_THRESHOLDS), target="WBBM", holds_wbk=True)
    required = {c.key: c.required for c in verdict.criteria if c.required is not None}
    assert required["total"] == 85 and required["pengungkit"] == 48 and required["A1"] == 75
    assert (required["H1"], required["H1.a"], required["H1.b"], required["H2"]) == (
        Decimal("19.50"),
        Decimal("15.75"),
        Decimal("3.75"),
        Decimal("15.75"),
    )
    assert verdict.criterion("H2").required_index == Decimal("3.60")


def test_the_kediri_example_passes_wbk_and_misses_wbbm_on_area_3_and_ipkp():
    c = zi.score(examples.kediri_worksheet_2022())
    assert zi.assess(c, target="WBK").passed
    wbbm = zi.assess(c, target="WBBM", holds_wbk=True)
    assert [x.key for x in wbbm.failed] == ["A3", "H2"]
    assert wbbm.criterion("H2").margin == Decimal("-0.35")
    data = wbbm.to_dict(language="en")
    assert data["passed"] is False and data["criteria"][0]["key"] == "prior_predicate"


def test_survey_criteria_read_index_and_points_consistently():
    for criterion in RB.criteria:
        if criterion.index_minimum is not None:
            weight = RB.indicator(criterion.index_item).weight
            assert criterion.index_minimum / 4 * weight == criterion.minimum


def test_a_broken_survey_threshold_in_the_data_is_caught():
    from pathlib import Path

    text = (Path(zi.__file__).parent / "rulebooks" / "permenpanrb-90-2021.toml").read_text()
    text = text.replace('index_minimum = "3.20"', 'index_minimum = "3.30"', 1)
    with pytest.raises(zi.RulebookError, match=r"index 3\.30 gives 14\.4375 points, not the minimum 14\.00"):
        zi.rulebook_from_toml(text, source="x.toml")


def test_the_legacy_52_2014_rulebook_warns_and_decides_by_its_own_thresholds():
    with pytest.warns(zi.SupersededRulebookWarning, match="superseded by PermenPANRB 90/2021"):
        old = zi.load_rulebook("permenpanrb-52-2014")
    assert [a.weight for a in old.areas] == [5, 5, 15, 10, 15, 10]
    answers = {f"P{n}.area": 80 for n in range(1, 7)} | {"H1.a": 90, "H1.b": 70, "H2.a": 80}
    c = card(answers, old)
    assert (c.total.value, c.value("H1"), c.value("H1.a"), c.value("H1.b")) == (
        Decimal("81.0"),
        Decimal("17.0"),
        Decimal("13.50"),
        Decimal("3.50"),
    )
    wbk = zi.assess(c, target="WBK")
    assert [x.key for x in wbk.failed] == ["H1"]
    c2 = card({**answers, "H1.a": 100}, old)
    assert zi.assess(c2, target="WBK").passed
    wbbm = zi.assess(c2, target="WBBM", holds_wbk=True)
    assert [x.key for x in wbbm.failed] == ["total"]
    assert wbbm.criterion("H2").required == 16
    c3 = card({**answers, "H1.a": 100, "H2.a": 79, **{f"P{n}.area": 100 for n in range(1, 7)}}, old)
    assert [x.key for x in zi.assess(c3, target="WBBM", holds_wbk=True).failed] == ["H2"]


def test_52_2014_wbbm_requires_a_prior_wbk_lampiran_bab_iii_a_p21():
    old = zi.load_rulebook("permenpanrb-52-2014", warn_superseded=False)
    best = {f"P{n}.area": 100 for n in range(1, 7)} | {"H1.a": 100, "H1.b": 100, "H2.a": 100}
    without = zi.assess(card(best, old), target="WBBM", holds_wbk=False)
    assert [x.key for x in without.failed] == ["prior_predicate"]
    assert without.criterion("prior_predicate").source.startswith("52/2014 Lampiran Bab III A, p. 21")
    assert zi.assess(card(best, old), target="WBBM", holds_wbk=True).passed


def test_52_2014_verdict_citations_name_bab_iii_b_4_1_and_b_4_2():
    old = zi.load_rulebook("permenpanrb-52-2014", warn_superseded=False)
    sources = {c.predicate.value + " " + c.key: c.source for c in old.criteria}
    assert sources["WBK total"] == "52/2014 Lampiran Bab III B.4.1 Penetapan WBK angka 1"
    assert sources["WBBM H2"] == "52/2014 Lampiran Bab III B.4.2 Penetapan WBBM angka 3"
    assert not any("Bab III, 4." in s for s in sources.values())


@given(answer_maps(RB, complete=True), st.sampled_from(["WBK", "WBBM"]), st.booleans())
def test_a_verdict_never_passes_when_any_criterion_fails(answers, target, holds):
    verdict = zi.assess(card(answers), target=target, holds_wbk=holds)
    assert verdict.passed == all(c.passed for c in verdict.criteria)
    assert all(c.margin is None or (c.margin >= 0) == c.passed for c in verdict.criteria)
