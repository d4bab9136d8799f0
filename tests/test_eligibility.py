from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import zona_integritas as zi
from zona_integritas.eligibility import may_propose_wbk_again_on
from zona_integritas.organization import BpkOpinion, Grade, Instansi, InstansiFacts, Unit, UnitFacts

RB = zi.load_rulebook("permenpanrb-90-2021")
KOTA = Instansi("Pemerintah Kota Kediri", "pemda")
KL = Instansi("Kementerian Contoh", "kl")
PTSP = Unit("dpmptsp", "DPM PTSP", KOTA, "ptsp")
BAPPEDA = Unit("bappeda", "Bappeda", KOTA, "other")
GOOD_INSTANSI = InstansiFacts(2022, bpk_opinion="WTP", sakip="BB", indeks_rb="B", spip_level=3)
GOOD_UNIT = UnitFacts(
    core_service=True,
    significant_public_impact=True,
    audit_follow_up_pct=100,
    lhkpn_pct=100,
    lhkasn_pct=100,
    building_wbk_since=dt.date(2021, 1, 4),
    internal_sakip="BB",
)
ON = dt.date(2022, 5, 31)


def check(instansi=KOTA, facts=GOOD_INSTANSI, unit=BAPPEDA, unit_facts=GOOD_UNIT, on=ON):
    unit = zi.organization.Unit(unit.id, unit.name, instansi, unit.kind)
    return zi.check_eligibility(RB, instansi=instansi, instansi_facts=facts, unit=unit, unit_facts=unit_facts, on=on)


def evolve(obj, **changes):
    import attrs

    return attrs.evolve(obj, **changes)


def test_grades_compare_by_official_order_not_alphabetically():
    assert Grade.BB > Grade.B > Grade.CC > Grade.C
    assert Grade.A > Grade.BB and not Grade.B > Grade.BB
    assert sorted([Grade.C, Grade.AA, Grade.B, Grade.BB]) == [Grade.C, Grade.B, Grade.BB, Grade.AA]
    assert BpkOpinion.WTP > BpkOpinion.WDP > BpkOpinion.TW > BpkOpinion.TMP


def test_a_unit_meeting_every_wbk_condition_is_eligible_and_every_condition_is_listed():
    report = check()
    assert report.wbk.eligible
    keys = [c.key for c in report.wbk.conditions]
    assert keys == [
        "bpk_opinion",
        "sakip",
        "indeks_rb",
        "spip",
        "core_service",
        "public_impact",
        "audit_follow_up",
        "lhkpn",
        "lhkasn",
        "building",
        "unit_sakip",
        "not_yet_held",
        "kkn",
    ]
    assert report.wbk.condition("sakip").source == "5/2024 Lampiran II Bab II A Tabel 5"


@pytest.mark.parametrize(
    ("field", "bad", "good", "key"),
    [
        ("bpk_opinion", "WDP", "WTP", "bpk_opinion"),
        ("sakip", "CC", "B", "sakip"),
        ("indeks_rb", "C", "CC", "indeks_rb"),
        ("spip_level", 2, 3, "spip"),
    ],
)
def test_each_instansi_condition_for_wbk_both_ways(field, bad, good, key):
    assert check(facts=evolve(GOOD_INSTANSI, **{field: good})).wbk.eligible
    failing = check(facts=evolve(GOOD_INSTANSI, **{field: bad})).wbk
    assert [c.key for c in failing.blocking] == [key]


def test_indeks_rb_minimum_depends_on_the_instansi_kind():
    facts = evolve(GOOD_INSTANSI, indeks_rb="CC")
    assert check(facts=facts).wbk.eligible
    assert [c.key for c in check(instansi=KL, facts=facts).wbk.blocking] == ["indeks_rb"]
    assert check(instansi=KL, facts=evolve(GOOD_INSTANSI, indeks_rb="B")).wbk.eligible
    wbbm = check(
        instansi=KL,
        facts=evolve(GOOD_INSTANSI, indeks_rb="B"),
        unit_facts=evolve(GOOD_UNIT, current_predicate="WBK", building_wbbm_since=dt.date(2021, 1, 1)),
    )
    assert [c.key for c in wbbm.wbbm.blocking] == ["indeks_rb"]


@pytest.mark.parametrize(
    ("field", "bad", "key"),
    [
        ("core_service", False, "core_service"),
        ("significant_public_impact", False, "public_impact"),
        ("audit_follow_up_pct", Decimal("99.5"), "audit_follow_up"),
        ("lhkpn_pct", 97, "lhkpn"),
        ("lhkasn_pct", 90, "lhkasn"),
        ("internal_sakip", "CC", "unit_sakip"),
        ("building_wbk_since", dt.date(2021, 6, 1), "building"),
        ("current_predicate", "WBK", "not_yet_held"),
        ("core_service", None, "core_service"),
    ],
)
def test_each_unit_condition_for_wbk_both_ways(field, bad, key):
    failing = check(unit_facts=evolve(GOOD_UNIT, **{field: bad})).wbk
    assert [c.key for c in failing.blocking] == [key]


def test_one_year_of_building_is_counted_in_calendar_months():
    facts = evolve(GOOD_UNIT, building_wbk_since=dt.date(2021, 5, 31))
    assert check(unit_facts=facts, on=dt.date(2022, 5, 31)).wbk.eligible
    assert not check(unit_facts=facts, on=dt.date(2022, 5, 30)).wbk.eligible
    later = check(unit_facts=evolve(GOOD_UNIT, building_wbk_since=dt.date(2022, 6, 1)))
    assert later.wbk.condition("building").detail == "starts after the assessment date"


def test_wbbm_needs_wbk_a_year_of_building_toward_wbbm_and_higher_grades():
    holder = evolve(GOOD_UNIT, current_predicate="WBK", building_wbbm_since=dt.date(2021, 5, 1))
    assert check(unit_facts=holder).wbbm.eligible
    assert [c.key for c in check().wbbm.blocking] == ["building", "holds_wbk"]
    low = check(facts=evolve(GOOD_INSTANSI, sakip="B"), unit_facts=holder).wbbm
    assert [c.key for c in low.blocking] == ["sakip"]
    unit_low = check(unit_facts=evolve(holder, internal_sakip="B")).wbbm
    assert [c.key for c in unit_low.blocking] == ["unit_sakip"]


def test_afirmasi_units_are_not_blocked_by_unmet_instansi_conditions():
    weak = evolve(GOOD_INSTANSI, bpk_opinion="WDP", sakip="C", spip_level=2)
    assert not check(facts=weak, unit=BAPPEDA).wbk.eligible
    ptsp = check(facts=weak, unit=PTSP).wbk
    assert ptsp.eligible and ptsp.afirmasi
    waived = [c.key for c in ptsp.conditions if c.waived]
    assert waived == ["bpk_opinion", "sakip", "spip"]
    assert any("afirmasi" in note for note in ptsp.notes)
    # afirmasi does not waive the unit's own conditions
    assert not check(facts=weak, unit=PTSP, unit_facts=evolve(GOOD_UNIT, lhkpn_pct=80)).wbk.eligible
    # afirmasi is for regional governments only
    kl_ptsp = Unit("x", "PTSP pusat", KL, "ptsp")
    assert not check(instansi=KL, facts=weak, unit=kl_ptsp).wbk.eligible


@pytest.mark.parametrize(
    ("on", "eligible"),
    [
        (dt.date(2024, 12, 5), False),
        (dt.date(2024, 12, 6), True),
        (dt.date(2023, 6, 1), False),
        (dt.date(2025, 1, 1), True),
    ],
)
def test_no_wbk_proposal_within_two_years_of_a_revocation(on, eligible):
    facts = evolve(GOOD_UNIT, revoked_on=dt.date(2022, 12, 6))
    result = check(unit_facts=facts, on=on).wbk
    assert result.eligible is eligible
    assert result.condition("revocation_bar").required == "on or after 2024-12-06"


def test_the_revocation_bar_handles_a_leap_day():
    assert may_propose_wbk_again_on(dt.date(2024, 2, 29), RB.eligibility) == dt.date(2026, 2, 28)


def test_kkn_by_the_top_leadership_voids_proposals():
    report = check(facts=evolve(GOOD_INSTANSI, top_leader_kkn=True), unit=PTSP)
    assert [c.key for c in report.wbk.blocking] == ["kkn"]
    assert report.wbk.condition("kkn").detail == "proposals of the instansi are voided"


def test_more_than_30_percent_of_units_holding_a_predicate_is_information_only():
    report = check(facts=evolve(GOOD_INSTANSI, units_total=20, units_with_predicate=7))
    assert report.wbk.eligible
    assert "7 of 20 units (35.00%)" in report.wbk.notes[0]
    assert check(facts=evolve(GOOD_INSTANSI, units_total=20, units_with_predicate=6)).wbk.notes == ()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"spip_level": 6}, "SPIP maturity is a level from 1 to 5; got 6"),
        ({"sakip": "AAA"}, "Grade must be one of AA, A, BB, B, CC, C, D; got 'AAA'"),
        ({"bpk_opinion": "WTP-DPP"}, "BpkOpinion must be one of WTP, WDP, TW, TMP"),
        ({"units_total": 3, "units_with_predicate": 4}, "units_with_predicate (4) exceeds units_total (3)"),
    ],
)
def test_bad_facts_are_refused(kwargs, message):
    with pytest.raises(zi.InvalidValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        InstansiFacts(2022, **kwargs)


def test_a_percentage_outside_0_100_is_refused():
    with pytest.raises(zi.InvalidValueError, match=r"a percentage lies in \[0, 100\]; got 101"):
        UnitFacts(lhkpn_pct=101)


def test_unit_facts_take_dates_as_officials_write_them_and_refuse_non_booleans():
    assert UnitFacts(revoked_on="6 Desember 2022").revoked_on == dt.date(2022, 12, 6)
    with pytest.raises(zi.InvalidValueError, match="core_service must be true or false; got 'ya'"):
        UnitFacts(core_service="ya")
    with pytest.raises(zi.InvalidValueError, match="top_leader_kkn must be true or false; got 1"):
        InstansiFacts(2022, top_leader_kkn=1)
