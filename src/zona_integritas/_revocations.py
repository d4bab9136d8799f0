"""Which predicates of a journey were revoked, when, and which cycle had awarded them (for reports and frames).

A revocation (:class:`~zona_integritas.events.Revoked`, Bab IV C) ends the spell of the predicate then held;
the cycle that awarded that predicate stays "awarded" in the journey's state, so a report that shows only
the cycle's outcome would call a revoked unit "awarded". These helpers read the revocations from the
journey (:meth:`Journey.revocations <zona_integritas.journey.Journey.revocations>`, ``Cycle.revoked_on``): the
one place the reports and the DataFrames ask.

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
    """The revocations of ``journey`` up to ``on`` (all of them without ``on``), oldest first: what
    :meth:`Journey.revocations <zona_integritas.journey.Journey.revocations>` answers, in this module's shape."""
    return tuple(Revocation(r.revoked_on, r.predicate, r.cycle, r.decree_number) for r in journey.revocations(on=on))


def revoked_cycles(journey: Any, *, on: dt.date | str | None = None) -> dict[int, Revocation]:
    """The revocations by the year of the cycle whose award they ended."""
    return {r.cycle: r for r in revocations(journey, on=on) if r.cycle is not None}


def last_revocation(journey: Any, *, on: dt.date | str | None = None) -> Revocation | None:
    """The latest revocation up to ``on``, or ``None``."""
    found = revocations(journey, on=on)
    return found[-1] if found else None
