"""The guards of a journey: why an event is refused in a state, and which kinds of event are allowed now.

Each guard reads the state (:mod:`zona_integritas._journey_state`) and the journey's configuration and returns
the reason for a refusal, or ``None``; nothing here changes a state (that is :mod:`zona_integritas._journey_fold`).
"""

from __future__ import annotations

import datetime as dt

from ._journey_state import (
    Cycle,
    JourneyConfig,
    JourneyState,
    ProposalWindow,
    cached_final_verdict,
    cached_verdict,
    cycle_rulebook,
)
from .dates import format_date
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
from .rulebook import Predicate
from .worksheet import Worksheet


def _rulebook_mismatch(config: JourneyConfig, year: int, worksheet: Worksheet) -> str | None:
    expected = cycle_rulebook(config.rulebook, year)
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
    if expected.process is None:
        return (
            f"the evaluation process of {expected.short} is not modelled (only its scores and verdict): "
            f"record the outcome of cycle {year} with RecordedOutcome"
        )
    return None


def _survey_outside_scale(config: JourneyConfig, event: Surveyed) -> str | None:
    """Why a survey's indices do not fit the index scales of the rulebook's survey items, or ``None``."""
    for (code, low, high), index in zip(config.survey_scales, (event.ipak, event.ipkp), strict=False):
        if not low <= index <= high:
            return f"the index {index} of {code} lies outside its scale {low}-{high}"
    return None


def window_of(config: JourneyConfig, year: int) -> ProposalWindow:
    """The proposal window of cycle ``year``: the journey's own, or the rulebook's default deadline."""
    window = config.windows.get(year)
    if window is not None:
        return window
    return ProposalWindow(config.process.deadline_in(year))


def refusal_reason(state: JourneyState, event: Event, config: JourneyConfig) -> str | None:
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
    if isinstance(event, Surveyed):
        outside = _survey_outside_scale(config, event)
        if outside is not None:
            return outside
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


def _wbk_barred(state: JourneyState, on: dt.date, config: JourneyConfig) -> str | None:
    """The revocation bar (Bab IV C): no WBK proposal within the bar after the revocation decree."""
    if state.revoked_on is not None and config.process.revocation.years:
        allowed = config.process.revocation.lifted_on(state.revoked_on)
        if on < allowed:
            return (
                f"the predicate was revoked on {format_date(state.revoked_on)}: no WBK proposal "
                f"before {format_date(allowed)}"
            )
    return None


def _recorded_reason(state: JourneyState, event: RecordedOutcome, config: JourneyConfig) -> str | None:
    if cycle_rulebook(config.rulebook, event.cycle) is None:
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


def _target_reason(state: JourneyState, target: Predicate, on: dt.date, config: JourneyConfig, what: str) -> str | None:
    """WBBM only while holding WBK; WBK only for a unit holding nothing, outside the revocation bar."""
    if target is Predicate.WBBM and state.predicate is not Predicate.WBK:
        return f"a WBBM {what} needs a unit that holds WBK (no WBBM before WBK)"
    if target is Predicate.WBK:
        if state.predicate is not None:
            return f"the unit already holds {state.predicate.value}"
        return _wbk_barred(state, on, config)
    return None


def _mandiri_reason(state: JourneyState, event: MandiriDecided, config: JourneyConfig) -> str | None:
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
    if since is None or config.process.building.complete_on(since) > event.on:
        return f"the unit must build for {config.process.building.months} months before a WBK award"
    verdict = cached_verdict(cycle.tpi_worksheet, Predicate.WBK, False)
    if not verdict.passed:
        return f"the verdict does not pass WBK (failing: {', '.join(c.key for c in verdict.failed)})"
    return None


def _preliminary_reason(state: JourneyState, event: PreliminaryAssessed, config: JourneyConfig) -> str | None:
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
    expected = cycle_rulebook(config.rulebook, event.cycle)
    if expected is None or expected.process is None:
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


def _assessment_reason(state: JourneyState, event: TpiAssessed, config: JourneyConfig) -> str | None:
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


def _proposal_reason(state: JourneyState, event: Proposed, config: JourneyConfig) -> str | None:
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
    window = window_of(config, event.cycle)
    if not window.contains(event.on):
        opens = f"{format_date(window.opens)} to " if window.opens else "by "
        return f"proposals for cycle {event.cycle} are accepted {opens}{format_date(window.closes)}"
    target = _target_reason(state, event.target, event.on, config, "proposal")
    if target:
        return target
    since = state.building_since
    if since is None or config.process.building.complete_on(since) > event.on:
        started = format_date(since) if since else "never"
        return f"the unit must build for {config.process.building.months} months before a proposal (started {started})"
    verdict = cached_verdict(cycle.tpi_worksheet, event.target, state.predicate is Predicate.WBK)
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
        verdict = cached_final_verdict(
            cycle.tpi_worksheet, cycle.field_worksheet, cycle.survey, cycle.target, state.predicate is Predicate.WBK
        )
        if not verdict.passed:
            return (
                f"the final verdict does not pass {cycle.target.value} (failing: "
                f"{', '.join(c.key for c in verdict.failed)})"
            )
        return None
    return f"unexpected event {event.kind!r}"


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
