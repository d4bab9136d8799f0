"""Write the ``Jawaban`` export with review tiers (layout ``jawaban-berjenjang``).

The layout ministries export for their inspectorates: sheet ``Jawaban``, headers in row 1; column A
``ID`` holds the official row (PortalRB's ``excel_baris``, which the rulebook records); B–G the numbering
and texts; H ``Bobot``; I ``Kriteria Nilai``; J ``Pilihan Jawaban``; then one block per assessor — the
unit (``Jawaban Unit``, note, evidence, new evidence links) and each TPI tier (``Jawaban TPI …``,
``Nilai``, ``%``, note). There are no formulas in the sheet; the tiers' ``Nilai`` and ``%`` columns are
left for the ministry's own system to fill.

>>> import tempfile, os
>>> from zona_integritas import examples
>>> from zona_integritas.io.workbooks import read_workbook
>>> unit = examples.kediri_worksheet_2022().with_assessor("unit")
>>> tpi = unit.with_assessor("tpi")
>>> path = write_review_export(os.path.join(tempfile.mkdtemp(), "e.xlsx"), unit, [tpi, tpi],
...                            titles=["TPI Unit", "TPI Kementerian"], unit_name="DPM PTSP")
>>> found = read_workbook(path)
>>> found.layout, found.unit, [(c.title, c.tier) for c in found.columns]
('jawaban-berjenjang', 'DPM PTSP', [('Jawaban Unit', 0), ('Jawaban TPI Unit', 1), ('Jawaban TPI Kementerian', 2)])
>>> found.select("unit").worksheet == unit, found.select("tpi").worksheet.item_values == tpi.item_values
(True, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import InvalidAnswerError
from ..i18n import gettext as _
from ..rulebook import Item, ItemKind, Rulebook
from ..worksheet import Assessor, Counts, Worksheet

__all__ = ["write_review_export"]

_CHOICES = {"ya_tidak": "Ya/Tidak", "abc": "A/B/C", "abcd": "A/B/C/D", "abcde": "A/B/C/D/E"}
_ROMAN = ("I", "II", "III", "IV")


def _headings(rulebook: Rulebook) -> list[tuple[int, list[tuple[int, str, str, Any]]]]:
    """(official row of a question, the heading rows due before it: (level, token, text, weight))."""
    plan: list[tuple[int, list[tuple[int, str, str, Any]]]] = []
    due: list[tuple[int, str, str, Any]] = []

    def question(item: Item, token: str, text: str, weight: Any) -> None:
        nonlocal due
        if item.inputs:
            due.append((4, token, text, weight))  # the % row: not a question, it precedes its Jumlah rows
            for inp in item.inputs:
                if inp.row is not None:
                    plan.append((inp.row, due))
                    due = []
        elif item.row is not None:
            plan.append((item.row, due))
            due = []

    for c_index, comp in enumerate(rulebook.components):
        due.append((0, "AB"[c_index] + ".", comp.label.id.upper(), comp.weight))
        for s_index, sub in enumerate(comp.subcomponents):
            due.append((1, _ROMAN[s_index] + ".", sub.label.id.upper(), sub.weight))
            for ind in sub.indicators:
                for item in ind.items:
                    question(item, item.code.rsplit(".", 1)[-1] + ".", item.label.id, ind.weight)
            for half in sub.halves:
                due.append((2, f"{half.area}.", rulebook.area(half.area).label.id.upper(), half.weight))
                for ind in half.indicators:
                    due.append((3, ind.code.rsplit(".", 1)[-1] + ".", ind.label.id, ind.weight))
                    for part in ind.parts or (ind,):
                        for item in part.items:
                            weight = part.weight if ind.parts else None
                            text = part.label.id if ind.parts else item.label.id
                            question(item, item.code.rsplit(".", 1)[-1] + ".", text, weight)
    return plan


def write_review_export(
    path: str | Path,
    unit: Worksheet | None,
    reviews: Sequence[Worksheet],
    *,
    titles: Sequence[str] | None = None,
    unit_name: str | None = None,
) -> Path:
    """Write a ``Jawaban`` export: the unit's block, then one block per TPI tier in ``reviews``' order.

    ``titles`` names the tiers as their headers read (``"TPI Unit"``, ``"TPI Kementerian …"``; default
    ``"TPI"``, ``"TPI 2"``, …). Text is always stored as text; the file is written through a temporary file.
    """
    from ._xlsx import require_openpyxl
    from .workbooks import official_rows, save_atomically, text_cell

    openpyxl = require_openpyxl()
    sheets = [ws for ws in (unit, *reviews) if ws is not None]
    if not sheets:
        raise InvalidAnswerError(
            _("write_review_export needs the unit's worksheet or at least one review"), code="nothing-to-export"
        )
    rulebook = sheets[0].rulebook
    if any(ws.rulebook != rulebook for ws in sheets):
        raise InvalidAnswerError(
            _("the worksheets of one export must use the same rulebook"), code="different-rulebooks"
        )
    if any(ws.assessor is Assessor.UNIT for ws in reviews):
        raise InvalidAnswerError(
            _("the reviews are the TPI tiers; the unit's worksheet goes in 'unit'"), code="unit-among-reviews"
        )
    names = list(titles) if titles is not None else ["TPI"] + [f"TPI {n}" for n in range(2, len(reviews) + 1)]
    if len(names) != len(reviews):
        raise InvalidAnswerError(
            _("the number of titles ({titles}) differs from the number of reviews ({reviews})").format(
                titles=len(names), reviews=len(reviews)
            ),
            code="titles-do-not-match",
        )
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Jawaban"
    headers = ["ID", "Komponen", "", "", "", "", "", "Bobot", "Kriteria Nilai", "Pilihan Jawaban"]
    headers += [
        "Jawaban Unit",
        "Catatan/Keterangan/Penjelasan (Unit)",
        "Daftar Bukti Dukung (Unit)",
        "Tautan Bukti Dukung Baru",
    ]
    blocks: list[tuple[Worksheet | None, int, int | None, int | None]] = [(unit, 11, 12, 13)]
    for review, title in zip(reviews, names, strict=True):
        start = len(headers) + 1
        headers += [f"Jawaban {title}", "Nilai", "%", f"Catatan/Keterangan/Penjelasan ({title})"]
        blocks.append((review, start, start + 3, None))
    for column, header in enumerate(headers, start=1):
        if header:
            sheet.cell(1, column, header)
    plan = _headings(rulebook)
    by_row = official_rows(rulebook)
    taken = set(by_row) | {1}
    for row, due in plan:
        free = [r for r in range(row - 1, 1, -1) if r not in taken][: len(due)]
        for r, (level, token, text, weight) in zip(sorted(free), due[len(due) - len(free) :], strict=True):
            taken.add(r)
            sheet.cell(r, 1, r)
            sheet.cell(r, 2 + level, token)
            text_cell(sheet.cell(r, 3 + level), text)
            if weight is not None:
                sheet.cell(r, 8, float(weight))
            if level == 4:
                sheet.cell(r, 10, "%")
    for row, (item, name) in sorted(by_row.items()):
        sheet.cell(row, 1, row)
        if name is None:
            sheet.cell(row, 6, item.code.rsplit(".", 1)[-1] + ".")
            text_cell(sheet.cell(row, 7), item.label.id)
            sheet.cell(row, 10, _options(item))
        else:
            text = next(i.label.id for i in item.inputs if i.name == name)
            text_cell(sheet.cell(row, 7), f"- {text}")
            sheet.cell(row, 10, "Jumlah")
        first = name is None or name == item.inputs[0].name
        for ws, answer_col, note_col, evidence_col in blocks:
            answer = ws.answer(item.code) if ws is not None else None
            if answer is None:
                continue
            value = answer.value
            if isinstance(value, Counts):
                text_cell(sheet.cell(row, answer_col), value[name or ""])
            elif isinstance(value, Decimal):
                number = float(value)
                sheet.cell(row, answer_col, int(number) if number.is_integer() else number)
            elif value is not None:
                text_cell(sheet.cell(row, answer_col), value)
            if first and note_col and answer.note:
                text_cell(sheet.cell(row, note_col), answer.note)
            if first and evidence_col and answer.evidence:
                text_cell(sheet.cell(row, evidence_col), answer.evidence)
    summary = book.create_sheet("Rekap")
    summary["A1"] = "Unit kerja"
    text_cell(summary["B1"], unit_name or "")
    out = Path(path)
    save_atomically(book, out)
    return out


def _options(item: Item) -> str:
    if item.kind is ItemKind.CHOICE:
        assert item.scale is not None
        return _CHOICES.get(item.scale.name, "/".join(item.scale.keys))
    return "Nilai 0-4" if item.kind is ItemKind.INDEX else "%"
