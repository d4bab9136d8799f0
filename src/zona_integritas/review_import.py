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

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .errors import InvalidAnswerError
from .i18n import gettext as _
from .i18n import ngettext
from .review import Review
from .review_chain import ReviewChain, TierRole, load_chain
from .worksheet import Assessor, Worksheet

__all__ = ["review_from_worksheets", "rounds_from_workbook"]


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
                _(
                    "The worksheets must follow the chain {chain} from its start: expected tiers {expected}; got {got}"
                ).format(chain=repr(chain.id), expected=", ".join(expected), got=", ".join(names)),
                code="tiers-out-of-order",
            )
        ordered = [worksheets[name] for name in names]
    else:
        ordered = list(worksheets)
    if not ordered:
        raise InvalidAnswerError(_("Give at least the unit's worksheet"), code="no-worksheet")
    if len(ordered) > len(chain.tiers):
        raise InvalidAnswerError(
            ngettext(
                "Chain {chain} has {n} tiers; got {count} worksheet",
                "Chain {chain} has {n} tiers; got {count} worksheets",
                len(ordered),
            ).format(chain=repr(chain.id), n=len(chain.tiers), count=len(ordered)),
            code="too-many-worksheets",
        )
    for tier, ws in zip(chain.tiers, ordered, strict=False):
        if ws.assessor is not tier.assessor:
            raise InvalidAnswerError(
                _("Tier {tier} takes a worksheet of {expected}; got one of {got}").format(
                    tier=repr(tier.name), expected=tier.assessor.value, got=ws.assessor.value
                ),
                code="wrong-assessor",
            )
    unit = ordered[0]
    review = Review.start(chain, unit, cycle=cycle, on=on, actor=actor, note=source)
    where = source or _("the worksheet")
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
                note = answer.note or _("changed in {where} (no note given)").format(where=where)
                review = review.change(code, _plain(answer.value), note=note, on=on, actor=actor)
        review = review.submit(on=on, accept_unreviewed=True, actor=actor)
    return review


def rounds_from_workbook(
    path: str | Path,
    chain: ReviewChain | str,
    *,
    cycle: int,
    on: Any,
    tiers: Sequence[str] | None = None,
    actor: str | None = None,
) -> Review:
    """The review a workbook records: its assessor columns (read by
    :func:`~zona_integritas.io.workbooks.read_workbook`) become rounds, with their notes; blank review cells
    are unreviewed items. Columns map to the chain's tiers in order: the unit's to the unit tier, the TPI
    columns to the chain's internal tiers (``pendahuluan`` and ``tpi`` roles) in sheet order, a TPN column to
    the first TPN tier; ``tiers`` names the tier of every column instead. Trailing columns without answers
    are left out. Needs the ``excel`` extra (openpyxl).

    >>> import os, tempfile
    >>> from zona_integritas import examples
    >>> from zona_integritas.io.review_export import write_review_export
    >>> review = examples.kediri_review_2022()
    >>> path = write_review_export(os.path.join(tempfile.mkdtemp(), "jawaban.xlsx"), review.unit_worksheet,
    ...                            [review.tpi_worksheet], titles=["TPI Inspektorat"])
    >>> found = rounds_from_workbook(path, "pemda-90-2021", cycle=2022, on="11 April 2022")
    >>> [(d.item, d.note) for d in found.rounds_of("tpi")[0].changes][:1]
    [('P1.iv.b', 'SK agen perubahan ada, tetapi belum semua bidang memiliki agen perubahan')]
    """
    from .io.workbooks import read_workbook

    if isinstance(chain, str):
        chain = load_chain(chain)
    read = read_workbook(path)
    columns = list(read.columns)
    while columns and not columns[-1].has_answers:
        columns.pop()
    if not columns or columns[0].assessor is not Assessor.UNIT or not columns[0].has_answers:
        have = ", ".join(f"{c.title} ({c.assessor.value})" for c in read.columns)
        if not have:
            message = _("{path}: a review starts from the unit's answers; the workbook has no answer column")
        elif read.columns[0].assessor is Assessor.UNIT:
            message = _("{path}: a review starts from the unit's answers; the workbook has {have}, the unit's blank")
        else:
            message = _("{path}: a review starts from the unit's answers; the workbook has {have}")
        raise InvalidAnswerError(message.format(path=path, have=have), code="no-unit-answers")
    if tiers is None:
        internal = [t.name for t in chain.tiers if t.role in (TierRole.PENDAHULUAN, TierRole.TPI)]
        tpn = [t.name for t in chain.tiers if t.role in (TierRole.TPN_DESK, TierRole.TPN_FIELD)]
        names: list[str] = [chain.unit_tier.name]
        for column in columns[1:]:
            pool = internal if column.assessor is Assessor.TPI else tpn
            taken = [n for n in names if n in pool]
            if len(taken) == len(pool):
                raise InvalidAnswerError(
                    _(
                        "{path}: column {column} ({assessor}) has no tier left in chain {chain}; name the tier of "
                        "every column with tiers=[...]"
                    ).format(
                        path=path, column=repr(column.title), assessor=column.assessor.value, chain=repr(chain.id)
                    ),
                    code="no-tier-left",
                )
            names.append(pool[len(taken)])
    else:
        names = list(tiers)
        if len(names) != len(columns):
            raise InvalidAnswerError(
                _("{path}: {columns} columns with answers, {tiers} tiers named").format(
                    path=path, columns=len(columns), tiers=len(names)
                ),
                code="tiers-do-not-match-columns",
            )
    source = os.path.basename(os.fspath(path))
    return review_from_worksheets(
        chain,
        {n: c.worksheet for n, c in zip(names, columns, strict=True)},
        cycle=cycle,
        on=on,
        actor=actor,
        source=source,
    )
