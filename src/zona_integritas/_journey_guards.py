"""The guards of a journey: why an event is refused in a state, and which kinds of event are allowed now.

Each guard reads the state (:mod:`zona_integritas._journey_state`) and the journey's configuration and returns
the reason for a refusal, or ``None``; nothing here changes a state (that is :mod:`zona_integritas._journey_fold`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ._journey_state import (
    Cycle,
    JourneyConfig,
    JourneyState,
    ProposalWindow,
    cached_final_verdict,
    cached_verdict,
    cycle_rulebook,
)
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
from .i18n import format_date
from .i18n import gettext as _
from .rulebook import Predicate
from .worksheet import Worksheet


def _rulebook_mismatch(config: JourneyConfig, year: int, worksheet: Worksheet) -> str | None:
    expected = cycle_rulebook(config.rulebook, year)
    used = worksheet.rulebook
    if expected is None:
        return _coded(
            "no-rulebook-in-force", _("no rulebook of this library was in force for cycle {year}").format(year=year)
        )
    if used != expected:
        if used.id == expected.id:
            return _coded(
                "rulebook-mismatch",
                _("the worksheet uses another version of rulebook {rulebook} than the journey").format(
                    rulebook=repr(used.id)
                ),
            )
        message = _(
            "cycle {year} is judged by {expected} ({expected_id}, in force on {start}); "
            "the worksheet uses {used} ({used_id})"
        ).format(
            year=year,
            expected=expected.short,
            expected_id=repr(expected.id),
            start=format_date(dt.date(year, 1, 1)),
            used=used.short,
            used_id=repr(used.id),
        )
        # what the rulebook of the cycle does not model, in the current language (rulebook data)
        not_modelled = expected.in_force.not_modelled if expected.in_force else ""
        if not_modelled:
            message += " (" + not_modelled + ")"
        return _coded("rulebook-mismatch", message)
    if expected.process is None:
        return _(
            "the evaluation process of {rulebook} is not modelled (only its scores and verdict): "
            "record the outcome of cycle {year} with RecordedOutcome"
        ).format(rulebook=expected.short, year=year)
    return None


def _survey_outside_scale(config: JourneyConfig, event: Surveyed) -> str | None:
    """Why a survey's indices do not fit the index scales of the rulebook's survey items, or ``None``."""
    for (code, low, high), index in zip(config.survey_scales, (event.ipak, event.ipkp), strict=False):
        if not low <= index <= high:
            return _("the index {index} of {code} lies outside its scale {low}-{high}").format(
                index=index, code=code, low=low, high=high
            )
    return None


class Refusal(str):
    """Why an event is refused, in words of the language, with a stable English ``code`` for programs."""

    code: str = "transition-error"


def _coded(code: str, text: str) -> Refusal:
    """``text`` (a translated reason) with its ``code``."""
    reason = Refusal(text)
    reason.code = code
    return reason


def window_of(config: JourneyConfig, year: int) -> ProposalWindow:
    """The proposal window of cycle ``year``: the journey's own, or the rulebook's default deadline."""
    window = config.windows.get(year)
    if window is not None:
        return window
    return ProposalWindow(config.process.deadline_in(year))


def refusal_reason(state: JourneyState, event: Event, config: JourneyConfig) -> str | None:
    """Why ``event`` is refused in ``state``, or ``None`` when it is allowed."""
    if state.last_event_on is not None and event.on < state.last_event_on:
        return _coded(
            "out-of-date-order",
            _("it is dated {on}, before the last recorded event ({last}); events are recorded in date order").format(
                on=format_date(event.on), last=format_date(state.last_event_on)
            ),
        )
    if isinstance(event, RecordedOutcome):
        return _recorded_reason(state, event, config)
    if isinstance(event, Declared):
        return _("ZI was already declared") if state.declared_on else None
    # a recorded outcome stands for the pencanangan and designation that happened before it
    if state.declared_on is None and not state.has_recorded:
        return _coded("not-declared", _("ZI has not been declared (pencanangan) yet"))
    if isinstance(event, UnitDesignated):
        return _("the unit is already designated") if state.designated_on else None
    if state.designated_on is None and not state.has_recorded:
        return _coded("not-designated", _("the unit has not been designated to build ZI yet"))
    if isinstance(event, BuildingStarted):
        return _building_reason(state, event)
    if isinstance(event, MonitoringReported | Verified):
        return None if state.predicate is not None else _coded("no-predicate", _("the unit holds no predicate"))
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
        return _coded("not-proposed", _("the unit was not proposed in cycle {cycle}").format(cycle=event.cycle))  # type: ignore[attr-defined]
    if cycle.closed:
        return _closed(cycle)
    if isinstance(event, Surveyed):
        outside = _survey_outside_scale(config, event)
        if outside is not None:
            return outside
    return _cycle_reason(cycle, event, state)


def _closed(cycle: Cycle) -> str:
    return _coded(
        "cycle-closed", _("cycle {year} is closed ({outcome})").format(year=cycle.year, outcome=cycle.outcome.label())
    )


def _holds(predicate: Predicate) -> str:
    return _coded("already-holds-predicate", _("the unit already holds {predicate}").format(predicate=predicate.value))


def _revocation_reason(state: JourneyState, event: Revoked) -> str | None:
    if state.predicate is None:
        return _coded("no-predicate", _("the unit holds no predicate"))
    if event.finding_on is not None and event.finding_on not in state.findings:
        return _coded(
            "revocation-without-finding",
            _(
                "a revocation rests on a finding (Bab IV C): no TPN verification with findings is recorded on "
                "{date} while the unit held {predicate}"
            ).format(date=format_date(event.finding_on), predicate=state.predicate.value),
        )
    return None


def _later_cycle(state: JourneyState, year: int) -> str | None:
    latest = state.latest_cycle
    if latest is not None and latest.year > year:
        return _earlier(year, latest.year)
    return None


def _earlier(year: int, latest: int) -> str:
    return _coded(
        "earlier-cycle",
        _("cycle {year} is earlier than cycle {latest}, already recorded").format(year=year, latest=latest),
    )


def _under_evaluation(year: int) -> str:
    return _coded("cycle-under-evaluation", _("cycle {year} is still under evaluation").format(year=year))


def _wbk_barred(state: JourneyState, on: dt.date, config: JourneyConfig) -> str | None:
    """The revocation bar (Bab IV C): no WBK proposal within the bar after the revocation decree."""
    if state.revoked_on is not None and config.process.revocation.years:
        allowed = config.process.revocation.lifted_on(state.revoked_on)
        if on < allowed:
            return _coded(
                "revocation-bar",
                _("the predicate was revoked on {revoked}: no WBK proposal before {allowed}").format(
                    revoked=format_date(state.revoked_on), allowed=format_date(allowed)
                ),
            )
    return None


def _recorded_reason(state: JourneyState, event: RecordedOutcome, config: JourneyConfig) -> str | None:
    if cycle_rulebook(config.rulebook, event.cycle) is None:
        return _coded(
            "no-rulebook-in-force",
            _("no rulebook of this library was in force for cycle {year}").format(year=event.cycle),
        )
    if event.route == "mandiri" and (config.mandiri_from is None or event.effective < config.mandiri_from):
        if config.mandiri_from is None:
            return _("rulebook {rulebook} has no mandiri WBK route").format(rulebook=repr(config.rulebook.id))
        return _mandiri_from(config.mandiri_from)
    later = _later_cycle(state, event.cycle)
    if later:
        return later
    existing = state.cycle(event.cycle)
    if existing is not None:
        if existing.closed:
            return _closed(existing)
        if existing.target is not event.target:
            return _("cycle {year} is towards {target}, not {other}").format(
                year=event.cycle, target=existing.target.value, other=event.target.value
            )
    return _target_reason(state, event.target, event.on, config, proposal=False)


def _mandiri_from(day: dt.date) -> str:
    return _coded(
        "mandiri-not-yet",
        _("the mandiri WBK route exists from {date} (5/2024 Lampiran II Bab II B)").format(date=format_date(day)),
    )


def _target_reason(
    state: JourneyState, target: Predicate, on: dt.date, config: JourneyConfig, *, proposal: bool
) -> str | None:
    """WBBM only while holding WBK; WBK only for a unit holding nothing, outside the revocation bar."""
    if target is Predicate.WBBM and state.predicate is not Predicate.WBK:
        if proposal:
            return _coded("wbbm-needs-wbk", _("a WBBM proposal needs a unit that holds WBK (no WBBM before WBK)"))
        return _coded("wbbm-needs-wbk", _("a WBBM outcome needs a unit that holds WBK (no WBBM before WBK)"))
    if target is Predicate.WBK:
        if state.predicate is not None:
            return _holds(state.predicate)
        return _wbk_barred(state, on, config)
    return None


def _failing(verdict: Any) -> str:
    return ", ".join(c.key for c in verdict.failed)


def _mandiri_reason(state: JourneyState, event: MandiriDecided, config: JourneyConfig) -> str | None:
    if config.mandiri_from is not None and event.on < config.mandiri_from:
        return _mandiri_from(config.mandiri_from)
    if config.mandiri_from is None:
        return _("rulebook {rulebook} has no mandiri WBK route").format(rulebook=repr(config.rulebook.id))
    cycle = state.cycle(event.cycle)
    if cycle is None or cycle.tpi_worksheet is None:
        return _coded("no-tpi-assessment", _("there is no TPI assessment for cycle {year}").format(year=event.cycle))
    if cycle.target is not Predicate.WBK:
        return _("the mandiri route awards WBK only (5/2024 Lampiran II Bab II B)")
    if cycle.proposed_on is not None:
        return _("cycle {year} was proposed to TPN; TPN decides it").format(year=event.cycle)
    if cycle.closed:
        return _closed(cycle)
    if not event.awarded:
        return None
    if state.predicate is not None:
        return _holds(state.predicate)
    barred = _wbk_barred(state, event.on, config)
    if barred:
        return barred
    since = state.building_since
    if since is None or config.process.building.complete_on(since) > event.on:
        return _coded(
            "building-too-short",
            _("the unit must build for {months} months before a WBK award").format(
                months=config.process.building.months
            ),
        )
    verdict = cached_verdict(cycle.tpi_worksheet, Predicate.WBK, False)
    if not verdict.passed:
        return _coded(
            "verdict-not-passed",
            _("the verdict does not pass WBK (failing: {failing})").format(failing=_failing(verdict)),
        )
    return None


def _preliminary_reason(state: JourneyState, event: PreliminaryAssessed, config: JourneyConfig) -> str | None:
    if state.parent_unit is None:
        return _(
            "the unit has no parent unit (UnitDesignated(parent_unit=...)): a penilaian pendahuluan is for "
            "lower-level units of a K/L (90/2021 Lampiran II Bab I A.1.a)"
        )
    if state.building_toward is None:
        return _("the unit is not building towards a predicate")
    if event.on.year not in (event.cycle - 1, event.cycle):
        return _("a penilaian pendahuluan for cycle {year} is dated {dated}").format(
            year=event.cycle, dated=event.on.year
        )
    later = _later_cycle(state, event.cycle)
    if later:
        return later
    existing = state.cycle(event.cycle)
    if existing is not None:
        if existing.tpi_worksheet is not None:
            return _("the TPI already assessed cycle {year}").format(year=event.cycle)
        if existing.preliminary:
            return _("the unit was already found fit for the TPI in cycle {year}").format(year=event.cycle)
    latest = state.latest_cycle
    if latest is not None and latest.year != event.cycle and latest.proposed_on is not None and not latest.closed:
        return _under_evaluation(latest.year)
    expected = cycle_rulebook(config.rulebook, event.cycle)
    if expected is None or expected.process is None:
        return _("the evaluation process in force for cycle {year} is not modelled").format(year=event.cycle)
    return None


def _building_reason(state: JourneyState, event: BuildingStarted) -> str | None:
    if state.building_toward is not None:
        return _("the unit is already building towards {predicate}").format(predicate=state.building_toward.value)
    if event.target is Predicate.WBK and state.predicate is not None:
        return _holds(state.predicate)
    if event.target is Predicate.WBBM and state.predicate is not Predicate.WBK:
        return _("building towards WBBM needs a unit that holds WBK")
    return None


def _assessment_reason(state: JourneyState, event: TpiAssessed, config: JourneyConfig) -> str | None:
    reviewed = state.reviews.assessment_refusal(event.cycle, event.worksheet)
    if reviewed is not None:
        return reviewed
    if state.building_toward is not event.target:
        if state.building_toward is None:
            return _("the unit is building towards no predicate, not {target}").format(target=event.target.value)
        return _("the unit is building towards {predicate}, not {target}").format(
            predicate=state.building_toward.value, target=event.target.value
        )
    mismatch = _rulebook_mismatch(config, event.cycle, event.worksheet)
    if mismatch:
        return mismatch
    if event.on.year not in (event.cycle - 1, event.cycle):
        return _("a TPI assessment for cycle {year} is dated {dated}").format(year=event.cycle, dated=event.on.year)
    latest = state.latest_cycle
    if latest is not None and latest.year > event.cycle:
        return _earlier(event.cycle, latest.year)
    existing = state.cycle(event.cycle)
    if existing is not None and existing.proposed_on is not None:
        return _("cycle {year} was already proposed; its TPI assessment can no longer change").format(year=event.cycle)
    if existing is not None and existing.closed:
        return _closed(existing)
    if state.parent_unit is not None and (existing is None or existing.preliminary is not True):
        return _coded(
            "preliminary-assessment-needed",
            _(
                "a unit under {parent} needs a penilaian pendahuluan that finds it fit for cycle {year} before the "
                "TPI evaluates it (90/2021 Lampiran II Bab I A.1.a and b)"
            ).format(parent=state.parent_unit, year=event.cycle),
        )
    if (
        latest is not None
        and latest.year != event.cycle
        and latest.proposed_on is not None
        and not (latest.closed or latest.failed_at is not None)
    ):
        return _under_evaluation(latest.year)
    return None


def _proposal_reason(state: JourneyState, event: Proposed, config: JourneyConfig) -> str | None:
    cycle = state.cycle(event.cycle)
    if cycle is None or cycle.tpi_worksheet is None:
        return _coded("no-tpi-assessment", _("there is no TPI assessment for cycle {year}").format(year=event.cycle))
    if cycle.target is not event.target:
        return _("the TPI assessed cycle {year} towards {assessed}, not {target}").format(
            year=event.cycle, assessed=cycle.target.value, target=event.target.value
        )
    if cycle.proposed_on is not None:
        return _("the unit was already proposed for {target} in cycle {year}").format(
            target=event.target.value, year=event.cycle
        )
    later = _later_cycle(state, event.cycle)
    if later:
        return later
    window = window_of(config, event.cycle)
    if not window.contains(event.on):
        if window.opens:
            return _coded(
                "outside-proposal-window",
                _("proposals for cycle {year} are accepted from {opens} to {closes}").format(
                    year=event.cycle, opens=format_date(window.opens), closes=format_date(window.closes)
                ),
            )
        return _coded(
            "outside-proposal-window",
            _("proposals for cycle {year} are accepted by {closes}").format(
                year=event.cycle, closes=format_date(window.closes)
            ),
        )
    target = _target_reason(state, event.target, event.on, config, proposal=True)
    if target:
        return target
    since = state.building_since
    if since is None or config.process.building.complete_on(since) > event.on:
        if since is None:
            return _coded(
                "building-too-short",
                _("the unit must build for {months} months before a proposal (it never started)").format(
                    months=config.process.building.months
                ),
            )
        return _coded(
            "building-too-short",
            _("the unit must build for {months} months before a proposal (started {started})").format(
                months=config.process.building.months, started=format_date(since)
            ),
        )
    verdict = cached_verdict(cycle.tpi_worksheet, event.target, state.predicate is Predicate.WBK)
    if not verdict.passed:
        return _coded(
            "verdict-not-passed",
            _("the TPI verdict does not pass {target} (failing: {failing})").format(
                target=event.target.value, failing=_failing(verdict)
            ),
        )
    return None


def _cycle_reason(cycle: Cycle, event: Event, state: JourneyState) -> str | None:
    if isinstance(event, ProposalVoided):
        return None
    if isinstance(event, PreEvaluated):
        return _("the pre-evaluation is already published") if cycle.pre_outcome is not None else None
    if cycle.pre_outcome is None:
        return _("TPN has not published the pre-evaluation of cycle {year}").format(year=cycle.year)
    if isinstance(event, CorrectionsSubmitted):
        if cycle.pre_outcome is not PreEvaluationOutcome.LULUS_DENGAN_CATATAN:
            return _("no corrections were asked for")
        if cycle.corrections_submitted:
            return _("the corrections were already submitted")
        assert cycle.corrections_due is not None
        if event.on > cycle.corrections_due:
            return _("the corrections were due by {date}").format(date=format_date(cycle.corrections_due))
        return None
    if isinstance(event, Appealed):
        if cycle.pre_outcome is not PreEvaluationOutcome.TIDAK_LULUS:
            return _("only a failed pre-evaluation can be appealed")
        return _("a cycle allows one appeal (sanggah) only") if cycle.appeal is not None else None
    if isinstance(event, Decided) and not event.awarded:
        return None
    continues = (
        cycle.pre_outcome is PreEvaluationOutcome.LULUS
        or (cycle.pre_outcome is PreEvaluationOutcome.LULUS_DENGAN_CATATAN and cycle.corrections_submitted)
        or (cycle.pre_outcome is PreEvaluationOutcome.TIDAK_LULUS and cycle.appeal is True)
    )
    if not continues:
        if cycle.pre_outcome is PreEvaluationOutcome.LULUS_DENGAN_CATATAN:
            return _("the corrections asked by the pre-evaluation have not been submitted")
        return _coded("pre-evaluation-not-passed", _("the pre-evaluation did not pass"))
    if isinstance(event, DeskEvaluated):
        return _("the desk evaluation is already done") if cycle.desk_passed is not None else None
    # Bab III C.2 b: the survey follows a passed pre-evaluation, before or with the field evaluation
    if isinstance(event, Surveyed):
        return _("the survey is already recorded") if cycle.survey is not None else None
    if not cycle.desk_passed:
        return _("the desk evaluation has not passed")
    if isinstance(event, FieldEvaluated):
        if cycle.tpi_worksheet is not None and event.worksheet.rulebook != cycle.tpi_worksheet.rulebook:
            used, expected = event.worksheet.rulebook, cycle.tpi_worksheet.rulebook
            return _coded(
                "rulebook-mismatch",
                _("cycle {year} is judged by {expected}; the field worksheet uses {used}").format(
                    year=cycle.year, expected=expected.short, used=used.short
                ),
            )
        if cycle.field_worksheet is not None:
            return _("the field evaluation is already done")
        return state.reviews.field_refusal(cycle.year, cycle.tpi_worksheet, event.worksheet)
    if isinstance(event, Cleared):
        if cycle.field_worksheet is None or cycle.survey is None:
            return _("clearance needs the field evaluation and the survey")
        return _("clearance is already done") if cycle.cleared else None
    if isinstance(event, Decided):
        if not cycle.cleared:
            return _("an award needs clearance and panel first")
        assert cycle.tpi_worksheet is not None
        verdict = cached_final_verdict(
            cycle.tpi_worksheet, cycle.field_worksheet, cycle.survey, cycle.target, state.predicate is Predicate.WBK
        )
        if not verdict.passed:
            return _coded(
                "verdict-not-passed",
                _("the final verdict does not pass {target} (failing: {failing})").format(
                    target=cycle.target.value, failing=_failing(verdict)
                ),
            )
        return None
    return _("unexpected event {kind}").format(kind=repr(event.kind))


def allowed_kinds(state: JourneyState, on: dt.date, config: JourneyConfig) -> list[str]:
    """The kinds of event the rules allow on ``on`` (payload-independent checks)."""
    if state.last_event_on is not None and on < state.last_event_on:
        return []
    out: list[str] = []
    target = Predicate.WBBM if state.predicate is Predicate.WBK else Predicate.WBK
    probes: list[Event] = [Declared(on), UnitDesignated(on), BuildingStarted(on, target=target)]
    if state.building_toward is not None:
        for year in (on.year, on.year + 1):
            probes.append(PreliminaryAssessed(on, cycle=year, passed=True))
            rulebook = cycle_rulebook(config.rulebook, year)
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
        if refusal_reason(state, probe, config) is None:
            label = probe.kind
            if isinstance(probe, Decided):
                label = "decided (award)" if probe.awarded else "decided (pembinaan)"
            if label not in out:
                out.append(label)
    return out
