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
from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import attrs

from ..decimals import round_half_up
from ..errors import (
    InvalidAnswerError,
    InvalidInputError,
    ZonaIntegritasError,
    ZonaIntegritasWarning,
)
from ..i18n import N_, and_list, format_integer, format_number, ngettext, or_list, use_language
from ..i18n import gettext as _
from ..rulebook import Indicator, Item, ItemCode, ItemKind, Rulebook, registered_rulebook
from ..rulebook_loader import available_rulebooks, load_rulebook
from ..scoring import ScoreCard, UnansweredPolicy, score
from ..worksheet import Answer, Assessor, Counts, Worksheet, parse_count, validate_answer
from ._xlsx import MAX_ROWS, cached_formula_values, open_workbook
from .layouts import LAYOUTS, LayoutProfile, Locate, assessor_of_block, assessor_words, match_header

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
MAX_COLUMNS = 64
#: Rows searched for the header row.
HEADER_SEARCH_ROWS = 40
_LABEL_CHARS = 60


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


def _sheet_row(sheet: str, row: int, label: str) -> str:
    """Where a problem is: the sheet, the row and the row's own label."""
    return _("sheet {sheet!r}, row {row} ({label})").format(sheet=sheet, row=row, label=_short(label))


def _sheet_cell(sheet: str, cell: str, label: str) -> str:
    """Where a problem is: the sheet, the cell and the row's own label."""
    return _("sheet {sheet!r}, cell {cell} ({label})").format(sheet=sheet, cell=cell, label=_short(label))


# -- structure: layout, header, blocks and rows ----------------------------------------------------------------
@attrs.define
class _Block:
    assessor: Assessor
    tier: int
    title: str
    answer: int
    note: int | None = None
    evidence: list[int] = attrs.Factory(list)
    value: int | None = None
    percent: int | None = None


@attrs.define
class _Row:
    row: int
    kind: str  # "item", "input", "heading"
    code: str
    label: str
    name: str | None = None  # the input's name for "input" rows


@attrs.define
class _Structure:
    profile: LayoutProfile
    sheet: Any
    header_row: int
    columns: dict[str, int]
    blocks: list[_Block]
    meta: dict[str, str]
    meta_cells: dict[str, tuple[int, int]]
    rulebook: Rulebook
    rows: list[_Row]
    problems: list[Exception]
    max_col: int


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(column))


def _column_index(letter: str) -> int:
    from openpyxl.utils import column_index_from_string

    return int(column_index_from_string(letter))


def _short(label: str) -> str:
    label = " ".join(label.split())
    return label if len(label) <= _LABEL_CHARS else label[: _LABEL_CHARS - 1] + "…"


def _header(sheet: Any, profile: LayoutProfile) -> tuple[int, dict[str, int], list[_Block]] | None:
    """The first row (within the search depth) that carries every role the profile requires."""
    last = min(sheet.max_row or 0, HEADER_SEARCH_ROWS)
    rows = sheet.iter_rows(min_row=1, max_row=last, max_col=MAX_COLUMNS, values_only=True)
    for number, cells in enumerate(rows, start=1):
        columns: dict[str, int] = {}
        blocks: list[tuple[str | None, int, dict[str, list[int]]]] = []
        for index, value in enumerate(cells, start=1):
            if not isinstance(value, str):
                continue
            found = match_header(value, in_block=bool(blocks))
            if found is None:
                continue
            role, who = found
            if role == "block" and assessor_of_block(who, profile.default_assessor) is None:
                continue  # "Jawaban LKE ZI …" is a title, not an assessor's column
            if role == "block":
                blocks.append((who, index, {}))
            elif blocks and role in ("note", "evidence", "value", "percent"):
                blocks[-1][2].setdefault(role, []).append(index)
            else:
                columns.setdefault(role, index)
        present = set(columns) | ({"block"} if blocks else set())
        if profile.required and not set(profile.required) <= present:
            continue
        if not profile.required and not blocks:
            continue
        if present & set(profile.forbidden):
            return None
        built = []
        tiers = {a: 0 for a in Assessor}
        for who, index, roles in blocks:
            assessor = assessor_of_block(who, profile.default_assessor)
            if assessor is None:
                continue
            tiers[assessor] += 1
            tier = 0 if assessor is Assessor.UNIT else tiers[assessor]
            title = f"Jawaban {who}" if who else "Jawaban"
            built.append(
                _Block(
                    assessor,
                    tier,
                    title,
                    index,
                    _first(roles.get("note")),
                    roles.get("evidence", []),
                    _first(roles.get("value")),
                    _first(roles.get("percent")),
                )
            )
        return number, columns, built
    return None


def _first(columns: list[int] | None) -> int | None:
    return columns[0] if columns else None


def _fixed_blocks(profile: LayoutProfile) -> list[_Block]:
    out = []
    tiers = {a: 0 for a in Assessor}
    for fixed in profile.fixed_blocks:
        tiers[fixed.assessor] += 1
        out.append(
            _Block(
                fixed.assessor,
                0 if fixed.assessor is Assessor.UNIT else tiers[fixed.assessor],
                fixed.title,
                _column_index(fixed.answer),
                _column_index(fixed.note) if fixed.note else None,
                [_column_index(fixed.evidence)] if fixed.evidence else [],
            )
        )
    return out


_ROLE_WORDS = {
    "code": "Kode",
    "penilaian": "Penilaian",
    "weight": "Bobot",
    "options": "Pilihan Jawaban",
    "block": "Jawaban …",
    "row_id": "ID",
}


def _detect(book: Any, path: Path) -> tuple[LayoutProfile, Any, int, dict[str, int], list[_Block]]:
    near: list[str] = []
    for sheet in book.worksheets:
        title = sheet.title.strip().casefold()
        for profile in LAYOUTS:
            if title not in profile.sheets:
                continue
            found = _header(sheet, profile)
            if found is not None:
                number, columns, blocks = found
                if profile.fixed_blocks and not blocks:
                    blocks = _fixed_blocks(profile)
                return profile, sheet, number, columns, blocks
            present = _header_roles_present(sheet)
            if not profile.required:
                # a layout with fixed columns needs no header row (PortalRB's own upload file)
                if not present & set(profile.forbidden):
                    return profile, sheet, 0, {}, _fixed_blocks(profile)
                continue
            missing = [_ROLE_WORDS.get(role, role) for role in profile.required if role not in present]
            if missing:
                near.append(
                    _("sheet {sheet!r} looks like {layout} but its first {rows} rows have no header {headers}").format(
                        sheet=sheet.title,
                        layout=profile.words,
                        rows=HEADER_SEARCH_ROWS,
                        headers=and_list(repr(m) for m in missing),
                    )
                )
    sheets = ", ".join(s.title for s in book.worksheets)
    wanted = "; ".join(
        _("{layout}: sheet {sheets}").format(layout=p.words, sheets=or_list(repr(s) for s in p.sheets)) for p in LAYOUTS
    )
    problems = [InvalidAnswerError(f"{path}: {hint}", code="layout-header-missing") for hint in dict.fromkeys(near)]
    problems.append(
        InvalidAnswerError(
            _("{path}: no sheet in a known LKE layout (sheets: {sheets}; known layouts: {layouts})").format(
                path=path, sheets=sheets, layouts=wanted
            ),
            code="unknown-layout",
        )
    )
    raise InvalidInputError(_("{path} cannot be read").format(path=path), problems, code="unreadable-workbook")


def _header_roles_present(sheet: Any) -> set[str]:
    last = min(sheet.max_row or 0, HEADER_SEARCH_ROWS)
    found: set[str] = set()
    for cells in sheet.iter_rows(min_row=1, max_row=last, max_col=MAX_COLUMNS, values_only=True):
        for value in cells:
            if isinstance(value, str):
                role = match_header(value)
                if role is not None:
                    found.add(role[0])
    return found


def _metadata(sheet: Any, header_row: int) -> tuple[dict[str, str], dict[str, tuple[int, int]]]:
    """Key/value pairs above the header row (``Peraturan``, ``Penilai``, ``Unit kerja``, ``Jawaban kosong``).

    Returns the values and the (row, column) of each value cell."""
    found: dict[str, str] = {}
    where: dict[str, tuple[int, int]] = {}
    if header_row <= 1:
        return found, where
    rows = sheet.iter_rows(min_row=1, max_row=header_row - 1, max_col=MAX_COLUMNS, values_only=True)
    for number, cells in enumerate(rows, start=1):
        texts = [(i, _text(c)) for i, c in enumerate(cells, start=1) if _text(c)]
        if len(texts) >= 2:
            key = " ".join(texts[0][1].casefold().rstrip(":").split())
            key = _META_KEYS.get(key, key)
            found[key] = texts[1][1]
            where[key] = (number, texts[1][0])
    return found, where


#: The header lines above the header row, in English (a workbook the library wrote in English), and the
#: official Indonesian key each stands for.
_META_KEYS = {
    "regulation": "peraturan",
    "assessor": "penilai",
    "unit": "unit kerja",
    "organisational unit": "unit kerja",
    "organizational unit": "unit kerja",
    "unit name": "nama unit",
    "unanswered items": "jawaban kosong",
    "zero denominator": "penyebut nol",
}


def _rulebook_named(text: str | None) -> Rulebook | None:
    """The rulebook a header names by id, short name (``PermenPANRB 90/2021``) or title."""
    if not text:
        return None
    variant = re.search(r"\[([^\]]+)\]\s*$", text)  # a registered variant, as regulation_words writes it
    if variant is not None:
        found = registered_rulebook(variant.group(1).strip())
        if found is not None:
            return found
    wanted = " ".join(text.split()).casefold()
    for rulebook_id in available_rulebooks():
        if wanted == rulebook_id.casefold():
            return load_rulebook(rulebook_id)
    for rulebook_id in available_rulebooks():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            candidate = load_rulebook(rulebook_id)
        names = (candidate.short.casefold(), candidate.title.casefold())
        if any(name and (wanted == name or wanted.startswith(name) or name in wanted) for name in names):
            return load_rulebook(rulebook_id)
    return None


def _assessor_named(text: str | None) -> Assessor | None:
    if not text:
        return None
    first = text.strip().split(" ", 1)[0].casefold().strip("()")
    for assessor in Assessor:
        if first == assessor.value:
            return assessor
    return None


def _policy_named(text: str | None) -> UnansweredPolicy | None:
    if not text:
        return None
    normal = text.strip().casefold()
    if normal in ("zero", "skip"):
        return UnansweredPolicy(normal)
    if normal.startswith(("tidak dihitung", "dilewati", "not counted", "skipped")):
        return UnansweredPolicy.SKIP
    if normal.startswith(("dihitung nol", "bernilai 0", "nol", "counted as zero", "zero")):
        return UnansweredPolicy.ZERO
    return None


# -- locating rows ------------------------------------------------------------------------------------------
#: The word of a count's input row in the options column (``Jumlah``; ``Count`` in a workbook written in English).
_COUNT_WORDS = ("jumlah", "count")
_TOKEN = re.compile(r"^\(?([A-Za-z]{1,4}|\d{1,2})\)?[.)]?$")
_DASH = {"-", "–", "—", "•"}
_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x")
_TOTALS = (
    (re.compile(r"^total\s+pengungkit\b"), 0),
    (re.compile(r"^total\s+hasil\b"), 1),
    (re.compile(r"^(nilai\s+)?total\b|^nilai\s+akhir\b|^total\s+nilai\b|^final\s+score\b"), -1),
)


@attrs.define
class _Tree:
    """The rulebook as the numbering of its workbook rows."""

    rulebook: Rulebook

    def component(self, letter: str) -> Any:
        index = ord(letter.upper()) - ord("A")
        comps = self.rulebook.components
        return comps[index] if 0 <= index < len(comps) else None

    @staticmethod
    def sub(comp: Any, roman: str) -> Any:
        index = _ROMAN.index(roman.lower()) if roman.lower() in _ROMAN else -1
        return comp.subcomponents[index] if comp is not None and 0 <= index < len(comp.subcomponents) else None

    @staticmethod
    def half(sub: Any, number: int) -> Any:
        if sub is None:
            return None
        return next((h for h in sub.halves if h.area == number), None)

    @staticmethod
    def indicator(half: Any, token: str) -> Indicator | None:
        if half is None:
            return None
        return next((i for i in half.indicators if i.code.rsplit(".", 1)[-1] == token.lower()), None)


def _single_item(indicator: Indicator | None) -> Item | None:
    items = list(indicator.walk_items()) if indicator is not None else []
    return items[0] if len(items) == 1 else None


def _item_by_letter(indicator: Indicator | None, letter: str) -> Item | None:
    if indicator is None:
        return None
    return next((i for i in indicator.walk_items() if i.code.rsplit(".", 1)[-1] == letter.lower()), None)


def _hasil_item(sub: Any, token: str) -> Item | None:
    if sub is None:
        return None
    items = [item for ind in sub.indicators for item in ind.walk_items()]
    if token.isdecimal():
        index = int(token) - 1
        return items[index] if 0 <= index < len(items) else None
    if token in _DASH:
        return items[0] if len(items) == 1 else None
    return next((i for i in items if i.code.rsplit(".", 1)[-1] == token.lower()), None)


def _zone_token(cells: tuple[Any, ...], zone: list[int]) -> tuple[str | None, str]:
    """(numbering token or None, label) of a row from its numbering/label columns."""
    texts = [(c, _text(cells[c - 1])) for c in zone if c - 1 < len(cells) and _text(cells[c - 1])]
    if not texts:
        return None, ""
    first = texts[0][1]
    bare = first.rstrip()
    if bare in _DASH or _TOKEN.match(bare):
        return bare, " ".join(t for _, t in texts[1:])
    if bare[:1] in _DASH and len(bare) > 1:  # "- Jumlah …" written in one cell
        return None, bare
    return None, " ".join(t for _, t in texts)


def _locate_numbering(s: _Structure) -> None:
    """Place rows by their numbering, loosely written; a code column (ours) wins where present."""
    rb, tree = s.rulebook, _Tree(s.rulebook)
    code_col = s.columns.get("code")
    options_col = s.columns.get("options")
    stop = s.columns.get("weight", options_col or 8)
    zone = [c for c in range(1, stop) if c not in (code_col, s.columns.get("row_id"))]
    comp = sub = half = indicator = None
    count_item: Item | None = None
    count_position = 0
    seen: dict[str, int] = {}
    for cells in _rows(s):
        r = cells[0]
        values = cells[1]
        options = _text(values[options_col - 1]) if options_col and options_col - 1 < len(values) else ""
        token, label = _zone_token(values, zone)
        code = _text(values[code_col - 1]) if code_col and code_col - 1 < len(values) else ""
        if not options and token is None and not label and not code:
            continue  # a spacer row
        if options.casefold() in _COUNT_WORDS:
            if count_item is None:
                s.problems.append(
                    InvalidAnswerError(
                        _("{place}: a 'Jumlah' row outside a % item").format(place=_sheet_row(s.sheet.title, r, label)),
                        code="count-row-outside-item",
                    )
                )
                continue
            name = code.split(":", 1)[1] if code.startswith(f"{count_item.code}:") else None
            if name is None:
                if count_position >= len(count_item.inputs):
                    taken = len(count_item.inputs)
                    s.problems.append(
                        InvalidAnswerError(
                            ngettext(
                                "{place}: one 'Jumlah' row too many for {item!r}, which takes {n}",
                                "{place}: one 'Jumlah' row too many for {item!r}, which takes {n}",
                                taken,
                            ).format(
                                place=_sheet_row(s.sheet.title, r, label),
                                item=_short(count_item.label.in_language()),
                                n=taken,
                            ),
                            code="too-many-count-rows",
                        )
                    )
                    continue
                name = count_item.inputs[count_position].name
            count_position += 1
            s.rows.append(_Row(r, "input", count_item.code, label, name))
            continue
        total = next((which for pattern, which in _TOTALS if token is None and pattern.match(label.casefold())), None)
        if total is not None and not options:
            count_item = None
            node = "total" if total < 0 else rb.components[total].code
            s.rows.append(_Row(r, "heading", code or node, label))
            continue
        if not options and (token is None or token in _DASH):
            # a label or sub-header without a value ("- Jumlah yang harus melaporkan") keeps a count item open
            if code and not code.startswith(f"{count_item.code if count_item else '-'}"):
                s.rows.append(_Row(r, "heading", code, label))
            continue
        count_item = None
        placed: Item | None = None
        heading: str | None = None
        if token is not None:
            bare = token if token in _DASH else (_TOKEN.match(token).group(1) if _TOKEN.match(token) else token)  # type: ignore[union-attr]
            lower = bare.lower()
            if bare.isalpha() and bare.isupper() and len(bare) == 1 and lower not in _ROMAN:
                comp, sub, half, indicator = tree.component(bare), None, None, None
                heading = comp.code if comp is not None else None
            elif bare.isupper() and lower in _ROMAN:
                sub, half, indicator = tree.sub(comp, bare), None, None
                heading = sub.code if sub is not None else None
            elif bare.isdecimal() and sub is not None and sub.halves:
                half, indicator = tree.half(sub, int(bare)), None
                heading = half.code if half is not None else None
            elif lower in _ROMAN and half is not None and bare.islower():
                indicator = tree.indicator(half, lower)
                heading = indicator.code if indicator is not None else None
            elif half is not None and indicator is not None:
                placed = _single_item(indicator) if bare in _DASH else _item_by_letter(indicator, lower)
            elif sub is not None and not sub.halves:
                placed = _hasil_item(sub, bare)
        if code and rb.has_item(code):
            placed = rb.item(code)
        elif code and not options:
            heading = code
        if options and placed is None:
            s.problems.append(
                InvalidAnswerError(
                    _(
                        "{place}: cannot place the row (numbering {token} under {heading}) on an item of {rulebook}"
                    ).format(
                        place=_sheet_row(s.sheet.title, r, label),
                        token=token or "-",
                        heading=_where_in_tree(comp, sub, half, indicator),
                        rulebook=rb.short,
                    ),
                    code="unplaced-row",
                )
            )
            continue
        if placed is not None:
            if placed.code in seen:
                s.problems.append(
                    InvalidAnswerError(
                        _("{place}: the question of row {row} appears again").format(
                            place=_sheet_row(s.sheet.title, r, label), row=seen[placed.code]
                        ),
                        code="duplicate-question",
                    )
                )
                continue
            seen[placed.code] = r
            if placed.kind is ItemKind.COUNT:
                count_item, count_position = placed, 0
            s.rows.append(_Row(r, "item", placed.code, label))
        elif heading is not None:
            s.rows.append(_Row(r, "heading", heading, label))


def _where_in_tree(comp: Any, sub: Any, half: Any, indicator: Any) -> str:
    for node in (indicator, half, sub, comp):
        if node is not None:
            return str(node.code)
    return _("no heading")


def official_rows(rulebook: Rulebook) -> dict[int, tuple[Item, str | None]]:
    """The official workbook row (PortalRB's ``excel_baris``) of each question: (item, count name or ``None``).

    >>> from zona_integritas import load_rulebook
    >>> rows = official_rows(load_rulebook("permenpanrb-90-2021"))
    >>> rows[6][0].code, rows[159][0].code, rows[159][1]
    ('P1.i.a', 'R4.i.a', 'met')
    """
    by_row: dict[int, tuple[Item, str | None]] = {}
    for item in rulebook.items:
        for inp in item.inputs:
            if inp.row is not None:
                by_row[inp.row] = (item, inp.name)
        if not item.inputs and item.row is not None:
            by_row[item.row] = (item, None)
    return by_row


def _locate_ids(s: _Structure) -> None:
    """Place rows by a soal id column or an official row column; without either, by the official rows."""
    rb = s.rulebook
    by_row = official_rows(rb)
    id_col = s.columns.get("row_id") if s.profile.locate is Locate.ROW_ID else s.columns.get("soal")
    options_col = s.columns.get("options")
    label_col = s.columns.get("label")
    stop = s.columns.get("weight", 8)
    zone = [c for c in range(1, stop) if c != id_col]
    if id_col is None and s.profile.locate is Locate.SOAL_ID:
        wanted = set(by_row)
        for r, values in _rows(s):
            if r in wanted:
                item, name = by_row[r]
                label = _text(values[label_col - 1]) if label_col and label_col - 1 < len(values) else ""
                s.rows.append(_Row(r, "input" if name else "item", item.code, label or item.label.in_language(), name))
        return
    assert id_col is not None
    seen: set[tuple[str, str | None]] = set()
    for r, values in _rows(s):
        raw = values[id_col - 1] if id_col - 1 < len(values) else None
        options = _text(values[options_col - 1]) if options_col and options_col - 1 < len(values) else ""
        label = _text(values[label_col - 1]) if label_col and label_col - 1 < len(values) else ""
        if not label:
            label = _zone_token(values, zone)[1]
        if raw is None or raw == "":
            continue
        number = raw if isinstance(raw, int) and not isinstance(raw, bool) else None
        if number is None and isinstance(raw, float) and raw.is_integer():
            number = int(raw)
        if number is None and isinstance(raw, str) and raw.strip().isdecimal():
            number = int(raw.strip())
        place = _sheet_cell(s.sheet.title, f"{_letter(id_col)}{r}", label)
        if number is None:
            s.problems.append(
                InvalidAnswerError(
                    _("{place}: {value!r} is not a row number").format(place=place, value=raw), code="not-a-row-number"
                )
            )
            continue
        if s.profile.locate is Locate.SOAL_ID:
            try:
                item, name = rb.item_for_soal(number)
            except ZonaIntegritasError:
                s.problems.append(
                    InvalidAnswerError(
                        _("{place}: soal {soal} is not part of {rulebook}").format(
                            place=place, soal=number, rulebook=rb.short
                        ),
                        code="unknown-soal",
                    )
                )
                continue
        else:
            if number not in by_row:
                if options and options != "%":
                    s.problems.append(
                        InvalidAnswerError(
                            _("{place}: row {row} of the official workbook holds no question of {rulebook}").format(
                                place=place, row=number, rulebook=rb.short
                            ),
                            code="unknown-official-row",
                        )
                    )
                continue  # headings and the % rows of count items are not soal
            item, name = by_row[number]
        if (item.code, name) in seen:
            s.problems.append(
                InvalidAnswerError(
                    _("{place}: the question appears twice").format(place=_sheet_row(s.sheet.title, r, label)),
                    code="duplicate-question",
                )
            )
            continue
        seen.add((item.code, name))
        s.rows.append(_Row(r, "input" if name else "item", item.code, label or item.label.in_language(), name))


def _rows(s: _Structure) -> Iterator[tuple[int, tuple[Any, ...]]]:
    rows = s.sheet.iter_rows(min_row=s.header_row + 1, max_row=s.sheet.max_row, max_col=s.max_col, values_only=True)
    yield from enumerate(rows, start=s.header_row + 1)


def _structure(book: Any, path: Path, rulebook: Rulebook | None) -> _Structure:
    profile, sheet, header_row, columns, blocks = _detect(book, path)
    if (sheet.max_row or 0) > MAX_ROWS:
        raise InvalidInputError(
            _("{path} cannot be read").format(path=path),
            [
                InvalidAnswerError(
                    _("sheet {sheet!r}: {rows} rows, more than the limit of {limit}").format(
                        sheet=sheet.title, rows=format_integer(sheet.max_row), limit=format_integer(MAX_ROWS)
                    ),
                    code="too-many-rows",
                )
            ],
            code="unreadable-workbook",
        )
    meta, meta_cells = _metadata(sheet, header_row)
    problems: list[Exception] = []
    if rulebook is None:
        declared = meta.get("peraturan")
        rulebook = _rulebook_named(declared)
        if rulebook is None:
            if declared:
                problems.append(
                    InvalidAnswerError(
                        _("sheet {sheet!r}: the regulation {regulation!r} is not one the library has").format(
                            sheet=sheet.title, regulation=declared
                        ),
                        code="unknown-regulation",
                    )
                )
            rulebook = load_rulebook("permenpanrb-90-2021")
    used = [c for c in columns.values()] + [b.answer for b in blocks]
    used += [c for b in blocks for c in (b.note, b.value, b.percent, *b.evidence) if c]
    max_col = min(max([*used, 17]), MAX_COLUMNS)
    s = _Structure(profile, sheet, header_row, columns, blocks, meta, meta_cells, rulebook, [], problems, max_col)
    if profile.locate is Locate.NUMBERING:
        _locate_numbering(s)
    else:
        _locate_ids(s)
    return s


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


@attrs.define
class _Cells:
    """The located rows' cells: values (a formula's cached result when known) and formulas."""

    values: dict[tuple[int, int], Any]
    formulas: dict[tuple[int, int], str]

    def get(self, row: int, column: int | None) -> Any:
        return None if column is None else self.values.get((row, column))

    def is_formula(self, row: int, column: int | None) -> bool:
        return column is not None and (row, column) in self.formulas


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


def _read_block(s: _Structure, block: _Block, cells: _Cells) -> tuple[AssessorColumn, list[Exception]]:
    rb, title = s.rulebook, s.sheet.title
    problems: list[Exception] = []
    raw: dict[str, Any] = {}
    counts: dict[str, dict[str, tuple[Any, int, str]]] = {}
    notes: dict[str, tuple[str | None, str | None]] = {}
    where: dict[str, tuple[int, str]] = {}
    address: dict[str, str] = {}
    col = _letter(block.answer)

    def note_of(r: int) -> tuple[str | None, str | None]:
        note = _text(cells.get(r, block.note)) or None
        evidence = "\n".join(p for p in (_text(cells.get(r, c)) for c in block.evidence) if p) or None
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
                place = _sheet_cell(title, f"{col}{r}", label)
                try:
                    value = validate_answer(item, value, place)
                except InvalidAnswerError as exc:
                    problems.append(exc)
                    continue
        if value is None and not (note or evidence):
            continue
        answers.append((item.code, Answer(value, note, evidence)))
    worksheet = Worksheet(rb, block.assessor, tuple(answers))
    note_column = _letter(block.note) if block.note else None
    evidence_columns = tuple(_letter(c) for c in block.evidence)
    column = AssessorColumn(
        block.assessor, block.tier, block.title, col, worksheet, address, note_column, evidence_columns
    )
    return column, problems


def _counts(
    s: _Structure, item: Item, found: Mapping[str, tuple[Any, int, str]], col: str
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
            place = _sheet_cell(title, f"{col}{r}", label)
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
                    sheet=title, item=_short(item.label.in_language()), blanks="; ".join(blank)
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
            names = " + ".join(_short(found[n][2]) for n in rule.left)
            limits = " + ".join(_short(found[n][2]) for n in rule.right)
            problems.append(
                InvalidAnswerError(
                    _("{place}: {names} ({left}) is more than {limits} ({right})").format(
                        place=_sheet_cell(title, f"{col}{first[1]}", first[2]),
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
    s = _structure(book, path, rulebook)
    if assessor is not None:
        who = Assessor.parse(assessor)
        if len(s.blocks) == 1:
            s.blocks[0].assessor, s.blocks[0].tier = who, 0 if who is Assessor.UNIT else 1
    elif len(s.blocks) == 1 and s.profile.locate is Locate.NUMBERING and s.blocks[0].title == "Jawaban":
        declared = _assessor_named(s.meta.get("penilai"))
        if declared is not None:
            s.blocks[0].assessor, s.blocks[0].tier = declared, 0 if declared is Assessor.UNIT else 1
    located = {r.row for r in s.rows}
    values, formulas = _grid(s.sheet, located, s.max_col)
    if formulas:
        values.update(cached_formula_values(path, s.sheet.title, formulas))  # one parse, not a second load
    cells = _Cells(values, formulas)
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
    policy = _policy_named(s.meta.get("jawaban kosong"))
    if check_figures and formulas and columns:
        disagreements, policy = _check_figures(s, columns, cells, policy)
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
        meta, _cells = _metadata(sheet, min(sheet.max_row or 0, 10) + 1)
        name = meta.get("unit kerja") or meta.get("nama unit")
        if name:
            return name
    return None


def _review_gaps(s: _Structure, columns: list[AssessorColumn]) -> tuple[ReviewGap, ...]:
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


# -- cached figures -----------------------------------------------------------------------------------------
_REF = re.compile(r"(?<![A-Za-z!'])\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?")


def _refs(formula: str) -> set[tuple[int, int]]:
    """The same-sheet cells a formula reads (ranges expanded, other sheets ignored)."""
    out: set[tuple[int, int]] = set()
    for match in _REF.finditer(formula):
        c1, r1 = _column_index(match.group(1)), int(match.group(2))
        if match.group(3):
            c2, r2 = _column_index(match.group(3)), int(match.group(4))
            if (r2 - r1 + 1) * (c2 - c1 + 1) > 10_000:
                continue
            out |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        else:
            out.add((r1, c1))
    return out


def _parts(s: _Structure) -> dict[str, list[str]]:
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


def _check_figures(
    s: _Structure, columns: list[AssessorColumn], cells: _Cells, declared: UnansweredPolicy | None
) -> tuple[tuple[FigureDisagreement, ...], UnansweredPolicy | None]:
    """Compare each cached figure of the (single) numbering layout column with the library's scores.

    Without a declared policy both are tried and the closer one is kept (copies of the official workbook
    follow its AVERAGE, that is ``"skip"``).
    """
    if s.profile.locate is not Locate.NUMBERING or len(s.blocks) != 1:
        return (), declared
    block, worksheet = s.blocks[0], columns[0].worksheet
    rb = s.rulebook
    figures: list[tuple[int, int, _Row]] = []
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
    best: list[tuple[int, int, _Row, Decimal, Decimal]] | None = None
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
        FigureDisagreement(f"{_letter(c)}{r}", row.code, _short(row.label), theirs, ours, explain.why(r, c, row))
        for r, c, row, theirs, ours in best or ()
    )
    return out, chosen


def _expected(card: ScoreCard, row: _Row) -> Decimal | None:
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

    s: _Structure
    cells: _Cells
    block: _Block
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

    def why(self, r: int, column: int, row: _Row) -> str:
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
        return _("row {row} ({label})").format(row=row, label=_short(self.labels.get(row, "")))


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
    s = _structure(book, path, worksheet.rulebook)
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


def _write_notes(sheet: Any, block: _Block, row: int, answer: Answer | None) -> None:
    if block.note:
        text_cell(sheet.cell(row, block.note), None if answer is None else answer.note)
    for index, column in enumerate(block.evidence):
        text_cell(sheet.cell(row, column), answer.evidence if answer is not None and index == 0 else None)


def _pick_block(s: _Structure, who: Assessor, tier: int | None, path: Path) -> _Block:
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
