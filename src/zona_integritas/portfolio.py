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
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs

from ._reprs import html_of
from .dates import parse_date
from .decimals import CONTEXT, in_library_context
from .errors import InvalidValueError, UnknownItemError
from .i18n import N_, format_date, format_number, format_percent, gettext, ngettext, use_language
from .journey import Cycle, CycleOutcome, Journey
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
    "answer_text",
    "compare_assessors",
    "outcome_text",
]

_ = gettext

#: how a cycle's outcome is named to people
_OUTCOME_WORDS = {
    CycleOutcome.AWARDED: N_("awarded"),
    CycleOutcome.PEMBINAAN: N_("pembinaan (not awarded)"),
    CycleOutcome.FAILED: N_("stopped"),
    CycleOutcome.VOIDED: N_("proposal voided"),
    CycleOutcome.OPEN: N_("under evaluation"),
    CycleOutcome.ASSESSED: N_("assessed by the TPI, not proposed"),
    CycleOutcome.NOT_AWARDED: N_("not awarded"),
    CycleOutcome.PRELIMINARY: N_("preliminary assessment"),
}


def outcome_text(outcome: CycleOutcome | str, *, language: str | None = None) -> str:
    """A cycle's outcome as a person reads it (``ditetapkan`` / ``awarded``).

    >>> outcome_text("awarded", language="id"), outcome_text("voided", language="en")
    ('ditetapkan', 'proposal voided')
    """
    with use_language(language):
        return _(_OUTCOME_WORDS[CycleOutcome(outcome)])


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
@attrs.frozen(repr=False)
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

    def summary(self, *, language: str | None = None) -> str:
        """The progress in one sentence.

        >>> from zona_integritas import examples
        >>> p = examples.kota_kediri_portfolio().progress(examples.KEDIRI_RPJMD_TARGET, on="31 Desember 2024")
        >>> p.summary(language="id")  # doctest: +NORMALIZE_WHITESPACE
        'RPJMD 2020-2024: 10 OPD pelayanan publik berpredikat WBK/WBBM: 2 dari 10 unit berpredikat WBK atau lebih
        tinggi per 31 Desember 2024 (20,00%); kurang 8'
        >>> p.summary(language="en")  # doctest: +NORMALIZE_WHITESPACE
        'RPJMD 2020-2024: 10 public-service OPDs with WBK/WBBM: 2 of 10 units hold WBK or higher on 31 December
        2024 (20.00%); 8 to go'
        """
        with use_language(language):
            text = ngettext(
                "{target}: {achieved} of {count} unit holds {predicate} or higher on {date} ({share})",
                "{target}: {achieved} of {count} units hold {predicate} or higher on {date} ({share})",
                self.target.count,
            ).format(
                target=self.target.label.in_language(),
                achieved=self.achieved,
                count=self.target.count,
                predicate=self.target.predicate.value,
                date=format_date(self.on),
                share=format_percent(self.share),
            )
            if self.remaining:
                return text + "; " + ngettext("{n} to go", "{n} to go", self.remaining).format(n=self.remaining)
            return text + "; " + _("target reached")

    def __repr__(self) -> str:
        return f"<Progress {self.summary()}>"

    def _repr_html_(self) -> str | None:
        return html_of(self)


@in_library_context
@attrs.frozen(eq=False, repr=False)
class Portfolio:
    """The journeys of an instansi's units (``units`` and ``journeys`` aligned by unit id)."""

    instansi: Instansi
    units: tuple[Unit, ...]
    journeys: tuple[Journey, ...]

    def __attrs_post_init__(self) -> None:
        ids = [u.id for u in self.units]
        if len(set(ids)) != len(ids):
            twice = sorted({i for i in ids if ids.count(i) > 1})
            raise InvalidValueError(
                _("unit ids in a portfolio must be unique; given more than once: {ids}").format(ids=", ".join(twice)),
                code="duplicate-unit",
            )
        if [j.unit for j in self.journeys] != ids:
            raise InvalidValueError(
                _("each unit needs its journey, in the same order (journey.unit = unit.id)"),
                code="journeys-do-not-match-units",
            )

    @classmethod
    def from_store(cls, db: Any, instansi: Instansi) -> Portfolio:
        """The portfolio of ``instansi`` from a store."""
        units = tuple(u for u in db.units() if u.instansi.name == instansi.name)
        return cls(instansi, units, tuple(db.journey(u.id) for u in units))

    def _repr_html_(self) -> str | None:
        return html_of(self)

    def latest_event_on(self) -> dt.date:
        """The date of the latest event recorded for any unit (what a notebook shows the portfolio as of)."""
        dates = [d for d in (j.state().last_event_on for j in self.journeys) if d is not None]
        return max(dates, default=dt.date(2000, 1, 1))

    def to_table(self, *, on: dt.date | str | None = None, language: str | None = None) -> str:
        """A plain-text list of the units: id, predicate held on ``on`` (or its revocation), latest cycle, name.

        ``on`` defaults to the latest recorded event.

        >>> from zona_integritas import examples
        >>> print(examples.kota_kediri_portfolio().to_table(on="31 Desember 2024", language="id"))
        ... # doctest: +NORMALIZE_WHITESPACE, +ELLIPSIS
        Pemerintah Kota Kediri, 31 Desember 2024
        dpmptsp          WBK       2022: ditetapkan  Dinas Penanaman Modal ...
        rsud-gambiran    WBK       2023: ditetapkan  RSUD Gambiran
        ...
        """
        with use_language(language):
            day = self.latest_event_on() if on is None else parse_date(on)
            rows = []
            for unit, journey in zip(self.units, self.journeys, strict=True):
                state = journey.state(day)
                if state.predicate is not None:
                    held = state.predicate.value
                elif state.revoked_on is not None:
                    held = _("revoked on {date}").format(date=format_date(state.revoked_on))
                else:
                    held = "-"
                latest = state.latest_cycle
                cycle = "-" if latest is None else f"{latest.year}: {outcome_text(latest.outcome)}"
                rows.append((unit.id, held, cycle, unit.name))
            widths = [max((len(r[i]) for r in rows), default=0) for i in range(3)]
            lines = [_("{instansi}, {date}").format(instansi=self.instansi.name, date=format_date(day))]
            lines.extend(
                "  ".join(f"{cell:<{width}}" for cell, width in zip(row[:3], widths, strict=True)) + "  " + row[3]
                for row in rows
            )
            return "\n".join(lines)

    def __repr__(self) -> str:
        """One line in the current language: ``<Portfolio Pemerintah Kota Kediri: 6 units, 2 holding a predicate
        on 12 December 2023>``."""
        day = self.latest_event_on()
        n, held = len(self.units), len(self.holders(on=day))
        text = ngettext(
            "{n} unit, {held} holding a predicate on {date}", "{n} units, {held} holding a predicate on {date}", n
        ).format(n=n, held=held, date=format_date(day))
        return f"<Portfolio {self.instansi.name}: {text}>"

    def journey(self, unit_id: str) -> Journey:
        """The journey of one unit."""
        for unit, journey in zip(self.units, self.journeys, strict=True):
            if unit.id == unit_id:
                return journey
        raise UnknownItemError(
            _("there is no unit {unit!r} in the portfolio of {instansi}").format(
                unit=unit_id, instansi=self.instansi.name
            ),
            code="unknown-unit",
        )

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

    def stage_reached(self, year: int, *, language: str | None = None) -> dict[str, str]:
        """For each unit: how far its cycle of ``year`` got, in words (``"-"`` when it had none).

        >>> from zona_integritas import examples
        >>> examples.kota_kediri_portfolio().stage_reached(2022, language="id")["dpmptsp"]
        'ditetapkan WBK'
        """
        with use_language(language):
            out = {}
            for unit_id, cycle in self.cycles(year):
                if cycle is None:
                    out[unit_id] = "-"
                elif cycle.failed_at is not None:
                    out[unit_id] = _("stopped at {stage}").format(stage=cycle.failed_at.label)
                elif cycle.awarded:
                    out[unit_id] = _("awarded {predicate}").format(predicate=cycle.target.value)
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
            process = journey.rulebook.process
            assert process is not None  # a journey is only built on a rulebook with process rules
            deadline = journey.proposal_window(cycle).closes
            if process.building.complete_on(state.building_since) > deadline:
                continue
            if (
                target is Predicate.WBK
                and state.revoked_on is not None
                and process.revocation.lifted_on(state.revoked_on) > deadline
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
@attrs.frozen(repr=False)
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
        raise UnknownItemError(_("there is no node {code!r} in the comparison").format(code=code), code="unknown-node")

    def to_table(self, *, language: str | None = None) -> str:
        """The nodes' points for each assessor, then the items they answered differently (ranked by spread).

        >>> from zona_integritas import examples
        >>> tpi = examples.kediri_worksheet_2022()
        >>> tpn = tpi.overlaid(examples.kediri_field_answers_2022(), assessor="tpn")
        >>> print(compare_assessors(tpi, tpn).to_table(language="id"))  # doctest: +ELLIPSIS
        bagian     tpi       tpn
        total      87,76     87,48
        pengungkit 52,38     52,10
        ...
        <BLANKLINE>
        butir      tpi       tpn       selisih
        R2.iii.c   A         B         0,17
        P6.iv.c    A         B         0,11
        """
        with use_language(language):
            names = "".join(f"{a:<10}" for a in self.assessors)
            node, item, spread = _("node"), _("item"), _("spread")
            lines = [f"{node:<11}{names}".rstrip()]
            for code, values in self.totals:
                lines.append((f"{code:<11}" + "".join(f"{format_number(v):<10}" for v in values)).rstrip())
            lines.append("")
            lines.append(f"{item:<11}{names}{spread}")
            for d in sorted(self.differences, key=lambda d: -d.spread):
                answers = "".join(f"{'-' if a is None else answer_text(a):<10}" for a in d.answers)
                lines.append(f"{d.item:<11}{answers}{format_number(d.spread)}")
            return "\n".join(lines)

    def _repr_html_(self) -> str | None:
        return html_of(self)

    def __repr__(self) -> str:
        n = len(self.differences)
        text = ngettext("{n} item answered differently", "{n} items answered differently", n).format(n=n)
        return f"<AssessorComparison {' / '.join(self.assessors)}: {text}>"


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
        raise InvalidValueError(
            _("compare at least two worksheets; got {n}").format(n=len(worksheets)), code="too-few-worksheets"
        )
    rulebook = worksheets[0].rulebook
    if any(ws.rulebook != rulebook for ws in worksheets):
        raise InvalidValueError(
            _("the worksheets use different rulebooks: {rulebooks}").format(
                rulebooks=", ".join(dict.fromkeys(ws.rulebook.id for ws in worksheets))
            ),
            code="different-rulebooks",
        )
    cards: Sequence[ScoreCard] = [score(ws, quiet=True) for ws in worksheets]
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


def answer_text(value: Any) -> str:
    """An answer as a table shows it (counts as ``name=count``, numbers in the language)."""
    if hasattr(value, "items"):
        return ", ".join(f"{k}={v}" for k, v in value.items())
    if isinstance(value, Decimal):
        return format_number(value)
    return str(value)


def _key(value: Any) -> Any:
    return tuple(sorted(value.items())) if hasattr(value, "items") else value
