"""The fast survey CSV engines: one-digit files read as a byte matrix (NumPy), and clean files through
pyarrow. Each returns ``None`` for a file it cannot read exactly, and the caller then uses the ``csv``
engine, which alone words the problems; both also stream the column sums of a file block by block.
"""

from __future__ import annotations

import array
import codecs
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import InvalidInputError
from .survey_file import (
    MAX_BYTES,
    MAX_FIELD,
    MAX_ROWS,
    ColumnBuilder,
    SurveyFile,
    choose_delimiter,
    layout_of,
)

#: The engines are used through :func:`~zona_integritas.io.survey_csv.read_survey_csv` and
#: :func:`~zona_integritas.io.survey_csv.skm_index_csv` (``engine=``); none is public on its own.
__all__: list[str] = []


def _threads() -> bool:
    """Whether pyarrow may use threads: only with more than one core to run them on (on one core the
    thread pool costs about a quarter more time)."""
    try:
        return len(os.sched_getaffinity(0)) > 1
    except AttributeError:  # pragma: no cover - not on Linux
        return (os.cpu_count() or 1) > 1


def _clean_header(
    path: Path, name: str, delimiter: str | None, layout_args: tuple[Any, ...]
) -> tuple[Any, list[str], str, int] | None:
    """(layout, header, delimiter, line count) of a file whose header a fast engine can take: UTF-8,
    unquoted, its columns named once. ``None`` otherwise."""
    with open(path, "rb") as handle:
        first_bytes = handle.readline(MAX_FIELD).removeprefix(codecs.BOM_UTF8)
        newlines, last = 0, b""
        while block := handle.read(1 << 20):
            newlines += block.count(b"\n")
            last = block[-1:]
    newlines += 1 + (0 if last in (b"\n", b"") else 1)  # the header's line end, and a last line without one
    try:
        first = first_bytes.rstrip(b"\n").decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not first.strip() or '"' in first:
        return None
    delimiter = delimiter or choose_delimiter(first)
    header = [h.strip() for h in first.rstrip("\r").split(delimiter)]
    layout = layout_of(name, header, *layout_args)
    wanted = [header[i] for _, i in layout.question_cols] + [header[i] for i in layout.profile_cols.values()]
    if len(set(wanted)) != len(wanted) or len(set(header)) != len(header):
        return None
    return layout, header, delimiter, newlines


def read_arrow(path: Path, name: str, delimiter: str | None, layout_args: tuple[Any, ...]) -> SurveyFile | None:
    """The pyarrow engine: ``None`` when the file needs the ``csv`` engine (anything but a clean file)."""
    try:
        import numpy as np
        import pyarrow as pa
        import pyarrow.csv as pacsv
    except ImportError:
        return None
    found = _clean_header(path, name, delimiter, layout_args)
    if found is None:
        return None
    layout, header, delimiter, newlines = found
    wanted = [header[i] for _, i in layout.question_cols] + [header[i] for i in layout.profile_cols.values()]
    types = {header[i]: pa.int8() for _, i in layout.question_cols}
    types.update({header[i]: pa.string() for i in layout.profile_cols.values()})
    try:
        table = pacsv.read_csv(
            pa.memory_map(str(path)),
            read_options=pacsv.ReadOptions(column_names=header, skip_rows=1, use_threads=_threads()),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=False),
            convert_options=pacsv.ConvertOptions(
                column_types=types, include_columns=wanted, null_values=[""], strings_can_be_null=False
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, UnicodeDecodeError):
        return None
    rows = table.num_rows
    if newlines != rows + 1 or rows > MAX_ROWS:
        return None  # blank lines or quoted line breaks: the csv engine counts the lines
    columns: list[Any] = []
    for _, i in layout.question_cols:
        column = table.column(header[i])
        if column.null_count:
            return None  # blanks: the csv engine keeps them as None
        values = column.to_numpy()
        columns.append(array.array("b", values.astype(np.int8, copy=False).tobytes()))
    acc = ColumnBuilder(layout, name)
    acc.answers = columns
    for field, i in layout.profile_cols.items():
        encoded = table.column(header[i]).combine_chunks().dictionary_encode()
        codes = encoded.indices.to_numpy(zero_copy_only=False)
        acc.add_profile_codes(field, encoded.dictionary.to_pylist(), codes, header[i], 2)
    acc.lines = range(2, rows + 2) if rows else array.array("l")
    del table
    pa.default_memory_pool().release_unused()  # give the parse buffers back to the system now
    return acc.finish(delimiter)


def read_pandas(path: Path, name: str, delimiter: str | None, layout_args: tuple[Any, ...]) -> SurveyFile | None:
    """The pandas engine, for a clean file when pyarrow is missing: ``None`` when the file needs the
    ``csv`` engine (a blank, a cell that is not a small whole number, a short or long row, a blank line)."""
    try:
        import numpy as np
        import pandas as pd
    except ImportError:
        return None
    found = _clean_header(path, name, delimiter, layout_args)
    if found is None:
        return None
    layout, header, delimiter, newlines = found
    answers = [header[i] for _, i in layout.question_cols]
    profiles = [header[i] for i in layout.profile_cols.values()]
    try:
        frame = pd.read_csv(  # type: ignore[call-overload]  # pandas-stubs: per-column dtypes built at run time
            path,
            sep=delimiter,
            header=0,
            names=header,
            usecols=answers + profiles,
            dtype={**dict.fromkeys(answers, "int8"), **dict.fromkeys(profiles, str)},
            na_filter=False,
            skip_blank_lines=False,
            encoding="utf-8-sig",
            engine="c",
        )
    except (ValueError, OverflowError, UnicodeDecodeError, pd.errors.ParserError):
        return None
    rows = len(frame)
    if newlines != rows + 1 or rows > MAX_ROWS:
        return None
    acc = ColumnBuilder(layout, name)
    acc.answers = [array.array("b", frame[a].to_numpy(dtype=np.int8).tobytes()) for a in answers]
    for field, i in layout.profile_cols.items():
        codes, uniques = pd.factorize(frame[header[i]])
        acc.add_profile_codes(field, [str(u) for u in uniques], codes, header[i], 2)
    acc.lines = range(2, rows + 2) if rows else array.array("l")
    return acc.finish(delimiter)


def arrow_sums(
    path: Path, codes: Sequence[str], columns: Mapping[str, str] | None, delimiter: str | None, scale: tuple[int, int]
) -> Any:
    """Column sums of a clean file through pyarrow's streaming reader, block by block (bounded memory);
    ``None`` when pyarrow is missing or the file needs the ``csv`` engine (any blank, bad cell, extra
    cell, quote, or a column saying who had not finished a service)."""
    try:
        import numpy as np
        import pyarrow as pa
        import pyarrow.csv as pacsv
    except ImportError:
        return None
    from ..survey_answers import AnswerTable

    if path.stat().st_size > MAX_BYTES:
        return None
    with open(path, "rb") as handle:
        first_bytes = handle.readline(MAX_FIELD)
    if first_bytes.startswith(codecs.BOM_UTF8):
        first_bytes = first_bytes[3:]
    try:
        first = first_bytes.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not first.strip() or '"' in first:
        return None
    delimiter = delimiter or choose_delimiter(first)
    header = [h.strip() for h in first.rstrip("\r\n").split(delimiter)]
    try:
        layout = layout_of(str(path), header, codes, columns, None, None)
    except InvalidInputError:
        return None
    if "completed_service" in layout.profile_cols:
        return None
    wanted = [header[i] for _, i in layout.question_cols]
    low, high = scale
    sums = [0] * len(wanted)
    n = 0
    try:
        reader = pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(
                column_names=header, skip_rows=1, block_size=4 << 20, use_threads=_threads()
            ),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=False),
            convert_options=pacsv.ConvertOptions(
                column_types={h: pa.int8() for h in wanted}, include_columns=wanted, null_values=[""]
            ),
        )
        for batch in reader:
            for j, name in enumerate(wanted):
                column = batch.column(name)
                if column.null_count:
                    return None
                values = column.to_numpy()
                if len(values) and not (low <= values.min() and values.max() <= high):
                    return None
                sums[j] += int(values.sum(dtype=np.int64))
            n += batch.num_rows
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, UnicodeDecodeError):
        return None
    return AnswerTable(tuple(sums), n, 0, 0)


# -- the digit engine: files of one-digit answers only, read as a byte matrix ---------------------------------
def digit_layout(path: Path, delimiter: str | None, layout_args: tuple[Any, ...]) -> tuple[Any, int, int] | None:
    """(layout, header bytes, row bytes) when the file may hold only one-digit answers: its header
    names answer columns only, unquoted. ``None`` otherwise (or without NumPy)."""
    try:
        import numpy  # noqa: F401
    except ImportError:
        return None
    if path.stat().st_size > MAX_BYTES:
        return None
    with open(path, "rb") as handle:
        first_bytes = handle.readline(MAX_FIELD)
    offset = len(first_bytes)
    if first_bytes.startswith(codecs.BOM_UTF8):
        first_bytes = first_bytes[3:]
    try:
        first = first_bytes.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not first.endswith("\n") or '"' in first:
        return None
    delimiter = delimiter or choose_delimiter(first)
    header = [h.strip() for h in first.rstrip("\r\n").split(delimiter)]
    try:
        layout = layout_of(str(path), header, *layout_args)
    except InvalidInputError:
        return None
    if layout.profile_cols or len(layout.question_cols) != len(header):
        return None
    width = len(header)
    crlf = first.endswith("\r\n")
    return (layout, delimiter), offset, 2 * width + (1 if crlf else 0)


def digit_matrix(block: bytes, row_bytes: int, delimiter: str) -> Any:
    """The answers of a block of whole rows as an int8 matrix, or ``None`` when any byte is not where a
    one-digit answer, a delimiter or the line end must be."""
    import numpy as np

    if len(block) % row_bytes:
        return None
    grid = np.frombuffer(block, dtype=np.uint8).reshape(-1, row_bytes)
    width = row_bytes // 2
    digits = grid[:, 0 : 2 * width : 2]
    if row_bytes % 2 and not (grid[:, -2] == 13).all():  # CRLF line ends
        return None
    if not (grid[:, -1] == 10).all():
        return None
    if width > 1 and not (grid[:, 1 : 2 * width - 1 : 2] == ord(delimiter)).all():
        return None
    values = digits - 48
    if values.size and values.max() > 9:  # uint8: a byte below '0' wraps above 9
        return None
    return values.astype(np.int8)


def read_digits(path: Path, delimiter: str | None, layout_args: tuple[Any, ...]) -> SurveyFile | None:
    found = digit_layout(path, delimiter, layout_args)
    if found is None:
        return None
    (layout, delim), offset, row_bytes = found
    with open(path, "rb") as handle:
        handle.seek(offset)
        body = handle.read()
    matrix = digit_matrix(body, row_bytes, delim)
    if matrix is None or len(matrix) > MAX_ROWS:
        return None
    columns = [array.array("b", matrix[:, i].tobytes()) for _, i in layout.question_cols]
    rows = len(matrix)
    return SurveyFile(
        tuple(columns),
        {},
        tuple(c for c, _ in layout.question_cols),
        range(2, rows + 2),
        delim,
        str(path),
        layout.headers,
    )


def digit_sums(
    path: Path, codes: Sequence[str], columns: Mapping[str, str] | None, delimiter: str | None, scale: tuple[int, int]
) -> Any:
    """Column sums of a file of one-digit answers, a block of rows at a time (bounded memory)."""
    from ..survey_answers import AnswerTable

    found = digit_layout(path, delimiter, (codes, columns, None, None))
    if found is None:
        return None
    (layout, delim), offset, row_bytes = found
    low, high = scale
    sums = [0] * len(layout.question_cols)
    n = 0
    block_rows = max(1, (4 << 20) // row_bytes)
    with open(path, "rb") as handle:
        handle.seek(offset)
        while block := handle.read(block_rows * row_bytes):
            matrix = digit_matrix(block, row_bytes, delim)
            if matrix is None:
                return None
            if len(matrix) and not (low <= matrix.min() and matrix.max() <= high):
                return None
            totals = matrix.sum(axis=0, dtype="int64")
            for j, (_, i) in enumerate(layout.question_cols):
                sums[j] += int(totals[i])
            n += len(matrix)
    return AnswerTable(tuple(sums), n, 0, 0)
