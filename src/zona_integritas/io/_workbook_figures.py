"""The figures a workbook caches beside its formulas, compared with the library's scores, and why one differs (a
typed number, a part left out, a difference carried up). Private to :mod:`zona_integritas.io.workbooks`."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import attrs

from ..decimals import round_half_up
from ..errors import ZonaIntegritasError
from ..i18n import and_list
from ..i18n import gettext as _
from ..rulebook import ItemKind
from ..scoring import ScoreCard, UnansweredPolicy, score
from ..worksheet import Worksheet
from ._workbook_structure import Block, Row, Structure, column_index, column_letter, shortened
from .layouts import Locate

__all__ = ["Cells", "Figure", "check_figures"]

#: A cached figure that differs: (cell, code, the row's label, the workbook's figure, the library's, why).
Figure = tuple[str, str, str, Decimal, Decimal, str]


@attrs.define
class Cells:
    """The located rows' cells: values (a formula's cached result when known) and formulas."""

    values: dict[tuple[int, int], Any]
    formulas: dict[tuple[int, int], str]

    def get(self, row: int, column: int | None) -> Any:
        return None if column is None else self.values.get((row, column))

    def is_formula(self, row: int, column: int | None) -> bool:
        return column is not None and (row, column) in self.formulas


# -- cached figures -----------------------------------------------------------------------------------------
_REF = re.compile(r"(?<![A-Za-z!'])\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?")


def _refs(formula: str) -> set[tuple[int, int]]:
    """The same-sheet cells a formula reads (ranges expanded, other sheets ignored)."""
    out: set[tuple[int, int]] = set()
    for match in _REF.finditer(formula):
        c1, r1 = column_index(match.group(1)), int(match.group(2))
        if match.group(3):
            c2, r2 = column_index(match.group(3)), int(match.group(4))
            if (r2 - r1 + 1) * (c2 - c1 + 1) > 10_000:
                continue
            out |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        else:
            out.add((r1, c1))
    return out


def _parts(s: Structure) -> dict[str, list[str]]:
    """Node code → the codes whose rows its figure should be computed from."""
    rb = s.rulebook
    parts: dict[str, list[str]] = {"total": [c.code for c in rb.components]}
    for comp in rb.components:
        parts[comp.code] = [sub.code for sub in comp.subcomponents]
        for sub in comp.subcomponents:
            parts[sub.code] = [h.code for h in sub.halves] or [
                i.code for ind in sub.indicators for i in ind.walk_items()
            ]
            for half in sub.halves:
                parts[half.code] = [ind.code for ind in half.indicators]
                for ind in half.indicators:
                    kids = [p.code for p in ind.parts] or [i.code for i in ind.items]
                    parts[ind.code] = kids
                    for part in ind.parts:
                        parts.setdefault(part.code, [i.code for i in part.items])
    return parts


#: How far a cached float may be from the exact figure and still be the same figure (floats hold ~15 digits).
_FLOAT_TOLERANCE = Decimal("1e-9")


def check_figures(
    s: Structure, worksheet: Worksheet, cells: Cells, declared: UnansweredPolicy | None
) -> tuple[tuple[Figure, ...], UnansweredPolicy | None]:
    """Compare each cached figure of the (single) numbering layout column, read as ``worksheet``, with the
    library's scores.

    Without a declared policy both are tried and the closer one is kept (copies of the official workbook
    follow its AVERAGE, that is ``"skip"``).
    """
    if s.profile.locate is not Locate.NUMBERING or len(s.blocks) != 1:
        return (), declared
    block = s.blocks[0]
    rb = s.rulebook
    figures: list[tuple[int, int, Row]] = []
    for row in s.rows:
        if row.kind == "input":
            continue
        item = rb.item(row.code) if row.kind == "item" else None
        spots = [block.value] if block.value else []
        if item is not None and item.kind is ItemKind.COUNT:
            spots.append(block.answer)
        for column in spots:
            theirs = cells.get(row.row, column)
            if isinstance(theirs, int | float) and not isinstance(theirs, bool):
                figures.append((row.row, column, row))
    if not figures:
        return (), declared
    policies = [declared] if declared is not None else list(UnansweredPolicy)
    best: list[tuple[int, int, Row, Decimal, Decimal]] | None = None
    chosen = policies[0]
    for policy in policies:
        card = score(worksheet, unanswered=policy, quiet=True)
        found = []
        for r, column, row in figures:
            ours = _expected(card, row)
            if ours is None:
                continue
            theirs = Decimal(repr(float(cells.get(r, column))))
            # a cached figure is a float: within float precision of ours it is ours (0.875 cached for an exact
            # 0.87499...9 of 40 digits must not round the other way)
            if round_half_up(theirs) != round_half_up(ours) and abs(theirs - ours) > _FLOAT_TOLERANCE:
                found.append((r, column, row, theirs, ours))
        if best is None or len(found) < len(best):
            best, chosen = found, policy
    explain = _Explainer(s, cells, block, {(r, c) for r, c, *_ in best or ()})
    out = tuple(
        (f"{column_letter(c)}{r}", row.code, shortened(row.label), theirs, ours, explain.why(r, c, row))
        for r, c, row, theirs, ours in best or ()
    )
    return out, chosen


def _expected(card: ScoreCard, row: Row) -> Decimal | None:
    rb = card.rulebook
    if row.kind == "item" or rb.has_item(row.code):
        return card.worksheet.value(row.code)
    try:
        return card.value(row.code)
    except ZonaIntegritasError:
        return None


_BLANK_TEST = re.compile(r"\$?[A-Z]{1,3}\$?\d+\s*=\s*\"\"")


@attrs.define
class _Explainer:
    """Why a cached figure differs: typed over, a part left out, a difference carried up, or another rule."""

    s: Structure
    cells: Cells
    block: Block
    differing: set[tuple[int, int]]
    parts: dict[str, list[str]] = attrs.field(init=False)
    first_row: dict[str, int] = attrs.field(init=False)
    labels: dict[int, str] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.parts = _parts(self.s)
        self.first_row = {}
        self.labels = {}
        for row in self.s.rows:
            key = f"{row.code}:{row.name}" if row.kind == "input" else row.code
            self.first_row.setdefault(key, row.row)
            self.labels[row.row] = row.label

    def reads(self, r: int, column: int, depth: int = 0) -> set[tuple[int, int]]:
        """The cells a formula computes with (blank tests left out; same-row cells followed once)."""
        formula = self.cells.formulas.get((r, column))
        if formula is None:
            return set()
        found = _refs(_BLANK_TEST.sub("", formula))
        if depth == 0:
            for rr, cc in list(found):
                if rr == r and (rr, cc) in self.cells.formulas:
                    found |= self.reads(rr, cc, 1)
        return found

    def why(self, r: int, column: int, row: Row) -> str:
        if not self.cells.is_formula(r, column):
            return _("a typed number, not a formula over its parts")
        read = self.reads(r, column)
        rows_read = {rr for rr, _ in read}
        rb = self.s.rulebook
        if row.kind == "item" and rb.item(row.code).kind is ItemKind.COUNT:
            formula = rb.item(row.code).formula
            assert formula is not None
            wanted = [self.first_row.get(f"{row.code}:{n}") for n in (*formula.numerator, *formula.denominator)]
        else:
            wanted = [self.first_row.get(code) for code in self.parts.get(row.code, [])]
        left_out = [w for w in wanted if w is not None and w not in rows_read]
        if left_out:
            return _("its formula leaves out {rows}").format(rows=and_list(self.row_words(w) for w in left_out))
        carried = sorted(rr for rr, cc in read if (rr, cc) in self.differing and (rr, cc) != (r, column))
        if carried:
            named = and_list(self.row_words(w) for w in dict.fromkeys(carried))
            return _("it carries the difference of {rows}").format(rows=named)
        return _("its formula differs from the regulation's rule, or the file was not recalculated")

    def row_words(self, row: int) -> str:
        return _("row {row} ({label})").format(row=row, label=shortened(self.labels.get(row, "")))
