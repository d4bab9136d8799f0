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

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs

from ._reprs import html_of
from .decimals import CONTEXT, in_library_context
from .i18n import format_number, gettext, ngettext, use_language
from .inputs import require_flag, require_type
from .rulebook import FormulaKind, Indicator, Item, ItemCode, ItemKind, Predicate, Rulebook
from .scoring import ScoreCard, score
from .verdict import AreaReading, Comparison, CriterionResult, Verdict, assess
from .worksheet import AnswerValue, Counts, Worksheet

__all__ = ["Change", "Plan", "plan_improvements"]

_ = gettext
_ONE = Decimal(1)


@attrs.frozen(kw_only=True)
class Change:
    """One proposed answer change, the points it adds to the total, and the failing criteria it helps."""

    item: ItemCode
    before: AnswerValue | None
    after: AnswerValue
    points: Decimal
    fixes: tuple[str, ...]


@in_library_context
@attrs.frozen(kw_only=True, repr=False)
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

    def to_dict(self, *, language: str | None = None) -> dict[str, Any]:
        """Plain data for JSON (numbers as machine strings); the ``"label"`` of each unfixable criterion follows
        the language."""

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

    @staticmethod
    def shown_answer(value: AnswerValue | None) -> str:
        """An answer as a table shows it: the option, the index, or the counts (``completed=3, to_follow_up=3``)."""
        if value is None:
            return "\u2014"
        if isinstance(value, Counts):
            return ", ".join(f"{name}={count}" for name, count in dict(value).items())
        if isinstance(value, Decimal):
            return format_number(value)
        return str(value)

    def title(self, *, language: str | None = None) -> str:
        """The plan in one sentence: the target, how many answers change, whether the verdict passes after.

        >>> from zona_integritas import examples
        >>> plan = plan_improvements(examples.kediri_worksheet_2022(), "WBBM", holds_wbk=True)
        >>> plan.title(language="id")
        'Rencana perbaikan menuju WBBM: 1 perubahan jawaban; setelahnya belum lulus'
        >>> plan.title(language="en")
        'Improvement plan towards WBBM: 1 answer change; still not passed afterwards'
        """
        with use_language(language):
            n = len(self.changes)
            if self.achievable:
                text = ngettext(
                    "Improvement plan towards {predicate}: {n} answer change; passed afterwards",
                    "Improvement plan towards {predicate}: {n} answer changes; passed afterwards",
                    n,
                )
            else:
                text = ngettext(
                    "Improvement plan towards {predicate}: {n} answer change; still not passed afterwards",
                    "Improvement plan towards {predicate}: {n} answer changes; still not passed afterwards",
                    n,
                )
            return text.format(predicate=self.target.value, n=n)

    def to_table(self, *, language: str | None = None) -> str:
        """A plain-text list of the changes (item, label, answer now -> proposed answer, points added to the
        total, the criteria it helps) and of what answers cannot fix, under the plan's :meth:`title`.

        >>> from zona_integritas import examples
        >>> plan = plan_improvements(examples.kediri_worksheet_2022(), "WBBM", holds_wbk=True)
        >>> print(plan.to_table(language="en"))  # doctest: +NORMALIZE_WHITESPACE
        Improvement plan towards WBBM: 1 answer change; still not passed afterwards
          R3.i.a     Individual targets are outcome-based                    B -> A        +0.7500 (A3)
          cannot be fixed by answers: Excellent public service (margin -0.35; 90/2021 Lampiran II Bab III A angka 6;
          Bab III D.1 Tabel 6)
        """
        with use_language(language):
            lines = [self.title()]
            rb = self.worksheet.rulebook
            for c in self.changes:
                label = rb.item(c.item).label.in_language()
                before, after = self.shown_answer(c.before), self.shown_answer(c.after)
                points = "+" + format_number(c.points, 4)
                lines.append(
                    f"  {c.item:<10} {label[:48]:<48} {before:>8} -> {after:<8} {points} ({', '.join(c.fixes)})"
                )
            for u in self.unfixable:
                margin = "" if u.margin is None else u.shown_margin()
                label = u.label.in_language()
                if not u.fixable:
                    text = _("cannot be fixed by answers: {criterion} (margin {margin}; {source})")
                else:
                    text = _("still not passed: {criterion} (margin {margin}; {source})")
                lines.append("  " + text.format(criterion=label, margin=margin, source=u.source))
            return "\n".join(lines)

    def _repr_html_(self) -> str | None:
        return html_of(self)

    def __repr__(self) -> str:
        """One line in the current language: ``<Plan WBBM: 1 answer change, still not passed afterwards, 1 criterion
        still failing>``."""
        n, k = len(self.changes), len(self.unfixable)
        parts = [
            ngettext("{n} answer change", "{n} answer changes", n).format(n=n),
            _("passed afterwards") if self.achievable else _("still not passed afterwards"),
        ]
        if k:
            parts.append(ngettext("{n} criterion still failing", "{n} criteria still failing", k).format(n=k))
        return f"<Plan {self.target.value}: {', '.join(parts)}>"


@attrs.frozen
class _Candidate:
    item: Item
    after: AnswerValue
    gain: Decimal
    nodes: frozenset[str]  #: every score card node the item rolls up into (indicators, half, area, ..., total)


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


def _ancestors(rulebook: Rulebook) -> dict[str, frozenset[str]]:
    """Item code -> every score card node above it: its indicators, area half, area, sub-component, component and
    the total. A criterion on node N can be helped by exactly the items whose ancestors hold N.
    """
    out: dict[str, frozenset[str]] = {}

    def walk(ind: Indicator, above: tuple[str, ...]) -> None:
        here = (*above, ind.code)
        for it in ind.items:
            out[it.code] = frozenset(here)
        for part in ind.parts:
            walk(part, here)

    for comp in rulebook.components:
        for sub in comp.subcomponents:
            top = ("total", comp.code, sub.code)
            for half in sub.halves:
                for ind in half.indicators:
                    walk(ind, (*top, half.code, f"A{half.area}"))
            for ind in sub.indicators:
                walk(ind, top)
    return out


def _quiet_score(ws: Worksheet) -> ScoreCard:
    return score(ws, quiet=True)


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
        return Plan(target=predicate, changes=(), unfixable=(), before=before, after=before, worksheet=worksheet)

    ancestors = _ancestors(rb)
    values = worksheet.item_values
    candidates: list[_Candidate] = []
    for item in rb.items:
        answer = worksheet.answer(item.code)
        current = answer.value if answer is not None else None
        if item.kind is ItemKind.INDEX:
            continue
        better = _improved(item, current)
        if better is None:
            continue
        value = values.get(item.code, Decimal(0))
        if value >= _ONE:
            continue
        owner = rb.indicator(item.indicator)
        gain = CONTEXT.divide(owner.weight * (_ONE - value), Decimal(len(owner.items)))
        candidates.append(_Candidate(item, better, gain, ancestors[item.code]))
    position: dict[str, int] = {code: i for i, code in enumerate(rb.item_codes)}
    candidates.sort(key=lambda c: (-c.gain, position[c.item.code]))

    failing = {c.key: c for c in before.failed}
    chosen: dict[str, _Candidate] = {}

    # Every fixable failing criterion reads one score card node: a minimum on its node (points), or an area or
    # area half that must reach a percentage of its weight. Driven by that node, not by the criterion's key, the
    # plan works on any rulebook. Smaller nodes first, so that an area's own gains also count for the total.
    needs: list[tuple[int, str, Decimal]] = []
    for crit in before.failed:
        if not crit.fixable or crit.required is None:
            continue
        if crit.unit == "percent":
            node = card.node(crit.key)
            need = CONTEXT.divide(crit.required * node.maximum, Decimal(100)) - node.value
            code = crit.key
        elif crit.node is not None:
            code = crit.node
            need = crit.required - card.value(code)
        else:
            continue
        size = sum(1 for c in candidates if code in c.nodes)
        needs.append((size, code, need))
    for _, code, required in sorted(needs, key=lambda n: n[0]):
        missing = required - sum((c.gain for c in chosen.values() if code in c.nodes), Decimal(0))
        for cand in candidates:
            if missing <= 0:
                break
            if cand.item.code in chosen or code not in cand.nodes:
                continue
            chosen[cand.item.code] = cand
            missing -= cand.gain

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

    fixes: dict[str, set[str]] = {}
    for code, cand in chosen.items():
        fixes[code] = {
            key
            for key, crit in failing.items()
            if crit.fixable and (key in cand.nodes or (crit.node is not None and crit.node in cand.nodes))
        }
    order = {k: i for i, k in enumerate(c.key for c in before.criteria)}
    changes = []
    for code, cand in sorted(chosen.items(), key=lambda kv: (-kv[1].gain, position[kv[0]])):
        old = worksheet.answer(code)
        changes.append(
            Change(
                item=cand.item.code,
                before=None if old is None else old.value,
                after=cand.after,
                points=cand.gain,
                fixes=tuple(sorted(fixes[code], key=lambda k: order.get(k, 99))),
            )
        )
    return Plan(
        target=predicate, changes=tuple(changes), unfixable=after.failed, before=before, after=after, worksheet=changed
    )
