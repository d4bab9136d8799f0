"""Surveys from respondents' answers: SKM/IKM (PermenPANRB 14/2017), IPAK and IPKP (90/2021).

**SKM/IKM**: nine elements U1–U9 answered 1–4. Per element NRR = sum ÷ respondents; IKM = Σ NRR ×
weight (1/9 each by default, exactly; the rounded 0.111 and 0.11 used in practice are options); the
unit's IKM on the 25–100 scale is IKM × 25, graded A 88.31–100, B 76.61–88.30, C 65.00–76.60,
D 25.00–64.99 (the converted value rounded half-up to 2 decimals decides the band).

**IPAK / IPKP**: answers on a declared questionnaire scale become an index on 0–4 (1–4 answers are
the index as they are; any other scale needs an explicit mapping). Index per aspect = mean of its
answers; overall = mean of the aspects. LKE points = index ÷ 4 × 17.5 (items H1.a, H2.a).

Nothing is dropped silently: a blank answer is an error unless ``incomplete="exclude"``, and the
result says how many respondents were excluded and why.

>>> r = skm_index([[4, 4, 3, 4, 4, 4, 4, 3, 4], [3, 4, 4, 4, 3, 4, 4, 4, 4]])
>>> r.ikm, r.ikm_unit, r.grade
(Decimal('3.777777777777777777777777777777777777778'), Decimal('94.44'), 'A')
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.resources
import itertools
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any, Literal, cast

import attrs

from ._reprs import html_of
from .decimals import CONTEXT, parse_decimal, round_half_up
from .errors import InvalidAnswerError, InvalidInputError, InvalidValueError, RulebookError
from .labels import Label, Language
from .rulebook import PerceptionSurveyRules, Rulebook, SurveyRules

__all__ = [
    "LINEAR_TO_0_4",
    "LINEAR_TO_1_4",
    "PROFILE_FIELDS",
    "AspectIndex",
    "ElementResult",
    "IkmResult",
    "PerceptionResult",
    "QuestionnaireScale",
    "Respondent",
    "SkmElement",
    "SkmSpec",
    "SurveyCheck",
    "krejcie_morgan",
    "perception_index",
    "skm_breakdown",
    "skm_index",
    "skm_spec",
    "survey_rules",
]

Incomplete = Literal["error", "exclude"]
PROFILE_FIELDS = ("service", "date", "age_group", "sex", "education", "occupation", "completed_service")


def _answer_pairs(value: Any) -> tuple[tuple[str, int | None], ...]:
    return tuple(value.items()) if isinstance(value, Mapping) else tuple(value)


@attrs.frozen
class Respondent:
    """One respondent: answers by element or question code, and optional profile fields."""

    answers: tuple[tuple[str, int | None], ...] = attrs.field(converter=_answer_pairs)
    service: str | None = None
    date: dt.date | None = None
    age_group: str | None = None
    sex: str | None = None
    education: str | None = None
    occupation: str | None = None
    completed_service: bool | None = None

    def answer(self, code: str) -> int | None:
        """The answer to ``code``, ``None`` when blank or absent."""
        for name, value in self.answers:
            if name == code:
                return value
        return None


# -- SKM specification --------------------------------------------------------------------------------------
@attrs.frozen
class SkmElement:
    """One SKM element (*unsur*) with its weight."""

    code: str
    label: Label
    weight: Fraction


@attrs.frozen
class _Grade:
    grade: str
    minimum: Decimal
    label: Label
    source: str


@attrs.frozen
class SkmSpec:
    """The SKM elements, their weights, the answer scale, the conversion and the grade bands."""

    elements: tuple[SkmElement, ...]
    scale: tuple[int, int]
    conversion: Decimal
    grades: tuple[_Grade, ...]
    sample: tuple[Decimal, Decimal, Decimal]
    weights_name: str
    source: str

    @property
    def codes(self) -> tuple[str, ...]:
        """The element codes in order."""
        return tuple(e.code for e in self.elements)

    def grade_of(self, ikm_unit: Decimal) -> _Grade:
        """The grade band of an IKM on the 25–100 scale (compared rounded half-up to 2 decimals)."""
        shown = round_half_up(ikm_unit)
        for grade in self.grades:
            if shown >= grade.minimum:
                return grade
        return self.grades[-1]

    def bands(self, scale: Literal["unit", "1-4"] = "unit") -> list[tuple[str, Decimal, Decimal]]:
        """(grade, lower, upper) of every band on the 25–100 scale or the 1–4 scale.

        >>> [(g, str(lo), str(hi)) for g, lo, hi in skm_spec().bands("1-4")]
        [('A', '3.5324', '4'), ('B', '3.0644', '3.532'), ('C', '2.6', '3.064'), ('D', '1', '2.5996')]
        """
        out = []
        upper = Decimal(self.scale[1]) * self.conversion
        for grade in self.grades:
            lo, hi = grade.minimum, upper
            if scale == "1-4":
                lo = CONTEXT.divide(lo, self.conversion).normalize()
                hi = CONTEXT.divide(hi, self.conversion).normalize()
            out.append((grade.grade, lo, hi))
            upper = grade.minimum - Decimal("0.01")
        return out


@functools.cache
def _skm_data() -> dict[str, Any]:
    text = importlib.resources.files("zona_integritas").joinpath("surveys", "skm-permenpanrb-14-2017.toml")
    data: dict[str, Any] = tomllib.loads(text.read_text(encoding="utf-8"))
    return data


def skm_spec(
    weights: str | Mapping[str, object] = "exact",
    *,
    extra_elements: Mapping[str, Label | str] | None = None,
) -> SkmSpec:
    """The SKM specification of PermenPANRB 14/2017.

    ``weights``: ``"exact"`` (1/9 each, the default), ``"0.111"`` or ``"0.11"`` (the rounded weights
    used in practice; they sum to 0.999 and 0.99), or a mapping of element code to weight that must
    cover every element and sum to exactly 1. ``extra_elements`` adds elements (code → label) beyond
    U1–U9; they need custom weights.

    >>> spec = skm_spec({"U1": "0.1", "U2": "0.1", "U3": "0.1", "U4": "0.1", "U5": "0.1", "U6": "0.1",
    ...                  "U7": "0.1", "U8": "0.1", "U9": "0.1", "U10": "0.1"}, extra_elements={"U10": "Keamanan"})
    >>> spec.codes[-1], spec.elements[-1].weight
    ('U10', Fraction(1, 10))
    >>> skm_spec({"U1": "0.5"})
    Traceback (most recent call last):
    ...
    zona_integritas.errors.InvalidAnswerError: custom SKM weights must give every element a weight; missing U2, ...
    """
    data = _skm_data()
    base = [(e["code"], Label(**e["label"])) for e in data["elements"]]
    for code, label in (extra_elements or {}).items():
        if code in dict(base):
            raise InvalidAnswerError(f"element {code!r} already exists")
        base.append((code, label if isinstance(label, Label) else Label(label, label)))
    if isinstance(weights, str):
        presets = {name: Fraction(value) for name, value in data["weights"].items()}
        if weights not in presets:
            names = ", ".join(repr(n) for n in presets)
            raise InvalidAnswerError(f"weights must be one of {names} or a mapping; got {weights!r}")
        if extra_elements:
            raise InvalidAnswerError("additional elements need custom weights that sum to 1")
        chosen = {code: presets[weights] for code, _ in base}
        name = weights
    else:
        missing = [code for code, _ in base if code not in weights]
        unknown = [code for code in weights if code not in dict(base)]
        if missing or unknown:
            parts = ([f"missing {', '.join(missing)}"] if missing else []) + (
                [f"unknown {', '.join(unknown)}"] if unknown else []
            )
            raise InvalidAnswerError(f"custom SKM weights must give every element a weight; {'; '.join(parts)}")
        chosen = {}
        for code, raw in weights.items():
            try:
                value = parse_decimal(raw)
            except ValueError:
                raise InvalidAnswerError(f"weight of {code} must be a number; got {raw!r}") from None
            if value <= 0:
                raise InvalidAnswerError(f"weight of {code} must be positive; got {raw!r}")
            chosen[code] = Fraction(value)
        total = sum(chosen.values(), Fraction(0))
        if total != 1:
            raise InvalidAnswerError(f"custom SKM weights must sum to 1; they sum to {float(total):g}")
        name = "custom"
    grades = tuple(_Grade(g["grade"], Decimal(g["minimum"]), Label(**g["label"]), g["source"]) for g in data["grades"])
    sample = data["sample_size"]
    return SkmSpec(
        elements=tuple(SkmElement(code, label, chosen[code]) for code, label in base),
        scale=(int(data["scale_minimum"]), int(data["scale_maximum"])),
        conversion=Decimal(data["conversion"]),
        grades=grades,
        sample=(Decimal(sample["chi_square"]), Decimal(sample["proportion"]), Decimal(sample["margin"])),
        weights_name=name,
        source=data["short"],
    )


def krejcie_morgan(population: int, *, spec: SkmSpec | None = None) -> int:
    """The sample size for a population N by Krejcie & Morgan (χ² 3.841, P 0.5, d 0.05).

    Rounded half-up to a whole respondent, as the published table is (N = 50 gives 44.3 → 44).

    >>> [krejcie_morgan(n) for n in (10, 100, 1000, 10000)]
    [10, 80, 278, 370]
    """
    if isinstance(population, bool) or not isinstance(population, int) or population < 1:
        raise InvalidAnswerError(f"population must be a whole number of at least 1; got {population!r}")
    chi, p, d = (spec or skm_spec()).sample
    top = chi * population * p * (1 - p)
    bottom = d * d * (population - 1) + chi * p * (1 - p)
    return int(CONTEXT.divide(top, bottom).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# -- validation shared by every survey ----------------------------------------------------------------------
@attrs.frozen
class _Table:
    """Validated answers reduced to what the indices need: column sums and counts."""

    sums: list[int]
    n: int
    profiles: list[Respondent | None]
    excluded: int
    not_completed: int


def _table(
    respondents: Iterable[Respondent | Mapping[str, Any] | Sequence[Any]],
    codes: Sequence[str],
    low: int,
    high: int,
    incomplete: Incomplete,
    where: str,
    line_numbers: Sequence[int] | None = None,
) -> _Table:
    """Validate and sum. Plain sequences of whole numbers take a column-wise fast path; anything else,
    or any bad value, goes row by row so every problem is reported with its row and column."""
    if incomplete not in ("error", "exclude"):
        raise InvalidValueError(f"incomplete must be 'error' or 'exclude'; got {incomplete!r}")
    items = respondents if isinstance(respondents, list) else list(respondents)
    width = len(codes)
    if items and set(map(type, items)) <= {tuple, list} and set(map(len, items)) == {width}:
        flat = list(itertools.chain.from_iterable(cast(list[Sequence[Any]], items)))
        if set(map(type, flat)) == {int} and set(flat) <= set(range(low, high + 1)):
            sums = [sum(flat[j::width]) for j in range(width)]
            return _Table(sums, len(items), [None] * len(items), 0, 0)
    rows, profiles, excluded, not_completed = _rows(items, codes, low, high, incomplete, where, line_numbers)
    sums = [sum(col) for col in zip(*rows, strict=True)] if rows else [0] * width
    return _Table(sums, len(rows), profiles, excluded, not_completed)


def _rows(
    respondents: Iterable[Respondent | Mapping[str, Any] | Sequence[Any]],
    codes: Sequence[str],
    low: int,
    high: int,
    incomplete: Incomplete,
    where: str,
    line_numbers: Sequence[int] | None = None,
) -> tuple[list[tuple[int, ...]], list[Respondent | None], int, int]:
    """Validate answers; return (rows of ints, profiles, excluded incomplete, excluded not completed)."""
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
        profile: Respondent | None = None
        if isinstance(raw, Respondent):
            profile = raw
            values: list[Any] = [None] * width
            for code, value in raw.answers:
                pos = index.get(code.casefold())
                if pos is None:
                    problems.append(InvalidAnswerError(f"{place}: unknown element {code!r}"))
                    continue
                values[pos] = value
        elif isinstance(raw, Mapping):
            values = [None] * width
            for code, value in raw.items():
                pos = index.get(str(code).casefold())
                if pos is None:
                    problems.append(InvalidAnswerError(f"{place}: unknown element {code!r}"))
                    continue
                values[pos] = value
        else:
            values = list(raw)
            if len(values) != width:
                problems.append(
                    InvalidAnswerError(f"{place}: expected {width} answers ({', '.join(codes)}), got {len(values)}")
                )
                continue
        if type(values[0]) is int and all(type(v) is int for v in values) and all(v in allowed for v in values):
            ints = tuple(values)
        else:
            ints_list: list[int] = []
            blank = False
            bad = False
            for code, value in zip(codes, values, strict=True):
                if value is None or (isinstance(value, str) and not value.strip()):
                    blank = True
                    continue
                number = _as_int(value)
                if number is None or number not in allowed:
                    problems.append(
                        InvalidAnswerError(f"{place}, column {code}: answer {value!r} is outside {low}-{high}")
                    )
                    bad = True
                    continue
                ints_list.append(number)
            if bad:
                continue
            if blank:
                if incomplete == "error":
                    missing = [
                        c
                        for c, v in zip(codes, values, strict=True)
                        if v is None or (isinstance(v, str) and not v.strip())
                    ]
                    problems.append(InvalidAnswerError(f"{place}, column {', '.join(missing)}: blank answer"))
                else:
                    excluded += 1
                continue
            ints = tuple(ints_list)
        if profile is not None and profile.completed_service is False:
            not_completed += 1
            continue
        rows.append(ints)
        profiles.append(profile)
    if problems:
        raise InvalidInputError(f"{where.rstrip(': ') or 'survey answers'} have problems", problems)
    return rows, profiles, excluded, not_completed


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    try:
        number = parse_decimal(value)
    except ValueError:
        return None
    return int(number) if number == number.to_integral_value() else None


# -- SKM / IKM ----------------------------------------------------------------------------------------------
@attrs.frozen
class ElementResult:
    """One SKM element: its NRR (1–4), weight, weighted NRR and NRR × conversion (25–100)."""

    code: str
    label: Label
    nrr: Decimal
    weight: Fraction
    weighted: Decimal
    unit: Decimal


@attrs.frozen
class IkmResult:
    """An IKM: the index on 1–4 (``ikm``), on 25–100 (``ikm_unit``, rounded for display), the grade."""

    ikm: Decimal
    ikm_exact_unit: Decimal
    grade: str
    grade_label: Label
    respondents: int
    excluded_incomplete: int
    excluded_not_completed: int
    elements: tuple[ElementResult, ...]
    weights: str

    @property
    def ikm_unit(self) -> Decimal:
        """The IKM on the 25–100 scale, rounded half-up to 2 decimals as published."""
        return round_half_up(self.ikm_exact_unit)

    def _repr_html_(self) -> str | None:
        return html_of(self)

    def sample_check(self, population: int, *, spec: SkmSpec | None = None) -> SurveyCheck:
        """Whether the respondents used are enough for a population of ``population`` service users.

        >>> skm_index([[4] * 9] * 80).sample_check(100).passed
        True
        >>> skm_index([[4] * 9] * 79).sample_check(100).detail
        '79 respondents; Krejcie-Morgan needs 80 for a population of 100'
        """
        spec = spec or skm_spec()
        needed = krejcie_morgan(population, spec=spec)
        return SurveyCheck(
            "sample_size",
            self.respondents >= needed,
            f"{self.respondents} respondents; Krejcie-Morgan needs {needed} for a population of {population}",
            _skm_data()["sample_size"]["source"],
        )

    def element(self, code: str) -> ElementResult:
        """The result of element ``code``."""
        for e in self.elements:
            if e.code == code:
                return e
        raise InvalidAnswerError(f"no SKM element {code!r}")

    def to_dict(self, *, language: Language = "id") -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "kind": "skm",
            "ikm": str(round_half_up(self.ikm, 4)),
            "ikm_unit": str(self.ikm_unit),
            "grade": self.grade,
            "grade_label": self.grade_label.in_language(language),
            "respondents_used": self.respondents,
            "respondents_excluded": {
                "incomplete": self.excluded_incomplete,
                "service_not_completed": self.excluded_not_completed,
            },
            "weights": self.weights,
            "elements": [
                {
                    "code": e.code,
                    "label": e.label.in_language(language),
                    "nrr": str(round_half_up(e.nrr, 4)),
                    "weighted": str(round_half_up(e.weighted, 4)),
                    "unit": str(round_half_up(e.unit)),
                }
                for e in self.elements
            ],
        }

    def to_table(self, *, language: Language = "id") -> str:
        """A plain-text table."""
        lines = [
            f"IKM {self.ikm_unit} ({self.grade}, {self.grade_label.in_language(language)}); "
            f"{self.respondents} respondents used, {self.excluded_incomplete} excluded incomplete, "
            f"{self.excluded_not_completed} excluded without a completed service",
            "",
        ]
        for e in self.elements:
            lines.append(
                f"{e.code:<5}{e.label.in_language(language)[:44]:<46}NRR {round_half_up(e.nrr, 3)!s:>6}"
                f"  {round_half_up(e.unit)!s:>7}"
            )
        return "\n".join(lines)


def skm_index(
    respondents: Iterable[Respondent | Mapping[str, Any] | Sequence[Any]],
    *,
    spec: SkmSpec | None = None,
    incomplete: Incomplete = "error",
    source: str | None = None,
    line_numbers: Sequence[int] | None = None,
) -> IkmResult:
    """The IKM of a survey from its respondents.

    A respondent is a sequence of answers in element order (fast path), a mapping of element code to
    answer, or a :class:`Respondent` (profile fields allow breakdowns with :func:`skm_breakdown`).
    Respondents whose ``completed_service`` is False are excluded and counted.

    >>> skm_index([[4] * 9, [1, 2, 3, 4, None, 1, 2, 3, 4]])
    Traceback (most recent call last):
    ...
    zona_integritas.errors.InvalidInputError: survey answers have problems (1 problem):
      - row 2, column U5: blank answer
    """
    spec = spec or skm_spec()
    where = f"{source}: " if source else ""
    table = _table(respondents, spec.codes, *spec.scale, incomplete, where, line_numbers)
    return _ikm(table, spec)


def _ikm(table: _Table, spec: SkmSpec) -> IkmResult:
    n, sums, excluded, not_completed = table.n, table.sums, table.excluded, table.not_completed
    if n == 0:
        raise InvalidAnswerError("no respondents to compute an IKM from")
    total = sum((Fraction(s) * e.weight for s, e in zip(sums, spec.elements, strict=True)), Fraction(0)) / n
    ikm = CONTEXT.divide(Decimal(total.numerator), Decimal(total.denominator))
    elements = []
    for s, e in zip(sums, spec.elements, strict=True):
        nrr = CONTEXT.divide(Decimal(s), Decimal(n))
        weighted_f = Fraction(s, n) * e.weight
        weighted = CONTEXT.divide(Decimal(weighted_f.numerator), Decimal(weighted_f.denominator))
        elements.append(ElementResult(e.code, e.label, nrr, e.weight, weighted, nrr * spec.conversion))
    unit = ikm * spec.conversion
    grade = spec.grade_of(unit)
    return IkmResult(
        ikm, unit, grade.grade, grade.label, n, excluded, not_completed, tuple(elements), spec.weights_name
    )


def skm_breakdown(
    respondents: Sequence[Respondent],
    field: str,
    *,
    spec: SkmSpec | None = None,
    incomplete: Incomplete = "error",
) -> dict[str, IkmResult]:
    """IKM per value of a profile field (``service``, ``age_group``, ``sex``, ``education``, ``occupation``…).

    >>> rs = [Respondent({"U%d" % i: 4 for i in range(1, 10)}, sex="P"),
    ...       Respondent({"U%d" % i: 3 for i in range(1, 10)}, sex="L")]
    >>> {k: str(v.ikm_unit) for k, v in skm_breakdown(rs, "sex").items()}
    {'L': '75.00', 'P': '100.00'}
    """
    if field not in PROFILE_FIELDS:
        raise InvalidAnswerError(f"breakdown field must be one of {', '.join(PROFILE_FIELDS)}; got {field!r}")
    spec = spec or skm_spec()
    groups: dict[str, list[Respondent]] = {}
    for r in respondents:
        key = getattr(r, field)
        groups.setdefault("(kosong)" if key is None else str(key), []).append(r)
    return {key: skm_index(group, spec=spec, incomplete=incomplete) for key, group in sorted(groups.items())}


# -- IPAK / IPKP --------------------------------------------------------------------------------------------
def _pair(value: Any) -> tuple[Decimal, Decimal]:
    low, high = value
    return parse_decimal(low), parse_decimal(high)


@attrs.frozen
class QuestionnaireScale:
    """The answer scale of a perception questionnaire and its linear mapping onto the 0–4 index.

    ``maps_to`` gives the index values of the lowest and highest answers. The default 1–4 scale maps
    to 1–4 (the answers are the index). No official mapping of a 1–6 scale exists: choose one of the
    documented presets (:data:`LINEAR_TO_1_4`, :data:`LINEAR_TO_0_4`) or your own.

    >>> LINEAR_TO_1_4.to_index(6), LINEAR_TO_1_4.to_index(1), LINEAR_TO_0_4.to_index(Decimal("3.5"))
    (Decimal('4'), Decimal('1'), Decimal('2.0'))
    """

    minimum: int = 1
    maximum: int = 4
    maps_to: tuple[Decimal, Decimal] = attrs.field(default=(Decimal(1), Decimal(4)), converter=_pair)

    def __attrs_post_init__(self) -> None:
        low, high = self.maps_to
        for name, bound in (("minimum", self.minimum), ("maximum", self.maximum)):
            if isinstance(bound, bool) or not isinstance(bound, int):
                raise InvalidAnswerError(f"scale {name} must be a whole number; got {bound!r}")
        if self.maximum <= self.minimum:
            raise InvalidAnswerError(f"scale maximum {self.maximum} must exceed minimum {self.minimum}")
        if not Decimal(0) <= low < high <= Decimal(4):
            raise InvalidAnswerError(f"maps_to must lie within the 0-4 index, low < high; got {self.maps_to}")

    def to_index(self, mean: Decimal) -> Decimal:
        """The index of a mean answer."""
        low, high = self.maps_to
        span = Decimal(self.maximum - self.minimum)
        return low + CONTEXT.divide((mean - self.minimum) * (high - low), span)


#: A 1–6 questionnaire mapped linearly onto 1–4 (1 → 1, 6 → 4): keeps the 1–4 meaning of the endpoints.
LINEAR_TO_1_4 = QuestionnaireScale(1, 6, (Decimal(1), Decimal(4)))
#: A 1–6 questionnaire mapped linearly onto 0–4 (1 → 0, 6 → 4): uses the whole index range.
LINEAR_TO_0_4 = QuestionnaireScale(1, 6, (Decimal(0), Decimal(4)))


@attrs.frozen
class AspectIndex:
    """One aspect of a perception survey: its questions and index."""

    code: str
    label: Label
    questions: tuple[str, ...]
    index: Decimal


@attrs.frozen
class SurveyCheck:
    """A quality check of a survey. ``passed`` is ``None`` when the data cannot tell."""

    key: str
    passed: bool | None
    detail: str
    source: str


@attrs.frozen
class PerceptionResult:
    """An IPAK or IPKP result: the 0–4 index, its aspects, the LKE points and the survey checks."""

    kind: str
    index: Decimal
    aspects: tuple[AspectIndex, ...]
    respondents: int
    excluded_incomplete: int
    excluded_not_completed: int
    item: str
    points: Decimal
    checks: tuple[SurveyCheck, ...]

    def _repr_html_(self) -> str | None:
        return html_of(self)

    @property
    def lke_answer(self) -> Decimal:
        """The index as the LKE takes it (items H1.a / H2.a): rounded half-up to 2 decimals."""
        return round_half_up(self.index)

    @property
    def ok(self) -> bool:
        """True when no check fails (unknown checks do not fail)."""
        return all(c.passed is not False for c in self.checks)

    def to_dict(self, *, language: Language = "id") -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "kind": self.kind,
            "index": str(round_half_up(self.index, 4)),
            "lke_item": self.item,
            "lke_answer": str(self.lke_answer),
            "lke_points": str(round_half_up(self.points)),
            "respondents_used": self.respondents,
            "respondents_excluded": {
                "incomplete": self.excluded_incomplete,
                "service_not_completed": self.excluded_not_completed,
            },
            "aspects": [
                {
                    "code": a.code,
                    "label": a.label.in_language(language),
                    "questions": list(a.questions),
                    "index": str(round_half_up(a.index, 4)),
                }
                for a in self.aspects
            ],
            "checks": [{"key": c.key, "passed": c.passed, "detail": c.detail, "source": c.source} for c in self.checks],
        }

    def to_table(self, *, language: Language = "id") -> str:
        """A plain-text table."""
        lines = [
            f"{self.kind.upper()} {round_half_up(self.index, 2)} -> {self.item} {self.lke_answer} "
            f"({round_half_up(self.points)} points); {self.respondents} respondents used",
            "",
        ]
        for a in self.aspects:
            lines.append(f"  {a.code:<14}{a.label.in_language(language)[:44]:<46}{round_half_up(a.index, 2)!s:>6}")
        lines.append("")
        for c in self.checks:
            mark = {True: "ok", False: "!!", None: "??"}[c.passed]
            lines.append(f"{mark} {c.key}: {c.detail}")
        return "\n".join(lines)


def survey_rules(rulebook: Rulebook, kind: str) -> tuple[SurveyRules, PerceptionSurveyRules]:
    """The typed survey rules of ``rulebook`` and those of perception survey ``kind``.

    :class:`RulebookError` names the rulebook when it has no survey rules or no survey of that kind.

    >>> import zona_integritas as zi
    >>> surveys, ipak = survey_rules(zi.load_rulebook("permenpanrb-90-2021"), "ipak")
    >>> ipak.item, surveys.minimum_respondents
    ('H1.a', 30)
    """
    if rulebook.surveys is None:
        raise RulebookError(f"rulebook {rulebook.id!r} has no survey rules")
    try:
        return rulebook.surveys, rulebook.surveys.perception(kind)
    except RulebookError as exc:
        raise RulebookError(f"rulebook {rulebook.id!r}: {exc}") from None


def perception_index(
    respondents: Iterable[Respondent | Mapping[str, Any] | Sequence[Any]],
    *,
    kind: Literal["ipak", "ipkp"],
    rulebook: Rulebook,
    questions: Mapping[str, str] | Sequence[str] | None = None,
    scale: QuestionnaireScale | None = None,
    incomplete: Incomplete = "error",
    service_kinds: Iterable[str] | None = None,
    justification: str | None = None,
    source: str | None = None,
    line_numbers: Sequence[int] | None = None,
) -> PerceptionResult:
    """An IPAK or IPKP index from respondents' answers, with the LKE points and the 90/2021 checks.

    ``questions`` maps each question code to its aspect; as a sequence of codes, a question belongs
    to the aspect whose code it equals or starts with followed by ``_`` (``pungli_2`` → ``pungli``).
    By default each aspect is one question with the aspect's code. IPAK aspects: diskriminasi,
    kecurangan, gratifikasi, calo, pungli; IPKP aspects: the nine SKM elements U1–U9.

    Checks: at least 30 respondents (fewer pass only with a ``justification``), respondents who
    finished a service, and coverage of every declared ``service_kinds``.

    >>> import zona_integritas as zi
    >>> rb = zi.load_rulebook("permenpanrb-90-2021")
    >>> answers = [{"diskriminasi": 4, "kecurangan": 4, "gratifikasi": 3, "calo": 4, "pungli": 4}] * 30
    >>> r = perception_index(answers, kind="ipak", rulebook=rb)
    >>> r.index, r.lke_answer, r.points, r.ok
    (Decimal('3.8'), Decimal('3.80'), Decimal('16.625'), True)
    """
    if kind not in ("ipak", "ipkp"):
        raise InvalidValueError(f"kind must be 'ipak' or 'ipkp'; got {kind!r}")
    surveys, table = survey_rules(rulebook, kind)
    scale = scale or QuestionnaireScale()
    aspects = [(a.code, a.label) for a in table.aspects]
    codes_by_aspect: dict[str, list[str]] = {code: [] for code, _ in aspects}
    if questions is None:
        for code, _ in aspects:
            codes_by_aspect[code].append(code)
    elif isinstance(questions, Mapping):
        for question, aspect in questions.items():
            if aspect not in codes_by_aspect:
                raise InvalidAnswerError(
                    f"question {question!r}: unknown {kind} aspect {aspect!r}; aspects are {', '.join(codes_by_aspect)}"
                )
            codes_by_aspect[aspect].append(question)
    else:
        for question in questions:
            owner = next(
                (
                    a
                    for a in codes_by_aspect
                    if question.casefold() == a.casefold() or question.casefold().startswith(a.casefold() + "_")
                ),
                None,
            )
            if owner is None:
                raise InvalidAnswerError(
                    f"question {question!r} belongs to no {kind} aspect ({', '.join(codes_by_aspect)})"
                )
            codes_by_aspect[owner].append(question)
    empty = [a for a, qs in codes_by_aspect.items() if not qs]
    if empty:
        raise InvalidAnswerError(f"{kind} aspects without questions: {', '.join(empty)}")
    question_codes = [q for qs in codes_by_aspect.values() for q in qs]
    where = f"{source}: " if source else ""
    respondents = list(respondents)
    answers = _table(respondents, question_codes, scale.minimum, scale.maximum, incomplete, where, line_numbers)
    n, sums, profiles, excluded, not_completed = (
        answers.n,
        answers.sums,
        answers.profiles,
        answers.excluded,
        answers.not_completed,
    )
    if n == 0:
        raise InvalidAnswerError(f"no respondents to compute {kind.upper()} from")
    position = 0
    results = []
    for code, label in aspects:
        qs = codes_by_aspect[code]
        total = sum(sums[position : position + len(qs)])
        position += len(qs)
        mean = CONTEXT.divide(Decimal(total), Decimal(n * len(qs)))
        results.append(AspectIndex(code, label, tuple(qs), scale.to_index(mean)))
    index = CONTEXT.divide(sum((a.index for a in results), Decimal(0)), Decimal(len(results)))
    item = rulebook.item(table.item)
    weight = rulebook.indicator(item.indicator).weight
    assert item.scale is not None and item.scale.maximum is not None
    points = CONTEXT.divide(index * weight, item.scale.maximum)
    checks = _checks(surveys, n, profiles, respondents, service_kinds, justification)
    return PerceptionResult(kind, index, tuple(results), n, excluded, not_completed, item.code, points, checks)


def _checks(
    surveys: SurveyRules,
    n: int,
    profiles: Sequence[Respondent | None],
    respondents: Sequence[Any],
    service_kinds: Iterable[str] | None,
    justification: str | None,
) -> tuple[SurveyCheck, ...]:
    minimum = surveys.minimum_respondents
    if n >= minimum:
        size = SurveyCheck(
            "respondents", True, f"{n} respondents (at least {minimum})", surveys.minimum_respondents_source
        )
    elif justification:
        size = SurveyCheck(
            "respondents",
            True,
            f"{n} respondents, fewer than {minimum}, justified: {justification}",
            surveys.minimum_respondents_source,
        )
    else:
        size = SurveyCheck(
            "respondents",
            False,
            f"{n} respondents, fewer than {minimum} and no statistical justification given",
            surveys.minimum_respondents_source,
        )
    flags = [p.completed_service for p in profiles if p is not None]
    not_completed = sum(1 for r in respondents if isinstance(r, Respondent) and r.completed_service is False)
    if len(flags) < n or any(f is None for f in flags):
        done = SurveyCheck(
            "completed_service",
            None,
            "not recorded for every respondent: cannot confirm they finished a service"
            + (f"; {not_completed} excluded who had not" if not_completed else ""),
            surveys.completed_service_source,
        )
    else:
        done = SurveyCheck(
            "completed_service",
            True,
            "every respondent used finished a service"
            + (f"; {not_completed} excluded who had not" if not_completed else ""),
            surveys.completed_service_source,
        )
    checks = [size, done]
    if service_kinds is not None:
        declared = sorted(set(service_kinds))
        seen = {p.service for p in profiles if p is not None and p.service is not None}
        missing = [k for k in declared if k not in seen]
        checks.append(
            SurveyCheck(
                "coverage",
                not missing,
                f"every declared service kind has respondents ({len(declared)})"
                if not missing
                else f"no respondents for: {', '.join(missing)}",
                surveys.coverage_source,
            )
        )
    return tuple(checks)
