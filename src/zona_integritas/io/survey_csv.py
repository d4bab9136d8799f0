"""Survey answers from CSV files as form services and spreadsheets export them.

A header row, then one respondent per line; comma- or semicolon-separated (detected from the header
unless given); UTF-8 with or without a byte-order mark. Answer columns default to the element or
aspect codes (``U1`` … ``U9`` for SKM; ``diskriminasi``, ``pungli_2``… for IPAK); profile columns are
recognised by their Indonesian or English names (``layanan``/``service``, ``tanggal``/``date``,
``umur``/``age_group``, ``jenis_kelamin``/``sex``, ``pendidikan``/``education``,
``pekerjaan``/``occupation``, ``selesai``/``completed_service``, ``unit``/``sub_unit``,
``kontak``/``no_hp``/``contact``, ``waktu``/``submitted``). All names are configurable. Every bad cell is
reported at once with its line and column.

Two engines read the same files into the same result: pyarrow's CSV reader when it is installed
(``engine="auto"``), Python's ``csv`` module otherwise. The fast engine only takes a file it can read
exactly (small whole numbers or blanks in the answer columns, one line per respondent, as many cells as
the header); anything else goes to the ``csv`` engine, so the problems are reported with the same words
either way. The file is read as a stream: answers are kept one byte per cell (1 MB per million answers),
repeated profile values once, and :func:`skm_index_csv` computes an IKM of any number of respondents in
bounded memory, chunk by chunk.

>>> import io, zona_integritas as zi
>>> text = "U1;U2;U3;U4;U5;U6;U7;U8;U9;layanan\\n4;4;4;3;4;4;4;4;4;izin usaha\\n3;4;4;4;4;4;3;4;4;izin usaha\\n"
>>> survey = read_survey_csv(io.StringIO(text), codes=[f"U{i}" for i in range(1, 10)])
>>> survey.delimiter, len(survey.respondents), survey.respondents[0].service
(';', 2, 'izin usaha')
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from ..decimals import in_library_context
from ..errors import InvalidAnswerError, InvalidInputError, InvalidValueError
from ..i18n import format_integer
from ..i18n import gettext as _
from ..survey_answers import Incomplete, Invalid, check_incomplete, check_invalid, echo
from ..survey_skm import IkmResult, SkmSpec, ikm_result, skm_spec
from .survey_engines import arrow_sums, digit_sums, read_arrow, read_digits, read_pandas
from .survey_file import (
    BATCH,
    MAX_BYTES,
    MAX_FIELD,
    MAX_LINE,
    MAX_ROWS,
    ColumnBuilder,
    Engine,
    SurveyFile,
    choose_delimiter,
    layout_of,
    problem,
)

__all__ = [
    "MAX_BYTES",
    "MAX_FIELD",
    "MAX_LINE",
    "MAX_ROWS",
    "SurveyFile",
    "iter_survey_csv",
    "read_survey_csv",
    "skm_index_csv",
]


class _Lines:
    """The lines of a file, decoded a block at a time (an undecodable byte is reported on its line) and
    bounded in length (a file without line breaks cannot fill the memory)."""

    def __init__(self, handle: IO[bytes], name: str) -> None:
        self.handle = handle
        self.name = name

    def __iter__(self) -> Iterator[str]:
        number = 0
        rest = b""
        first = True
        while block := self.handle.read(1 << 20):
            data = rest + block
            if first:
                data = data.removeprefix(codecs.BOM_UTF8)
                first = False
            cut = data.rfind(b"\n") + 1
            rest = data[cut:]
            if len(rest) > MAX_LINE:
                line = number + data[:cut].count(b"\n") + 1
                raise problem(
                    self.name,
                    _("line {line} is longer than {limit} bytes").format(line=line, limit=format_integer(MAX_LINE)),
                )
            if cut:
                text = self._decode(data[:cut], number)
                lines = text.split("\n")
                lines.pop()
                number += len(lines)
                yield from [line + "\n" for line in lines]
        if rest:
            yield self._decode(rest, number)

    def _decode(self, data: bytes, before: int) -> str:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = before + data[: exc.start].count(b"\n") + 1
            raise problem(
                self.name, _("line {line} cannot be read as UTF-8; export the file as CSV UTF-8").format(line=line)
            ) from None

    def close(self) -> None:
        self.handle.close()


def _check_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InvalidInputError(
            _("{source} is too large").format(source=path),
            [
                InvalidAnswerError(
                    _("{source}: {size} bytes, more than the limit of {limit}").format(
                        source=path, size=format_integer(size), limit=format_integer(MAX_BYTES)
                    ),
                    code="too-large",
                )
            ],
        )


def _too_many(name: str) -> InvalidInputError:
    return InvalidInputError(
        _("{source} is too large").format(source=name),
        [
            InvalidAnswerError(
                _("{source}: more than {limit} respondents").format(source=name, limit=format_integer(MAX_ROWS)),
                code="too-large",
            )
        ],
    )


def _text_stream(source: str | Path | IO[str]) -> tuple[Any, str, bytes | None]:
    """The lines of the source and its name."""
    if isinstance(source, str | Path):
        path = Path(source)
        _check_size(path)
        return _Lines(open(path, "rb"), str(path)), str(path), None
    return source, getattr(source, "name", "<stream>"), None


def _csv_header(stream: Any, name: str, delimiter: str | None) -> tuple[Iterator[str], str, list[str]]:
    """The remaining lines, the delimiter and the header."""
    lines = iter(stream)
    first = next(lines, "")
    if first.startswith("\ufeff"):
        first = first[1:]
    if not first.strip():
        raise InvalidInputError(
            _("{source} is empty").format(source=name),
            [InvalidAnswerError(_("{source}: no header row").format(source=name), code="empty-file")],
        )
    delimiter = delimiter or choose_delimiter(first)
    header = [h.strip() for h in next(csv.reader([first], delimiter=delimiter))]
    return lines, delimiter, header


def _read_csv_engine(
    stream: Any, name: str, delimiter: str | None, layout_args: tuple[Any, ...], chunk_rows: int | None
) -> Iterator[SurveyFile]:
    """Rows through the ``csv`` module, a batch at a time. ``csv`` errors (an overlong cell, an unterminated
    quote, a NUL byte) become the library's error on the line where the record starts."""
    lines, delimiter, header = _csv_header(stream, name, delimiter)
    layout = layout_of(name, header, *layout_args)
    width = len(header)
    acc = ColumnBuilder(layout, name)
    batch: list[list[str]] = []
    numbers: list[int] = []
    total = 0
    limit = min(chunk_rows, BATCH) if chunk_rows is not None else BATCH

    def flush() -> None:
        for j, (_code, i) in enumerate(layout.question_cols):
            acc.add_answers(j, [row[i] for row in batch])
        for field, i in layout.profile_cols.items():
            acc.add_profiles(field, [row[i] for row in batch], numbers, header[i])
        acc.lines.extend(numbers)
        batch.clear()
        numbers.clear()

    reader = csv.reader(lines, delimiter=delimiter)
    previous = csv.field_size_limit(MAX_FIELD)
    last = 0
    try:
        for row in reader:
            last = reader.line_num
            if len(row) != width:
                if not "".join(row).strip():
                    continue
                if len(row) > width:
                    text = _("{source}, line {line}: {cells} cells, but the header has {width} columns").format(
                        source=name, line=last + 1, cells=len(row), width=width
                    )
                    acc.add_problem("cells", last + 1, -1, text)
                    continue
                batch.append(row + [""] * (width - len(row)))
            elif not "".join(row).strip():
                continue
            else:
                batch.append(row)
            numbers.append(last + 1)
            if len(batch) >= limit:
                total += len(batch)
                if chunk_rows is None and total > MAX_ROWS:
                    raise _too_many(name)
                flush()
                if chunk_rows is not None and len(acc) >= chunk_rows:
                    yield acc.finish(delimiter)
                    acc = ColumnBuilder(layout, name)
    except csv.Error:
        raise problem(
            name,
            _(
                "line {line} cannot be read: a cell longer than {limit} characters, a quote not closed or a NUL "
                "byte; check the quotes"
            ).format(line=last + 2, limit=format_integer(MAX_FIELD)),
        ) from None
    finally:
        csv.field_size_limit(previous)
    total += len(batch)
    if chunk_rows is None and total > MAX_ROWS:
        raise _too_many(name)
    flush()
    if chunk_rows is None or len(acc) or total == 0:
        yield acc.finish(delimiter)


def _check_engine(engine: str) -> None:
    if engine not in ("auto", "pyarrow", "pandas", "csv"):
        raise InvalidValueError(
            _("engine must be 'auto', 'pyarrow', 'pandas' or 'csv'; got {value}").format(value=echo(engine)),
            code="unknown-engine",
        )


def _has(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def read_survey_csv(
    source: str | Path | IO[str],
    *,
    codes: Sequence[str] | None = None,
    columns: Mapping[str, str] | None = None,
    question_prefixes: Sequence[str] | None = None,
    profile_columns: Mapping[str, str] | None = None,
    delimiter: str | None = None,
    engine: Engine = "auto",
) -> SurveyFile:
    """Read respondents from a CSV file or text stream.

    ``codes`` lists the answer codes to read, each from the column of the same name unless
    ``columns`` maps code → column name. ``question_prefixes`` instead takes every column whose name
    equals a prefix or starts with ``prefix_`` (IPAK/IPKP questions grouped by aspect).
    ``profile_columns`` maps profile field → column name. ``engine`` is ``"auto"`` (pyarrow when
    installed and the file is clean, else ``csv``), ``"pyarrow"``, ``"pandas"`` or ``"csv"``; the result is
    the same (a file a fast engine cannot read exactly goes to the ``csv`` engine).

    A row with more cells than the header is refused, naming its line; a cell longer than
    :data:`MAX_FIELD` or an unterminated quote is an error on its line.

    >>> import io
    >>> data = read_survey_csv(io.StringIO("U1,U2,selesai\\n4,3,ya\\n4,4,tidak\\n"), codes=["U1", "U2"])
    >>> data.answers, data.profile_columns["completed_service"], list(data.line_numbers)
    (((4, 3), (4, 4)), [True, False], [2, 3])
    >>> read_survey_csv(io.StringIO("U1,U2\\n4,3,1\\n"), codes=["U1", "U2"])
    Traceback (most recent call last):
    ...
    zona_integritas.errors.InvalidInputError: <stream> has problems (1):
      - <stream>, line 2: 3 cells, but the header has 2 columns
    """
    _check_engine(engine)
    layout_args = (codes, columns, question_prefixes, profile_columns)
    if engine != "csv" and isinstance(source, str | Path):
        path = Path(source)
        _check_size(path)
        fast = read_digits(path, delimiter, layout_args) if engine == "auto" else None
        if fast is None and engine in ("auto", "pyarrow"):
            fast = read_arrow(path, str(path), delimiter, layout_args)
        if fast is None and (engine == "pandas" or (engine == "auto" and not _has("pyarrow"))):
            fast = read_pandas(path, str(path), delimiter, layout_args)
        if fast is not None:
            return fast
    stream, name, _extra = _text_stream(source)
    try:
        return next(_read_csv_engine(stream, name, delimiter, layout_args, None))
    finally:
        if isinstance(source, str | Path):
            stream.close()


def iter_survey_csv(
    source: str | Path | IO[str],
    *,
    chunk_rows: int = 100_000,
    codes: Sequence[str] | None = None,
    columns: Mapping[str, str] | None = None,
    question_prefixes: Sequence[str] | None = None,
    profile_columns: Mapping[str, str] | None = None,
    delimiter: str | None = None,
) -> Iterator[SurveyFile]:
    """Read a CSV in chunks of ``chunk_rows`` respondents (each a :class:`SurveyFile` with its own line
    numbers): memory stays bounded by the chunk, whatever the file size.

    >>> import io
    >>> text = "U1,U2\\n4,3\\n3,3\\n4,4\\n"
    >>> [len(c) for c in iter_survey_csv(io.StringIO(text), chunk_rows=2, codes=["U1", "U2"])]
    [2, 1]
    """
    if isinstance(chunk_rows, bool) or not isinstance(chunk_rows, int) or chunk_rows < 1:
        raise InvalidValueError(
            _("chunk_rows must be a whole number of at least 1; got {value}").format(value=echo(chunk_rows)),
            code="invalid-chunk-rows",
        )
    stream, name, _extra = _text_stream(source)
    try:
        yield from _read_csv_engine(
            stream, name, delimiter, (codes, columns, question_prefixes, profile_columns), chunk_rows
        )
    finally:
        if isinstance(source, str | Path):
            stream.close()


@in_library_context
def skm_index_csv(
    source: str | Path | IO[str],
    *,
    spec: SkmSpec | None = None,
    incomplete: Incomplete = "error",
    invalid: Invalid = "error",
    chunk_rows: int = 200_000,
    columns: Mapping[str, str] | None = None,
    delimiter: str | None = None,
    engine: Engine = "auto",
) -> IkmResult:
    """The IKM of a CSV of any size, read chunk by chunk in bounded memory: the same result as
    ``skm_index(read_survey_csv(...))``, from the exact integer sums of every chunk.

    Problems are collected over the whole file (the first 100 listed, the rest counted); ``invalid="exclude"``
    leaves out, and counts, the respondents with an answer outside the scale instead. ``engine``
    chooses the reader as in :func:`read_survey_csv`; each falls back to the ``csv`` engine for a file
    it cannot read exactly.

    >>> import io
    >>> text = "U1,U2,U3,U4,U5,U6,U7,U8,U9\\n" + "4,4,4,4,4,4,4,4,3\\n" * 5
    >>> skm_index_csv(io.StringIO(text), chunk_rows=2).ikm_unit
    Decimal('97.22')
    """
    from ..survey_answers import AnswerTable, problems_error
    from ..survey_table import answer_table

    spec = spec or skm_spec()
    check_incomplete(incomplete)
    check_invalid(invalid)
    _check_engine(engine)
    if isinstance(source, str | Path) and engine in ("auto", "pyarrow"):
        path = Path(source)
        fast = digit_sums(path, spec.codes, columns, delimiter, spec.scale) if engine == "auto" else None
        if fast is None:
            fast = arrow_sums(Path(source), spec.codes, columns, delimiter, spec.scale)
        if fast is not None:
            return ikm_result(fast, spec)
    sums = [0] * len(spec.codes)
    n = excluded = not_completed = dropped = 0
    problems: list[Exception] = []
    total_problems = 0
    name = ""
    for chunk in iter_survey_csv(source, chunk_rows=chunk_rows, codes=spec.codes, columns=columns, delimiter=delimiter):
        name = chunk.source
        try:
            table = answer_table(chunk, spec.codes, *spec.scale, incomplete, invalid=invalid)
        except InvalidInputError as exc:
            listed = [e for e in exc.exceptions if not getattr(e, "summary", False)]
            total_problems += getattr(exc, "total", len(listed))
            problems.extend(listed[: max(0, 100 - len(problems))])
            continue
        sums = [a + b for a, b in zip(sums, table.sums, strict=True)]
        n += table.n
        excluded += table.excluded
        not_completed += table.not_completed
        dropped += table.invalid
    if problems:
        raise problems_error(f"{name}: ", problems, total_problems)
    return ikm_result(AnswerTable(tuple(sums), n, excluded, not_completed, invalid=dropped), spec)
