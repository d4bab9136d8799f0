"""The reviews of a unit's journey by cycle, and the rules that tie them to the journey's events.

The journey holds a :class:`ReviewLedger` in its state: review events go through it (with the review's own
guards), internal tiers open before the cycle's proposal and TPN tiers after it, a ``TpiAssessed`` must carry
the last TPI tier's submitted worksheet and a ``FieldEvaluated`` the TPN field round's answers.

>>> from zona_integritas import examples
>>> ledger = examples.kediri_journey_with_review().state().reviews
>>> ledger.get(2022).last_submitted_tier.name, ledger.get(2020)
('tpi', None)
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from .i18n import gettext as _
from .review import Review, advance
from .review import refuse as _refuse
from .review_chain import TierRole
from .review_events import ReviewEvent, ReviewStarted, RoundOpened
from .rulebook import Rulebook
from .worksheet import Worksheet

__all__ = ["ReviewLedger"]


@attrs.frozen(eq=False)
class ReviewLedger:
    """The reviews of a unit's journey by cycle (held in the journey's state)."""

    reviews: Mapping[int, Review] = attrs.field(factory=dict)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ReviewLedger):
            return NotImplemented
        return dict(self.reviews) == dict(other.reviews)

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.reviews.items())))

    def get(self, cycle: int) -> Review | None:
        """The review of ``cycle``, if one started."""
        return self.reviews.get(cycle)

    def applied(self, event: ReviewEvent, rulebook: Rulebook, *, proposed: bool = False) -> ReviewLedger:
        """The ledger after ``event``; raises :class:`TransitionError` when it is refused.

        ``proposed`` says whether the journey proposed the cycle: TPN tiers open only after the proposal,
        internal tiers only before it.
        """
        review = self.reviews.get(event.cycle)
        if isinstance(event, RoundOpened) and review is not None:
            role = review.chain.tier(event.tier).role if _known_tier(review, event.tier) else None
            if role in (TierRole.TPN_DESK, TierRole.TPN_FIELD) and not proposed:
                raise _refuse(
                    review,
                    event,
                    _("TPN reviews a unit only after it was proposed in cycle {cycle}").format(cycle=event.cycle),
                )
            if role in (TierRole.PENDAHULUAN, TierRole.TPI) and proposed:
                raise _refuse(
                    review,
                    event,
                    _("cycle {cycle} was already proposed; internal rounds are closed").format(cycle=event.cycle),
                )
        return ReviewLedger({**self.reviews, event.cycle: advance(review, event, rulebook)})

    def replayed(self, event: ReviewEvent) -> ReviewLedger:
        """The ledger after an event that was accepted before (the journey's fold by date): the review's own
        rules apply, with the rulebook of the review."""
        review = self.reviews.get(event.cycle)
        if review is not None:
            rulebook = review.rulebook
        elif isinstance(event, ReviewStarted):
            rulebook = event.worksheet.rulebook
        else:
            raise _refuse(None, event, _("no review has started for cycle {cycle}").format(cycle=event.cycle))
        return ReviewLedger({**self.reviews, event.cycle: advance(review, event, rulebook)})

    def assessment_refusal(self, cycle: int, worksheet: Worksheet) -> str | None:
        """Why a ``TpiAssessed`` of ``cycle`` with ``worksheet`` contradicts the review, or ``None``."""
        review = self.reviews.get(cycle)
        if review is None:
            return None
        tpi = review.tpi_worksheet
        if tpi is None or review.chain.index(review.last_submitted_tier.name) < review.chain.index(
            review.chain.last_tpi_tier.name
        ):
            return _("the review of cycle {cycle} has not submitted its last TPI tier ({tier})").format(
                cycle=cycle, tier=repr(review.chain.last_tpi_tier.name)
            )
        if worksheet != tpi:
            return _("the worksheet differs from the one the last TPI tier ({tier}) submitted").format(
                tier=repr(review.chain.last_tpi_tier.name)
            )
        return None

    def field_refusal(self, cycle: int, tpi: Worksheet | None, field: Worksheet) -> str | None:
        """Why a ``FieldEvaluated`` worksheet contradicts the review's TPN field round, or ``None``."""
        review = self.reviews.get(cycle)
        tiers = review.chain.tiers_with(TierRole.TPN_FIELD) if review is not None else ()
        result = review.tier_worksheet(tiers[-1].name) if review is not None and tiers else None
        if result is None or tpi is None:
            return None
        if dict(tpi.overlaid(field).item_values) != dict(result.item_values):
            return _("the field answers differ from the ones the TPN field round ({tier}) submitted").format(
                tier=repr(tiers[-1].name)
            )
        return None


def _known_tier(review: Review, name: str) -> bool:
    return any(t.name == name for t in review.chain.tiers)
