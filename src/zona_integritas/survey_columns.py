"""Columnar survey answers: pandas and polars DataFrames, NumPy 2-D arrays, Arrow tables (needs NumPy).

Answers are small whole numbers, so a column can be validated with a handful of vectorised passes
(minimum, maximum, NaN, integrality) and summed exactly in 64-bit integers; the index is then formed
from those integer sums with fractions, exactly as on the row path. Invalid cells are found in bulk and
reported with row and column in the row path's words (the first
:data:`~zona_integritas.survey_answers.MAX_REPORTED`, then a count); NaN or null is a blank answer and
follows the ``incomplete`` policy. Nothing is coerced silently: a float must be a whole number, a text
cell must read as one, a boolean is never an answer.

Columns are found by name (case-insensitive) in a DataFrame or table; a NumPy array, or a DataFrame
whose column labels are 0, 1, 2…, is read by position. Other columns are ignored, except profile
columns named like :data:`~zona_integritas.survey_answers.PROFILE_FIELDS` (``completed_service`` False
excludes the respondent, ``service`` feeds the coverage check and the breakdowns).

>>> import numpy as np
>>> t = columns_table(np.array([[4, 3], [3, 4]]), ("A", "B"), 1, 4, "error").table
>>> t.sums, t.n
((7, 7), 2)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from .errors import InvalidAnswerError, InvalidInputError
from .i18n import gettext as _
from .survey_answers import (
    MAX_REPORTED,
    PROFILE_FIELDS,
    AnswerTable,
    Incomplete,
    Invalid,
    answer_problem,
    as_answer,
    blank_problem,
    column_name,
    echo,
    is_missing,
    problems_error,
    row_place,
)

__all__ = [
    "ColumnAnswers",
    "ColumnSet",
    "columns_table",
    "extract_columns",
    "has_numpy",
    "is_columnar",
    "validate_column",
]

_LIBRARIES = ("numpy", "pandas", "polars", "pyarrow")


@attrs.frozen
class ColumnSet:
    """Plain named columns (1-D NumPy arrays of one length) with the line of each row and their source:
    what :meth:`zona_integritas.io.survey_csv.SurveyFile.to_columns` gives."""

    columns: dict[str, Any]
    rows: int
    line_numbers: Sequence[int] | None = None
    source: str | None = None
    headers: dict[str, str] | None = None


def has_numpy() -> bool:
    """Whether NumPy can be imported (the columnar path needs it).

    >>> has_numpy()
    True
    """
    try:
        import numpy  # noqa: F401
    except ImportError:  # pragma: no cover - numpy is installed with the dev extras
        return False
    return True


def as_columns(value: Any) -> Any:
    """A survey file (anything with ``to_columns()`` and ``line_numbers``) as its :class:`ColumnSet` when
    NumPy is installed; any other value as it is.

    >>> as_columns([[4] * 9])
    [[4, 4, 4, 4, 4, 4, 4, 4, 4]]
    """
    if hasattr(value, "to_columns") and hasattr(value, "line_numbers") and has_numpy():
        return value.to_columns()
    return value


def is_columnar(value: object) -> bool:
    """Whether ``value`` is a NumPy array, a pandas or polars DataFrame or an Arrow table.

    >>> is_columnar([[4] * 9]), is_columnar(__import__("numpy").ones((2, 9)))
    (False, True)
    """
    if isinstance(value, ColumnSet):
        return True
    if type(value).__module__.partition(".")[0] not in _LIBRARIES:
        return False
    return any(hasattr(value, name) for name in ("columns", "column_names", "ndim"))


@attrs.frozen
class ColumnAnswers:
    """Validated columnar answers: the sums, the kept answers (int64, kept rows × codes) and the kept rows.

    ``kept`` is a boolean mask over the input rows (``None`` when every row was used); ``profiles`` holds
    the profile columns found (field → array over the input rows).
    """

    table: AnswerTable
    columns: tuple[Any, ...]
    kept: Any
    profiles: dict[str, Any]


def _np() -> Any:
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - columnar input implies numpy
        raise InvalidAnswerError(
            _("columnar survey input needs NumPy: {command}").format(command="pip install 'zona-integritas[columnar]'")
        ) from None
    return np


def _pandas_column(series: Any) -> Any:
    np = _np()
    dtype = series.dtype
    if isinstance(dtype, np.dtype):
        return series.to_numpy()
    kind = getattr(dtype, "kind", "O")
    if kind in "iuf":
        return series.to_numpy(dtype="float64", na_value=np.nan)
    return series.to_numpy(dtype=object, na_value=None)


def extract_columns(value: Any, codes: Sequence[str], where: str) -> tuple[list[Any], dict[str, Any], int]:
    """The answer columns (1-D arrays, in ``codes`` order), the profile columns and the row count.

    >>> import pandas as pd
    >>> cols, profiles, n = extract_columns(pd.DataFrame({"b": [3], "A": [4], "service": ["izin"]}), ["a", "B"], "")
    >>> [c.tolist() for c in cols], list(profiles), n
    ([[4], [3]], ['service'], 1)
    """
    np = _np()
    module = type(value).__module__.partition(".")[0]
    width = len(codes)
    name = where.rstrip(": ")
    headline = _("{source} has problems").format(source=name) if name else _("the survey answers have problems")
    if module == "numpy":
        array = np.asarray(value)
        if array.ndim != 2 or array.shape[1] != width:
            raise InvalidInputError(
                headline,
                [
                    InvalidAnswerError(
                        _("expected a 2-D array of {width} columns ({codes}); got shape {shape}").format(
                            width=width, codes=", ".join(codes), shape=array.shape
                        ),
                        code="wrong-shape",
                    )
                ],
            )
        return [array[:, j] for j in range(width)], {}, int(array.shape[0])
    labels: list[Any]
    if isinstance(value, ColumnSet):
        labels = list(value.columns)
    else:
        labels = list(value.columns) if module != "pyarrow" else list(value.column_names)
    lookup = {str(label).casefold(): label for label in labels}
    if all(code.casefold() in lookup for code in codes):
        chosen = [lookup[code.casefold()] for code in codes]
    elif labels[:width] == list(range(width)):
        chosen = list(labels[:width])
    else:
        missing = [c for c in codes if c.casefold() not in lookup]
        raise InvalidInputError(
            headline,
            [
                InvalidAnswerError(_("missing column {column}").format(column=echo(c)), code="missing-column")
                for c in missing
            ],
        )
    profile_labels = {field: lookup[field] for field in PROFILE_FIELDS if field in lookup}
    if isinstance(value, ColumnSet):
        rows = value.rows
    elif module == "pandas":
        rows = len(value.index)
    elif module == "polars":
        rows = value.height
    else:
        rows = value.num_rows

    def get(label: Any) -> Any:
        if isinstance(value, ColumnSet):
            return value.columns[label]
        if module == "pandas":
            return _pandas_column(value[label])
        if module == "polars":
            return value.get_column(label).to_numpy()
        return value.column(label).to_numpy(zero_copy_only=False)

    return [get(label) for label in chosen], {f: get(label) for f, label in profile_labels.items()}, rows


def validate_column(column: Any, low: int, high: int) -> tuple[Any, Any, Any]:
    """(integer values with 0 where not valid, bad mask or None, blank mask or None) of one column; the
    values may be narrower than 64 bits, so sum them with ``dtype=int64``.

    >>> import numpy as np
    >>> values, bad, blank = validate_column(np.array([4.0, np.nan, 2.5]), 1, 4)
    >>> values.tolist(), bad.tolist(), blank.tolist()
    ([4, 0, 0], [False, False, True], [False, True, False])
    """
    np = _np()
    kind = column.dtype.kind
    if kind in "iu":
        if len(column) == 0:
            return column.astype(np.int64), None, None
        if low <= column.min() and column.max() <= high:
            return column, None, None  # summed in int64 without a widened copy
        bad = (column < low) | (column > high)
        return np.where(bad, 0, column).astype(np.int64), bad, None
    if kind == "f":
        blank = np.isnan(column)
        ok = ~blank & (column >= low) & (column <= high) & (column == np.floor(column))
        bad = ~(ok | blank)
        values = np.where(ok, column, 0).astype(np.int64)
        return values, (bad if bad.any() else None), (blank if blank.any() else None)
    if kind == "b":
        return np.zeros(len(column), np.int64), np.ones(len(column), bool), None
    cells = column.tolist()
    values = np.zeros(len(cells), np.int64)
    bad = np.zeros(len(cells), bool)
    blank = np.zeros(len(cells), bool)
    for i, cell in enumerate(cells):
        if is_missing(cell) or (isinstance(cell, str) and not cell.strip()):
            blank[i] = True
            continue
        number = as_answer(cell)
        if number is None or not low <= number <= high:
            bad[i] = True
        else:
            values[i] = number
    return values, (bad if bad.any() else None), (blank if blank.any() else None)


def columns_table(
    value: Any,
    codes: Sequence[str],
    low: int,
    high: int,
    incomplete: Incomplete,
    where: str = "",
    line_numbers: Sequence[int] | None = None,
    *,
    invalid: Invalid = "error",
) -> ColumnAnswers:
    """Validate columnar answers in bulk and sum each column exactly (int64). ``invalid="exclude"`` leaves
    out every row with an answer outside ``low``–``high`` and counts them (``table.invalid``).

    >>> import numpy as np
    >>> columns_table(np.array([[4, np.nan], [3, 3]]), ("A", "B"), 1, 4, "exclude").table.excluded
    1
    >>> columns_table(np.array([[4, 7], [3, 3]]), ("A", "B"), 1, 4, "error", invalid="exclude").table.invalid
    1
    """
    np = _np()
    names = list(codes)
    if isinstance(value, ColumnSet):
        line_numbers = value.line_numbers if line_numbers is None else line_numbers
        where = where or (f"{value.source}: " if value.source else "")
        names = [column_name(c, (value.headers or {}).get(c)) for c in codes]
    raw, profiles, rows = extract_columns(value, codes, where)
    checked = [validate_column(column, low, high) for column in raw]
    values = [v for v, _, _ in checked]
    bad_masks = [b for _, b, _ in checked]
    blank_masks = [k for _, _, k in checked]
    any_bad = any(b is not None for b in bad_masks)
    any_blank = any(k is not None for k in blank_masks)
    drop = None
    excluded = dropped = 0
    if any_bad and invalid == "exclude":
        drop = np.zeros(rows, bool)
        for mask in bad_masks:
            if mask is not None:
                drop |= mask
        dropped = int(drop.sum())
        bad_masks = [None] * len(bad_masks)
        blank_masks = [None if k is None else k & ~drop for k in blank_masks]
        blank_masks = [k if k is not None and k.any() else None for k in blank_masks]
        any_bad = False
        any_blank = any(k is not None for k in blank_masks)
    if any_bad or (any_blank and incomplete == "error"):
        _raise(
            raw,
            names,
            bad_masks,
            blank_masks,
            scale=(low, high),
            incomplete=incomplete,
            where=where,
            line_numbers=line_numbers,
            rows=rows,
        )
    if any_blank:
        blanks = np.zeros(rows, bool)
        for mask in blank_masks:
            if mask is not None:
                blanks |= mask
        excluded = int(blanks.sum())
        drop = blanks if drop is None else drop | blanks
    done = profiles.get("completed_service")
    not_completed = 0
    completed_known = False
    if done is not None:
        flags = done.tolist()
        false = np.array([f is False or f == 0 or (isinstance(f, str) and f.casefold() in _NO) for f in flags], bool)
        unknown = np.array([is_missing(f) for f in flags], bool)
        if drop is not None:
            false &= ~drop
            unknown &= ~drop
        not_completed = int(false.sum())
        drop = false if drop is None else drop | false
        completed_known = not unknown.any()
    if drop is not None and drop.any():
        keep = ~drop
        values = [v[keep] for v in values]
    else:
        keep = None
    sums = tuple(int(v.sum(dtype=np.int64)) for v in values)
    n = rows - (int(drop.sum()) if drop is not None else 0)
    services: frozenset[str] = frozenset()
    service = profiles.get("service")
    if service is not None:
        used = service if keep is None else service[keep]
        services = frozenset(str(s) for s in set(used.tolist()) if not is_missing(s) and str(s).strip())
    table = AnswerTable(sums, n, excluded, not_completed, completed_known, services, dropped)
    return ColumnAnswers(table, tuple(values), keep, profiles)


_NO = {"tidak", "t", "n", "0", "false", "salah", "belum"}


def _raise(
    raw: list[Any],
    codes: Sequence[str],
    bad_masks: list[Any],
    blank_masks: list[Any],
    *,
    scale: tuple[int, int],
    incomplete: Incomplete,
    where: str,
    line_numbers: Sequence[int] | None,
    rows: int,
) -> None:
    """Report bad cells (and blanks under ``incomplete="error"``) row by row, as the row path does."""
    np = _np()
    low, high = scale
    bad_any = np.zeros(rows, bool)
    for mask in bad_masks:
        if mask is not None:
            bad_any |= mask
    blank_any = np.zeros(rows, bool)
    if incomplete == "error":
        for mask in blank_masks:
            if mask is not None:
                blank_any |= mask
    blank_rows = blank_any & ~bad_any
    total = int(sum(int(m.sum()) for m in bad_masks if m is not None)) + int(blank_rows.sum())
    flagged = np.flatnonzero(bad_any | blank_rows)
    problems: list[Exception] = []
    for row in flagged[:MAX_REPORTED].tolist():
        line = line_numbers[row] if line_numbers is not None else row + 1
        place = row_place(where, line)
        if bad_any[row]:
            for j, mask in enumerate(bad_masks):
                if mask is not None and mask[row]:
                    cell = raw[j][row]
                    problems.append(
                        answer_problem(place, codes[j], cell.item() if hasattr(cell, "item") else cell, low, high)
                    )
        else:
            problems.append(
                blank_problem(place, [codes[j] for j, m in enumerate(blank_masks) if m is not None and m[row]])
            )
    raise problems_error(where, problems, max(total, len(problems)))
