"""Hypothesis strategies for testing code that uses zona_integritas (needs the ``testing`` extra).

Every strategy takes the rulebook as an argument, so it works for any regulation version or a
custom rulebook of yours.

- :func:`answer_values` / :func:`invalid_answer_values`: one raw answer an item accepts / refuses.
- :func:`answer_maps`: raw answers keyed by item code, as :meth:`Worksheet.from_answers` takes them.
- :func:`worksheets`: validated :class:`~zona_integritas.Worksheet` values.
- :func:`invalid_answer_maps`: answer maps with at least one bad entry, and the codes that are bad.
- :func:`journey_events`: one dated event of any kind, which a journey's guards may accept or refuse.
- :func:`journeys`: journeys whose every event the guards accepted (random walks through the process).

>>> from hypothesis import given, settings
>>> from zona_integritas import load_rulebook, score
>>> rb = load_rulebook("permenpanrb-90-2021")
>>> @settings(max_examples=20)
... @given(worksheets(rb, complete=True))
... def test_total_is_at_most_100(ws):
...     assert 0 <= score(ws).total.value <= 100
>>> test_total_is_at_most_100()
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from .i18n import gettext

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    needs = gettext("zona_integritas.testing needs Hypothesis: pip install 'zona-integritas[testing]'")
    raise ImportError(needs) from exc

from .errors import TransitionError
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
    MonitoringReported,
    PreEvaluated,
    ProposalVoided,
    Proposed,
    Revoked,
    Surveyed,
    TpiAssessed,
    UnitDesignated,
    Verified,
)
from .journey import Journey
from .rulebook import Item, ItemKind, Predicate, Rulebook
from .worksheet import Assessor, Worksheet

__all__ = [
    "answer_maps",
    "answer_values",
    "assessors",
    "invalid_answer_maps",
    "invalid_answer_values",
    "journey_events",
    "journeys",
    "worksheets",
]


def assessors() -> st.SearchStrategy[Assessor]:
    """Any assessor."""
    return st.sampled_from(list(Assessor))


def _counts(item: Item, max_count: int) -> st.SearchStrategy[dict[str, int]]:
    assert item.formula is not None
    formula = item.formula
    names = item.input_names

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, int]:
        counts = {name: draw(st.integers(0, max_count)) for name in names}
        for _ in range(len(formula.at_most) + 1):
            broken = False
            for rule in formula.at_most:
                excess = sum(counts[n] for n in rule.left) - sum(counts[n] for n in rule.right)
                if excess > 0:
                    counts[rule.right[0]] += excess
                    broken = True
            if not broken:
                break
        return counts

    return build().filter(lambda c: not formula.violations(c))


def _as_numpy(value: Any) -> st.SearchStrategy[Any]:
    """``value`` as a NumPy scalar of a kind a DataFrame cell holds (the same answer to the library)."""
    import numpy as np

    if isinstance(value, str):
        return st.just(np.str_(value))
    if isinstance(value, dict):
        kinds: st.SearchStrategy[Any] = st.sampled_from([np.int64, np.int32, np.uint16, np.float64])

        def count(n: int) -> st.SearchStrategy[Any]:
            return kinds.map(lambda kind: kind(n))

        return st.fixed_dictionaries({name: count(n) for name, n in value.items()})
    return st.sampled_from([np.float64, np.float32]).map(lambda kind: kind(str(value)))


def answer_values(
    item: Item, *, max_count: int = 60, spelled: bool = True, numpy: bool = False
) -> st.SearchStrategy[Any]:
    """One raw answer that ``item`` accepts.

    With ``spelled=True`` the answer comes in the forms users type: option keys in any case, indices
    as floats, decimals, or strings with a decimal point or comma, counts as whole numbers. With
    ``numpy=True`` it comes as the NumPy scalars a DataFrame cell holds (``np.str_`` keys, ``np.float64`` or
    ``np.float32`` indices, ``np.int64``… counts; needs NumPy).

    >>> from hypothesis import given, settings
    >>> from zona_integritas import Worksheet, load_rulebook
    >>> rb = load_rulebook("permenpanrb-90-2021")
    >>> @settings(max_examples=10)
    ... @given(answer_values(rb.item("R4.i.a"), numpy=True))
    ... def test_numpy_counts_are_counts(raw):
    ...     assert Worksheet.from_answers(rb, {"R4.i.a": raw}, assessor="tpi").value("R4.i.a") is not None
    >>> test_numpy_counts_are_counts()
    """
    if numpy:
        return answer_values(item, max_count=max_count, spelled=False).flatmap(_as_numpy)
    if item.kind is ItemKind.CHOICE:
        assert item.scale is not None
        keys = st.sampled_from(item.scale.keys)
        if spelled:
            return keys.flatmap(lambda k: st.sampled_from([k, k.lower(), k.upper()]))
        return keys
    if item.kind is ItemKind.INDEX:
        assert item.scale is not None and item.scale.minimum is not None and item.scale.maximum is not None
        low, high = item.scale.minimum, item.scale.maximum
        index = st.decimals(min_value=low, max_value=high, places=2)
        if not spelled:
            return index
        return index.flatmap(lambda d: st.sampled_from([d, str(d), str(d).replace(".", ","), float(d)]))
    return _counts(item, max_count)


def invalid_answer_values(item: Item) -> st.SearchStrategy[Any]:
    """One raw answer that ``item`` refuses (wrong option, out-of-range index, impossible counts…)."""
    junk: st.SearchStrategy[Any] = st.sampled_from([None, True, [], {"x": 1}, 1.5]).filter(lambda v: v is not None)
    if item.kind is ItemKind.CHOICE:
        assert item.scale is not None
        keys = {k.casefold() for k in item.scale.keys}
        return st.one_of(st.text(min_size=1, max_size=3).filter(lambda t: t.strip().casefold() not in keys), junk)
    if item.kind is ItemKind.INDEX:
        assert item.scale is not None and item.scale.minimum is not None and item.scale.maximum is not None
        low, high = item.scale.minimum, item.scale.maximum
        return st.one_of(
            st.decimals(max_value=low - Decimal("0.01"), allow_nan=False, allow_infinity=False, places=2),
            st.decimals(min_value=high + Decimal("0.01"), allow_nan=False, allow_infinity=False, places=2),
            st.sampled_from(["", "tiga", "3.6.1", "nan"]),
            junk.filter(lambda v: not isinstance(v, float)),
        )
    assert item.formula is not None
    names = item.input_names
    base = _counts(item, 30)
    negative = base.flatmap(lambda c: st.sampled_from(names).map(lambda n: {**c, n: -1 - c[n]}))
    missing = base.map(lambda c: {k: v for k, v in list(c.items())[1:]})
    unknown = base.map(lambda c: {**c, "extra": 1})
    fraction = base.flatmap(lambda c: st.sampled_from(names).map(lambda n: {**c, n: c[n] + 0.5}))
    options = [negative, missing, unknown, fraction, junk]
    if item.formula.at_most:
        rule = item.formula.at_most[0]
        options.append(base.map(lambda c: {**c, rule.left[0]: sum(c[n] for n in rule.right) + 1}))
    return st.one_of(*options)


def answer_maps(
    rulebook: Rulebook, *, complete: bool = False, spelled: bool = True, numpy: bool = False
) -> st.SearchStrategy[dict[str, Any]]:
    """Raw answers keyed by item code, all valid; ``complete=True`` answers every item; ``numpy=True`` gives them
    as NumPy scalars (see :func:`answer_values`)."""

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        answers: dict[str, Any] = {}
        for item in rulebook.items:
            if complete or draw(st.booleans()):
                answers[item.code] = draw(answer_values(item, spelled=spelled, numpy=numpy))
        return answers

    return build()


def worksheets(
    rulebook: Rulebook, *, complete: bool = False, assessor: Assessor | str | None = None
) -> st.SearchStrategy[Worksheet]:
    """Validated worksheets for ``rulebook`` (complete ones with ``complete=True``)."""
    who = st.just(Assessor.parse(assessor)) if assessor is not None else assessors()
    return st.builds(
        lambda answers, a: Worksheet.from_answers(rulebook, answers, assessor=a),
        answer_maps(rulebook, complete=complete, spelled=False),
        who,
    )


def invalid_answer_maps(rulebook: Rulebook) -> st.SearchStrategy[tuple[dict[str, Any], frozenset[str]]]:
    """(answers, bad codes): valid answers mixed with at least one refused answer or unknown code.

    :meth:`Worksheet.from_answers` must report exactly the codes in ``bad`` (one problem each).
    """

    @st.composite
    def build(draw: st.DrawFn) -> tuple[dict[str, Any], frozenset[str]]:
        answers: dict[str, Any] = draw(answer_maps(rulebook))
        bad_items = draw(st.lists(st.sampled_from(rulebook.items), min_size=1, max_size=4, unique_by=lambda i: i.code))
        bad: set[str] = set()
        for item in bad_items:
            answers[item.code] = draw(invalid_answer_values(item))
            bad.add(item.code)
        if draw(st.booleans()):
            code = draw(st.sampled_from(["P9.i.a", "X", "p1.i.a", "H3.a"]))
            answers[code] = "A"
            bad.add(code)
        return answers, frozenset(bad)

    return build()


# -- events and journeys -----------------------------------------------------------------------------------------
# One builder per event kind: (draw, date, cycle, target, worksheets) -> event. The payload is plausible, not always
# acceptable: the guards decide.
_Builder = Callable[[st.DrawFn, dt.date, int, Predicate, st.SearchStrategy[Worksheet]], Event]


def _pre_evaluated(draw: st.DrawFn, on: dt.date, cycle: int) -> Event:
    outcome = draw(st.sampled_from(["lulus", "lulus_dengan_catatan", "tidak_lulus"]))
    due = on + dt.timedelta(days=14) if outcome == "lulus_dengan_catatan" else None
    return PreEvaluated(on, cycle=cycle, outcome=outcome, corrections_due=due)


def _decided(draw: st.DrawFn, on: dt.date, cycle: int) -> Event:
    awarded = draw(st.booleans())
    return Decided(on, cycle=cycle, awarded=awarded, decree_number="SK (hypothesis)" if awarded else None)


_BUILDERS: dict[str, _Builder] = {
    "declared": lambda d, on, c, t, w: Declared(on),
    "unit_designated": lambda d, on, c, t, w: UnitDesignated(on),
    "building_started": lambda d, on, c, t, w: BuildingStarted(on, target=t),
    "tpi_assessed": lambda d, on, c, t, w: TpiAssessed(on, cycle=c, target=t, worksheet=d(w)),
    "proposed": lambda d, on, c, t, w: Proposed(on, cycle=c, target=t),
    "pre_evaluated": lambda d, on, c, t, w: _pre_evaluated(d, on, c),
    "corrections_submitted": lambda d, on, c, t, w: CorrectionsSubmitted(on, cycle=c),
    "appealed": lambda d, on, c, t, w: Appealed(on, cycle=c, accepted=d(st.booleans())),
    "desk_evaluated": lambda d, on, c, t, w: DeskEvaluated(on, cycle=c, passed=d(st.booleans())),
    "surveyed": lambda d, on, c, t, w: Surveyed(
        on, cycle=c, ipak=d(st.sampled_from(["3.9", "3.6", "3.2"])), ipkp=d(st.sampled_from(["3.8", "3.4"]))
    ),
    "field_evaluated": lambda d, on, c, t, w: FieldEvaluated(on, cycle=c, worksheet=d(w)),
    "cleared": lambda d, on, c, t, w: Cleared(on, cycle=c),
    "decided": lambda d, on, c, t, w: _decided(d, on, c),
    "monitoring_reported": lambda d, on, c, t, w: MonitoringReported(on),
    "verified": lambda d, on, c, t, w: Verified(on, findings=d(st.booleans())),
    "revoked": lambda d, on, c, t, w: Revoked(
        on, decree_number="SK pencabutan (hypothesis)", finding_source="laporan verifikasi TPN (hypothesis)"
    ),
    "proposal_voided": lambda d, on, c, t, w: ProposalVoided(on, cycle=c),
}


#: Kinds that are always allowed again or end a cycle early; walked into only now and then, so journeys get far.
_DETOURS = frozenset({"tpi_assessed", "monitoring_reported", "verified", "proposal_voided", "revoked"})


def _default_worksheets(rulebook: Rulebook) -> st.SearchStrategy[Worksheet]:
    """The best worksheet and a weaker one (every other choice item at its lowest option): two verdicts to reach."""
    answers: dict[str, object] = {code: rulebook.item(code).best_answer for code in rulebook.item_codes}
    best = Worksheet.from_answers(rulebook, answers, assessor="tpi")
    lowest = {item.code: item.scale.keys[-1] for item in rulebook.items if item.scale is not None and item.scale.keys}
    weak = best.with_answers(dict(list(lowest.items())[::2]))
    return st.sampled_from([best, weak])


def journey_events(
    rulebook: Rulebook, *, after: dt.date, worksheets: st.SearchStrategy[Worksheet] | None = None
) -> st.SearchStrategy[Event]:
    """One event of any kind, dated around ``after`` (mostly later, sometimes earlier, to exercise the date-order
    guard), for a cycle near its year; ``worksheets`` supplies TPI and field worksheets (default: the best one
    and a weaker one of ``rulebook``). A journey's guards may accept or refuse it."""
    sheets = worksheets if worksheets is not None else _default_worksheets(rulebook)

    @st.composite
    def build(draw: st.DrawFn) -> Event:
        step = draw(st.one_of(st.integers(0, 120), st.integers(-30, -1), st.integers(120, 500)))
        on = after + dt.timedelta(days=step)
        cycle = draw(st.sampled_from([on.year, on.year + 1, on.year - 1]))
        target = draw(st.sampled_from(list(Predicate)))
        kind = draw(st.sampled_from(sorted(_BUILDERS)))
        return _BUILDERS[kind](draw, on, cycle, target, sheets)

    return build()


def journeys(
    rulebook: Rulebook,
    *,
    unit: str = "unit",
    start: dt.date = dt.date(2019, 1, 2),
    max_events: int = 30,
    worksheets: st.SearchStrategy[Worksheet] | None = None,
) -> st.SearchStrategy[Journey]:
    """Journeys of ``unit`` on ``rulebook`` whose every event the guards accepted: each step picks a kind the rules
    allow on its date (:meth:`Journey.allowed_events`) and a payload for the current cycle; a payload the guards
    still refuse is skipped. ``rulebook`` needs its ``[process]`` table.

    >>> from hypothesis import HealthCheck, given, settings
    >>> from zona_integritas import load_rulebook
    >>> @settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    ... @given(journeys(load_rulebook("permenpanrb-90-2021"), max_events=12))
    ... def test_replaying_a_journey_rebuilds_its_state(journey):
    ...     assert Journey.replay(journey.unit, journey.rulebook, journey.events).state() == journey.state()
    >>> test_replaying_a_journey_rebuilds_its_state()
    """
    sheets = worksheets if worksheets is not None else _default_worksheets(rulebook)

    @st.composite
    def build(draw: st.DrawFn) -> Journey:
        journey = Journey(unit, rulebook)
        day = start
        for _ in range(draw(st.integers(0, max_events))):
            day += dt.timedelta(days=draw(st.integers(0, 120)))
            # allowed_events may qualify a kind ("decided (award)"); the kind is its first word
            allowed = sorted({label.split(" ")[0] for label in journey.allowed_events(on=day)} & set(_BUILDERS))
            if not allowed:
                continue
            forward = [k for k in allowed if k not in _DETOURS]
            if draw(st.integers(0, 4)):  # mostly move the process on (or let time pass); sometimes take a detour
                if not forward:
                    continue
                allowed = forward
            kind = draw(st.sampled_from(sorted(allowed)))
            state = journey.state()
            open_cycles = [c for c in state.cycles if not c.closed]
            cycle = open_cycles[-1].year if open_cycles and kind != "tpi_assessed" else journey.proposal_cycle(day)
            target = open_cycles[-1].target if open_cycles and kind != "building_started" else None
            target = (
                target
                or state.building_toward
                or (Predicate.WBBM if state.predicate is Predicate.WBK else Predicate.WBK)
            )
            event = _BUILDERS[kind](draw, day, cycle, target, sheets)
            try:
                journey = journey.record(event)
            except TransitionError:
                continue
        return journey

    return build()
