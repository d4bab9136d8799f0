"""A unit's Zona Integritas journey, event-sourced: state is a fold over dated events.

Pure functions, no clock: every event carries its date and every query takes ``on=``. A transition
either returns the new state or raises :class:`~zona_integritas.errors.TransitionError` carrying the
state, the refused event and the kinds of event allowed now; a refused event leaves the journey
unchanged (journeys are immutable values).

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

>>> from zona_integritas import examples
>>> journey = examples.kediri_journey()
>>> journey.predicate_on("1 Desember 2022"), journey.predicate_on("6 Desember 2022")
(None, <Predicate.WBK: 'WBK'>)
>>> journey.cycle(2020).failed_at, journey.cycle(2020).recorded.source[:11]
(<Stage.SURVEYED: 5>, 'news report')
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import warnings
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from .dates import format_date, parse_date
from .errors import IncompleteWorksheetWarning, InvalidAnswerError, TransitionError, UnknownRulebookError
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
    PreEvaluationOutcome,
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
from .review_events import ReviewEvent
from .review_ledger import ReviewLedger
from .rulebook import Predicate, Rulebook
from .rulebook_loader import rulebook_in_force
from .scoring import score
from .verdict import Verdict, assess
from .worksheet import Worksheet

__all__ = [
    "AuditEntry",
    "Cycle",
    "Journey",
    "JourneyState",
    "PredicateSpell",
    "ProposalWindow",
    "Stage",
    "diagram_state",
    "to_mermaid",
]


class Stage(enum.Enum):
    """How far a cycle got, in order."""

    PRELIMINARY = 0  #: penilaian pendahuluan by the parent unit (lower-level units of a K/L)
    ASSESSED = 1  #: TPI assessment done
    PROPOSED = 2  #: proposed to TPN
    PRE_EVALUATED = 3  #: TPN pre-evaluation published
    DESK_EVALUATED = 4  #: desk evaluation done
    SURVEYED = 5  #: IPAK/IPKP survey done
    FIELD_EVALUATED = 6  #: field evaluation done
    CLEARED = 7  #: clearance and panel done
    DECIDED = 8  #: decided, an award or pembinaan

    @property
    def label(self) -> str:
        """The stage in Indonesian."""
        return _STAGE_LABELS[self]


_STAGE_LABELS = {
    Stage.PRELIMINARY: "penilaian pendahuluan",
    Stage.ASSESSED: "penilaian TPI",
    Stage.PROPOSED: "pengusulan",
    Stage.PRE_EVALUATED: "pra evaluasi",
    Stage.DESK_EVALUATED: "desk evaluasi",
    Stage.SURVEYED: "survei",
    Stage.FIELD_EVALUATED: "evaluasi lapangan",
    Stage.CLEARED: "clearance dan panel",
    Stage.DECIDED: "penetapan",
}


@attrs.frozen
class ProposalWindow:
    """The dates proposals are accepted in one cycle (inclusive). ``opens`` may be unknown (None)."""

    closes: dt.date = attrs.field(converter=parse_date)
    opens: dt.date | None = attrs.field(default=None, converter=attrs.converters.optional(parse_date))

    def __attrs_post_init__(self) -> None:
        if self.opens is not None and self.opens > self.closes:
            raise InvalidAnswerError(f"a proposal window cannot open ({self.opens}) after it closes ({self.closes})")

    def contains(self, day: dt.date) -> bool:
        """Whether proposals are accepted on ``day``."""
        return (self.opens is None or self.opens <= day) and day <= self.closes


@attrs.frozen
class Cycle:
    """One evaluation cycle (a year) toward one predicate, as far as it got."""

    year: int
    target: Predicate
    tpi_worksheet: Worksheet | None = attrs.field(default=None, repr=False)
    stage: Stage = Stage.ASSESSED
    proposed_on: dt.date | None = None
    pre_outcome: PreEvaluationOutcome | None = None
    corrections_due: dt.date | None = None
    corrections_submitted: bool = False
    appeal: bool | None = None
    desk_passed: bool | None = None
    survey: tuple[Decimal, Decimal] | None = None
    field_worksheet: Worksheet | None = attrs.field(default=None, repr=False)
    cleared: bool = False
    decision: Decided | None = None
    voided: bool = False
    preliminary: bool | None = None
    recorded: RecordedOutcome | None = None
    mandiri: MandiriDecided | None = None
    rulebook_id: str | None = None
    #: the cycle was under way when the predicate it builds on was revoked (it ends as voided)
    ended_by_revocation: bool = False

    @property
    def final_worksheet(self) -> Worksheet | None:
        """The worksheet TPN decides on: TPI answers, field answers where given, TPN survey indices."""
        if self.tpi_worksheet is None:
            return None
        return _final_worksheet(self.tpi_worksheet, self.field_worksheet, self.survey)

    def reached(self, stage: Stage) -> bool:
        """Whether the cycle went through ``stage`` (a pembinaan decision after the survey did not go
        through the field evaluation, although its last stage is the decision)."""
        if self.recorded is not None:
            return stage.value <= self.stage.value and stage is not Stage.PRELIMINARY
        done = {
            Stage.PRELIMINARY: self.preliminary is not None,
            Stage.ASSESSED: self.tpi_worksheet is not None,
            Stage.PROPOSED: self.proposed_on is not None,
            Stage.PRE_EVALUATED: self.pre_outcome is not None,
            Stage.DESK_EVALUATED: self.desk_passed is not None,
            Stage.SURVEYED: self.survey is not None,
            Stage.FIELD_EVALUATED: self.field_worksheet is not None,
            Stage.CLEARED: self.cleared,
            Stage.DECIDED: self.decision is not None,
        }
        return done[stage]

    @property
    def awarded(self) -> bool:
        """Whether the cycle ended with an award (by TPN, by the instansi itself, or as recorded)."""
        return any(x is not None and x.awarded for x in (self.decision, self.recorded, self.mandiri))

    @property
    def failed_at(self) -> Stage | None:
        """The stage where the cycle failed (``None`` while open or when awarded)."""
        if self.voided:
            return self.stage
        for ended in (self.recorded, self.mandiri):
            if ended is not None:
                return None if ended.awarded else self.stage
        if self.pre_outcome is PreEvaluationOutcome.TIDAK_LULUS and self.appeal is not True:
            return Stage.PRE_EVALUATED
        if self.desk_passed is False:
            return Stage.DESK_EVALUATED
        if self.decision is not None and not self.decision.awarded:
            return _stage_before_decision(self)
        return None

    @property
    def closed(self) -> bool:
        """No further event of this cycle is possible."""
        return (
            self.decision is not None
            or self.recorded is not None
            or self.mandiri is not None
            or self.voided
            or self.desk_passed is False
            or (self.pre_outcome is PreEvaluationOutcome.TIDAK_LULUS and self.appeal is not None and not self.appeal)
        )

    @property
    def outcome(self) -> str:
        """``"awarded"``, ``"pembinaan"``, ``"not_awarded"`` (a recorded or mandiri outcome without award),
        ``"failed"``, ``"voided"``, ``"open"``, ``"assessed"`` or ``"preliminary"``."""
        if self.voided:
            return "voided"
        if self.awarded:
            return "awarded"
        if self.recorded is not None or self.mandiri is not None:
            return "not_awarded"
        if self.decision is not None:
            return "pembinaan"
        if self.failed_at is not None:
            return "failed"
        if self.proposed_on is not None:
            return "open"
        return "assessed" if self.tpi_worksheet is not None else "preliminary"


def _stage_before_decision(cycle: Cycle) -> Stage:
    """The last stage a cycle completed before a pembinaan decision."""
    if cycle.cleared:
        return Stage.CLEARED
    if cycle.field_worksheet is not None:
        return Stage.FIELD_EVALUATED
    if cycle.survey is not None:
        return Stage.SURVEYED
    if cycle.desk_passed:
        return Stage.DESK_EVALUATED
    if cycle.pre_outcome is not None:
        return Stage.PRE_EVALUATED
    return Stage.PROPOSED


@attrs.frozen
class PredicateSpell:
    """A period a predicate was held: from the award to a revocation or an upgrade (``until``)."""

    predicate: Predicate
    since: dt.date
    decree: str | None
    until: dt.date | None = None
    ended_by: str | None = None


@attrs.frozen
class AuditEntry:
    """One line of the audit history: when, who, what, and the note."""

    on: dt.date
    actor: str | None
    kind: str
    what: str
    note: str | None


@attrs.frozen
class JourneyState:
    """Where a unit stands after some events."""

    declared_on: dt.date | None = None
    designated_on: dt.date | None = None
    building_toward: Predicate | None = None
    building_since: dt.date | None = None
    predicate: Predicate | None = None
    spells: tuple[PredicateSpell, ...] = ()
    revoked_on: dt.date | None = None
    cycles: tuple[Cycle, ...] = ()
    last_monitoring_on: dt.date | None = None
    last_event_on: dt.date | None = None
    events: int = 0
    #: the parent unit of a lower-level K/L unit (from UnitDesignated), which runs the penilaian pendahuluan
    parent_unit: str | None = None
    #: dates of TPN verifications with findings while the current predicate is held (what a revocation rests on)
    findings: tuple[dt.date, ...] = ()
    #: the date the unit, holding WBK, was last proposed for WBBM (it then owes no monitoring report)
    wbbm_proposed_on: dt.date | None = None
    #: whether any recorded outcome (history from elsewhere) is part of the journey
    has_recorded: bool = False
    reviews: ReviewLedger = attrs.field(factory=ReviewLedger)  #: review rounds by cycle (zona_integritas.review)

    def cycle(self, year: int) -> Cycle | None:
        """The cycle of ``year``, if any."""
        for c in self.cycles:
            if c.year == year:
                return c
        return None

    @property
    def latest_cycle(self) -> Cycle | None:
        """The most recent cycle."""
        return self.cycles[-1] if self.cycles else None

    @property
    def holding_since(self) -> dt.date | None:
        """The date the current predicate was awarded."""
        if self.predicate is None or not self.spells:
            return None
        return self.spells[-1].since


@attrs.frozen
class _Config:
    rulebook: Rulebook
    windows: Mapping[int, ProposalWindow] = attrs.field(eq=False)
    building_months: int
    revocation_years: int
    monitoring_years: int
    default_deadline: tuple[int, int]
    mandiri_from: dt.date | None = None


def _mandiri_from(rulebook: Rulebook) -> dt.date | None:
    process = rulebook.extra.get("process")
    value = process.get("mandiri_from") if isinstance(process, dict) else None
    return value if isinstance(value, dt.date) else None


@functools.lru_cache(maxsize=256)
def _cycle_rulebook(own: Rulebook, year: int) -> Rulebook | None:
    """The rulebook a cycle of ``year`` is judged by: the one in force on 1 January of that year (the
    journey's own rulebook when it covers that day, so a variant of it keeps working)."""
    day = dt.date(year, 1, 1)
    if own.in_force is None or own.in_force.covers(day):
        return own
    try:
        return rulebook_in_force(day)
    except UnknownRulebookError:
        return None


def _rulebook_mismatch(config: _Config, year: int, worksheet: Worksheet) -> str | None:
    expected = _cycle_rulebook(config.rulebook, year)
    used = worksheet.rulebook
    if expected is None:
        return f"no rulebook of this library was in force for cycle {year}"
    if used != expected:
        if used.id == expected.id:
            return f"the worksheet uses another version of rulebook {used.id!r} than the journey"
        note = f"; {expected.in_force.not_modelled}" if expected.in_force and expected.in_force.not_modelled else ""
        return (
            f"cycle {year} is judged by {expected.short} ({expected.id!r}, in force on 1 January {year}{note}); "
            f"the worksheet uses {used.short} ({used.id!r})"
        )
    if not isinstance(expected.extra.get("process"), dict):
        return (
            f"the evaluation process of {expected.short} is not modelled (only its scores and verdict): "
            f"record the outcome of cycle {year} with RecordedOutcome"
        )
    return None


def _process_numbers(rulebook: Rulebook) -> tuple[int, int, int, tuple[int, int]]:
    process = rulebook.extra.get("process")
    if not isinstance(process, dict):
        raise InvalidAnswerError(f"rulebook {rulebook.id!r} has no [process] table: journeys need it")
    month, day = (int(x) for x in str(process["proposal_deadline"]).split("-"))
    return (
        int(process["building_months"]),
        int(process["revocation_bar_years"]),
        int(process["monitoring_interval_years"]),
        (month, day),
    )


@functools.lru_cache(maxsize=8192)
def _final_worksheet(tpi: Worksheet, field: Worksheet | None, survey: tuple[Decimal, Decimal] | None) -> Worksheet:
    ws = tpi
    if field is not None:
        ws = ws.overlaid(field, assessor="tpn")
    if survey is not None:
        answers = {
            code: index for code, index in zip(("H1.a", "H2.a"), survey, strict=True) if ws.rulebook.has_item(code)
        }
        ws = ws.overlaid(Worksheet.from_answers(ws.rulebook, answers, assessor="tpn"), assessor="tpn")
    return ws


@functools.lru_cache(maxsize=8192)
def _verdict(worksheet: Worksheet, target: Predicate, holds_wbk: bool) -> Verdict:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IncompleteWorksheetWarning)
        card = score(worksheet)
    return assess(card, target=target, holds_wbk=holds_wbk)


@functools.lru_cache(maxsize=8192)
def _final_verdict(
    tpi: Worksheet, field: Worksheet | None, survey: tuple[Decimal, Decimal] | None, target: Predicate, holds_wbk: bool
) -> Verdict:
    return _verdict(_final_worksheet(tpi, field, survey), target, holds_wbk)


# -- guards -------------------------------------------------------------------------------------------------
def _window(config: _Config, year: int) -> ProposalWindow:
    window = config.windows.get(year)
    if window is not None:
        return window
    month, day = config.default_deadline
    return ProposalWindow(dt.date(year, month, day))


def _reason(state: JourneyState, event: Event, config: _Config) -> str | None:
    """Why ``event`` is refused in ``state``, or ``None`` when it is allowed."""
    if state.last_event_on is not None and event.on < state.last_event_on:
        return (
            f"it is dated {event.on.isoformat()}, before the last recorded event "
            f"({state.last_event_on.isoformat()}); events are recorded in date order"
        )
    if isinstance(event, RecordedOutcome):
        return _recorded_reason(state, event, config)
    if isinstance(event, Declared):
        return "ZI was already declared" if state.declared_on else None
    # a recorded outcome stands for the pencanangan and designation that happened before it
    if state.declared_on is None and not state.has_recorded:
        return "ZI has not been declared (pencanangan) yet"
    if isinstance(event, UnitDesignated):
        return "the unit is already designated" if state.designated_on else None
    if state.designated_on is None and not state.has_recorded:
        return "the unit has not been designated to build ZI yet"
    if isinstance(event, BuildingStarted):
        return _building_reason(state, event)
    if isinstance(event, MonitoringReported | Verified):
        return None if state.predicate is not None else "the unit holds no predicate"
    if isinstance(event, Revoked):
        return _revocation_reason(state, event)
    if isinstance(event, PreliminaryAssessed):
        return _preliminary_reason(state, event, config)
    if isinstance(event, TpiAssessed):
        return _assessment_reason(state, event, config)
    if isinstance(event, Proposed):
        return _proposal_reason(state, event, config)
    if isinstance(event, MandiriDecided):
        return _mandiri_reason(state, event, config)
    cycle = state.cycle(event.cycle)  # type: ignore[attr-defined]
    if cycle is None or cycle.proposed_on is None:
        return f"the unit was not proposed in cycle {event.cycle}"  # type: ignore[attr-defined]
    if cycle.closed:
        return f"cycle {cycle.year} is closed ({cycle.outcome})"
    return _cycle_reason(cycle, event, state)


def _revocation_reason(state: JourneyState, event: Revoked) -> str | None:
    if state.predicate is None:
        return "the unit holds no predicate"
    if event.finding_on is not None and event.finding_on not in state.findings:
        return (
            f"a revocation rests on a finding (Bab IV C): no TPN verification with findings is recorded on "
            f"{format_date(event.finding_on)} while the unit held {state.predicate.value}"
        )
    return None


def _later_cycle(state: JourneyState, year: int) -> str | None:
    latest = state.latest_cycle
    if latest is not None and latest.year > year:
        return f"cycle {year} is earlier than cycle {latest.year}, already recorded"
    return None


def _wbk_barred(state: JourneyState, on: dt.date, config: _Config) -> str | None:
    """The revocation bar (Bab IV C): no WBK proposal within the bar after the revocation decree."""
    if state.revoked_on is not None and config.revocation_years:
        allowed = state.revoked_on + relativedelta(years=config.revocation_years)
        if on < allowed:
            return (
                f"the predicate was revoked on {format_date(state.revoked_on)}: no WBK proposal "
                f"before {format_date(allowed)}"
            )
    return None


def _recorded_reason(state: JourneyState, event: RecordedOutcome, config: _Config) -> str | None:
    if _cycle_rulebook(config.rulebook, event.cycle) is None:
        return f"no rulebook of this library was in force for cycle {event.cycle}"
    if event.route == "mandiri" and (config.mandiri_from is None or event.effective < config.mandiri_from):
        since = format_date(config.mandiri_from) if config.mandiri_from else "no date in this rulebook"
        return f"the mandiri WBK route exists from {since} (5/2024 Lampiran II Bab II B)"
    later = _later_cycle(state, event.cycle)
    if later:
        return later
    existing = state.cycle(event.cycle)
    if existing is not None:
        if existing.closed:
            return f"cycle {existing.year} is closed ({existing.outcome})"
        if existing.target is not event.target:
            return f"cycle {event.cycle} is toward {existing.target.value}, not {event.target.value}"
    return _target_reason(state, event.target, event.on, config, "outcome")


def _target_reason(state: JourneyState, target: Predicate, on: dt.date, config: _Config, what: str) -> str | None:
    """WBBM only while holding WBK; WBK only for a unit holding nothing, outside the revocation bar."""
    if target is Predicate.WBBM and state.predicate is not Predicate.WBK:
        return f"a WBBM {what} needs a unit that holds WBK (no WBBM before WBK)"
    if target is Predicate.WBK:
        if state.predicate is not None:
            return f"the unit already holds {state.predicate.value}"
        return _wbk_barred(state, on, config)
    return None


def _mandiri_reason(state: JourneyState, event: MandiriDecided, config: _Config) -> str | None:
    if config.mandiri_from is not None and event.on < config.mandiri_from:
        return f"the mandiri WBK route exists from {format_date(config.mandiri_from)} (5/2024 Lampiran II Bab II B)"
    if config.mandiri_from is None:
        return f"rulebook {config.rulebook.id!r} has no mandiri WBK route"
    cycle = state.cycle(event.cycle)
    if cycle is None or cycle.tpi_worksheet is None:
        return f"there is no TPI assessment for cycle {event.cycle}"
    if cycle.target is not Predicate.WBK:
        return "the mandiri route awards WBK only (5/2024 Lampiran II Bab II B)"
    if cycle.proposed_on is not None:
        return f"cycle {event.cycle} was proposed to TPN; TPN decides it"
    if cycle.closed:
        return f"cycle {cycle.year} is closed ({cycle.outcome})"
    if not event.awarded:
        return None
    if state.predicate is not None:
        return f"the unit already holds {state.predicate.value}"
    barred = _wbk_barred(state, event.on, config)
    if barred:
        return barred
    since = state.building_since
    if since is None or since + relativedelta(months=config.building_months) > event.on:
        return f"the unit must build for {config.building_months} months before a WBK award"
    verdict = _verdict(cycle.tpi_worksheet, Predicate.WBK, False)
    if not verdict.passed:
        return f"the verdict does not pass WBK (failing: {', '.join(c.key for c in verdict.failed)})"
    return None


def _preliminary_reason(state: JourneyState, event: PreliminaryAssessed, config: _Config) -> str | None:
    if state.parent_unit is None:
        return (
            "the unit has no parent unit (UnitDesignated(parent_unit=...)): a penilaian pendahuluan is for "
            "lower-level units of a K/L (90/2021 Lampiran II Bab I A.1.a)"
        )
    if state.building_toward is None:
        return "the unit is not building toward a predicate"
    if event.on.year not in (event.cycle - 1, event.cycle):
        return f"a penilaian pendahuluan for cycle {event.cycle} is dated {event.on.year}"
    later = _later_cycle(state, event.cycle)
    if later:
        return later
    existing = state.cycle(event.cycle)
    if existing is not None:
        if existing.tpi_worksheet is not None:
            return f"the TPI already assessed cycle {event.cycle}"
        if existing.preliminary:
            return f"the unit was already found fit for the TPI in cycle {event.cycle}"
    latest = state.latest_cycle
    if latest is not None and latest.year != event.cycle and latest.proposed_on is not None and not latest.closed:
        return f"cycle {latest.year} is still under evaluation"
    expected = _cycle_rulebook(config.rulebook, event.cycle)
    if expected is None or not isinstance(expected.extra.get("process"), dict):
        return f"the evaluation process in force for cycle {event.cycle} is not modelled"
    return None


def _building_reason(state: JourneyState, event: BuildingStarted) -> str | None:
    if state.building_toward is not None:
        return f"the unit is already building toward {state.building_toward.value}"
    if event.target is Predicate.WBK and state.predicate is not None:
        return f"the unit already holds {state.predicate.value}"
    if event.target is Predicate.WBBM and state.predicate is not Predicate.WBK:
        return "building toward WBBM needs a unit that holds WBK"
    return None


def _assessment_reason(state: JourneyState, event: TpiAssessed, config: _Config) -> str | None:
    reviewed = state.reviews.assessment_refusal(event.cycle, event.worksheet)
    if reviewed is not None:
        return reviewed
    if state.building_toward is not event.target:
        toward = state.building_toward.value if state.building_toward else "no predicate"
        return f"the unit is building toward {toward}, not {event.target.value}"
    mismatch = _rulebook_mismatch(config, event.cycle, event.worksheet)
    if mismatch:
        return mismatch
    if event.on.year not in (event.cycle - 1, event.cycle):
        return f"a TPI assessment for cycle {event.cycle} is dated {event.on.year}"
    latest = state.latest_cycle
    if latest is not None and latest.year > event.cycle:
        return f"cycle {event.cycle} is earlier than cycle {latest.year}, already recorded"
    existing = state.cycle(event.cycle)
    if existing is not None and existing.proposed_on is not None:
        return f"cycle {event.cycle} was already proposed; its TPI assessment can no longer change"
    if existing is not None and existing.closed:
        return f"cycle {existing.year} is closed ({existing.outcome})"
    if state.parent_unit is not None and (existing is None or existing.preliminary is not True):
        return (
            f"a unit under {state.parent_unit} needs a penilaian pendahuluan that finds it fit for cycle "
            f"{event.cycle} before the TPI evaluates it (90/2021 Lampiran II Bab I A.1.a and b)"
        )
    if (
        latest is not None
        and latest.year != event.cycle
        and latest.proposed_on is not None
        and not (latest.closed or latest.failed_at is not None)
    ):
        return f"cycle {latest.year} is still under evaluation"
    return None


def _proposal_reason(state: JourneyState, event: Proposed, config: _Config) -> str | None:
    cycle = state.cycle(event.cycle)
    if cycle is None or cycle.tpi_worksheet is None:
        return f"there is no TPI assessment for cycle {event.cycle}"
    if cycle.target is not event.target:
        return f"the TPI assessed cycle {event.cycle} toward {cycle.target.value}, not {event.target.value}"
    if cycle.proposed_on is not None:
        return f"the unit was already proposed for {event.target.value} in cycle {event.cycle}"
    later = _later_cycle(state, event.cycle)
    if later:
        return later
    window = _window(config, event.cycle)
    if not window.contains(event.on):
        opens = f"{format_date(window.opens)} to " if window.opens else "by "
        return f"proposals for cycle {event.cycle} are accepted {opens}{format_date(window.closes)}"
    target = _target_reason(state, event.target, event.on, config, "proposal")
    if target:
        return target
    since = state.building_since
    if since is None or since + relativedelta(months=config.building_months) > event.on:
        started = format_date(since) if since else "never"
        return f"the unit must build for {config.building_months} months before a proposal (started {started})"
    verdict = _verdict(cycle.tpi_worksheet, event.target, state.predicate is Predicate.WBK)
    if not verdict.passed:
        failed = ", ".join(c.key for c in verdict.failed)
        return f"the TPI verdict does not pass {event.target.value} (failing: {failed})"
    return None


def _cycle_reason(cycle: Cycle, event: Event, state: JourneyState) -> str | None:
    if isinstance(event, ProposalVoided):
        return None
    if isinstance(event, PreEvaluated):
        return "the pre-evaluation is already published" if cycle.pre_outcome is not None else None
    if cycle.pre_outcome is None:
        return f"TPN has not published the pre-evaluation of cycle {cycle.year}"
    if isinstance(event, CorrectionsSubmitted):
        if cycle.pre_outcome is not PreEvaluationOutcome.LULUS_DENGAN_CATATAN:
            return "no corrections were asked for"
        if cycle.corrections_submitted:
            return "the corrections were already submitted"
        assert cycle.corrections_due is not None
        if event.on > cycle.corrections_due:
            return f"the corrections were due by {format_date(cycle.corrections_due)}"
        return None
    if isinstance(event, Appealed):
        if cycle.pre_outcome is not PreEvaluationOutcome.TIDAK_LULUS:
            return "only a failed pre-evaluation can be appealed"
        return "a cycle allows one appeal (sanggah) only" if cycle.appeal is not None else None
    if isinstance(event, Decided) and not event.awarded:
        return None
    continues = (
        cycle.pre_outcome is PreEvaluationOutcome.LULUS
        or (cycle.pre_outcome is PreEvaluationOutcome.LULUS_DENGAN_CATATAN and cycle.corrections_submitted)
        or (cycle.pre_outcome is PreEvaluationOutcome.TIDAK_LULUS and cycle.appeal is True)
    )
    if not continues:
        if cycle.pre_outcome is PreEvaluationOutcome.LULUS_DENGAN_CATATAN:
            return "the corrections asked by the pre-evaluation have not been submitted"
        return "the pre-evaluation did not pass"
    if isinstance(event, DeskEvaluated):
        return "the desk evaluation is already done" if cycle.desk_passed is not None else None
    # Bab III C.2 b: the survey follows a passed pre-evaluation, before or with the field evaluation
    if isinstance(event, Surveyed):
        return "the survey is already recorded" if cycle.survey is not None else None
    if not cycle.desk_passed:
        return "the desk evaluation has not passed"
    if isinstance(event, FieldEvaluated):
        if cycle.tpi_worksheet is not None and event.worksheet.rulebook != cycle.tpi_worksheet.rulebook:
            used, expected = event.worksheet.rulebook, cycle.tpi_worksheet.rulebook
            return f"cycle {cycle.year} is judged by {expected.short}; the field worksheet uses {used.short}"
        if cycle.field_worksheet is not None:
            return "the field evaluation is already done"
        return state.reviews.field_refusal(cycle.year, cycle.tpi_worksheet, event.worksheet)
    if isinstance(event, Cleared):
        if cycle.field_worksheet is None or cycle.survey is None:
            return "clearance needs the field evaluation and the survey"
        return "clearance is already done" if cycle.cleared else None
    if isinstance(event, Decided):
        if not cycle.cleared:
            return "an award needs clearance and panel first"
        assert cycle.tpi_worksheet is not None
        verdict = _final_verdict(
            cycle.tpi_worksheet, cycle.field_worksheet, cycle.survey, cycle.target, state.predicate is Predicate.WBK
        )
        if not verdict.passed:
            return (
                f"the final verdict does not pass {cycle.target.value} (failing: "
                f"{', '.join(c.key for c in verdict.failed)})"
            )
        return None
    return f"unexpected event {event.kind!r}"


def _evolve(obj: Any, **changes: Any) -> Any:
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


# -- the fold -----------------------------------------------------------------------------------------------
def _replace_cycle(state: JourneyState, cycle: Cycle) -> tuple[Cycle, ...]:
    cycles = state.cycles
    if cycles and cycles[-1].year == cycle.year:
        return (*cycles[:-1], cycle)
    if not cycles or cycles[-1].year < cycle.year:
        return (*cycles, cycle)
    kept = [c for c in cycles if c.year != cycle.year]
    return tuple(sorted([*kept, cycle], key=lambda c: c.year))


def _apply(state: JourneyState, event: Event) -> JourneyState:
    """The state after an accepted event (guards already passed): one copy of the state per event."""
    if isinstance(event, ReviewEvent):
        reviews = state.reviews.replayed(event)
        result_: JourneyState = _evolve(state, reviews=reviews, last_event_on=event.on, events=state.events + 1)
        return result_
    changes: dict[str, Any] = {"last_event_on": event.on, "events": state.events + 1}
    fold = _FOLD.get(type(event))
    if fold is None:
        fold = _fold_for(type(event))
    fold(state, event, changes)
    result: JourneyState = _evolve(state, **changes)
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
    cycle = _evolve(cycle, recorded=event, stage=reached, rulebook_id=rulebook_id)
    changes.update(cycles=_replace_cycle(state, cycle), has_recorded=True)
    if event.awarded:
        changes.update(_award(state, event.target, event.effective, event.decree_number))


def _fold_mandiri(state: JourneyState, event: MandiriDecided, changes: _Changes) -> None:
    cycle = state.cycle(event.cycle)
    assert cycle is not None
    changes["cycles"] = _replace_cycle(state, _evolve(cycle, mandiri=event, stage=Stage.DECIDED))
    if event.awarded:
        changes.update(_award(state, Predicate.WBK, event.effective, event.decree_number))


def _fold_preliminary(state: JourneyState, event: PreliminaryAssessed, changes: _Changes) -> None:
    cycle = state.cycle(event.cycle) or Cycle(event.cycle, state.building_toward or Predicate.WBK)
    changes["cycles"] = _replace_cycle(state, _evolve(cycle, preliminary=event.passed, stage=Stage.PRELIMINARY))


def _fold_revoked(state: JourneyState, event: Revoked, changes: _Changes) -> None:
    spells = list(state.spells)
    spells[-1] = _evolve(spells[-1], until=event.on, ended_by=f"revoked ({event.decree_number})")
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
    latest = state.latest_cycle
    if latest is not None and not latest.closed:
        # the WBBM cycle under way loses its prerequisite: it ends as voided
        changes["cycles"] = _replace_cycle(state, _evolve(latest, voided=True, ended_by_revocation=True))


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
    result: Cycle = _evolve(cycle, stage=Stage.PROPOSED, proposed_on=event.on)
    return result


def _step_decided(cycle: Cycle, event: Decided, state: JourneyState, changes: _Changes) -> Cycle:
    if event.awarded:
        changes.update(_award(state, cycle.target, event.effective, event.decree_number))
    result: Cycle = _evolve(cycle, stage=Stage.DECIDED, decision=event)
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
        lambda c, e, s, ch: _evolve(
            c, stage=Stage.PRE_EVALUATED, pre_outcome=e.outcome, corrections_due=e.corrections_due
        )
    ),
    CorrectionsSubmitted: _cycle_fold(lambda c, e, s, ch: _evolve(c, corrections_submitted=True)),
    Appealed: _cycle_fold(lambda c, e, s, ch: _evolve(c, appeal=e.accepted)),
    DeskEvaluated: _cycle_fold(
        lambda c, e, s, ch: _evolve(c, stage=_later(c.stage, Stage.DESK_EVALUATED), desk_passed=e.passed)
    ),
    Surveyed: _cycle_fold(
        lambda c, e, s, ch: _evolve(c, stage=_later(c.stage, Stage.SURVEYED), survey=(e.ipak, e.ipkp))
    ),
    FieldEvaluated: _cycle_fold(
        lambda c, e, s, ch: _evolve(c, stage=Stage.FIELD_EVALUATED, field_worksheet=e.worksheet)
    ),
    Cleared: _cycle_fold(lambda c, e, s, ch: _evolve(c, stage=Stage.CLEARED, cleared=True)),
    ProposalVoided: _cycle_fold(lambda c, e, s, ch: _evolve(c, voided=True)),
    Decided: _cycle_fold(_step_decided),
}


def _fold_for(kind: type) -> Any:
    """The fold of a subclass of a known event type (its nearest known base)."""
    for base in kind.__mro__:
        if base in _FOLD:
            _FOLD[kind] = _FOLD[base]
            return _FOLD[base]
    raise InvalidAnswerError(f"no fold for event type {kind.__name__}")


def _later(current: Stage, reached: Stage) -> Stage:
    """The furthest of two stages (the survey and the desk evaluation may come in either order)."""
    return current if current.value > reached.value else reached


def _award(state: JourneyState, target: Predicate, since: dt.date, decree: str | None) -> dict[str, Any]:
    """The state changes of an award: a new spell (ending the one it upgrades), building done."""
    spells = list(state.spells)
    if spells and spells[-1].until is None:
        spells[-1] = _evolve(spells[-1], until=since, ended_by=f"upgraded to {target.value}")
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


def _step(state: JourneyState, event: Event, config: _Config) -> JourneyState:
    if not isinstance(event, Event):
        raise InvalidAnswerError(f"expected an event, got {event!r}")
    if isinstance(event, ReviewEvent):
        return _review_step(state, event, config)
    reason = _reason(state, event, config)
    if reason is not None:
        allowed = _allowed(state, event.on, config)
        raise TransitionError(
            f"{event.kind} on {event.on.isoformat()} refused: {reason}. Allowed now: {', '.join(allowed) or 'nothing'}",
            state=state,
            event=event,
            allowed=allowed,
        )
    return _apply(state, event)


def _review_step(state: JourneyState, event: ReviewEvent, config: _Config) -> JourneyState:
    """A review event (zona_integritas.review): journey order and designation, then the review's own guards."""
    reason = None
    if state.last_event_on is not None and event.on < state.last_event_on:
        reason = f"it is dated before the last recorded event ({state.last_event_on.isoformat()})"
    elif state.declared_on is None or state.designated_on is None:
        reason = "the unit is not designated to build ZI yet"
    if reason is not None:
        raise TransitionError(f"{event.kind} on {event.on.isoformat()} refused: {reason}", state=state, event=event)
    cycle = state.cycle(event.cycle)
    proposed = cycle is not None and cycle.proposed_on is not None
    try:
        reviews = state.reviews.applied(event, config.rulebook, proposed=proposed)
    except TransitionError as exc:
        raise TransitionError(str(exc), state=state, event=event) from None
    result: JourneyState = _evolve(state, reviews=reviews, last_event_on=event.on, events=state.events + 1)
    return result


def _allowed(state: JourneyState, on: dt.date, config: _Config) -> list[str]:
    """The kinds of event the rules allow on ``on`` (payload-independent checks)."""
    if state.last_event_on is not None and on < state.last_event_on:
        return []
    out: list[str] = []
    target = Predicate.WBBM if state.predicate is Predicate.WBK else Predicate.WBK
    probes: list[Event] = [Declared(on), UnitDesignated(on), BuildingStarted(on, target=target)]
    if state.building_toward is not None:
        for year in (on.year, on.year + 1):
            probes.append(PreliminaryAssessed(on, cycle=year, passed=True))
            rulebook = _cycle_rulebook(config.rulebook, year)
            if rulebook is not None:
                blank = Worksheet.blank(rulebook, assessor="tpi")
                probes.append(TpiAssessed(on, cycle=year, target=state.building_toward, worksheet=blank))
    probes.append(RecordedOutcome(on, cycle=on.year, target=target, awarded=False, source="?"))
    for cycle in state.cycles:
        if cycle.tpi_worksheet is not None and cycle.proposed_on is None:
            probes.append(Proposed(on, cycle=cycle.year, target=cycle.target))
            probes.append(MandiriDecided(on, cycle=cycle.year, awarded=False))
        if cycle.proposed_on is not None and not cycle.closed:
            c = cycle.year
            probes += [
                PreEvaluated(on, cycle=c, outcome="lulus"),
                CorrectionsSubmitted(on, cycle=c),
                Appealed(on, cycle=c, accepted=True),
                DeskEvaluated(on, cycle=c, passed=True),
                Surveyed(on, cycle=c, ipak=4, ipkp=4),
                Cleared(on, cycle=c),
                Decided(on, cycle=c, awarded=False),
                ProposalVoided(on, cycle=c),
            ]
            if cycle.tpi_worksheet is not None:
                probes.append(FieldEvaluated(on, cycle=c, worksheet=cycle.tpi_worksheet))
            probes.append(Decided(on, cycle=c, awarded=True, decree_number="?"))
    probes += [MonitoringReported(on), Verified(on), Revoked(on, decree_number="?", finding_source="?")]
    for probe in probes:
        if probe.kind in out and probe.kind != "decided":
            continue
        if _reason(state, probe, config) is None:
            label = probe.kind
            if isinstance(probe, Decided):
                label = "decided (award)" if probe.awarded else "decided (pembinaan)"
            if label not in out:
                out.append(label)
    return out


def _as_dict(value: Mapping[int, ProposalWindow]) -> dict[int, ProposalWindow]:
    return dict(value)


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
    _config: _Config = attrs.field(init=False)
    _state: JourneyState = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        months, years, monitoring, deadline = _process_numbers(self.rulebook)
        config = _Config(self.rulebook, self.windows, months, years, monitoring, deadline, _mandiri_from(self.rulebook))
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
            state = _apply(state, event)
        return state

    def predicate_on(self, on: dt.date | str) -> Predicate | None:
        """The predicate held on ``on``."""
        return self.state(on).predicate

    def cycle(self, year: int, *, on: dt.date | str | None = None) -> Cycle:
        """The cycle of ``year`` (as it stood on ``on``)."""
        found = self.state(on).cycle(year)
        if found is None:
            raise InvalidAnswerError(f"{self.unit} has no cycle {year}")
        return found

    def review(self, year: int, *, on: dt.date | str | None = None) -> Any:
        """The :class:`~zona_integritas.review.Review` of cycle ``year`` (``None`` when none was recorded)."""
        return self.state(on).reviews.get(year)

    def allowed_events(self, *, on: dt.date | str) -> list[str]:
        """The kinds of event the rules allow on ``on`` after the recorded events."""
        return _allowed(self._state, parse_date(on), self._config)

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
        due: dt.date = last + relativedelta(years=self._config.monitoring_years)
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
        result: dt.date = state.revoked_on + relativedelta(years=self._config.revocation_years)
        return result

    def history(self) -> tuple[AuditEntry, ...]:
        """The audit trail: every event in order, with who, when, what and the note."""
        return tuple(AuditEntry(e.on, e.actor, e.kind, e.describe(), e.note) for e in self.events)

    def verdict(self, year: int) -> Verdict | None:
        """The verdict of cycle ``year`` on its final worksheet (TPI, field and survey combined)."""
        cycle = self.cycle(year)
        final = cycle.final_worksheet
        if final is None:
            return None
        # a WBBM cycle can only be proposed by a unit holding WBK (the proposal guard checks it)
        return _verdict(final, cycle.target, cycle.target is Predicate.WBBM)

    def _repr_html_(self) -> str:
        from .html import journey_html

        return journey_html(self)

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
        s = self._state
        held = s.predicate.value if s.predicate else "no predicate"
        return f"<Journey {self.unit}: {len(self.events)} events, {held}, {len(s.cycles)} cycles>"


def _windows(raw: Mapping[int, ProposalWindow | tuple[Any, Any]] | None) -> dict[int, ProposalWindow]:
    out: dict[int, ProposalWindow] = {}
    for year, value in (raw or {}).items():
        out[year] = value if isinstance(value, ProposalWindow) else ProposalWindow(value[1], value[0])
    return out


# -- the diagram --------------------------------------------------------------------------------------------
#: The process as drawn: (from, to, event kind, condition). Tests check it both ways against the guards:
#: every edge is accepted from some journey in its state, and every accepted transition is drawn, except
#: the kinds of _NOTES, which are accepted in every state the note names.
TRANSITIONS: tuple[tuple[str, str, str, str], ...] = (
    ("[*]", "Pencanangan", "declared", ""),
    ("Pencanangan", "UnitDitetapkan", "unit_designated", ""),
    ("UnitDitetapkan", "Pembangunan", "building_started", ""),
    ("Pembangunan", "PenilaianPendahuluan", "preliminary_assessed", "unit dengan unit induk"),
    ("PenilaianPendahuluan", "PenilaianPendahuluan", "preliminary_assessed", "ulang"),
    ("PenilaianPendahuluan", "PenilaianTPI", "tpi_assessed", "layak dievaluasi TPI"),
    ("Pembangunan", "PenilaianTPI", "tpi_assessed", ""),
    ("PenilaianTPI", "PenilaianTPI", "tpi_assessed", "ulang"),
    ("PenilaianTPI", "PenilaianPendahuluan", "preliminary_assessed", "siklus berikutnya"),
    ("PenilaianTPI", "Diusulkan", "proposed", "TPI lulus, batas waktu, 1 tahun membangun"),
    ("PenilaianTPI", "Berpredikat", "mandiri_decided", "WBK mandiri, 5/2024"),
    ("PenilaianTPI", "TidakDitetapkan", "mandiri_decided", "tidak ditetapkan"),
    ("Diusulkan", "PraEvaluasi", "pre_evaluated", "lulus / lulus dengan catatan"),
    ("Diusulkan", "Gagal", "pre_evaluated", "tidak lulus"),
    ("Diusulkan", "Digugurkan", "proposal_voided", "KKN"),
    ("PraEvaluasi", "PraEvaluasi", "corrections_submitted", ""),
    ("Gagal", "PraEvaluasi", "appealed", "sanggah diterima"),
    ("Gagal", "Gagal", "appealed", "sanggah ditolak"),
    ("PraEvaluasi", "DeskEvaluasi", "desk_evaluated", "lanjut"),
    ("PraEvaluasi", "Gagal", "desk_evaluated", "tidak lanjut"),
    ("PraEvaluasi", "Survei", "surveyed", "sebelum desk"),
    ("PraEvaluasi", "Pembinaan", "decided", "pembinaan"),
    ("PraEvaluasi", "Digugurkan", "proposal_voided", "KKN"),
    ("DeskEvaluasi", "Survei", "surveyed", ""),
    ("DeskEvaluasi", "EvaluasiLapangan", "field_evaluated", ""),
    ("DeskEvaluasi", "Pembinaan", "decided", "pembinaan"),
    ("DeskEvaluasi", "Digugurkan", "proposal_voided", "KKN"),
    ("Survei", "Survei", "desk_evaluated", "lanjut, setelah survei"),
    ("Survei", "Gagal", "desk_evaluated", "tidak lanjut"),
    ("Survei", "EvaluasiLapangan", "field_evaluated", "desk lanjut"),
    ("Survei", "Pembinaan", "decided", "pembinaan"),
    ("Survei", "Digugurkan", "proposal_voided", "KKN"),
    ("EvaluasiLapangan", "EvaluasiLapangan", "surveyed", ""),
    ("EvaluasiLapangan", "Clearance", "cleared", "survei ada"),
    ("EvaluasiLapangan", "Pembinaan", "decided", "pembinaan"),
    ("EvaluasiLapangan", "Digugurkan", "proposal_voided", "KKN"),
    ("Clearance", "Berpredikat", "decided", "award, verdict akhir lulus"),
    ("Clearance", "Pembinaan", "decided", "pembinaan"),
    ("Clearance", "Digugurkan", "proposal_voided", "KKN"),
    ("Gagal", "Pembinaan", "decided", "pembinaan, tanpa sanggah"),
    ("Gagal", "Digugurkan", "proposal_voided", "KKN"),
    ("Gagal", "PenilaianTPI", "tpi_assessed", "siklus berikutnya"),
    ("Pembinaan", "PenilaianTPI", "tpi_assessed", "siklus berikutnya"),
    ("Digugurkan", "PenilaianTPI", "tpi_assessed", "siklus berikutnya"),
    ("TidakDitetapkan", "PenilaianTPI", "tpi_assessed", "siklus berikutnya"),
    ("Gagal", "PenilaianPendahuluan", "preliminary_assessed", "siklus berikutnya"),
    ("Pembinaan", "PenilaianPendahuluan", "preliminary_assessed", "siklus berikutnya"),
    ("Digugurkan", "PenilaianPendahuluan", "preliminary_assessed", "siklus berikutnya"),
    ("TidakDitetapkan", "PenilaianPendahuluan", "preliminary_assessed", "siklus berikutnya"),
    ("Berpredikat", "Pembangunan", "building_started", "WBBM"),
    ("Berpredikat", "Dicabut", "revoked", "atas temuan TPN"),
    ("Dicabut", "Pembangunan", "building_started", "WBK, usulan setelah 2 tahun"),
)

#: Event kinds accepted in many states, drawn as notes rather than as edges from every state.
NOTES: dict[str, str] = {
    "recorded_outcome": (
        "recorded_outcome (a past cycle from its public source) in any state, to Berpredikat on an award, "
        "else to TidakDitetapkan (no WBBM before WBK, revocation bar); recorded history stands for the steps before it"
    ),
    "monitoring_reported": "monitoring_reported and verified in any state while a predicate is held",
    "verified": "monitoring_reported and verified in any state while a predicate is held",
    "revoked": "revoked in any state while a predicate is held, on a TPN finding, to Dicabut",
}

_OPEN_NODES = ("Clearance", "EvaluasiLapangan", "Survei", "DeskEvaluasi", "PraEvaluasi", "Diusulkan")
_CLOSED_NODES = {"failed": "Gagal", "pembinaan": "Pembinaan", "voided": "Digugurkan", "not_awarded": "TidakDitetapkan"}


def diagram_state(state: JourneyState) -> str:
    """The node of the process diagram a journey state is in (see :func:`to_mermaid`).

    >>> from zona_integritas import examples
    >>> diagram_state(examples.kediri_journey().state("1 Januari 2023"))
    'Berpredikat'
    """
    latest = state.latest_cycle
    if latest is not None and not latest.closed and latest.failed_at is None:
        flags: tuple[bool, ...] = (latest.cleared, latest.field_worksheet is not None, latest.survey is not None)
        flags += (bool(latest.desk_passed), latest.pre_outcome is not None, latest.proposed_on is not None)
        for node, flag in zip(_OPEN_NODES, flags, strict=True):
            if flag:
                return node
        return "PenilaianTPI" if latest.tpi_worksheet is not None else "PenilaianPendahuluan"
    if state.revoked_on is not None and state.predicate is None and state.building_toward is None:
        return "Dicabut"
    if latest is not None and not latest.awarded and not latest.ended_by_revocation and latest.outcome in _CLOSED_NODES:
        return _CLOSED_NODES[latest.outcome]
    if state.predicate is not None:
        return "Berpredikat" if state.building_toward is None else "Pembangunan"
    if state.building_toward is not None:
        return "Pembangunan"
    if state.designated_on is not None:
        return "UnitDitetapkan"
    return "Pencanangan" if state.declared_on is not None else "[*]"


def to_mermaid() -> str:
    """The process as a Mermaid state diagram (``stateDiagram-v2``), drawn from :data:`TRANSITIONS`.

    >>> print(to_mermaid().splitlines()[0])
    stateDiagram-v2
    """
    lines = ["stateDiagram-v2"]
    for source, target, kind, condition in TRANSITIONS:
        label = f"{kind} ({condition})" if condition else kind
        lines.append(f"    {source} --> {target}: {label}")
    for text in dict.fromkeys(NOTES.values()):
        lines.append(f"    note right of Berpredikat: {text}")
    return "\n".join(lines)
