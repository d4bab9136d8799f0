"""Read the LKE workbooks agencies circulate, every assessor's column, and write answers back into them.

:func:`read_workbook` recognises the layout of a workbook from its sheet names and header words (the
profiles of :mod:`zona_integritas.io.layouts`), places every row on the rulebook and returns a
:class:`WorkbookRead`:

- ``layout`` / ``layout_title``: the detected layout (``lke-zi``, ``lke-zi-salinan``,
  ``jawaban-berjenjang``, ``portalrb-jawaban``) and its name in words;
- ``columns``: one :class:`AssessorColumn` per assessor block present, in sheet order — the unit
  (tier 0), each TPI tier (1, 2, …), TPN — each with its :class:`~zona_integritas.Worksheet` (answers with
  their notes and evidence) and the cell of every item;
- ``review_gaps``: the blank review cells, items the unit answered that a reviewer's column leaves blank;
- ``disagreements``: figures cached in the file that differ from the library's scores (cell, theirs,
  ours, why) — reported, never fatal.

Every problem names the sheet, the cell and the row's own label; all problems are raised together.
:func:`fill_workbook` writes one assessor's answers and notes into the matching column of an existing
workbook of any of these layouts, touching only that column's answer, note and evidence cells.

>>> import tempfile, os
>>> from zona_integritas import examples
>>> from zona_integritas.io.excel import write_workbook
>>> folder = tempfile.mkdtemp()
>>> path = write_workbook(examples.kediri_worksheet_2022(), os.path.join(folder, "lke.xlsx"), unit="DPM PTSP")
>>> found = read_workbook(path)
>>> found.layout, found.unit, [(c.assessor.value, c.tier) for c in found.columns]
('lke-zi', 'DPM PTSP', [('tpi', 1)])
>>> found.select("tpi").worksheet == examples.kediri_worksheet_2022()
True
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import attrs

from ..errors import InvalidAnswerError, InvalidInputError, ZonaIntegritasWarning
from ..i18n import N_, format_integer, format_number, use_language
from ..i18n import gettext as _
from ..rulebook import Item, ItemCode, ItemKind, Rulebook
from ..scoring import UnansweredPolicy
from ..worksheet import Answer, Assessor, Counts, Worksheet, parse_count, validate_answer
from ._workbook_figures import Cells
from ._workbook_figures import check_figures as compare_figures
from ._workbook_structure import HEADER_SEARCH_ROWS as HEADER_SEARCH_ROWS
from ._workbook_structure import MAX_COLUMNS as _MAX_COLUMNS
from ._workbook_structure import (
    Block,
    Structure,
    assessor_named,
    cell_text,
    column_letter,
    metadata,
    policy_named,
    read_structure,
    sheet_cell,
    shortened,
)
from ._workbook_structure import official_rows as official_rows
from ._xlsx import cached_formula_values, open_workbook
from .layouts import Locate, assessor_words

__all__ = [
    "MAX_COLUMNS",
    "AssessorColumn",
    "FigureDisagreement",
    "ReviewGap",
    "WorkbookFiguresWarning",
    "WorkbookFillWarning",
    "WorkbookRead",
    "fill_workbook",
    "official_rows",
    "read_workbook",
]

#: Columns read per row (a stray cell far to the right is never expanded into a row of 16,384 cells).
MAX_COLUMNS = _MAX_COLUMNS


class WorkbookFiguresWarning(ZonaIntegritasWarning):
    """Figures cached in a workbook differ from the library's recomputed scores."""


class WorkbookFillWarning(ZonaIntegritasWarning):
    """A filled copy cannot keep part of the original workbook (charts, pictures, shapes)."""


@attrs.frozen
class AssessorColumn:
    """One assessor's block of a workbook: who, which tier, the header, and the answers read from it.

    ``tier`` is 0 for the unit, 1, 2, … for the TPI tiers in sheet order, 1 for TPN. ``cells`` maps each
    item code to its row's answer cell (``"K9"``; a count item's ``%`` row, or its first ``Jumlah`` row where
    the ``%`` row is not a question); a count-based item's inputs are keyed ``"R4.i.a:met"``. Notes and
    evidence of an item sit on the same row, in ``note_column`` and ``evidence_columns``.
    """

    assessor: Assessor
    tier: int
    title: str
    column: str
    worksheet: Worksheet
    cells: Mapping[str, str] = attrs.field(eq=False, repr=False)
    note_column: str | None = None
    evidence_columns: tuple[str, ...] = ()

    @property
    def has_answers(self) -> bool:
        """Whether any item of this column is answered."""
        return any(a.value is not None for a in self.worksheet.answers.values())


@attrs.frozen
class ReviewGap:
    """A blank review cell: an item the unit answered that a reviewer's column leaves blank."""

    code: str
    label: str
    assessor: Assessor
    tier: int
    title: str
    cell: str


@attrs.frozen
class FigureDisagreement:
    """A figure cached in the workbook that differs from the library's score, and why."""

    cell: str
    code: str
    label: str
    theirs: Decimal
    ours: Decimal
    why: str

    def __str__(self) -> str:
        return _("cell {cell} ({label}): the workbook has {theirs}, the library computes {ours} — {why}").format(
            cell=self.cell,
            label=self.label,
            theirs=format_number(self.theirs),
            ours=format_number(self.ours),
            why=self.why,
        )


@attrs.frozen
class WorkbookRead:
    """What :func:`read_workbook` found in a workbook (see the module docs for each field)."""

    layout: str
    layout_title: str
    sheet: str
    rulebook: Rulebook
    unit: str | None
    columns: tuple[AssessorColumn, ...]
    review_gaps: tuple[ReviewGap, ...] = ()
    disagreements: tuple[FigureDisagreement, ...] = ()
    policy: UnansweredPolicy | None = None

    @property
    def worksheets(self) -> tuple[Worksheet, ...]:
        """Every column's worksheet, in sheet order."""
        return tuple(c.worksheet for c in self.columns)

    @property
    def worksheet(self) -> Worksheet:
        """The worksheet of the only column, or of the last column with answers (the most senior review)."""
        with_answers = [c for c in self.columns if c.has_answers]
        return (with_answers or list(self.columns))[-1].worksheet

    @property
    def differing_rows(self) -> tuple[int, ...]:
        """The rows whose cached figures differ from the library's (see :attr:`disagreements`)."""
        return tuple(int(re.sub(r"^[A-Z]+", "", d.cell)) for d in self.disagreements)

    def select(self, assessor: Assessor | str, tier: int | None = None) -> AssessorColumn:
        """The column of ``assessor``: ``"unit"``; ``"tpi"`` (the last TPI tier with answers, or ``tier``); ``"tpn"``.

        >>> from zona_integritas import examples
        >>> read = WorkbookRead("x", "x", "x", examples.kediri_worksheet_2022().rulebook, None, ())
        >>> read.select("unit")
        Traceback (most recent call last):
        ...
        zona_integritas.errors.InvalidAnswerError: the workbook has no column for unit (it has none)
        """
        who = Assessor.parse(assessor)
        mine = [c for c in self.columns if c.assessor is who]
        if tier is not None:
            mine = [c for c in mine if c.tier == tier]
        elif who is Assessor.TPI and len(mine) > 1:
            answered = [c for c in mine if c.has_answers]
            mine = answered[-1:] or mine[-1:]
        if not mine:
            have = _columns_had([(c.title, c.assessor, c.tier) for c in self.columns])
            raise InvalidAnswerError(
                _("the workbook has no column for {wanted} (it has {have})").format(
                    wanted=_wanted(who, tier), have=have
                ),
                code="no-such-column",
            )
        return mine[-1]


def _wanted(who: Assessor, tier: int | None) -> str:
    if tier is None:
        return who.value
    return _("{assessor} tier {tier}").format(assessor=who.value, tier=tier)


def _columns_had(columns: list[tuple[str, Assessor, int]]) -> str:
    shown = [_("{title} ({assessor}, tier {tier})").format(title=t, assessor=a.value, tier=n) for t, a, n in columns]
    return ", ".join(shown) or _("none")


# -- reading answers ----------------------------------------------------------------------------------------
def _normalise(value: Any, item: Item) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return None if value == "" else value
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        if item.kind is ItemKind.INDEX:
            return repr(value)
        if value.is_integer():
            return int(value)
    return value


def _grid(sheet: Any, rows: set[int], max_col: int) -> tuple[dict[tuple[int, int], Any], dict[tuple[int, int], str]]:
    """The cells of the located rows only (bounded columns): values, and formulas apart."""
    values: dict[tuple[int, int], Any] = {}
    formulas: dict[tuple[int, int], str] = {}
    if not rows:
        return values, formulas
    for cells in sheet.iter_rows(min_row=min(rows), max_row=max(rows), max_col=max_col):
        for c in cells:
            if c.row in rows and c.value is not None:
                if c.data_type == "f":
                    formulas[(c.row, c.column)] = str(c.value)
                else:
                    values[(c.row, c.column)] = c.value
    return values, formulas


def _read_block(s: Structure, block: Block, cells: Cells) -> tuple[AssessorColumn, list[Exception]]:
    rb, title = s.rulebook, s.sheet.title
    problems: list[Exception] = []
    raw: dict[str, Any] = {}
    counts: dict[str, dict[str, tuple[Any, int, str]]] = {}
    notes: dict[str, tuple[str | None, str | None]] = {}
    where: dict[str, tuple[int, str]] = {}
    address: dict[str, str] = {}
    col = column_letter(block.answer)

    def note_of(r: int) -> tuple[str | None, str | None]:
        note = cell_text(cells.get(r, block.note)) or None
        evidence = "\n".join(p for p in (cell_text(cells.get(r, c)) for c in block.evidence) if p) or None
        return note, evidence

    for row in s.rows:
        if row.kind == "heading":
            continue
        item = rb.item(row.code)
        if row.kind == "input":
            assert row.name is not None
            counts.setdefault(item.code, {})[row.name] = (cells.get(row.row, block.answer), row.row, row.label)
            address[f"{item.code}:{row.name}"] = f"{col}{row.row}"
            address.setdefault(item.code, f"{col}{row.row}")
            if s.profile.count_note == "first-input" and item.code not in notes:
                notes[item.code] = note_of(row.row)
            continue
        address[item.code] = f"{col}{row.row}"
        where[item.code] = (row.row, row.label)
        notes[item.code] = note_of(row.row)
        if item.kind is not ItemKind.COUNT:
            raw[item.code] = cells.get(row.row, block.answer)
    answers: list[tuple[ItemCode, Answer]] = []
    for item in rb.items:
        note, evidence = notes.get(item.code, (None, None))
        value: Any = None
        if item.kind is ItemKind.COUNT:
            value, more = _counts(s, item, counts.get(item.code, {}), col)
            problems += more
        elif item.code in raw:
            value = _normalise(raw[item.code], item)
            if value is not None:
                r, label = where[item.code]
                place = sheet_cell(title, f"{col}{r}", label)
                try:
                    value = validate_answer(item, value, place)
                except InvalidAnswerError as exc:
                    problems.append(exc)
                    continue
        if value is None and not (note or evidence):
            continue
        answers.append((item.code, Answer(value, note, evidence)))
    worksheet = Worksheet(rb, block.assessor, tuple(answers))
    note_column = column_letter(block.note) if block.note else None
    evidence_columns = tuple(column_letter(c) for c in block.evidence)
    column = AssessorColumn(
        block.assessor, block.tier, block.title, col, worksheet, address, note_column, evidence_columns
    )
    return column, problems


def _counts(
    s: Structure, item: Item, found: Mapping[str, tuple[Any, int, str]], col: str
) -> tuple[Counts | None, list[Exception]]:
    """A count item's counts from its Jumlah rows; each problem at the input's own cell and label."""
    title = s.sheet.title
    problems: list[Exception] = []
    values: dict[str, int] = {}
    blank: list[str] = []
    for inp in item.inputs:
        own = inp.label.in_language()
        raw, r, label = found.get(inp.name, (None, None, own))
        if r:
            place = sheet_cell(title, f"{col}{r}", label)
        else:
            place = _("sheet {sheet!r} ({label})").format(sheet=title, label=own)
        value = _normalise(raw, item)
        if value is None:
            blank.append(place if r else _("no 'Jumlah' row for {label}").format(label=own))
            continue
        try:
            values[inp.name] = parse_count(value)
        except (ValueError, ArithmeticError, InvalidOperation):
            problems.append(
                InvalidAnswerError(
                    _("{place}: a count must be a non-negative whole number; got {value!r}").format(
                        place=place, value=raw
                    ),
                    code="not-a-count",
                )
            )
    if not values and not problems:
        return None, []
    if blank and (values or problems):
        problems.append(
            InvalidAnswerError(
                _("sheet {sheet!r}: {item!r} has some counts but not all: blank {blanks}").format(
                    sheet=title, item=shortened(item.label.in_language()), blanks="; ".join(blank)
                ),
                code="counts-incomplete",
            )
        )
    if problems:
        return None, problems
    assert item.formula is not None
    for rule in item.formula.at_most:
        left = sum(values[n] for n in rule.left)
        right = sum(values[n] for n in rule.right)
        if left > right:
            first = found[rule.left[0]]
            names = " + ".join(shortened(found[n][2]) for n in rule.left)
            limits = " + ".join(shortened(found[n][2]) for n in rule.right)
            problems.append(
                InvalidAnswerError(
                    _("{place}: {names} ({left}) is more than {limits} ({right})").format(
                        place=sheet_cell(title, f"{col}{first[1]}", first[2]),
                        names=names,
                        left=format_integer(left),
                        limits=limits,
                        right=format_integer(right),
                    ),
                    code="count-exceeds-limit",
                )
            )
    if problems:
        return None, problems
    checked = validate_answer(item, values, _("sheet {sheet!r}, column {column}").format(sheet=title, column=col))
    assert isinstance(checked, Counts)
    return checked, []


def read_workbook(
    path: str | Path,
    *,
    rulebook: Rulebook | None = None,
    assessor: Assessor | str | None = None,
    check_figures: bool = True,
) -> WorkbookRead:
    """Read every assessor column of an LKE workbook in any supported layout (see the module docs).

    The rulebook comes from the sheet's ``Peraturan`` header when present (else 90/2021) unless given;
    ``assessor`` overrides who answered a layout with a single ``Jawaban`` column. Every problem is
    reported at once, each naming the sheet, the cell and the row's label. Cached figures that differ
    from the library's are returned in ``disagreements`` and announced by a :class:`WorkbookFiguresWarning`.
    """
    path = Path(path)
    book = open_workbook(path)
    s = read_structure(book, path, rulebook)
    if assessor is not None:
        who = Assessor.parse(assessor)
        if len(s.blocks) == 1:
            s.blocks[0].assessor, s.blocks[0].tier = who, 0 if who is Assessor.UNIT else 1
    elif len(s.blocks) == 1 and s.profile.locate is Locate.NUMBERING and s.blocks[0].title == "Jawaban":
        declared = assessor_named(s.meta.get("penilai"))
        if declared is not None:
            s.blocks[0].assessor, s.blocks[0].tier = declared, 0 if declared is Assessor.UNIT else 1
    located = {r.row for r in s.rows}
    values, formulas = _grid(s.sheet, located, s.max_col)
    if formulas:
        values.update(cached_formula_values(path, s.sheet.title, formulas))  # one parse, not a second load
    cells = Cells(values, formulas)
    problems = list(s.problems)
    columns = []
    for block in s.blocks:
        column, more = _read_block(s, block, cells)
        columns.append(column)
        problems += more
    if problems:
        raise InvalidInputError(_("{path} has problems").format(path=path), problems, code="invalid-workbook")
    gaps = _review_gaps(s, columns)
    disagreements: tuple[FigureDisagreement, ...] = ()
    policy = policy_named(s.meta.get("jawaban kosong"))
    if check_figures and formulas and columns:
        found, policy = compare_figures(s, columns[0].worksheet, cells, policy)
        disagreements = tuple(FigureDisagreement(*figure) for figure in found)
        if disagreements:
            warnings.warn(
                _("{path}: cached figures differ from the library's: {figures}").format(
                    path=path, figures="; ".join(map(str, disagreements))
                ),
                WorkbookFiguresWarning,
                stacklevel=2,
            )
    unit = s.meta.get("unit kerja") or s.meta.get("unit") or _unit_elsewhere(book, s.sheet) or None
    return WorkbookRead(
        s.profile.name, s.profile.words, s.sheet.title, s.rulebook, unit, tuple(columns), gaps, disagreements, policy
    )


def _unit_elsewhere(book: Any, answers: Any) -> str | None:
    """The unit's name from another sheet's ``Unit kerja`` line (exports keep it on their summary sheets)."""
    for sheet in book.worksheets:
        if sheet is answers:
            continue
        meta, _cells = metadata(sheet, min(sheet.max_row or 0, 10) + 1)
        name = meta.get("unit kerja") or meta.get("nama unit")
        if name:
            return name
    return None


def _review_gaps(s: Structure, columns: list[AssessorColumn]) -> tuple[ReviewGap, ...]:
    unit = next((c for c in columns if c.assessor is Assessor.UNIT), None)
    if unit is None:
        return ()
    gaps = []
    for reviewer in columns:
        if reviewer.assessor is Assessor.UNIT:
            continue
        for code, answer in unit.worksheet.answers.items():
            mine = reviewer.worksheet.answer(code)
            if answer.value is not None and (mine is None or mine.value is None):
                label = next((r.label for r in s.rows if r.code == code and r.kind == "item"), "") or next(
                    (r.label for r in s.rows if r.code == code), ""
                )
                gaps.append(
                    ReviewGap(
                        code,
                        label or s.rulebook.item(code).label.in_language(),
                        reviewer.assessor,
                        reviewer.tier,
                        reviewer.title,
                        reviewer.cells.get(code, ""),
                    )
                )
    return tuple(gaps)


# -- writing back -------------------------------------------------------------------------------------------
def text_cell(cell: Any, value: Any) -> None:
    """Write ``value``; text is always stored as text, never as a formula (``=…`` stays words)."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def fill_workbook(
    path: str | Path,
    worksheet: Worksheet,
    *,
    assessor: Assessor | str | None = None,
    tier: int | None = None,
    out: str | Path | None = None,
    language: str | None = None,
) -> Path:
    """Write one assessor's answers, notes and evidence into the matching column of an existing workbook.

    The workbook may be in any supported layout. Only that column's answer, note and evidence cells of
    the located item rows are written (the whole column: an item the worksheet leaves unanswered is
    cleared); formulas, validations, styles, other sheets and the other assessors' columns are left as
    they were; a single-column workbook's ``Penilai`` header is set to the assessor. Text is written as
    text. ``assessor`` defaults to the worksheet's; ``tier`` picks a TPI tier when the workbook has several.
    ``language`` is the language of the ``Penilai`` words written (default: the current language).
    The file is written to ``out`` (default: ``path``) through a temporary file, and marked for
    recalculation when it is next opened.

    >>> import tempfile, os
    >>> from zona_integritas import examples, load_rulebook
    >>> from zona_integritas.io.excel import write_workbook
    >>> blank = write_workbook(load_rulebook("permenpanrb-90-2021"), os.path.join(tempfile.mkdtemp(), "b.xlsx"))
    >>> filled = fill_workbook(blank, examples.kediri_worksheet_2022(), out=blank.with_name("filled.xlsx"))
    >>> read_workbook(filled).worksheet.to_answers() == examples.kediri_worksheet_2022().to_answers()
    True
    """
    path = Path(path)
    target = Path(out) if out is not None else path
    book = open_workbook(path)
    _warn_about_drawings(path)
    s = read_structure(book, path, worksheet.rulebook)
    if s.problems:
        raise InvalidInputError(_("{path} has problems").format(path=path), s.problems, code="invalid-workbook")
    block = _pick_block(s, Assessor.parse(assessor) if assessor is not None else worksheet.assessor, tier, path)
    sheet, rb = s.sheet, s.rulebook
    noted: set[str] = set()
    for row in s.rows:
        if row.kind == "heading":
            continue
        item = rb.item(row.code)
        answer = worksheet.answer(item.code)
        if row.kind == "input":
            counts = answer.value if answer is not None and isinstance(answer.value, Counts) else None
            text_cell(sheet.cell(row.row, block.answer), None if counts is None else counts[row.name or ""])
            if s.profile.count_note == "first-input" and item.code not in noted:
                noted.add(item.code)
                _write_notes(sheet, block, row.row, answer)
            continue
        if item.kind is not ItemKind.COUNT:
            value = None if answer is None else answer.value
            if isinstance(value, Decimal):
                number = float(value)
                text_cell(sheet.cell(row.row, block.answer), int(number) if number.is_integer() else number)
            else:
                text_cell(sheet.cell(row.row, block.answer), value)
        if item.kind is not ItemKind.COUNT or s.profile.count_note == "item":
            _write_notes(sheet, block, row.row, answer)
    if len(s.blocks) == 1 and "penilai" in s.meta_cells:
        row_number, column_number = s.meta_cells["penilai"]
        who = Assessor.parse(assessor) if assessor is not None else worksheet.assessor
        with use_language(language):
            text_cell(sheet.cell(row_number, column_number), assessor_words(who))
    book.calculation.fullCalcOnLoad = True
    save_atomically(book, target)
    return target


#: The parts of a workbook a filled copy loses, in words (translated where shown).
_DRAWING_PARTS = {"charts": N_("charts"), "drawings": N_("drawings"), "media": N_("media files")}


def _warn_about_drawings(path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = sorted(
            {n.split("/")[1] for n in archive.namelist() if n.startswith(("xl/drawings/", "xl/charts/", "xl/media/"))}
        )
    if parts:
        warnings.warn(
            _(
                "{path}: its {parts} (charts, pictures or shapes) are not kept in the filled copy; "
                "copy the answers into the original with the spreadsheet application if you need them"
            ).format(path=path, parts=", ".join(_(_DRAWING_PARTS.get(p, p)) for p in parts)),
            WorkbookFillWarning,
            stacklevel=3,
        )


def _write_notes(sheet: Any, block: Block, row: int, answer: Answer | None) -> None:
    if block.note:
        text_cell(sheet.cell(row, block.note), None if answer is None else answer.note)
    for index, column in enumerate(block.evidence):
        text_cell(sheet.cell(row, column), answer.evidence if answer is not None and index == 0 else None)


def _pick_block(s: Structure, who: Assessor, tier: int | None, path: Path) -> Block:
    if len(s.blocks) == 1 and s.profile.locate is Locate.NUMBERING:
        return s.blocks[0]
    mine = [b for b in s.blocks if b.assessor is who and (tier is None or b.tier == tier)]
    if len(mine) == 1:
        return mine[0]
    have = _columns_had([(b.title, b.assessor, b.tier) for b in s.blocks])
    if not mine:
        raise InvalidAnswerError(
            _("{path}: no column for {wanted} (the workbook has {have})").format(
                path=path, wanted=_wanted(who, tier), have=have
            ),
            code="no-such-column",
        )
    raise InvalidAnswerError(
        _("{path}: several columns for {assessor}; choose a tier (the workbook has {have})").format(
            path=path, assessor=who.value, have=have
        ),
        code="ambiguous-column",
    )


def save_atomically(book: Any, target: Path) -> None:
    from .atomic import atomic_path  # the library's one atomic write: temporary file, fsync, replace

    with atomic_path(target) as temporary:
        book.save(temporary)
