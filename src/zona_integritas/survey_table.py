"""The answer table of a survey from rows or from columns: the one place that chooses between
:mod:`zona_integritas.survey_answers` (row by row) and :mod:`zona_integritas.survey_columns` (columnar input:
a pandas or polars DataFrame, a NumPy 2-D array, an Arrow table), so neither of the two needs the other's
caller.

>>> t = answer_table([[4, 3], [3, None]], ("A", "B"), 1, 4, "exclude")
>>> t.sums, t.n, t.excluded
((4, 3), 1, 1)
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any, cast

from . import survey_columns
from .survey_answers import AnswerTable, Incomplete, Invalid, answer_rows, check_incomplete, check_invalid

__all__ = ["answer_table", "headers_of", "rows_or_columns"]


def answer_table(
    respondents: Any,
    codes: Sequence[str],
    low: int,
    high: int,
    incomplete: Incomplete,
    where: str = "",
    line_numbers: Sequence[int] | None = None,
    *,
    invalid: Invalid = "error",
) -> AnswerTable:
    """Validate answers and sum each column.

    ``respondents`` is an iterable of rows or a columnar container (see
    :mod:`zona_integritas.survey_columns`). Plain sequences of whole numbers take a column-wise fast
    path; anything else, or any bad value, goes row by row so every problem is reported with its row and
    column (the user's own header when the answers came from a file). ``invalid="exclude"`` leaves out a
    respondent with an answer outside ``low``–``high`` and counts them in ``AnswerTable.invalid``.
    """
    check_incomplete(incomplete)
    check_invalid(invalid)
    headers = headers_of(respondents)
    respondents, line_numbers, where = rows_or_columns(respondents, line_numbers, where)
    if survey_columns.is_columnar(respondents):
        return survey_columns.columns_table(
            respondents, codes, low, high, incomplete, where, line_numbers, invalid=invalid
        ).table
    items = respondents if isinstance(respondents, list) else list(respondents)
    width = len(codes)
    if items and set(map(type, items)) <= {tuple, list} and set(map(len, items)) == {width}:
        flat = list(itertools.chain.from_iterable(cast(list[Sequence[Any]], items)))
        if set(map(type, flat)) == {int} and set(flat) <= set(range(low, high + 1)):
            return AnswerTable(tuple(sum(flat[j::width]) for j in range(width)), len(items), 0, 0)
    rows, profiles, excluded, not_completed, dropped = answer_rows(
        items, codes, low, high, incomplete, where, line_numbers, invalid=invalid, headers=headers
    )
    sums = tuple(sum(col) for col in zip(*rows, strict=True)) if rows else (0,) * width
    known = bool(profiles) and all(p is not None and p.completed_service is not None for p in profiles)
    services = frozenset(p.service for p in profiles if p is not None and p.service is not None)
    return AnswerTable(sums, len(rows), excluded, not_completed, known, services, dropped)


def headers_of(respondents: Any) -> dict[str, str] | None:
    """The user's own column header of each code, when the answers came from a file (``None`` otherwise).

    >>> headers_of([[4]]) is None
    True
    """
    headers = getattr(respondents, "headers", None)
    return dict(headers) if headers else None


def rows_or_columns(respondents: Any, line_numbers: Sequence[int] | None, where: str) -> tuple[Any, Any, str]:
    """A survey file as its columns (with NumPy) or its rows with their lines and source (without);
    anything else as it is.

    >>> rows_or_columns([[4]], None, "")
    ([[4]], None, '')
    """
    if hasattr(respondents, "to_columns") and hasattr(respondents, "line_numbers"):
        if survey_columns.has_numpy():
            return respondents.to_columns(), line_numbers, where
        line_numbers = respondents.line_numbers if line_numbers is None else line_numbers
        return list(respondents.records), line_numbers, where or f"{respondents.source}: "
    return respondents, line_numbers, where
