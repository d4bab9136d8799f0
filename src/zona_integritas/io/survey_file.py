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
import re
import warnings
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Literal

import attrs

from ..dates import parse_date
from ..errors import InvalidAnswerError, InvalidInputError, ZonaIntegritasWarning
from ..i18n import format_integer, ngettext
from ..i18n import gettext as _
from ..survey_answers import Respondent, as_answer, echo, more_problems
from .survey_headers import (
    FORM_CONTACT,
    FORM_ONLY,
    FORM_TIMESTAMPS,
    answer_texts,
    form_meta,
    normalise,
    read_text,
    recognise,
)

__all__ = [
    "MAX_BYTES",
    "MAX_FIELD",
    "MAX_LINE",
    "MAX_ROWS",
    "PROFILE_NAMES",
    "AmbiguousTimeWarning",
    "SurveyFile",
    "form_time",
]

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
    "contact": ("contact", "kontak", "telepon", "no_hp", "email", *FORM_CONTACT),
    "submitted": ("submitted", "waktu", "waktu_isi", *FORM_TIMESTAMPS),
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
    headers: dict[str, str] = attrs.field(factory=dict)

    def __len__(self) -> int:
        return len(self.line_numbers)

    def __repr__(self) -> str:
        return f"SurveyFile(source={self.source!r}, respondents={len(self)}, questions={len(self.questions)})"

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
        return ColumnSet(cols, len(self), self.line_numbers, self.source, dict(self.headers) or None)


def has_problems(name: str) -> str:
    """The headline of a file's problems.

    >>> has_problems("skm.csv")
    'skm.csv has problems'
    """
    return _("{source} has problems").format(source=name)


def problem(name: str, text: str) -> InvalidInputError:
    """One problem of a file (``text`` already in the language) as the file's error."""
    return InvalidInputError(has_problems(name), [InvalidAnswerError(f"{name}: {text}")])


def choose_delimiter(first: str) -> str:
    return ";" if first.count(";") > first.count(",") else ","


@attrs.define
class Layout:
    header: list[str]
    question_cols: list[tuple[str, int]]
    profile_cols: dict[str, int]
    texts: dict[int, Mapping[str, int]] = attrs.field(factory=dict)

    @property
    def headers(self) -> dict[str, str]:
        """The user's header of each answer code."""
        return {code: self.header[i] for code, i in self.question_cols}


def layout_of(
    name: str,
    header: list[str],
    codes: Sequence[str] | None,
    columns: Mapping[str, str] | None,
    question_prefixes: Sequence[str] | None,
    profile_columns: Mapping[str, str] | None,
) -> Layout:
    """Which column holds each answer code and each profile field: ``columns`` first, then a column named like
    the code, then one :func:`~zona_integritas.io.survey_headers.recognise` finds; every problem at once."""
    problems: list[Exception] = []
    lookup = {h.casefold(): i for i, h in enumerate(header)}
    if len(lookup) != len(header):
        dupes = sorted({h for h in header if header.count(h) > 1})
        problems.append(
            InvalidAnswerError(
                _("{source}, line 1: duplicate column {columns}").format(source=name, columns=", ".join(dupes)),
                code="duplicate-column",
            )
        )
    meta = form_meta(header)
    if question_prefixes is not None:
        folded = [p.casefold() for p in question_prefixes]
        wanted = [h for h in header if any(h.casefold() == p or h.casefold().startswith(p + "_") for p in folded)]
        question_cols = [(h, lookup[h.casefold()]) for h in wanted]
    else:
        chosen_cols: dict[str, int] = {}
        unknown_codes = [c for c in (columns or {}) if c not in (codes or ())]
        if unknown_codes:
            problems.append(
                InvalidAnswerError(
                    _("{source}: columns= names {names}, not among the questions {codes}").format(
                        source=name, names=", ".join(unknown_codes), codes=", ".join(codes or ())
                    ),
                    code="unknown-question",
                )
            )
        for code in codes or ():
            column = (columns or {}).get(code)
            if column is not None:
                if column.casefold() not in lookup:
                    problems.append(
                        InvalidAnswerError(
                            _("{source}, line 1: missing column {column} (for {code})").format(
                                source=name, column=echo(column), code=code
                            ),
                            code="missing-column",
                        )
                    )
                else:
                    chosen_cols[code] = lookup[column.casefold()]
            elif code.casefold() in lookup:
                chosen_cols[code] = lookup[code.casefold()]
        missing = [c for c in codes or () if c not in chosen_cols and c not in (columns or {})]
        if missing:
            taken = set(chosen_cols.values()) | _profile_named(header, lookup, profile_columns)
            try:
                chosen_cols.update(recognise(header, missing, taken=taken, source=name))
            except InvalidInputError as exc:
                problems.extend(exc.exceptions)
            for code in missing:
                if code not in chosen_cols and not any(code in str(p) for p in problems):
                    problems.append(
                        InvalidAnswerError(
                            _("{source}, line 1: missing column {column} (for {code})").format(
                                source=name, column=echo(code), code=code
                            ),
                            code="missing-column",
                        )
                    )
        question_cols = [(c, chosen_cols[c]) for c in codes or () if c in chosen_cols]
    if not question_cols and not problems:
        problems.append(
            InvalidAnswerError(
                _("{source}, line 1: no answer columns found").format(source=name), code="no-answer-columns"
            )
        )
    used = {i for _code, i in question_cols}
    profile_cols: dict[str, int] = {}
    folded_header = [normalise(h) for h in header]
    for field, names in PROFILE_NAMES.items():
        chosen = (profile_columns or {}).get(field)
        for candidate in (chosen,) if chosen else names:
            index = None if not chosen and candidate in FORM_ONLY else lookup.get(candidate.casefold())
            if index is None and not chosen:
                index = _form_column(folded_header, candidate, meta)
            if index is not None and index not in used:
                profile_cols[field] = index
                used.add(index)
                break
        else:
            if chosen:
                problems.append(
                    InvalidAnswerError(
                        _("{source}, line 1: missing column {column} (for {code})").format(
                            source=name, column=echo(chosen), code=field
                        ),
                        code="missing-column",
                    )
                )
    if problems:
        raise InvalidInputError(has_problems(name), problems)
    texts = {j: answer_texts(code) for j, (code, _i) in enumerate(question_cols)}
    return Layout(header, question_cols, profile_cols, {j: t for j, t in texts.items() if t})


def _form_column(folded: list[str], candidate: str, meta: set[int]) -> int | None:
    """A form-service column named ``candidate`` (``Stempel waktu``, ``Email Address``...)."""
    wanted = normalise(candidate)
    return next((i for i, h in enumerate(folded) if h == wanted and i in meta), None)


def _profile_named(header: list[str], lookup: Mapping[str, int], chosen: Mapping[str, str] | None) -> set[int]:
    """The columns named like a profile field (never an answer found by its words)."""
    out = {
        lookup[n.casefold()]
        for names in PROFILE_NAMES.values()
        for n in names
        if n.casefold() in lookup and n not in FORM_ONLY
    }
    out |= {lookup[c.casefold()] for c in (chosen or {}).values() if c.casefold() in lookup}
    return out


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
        #: The day–month orders the form times of this file showed ("dmy" when a day above 12 came first).
        self.orders: set[str] = set()

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
        texts = self.layout.texts.get(j, {})
        if isinstance(column, array.array):
            try:
                digits = array.array("b", map(DIGITS.__getitem__, cells))
            except KeyError:
                pass
            else:
                column.extend(digits)
                return
            values = [answer_cell(c, texts) for c in cells]
            if all(type(v) is int and -128 <= v <= 127 for v in values):
                column.extend(values)
                return
            column = self.answers[j] = column.tolist()
            column.extend(values)
            return
        column.extend(answer_cell(c, texts) for c in cells)

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
        self.add_problem(
            field,
            line,
            index,
            _("{source}, line {line}, column {column}: {problem}").format(
                source=self.name, line=line, column=column, problem=value.text
            ),
        )

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
                return _Bad(_("{value} is not a full date").format(value=echo(text)))
        if field == "completed_service":
            folded = text.casefold()
            if folded in _TRUE:
                return True
            if folded in _FALSE:
                return False
            return _Bad(_("{value} is not yes/no (ya/tidak)").format(value=echo(text)))
        if field == "submitted":
            moment = form_time(text)
            if moment is None:
                return _Bad(_("{value} is not a date and time (2024-05-31 09:30)").format(value=echo(text)))
            if isinstance(moment, _Ambiguous):
                return moment
            if moment[1]:
                self.orders.add(moment[1])
            return moment[0]
        return text

    def finish(self, delimiter: str) -> SurveyFile:
        """The file read so far; raises every recorded problem (the first 100 in line order, then a count)."""
        self._resolve_times()
        if self.problem_count:
            first = sorted(p for kept in self.problems.values() for p in kept)[:100]
            errors: list[Exception] = [InvalidAnswerError(text) for _line, _column, text in first]
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
            self.layout.headers,
        )

    def _resolve_times(self) -> None:
        """Read the form times written a/b/yyyy with both parts up to 12 in the order the file's other times
        show; when none shows it, they are left out (with a warning: the signals cannot use them)."""
        column = self.profiles.get("submitted")
        if not column:
            return
        ambiguous = [k for k, v in enumerate(column) if isinstance(v, _Ambiguous)]
        if not ambiguous:
            return
        header = self.layout.header[self.layout.profile_cols["submitted"]]
        order = next(iter(self.orders)) if len(self.orders) == 1 else None
        for k in ambiguous:
            column[k] = column[k].read(order) if order else None
        if len(self.orders) > 1:
            self.add_problem(
                "submitted",
                0,
                -1,
                _("{source}, column {column}: some times are written day first and others month first").format(
                    source=self.name, column=header
                ),
            )
        elif order is None:
            warnings.warn(
                ngettext(
                    "{source}, column {column}: {n} time could be day/month or month/day; the quality signals "
                    "leave it out",
                    "{source}, column {column}: {n} times could be day/month or month/day; the quality signals "
                    "leave them out",
                    len(ambiguous),
                ).format(source=self.name, column=header, n=format_integer(len(ambiguous))),
                AmbiguousTimeWarning,
                stacklevel=4,
            )


class AmbiguousTimeWarning(ZonaIntegritasWarning):
    """Form times whose day and month cannot be told apart were left out of the quality signals."""


@attrs.frozen
class _Ambiguous:
    first: int
    second: int
    rest: tuple[int, int, int, int]

    def read(self, order: str) -> dt.datetime | None:
        day, month = (self.first, self.second) if order == "dmy" else (self.second, self.first)
        year, hour, minute, second = self.rest
        try:
            return dt.datetime(year, month, day, hour, minute, second)
        except ValueError:
            return None


_YMD = re.compile(
    r"(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})[ T,]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:\.\d+)?\s*([AaPp][Mm])?"
    r"\s*(?:(?:GMT|UTC|WIB|WITA|WIT)\s*)?(?:[+-]\d{1,2}(?::?\d{2})?)?"
)
_ABY = re.compile(
    r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})[ T,]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*([AaPp][Mm])?"
    r"\s*(?:(?:GMT|UTC|WIB|WITA|WIT)\s*)?(?:[+-]\d{1,2}(?::?\d{2})?)?"
)


def _clock(hour: int, meridiem: str | None) -> int:
    if meridiem is None:
        return hour
    if hour == 12:
        return 0 if meridiem.casefold() == "am" else 12
    return hour + 12 if meridiem.casefold() == "pm" else hour


def form_time(text: str) -> tuple[dt.datetime, str | None] | _Ambiguous | None:
    """The time a form was sent as form services write it: ISO (``2022-09-05 10:31``), Google Forms
    (``2022/09/05 10:31:22 AM GMT+7``, ``05/09/2022 10:31:22``) or Microsoft Forms (``9/5/2022 10:31:22``), with
    the day–month order it shows (``"dmy"``, ``"mdy"`` or ``None``). The time of day is kept as written (the
    unit's own clock); the zone is dropped. ``a/b/yyyy`` with both parts up to 12 is ambiguous: the file's
    other times decide.

    >>> form_time("2022/09/05 10:31:22 PM GMT+7")
    (datetime.datetime(2022, 9, 5, 22, 31, 22), None)
    >>> form_time("13/09/2022 10:31:22")[1], form_time("9/13/2022 10:31")[1], form_time("tomorrow")
    ('dmy', 'mdy', None)
    """
    try:
        return dt.datetime.fromisoformat(text).replace(tzinfo=None), None
    except ValueError:
        pass
    found = _YMD.fullmatch(text)
    try:
        if found is not None:
            y, m, d, hh, mm, ss, half = found.groups()
            moment = dt.datetime(int(y), int(m), int(d), _clock(int(hh), half), int(mm), int(ss or 0))
            return moment, None
        found = _ABY.fullmatch(text)
        if found is None:
            return None
        a, b, y, hh, mm, ss, half = found.groups()
        first, second = int(a), int(b)
        rest = (int(y), _clock(int(hh), half), int(mm), int(ss or 0))
        if first > 12 or second > 12:
            order = "dmy" if first > 12 else "mdy"
            read = _Ambiguous(first, second, rest).read(order)
            return None if read is None else (read, order)
        if first == second:
            same = _Ambiguous(first, second, rest).read("dmy")
            return None if same is None else (same, None)
        return _Ambiguous(first, second, rest)
    except ValueError:
        return None


_MISSING = object()


@attrs.frozen
class _Bad:
    text: str


def problems_of(name: str, problems: list[Exception], total: int) -> InvalidInputError:
    """A file's problems in one error; beyond the listed ones, a count."""
    if total > len(problems):
        problems = [*problems, InvalidAnswerError(f"{name}: {more_problems(total - len(problems))}")]
    return InvalidInputError(has_problems(name), problems)


def answer_cell(cell: str, texts: Mapping[str, int] | None = None) -> Any:
    """A whole number as int, a blank as None, an answer written as text (``4 - Sangat baik``, ``Sangat
    sesuai`` for an SKM element) as its number; anything else kept as text (cut) for the error report.

    >>> answer_cell(" 4 "), answer_cell(""), answer_cell("Sangat sesuai", answer_texts("U1")), answer_cell("x")
    (4, None, 4, 'x')
    """
    text = cell.strip()
    if not text:
        return None
    number = as_answer(text)
    if number is None:
        number = read_text(text, texts or {})
    return number if number is not None else (text if len(text) <= 40 else text[:39] + "…")


BATCH = 16_384
DIGITS = {str(d): d for d in range(10)}
