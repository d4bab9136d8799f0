from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import zona_integritas as zi
from zona_integritas import examples
from zona_integritas.events import (
    Appealed,
    BuildingStarted,
    Cleared,
    CorrectionsSubmitted,
    Decided,
    Declared,
    DeskEvaluated,
    FieldEvaluated,
    MandiriDecided,
    MonitoringReported,
    PreEvaluated,
    PreliminaryAssessed,
    ProposalVoided,
    Proposed,
    RecordedOutcome,
    Revoked,
    Surveyed,
    TpiAssessed,
    UnitDesignated,
    Verified,
)
from zona_integritas.journey import Journey, ProposalWindow, Stage

RB = zi.load_rulebook("permenpanrb-90-2021")
BEST = zi.Worksheet.from_answers(RB, {c: RB.item(c).best_answer for c in RB.item_codes}, assessor="tpi")
WEAK = BEST.with_answers({"H2.a": "3.0"})
D = dt.date


def start(*extra):
    events = [Declared(D(2022, 1, 6)), UnitDesignated(D(2022, 1, 13)), BuildingStarted(D(2022, 1, 20))]
    return Journey.replay("Unit Contoh", RB, [*events, *extra])


def proposed_2023(**kw):
    return start(
        TpiAssessed(D(2023, 3, 1), cycle=2023, target="WBK", worksheet=kw.get("worksheet", BEST)),
        Proposed(D(2023, 5, 31), cycle=2023, target="WBK"),
    )


def through_desk(year=2023):
    return proposed_2023().record(
        PreEvaluated(D(year, 6, 20), cycle=year, outcome="lulus"), DeskEvaluated(D(year, 8, 1), cycle=year, passed=True)
    )


def awarded():
    return through_desk().record(
        Surveyed(D(2023, 9, 1), cycle=2023, ipak="3.9", ipkp="3.8"),
        FieldEvaluated(D(2023, 10, 1), cycle=2023, worksheet=BEST.with_assessor("tpn")),
        Cleared(D(2023, 11, 1), cycle=2023),
        Decided(D(2023, 12, 9), cycle=2023, awarded=True, decree_number="SK 1/2023"),
    )


def refused(journey, event, *fragments):
    with pytest.raises(zi.TransitionError) as caught:
        journey.record(event)
    error = caught.value
    for fragment in fragments:
        assert fragment in str(error), str(error)
    assert error.event is event and error.state is journey.state()
    return error


# -- the Kediri journey -------------------------------------------------------------------------------------
def test_the_kediri_journey_on_chosen_dates():
    j = examples.kediri_journey()
    assert j.state("31 Desember 2018").declared_on is None
    assert j.state("1 Maret 2019").building_toward is zi.Predicate.WBK
    assert j.predicate_on("5 Desember 2022") is None
    assert j.predicate_on("6 Desember 2022") is zi.Predicate.WBK
    assert j.predicate_on("28 November 2026") is zi.Predicate.WBK
    assert j.state("1 Oktober 2022").cycle(2022).stage is Stage.SURVEYED
    assert j.state("11 Oktober 2022").cycle(2022).stage is Stage.FIELD_EVALUATED


def test_kediri_2020_is_a_recorded_outcome_judged_by_no_90_2021_worksheet():
    # 90/2021 was enacted on 31 December 2021: the 2020 cycle ran under 52/2014 (10/2019 not modelled)
    j = examples.kediri_journey()
    cycle = j.cycle(2020)
    assert (
        cycle.recorded is not None and cycle.recorded.recorded and cycle.recorded.source == examples.KEDIRI_2020_SOURCE
    )
    assert cycle.tpi_worksheet is None and cycle.survey is None and j.verdict(2020) is None
    assert cycle.outcome == "not_awarded" and cycle.failed_at is Stage.SURVEYED
    assert cycle.reached(Stage.DESK_EVALUATED) and cycle.reached(Stage.SURVEYED)
    assert not cycle.reached(Stage.FIELD_EVALUATED)
    assert cycle.rulebook_id == "permenpanrb-52-2014" and j.cycle(2022).rulebook_id == "permenpanrb-90-2021"
    assert "10/2019" in cycle.recorded.note
    assert not any(isinstance(e, TpiAssessed) and e.cycle == 2020 for e in j.events)


def test_the_2022_award_is_on_6_december_2022_and_the_final_worksheet_combines_tpi_field_and_survey():
    j = examples.kediri_journey()
    cycle = j.cycle(2022)
    assert cycle.awarded and cycle.decision.effective == D(2022, 12, 6)
    final = cycle.final_worksheet
    assert final.answer("P3.iv.c").value == "C"  # the field evaluation replaced the TPI's B
    assert final.answer("P1.i.a").value == "Ya"  # unchanged TPI answers stay
    assert final.answer("H2.a").value == Decimal("3.41")  # TPN's survey index
    assert j.verdict(2022).passed
    assert j.state().spells[0].since == D(2022, 12, 6)


def test_wbbm_becomes_possible_after_a_year_of_building_toward_it():
    j = Journey.replay(examples.KEDIRI_UNIT_NAME, RB, examples.kediri_journey().events[:-1])  # up to 9 Jan 2023
    early = j.record(TpiAssessed(D(2023, 3, 6), cycle=2023, target="WBBM", worksheet=BEST))
    refused(
        early, Proposed(D(2023, 5, 29), cycle=2023, target="WBBM"), "must build for 12 months", "started 9 January 2023"
    )
    later = j.record(
        TpiAssessed(D(2024, 3, 4), cycle=2024, target="WBBM", worksheet=BEST),
        Proposed(D(2024, 5, 27), cycle=2024, target="WBBM"),
    )
    assert later.cycle(2024).stage is Stage.PROPOSED


def test_the_audit_history_lists_who_when_what_in_order():
    history = examples.kediri_journey().history()
    assert [h.on for h in history] == sorted(h.on for h in history)
    assert history[0].actor == "Wali Kota Kediri" and history[0].kind == "declared"
    assert history[11].what == "awarded (cycle 2022), decree illustrative/KEPMENPANRB/2022"
    indonesian = examples.kediri_journey().history(language="id")
    assert indonesian[11].what == "ditetapkan (siklus 2022), SK illustrative/KEPMENPANRB/2022"
    assert indonesian[3].what.startswith(
        "tercatat: siklus 2020 diusulkan menuju WBK, tidak ditetapkan, sampai tahap survei"
    )


def test_monitoring_reports_are_due_every_two_years_while_a_predicate_is_held():
    j = examples.kediri_journey()
    assert j.monitoring_due(on="1 Januari 2023") == D(2024, 12, 6)
    assert not j.monitoring_overdue(on="6 Desember 2024")
    assert j.monitoring_due(on="1 Januari 2025") == D(2026, 11, 25)
    assert j.monitoring_overdue(on="28 November 2026")
    assert j.monitoring_due(on="1 Januari 2021") is None


# -- guards -------------------------------------------------------------------------------------------------
def test_events_must_come_in_order_of_the_process():
    empty = Journey("Unit", RB)
    refused(empty, UnitDesignated(D(2022, 1, 1)), "not been declared")
    j = empty.record(Declared(D(2022, 1, 1)))
    refused(j, Declared(D(2022, 2, 1)), "already declared")
    refused(j, BuildingStarted(D(2022, 2, 1)), "not been designated")
    j = start()
    refused(j, Proposed(D(2023, 5, 1), cycle=2023, target="WBK"), "no TPI assessment for cycle 2023")
    refused(j, PreEvaluated(D(2023, 6, 1), cycle=2023, outcome="lulus"), "not proposed in cycle 2023")
    refused(j, MonitoringReported(D(2023, 6, 1)), "holds no predicate")


def test_an_impossible_date_order_is_refused():
    j = start()
    error = refused(j, TpiAssessed(D(2021, 12, 1), cycle=2022, target="WBK", worksheet=BEST), "before the last")
    assert error.allowed == ()  # nothing can be recorded before the last recorded event


def test_the_transition_error_names_the_state_the_event_and_what_is_allowed():
    j = proposed_2023()
    error = refused(j, DeskEvaluated(D(2023, 6, 1), cycle=2023, passed=True), "not published the pre-evaluation")
    assert error.allowed == ("recorded_outcome", "pre_evaluated", "proposal_voided")
    assert len(j.events) == 5  # unchanged


def test_one_proposal_per_cycle_and_target():
    refused(proposed_2023(), Proposed(D(2023, 5, 31), cycle=2023, target="WBK"), "already proposed")


def test_the_proposal_deadline_is_31_may_by_default():
    j = start(TpiAssessed(D(2023, 3, 1), cycle=2023, target="WBK", worksheet=BEST))
    refused(j, Proposed(D(2023, 6, 1), cycle=2023, target="WBK"), "accepted by 31 May 2023")
    assert j.record(Proposed(D(2023, 5, 31), cycle=2023, target="WBK")).cycle(2023).proposed_on == D(2023, 5, 31)


def test_a_cycle_can_have_its_own_window_such_as_18_31_july_2024():
    events = [
        Declared(D(2022, 1, 3)),
        UnitDesignated(D(2022, 1, 4)),
        BuildingStarted(D(2022, 1, 5)),
        TpiAssessed(D(2024, 3, 1), cycle=2024, target="WBK", worksheet=BEST),
    ]
    j = Journey.replay("Unit", RB, events, windows={2024: ("18 Juli 2024", "31 Juli 2024")})
    refused(j, Proposed(D(2024, 5, 31), cycle=2024, target="WBK"), "accepted from 18 July 2024 to 31 July 2024")
    assert j.record(Proposed(D(2024, 7, 18), cycle=2024, target="WBK")).cycle(2024).stage is Stage.PROPOSED
    refused(j, Proposed(D(2024, 8, 1), cycle=2024, target="WBK"), "31 July 2024")
    with pytest.raises(zi.InvalidValueError, match="cannot open"):
        ProposalWindow(D(2024, 7, 1), D(2024, 7, 18))


def test_a_proposal_needs_a_passing_tpi_verdict_and_a_year_of_building():
    j = start(TpiAssessed(D(2023, 3, 1), cycle=2023, target="WBK", worksheet=WEAK))
    refused(j, Proposed(D(2023, 5, 3), cycle=2023, target="WBK"), "TPI verdict does not pass WBK", "H2")
    young = Journey.replay(
        "Unit",
        RB,
        [
            Declared(D(2022, 9, 1)),
            UnitDesignated(D(2022, 9, 2)),
            BuildingStarted(D(2022, 9, 3)),
            TpiAssessed(D(2023, 3, 1), cycle=2023, target="WBK", worksheet=BEST),
        ],
    )
    refused(young, Proposed(D(2023, 5, 3), cycle=2023, target="WBK"), "must build for 12 months")


def test_wbbm_only_while_holding_wbk():
    j = start()
    refused(j, BuildingStarted(D(2023, 1, 1), target="WBBM"), "already building towards WBK")
    refused(j, TpiAssessed(D(2023, 3, 1), cycle=2023, target="WBBM", worksheet=BEST), "building towards WBK, not WBBM")


def test_lulus_dengan_catatan_needs_corrections_before_the_desk_evaluation():
    j = proposed_2023().record(
        PreEvaluated(D(2023, 6, 20), cycle=2023, outcome="lulus_dengan_catatan", corrections_due=D(2023, 7, 5))
    )
    refused(j, DeskEvaluated(D(2023, 7, 10), cycle=2023, passed=True), "corrections asked by the pre-evaluation")
    refused(j, CorrectionsSubmitted(D(2023, 7, 6), cycle=2023), "due by 5 July 2023")
    ok = j.record(
        CorrectionsSubmitted(D(2023, 7, 5), cycle=2023), DeskEvaluated(D(2023, 8, 1), cycle=2023, passed=True)
    )
    assert ok.cycle(2023).desk_passed
    with pytest.raises(zi.InvalidValueError, match="needs the date the corrections are due"):
        PreEvaluated(D(2023, 6, 20), cycle=2023, outcome="lulus_dengan_catatan")


def test_one_appeal_per_cycle_and_only_against_a_failed_pre_evaluation():
    failed = proposed_2023().record(PreEvaluated(D(2023, 6, 20), cycle=2023, outcome="tidak_lulus"))
    assert failed.cycle(2023).failed_at is Stage.PRE_EVALUATED
    refused(failed, DeskEvaluated(D(2023, 7, 1), cycle=2023, passed=True), "did not pass")
    accepted = failed.record(Appealed(D(2023, 6, 25), cycle=2023, accepted=True))
    assert accepted.cycle(2023).failed_at is None
    refused(accepted, Appealed(D(2023, 6, 26), cycle=2023, accepted=True), "one appeal (sanggah) only")
    assert accepted.record(DeskEvaluated(D(2023, 8, 1), cycle=2023, passed=True)).cycle(2023).desk_passed
    rejected = failed.record(Appealed(D(2023, 6, 25), cycle=2023, accepted=False))
    assert rejected.cycle(2023).closed and rejected.cycle(2023).outcome == "failed"
    refused(rejected, Appealed(D(2023, 6, 26), cycle=2023, accepted=True), "closed")
    lulus = proposed_2023().record(PreEvaluated(D(2023, 6, 20), cycle=2023, outcome="lulus"))
    refused(lulus, Appealed(D(2023, 6, 25), cycle=2023, accepted=True), "only a failed pre-evaluation")


def test_a_failed_desk_evaluation_closes_the_cycle_and_a_new_cycle_may_follow():
    j = proposed_2023().record(
        PreEvaluated(D(2023, 6, 20), cycle=2023, outcome="lulus"),
        DeskEvaluated(D(2023, 8, 1), cycle=2023, passed=False),
    )
    assert j.cycle(2023).failed_at is Stage.DESK_EVALUATED and j.cycle(2023).closed
    refused(j, Surveyed(D(2023, 9, 1), cycle=2023, ipak=4, ipkp=4), "closed")
    again = j.record(
        TpiAssessed(D(2024, 3, 1), cycle=2024, target="WBK", worksheet=BEST),
        Proposed(D(2024, 5, 2), cycle=2024, target="WBK"),
    )
    assert again.cycle(2024).stage is Stage.PROPOSED


def test_clearance_needs_field_evaluation_and_survey():
    j = through_desk()
    refused(j, Cleared(D(2023, 9, 1), cycle=2023), "needs the field evaluation and the survey")
    j = j.record(FieldEvaluated(D(2023, 9, 1), cycle=2023, worksheet=BEST))
    refused(j, Cleared(D(2023, 9, 2), cycle=2023), "needs the field evaluation and the survey")
    refused(j, Decided(D(2023, 9, 2), cycle=2023, awarded=True, decree_number="SK"), "clearance and panel first")


def test_an_award_needs_a_passing_verdict_on_the_final_worksheet():
    j = through_desk().record(
        Surveyed(D(2023, 9, 1), cycle=2023, ipak="3.9", ipkp="3.1"),
        FieldEvaluated(D(2023, 10, 1), cycle=2023, worksheet=BEST),
        Cleared(D(2023, 11, 1), cycle=2023),
    )
    refused(
        j,
        Decided(D(2023, 12, 9), cycle=2023, awarded=True, decree_number="SK 1"),
        "final verdict does not pass WBK (failing: H2)",
    )
    pembinaan = j.record(Decided(D(2023, 12, 9), cycle=2023, awarded=False))
    assert pembinaan.cycle(2023).outcome == "pembinaan" and pembinaan.cycle(2023).failed_at is Stage.CLEARED


def test_an_award_makes_the_unit_hold_the_predicate_from_the_decree():
    j = awarded()
    assert j.predicate_on(D(2023, 12, 8)) is None and j.predicate_on(D(2023, 12, 9)) is zi.Predicate.WBK
    refused(j, BuildingStarted(D(2024, 1, 1), target="WBK"), "already holds WBK")
    assert j.record(BuildingStarted(D(2024, 1, 3), target="WBBM")).state().building_toward is zi.Predicate.WBBM
    with pytest.raises(zi.InvalidValueError, match="An award needs the decree number"):
        Decided(D(2023, 12, 9), cycle=2023, awarded=True)


@pytest.mark.parametrize(
    ("on", "allowed"),
    [
        (D(2026, 3, 14), False),
        (D(2026, 3, 15), True),
    ],
)
def test_no_wbk_proposal_within_two_years_of_a_revocation_to_the_day(on, allowed):
    j = awarded().record(
        Verified(D(2024, 2, 1), findings=True, prompted_by="laporan dugaan maladministrasi"),
        Revoked(D(2024, 3, 15), decree_number="SK cabut 1", finding_on=D(2024, 2, 1)),
        BuildingStarted(D(2024, 4, 1), target="WBK"),
        TpiAssessed(on - dt.timedelta(days=1), cycle=on.year, target="WBK", worksheet=BEST),
    )
    assert j.may_propose_wbk_again_on() == D(2026, 3, 15)
    assert j.predicate_on(D(2024, 3, 15)) is None
    event = Proposed(on, cycle=on.year, target="WBK")
    if allowed:
        assert j.record(event).cycle(on.year).stage is Stage.PROPOSED
    else:
        refused(j, event, "revoked on 15 March 2024", "before 15 March 2026")


def test_a_voided_proposal_ends_the_cycle():
    j = proposed_2023().record(ProposalVoided(D(2023, 6, 1), cycle=2023, note="KKN pimpinan"))
    assert j.cycle(2023).outcome == "voided" and j.cycle(2023).closed
    refused(j, PreEvaluated(D(2023, 6, 20), cycle=2023, outcome="lulus"), "closed (voided)")


def test_a_worksheet_of_another_rulebook_is_refused_naming_both():
    with pytest.warns(zi.SupersededRulebookWarning):
        old = zi.load_rulebook("permenpanrb-52-2014")
    ws = zi.Worksheet.from_answers(old, {"P1.area": 50}, assessor="tpi")
    refused(
        start(),
        TpiAssessed(D(2023, 3, 1), cycle=2023, target="WBK", worksheet=ws),
        "cycle 2023 is judged by PermenPANRB 90/2021",
        "the worksheet uses PermenPANRB 52/2014",
    )


def test_verification_and_monitoring_only_while_holding_a_predicate():
    j = awarded().record(MonitoringReported(D(2025, 6, 1)), Verified(D(2025, 7, 1), findings=True))
    assert j.state().last_monitoring_on == D(2025, 6, 1)
    assert j.monitoring_due(on=D(2025, 7, 1)) == D(2027, 6, 1)


def test_replaying_the_history_rebuilds_the_same_state():
    j = examples.kediri_journey()
    again = Journey.replay(j.unit, j.rulebook, j.events)
    assert again.state() == j.state() and again == j


def test_mermaid_diagram_of_the_process():
    text = zi.to_mermaid()
    assert text.startswith("stateDiagram-v2")
    assert "Clearance --> Berpredikat: decision (award, the final verdict passes)" in text
    assert "Berpredikat --> Dicabut: revocation (on a TPN finding)" in text
    # the guards refuse a pembinaan decision before the pre-evaluation: it is not drawn
    assert "Diusulkan --> Pembinaan" not in text


def test_the_diagram_in_the_docs_is_the_one_the_code_draws():
    from pathlib import Path

    page = (Path(__file__).resolve().parents[1] / "docs" / "explanation" / "process.md").read_text()
    block = page.split("```{mermaid}\n", 1)[1].split("\n```", 1)[0]
    assert block == zi.to_mermaid()


# -- issue 11: the process as the regulation writes it -------------------------------------------------------
def test_surveys_may_come_before_the_desk_evaluation_after_a_passed_pre_evaluation_bab_iii_c_2_b():
    pre = proposed_2023().record(PreEvaluated(D(2023, 6, 20), cycle=2023, outcome="lulus"))
    surveyed = pre.record(Surveyed(D(2023, 7, 1), cycle=2023, ipak="3.9", ipkp="3.8"))
    assert surveyed.cycle(2023).stage is Stage.SURVEYED and surveyed.cycle(2023).desk_passed is None
    refused(surveyed, FieldEvaluated(D(2023, 7, 2), cycle=2023, worksheet=BEST), "desk evaluation has not passed")
    done = surveyed.record(
        DeskEvaluated(D(2023, 8, 1), cycle=2023, passed=True),
        FieldEvaluated(D(2023, 9, 1), cycle=2023, worksheet=BEST.with_assessor("tpn")),
        Cleared(D(2023, 10, 1), cycle=2023),
        Decided(D(2023, 12, 9), cycle=2023, awarded=True, decree_number="SK 2/2023"),
    )
    assert done.cycle(2023).awarded
    # not before a passed pre-evaluation
    refused(proposed_2023(), Surveyed(D(2023, 6, 1), cycle=2023, ipak=4, ipkp=4), "not published the pre-evaluation")
    failed = proposed_2023().record(PreEvaluated(D(2023, 6, 20), cycle=2023, outcome="tidak_lulus"))
    refused(failed, Surveyed(D(2023, 7, 1), cycle=2023, ipak=4, ipkp=4), "did not pass")


def test_a_wbk_unit_proposed_for_wbbm_within_two_years_owes_no_monitoring_report_bab_iv_a_3():
    j = awarded().record(
        BuildingStarted(D(2024, 1, 2), target="WBBM"),
        TpiAssessed(D(2025, 3, 3), cycle=2025, target="WBBM", worksheet=BEST),
    )
    assert j.monitoring_due(on=D(2025, 3, 3)) == D(2025, 12, 9)
    proposed = j.record(Proposed(D(2025, 5, 26), cycle=2025, target="WBBM"))
    assert proposed.monitoring_due(on=D(2025, 12, 10)) == D(2027, 5, 26)
    assert not proposed.monitoring_overdue(on=D(2025, 12, 10))
    assert j.monitoring_overdue(on=D(2025, 12, 10))  # without the proposal the report would be overdue


def test_a_unit_with_a_parent_unit_needs_a_penilaian_pendahuluan_before_the_tpi_bab_i_a_1_a():
    base = Journey.replay(
        "UPT Contoh",
        RB,
        [
            Declared(D(2022, 1, 6)),
            UnitDesignated(D(2022, 1, 13), parent_unit="Kantor Wilayah Provinsi"),
            BuildingStarted(D(2022, 1, 20)),
        ],
    )
    refused(base, TpiAssessed(D(2023, 3, 1), cycle=2023, target="WBK", worksheet=BEST), "needs a penilaian pendahuluan")
    unfit = base.record(PreliminaryAssessed(D(2023, 2, 1), cycle=2023, passed=False))
    assert unfit.cycle(2023).stage is Stage.PRELIMINARY and unfit.cycle(2023).outcome == "preliminary"
    refused(unfit, TpiAssessed(D(2023, 3, 1), cycle=2023, target="WBK", worksheet=BEST), "Kantor Wilayah Provinsi")
    fit = unfit.record(
        PreliminaryAssessed(D(2023, 2, 20), cycle=2023, passed=True),
        TpiAssessed(D(2023, 3, 1), cycle=2023, target="WBK", worksheet=BEST),
        Proposed(D(2023, 5, 2), cycle=2023, target="WBK"),
    )
    assert fit.cycle(2023).preliminary is True and fit.cycle(2023).reached(Stage.PRELIMINARY)
    refused(start(), PreliminaryAssessed(D(2023, 2, 1), cycle=2023, passed=True), "has no parent unit")


def test_revocation_must_reference_a_tpn_finding_bab_iv_c():
    with pytest.raises(zi.InvalidValueError, match="A revocation rests on a finding"):
        Revoked(D(2024, 3, 15), decree_number="SK cabut 1")
    held = awarded()
    refused(
        held, Revoked(D(2024, 3, 15), decree_number="SK", finding_on=D(2024, 2, 1)), "no TPN verification with findings"
    )
    clean = held.record(Verified(D(2024, 2, 1), findings=False))
    refused(clean, Revoked(D(2024, 3, 15), decree_number="SK", finding_on=D(2024, 2, 1)), "no TPN verification")
    found = held.record(Verified(D(2024, 2, 1), findings=True))
    revoked = found.record(Revoked(D(2024, 3, 15), decree_number="SK", finding_on=D(2024, 2, 1)))
    assert revoked.state().predicate is None
    recorded = held.record(Revoked(D(2024, 3, 15), decree_number="SK", finding_source="TPN letter B/123/2024"))
    assert "temuan: TPN letter B/123/2024" in recorded.history(language="id")[-1].what


def test_a_cycle_before_2022_cannot_be_judged_by_90_2021():
    early = Journey.replay(
        "Unit", RB, [Declared(D(2019, 1, 7)), UnitDesignated(D(2019, 1, 8)), BuildingStarted(D(2019, 1, 9))]
    )
    error = refused(
        early,
        TpiAssessed(D(2020, 4, 1), cycle=2020, target="WBK", worksheet=BEST),
        "cycle 2020 is judged by PermenPANRB 52/2014",
        "10/2019",
        "the worksheet uses PermenPANRB 90/2021",
    )
    assert "recorded_outcome" in error.allowed
    old = zi.load_rulebook("permenpanrb-52-2014", warn_superseded=False)
    legacy = zi.Worksheet.from_answers(old, {"P1.area": 80}, assessor="tpi")
    refused(
        early,
        TpiAssessed(D(2020, 4, 1), cycle=2020, target="WBK", worksheet=legacy),
        "record the outcome of cycle 2020 with RecordedOutcome",
    )
    assert (
        early.record(TpiAssessed(D(2021, 12, 31), cycle=2022, target="WBK", worksheet=BEST)).cycle(2022).rulebook_id
        == RB.id
    )


def test_a_recorded_wbk_from_a_decree_needs_one_event_and_opens_the_wbbm_path():
    j = Journey("Unit X", RB).record(
        RecordedOutcome(
            D(2021, 12, 10),
            cycle=2021,
            target="WBK",
            awarded=True,
            decree_number="KEP MENPANRB 1/2021",
            decree_date=D(2021, 12, 7),
            source="https://example.go.id/sk-wbk-2021",
        )
    )
    assert j.predicate_on(D(2021, 12, 10)) is zi.Predicate.WBK and j.cycle(2021).outcome == "awarded"
    assert j.state().spells[0].since == D(2021, 12, 7) and j.state().spells[0].decree == "KEP MENPANRB 1/2021"
    assert j.cycle(2021).rulebook_id == "permenpanrb-52-2014"
    later = j.record(
        BuildingStarted(D(2022, 1, 3), target="WBBM"),
        TpiAssessed(D(2023, 3, 1), cycle=2023, target="WBBM", worksheet=BEST),
        Proposed(D(2023, 5, 2), cycle=2023, target="WBBM"),
    )
    assert later.cycle(2023).stage is Stage.PROPOSED
    # the guards that still make sense: no WBBM before WBK, no second WBK, the revocation bar
    refused(
        Journey("Y", RB),
        RecordedOutcome(D(2022, 12, 1), cycle=2022, target="WBBM", awarded=True, decree_number="1", source="x"),
        "no WBBM before WBK",
    )
    refused(
        j,
        RecordedOutcome(D(2022, 12, 1), cycle=2022, target="WBK", awarded=True, decree_number="2", source="x"),
        "already holds WBK",
    )
    revoked = j.record(Revoked(D(2022, 3, 1), decree_number="cabut", finding_source="TPN letter"))
    refused(
        revoked,
        RecordedOutcome(D(2023, 12, 1), cycle=2023, target="WBK", awarded=True, decree_number="3", source="x"),
        "no WBK proposal before 1 March 2024",
    )
    with pytest.raises(zi.InvalidValueError, match="A non-empty text is expected"):
        RecordedOutcome(D(2022, 12, 1), cycle=2022, target="WBK", awarded=False, source=" ")
    assert RecordedOutcome.recorded and not Decided.recorded


def test_a_mandiri_wbk_counts_as_tpn_s_and_opens_the_wbbm_path_5_2024_bab_ii_b():
    events = [
        Declared(D(2023, 1, 6)),
        UnitDesignated(D(2023, 1, 13)),
        BuildingStarted(D(2023, 1, 20)),
        TpiAssessed(D(2024, 8, 1), cycle=2024, target="WBK", worksheet=BEST),
    ]
    j = Journey.replay("Unit", RB, events)
    awarded_ = j.record(MandiriDecided(D(2024, 9, 2), cycle=2024, awarded=True, decree_number="Kep Bupati 1/2024"))
    assert awarded_.predicate_on(D(2024, 9, 2)) is zi.Predicate.WBK and awarded_.cycle(2024).awarded
    assert awarded_.record(BuildingStarted(D(2024, 9, 3), target="WBBM")).state().building_toward is zi.Predicate.WBBM
    refused(
        j,
        MandiriDecided(D(2024, 9, 2), cycle=2023, awarded=True, decree_number="x"),
        "no TPI assessment for cycle 2023",
    )
    weak = Journey.replay(
        "Unit", RB, [*events[:3], TpiAssessed(D(2024, 8, 1), cycle=2024, target="WBK", worksheet=WEAK)]
    )
    refused(weak, MandiriDecided(D(2024, 9, 2), cycle=2024, awarded=True, decree_number="x"), "does not pass WBK")
    early = Journey.replay(
        "Unit", RB, [*events[:3], TpiAssessed(D(2024, 3, 1), cycle=2024, target="WBK", worksheet=BEST)]
    )
    refused(
        early, MandiriDecided(D(2024, 7, 1), cycle=2024, awarded=True, decree_number="x"), "exists from 15 July 2024"
    )
    proposed = early.record(Proposed(D(2024, 5, 2), cycle=2024, target="WBK"))
    refused(proposed, MandiriDecided(D(2024, 9, 2), cycle=2024, awarded=True, decree_number="x"), "TPN decides it")


def test_a_field_worksheet_of_another_rulebook_is_refused_naming_both():
    old = zi.load_rulebook("permenpanrb-52-2014", warn_superseded=False)
    legacy = zi.Worksheet.from_answers(old, {"P1.area": 80}, assessor="tpn")
    refused(
        through_desk(),
        FieldEvaluated(D(2023, 9, 1), cycle=2023, worksheet=legacy),
        "cycle 2023 is judged by PermenPANRB 90/2021; the field worksheet uses PermenPANRB 52/2014",
    )


def test_a_recorded_mandiri_wbk_opens_wbbm_but_not_before_5_2024():
    mandiri = RecordedOutcome(
        D(2024, 9, 2),
        cycle=2024,
        target="WBK",
        awarded=True,
        decree_number="Kep Bupati 7/2024",
        route="mandiri",
        source="Keputusan Bupati Contoh 7/2024",
    )
    j = Journey("Puskesmas", RB).record(mandiri, BuildingStarted(D(2024, 9, 3), target="WBBM"))
    assert j.state().predicate is zi.Predicate.WBK and j.state().building_toward is zi.Predicate.WBBM
    assert "(mandiri)" in j.history()[0].what
    early = RecordedOutcome(
        D(2023, 9, 2), cycle=2023, target="WBK", awarded=True, decree_number="Kep 1", route="mandiri", source="x"
    )
    refused(Journey("P", RB), early, "the mandiri WBK route exists from 15 July 2024")
    with pytest.raises(zi.InvalidValueError, match="The mandiri route awards WBK only"):
        RecordedOutcome(D(2024, 9, 2), cycle=2024, target="WBBM", awarded=False, route="mandiri", source="x")
