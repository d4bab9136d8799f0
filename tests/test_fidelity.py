"""Issue 11: the rules as the regulation writes them (rulebook data, periods in force, citations, policies)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import zona_integritas as zi
from zona_integritas.organization import Instansi, InstansiFacts, Unit, UnitFacts
from zona_integritas.testing import answer_maps

RB = zi.load_rulebook("permenpanrb-90-2021")
OLD = zi.load_rulebook("permenpanrb-52-2014", warn_superseded=False)
NO_COMPLAINTS = {"to_follow_up": 0, "in_process": 0, "completed": 0}


def worksheet(answers, rulebook=RB):
    return zi.Worksheet.from_answers(rulebook, answers, assessor="tpi")


# -- item 10: periods in force ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2014-10-02", "permenpanrb-52-2014"),
        ("2020-05-31", "permenpanrb-52-2014"),
        ("2021-12-30", "permenpanrb-52-2014"),
        ("2021-12-31", "permenpanrb-90-2021"),
        ("2022-01-01", "permenpanrb-90-2021"),
        ("15 Juli 2024", "permenpanrb-90-2021"),
    ],
)
def test_rulebook_in_force_returns_the_regulation_of_the_date(day, expected):
    assert zi.rulebook_in_force(day).id == expected


def test_rulebook_in_force_refuses_a_date_before_52_2014():
    with pytest.raises(zi.UnknownRulebookError, match="no shipped rulebook was in force on 1 October 2014"):
        zi.rulebook_in_force(dt.date(2014, 10, 1))


@given(st.dates(min_value=dt.date(2014, 10, 2), max_value=dt.date(2100, 1, 1)))
def test_exactly_one_shipped_rulebook_is_in_force_on_any_day_from_2_october_2014(day):
    covering = [i for i in zi.available_rulebooks() if zi.load_rulebook(i, warn_superseded=False).in_force.covers(day)]
    assert covering == [zi.rulebook_in_force(day).id]


def test_periods_in_force_cite_their_articles_and_name_10_2019_as_not_modelled():
    assert (RB.in_force.start, RB.in_force.end) == (dt.date(2021, 12, 31), None)
    assert "Pasal 7" in RB.in_force.source
    (amendment,) = RB.in_force.amendments
    assert (amendment.short, amendment.on) == ("PermenPANRB 5/2024", dt.date(2024, 7, 15))
    assert (OLD.in_force.start, OLD.in_force.end) == (dt.date(2014, 10, 2), dt.date(2021, 12, 30))
    assert "10/2019" in OLD.in_force.not_modelled and "not available" in OLD.in_force.not_modelled


def test_eligibility_notes_say_when_a_date_falls_outside_the_period_or_before_5_2024():
    kota = Instansi("Pemerintah Kota Kediri", "pemda")
    unit = Unit("u", "U", kota)
    facts = InstansiFacts(2020, bpk_opinion="WTP", sakip="BB", indeks_rb="B", spip_level=3)
    report = zi.check_eligibility(
        RB, instansi=kota, instansi_facts=facts, unit=unit, unit_facts=UnitFacts(), on=dt.date(2020, 5, 1)
    )
    assert any("PermenPANRB 90/2021 was not in force on 2020-05-01" in n for n in report.wbk.notes)
    assert any("amended by PermenPANRB 5/2024" in n for n in report.wbk.notes)
    later = zi.check_eligibility(
        RB, instansi=kota, instansi_facts=facts, unit=unit, unit_facts=UnitFacts(), on=dt.date(2025, 5, 1)
    )
    assert later.wbk.notes == ()


# -- item 9: 52/2014 proposal conditions ------------------------------------------------------------------
def check_52(facts, unit_facts, target="wbk"):
    kl = Instansi("Kementerian Contoh", "kl")
    unit = Unit("kanwil", "Kanwil", kl)
    report = zi.check_eligibility(
        OLD, instansi=kl, instansi_facts=facts, unit=unit, unit_facts=unit_facts, on=dt.date(2018, 5, 1)
    )
    return report.for_target(target)


GOOD_52 = UnitFacts(eselon_level=3, strategic_service=True, rb_programmes_done=True, large_resources=True)


def test_52_2014_wbk_needs_wtp_akip_cc_and_a_unit_at_eselon_i_to_iii_lampiran_bab_iii_a():
    ok = check_52(InstansiFacts(2018, bpk_opinion="WTP", sakip="CC"), GOOD_52)
    assert ok.eligible
    assert [c.key for c in ok.conditions] == [
        "bpk_opinion",
        "akip",
        "eselon",
        "strategic_service",
        "rb_programmes",
        "large_resources",
        "not_yet_held",
    ]
    low = check_52(InstansiFacts(2018, bpk_opinion="WDP", sakip="C"), UnitFacts(eselon_level=4))
    assert {c.key for c in low.blocking} >= {"bpk_opinion", "akip", "eselon"}
    assert low.condition("eselon").required == "at most 3"
    assert any("10/2019" in n for n in ok.notes)
    assert not any(c.key in ("kkn", "revocation_bar") for c in ok.conditions)


def test_52_2014_wbbm_needs_wtp_two_years_running_and_a_prior_wbk():
    facts = InstansiFacts(2018, bpk_opinion="WTP", bpk_opinion_previous="WTP", sakip="CC")
    assert check_52(facts, UnitFacts(current_predicate="WBK"), "wbbm").eligible
    one_year = check_52(InstansiFacts(2018, bpk_opinion="WTP", bpk_opinion_previous="WDP", sakip="CC"), GOOD_52, "wbbm")
    assert [c.key for c in one_year.blocking] == ["bpk_opinion_previous", "holds_wbk"]


# -- item 8: zero denominators ----------------------------------------------------------------------------
def test_zero_denominator_policy_is_per_count_item_and_cites_why():
    policies = {
        it.code: zi.scoring._policy_name(it.formula.when_denominator_is_zero)
        for it in RB.items
        if it.formula is not None
    }
    assert policies == {
        "R1.i.a": "zero",
        "R1.i.b": "zero",
        "R3.iii.a": "full",
        "R4.i.a": "zero",
        "R5.ii.a": "full",
        "R5.iii.a": "full",
        "R5.iii.b": "full",
        "R6.i.b": "zero",
    }
    assert all("sources are silent" in it.formula.zero_denominator_source for it in RB.items if it.formula)


def test_r5_ii_with_no_complaints_scores_like_r3_iii_with_no_violations_full_by_default():
    ws = worksheet({"R5.ii.a": NO_COMPLAINTS, "R3.iii.a": {"last_year": 0, "this_year": 0, "sanctioned": 0}})
    card = zi.score(ws, unanswered="skip")
    assert (card.value("R5.ii"), card.value("R3.iii")) == (Decimal(3), Decimal(2))
    used = {u.item: u for u in card.zero_denominator}
    assert used["R5.ii.a"].applied and not used["R5.ii.a"].overridden and used["R5.ii.a"].policy == "full"
    assert not used["R4.i.a"].applied


def test_zero_denominator_is_overridable_at_score_for_all_items_or_per_item():
    ws = worksheet({"R5.ii.a": NO_COMPLAINTS, "R3.iii.a": {"last_year": 0, "this_year": 0, "sanctioned": 0}})
    all_zero = zi.score(ws, unanswered="skip", zero_denominator="zero")
    assert (all_zero.value("R5.ii"), all_zero.value("R3.iii")) == (Decimal(0), Decimal(0))
    assert all_zero.item("R5.ii.a").item_value == 0 and all_zero.item("R5.ii.a").value == 0
    one = zi.score(ws, unanswered="skip", zero_denominator={"R5.ii.a": "zero"})
    assert (one.value("R5.ii"), one.value("R3.iii")) == (Decimal(0), Decimal(2))
    assert "R5.ii.a zero (overridden)*" in one.zero_denominator_note
    assert one.to_dict()["zero_denominator"]["R5.ii.a"] == {"policy": "zero", "overridden": True, "applied": True}
    assert "zero denominator: R1.i.a zero" in one.to_table()


def test_a_rise_from_zero_violations_scores_zero_whatever_the_policy():
    ws = worksheet({"R3.iii.a": {"last_year": 0, "this_year": 2, "sanctioned": 2}})
    for policy in ("zero", "full"):
        assert zi.score(ws, unanswered="skip", zero_denominator=policy).value("R3.iii") == 0


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ("half", "zero_denominator must be 'zero' or 'full'"),
        ({"P1.i.a": "zero"}, "'P1.i.a' is not a count item of permenpanrb-90-2021"),
        ({"R5.ii.a": "none", "X": "zero"}, "'X' is not a count item"),
    ],
)
def test_a_bad_zero_denominator_override_is_refused_naming_the_value(override, message):
    with pytest.raises(zi.InvalidAnswerError, match=message):
        zi.score(worksheet({}), unanswered="skip", zero_denominator=override)


# -- items 15-17: citations --------------------------------------------------------------------------------
def test_lke_tables_are_cited_to_lampiran_ii_bab_i_a_3_not_c_3():
    cited = [RB.total_source] + [c.source for c in RB.components] + [s.source for s in RB.subcomponents]
    cited += [a.source for a in RB.areas]
    assert all("Bab I A.3" in s for s in [RB.total_source, *(c.source for c in RB.components)])
    assert not any("Bab I C.3" in s for s in cited + [it.source for it in RB.items])


def test_option_multipliers_are_cited_to_the_portalrb_master_not_lampiran_iii():
    for name in ("ya_tidak", "abc", "abcd", "abcde"):
        source = RB.scales[name].source
        assert source.startswith("PortalRB master-soal-lkezi-2026.json skema_penilaian")
        assert "Pilihan Jawaban" not in source


def test_not_yet_held_cites_no_bab_ii_rule_that_does_not_exist():
    (cond,) = [c for c in RB.eligibility.conditions if c.key == "not_yet_held"]
    assert "Bab II" not in cond.source and "rule of this library" in cond.source


# -- item 21: exactness -------------------------------------------------------------------------------------
def test_exact_comparison_is_documented_as_40_significant_digits():
    from zona_integritas.decimals import CONTEXT

    assert CONTEXT.prec == 40
    assert "40 significant digits" in zi.Comparison.EXACT.__doc__ or "40 significant digits" in (
        zi.verdict.__doc__ or ""
    )


def test_a_52_2014_verdict_says_10_2019_is_not_modelled_and_who_sets_the_wbk():
    best = {f"P{n}.area": 100 for n in range(1, 7)} | {"H1.a": 100, "H1.b": 100, "H2.a": 100}
    verdict = zi.assess(zi.score(worksheet(best, OLD)), target="WBK")
    assert verdict.passed
    assert any("10/2019" in n and "not modelled" in n for n in verdict.notes)
    assert any("instansi head's decree" in n and "B.4.1" in n for n in verdict.notes)
    assert verdict.to_dict()["notes"] == list(verdict.notes)
    assert "note: PermenPANRB 10/2019" in verdict.to_table()
    assert zi.assess(zi.score(worksheet({}, RB), unanswered="skip"), target="WBK").notes == ()


def test_verified_cites_bab_iv_a_where_tpn_verification_is_not_bab_iv_b():
    from zona_integritas.events import Verified

    assert "Bab IV A" in Verified.__doc__ and "Bab IV B" not in Verified.__doc__


# -- properties ---------------------------------------------------------------------------------------------
@given(answer_maps(RB, complete=True))
def test_the_zero_denominator_policy_moves_only_items_that_hit_the_case(answers):
    ws = worksheet(answers)
    zero, full = zi.score(ws, zero_denominator="zero"), zi.score(ws, zero_denominator="full")
    hit = {u.item for u in zero.zero_denominator if u.applied}
    assert hit == {u.item for u in full.zero_denominator if u.applied}
    for item in RB.items:
        if item.formula is None:
            continue
        a, b = zero.item(item.code).item_value, full.item(item.code).item_value
        assert (a, b) == ((0, 1) if item.code in hit else (a, a))
    assert zero.total.value <= zi.score(ws).total.value <= full.total.value
    assert (zero.total.value == full.total.value) == (not hit)


_GRADES = st.sampled_from(["AA", "A", "BB", "B", "CC", "C", "D"])


@given(
    st.sampled_from(["WTP", "WDP", "TW", "TMP"]),
    _GRADES,
    _GRADES,
    st.integers(1, 5),
    st.integers(0, 100),
    _GRADES,
    st.sampled_from(["rsud", "dukcapil", "samsat", "ptsp", "pendidikan", "ketenagakerjaan"]),
    st.booleans(),
)
def test_afirmasi_waives_exactly_the_failing_tabel_5_rows(
    opinion, sakip, rb_grade, spip, lhkasn, unit_sakip, kind, kkn
):
    kota = Instansi("Kota", "pemda")
    facts = InstansiFacts(2025, bpk_opinion=opinion, sakip=sakip, indeks_rb=rb_grade, spip_level=spip, kkn_case=kkn)
    unit_facts = UnitFacts(
        core_service=True,
        significant_public_impact=True,
        audit_follow_up_pct=100,
        lhkpn_pct=100,
        lhkasn_pct=lhkasn,
        building_wbk_since=dt.date(2023, 1, 2),
        internal_sakip=unit_sakip,
    )
    on = dt.date(2025, 5, 31)
    special = zi.check_eligibility(
        RB, instansi=kota, instansi_facts=facts, unit=Unit("a", "A", kota, kind), unit_facts=unit_facts, on=on
    ).wbk
    plain = zi.check_eligibility(
        RB, instansi=kota, instansi_facts=facts, unit=Unit("b", "B", kota), unit_facts=unit_facts, on=on
    ).wbk
    waivable = {c.key for c in RB.eligibility.conditions if c.afirmasi_waivable}
    assert {c.key for c in special.conditions if c.waived} == {c.key for c in plain.blocking} & waivable
    assert {c.key for c in special.blocking} == {c.key for c in plain.blocking} - waivable
    assert special.eligible == (not kkn)
    assert all(c.status == ("met" if c.passed else "waived" if c.waived else "not met") for c in special.conditions)


def test_journeys_with_the_new_events_round_trip_through_json_and_the_store(tmp_path):
    from zona_integritas import store
    from zona_integritas.events import (
        BuildingStarted,
        Declared,
        MandiriDecided,
        PreliminaryAssessed,
        RecordedOutcome,
        Revoked,
        TpiAssessed,
        UnitDesignated,
        Verified,
    )
    from zona_integritas.io.payloads import dumps, loads

    best = worksheet({c: RB.item(c).best_answer for c in RB.item_codes})
    events = [
        RecordedOutcome(
            dt.date(2021, 12, 1), cycle=2021, target="WBK", awarded=False, reached="surveyed", source="https://x.go.id"
        ),
        Declared(dt.date(2023, 1, 2)),
        UnitDesignated(dt.date(2023, 1, 3), parent_unit="Kanwil"),
        BuildingStarted(dt.date(2023, 1, 4)),
        PreliminaryAssessed(dt.date(2024, 2, 1), cycle=2024, passed=True),
        TpiAssessed(dt.date(2024, 3, 1), cycle=2024, target="WBK", worksheet=best),
        MandiriDecided(dt.date(2024, 8, 1), cycle=2024, awarded=True, decree_number="Kep 1/2024"),
        Verified(dt.date(2025, 2, 1), findings=True, prompted_by="laporan"),
        Revoked(dt.date(2025, 3, 1), decree_number="cabut 1", finding_on=dt.date(2025, 2, 1)),
    ]
    journey = zi.Journey.replay("UPT", RB, events)
    again = loads(dumps(journey))
    assert again == journey and again.state() == journey.state()
    with store.open(tmp_path / "s.db") as db:
        db.add_unit(Unit("upt", "UPT", Instansi("K", "kl")), rulebook=RB.id)
        assert db.record("upt", *events) == len(events)
        assert db.journey("upt").state() == journey.state()


def test_a_score_card_with_a_zero_denominator_override_and_a_52_2014_verdict_round_trip_through_json():
    from zona_integritas.io.payloads import dumps, loads

    card = zi.score(worksheet({"R5.ii.a": NO_COMPLAINTS}), unanswered="skip", zero_denominator={"R5.ii.a": "zero"})
    again = loads(dumps(card))
    assert again == card and again.value("R5.ii") == 0
    plain = zi.score(worksheet({"R5.ii.a": NO_COMPLAINTS}), unanswered="skip")
    assert "zero_denominator" not in dumps(plain)
    best = {f"P{n}.area": 100 for n in range(1, 7)} | {"H1.a": 100, "H1.b": 100, "H2.a": 100}
    verdict = zi.assess(zi.score(worksheet(best, OLD)), target="WBK")
    assert loads(dumps(verdict)) == verdict


def test_loading_52_2014_warns_that_10_2019_is_not_modelled():
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        zi.load_rulebook("permenpanrb-52-2014")
    (warning,) = [w for w in caught if issubclass(w.category, zi.SupersededRulebookWarning)]
    assert "superseded by PermenPANRB 90/2021" in str(warning.message) and "10/2019" in str(warning.message)
