"""The verdict: does a score card meet the WBK or WBBM criteria of its rulebook, criterion by criterion?

The criteria are rulebook data (for 90/2021: Lampiran II Bab III A angka 3-6 and Tabel 6). Every
result carries the actual value, the required value, the margin, pass/fail and the source article.

Comparison: by default values are compared as the workbook and PMPZI show them, rounded half-up to
2 decimals (``comparison="rounded"``: a total of 74.995 shows and counts as 75.00);
``comparison="exact"`` compares the unrounded values instead. "Exact" means decimal arithmetic carried to
40 significant digits (:data:`zona_integritas.decimals.CONTEXT`), not rational arithmetic: sums and
products of the rulebook's decimal numbers are exact, and a division (the mean of three items, a ratio
of counts) is rounded at the 40th digit, about 38 orders of magnitude below a threshold's last printed
digit. The library chose this over :class:`fractions.Fraction` (documented in
``docs/explanation/scoring.md``).

>>> import zona_integritas as zi
>>> from zona_integritas import examples
>>> card = zi.score(examples.kediri_worksheet_2022())
>>> verdict = zi.assess(card, target="WBK")
>>> verdict.passed, verdict.criterion("total").margin
(True, Decimal('12.76'))
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from ._reprs import html_of
from .decimals import CONTEXT, in_library_context, round_half_up
from .errors import InvalidValueError, UnknownItemError
from .i18n import and_list, format_number, format_percent, gettext, ngettext, or_list, use_language
from .inputs import require_flag, require_type
from .labels import Label
from .rulebook import Criterion, CriterionKind, Predicate
from .scoring import ScoreCard

__all__ = ["AreaReading", "Comparison", "CriterionResult", "CriterionUnit", "Verdict", "assess"]

_ = gettext


class AreaReading(enum.Enum):
    """How "every change area" is read (90/2021 does not say; agency tools differ)."""

    AREAS = "areas"  #: the six areas, pemenuhan and reform together (the default)
    HALVES = "halves"  #: all twelve halves, pemenuhan and reform of each area separately


class CriterionUnit(enum.StrEnum):
    """What a criterion's actual and required values count (equal to its name: ``unit == "percent"`` holds)."""

    POINTS = "points"  #: LKE points of a score card node
    PERCENT = "percent"  #: a node's points as a percentage of its weight
    PREDICATE = "predicate"  #: a predicate held (no number)
    UNITS = "units"  #: units of a kawasan


class Comparison(enum.Enum):
    """Whether criteria compare values rounded to 2 decimals (as shown) or unrounded values (decimal,
    40 significant digits: a division is rounded at the 40th digit, not kept as a fraction)."""

    ROUNDED = "rounded"
    EXACT = "exact"


@in_library_context
@attrs.frozen(kw_only=True)
class CriterionResult:
    """One criterion checked: actual against required, with margin (actual − required) and source.

    ``unit`` is ``"points"``, ``"percent"`` or ``"predicate"``. Survey criteria also carry the index
    form (``actual_index``, ``required_index``). ``fixable`` says whether changing worksheet answers
    can change the outcome (not for survey indices or the prior predicate).
    """

    key: str
    label: Label
    passed: bool
    actual: Decimal | None
    required: Decimal | None
    margin: Decimal | None
    unit: CriterionUnit = attrs.field(converter=CriterionUnit)
    source: str
    fixable: bool
    node: str | None = None
    actual_index: Decimal | None = None
    required_index: Decimal | None = None
    detail: str = ""
    #: for the prior-predicate criterion: the predicates the unit holds (their values, ``("WBK",)``)
    held: tuple[str, ...] | None = None

    def _number(self, value: Decimal) -> str:
        return format_percent(value) if self.unit == "percent" else format_number(value)

    def shown_actual(self, *, language: str | None = None) -> str:
        """The actual value as a person reads it: ``86,01``, ``66,67%`` or, for a predicate, what the unit holds.

        >>> import zona_integritas as zi
        >>> from zona_integritas import examples
        >>> verdict = zi.assess(zi.score(examples.kediri_worksheet_2022()), target="WBBM", holds_wbk=True)
        >>> verdict.criterion("A3").shown_actual(language="id")
        '73,75%'
        >>> verdict.criterion("prior_predicate").shown_actual(language="en")
        'holds WBK'

        """
        with use_language(language):
            if self.unit == "predicate":
                if self.held is None:
                    return self.detail
                if not self.held:
                    return _("holds no predicate")
                return _("holds {predicates}").format(predicates=and_list(self.held))
            return "" if self.actual is None else self._number(self.actual)

    def shown_required(self, *, language: str | None = None) -> str:
        """The required value as a person reads it (empty for a predicate: the label says what is required)."""
        with use_language(language):
            return "" if self.required is None else self._number(self.required)

    def shown_margin(self, *, language: str | None = None) -> str:
        """The margin with its sign (``+12,76``, ``-3,33``), empty for a predicate."""
        with use_language(language):
            if self.margin is None:
                return ""
            return ("+" if self.margin >= 0 else "") + format_number(self.margin)

    def __str__(self) -> str:
        """The criterion in one line, in the current language."""
        mark = _("passed") if self.passed else _("NOT PASSED")
        label = self.label.in_language()
        if self.unit == "predicate":
            return f"[{mark}] {label}: {self.shown_actual()}"
        line = _("[{mark}] {label}: {actual} against {required}, margin {margin}").format(
            mark=mark,
            label=label,
            actual=self.shown_actual(),
            required=self.shown_required(),
            margin=self.shown_margin(),
        )
        if self.actual_index is not None and self.required_index is not None:
            line += " " + _("(index {actual} against {required})").format(
                actual=format_number(self.actual_index), required=format_number(self.required_index)
            )
        return line


@in_library_context
@attrs.frozen(kw_only=True)
class Verdict:
    """The decision for one target predicate: ``passed`` and one :class:`CriterionResult` per criterion."""

    target: Predicate
    rulebook: str
    criteria: tuple[CriterionResult, ...]
    area_reading: AreaReading
    comparison: Comparison
    #: what the rulebook does not model or decide (e.g. 52/2014's 10/2019 amendments, who sets the WBK)
    notes: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        """True when every criterion passes."""
        return all(c.passed for c in self.criteria)

    @property
    def failed(self) -> tuple[CriterionResult, ...]:
        """The criteria that fail."""
        return tuple(c for c in self.criteria if not c.passed)

    def criterion(self, key: str) -> CriterionResult:
        """The result of criterion ``key`` (``"total"``, ``"pengungkit"``, ``"A3"``, ``"H1.a"``…)."""
        for c in self.criteria:
            if c.key == key:
                return c
        raise UnknownItemError(
            _("the verdict has no criterion {key!r}; it has {keys}").format(
                key=key, keys=and_list([c.key for c in self.criteria])
            ),
            code="unknown-criterion",
        )

    def to_dict(self, *, language: str | None = None) -> dict[str, Any]:
        """Plain data: ``passed``, ``target`` and the criteria list (numbers as machine strings, ``"86.01"``);
        the ``"label"`` of each criterion follows the language."""

        def num(x: Decimal | None) -> str | None:
            return None if x is None else str(x)

        return {
            "target": self.target.value,
            "rulebook": self.rulebook,
            "passed": self.passed,
            "area_reading": self.area_reading.value,
            "comparison": self.comparison.value,
            "notes": list(self.notes),
            "criteria": [
                {
                    "key": c.key,
                    "label": c.label.in_language(language),
                    "passed": c.passed,
                    "actual": num(c.actual),
                    "required": num(c.required),
                    "margin": num(c.margin),
                    "unit": c.unit,
                    "actual_index": num(c.actual_index),
                    "required_index": num(c.required_index),
                    "fixable": c.fixable,
                    "source": c.source,
                    **({"detail": c.detail} if c.detail else {}),
                }
                for c in self.criteria
            ],
        }

    def _repr_html_(self) -> str | None:
        return html_of(self)

    def title(self, *, language: str | None = None) -> str:
        """The decision in a few words: ``Menuju WBK: LULUS`` / ``Towards WBK: PASSED``.

        >>> import zona_integritas as zi
        >>> from zona_integritas import examples
        >>> verdict = zi.assess(zi.score(examples.kediri_worksheet_2022()), target="WBK")
        >>> verdict.title(language="id"), verdict.title(language="en")
        ('Menuju WBK: LULUS', 'Towards WBK: PASSED')
        """
        with use_language(language):
            if self.passed:
                return _("Towards {predicate}: PASSED").format(predicate=self.target.value)
            return _("Towards {predicate}: NOT PASSED").format(predicate=self.target.value)

    def to_table(self, *, language: str | None = None) -> str:
        """A plain-text table of the criteria under the decision (:meth:`title`), then the rulebook's notes.

        ``ok`` marks a criterion met, ``!!`` one that is not; numbers follow the language.

        >>> import zona_integritas as zi
        >>> from zona_integritas import examples
        >>> verdict = zi.assess(zi.score(examples.kediri_worksheet_2022()), target="WBBM", holds_wbk=True)
        >>> print(verdict.to_table(language="en"))  # doctest: +ELLIPSIS
        Towards WBBM: NOT PASSED
        <BLANKLINE>
           criterion                                               actual  required    margin
        ok Already holds Menuju WBK                             holds WBK
        ok Total score (enablers + results)                         87.76     85.00     +2.76
        ...
        !! Area Civil-service HR management                        73.75%    75.00%     -1.25
        ...
        !! Excellent public service                                 15.40     15.75     -0.35
        """
        with use_language(language):
            lines = [self.title(), ""]
            criterion, actual, required, margin = _("criterion"), _("actual"), _("required"), _("margin")
            lines.append(f"{'':3}{criterion:<52}{actual:>10}{required:>10}{margin:>10}")
            for c in self.criteria:
                mark = "ok" if c.passed else "!!"
                label = c.label.in_language()[:50]
                if c.unit == "predicate":
                    lines.append(f"{mark:<3}{label:<52}{c.shown_actual():>10}")
                    continue
                lines.append(
                    f"{mark:<3}{label:<52}{c.shown_actual():>10}{c.shown_required():>10}{c.shown_margin():>10}"
                )
            lines.extend(_("note: {note}").format(note=n) for n in self.notes)
            return "\n".join(lines)

    def __repr__(self) -> str:
        """One line in the current language: ``<Verdict WBK: not passed, total 86.01, 2 of 9 criteria failed>``."""
        outcome = _("passed") if self.passed else _("not passed")
        total = next((c for c in self.criteria if c.key == "total" and c.actual is not None), None)
        figure = "" if total is None or total.actual is None else f", total {format_number(total.actual)}"
        failed = ngettext(
            "{failed} of {n} criterion failed", "{failed} of {n} criteria failed", len(self.criteria)
        ).format(failed=len(self.failed), n=len(self.criteria))
        return f"<Verdict {self.target.value}: {outcome}{figure}, {failed}>"


def _cmp(value: Decimal, comparison: Comparison) -> Decimal:
    return round_half_up(value) if comparison is Comparison.ROUNDED else value


@in_library_context
def assess(
    card: ScoreCard,
    *,
    target: Predicate | str,
    holds_wbk: bool | None = None,
    history: Iterable[Predicate | str] | None = None,
    area_reading: AreaReading | str = AreaReading.AREAS,
    comparison: Comparison | str = Comparison.ROUNDED,
) -> Verdict:
    """Check ``card`` against the criteria of ``target`` in its rulebook.

    WBBM also requires that the unit already holds WBK: pass ``holds_wbk=True/False`` or the unit's
    predicate ``history`` (the predicates it holds); the library never guesses, and a WBBM
    assessment without either raises :class:`ValueError`.

    >>> import zona_integritas as zi
    >>> from zona_integritas import examples
    >>> card = zi.score(examples.kediri_worksheet_2022())
    >>> wbbm = zi.assess(card, target="WBBM", holds_wbk=True)
    >>> wbbm.passed, [c.key for c in wbbm.failed]
    (False, ['A3', 'H2'])
    """
    require_type(card, ScoreCard, "assess(card)")
    require_flag(holds_wbk, "holds_wbk")
    predicate = Predicate.parse(target)
    reading = _choice(AreaReading, area_reading, "area_reading")
    how = _choice(Comparison, comparison, "comparison")
    rulebook = card.rulebook
    criteria = rulebook.criteria_for(predicate)
    if not criteria:
        raise UnknownItemError(
            _("rulebook {rulebook!r} has no criteria for {predicate}").format(
                rulebook=rulebook.id, predicate=predicate.value
            ),
            code="no-criteria",
        )
    held: set[Predicate] | None = None
    if history is not None:
        held = {Predicate.parse(p) for p in history}
    if holds_wbk is not None:
        held = (held or set()) | ({Predicate.WBK} if holds_wbk else set())
    results: list[CriterionResult] = []
    for criterion in criteria:
        if criterion.kind is CriterionKind.PRIOR_PREDICATE:
            results.append(_prior(criterion, held))
        elif criterion.kind is CriterionKind.EACH_AREA:
            results.extend(_areas(criterion, card, reading, how))
        else:
            results.append(_minimum(criterion, card, how))
    return Verdict(
        target=predicate,
        rulebook=rulebook.id,
        criteria=tuple(results),
        area_reading=reading,
        comparison=how,
        notes=_notes(rulebook.extra, predicate, rulebook),
    )


def _choice(kind: Any, value: object, name: str) -> Any:
    """``value`` as a member of the enum ``kind``, or the library's error naming the parameter and the choices."""
    try:
        return kind(value)
    except ValueError:
        raise InvalidValueError(
            _("{name} must be {choices}; got {value!r}").format(
                name=name, choices=or_list([repr(m.value) for m in kind]), value=value
            ),
            code=f"unknown-{name.replace('_', '-')}",
        ) from None


def _notes(extra: Any, predicate: Predicate, rulebook: Any) -> tuple[str, ...]:
    """The rulebook's own caveats for a verdict: what it does not model, and who decides the predicate."""
    notes = []
    if rulebook.in_force is not None and rulebook.in_force.not_modelled:
        notes.append(rulebook.in_force.not_modelled)
    decided_by = extra.get("decided_by") if isinstance(extra, Mapping) else None
    who = decided_by.get(predicate.value) if isinstance(decided_by, dict) else None
    if isinstance(who, str):
        notes.append(who)
    elif isinstance(who, Mapping) and isinstance(who.get("id"), str) and isinstance(who.get("en"), str):
        notes.append(Label(who["id"], who["en"]).in_language())  # a note given in both languages
    return tuple(notes)


def _prior(criterion: Criterion, held: set[Predicate] | None) -> CriterionResult:
    assert criterion.requires is not None
    if held is None:
        raise InvalidValueError(
            _(
                "{predicate} requires that the unit already holds {required}: pass holds_wbk=True/False or the "
                "unit's predicate history; it is never guessed"
            ).format(predicate=criterion.predicate.value, required=criterion.requires.value),
            code="prior-predicate-unknown",
        )
    ok = any(p >= criterion.requires for p in held)
    names = tuple(sorted(p.value for p in held))
    detail = _("holds {predicates}").format(predicates=and_list(names)) if names else _("holds no predicate")
    return CriterionResult(
        key=criterion.key,
        label=criterion.label,
        passed=ok,
        actual=None,
        required=None,
        margin=None,
        unit="predicate",
        source=criterion.source,
        fixable=False,
        detail=detail,
        held=names,
    )


def _minimum(criterion: Criterion, card: ScoreCard, how: Comparison) -> CriterionResult:
    assert criterion.node is not None and criterion.minimum is not None
    actual = _cmp(card.value(criterion.node), how)
    required = criterion.minimum
    actual_index = required_index = None
    if criterion.index_item is not None and criterion.index_minimum is not None:
        answer = card.worksheet.answer(criterion.index_item)
        index = answer.value if answer is not None and isinstance(answer.value, Decimal) else Decimal(0)
        actual_index = round_half_up(index) if how is Comparison.ROUNDED else index
        required_index = criterion.index_minimum
    fixable = not criterion.survey
    return CriterionResult(
        key=criterion.key,
        label=criterion.label,
        passed=actual >= required,
        actual=actual,
        required=required,
        margin=actual - required,
        unit="points",
        source=criterion.source,
        fixable=fixable,
        node=criterion.node,
        actual_index=actual_index,
        required_index=required_index,
    )


def _areas(criterion: Criterion, card: ScoreCard, reading: AreaReading, how: Comparison) -> list[CriterionResult]:
    assert criterion.minimum is not None
    results = []
    for area in card.rulebook.areas:
        nodes = [area.code] if reading is AreaReading.AREAS else [h.code for h in area.halves]
        for code in nodes:
            node = card.node(code)
            pct = CONTEXT.divide(node.value * 100, node.maximum)
            actual = _cmp(pct, how)
            label = Label(f"Area {node.label.id}", f"Area {node.label.en}")
            results.append(
                CriterionResult(
                    key=code,
                    label=label,
                    passed=actual >= criterion.minimum,
                    actual=actual,
                    required=criterion.minimum,
                    margin=actual - criterion.minimum,
                    unit="percent",
                    source=criterion.source,
                    fixable=True,
                    node=code,
                )
            )
    return results
