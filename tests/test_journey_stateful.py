"""Random event sequences: every accepted sequence gives a valid state, every refused event leaves the
journey unchanged, and replaying the history rebuilds the same state."""

from __future__ import annotations

import datetime as dt

from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

import zona_integritas as zi
from zona_integritas.events import (
    Appealed,
    BuildingStarted,
    Cleared,
    CorrectionsSubmitted,
    Decided,
    Declared,
    DeskEvaluated,
    FieldEvaluated,
    MonitoringReported,
    PreEvaluated,
    ProposalVoided,
    Proposed,
    Revoked,
    Surveyed,
    TpiAssessed,
    UnitDesignated,
    Verified,
)
from zona_integritas.journey import Journey, Stage

RB = zi.load_rulebook("permenpanrb-90-2021")
BEST = zi.Worksheet.from_answers(RB, {c: RB.item(c).best_answer for c in RB.item_codes}, assessor="tpi")
WEAK = BEST.with_answers({"H2.a": "3.0", "P1.i.a": "Tidak"})
START = dt.date(2019, 1, 1)


@st.composite
def events(draw, last: dt.date):
    step = draw(st.one_of(st.integers(0, 120), st.integers(-30, -1), st.integers(120, 500)))
    on = last + dt.timedelta(days=step)
    cycle = draw(st.sampled_from([on.year, on.year + 1, on.year - 1]))
    target = draw(st.sampled_from(["WBK", "WBBM"]))
    worksheet = draw(st.sampled_from([BEST, WEAK]))
    kind = draw(st.sampled_from(range(17)))
    if kind == 0:
        return Declared(on)
    if kind == 1:
        return UnitDesignated(on)
    if kind == 2:
        return BuildingStarted(on, target=target)
    if kind == 3:
        return TpiAssessed(on, cycle=cycle, target=target, worksheet=worksheet)
    if kind == 4:
        return Proposed(on, cycle=cycle, target=target)
    if kind == 5:
        outcome = draw(st.sampled_from(["lulus", "lulus_dengan_catatan", "tidak_lulus"]))
        due = on + dt.timedelta(days=14) if outcome == "lulus_dengan_catatan" else None
        return PreEvaluated(on, cycle=cycle, outcome=outcome, corrections_due=due)
    if kind == 6:
        return CorrectionsSubmitted(on, cycle=cycle)
    if kind == 7:
        return Appealed(on, cycle=cycle, accepted=draw(st.booleans()))
    if kind == 8:
        return DeskEvaluated(on, cycle=cycle, passed=draw(st.booleans()))
    if kind == 9:
        return Surveyed(on, cycle=cycle, ipak=draw(st.sampled_from(["3.9", "3.5"])), ipkp="3.8")
    if kind == 10:
        return FieldEvaluated(on, cycle=cycle, worksheet=worksheet)
    if kind == 11:
        return Cleared(on, cycle=cycle)
    if kind == 12:
        awarded = draw(st.booleans())
        return Decided(on, cycle=cycle, awarded=awarded, decree_number="SK" if awarded else None)
    if kind == 13:
        return MonitoringReported(on)
    if kind == 14:
        return Verified(on)
    if kind == 15:
        return Revoked(on, decree_number="SK cabut")
    return ProposalVoided(on, cycle=cycle)


def check_state(journey: Journey) -> None:
    state = journey.state()
    assert state.events == len(journey.events)
    assert [c.year for c in state.cycles] == sorted({c.year for c in state.cycles})
    if state.predicate is not None:
        assert state.spells and state.spells[-1].predicate is state.predicate and state.spells[-1].until is None
    if state.predicate is zi.Predicate.WBBM:
        assert any(s.predicate is zi.Predicate.WBK for s in state.spells)
    for cycle in state.cycles:
        if cycle.awarded:
            assert cycle.cleared and cycle.survey is not None and cycle.field_worksheet is not None
            assert journey.verdict(cycle.year).passed
        if cycle.stage.value >= Stage.DESK_EVALUATED.value and not cycle.voided:
            assert cycle.pre_outcome is not None
        if cycle.proposed_on is not None:
            assert cycle.tpi_worksheet is not None
    dates = [e.on for e in journey.events]
    assert dates == sorted(dates)


class JourneyMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.journey = Journey("Unit", RB)
        self.last = START

    @rule(data=st.data())
    def record_a_random_event(self, data):
        event = data.draw(events(self.last))
        before = self.journey
        before_state, before_events = before.state(), before.events
        try:
            after = before.record(event)
        except zi.TransitionError as error:
            assert before.state() == before_state and before.events == before_events
            assert error.event is event and error.state == before_state
            # an event without payload (no cycle, target or outcome) is refused only when its kind is not allowed
            if event.kind in ("declared", "unit_designated", "monitoring_reported", "verified", "revoked"):
                assert event.kind not in error.allowed
            return
        self.journey = after
        self.last = event.on

    @rule(data=st.data())
    def walk_the_happy_path(self, data):
        """Push the journey forward with events that the process is likely to accept."""
        state = self.journey.state()
        on = self.last + dt.timedelta(days=data.draw(st.integers(1, 90)))
        toward = "WBBM" if state.predicate else "WBK"
        candidates = [Declared(on), UnitDesignated(on), BuildingStarted(on, target=toward)]
        latest = state.latest_cycle
        target = "WBBM" if state.predicate is zi.Predicate.WBK else "WBK"
        if latest is not None:
            c = latest.year
            if latest.proposed_on is None and on <= dt.date(c, 5, 31):
                candidates.append(Proposed(on, cycle=c, target=latest.target))
            candidates += [
                PreEvaluated(on, cycle=c, outcome="lulus"),
                DeskEvaluated(on, cycle=c, passed=True),
                Surveyed(on, cycle=c, ipak=4, ipkp=4),
                FieldEvaluated(on, cycle=c, worksheet=BEST),
                Cleared(on, cycle=c),
                Decided(on, cycle=c, awarded=True, decree_number="SK"),
            ]
        next_cycle = on.year if on <= dt.date(on.year, 5, 31) else on.year + 1
        candidates.append(TpiAssessed(on, cycle=next_cycle, target=target, worksheet=BEST))
        for candidate in candidates:
            try:
                self.journey = self.journey.record(candidate)
                self.last = candidate.on
                return
            except zi.TransitionError:
                continue

    @invariant()
    def the_state_is_valid_and_replay_rebuilds_it(self):
        state = self.journey.state()
        event(f"predicate {state.predicate.value if state.predicate else None}")
        event(f"cycles {min(len(state.cycles), 3)}")
        check_state(self.journey)
        again = Journey.replay(self.journey.unit, RB, self.journey.events)
        assert again.state() == self.journey.state()
        assert self.journey.state(self.last) == self.journey.state()


JourneyMachine.TestCase.settings = settings(max_examples=40, stateful_step_count=40, deadline=None)
test_random_event_sequences = JourneyMachine.TestCase
