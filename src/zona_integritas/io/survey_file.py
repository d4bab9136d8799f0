"""A survey file in memory, column by column, and what every survey CSV reader shares: the limits, the
column layout found from the header, and a builder that keeps answers one byte per cell. The layout and
the builder are shared by the readers of :mod:`zona_integritas.io.survey_csv` and
:mod:`zona_integritas.io.survey_xlsx`; the public names are those of ``__all__``.

>>> f = SurveyFile((array.array("b", [4, 3]),), {}, ("U1",), range(2, 4), ";", "skm.csv")
>>> f.answers, len(f)
(((4,), (3,)), 2)
"""

from __future__ import annotations

import array
import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Literal

import attrs

from ..dates import parse_date
from ..errors import InvalidAnswerError, InvalidInputError
from ..survey_answers import Respondent, as_answer, echo

__all__ = ["MAX_BYTES", "MAX_FIELD", "MAX_LINE", "MAX_ROWS", "PROFILE_NAMES", "SurveyFile"]

MAX_BYTES = 512 * 1024 * 1024
MAX_ROWS = 5_000_000
#: The longest cell accepted (characters); a longer one, or an unterminated quote, is an error on its line.
MAX_FIELD = 64 * 1024
#: The longest line accepted (bytes).
MAX_LINE = 4 * MAX_FIELD

Engine = Literal["auto", "pyarrow", "pandas", "csv"]

PROFILE_NAMES = {
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

    >>> f = SurveyFile((array.array("b", [4]), [None]), {"sex": ["P"]}, ("U1", "U2"), range(2, 3), ",", "x.csv")
    >>> f.respondents[0].answers, f.respondents[0].sex
    ((('U1', 4), ('U2', None)), 'P')
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


def problem(name: str, text: str) -> InvalidInputError:
    return InvalidInputError(f"{name} has problems", [InvalidAnswerError(f"{name}: {text}")])


def choose_delimiter(first: str) -> str:
    return ";" if first.count(";") > first.count(",") else ","


@attrs.define
class Layout:
    header: list[str]
    question_cols: list[tuple[str, int]]
    profile_cols: dict[str, int]


def layout_of(
    name: str,
    header: list[str],
    codes: Sequence[str] | None,
    columns: Mapping[str, str] | None,
    question_prefixes: Sequence[str] | None,
    profile_columns: Mapping[str, str] | None,
) -> Layout:
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
    for field, names in PROFILE_NAMES.items():
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
    return Layout(header, question_cols, profile_cols)


class ColumnBuilder:
    """Accumulates answer and profile columns compactly while rows stream in."""

    def __init__(self, layout: Layout, name: str) -> None:
        self.layout = layout
        self.name = name
        self.answers: list[Any] = [array.array("b") for _ in layout.question_cols]
        self.profiles: dict[str, list[Any]] = {f: [] for f in layout.profile_cols}
        self.lines: Any = array.array("l")
        self.problems: dict[str, list[tuple[int, int, str]]] = {}
        self.problem_count = 0
        self._cache: dict[str, dict[str, Any]] = {}

    def add_problem(self, key: str, line: int, column: int, text: str) -> None:
        """Record a problem; each key keeps its first 100 in line order, and :meth:`finish` lists the first
        100 of all in line order, so the list does not depend on how the rows were batched."""
        self.problem_count += 1
        kept = self.problems.setdefault(key, [])
        if len(kept) < 100:
            kept.append((line, column, text))

    def __len__(self) -> int:
        return len(self.lines)

    def add_answers(self, j: int, cells: list[str]) -> None:
        """Append a batch of cells to answer column ``j``: one-digit cells through a table lookup (fast),
        anything else cell by cell."""
        column = self.answers[j]
        if isinstance(column, array.array):
            try:
                digits = array.array("b", map(DIGITS.__getitem__, cells))
            except KeyError:
                pass
            else:
                column.extend(digits)
                return
            values = [answer_cell(c) for c in cells]
            if all(type(v) is int and -128 <= v <= 127 for v in values):
                column.extend(values)
                return
            column = self.answers[j] = column.tolist()
            column.extend(values)
            return
        column.extend(answer_cell(c) for c in cells)

    def add_profiles(self, field: str, cells: list[str], lines: Sequence[int], column: str) -> None:
        """Append a batch of cells to profile column ``field``; repeated values are parsed and kept once."""
        cache = self._cache.setdefault(field, {})
        out = self.profiles[field]
        for cell, line in zip(cells, lines, strict=True):
            value = cache.get(cell, _MISSING)
            if value is _MISSING:
                value = self.profile_value(field, cell.strip())
                if len(cache) < 100_000:
                    cache[cell] = value
            if isinstance(value, _Bad):
                self._bad_profile(field, line, column, value)
                value = None
            out.append(value)

    def _bad_profile(self, field: str, line: int, column: str, value: _Bad) -> None:
        index = self.layout.profile_cols[field]
        self.add_problem(field, line, index, f"{self.name}, line {line}, column {column}: {value.text}")

    def add_profile_codes(self, field: str, uniques: list[str], codes: Any, column: str, first_line: int) -> None:
        """Append a whole profile column given as its distinct values and each row's index into them
        (dictionary encoded): each distinct value is parsed once."""
        import numpy as np

        parsed = [self.profile_value(field, u.strip()) for u in uniques]
        for k, value in enumerate(parsed):
            if isinstance(value, _Bad):
                for row in np.flatnonzero(codes == k)[:100].tolist():
                    self._bad_profile(field, first_line + row, column, value)
                self.problem_count += int((codes == k).sum()) - min(100, int((codes == k).sum()))
                parsed[k] = None
        self.profiles[field].extend(np.array(parsed, dtype=object)[codes].tolist())

    def profile_value(self, field: str, text: str) -> Any:
        """The value of a profile cell, or a marker of why it is refused."""
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
        """The file read so far; raises every recorded problem (the first 100 in line order, then a count)."""
        if self.problem_count:
            first = sorted(p for kept in self.problems.values() for p in kept)[:100]
            errors: list[Exception] = [InvalidAnswerError(text) for _, _, text in first]
            raise problems_of(self.name, errors, self.problem_count)
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


def problems_of(name: str, problems: list[Exception], total: int) -> InvalidInputError:
    if total > len(problems):
        problems = [*problems, InvalidAnswerError(f"{name}: … and {total - len(problems):,} more problems not listed")]
    return InvalidInputError(f"{name} has problems", problems)


def answer_cell(cell: str) -> Any:
    """A whole number as int, a blank as None, anything else kept as text (cut) for the error report."""
    text = cell.strip()
    if not text:
        return None
    number = as_answer(text)
    return number if number is not None else (text if len(text) <= 40 else text[:39] + "…")


BATCH = 16_384
DIGITS = {str(d): d for d in range(10)}
