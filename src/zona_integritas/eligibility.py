"""Who may be proposed: the proposal conditions of 5/2024 Tabel 5 and the special rules of 90/2021.

The conditions are rulebook data; this module holds the mechanisms:

- each condition compares one instansi or unit fact with its requirement; grades compare by the
  official order given in the rulebook (AA > A > BB > B > CC > C > D), not alphabetically;
- *afirmasi* (5/2024 Lampiran II Bab II A, p. 5): units of a regional government of six kinds (RSUD,
  Dukcapil, Samsat, PTSP, education, labour) may be proposed "meskipun masih dalam proses pemenuhan
  syarat" of Tabel 5, instansi rows and unit rows alike: every failing Tabel 5 condition is reported as
  *waived* (status ``"waived"``), never as met and never as blocking;
- the revocation bar (90/2021 Lampiran II Bab IV C): no WBK proposal until 2 years after the
  revocation decree, computed with ``dateutil.relativedelta`` (allowed again on the anniversary);
- any unlawful KKN act in the instansi in the proposal year, especially (not only) one involving its
  top leadership, voids its proposals (90/2021 Lampiran II Bab IV Penutup, p. 65);
- 90/2021's old 30 % rule is gone: 5/2024 replaced the whole of Bab II and its text has none. A
  rulebook that still states it (``saturation_share``) reports it as information, never as a failure.

>>> import datetime as dt
>>> import zona_integritas as zi
>>> from zona_integritas.organization import Instansi, InstansiFacts, Unit, UnitFacts
>>> kediri = Instansi("Pemerintah Kota Kediri", "pemda")
>>> unit = Unit("dpmptsp", "DPM PTSP Kota Kediri", kediri, "ptsp")
>>> facts = InstansiFacts(2022, bpk_opinion="WTP", sakip="BB", indeks_rb="B", spip_level=3)
>>> unit_facts = UnitFacts(core_service=True, significant_public_impact=True, audit_follow_up_pct=100,
...                        lhkpn_pct=100, lhkasn_pct=100, building_wbk_since=dt.date(2019, 1, 7),
...                        internal_sakip="BB")
>>> report = zi.check_eligibility(zi.load_rulebook("permenpanrb-90-2021"), instansi=kediri,
...                               instansi_facts=facts, unit=unit, unit_facts=unit_facts, on=dt.date(2022, 5, 31))
>>> report.wbk.eligible, report.wbbm.eligible
(True, False)
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from .decimals import CONTEXT, in_library_context
from .errors import UnknownItemError
from .labels import Label, Language
from .organization import Instansi, InstansiFacts, InstansiKind, Unit, UnitFacts
from .rulebook import EligibilityCondition, EligibilityRules, Predicate, Rulebook

__all__ = ["ConditionResult", "Eligibility", "EligibilityReport", "check_eligibility", "may_propose_wbk_again_on"]


@attrs.frozen(kw_only=True)
class ConditionResult:
    """One condition: its level (``instansi``/``unit``), pass/fail, whether afirmasi waives it, and source."""

    key: str
    label: Label
    level: str
    passed: bool
    actual: str
    required: str
    source: str
    waived: bool = False
    detail: str = ""

    @property
    def blocking(self) -> bool:
        """A failed condition that is not waived."""
        return not self.passed and not self.waived

    @property
    def status(self) -> str:
        """``"met"``, ``"waived"`` (not met, but afirmasi lets the unit be proposed) or ``"not met"``."""
        if self.passed:
            return "met"
        return "waived" if self.waived else "not met"


@attrs.frozen
class Eligibility:
    """Whether a unit may be proposed for one predicate, with every condition."""

    target: Predicate
    conditions: tuple[ConditionResult, ...]
    afirmasi: bool
    notes: tuple[str, ...] = ()

    @property
    def eligible(self) -> bool:
        """True when no condition blocks."""
        return not any(c.blocking for c in self.conditions)

    @property
    def blocking(self) -> tuple[ConditionResult, ...]:
        """The conditions that stop the proposal."""
        return tuple(c for c in self.conditions if c.blocking)

    def condition(self, key: str) -> ConditionResult:
        """The result of condition ``key``."""
        for c in self.conditions:
            if c.key == key:
                return c
        raise UnknownItemError(f"no condition {key!r}; known: {', '.join(c.key for c in self.conditions)}")

    def to_dict(self, *, language: Language = "id") -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "target": self.target.value,
            "eligible": self.eligible,
            "afirmasi": self.afirmasi,
            "notes": list(self.notes),
            "conditions": [
                {
                    "key": c.key,
                    "label": c.label.in_language(language),
                    "level": c.level,
                    "passed": c.passed,
                    "waived": c.waived,
                    "status": c.status,
                    "actual": c.actual,
                    "required": c.required,
                    "source": c.source,
                    "detail": c.detail,
                }
                for c in self.conditions
            ],
        }


@in_library_context
@attrs.frozen(kw_only=True)
class EligibilityReport:
    """Eligibility for WBK and for WBBM, checked on one date."""

    on: dt.date
    wbk: Eligibility
    wbbm: Eligibility

    def for_target(self, target: Predicate | str) -> Eligibility:
        """The eligibility for ``target``."""
        return self.wbk if Predicate.parse(target) is Predicate.WBK else self.wbbm


def may_propose_wbk_again_on(revoked_on: dt.date, rules: EligibilityRules) -> dt.date:
    """The first date a unit whose predicate was revoked on ``revoked_on`` may be proposed for WBK.

    >>> import datetime as dt, zona_integritas as zi
    >>> rules = zi.load_rulebook("permenpanrb-90-2021").eligibility
    >>> may_propose_wbk_again_on(dt.date(2024, 2, 29), rules)
    datetime.date(2026, 2, 28)
    """
    return rules.revocation.lifted_on(revoked_on)


def _fmt(value: object) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if hasattr(value, "value") and not isinstance(value, Decimal):
        return str(value.value)
    return str(value)


def _check(cond: EligibilityCondition, fact: Any, rules: EligibilityRules, on: dt.date) -> tuple[bool, str, str]:
    """(passed, actual, detail) for one condition."""
    if cond.compare in ("holds", "not_holds"):
        required = Predicate.parse(cond.required or "WBK")
        if cond.compare == "holds":
            return fact is required, _fmt(fact) if fact is not None else "none", ""
        return fact is None or fact < required, _fmt(fact) if fact is not None else "none", ""
    if fact is None:
        return False, "unknown", "the fact was not given"
    if cond.compare == "true":
        return fact is True, _fmt(fact), ""
    if cond.compare == "at_least":
        assert cond.order is not None
        order = rules.orders[cond.order]
        value = _fmt(fact)
        if value not in order:
            return False, value, f"{value!r} is not in the order {'/'.join(order)}"
        return order.index(value) <= order.index(str(cond.required)), value, ""
    if cond.compare == "number_at_least":
        return Decimal(str(fact)) >= Decimal(str(cond.required)), _fmt(fact), ""
    if cond.compare == "number_at_most":
        return Decimal(str(fact)) <= Decimal(str(cond.required)), _fmt(fact), ""
    # months_at_least: months from a start date to the assessment date
    if fact > on:
        return False, f"from {fact.isoformat()}", "starts after the assessment date"
    delta = relativedelta(on, fact)
    months = delta.years * 12 + delta.months
    return months >= int(str(cond.required)), f"{months} months since {fact.isoformat()}", ""


def _one(
    rulebook: Rulebook,
    rules: EligibilityRules,
    target: Predicate,
    instansi: Instansi,
    instansi_facts: InstansiFacts,
    unit: Unit,
    unit_facts: UnitFacts,
    on: dt.date,
) -> Eligibility:
    afirmasi = (
        instansi.kind is InstansiKind.PEMDA
        and unit.kind.value in rules.afirmasi_kinds
        and target in rules.afirmasi_targets
    )
    results: list[ConditionResult] = []
    for cond in rules.conditions:
        if cond.predicate is not target:
            continue
        if cond.applies_to not in ("all", instansi.kind.value):
            continue
        facts: Any = instansi_facts if cond.level == "instansi" else unit_facts
        if not hasattr(facts, cond.fact):
            raise UnknownItemError(f"rulebook {rulebook.id!r} condition {cond.key!r} reads unknown fact {cond.fact!r}")
        passed, actual, detail = _check(cond, getattr(facts, cond.fact), rules, on)
        required = cond.required if cond.compare not in ("true",) else "yes"
        if cond.compare == "months_at_least":
            required = f"{cond.required} months"
        elif cond.compare == "not_holds":
            required = f"below {cond.required}"
        elif cond.compare == "number_at_most":
            required = f"at most {cond.required}"
        waived = not passed and afirmasi and cond.afirmasi_waivable
        if waived:
            detail = "waived: afirmasi unit (" + rules.afirmasi_source + ")" + (f"; {detail}" if detail else "")
        results.append(
            ConditionResult(
                key=cond.key,
                label=cond.label,
                level=cond.level,
                passed=passed,
                actual=actual,
                required=str(required),
                source=cond.source,
                waived=waived,
                detail=detail,
            )
        )
    if target is Predicate.WBK and unit_facts.revoked_on is not None and rules.revocation_bar_years > 0:
        allowed = may_propose_wbk_again_on(unit_facts.revoked_on, rules)
        passed = on >= allowed
        results.append(
            ConditionResult(
                key="revocation_bar",
                label=Label(
                    f"Tidak dalam {rules.revocation_bar_years} tahun setelah pencabutan",
                    f"Not within {rules.revocation_bar_years} years of a revocation",
                ),
                level="unit",
                passed=passed,
                actual=f"revoked {unit_facts.revoked_on.isoformat()}",
                required=f"on or after {allowed.isoformat()}",
                source=rules.revocation_source,
                waived=False,
                detail=f"may be proposed for WBK again from {allowed.isoformat()}",
            )
        )
    if rules.kkn_source:
        results.append(_kkn(instansi_facts, rules))
    notes: list[str] = []
    total, held = instansi_facts.units_total, instansi_facts.units_with_predicate
    if rules.saturation_share is not None and total and held is not None:
        share = CONTEXT.divide(Decimal(held) * 100, Decimal(total))
        if share > rules.saturation_share:
            notes.append(
                f"{held} of {total} units ({share.quantize(Decimal('0.01'))}%) already hold a predicate, more than "
                f"{rules.saturation_share}%: the instansi need not propose more units ({rules.saturation_source})"
            )
    if afirmasi:
        notes.append(f"afirmasi route: a {unit.kind.value} unit of a regional government ({rules.afirmasi_source})")
    notes.extend(_period_notes(rulebook, on))
    return Eligibility(target, tuple(results), afirmasi, tuple(notes))


def _kkn(facts: InstansiFacts, rules: EligibilityRules) -> ConditionResult:
    """The KKN voiding rule: any unlawful KKN act in the instansi in the proposal year."""
    detail = ""
    if facts.kkn_case:
        who = {
            True: "the top leadership was involved",
            False: "the top leadership was not involved",
            None: "involvement of the top leadership not stated",
        }[facts.kkn_top_leadership]
        detail = f"proposals of the instansi are voided ({who})"
    return ConditionResult(
        key="kkn",
        label=Label(
            "Tidak ada perbuatan melanggar hukum terkait KKN di instansi pada tahun pengajuan",
            "No unlawful KKN act in the instansi in the proposal year",
        ),
        level="instansi",
        passed=not facts.kkn_case,
        actual=_fmt(facts.kkn_case),
        required="no",
        source=rules.kkn_source,
        waived=False,
        detail=detail,
    )


def _period_notes(rulebook: Rulebook, on: dt.date) -> list[str]:
    """Notes on the rulebook's period in force as it bears on a check made on ``on``."""
    period = rulebook.in_force
    if period is None:
        return []
    notes = []
    if not period.covers(on):
        end = period.end.isoformat() if period.end else "open"
        notes.append(
            f"{rulebook.short} was not in force on {on.isoformat()} (in force {period.start.isoformat()} to {end}); "
            "see zona_integritas.rulebook_in_force"
        )
    for amendment in period.amendments:
        if on < amendment.on:
            notes.append(
                f"these are the conditions as amended by {amendment.short} ({amendment.scope}), in force from "
                f"{amendment.on.isoformat()}; the text before that amendment is not modelled"
            )
    if period.not_modelled:
        notes.append(period.not_modelled)
    return notes


@in_library_context
def check_eligibility(
    rulebook: Rulebook,
    *,
    instansi: Instansi,
    instansi_facts: InstansiFacts,
    unit: Unit,
    unit_facts: UnitFacts,
    on: dt.date,
) -> EligibilityReport:
    """Check whether ``unit`` may be proposed for WBK and for WBBM on date ``on``.

    Every condition is returned with its result; a fact that is ``None`` (not known) fails its
    condition rather than being assumed. The notes say when ``on`` falls outside the rulebook's period
    in force or before an amendment it models.
    """
    rules = rulebook.eligibility
    if rules is None:
        raise UnknownItemError(f"rulebook {rulebook.id!r} carries no proposal conditions")
    args = (rulebook, rules)
    return EligibilityReport(
        on=on,
        wbk=_one(*args, Predicate.WBK, instansi, instansi_facts, unit, unit_facts, on),
        wbbm=_one(*args, Predicate.WBBM, instansi, instansi_facts, unit, unit_facts, on),
    )
