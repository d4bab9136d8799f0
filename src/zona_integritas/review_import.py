"""Rounds from worksheets that were filled elsewhere: one worksheet per tier (a workbook's assessor columns,
files sent by each tier) becomes a :class:`~zona_integritas.review.Review`.

Each tier's worksheet is compared with the previous tier's result, item by item: the same answer is an
agreement, another answer a change (its note is the answer's note; when the worksheet has none, the note says
so), and a blank answer an unreviewed item; the round is then submitted with its unreviewed items accepted
explicitly (they stay listed on the round). Files carry no dates, so every event is dated ``on``.

>>> import zona_integritas as zi
>>> rb = zi.load_rulebook("permenpanrb-90-2021")
>>> unit = zi.Worksheet.from_answers(rb, {"P1.i.a": "Ya", "P1.i.b": "A"}, assessor="unit")
>>> tpi = zi.Worksheet.from_answers(rb, {"P1.i.a": "Ya", "P1.i.b": {"answer": "B", "note": "tanpa SK"}},
...                                assessor="tpi")
>>> review = review_from_worksheets(zi.load_chain("pemda-90-2021"), [unit, tpi], cycle=2022, on="2022-04-01")
>>> rnd = review.rounds_of("tpi")[0]
>>> [d.item for d in rnd.changes], rnd.changes[0].note, len(rnd.accepted_unreviewed)
(['P1.i.b'], 'tanpa SK', 111)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .errors import InvalidAnswerError
from .review import Review
from .review_chain import ReviewChain, TierRole
from .worksheet import Worksheet

__all__ = ["review_from_worksheets"]


def _plain(value: Any) -> Any:
    return dict(value) if hasattr(value, "items") else value


def review_from_worksheets(
    chain: ReviewChain,
    worksheets: Sequence[Worksheet] | Mapping[str, Worksheet],
    *,
    cycle: int,
    on: Any,
    actor: str | None = None,
    source: str | None = None,
) -> Review:
    """A review whose rounds are the differences between consecutive tiers' worksheets.

    ``worksheets`` is a sequence in chain order (the unit's first, then one per tier, possibly fewer than the
    chain has) or a mapping of tier name to worksheet (it must name the unit tier and tiers in chain order
    without gaps). ``source`` (a file name) goes into the note of a change that carries no note of its own.
    """
    if isinstance(worksheets, Mapping):
        names = list(worksheets)
        expected = [t.name for t in chain.tiers[: len(names)]]
        if names != expected:
            raise InvalidAnswerError(
                f"worksheets must follow the chain {chain.id!r} from its start: expected tiers "
                f"{', '.join(expected)}; got {', '.join(names)}"
            )
        ordered = [worksheets[name] for name in names]
    else:
        ordered = list(worksheets)
    if not ordered:
        raise InvalidAnswerError("give at least the unit's worksheet")
    if len(ordered) > len(chain.tiers):
        raise InvalidAnswerError(f"chain {chain.id!r} has {len(chain.tiers)} tiers; got {len(ordered)} worksheets")
    for tier, ws in zip(chain.tiers, ordered, strict=False):
        if ws.assessor is not tier.assessor:
            raise InvalidAnswerError(
                f"tier {tier.name!r} takes a worksheet of {tier.assessor.value}; got one of {ws.assessor.value}"
            )
    unit = ordered[0]
    review = Review.start(chain, unit, cycle=cycle, on=on, actor=actor, note=source)
    where = source or "the worksheet"
    for tier, ws in zip(chain.tiers[1:], ordered[1:], strict=False):
        if tier.role is TierRole.UNIT:  # pragma: no cover - a chain has one unit tier, first
            continue
        review = review.open(tier.name, on=on, actor=actor)
        current = review.current_round
        assert current is not None
        base = current.base
        for code in review.rulebook.item_codes:
            answer = ws.answer(code)
            if answer is None or answer.value is None:
                continue  # a blank review cell: unreviewed
            before = base.answer(code)
            if before is not None and before.value == answer.value:
                review = review.agree(code, on=on, actor=actor, note=answer.note)
            else:
                note = answer.note or f"changed in {where} (no note given)"
                review = review.change(code, _plain(answer.value), note=note, on=on, actor=actor)
        review = review.submit(on=on, accept_unreviewed=True, actor=actor)
    return review
