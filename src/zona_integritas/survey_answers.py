"""Survey answers shared by SKM and the perception surveys: respondents, validation and column sums.

Every survey index needs the same thing from its answers: each respondent's answers checked (a whole
number within the questionnaire scale, a blank only where the ``incomplete`` policy allows it) and then
the sum of every column and the number of respondents used. :func:`answer_rows` does that for rows
(sequences, mappings or :class:`Respondent` values); :mod:`zona_integritas.survey_columns` does it for
columnar input, and :func:`zona_integritas.survey_table.answer_table` picks between them. Both report the
same problems with the same words.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal, cast

import attrs

from .errors import InvalidAnswerError, InvalidInputError, InvalidValueError

__all__ = [
    "MAX_REPORTED",
    "PROFILE_FIELDS",
    "AnswerTable",
    "Incomplete",
    "Respondent",
    "SurveyCheck",
    "answer_problem",
    "answer_rows",
    "as_answer",
    "blank_problem",
    "check_incomplete",
    "echo",
    "is_missing",
    "problems_error",
]

Incomplete = Literal["error", "exclude"]
#: Profile fields of a respondent; ``unit`` is the sub-unit that served them, ``contact`` and ``submitted``
#: feed the quality signals of :mod:`zona_integritas.survey_signals`.
PROFILE_FIELDS = (
    "service",
    "date",
    "age_group",
    "sex",
    "education",
    "occupation",
    "completed_service",
    "unit",
    "contact",
    "submitted",
)
#: At most this many problems are listed one by one; the rest are counted in one last line.
MAX_REPORTED = 100
_WHOLE = re.compile(r"[+-]?[0-9]{1,9}(?:[.,]0*)?")


def _answer_pairs(value: Any) -> tuple[tuple[str, int | None], ...]:
    return tuple(value.items()) if isinstance(value, Mapping) else tuple(value)


@attrs.frozen
class Respondent:
    """One respondent: answers by element or question code, and optional profile fields.

    ``unit`` is the sub-unit that gave the service, ``contact`` a phone number or e-mail (only compared,
    never shown in full by the signals), ``submitted`` when the form was sent.
    """

    answers: tuple[tuple[str, int | None], ...] = attrs.field(converter=_answer_pairs)
    service: str | None = None
    date: dt.date | None = None
    age_group: str | None = None
    sex: str | None = None
    education: str | None = None
    occupation: str | None = None
    completed_service: bool | None = None
    unit: str | None = None
    contact: str | None = None
    submitted: dt.datetime | None = None

    def answer(self, code: str) -> int | None:
        """The answer to ``code``, ``None`` when blank or absent."""
        for name, value in self.answers:
            if name == code:
                return value
        return None


@attrs.frozen
class SurveyCheck:
    """A quality check of a survey. ``passed`` is ``None`` when the data cannot tell."""

    key: str
    passed: bool | None
    detail: str
    source: str


@attrs.frozen
class AnswerTable:
    """Validated answers reduced to what the indices need: column sums and counts.

    ``completed_known`` is True when every respondent used says whether they finished a service;
    ``services`` holds the service kinds of the respondents used.
    """

    sums: tuple[int, ...]
    n: int
    excluded: int
    not_completed: int
    completed_known: bool = False
    services: frozenset[str] = frozenset()


def echo(value: Any, limit: int = 40) -> str:
    """``repr(value)``, cut to ``limit`` characters so that a huge cell is never echoed in full.

    >>> echo("x" * 100)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…"
    """
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def as_answer(value: Any) -> int | None:
    """A whole-number answer, or ``None`` when ``value`` is not one.

    Strings must be ASCII digits (an optional sign, at most 9 digits, an optional ``.0``/``,0``): no
    exponent, no underscore, no other script's digits, so a hostile ``"1e999999999"`` is refused by
    its shape without ever being converted. Decimals and floats are refused above 10⁹ before ``int()``.

    >>> as_answer("4"), as_answer(" 3,0 "), as_answer(4.0), as_answer("1e999999999"), as_answer("９"), as_answer(True)
    (4, 3, 4, None, None, None)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        text = value.strip()
        if not _WHOLE.fullmatch(text):
            return None
        return int(text.replace(",", ".").split(".")[0])
    if isinstance(value, float | Decimal) or type(value).__module__ == "numpy":
        try:
            number = Decimal(repr(float(value))) if not isinstance(value, Decimal) else value
        except (TypeError, ValueError, OverflowError):
            return None
        if not number.is_finite() or number.adjusted() > 9 or number != number.to_integral_value():
            return None
        return int(number)
    return None


def answer_problem(place: str, code: str, value: Any, low: int, high: int) -> InvalidAnswerError:
    """The error of one answer that is not a whole number within the scale (a whole float shown as int,
    as a DataFrame column of floats holds the same answers as a list of ints).

    >>> str(answer_problem("row 2", "U1", 5.0, 1, 4))
    'row 2, column U1: answer 5 is outside 1-4'
    """
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return InvalidAnswerError(f"{place}, column {code}: answer {echo(value)} is outside {low}-{high}")


def blank_problem(place: str, codes: Sequence[str]) -> InvalidAnswerError:
    """The error of a respondent with blank answers under ``incomplete="error"``.

    >>> str(blank_problem("row 3", ["U2", "U5"]))
    'row 3, column U2, U5: blank answer'
    """
    return InvalidAnswerError(f"{place}, column {', '.join(codes)}: blank answer")


def problems_error(where: str, problems: list[Exception], total: int | None = None) -> InvalidInputError:
    """All problems of one input in one error; beyond :data:`MAX_REPORTED` they are counted, not listed.

    >>> error = problems_error("skm.csv: ", [ValueError(f"row {i}") for i in range(1, 103)])
    >>> len(error.exceptions), error.problems[-1]
    (101, '… and 2 more problems not listed')
    """
    total = len(problems) if total is None else total
    listed = problems[:MAX_REPORTED]
    if total > len(listed):
        summary = InvalidAnswerError(f"… and {total - len(listed):,} more problems not listed")
        summary.summary = True  # type: ignore[attr-defined]
        listed = [*listed, summary]
    error = InvalidInputError(f"{where.rstrip(': ') or 'survey answers'} have problems", listed)
    error.total = total  # type: ignore[attr-defined]
    return error


def check_incomplete(incomplete: str) -> None:
    """Refuse an unknown ``incomplete`` policy.

    >>> check_incomplete("skip")
    Traceback (most recent call last):
    ...
    zona_integritas.errors.InvalidValueError: incomplete must be 'error' or 'exclude'; got 'skip'
    """
    if incomplete not in ("error", "exclude"):
        raise InvalidValueError(f"incomplete must be 'error' or 'exclude'; got {incomplete!r}")


def _values(raw: Any, index: Mapping[str, int], width: int, place: str, problems: list[Exception]) -> list[Any]:
    values: list[Any] = [None] * width
    pairs = raw.answers if isinstance(raw, Respondent) else raw.items()
    for code, value in pairs:
        pos = index.get(str(code).casefold())
        if pos is None:
            problems.append(InvalidAnswerError(f"{place}: unknown element {code!r}"))
            continue
        values[pos] = value
    return values


def is_missing(value: Any) -> bool:
    """Whether a cell holds nothing: ``None``, a float NaN or pandas' ``NA``.

    >>> is_missing(None), is_missing(float("nan")), is_missing(0), is_missing("")
    (True, True, False, False)
    """
    return value is None or (isinstance(value, float) and math.isnan(value)) or type(value).__name__ == "NAType"


def _is_blank(value: Any) -> bool:
    """None, an empty or all-space string, or a float NaN (a blank cell of a DataFrame) is a blank answer."""
    return is_missing(value) or (isinstance(value, str) and not value.strip())


def answer_rows(
    respondents: Iterable[Respondent | Mapping[str, Any] | Sequence[Any]],
    codes: Sequence[str],
    low: int,
    high: int,
    incomplete: Incomplete,
    where: str = "",
    line_numbers: Sequence[int] | None = None,
) -> tuple[list[tuple[int, ...]], list[Respondent | None], int, int]:
    """Validate answers row by row; return (rows of ints, profiles, excluded incomplete, excluded not
    completed). Raises one :class:`InvalidInputError` listing every problem.

    >>> answer_rows([{"A": 4, "B": "3"}, [None, 2]], ("A", "B"), 1, 4, "exclude")
    ([(4, 3)], [None], 1, 0)
    """
    allowed = set(range(low, high + 1))
    width = len(codes)
    index = {c.casefold(): i for i, c in enumerate(codes)}
    rows: list[tuple[int, ...]] = []
    profiles: list[Respondent | None] = []
    problems: list[Exception] = []
    excluded = not_completed = 0
    for n, raw in enumerate(respondents):
        line = line_numbers[n] if line_numbers is not None else n + 1
        place = f"{where}row {line}"
        profile = raw if isinstance(raw, Respondent) else None
        if isinstance(raw, Respondent | Mapping):
            values = _values(raw, index, width, place, problems)
        else:
            values = list(raw)
            if len(values) != width:
                problems.append(
                    InvalidAnswerError(f"{place}: expected {width} answers ({', '.join(codes)}), got {len(values)}")
                )
                continue
        if all(type(v) is int and v in allowed for v in values):
            ints = tuple(values)
        else:
            bad = [
                answer_problem(place, c, v, low, high) for c, v in zip(codes, values, strict=True) if _bad(v, allowed)
            ]
            if bad:
                problems.extend(bad)
                continue
            blanks = [c for c, v in zip(codes, values, strict=True) if _is_blank(v)]
            if blanks:
                if incomplete == "error":
                    problems.append(blank_problem(place, blanks))
                else:
                    excluded += 1
                continue
            ints = tuple(cast(int, as_answer(v)) for v in values)
        if profile is not None and profile.completed_service is False:
            not_completed += 1
            continue
        rows.append(ints)
        profiles.append(profile)
    if problems:
        raise problems_error(where, problems)
    return rows, profiles, excluded, not_completed


def _bad(value: Any, allowed: set[int]) -> bool:
    if _is_blank(value):
        return False
    number = as_answer(value)
    return number is None or number not in allowed
