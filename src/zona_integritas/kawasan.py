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
from .errors import InvalidAnswerError, UnknownItemError
from .inputs import require_flag
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
    require_flag(kawasan_holds_wbk, "kawasan_holds_wbk")
    predicate = Predicate.parse(target)
    rule = next((r for r in rulebook.kawasan_rules if r.predicate is predicate), None)
    if rule is None:
        raise UnknownItemError(f"rulebook {rulebook.id!r} has no kawasan rule for {predicate.value}")
    if not unit_verdicts:
        raise InvalidAnswerError("a kawasan needs the verdicts of its units; got none")
    wrong = [v.target.value for v in unit_verdicts if v.target is not predicate]
    if wrong:
        raise InvalidAnswerError(f"kawasan {predicate.value} needs unit verdicts for {predicate.value}; got {wrong}")
    results: list[CriterionResult] = []
    if rule.requires is not None:
        if kawasan_holds_wbk is None:
            raise ValueError(
                f"kawasan {predicate.value} requires kawasan {rule.requires.value}: "
                "pass kawasan_holds_wbk=True/False; it is never guessed"
            )
        results.append(
            CriterionResult(
                "kawasan_prior_predicate",
                Label(
                    f"Kawasan telah berpredikat Menuju {rule.requires.value}",
                    f"The kawasan already holds Menuju {rule.requires.value}",
                ),
                kawasan_holds_wbk,
                None,
                None,
                None,
                "predicate",
                rule.source,
                False,
                detail="holds WBK" if kawasan_holds_wbk else "does not hold WBK",
            )
        )
    passing = sum(1 for v in unit_verdicts if v.passed)
    results.append(
        CriterionResult(
            "all_units",
            Label(
                f"Seluruh unit memenuhi kriteria Menuju {predicate.value}",
                f"Every unit meets the Menuju {predicate.value} criteria",
            ),
            passing == len(unit_verdicts),
            Decimal(passing),
            Decimal(len(unit_verdicts)),
            Decimal(passing - len(unit_verdicts)),
            "units",
            rule.source,
            True,
        )
    )
    if integration_score is None:
        score = None
    else:
        try:
            score = parse_decimal(integration_score)
        except ValueError:
            raise InvalidAnswerError(f"integration score must be a number; got {integration_score!r}") from None
        if score < 0:
            raise InvalidAnswerError(f"integration score cannot be negative; got {integration_score!r}")
    ok = score is not None and score >= rule.integration_minimum
    results.append(
        CriterionResult(
            "integration",
            Label("Skor integrasi proses bisnis kawasan", "Kawasan business-process integration score"),
            ok,
            score,
            rule.integration_minimum,
            None if score is None else score - rule.integration_minimum,
            "points",
            rule.source,
            True,
            detail="no integration" if score is None else "",
        )
    )
    return KawasanVerdict(predicate, tuple(results), tuple(unit_verdicts))
