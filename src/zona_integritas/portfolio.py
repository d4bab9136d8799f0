"""An instansi's units over the years: predicates, cycles, who may propose next, progress to a target.

A :class:`Portfolio` is a set of unit journeys of one instansi (from a store, or built in code).
It answers what a reform office asks: which units hold WBK or WBBM on a date; how far each unit got in
a cycle; which units may be proposed in the next cycle (by the journey's own rules: a year of
building by the deadline, the predicate held, the revocation bar); progress against a plan such as
the Kota Kediri RPJMD 2020–2024 (10 public-service OPDs with WBK/WBBM); and the share of units holding
a predicate (the 30 % rule of 90/2021 Lampiran II Bab II).

:func:`compare_assessors` shows, for one unit and cycle, where the unit's, the TPI's and the TPN's
answers differ and by how many points.

>>> from zona_integritas import examples
>>> p = examples.kota_kediri_portfolio()
>>> [(h.unit_id, h.predicate.value) for h in p.holders(on="31 Desember 2024")]
[('dpmptsp', 'WBK'), ('rsud-gambiran', 'WBK')]
>>> p.progress(examples.KEDIRI_RPJMD_TARGET, on="31 Desember 2024").share
Decimal('20')
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from .dates import parse_date
from .decimals import CONTEXT, in_library_context
from .errors import IncompleteWorksheetWarning, InvalidAnswerError, UnknownItemError
from .journey import Cycle, Journey, _window
from .labels import Label
from .organization import Instansi, Unit
from .rulebook import Predicate
from .scoring import ScoreCard, score
from .worksheet import Worksheet

__all__ = [
    "AnswerDifference",
    "AssessorComparison",
    "Holder",
    "Portfolio",
    "Progress",
    "Target",
    "compare_assessors",
]


@attrs.frozen
class Holder:
    """A unit holding a predicate on a date, since when."""

    unit_id: str
    name: str
    predicate: Predicate
    since: dt.date


@attrs.frozen
class Target:
    """A plan target: ``count`` units holding a predicate (at least ``predicate``) by ``by``."""

    label: Label
    count: int
    by: dt.date = attrs.field(converter=parse_date)
    predicate: Predicate = Predicate.WBK
    source: str = ""


@in_library_context
@attrs.frozen
class Progress:
    """Progress against a :class:`Target` on a date."""

    target: Target
    on: dt.date
    achieved: int
    units: tuple[str, ...]

    @property
    def share(self) -> Decimal:
        """Achieved as a percentage of the target (may exceed 100)."""
        return CONTEXT.divide(Decimal(self.achieved * 100), Decimal(self.target.count))

    @property
    def remaining(self) -> int:
        """Units still needed (0 when reached)."""
        return max(0, self.target.count - self.achieved)


@in_library_context
@attrs.frozen(eq=False)
class Portfolio:
    """The journeys of an instansi's units (``units`` and ``journeys`` aligned by unit id)."""

    instansi: Instansi
    units: tuple[Unit, ...]
    journeys: tuple[Journey, ...]

    def __attrs_post_init__(self) -> None:
        ids = [u.id for u in self.units]
        if len(set(ids)) != len(ids):
            raise InvalidAnswerError("unit ids in a portfolio must be unique")
        if [j.unit for j in self.journeys] != ids:
            raise InvalidAnswerError("each unit needs its journey, in the same order (journey.unit = unit.id)")

    @classmethod
    def from_store(cls, db: Any, instansi: Instansi) -> Portfolio:
        """The portfolio of ``instansi`` from a store."""
        units = tuple(u for u in db.units() if u.instansi.name == instansi.name)
        return cls(instansi, units, tuple(db.journey(u.id) for u in units))

    def _repr_html_(self) -> str:
        from .html import portfolio_html

        dates = [d for d in (j.state().last_event_on for j in self.journeys) if d is not None]
        return portfolio_html(self, on=max(dates, default=dt.date(2000, 1, 1)))

    def journey(self, unit_id: str) -> Journey:
        """The journey of one unit."""
        for unit, journey in zip(self.units, self.journeys, strict=True):
            if unit.id == unit_id:
                return journey
        raise UnknownItemError(f"no unit {unit_id!r} in the portfolio of {self.instansi.name}")

    def holders(self, *, on: dt.date | str, predicate: Predicate | str | None = None) -> list[Holder]:
        """Units holding a predicate on ``on`` (only ``predicate`` when given), by unit id."""
        day = parse_date(on)
        wanted = None if predicate is None else Predicate.parse(predicate)
        out = []
        for unit, journey in zip(self.units, self.journeys, strict=True):
            state = journey.state(day)
            if state.predicate is not None and (wanted is None or state.predicate is wanted):
                since = state.holding_since
                assert since is not None
                out.append(Holder(unit.id, unit.name, state.predicate, since))
        return out

    def share_holding(self, *, on: dt.date | str) -> Decimal:
        """The percentage of the instansi's units holding a predicate on ``on`` (the 30 % rule)."""
        if not self.units:
            return Decimal(0)
        return CONTEXT.divide(Decimal(len(self.holders(on=on)) * 100), Decimal(len(self.units)))

    def cycles(self, year: int) -> list[tuple[str, Cycle | None]]:
        """Each unit's cycle of ``year`` (``None`` when the unit had none)."""
        return [(u.id, j.state().cycle(year)) for u, j in zip(self.units, self.journeys, strict=True)]

    def stage_reached(self, year: int) -> dict[str, str]:
        """For each unit: how far its cycle of ``year`` got, in words (``"-"`` when it had none)."""
        out = {}
        for unit_id, cycle in self.cycles(year):
            if cycle is None:
                out[unit_id] = "-"
            elif cycle.failed_at is not None:
                out[unit_id] = f"gagal pada {cycle.failed_at.label}"
            elif cycle.awarded:
                out[unit_id] = f"ditetapkan {cycle.target.value}"
            else:
                out[unit_id] = cycle.stage.label
        return out

    def may_propose(self, cycle: int) -> list[tuple[str, Predicate]]:
        """Units that may be proposed in ``cycle`` by the journey rules, with their target.

        A unit qualifies when it is building toward a predicate, has built for the required months by
        the cycle's proposal deadline, does not hold that predicate, is not barred by a revocation, and
        has no cycle of that year already proposed.
        """
        out = []
        for unit, journey in zip(self.units, self.journeys, strict=True):
            state = journey.state()
            target = state.building_toward
            if target is None or state.building_since is None:
                continue
            config = journey._config
            deadline = _window(config, cycle).closes
            if state.building_since + relativedelta(months=config.building_months) > deadline:
                continue
            if (
                target is Predicate.WBK
                and state.revoked_on is not None
                and (state.revoked_on + relativedelta(years=config.revocation_years) > deadline)
            ):
                continue
            existing = state.cycle(cycle)
            if existing is not None and existing.proposed_on is not None:
                continue
            latest = state.latest_cycle
            if (
                latest is not None
                and latest.year < cycle
                and latest.proposed_on is not None
                and not latest.closed
                and latest.failed_at is None
            ):
                continue  # the previous cycle is still under evaluation
            out.append((unit.id, target))
        return out

    def progress(self, target: Target, *, on: dt.date | str) -> Progress:
        """How many units hold at least ``target.predicate`` on ``on`` (defaults to the target date)."""
        held = [h.unit_id for h in self.holders(on=on) if h.predicate >= target.predicate]
        return Progress(target, parse_date(on), len(held), tuple(held))


# -- comparing assessors -------------------------------------------------------------------------------------
@attrs.frozen
class AnswerDifference:
    """One item answered differently by the assessors, with each one's points for it."""

    item: str
    label: Label
    answers: tuple[Any, ...]
    points: tuple[Decimal, ...]

    @property
    def spread(self) -> Decimal:
        """The largest minus the smallest points among the assessors."""
        return CONTEXT.subtract(max(self.points), min(self.points))


@in_library_context
@attrs.frozen
class AssessorComparison:
    """Where worksheets of the same unit and cycle differ: items, and the totals of each node."""

    assessors: tuple[str, ...]
    differences: tuple[AnswerDifference, ...]
    totals: tuple[tuple[str, tuple[Decimal, ...]], ...]

    def ranked(self, first: int = 0, second: int = -1) -> tuple[AnswerDifference, ...]:
        """The differences ranked by the points they move from assessor ``first`` to ``second`` (largest
        first, rulebook order on ties): "why does B differ from A"."""
        return tuple(sorted(self.differences, key=lambda d: -abs(CONTEXT.subtract(d.points[second], d.points[first]))))

    def total(self, code: str) -> tuple[Decimal, ...]:
        """The points of node ``code`` for each assessor."""
        for name, values in self.totals:
            if name == code:
                return values
        raise UnknownItemError(f"no node {code!r} in the comparison")


@in_library_context
def compare_assessors(*worksheets: Worksheet) -> AssessorComparison:
    """Compare worksheets of one unit and cycle by different assessors (unit, TPI, TPN).

    >>> import zona_integritas as zi
    >>> from zona_integritas import examples
    >>> tpi = examples.kediri_worksheet_2022()
    >>> tpn = tpi.overlaid(examples.kediri_field_answers_2022(), assessor="tpn")
    >>> c = compare_assessors(tpi.with_assessor("unit"), tpi, tpn)
    >>> [(d.item, d.answers) for d in c.differences]
    [('P6.iv.c', ('A', 'A', 'B')), ('R2.iii.c', ('A', 'A', 'B'))]
    >>> from zona_integritas.decimals import round_half_up
    >>> [str(round_half_up(x)) for x in c.total("total")]
    ['87.76', '87.76', '87.48']
    """
    if len(worksheets) < 2:
        raise InvalidAnswerError("compare at least two worksheets")
    rulebook = worksheets[0].rulebook
    if any(ws.rulebook != rulebook for ws in worksheets):
        raise InvalidAnswerError("the worksheets use different rulebooks")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IncompleteWorksheetWarning)
        cards: Sequence[ScoreCard] = [score(ws) for ws in worksheets]
    differences = []
    for item in rulebook.items:
        answers = tuple(
            None if ws.answer(item.code) is None else ws.answer(item.code).value  # type: ignore[union-attr]
            for ws in worksheets
        )
        if len(set(map(_key, answers))) > 1:
            points = tuple(card.item(item.code).value for card in cards)
            differences.append(AnswerDifference(item.code, item.label, answers, points))
    codes = [
        "total",
        *(c.code for c in rulebook.components),
        *(s.code for s in rulebook.subcomponents),
        *(a.code for a in rulebook.areas),
    ]
    totals = tuple((code, tuple(card.value(code) for card in cards)) for code in codes)
    return AssessorComparison(tuple(ws.assessor.value for ws in worksheets), tuple(differences), totals)


def _key(value: Any) -> Any:
    return tuple(sorted(value.items())) if hasattr(value, "items") else value
