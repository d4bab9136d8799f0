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

from ._reprs import html_of
from .decimals import CONTEXT, in_library_context
from .errors import UnknownItemError
from .i18n import N_, and_list, format_date, format_number, format_percent, gettext, ngettext, use_language
from .labels import Label
from .organization import Instansi, InstansiFacts, InstansiKind, Unit, UnitFacts
from .rulebook import EligibilityCondition, EligibilityRules, Predicate, Rulebook

__all__ = ["ConditionResult", "Eligibility", "EligibilityReport", "check_eligibility", "may_propose_wbk_again_on"]

_ = gettext
#: how a condition's status is named to people
_STATUS_WORDS = {"met": N_("met"), "waived": N_("waived (afirmasi)"), "not met": N_("not met")}


@attrs.frozen(kw_only=True)
class ConditionResult:
    """One condition: its level (``instansi``/``unit``), pass/fail, whether afirmasi waives it, and source.

    ``actual``, ``required`` and ``detail`` are text for people, written in the language of the check
    (:func:`check_eligibility`'s ``language=``); ``status`` is a machine word (``"met"``, ``"waived"``,
    ``"not met"``) and :meth:`shown_status` its translation.
    """

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

    def shown_status(self, *, language: str | None = None) -> str:
        """The status as a person reads it: ``terpenuhi``, ``dikecualikan (afirmasi)``, ``tidak terpenuhi``."""
        with use_language(language):
            return _(_STATUS_WORDS[self.status])


@attrs.frozen(repr=False)
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
        raise UnknownItemError(
            _("there is no condition {key!r}; the conditions are {keys}").format(
                key=key, keys=and_list([c.key for c in self.conditions])
            ),
            code="unknown-condition",
        )

    def title(self, *, on: dt.date | None = None, language: str | None = None) -> str:
        """Whether the unit may be proposed, in a few words (with the date of the check when given).

        >>> import datetime as dt, zona_integritas as zi
        >>> from zona_integritas.organization import Instansi, InstansiFacts, Unit, UnitFacts
        >>> kota = Instansi("Pemerintah Kota Kediri", "pemda")
        >>> report = zi.check_eligibility(zi.load_rulebook("permenpanrb-90-2021"), instansi=kota,
        ...     instansi_facts=InstansiFacts(2022), unit=Unit("bappeda", "Bappeda", kota), unit_facts=UnitFacts(),
        ...     on=dt.date(2022, 5, 31))
        >>> report.wbk.title(on=report.on, language="id"), report.wbk.title(language="en")
        ('WBK per 31 Mei 2022: belum dapat diusulkan', 'WBK: may not be proposed')
        """
        with use_language(language):
            if on is None:
                if self.eligible:
                    return _("{predicate}: may be proposed").format(predicate=self.target.value)
                return _("{predicate}: may not be proposed").format(predicate=self.target.value)
            if self.eligible:
                return _("{predicate} on {date}: may be proposed").format(
                    predicate=self.target.value, date=format_date(on)
                )
            return _("{predicate} on {date}: may not be proposed").format(
                predicate=self.target.value, date=format_date(on)
            )

    def to_table(self, *, on: dt.date | None = None, language: str | None = None) -> str:
        """A plain-text list of the conditions: ``ok`` met, ``~~`` waived (afirmasi), ``!!`` not met; then the
        notes. ``actual`` and ``detail`` are as the check wrote them (check in the language you show)."""
        with use_language(language):
            lines = [self.title(on=on)]
            for c in self.conditions:
                mark = "ok" if c.passed else "~~" if c.waived else "!!"
                text = _("{label}: {status}; {actual} (required: {required})").format(
                    label=c.label.in_language(), status=c.shown_status(), actual=c.actual, required=c.required
                )
                lines.append(f"{mark} {text}" + (f"; {c.detail}" if c.detail else ""))
            lines.extend(_("note: {note}").format(note=n) for n in self.notes)
            return "\n".join(lines)

    def _repr_html_(self) -> str | None:
        return html_of(self)

    def __repr__(self) -> str:
        """One line in the current language: ``<Eligibility WBK: may be proposed, 11 conditions, 0 blocking>``."""
        n, k = len(self.conditions), len(self.blocking)
        outcome = _("may be proposed") if self.eligible else _("may not be proposed")
        count = ngettext("{n} condition", "{n} conditions", n).format(n=n)
        blocking = ngettext("{n} blocking", "{n} blocking", k).format(n=k)
        return f"<Eligibility {self.target.value}: {outcome}, {count}, {blocking}>"

    def to_dict(self, *, language: str | None = None) -> dict[str, Any]:
        """Plain data for JSON; the ``"label"`` of each condition follows the language."""
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
@attrs.frozen(kw_only=True, repr=False)
class EligibilityReport:
    """Eligibility for WBK and for WBBM, checked on one date."""

    on: dt.date
    wbk: Eligibility
    wbbm: Eligibility

    def for_target(self, target: Predicate | str) -> Eligibility:
        """The eligibility for ``target``."""
        return self.wbk if Predicate.parse(target) is Predicate.WBK else self.wbbm

    def to_table(self, *, language: str | None = None) -> str:
        """The conditions for WBK, then for WBBM, as plain text (see :meth:`Eligibility.to_table`).

        >>> import datetime as dt, zona_integritas as zi
        >>> from zona_integritas.organization import Instansi, InstansiFacts, Unit, UnitFacts
        >>> kota = Instansi("Pemerintah Kota Kediri", "pemda")
        >>> report = zi.check_eligibility(zi.load_rulebook("permenpanrb-90-2021"), instansi=kota,
        ...     instansi_facts=InstansiFacts(2022, bpk_opinion="WTP"), unit=Unit("bappeda", "Bappeda", kota),
        ...     unit_facts=UnitFacts(building_wbk_since=dt.date(2021, 9, 6)), on=dt.date(2022, 5, 31), language="id")
        >>> print(report.to_table(language="id"))  # doctest: +ELLIPSIS
        WBK per 31 Mei 2022: belum dapat diusulkan
        ok Opini BPK minimal WTP: terpenuhi; WTP (syarat: WTP)
        !! Predikat SAKIP minimal B: tidak terpenuhi; tidak diketahui (syarat: B); fakta ini tidak diberikan
        ...
        !! Membangun ZI menuju WBK minimal satu tahun: tidak terpenuhi; 8 bulan sejak 6 September 2021 ... 12 bulan)
        ...
        """
        with use_language(language):
            return self.wbk.to_table(on=self.on) + "\n\n" + self.wbbm.to_table(on=self.on)

    def _repr_html_(self) -> str | None:
        return html_of(self)

    def __repr__(self) -> str:
        """One line in the current language: ``<EligibilityReport 31 May 2022: WBK may be proposed; WBBM may not
        be proposed>``."""
        return f"<EligibilityReport {format_date(self.on)}: {self.wbk.title()}; {self.wbbm.title()}>"


def may_propose_wbk_again_on(revoked_on: dt.date, rules: EligibilityRules) -> dt.date:
    """The first date a unit whose predicate was revoked on ``revoked_on`` may be proposed for WBK.

    >>> import datetime as dt, zona_integritas as zi
    >>> rules = zi.load_rulebook("permenpanrb-90-2021").eligibility
    >>> may_propose_wbk_again_on(dt.date(2024, 2, 29), rules)
    datetime.date(2026, 2, 28)
    """
    return rules.revocation.lifted_on(revoked_on)


def _fmt(value: object) -> str:
    """A fact as a person reads it, in the current language."""
    if value is None:
        return _("unknown")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if hasattr(value, "value") and not isinstance(value, Decimal):
        return str(value.value)
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, Decimal | float) or (isinstance(value, int) and not isinstance(value, bool)):
        return format_number(value, 0 if Decimal(str(value)) == Decimal(str(value)).to_integral_value() else 2)
    return str(value)


def _grade(value: object) -> str:
    """A grade or an opinion as given (``BB``, ``WTP``): the order compares these, never translated."""
    if hasattr(value, "value") and not isinstance(value, Decimal):
        return str(value.value)
    return str(value)


def _check(cond: EligibilityCondition, fact: Any, rules: EligibilityRules, on: dt.date) -> tuple[bool, str, str]:
    """(passed, actual, detail) for one condition."""
    if cond.compare in ("holds", "not_holds"):
        required = Predicate.parse(cond.required or "WBK")
        shown = _fmt(fact) if fact is not None else _("none")
        if cond.compare == "holds":
            return fact is required, shown, ""
        return fact is None or fact < required, shown, ""
    if fact is None:
        return False, _("unknown"), _("the fact was not given")
    if cond.compare == "true":
        return fact is True, _fmt(fact), ""
    if cond.compare == "at_least":
        assert cond.order is not None
        order = rules.orders[cond.order]
        value = _grade(fact)
        if value not in order:
            return False, value, _("{value!r} is not in the order {order}").format(value=value, order="/".join(order))
        return order.index(value) <= order.index(str(cond.required)), value, ""
    if cond.compare == "number_at_least":
        return Decimal(str(fact)) >= Decimal(str(cond.required)), _fmt(fact), ""
    if cond.compare == "number_at_most":
        return Decimal(str(fact)) <= Decimal(str(cond.required)), _fmt(fact), ""
    # months_at_least: months from a start date to the assessment date
    if fact > on:
        return False, _("from {date}").format(date=format_date(fact)), _("starts after the assessment date")
    delta = relativedelta(on, fact)
    months = delta.years * 12 + delta.months
    since = ngettext("{n} month since {date}", "{n} months since {date}", months).format(
        n=months, date=format_date(fact)
    )
    return months >= int(str(cond.required)), since, ""


def _required(cond: EligibilityCondition) -> str:
    """A condition's requirement as a person reads it, in the current language."""
    if cond.compare == "true":
        return _("yes")
    if cond.compare == "months_at_least":
        months = int(str(cond.required))
        return ngettext("{n} month", "{n} months", months).format(n=months)
    if cond.compare == "not_holds":
        return _("below {predicate}").format(predicate=cond.required)
    if cond.compare == "number_at_most":
        return _("at most {value}").format(value=_fmt(Decimal(str(cond.required))))
    if cond.compare == "number_at_least":
        return _fmt(Decimal(str(cond.required)))
    return str(cond.required)


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
            raise UnknownItemError(
                _("rulebook {rulebook!r}: condition {key!r} reads an unknown fact {fact!r}").format(
                    rulebook=rulebook.id, key=cond.key, fact=cond.fact
                ),
                code="unknown-fact",
            )
        passed, actual, detail = _check(cond, getattr(facts, cond.fact), rules, on)
        required = _required(cond)
        waived = not passed and afirmasi and cond.afirmasi_waivable
        if waived:
            if detail:
                detail = _("waived: afirmasi unit ({source}); {detail}").format(
                    source=rules.afirmasi_source, detail=detail
                )
            else:
                detail = _("waived: afirmasi unit ({source})").format(source=rules.afirmasi_source)
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
                actual=_("revoked on {date}").format(date=format_date(unit_facts.revoked_on)),
                required=_("on or after {date}").format(date=format_date(allowed)),
                source=rules.revocation_source,
                waived=False,
                detail=_("may be proposed for WBK again from {date}").format(date=format_date(allowed)),
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
                ngettext(
                    "{held} of {total} unit ({share}) already holds a predicate, more than {limit}: the instansi "
                    "need not propose more units ({source})",
                    "{held} of {total} units ({share}) already hold a predicate, more than {limit}: the instansi "
                    "need not propose more units ({source})",
                    total,
                ).format(
                    held=held,
                    total=total,
                    share=format_percent(share),
                    limit=format_percent(rules.saturation_share, 0),
                    source=rules.saturation_source,
                )
            )
    if afirmasi:
        notes.append(
            _("afirmasi route: a {kind} unit of a regional government ({source})").format(
                kind=unit.kind.value, source=rules.afirmasi_source
            )
        )
    notes.extend(_period_notes(rulebook, on))
    return Eligibility(target, tuple(results), afirmasi, tuple(notes))


def _kkn(facts: InstansiFacts, rules: EligibilityRules) -> ConditionResult:
    """The KKN voiding rule: any unlawful KKN act in the instansi in the proposal year."""
    detail = ""
    if facts.kkn_case:
        if facts.kkn_top_leadership is True:
            detail = _("proposals of the instansi are voided (the top leadership was involved)")
        elif facts.kkn_top_leadership is False:
            detail = _("proposals of the instansi are voided (the top leadership was not involved)")
        else:
            detail = _("proposals of the instansi are voided (involvement of the top leadership not stated)")
    return ConditionResult(
        key="kkn",
        label=Label(
            "Tidak ada perbuatan melanggar hukum terkait KKN di instansi pada tahun pengajuan",
            "No unlawful KKN act in the instansi in the proposal year",
        ),
        level="instansi",
        passed=not facts.kkn_case,
        actual=_fmt(facts.kkn_case),
        required=_("no"),
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
        if period.end is None:
            text = _(
                "{rulebook} was not in force on {date} (in force from {start}); see zona_integritas.rulebook_in_force"
            )
        else:
            text = _(
                "{rulebook} was not in force on {date} (in force from {start} to {end}); "
                "see zona_integritas.rulebook_in_force"
            )
        notes.append(
            text.format(
                rulebook=rulebook.short,
                date=format_date(on),
                start=format_date(period.start),
                end=format_date(period.end) if period.end else "",
            )
        )
    for amendment in period.amendments:
        if on < amendment.on:
            notes.append(
                _(
                    "these are the conditions as amended by {amendment} ({scope}), in force from {date}; the text "
                    "before that amendment is not modelled"
                ).format(amendment=amendment.short, scope=amendment.scope, date=format_date(amendment.on))
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
    language: str | None = None,
) -> EligibilityReport:
    """Check whether ``unit`` may be proposed for WBK and for WBBM on date ``on``.

    Every condition is returned with its result; a fact that is ``None`` (not known) fails its
    condition rather than being assumed. The notes say when ``on`` falls outside the rulebook's period
    in force or before an amendment it models. The texts of the report (actual and required values,
    details, notes) are written in ``language`` (``None``: the current language).
    """
    with use_language(language):
        rules = rulebook.eligibility
        if rules is None:
            raise UnknownItemError(
                _("rulebook {rulebook!r} carries no proposal conditions").format(rulebook=rulebook.id),
                code="no-proposal-conditions",
            )
        args = (rulebook, rules)
        return EligibilityReport(
            on=on,
            wbk=_one(*args, Predicate.WBK, instansi, instansi_facts, unit, unit_facts, on),
            wbbm=_one(*args, Predicate.WBBM, instansi, instansi_facts, unit, unit_facts, on),
        )
