"""The events of a review: the unit's self-assessment, rounds per tier, item decisions, returns, revisions,
evidence and submissions. They live in the unit's hash-chained history beside the journey's events.

Events are data only; :mod:`zona_integritas.review` folds them into rounds and holds the guards.

>>> import datetime as dt
>>> e = ItemReviewed(dt.date(2022, 3, 2), cycle=2022, tier="tpi", item="P1.i.b", decision="change",
...                  answer="B", note="SK tim belum memuat uraian tugas", actor="Auditor A")
>>> e.decision, e.describe(language="id"), e.describe(language="en")
(<Decision.CHANGE: 'change'>, 'tpi: P1.i.b diubah menjadi B', 'tpi: P1.i.b changed to B')
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, ClassVar

import attrs

from .errors import InvalidAnswerError
from .events import EVENT_TYPES, Event
from .events import as_cycle as _cycle
from .i18n import N_, ngettext, use_language
from .i18n import gettext as _
from .review_chain import ReviewChain
from .worksheet import Counts, Worksheet

__all__ = [
    "REVIEW_EVENT_TYPES",
    "Decision",
    "EvidenceAdded",
    "ItemReviewed",
    "ItemsRevised",
    "ReviewEvent",
    "ReviewStarted",
    "RoundOpened",
    "RoundReturned",
    "RoundSubmitted",
]


class Decision(enum.Enum):
    """A reviewer's decision on one item."""

    AGREE = "agree"  #: the answer stands
    CHANGE = "change"  #: a new answer, with a mandatory note
    ASK_EVIDENCE = "ask_evidence"  #: the answer waits for evidence (bukti dukung)

    def label(self, *, language: str | None = None) -> str:
        """The decision in words of the language.

        >>> Decision.AGREE.label(language="id"), Decision.ASK_EVIDENCE.label(language="en")
        ('disetujui', 'evidence asked')
        """
        with use_language(language):
            return _(_DECISIONS[self])


_DECISIONS = {
    Decision.AGREE: N_("agreed"),
    Decision.CHANGE: N_("changed"),
    Decision.ASK_EVIDENCE: N_("evidence asked"),
}


def plain_answer(value: Any) -> Any:
    """An answer in plain JSON form: option keys and numbers as text, counts as a dict of whole numbers.

    >>> plain_answer(Decimal("3.62")), plain_answer({"targets": 8, "met": 6}), plain_answer(None)
    ('3.62', {'targets': 8, 'met': 6}, None)
    """
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise _not_an_answer(value)
    if isinstance(value, Decimal | int | float):
        return str(value)
    if isinstance(value, Counts | Mapping):
        return {str(k): v for k, v in value.items()}
    raise _not_an_answer(value)


def _not_an_answer(value: Any) -> InvalidAnswerError:
    return InvalidAnswerError(
        _("An answer is an option, a number or counts; got {value}").format(value=repr(value)), code="not-an-answer"
    )


def _items(value: Any) -> tuple[str, ...]:
    if isinstance(value, str) or not all(isinstance(v, str) for v in value):
        raise InvalidAnswerError(
            _("Items are a list of item codes; got {value}").format(value=repr(value)), code="not-item-codes"
        )
    return tuple(value)


def _answers(value: Any) -> dict[str, Any]:
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        raise InvalidAnswerError(
            _("Revised answers are a mapping of item code to answer; got {value}").format(value=repr(value)),
            code="not-answers",
        )
    return {k: plain_answer(v) for k, v in value.items()}


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidAnswerError(_("A text is expected; got {value}").format(value=repr(value)), code="not-text")
    return value.strip() or None


@attrs.frozen(kw_only=True)
class ReviewEvent(Event):
    """Base of the review events: the cycle (evaluation year) the review belongs to."""

    kind: ClassVar[str] = "review"
    title: ClassVar[str] = N_("review event")
    cycle: int = attrs.field(converter=_cycle)
    note: str | None = attrs.field(default=None, converter=_text)


@attrs.frozen(kw_only=True)
class ReviewStarted(ReviewEvent):
    """The unit submits its self-assessment (the unit tier's worksheet) and names the review chain."""

    kind: ClassVar[str] = "review_started"
    title: ClassVar[str] = N_("start of the review")
    chain: ReviewChain
    worksheet: Worksheet = attrs.field(repr=False)

    def _describe(self) -> str:
        done, total = self.worksheet.completeness
        return _("unit self-assessment submitted ({done}/{total} items), review chain {chain}").format(
            done=done, total=total, chain=self.chain.id
        )


@attrs.frozen(kw_only=True)
class RoundOpened(ReviewEvent):
    """A tier opens a review round; ``scope`` limits it to some items (empty: every item)."""

    kind: ClassVar[str] = "round_opened"
    title: ClassVar[str] = N_("opening of a review round")
    tier: str
    scope: tuple[str, ...] = attrs.field(default=(), converter=_items)

    def _describe(self) -> str:
        if self.scope:
            n = len(self.scope)
            return ngettext(
                "{tier}: review round opened ({n} item)", "{tier}: review round opened ({n} items)", n
            ).format(tier=self.tier, n=n)
        return _("{tier}: review round opened (every item)").format(tier=self.tier)


@attrs.frozen(kw_only=True)
class ItemReviewed(ReviewEvent):
    """A reviewer's decision on one item: agree, change (new answer and a note), or ask for evidence."""

    kind: ClassVar[str] = "item_reviewed"
    title: ClassVar[str] = N_("review of an item")
    tier: str
    item: str
    decision: Decision = attrs.field(converter=Decision)
    answer: Any = attrs.field(default=None, converter=plain_answer, hash=False)  # counts are a dict

    def __attrs_post_init__(self) -> None:
        if self.decision is Decision.CHANGE and (self.answer is None or self.note is None):
            raise InvalidAnswerError(
                _("Changing item {item} needs the new answer and a note saying why").format(item=repr(self.item)),
                code="change-without-note",
            )
        if self.decision is not Decision.CHANGE and self.answer is not None:
            raise InvalidAnswerError(
                _("Only a change carries an answer; the decision {decision} on {item} has one").format(
                    decision=self.decision.label(), item=repr(self.item)
                ),
                code="answer-without-change",
            )

    def _describe(self) -> str:
        if self.decision is Decision.CHANGE:
            shown = (
                self.answer
                if not isinstance(self.answer, dict)
                else ", ".join(f"{k}={v}" for k, v in self.answer.items())
            )
            return _("{tier}: {item} changed to {answer}").format(tier=self.tier, item=self.item, answer=shown)
        if self.decision is Decision.ASK_EVIDENCE:
            return _("{tier}: evidence asked for {item}").format(tier=self.tier, item=self.item)
        return _("{tier}: {item} agreed").format(tier=self.tier, item=self.item)


@attrs.frozen(kw_only=True)
class RoundReturned(ReviewEvent):
    """The open round of ``tier`` goes back to an earlier tier (``to``) with the items to revise."""

    kind: ClassVar[str] = "round_returned"
    title: ClassVar[str] = N_("return of a review round")
    tier: str
    to: str
    items: tuple[str, ...] = attrs.field(converter=_items)

    def _describe(self) -> str:
        n = len(self.items)
        return ngettext(
            "{tier}: returned to {to} to revise {n} item", "{tier}: returned to {to} to revise {n} items", n
        ).format(tier=self.tier, to=self.to, n=n)


@attrs.frozen(kw_only=True)
class ItemsRevised(ReviewEvent):
    """The tier a round was returned to sends revised answers for (some of) the items asked."""

    kind: ClassVar[str] = "items_revised"
    title: ClassVar[str] = N_("revision of items")
    tier: str
    answers: dict[str, Any] = attrs.field(converter=_answers, hash=False)

    def _describe(self) -> str:
        n = len(self.answers)
        return ngettext("{tier}: revision of {n} item sent", "{tier}: revision of {n} items sent", n).format(
            tier=self.tier, n=n
        )


@attrs.frozen(kw_only=True)
class EvidenceAdded(ReviewEvent):
    """A reference to a piece of evidence for an item: a file name, a URL and/or a digest."""

    kind: ClassVar[str] = "evidence_added"
    title: ClassVar[str] = N_("evidence added")
    tier: str
    item: str
    file_name: str | None = attrs.field(default=None, converter=_text)
    url: str | None = attrs.field(default=None, converter=_text)
    digest: str | None = attrs.field(default=None, converter=_text)
    requirement: str | None = attrs.field(default=None, converter=_text)

    def __attrs_post_init__(self) -> None:
        if self.file_name is None and self.url is None:
            raise InvalidAnswerError(
                _("Evidence for item {item} needs a file name or a URL").format(item=repr(self.item)),
                code="evidence-without-reference",
            )

    def _describe(self) -> str:
        return _("{tier}: evidence for {item}: {reference}").format(
            tier=self.tier, item=self.item, reference=self.file_name or self.url
        )


@attrs.frozen(kw_only=True)
class RoundSubmitted(ReviewEvent):
    """A tier submits its round; ``accept_unreviewed`` lets it submit with items it has not reviewed."""

    kind: ClassVar[str] = "round_submitted"
    title: ClassVar[str] = N_("submission of a review round")
    tier: str
    accept_unreviewed: bool = False

    def _describe(self) -> str:
        if self.accept_unreviewed:
            return _("{tier}: review submitted (with unreviewed items)").format(tier=self.tier)
        return _("{tier}: review submitted").format(tier=self.tier)


#: The review events by ``kind``; they are registered in the event codec (``EVENT_TYPES``) on import.
REVIEW_EVENT_TYPES: dict[str, type[ReviewEvent]] = {
    cls.kind: cls
    for cls in (ReviewStarted, RoundOpened, ItemReviewed, RoundReturned, ItemsRevised, EvidenceAdded, RoundSubmitted)
}
EVENT_TYPES.update(REVIEW_EVENT_TYPES)
