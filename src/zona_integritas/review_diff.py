"""What a review did to the score: per change, per round, and tier against tier, ranked by points.

Deltas are taken under the ``"zero"`` unanswered policy, where an item adds ``weight ÷ items × value`` to its
indicator; every level above is a sum, so one change moves its item, indicators, area half, area and the
total by the same points, and a round's delta is the sum of its changes' deltas (to the 40 significant digits
the arithmetic carries).

>>> from zona_integritas import examples
>>> from zona_integritas.decimals import round_half_up
>>> review = examples.kediri_review_2022()
>>> rc = round_changes(review, "tpi")
>>> [(c.item, str(round_half_up(c.delta))) for c in rc.ranked()][:2]
[('P4.i.a', '-0.42'), ('P2.ii.b', '-0.25')]
>>> str(round_half_up(rc.start_total)), str(round_half_up(rc.end_total))
('88.96', '87.76')
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs

from ._reprs import html_of
from .decimals import CONTEXT
from .errors import IncompleteWorksheetWarning, InvalidAnswerError
from .i18n import format_number, ngettext
from .i18n import gettext as _
from .labels import Label
from .review import Review
from .review_events import Decision
from .review_round import Round, RoundStatus, status_label
from .rulebook import ItemCode, Rulebook
from .scoring import NodeKind, ScoreCard, score
from .worksheet import Answer, Worksheet

__all__ = [
    "ItemChange",
    "LevelDelta",
    "RoundChanges",
    "TierDiff",
    "TierStatus",
    "diff_tiers",
    "iter_changes",
    "review_status",
    "round_changes",
]


@attrs.frozen
class LevelDelta:
    """One node's points before and after a change (item, indicator, area half, area, total).

    ``delta`` is the change's exact effect, the same at every level; ``after`` is ``before + delta`` carried
    to the 40 significant digits of the arithmetic.
    """

    code: str
    kind: NodeKind
    before: Decimal
    delta: Decimal

    @property
    def after(self) -> Decimal:
        """The node's points after the change."""
        return CONTEXT.add(self.before, self.delta)


@attrs.frozen(repr=False)
class ItemChange:
    """One change of an item's answer: by a reviewer's decision (``"change"``) or an earlier tier's
    revision (``"revision"``), with its note and its effect at every level."""

    item: ItemCode
    label: Label
    source: str
    tier: str
    round: int
    before: Answer | None
    after: Answer | None
    note: str | None
    by: str | None
    on: Any
    levels: tuple[LevelDelta, ...]

    @property
    def delta(self) -> Decimal:
        """The points the change moved the total (the same at every level)."""
        return self.levels[-1].delta

    def __repr__(self) -> str:
        """One line: the item, where it changed, from and to, and the points it moved."""
        before = _plain(self.before)
        after = _plain(self.after)
        return f"<ItemChange {self.item} ({self.tier} #{self.round}): {before} \u2192 {after}, {_points(self.delta)}>"

    def level(self, kind: NodeKind | str) -> LevelDelta:
        """The effect at one level (``"item"``, ``"indicator"``, ``"area_half"``, ``"area"``, ``"total"``)."""
        try:
            wanted = NodeKind(kind)
        except ValueError:
            wanted = None
        for level in self.levels:
            if level.kind is wanted:
                return level
        known = ", ".join(level.kind.value for level in self.levels)
        raise InvalidAnswerError(
            _("There is no level {level}; the levels are {known}").format(
                level=repr(getattr(kind, "value", kind)), known=known
            ),
            code="unknown-level",
        )


@attrs.frozen(repr=False)
class RoundChanges:
    """A round's changes and revisions with their point effects; totals before and after."""

    tier: str
    round: int
    start_total: Decimal
    end_total: Decimal
    changes: tuple[ItemChange, ...]
    revisions: tuple[ItemChange, ...]

    @property
    def delta(self) -> Decimal:
        """End total minus start total, the sum of the revisions' and the changes' deltas."""
        return CONTEXT.subtract(self.end_total, self.start_total)

    def __repr__(self) -> str:
        """One line: the round, how many changes and revisions, and the points they moved (current language)."""
        changes = ngettext("{n} change", "{n} changes", len(self.changes)).format(n=len(self.changes))
        revisions = ngettext("{n} revision", "{n} revisions", len(self.revisions)).format(n=len(self.revisions))
        return f"<RoundChanges {self.tier} #{self.round}: {changes}, {revisions}, {_points(self.delta)}>"

    def ranked(self) -> tuple[ItemChange, ...]:
        """Revisions and changes by the size of their effect, largest first."""
        return tuple(sorted((*self.revisions, *self.changes), key=lambda c: -abs(c.delta)))

    def _repr_html_(self) -> str | None:
        return html_of(self)


def _points(value: Decimal) -> str:
    """Points with their sign, in the language's symbols."""
    text = format_number(value)
    return "+" + text if value > 0 and text.strip("0.,") else text


def _plain(answer: Answer | None) -> str:
    if answer is None or answer.value is None:
        return "-"
    value = answer.value
    return ", ".join(f"{k}={v}" for k, v in value.items()) if hasattr(value, "items") else str(value)


@functools.cache
def _paths(rulebook: Rulebook) -> dict[str, tuple[tuple[str, NodeKind], ...]]:
    """For every item, the nodes above it: indicators (innermost first), area half and area when it has them."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IncompleteWorksheetWarning)
        card = score(Worksheet.blank(rulebook, assessor="unit"))
    area_of = {half.code: area.code for area in card.areas for half in area.children}
    paths: dict[str, tuple[tuple[str, NodeKind], ...]] = {}
    stack: list[tuple[Any, tuple[Any, ...]]] = [(card.total, ())]
    while stack:
        node, above = stack.pop()
        if node.kind is NodeKind.ITEM:
            chain: list[tuple[str, NodeKind]] = []
            for parent in reversed(above):
                if parent.kind is NodeKind.INDICATOR:
                    chain.append((parent.code, parent.kind))
                elif parent.kind is NodeKind.AREA_HALF:
                    chain += [(parent.code, parent.kind), (area_of[parent.code], NodeKind.AREA)]
            paths[node.code] = tuple(chain)
        stack.extend((child, (*above, node)) for child in node.children)
    return paths


def _card(worksheet: Worksheet) -> ScoreCard:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IncompleteWorksheetWarning)
        return score(worksheet)


def _effect(before: ScoreCard, after: ScoreCard, code: str) -> tuple[LevelDelta, ...]:
    item_before, item_after = before.item(code).value, after.item(code).value
    delta = CONTEXT.subtract(item_after, item_before)
    levels = [LevelDelta(code, NodeKind.ITEM, item_before, delta)]
    for node, kind in _paths(before.rulebook)[code]:
        levels.append(LevelDelta(node, kind, before.value(node), delta))
    levels.append(LevelDelta("total", NodeKind.TOTAL, before.value("total"), delta))
    return tuple(levels)


def round_changes(review: Review, tier: str, number: int | None = None) -> RoundChanges:
    """The changes of a tier's round (its last one by default) with their effects on the score.

    Revisions are measured from the round's start to its base; changes from the base to the round's worksheet.

    >>> from zona_integritas import examples
    >>> rc = round_changes(examples.kediri_review_2022(), "tpi")
    >>> [c.item for c in rc.revisions], [c.item for c in rc.changes]
    (['P3.iii.f'], ['P1.iv.b', 'P2.ii.b', 'P4.i.a', 'P5.i.b'])
    """
    rounds = review.rounds_of(tier)
    if not rounds:
        raise InvalidAnswerError(
            _("Tier {tier} has no round in the review of cycle {cycle}").format(tier=repr(tier), cycle=review.cycle),
            code="no-round",
        )
    chosen: Round = rounds[-1] if number is None else next((r for r in rounds if r.number == number), rounds[-1])
    if number is not None and chosen.number != number:
        raise InvalidAnswerError(
            _("Tier {tier} has no round {number}; it has {count}").format(
                tier=repr(tier), number=number, count=len(rounds)
            ),
            code="no-round",
        )
    start, base, end = _card(chosen.start), _card(chosen.base), _card(chosen.worksheet)
    revised: dict[str, Any] = {}
    for revision in chosen.revisions:
        for code, _answer in revision.answers:
            revised[code] = revision
    revisions = tuple(
        _change(
            review.rulebook,
            code,
            chosen,
            start,
            base,
            "revision",
            revised[code].note,
            revised[code].actor,
            revised[code].on,
            revised[code].tier,
        )
        for code in review.rulebook.item_codes
        if code in revised
    )
    changes = tuple(
        _change(review.rulebook, d.item, chosen, base, end, "change", d.note, d.reviewer, d.on, chosen.tier.name)
        for d in chosen.changes
    )
    return RoundChanges(chosen.tier.name, chosen.number, start.value("total"), end.value("total"), changes, revisions)


def _change(
    rulebook: Rulebook,
    code: str,
    rnd: Round,
    before: ScoreCard,
    after: ScoreCard,
    _what: str,
    note: str | None,
    by: str | None,
    on: Any,
    tier: str,
) -> ItemChange:
    item = rulebook.item(code)
    return ItemChange(
        ItemCode(code),
        item.label,
        item.source,
        tier,
        rnd.number,
        before.worksheet.answer(code),
        after.worksheet.answer(code),
        note,
        by,
        on,
        _effect(before, after, code),
    )


@attrs.frozen(repr=False)
class TierDiff:
    """Why tier ``to`` differs from tier ``from_``: every item answered differently, ranked by points, with
    the notes of the decisions and revisions made on it in between."""

    from_: str
    to: str
    from_total: Decimal
    to_total: Decimal
    changes: tuple[ItemChange, ...]

    @property
    def delta(self) -> Decimal:
        """The difference of the totals (the sum of the changes' deltas)."""
        return CONTEXT.subtract(self.to_total, self.from_total)

    def __repr__(self) -> str:
        """One line: the two tiers, how many items differ and the points between them (current language)."""
        changes = ngettext("{n} change", "{n} changes", len(self.changes)).format(n=len(self.changes))
        return f"<TierDiff {self.from_} \u2192 {self.to}: {changes}, {_points(self.delta)}>"

    def _repr_html_(self) -> str | None:
        return html_of(self)


def diff_tiers(review: Review, from_: str, to: str) -> TierDiff:
    """Tier ``to`` against tier ``from_``, ranked by points moved (largest first; rulebook order on ties).

    Built on :func:`~zona_integritas.portfolio.compare_assessors`, with the review's notes.

    >>> from zona_integritas import examples
    >>> diff = diff_tiers(examples.kediri_review_2022(), "unit", "tpi")
    >>> from zona_integritas.decimals import round_half_up
    >>> diff.changes[0].item, str(round_half_up(diff.delta))
    ('P4.i.a', '-1.21')
    """
    from .portfolio import compare_assessors

    a, b = review.tier_worksheet(from_), review.tier_worksheet(to)
    for name, ws in ((from_, a), (to, b)):
        if ws is None:
            raise InvalidAnswerError(
                _("Tier {tier} has not submitted a round in the review of cycle {cycle}").format(
                    tier=repr(name), cycle=review.cycle
                ),
                code="tier-not-submitted",
            )
    assert a is not None and b is not None
    comparison = compare_assessors(a, b)
    card_a, card_b = _card(a), _card(b)
    lo, hi = sorted((review.chain.index(from_), review.chain.index(to)))
    between = {t.name for t in review.chain.tiers[lo + 1 : hi + 1]}
    changes = []
    for diff in comparison.ranked():
        notes = _notes(review, diff.item, between)
        last = notes[-1] if notes else (None, None, None, to, 0)
        item = review.rulebook.item(diff.item)
        changes.append(
            ItemChange(
                ItemCode(diff.item),
                item.label,
                item.source,
                last[3],
                last[4],
                a.answer(diff.item),
                b.answer(diff.item),
                "; ".join(n[0] for n in notes if n[0]) or None,
                last[1],
                last[2],
                _effect(card_a, card_b, diff.item),
            )
        )
    return TierDiff(from_, to, card_a.value("total"), card_b.value("total"), tuple(changes))


def _notes(review: Review, code: str, tiers: set[str]) -> list[tuple[str | None, str | None, Any, str, int]]:
    out: list[tuple[str | None, str | None, Any, str, int]] = []
    for rnd in review.rounds:
        for revision in rnd.revisions:
            if any(c == code for c, _answer in revision.answers) and rnd.tier.name in tiers:
                out.append((revision.note, revision.actor, revision.on, revision.tier, rnd.number))
        if rnd.tier.name in tiers and rnd.status is RoundStatus.SUBMITTED:
            decision = rnd.current.get(code)
            if decision is not None and decision.decision is Decision.CHANGE:
                out.append((decision.note, decision.reviewer, decision.on, rnd.tier.name, rnd.number))
    return out


@attrs.frozen
class TierStatus:
    """One tier's figures for ``review status``. ``status`` is a machine identifier (``open``, ``returned``,
    ``submitted``, ``not started``); :meth:`status_label` is what people read."""

    role: str
    tier: str
    rounds: int
    reviewed: int
    unreviewed: int
    changed: int
    awaiting_evidence: int
    total: int
    revisions: int
    score: Decimal | None
    status: str
    without_evidence: int = 0

    def status_label(self, *, language: str | None = None) -> str:
        """The status in words of the language (``belum dimulai`` / ``not started``)."""
        return status_label(self.status, language=language)


def _without_evidence(review: Review, worksheet: Worksheet | None) -> int:
    if worksheet is None:
        return 0
    documented = {e.item for e in review.evidence}
    return sum(
        1
        for code, answer in worksheet.answers.items()
        if answer.value is not None and not answer.evidence and code not in documented
    )


def review_status(review: Review) -> tuple[TierStatus, ...]:
    """Per tier: reviewed, unreviewed and changed items of its last round, revisions, its score and the
    items its worksheet answers without any evidence.

    >>> from zona_integritas import examples
    >>> [(s.tier, s.reviewed, s.changed, s.status) for s in review_status(examples.kediri_review_2022())][:2]
    [('unit', 0, 0, 'submitted'), ('tpi', 113, 4, 'submitted')]
    """
    out = []
    for tier in review.chain.tiers:
        ws = review.tier_worksheet(tier.name)
        total_score = _card(ws).value("total") if ws is not None else None
        rounds = review.rounds_of(tier.name)
        if tier is review.chain.unit_tier:
            n = len(review.rulebook.items)
            missing = _without_evidence(review, ws)
            out.append(TierStatus(tier.role.value, tier.name, 0, 0, 0, 0, 0, n, 0, total_score, "submitted", missing))
            continue
        if not rounds:
            out.append(TierStatus(tier.role.value, tier.name, 0, 0, 0, 0, 0, 0, 0, None, "not started"))
            continue
        last = rounds[-1]
        out.append(
            TierStatus(
                tier.role.value,
                tier.name,
                len(rounds),
                len(last.reviewed),
                len(last.unreviewed),
                len(last.changes),
                len(last.awaiting_evidence),
                len(last.scope),
                sum(r.revision_count for r in rounds),
                total_score if ws is not None else _card(last.worksheet).value("total"),
                last.status.value,
                _without_evidence(review, ws if ws is not None else last.worksheet),
            )
        )
    return tuple(out)


def iter_changes(review: Review) -> Iterator[ItemChange]:
    """Every change and revision of every round, in order (for documents that list what each tier changed).

    >>> from zona_integritas import examples
    >>> [(c.tier, c.item) for c in iter_changes(examples.kediri_review_2022())][:2]
    [('unit', 'P3.iii.f'), ('tpi', 'P1.iv.b')]
    """
    for rnd in review.rounds:
        rc = round_changes(review, rnd.tier.name, rnd.number)
        yield from rc.revisions
        yield from rc.changes
