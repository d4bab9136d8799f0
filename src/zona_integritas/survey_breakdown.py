"""SKM breakdowns: the IKM per service kind, sub-unit, period or respondent profile, and the trend.

Each group gets its own IKM from the exact integer sums of its answers, its number of respondents and,
when the caller gives the group's population (service users in the period), its Krejcie–Morgan
adequacy. Grouping by a period (``month``, ``quarter``, ``semester``, ``year``, taken from each
respondent's ``date``) gives the trend, the change of the IKM from one period to the next. Every group
lists its elements from the weakest up: what to fix first.

The answers are validated once, for the whole survey, so a bad cell is reported with its row in the
input (not in the group); a respondent without the grouping field falls in the group ``(kosong)``.

>>> from zona_integritas.survey_answers import Respondent
>>> import datetime as dt
>>> rs = [Respondent({f"U{i}": 4 for i in range(1, 10)}, date=dt.date(2024, 2, 1)),
...       Respondent({f"U{i}": 3 for i in range(1, 10)}, date=dt.date(2024, 5, 1))]
>>> b = skm_breakdown(rs, "quarter")
>>> [(k, str(unit), str(change)) for k, unit, change in b.trend()]
[('2024-Q1', '100.00', 'None'), ('2024-Q2', '75.00', '-25.00')]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from ._reprs import html_of
from .dates import parse_date
from .decimals import in_library_context, round_half_up
from .errors import InvalidAnswerError, InvalidValueError
from .i18n import N_, format_integer, format_number, use_language
from .i18n import gettext as _
from .survey_answers import (
    AnswerTable,
    Incomplete,
    Invalid,
    Respondent,
    answer_rows,
    check_incomplete,
    check_invalid,
    echo,
    is_missing,
)
from .survey_skm import ElementResult, IkmResult, SkmSpec, ikm_result, krejcie_morgan, skm_spec
from .survey_table import headers_of, rows_or_columns

__all__ = [
    "BREAKDOWN_FIELDS",
    "PERIODS",
    "GroupResult",
    "SkmBreakdown",
    "field_title",
    "group_title",
    "period_of",
    "skm_breakdown",
]

#: Periods a breakdown can group by (from each respondent's ``date``).
PERIODS = ("month", "quarter", "semester", "year")
#: Every field a breakdown can group by.
BREAKDOWN_FIELDS = ("service", "unit", "age_group", "sex", "education", "occupation", *PERIODS)
#: The key of the group of respondents without a value of the field (a stable key; shown translated).
BLANK = "(kosong)"
_FIELD_TITLES = {
    "service": N_("Service"),
    "unit": N_("Sub-unit"),
    "age_group": N_("Age group"),
    "sex": N_("Sex"),
    "education": N_("Education"),
    "occupation": N_("Occupation"),
    "month": N_("Month"),
    "quarter": N_("Quarter"),
    "semester": N_("Semester"),
    "year": N_("Year"),
}


def field_title(field: str, *, language: str | None = None) -> str:
    """The name of a breakdown field in the language.

    >>> field_title("age_group", language="id"), field_title("age_group", language="en")
    ('Kelompok umur', 'Age group')
    """
    with use_language(language):
        title = _FIELD_TITLES.get(field)
        return field if title is None else _(title)


def group_title(key: str, by: str | None = None, *, language: str | None = None) -> str:
    """A group key as shown: the group of respondents without a value reads "(blank)" / "(kosong)", and a quarter
    ``2024-Q1`` reads ``2024-TW1`` (*triwulan*) in Indonesian; the key itself stays the same for programs.

    >>> group_title(BLANK, language="en"), group_title("Loket A", language="en")
    ('(blank)', 'Loket A')
    >>> group_title("2024-Q3", "quarter", language="id"), group_title("2024-Q3", "quarter", language="en")
    ('2024-TW3', '2024-Q3')
    """
    with use_language(language):
        if key == BLANK:
            return _("(blank)")
        if by == "quarter" and len(key) == 7 and key[4:6] == "-Q":
            return _("{year}-Q{quarter}").format(year=key[:4], quarter=key[6])
        return key


def period_of(date: Any, period: str) -> str:
    """The period key of a date: ``2024-03``, ``2024-Q1``, ``2024-S1`` or ``2024``.

    >>> [period_of(dt.date(2024, 8, 17), p) for p in PERIODS]
    ['2024-08', '2024-Q3', '2024-S2', '2024']
    """
    if isinstance(date, dt.datetime):
        date = date.date()
    elif not isinstance(date, dt.date):
        try:
            date = parse_date(str(date))
        except ValueError:
            raise InvalidAnswerError(
                _("{value} is not a date: cannot place it in a period ({period})").format(
                    value=echo_date(date), period=field_title(period)
                ),
                code="not-a-date",
            ) from None
    if period == "month":
        return f"{date.year}-{date.month:02d}"
    if period == "quarter":
        return f"{date.year}-Q{(date.month - 1) // 3 + 1}"
    if period == "semester":
        return f"{date.year}-S{1 if date.month <= 6 else 2}"
    return str(date.year)


def echo_date(value: Any) -> str:
    """``repr(value)`` cut to 40 characters.

    >>> echo_date("x" * 50)[-2:]
    'x…'
    """
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


@in_library_context
@attrs.frozen
class GroupResult:
    """One group of a breakdown: its IKM, respondents and, given its population, the sample check."""

    key: str
    result: IkmResult
    population: int | None = None
    needed: int | None = None

    @property
    def n(self) -> int:
        """Respondents used in this group."""
        return self.result.respondents

    @property
    def adequate(self) -> bool | None:
        """Whether the group has the Krejcie–Morgan sample for its population (``None``: population unknown)."""
        return None if self.needed is None else self.n >= self.needed

    def weakest(self, count: int | None = None) -> tuple[ElementResult, ...]:
        """The elements of this group from the lowest NRR up."""
        return self.result.weakest(count)

    def __repr__(self) -> str:
        return (
            f"GroupResult(key={self.key!r}, n={self.n}, ikm_unit={self.result.ikm_unit!r}, adequate={self.adequate!r})"
        )

    def _repr_html_(self) -> str | None:
        return html_of(self)


@in_library_context
@attrs.frozen
class SkmBreakdown(Mapping[str, IkmResult]):
    """IKM per group (a mapping of group key → :class:`IkmResult`, keys sorted) and the whole survey's IKM."""

    by: str
    groups: tuple[GroupResult, ...]
    overall: IkmResult

    def __getitem__(self, key: str) -> IkmResult:
        for group in self.groups:
            if group.key == key:
                return group.result
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(g.key for g in self.groups)

    def __len__(self) -> int:
        return len(self.groups)

    def group(self, key: str) -> GroupResult:
        """The group ``key`` with its n and adequacy."""
        for group in self.groups:
            if group.key == key:
                return group
        raise InvalidValueError(
            _("no group {key} in the breakdown by {field}; the groups are {groups}").format(
                key=echo(key), field=field_title(self.by), groups=", ".join(self)
            ),
            code="unknown-group",
        )

    def trend(self) -> list[tuple[str, Decimal, Decimal | None]]:
        """(group, IKM on 25–100, change from the group before) in key order: over periods, the trend."""
        out: list[tuple[str, Decimal, Decimal | None]] = []
        previous: Decimal | None = None
        for group in self.groups:
            unit = group.result.ikm_unit
            out.append((group.key, unit, None if previous is None else unit - previous))
            previous = unit
        return out

    def __repr__(self) -> str:
        """A short summary (``to_table()`` shows every group).

        >>> rs = [Respondent({f"U{i}": 4 for i in range(1, 10)}, sex="P")]
        >>> skm_breakdown(rs, "sex")
        SkmBreakdown(by='sex', groups=1, ikm_unit=Decimal('100.00'), grade='A', respondents=1)
        """
        o = self.overall
        return (
            f"SkmBreakdown(by={self.by!r}, groups={len(self.groups)}, ikm_unit={o.ikm_unit!r}, grade={o.grade!r}, "
            f"respondents={o.respondents})"
        )

    def _repr_html_(self) -> str | None:
        return html_of(self)

    def to_rows(self, *, language: str | None = None, weakest: int = 3) -> list[dict[str, Any]]:
        """One plain row per group (machine values, for JSON): key, n, IKM, grade, adequacy and the weakest
        elements (code and NRR)."""
        return [
            {
                self.by: g.key,
                "respondents": g.n,
                "ikm_unit": str(g.result.ikm_unit),
                "grade": g.result.grade,
                "population": g.population,
                "sample_needed": g.needed,
                "adequate": g.adequate,
                "weakest": [f"{e.code} {round_half_up(e.nrr, 3)}" for e in g.weakest(weakest)],
            }
            for g in self.groups
        ]

    def to_table(self, *, language: str | None = None, weakest: int = 3) -> str:
        """A plain-text table, one line per group: n, IKM, grade, the Krejcie–Morgan sample (``ok``/``!!`` and
        the respondents needed, given the group's population) and the weakest elements with their NRR.

        >>> rs = [Respondent({f"U{i}": 4 for i in range(1, 10)}, sex="P")]
        >>> print(skm_breakdown(rs, "sex").to_table(language="id"))
        Jenis kelamin          n     IKM  Mutu   Sampel      Unsur terlemah
        P                      1  100,00  A                  U1 4,000, U2 4,000, U3 4,000
        (semua)                1  100,00  A
        """
        with use_language(language):
            lines = [
                f"{field_title(self.by)[:17]:<18}{'n':>6}{'IKM':>8}  {_('Grade'):<5}  {_('Sample'):<10}  "
                f"{_('Weakest elements')}"
            ]
            for g in self.groups:
                sample = "" if g.adequate is None else f"{'ok' if g.adequate else '!!'} {format_integer(g.needed or 0)}"
                weak = ", ".join(f"{e.code} {format_number(e.nrr, 3)}" for e in g.weakest(weakest))
                title = group_title(g.key, self.by)[:17]
                lines.append(
                    f"{title:<18}{format_integer(g.n):>6}{format_number(g.result.ikm_unit):>8}  "
                    f"{g.result.grade:<5}  {sample:<10}  {weak}"
                )
            overall = self.overall
            lines.append(
                f"{_('(all)'):<18}{format_integer(overall.respondents):>6}{format_number(overall.ikm_unit):>8}  "
                f"{overall.grade}"
            )
            return "\n".join(line.rstrip() for line in lines)


def _group_key(profile: Respondent | None, by: str) -> str:
    if profile is None:
        return BLANK
    if by in PERIODS:
        return BLANK if profile.date is None else period_of(profile.date, by)
    value = getattr(profile, by)
    return BLANK if value is None else str(value)


@in_library_context
def skm_breakdown(
    respondents: Any,
    by: str,
    *,
    spec: SkmSpec | None = None,
    incomplete: Incomplete = "error",
    invalid: Invalid = "error",
    populations: Mapping[str, int] | None = None,
    source: str | None = None,
    line_numbers: Sequence[int] | None = None,
) -> SkmBreakdown:
    """IKM per value of ``by``: a profile field (``service``, ``unit``, ``age_group``, ``sex``,
    ``education``, ``occupation``) or a period of the respondent's date (``month``, ``quarter``,
    ``semester``, ``year``).

    ``respondents`` are :class:`Respondent` values or a columnar container with a column named like the
    field (``date`` for periods). ``populations`` maps group key → service users in the period, for the
    Krejcie–Morgan check of each group.

    >>> rs = [Respondent({"U%d" % i: 4 for i in range(1, 10)}, sex="P"),
    ...       Respondent({"U%d" % i: 3 for i in range(1, 10)}, sex="L")]
    >>> b = skm_breakdown(rs, "sex", populations={"P": 1, "L": 2})
    >>> {k: str(v.ikm_unit) for k, v in b.items()}
    {'L': '75.00', 'P': '100.00'}
    >>> b.group("L").n, b.group("L").needed, b.group("L").adequate
    (1, 2, False)
    """
    if by not in BREAKDOWN_FIELDS:
        raise InvalidValueError(
            _("breakdown field must be one of {fields}; got {value}").format(
                fields=", ".join(BREAKDOWN_FIELDS), value=echo(by)
            ),
            code="unknown-field",
        )
    check_incomplete(incomplete)
    check_invalid(invalid)
    spec = spec or skm_spec()
    where = f"{source}: " if source else ""
    from . import survey_columns

    headers = headers_of(respondents)
    respondents, line_numbers, where = rows_or_columns(respondents, line_numbers, where)
    if survey_columns.is_columnar(respondents):
        grouped, overall = _columnar_groups(respondents, by, spec, incomplete, where, line_numbers, invalid)
    else:
        items = list(respondents)
        rows, profiles, excluded, not_completed, dropped = answer_rows(
            items, spec.codes, *spec.scale, incomplete, where, line_numbers, invalid=invalid, headers=headers
        )
        width = len(spec.codes)
        sums: dict[str, list[int]] = {}
        counts: dict[str, int] = {}
        for row, profile in zip(rows, profiles, strict=True):
            key = _group_key(profile, by)
            acc = sums.setdefault(key, [0] * width)
            for j, v in enumerate(row):
                acc[j] += v
            counts[key] = counts.get(key, 0) + 1
        grouped = {key: AnswerTable(tuple(sums[key]), counts[key], 0, 0) for key in sums}
        totals = tuple(sum(c) for c in zip(*rows, strict=True)) if rows else (0,) * width
        overall = AnswerTable(totals, len(rows), excluded, not_completed, invalid=dropped)
    groups = []
    for key in sorted(grouped):
        population = None if populations is None else populations.get(key)
        needed = None if population is None else krejcie_morgan(population, spec=spec)
        groups.append(GroupResult(key, ikm_result(grouped[key], spec), population, needed))
    return SkmBreakdown(by, tuple(groups), ikm_result(overall, spec))


def _columnar_groups(
    value: Any,
    by: str,
    spec: SkmSpec,
    incomplete: Incomplete,
    where: str,
    line_numbers: Sequence[int] | None,
    invalid: Invalid,
) -> tuple[dict[str, AnswerTable], AnswerTable]:
    import numpy as np

    from .survey_columns import columns_table

    answers = columns_table(value, spec.codes, *spec.scale, incomplete, where, line_numbers, invalid=invalid)
    field = "date" if by in PERIODS else by
    column = answers.profiles.get(field)
    n = answers.table.n
    if column is None:
        return ({BLANK: answers.table} if n else {}), answers.table
    if answers.kept is not None:
        column = column[answers.kept]
    if column.dtype.kind == "O":
        cache: dict[Any, int] = {}
        uniques: list[Any] = []
        codes = np.empty(len(column), np.int64)
        for i, cell in enumerate(column.tolist()):
            code = cache.get(cell)
            if code is None:
                code = cache[cell] = len(uniques)
                uniques.append(cell)
            codes[i] = code
    else:
        uniq, codes = np.unique(column, return_inverse=True)
        uniques = uniq.tolist() if column.dtype.kind != "M" else [d.item() for d in uniq.astype("datetime64[D]")]
    keys = [_cell_key(u, by) for u in uniques]
    names = sorted(set(keys))
    group_of = np.array([names.index(k) for k in keys], np.int64)[codes]
    order = np.argsort(group_of, kind="stable")
    counts = np.bincount(group_of, minlength=len(names))
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    present = counts > 0
    sums = [np.add.reduceat(v[order], starts[present], dtype=np.int64) for v in answers.columns]
    out: dict[str, AnswerTable] = {}
    for g, name in enumerate(np.array(names, dtype=object)[present].tolist()):
        out[name] = AnswerTable(tuple(int(s[g]) for s in sums), int(counts[present][g]), 0, 0)
    return out, answers.table


def _cell_key(cell: Any, by: str) -> str:
    if is_missing(cell) or (isinstance(cell, str) and not cell.strip()):
        return BLANK
    if by in PERIODS:
        return period_of(cell, by)
    return str(cell)
