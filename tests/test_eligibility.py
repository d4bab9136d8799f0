from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import zona_integritas as zi
from zona_integritas.eligibility import may_propose_wbk_again_on
from zona_integritas.organization import BpkOpinion, Grade, Instansi, InstansiFacts, Unit, UnitFacts

RB = zi.load_rulebook("permenpanrb-90-2021")
RB_TEXT = (
    __import__("importlib.resources")
    .resources.files("zona_integritas")
    .joinpath("rulebooks", "permenpanrb-90-2021.toml")
    .read_text(encoding="utf-8")
)
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


def test_afirmasi_waives_every_tabel_5_condition_instansi_and_unit_rows_5_2024_bab_ii_a():
    # 5/2024 Lampiran II Bab II A, p. 5: "meskipun masih dalam proses pemenuhan syarat ... Tabel 5"
    weak = evolve(GOOD_INSTANSI, bpk_opinion="WDP", sakip="C", spip_level=2)
    assert not check(facts=weak, unit=BAPPEDA).wbk.eligible
    ptsp = check(facts=weak, unit=PTSP).wbk
    assert ptsp.eligible and ptsp.afirmasi
    assert [c.key for c in ptsp.conditions if c.waived] == ["bpk_opinion", "sakip", "spip"]
    assert any("afirmasi" in note for note in ptsp.notes)
    # an afirmasi RSUD of a pemda whose LHKASN compliance is 90 % may be proposed: the unit row is waived too
    rsud = Unit("rsud", "RSUD Gambiran", KOTA, "rsud")
    result = check(facts=weak, unit=rsud, unit_facts=evolve(GOOD_UNIT, lhkasn_pct=90, internal_sakip="C")).wbk
    assert result.eligible
    lhkasn = result.condition("lhkasn")
    assert (lhkasn.passed, lhkasn.waived, lhkasn.status, lhkasn.actual) == (False, True, "waived", "90")
    assert result.condition("unit_sakip").status == "waived"
    assert result.condition("core_service").status == "met"
    assert result.to_dict()["conditions"][0]["status"] == "waived"
    # the same unit of a non-afirmasi kind is blocked by the same facts
    other = check(facts=GOOD_INSTANSI, unit=BAPPEDA, unit_facts=evolve(GOOD_UNIT, lhkasn_pct=90)).wbk
    assert [c.key for c in other.blocking] == ["lhkasn"]
    assert other.condition("lhkasn").status == "not met"
    # afirmasi is for regional governments only
    kl_ptsp = Unit("x", "PTSP pusat", KL, "ptsp")
    assert not check(instansi=KL, facts=weak, unit=kl_ptsp).wbk.eligible


def test_afirmasi_never_waives_the_kkn_voiding_or_the_revocation_bar():
    report = check(facts=evolve(GOOD_INSTANSI, kkn_case=True), unit=PTSP).wbk
    assert [c.key for c in report.blocking] == ["kkn"]
    revoked = check(unit=PTSP, unit_facts=evolve(GOOD_UNIT, revoked_on=dt.date(2022, 1, 10))).wbk
    assert [c.key for c in revoked.blocking] == ["revocation_bar"]


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


def test_kkn_voiding_covers_any_kkn_case_in_the_instansi_not_only_the_top_leadership_penutup():
    # 90/2021 Lampiran II Penutup, p. 65: KKN "pada suatu instansi, khususnya yang melibatkan pimpinan tertinggi"
    staff = check(facts=evolve(GOOD_INSTANSI, kkn_case=True, kkn_top_leadership=False), unit=PTSP)
    assert [c.key for c in staff.wbk.blocking] == ["kkn"]
    assert (
        staff.wbk.condition("kkn").detail
        == "proposals of the instansi are voided (the top leadership was not involved)"
    )
    top = check(facts=evolve(GOOD_INSTANSI, kkn_case=True, kkn_top_leadership=True)).wbk.condition("kkn")
    assert top.detail == "proposals of the instansi are voided (the top leadership was involved)"
    unsaid = check(facts=evolve(GOOD_INSTANSI, kkn_case=True)).wbbm.condition("kkn")
    assert unsaid.detail == "proposals of the instansi are voided (involvement of the top leadership not stated)"
    assert "khususnya" not in top.source and "Penutup" in top.source
    with pytest.raises(zi.InvalidValueError, match="kkn_top_leadership=True describes a KKN case"):
        InstansiFacts(2022, kkn_top_leadership=True)


def test_the_30_percent_rule_is_gone_under_90_2021_as_amended_by_5_2024():
    # 5/2024 Pasal I replaced the whole of Lampiran II Bab II; its new text has no 30 % rule
    assert RB.eligibility.saturation_share is None
    report = check(facts=evolve(GOOD_INSTANSI, units_total=20, units_with_predicate=19))
    assert report.wbk.eligible
    assert not any("already hold a predicate" in note for note in report.wbk.notes)


def test_a_rulebook_that_still_states_the_30_percent_rule_reports_it_as_information_only():
    text = RB_TEXT.replace(
        "[eligibility]\n", '[eligibility]\nsaturation_share = "30"\nsaturation_source = "unamended 90/2021 Bab II"\n', 1
    )
    legacy = zi.rulebook_from_toml(text, source="legacy.toml")
    unit = Unit(BAPPEDA.id, BAPPEDA.name, KOTA, BAPPEDA.kind)
    facts = evolve(GOOD_INSTANSI, units_total=20, units_with_predicate=7)
    report = zi.check_eligibility(legacy, instansi=KOTA, instansi_facts=facts, unit=unit, unit_facts=GOOD_UNIT, on=ON)
    assert report.wbk.eligible
    assert any("7 of 20 units (35.00%)" in note for note in report.wbk.notes)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"spip_level": 6}, "SPIP maturity is a level from 1 to 5; got 6"),
        ({"sakip": "AAA"}, "a SAKIP or Indeks RB grade is AA, A, BB, B, CC, C or D; got 'AAA'"),
        ({"bpk_opinion": "WTP-DPP"}, "a BPK opinion is WTP, WDP, TW or TMP; got 'WTP-DPP'"),
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
    with pytest.raises(zi.InvalidValueError, match="kkn_case must be true or false; got 1"):
        InstansiFacts(2022, kkn_case=1)
