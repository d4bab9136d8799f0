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
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal, cast

import attrs

from .errors import InvalidAnswerError, InvalidInputError, InvalidValueError
from .i18n import format_integer, ngettext, use_language
from .i18n import gettext as _

__all__ = [
    "MAX_REPORTED",
    "PROFILE_FIELDS",
    "AnswerTable",
    "Incomplete",
    "Invalid",
    "Respondent",
    "Said",
    "SurveyCheck",
    "answer_problem",
    "answer_rows",
    "as_answer",
    "blank_problem",
    "check_incomplete",
    "check_invalid",
    "column_name",
    "echo",
    "in_language",
    "is_missing",
    "problems_error",
    "respondents_counted",
    "said",
]

Incomplete = Literal["error", "exclude"]
#: What to do with an answer outside the questionnaire scale (or a cell that is not an answer at all): ``"error"``
#: lists every such cell; ``"exclude"`` leaves out the respondent who gave it and counts them. PermenPANRB 14/2017
#: divides each element's sum by the number of questionnaires filled in; leaving out the whole questionnaire keeps
#: one count for every element (as ``incomplete="exclude"`` does for blanks), so the IKM stays the same sums over
#: the same respondents as the unit's own workbook.
Invalid = Literal["error", "exclude"]
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


class Said(str):
    """A sentence said in the current language that can be said again in another: the text, and how to make it.

    >>> from zona_integritas.i18n import use_language
    >>> with use_language("en"):
    ...     text = said(lambda: _("every respondent used finished a service"))
    >>> text, text.in_language("id")
    ('every respondent used finished a service', 'setiap responden yang dihitung telah menyelesaikan layanan')
    """

    render: Callable[[], str]

    def __reduce__(self) -> tuple[type[str], tuple[str]]:
        """Pickled (and copied between processes) as the text it holds."""
        return (str, (str(self),))

    def in_language(self, language: str | None = None) -> str:
        """The sentence in ``language`` (``None``: the current language)."""
        with use_language(language):
            return self.render()


def said(value: str | Callable[[], str]) -> str:
    """A sentence: ``value`` as it is when it is text, else a :class:`Said` made by calling it now.

    >>> said("as given")
    'as given'
    """
    if isinstance(value, str):
        return value
    text = Said(value())
    text.render = value
    return text


def in_language(text: str, language: str | None = None) -> str:
    """A sentence in ``language`` when it can be said again (:class:`Said`), else as it is.

    >>> in_language("as given", "id")
    'as given'
    """
    return text.in_language(language) if isinstance(text, Said) else text


@attrs.frozen
class SurveyCheck:
    """A quality check of a survey. ``passed`` is ``None`` when the data cannot tell.

    ``detail`` is a sentence in the language current when the check was made; :meth:`detail_in` says it in
    another (``detail`` may be given as a function of no argument that says it).

    >>> check = SurveyCheck("demo", True, lambda: _("every respondent used finished a service"), "x")
    >>> check.detail_in("id"), check.detail_in("en")
    ('setiap responden yang dihitung telah menyelesaikan layanan', 'every respondent used finished a service')
    """

    key: str
    passed: bool | None
    detail: str = attrs.field(converter=said)
    source: str

    def detail_in(self, language: str | None = None) -> str:
        """The sentence of the check in ``language`` (``None``: the current language)."""
        return in_language(self.detail, language)


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
    invalid: int = 0


def respondents_counted(used: int, *, incomplete: int = 0, not_completed: int = 0, invalid: int = 0) -> list[str]:
    """How many respondents a survey index counted and why others were left out, one phrase each, in the
    current language (the summaries of the SKM and IPAK/IPKP results join them).

    >>> from zona_integritas.i18n import use_language
    >>> with use_language("en"):
    ...     respondents_counted(30, invalid=2)
    ['30 respondents used', '2 left out with answers outside the scale']
    """
    parts = [ngettext("{n} respondent used", "{n} respondents used", used).format(n=format_integer(used))]
    if incomplete:
        parts.append(
            ngettext("{n} left out with blank answers", "{n} left out with blank answers", incomplete).format(
                n=format_integer(incomplete)
            )
        )
    if not_completed:
        parts.append(
            ngettext(
                "{n} left out without a completed service", "{n} left out without a completed service", not_completed
            ).format(n=format_integer(not_completed))
        )
    if invalid:
        parts.append(
            ngettext(
                "{n} left out with an answer outside the scale", "{n} left out with answers outside the scale", invalid
            ).format(n=format_integer(invalid))
        )
    return parts


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


def row_place(where: str, line: int) -> str:
    """Where a respondent is: the source (``skm.csv: ``) and the row (its line in a file).

    >>> row_place("skm.csv: ", 3)
    'skm.csv: row 3'
    """
    return where + _("row {line}").format(line=line)


def column_name(code: str, header: str | None = None) -> str:
    """A column as the user knows it: their own header, with the code it was read as when that differs.

    >>> column_name("U1"), column_name("U1", "U1"), column_name("U1", "Persyaratan pelayanan")
    ('U1', 'U1', '"Persyaratan pelayanan" (U1)')
    """
    if header is None or header == code:
        return code
    return f'"{header}" ({code})'


def answer_problem(place: str, code: str, value: Any, low: int, high: int) -> InvalidAnswerError:
    """The error of one answer that is not a whole number within the scale (a whole float shown as int,
    as a DataFrame column of floats holds the same answers as a list of ints). ``code`` is the column as
    the user knows it (see :func:`column_name`).

    >>> str(answer_problem("row 2", "U1", 5.0, 1, 4))
    'row 2, column U1: answer 5 is outside 1-4'
    """
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return InvalidAnswerError(
        _("{place}, column {column}: answer {value} is outside {low}-{high}").format(
            place=place, column=code, value=echo(value), low=low, high=high
        ),
        code="answer-outside-scale",
    )


def blank_problem(place: str, codes: Sequence[str]) -> InvalidAnswerError:
    """The error of a respondent with blank answers under ``incomplete="error"``.

    >>> str(blank_problem("row 3", ["U2", "U5"]))
    'row 3, column U2, U5: blank answer'
    """
    return InvalidAnswerError(
        _("{place}, column {columns}: blank answer").format(place=place, columns=", ".join(codes)),
        code="blank-answer",
    )


def problems_error(where: str, problems: list[Exception], total: int | None = None) -> InvalidInputError:
    """All problems of one input in one error; beyond :data:`MAX_REPORTED` they are counted, not listed.

    >>> error = problems_error("skm.csv: ", [ValueError(f"row {i}") for i in range(1, 103)])
    >>> len(error.exceptions), error.problems[-1]
    (101, '… and 2 more problems not listed')
    """
    total = len(problems) if total is None else total
    listed = problems[:MAX_REPORTED]
    if total > len(listed):
        summary = InvalidAnswerError(more_problems(total - len(listed)))
        summary.summary = True  # type: ignore[attr-defined]
        listed = [*listed, summary]
    name = where.rstrip(": ")
    message = _("{source} has problems").format(source=name) if name else _("the survey answers have problems")
    error = InvalidInputError(message, listed)
    error.total = total  # type: ignore[attr-defined]
    return error


def more_problems(count: int) -> str:
    """The last line of a long list of problems: how many more were found and not listed.

    >>> more_problems(2)
    '… and 2 more problems not listed'
    """
    return ngettext("… and {count} more problem not listed", "… and {count} more problems not listed", count).format(
        count=format_integer(count)
    )


def check_incomplete(incomplete: str) -> None:
    """Refuse an unknown ``incomplete`` policy.

    >>> check_incomplete("skip")
    Traceback (most recent call last):
    ...
    zona_integritas.errors.InvalidValueError: incomplete must be 'error' or 'exclude'; got 'skip'
    """
    if incomplete not in ("error", "exclude"):
        raise InvalidValueError(
            _("{name} must be 'error' or 'exclude'; got {value}").format(name="incomplete", value=echo(incomplete)),
            code="unknown-policy",
        )


def check_invalid(invalid: str) -> None:
    """Refuse an unknown ``invalid`` policy.

    >>> check_invalid("drop")
    Traceback (most recent call last):
    ...
    zona_integritas.errors.InvalidValueError: invalid must be 'error' or 'exclude'; got 'drop'
    """
    if invalid not in ("error", "exclude"):
        raise InvalidValueError(
            _("{name} must be 'error' or 'exclude'; got {value}").format(name="invalid", value=echo(invalid)),
            code="unknown-policy",
        )


def _values(raw: Any, index: Mapping[str, int], width: int, place: str, problems: list[Exception]) -> list[Any]:
    values: list[Any] = [None] * width
    pairs = raw.answers if isinstance(raw, Respondent) else raw.items()
    for code, value in pairs:
        pos = index.get(str(code).casefold())
        if pos is None:
            problems.append(
                InvalidAnswerError(
                    _("{place}: unknown question {code}").format(place=place, code=echo(code)),
                    code="unknown-question",
                )
            )
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
    *,
    invalid: Invalid = "error",
    headers: Mapping[str, str] | None = None,
) -> tuple[list[tuple[int, ...]], list[Respondent | None], int, int, int]:
    """Validate answers row by row; return (rows of ints, profiles, excluded incomplete, excluded not
    completed, excluded invalid). Raises one :class:`InvalidInputError` listing every problem. ``headers``
    maps a code to the user's own column header, for the messages.

    >>> answer_rows([{"A": 4, "B": "3"}, [None, 2], [4, 9]], ("A", "B"), 1, 4, "exclude", invalid="exclude")
    ([(4, 3)], [None], 1, 0, 1)
    """
    allowed = set(range(low, high + 1))
    width = len(codes)
    index = {c.casefold(): i for i, c in enumerate(codes)}
    names = [column_name(c, (headers or {}).get(c)) for c in codes]
    rows: list[tuple[int, ...]] = []
    profiles: list[Respondent | None] = []
    problems: list[Exception] = []
    excluded = not_completed = dropped = 0
    for n, raw in enumerate(respondents):
        line = line_numbers[n] if line_numbers is not None else n + 1
        place = row_place(where, line)
        profile = raw if isinstance(raw, Respondent) else None
        if isinstance(raw, Respondent | Mapping):
            values = _values(raw, index, width, place, problems)
        else:
            values = list(raw)
            if len(values) != width:
                problems.append(
                    InvalidAnswerError(
                        _("{place}: expected {width} answers ({codes}), got {count}").format(
                            place=place, width=width, codes=", ".join(codes), count=len(values)
                        ),
                        code="wrong-answer-count",
                    )
                )
                continue
        if all(type(v) is int and v in allowed for v in values):
            ints = tuple(values)
        else:
            bad = [
                answer_problem(place, name, v, low, high)
                for name, v in zip(names, values, strict=True)
                if _bad(v, allowed)
            ]
            if bad:
                if invalid == "exclude":
                    dropped += 1
                else:
                    problems.extend(bad)
                continue
            blanks = [name for name, v in zip(names, values, strict=True) if _is_blank(v)]
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
    return rows, profiles, excluded, not_completed, dropped


def _bad(value: Any, allowed: set[int]) -> bool:
    if _is_blank(value):
        return False
    number = as_answer(value)
    return number is None or number not in allowed
