"""Survey answers from an .xlsx sheet (extra ``excel``): the same layout, results and messages as a CSV.

The first row of the sheet is the header; every later row is a respondent, and its sheet row number is
its line in the messages. The workbook is opened through the library's safe opener (size and zip-bomb
bounds, no macros, formulas never run) and read row by row, at most as many columns as the header has.
Cells become the text a CSV export would hold (a whole number ``4.0`` reads ``4``, a date its ISO form)
and go through the same column builder as the CSV engines. A row with a value right of the header is
refused, naming its row, as a CSV row with extra cells is.

>>> import openpyxl, tempfile, pathlib
>>> book = openpyxl.Workbook()
>>> sheet = book.active
>>> sheet.append(["U1", "U2", "layanan"]); sheet.append([4, 3, "izin"]); sheet.append([3, 3.0, "izin"])
>>> path = pathlib.Path(tempfile.mkdtemp()) / "skm.xlsx"
>>> book.save(path)
>>> data = read_survey_xlsx(path, codes=["U1", "U2"])
>>> data.answers, data.profile_columns["service"], list(data.line_numbers)
(((4, 3), (3, 3)), ['izin', 'izin'], [2, 3])
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import InvalidAnswerError, InvalidInputError
from ..i18n import format_integer
from ..i18n import gettext as _
from ..survey_answers import echo
from ._xlsx import open_workbook
from .survey_file import MAX_ROWS, ColumnBuilder, SurveyFile, has_problems, layout_of

__all__ = ["read_survey_xlsx"]

_BATCH = 16_384


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e9:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if value.time() != dt.time() else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def read_survey_xlsx(
    path: str | Path,
    *,
    sheet: str | None = None,
    codes: Sequence[str] | None = None,
    columns: Mapping[str, str] | None = None,
    question_prefixes: Sequence[str] | None = None,
    profile_columns: Mapping[str, str] | None = None,
) -> SurveyFile:
    """Read respondents from a sheet (the first one unless ``sheet`` names another); the arguments are
    those of :func:`~zona_integritas.io.survey_csv.read_survey_csv`.

    >>> import openpyxl, tempfile, pathlib
    >>> book = openpyxl.Workbook()
    >>> book.active.title = "SKM"
    >>> book.active.append(["U1"]); book.active.append([4.0])
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "one.xlsx"
    >>> book.save(path)
    >>> read_survey_xlsx(path, sheet="SKM", codes=["U1"]).answers
    ((4,),)
    """
    path = Path(path)
    book = open_workbook(path, data_only=True)
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise InvalidInputError(
                has_problems(str(path)),
                [
                    InvalidAnswerError(
                        _("{source}: no sheet {sheet}; the sheets are {sheets}").format(
                            source=path, sheet=echo(sheet), sheets=", ".join(book.sheetnames)
                        ),
                        code="unknown-sheet",
                    )
                ],
            )
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        first = next(rows, None)
        if first is None or not any(v is not None for v in first):
            raise InvalidInputError(
                _("{source} is empty").format(source=path),
                [InvalidAnswerError(_("{source}: no header row").format(source=path), code="empty-file")],
            )
        header = [_text(v).strip() for v in first]
        while header and not header[-1]:
            header.pop()
        width = len(header)
        name = str(path)
        layout = layout_of(name, header, codes, columns, question_prefixes, profile_columns)
        acc = ColumnBuilder(layout, name)
        batch: list[list[str]] = []
        numbers: list[int] = []

        def flush() -> None:
            for j, (_code, i) in enumerate(layout.question_cols):
                acc.add_answers(j, [row[i] for row in batch])
            for field, i in layout.profile_cols.items():
                acc.add_profiles(field, [row[i] for row in batch], numbers, header[i])
            acc.lines.extend(numbers)
            batch.clear()
            numbers.clear()

        for number, values in enumerate(ws.iter_rows(min_row=2, max_col=width + 1, values_only=True), start=2):
            cells = [_text(v) for v in values]
            if not "".join(cells).strip():
                continue
            if len(cells) > width and cells[width].strip():
                message = _("{source}, line {line}: a cell beyond the {width} header columns").format(
                    source=name, line=number, width=width
                )
                acc.add_problem("cells", number, -1, message)
                continue
            cells = cells[:width] + [""] * (width - len(cells))
            batch.append(cells)
            numbers.append(number)
            if len(acc) + len(batch) > MAX_ROWS:
                raise InvalidInputError(
                    _("{source} is too large").format(source=name),
                    [
                        InvalidAnswerError(
                            _("{source}: more than {limit} respondents").format(
                                source=name, limit=format_integer(MAX_ROWS)
                            ),
                            code="too-large",
                        )
                    ],
                )
            if len(batch) >= _BATCH:
                flush()
        flush()
        return acc.finish("xlsx")
    finally:
        book.close()
