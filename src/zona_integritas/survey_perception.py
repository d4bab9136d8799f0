"""IPAK and IPKP (PermenPANRB 90/2021): perception indices from respondents' answers, into the LKE.

Answers on a declared questionnaire scale become an index on 0–4 (1–4 answers are the index as they
are; any other scale needs an explicit mapping). Index per aspect = mean of its answers; overall = mean of
the aspects. LKE points = index ÷ 4 × 17.5 (items H1.a, H2.a). The aspects default to the rulebook's;
90/2021 Bab III C.2 f lets the questions be adapted to the survey's needs, so a caller may declare its
own non-empty set of aspects, and the result records which were used.

>>> import zona_integritas as zi
>>> rb = zi.load_rulebook("permenpanrb-90-2021")
>>> r = perception_index([{"diskriminasi": 4, "kecurangan": 4, "gratifikasi": 3, "calo": 4, "pungli": 4}] * 30,
...                      kind="ipak", rulebook=rb)
>>> r.index, r.aspects_source
(Decimal('3.8'), 'rulebook')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal

import attrs

from ._reprs import html_of
from .decimals import CONTEXT, in_library_context, parse_decimal, round_half_up
from .errors import InvalidAnswerError, InvalidValueError, RulebookError
from .labels import Label, Language
from .rulebook import PerceptionSurveyRules, Rulebook, SurveyRules
from .survey_answers import AnswerTable, Incomplete, SurveyCheck
from .survey_table import answer_table

__all__ = [
    "LINEAR_TO_0_4",
    "LINEAR_TO_1_4",
    "AspectIndex",
    "PerceptionResult",
    "QuestionnaireScale",
    "perception_index",
    "survey_rules",
]


def _pair(value: Any) -> tuple[Decimal, Decimal]:
    low, high = value
    return parse_decimal(low), parse_decimal(high)


@attrs.frozen
class QuestionnaireScale:
    """The answer scale of a perception questionnaire and its linear mapping onto the survey's index.

    ``maps_to`` gives the index values of the lowest and highest answers; they must lie within
    ``index_range``, the index scale of the survey's LKE item. That range comes from the rulebook, not
    from code: :func:`perception_index` checks the scale against its item's scale with :meth:`within`
    (0–4 in 90/2021); give ``index_range`` to check a scale on its own. The default 1–4 scale maps to
    1–4 (the answers are the index). No official mapping of
    a 1–6 scale exists: choose one of the documented presets (:data:`LINEAR_TO_1_4`,
    :data:`LINEAR_TO_0_4`) or your own.

    >>> LINEAR_TO_1_4.to_index(6), LINEAR_TO_1_4.to_index(1), LINEAR_TO_0_4.to_index(Decimal("3.5"))
    (Decimal('4'), Decimal('1'), Decimal('2.0'))
    >>> QuestionnaireScale(1, 6, ("0", "10")).within(Decimal(0), Decimal(10)).to_index(6)
    Decimal('10')
    """

    minimum: int = 1
    maximum: int = 4
    maps_to: tuple[Decimal, Decimal] = attrs.field(default=(Decimal(1), Decimal(4)), converter=_pair)
    index_range: tuple[Decimal, Decimal] | None = attrs.field(default=None, converter=attrs.converters.optional(_pair))

    def __attrs_post_init__(self) -> None:
        low, high = self.maps_to
        for name, bound in (("minimum", self.minimum), ("maximum", self.maximum)):
            if isinstance(bound, bool) or not isinstance(bound, int):
                raise InvalidValueError(f"scale {name} must be a whole number; got {bound!r}")
        if self.maximum <= self.minimum:
            raise InvalidValueError(f"scale maximum {self.maximum} must exceed minimum {self.minimum}")
        if self.index_range is None:  # checked against the survey item's scale by perception_index
            if not Decimal(0) <= low < high:
                raise InvalidValueError(f"maps_to must be non-negative, low < high; got {self.maps_to}")
            return
        bottom, top = self.index_range
        if not bottom <= low < high <= top:
            raise InvalidValueError(f"maps_to must lie within the {bottom}-{top} index, low < high; got {self.maps_to}")

    def within(self, bottom: Decimal, top: Decimal) -> QuestionnaireScale:
        """The same scale, checked against the index scale ``bottom``–``top`` (a survey item's, from the rulebook).

        >>> LINEAR_TO_0_4.within(Decimal(0), Decimal(3))
        Traceback (most recent call last):
        ...
        zona_integritas.errors.InvalidValueError: maps_to must lie within the 0-3 index, low < high; got ...
        """
        return attrs.evolve(self, index_range=(bottom, top))

    def to_index(self, mean: Decimal) -> Decimal:
        """The index of a mean answer."""
        low, high = self.maps_to
        span = Decimal(self.maximum - self.minimum)
        return low + CONTEXT.divide((mean - self.minimum) * (high - low), span)


#: A 1–6 questionnaire mapped linearly onto 1–4 (1 → 1, 6 → 4): keeps the 1–4 meaning of the endpoints.
LINEAR_TO_1_4 = QuestionnaireScale(1, 6, (Decimal(1), Decimal(4)))
#: A 1–6 questionnaire mapped linearly onto 0–4 (1 → 0, 6 → 4): uses the whole index range.
LINEAR_TO_0_4 = QuestionnaireScale(1, 6, (Decimal(0), Decimal(4)))


@in_library_context
@attrs.frozen
class AspectIndex:
    """One aspect of a perception survey: its questions and index."""

    code: str
    label: Label
    questions: tuple[str, ...]
    index: Decimal


@in_library_context
@attrs.frozen(kw_only=True)
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
    aspects_source: str = "rulebook"

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
            "aspects_source": self.aspects_source,
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


#: Where 90/2021 lets the survey's question aspects be adapted to its needs.
ASPECTS_SOURCE = "90/2021 Lampiran II Bab III C.2 huruf f (aspek pertanyaan disesuaikan sesuai dengan kebutuhan survei)"


def survey_rules(rulebook: Rulebook, kind: str) -> tuple[SurveyRules, PerceptionSurveyRules]:
    """The typed survey rules of ``rulebook`` and those of perception survey ``kind`` (``ipak`` or ``ipkp``).

    :class:`RulebookError` names the rulebook when it has no survey rules or no survey of that kind.

    >>> import zona_integritas as zi
    >>> surveys, ipak = survey_rules(zi.load_rulebook("permenpanrb-90-2021"), "ipak")
    >>> surveys.minimum_respondents, ipak.item, len(ipak.aspects)
    (30, 'H1.a', 5)
    """
    if rulebook.surveys is None:
        raise RulebookError(f"rulebook {rulebook.id!r} has no survey rules")
    try:
        return rulebook.surveys, rulebook.surveys.perception(kind)
    except RulebookError as exc:
        raise RulebookError(f"rulebook {rulebook.id!r}: {exc}") from None


def _declared_aspects(
    kind: str, table: PerceptionSurveyRules, aspects: Mapping[str, Label | str] | Sequence[str] | None
) -> tuple[list[tuple[str, Label]], str]:
    """The aspects used: the rulebook's, or the caller's own non-empty set (labels from the rulebook where
    the code is one of its aspects)."""
    known = {a.code: a.label for a in table.aspects}
    if aspects is None:
        return list(known.items()), "rulebook"
    if isinstance(aspects, str):
        raise InvalidValueError(f"{kind} aspects must be a list or mapping of aspect codes; got the text {aspects!r}")
    pairs = list(aspects.items()) if isinstance(aspects, Mapping) else [(code, None) for code in aspects]
    if not pairs:
        raise InvalidValueError(f"{kind} aspects: declare at least one aspect ({ASPECTS_SOURCE})")
    out: list[tuple[str, Label]] = []
    for code, label in pairs:
        if not isinstance(code, str) or not code.strip():
            raise InvalidValueError(f"{kind} aspects: an aspect code must be non-empty text; got {code!r}")
        if any(code.casefold() == c.casefold() for c, _ in out):
            raise InvalidValueError(f"{kind} aspects: {code!r} is declared twice")
        if isinstance(label, Label):
            out.append((code, label))
        elif label is not None:
            out.append((code, Label(str(label), str(label))))
        else:
            out.append((code, known.get(code, Label(code, code))))
    return out, "declared"


@in_library_context
def perception_index(
    respondents: Any,
    *,
    kind: Literal["ipak", "ipkp"],
    rulebook: Rulebook,
    questions: Mapping[str, str] | Sequence[str] | None = None,
    aspects: Mapping[str, Label | str] | Sequence[str] | None = None,
    scale: QuestionnaireScale | None = None,
    incomplete: Incomplete = "error",
    service_kinds: Iterable[str] | None = None,
    justification: str | None = None,
    source: str | None = None,
    line_numbers: Sequence[int] | None = None,
) -> PerceptionResult:
    """An IPAK or IPKP index from respondents' answers, with the LKE points and the 90/2021 checks.

    ``respondents`` are rows (sequences, mappings, respondents) or columnar (a DataFrame, a NumPy
    array, an Arrow table). ``questions`` maps each question code to its aspect; as a sequence of
    codes, a question belongs to the aspect whose code it equals or starts with followed by ``_``
    (``pungli_2`` → ``pungli``). By default each aspect is one question with the aspect's code.
    ``aspects`` replaces the rulebook's aspects (IPAK: diskriminasi, kecurangan, gratifikasi, calo,
    pungli; IPKP: U1–U9) with any non-empty set the survey declares (90/2021 Bab III C.2 f); the result
    says which were used (``aspects_source`` and an ``aspects`` check).

    Checks: at least 30 respondents (fewer pass only with a ``justification``), respondents who
    finished a service, and coverage of every declared ``service_kinds``.

    >>> import zona_integritas as zi
    >>> rb = zi.load_rulebook("permenpanrb-90-2021")
    >>> answers = [{"diskriminasi": 4, "kecurangan": 4, "gratifikasi": 3, "calo": 4, "pungli": 4}] * 30
    >>> r = perception_index(answers, kind="ipak", rulebook=rb)
    >>> r.index, r.lke_answer, r.points, r.ok
    (Decimal('3.8'), Decimal('3.80'), Decimal('16.625'), True)
    >>> own = perception_index([{"pungli": 4, "calo": 3}] * 30, kind="ipak", rulebook=rb, aspects=["pungli", "calo"])
    >>> own.index, own.aspects_source, [a.label.en for a in own.aspects]
    (Decimal('3.5'), 'declared', ['Illegal levies', 'Brokers'])
    """
    if kind not in ("ipak", "ipkp"):
        raise InvalidValueError(f"kind must be 'ipak' or 'ipkp'; got {kind!r}")
    surveys, table = survey_rules(rulebook, kind)
    item = rulebook.item(table.item)
    if item.scale is None or item.scale.maximum is None:
        raise RulebookError(f"{rulebook.id}.toml: item {item.code} of the {kind} survey has no scale maximum")
    bottom = item.scale.minimum if item.scale.minimum is not None else Decimal(0)
    scale = (scale or QuestionnaireScale()).within(bottom, item.scale.maximum)
    used, aspects_source = _declared_aspects(kind, table, aspects)
    codes_by_aspect = _questions_by_aspect(kind, used, questions)
    question_codes = [q for qs in codes_by_aspect.values() for q in qs]
    where = f"{source}: " if source else ""
    answers = answer_table(respondents, question_codes, scale.minimum, scale.maximum, incomplete, where, line_numbers)
    n, sums = answers.n, answers.sums
    if n == 0:
        raise InvalidAnswerError(f"no respondents to compute {kind.upper()} from")
    position = 0
    results = []
    for code, label in used:
        qs = codes_by_aspect[code]
        total = sum(sums[position : position + len(qs)])
        position += len(qs)
        mean = CONTEXT.divide(Decimal(total), Decimal(n * len(qs)))
        results.append(AspectIndex(code, label, tuple(qs), scale.to_index(mean)))
    index = CONTEXT.divide(sum((a.index for a in results), Decimal(0)), Decimal(len(results)))
    weight = rulebook.indicator(item.indicator).weight
    points = CONTEXT.divide(index * weight, item.scale.maximum)
    checks = _checks(surveys, answers, service_kinds, justification)
    if aspects_source == "declared":
        codes = ", ".join(code for code, _ in used)
        checks += (SurveyCheck("aspects", True, f"aspects declared by the survey: {codes}", ASPECTS_SOURCE),)
    return PerceptionResult(
        kind=kind,
        index=index,
        aspects=tuple(results),
        respondents=n,
        excluded_incomplete=answers.excluded,
        excluded_not_completed=answers.not_completed,
        item=item.code,
        points=points,
        checks=checks,
        aspects_source=aspects_source,
    )


def _questions_by_aspect(
    kind: str, used: Sequence[tuple[str, Label]], questions: Mapping[str, str] | Sequence[str] | None
) -> dict[str, list[str]]:
    codes_by_aspect: dict[str, list[str]] = {code: [] for code, _ in used}
    if questions is None:
        for code, _ in used:
            codes_by_aspect[code].append(code)
    elif isinstance(questions, Mapping):
        for question, aspect in questions.items():
            if aspect not in codes_by_aspect:
                raise InvalidValueError(
                    f"question {question!r}: unknown {kind} aspect {aspect!r}; aspects are {', '.join(codes_by_aspect)}"
                )
            codes_by_aspect[aspect].append(question)
    else:
        for question in questions:
            folded = question.casefold()
            owner = next(
                (a for a in codes_by_aspect if folded == a.casefold() or folded.startswith(a.casefold() + "_")), None
            )
            if owner is None:
                raise InvalidValueError(
                    f"question {question!r} belongs to no {kind} aspect ({', '.join(codes_by_aspect)})"
                )
            codes_by_aspect[owner].append(question)
    empty = [a for a, qs in codes_by_aspect.items() if not qs]
    if empty:
        raise InvalidValueError(f"{kind} aspects without questions: {', '.join(empty)}")
    return codes_by_aspect


def _checks(
    surveys: SurveyRules,
    answers: AnswerTable,
    service_kinds: Iterable[str] | None,
    justification: str | None,
) -> tuple[SurveyCheck, ...]:
    n = answers.n
    minimum = surveys.minimum_respondents
    size_source = surveys.minimum_respondents_source
    if n >= minimum:
        size = SurveyCheck("respondents", True, f"{n} respondents (at least {minimum})", size_source)
    elif justification:
        size = SurveyCheck(
            "respondents", True, f"{n} respondents, fewer than {minimum}, justified: {justification}", size_source
        )
    else:
        size = SurveyCheck(
            "respondents",
            False,
            f"{n} respondents, fewer than {minimum} and no statistical justification given",
            size_source,
        )
    not_completed = answers.not_completed
    suffix = f"; {not_completed} excluded who had not" if not_completed else ""
    if not answers.completed_known:
        done = SurveyCheck(
            "completed_service",
            None,
            "not recorded for every respondent: cannot confirm they finished a service" + suffix,
            surveys.completed_service_source,
        )
    else:
        done = SurveyCheck(
            "completed_service",
            True,
            "every respondent used finished a service" + suffix,
            surveys.completed_service_source,
        )
    checks = [size, done]
    if service_kinds is not None:
        declared = sorted(set(service_kinds))
        missing = [k for k in declared if k not in answers.services]
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
