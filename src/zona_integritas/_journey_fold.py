"""The fold of a journey: the state after an accepted event (the guards already passed).

One function per event type adds to ``changes`` what the event changes in the state; :func:`apply_event` makes
one copy of the state per event with a generated copier (:func:`evolve`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from ._journey_state import Cycle, JourneyState, PredicateSpell, Stage
from .errors import InvalidValueError, UnknownRulebookError
from .events import (
    Appealed,
    BuildingStarted,
    Cleared,
    CorrectionsSubmitted,
    Decided,
    Declared,
    DeskEvaluated,
    Event,
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
from .i18n import gettext as _
from .review_events import ReviewEvent
from .rulebook import Predicate
from .rulebook_loader import rulebook_in_force


# Kept because it pays: replaying 3,000 journeys ran at 61,000-62,000 events/s with the generated copier and
# 44,000-51,000 with attrs.evolve, which runs the converters again (docs/reference/performance.md).
def evolve(obj: Any, **changes: Any) -> Any:
    """A faster ``attrs.evolve`` for the fold's frozen values (no validators run: the fold's own values)."""
    cls = type(obj)
    copier = _COPIERS.get(cls)
    if copier is None:
        copier = _COPIERS[cls] = _make_copier(cls)
    return copier(obj, changes)


def _make_copier(cls: type) -> Any:
    names = [a.name for a in attrs.fields(cls)]
    lines = ["def copy(o, ch, _new=object.__new__, _set=object.__setattr__, _cls=_cls):", "    n = _new(_cls)"]
    for name in names:
        lines.append(f"    _set(n, {name!r}, ch[{name!r}] if {name!r} in ch else o.{name})")
    lines.append("    return n")
    namespace: dict[str, Any] = {"_cls": cls}
    exec("\n".join(lines), namespace)  # generated from the class's own field names only
    return namespace["copy"]


_COPIERS: dict[type, Any] = {}


def _replace_cycle(state: JourneyState, cycle: Cycle) -> tuple[Cycle, ...]:
    cycles = state.cycles
    if cycles and cycles[-1].year == cycle.year:
        return (*cycles[:-1], cycle)
    if not cycles or cycles[-1].year < cycle.year:
        return (*cycles, cycle)
    kept = [c for c in cycles if c.year != cycle.year]
    return tuple(sorted([*kept, cycle], key=lambda c: c.year))


def apply_event(state: JourneyState, event: Event) -> JourneyState:
    """The state after an accepted event (guards already passed): one copy of the state per event."""
    if isinstance(event, ReviewEvent):
        reviews = state.reviews.replayed(event)
        result_: JourneyState = evolve(state, reviews=reviews, last_event_on=event.on, events=state.events + 1)
        return result_
    changes: dict[str, Any] = {"last_event_on": event.on, "events": state.events + 1}
    fold = _FOLD.get(type(event))
    if fold is None:
        fold = _fold_for(type(event))
    fold(state, event, changes)
    result: JourneyState = evolve(state, **changes)
    return result


# One function per event type: each adds to ``changes`` what the event changes in the state.
_Changes = dict[str, Any]


def _fold_declared(state: JourneyState, event: Declared, changes: _Changes) -> None:
    changes["declared_on"] = event.on


def _fold_designated(state: JourneyState, event: UnitDesignated, changes: _Changes) -> None:
    changes.update(designated_on=event.on, parent_unit=event.parent_unit)


def _fold_building(state: JourneyState, event: BuildingStarted, changes: _Changes) -> None:
    changes.update(building_toward=event.target, building_since=event.on)


def _fold_monitoring(state: JourneyState, event: MonitoringReported, changes: _Changes) -> None:
    changes["last_monitoring_on"] = event.on


def _fold_verified(state: JourneyState, event: Verified, changes: _Changes) -> None:
    if event.findings:
        changes["findings"] = (*state.findings, event.on)


def _fold_recorded(state: JourneyState, event: RecordedOutcome, changes: _Changes) -> None:
    cycle = state.cycle(event.cycle) or Cycle(event.cycle, event.target)
    reached = Stage[event.reached.upper()] if event.reached else Stage.DECIDED
    rulebook_id = cycle.rulebook_id or _rulebook_id(event.cycle)
    cycle = evolve(cycle, recorded=event, stage=reached, rulebook_id=rulebook_id)
    changes.update(cycles=_replace_cycle(state, cycle), has_recorded=True)
    if event.awarded:
        changes.update(_award(state, event.target, event.effective, event.decree_number))


def _fold_mandiri(state: JourneyState, event: MandiriDecided, changes: _Changes) -> None:
    cycle = state.cycle(event.cycle)
    assert cycle is not None
    changes["cycles"] = _replace_cycle(state, evolve(cycle, mandiri=event, stage=Stage.DECIDED))
    if event.awarded:
        changes.update(_award(state, Predicate.WBK, event.effective, event.decree_number))


def _fold_preliminary(state: JourneyState, event: PreliminaryAssessed, changes: _Changes) -> None:
    cycle = state.cycle(event.cycle) or Cycle(event.cycle, state.building_toward or Predicate.WBK)
    changes["cycles"] = _replace_cycle(state, evolve(cycle, preliminary=event.passed, stage=Stage.PRELIMINARY))


def _fold_revoked(state: JourneyState, event: Revoked, changes: _Changes) -> None:
    spells = list(state.spells)
    spells[-1] = evolve(spells[-1], until=event.on, ended_by=f"revoked ({event.decree_number})")
    changes.update(
        predicate=None,
        spells=tuple(spells),
        revoked_on=event.on,
        building_toward=None,
        building_since=None,
        last_monitoring_on=None,
        findings=(),
        wbbm_proposed_on=None,
    )
    cycles = state.cycles
    awarding = next(
        (c for c in reversed(cycles) if c.awarded and c.target is state.predicate and c.revocation is None), None
    )
    if awarding is not None:
        # the cycle that awarded the predicate keeps its revocation (Cycle.revocation, Journey.revocations())
        cycles = tuple(evolve(c, revocation=event) if c is awarding else c for c in cycles)
    latest = cycles[-1] if cycles else None
    if latest is not None and not latest.closed:
        # the WBBM cycle under way loses its prerequisite: it ends as voided
        cycles = (*cycles[:-1], evolve(latest, voided=True, ended_by_revocation=True))
    if cycles is not state.cycles:
        changes["cycles"] = cycles


def _fold_assessed(state: JourneyState, event: TpiAssessed, changes: _Changes) -> None:
    existing = state.cycle(event.cycle)
    preliminary = existing.preliminary if existing is not None else None
    assessed = Cycle(
        event.cycle, event.target, event.worksheet, preliminary=preliminary, rulebook_id=event.worksheet.rulebook.id
    )
    changes["cycles"] = _replace_cycle(state, assessed)


def _cycle_fold(step: Any) -> Any:
    """A fold for an event of an existing cycle: ``step(cycle, event, state, changes)`` returns the cycle."""

    def fold(state: JourneyState, event: Any, changes: _Changes) -> None:
        cycle = state.cycle(event.cycle)
        assert cycle is not None
        changes["cycles"] = _replace_cycle(state, step(cycle, event, state, changes))

    return fold


def _step_proposed(cycle: Cycle, event: Proposed, state: JourneyState, changes: _Changes) -> Cycle:
    if event.target is Predicate.WBBM and state.predicate is Predicate.WBK:
        changes["wbbm_proposed_on"] = event.on
    result: Cycle = evolve(cycle, stage=Stage.PROPOSED, proposed_on=event.on)
    return result


def _step_decided(cycle: Cycle, event: Decided, state: JourneyState, changes: _Changes) -> Cycle:
    if event.awarded:
        changes.update(_award(state, cycle.target, event.effective, event.decree_number))
    result: Cycle = evolve(cycle, stage=Stage.DECIDED, decision=event)
    return result


_FOLD: dict[type, Any] = {
    Declared: _fold_declared,
    UnitDesignated: _fold_designated,
    BuildingStarted: _fold_building,
    MonitoringReported: _fold_monitoring,
    Verified: _fold_verified,
    RecordedOutcome: _fold_recorded,
    MandiriDecided: _fold_mandiri,
    PreliminaryAssessed: _fold_preliminary,
    Revoked: _fold_revoked,
    TpiAssessed: _fold_assessed,
    Proposed: _cycle_fold(_step_proposed),
    PreEvaluated: _cycle_fold(
        lambda c, e, s, ch: evolve(
            c, stage=Stage.PRE_EVALUATED, pre_outcome=e.outcome, corrections_due=e.corrections_due
        )
    ),
    CorrectionsSubmitted: _cycle_fold(lambda c, e, s, ch: evolve(c, corrections_submitted=True)),
    Appealed: _cycle_fold(lambda c, e, s, ch: evolve(c, appeal=e.accepted)),
    DeskEvaluated: _cycle_fold(
        lambda c, e, s, ch: evolve(c, stage=_later(c.stage, Stage.DESK_EVALUATED), desk_passed=e.passed)
    ),
    Surveyed: _cycle_fold(
        lambda c, e, s, ch: evolve(c, stage=_later(c.stage, Stage.SURVEYED), survey=(e.ipak, e.ipkp))
    ),
    FieldEvaluated: _cycle_fold(
        lambda c, e, s, ch: evolve(c, stage=Stage.FIELD_EVALUATED, field_worksheet=e.worksheet)
    ),
    Cleared: _cycle_fold(lambda c, e, s, ch: evolve(c, stage=Stage.CLEARED, cleared=True)),
    ProposalVoided: _cycle_fold(lambda c, e, s, ch: evolve(c, voided=True)),
    Decided: _cycle_fold(_step_decided),
}


def _fold_for(kind: type) -> Any:
    """The fold of a subclass of a known event type (its nearest known base)."""
    for base in kind.__mro__:
        if base in _FOLD:
            _FOLD[kind] = _FOLD[base]
            return _FOLD[base]
    raise InvalidValueError(
        _("No fold for the event type {name}").format(name=kind.__name__), code="unknown-event-type"
    )


def _later(current: Stage, reached: Stage) -> Stage:
    """The furthest of two stages (the survey and the desk evaluation may come in either order)."""
    return current if current.value > reached.value else reached


def _award(state: JourneyState, target: Predicate, since: dt.date, decree: str | None) -> dict[str, Any]:
    """The state changes of an award: a new spell (ending the one it upgrades), building done."""
    spells = list(state.spells)
    if spells and spells[-1].until is None:
        spells[-1] = evolve(spells[-1], until=since, ended_by=f"upgraded to {target.value}")
    spells.append(PredicateSpell(target, since, decree))
    return {
        "predicate": target,
        "spells": tuple(spells),
        "building_toward": None,
        "building_since": None,
        "last_monitoring_on": None,
        "findings": (),
        "wbbm_proposed_on": None,
    }


def _rulebook_id(year: int) -> str | None:
    """The id of the shipped rulebook in force on 1 January of ``year`` (for a recorded cycle)."""
    try:
        return rulebook_in_force(dt.date(year, 1, 1)).id
    except UnknownRulebookError:
        return None
