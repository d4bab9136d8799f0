"""Survey answers from CSV files as form services and spreadsheets export them.

A header row, then one respondent per line; comma- or semicolon-separated (detected from the header
unless given); UTF-8 with or without a byte-order mark. Answer columns default to the element or
aspect codes (``U1`` … ``U9`` for SKM; ``diskriminasi``, ``pungli_2``… for IPAK); profile columns are
recognised by their Indonesian or English names (``layanan``/``service``, ``tanggal``/``date``,
``umur``/``age_group``, ``jenis_kelamin``/``sex``, ``pendidikan``/``education``,
``pekerjaan``/``occupation``, ``selesai``/``completed_service``). All names are configurable.
Every bad cell is reported at once with its line and column.

>>> import io, zona_integritas as zi
>>> text = "U1;U2;U3;U4;U5;U6;U7;U8;U9;layanan\\n4;4;4;3;4;4;4;4;4;izin usaha\\n3;4;4;4;4;4;3;4;4;izin usaha\\n"
>>> survey = read_survey_csv(io.StringIO(text), codes=[f"U{i}" for i in range(1, 10)])
>>> survey.delimiter, len(survey.respondents), survey.respondents[0].service
(';', 2, 'izin usaha')
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import attrs

from ..dates import parse_date
from ..errors import InvalidAnswerError, InvalidInputError
from ..survey import Respondent

__all__ = ["MAX_BYTES", "MAX_ROWS", "SurveyFile", "read_survey_csv"]

#: Refuse files larger than this (bytes) or with more respondents than this: untrusted input is bounded.
MAX_BYTES = 512 * 1024 * 1024
MAX_ROWS = 5_000_000

_PROFILE_NAMES = {
    "service": ("service", "layanan", "jenis_layanan", "jenis layanan"),
    "date": ("date", "tanggal"),
    "age_group": ("age_group", "umur", "usia", "kelompok_umur"),
    "sex": ("sex", "jenis_kelamin", "jenis kelamin", "gender"),
    "education": ("education", "pendidikan"),
    "occupation": ("occupation", "pekerjaan"),
    "completed_service": ("completed_service", "selesai", "selesai_layanan"),
}
_TRUE = {"ya", "y", "1", "true", "benar", "sudah"}
_FALSE = {"tidak", "t", "n", "0", "false", "salah", "belum"}


@attrs.frozen
class SurveyFile:
    """The answers of a CSV file (one tuple per respondent, in ``questions`` order), profile fields
    when the file has profile columns, and each respondent's line number.

    ``records`` is what the index functions take: the plain answer tuples (fast) when the file has
    no profile columns, :class:`~zona_integritas.survey.Respondent` values otherwise.
    """

    answers: tuple[tuple[Any, ...], ...]
    profiles: tuple[dict[str, Any], ...]
    questions: tuple[str, ...]
    line_numbers: tuple[int, ...]
    delimiter: str
    source: str

    @property
    def respondents(self) -> tuple[Respondent, ...]:
        """Every respondent as a :class:`Respondent` with its profile fields."""
        profiles = self.profiles or ({},) * len(self.answers)
        return tuple(
            Respondent(tuple(zip(self.questions, answers, strict=True)), **profile)
            for answers, profile in zip(self.answers, profiles, strict=True)
        )

    @property
    def records(self) -> tuple[Any, ...]:
        """Answer tuples when there are no profile columns, respondents otherwise."""
        return self.respondents if self.profiles else self.answers


def _open(source: str | Path | IO[str]) -> tuple[str, str]:
    if isinstance(source, str | Path):
        path = Path(source)
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InvalidInputError(
                f"{path} is too large",
                [InvalidAnswerError(f"{path}: {size:,} bytes, more than the limit of {MAX_BYTES:,}")],
            )
        raw = path.read_bytes()
        try:
            return raw.decode("utf-8-sig"), str(path)
        except UnicodeDecodeError as exc:
            raise InvalidInputError(
                f"{path} is not UTF-8",
                [InvalidAnswerError(f"{path}: byte {exc.start} cannot be read as UTF-8; export the file as CSV UTF-8")],
            ) from None
    text = source.read()
    return (text[1:] if text.startswith("\ufeff") else text), getattr(source, "name", "<stream>")


def read_survey_csv(
    source: str | Path | IO[str],
    *,
    codes: Sequence[str] | None = None,
    columns: Mapping[str, str] | None = None,
    question_prefixes: Sequence[str] | None = None,
    profile_columns: Mapping[str, str] | None = None,
    delimiter: str | None = None,
) -> SurveyFile:
    """Read respondents from a CSV file or text stream.

    ``codes`` lists the answer codes to read, each from the column of the same name unless
    ``columns`` maps code → column name. ``question_prefixes`` instead takes every column whose name
    equals a prefix or starts with ``prefix_`` (IPAK/IPKP questions grouped by aspect).
    ``profile_columns`` maps profile field → column name.
    """
    text, name = _open(source)
    if delimiter is None:
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise InvalidInputError(f"{name} is empty", [InvalidAnswerError(f"{name}: no header row")]) from None
    problems: list[Exception] = []
    lookup = {h.casefold(): i for i, h in enumerate(header)}
    if len(lookup) != len(header):
        dupes = sorted({h for h in header if header.count(h) > 1})
        problems.append(InvalidAnswerError(f"{name}, line 1: duplicate column {', '.join(dupes)}"))
    if question_prefixes is not None:
        wanted = [
            h
            for h in header
            if any(
                h.casefold() == p.casefold() or h.casefold().startswith(p.casefold() + "_") for p in question_prefixes
            )
        ]
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
        candidates = (chosen,) if chosen else names
        for candidate in candidates:
            if candidate.casefold() in lookup:
                profile_cols[field] = lookup[candidate.casefold()]
                break
        else:
            if chosen:
                problems.append(InvalidAnswerError(f"{name}, line 1: missing column {chosen!r} (for {field})"))
    if problems:
        raise InvalidInputError(f"{name} has problems", problems)

    raw_rows: list[list[str]] = []
    lines: list[int] = []
    for row in reader:
        if not row or not "".join(row).strip():
            continue
        raw_rows.append(row)
        lines.append(reader.line_num)
        if len(raw_rows) > MAX_ROWS:
            raise InvalidInputError(
                f"{name} is too large", [InvalidAnswerError(f"{name}: more than {MAX_ROWS:,} respondents")]
            )
    width = len(header)
    short = [i for i, row in enumerate(raw_rows) if len(row) < width]
    for i in short:
        raw_rows[i] = raw_rows[i] + [""] * (width - len(raw_rows[i]))
    answer_columns = [_cells([row[i] for row in raw_rows]) for _, i in question_cols]
    answers = list(zip(*answer_columns, strict=True)) if answer_columns else []
    profiles: list[dict[str, Any]] = []
    if profile_cols:
        for row, line in zip(raw_rows, lines, strict=True):
            profile: dict[str, Any] = {}
            for field, i in profile_cols.items():
                cell = row[i].strip()
                if not cell:
                    continue
                if field == "date":
                    try:
                        profile[field] = parse_date(cell)
                    except ValueError:
                        problems.append(
                            InvalidAnswerError(f"{name}, line {line}, column {header[i]}: {cell!r} is not a full date")
                        )
                elif field == "completed_service":
                    folded = cell.casefold()
                    if folded in _TRUE:
                        profile[field] = True
                    elif folded in _FALSE:
                        profile[field] = False
                    else:
                        problems.append(
                            InvalidAnswerError(
                                f"{name}, line {line}, column {header[i]}: {cell!r} is not yes/no (ya/tidak)"
                            )
                        )
                else:
                    profile[field] = cell
            profiles.append(profile)
    if problems:
        raise InvalidInputError(f"{name} has problems", problems)
    return SurveyFile(
        tuple(answers), tuple(profiles), tuple(c for c, _ in question_cols), tuple(lines), delimiter, name
    )


def _cells(column: list[str]) -> list[Any]:
    """Whole numbers as int (fast path), blanks as None, anything else kept as text for the error report."""
    try:
        return list(map(int, column))
    except ValueError:
        out: list[Any] = []
        for cell in column:
            text = cell.strip()
            out.append(None if not text else int(text) if text.isdigit() else text)
        return out
