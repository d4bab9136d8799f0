"""Review rounds: the unit's LKE reviewed tier by tier, item by item, as a fold over review events.

A :class:`Review` (one unit, one cycle) starts from the unit's self-assessment. Each tier of its
:class:`~zona_integritas.review_chain.ReviewChain` opens a round that starts from the previous tier's
submitted worksheet, decides items (agree, change with a note, ask for evidence), may return the round to an
earlier tier with the items to revise, and submits. Every round's worksheet is an ordinary
:class:`~zona_integritas.worksheet.Worksheet`. Guards: no decision outside the round's scope, no change
without a note, no submission with unreviewed items unless accepted explicitly. A refused event raises
:class:`~zona_integritas.errors.TransitionError` and leaves the review unchanged.

>>> import zona_integritas as zi
>>> from zona_integritas.review_chain import load_chain
>>> rb = zi.load_rulebook("permenpanrb-90-2021")
>>> unit = zi.Worksheet.from_answers(rb, {"P1.i.a": "Ya", "P1.i.b": "A"}, assessor="unit")
>>> r = Review.start(load_chain("pemda-90-2021"), unit, cycle=2022, on="2022-03-01", actor="DPM PTSP")
>>> r = r.open("tpi", on="2022-03-02", scope=["P1.i.a", "P1.i.b"])
>>> r = r.agree("P1.i.a", on="2022-03-03", actor="Auditor A")
>>> r = r.change("P1.i.b", "B", note="SK tim tanpa uraian tugas", on="2022-03-03", actor="Auditor A")
>>> r = r.submit(on="2022-03-04", actor="Ketua TPI")
>>> r.tier_worksheet("tpi").to_answers()
{'P1.i.a': 'Ya', 'P1.i.b': {'answer': 'B', 'note': 'SK tim tanpa uraian tugas', 'evidence': None}}
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ._reprs import html_of
from .errors import InvalidAnswerError, TransitionError
from .events import TpiAssessed, kind_label
from .events import as_date as _date
from .i18n import format_date, ngettext
from .i18n import gettext as _
from .review_chain import ReviewChain, Tier, TierRole
from .review_events import (
    Decision,
    EvidenceAdded,
    ItemReviewed,
    ItemsRevised,
    ReviewEvent,
    ReviewStarted,
    RoundOpened,
    RoundReturned,
    RoundSubmitted,
)
from .review_round import EvidenceRef, ItemDecision, ReturnRequest, Revision, Round, RoundStatus
from .rulebook import ItemCode, Rulebook
from .worksheet import Answer, Worksheet, validate_answer

__all__ = ["Review", "advance"]


def _refuse(review: Review | None, event: ReviewEvent, reason: str, *, code: str | None = None) -> TransitionError:
    message = _("{event} on {date} refused: {reason}").format(
        event=kind_label(event.kind), date=format_date(event.on), reason=reason
    )
    return TransitionError(message, state=review, event=event, allowed=(), code=code)


@attrs.frozen(eq=False)
class Review:
    """The review of one unit's LKE in one cycle: the chain, the unit's self-assessment and every round.

    Build it with :meth:`start` or :meth:`replay`; every change returns a new review.
    """

    cycle: int
    chain: ReviewChain
    unit_worksheet: Worksheet = attrs.field(repr=False)
    started_on: dt.date
    rounds: tuple[Round, ...] = ()
    evidence: tuple[EvidenceRef, ...] = ()
    events: tuple[ReviewEvent, ...] = attrs.field(default=(), repr=False)

    # -- building ------------------------------------------------------------------------------------------
    @classmethod
    def start(
        cls,
        chain: ReviewChain,
        unit: Worksheet,
        *,
        cycle: int,
        on: Any,
        actor: str | None = None,
        note: str | None = None,
    ) -> Review:
        """A review from the unit's self-assessment (a worksheet of assessor ``unit``)."""
        event = ReviewStarted(on, cycle=cycle, chain=chain, worksheet=unit, actor=actor, note=note)
        return Review.replay([event], rulebook=unit.rulebook)

    @classmethod
    def replay(cls, events: Iterable[ReviewEvent], *, rulebook: Rulebook) -> Review:
        """The review the events describe; the first must be :class:`ReviewStarted`."""
        review: Review | None = None
        for event in events:
            review = advance(review, event, rulebook)
        if review is None:
            raise InvalidAnswerError(_("A review needs at least its ReviewStarted event"), code="review-not-started")
        return review

    def record(self, *events: ReviewEvent) -> Review:
        """The review after ``events`` (all or none: a refused event raises and nothing changes)."""
        review = self
        for event in events:
            review = advance(review, event, self.rulebook)
        return review

    # helpers that build the event for the open round's tier
    def open(
        self, tier: str, *, on: Any, scope: Iterable[str] = (), actor: str | None = None, note: str | None = None
    ) -> Review:
        """Open a round of ``tier`` (the next tier, or the last submitted one to re-check ``scope`` only)."""
        return self.record(RoundOpened(on, cycle=self.cycle, tier=tier, scope=tuple(scope), actor=actor, note=note))

    def _decide(
        self, item: str, decision: Decision, answer: Any, note: str | None, on: Any, actor: str | None
    ) -> Review:
        tier = self._open_tier(on)
        return self.record(
            ItemReviewed(
                on, cycle=self.cycle, tier=tier, item=item, decision=decision, answer=answer, note=note, actor=actor
            )
        )

    def agree(self, item: str, *, on: Any, actor: str | None = None, note: str | None = None) -> Review:
        """The open round agrees with the answer to ``item``."""
        return self._decide(item, Decision.AGREE, None, note, on, actor)

    def change(self, item: str, answer: Any, *, note: str, on: Any, actor: str | None = None) -> Review:
        """The open round changes the answer to ``item``; the note (why) is mandatory."""
        return self._decide(item, Decision.CHANGE, answer, note, on, actor)

    def ask_evidence(self, item: str, *, on: Any, actor: str | None = None, note: str | None = None) -> Review:
        """The open round asks for evidence on ``item`` (it stays pending until decided again)."""
        return self._decide(item, Decision.ASK_EVIDENCE, None, note, on, actor)

    def return_to(
        self, to: str, items: Iterable[str], *, on: Any, actor: str | None = None, note: str | None = None
    ) -> Review:
        """Return the open round to tier ``to`` (the unit or an earlier tier) with the items to revise."""
        tier = self._open_tier(on)
        return self.record(
            RoundReturned(on, cycle=self.cycle, tier=tier, to=to, items=tuple(items), actor=actor, note=note)
        )

    def revise(
        self, answers: Mapping[str, Any], *, on: Any, actor: str | None = None, note: str | None = None
    ) -> Review:
        """The tier the open round was returned to sends revised answers."""
        current = self.current_round
        ret = current.pending_return if current is not None else None
        tier = ret.to if ret is not None else self.chain.unit_tier.name
        return self.record(ItemsRevised(on, cycle=self.cycle, tier=tier, answers=dict(answers), actor=actor, note=note))

    def add_evidence(
        self,
        item: str,
        *,
        on: Any,
        tier: str | None = None,
        file_name: str | None = None,
        url: str | None = None,
        digest: str | None = None,
        requirement: str | None = None,
        actor: str | None = None,
    ) -> Review:
        """Add an evidence reference to ``item`` (by default from the unit)."""
        return self.record(
            EvidenceAdded(
                on,
                cycle=self.cycle,
                tier=tier or self.chain.unit_tier.name,
                item=item,
                file_name=file_name,
                url=url,
                digest=digest,
                requirement=requirement,
                actor=actor,
            )
        )

    def submit(
        self, *, on: Any, accept_unreviewed: bool = False, actor: str | None = None, note: str | None = None
    ) -> Review:
        """Submit the open round (``accept_unreviewed=True`` allows unreviewed or pending items)."""
        tier = self._open_tier(on)
        return self.record(
            RoundSubmitted(on, cycle=self.cycle, tier=tier, accept_unreviewed=accept_unreviewed, actor=actor, note=note)
        )

    def _open_tier(self, on: Any) -> str:
        current = self.current_round
        if current is None:
            raise TransitionError(
                _("No round is open in the review of cycle {cycle} ({date})").format(
                    cycle=self.cycle, date=format_date(_date(on))
                ),
                state=self,
                code="no-open-round",
            )
        return current.tier.name

    # -- reading -------------------------------------------------------------------------------------------
    @property
    def rulebook(self) -> Rulebook:
        """The rulebook of every worksheet of the review."""
        return self.unit_worksheet.rulebook

    @property
    def current_round(self) -> Round | None:
        """The round that is open or returned, if any."""
        return self.rounds[-1] if self.rounds and self.rounds[-1].status is not RoundStatus.SUBMITTED else None

    def rounds_of(self, tier: str) -> tuple[Round, ...]:
        """Every round of ``tier``, in order."""
        self.chain.tier(tier)
        return tuple(r for r in self.rounds if r.tier.name == tier)

    def tier_worksheet(self, tier: str) -> Worksheet | None:
        """The result of ``tier``: the unit's self-assessment as submitted, or the worksheet of the tier's last
        submitted round (``None`` before it submits). Revisions sent back to a returned round live in that
        round's :attr:`Round.base`."""
        if self.chain.tier(tier).role is TierRole.UNIT:
            return self.unit_worksheet
        done = [r for r in self.rounds_of(tier) if r.status is RoundStatus.SUBMITTED]
        return done[-1].worksheet if done else None

    @property
    def last_submitted_tier(self) -> Tier:
        """The furthest tier with a submitted result (the unit before any round is submitted)."""
        done = [r for r in self.rounds if r.status is RoundStatus.SUBMITTED]
        return done[-1].tier if done else self.chain.unit_tier

    @property
    def final_worksheet(self) -> Worksheet:
        """The furthest tier's submitted worksheet (the unit's self-assessment before any round)."""
        worksheet = self.tier_worksheet(self.last_submitted_tier.name)
        assert worksheet is not None
        return worksheet

    @property
    def tpi_worksheet(self) -> Worksheet | None:
        """The last TPI tier's submitted worksheet (what the journey's ``TpiAssessed`` carries)."""
        return self.tier_worksheet(self.chain.last_tpi_tier.name)

    def tpi_assessed(self, *, on: Any, target: Any, actor: str | None = None, note: str | None = None) -> TpiAssessed:
        """The journey's ``TpiAssessed`` event for this cycle: it carries the last TPI tier's submitted worksheet.

        >>> from zona_integritas import examples
        >>> event = examples.kediri_review_2022().tpi_assessed(on="18 April 2022", target="WBK")
        >>> event.cycle, event.worksheet.assessor.value
        (2022, 'tpi')
        """
        worksheet = self.tpi_worksheet
        if worksheet is None:
            last = self.chain.last_tpi_tier.name
            raise TransitionError(
                _("The last TPI tier ({tier}) of the review of {cycle} has not submitted").format(
                    tier=repr(last), cycle=self.cycle
                ),
                state=self,
                code="tpi-not-submitted",
            )
        return TpiAssessed(on, cycle=self.cycle, target=target, worksheet=worksheet, actor=actor, note=note)

    def evidence_for(self, item: str) -> tuple[EvidenceRef, ...]:
        """The evidence references of ``item``, in the order they were added."""
        self.rulebook.item(item)
        return tuple(e for e in self.evidence if e.item == item)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Review):
            return NotImplemented
        return self.events == other.events

    def __hash__(self) -> int:
        return hash(self.events)

    def __repr__(self) -> str:
        """One line: the chain, the cycle, the rounds and the furthest submitted tier (in the current language)."""
        rounds = ngettext("{n} round", "{n} rounds", len(self.rounds)).format(n=len(self.rounds))
        at = _("submitted up to {tier}").format(tier=self.last_submitted_tier.name)
        return f"<Review {self.chain.id} {self.cycle}: {rounds}, {at}>"

    def _repr_html_(self) -> str | None:
        return html_of(self)


# -- the fold ---------------------------------------------------------------------------------------------------
def _check_items(codes: Iterable[str], rulebook: Rulebook) -> str | None:
    unknown = [c for c in codes if not rulebook.has_item(c)]
    if not unknown:
        return None
    return ngettext(
        "rulebook {rulebook} has no item {items}", "rulebook {rulebook} has no items {items}", len(unknown)
    ).format(rulebook=repr(rulebook.id), items=", ".join(map(repr, unknown)))


def _answer(rulebook: Rulebook, code: str, raw: Any, note: str | None, evidence: str | None = None) -> Answer | str:
    try:
        return Answer(validate_answer(rulebook.item(code), raw), note, evidence)
    except InvalidAnswerError as exc:
        return str(exc)


def advance(review: Review | None, event: ReviewEvent, rulebook: Rulebook) -> Review:
    """The review after ``event``, or :class:`TransitionError` naming why it is refused (pure).

    >>> import datetime as dt
    >>> from zona_integritas.review_events import RoundOpened
    >>> advance(None, RoundOpened(dt.date(2022, 3, 1), cycle=2022, tier="tpi"), None)
    Traceback (most recent call last):
    ...
    zona_integritas.errors.TransitionError: opening of a review round on 1 March 2022 refused: no review has ...
    """
    if not isinstance(event, ReviewEvent):
        raise InvalidAnswerError(
            _("A review event is expected; got {value}").format(value=repr(event)), code="not-a-review-event"
        )
    if isinstance(event, ReviewStarted):
        if review is not None:
            raise _refuse(review, event, _("the review of cycle {cycle} has already started").format(cycle=event.cycle))
        ws = event.worksheet
        if ws.rulebook != rulebook:
            raise _refuse(
                None,
                event,
                _("the worksheet uses rulebook {used}, the unit {expected}").format(
                    used=repr(ws.rulebook.id), expected=repr(rulebook.id)
                ),
            )
        if ws.assessor is not event.chain.unit_tier.assessor:
            raise _refuse(
                None,
                event,
                _("the self-assessment is a worksheet of the unit, not of {assessor}").format(
                    assessor=ws.assessor.value
                ),
            )
        return Review(event.cycle, event.chain, ws, event.on, events=(event,))
    if review is None:
        raise _refuse(
            None,
            event,
            _("no review has started for cycle {cycle}").format(cycle=event.cycle),
            code="review-not-started",
        )
    if event.on < review.events[-1].on:
        raise _refuse(
            review,
            event,
            _("it is dated before the last review event ({date})").format(date=format_date(review.events[-1].on)),
            code="out-of-date-order",
        )
    try:
        tier = review.chain.tier(event.tier)  # type: ignore[attr-defined]
    except LookupError as exc:
        raise _refuse(review, event, str(exc)) from None
    step = _STEPS[type(event)]
    changes = step(review, event, tier, rulebook)
    return attrs.evolve(review, events=(*review.events, event), **changes)


def _open_round(review: Review, event: Any, tier: Tier) -> Round:
    current = review.current_round
    if current is None or current.tier.name != tier.name:
        raise _refuse(review, event, _("tier {tier} has no open round").format(tier=repr(tier.name)))
    return current


def _replace_last(review: Review, new: Round) -> dict[str, Any]:
    return {"rounds": (*review.rounds[:-1], new)}


def _opened(review: Review, event: RoundOpened, tier: Tier, rulebook: Rulebook) -> dict[str, Any]:
    if review.current_round is not None:
        raise _refuse(
            review,
            event,
            _("the round of {tier} is still {status}").format(
                tier=repr(review.current_round.tier.name), status=review.current_round.status.label()
            ),
        )
    if tier.role is TierRole.UNIT:
        raise _refuse(review, event, _("the unit does not review itself; it revises when a round is returned to it"))
    last = review.last_submitted_tier
    chain = review.chain
    recheck = tier.name == last.name
    if not recheck and chain.index(tier.name) != chain.index(last.name) + 1:
        nxt = chain.tiers[chain.index(last.name) + 1].name if chain.index(last.name) + 1 < len(chain.tiers) else None
        raise _refuse(
            review,
            event,
            _("the next tier is {next} (or {last} re-checking some items), not {tier}").format(
                next=repr(nxt), last=repr(last.name), tier=repr(tier.name)
            ),
            code="wrong-tier",
        )
    if recheck and not event.scope:
        raise _refuse(
            review,
            event,
            _("a second round of {tier} re-checks named items only (give a scope)").format(tier=repr(tier.name)),
        )
    problem = _check_items(event.scope, rulebook)
    if problem:
        raise _refuse(review, event, problem, code="unknown-item")
    if len(set(event.scope)) != len(event.scope):
        raise _refuse(review, event, _("the scope names an item twice"))
    start = review.tier_worksheet(last.name)
    assert start is not None
    scope = tuple(c for c in rulebook.item_codes if c in set(event.scope)) if event.scope else rulebook.item_codes
    number = len(review.rounds_of(tier.name)) + 1
    new = Round(tier, number, start.with_assessor(tier.assessor), scope, event.on)
    return {"rounds": (*review.rounds, new)}


def _reviewed(review: Review, event: ItemReviewed, tier: Tier, rulebook: Rulebook) -> dict[str, Any]:
    current = _open_round(review, event, tier)
    if current.status is not RoundStatus.OPEN:
        raise _refuse(
            review,
            event,
            _("the round of {tier} was returned to {to}").format(tier=repr(tier.name), to=repr(current.returns[-1].to)),
        )
    if not rulebook.has_item(event.item):
        raise _refuse(review, event, _check_items([event.item], rulebook) or "", code="unknown-item")
    if event.item not in current.scope:
        raise _refuse(
            review,
            event,
            _("item {item} is outside the scope of this round of {tier}").format(
                item=repr(event.item), tier=repr(tier.name)
            ),
            code="item-outside-scope",
        )
    answer: Answer | None = None
    if event.decision is Decision.CHANGE:
        before = current.base.answer(event.item)
        checked = _answer(rulebook, event.item, event.answer, event.note, before.evidence if before else None)
        if isinstance(checked, str):
            raise _refuse(review, event, checked, code="invalid-answer")
        answer = checked
    decision = ItemDecision(
        ItemCode(event.item), event.decision, answer, event.note, event.actor, event.on, tier.name, current.number
    )
    new = attrs.evolve(
        current, decisions=(*current.decisions, decision), current={**current.current, event.item: decision}, cache={}
    )
    return _replace_last(review, new)


def _returned(review: Review, event: RoundReturned, tier: Tier, rulebook: Rulebook) -> dict[str, Any]:
    current = _open_round(review, event, tier)
    if current.status is not RoundStatus.OPEN:
        raise _refuse(review, event, _("the round of {tier} is already returned").format(tier=repr(tier.name)))
    chain = review.chain
    try:
        to_index = chain.index(event.to)
    except LookupError as exc:
        raise _refuse(review, event, str(exc)) from None
    if to_index >= chain.index(tier.name):
        raise _refuse(
            review,
            event,
            _("a round goes back to an earlier tier, and {to} is not before {tier}").format(
                to=repr(event.to), tier=repr(tier.name)
            ),
        )
    if not event.items:
        raise _refuse(review, event, _("name the items to revise"))
    problem = _check_items(event.items, rulebook)
    outside = [c for c in event.items if rulebook.has_item(c) and c not in current.scope]
    if problem or outside:
        raise _refuse(
            review,
            event,
            problem or _("items {items} are outside the round's scope").format(items=", ".join(outside)),
        )
    ret = ReturnRequest(event.on, event.to, tuple(ItemCode(c) for c in event.items), event.note, event.actor)
    return _replace_last(review, attrs.evolve(current, status=RoundStatus.RETURNED, returns=(*current.returns, ret)))


def _revised(review: Review, event: ItemsRevised, tier: Tier, rulebook: Rulebook) -> dict[str, Any]:
    current = review.current_round
    ret = current.pending_return if current is not None else None
    if current is None or ret is None:
        raise _refuse(review, event, _("no round is waiting for a revision"))
    if tier.name != ret.to:
        raise _refuse(
            review,
            event,
            _("the round of {tier} was returned to {to}, not {other}").format(
                tier=repr(current.tier.name), to=repr(ret.to), other=repr(tier.name)
            ),
        )
    if not event.answers:
        raise _refuse(review, event, _("a revision sends at least one answer"))
    extra = [c for c in event.answers if c not in ret.items]
    if extra:
        raise _refuse(
            review,
            event,
            _("items {items} were not asked to be revised (asked: {asked})").format(
                items=", ".join(extra), asked=", ".join(ret.items)
            ),
        )
    answers: list[tuple[ItemCode, Answer]] = []
    for code, raw in event.answers.items():
        before = current.base.answer(code)
        checked = _answer(rulebook, code, raw, event.note, before.evidence if before else None)
        if isinstance(checked, str):
            raise _refuse(review, event, checked, code="invalid-answer")
        answers.append((ItemCode(code), checked))
    revision = Revision(event.on, tier.name, tuple(answers), event.note, event.actor)
    kept = {c: d for c, d in current.current.items() if c not in ret.items}
    new = attrs.evolve(
        current, status=RoundStatus.OPEN, revisions=(*current.revisions, revision), current=kept, cache={}
    )
    return _replace_last(review, new)


def _evidence(review: Review, event: EvidenceAdded, tier: Tier, rulebook: Rulebook) -> dict[str, Any]:
    problem = _check_items([event.item], rulebook)
    if problem:
        raise _refuse(review, event, problem)
    rounds = review.rounds_of(tier.name)
    if tier.role is not TierRole.UNIT and not rounds:
        raise _refuse(review, event, _("tier {tier} has not opened a round yet").format(tier=repr(tier.name)))
    ref = EvidenceRef(
        ItemCode(event.item),
        event.file_name,
        event.url,
        event.digest,
        event.actor,
        event.on,
        tier.name,
        rounds[-1].number if rounds else 0,
        event.requirement,
    )
    return {"evidence": (*review.evidence, ref)}


def _submitted(review: Review, event: RoundSubmitted, tier: Tier, rulebook: Rulebook) -> dict[str, Any]:
    current = _open_round(review, event, tier)
    if current.status is not RoundStatus.OPEN:
        raise _refuse(
            review,
            event,
            _("the round of {tier} is waiting for a revision from {to}").format(
                tier=repr(tier.name), to=repr(current.returns[-1].to)
            ),
        )
    pending = current.unreviewed + current.awaiting_evidence
    if pending and not event.accept_unreviewed:
        shown = ", ".join(pending[:5]) + (", ..." if len(pending) > 5 else "")
        raise _refuse(
            review,
            event,
            ngettext(
                "{n} item is unreviewed or waiting for evidence ({items}); "
                "review it or submit with accept_unreviewed=True",
                "{n} items are unreviewed or waiting for evidence ({items}); "
                "review them or submit with accept_unreviewed=True",
                len(pending),
            ).format(n=len(pending), items=shown),
            code="items-unreviewed",
        )
    done = attrs.evolve(current, status=RoundStatus.SUBMITTED, submitted_on=event.on, accepted_unreviewed=pending)
    return _replace_last(review, done)


_STEPS: dict[type, Any] = {
    RoundOpened: _opened,
    ItemReviewed: _reviewed,
    RoundReturned: _returned,
    ItemsRevised: _revised,
    EvidenceAdded: _evidence,
    RoundSubmitted: _submitted,
}


#: The refusal every review guard raises (the ledger uses it too).
refuse = _refuse
