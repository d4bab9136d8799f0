"""A unit's Zona Integritas journey, event-sourced: state is a fold over dated events.

Pure functions, no clock: every event carries its date and every query takes ``on=``. A transition
either returns the new state or raises :class:`~zona_integritas.errors.TransitionError` carrying the
state, the refused event and the kinds of event allowed now; a refused event leaves the journey
unchanged (journeys are immutable values). Its message is in the language of the moment; its ``code``
is stable English for programs (``outside-proposal-window``, ``revocation-bar``, ``building-too-short``,
``verdict-not-passed``, ``wbbm-needs-wbk``, ``already-holds-predicate``, ``cycle-closed``,
``out-of-date-order``... and ``transition-error`` for the others).

Guards (90/2021 Lampiran II; 5/2024): stages in order within a cycle; one proposal per cycle; the
proposal deadline (31 May by default, a window per cycle when TPN announces one, e.g. 18–31 July
2024); WBBM only while holding WBK; no WBK proposal within 2 years of a revocation; at least a year
of building; a TPI verdict that passes before a proposal; an award only after a passing verdict on
the final worksheet (the TPI worksheet, with the field evaluation's answers where they differ and the
TPN survey indices); at most one appeal per cycle; the survey after a passed pre-evaluation, before or
after the desk evaluation (Bab III C.2 b); a *penilaian pendahuluan* before the TPI for a unit with a
parent unit (Bab I A.1.a); a revocation only on a finding (Bab IV C).

Each cycle is judged by the rulebook in force on 1 January of its year (:func:`rulebook_in_force`): a
worksheet of another rulebook is refused naming both, so a cycle before 2022 cannot be judged by
90/2021. The process of 52/2014 is not modelled (nor its 10/2019 amendments, which are not available):
its cycles are recorded as :class:`~zona_integritas.events.RecordedOutcome`. Recorded outcomes (history
that happened elsewhere, with its source) and the *mandiri* WBK route (5/2024 Bab II B) keep the guards
that still make sense: no WBBM before WBK, the revocation bar, one outcome per cycle.

This module is the public face: the state values are in ``_journey_state``, the guards in ``_journey_guards``,
the fold in ``_journey_fold`` and the process diagram in ``_journey_diagram``; the journey itself (one step is a
guard, then the fold) is here.

>>> from zona_integritas import examples
>>> journey = examples.kediri_journey()
>>> journey.predicate_on("1 Desember 2022"), journey.predicate_on("6 Desember 2022")
(None, <Predicate.WBK: 'WBK'>)
>>> journey.cycle(2020).failed_at, journey.cycle(2020).recorded.source[:11]
(<Stage.SURVEYED: 5>, 'news report')

Text for people follows the language (:mod:`zona_integritas.i18n`):

>>> print(journey.timeline(language="id").splitlines()[-3])
6 Desember 2022  ditetapkan (siklus 2022), SK illustrative/KEPMENPANRB/2022
>>> print(journey.cycle(2020).summary(language="en"))
2020: WBK, not awarded, reached the survey stage, recorded
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from ._journey_diagram import NODE_NAMES as NODE_NAMES
from ._journey_diagram import NOTES as NOTES
from ._journey_diagram import TRANSITIONS as TRANSITIONS
from ._journey_diagram import diagram_state, to_mermaid
from ._journey_fold import apply_event, evolve
from ._journey_guards import allowed_kinds, refusal_reason, window_of
from ._journey_state import (
    AuditEntry,
    Cycle,
    CycleOutcome,
    JourneyConfig,
    JourneyState,
    PredicateSpell,
    ProposalWindow,
    Stage,
    cached_verdict,
    process_rules,
    survey_scales,
)
from ._reprs import html_of
from .dates import parse_date
from .errors import InvalidValueError, TransitionError
from .events import Event, kind_label
from .i18n import format_date, ngettext, use_language
from .i18n import gettext as _
from .review_events import ReviewEvent
from .rulebook import Predicate, Rulebook
from .verdict import Verdict

__all__ = [
    "AuditEntry",
    "Cycle",
    "CycleOutcome",
    "Journey",
    "JourneyState",
    "PredicateSpell",
    "ProposalWindow",
    "Revocation",
    "Stage",
    "diagram_state",
    "to_mermaid",
]


def _refused(event: Event, reason: str) -> str:
    """The sentence of a refusal: the event as people call it, its date, and why."""
    return _("{event} on {date} refused: {reason}").format(
        event=kind_label(event.kind), date=format_date(event.on), reason=reason
    )


def _step(state: JourneyState, event: Event, config: JourneyConfig) -> JourneyState:
    if not isinstance(event, Event):
        raise InvalidValueError(_("An event is expected; got {value}").format(value=repr(event)), code="not-an-event")
    if isinstance(event, ReviewEvent):
        return _review_step(state, event, config)
    reason = refusal_reason(state, event, config)
    if reason is not None:
        allowed = allowed_kinds(state, event.on, config)
        if allowed:
            message = _("{refusal}. Allowed now: {allowed}").format(
                refusal=_refused(event, reason), allowed=", ".join(kind_label(k) for k in allowed)
            )
        else:
            message = _("{refusal}. Nothing is allowed now").format(refusal=_refused(event, reason))
        raise TransitionError(message, state=state, event=event, allowed=allowed, code=getattr(reason, "code", None))
    return apply_event(state, event)


def _review_step(state: JourneyState, event: ReviewEvent, config: JourneyConfig) -> JourneyState:
    """A review event (zona_integritas.review): journey order and designation, then the review's own guards."""
    reason = None
    if state.last_event_on is not None and event.on < state.last_event_on:
        reason = _("it is dated before the last recorded event ({date})").format(date=format_date(state.last_event_on))
    elif state.declared_on is None or state.designated_on is None:
        reason = _("the unit is not designated to build ZI yet")
    if reason is not None:
        raise TransitionError(_refused(event, reason), state=state, event=event)
    cycle = state.cycle(event.cycle)
    proposed = cycle is not None and cycle.proposed_on is not None
    try:
        reviews = state.reviews.applied(event, config.rulebook, proposed=proposed)
    except TransitionError as exc:
        raise TransitionError(str(exc), state=state, event=event) from None
    result: JourneyState = evolve(state, reviews=reviews, last_event_on=event.on, events=state.events + 1)
    return result


def _as_dict(value: Mapping[int, ProposalWindow]) -> dict[int, ProposalWindow]:
    return dict(value)


@attrs.frozen
class Revocation:
    """A predicate that was revoked: which, awarded in which cycle and since when, revoked when, by which decree
    and on which finding (:meth:`Journey.revocations`)."""

    predicate: Predicate
    cycle: int
    awarded_on: dt.date | None
    revoked_on: dt.date
    decree_number: str
    finding_on: dt.date | None = None
    finding_source: str | None = None


# -- the journey --------------------------------------------------------------------------------------------
@attrs.frozen(eq=False, repr=False)
class Journey:
    """A unit's recorded events and the state they fold to. Immutable: :meth:`record` returns a new journey.

    ``windows`` overrides the proposal window of a cycle (year → :class:`ProposalWindow`); other cycles
    use the rulebook's default deadline (31 May for 90/2021 as amended by 5/2024).
    """

    unit: str
    rulebook: Rulebook
    events: tuple[Event, ...] = ()
    windows: Mapping[int, ProposalWindow] = attrs.field(factory=dict, converter=_as_dict)
    _config: JourneyConfig = attrs.field(init=False)
    _state: JourneyState = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        rulebook = self.rulebook
        config = JourneyConfig(rulebook, self.windows, process_rules(rulebook), survey_scales(rulebook))
        object.__setattr__(self, "_config", config)
        state = JourneyState()
        for event in self.events:
            state = _step(state, event, config)
        object.__setattr__(self, "_state", state)

    @classmethod
    def replay(
        cls,
        unit: str,
        rulebook: Rulebook,
        events: Iterable[Event],
        windows: Mapping[int, ProposalWindow | tuple[Any, Any]] | None = None,
    ) -> Journey:
        """Build a journey from events, checking every one; the first refused event raises."""
        return cls(unit, rulebook, tuple(events), _windows(windows))

    def record(self, *events: Event) -> Journey:
        """A new journey with ``events`` appended; a refused event raises and this journey is unchanged."""
        state = self._state
        for event in events:
            state = _step(state, event, self._config)
        # built from the folded state, not by folding every event again: one guard and one step per recorded
        # event however long the history (attrs' __init__ would replay it all)
        new = object.__new__(Journey)
        for name, value in (
            ("unit", self.unit),
            ("rulebook", self.rulebook),
            ("events", self.events + events),
            ("windows", self.windows),
            ("_config", self._config),
            ("_state", state),
        ):
            object.__setattr__(new, name, value)
        return new

    # -- queries ---------------------------------------------------------------------------------------------
    def state(self, on: dt.date | str | None = None) -> JourneyState:
        """The state after every event dated on or before ``on`` (all recorded events when ``on`` is None)."""
        if on is None:
            return self._state
        day = parse_date(on)
        state = JourneyState()
        for event in self.events:
            if event.on > day:
                break
            state = apply_event(state, event)
        return state

    def predicate_on(self, on: dt.date | str) -> Predicate | None:
        """The predicate held on ``on``."""
        return self.state(on).predicate

    def cycle(self, year: int, *, on: dt.date | str | None = None) -> Cycle:
        """The cycle of ``year`` (as it stood on ``on``)."""
        found = self.state(on).cycle(year)
        if found is None:
            raise InvalidValueError(
                _("{unit} has no cycle {year}").format(unit=self.unit, year=year), code="unknown-cycle"
            )
        return found

    def review(self, year: int, *, on: dt.date | str | None = None) -> Any:
        """The :class:`~zona_integritas.review.Review` of cycle ``year`` (``None`` when none was recorded)."""
        return self.state(on).reviews.get(year)

    def allowed_events(self, *, on: dt.date | str) -> list[str]:
        """The kinds of event the rules allow on ``on`` after the recorded events."""
        return allowed_kinds(self._state, parse_date(on), self._config)

    def monitoring_due(self, *, on: dt.date | str) -> dt.date | None:
        """The date the next TPI monitoring report is due, for a unit holding a predicate on ``on``.

        A WBK unit proposed for WBBM owes no report for that period (90/2021 Lampiran II Bab IV A angka 3):
        the proposal restarts the two years, as a report would. A WBBM unit reports every two years (angka 4).
        """
        state = self.state(on)
        since = state.holding_since
        if since is None:
            return None
        proposed = state.wbbm_proposed_on if state.predicate is Predicate.WBK else None
        last = max(filter(None, (since, state.last_monitoring_on, proposed)))
        due: dt.date = last + relativedelta(years=self._config.process.monitoring_interval_years)
        return due

    def monitoring_overdue(self, *, on: dt.date | str) -> bool:
        """Whether a monitoring report is overdue on ``on``."""
        due = self.monitoring_due(on=on)
        return due is not None and parse_date(on) > due

    def may_propose_wbk_again_on(self, *, on: dt.date | str | None = None) -> dt.date | None:
        """For a unit whose predicate was revoked: the first date of a new WBK proposal."""
        state = self.state(on)
        if state.revoked_on is None or state.predicate is not None:
            return None
        return self._config.process.revocation.lifted_on(state.revoked_on)

    def proposal_window(self, cycle: int) -> ProposalWindow:
        """The proposal window of ``cycle``: the journey's own, or the rulebook's default deadline."""
        return window_of(self._config, cycle)

    def proposal_cycle(self, on: dt.date | str) -> int:
        """The cycle a proposal made on ``on`` belongs to: this year's until its window closes, then next year's."""
        day = parse_date(on)
        return day.year if day <= self.proposal_window(day.year).closes else day.year + 1

    def history(self, *, language: str | None = None) -> tuple[AuditEntry, ...]:
        """The audit trail: every event in order, with who, when, what (in the language) and the note."""
        with use_language(language):
            return tuple(AuditEntry(e.on, e.actor, e.kind, e.describe(), e.note) for e in self.events)

    def timeline(self, *, language: str | None = None) -> str:
        """The audit trail as text, one event a line: the date, two spaces, what happened (and the note).

        >>> from zona_integritas import examples
        >>> print(examples.kediri_journey().timeline(language="en").splitlines()[0])
        7 January 2019  ZI declared (pencanangan) with the integrity pact
        """
        with use_language(language):
            return "\n".join(f"{format_date(e.on)}  {e.what}" for e in self.history())

    def revocations(self, *, on: dt.date | str | None = None) -> tuple[Revocation, ...]:
        """Every predicate revoked by ``on`` (all recorded events when ``None``), oldest first.

        >>> from zona_integritas import examples
        >>> examples.kediri_journey().revocations()
        ()
        """
        out = []
        state = self.state(on)
        for cycle in state.cycles:
            revoked = cycle.revocation
            if revoked is None:
                continue
            ended = next((e for e in (cycle.decision, cycle.mandiri, cycle.recorded) if e is not None), None)
            since = ended.effective if ended is not None else None
            out.append(
                Revocation(
                    cycle.target,
                    cycle.year,
                    since,
                    revoked.on,
                    revoked.decree_number,
                    revoked.finding_on,
                    revoked.finding_source,
                )
            )
        return tuple(out)

    def standing(self, *, on: dt.date | str | None = None, language: str | None = None) -> str:
        """Where the unit stands, in words: the predicate held (since when), or the revoked one, or none.

        >>> from zona_integritas import examples
        >>> examples.kediri_journey().standing(language="id")
        'WBK sejak 6 Desember 2022'
        """
        with use_language(language):
            state = self.state(on)
            if state.predicate is not None and state.holding_since is not None:
                return _("{predicate} since {date}").format(
                    predicate=state.predicate.value, date=format_date(state.holding_since)
                )
            revoked = self.revocations(on=on)
            if revoked and state.revoked_on is not None and revoked[-1].revoked_on == state.revoked_on:
                return _("{predicate} revoked on {date}").format(
                    predicate=revoked[-1].predicate.value, date=format_date(revoked[-1].revoked_on)
                )
            return _("no predicate")

    def summary(self, *, on: dt.date | str | None = None, language: str | None = None) -> str:
        """The journey as text for people: the unit and where it stands, then one line per cycle
        (:meth:`Cycle.summary`, revocations included).

        >>> from zona_integritas import examples
        >>> print(examples.kediri_journey().summary(language="id"))
        Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu (DPM PTSP) Kota Kediri: WBK sejak 6 Desember 2022
          2020: WBK, tidak ditetapkan, sampai tahap survei, tercatat
          2022: WBK, ditetapkan
        """
        with use_language(language):
            lines = [_("{unit}: {standing}").format(unit=self.unit, standing=self.standing(on=on))]
            lines += ["  " + c.summary() for c in self.state(on).cycles]
            return "\n".join(lines)

    def verdict(self, year: int) -> Verdict | None:
        """The verdict of cycle ``year`` on its final worksheet (TPI, field and survey combined)."""
        cycle = self.cycle(year)
        final = cycle.final_worksheet
        if final is None:
            return None
        # a WBBM cycle can only be proposed by a unit holding WBK (the proposal guard checks it)
        return cached_verdict(final, cycle.target, cycle.target is Predicate.WBBM)

    def _repr_html_(self) -> str | None:
        return html_of(self)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Journey):
            return NotImplemented
        return (self.unit, self.rulebook, self.events, dict(self.windows)) == (
            other.unit,
            other.rulebook,
            other.events,
            dict(other.windows),
        )

    def __hash__(self) -> int:
        return hash((self.unit, self.rulebook, self.events))

    def __repr__(self) -> str:
        """One line: the unit, where it stands, how many events and cycles (in the current language)."""
        s = self._state
        events = ngettext("{n} event", "{n} events", len(self.events)).format(n=len(self.events))
        cycles = ngettext("{n} cycle", "{n} cycles", len(s.cycles)).format(n=len(s.cycles))
        return f"<Journey {self.unit}: {self.standing()}; {events}, {cycles}>"


def _windows(raw: Mapping[int, ProposalWindow | tuple[Any, Any]] | None) -> dict[int, ProposalWindow]:
    out: dict[int, ProposalWindow] = {}
    for year, value in (raw or {}).items():
        out[year] = value if isinstance(value, ProposalWindow) else ProposalWindow(value[1], value[0])
    return out
