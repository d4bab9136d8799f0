"""Which predicates of a journey were revoked, when, and which cycle had awarded them (for reports and frames).

A revocation (:class:`~zona_integritas.events.Revoked`, Bab IV C) ends the spell of the predicate then held;
the cycle that awarded that predicate stays "awarded" in the journey's state, so a report that shows only
the cycle's outcome would call a revoked unit "awarded". These helpers read the revocations from the
journey's own events and its state: the one place the reports and the DataFrames ask, so that when the
journey answers this itself (a public ``Cycle.revoked_on``), only this module changes.

>>> import datetime as dt
>>> from zona_integritas import examples
>>> from zona_integritas.events import Revoked, Verified
>>> held = examples.kediri_journey()
>>> revoked = held.record(
...     Verified(dt.date(2025, 2, 3), findings=True),
...     Revoked(dt.date(2025, 3, 17), decree_number="SK cabut 1", finding_on=dt.date(2025, 2, 3)),
... )
>>> [(r.on.isoformat(), r.predicate.value, r.cycle, r.decree_number) for r in revocations(revoked)]
[('2025-03-17', 'WBK', 2022, 'SK cabut 1')]
>>> revocations(revoked, on="1 Maret 2025"), last_revocation(held)
((), None)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from .dates import parse_date
from .events import Revoked
from .rulebook import Predicate

__all__ = ["Revocation", "last_revocation", "revocations", "revoked_cycles"]


@attrs.frozen
class Revocation:
    """One revocation: its date, the predicate it ended, the year of the cycle that had awarded it (``None``
    for a predicate awarded outside any recorded cycle) and the decree's number."""

    on: dt.date
    predicate: Predicate
    cycle: int | None
    decree_number: str


def revocations(journey: Any, *, on: dt.date | str | None = None) -> tuple[Revocation, ...]:
    """The revocations of ``journey`` up to ``on`` (all of them without ``on``), oldest first."""
    day = None if on is None else parse_date(on)
    state = journey.state(day)
    found = []
    for event in journey.events:
        if not isinstance(event, Revoked) or (day is not None and event.on > day):
            continue
        spells = [s for s in state.spells if s.since <= event.on and s.until == event.on]
        if not spells:  # pragma: no cover - a revocation is only recorded while a predicate is held
            continue
        spell = spells[-1]
        found.append(Revocation(event.on, spell.predicate, _awarding_cycle(state, spell), event.decree_number))
    return tuple(found)


def _awarding_cycle(state: Any, spell: Any) -> int | None:
    """The year of the awarded cycle whose award began ``spell`` (its effective date, else the latest before)."""
    awarded = [c for c in state.cycles if c.awarded and c.target is spell.predicate]
    for cycle in reversed(awarded):
        decision = cycle.decision or cycle.recorded or cycle.mandiri
        if decision is not None and getattr(decision, "effective", None) == spell.since:
            return int(cycle.year)
    before = [c for c in awarded if c.year <= spell.since.year]
    return int(before[-1].year) if before else None


def revoked_cycles(journey: Any, *, on: dt.date | str | None = None) -> dict[int, Revocation]:
    """The revocations by the year of the cycle whose award they ended."""
    return {r.cycle: r for r in revocations(journey, on=on) if r.cycle is not None}


def last_revocation(journey: Any, *, on: dt.date | str | None = None) -> Revocation | None:
    """The latest revocation up to ``on``, or ``None``."""
    found = revocations(journey, on=on)
    return found[-1] if found else None
