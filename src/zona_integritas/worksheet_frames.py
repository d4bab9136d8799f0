"""Worksheet answers as pandas DataFrames, and back (used by :meth:`Worksheet.from_dataframe
<zona_integritas.worksheet.Worksheet.from_dataframe>` and its siblings; needs the ``pandas`` extra to build a
frame, never to import this module).

Two shapes, with stable English column names (a machine format, whatever the language):

**Long** — one row per item of the rulebook: ``item``, ``answer`` (the option key or the index), one column per
count a count item takes (``targets``, ``met``… in rulebook order; blank on other rows), ``note`` and
``evidence``. An unanswered item has a blank row.

**Wide** — one row per unit: ``unit``, ``assessor``, one column per choice or index item (named by its code,
``P1.i.a``), one column per count of a count item (``R4.i.a.targets``), and ``{code}.note`` /
``{code}.evidence`` columns for the items that carry one.

Reading takes what spreadsheets and pandas hold: blank cells (``None``, NaN, pandas' ``NA``; in an answer or
count column also empty text) are unanswered, a note or evidence is kept as written, NumPy numbers are plain
numbers (a count column of floats is fine), and column names are matched ignoring case and surrounding spaces.
Every problem of a frame — unknown columns, unknown items, refused answers — is reported at once in an
:class:`~zona_integritas.errors.InvalidInputError` naming the row
(the frame's index label) and the column.

>>> from zona_integritas import load_rulebook
>>> rb = load_rulebook("permenpanrb-90-2021")
>>> long_columns(rb)[:4], long_columns(rb)[-2:]
(['item', 'answer', 'agents', 'changes'], ['note', 'evidence'])
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ._answers import Answer, Counts
from ._validation import counts_of, split_answer, validate_answer
from .errors import InvalidAnswerError, InvalidValueError, UnknownItemError
from .i18n import gettext as _
from .inputs import echo, is_blank, located, native
from .rulebook import Item, ItemCode, ItemKind, Rulebook

# The readers and writers below the constants are the machinery of the Worksheet methods; the public face is
# Worksheet.from_dataframe / to_dataframe / from_wide_dataframe and worksheet.worksheets_to_dataframe.
__all__ = ["ANSWER", "ASSESSOR", "EVIDENCE", "ITEM", "NOTE", "UNIT", "count_names", "long_columns", "wide_columns"]

#: The column names of the frames (stable English identifiers).
ITEM, ANSWER, NOTE, EVIDENCE, UNIT, ASSESSOR = "item", "answer", "note", "evidence", "unit", "assessor"


def pandas() -> Any:
    """The pandas module, or an :class:`ImportError` that says how to install it."""
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise ImportError(_("DataFrames need pandas: pip install 'zona-integritas[pandas]'")) from exc
    return pd


def count_names(rulebook: Rulebook) -> list[str]:
    """Every count name of the rulebook's count items, once each, in rulebook order.

    >>> from zona_integritas import load_rulebook
    >>> count_names(load_rulebook("permenpanrb-90-2021"))[:5]
    ['agents', 'changes', 'integrated', 'last_year', 'this_year']
    """
    names: list[str] = []
    for item in rulebook.items:
        names.extend(n for n in item.input_names if n not in names)
    return names


def long_columns(rulebook: Rulebook) -> list[str]:
    """The columns of a long frame of ``rulebook``: item, answer, its count names, note, evidence.

    >>> from zona_integritas import load_rulebook
    >>> len(long_columns(load_rulebook("permenpanrb-90-2021")))
    24
    """
    return [ITEM, ANSWER, *count_names(rulebook), NOTE, EVIDENCE]


def long_rows(rulebook: Rulebook, answers: Mapping[str, Answer]) -> list[dict[str, Any]]:
    """One row per item of ``rulebook`` (in rulebook order) holding its answer, blank when it has none."""
    rows = []
    for code in rulebook.item_codes:
        answer = answers.get(code)
        row: dict[str, Any] = dict.fromkeys(long_columns(rulebook))
        row[ITEM] = str(code)
        if answer is not None:
            if isinstance(answer.value, Counts):
                row.update(answer.value)
            else:
                row[ANSWER] = answer.value
            row[NOTE], row[EVIDENCE] = answer.note, answer.evidence
        rows.append(row)
    return rows


def wide_columns(rulebook: Rulebook, answered: Iterable[Mapping[ItemCode, Answer]]) -> list[str]:
    """The columns of a wide frame: unit, assessor, every item (a count item by its counts), and the note and
    evidence columns of the items that carry one in any of ``answered``.

    >>> from zona_integritas import load_rulebook
    >>> columns = wide_columns(load_rulebook("permenpanrb-90-2021"), [])
    >>> columns[:3], [c for c in columns if c.startswith("R4.i.a")]
    (['unit', 'assessor', 'P1.i.a'], ['R4.i.a.targets', 'R4.i.a.met'])
    """
    sheets = list(answered)
    columns = [UNIT, ASSESSOR]
    for item in rulebook.items:
        if item.kind is ItemKind.COUNT:
            columns.extend(f"{item.code}.{name}" for name in item.input_names)
        else:
            columns.append(item.code)
        for extra in (NOTE, EVIDENCE):
            if any(getattr(a.get(item.code), extra, None) is not None for a in sheets):
                columns.append(f"{item.code}.{extra}")
    return columns


def wide_row(unit: str, assessor: str, answers: Mapping[ItemCode, Answer]) -> dict[str, Any]:
    """The cells of one unit's row in a wide frame (absent cells are blank)."""
    row: dict[str, Any] = {UNIT: unit, ASSESSOR: assessor}
    for code, answer in answers.items():
        if isinstance(answer.value, Counts):
            row.update({f"{code}.{name}": count for name, count in answer.value.items()})
        elif answer.value is not None:
            row[code] = answer.value
        if answer.note is not None:
            row[f"{code}.{NOTE}"] = answer.note
        if answer.evidence is not None:
            row[f"{code}.{EVIDENCE}"] = answer.evidence
    return row


# -- reading ----------------------------------------------------------------------------------------------------
def _blank(value: object) -> bool:
    return is_blank(value) or (isinstance(value, str) and not value.strip())


def _cell(value: object) -> object:
    """A cell's value as the library takes it: blank as ``None``, NumPy scalars as plain values."""
    return None if _blank(value) else native(value)


def _where(row: object, column: str) -> str:
    return _("row {row}, column {column}").format(row=echo(native(row)), column=repr(column))


def _records(frame: object, what: str) -> tuple[list[str], list[object], list[dict[str, Any]]]:
    """The column names, index labels and rows of ``frame``; refuses what is not a DataFrame."""
    if not all(hasattr(frame, name) for name in ("columns", "index", "to_dict")):
        raise InvalidValueError(
            _("{what} takes a pandas DataFrame; got {value}").format(what=what, value=echo(frame)),
            code="not-a-dataframe",
        )
    columns = [str(c) for c in frame.columns]  # type: ignore[attr-defined]
    rows = frame.to_dict("records") if len(set(columns)) == len(columns) else []  # type: ignore[attr-defined]
    return columns, list(frame.index), rows  # type: ignore[attr-defined]


def _match_columns(columns: list[str], known: Mapping[str, str], problems: list[Exception]) -> dict[str, str]:
    """The frame's column names by their canonical name (``known`` maps a folded name to it); a duplicate or an
    unknown column is a problem."""
    found: dict[str, str] = {}
    for column in columns:
        canonical = known.get(column.strip().casefold())
        if canonical is None:
            problems.append(
                InvalidValueError(
                    _("column {column} is not a column of a worksheet frame").format(column=repr(column)),
                    code="unknown-column",
                )
            )
        elif canonical in found:
            problems.append(
                InvalidValueError(
                    _("columns {first} and {second} are the same column").format(
                        first=repr(found[canonical]), second=repr(column)
                    ),
                    code="duplicate-column",
                )
            )
        else:
            found[canonical] = column
    return found


def _answer(
    item: Item,
    label: object,
    value: tuple[object, str] | None,
    counts: Mapping[str, tuple[object, str]],
    texts: Mapping[str, tuple[object, str]],
    problems: list[Exception],
) -> Answer | None:
    """The validated answer of ``item`` from the cells of the row labelled ``label``: its answer cell, its count
    cells by count name and its note and evidence cells, each a (value, column name) pair."""
    text: dict[str, str | None] = {NOTE: None, EVIDENCE: None}
    for key, (raw, column) in texts.items():
        plain = None if is_blank(raw) else native(raw)  # a note is text as written, spaces included
        *_ignored, shape = split_answer({"answer": None, key: plain})
        if shape:
            problems.append(InvalidAnswerError(located("; ".join(shape), _where(label, column)), code="unfit-text"))
            return None
        text[key] = plain if isinstance(plain, str) else None
    kept = Answer(None, text[NOTE], text[EVIDENCE]) if text[NOTE] or text[EVIDENCE] else None
    filled = {name: (_cell(raw), column) for name, (raw, column) in counts.items() if not _blank(raw)}
    try:
        if item.kind is ItemKind.COUNT:
            if value is not None and not _blank(value[0]):
                message = _("item {code} takes its counts in the columns {names}, not an answer").format(
                    code=repr(item.code), names=", ".join(item.input_names)
                )
                problems.append(InvalidAnswerError(located(message, _where(label, value[1])), code="counts-in-answer"))
                return None
            if not filled:
                return kept
            where = _("row {row}, columns {columns}").format(
                row=echo(native(label)), columns=", ".join(repr(column) for _n, (_v, column) in counts.items())
            )
            found, _plain = counts_of(item, {name: number for name, (number, _c) in filled.items()}, where)
            return Answer(found, text[NOTE], text[EVIDENCE])
        for name, (_v, column) in filled.items():
            message = _("item {code} takes no count {name}").format(code=repr(item.code), name=name)
            problems.append(InvalidAnswerError(located(message, _where(label, column)), code="unknown-count"))
        if filled:
            return None
        if value is None or _blank(value[0]):
            return kept
        return Answer(validate_answer(item, _cell(value[0]), _where(label, value[1])), text[NOTE], text[EVIDENCE])
    except InvalidAnswerError as exc:
        problems.append(exc)
        return None


def _item(rulebook: Rulebook, code: object, where: str, problems: list[Exception]) -> Item | None:
    plain = native(code)
    if isinstance(plain, str) and rulebook.has_item(plain.strip()):
        return rulebook.item(plain.strip())
    problems.append(UnknownItemError(located(rulebook.unknown_item_message(plain), where)))
    return None


def answers_from_long(rulebook: Rulebook, frame: object, problems: list[Exception], *, what: str) -> dict[str, Answer]:
    """The validated answers of a long frame by item code; every problem is added to ``problems``."""
    columns, index, rows = _records(frame, what)
    parts = count_names(rulebook)
    known = {name.casefold(): name for name in (ITEM, ANSWER, NOTE, EVIDENCE, *parts)}
    found = _match_columns(columns, known, problems)
    if ITEM not in found:
        problems.append(
            InvalidValueError(
                _("a worksheet frame needs an {column} column").format(column=repr(ITEM)), code="missing-column"
            )
        )
        return {}
    answers: dict[str, Answer] = {}
    rows_of: dict[str, object] = {}
    for label, record in zip(index, rows, strict=True):

        def cell(name: str, record: dict[str, Any] = record) -> tuple[object, str] | None:
            column = found.get(name)
            return None if column is None else (record[column], column)

        code = record[found[ITEM]]
        here = _where(label, found[ITEM])
        if _blank(code):
            if any(not _blank(record[c]) for c in found.values()):
                problems.append(InvalidValueError(located(_("the row names no item"), here), code="missing-item"))
            continue
        item = _item(rulebook, code, here, problems)
        if item is None:
            continue
        if item.code in rows_of:
            problems.append(
                InvalidAnswerError(
                    located(
                        _("item {code} is answered twice, first in row {first}").format(
                            code=repr(item.code), first=echo(native(rows_of[item.code]))
                        ),
                        here,
                    ),
                    code="answered-twice",
                )
            )
            continue
        rows_of[item.code] = label
        counts = {n: c for n in parts if (c := cell(n)) is not None and (n in item.input_names or not _blank(c[0]))}
        texts = {key: c for key in (NOTE, EVIDENCE) if (c := cell(key)) is not None}
        answer = _answer(item, label, cell(ANSWER), counts, texts, problems)
        if answer is not None:
            answers[item.code] = answer
    return answers


def answers_from_wide(
    rulebook: Rulebook, frame: object, problems: list[Exception], *, unit_column: str, what: str
) -> list[tuple[str, tuple[object, str] | None, dict[str, Answer]]]:
    """(unit, assessor cell, answers) of every row of a wide frame; every problem is added to ``problems``."""
    columns, index, rows = _records(frame, what)
    known: dict[str, str] = {unit_column.casefold(): UNIT, ASSESSOR: ASSESSOR}
    for item in rulebook.items:
        names = [f"{item.code}.{n}" for n in item.input_names] if item.kind is ItemKind.COUNT else [item.code]
        names += [f"{item.code}.{NOTE}", f"{item.code}.{EVIDENCE}"]
        known.update({name.casefold(): name for name in names})
    found = _match_columns(columns, known, problems)
    if UNIT not in found:
        problems.append(
            InvalidValueError(
                _("a wide worksheet frame needs a {column} column").format(column=repr(unit_column)),
                code="missing-column",
            )
        )
        return []
    out: list[tuple[str, tuple[object, str] | None, dict[str, Answer]]] = []
    seen: dict[str, object] = {}
    for label, record in zip(index, rows, strict=True):

        def cell(name: str, record: dict[str, Any] = record) -> tuple[object, str] | None:
            column = found.get(name)
            return None if column is None else (record[column], column)

        here = _where(label, found[UNIT])
        unit = _cell(record[found[UNIT]])
        if unit is None or isinstance(unit, bool | float):
            message = _("a unit is named by text or a whole number; got {value}").format(value=echo(unit))
            problems.append(InvalidValueError(located(message, here), code="missing-unit"))
            continue
        name = str(unit).strip()
        if name in seen:
            problems.append(
                InvalidValueError(
                    located(
                        _("unit {unit} has two rows, the first is row {first}").format(
                            unit=repr(name), first=echo(native(seen[name]))
                        ),
                        here,
                    ),
                    code="duplicate-unit",
                )
            )
            continue
        seen[name] = label
        answers: dict[str, Answer] = {}
        for item in rulebook.items:
            if item.kind is ItemKind.COUNT:
                value = None
                counts = {n: c for n in item.input_names if (c := cell(f"{item.code}.{n}")) is not None}
            else:
                value, counts = cell(item.code), {}
            texts = {key: c for key in (NOTE, EVIDENCE) if (c := cell(f"{item.code}.{key}")) is not None}
            answer = _answer(item, label, value, counts, texts, problems)
            if answer is not None:
                answers[item.code] = answer
        assessor = cell(ASSESSOR)
        out.append((name, None if assessor is None else (_cell(assessor[0]), _where(label, assessor[1])), answers))
    return out
