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
from .i18n import N_, format_integer, format_number, ngettext, use_language
from .i18n import gettext as _
from .labels import Label
from .rulebook import PerceptionSurveyRules, Rulebook, SurveyRules
from .survey_answers import AnswerTable, Incomplete, Invalid, SurveyCheck, echo, respondents_counted
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
                raise InvalidValueError(
                    _("scale {name} must be a whole number; got {value}").format(name=name, value=echo(bound)),
                    code="not-a-whole-number",
                )
        if self.maximum <= self.minimum:
            raise InvalidValueError(
                _("scale maximum {maximum} must exceed minimum {minimum}").format(
                    maximum=self.maximum, minimum=self.minimum
                ),
                code="invalid-scale",
            )
        shown = f"({format_number(low, 0 if low == low.to_integral_value() else 2)}, " + (
            f"{format_number(high, 0 if high == high.to_integral_value() else 2)})"
        )
        if self.index_range is None:  # checked against the survey item's scale by perception_index
            if not Decimal(0) <= low < high:
                raise InvalidValueError(
                    _("maps_to must be non-negative, low < high; got {value}").format(value=shown),
                    code="invalid-scale",
                )
            return
        bottom, top = self.index_range
        if not bottom <= low < high <= top:
            raise InvalidValueError(
                _("maps_to must lie within the {bottom}-{top} index, low < high; got {value}").format(
                    bottom=format_number(bottom, 0), top=format_number(top, 0), value=shown
                ),
                code="invalid-scale",
            )

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
    excluded_invalid: int = 0

    def _repr_html_(self) -> str | None:
        return html_of(self)

    def __repr__(self) -> str:
        """A short summary (``to_table()`` shows every aspect and check)."""
        return (
            f"PerceptionResult(kind={self.kind!r}, index={round_half_up(self.index, 4)!r}, "
            f"lke_answer={self.lke_answer!r}, respondents={self.respondents}, ok={self.ok})"
        )

    @property
    def lke_answer(self) -> Decimal:
        """The index as the LKE takes it (items H1.a / H2.a): rounded half-up to 2 decimals."""
        return round_half_up(self.index)

    @property
    def ok(self) -> bool:
        """True when no check fails (unknown checks do not fail)."""
        return all(c.passed is not False for c in self.checks)

    def to_dict(self, *, language: str | None = None) -> dict[str, Any]:
        """Plain data for JSON: numbers as machine text, labels and check sentences in ``language``."""
        with use_language(language):
            return self._dict()

    def _dict(self) -> dict[str, Any]:
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
                "invalid": self.excluded_invalid,
            },
            "aspects": [
                {
                    "code": a.code,
                    "label": a.label.in_language(),
                    "questions": list(a.questions),
                    "index": str(round_half_up(a.index, 4)),
                }
                for a in self.aspects
            ],
            "checks": [
                {
                    "key": c.key,
                    "title": check_title(c.key),
                    "passed": c.passed,
                    "detail": c.detail_in(),
                    "source": c.source,
                }
                for c in self.checks
            ],
        }

    def summary(self, *, language: str | None = None) -> str:
        """One sentence: the index, the LKE answer and points, the respondents used.

        >>> import zona_integritas as zi
        >>> rb = zi.load_rulebook("permenpanrb-90-2021")
        >>> r = perception_index([{"diskriminasi": 4, "kecurangan": 4, "gratifikasi": 3, "calo": 4, "pungli": 4}] * 30,
        ...                      kind="ipak", rulebook=rb)
        >>> r.summary(language="id")
        'IPAK 3,80: jawaban LKE H1.a 3,80 (16,63 poin); 30 responden dihitung'
        >>> r.summary(language="en")
        'IPAK 3.80: LKE answer H1.a 3.80 (16.63 points); 30 respondents used'
        """
        with use_language(language):
            text = _("{kind} {index}: LKE answer {item} {answer} ({points} points)").format(
                kind=self.kind.upper(),
                index=format_number(self.index),
                item=self.item,
                answer=format_number(self.lke_answer),
                points=format_number(self.points),
            )
            parts = respondents_counted(
                self.respondents, incomplete=self.excluded_incomplete, invalid=self.excluded_invalid
            )
            return text + "; " + ", ".join(parts)

    def to_table(self, *, language: str | None = None) -> str:
        """A plain-text table: the summary, every aspect with its index, every check."""
        with use_language(language):
            lines = [self.summary(), "", f"  {_('Aspect'):<60}{_('Index'):>6}"]
            for a in self.aspects:
                lines.append(f"  {a.code:<14}{a.label.in_language()[:44]:<46}{format_number(a.index):>6}")
            lines.append("")
            for c in self.checks:
                lines.append(f"{check_mark(c.passed)} {check_title(c.key)}: {c.detail_in()}")
            return "\n".join(lines)


_CHECK_TITLES = {
    "respondents": N_("Respondents"),
    "completed_service": N_("Completed service"),
    "coverage": N_("Service coverage"),
    "aspects": N_("Aspects"),
    "sample_size": N_("Sample size"),
}


def check_title(key: str) -> str:
    """The name of a survey check in the current language (its key when the check is not one of ours).

    >>> from zona_integritas.i18n import use_language
    >>> with use_language("id"):
    ...     check_title("completed_service"), check_title("mine")
    ('Layanan selesai', 'mine')
    """
    title = _CHECK_TITLES.get(key)
    return key if title is None else _(title)


def check_mark(passed: bool | None) -> str:
    """The mark of a check's outcome: ``ok``, ``!!`` (not passed) or ``??`` (the data cannot tell).

    >>> check_mark(True), check_mark(False), check_mark(None)
    ('ok', '!!', '??')
    """
    return {True: "ok", False: "!!", None: "??"}[passed]


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
        raise RulebookError(
            _("rulebook {rulebook} has no survey rules").format(rulebook=echo(rulebook.id)), code="no-survey-rules"
        )
    try:
        return rulebook.surveys, rulebook.surveys.perception(kind)
    except RulebookError as exc:
        raise RulebookError(
            _("rulebook {rulebook}: {problem}").format(rulebook=echo(rulebook.id), problem=exc), code=exc.code
        ) from None


def _declared_aspects(
    kind: str, table: PerceptionSurveyRules, aspects: Mapping[str, Label | str] | Sequence[str] | None
) -> tuple[list[tuple[str, Label]], str]:
    """The aspects used: the rulebook's, or the caller's own non-empty set (labels from the rulebook where
    the code is one of its aspects)."""
    known = {a.code: a.label for a in table.aspects}
    if aspects is None:
        return list(known.items()), "rulebook"
    survey = kind.upper()
    if isinstance(aspects, str):
        raise InvalidValueError(
            _("{survey} aspects must be a list or mapping of aspect codes; got the text {value}").format(
                survey=survey, value=echo(aspects)
            ),
            code="invalid-aspects",
        )
    pairs = list(aspects.items()) if isinstance(aspects, Mapping) else [(code, None) for code in aspects]
    if not pairs:
        raise InvalidValueError(
            _("{survey} aspects: declare at least one aspect ({source})").format(survey=survey, source=ASPECTS_SOURCE),
            code="invalid-aspects",
        )
    out: list[tuple[str, Label]] = []
    for code, label in pairs:
        if not isinstance(code, str) or not code.strip():
            raise InvalidValueError(
                _("{survey} aspects: an aspect code must be non-empty text; got {value}").format(
                    survey=survey, value=echo(code)
                ),
                code="invalid-aspects",
            )
        if any(code.casefold() == c.casefold() for c, _label in out):
            raise InvalidValueError(
                _("{survey} aspects: {code} is declared twice").format(survey=survey, code=echo(code)),
                code="invalid-aspects",
            )
        if isinstance(label, Label):
            out.append((code, label))
        elif label is not None:
            out.append((code, Label(str(label), str(label))))
        else:
            out.append((code, known.get(code, Label(code, code))))
    return out, "declared"


@in_library_context
def perception_index(  # noqa: PLR0913 - keyword-only options of one computation
    respondents: Any,
    *,
    kind: Literal["ipak", "ipkp"],
    rulebook: Rulebook,
    questions: Mapping[str, str] | Sequence[str] | None = None,
    aspects: Mapping[str, Label | str] | Sequence[str] | None = None,
    scale: QuestionnaireScale | None = None,
    incomplete: Incomplete = "error",
    invalid: Invalid = "error",
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
        raise InvalidValueError(
            _("the kind must be 'ipak' or 'ipkp'; got {value}").format(value=echo(kind)), code="unknown-kind"
        )
    surveys, table = survey_rules(rulebook, kind)
    item = rulebook.item(table.item)
    if item.scale is None or item.scale.maximum is None:
        raise RulebookError(
            _("{file}: item {item} of the {survey} survey has no scale maximum").format(
                file=f"{rulebook.id}.toml", item=item.code, survey=kind.upper()
            ),
            code="no-scale",
        )
    bottom = item.scale.minimum if item.scale.minimum is not None else Decimal(0)
    scale = (scale or QuestionnaireScale()).within(bottom, item.scale.maximum)
    used, aspects_source = _declared_aspects(kind, table, aspects)
    codes_by_aspect = _questions_by_aspect(kind, used, questions)
    question_codes = [q for qs in codes_by_aspect.values() for q in qs]
    where = f"{source}: " if source else ""
    answers = answer_table(
        respondents, question_codes, scale.minimum, scale.maximum, incomplete, where, line_numbers, invalid=invalid
    )
    n, sums = answers.n, answers.sums
    if n == 0:
        raise InvalidAnswerError(
            _("no respondents to compute the {survey} from").format(survey=kind.upper()), code="no-respondents"
        )
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
        codes = ", ".join(code for code, _label in used)
        checks += (
            SurveyCheck(
                "aspects",
                True,
                lambda: _("aspects declared by the survey: {codes}").format(codes=codes),
                ASPECTS_SOURCE,
            ),
        )
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
        excluded_invalid=answers.invalid,
    )


def _questions_by_aspect(
    kind: str, used: Sequence[tuple[str, Label]], questions: Mapping[str, str] | Sequence[str] | None
) -> dict[str, list[str]]:
    codes_by_aspect: dict[str, list[str]] = {code: [] for code, _label in used}
    survey = kind.upper()
    if questions is None:
        for code, _label in used:
            codes_by_aspect[code].append(code)
    elif isinstance(questions, Mapping):
        for question, aspect in questions.items():
            if aspect not in codes_by_aspect:
                raise InvalidValueError(
                    _("question {question}: unknown {survey} aspect {aspect}; the aspects are {aspects}").format(
                        question=echo(question), survey=survey, aspect=echo(aspect), aspects=", ".join(codes_by_aspect)
                    ),
                    code="unknown-aspect",
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
                    _("question {question} belongs to no {survey} aspect ({aspects})").format(
                        question=echo(question), survey=survey, aspects=", ".join(codes_by_aspect)
                    ),
                    code="unknown-aspect",
                )
            codes_by_aspect[owner].append(question)
    empty = [a for a, qs in codes_by_aspect.items() if not qs]
    if empty:
        raise InvalidValueError(
            _("{survey} aspects without questions: {aspects}").format(survey=survey, aspects=", ".join(empty)),
            code="aspect-without-questions",
        )
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
        size = SurveyCheck(
            "respondents",
            True,
            lambda: ngettext("{n} respondent (at least {minimum})", "{n} respondents (at least {minimum})", n).format(
                n=format_integer(n), minimum=minimum
            ),
            size_source,
        )
    elif justification:
        size = SurveyCheck(
            "respondents",
            True,
            lambda: ngettext(
                "{n} respondent, fewer than {minimum}, justified: {justification}",
                "{n} respondents, fewer than {minimum}, justified: {justification}",
                n,
            ).format(n=format_integer(n), minimum=minimum, justification=justification),
            size_source,
        )
    else:
        size = SurveyCheck(
            "respondents",
            False,
            lambda: ngettext(
                "{n} respondent, fewer than {minimum} and no statistical justification given",
                "{n} respondents, fewer than {minimum} and no statistical justification given",
                n,
            ).format(n=format_integer(n), minimum=minimum),
            size_source,
        )
    not_completed = answers.not_completed

    def suffix() -> str:
        if not not_completed:
            return ""
        return "; " + ngettext(
            "{n} left out who had not finished one", "{n} left out who had not finished one", not_completed
        ).format(n=format_integer(not_completed))

    if not answers.completed_known:
        done = SurveyCheck(
            "completed_service",
            None,
            lambda: _("not recorded for every respondent: cannot confirm they finished a service") + suffix(),
            surveys.completed_service_source,
        )
    else:
        done = SurveyCheck(
            "completed_service",
            True,
            lambda: _("every respondent used finished a service") + suffix(),
            surveys.completed_service_source,
        )
    checks = [size, done]
    if service_kinds is not None:
        declared = sorted(set(service_kinds))
        missing = [k for k in declared if k not in answers.services]

        def coverage() -> str:
            if missing:
                return _("no respondents for: {services}").format(services=", ".join(missing))
            return _("every declared service kind has respondents ({count})").format(count=len(declared))

        checks.append(SurveyCheck("coverage", not missing, coverage, surveys.coverage_source))
    return tuple(checks)
