"""The LKE workbook (sheet ``LKE ZI``) in the layout of 90/2021 Lampiran III.

Columns: A–E the hierarchy numbering (``A.``, ``I.``, ``1.``, ``i.``, ``a.``), F the label, G our
code (an extra column), H Bobot, I Penjelasan (the source article), J Pilihan Jawaban (``Ya/Tidak``,
``A/B/C``, ``A/B/C/D``, ``A/B/C/D/E``, ``%``, ``Jumlah``, ``Nilai (0-4)``), K Jawaban, L Nilai,
M %, O notes, P–Q evidence. ``%`` rows are formulas over the ``Jumlah`` rows beneath them.

:func:`write_workbook` writes a blank or filled workbook with drop-down validation on every answer
cell and live formulas, so that a person editing it in Excel or LibreOffice sees the scores update
as the library computes them. :func:`read_workbook` reads answers, notes and evidence back from such
a workbook, including copies filled and saved by people: rows are located by their numbering (and the
code column when present), columns by their header names; blank rows, merged cells, extra columns and
extra sheets are tolerated; every bad cell is reported at once; cached formula results that differ
from the recomputed scores raise a :class:`WorkbookFiguresWarning` naming each row.

>>> import tempfile, os, zona_integritas as zi
>>> from zona_integritas import examples
>>> folder = tempfile.mkdtemp()
>>> path = write_workbook(examples.kediri_worksheet_2022(), os.path.join(folder, "lke.xlsx"))
>>> read_workbook(path).worksheet == examples.kediri_worksheet_2022()
True
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from ..decimals import round_half_up
from ..errors import (
    IncompleteWorksheetWarning,
    InvalidAnswerError,
    InvalidInputError,
    ZonaIntegritasError,
    ZonaIntegritasWarning,
)
from ..rulebook import FormulaKind, Indicator, Item, ItemKind, Rulebook
from ..rulebook_loader import load_rulebook
from ..scoring import ScoreCard, UnansweredPolicy, score
from ..worksheet import Answer, Assessor, Counts, Worksheet, validate_answer
from ._xlsx import MAX_ROWS, open_workbook, require_openpyxl
from .atomic import atomic_path

__all__ = ["SHEET", "WorkbookFiguresWarning", "WorkbookRead", "read_workbook", "write_workbook"]

#: The sheet name of the LKE.
SHEET = "LKE ZI"
_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x")
_CHOICE_LABELS = {"ya_tidak": "Ya/Tidak", "abc": "A/B/C", "abcd": "A/B/C/D", "abcde": "A/B/C/D/E"}
_INDEX_LABEL = "Nilai (0-4)"
_HEADERS = {
    "label": "Komponen / Indikator / Pertanyaan",
    "code": "Kode",
    "weight": "Bobot",
    "explanation": "Penjelasan",
    "options": "Pilihan Jawaban",
    "answer": "Jawaban",
    "value": "Nilai",
    "percent": "%",
    "note": "Catatan",
    "evidence": "Bukti Dukung",
    "evidence2": "Keterangan Bukti",
}
_COLUMNS = {
    "numbering": 1,
    "label": 6,
    "code": 7,
    "weight": 8,
    "explanation": 9,
    "options": 10,
    "answer": 11,
    "value": 12,
    "percent": 13,
    "note": 15,
    "evidence": 16,
    "evidence2": 17,
}


class WorkbookFiguresWarning(ZonaIntegritasWarning):
    """Figures cached in a workbook differ from the library's recomputed scores."""


@attrs.frozen
class WorkbookRead:
    """What :func:`read_workbook` found: the worksheet, and the unit and layout it came from."""

    worksheet: Worksheet
    unit: str | None
    layout: str
    differing_rows: tuple[int, ...] = ()


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(column))


# -- writing --------------------------------------------------------------------------------------------------
@attrs.define
class _Writer:
    sheet: Any
    rulebook: Rulebook
    worksheet: Worksheet | None
    policy: UnansweredPolicy
    row: int = 7
    validations: dict[str, Any] = attrs.Factory(dict)
    rows: dict[str, int] = attrs.Factory(dict)

    def cell(
        self, column: str, value: Any, *, row: int | None = None, bold: bool = False, fmt: str | None = None
    ) -> Any:
        c = self.sheet.cell(row=row or self.row, column=_COLUMNS[column], value=value)
        if bold:
            from openpyxl.styles import Font

            c.font = Font(bold=True)
        if fmt:
            c.number_format = fmt
        return c

    def ref(self, column: str, row: int) -> str:
        return f"{_letter(_COLUMNS[column])}{row}"

    def heading(self, level: int, token: str | None, label: str, code: str, weight: Decimal) -> int:
        row = self.row
        self.sheet.cell(row=row, column=_COLUMNS["numbering"] + level, value=token)
        self.cell("label", label, bold=level < 4)
        self.cell("code", code)
        self.cell("weight", float(weight), fmt="0.00")
        self.rows[code] = row
        self.row += 1
        return row

    def validate(self, kind: str, formula1: str | None, cell: str, **extra: Any) -> None:
        from openpyxl.worksheet.datavalidation import DataValidation

        key = f"{kind}:{formula1}:{extra}"
        dv = self.validations.get(key)
        if dv is None:
            dv = DataValidation(type=kind, formula1=formula1, allow_blank=True, showErrorMessage=True, **extra)
            dv.error = "Jawaban tidak sesuai pilihan"
            self.sheet.add_data_validation(dv)
            self.validations[key] = dv
        dv.add(cell)

    def answer_of(self, item: Item) -> Answer | None:
        return None if self.worksheet is None else self.worksheet.answer(item.code)

    def item(self, item: Item, level: int, letter: str, weight: Decimal | None = None) -> int:
        row = self.row
        self.sheet.cell(row=row, column=_COLUMNS["numbering"] + level, value=f"{letter}.")
        self.cell("label", item.label.id)
        self.cell("code", item.code)
        if weight is not None:
            self.cell("weight", float(weight), fmt="0.00")
        self.cell("explanation", item.source)
        answer = self.answer_of(item)
        k = self.ref("answer", row)
        if answer is not None:
            self.cell("note", answer.note)
            self.cell("evidence", answer.evidence)
        if item.kind is ItemKind.CHOICE:
            assert item.scale is not None
            self.cell("options", _CHOICE_LABELS.get(item.scale.name, "/".join(item.scale.keys)))
            if answer is not None and answer.value is not None:
                self.cell("answer", answer.value)
            self.validate("list", '"' + ",".join(item.scale.keys) + '"', k)
            formula = '""'
            for option in reversed(item.scale.options):
                formula = f'IF(UPPER(TRIM({k}))="{option.key.upper()}",{option.multiplier},{formula})'
            self.cell("value", f'=IF({k}="","",{formula})', fmt="0.00")
            self.row += 1
        elif item.kind is ItemKind.INDEX:
            assert item.scale is not None and item.scale.minimum is not None and item.scale.maximum is not None
            low, high = item.scale.minimum, item.scale.maximum
            self.cell("options", _INDEX_LABEL if (low, high) == (Decimal(0), Decimal(4)) else f"Nilai ({low}-{high})")
            if answer is not None and isinstance(answer.value, Decimal):
                self.cell("answer", float(answer.value), fmt="0.00")
            self.validate("decimal", str(low), k, operator="between", formula2=str(high))
            self.cell("value", f'=IF({k}="","",({k}-{low})/({high}-{low}))', fmt="0.0000")
            self.row += 1
        else:
            self.count_item(item, answer)
        self.rows[item.code] = row
        return row

    def count_item(self, item: Item, answer: Answer | None) -> None:
        assert item.formula is not None
        row = self.row
        self.cell("options", "%")
        self.row += 1
        refs: dict[str, str] = {}
        counts = answer.value if answer is not None and isinstance(answer.value, Counts) else None
        for inp in item.inputs:
            self.cell("label", inp.label.id)
            self.cell("code", f"{item.code}:{inp.name}")
            self.cell("options", "Jumlah")
            k = self.ref("answer", self.row)
            if counts is not None:
                self.cell("answer", counts[inp.name])
            self.validate("whole", "0", k, operator="greaterThanOrEqual")
            refs[inp.name] = k
            self.row += 1
        f = item.formula
        blanks = ",".join(f'{refs[n]}=""' for n in (*f.numerator, *f.denominator))
        num = "+".join(refs[n] for n in f.numerator)
        den = "+".join(refs[n] for n in f.denominator)
        if f.kind is FormulaKind.DECREASE_RATIO:
            prev, cur = refs[f.denominator[0]], refs[f.numerator[0]]
            body = f"IF(AND({prev}=0,{cur}=0),1,IF({prev}=0,0,MAX(0,({prev}-{cur})/{prev})))"
        else:
            body = f"IF(({den})=0,{f.when_denominator_is_zero},MIN(1,({num})/({den})))"
        self.cell("answer", f'=IF(OR({blanks}),"",{body})', row=row, fmt="0.0000")
        self.cell("value", f"={self.ref('answer', row)}", row=row, fmt="0.0000")

    def indicator(self, ind: Indicator, level: int, token: str) -> int:
        row = self.heading(level, token, ind.label.id, ind.code, ind.weight)
        self.cell("explanation", ind.source, row=row)
        if ind.parts:
            part_rows = []
            for letter, part in zip("abcdefgh", ind.parts, strict=False):
                (item,) = part.items
                part_rows.append(self.item(item, level + 1, letter, weight=part.weight))
            terms = "+".join(f"{self.ref('weight', r)}*N({self.ref('value', r)})" for r in part_rows)
            self.cell("value", f"={terms}", row=row, fmt="0.00")
        else:
            item_rows = [
                self.item(item, level + 1, letter) for letter, item in zip(_letters(ind.items), ind.items, strict=True)
            ]
            cells = ",".join(self.ref("value", r) for r in item_rows)
            weight = self.ref("weight", row)
            if self.policy is UnansweredPolicy.SKIP:
                formula = f"=IF(COUNT({cells})=0,0,AVERAGE({cells})*{weight})"
            else:
                formula = f"=SUM({cells})/{len(item_rows)}*{weight}"
            self.cell("value", formula, row=row, fmt="0.00")
        self.cell("percent", f"={self.ref('value', row)}/{self.ref('weight', row)}*100", row=row, fmt="0.00")
        return row

    def total(self, row: int, parts: Iterable[int]) -> None:
        cells = ",".join(self.ref("value", r) for r in parts)
        self.cell("value", f"=SUM({cells})", row=row, fmt="0.00")
        self.cell("percent", f"={self.ref('value', row)}/{self.ref('weight', row)}*100", row=row, fmt="0.00")


def _letters(items: Iterable[Item]) -> list[str]:
    return [item.code.rsplit(".", 1)[-1] for item in items]


def write_workbook(
    source: Worksheet | Rulebook,
    path: str | Path,
    *,
    unit: str | None = None,
    unanswered: UnansweredPolicy | str = UnansweredPolicy.ZERO,
) -> Path:
    """Write a blank (from a rulebook) or filled (from a worksheet) LKE workbook with live formulas."""
    openpyxl = require_openpyxl()
    from openpyxl.styles import Alignment, Font

    worksheet = source if isinstance(source, Worksheet) else None
    rulebook = source.rulebook if isinstance(source, Worksheet) else source
    policy = UnansweredPolicy(unanswered)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet["A1"] = "LEMBAR KERJA EVALUASI ZONA INTEGRITAS"
    sheet["A1"].font = Font(bold=True, size=13)
    who = worksheet.assessor.value if worksheet else ""
    for row, key, value in (
        (2, "Peraturan", rulebook.id),
        (3, "Penilai", who),
        (4, "Unit", unit or ""),
        (5, "Jawaban kosong", policy.value),
    ):
        sheet.cell(row=row, column=1, value=key)
        sheet.cell(row=row, column=_COLUMNS["label"], value=value)
    sheet.cell(row=6, column=1, value="No")
    sheet.merge_cells(start_row=6, start_column=1, end_row=6, end_column=5)
    for key, title in _HEADERS.items():
        c = sheet.cell(row=6, column=_COLUMNS[key], value=title)
        c.font = Font(bold=True)
        c.alignment = Alignment(wrap_text=True)
    w = _Writer(sheet, rulebook, worksheet, policy)
    total_row = w.heading(0, None, "NILAI TOTAL (PENGUNGKIT + HASIL)", "total", rulebook.total)
    sheet.cell(row=total_row, column=1, value=None)
    component_rows = []
    for comp_letter, comp in zip("AB", rulebook.components, strict=False):
        comp_row = w.heading(0, f"{comp_letter}.", comp.label.id.upper(), comp.code, comp.weight)
        component_rows.append(comp_row)
        sub_rows = []
        for roman, sub in zip(("I", "II", "III", "IV"), comp.subcomponents, strict=False):
            sub_row = w.heading(1, f"{roman}.", sub.label.id.upper(), sub.code, sub.weight)
            sub_rows.append(sub_row)
            if sub.halves:
                half_rows = []
                for half in sub.halves:
                    area = rulebook.area(half.area)
                    half_row = w.heading(2, f"{half.area}.", area.label.id.upper(), half.code, half.weight)
                    ind_rows = [w.indicator(ind, 3, _indicator_token(ind)) for ind in half.indicators]
                    w.total(half_row, ind_rows)
                    half_rows.append(half_row)
                w.total(sub_row, half_rows)
            else:
                item_rows = []
                for ind in sub.indicators:
                    (item,) = ind.items
                    item_rows.append(w.item(item, 4, item.code.rsplit(".", 1)[-1], weight=ind.weight))
                    w.rows[ind.code] = w.rows[item.code]
                terms = "+".join(f"{w.ref('weight', r)}*N({w.ref('value', r)})" for r in item_rows)
                w.cell("value", f"={terms}", row=sub_row, fmt="0.00")
                percent = f"={w.ref('value', sub_row)}/{w.ref('weight', sub_row)}*100"
                w.cell("percent", percent, row=sub_row, fmt="0.00")
        w.total(comp_row, sub_rows)
    w.total(total_row, component_rows)
    if sheet.max_row > MAX_ROWS:  # pragma: no cover - a rulebook this large is not in sight
        raise InvalidAnswerError("the rulebook is too large for one sheet")
    for column, width in (
        ("A", 4),
        ("B", 4),
        ("C", 4),
        ("D", 5),
        ("E", 4),
        ("F", 60),
        ("G", 14),
        ("H", 8),
        ("I", 28),
        ("J", 14),
        ("K", 10),
        ("L", 9),
        ("M", 9),
        ("O", 30),
        ("P", 30),
        ("Q", 20),
    ):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "G7"
    _summary(book, w, rulebook)
    out = Path(path)
    with atomic_path(out) as temporary:  # a failed save leaves no partial file
        book.save(temporary)
    return out


def _indicator_token(ind: Indicator) -> str:
    return f"{ind.code.rsplit('.', 1)[-1]}."


def _summary(book: Any, w: _Writer, rulebook: Rulebook) -> None:
    """A 'Rekap' sheet: whole areas and the verdict figures, as formulas over the LKE sheet."""
    sheet = book.create_sheet("Rekap")
    sheet.append(["Kode", "Uraian", "Nilai", "Bobot", "%"])
    lke = f"'{SHEET}'!"

    def val(code: str) -> str:
        return f"{lke}{w.ref('value', w.rows[code])}"

    for code, label in (
        ("total", "Nilai total"),
        *((c.code, c.label.id) for c in rulebook.components),
        *((s.code, s.label.id) for s in rulebook.subcomponents),
    ):
        r = sheet.max_row + 1
        sheet.append([code, label, f"={val(code)}", f"={lke}{w.ref('weight', w.rows[code])}", f"=C{r}/D{r}*100"])
    for area in rulebook.areas:
        r = sheet.max_row + 1
        value = "+".join(val(h.code) for h in area.halves)
        sheet.append([area.code, area.label.id, f"={value}", float(area.weight), f"=C{r}/D{r}*100"])
    for code in ("H1.a", "H1.b", "H2.a"):
        if code in w.rows:
            row = w.rows[code]
            r = sheet.max_row + 1
            sheet.append(
                [code, rulebook.item(code).label.id, f"={lke}H{row}*N({lke}L{row})", f"={lke}H{row}", f"=C{r}/D{r}*100"]
            )


# -- reading --------------------------------------------------------------------------------------------------
_TOKEN = re.compile(r"^\(?([A-Za-z]+|\d+)[.)]?$")


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _find_header(sheet: Any) -> tuple[int, dict[str, int]]:
    for row in sheet.iter_rows(min_row=1, max_row=min(sheet.max_row, 40)):
        names = {_text(c.value).casefold(): c.column for c in row if _text(c.value)}
        if "bobot" in names and "jawaban" in names:
            columns = {"weight": names["bobot"], "answer": names["jawaban"]}
            for key, header in _HEADERS.items():
                if header.casefold() in names:
                    columns.setdefault(key, names[header.casefold()])
            for name, column in names.items():
                if "pilihan" in name and "options" not in columns:
                    columns["options"] = column
                if name.startswith("catatan") and "note" not in columns:
                    columns["note"] = column
                if name.startswith("bukti") and "evidence" not in columns:
                    columns["evidence"] = column
                if (name.startswith("komponen") or name.startswith("uraian")) and "label" not in columns:
                    columns["label"] = column
            header_row = row[0].row
            if "options" not in columns:
                raise _bad(sheet, f"row {header_row}: no 'Pilihan Jawaban' column")
            columns.setdefault("label", columns["weight"] - 1)
            return header_row, columns
    raise _bad(sheet, "no header row with 'Bobot' and 'Jawaban' in the first 40 rows")


def _bad(sheet: Any, message: str) -> InvalidInputError:
    return InvalidInputError(
        f"sheet {sheet.title!r} cannot be read", [InvalidAnswerError(f"sheet {sheet.title!r}: {message}")]
    )


def _metadata(sheet: Any, header_row: int) -> dict[str, str]:
    found: dict[str, str] = {}
    for row in sheet.iter_rows(min_row=1, max_row=header_row - 1):
        cells = [c for c in row if _text(c.value)]
        if len(cells) >= 2:
            found[_text(cells[0].value).casefold().rstrip(":")] = _text(cells[1].value)
    return found


def read_workbook(
    path: str | Path,
    *,
    rulebook: Rulebook | None = None,
    assessor: Assessor | str | None = None,
    check_figures: bool = True,
) -> WorkbookRead:
    """Read the answers, notes and evidence of an LKE workbook (sheet ``LKE ZI``, or PortalRB's ``Jawaban``).

    The rulebook and the assessor come from the sheet's header cells (``Peraturan``, ``Penilai``)
    unless given. Every bad cell is reported at once, each message naming the sheet and the cell.
    """
    path = Path(path)
    book = open_workbook(path)
    sheet = next((s for s in book.worksheets if s.title.strip().casefold() == SHEET.casefold()), None)
    if sheet is None:
        if any(s.title.strip().casefold() == "jawaban" for s in book.worksheets):
            from .portalrb import read_jawaban_workbook

            unit_ws, _tpi = read_jawaban_workbook(path, rulebook=rulebook)
            return WorkbookRead(unit_ws, None, "portalrb-jawaban")
        raise InvalidInputError(
            f"{path} cannot be read",
            [InvalidAnswerError(f"{path}: no sheet {SHEET!r} (sheets: {', '.join(s.title for s in book.worksheets)})")],
        )
    if sheet.max_row > MAX_ROWS:
        raise _bad(sheet, f"{sheet.max_row:,} rows, more than the limit of {MAX_ROWS:,}")
    header_row, columns = _find_header(sheet)
    meta = _metadata(sheet, header_row)
    problems: list[Exception] = []
    if rulebook is None:
        try:
            rulebook = load_rulebook(meta.get("peraturan") or "permenpanrb-90-2021")
        except ZonaIntegritasError as exc:
            problems.append(InvalidAnswerError(f"sheet {sheet.title!r}: {exc}"))
            rulebook = load_rulebook("permenpanrb-90-2021")
    who_raw = assessor if assessor is not None else (meta.get("penilai") or "tpi")
    try:
        who = Assessor.parse(who_raw)
    except InvalidAnswerError as exc:
        problems.append(InvalidAnswerError(f"sheet {sheet.title!r}: {exc}"))
        who = Assessor.TPI
    answers, cells, _rows, more = _scan(sheet, header_row, columns, rulebook)
    problems += more
    validated: dict[str, Answer] = {}
    for code, raw in answers.items():
        item = rulebook.item(code)
        value, note, evidence = raw
        where = f"sheet {sheet.title!r}, cell {cells[code]}"
        if value is None:
            if note or evidence:
                validated[code] = Answer(None, note, evidence)
            continue
        try:
            validated[code] = Answer(validate_answer(item, value, where), note, evidence)
        except InvalidAnswerError as exc:
            problems.append(exc)
    if problems:
        raise InvalidInputError(f"{path} has problems", problems)
    worksheet = Worksheet(rulebook, who, tuple((c, validated[c]) for c in rulebook.item_codes if c in validated))
    differing: tuple[int, ...] = ()
    if check_figures:
        declared = meta.get("jawaban kosong")
        policies = [UnansweredPolicy(declared)] if declared in ("zero", "skip") else list(UnansweredPolicy)
        differing = _check_figures(path, sheet.title, worksheet, policies)
    return WorkbookRead(worksheet, meta.get("unit") or None, "lke-zi", differing)


def _scan(
    sheet: Any, header_row: int, columns: dict[str, int], rulebook: Rulebook
) -> tuple[dict[str, tuple[Any, str | None, str | None]], dict[str, str], dict[str, int], list[Exception]]:
    """Walk the rows: numbering and codes give item codes; returns answers, their cells and problems."""
    numbering = range(1, columns["label"])
    component = sub = area = indicator = ""
    answers: dict[str, tuple[Any, str | None, str | None]] = {}
    cells: dict[str, str] = {}
    rows: dict[str, int] = {}
    problems: list[Exception] = []
    counts_for: str | None = None
    count_values: dict[str, Any] = {}
    count_inputs: list[str] = []
    code_column = columns.get("code")

    def flush() -> None:
        nonlocal counts_for
        if counts_for is not None:
            item = rulebook.item(counts_for)
            present = [v for v in count_values.values() if v not in (None, "")]
            value: Any = dict(count_values) if present else None
            note, evidence = answers[counts_for][1], answers[counts_for][2]
            answers[counts_for] = (value, note, evidence)
            missing = [n for n in item.input_names if n not in count_values]
            if present and missing:
                problems.append(
                    InvalidAnswerError(
                        f"sheet {sheet.title!r}, row {rows[counts_for]}: item {counts_for!r} has no 'Jumlah' row for "
                        f"{', '.join(missing)}"
                    )
                )
        counts_for = None

    for row in sheet.iter_rows(min_row=header_row + 1, max_row=sheet.max_row):
        r = row[0].row
        values = {c.column: c.value for c in row}
        options = _text(values.get(columns["options"]))
        token_level, token = None, ""
        for offset, col in enumerate(numbering):
            if _text(values.get(col)):
                token_level, token = offset, _text(values.get(col))
                break
        label = _text(values.get(columns["label"]))
        if not options and token_level is None and not label:
            continue
        code = _text(values.get(code_column)) if code_column else ""
        if token_level is not None:
            match = _TOKEN.match(token)
            bare = match.group(1) if match else token
            if token_level == 0:
                component, sub, area, indicator = bare.upper(), "", "", ""
            elif token_level == 1:
                sub, area, indicator = bare.upper(), "", ""
            elif token_level == 2:
                area, indicator = bare, ""
            elif token_level == 3:
                indicator = bare.lower()
        if options.casefold() == "jumlah":
            if counts_for is None:
                problems.append(InvalidAnswerError(f"sheet {sheet.title!r}, row {r}: a 'Jumlah' row outside a % item"))
                continue
            name = code.split(":", 1)[1] if ":" in code and code.split(":", 1)[0] == counts_for else None
            if name is None:
                position = len(count_values)
                item = rulebook.item(counts_for)
                if position >= len(item.inputs):
                    problems.append(
                        InvalidAnswerError(
                            f"sheet {sheet.title!r}, row {r}: item {counts_for!r} "
                            f"takes {len(item.inputs)} 'Jumlah' rows"
                        )
                    )
                    continue
                name = item.inputs[position].name
            count_values[name] = values.get(columns["answer"])
            continue
        if not options:
            flush()
            continue
        flush()
        item_code = (
            code
            if code and rulebook.has_item(code)
            else _path_code(component, sub, area, indicator, token if token_level else "", token_level)
        )
        if item_code is None or not rulebook.has_item(item_code):
            problems.append(
                InvalidAnswerError(
                    f"sheet {sheet.title!r}, row {r}: cannot place the row (numbering {component}.{sub}.{area}."
                    f"{indicator}.{token}, code {code or '-'}) on an item of {rulebook.id!r}"
                )
            )
            continue
        if item_code in answers:
            problems.append(InvalidAnswerError(f"sheet {sheet.title!r}, row {r}: item {item_code!r} appears twice"))
            continue
        rows[item_code] = r
        cells[item_code] = f"{_letter(columns['answer'])}{r}"
        note = _text(values.get(columns.get("note", -1))) or None
        evidence_parts = [_text(values.get(columns.get(k, -1))) for k in ("evidence", "evidence2")]
        evidence = "\n".join(p for p in evidence_parts if p) or None
        value = values.get(columns["answer"])
        if isinstance(value, str) and value.startswith("="):
            value = None
        if isinstance(value, float) and value.is_integer() and rulebook.item(item_code).kind is ItemKind.COUNT:
            value = int(value)
        answers[item_code] = (None if value in (None, "") else value, note, evidence)
        if rulebook.item(item_code).kind is ItemKind.COUNT:
            counts_for = item_code
            count_values = {}
            count_inputs.clear()
    flush()
    return answers, cells, rows, problems


def _path_code(component: str, sub: str, area: str, indicator: str, token: str, level: int | None) -> str | None:
    if level != 4 or not token:
        return None
    letter = (_TOKEN.match(token).group(1) if _TOKEN.match(token) else token).lower()  # type: ignore[union-attr]
    if component == "A" and sub in ("I", "II") and area and indicator:
        return f"{'P' if sub == 'I' else 'R'}{area}.{indicator}.{letter}"
    if component == "B" and sub in ("I", "II"):
        if letter.isdigit():
            letter = "abcdefgh"[int(letter) - 1]
        return f"H{1 if sub == 'I' else 2}.{letter}"
    return None


def _check_figures(path: Path, title: str, worksheet: Worksheet, policies: list[UnansweredPolicy]) -> tuple[int, ...]:
    """Compare cached formula results (if any) with the recomputed scores; warn naming each row.

    Without a declared policy both are tried and the closer one is used (copies made from the
    official workbook follow its AVERAGE, that is ``"skip"``)."""
    book = open_workbook(path, data_only=True)
    sheet = book[title]
    header_row, columns = _find_header(sheet)
    code_column = columns.get("code")
    value_column = columns.get("value")
    if code_column is None or value_column is None:
        return ()
    cached_rows: list[tuple[int, str, Any]] = []
    for row in sheet.iter_rows(min_row=header_row + 1, max_row=sheet.max_row):
        values = {c.column: c.value for c in row}
        code = _text(values.get(code_column))
        cached = values.get(value_column)
        if code and isinstance(cached, int | float) and not isinstance(cached, bool):
            cached_rows.append((row[0].row, code, cached))
    best: list[tuple[int, str, Any, Decimal]] | None = None
    for policy in policies:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", IncompleteWorksheetWarning)
            card = score(worksheet, unanswered=policy)
        found: list[tuple[int, str, Any, Decimal]] = []
        for r, code, cached in cached_rows:
            expected = _expected(card, code)
            if expected is not None and round_half_up(Decimal(repr(float(cached)))) != round_half_up(expected):
                found.append((r, code, cached, expected))
        if best is None or len(found) < len(best):
            best = found
    differing = best or []
    if differing:
        lines = "; ".join(
            f"row {r} ({code}): workbook {cached:.2f}, recomputed {round_half_up(exp)}"
            for r, code, cached, exp in differing
        )
        warnings.warn(
            f"{path}: cached figures differ from the recomputed scores: {lines}", WorkbookFiguresWarning, stacklevel=3
        )
    return tuple(r for r, *_ in differing)


def _expected(card: ScoreCard, code: str) -> Decimal | None:
    rb = card.rulebook
    if rb.has_item(code):
        value = card.worksheet.value(code)
        return value
    try:
        return card.value(code)
    except ZonaIntegritasError:
        return None
