"""Kawasan verdicts: WBK/WBBM for a cluster of units (90/2021 Lampiran II Bab III D.2, Tabel 7 and 8).

A kawasan earns WBK when every unit in it meets the unit WBK criteria and its business-process
integration score reaches the minimum (6.5); WBBM when it already holds kawasan WBK, every unit meets
the WBBM criteria and integration reaches 7.5. The numbers are rulebook data.

>>> import zona_integritas as zi
>>> from zona_integritas import examples
>>> rb = zi.load_rulebook("permenpanrb-90-2021")
>>> unit = zi.assess(zi.score(examples.kediri_worksheet_2022()), target="WBK")
>>> assess_kawasan(rb, [unit, unit], integration_score="6.5", target="WBK").passed
True
>>> assess_kawasan(rb, [unit, unit], integration_score=None, target="WBK").passed
False
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import attrs

from .decimals import in_library_context, parse_decimal
from .errors import InvalidValueError, UnknownItemError
from .i18n import gettext as _
from .inputs import echo, is_blank, require_flag
from .labels import Label
from .rulebook import Predicate, Rulebook
from .verdict import CriterionResult, Verdict

__all__ = ["KawasanVerdict", "assess_kawasan"]


@in_library_context
@attrs.frozen
class KawasanVerdict:
    """The decision for a kawasan: ``passed`` and its three kinds of criteria."""

    target: Predicate
    criteria: tuple[CriterionResult, ...]
    unit_verdicts: tuple[Verdict, ...]

    @property
    def passed(self) -> bool:
        """True when every criterion passes."""
        return all(c.passed for c in self.criteria)


@in_library_context
def assess_kawasan(
    rulebook: Rulebook,
    unit_verdicts: Sequence[Verdict],
    *,
    integration_score: Decimal | str | float | None,
    target: Predicate | str,
    kawasan_holds_wbk: bool | None = None,
) -> KawasanVerdict:
    """Decide a kawasan from its units' verdicts for ``target`` and its integration score.

    ``integration_score=None`` means there is no integration of business processes (Tabel 7 and 8,
    "tidak ada integrasi"). For WBBM, ``kawasan_holds_wbk`` must be given; it is never guessed.
    """
    kawasan_holds_wbk = require_flag(kawasan_holds_wbk, "kawasan_holds_wbk")
    predicate = Predicate.parse(target)
    rule = next((r for r in rulebook.kawasan_rules if r.predicate is predicate), None)
    if rule is None:
        raise UnknownItemError(
            _("rulebook {rulebook} has no kawasan rule for {predicate}").format(
                rulebook=repr(rulebook.id), predicate=predicate.value
            ),
            code="no-kawasan-rule",
        )
    if not unit_verdicts:
        raise InvalidValueError(_("a kawasan needs the verdicts of its units; got none"), code="no-unit-verdicts")
    wrong = [v.target.value for v in unit_verdicts if v.target is not predicate]
    if wrong:
        raise InvalidValueError(
            _("kawasan {predicate} needs unit verdicts for {predicate}; got verdicts for {wrong}").format(
                predicate=predicate.value, wrong=", ".join(wrong)
            ),
            code="wrong-unit-verdicts",
        )
    results: list[CriterionResult] = []
    if rule.requires is not None:
        if kawasan_holds_wbk is None:
            raise InvalidValueError(
                _(
                    "kawasan {predicate} requires kawasan {required}: pass kawasan_holds_wbk=True/False; it is never "
                    "guessed"
                ).format(predicate=predicate.value, required=rule.requires.value),
                code="missing-fact",
            )
        results.append(
            CriterionResult(
                key="kawasan_prior_predicate",
                label=Label(
                    f"Kawasan telah berpredikat Menuju {rule.requires.value}",
                    f"The kawasan already holds Menuju {rule.requires.value}",
                ),
                passed=kawasan_holds_wbk,
                actual=None,
                required=None,
                margin=None,
                unit="predicate",
                source=rule.source,
                fixable=False,
                detail=_("holds WBK") if kawasan_holds_wbk else _("does not hold WBK"),
            )
        )
    passing = sum(1 for v in unit_verdicts if v.passed)
    results.append(
        CriterionResult(
            key="all_units",
            label=Label(
                f"Seluruh unit memenuhi kriteria Menuju {predicate.value}",
                f"Every unit meets the Menuju {predicate.value} criteria",
            ),
            passed=passing == len(unit_verdicts),
            actual=Decimal(passing),
            required=Decimal(len(unit_verdicts)),
            margin=Decimal(passing - len(unit_verdicts)),
            unit="units",
            source=rule.source,
            fixable=True,
        )
    )
    if is_blank(integration_score):
        score = None
    else:
        score = parse_decimal(integration_score, where="integration_score")
        if score < 0:
            raise InvalidValueError(
                _("integration score cannot be negative; got {value}").format(value=echo(integration_score)),
                code="negative-score",
            )
    ok = score is not None and score >= rule.integration_minimum
    results.append(
        CriterionResult(
            key="integration",
            label=Label("Skor integrasi proses bisnis kawasan", "Kawasan business-process integration score"),
            passed=ok,
            actual=score,
            required=rule.integration_minimum,
            margin=None if score is None else score - rule.integration_minimum,
            unit="points",
            source=rule.source,
            fixable=True,
            detail=_("no integration") if score is None else "",
        )
    )
    return KawasanVerdict(predicate, tuple(results), tuple(unit_verdicts))
