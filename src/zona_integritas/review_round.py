"""The parts of a review round: its status, the decisions on items, returns, revisions, evidence references,
and :class:`Round` itself (built by :func:`zona_integritas.review.advance`, never by hand).

>>> from zona_integritas import examples
>>> rnd = examples.kediri_review_2022().rounds[0]
>>> rnd.status, rnd.number, len(rnd.scope), [d.item for d in rnd.changes][:2]
(<RoundStatus.SUBMITTED: 'submitted'>, 1, 113, ['P1.iv.b', 'P2.ii.b'])
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from typing import Any

import attrs

from ._reprs import html_of
from .i18n import N_, ngettext, use_language
from .i18n import gettext as _
from .review_chain import Tier
from .review_events import Decision
from .rulebook import ItemCode
from .worksheet import Answer, Worksheet

__all__ = ["EvidenceRef", "ItemDecision", "ReturnRequest", "Revision", "Round", "RoundStatus"]


class RoundStatus(enum.Enum):
    """Where a round stands."""

    OPEN = "open"  #: reviewing
    RETURNED = "returned"  #: waiting for an earlier tier's revision
    SUBMITTED = "submitted"  #: done; its worksheet is the tier's result

    def label(self, *, language: str | None = None) -> str:
        """The status in words of the language (the value is a machine identifier).

        >>> RoundStatus.RETURNED.label(language="id"), RoundStatus.RETURNED.label(language="en")
        ('dikembalikan', 'returned')
        """
        with use_language(language):
            return _(_STATUS[self.value])


#: Round statuses, and the "not started" of a tier without a round (review status tables), as people read them.
_STATUS = {
    "open": N_("open"),
    "returned": N_("returned"),
    "submitted": N_("submitted"),
    "not started": N_("not started"),
}


def status_label(status: str, *, language: str | None = None) -> str:
    """A round status or ``"not started"`` (as :func:`~zona_integritas.review_diff.review_status` gives them) in
    words of the language.

    >>> status_label("not started", language="id")
    'belum dimulai'
    """
    with use_language(language):
        return _(_STATUS[status]) if status in _STATUS else status


@attrs.frozen
class ItemDecision:
    """One decision on one item: who, when, what, the new answer (changes only) and the note."""

    item: ItemCode
    decision: Decision
    answer: Answer | None
    note: str | None
    reviewer: str | None
    on: dt.date
    tier: str
    round: int


@attrs.frozen
class ReturnRequest:
    """A round sent back to an earlier tier with the items to revise."""

    on: dt.date
    to: str
    items: tuple[ItemCode, ...]
    note: str | None
    actor: str | None


@attrs.frozen
class Revision:
    """Revised answers sent by the tier a round was returned to."""

    on: dt.date
    tier: str
    answers: tuple[tuple[ItemCode, Answer], ...]
    note: str | None
    actor: str | None


@attrs.frozen
class EvidenceRef:
    """A reference to evidence (*bukti dukung*) for an item, with who added it, when and in which round."""

    item: ItemCode
    file_name: str | None
    url: str | None
    digest: str | None
    added_by: str | None
    added_on: dt.date
    tier: str
    round: int
    requirement: str | None = None


@attrs.frozen(eq=False)
class Round:
    """One tier's round: its start, scope, decisions, returns, revisions and status."""

    tier: Tier
    number: int
    start: Worksheet = attrs.field(repr=False)
    scope: tuple[ItemCode, ...] = attrs.field(repr=False)
    opened_on: dt.date
    status: RoundStatus = RoundStatus.OPEN
    decisions: tuple[ItemDecision, ...] = attrs.field(default=(), repr=False)
    current: Mapping[str, ItemDecision] = attrs.field(factory=dict, repr=False)
    returns: tuple[ReturnRequest, ...] = ()
    revisions: tuple[Revision, ...] = ()
    submitted_on: dt.date | None = None
    accepted_unreviewed: tuple[ItemCode, ...] = ()
    _cache: dict[str, Worksheet] = attrs.field(factory=dict, repr=False)

    @property
    def base(self) -> Worksheet:
        """The start with every revision applied (what this round's decisions are made on)."""
        if "base" not in self._cache:
            answers: dict[str, Any] = {c: a for c, a in self.start.answers.items()}
            for revision in self.revisions:
                answers.update(dict(revision.answers))
            self._cache["base"] = Worksheet.from_answers(self.start.rulebook, answers, assessor=self.tier.assessor)
        return self._cache["base"]

    @property
    def worksheet(self) -> Worksheet:
        """The round's worksheet, which is the base with this round's decisions (changes and notes) applied."""
        if "worksheet" not in self._cache:
            answers: dict[str, Any] = {str(c): a for c, a in self.base.answers.items()}
            for code, decision in self.current.items():
                before = answers.get(code)
                if decision.decision is Decision.CHANGE:
                    assert decision.answer is not None
                    answers[code] = decision.answer
                elif decision.note is not None and before is not None:
                    answers[code] = Answer(before.value, decision.note, before.evidence)
            self._cache["worksheet"] = Worksheet.from_answers(self.start.rulebook, answers, assessor=self.tier.assessor)
        return self._cache["worksheet"]

    @property
    def reviewed(self) -> tuple[ItemCode, ...]:
        """Items in scope with a decision of agree or change."""
        return tuple(
            c for c in self.scope if c in self.current and self.current[c].decision is not Decision.ASK_EVIDENCE
        )

    @property
    def unreviewed(self) -> tuple[ItemCode, ...]:
        """Items in scope with no decision yet (every returned item needs a new decision after the revision)."""
        return tuple(c for c in self.scope if c not in self.current)

    @property
    def awaiting_evidence(self) -> tuple[ItemCode, ...]:
        """Items whose latest decision asks for evidence."""
        return tuple(c for c in self.scope if c in self.current and self.current[c].decision is Decision.ASK_EVIDENCE)

    @property
    def changes(self) -> tuple[ItemDecision, ...]:
        """The latest decision of every changed item, in rulebook order."""
        return tuple(d for c in self.scope if (d := self.current.get(c)) is not None and d.decision is Decision.CHANGE)

    @property
    def revision_count(self) -> int:
        """How many revisions this round received."""
        return len(self.revisions)

    @property
    def pending_return(self) -> ReturnRequest | None:
        """The return the round is waiting on, if any."""
        return self.returns[-1] if self.status is RoundStatus.RETURNED else None

    def _repr_html_(self) -> str | None:
        return html_of(self)

    def counts(self, *, language: str | None = None) -> str:
        """The round's figures in words: reviewed, unreviewed and changed items of its scope, and revisions.

        >>> from zona_integritas import examples
        >>> examples.kediri_review_2022().rounds[0].counts(language="id")
        '113 butir: 113 direviu, 0 belum direviu, 4 diubah, 1 revisi'
        """
        with use_language(language):
            return _("{scope}: {reviewed} reviewed, {unreviewed} unreviewed, {changed} changed, {revisions}").format(
                scope=ngettext("{n} item", "{n} items", len(self.scope)).format(n=len(self.scope)),
                reviewed=len(self.reviewed),
                unreviewed=len(self.unreviewed),
                changed=len(self.changes),
                revisions=ngettext("{n} revision", "{n} revisions", self.revision_count).format(n=self.revision_count),
            )

    def __repr__(self) -> str:
        """One line: the tier, the round's number and status, and its figures (in the current language)."""
        return f"<Round {self.tier.name} #{self.number} {self.status.label()}: {self.counts()}>"
