"""The values of a journey: the stages, a cycle, the state a journey folds to, and its configuration.

Plain frozen values with no guard and no fold (those are :mod:`zona_integritas._journey_guards` and
:mod:`zona_integritas._journey_fold`); :mod:`zona_integritas.journey` is their public face. The verdict caches
live here because a cycle's final worksheet is one of them.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Mapping
from decimal import Decimal

import attrs

from ._reprs import html_of
from .dates import parse_date
from .errors import InvalidValueError, RulebookError, UnknownRulebookError
from .events import Decided, MandiriDecided, PreEvaluationOutcome, RecordedOutcome, Revoked, stage_name
from .i18n import N_, format_date, ngettext, use_language
from .i18n import gettext as _
from .review_ledger import ReviewLedger
from .rulebook import Predicate, ProcessRules, Rulebook
from .rulebook_loader import rulebook_in_force
from .scoring import score
from .verdict import Verdict, assess
from .worksheet import Worksheet


class CycleOutcome(enum.StrEnum):
    """How a cycle ended, or that it has not. A string enum that also shows as its value, so that
    ``cycle.outcome == "awarded"`` holds; the value is a machine identifier, :meth:`label` is what people read.

    >>> CycleOutcome("pembinaan"), CycleOutcome.AWARDED == "awarded"
    ('pembinaan', True)
    >>> CycleOutcome.NOT_AWARDED.label(language="id"), CycleOutcome.NOT_AWARDED.label(language="en")
    ('tidak ditetapkan', 'not awarded')
    """

    AWARDED = "awarded"  #: the predicate was awarded
    PEMBINAAN = "pembinaan"  #: decided without an award (coaching)
    FAILED = "failed"  #: stopped at a stage (pre-evaluation, desk evaluation...)
    VOIDED = "voided"  #: the proposal was voided
    OPEN = "open"  #: proposed, not decided yet
    ASSESSED = "assessed"  #: assessed by the TPI, not proposed
    NOT_AWARDED = "not_awarded"  #: a recorded or mandiri outcome without an award
    PRELIMINARY = "preliminary"  #: found fit for the TPI (penilaian pendahuluan), not assessed yet

    def __repr__(self) -> str:
        return repr(self.value)

    def label(self, *, language: str | None = None) -> str:
        """The outcome in words of the language (``ditetapkan`` / ``awarded``)."""
        with use_language(language):
            return _(_OUTCOME_LABELS[self])


_OUTCOME_LABELS = {
    CycleOutcome.AWARDED: N_("awarded"),
    CycleOutcome.PEMBINAAN: N_("not awarded, coaching (pembinaan)"),
    CycleOutcome.FAILED: N_("failed"),
    CycleOutcome.VOIDED: N_("voided"),
    CycleOutcome.OPEN: N_("under evaluation"),
    CycleOutcome.ASSESSED: N_("assessed by the TPI, not proposed"),
    CycleOutcome.NOT_AWARDED: N_("not awarded"),
    CycleOutcome.PRELIMINARY: N_("found fit for the TPI, not assessed yet"),
}


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
        """The stage's name in the current language (the enum's name and value are machine identifiers).

        >>> from zona_integritas.i18n import use_language
        >>> with use_language("id"):
        ...     Stage.SURVEYED.label, Stage.PRE_EVALUATED.label
        ('survei', 'pra evaluasi')
        >>> Stage.SURVEYED.label_in("en")
        'survey'
        """
        return stage_name(self.name)

    def label_in(self, language: str | None = None) -> str:
        """The stage's name in ``language``."""
        return stage_name(self.name, language=language)


@attrs.frozen
class ProposalWindow:
    """The dates proposals are accepted in one cycle (inclusive). ``opens`` may be unknown (None)."""

    closes: dt.date = attrs.field(converter=parse_date)
    opens: dt.date | None = attrs.field(default=None, converter=attrs.converters.optional(parse_date))

    def __attrs_post_init__(self) -> None:
        if self.opens is not None and self.opens > self.closes:
            raise InvalidValueError(
                _("A proposal window cannot open ({opens}) after it closes ({closes})").format(
                    opens=format_date(self.opens), closes=format_date(self.closes)
                ),
                code="window-opens-after-closing",
            )

    def contains(self, day: dt.date) -> bool:
        """Whether proposals are accepted on ``day``."""
        return (self.opens is None or self.opens <= day) and day <= self.closes


@attrs.frozen(repr=False)
class Cycle:
    """One evaluation cycle (a year) toward one predicate, as far as it got.

    A cycle that awarded a predicate later revoked keeps the revocation (:attr:`revocation`,
    :attr:`revoked_on`); its :meth:`summary` says so.

    >>> from zona_integritas import examples
    >>> cycle = examples.kediri_journey().cycle(2022)
    >>> cycle.summary(language="id")
    '2022: WBK, ditetapkan'
    >>> cycle
    <Cycle 2022: WBK, awarded>
    >>> cycle.revoked_on is None
    True
    """

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
    #: the revocation of the predicate this cycle awarded (``None`` while it stands, or when none was awarded)
    revocation: Revoked | None = None

    @property
    def revoked_on(self) -> dt.date | None:
        """The date the predicate this cycle awarded was revoked (the revocation decree), or ``None``."""
        return self.revocation.on if self.revocation is not None else None

    @property
    def is_revoked(self) -> bool:
        """Whether the predicate this cycle awarded was revoked."""
        return self.revocation is not None

    def summary(self, *, language: str | None = None) -> str:
        """One line for people: the year, the target, how far the cycle got and how it ended, and the revocation
        of its predicate: ``2020: WBK, ditetapkan, dicabut 3 Maret 2022`` / ``2020: WBK, awarded, revoked 3 March
        2022``; ``2020: WBK, tidak ditetapkan, sampai tahap survei, tercatat``."""
        with use_language(language):
            parts = [self.outcome.label()]
            if self.revocation is not None:
                parts.append(_("revoked {date}").format(date=format_date(self.revocation.on)))
            failed = self.failed_at
            if self.recorded is not None and not self.awarded:
                parts.append(_("reached the {stage} stage").format(stage=self.stage.label))
            elif failed is not None and self.outcome is not CycleOutcome.VOIDED:
                parts.append(_("stopped at the {stage} stage").format(stage=failed.label))
            elif self.outcome is CycleOutcome.OPEN:
                parts.append(_("reached the {stage} stage").format(stage=self.stage.label))
            if self.ended_by_revocation:
                parts.append(_("ended by the revocation of the predicate it builds on"))
            if self.mandiri is not None:
                parts.append(_("mandiri evaluation"))
            if self.recorded is not None:
                parts.append(_("recorded"))
            return _("{year}: {target}, {outcome}").format(
                year=self.year, target=self.target.value, outcome=", ".join(parts)
            )

    def __repr__(self) -> str:
        return f"<Cycle {self.summary()}>"

    def _repr_html_(self) -> str | None:
        return html_of(self)

    @property
    def final_worksheet(self) -> Worksheet | None:
        """The worksheet TPN decides on: TPI answers, field answers where given, TPN survey indices."""
        if self.tpi_worksheet is None:
            return None
        return cached_final_worksheet(self.tpi_worksheet, self.field_worksheet, self.survey)

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
    def outcome(self) -> CycleOutcome:
        """How the cycle ended (:class:`CycleOutcome`), or that it has not: awarded, pembinaan, not awarded (a
        recorded or mandiri outcome without award), failed, voided, open, assessed or preliminary."""
        if self.voided:
            return CycleOutcome.VOIDED
        if self.awarded:
            return CycleOutcome.AWARDED
        if self.recorded is not None or self.mandiri is not None:
            return CycleOutcome.NOT_AWARDED
        if self.decision is not None:
            return CycleOutcome.PEMBINAAN
        if self.failed_at is not None:
            return CycleOutcome.FAILED
        if self.proposed_on is not None:
            return CycleOutcome.OPEN
        return CycleOutcome.ASSESSED if self.tpi_worksheet is not None else CycleOutcome.PRELIMINARY


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


@attrs.frozen(repr=False)
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

    def __repr__(self) -> str:
        """One line: the predicate held (or revoked), the events and the cycles (current language)."""
        if self.predicate is not None and self.holding_since is not None:
            standing = _("{predicate} since {date}").format(
                predicate=self.predicate.value, date=format_date(self.holding_since)
            )
        elif self.revoked_on is not None:
            standing = _("predicate revoked on {date}").format(date=format_date(self.revoked_on))
        else:
            standing = _("no predicate")
        events = ngettext("{n} event", "{n} events", self.events).format(n=self.events)
        cycles = ngettext("{n} cycle", "{n} cycles", len(self.cycles)).format(n=len(self.cycles))
        return f"<JourneyState {standing}; {events}, {cycles}>"

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
class JourneyConfig:
    """What the guards read besides the state: the rulebook, the proposal windows, the process rules."""

    rulebook: Rulebook
    windows: Mapping[int, ProposalWindow] = attrs.field(eq=False)
    process: ProcessRules
    #: (item code, lowest, highest index) of each survey item, in the order of the survey event's indices
    survey_scales: tuple[tuple[str, Decimal, Decimal], ...] = ()

    @property
    def mandiri_from(self) -> dt.date | None:
        """The date units may be proposed by their instansi alone (the rulebook's ``process.mandiri_from``)."""
        return self.process.mandiri_from


@functools.lru_cache(maxsize=256)
def cycle_rulebook(own: Rulebook, year: int) -> Rulebook | None:
    """The rulebook a cycle of ``year`` is judged by: the one in force on 1 January of that year (the
    journey's own rulebook when it covers that day, so a variant of it keeps working)."""
    day = dt.date(year, 1, 1)
    if own.in_force is None or own.in_force.covers(day):
        return own
    try:
        return rulebook_in_force(day)
    except UnknownRulebookError:
        return None


def process_rules(rulebook: Rulebook) -> ProcessRules:
    """The rulebook's ``[process]`` rules, which a journey needs."""
    if rulebook.process is None:
        raise RulebookError(
            _("Rulebook {rulebook} has no [process] table: journeys need it").format(rulebook=repr(rulebook.id)),
            code="no-process",
        )
    return rulebook.process


def survey_items(rulebook: Rulebook) -> tuple[str, ...]:
    """The LKE items the survey event's two indices answer (IPAK, IPKP), from the rulebook."""
    return rulebook.surveys.item_codes if rulebook.surveys is not None else ()


def survey_scales(rulebook: Rulebook) -> tuple[tuple[str, Decimal, Decimal], ...]:
    """(item code, lowest, highest index) of the rulebook's survey items."""
    out = []
    for code in survey_items(rulebook):
        scale = rulebook.item(code).scale
        if scale is not None and scale.minimum is not None and scale.maximum is not None:
            out.append((code, scale.minimum, scale.maximum))
    return tuple(out)


# The verdict caches pay ten times over: replaying 3,000 journeys that share 40 worksheets ran at 51,000-60,000
# events/s with them and 5,000 without (docs/reference/performance.md). Bounded; worksheets are immutable.


@functools.lru_cache(maxsize=8192)
def cached_final_worksheet(
    tpi: Worksheet, field: Worksheet | None, survey: tuple[Decimal, Decimal] | None
) -> Worksheet:
    """The final worksheet of a cycle (:attr:`Cycle.final_worksheet`): TPI answers, field answers, survey indices."""
    ws = tpi
    if field is not None:
        ws = ws.overlaid(field, assessor="tpn")
    if survey is not None:
        answers = {
            code: index
            for code, index in zip(survey_items(ws.rulebook), survey, strict=False)
            if ws.rulebook.has_item(code)
        }
        ws = ws.overlaid(Worksheet.from_answers(ws.rulebook, answers, assessor="tpn"), assessor="tpn")
    return ws


@functools.lru_cache(maxsize=8192)
def cached_verdict(worksheet: Worksheet, target: Predicate, holds_wbk: bool) -> Verdict:
    """The verdict on ``worksheet`` toward ``target``."""
    card = score(worksheet, quiet=True)
    return assess(card, target=target, holds_wbk=holds_wbk)


@functools.lru_cache(maxsize=8192)
def cached_final_verdict(
    tpi: Worksheet, field: Worksheet | None, survey: tuple[Decimal, Decimal] | None, target: Predicate, holds_wbk: bool
) -> Verdict:
    """The verdict on a cycle's final worksheet toward ``target``."""
    return cached_verdict(cached_final_worksheet(tpi, field, survey), target, holds_wbk)
