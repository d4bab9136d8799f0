"""Random review rounds (decisions, returns, revisions, evidence, submissions) against a plain model:
the round's worksheet is the composition of every decision and revision, every change carries a note, a
round's score delta is the sum of its changes' deltas, refused events change nothing, and the history
recorded in a store verifies and replays to the same review."""

from __future__ import annotations

import datetime as dt
import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

import zona_integritas as zi
from zona_integritas import store
from zona_integritas.decimals import CONTEXT
from zona_integritas.events import BuildingStarted, Declared, UnitDesignated
from zona_integritas.review import Review
from zona_integritas.review_chain import load_chain
from zona_integritas.review_diff import round_changes
from zona_integritas.review_events import Decision
from zona_integritas.review_round import RoundStatus

RB = zi.load_rulebook("permenpanrb-90-2021")
CHAIN = load_chain("example-inspektorat-berjenjang")
INTERNAL = [t.name for t in CHAIN.tiers if t.role.value in ("unit", "tpi")]  # unit, anggota, ketua-tim, pengendali
POOL = ["P1.i.a", "P1.i.b", "P1.ii.b", "H1.a", "R4.i.a"]
ANSWERS = {
    "P1.i.a": st.sampled_from(["Ya", "Tidak"]),
    "P1.i.b": st.sampled_from(["A", "B", "C"]),
    "P1.ii.b": st.sampled_from(["A", "B", "C"]),
    "H1.a": st.sampled_from(["4", "3.6", "2.75", "0"]),
    "R4.i.a": st.integers(1, 9).flatmap(lambda t: st.integers(0, t).map(lambda m: {"targets": t, "met": m})),
}
BEST = zi.Worksheet.from_answers(RB, {c: RB.item(c).best_answer for c in RB.item_codes}, assessor="unit")
START = dt.date(2022, 1, 10)
PREFIX = [Declared(dt.date(2021, 1, 4)), UnitDesignated(dt.date(2021, 1, 4)), BuildingStarted(dt.date(2021, 1, 4))]


def canonical(code: str, raw: object) -> object:
    value = zi.worksheet.validate_answer(RB.item(code), raw)
    return dict(value) if isinstance(value, zi.Counts) else value


class ReviewRounds(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.day = START
        self.review = Review.start(CHAIN, BEST, cycle=2022, on=self.day)
        # the model: each tier's submitted values, and the open round's start, revisions and decisions
        self.submitted: dict[str, dict[str, object]] = {"unit": self._values(BEST)}
        self.last_tier = "unit"
        self.base: dict[str, object] = {}
        self.changes: dict[str, object] = {}
        self.decided: set[str] = set()
        self.scope: list[str] = []
        self.returned: list[str] = []

    @staticmethod
    def _values(ws: zi.Worksheet) -> dict[str, object]:
        return {c: (dict(a.value) if isinstance(a.value, zi.Counts) else a.value) for c, a in ws.answers.items()}

    def _tick(self) -> dt.date:
        self.day += dt.timedelta(days=1)
        return self.day

    def _open(self) -> bool:
        return self.review.current_round is not None

    def _status(self) -> RoundStatus | None:
        current = self.review.current_round
        return None if current is None else current.status

    def _refused(self, action) -> None:
        before = self.review
        try:
            action()
        except zi.TransitionError:
            assert self.review is before
        else:
            raise AssertionError("the event should have been refused")

    # -- rules -------------------------------------------------------------------------------------------------
    @precondition(lambda self: not self._open())
    @rule(data=st.data(), scope=st.lists(st.sampled_from(POOL), min_size=1, max_size=5, unique=True))
    def open_round(self, data, scope):
        index = INTERNAL.index(self.last_tier)
        choices = [t for t in INTERNAL[max(index, 1) : index + 2] if t != "unit"]
        if not choices:
            return
        tier = data.draw(st.sampled_from(choices))
        self.review = self.review.open(tier, on=self._tick(), scope=scope)
        self.tier = tier
        self.base = dict(self.submitted[self.last_tier])
        self.changes, self.decided, self.scope, self.returned = {}, set(), scope, []

    @precondition(lambda self: self._status() is RoundStatus.OPEN)
    @rule(data=st.data(), decision=st.sampled_from(list(Decision)))
    def decide(self, data, decision):
        item = data.draw(st.sampled_from(self.scope))
        on = self._tick()
        if decision is Decision.CHANGE:
            answer = data.draw(ANSWERS[item])
            self.review = self.review.change(item, answer, note=f"catatan {item}", on=on, actor="reviewer")
            self.changes[item] = canonical(item, answer)
            self.decided.add(item)
        elif decision is Decision.AGREE:
            self.review = self.review.agree(item, on=on)
            self.changes.pop(item, None)
            self.decided.add(item)
        else:
            self.review = self.review.ask_evidence(item, on=on)
            self.changes.pop(item, None)
            self.decided.discard(item)

    @precondition(lambda self: self._status() is RoundStatus.OPEN)
    @rule(item=st.sampled_from(POOL))
    def decide_outside_the_scope_is_refused(self, item):
        if item not in self.scope:
            self._refused(lambda: self.review.agree(item, on=self._tick()))

    @precondition(lambda self: self._status() is RoundStatus.OPEN)
    @rule(data=st.data())
    def return_round(self, data):
        earlier = INTERNAL[: INTERNAL.index(self.tier)]
        to = data.draw(st.sampled_from(earlier))
        items = data.draw(st.lists(st.sampled_from(self.scope), min_size=1, unique=True))
        self.review = self.review.return_to(to, items, on=self._tick(), note="perbaiki")
        self.returned = items

    @precondition(lambda self: self._status() is RoundStatus.RETURNED)
    @rule(data=st.data())
    def revise(self, data):
        items = data.draw(st.lists(st.sampled_from(self.returned), min_size=1, unique=True))
        answers = {c: data.draw(ANSWERS[c]) for c in items}
        self.review = self.review.revise(answers, on=self._tick(), note="revisi")
        for code, raw in answers.items():
            self.base[code] = canonical(code, raw)
        for code in self.returned:  # every returned item needs a new decision
            self.changes.pop(code, None)
            self.decided.discard(code)
        self.returned = []

    @rule(item=st.sampled_from(POOL))
    def add_evidence(self, item):
        self.review = self.review.add_evidence(item, on=self._tick(), file_name=f"{item}.pdf")

    @precondition(lambda self: self._status() is RoundStatus.OPEN)
    @rule(accept=st.booleans())
    def submit(self, accept):
        pending = [c for c in self.scope if c not in self.decided]
        if pending and not accept:
            self._refused(lambda: self.review.submit(on=self._tick()))
            return
        self.review = self.review.submit(on=self._tick(), accept_unreviewed=accept)
        self.submitted[self.tier] = {**self.base, **self.changes}
        self.last_tier = self.tier

    # -- invariants --------------------------------------------------------------------------------------------
    @invariant()
    def the_worksheet_is_the_composition_of_all_decisions(self):
        current = self.review.current_round
        if current is not None:
            assert self._values(current.worksheet) == {**self.base, **self.changes}
        final = self.review.tier_worksheet(self.last_tier)
        assert final is not None and self._values(final) == self.submitted[self.last_tier]

    @invariant()
    def every_change_has_a_note(self):
        for rnd in self.review.rounds:
            assert all(d.note for d in rnd.decisions if d.decision is Decision.CHANGE)

    @invariant()
    def a_rounds_delta_is_the_sum_of_its_changes(self):
        if not self.review.rounds:
            return
        last = self.review.rounds[-1]
        rc = round_changes(self.review, last.tier.name, last.number)
        summed = Decimal(0)
        for change in (*rc.revisions, *rc.changes):
            summed = CONTEXT.add(summed, change.delta)
        assert abs(CONTEXT.subtract(rc.delta, summed)) < Decimal("1e-30")

    def teardown(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            db = store.open(Path(folder) / "review.db")
            kota = zi.organization.Instansi("Kota", "pemda")
            db.add_unit(zi.organization.Unit("u", "Unit", kota), rulebook=RB.id)
            db.record("u", *PREFIX, *self.review.events)
            db.verify()
            assert db.journey("u").review(2022) == self.review
            db.close()


ReviewRounds.TestCase.settings = settings(settings(), stateful_step_count=25)
test_review_rounds = ReviewRounds.TestCase
