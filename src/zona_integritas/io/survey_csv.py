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

import array
import codecs
import csv
import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, Literal

import attrs

from ..dates import parse_date
from ..errors import InvalidAnswerError, InvalidInputError
from ..survey_answers import Incomplete, Respondent, as_answer, check_incomplete, echo
from ..survey_skm import IkmResult, SkmSpec, ikm_result, skm_spec

__all__ = ["MAX_BYTES", "MAX_FIELD", "MAX_ROWS", "SurveyFile", "iter_survey_csv", "read_survey_csv", "skm_index_csv"]

#: Refuse files larger than this (bytes) or with more respondents than this: untrusted input is bounded.
MAX_BYTES = 512 * 1024 * 1024
MAX_ROWS = 5_000_000
#: The longest cell accepted (characters); a longer one, or an unterminated quote, is an error on its line.
MAX_FIELD = 64 * 1024
#: The longest line accepted (bytes).
MAX_LINE = 4 * MAX_FIELD

Engine = Literal["auto", "pyarrow", "csv"]

_PROFILE_NAMES = {
    "service": ("service", "layanan", "jenis_layanan", "jenis layanan"),
    "date": ("date", "tanggal"),
    "age_group": ("age_group", "umur", "usia", "kelompok_umur"),
    "sex": ("sex", "jenis_kelamin", "jenis kelamin", "gender"),
    "education": ("education", "pendidikan"),
    "occupation": ("occupation", "pekerjaan"),
    "completed_service": ("completed_service", "selesai", "selesai_layanan"),
    "unit": ("unit", "sub_unit", "subunit", "unit_layanan"),
    "contact": ("contact", "kontak", "telepon", "no_hp", "email"),
    "submitted": ("submitted", "waktu", "waktu_isi", "timestamp"),
}
_TRUE = {"ya", "y", "1", "true", "benar", "sudah"}
_FALSE = {"tidak", "t", "n", "0", "false", "salah", "belum"}


@attrs.frozen(eq=False)
class SurveyFile:
    """The answers of a CSV file, column by column, with profile columns and each respondent's line.

    ``columns`` holds one answer column per question: an ``array('b')`` (one byte per answer) when every
    cell is a small whole number, else a list of ints, ``None`` (blank) and the text of cells that are
    not whole numbers (kept for the error report). ``profiles`` maps a profile field to its column.
    Index functions take a ``SurveyFile`` directly (``skm_index(data)``); ``respondents`` and ``records``
    give rows for code that wants them.
    """

    columns: tuple[Sequence[Any], ...]
    profile_columns: dict[str, list[Any]]
    questions: tuple[str, ...]
    line_numbers: Sequence[int]
    delimiter: str
    source: str

    def __len__(self) -> int:
        return len(self.line_numbers)

    @property
    def answers(self) -> tuple[tuple[Any, ...], ...]:
        """One tuple of answers per respondent, in ``questions`` order."""
        return tuple(zip(*self.columns, strict=True)) if self.columns else ()

    @property
    def profiles(self) -> tuple[dict[str, Any], ...]:
        """One dict of profile fields per respondent (empty when the file has no profile columns)."""
        if not self.profile_columns:
            return ()
        fields = list(self.profile_columns)
        return tuple(
            {f: v for f, v in zip(fields, values, strict=True) if v is not None}
            for values in zip(*self.profile_columns.values(), strict=True)
        )

    @property
    def respondents(self) -> tuple[Respondent, ...]:
        """Every respondent as a :class:`Respondent` with its profile fields."""
        profiles = self.profiles or ({},) * len(self)
        return tuple(
            Respondent(tuple(zip(self.questions, answers, strict=True)), **profile)
            for answers, profile in zip(self.answers, profiles, strict=True)
        )

    @property
    def records(self) -> tuple[Any, ...]:
        """Answer tuples when there are no profile columns, respondents otherwise."""
        return self.respondents if self.profile_columns else self.answers

    def __iter__(self) -> Iterator[Any]:
        return iter(self.records)

    def to_columns(self) -> Any:
        """The file as a :class:`~zona_integritas.survey_columns.ColumnSet` (needs NumPy): what the
        columnar index, breakdown and signal functions read without building rows."""
        import numpy as np

        from ..survey_columns import ColumnSet

        cols: dict[str, Any] = {}
        for code, column in zip(self.questions, self.columns, strict=True):
            if isinstance(column, array.array):
                cols[code] = np.frombuffer(column, dtype=np.int8) if len(column) else np.zeros(0, np.int8)
            else:
                cols[code] = np.array(column, dtype=object)
        for field, values in self.profile_columns.items():
            cols[field] = np.array(values, dtype=object)
        return ColumnSet(cols, len(self), self.line_numbers, self.source)


# -- reading ------------------------------------------------------------------------------------------------
def _problem(name: str, text: str) -> InvalidInputError:
    return InvalidInputError(f"{name} has problems", [InvalidAnswerError(f"{name}: {text}")])


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
                raise _problem(self.name, f"line {line} is longer than {MAX_LINE:,} bytes")
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
            raise _problem(self.name, f"line {line} cannot be read as UTF-8; export the file as CSV UTF-8") from None

    def close(self) -> None:
        self.handle.close()


def _text_stream(source: str | Path | IO[str]) -> tuple[Any, str, bytes | None]:
    """The lines of the source and its name."""
    if isinstance(source, str | Path):
        path = Path(source)
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InvalidInputError(
                f"{path} is too large",
                [InvalidAnswerError(f"{path}: {size:,} bytes, more than the limit of {MAX_BYTES:,}")],
            )
        return _Lines(open(path, "rb"), str(path)), str(path), None
    return source, getattr(source, "name", "<stream>"), None


def _choose_delimiter(first: str) -> str:
    return ";" if first.count(";") > first.count(",") else ","


@attrs.define
class _Layout:
    header: list[str]
    question_cols: list[tuple[str, int]]
    profile_cols: dict[str, int]


def _layout(
    name: str,
    header: list[str],
    codes: Sequence[str] | None,
    columns: Mapping[str, str] | None,
    question_prefixes: Sequence[str] | None,
    profile_columns: Mapping[str, str] | None,
) -> _Layout:
    problems: list[Exception] = []
    lookup = {h.casefold(): i for i, h in enumerate(header)}
    if len(lookup) != len(header):
        dupes = sorted({h for h in header if header.count(h) > 1})
        problems.append(InvalidAnswerError(f"{name}, line 1: duplicate column {', '.join(dupes)}"))
    if question_prefixes is not None:
        folded = [p.casefold() for p in question_prefixes]
        wanted = [h for h in header if any(h.casefold() == p or h.casefold().startswith(p + "_") for p in folded)]
        question_cols = [(h, lookup[h.casefold()]) for h in wanted]
    else:
        question_cols = []
        for code in codes or ():
            column = (columns or {}).get(code, code)
            if column.casefold() not in lookup:
                problems.append(InvalidAnswerError(f"{name}, line 1: missing column {column!r} (for {code})"))
            else:
                question_cols.append((code, lookup[column.casefold()]))
    if not question_cols and not problems:
        problems.append(InvalidAnswerError(f"{name}, line 1: no answer columns found"))
    profile_cols: dict[str, int] = {}
    for field, names in _PROFILE_NAMES.items():
        chosen = (profile_columns or {}).get(field)
        for candidate in (chosen,) if chosen else names:
            if candidate.casefold() in lookup:
                profile_cols[field] = lookup[candidate.casefold()]
                break
        else:
            if chosen:
                problems.append(InvalidAnswerError(f"{name}, line 1: missing column {chosen!r} (for {field})"))
    if problems:
        raise InvalidInputError(f"{name} has problems", problems)
    return _Layout(header, question_cols, profile_cols)


class _Columns:
    """Accumulates answer and profile columns compactly while rows stream in."""

    def __init__(self, layout: _Layout, name: str) -> None:
        self.layout = layout
        self.name = name
        self.answers: list[Any] = [array.array("b") for _ in layout.question_cols]
        self.profiles: dict[str, list[Any]] = {f: [] for f in layout.profile_cols}
        self.lines: Any = array.array("l")
        self.problems: list[Exception] = []
        self.problem_count = 0
        self._cache: dict[str, dict[str, Any]] = {}

    def __len__(self) -> int:
        return len(self.lines)

    def add_answers(self, j: int, cells: list[str]) -> None:
        """Append a batch of cells to answer column ``j``: one-digit cells through a table lookup (fast),
        anything else cell by cell."""
        column = self.answers[j]
        if isinstance(column, array.array):
            try:
                digits = array.array("b", map(_DIGITS.__getitem__, cells))
            except KeyError:
                pass
            else:
                column.extend(digits)
                return
            values = [_answer_cell(c) for c in cells]
            if all(type(v) is int and -128 <= v <= 127 for v in values):
                column.extend(values)
                return
            column = self.answers[j] = column.tolist()
            column.extend(values)
            return
        column.extend(_answer_cell(c) for c in cells)

    def add_profiles(self, field: str, cells: list[str], lines: Sequence[int], column: str) -> None:
        """Append a batch of cells to profile column ``field``; repeated values are parsed and kept once."""
        cache = self._cache.setdefault(field, {})
        out = self.profiles[field]
        for cell, line in zip(cells, lines, strict=True):
            value = cache.get(cell, _MISSING)
            if value is _MISSING:
                value = self._profile_value(field, cell.strip())
                if len(cache) < 100_000:
                    cache[cell] = value
            if isinstance(value, _Bad):
                self.problem_count += 1
                if len(self.problems) < 100:
                    self.problems.append(InvalidAnswerError(f"{self.name}, line {line}, column {column}: {value.text}"))
                value = None
            out.append(value)

    def _profile_value(self, field: str, text: str) -> Any:
        if not text:
            return None
        if field == "date":
            try:
                return parse_date(text)
            except ValueError:
                return _Bad(f"{echo(text)} is not a full date")
        if field == "completed_service":
            folded = text.casefold()
            if folded in _TRUE:
                return True
            if folded in _FALSE:
                return False
            return _Bad(f"{echo(text)} is not yes/no (ya/tidak)")
        if field == "submitted":
            try:
                return dt.datetime.fromisoformat(text)
            except ValueError:
                return _Bad(f"{echo(text)} is not a date and time (2024-05-31 09:30)")
        return text

    def finish(self, delimiter: str) -> SurveyFile:
        if self.problems:
            raise _problems(self.name, self.problems, self.problem_count)
        lines: Sequence[int] = self.lines
        if len(self.lines) and self.lines[-1] - self.lines[0] == len(self.lines) - 1:
            lines = range(self.lines[0], self.lines[-1] + 1)
        return SurveyFile(
            tuple(self.answers),
            self.profiles,
            tuple(c for c, _ in self.layout.question_cols),
            lines,
            delimiter,
            self.name,
        )


_MISSING = object()


@attrs.frozen
class _Bad:
    text: str


def _problems(name: str, problems: list[Exception], total: int) -> InvalidInputError:
    if total > len(problems):
        problems = [*problems, InvalidAnswerError(f"{name}: … and {total - len(problems):,} more problems not listed")]
    return InvalidInputError(f"{name} has problems", problems)


def _answer_cell(cell: str) -> Any:
    """A whole number as int, a blank as None, anything else kept as text (cut) for the error report."""
    text = cell.strip()
    if not text:
        return None
    number = as_answer(text)
    return number if number is not None else (text if len(text) <= 40 else text[:39] + "…")


def _csv_header(stream: Any, name: str, delimiter: str | None) -> tuple[Iterator[str], str, list[str]]:
    """The remaining lines, the delimiter and the header."""
    lines = iter(stream)
    first = next(lines, "")
    if first.startswith("\ufeff"):
        first = first[1:]
    if not first.strip():
        raise InvalidInputError(f"{name} is empty", [InvalidAnswerError(f"{name}: no header row")])
    delimiter = delimiter or _choose_delimiter(first)
    header = [h.strip() for h in next(csv.reader([first], delimiter=delimiter))]
    return lines, delimiter, header


def _read_csv_engine(
    stream: Any, name: str, delimiter: str | None, layout_args: tuple[Any, ...], chunk_rows: int | None
) -> Iterator[SurveyFile]:
    """Rows through the ``csv`` module, a batch at a time. ``csv`` errors (an overlong cell, an unterminated
    quote, a NUL byte) become the library's error on the line where the record starts."""
    lines, delimiter, header = _csv_header(stream, name, delimiter)
    layout = _layout(name, header, *layout_args)
    width = len(header)
    acc = _Columns(layout, name)
    batch: list[list[str]] = []
    numbers: list[int] = []
    total = 0
    limit = min(chunk_rows, _BATCH) if chunk_rows is not None else _BATCH

    def flush() -> None:
        for j, (_, i) in enumerate(layout.question_cols):
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
                    acc.problem_count += 1
                    if len(acc.problems) < 100:
                        cells = f"{len(row)} cells, but the header has {width} columns"
                        acc.problems.append(InvalidAnswerError(f"{name}, line {last + 1}: {cells}"))
                    continue
                row += [""] * (width - len(row))
            elif not "".join(row).strip():
                continue
            batch.append(row)
            numbers.append(last + 1)
            if len(batch) >= limit:
                total += len(batch)
                if chunk_rows is None and total > MAX_ROWS:
                    raise InvalidInputError(
                        f"{name} is too large", [InvalidAnswerError(f"{name}: more than {MAX_ROWS:,} respondents")]
                    )
                flush()
                if chunk_rows is not None and len(acc) >= chunk_rows:
                    yield acc.finish(delimiter)
                    acc = _Columns(layout, name)
    except csv.Error as exc:
        raise _problem(name, f"line {last + 2}: {exc}; check the quotes") from None
    finally:
        csv.field_size_limit(previous)
    total += len(batch)
    if chunk_rows is None and total > MAX_ROWS:
        raise InvalidInputError(
            f"{name} is too large", [InvalidAnswerError(f"{name}: more than {MAX_ROWS:,} respondents")]
        )
    flush()
    if chunk_rows is None or len(acc) or total == 0:
        yield acc.finish(delimiter)


_BATCH = 16_384
_DIGITS = {str(d): d for d in range(10)}


def _read_arrow_engine(path: Path, name: str, delimiter: str | None, layout_args: tuple[Any, ...]) -> SurveyFile | None:
    """The pyarrow engine: ``None`` when the file needs the ``csv`` engine (anything but a clean file)."""
    try:
        import numpy as np
        import pyarrow as pa
        import pyarrow.csv as pacsv
    except ImportError:
        return None
    raw = path.read_bytes()
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[3:]
    end = raw.find(b"\n")
    try:
        first = (raw if end < 0 else raw[:end]).decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not first.strip() or '"' in first:
        return None
    delimiter = delimiter or _choose_delimiter(first)
    header = [h.strip() for h in first.rstrip("\r").split(delimiter)]
    layout = _layout(name, header, *layout_args)
    types = {header[i]: pa.int8() for _, i in layout.question_cols}
    types.update({header[i]: pa.string() for i in layout.profile_cols.values()})
    wanted = [header[i] for _, i in layout.question_cols] + [header[i] for i in layout.profile_cols.values()]
    if len(set(wanted)) != len(wanted) or any(h != h.strip() for h in header):
        return None
    try:
        table = pacsv.read_csv(
            pa.BufferReader(raw),
            read_options=pacsv.ReadOptions(column_names=header, skip_rows=1),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=False),
            convert_options=pacsv.ConvertOptions(
                column_types=types, include_columns=wanted, null_values=[""], strings_can_be_null=True
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, UnicodeDecodeError):
        return None
    rows = table.num_rows
    newlines = raw.count(b"\n") + (0 if raw.endswith(b"\n") else 1)
    if newlines != rows + 1 or rows > MAX_ROWS:
        return None  # blank lines or quoted line breaks: the csv engine counts the lines
    columns: list[Any] = []
    for _, i in layout.question_cols:
        column = table.column(header[i])
        if column.null_count:
            return None  # blanks: the csv engine keeps them as None
        values = column.to_numpy()
        columns.append(array.array("b", values.astype(np.int8, copy=False).tobytes()))
    acc = _Columns(layout, name)
    acc.answers = columns
    for field, i in layout.profile_cols.items():
        cells = [cell or "" for cell in table.column(header[i]).to_pylist()]
        acc.add_profiles(field, cells, range(2, rows + 2), header[i])
    acc.lines = range(2, rows + 2) if rows else array.array("l")
    return acc.finish(delimiter)


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
    installed and the file is clean, else ``csv``), ``"pyarrow"`` or ``"csv"``; the result is the same.

    A row with more cells than the header is refused, naming its line; a cell longer than
    :data:`MAX_FIELD` or an unterminated quote is an error on its line.
    """
    if engine not in ("auto", "pyarrow", "csv"):
        raise InvalidAnswerError(f"engine must be 'auto', 'pyarrow' or 'csv'; got {engine!r}")
    layout_args = (codes, columns, question_prefixes, profile_columns)
    if engine != "csv" and isinstance(source, str | Path):
        path = Path(source)
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InvalidInputError(
                f"{path} is too large",
                [InvalidAnswerError(f"{path}: {size:,} bytes, more than the limit of {MAX_BYTES:,}")],
            )
        fast = _read_digit_engine(path, delimiter, layout_args) if engine == "auto" else None
        if fast is None:
            fast = _read_arrow_engine(path, str(path), delimiter, layout_args)
        if fast is not None:
            return fast
    stream, name, _ = _text_stream(source)
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
        raise InvalidAnswerError(f"chunk_rows must be a whole number of at least 1; got {chunk_rows!r}")
    stream, name, _ = _text_stream(source)
    try:
        yield from _read_csv_engine(
            stream, name, delimiter, (codes, columns, question_prefixes, profile_columns), chunk_rows
        )
    finally:
        if isinstance(source, str | Path):
            stream.close()


def skm_index_csv(
    source: str | Path | IO[str],
    *,
    spec: SkmSpec | None = None,
    incomplete: Incomplete = "error",
    chunk_rows: int = 200_000,
    columns: Mapping[str, str] | None = None,
    delimiter: str | None = None,
    engine: Engine = "auto",
) -> IkmResult:
    """The IKM of a CSV of any size, read chunk by chunk in bounded memory: the same result as
    ``skm_index(read_survey_csv(...))``, from the exact integer sums of every chunk.

    Problems are collected over the whole file (the first 100 listed, the rest counted). ``engine``
    chooses the reader as in :func:`read_survey_csv`; each falls back to the ``csv`` engine for a file
    it cannot read exactly.

    >>> import io
    >>> text = "U1,U2,U3,U4,U5,U6,U7,U8,U9\\n" + "4,4,4,4,4,4,4,4,3\\n" * 5
    >>> skm_index_csv(io.StringIO(text), chunk_rows=2).ikm_unit
    Decimal('97.22')
    """
    from ..survey_answers import AnswerTable, answer_table, problems_error

    spec = spec or skm_spec()
    check_incomplete(incomplete)
    if engine not in ("auto", "pyarrow", "csv"):
        raise InvalidAnswerError(f"engine must be 'auto', 'pyarrow' or 'csv'; got {engine!r}")
    if isinstance(source, str | Path) and engine != "csv":
        path = Path(source)
        fast = _digit_stream_sums(path, spec.codes, columns, delimiter, spec.scale) if engine == "auto" else None
        if fast is None:
            fast = _arrow_stream_sums(Path(source), spec.codes, columns, delimiter, spec.scale)
        if fast is not None:
            return ikm_result(fast, spec)
    sums = [0] * len(spec.codes)
    n = excluded = not_completed = 0
    problems: list[Exception] = []
    total_problems = 0
    name = ""
    for chunk in iter_survey_csv(source, chunk_rows=chunk_rows, codes=spec.codes, columns=columns, delimiter=delimiter):
        name = chunk.source
        try:
            table = answer_table(chunk, spec.codes, *spec.scale, incomplete)
        except InvalidInputError as exc:
            listed = [e for e in exc.exceptions if not getattr(e, "summary", False)]
            total_problems += getattr(exc, "total", len(listed))
            problems.extend(listed[: max(0, 100 - len(problems))])
            continue
        sums = [a + b for a, b in zip(sums, table.sums, strict=True)]
        n += table.n
        excluded += table.excluded
        not_completed += table.not_completed
    if problems:
        raise problems_error(f"{name}: ", problems, total_problems)
    return ikm_result(AnswerTable(tuple(sums), n, excluded, not_completed), spec)


def _arrow_stream_sums(
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
    delimiter = delimiter or _choose_delimiter(first)
    header = [h.strip() for h in first.rstrip("\r\n").split(delimiter)]
    try:
        layout = _layout(str(path), header, codes, columns, None, None)
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
            read_options=pacsv.ReadOptions(column_names=header, skip_rows=1, block_size=4 << 20),
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
def _digit_layout(path: Path, delimiter: str | None, layout_args: tuple[Any, ...]) -> tuple[Any, int, int] | None:
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
    delimiter = delimiter or _choose_delimiter(first)
    header = [h.strip() for h in first.rstrip("\r\n").split(delimiter)]
    try:
        layout = _layout(str(path), header, *layout_args)
    except InvalidInputError:
        return None
    if layout.profile_cols or len(layout.question_cols) != len(header):
        return None
    width = len(header)
    crlf = first.endswith("\r\n")
    return (layout, delimiter), offset, 2 * width + (1 if crlf else 0)


def _digit_matrix(block: bytes, row_bytes: int, delimiter: str) -> Any:
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


def _read_digit_engine(path: Path, delimiter: str | None, layout_args: tuple[Any, ...]) -> SurveyFile | None:
    found = _digit_layout(path, delimiter, layout_args)
    if found is None:
        return None
    (layout, delim), offset, row_bytes = found
    with open(path, "rb") as handle:
        handle.seek(offset)
        body = handle.read()
    matrix = _digit_matrix(body, row_bytes, delim)
    if matrix is None or len(matrix) > MAX_ROWS:
        return None
    columns = [array.array("b", matrix[:, i].tobytes()) for _, i in layout.question_cols]
    rows = len(matrix)
    return SurveyFile(
        tuple(columns), {}, tuple(c for c, _ in layout.question_cols), range(2, rows + 2), delim, str(path)
    )


def _digit_stream_sums(
    path: Path, codes: Sequence[str], columns: Mapping[str, str] | None, delimiter: str | None, scale: tuple[int, int]
) -> Any:
    """Column sums of a file of one-digit answers, a block of rows at a time (bounded memory)."""
    from ..survey_answers import AnswerTable

    found = _digit_layout(path, delimiter, (codes, columns, None, None))
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
            matrix = _digit_matrix(block, row_bytes, delim)
            if matrix is None:
                return None
            if len(matrix) and not (low <= matrix.min() and matrix.max() <= high):
                return None
            totals = matrix.sum(axis=0, dtype="int64")
            for j, (_, i) in enumerate(layout.question_cols):
                sums[j] += int(totals[i])
            n += len(matrix)
    return AnswerTable(tuple(sums), n, 0, 0)
