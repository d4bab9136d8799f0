"""How :func:`~zona_integritas.io.workbooks.read_workbook` finds a workbook's structure: its layout, header row,
assessor blocks and header lines, and the rulebook item of every row (by numbering, by the official row or by
soal id). Private to :mod:`zona_integritas.io.workbooks`, which re-exports the public names."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

from ..errors import InvalidAnswerError, InvalidInputError, ZonaIntegritasError
from ..i18n import and_list, format_integer, ngettext, or_list
from ..i18n import gettext as _
from ..rulebook import Indicator, Item, ItemKind, Rulebook, registered_rulebook
from ..rulebook_loader import available_rulebooks, load_rulebook
from ..scoring import UnansweredPolicy
from ..worksheet import Assessor
from ._xlsx import MAX_ROWS
from .layouts import LAYOUTS, LayoutProfile, Locate, assessor_of_block, match_header

__all__ = [
    "HEADER_SEARCH_ROWS",
    "MAX_COLUMNS",
    "Block",
    "Row",
    "Structure",
    "assessor_named",
    "cell_text",
    "column_index",
    "column_letter",
    "metadata",
    "official_rows",
    "policy_named",
    "read_structure",
    "sheet_cell",
    "sheet_row",
    "shortened",
]

#: Columns read per row (a stray cell far to the right is never expanded into a row of 16,384 cells).
MAX_COLUMNS = 64
#: Rows searched for the header row.
HEADER_SEARCH_ROWS = 40
_LABEL_CHARS = 60


def sheet_row(sheet: str, row: int, label: str) -> str:
    """Where a problem is: the sheet, the row and the row's own label."""
    return _("sheet {sheet!r}, row {row} ({label})").format(sheet=sheet, row=row, label=shortened(label))


def sheet_cell(sheet: str, cell: str, label: str) -> str:
    """Where a problem is: the sheet, the cell and the row's own label."""
    return _("sheet {sheet!r}, cell {cell} ({label})").format(sheet=sheet, cell=cell, label=shortened(label))


# -- structure: layout, header, blocks and rows ----------------------------------------------------------------
@attrs.define
class Block:
    assessor: Assessor
    tier: int
    title: str
    answer: int
    note: int | None = None
    evidence: list[int] = attrs.Factory(list)
    value: int | None = None
    percent: int | None = None


@attrs.define
class Row:
    row: int
    kind: str  # "item", "input", "heading"
    code: str
    label: str
    name: str | None = None  # the input's name for "input" rows


@attrs.define
class Structure:
    profile: LayoutProfile
    sheet: Any
    header_row: int
    columns: dict[str, int]
    blocks: list[Block]
    meta: dict[str, str]
    meta_cells: dict[str, tuple[int, int]]
    rulebook: Rulebook
    rows: list[Row]
    problems: list[Exception]
    max_col: int


def cell_text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def column_letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(column))


def column_index(letter: str) -> int:
    from openpyxl.utils import column_index_from_string

    return int(column_index_from_string(letter))


def shortened(label: str) -> str:
    label = " ".join(label.split())
    return label if len(label) <= _LABEL_CHARS else label[: _LABEL_CHARS - 1] + "…"


def _header(sheet: Any, profile: LayoutProfile) -> tuple[int, dict[str, int], list[Block]] | None:
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
                Block(
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


def _fixed_blocks(profile: LayoutProfile) -> list[Block]:
    out = []
    tiers = {a: 0 for a in Assessor}
    for fixed in profile.fixed_blocks:
        tiers[fixed.assessor] += 1
        out.append(
            Block(
                fixed.assessor,
                0 if fixed.assessor is Assessor.UNIT else tiers[fixed.assessor],
                fixed.title,
                column_index(fixed.answer),
                column_index(fixed.note) if fixed.note else None,
                [column_index(fixed.evidence)] if fixed.evidence else [],
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


def _detect(book: Any, path: Path) -> tuple[LayoutProfile, Any, int, dict[str, int], list[Block]]:
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


def metadata(sheet: Any, header_row: int) -> tuple[dict[str, str], dict[str, tuple[int, int]]]:
    """Key/value pairs above the header row (``Peraturan``, ``Penilai``, ``Unit kerja``, ``Jawaban kosong``).

    Returns the values and the (row, column) of each value cell."""
    found: dict[str, str] = {}
    where: dict[str, tuple[int, int]] = {}
    if header_row <= 1:
        return found, where
    rows = sheet.iter_rows(min_row=1, max_row=header_row - 1, max_col=MAX_COLUMNS, values_only=True)
    for number, cells in enumerate(rows, start=1):
        texts = [(i, cell_text(c)) for i, c in enumerate(cells, start=1) if cell_text(c)]
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


def assessor_named(text: str | None) -> Assessor | None:
    if not text:
        return None
    first = text.strip().split(" ", 1)[0].casefold().strip("()")
    for assessor in Assessor:
        if first == assessor.value:
            return assessor
    return None


def policy_named(text: str | None) -> UnansweredPolicy | None:
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
    texts = [(c, cell_text(cells[c - 1])) for c in zone if c - 1 < len(cells) and cell_text(cells[c - 1])]
    if not texts:
        return None, ""
    first = texts[0][1]
    bare = first.rstrip()
    if bare in _DASH or _TOKEN.match(bare):
        return bare, " ".join(t for _, t in texts[1:])
    if bare[:1] in _DASH and len(bare) > 1:  # "- Jumlah …" written in one cell
        return None, bare
    return None, " ".join(t for _, t in texts)


def _locate_numbering(s: Structure) -> None:
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
        options = cell_text(values[options_col - 1]) if options_col and options_col - 1 < len(values) else ""
        token, label = _zone_token(values, zone)
        code = cell_text(values[code_col - 1]) if code_col and code_col - 1 < len(values) else ""
        if not options and token is None and not label and not code:
            continue  # a spacer row
        if options.casefold() in _COUNT_WORDS:
            if count_item is None:
                s.problems.append(
                    InvalidAnswerError(
                        _("{place}: a 'Jumlah' row outside a % item").format(place=sheet_row(s.sheet.title, r, label)),
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
                                place=sheet_row(s.sheet.title, r, label),
                                item=shortened(count_item.label.in_language()),
                                n=taken,
                            ),
                            code="too-many-count-rows",
                        )
                    )
                    continue
                name = count_item.inputs[count_position].name
            count_position += 1
            s.rows.append(Row(r, "input", count_item.code, label, name))
            continue
        total = next((which for pattern, which in _TOTALS if token is None and pattern.match(label.casefold())), None)
        if total is not None and not options:
            count_item = None
            node = "total" if total < 0 else rb.components[total].code
            s.rows.append(Row(r, "heading", code or node, label))
            continue
        if not options and (token is None or token in _DASH):
            # a label or sub-header without a value ("- Jumlah yang harus melaporkan") keeps a count item open
            if code and not code.startswith(f"{count_item.code if count_item else '-'}"):
                s.rows.append(Row(r, "heading", code, label))
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
                        place=sheet_row(s.sheet.title, r, label),
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
                            place=sheet_row(s.sheet.title, r, label), row=seen[placed.code]
                        ),
                        code="duplicate-question",
                    )
                )
                continue
            seen[placed.code] = r
            if placed.kind is ItemKind.COUNT:
                count_item, count_position = placed, 0
            s.rows.append(Row(r, "item", placed.code, label))
        elif heading is not None:
            s.rows.append(Row(r, "heading", heading, label))


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


def _locate_ids(s: Structure) -> None:
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
                label = cell_text(values[label_col - 1]) if label_col and label_col - 1 < len(values) else ""
                s.rows.append(Row(r, "input" if name else "item", item.code, label or item.label.in_language(), name))
        return
    assert id_col is not None
    seen: set[tuple[str, str | None]] = set()
    for r, values in _rows(s):
        raw = values[id_col - 1] if id_col - 1 < len(values) else None
        options = cell_text(values[options_col - 1]) if options_col and options_col - 1 < len(values) else ""
        label = cell_text(values[label_col - 1]) if label_col and label_col - 1 < len(values) else ""
        if not label:
            label = _zone_token(values, zone)[1]
        if raw is None or raw == "":
            continue
        number = raw if isinstance(raw, int) and not isinstance(raw, bool) else None
        if number is None and isinstance(raw, float) and raw.is_integer():
            number = int(raw)
        if number is None and isinstance(raw, str) and raw.strip().isdecimal():
            number = int(raw.strip())
        place = sheet_cell(s.sheet.title, f"{column_letter(id_col)}{r}", label)
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
                    _("{place}: the question appears twice").format(place=sheet_row(s.sheet.title, r, label)),
                    code="duplicate-question",
                )
            )
            continue
        seen.add((item.code, name))
        s.rows.append(Row(r, "input" if name else "item", item.code, label or item.label.in_language(), name))


def _rows(s: Structure) -> Iterator[tuple[int, tuple[Any, ...]]]:
    rows = s.sheet.iter_rows(min_row=s.header_row + 1, max_row=s.sheet.max_row, max_col=s.max_col, values_only=True)
    yield from enumerate(rows, start=s.header_row + 1)


def read_structure(book: Any, path: Path, rulebook: Rulebook | None) -> Structure:
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
    meta, meta_cells = metadata(sheet, header_row)
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
    s = Structure(profile, sheet, header_row, columns, blocks, meta, meta_cells, rulebook, [], problems, max_col)
    if profile.locate is Locate.NUMBERING:
        _locate_numbering(s)
    else:
        _locate_ids(s)
    return s
