from __future__ import annotations

import pytest

import zona_integritas as zi
from zona_integritas.kawasan import assess_kawasan

RB = zi.load_rulebook("permenpanrb-90-2021")
BEST = {c: RB.item(c).best_answer for c in RB.item_codes}
GOOD = zi.score(zi.Worksheet.from_answers(RB, BEST, assessor="tpn"))
WEAK = zi.score(zi.Worksheet.from_answers(RB, BEST | {"H2.a": "3.0"}, assessor="tpn"))


def verdicts(target, all_pass):
    good = zi.assess(GOOD, target=target, holds_wbk=True)
    weak = zi.assess(WEAK, target=target, holds_wbk=True)
    return [good, good] if all_pass else [good, weak]


# 90/2021 Lampiran II Bab III D.2, Tabel 7 (WBK): conditions 1-4
@pytest.mark.parametrize(
    ("all_units", "integration", "passed"),
    [
        (False, None, False),
        (False, "6.5", False),
        (True, None, False),
        (True, "6.5", True),
    ],
)
def test_tabel_7_kawasan_wbk(all_units, integration, passed):
    result = assess_kawasan(RB, verdicts("WBK", all_units), integration_score=integration, target="WBK")
    assert result.passed is passed


# Tabel 8 (WBBM): the same four conditions with 7.5, for a kawasan already holding WBK
@pytest.mark.parametrize(
    ("all_units", "integration", "passed"),
    [
        (False, None, False),
        (False, "7.5", False),
        (True, None, False),
        (True, "7.5", True),
        (True, "7.4", False),
    ],
)
def test_tabel_8_kawasan_wbbm(all_units, integration, passed):
    result = assess_kawasan(
        RB, verdicts("WBBM", all_units), integration_score=integration, target="WBBM", kawasan_holds_wbk=True
    )
    assert result.passed is passed


def test_kawasan_wbbm_only_after_kawasan_wbk():
    result = assess_kawasan(RB, verdicts("WBBM", True), integration_score="8", target="WBBM", kawasan_holds_wbk=False)
    assert [c.key for c in result.criteria if not c.passed] == ["kawasan_prior_predicate"]
    with pytest.raises(ValueError, match="never guessed"):
        assess_kawasan(RB, verdicts("WBBM", True), integration_score="8", target="WBBM")


def test_integration_at_6_5_is_enough_for_wbk_but_6_4_is_not():
    assert not assess_kawasan(RB, verdicts("WBK", True), integration_score=6.4, target="WBK").passed


def test_unit_verdicts_must_be_for_the_same_target():
    with pytest.raises(zi.InvalidValueError, match="needs unit verdicts for WBK"):
        assess_kawasan(RB, verdicts("WBBM", True), integration_score="7", target="WBK")
    with pytest.raises(zi.InvalidValueError, match="integration score cannot be negative"):
        assess_kawasan(RB, verdicts("WBK", True), integration_score="-1", target="WBK")
