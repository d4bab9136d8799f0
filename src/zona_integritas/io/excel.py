"""The LKE workbook (sheet ``LKE ZI``) in the layout of 90/2021 Lampiran III.

Columns: A–E the hierarchy numbering (``A.``, ``I.``, ``1.``, ``i.``, ``a.``), F the label, G our
code (an extra column), H Bobot, I Penjelasan (the source article), J Pilihan Jawaban (``Ya/Tidak``,
``A/B/C``, ``A/B/C/D``, ``A/B/C/D/E``, ``%``, ``Jumlah``, ``Nilai (0-4)``), K Jawaban, L Nilai,
M %, O notes, P–Q evidence. ``%`` rows are formulas over the ``Jumlah`` rows beneath them.

:func:`write_workbook` writes a blank or filled workbook with drop-down validation on every answer
cell and live formulas, so that a person editing it in Excel or LibreOffice sees the scores update
as the library computes them. Every formula carries its cached result too, so readers that do not
recalculate (pandas, file previewers, openpyxl's ``data_only=True``) see the numbers. The ``Rekap`` sheet
shows the areas and the WBK and WBBM verdicts criterion by criterion, as live formulas. Text a user typed
(notes, evidence, the unit's name) is always stored as text, never as a formula.

:func:`read_workbook` (from :mod:`zona_integritas.io.workbooks`) reads this layout and the others
agencies circulate.

>>> import tempfile, os, zona_integritas as zi
>>> from zona_integritas import examples
>>> folder = tempfile.mkdtemp()
>>> path = write_workbook(examples.kediri_worksheet_2022(), os.path.join(folder, "lke.xlsx"))
>>> read_workbook(path).worksheet == examples.kediri_worksheet_2022()
True
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import attrs

from ..decimals import round_half_up
from ..errors import InvalidAnswerError
from ..i18n import N_, format_number, use_language
from ..i18n import gettext as _
from ..rulebook import CriterionKind, FormulaKind, Indicator, Item, ItemKind, Predicate, Rulebook
from ..rulebook_loader import available_rulebooks
from ..scoring import ScoreCard, UnansweredPolicy, score
from ..worksheet import Answer, Assessor, Counts, Worksheet
from ._xlsx import MAX_ROWS, require_openpyxl
from .atomic import atomic_path
from .layouts import ASSESSOR_WORDS as ASSESSOR_WORDS
from .layouts import assessor_words
from .workbooks import WorkbookFiguresWarning as WorkbookFiguresWarning
from .workbooks import WorkbookRead as WorkbookRead
from .workbooks import read_workbook as read_workbook

# read_workbook, WorkbookRead and WorkbookFiguresWarning are importable from here too; they live in .workbooks
__all__ = ["ASSESSOR_WORDS", "FIRST_ROW", "HEADER_ROW", "POLICY_WORDS", "SHEET", "write_workbook"]

#: The sheet name of the LKE.
SHEET = "LKE ZI"
_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x")
_CHOICE_LABELS = {"ya_tidak": "Ya/Tidak", "abc": "A/B/C", "abcd": "A/B/C/D", "abcde": "A/B/C/D/E"}
#: The header row's words: English message ids, written in the workbook's language (the reader knows both).
_HEADERS = {
    "label": N_("Component / Indicator / Question"),
    "code": N_("Code"),
    "weight": N_("Weight"),
    "explanation": N_("Explanation"),
    "options": N_("Answer options"),
    "answer": N_("Answer"),
    "value": N_("Value"),
    "percent": "%",
    "note": N_("Notes"),
    "evidence": N_("Supporting evidence"),
    "evidence2": N_("Evidence notes"),
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
#: The columns of an agency's copy of the official sheet: numbering from B with each row's text after it,
#: no code column (``Penilaian`` heads B–G).
_COPY_COLUMNS = {**{k: v for k, v in _COLUMNS.items() if k != "code"}, "numbering": 2, "label": 7}


#: The unanswered-items policy as the workbook header explains it (English message ids, written translated).
POLICY_WORDS = {
    UnansweredPolicy.ZERO: N_("Counted as zero: an unanswered question counts 0 in its indicator's average"),
    UnansweredPolicy.SKIP: N_(
        "Not counted: an unanswered question is left out of its indicator's average "
        "(as the AVERAGE function of the official LKE does)"
    ),
}
_MET, _NOT_MET, _NOT_FILLED = N_("Meets"), N_("Does not meet yet"), N_("Not filled in")
#: The header row of the ``LKE ZI`` sheet and its first item row.
HEADER_ROW = 7
FIRST_ROW = HEADER_ROW + 1


def _zero_denominator_words(rulebook: Rulebook) -> str:
    """Each count item's value when its denominator is 0 (no source has a rule; the rulebook states ours)."""
    parts = []
    for item in rulebook.items:
        if item.formula is None:
            continue
        if item.formula.kind is FormulaKind.DECREASE_RATIO:
            words = _("full value when last year and this year are both 0, value 0 when only last year is 0")
        else:
            value = item.formula.when_denominator_is_zero
            full = value == 1
            words = _("full value (100%)") if full else _("value {value}").format(value=_plain_number(value))
        parts.append(f"{item.code} {item.label.in_language()}: {words}")
    if not parts:
        return _("no percentage items")
    return _("If the denominator of a percentage item is 0 — {rules}").format(rules="; ".join(parts))


def _plain_number(value: Any) -> str:
    """A number for people: whole numbers without decimals, others with two (in the language's symbols)."""
    number = Decimal(str(value))
    return format_number(number, 0 if number == number.to_integral_value() else 2)


def _text_value(cell: Any, value: Any) -> Any:
    """Store ``value``; text stays text even when it begins with ``=`` (no formula injection)."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


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
    card: ScoreCard
    row: int = FIRST_ROW
    validations: dict[str, Any] = attrs.Factory(dict)
    rows: dict[str, int] = attrs.Factory(dict)
    cached: dict[str, Any] = attrs.Factory(dict)
    columns: dict[str, int] = attrs.Factory(lambda: dict(_COLUMNS))
    #: the official copies write a row's text in the column after its numbering, not in one label column
    label_follows_token: bool = False
    label_column: int | None = None

    def number(self, row: int, level: int, token: str | None) -> None:
        column = self.columns["numbering"] + level
        self.sheet.cell(row=row, column=column, value=token)
        if self.label_follows_token:
            self.label_column = column + 1

    def cell(
        self,
        column: str,
        value: Any,
        *,
        row: int | None = None,
        bold: bool = False,
        fmt: str | None = None,
        cached: Any = None,
    ) -> Any:
        if column not in self.columns:
            return None
        index = self.columns[column]
        if column == "label" and self.label_column is not None:
            index = self.label_column
        c = self.sheet.cell(row=row or self.row, column=index)
        if isinstance(value, str) and value.startswith("=") and column in ("value", "percent", "answer"):
            c.value = value
            self.cached[c.coordinate] = cached
        else:
            _text_value(c, value)
        if bold:
            from openpyxl.styles import Font

            c.font = Font(bold=True)
        if fmt:
            c.number_format = fmt
        return c

    def ref(self, column: str, row: int) -> str:
        return f"{_letter(self.columns[column])}{row}"

    def heading(self, level: int, token: str | None, label: str, code: str, weight: Decimal) -> int:
        row = self.row
        self.number(row, level, token)
        self.cell("label", label, bold=level < 4)
        self.cell("code", code)
        self.cell("weight", float(weight), fmt="0.00")
        self.rows[code] = row
        self.row += 1
        return row

    def validate(
        self, kind: Literal["list", "decimal", "whole"], formula1: str | None, cell: str, **extra: Any
    ) -> None:
        from openpyxl.worksheet.datavalidation import DataValidation

        key = f"{kind}:{formula1}:{extra}"
        dv = self.validations.get(key)
        if dv is None:
            dv = DataValidation(type=kind, formula1=formula1, allow_blank=True, showErrorMessage=True, **extra)
            dv.error = _("The answer is not one of the options")
            self.sheet.add_data_validation(dv)
            self.validations[key] = dv
        dv.add(cell)

    def answer_of(self, item: Item) -> Answer | None:
        return None if self.worksheet is None else self.worksheet.answer(item.code)

    def item(self, item: Item, level: int, letter: str, weight: Decimal | None = None) -> int:
        row = self.row
        self.number(row, level, f"{letter}.")
        self.cell("label", item.label.in_language())
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
            self.cell("value", f'=IF({k}="","",{formula})', fmt="0.00", cached=self.item_cached(item))
            self.row += 1
        elif item.kind is ItemKind.INDEX:
            assert item.scale is not None and item.scale.minimum is not None and item.scale.maximum is not None
            low, high = item.scale.minimum, item.scale.maximum
            self.cell("options", _("Score ({low}-{high})").format(low=_plain_number(low), high=_plain_number(high)))
            if answer is not None and isinstance(answer.value, Decimal):
                self.cell("answer", float(answer.value), fmt="0.00")
            self.validate("decimal", str(low), k, operator="between", formula2=str(high))
            self.cell(
                "value", f'=IF({k}="","",({k}-{low})/({high}-{low}))', fmt="0.0000", cached=self.item_cached(item)
            )
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
            words = inp.label.in_language()
            self.cell("label", f"- {words}" if self.label_follows_token else words)
            self.cell("code", f"{item.code}:{inp.name}")
            self.cell("options", _("Count"))
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
        mine = self.item_cached(item)
        self.cell("answer", f'=IF(OR({blanks}),"",{body})', row=row, fmt="0.0000", cached=mine)
        self.cell("value", f"={self.ref('answer', row)}", row=row, fmt="0.0000", cached=mine)

    def item_cached(self, item: Item) -> Any:
        value = self.card.worksheet.value(item.code)
        return "" if value is None else value

    def node_cached(self, code: str) -> Decimal:
        return self.card.value(code)

    def percent(self, row: int, code: str, weight: Decimal) -> None:
        formula = f"={self.ref('value', row)}/{self.ref('weight', row)}*100"
        self.cell("percent", formula, row=row, fmt="0.00", cached=self.node_cached(code) / weight * 100)

    def indicator(self, ind: Indicator, level: int, token: str) -> int:
        row = self.heading(level, token, ind.label.in_language(), ind.code, ind.weight)
        self.cell("explanation", ind.source, row=row)
        if ind.parts:
            part_rows = []
            for letter, part in zip("abcdefgh", ind.parts, strict=False):
                (item,) = part.items
                part_rows.append(self.item(item, level + 1, letter, weight=part.weight))
            terms = "+".join(f"{self.ref('weight', r)}*N({self.ref('value', r)})" for r in part_rows)
            self.cell("value", f"={terms}", row=row, fmt="0.00", cached=self.node_cached(ind.code))
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
            self.cell("value", formula, row=row, fmt="0.00", cached=self.node_cached(ind.code))
        self.percent(row, ind.code, ind.weight)
        return row

    def total(self, row: int, parts: Iterable[int], code: str, weight: Decimal) -> None:
        cells = ",".join(self.ref("value", r) for r in parts)
        self.cell("value", f"=SUM({cells})", row=row, fmt="0.00", cached=self.node_cached(code))
        self.percent(row, code, weight)


def _letters(items: Iterable[Item]) -> list[str]:
    return [item.code.rsplit(".", 1)[-1] for item in items]


def regulation_words(rulebook: Rulebook) -> str:
    """The ``Peraturan`` header: the regulation's title, and for a city's own variant its id in brackets, so that
    reading the workbook finds the registered variant rather than the regulation it builds on.

    >>> from zona_integritas import load_rulebook
    >>> regulation_words(load_rulebook("permenpanrb-90-2021"))[:40]
    'Peraturan Menteri PANRB Nomor 90 Tahun 2'
    """
    if rulebook.id in available_rulebooks():
        return rulebook.title
    return f"{rulebook.title} [{rulebook.id}]"


def write_workbook(
    source: Worksheet | Rulebook,
    path: str | Path,
    *,
    unit: str | None = None,
    unanswered: UnansweredPolicy | str = UnansweredPolicy.ZERO,
    layout: str = "lke-zi",
    language: str | None = None,
) -> Path:
    """Write a blank (from a rulebook) or filled (from a worksheet) LKE workbook with live formulas.

    Every formula carries its cached result; the ``Rekap`` sheet holds the WBK and WBBM verdicts.
    ``layout="lke-zi-salinan"`` writes the sheet as agencies' copies of the official workbook lay it out
    (``Penilaian`` over B–G, each row's text after its numbering, no code column).
    ``language`` is the language of the headers, the labels and the ``Rekap`` words (default: the current
    language, Indonesian unless chosen otherwise); answers keep the rulebook's option keys (``Ya``, ``A``...)
    and :func:`read_workbook` reads a workbook written in either language.
    The file is written through a temporary file, so a failure never leaves half a workbook.

    >>> import tempfile, os, openpyxl
    >>> from zona_integritas import examples
    >>> folder = tempfile.mkdtemp()
    >>> path = write_workbook(examples.kediri_worksheet_2022(), os.path.join(folder, "k.xlsx"), language="id")
    >>> rekap = openpyxl.load_workbook(path, data_only=True)["Rekap"]
    >>> rekap["B2"].value, round(rekap["C2"].value, 2)
    ('Nilai total', 87.76)
    >>> path = write_workbook(examples.kediri_worksheet_2022(), os.path.join(folder, "e.xlsx"), language="en")
    >>> openpyxl.load_workbook(path)["Rekap"]["B2"].value
    'Total score'
    """
    with use_language(language):
        return _write_workbook(source, path, unit=unit, unanswered=unanswered, layout=layout)


def _write_workbook(
    source: Worksheet | Rulebook, path: str | Path, *, unit: str | None, unanswered: UnansweredPolicy | str, layout: str
) -> Path:
    openpyxl = require_openpyxl()
    from openpyxl.styles import Alignment, Font

    worksheet = source if isinstance(source, Worksheet) else None
    rulebook = source.rulebook if isinstance(source, Worksheet) else source
    policy = UnansweredPolicy(unanswered)
    card = score(worksheet or Worksheet(rulebook, Assessor.TPI, ()), unanswered=policy, quiet=True)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet["A1"] = _("ZONA INTEGRITAS EVALUATION WORKSHEET (LKE)")
    sheet["A1"].font = Font(bold=True, size=13)
    who = assessor_words(worksheet.assessor) if worksheet else ""
    for row, key, value in (
        (2, _("Regulation"), regulation_words(rulebook)),
        (3, _("Assessor"), who),
        (4, _("Organisational unit"), unit or ""),
        (5, _("Unanswered items"), _(POLICY_WORDS[policy])),
        (6, _("Zero denominator"), _zero_denominator_words(rulebook)),
    ):
        sheet.cell(row=row, column=1, value=key)
        _text_value(sheet.cell(row=row, column=_COLUMNS["label"]), value)
    if layout not in ("lke-zi", "lke-zi-salinan"):
        raise InvalidAnswerError(
            _("write_workbook writes the layouts 'lke-zi' and 'lke-zi-salinan'; got {layout!r}").format(layout=layout),
            code="unknown-layout",
        )
    copy = layout == "lke-zi-salinan"
    columns = dict(_COPY_COLUMNS if copy else _COLUMNS)
    if copy:
        sheet.cell(row=HEADER_ROW, column=2, value=_("Assessment")).font = Font(bold=True)
        sheet.merge_cells(start_row=HEADER_ROW, start_column=2, end_row=HEADER_ROW, end_column=7)
    else:
        sheet.cell(row=HEADER_ROW, column=1, value="No")
        sheet.merge_cells(start_row=HEADER_ROW, start_column=1, end_row=HEADER_ROW, end_column=5)
    for key, title in _HEADERS.items():
        if key not in columns or (copy and key == "label"):
            continue
        c = sheet.cell(row=HEADER_ROW, column=columns[key], value=_(title) if title != "%" else title)
        c.font = Font(bold=True)
        c.alignment = Alignment(wrap_text=True)
    w = _Writer(sheet, rulebook, worksheet, policy, card, columns=columns, label_follows_token=copy)
    parts = " + ".join(c.label.in_language() for c in rulebook.components)
    total_row = w.heading(0, None, _("TOTAL SCORE ({parts})").format(parts=parts).upper(), "total", rulebook.total)
    sheet.cell(row=total_row, column=1, value=None)
    component_rows = []
    for comp_letter, comp in zip("AB", rulebook.components, strict=False):
        comp_row = w.heading(0, f"{comp_letter}.", comp.label.in_language().upper(), comp.code, comp.weight)
        component_rows.append(comp_row)
        sub_rows = []
        for roman, sub in zip(("I", "II", "III", "IV"), comp.subcomponents, strict=False):
            sub_row = w.heading(1, f"{roman}.", sub.label.in_language().upper(), sub.code, sub.weight)
            sub_rows.append(sub_row)
            if sub.halves:
                half_rows = []
                for half in sub.halves:
                    area = rulebook.area(half.area)
                    half_row = w.heading(2, f"{half.area}.", area.label.in_language().upper(), half.code, half.weight)
                    ind_rows = [w.indicator(ind, 3, _indicator_token(ind)) for ind in half.indicators]
                    w.total(half_row, ind_rows, half.code, half.weight)
                    half_rows.append(half_row)
                w.total(sub_row, half_rows, sub.code, sub.weight)
            else:
                item_rows = []
                for ind in sub.indicators:
                    (item,) = ind.items
                    item_rows.append(w.item(item, 4, item.code.rsplit(".", 1)[-1], weight=ind.weight))
                    w.rows[ind.code] = w.rows[item.code]
                terms = "+".join(f"{w.ref('weight', r)}*N({w.ref('value', r)})" for r in item_rows)
                w.cell("value", f"={terms}", row=sub_row, fmt="0.00", cached=card.value(sub.code))
                w.percent(sub_row, sub.code, sub.weight)
        w.total(comp_row, sub_rows, comp.code, comp.weight)
    w.total(total_row, component_rows, "total", rulebook.total)
    if sheet.max_row > MAX_ROWS:  # pragma: no cover - a rulebook this large is not in sight
        raise InvalidAnswerError(_("the rulebook is too large for one sheet"))
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
    sheet.freeze_panes = f"G{FIRST_ROW}"
    rekap = _summary(book, w, rulebook, card)
    out = Path(path)
    _save_with_cached_values(book, out, {SHEET: w.cached, "Rekap": rekap})
    return out


def _save_with_cached_values(book: Any, out: Path, cached: Mapping[str, Mapping[str, Any]]) -> None:
    """Save ``book`` and put each formula's cached result beside it; atomically (temporary file + replace)."""
    with atomic_path(out) as temporary:  # the library's one atomic write: temporary file, fsync, replace
        book.save(temporary)
        parts = {f"xl/worksheets/sheet{i}.xml": cached.get(s.title, {}) for i, s in enumerate(book.worksheets, 1)}
        with zipfile.ZipFile(temporary) as source:
            entries = [(info, source.read(info.filename)) for info in source.infolist()]
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as target:
            for info, data in entries:
                values = parts.get(info.filename)
                target.writestr(info, _with_cached(data.decode("utf-8"), values).encode("utf-8") if values else data)


_FORMULA_CELL = re.compile(
    r'<c r="([A-Z]+[0-9]+)"([^>]*)><f>(.*?)</f><v\s*/></c>|<c r="([A-Z]+[0-9]+)"([^>]*)><f>(.*?)</f><v></v></c>'
)


def _with_cached(xml: str, values: Mapping[str, Any]) -> str:
    def put(match: re.Match[str]) -> str:
        ref = match.group(1) or match.group(4)
        attributes = match.group(2) if match.group(1) else match.group(5)
        formula = match.group(3) if match.group(1) else match.group(6)
        value = values.get(ref)
        if value is None:
            return match.group(0)
        if isinstance(value, str):
            text = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            return f'<c r="{ref}"{attributes} t="str"><f>{formula}</f><v>{text}</v></c>'
        if isinstance(value, bool):
            return f'<c r="{ref}"{attributes} t="b"><f>{formula}</f><v>{int(value)}</v></c>'
        return f'<c r="{ref}"{attributes}><f>{formula}</f><v>{float(value)!r}</v></c>'

    return _FORMULA_CELL.sub(put, xml)


def _indicator_token(ind: Indicator) -> str:
    return f"{ind.code.rsplit('.', 1)[-1]}."


def _summary(book: Any, w: _Writer, rulebook: Rulebook, card: ScoreCard) -> dict[str, Any]:
    """A ``Rekap`` sheet: the figures and the WBK/WBBM verdicts, as live formulas over the LKE sheet.

    Returns each formula cell's cached result.
    """
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    sheet = book.create_sheet("Rekap")
    cached: dict[str, Any] = {}
    sheet.append([_("Code"), _("Description"), _("Value"), _("Weight"), "%"])
    lke = f"'{SHEET}'!"
    at: dict[str, int] = {}

    def val(code: str) -> str:
        return f"{lke}{w.ref('value', w.rows[code])}"

    def figure(code: str, label: str, value: str, weight: Any, exact: Decimal, maximum: Decimal) -> None:
        r = sheet.max_row + 1
        sheet.append([code, label, value, weight, f"=C{r}/D{r}*100"])
        cached[f"C{r}"] = exact
        if isinstance(weight, str):
            cached[f"D{r}"] = maximum
        cached[f"E{r}"] = exact / maximum * 100
        at[code] = r

    for code, label, weight in (
        ("total", _("Total score"), rulebook.total),
        *((c.code, c.label.in_language(), c.weight) for c in rulebook.components),
        *((s.code, s.label.in_language(), s.weight) for s in rulebook.subcomponents),
    ):
        figure(code, label, f"={val(code)}", f"={lke}{w.ref('weight', w.rows[code])}", card.value(code), weight)
    for area in rulebook.areas:
        value = "+".join(val(h.code) for h in area.halves)
        figure(area.code, area.label.in_language(), f"={value}", float(area.weight), card.value(area.code), area.weight)
    for sub in rulebook.subcomponents:
        if sub.halves:
            continue
        for ind in sub.indicators:
            (item,) = ind.items
            row = w.rows[item.code]
            figure(
                item.code,
                item.label.in_language(),
                f"={lke}H{row}*N({lke}L{row})",
                f"={lke}H{row}",
                card.value(ind.code),
                ind.weight,
            )
    yes, no = _("Yes"), _("No")
    met, not_met, not_filled = _(_MET), _(_NOT_MET), _(_NOT_FILLED)
    held_row = sheet.max_row + 2
    sheet.cell(held_row, 2, _("Already holds the Menuju WBK predicate? ({yes}/{no}, for WBBM)").format(yes=yes, no=no))
    held = DataValidation(type="list", formula1=f'"{yes},{no}"', allow_blank=True)
    sheet.add_data_validation(held)
    held.add(f"C{held_row}")
    for predicate in (Predicate.WBK, Predicate.WBBM):
        criteria = rulebook.criteria_for(predicate)
        if not criteria:
            continue
        top = sheet.max_row + 2
        sheet.cell(top, 1, _("Menuju {predicate} predicate").format(predicate=predicate.value)).font = Font(bold=True)
        titles = (_("Criterion"), _("Value"), _("Minimum required"), _("Result"), _("Basis"))
        for column, title in enumerate(titles, start=2):
            sheet.cell(top, column, title).font = Font(bold=True)
        results = []
        for criterion in criteria:
            r = sheet.max_row + 1
            sheet.cell(r, 1, f"{predicate.value}:{criterion.key}")
            sheet.cell(r, 2, criterion.label.in_language())
            sheet.cell(r, 6, criterion.source)
            if criterion.kind is CriterionKind.PRIOR_PREDICATE:
                sheet.cell(r, 3, f'=IF(C{held_row}="","{not_filled}",C{held_row})')
                cached[f"C{r}"] = not_filled
                sheet.cell(r, 4, yes)
                formula = f'=IF(C{held_row}="","{not_filled}",IF(C{held_row}="{yes}","{met}","{not_met}"))'
                result = not_filled
            elif criterion.kind is CriterionKind.EACH_AREA:
                assert criterion.minimum is not None
                cells = ",".join(f"ROUND(E{at[a.code]},2)" for a in rulebook.areas)
                sheet.cell(r, 3, f"=MIN({cells})").number_format = "0.00"
                lowest = min(round_half_up(card.value(a.code) / a.weight * 100) for a in rulebook.areas)
                cached[f"C{r}"] = lowest
                sheet.cell(r, 4, float(criterion.minimum))
                formula = f'=IF(C{r}>=D{r},"{met}","{not_met}")'
                result = met if lowest >= criterion.minimum else not_met
            else:
                assert criterion.node is not None and criterion.minimum is not None
                source = at.get(criterion.node)
                exact = card.value(criterion.node)
                reference = f"C{source}" if source else val(criterion.node)
                sheet.cell(r, 3, f"=ROUND({reference},2)").number_format = "0.00"
                cached[f"C{r}"] = round_half_up(exact)
                sheet.cell(r, 4, float(criterion.minimum))
                formula = f'=IF(C{r}>=D{r},"{met}","{not_met}")'
                result = met if round_half_up(exact) >= criterion.minimum else not_met
            sheet.cell(r, 5, formula)
            cached[f"E{r}"] = result
            results.append(result)
        r = sheet.max_row + 1
        sheet.cell(r, 2, _("Conclusion for Menuju {predicate}").format(predicate=predicate.value)).font = Font(
            bold=True
        )
        span = f"E{top + 1}:E{r - 1}"
        sheet.cell(
            r,
            5,
            f'=IF(COUNTIF({span},"{met}")={len(criteria)},"{met}",'
            f'IF(COUNTIF({span},"{not_met}")>0,"{not_met}","{not_filled}"))',
        ).font = Font(bold=True)
        if all(x == met for x in results):
            cached[f"E{r}"] = met
        elif not_met in results:
            cached[f"E{r}"] = not_met
        else:
            cached[f"E{r}"] = not_filled
    sheet.column_dimensions["B"].width = 50
    sheet.column_dimensions["F"].width = 40
    return cached
