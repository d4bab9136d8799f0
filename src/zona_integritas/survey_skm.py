"""SKM / IKM under PermenPANRB 14/2017: the specification, the sample size and the index.

Nine elements U1–U9 answered 1–4. Per element NRR = sum ÷ respondents; IKM = Σ NRR × weight (1/9 each by
default, exactly; the rounded 0.111 and 0.11 used in practice are options); the unit's IKM on the
25–100 scale is IKM × 25, graded A 88.31–100, B 76.61–88.30, C 65.00–76.60, D 25.00–64.99 (the converted
value rounded half-up to 2 decimals decides the band). The index is formed from the exact integer sums of
the answers, with fractions; a decimal appears only at the end.

>>> r = skm_index([[4, 4, 3, 4, 4, 4, 4, 3, 4], [3, 4, 4, 4, 3, 4, 4, 4, 4]])
>>> r.ikm, r.ikm_unit, r.grade
(Decimal('3.777777777777777777777777777777777777778'), Decimal('94.44'), 'A')
"""

from __future__ import annotations

import functools
import importlib.resources
import tomllib
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any, Literal

import attrs

from ._reprs import html_of
from .decimals import CONTEXT, in_library_context, parse_decimal, round_half_up
from .errors import InvalidAnswerError, InvalidValueError
from .i18n import format_integer, format_number, ngettext, or_list, use_language
from .i18n import gettext as _
from .labels import Label
from .survey_answers import AnswerTable, Incomplete, Invalid, SurveyCheck, echo, respondents_counted
from .survey_table import answer_table

__all__ = [
    "ElementResult",
    "IkmResult",
    "SkmElement",
    "SkmSpec",
    "ikm_result",
    "krejcie_morgan",
    "skm_index",
    "skm_spec",
]


@attrs.frozen
class SkmElement:
    """One SKM element (*unsur*) with its weight; ``headers`` are the words that name it in a column header
    and ``answers`` its answer texts from the lowest to the highest answer (both empty for an added element)."""

    code: str
    label: Label
    weight: Fraction
    headers: tuple[str, ...] = ()
    answers: tuple[str, ...] = ()


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
    answers_any: tuple[str, ...] = ()

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
    zona_integritas.errors.InvalidValueError: custom SKM weights must give every element a weight; missing U2, ...
    """
    data = _skm_data()
    base = [(e["code"], Label(**e["label"])) for e in data["elements"]]
    words = {e["code"]: (tuple(e.get("headers", ())), tuple(e.get("answers", ()))) for e in data["elements"]}
    for code, label in (extra_elements or {}).items():
        if code in dict(base):
            raise InvalidValueError(
                _("SKM element {code} already exists").format(code=echo(code)), code="duplicate-element"
            )
        base.append((code, label if isinstance(label, Label) else Label(label, label)))
    if isinstance(weights, str):
        presets = {name: Fraction(value) for name, value in data["weights"].items()}
        if weights not in presets:
            raise InvalidValueError(
                _("weights must be {names} or a mapping; got {value}").format(
                    names=or_list([repr(n) for n in presets]), value=echo(weights)
                ),
                code="unknown-weights",
            )
        if extra_elements:
            raise InvalidValueError(
                _("additional SKM elements need custom weights that sum to 1"), code="weights-needed"
            )
        chosen = {code: presets[weights] for code, _label in base}
        name = weights
    else:
        missing = [code for code, _label in base if code not in weights]
        unknown = [code for code in weights if code not in dict(base)]
        if missing:
            raise InvalidValueError(
                _("custom SKM weights must give every element a weight; missing {codes}").format(
                    codes=", ".join(missing)
                ),
                code="weights-missing",
            )
        if unknown:
            raise InvalidValueError(
                _("custom SKM weights name unknown elements: {codes}").format(codes=", ".join(unknown)),
                code="unknown-element",
            )
        chosen = {}
        for code, raw in weights.items():
            try:
                value = parse_decimal(raw)
            except ValueError:
                raise InvalidValueError(
                    _("the weight of {code} must be a number; got {value}").format(code=code, value=echo(raw)),
                    code="not-a-number",
                ) from None
            if value <= 0:
                raise InvalidValueError(
                    _("the weight of {code} must be positive; got {value}").format(code=code, value=echo(raw)),
                    code="not-positive",
                )
            chosen[code] = Fraction(value)
        total = sum(chosen.values(), Fraction(0))
        if total != 1:
            raise InvalidValueError(
                _("custom SKM weights must sum to 1; they sum to {total}").format(
                    total=format_number(Decimal(total.numerator) / Decimal(total.denominator), 4)
                ),
                code="weights-sum",
            )
        name = "custom"
    grades = tuple(_Grade(g["grade"], Decimal(g["minimum"]), Label(**g["label"]), g["source"]) for g in data["grades"])
    sample = data["sample_size"]
    return SkmSpec(
        elements=tuple(SkmElement(code, label, chosen[code], *words.get(code, ((), ()))) for code, label in base),
        scale=(int(data["scale_minimum"]), int(data["scale_maximum"])),
        conversion=Decimal(data["conversion"]),
        grades=grades,
        sample=(Decimal(sample["chi_square"]), Decimal(sample["proportion"]), Decimal(sample["margin"])),
        weights_name=name,
        source=data["short"],
        answers_any=tuple(data.get("answers_any", ())),
    )


@in_library_context
def krejcie_morgan(population: int, *, spec: SkmSpec | None = None) -> int:
    """The sample size for a population N by Krejcie & Morgan (χ² 3.841, P 0.5, d 0.05).

    Rounded half-up to a whole respondent, as the published table is (N = 50 gives 44.3 → 44).

    >>> [krejcie_morgan(n) for n in (10, 100, 1000, 10000)]
    [10, 80, 278, 370]
    """
    if isinstance(population, bool) or not isinstance(population, int) or population < 1:
        raise InvalidValueError(
            _("the population must be a whole number of at least 1; got {value}").format(value=echo(population)),
            code="invalid-population",
        )
    chi, p, d = (spec or skm_spec()).sample
    top = chi * population * p * (1 - p)
    bottom = d * d * (population - 1) + chi * p * (1 - p)
    return int(CONTEXT.divide(top, bottom).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# -- SKM / IKM ----------------------------------------------------------------------------------------------
@in_library_context
@attrs.frozen
class ElementResult:
    """One SKM element: its NRR (1–4), weight, weighted NRR and NRR × conversion (25–100)."""

    code: str
    label: Label
    nrr: Decimal
    weight: Fraction
    weighted: Decimal
    unit: Decimal


@in_library_context
@attrs.frozen(kw_only=True)
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
    excluded_invalid: int = 0

    def __repr__(self) -> str:
        """A short summary: the index, the grade and the respondents (``to_table()`` shows every element).

        >>> skm_index([[4, 4, 3, 4, 4, 4, 4, 3, 4]] * 2)
        IkmResult(ikm_unit=Decimal('94.44'), grade='A', respondents=2, excluded=0)
        """
        excluded = self.excluded_incomplete + self.excluded_not_completed + self.excluded_invalid
        return (
            f"IkmResult(ikm_unit={self.ikm_unit!r}, grade={self.grade!r}, respondents={self.respondents}, "
            f"excluded={excluded})"
        )

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
        >>> skm_index([[4] * 9] * 79).sample_check(100).detail_in("en")
        '79 respondents; Krejcie-Morgan needs 80 for a population of 100'
        >>> skm_index([[4] * 9] * 79).sample_check(100).detail_in("id")
        '79 responden; Krejcie-Morgan memerlukan 80 untuk populasi 100'
        """
        spec = spec or skm_spec()
        needed = krejcie_morgan(population, spec=spec)
        used = self.respondents

        def detail() -> str:
            return ngettext(
                "{n} respondent; Krejcie-Morgan needs {needed} for a population of {population}",
                "{n} respondents; Krejcie-Morgan needs {needed} for a population of {population}",
                used,
            ).format(n=format_integer(used), needed=format_integer(needed), population=format_integer(population))

        return SurveyCheck("sample_size", used >= needed, detail, _skm_data()["sample_size"]["source"])

    def weakest(self, count: int | None = None) -> tuple[ElementResult, ...]:
        """The elements from the lowest NRR up (what to fix first); ties keep element order.

        >>> [e.code for e in skm_index([[4, 2, 3, 4, 4, 4, 4, 3, 4]]).weakest(3)]
        ['U2', 'U3', 'U8']
        """
        ranked = sorted(self.elements, key=lambda e: e.nrr)
        return tuple(ranked if count is None else ranked[:count])

    def element(self, code: str) -> ElementResult:
        """The result of element ``code``."""
        for e in self.elements:
            if e.code == code:
                return e
        raise InvalidValueError(
            _("no SKM element {code}; the elements are {codes}").format(
                code=echo(code), codes=", ".join(e.code for e in self.elements)
            ),
            code="unknown-element",
        )

    def to_dict(self, *, language: str | None = None) -> dict[str, Any]:
        """Plain data for JSON: numbers as machine text (``"94.44"``), labels in ``language``.

        >>> skm_index([[4] * 9]).to_dict(language="id")["grade_label"]
        'Sangat Baik'
        """
        with use_language(language):
            return self._dict()

    def _dict(self) -> dict[str, Any]:
        return {
            "kind": "skm",
            "ikm": str(round_half_up(self.ikm, 4)),
            "ikm_unit": str(self.ikm_unit),
            "grade": self.grade,
            "grade_label": self.grade_label.in_language(),
            "respondents_used": self.respondents,
            "respondents_excluded": {
                "incomplete": self.excluded_incomplete,
                "service_not_completed": self.excluded_not_completed,
                "invalid": self.excluded_invalid,
            },
            "weights": self.weights,
            "elements": [
                {
                    "code": e.code,
                    "label": e.label.in_language(),
                    "nrr": str(round_half_up(e.nrr, 4)),
                    "weighted": str(round_half_up(e.weighted, 4)),
                    "unit": str(round_half_up(e.unit)),
                }
                for e in self.elements
            ],
        }

    def summary(self, *, language: str | None = None) -> str:
        """One sentence: the IKM, its grade and the respondents used and left out.

        >>> r = skm_index([[4, 4, 3, 4, 4, 4, 4, 3, 4], [3, 4, 4, 4, 3, 4, 4, 4, 4]])
        >>> r.summary(language="id")
        'IKM 94,44 (A, Sangat Baik); 2 responden dihitung'
        >>> r.summary(language="en")
        'IKM 94.44 (A, Very good); 2 respondents used'
        """
        with use_language(language):
            text = _("IKM {ikm} ({grade}, {label})").format(
                ikm=format_number(self.ikm_unit), grade=self.grade, label=self.grade_label.in_language()
            )
            parts = respondents_counted(
                self.respondents,
                incomplete=self.excluded_incomplete,
                not_completed=self.excluded_not_completed,
                invalid=self.excluded_invalid,
            )
            return text + "; " + ", ".join(parts)

    def to_table(self, *, language: str | None = None) -> str:
        """A plain-text table: the summary, then every element with its NRR and NRR × 25.

        >>> print(skm_index([[4, 4, 3, 4, 4, 4, 4, 3, 4]]).to_table(language="id").splitlines()[2])
        Unsur                                               NRR  NRR x 25
        """
        with use_language(language):
            lines = [self.summary(), "", f"{_('Element'):<51}{_('NRR'):>6}  {_('NRR x 25'):>8}"]
            for e in self.elements:
                lines.append(
                    f"{e.code:<5}{e.label.in_language()[:44]:<46}{format_number(e.nrr, 3):>6}"
                    f"  {format_number(e.unit):>8}"
                )
            return "\n".join(lines)


@in_library_context
def skm_index(
    respondents: Any,
    *,
    spec: SkmSpec | None = None,
    incomplete: Incomplete = "error",
    invalid: Invalid = "error",
    source: str | None = None,
    line_numbers: Sequence[int] | None = None,
) -> IkmResult:
    """The IKM of a survey from its respondents.

    A respondent is a sequence of answers in element order (fast path), a mapping of element code to
    answer, or a :class:`~zona_integritas.survey_answers.Respondent` (profile fields allow breakdowns
    with :func:`~zona_integritas.survey_breakdown.skm_breakdown`). ``respondents`` may also be columnar:
    a pandas or polars DataFrame, a NumPy 2-D array or an Arrow table (see
    :mod:`zona_integritas.survey_columns`), or a :class:`~zona_integritas.io.survey_csv.SurveyFile`.
    Respondents whose ``completed_service`` is False are excluded and counted. An answer outside 1–4 is an
    error (every one listed) unless ``invalid="exclude"``: then the respondent who gave it is left out and
    counted in ``excluded_invalid`` (the whole questionnaire, as PermenPANRB 14/2017 counts filled-in
    questionnaires; see :data:`~zona_integritas.survey_answers.Invalid`).

    >>> skm_index([[4] * 9, [5] + [4] * 8], invalid="exclude").excluded_invalid
    1

    >>> skm_index([[4] * 9, [1, 2, 3, 4, None, 1, 2, 3, 4]])
    Traceback (most recent call last):
    ...
    zona_integritas.errors.InvalidInputError: the survey answers have problems (1):
      - row 2, column U5: blank answer
    """
    spec = spec or skm_spec()
    where = f"{source}: " if source else ""
    table = answer_table(respondents, spec.codes, *spec.scale, incomplete, where, line_numbers, invalid=invalid)
    return ikm_result(table, spec)


@in_library_context
def ikm_result(table: AnswerTable, spec: SkmSpec) -> IkmResult:
    """The IKM of validated answers (their column sums and count): exact fractions, a decimal at the end.

    >>> ikm_result(AnswerTable((36,) * 9, 10, 0, 0), skm_spec()).ikm_unit
    Decimal('90.00')
    """
    n, sums, excluded, not_completed = table.n, table.sums, table.excluded, table.not_completed
    if n == 0:
        raise InvalidAnswerError(_("no respondents to compute an IKM from"), code="no-respondents")
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
        ikm=ikm,
        ikm_exact_unit=unit,
        grade=grade.grade,
        grade_label=grade.label,
        respondents=n,
        excluded_incomplete=excluded,
        excluded_not_completed=not_completed,
        elements=tuple(elements),
        weights=spec.weights_name,
        excluded_invalid=table.invalid,
    )
