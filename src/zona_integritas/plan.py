"""Improvement plans: the answer changes that turn a failing verdict into a passing one.

The plan works on the worksheet under the ``"zero"`` policy (an unanswered item is a candidate worth
its full share). For each failing criterion that answers can fix it picks the candidate changes with
the largest gains first, which needs the fewest changes for that criterion; it then re-scores the
changed worksheet and checks the verdict, so a plan that says it passes does pass. Criteria that no
answer can fix are named: the survey indices (IPAK, IPKP), the prior predicate, and "birokrasi bersih"
when even the best capaian answer cannot close its gap.

A candidate sets a choice item to its best option, a count item's numerator to its denominator
(``this_year`` to 0 for the fall in violations); count items without counts, or with a zero
denominator, are not proposed (the plan does not invent counts).

>>> import zona_integritas as zi
>>> from zona_integritas import examples
>>> plan = plan_improvements(examples.kediri_worksheet_2022(), "WBBM", holds_wbk=True)
>>> plan.achievable, [c.key for c in plan.unfixable]
(False, ['H2'])
>>> [(ch.item, ch.after) for ch in plan.changes]
[('R3.i.a', 'A')]
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs

from .decimals import CONTEXT, in_library_context
from .errors import IncompleteWorksheetWarning
from .inputs import require_flag, require_type
from .labels import Language
from .rulebook import FormulaKind, Item, ItemCode, ItemKind, Predicate, Rulebook
from .scoring import ScoreCard, score
from .verdict import AreaReading, Comparison, CriterionResult, Verdict, assess
from .worksheet import AnswerValue, Counts, Worksheet

__all__ = ["Change", "Plan", "plan_improvements"]

_ONE = Decimal(1)


@attrs.frozen
class Change:
    """One proposed answer change, the points it adds to the total, and the failing criteria it helps."""

    item: ItemCode
    before: AnswerValue | None
    after: AnswerValue
    points: Decimal
    fixes: tuple[str, ...]


@in_library_context
@attrs.frozen
class Plan:
    """An improvement plan for one target predicate.

    ``after`` is the verdict of the changed worksheet (``worksheet``). ``unfixable`` lists the criteria
    that still fail after the changes: those with ``fixable=False`` no answer can move (survey
    indices, the prior predicate); a fixable one still failing needs more than the plan may propose
    (counts it would have to invent, or more points than the remaining answers hold).
    """

    target: Predicate
    changes: tuple[Change, ...]
    unfixable: tuple[CriterionResult, ...]
    before: Verdict
    after: Verdict
    worksheet: Worksheet

    @property
    def achievable(self) -> bool:
        """True when the changes make the verdict pass."""
        return self.after.passed

    def to_dict(self, *, language: Language = "id") -> dict[str, Any]:
        """Plain data for JSON."""

        def plain(value: Any) -> Any:
            if isinstance(value, Counts):
                return dict(value)
            return None if value is None else str(value)

        return {
            "target": self.target.value,
            "passed_before": self.before.passed,
            "passed_after": self.after.passed,
            "achievable": self.achievable,
            "changes": [
                {
                    "item": c.item,
                    "before": plain(c.before),
                    "after": plain(c.after),
                    "points": str(c.points),
                    "fixes": list(c.fixes),
                }
                for c in self.changes
            ],
            "unfixable": [
                {"key": c.key, "label": c.label.in_language(language), "margin": plain(c.margin), "source": c.source}
                for c in self.unfixable
            ],
        }

    def to_table(self, *, language: Language = "id") -> str:
        """A plain-text list of the changes and of what answers cannot fix."""
        lines = [
            f"Rencana perbaikan menuju {self.target.value}: "
            f"{len(self.changes)} perubahan jawaban; {'lulus' if self.achievable else 'belum lulus'} setelahnya"
        ]
        rb = self.worksheet.rulebook
        for c in self.changes:
            before = "—" if c.before is None else (dict(c.before) if isinstance(c.before, Counts) else c.before)
            after = dict(c.after) if isinstance(c.after, Counts) else c.after
            label = rb.item(c.item).label.in_language(language)
            lines.append(
                f"  {c.item:<10} {label[:48]:<48} {before!s:>8} -> {after!s:<8} +{c.points:.4f} ({', '.join(c.fixes)})"
            )
        for u in self.unfixable:
            why = "tidak dapat diperbaiki lewat jawaban" if not u.fixable else "masih gagal"
            lines.append(f"  {why}: {u.label.in_language(language)} (selisih {u.margin}; {u.source})")
        return "\n".join(lines)


@attrs.frozen
class _Candidate:
    item: Item
    after: AnswerValue
    gain: Decimal
    half: str
    area: str
    subcomponent: str
    component: str


def _improved(item: Item, current: AnswerValue | None) -> AnswerValue | None:
    if item.kind is ItemKind.CHOICE:
        assert item.scale is not None
        return item.scale.options[0].key
    if item.kind is ItemKind.INDEX or not isinstance(current, Counts):
        return None
    assert item.formula is not None
    counts = dict(current)
    if item.formula.kind is FormulaKind.DECREASE_RATIO:
        counts[item.formula.numerator[0]] = 0
        return Counts(tuple((n, counts[n]) for n in item.input_names))
    bottom = sum(counts[n] for n in item.formula.denominator)
    if bottom == 0:
        return None
    for name in item.input_names:
        if name not in item.formula.denominator:
            counts[name] = 0
    counts[item.formula.numerator[0]] = bottom
    return Counts(tuple((n, counts[n]) for n in item.input_names))


def _locations(rulebook: Rulebook) -> dict[str, tuple[str, str, str, str, int]]:
    """item code -> (half, area, subcomponent, component, items in its indicator)."""
    where: dict[str, tuple[str, str, str, str, int]] = {}
    for comp in rulebook.components:
        for sub in comp.subcomponents:
            for half in sub.halves:
                for ind in half.indicators:
                    for it in ind.walk_items():
                        owner = rulebook.indicator(it.indicator)
                        where[it.code] = (half.code, f"A{half.area}", sub.code, comp.code, len(owner.items))
            for ind in sub.indicators:
                for it in ind.walk_items():
                    owner = rulebook.indicator(it.indicator)
                    where[it.code] = ("", "", sub.code, comp.code, len(owner.items))
    return where


def _quiet_score(ws: Worksheet) -> ScoreCard:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IncompleteWorksheetWarning)
        return score(ws)


@in_library_context
def plan_improvements(
    worksheet: Worksheet,
    target: Predicate | str,
    *,
    holds_wbk: bool | None = None,
    history: Iterable[Predicate | str] | None = None,
    area_reading: AreaReading | str = AreaReading.AREAS,
    comparison: Comparison | str = Comparison.ROUNDED,
) -> Plan:
    """The fewest answer changes (largest gains first, per failing criterion) that make ``target`` pass."""
    require_type(worksheet, Worksheet, "plan_improvements(worksheet)")
    require_flag(holds_wbk, "holds_wbk")
    predicate = Predicate.parse(target)
    rb = worksheet.rulebook
    kwargs: dict[str, Any] = dict(
        target=predicate, holds_wbk=holds_wbk, history=history, area_reading=area_reading, comparison=comparison
    )
    card = _quiet_score(worksheet)
    before = assess(card, **kwargs)
    if before.passed:
        return Plan(predicate, (), (), before, before, worksheet)

    where = _locations(rb)
    candidates: list[_Candidate] = []
    for item in rb.items:
        answer = worksheet.answer(item.code)
        current = answer.value if answer is not None else None
        if item.kind is ItemKind.INDEX:
            continue
        better = _improved(item, current)
        if better is None:
            continue
        value = worksheet._values.get(item.code, Decimal(0))
        if value >= _ONE:
            continue
        half, area, sub, comp, n = where[item.code]
        weight = rb.indicator(item.indicator).weight
        gain = CONTEXT.divide(weight * (_ONE - value), Decimal(n))
        candidates.append(_Candidate(item, better, gain, half, area, sub, comp))
    candidates.sort(key=lambda c: (-c.gain, rb.item_codes.index(c.item.code)))

    failing = {c.key: c for c in before.failed}
    chosen: dict[str, _Candidate] = {}
    fixes: dict[str, set[str]] = {}

    def take(pool: list[_Candidate], need: Decimal, key: str) -> Decimal:
        for cand in pool:
            if need <= 0:
                break
            if cand.item.code in chosen:
                continue
            chosen[cand.item.code] = cand
            need -= cand.gain
        return need

    def gained(pred: Any) -> Decimal:
        return sum((c.gain for c in chosen.values() if pred(c)), Decimal(0))

    exact = {k: card.value(c.node) for k, c in failing.items() if c.node}
    # hasil criteria that only the capaian item can move
    for key in ("H1.b", "H1"):
        crit = failing.get(key)
        if crit is None or not crit.fixable or crit.required is None or crit.node is None:
            continue
        pool = [c for c in candidates if c.subcomponent == (crit.node if key == "H1" else crit.node.split(".")[0])]
        take(pool, crit.required - exact[key] - gained(lambda c: c.subcomponent == "H1"), key)
    for crit in before.failed:
        if crit.unit != "percent" or crit.required is None:
            continue
        node = card.node(crit.key)
        need = CONTEXT.divide(crit.required * node.maximum, Decimal(100)) - node.value
        if crit.key.startswith("A"):
            pool = [c for c in candidates if c.area == crit.key]
            need -= gained(lambda c, k=crit.key: c.area == k)
        else:
            pool = [c for c in candidates if c.half == crit.key]
            need -= gained(lambda c, k=crit.key: c.half == k)
        take(pool, need, crit.key)
    for key in ("pengungkit", "total"):
        crit = failing.get(key)
        if crit is None or crit.required is None:
            continue
        if key == "pengungkit":
            pool = [c for c in candidates if c.component == "pengungkit"]
            need = crit.required - exact[key] - gained(lambda c: c.component == "pengungkit")
        else:
            pool = candidates
            need = crit.required - exact[key] - gained(lambda c: True)
        take(pool, need, key)

    def build() -> tuple[Worksheet, Verdict]:
        changed = worksheet.with_answers({code: c.after for code, c in chosen.items()})
        return changed, assess(_quiet_score(changed), **kwargs)

    changed, after = build()
    # safety net: keep adding the largest remaining gains while a fixable criterion still fails
    while not after.passed and any(c.fixable for c in after.failed):
        rest = [c for c in candidates if c.item.code not in chosen]
        if not rest:
            break
        chosen[rest[0].item.code] = rest[0]
        changed, after = build()

    failing_keys = set(failing)
    for code, cand in chosen.items():
        helped = []
        for key in failing_keys:
            crit = failing[key]
            if (
                key == cand.area
                or key == cand.half
                or key == cand.component
                or key == "total"
                or key == cand.subcomponent
                or key == cand.item.code
            ) and crit.fixable:
                helped.append(key)
        fixes[code] = set(helped)
    order = {k: i for i, k in enumerate(c.key for c in before.criteria)}
    changes = []
    for code, cand in sorted(chosen.items(), key=lambda kv: (-kv[1].gain, rb.item_codes.index(kv[0]))):
        old = worksheet.answer(code)
        changes.append(
            Change(
                cand.item.code,
                None if old is None else old.value,
                cand.after,
                cand.gain,
                tuple(sorted(fixes[code], key=lambda k: order.get(k, 99))),
            )
        )
    return Plan(predicate, tuple(changes), after.failed, before, after, changed)
