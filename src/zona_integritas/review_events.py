"""The events of a review: the unit's self-assessment, rounds per tier, item decisions, returns, revisions,
evidence and submissions. They live in the unit's hash-chained history beside the journey's events.

Events are data only; :mod:`zona_integritas.review` folds them into rounds and holds the guards.

>>> import datetime as dt
>>> e = ItemReviewed(dt.date(2022, 3, 2), cycle=2022, tier="tpi", item="P1.i.b", decision="change",
...                  answer="B", note="SK tim belum memuat uraian tugas", actor="Auditor A")
>>> e.decision, e.describe()
(<Decision.CHANGE: 'change'>, 'tpi: P1.i.b diubah menjadi B')
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, ClassVar

import attrs

from .errors import InvalidAnswerError
from .events import EVENT_TYPES, Event, _cycle
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


def plain_answer(value: Any) -> Any:
    """An answer in plain JSON form: option keys and numbers as text, counts as a dict of whole numbers.

    >>> plain_answer(Decimal("3.62")), plain_answer({"targets": 8, "met": 6}), plain_answer(None)
    ('3.62', {'targets': 8, 'met': 6}, None)
    """
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise InvalidAnswerError(f"an answer is an option, a number or counts; got {value!r}")
    if isinstance(value, Decimal | int | float):
        return str(value)
    if isinstance(value, Counts | Mapping):
        return {str(k): v for k, v in value.items()}
    raise InvalidAnswerError(f"an answer is an option, a number or counts; got {value!r}")


def _items(value: Any) -> tuple[str, ...]:
    if isinstance(value, str) or not all(isinstance(v, str) for v in value):
        raise InvalidAnswerError(f"items are a list of item codes; got {value!r}")
    return tuple(value)


def _answers(value: Any) -> dict[str, Any]:
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        raise InvalidAnswerError(f"revised answers are a mapping of item code to answer; got {value!r}")
    return {k: plain_answer(v) for k, v in value.items()}


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidAnswerError(f"expected text, got {value!r}")
    return value.strip() or None


@attrs.frozen(kw_only=True)
class ReviewEvent(Event):
    """Base of the review events: the cycle (evaluation year) the review belongs to."""

    kind: ClassVar[str] = "review"
    cycle: int = attrs.field(converter=_cycle)
    note: str | None = attrs.field(default=None, converter=_text)


@attrs.frozen(kw_only=True)
class ReviewStarted(ReviewEvent):
    """The unit submits its self-assessment (the unit tier's worksheet) and names the review chain."""

    kind: ClassVar[str] = "review_started"
    chain: ReviewChain
    worksheet: Worksheet = attrs.field(repr=False)

    def describe(self) -> str:
        done, total = self.worksheet.completeness
        return f"penilaian mandiri unit dikirim ({done}/{total} butir), rantai reviu {self.chain.id}"


@attrs.frozen(kw_only=True)
class RoundOpened(ReviewEvent):
    """A tier opens a review round; ``scope`` limits it to some items (empty: every item)."""

    kind: ClassVar[str] = "round_opened"
    tier: str
    scope: tuple[str, ...] = attrs.field(default=(), converter=_items)

    def describe(self) -> str:
        what = f"{len(self.scope)} butir" if self.scope else "semua butir"
        return f"{self.tier}: putaran reviu dibuka ({what})"


@attrs.frozen(kw_only=True)
class ItemReviewed(ReviewEvent):
    """A reviewer's decision on one item: agree, change (new answer and a note), or ask for evidence."""

    kind: ClassVar[str] = "item_reviewed"
    tier: str
    item: str
    decision: Decision = attrs.field(converter=Decision)
    answer: Any = attrs.field(default=None, converter=plain_answer, hash=False)  # counts are a dict

    def __attrs_post_init__(self) -> None:
        if self.decision is Decision.CHANGE and (self.answer is None or self.note is None):
            raise InvalidAnswerError(f"changing item {self.item!r} needs the new answer and a note saying why")
        if self.decision is not Decision.CHANGE and self.answer is not None:
            raise InvalidAnswerError(f"only a change carries an answer; {self.decision.value} on {self.item!r} has one")

    def describe(self) -> str:
        if self.decision is Decision.CHANGE:
            shown = (
                self.answer
                if not isinstance(self.answer, dict)
                else ", ".join(f"{k}={v}" for k, v in self.answer.items())
            )
            return f"{self.tier}: {self.item} diubah menjadi {shown}"
        if self.decision is Decision.ASK_EVIDENCE:
            return f"{self.tier}: {self.item} diminta bukti dukung"
        return f"{self.tier}: {self.item} disetujui"


@attrs.frozen(kw_only=True)
class RoundReturned(ReviewEvent):
    """The open round of ``tier`` goes back to an earlier tier (``to``) with the items to revise."""

    kind: ClassVar[str] = "round_returned"
    tier: str
    to: str
    items: tuple[str, ...] = attrs.field(converter=_items)

    def describe(self) -> str:
        return f"{self.tier}: dikembalikan ke {self.to} untuk perbaikan {len(self.items)} butir"


@attrs.frozen(kw_only=True)
class ItemsRevised(ReviewEvent):
    """The tier a round was returned to sends revised answers for (some of) the items asked."""

    kind: ClassVar[str] = "items_revised"
    tier: str
    answers: dict[str, Any] = attrs.field(converter=_answers, hash=False)

    def describe(self) -> str:
        return f"{self.tier}: perbaikan {len(self.answers)} butir dikirim"


@attrs.frozen(kw_only=True)
class EvidenceAdded(ReviewEvent):
    """A reference to a piece of evidence for an item: a file name, a URL and/or a digest."""

    kind: ClassVar[str] = "evidence_added"
    tier: str
    item: str
    file_name: str | None = attrs.field(default=None, converter=_text)
    url: str | None = attrs.field(default=None, converter=_text)
    digest: str | None = attrs.field(default=None, converter=_text)
    requirement: str | None = attrs.field(default=None, converter=_text)

    def __attrs_post_init__(self) -> None:
        if self.file_name is None and self.url is None:
            raise InvalidAnswerError(f"evidence for item {self.item!r} needs a file name or a URL")

    def describe(self) -> str:
        return f"{self.tier}: bukti dukung {self.item}: {self.file_name or self.url}"


@attrs.frozen(kw_only=True)
class RoundSubmitted(ReviewEvent):
    """A tier submits its round; ``accept_unreviewed`` lets it submit with items it has not reviewed."""

    kind: ClassVar[str] = "round_submitted"
    tier: str
    accept_unreviewed: bool = False

    def describe(self) -> str:
        return f"{self.tier}: hasil reviu dikirim" + (" (dengan butir belum direviu)" if self.accept_unreviewed else "")


#: The review events by ``kind``; they are registered in the event codec (``EVENT_TYPES``) on import.
REVIEW_EVENT_TYPES: dict[str, type[ReviewEvent]] = {
    cls.kind: cls
    for cls in (ReviewStarted, RoundOpened, ItemReviewed, RoundReturned, ItemsRevised, EvidenceAdded, RoundSubmitted)
}
EVENT_TYPES.update(REVIEW_EVENT_TYPES)
