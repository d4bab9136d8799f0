"""The events of a unit's Zona Integritas journey (90/2021 Lampiran I–II; 5/2024).

Every event is an immutable value with its date (``on``), who recorded it (``actor``) and a free
``note``; cycle events name their cycle (the evaluation year). Events are data only: the rules that
accept or refuse them live in :mod:`zona_integritas.journey`.

>>> import datetime as dt
>>> Proposed(dt.date(2022, 5, 20), cycle=2022, target="wbk", actor="Sekretariat Daerah").target
<Predicate.WBK: 'WBK'>
>>> Proposed.kind
'proposed'
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Any, ClassVar

import attrs

from .decimals import parse_decimal
from .errors import InvalidValueError
from .i18n import N_, decimal_symbol, format_date, use_language
from .i18n import gettext as _
from .inputs import native
from .rulebook import Predicate
from .worksheet import Worksheet

__all__ = [
    "EVENT_TYPES",
    "Appealed",
    "BuildingStarted",
    "Cleared",
    "CorrectionsSubmitted",
    "Decided",
    "Declared",
    "DeskEvaluated",
    "Event",
    "FieldEvaluated",
    "MandiriDecided",
    "MonitoringReported",
    "PreEvaluated",
    "PreEvaluationOutcome",
    "PreliminaryAssessed",
    "ProposalVoided",
    "Proposed",
    "RecordedOutcome",
    "Revoked",
    "Surveyed",
    "TpiAssessed",
    "UnitDesignated",
    "Verified",
    "kind_label",
    "stage_name",
]


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    from .dates import parse_date

    return parse_date(value)


def _predicate(value: Any) -> Predicate:
    return Predicate.parse(value)


def _exact(value: Decimal) -> str:
    """A number with every decimal it was given (at least two), in the language's decimal symbol (exact text,
    whatever the caller's decimal context).

    >>> _exact(Decimal("3.625")), _exact(Decimal("4")), _exact(Decimal("3.4"))
    ('3.625', '4.00', '3.40')
    """
    exponent = value.as_tuple().exponent
    places = max(2, -exponent) if isinstance(exponent, int) else 2
    text = format(value, f".{places}f")
    return text.replace(".", decimal_symbol())


#: The stages of a cycle as people read them, by the stage's machine name (``Stage`` and ``reached`` use them).
STAGE_NAMES: dict[str, str] = {
    "preliminary": N_("preliminary assessment (penilaian pendahuluan)"),
    "assessed": N_("TPI assessment"),
    "proposed": N_("proposal"),
    "pre_evaluated": N_("pre-evaluation"),
    "desk_evaluated": N_("desk evaluation"),
    "surveyed": N_("survey"),
    "field_evaluated": N_("field evaluation"),
    "cleared": N_("clearance and panel"),
    "decided": N_("decision"),
}


def stage_name(stage: str, *, language: str | None = None) -> str:
    """The name of a stage (``"surveyed"``, ``"pre_evaluated"``...) in the language.

    >>> stage_name("surveyed", language="id"), stage_name("surveyed", language="en")
    ('survei', 'survey')
    """
    with use_language(language):
        return _(STAGE_NAMES[stage.lower()])


def _index(value: Any) -> Decimal:
    """A survey index: a non-negative number. Its upper bound is the rulebook's (the index scale of the survey
    item, 0-4 in 90/2021); the journey checks it when the event is recorded."""
    number = parse_decimal(value)
    if number < 0:
        raise InvalidValueError(
            _("a survey index is not negative; got {value}").format(value=repr(value)), code="negative-index"
        )
    return number


def _cycle(value: Any) -> int:
    """A cycle is an evaluation year; 2000-2200 is a plausibility bound of ours (ZI starts in 2012 under
    PermenPANRB 60/2012), not a regulation number: it catches a day or a month passed as the year. A NumPy
    integer (a DataFrame's year column) is an ordinary year."""
    value = native(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 2000 <= value <= 2200:
        raise InvalidValueError(
            _("A cycle is an evaluation year such as 2022; got {value}").format(value=repr(value)), code="not-a-cycle"
        )
    return value


def _check_decree(event: Any, award_needs: str, no_award: str) -> None:
    """An award names its decree; a non-award carries none; a decree is not dated after the event.

    ``award_needs`` and ``no_award`` are messages marked with ``N_``, translated here."""
    if event.awarded and not event.decree_number:
        raise InvalidValueError(_(award_needs), code="decree-missing")
    if not event.awarded and (event.decree_number or event.decree_date):
        raise InvalidValueError(_(no_award), code="decree-without-award")
    if event.decree_date is not None and event.decree_date > event.on:
        raise InvalidValueError(
            _("The decree is dated {decree}, after the decision recorded on {on}").format(
                decree=format_date(event.decree_date), on=format_date(event.on)
            ),
            code="decree-after-decision",
        )


@attrs.frozen
class Event:
    """Base of every event: the date (positional), who recorded it and a note (keywords)."""

    kind: ClassVar[str] = "event"
    #: what the event is called in text for people (an English message id, translated where shown)
    title: ClassVar[str] = N_("event")
    #: True for an event that records history that happened elsewhere (not evaluated in this journey)
    recorded: ClassVar[bool] = False
    on: dt.date = attrs.field(converter=_date)
    actor: str | None = attrs.field(default=None, kw_only=True)
    note: str | None = attrs.field(default=None, kw_only=True)

    def describe(self, *, language: str | None = None) -> str:
        """One line for the audit history, in the language (the current one by default).

        >>> Proposed("2022-05-20", cycle=2022, target="WBK").describe(language="id")
        'diusulkan menuju WBK siklus 2022'
        >>> Proposed("2022-05-20", cycle=2022, target="WBK").describe(language="en")
        'proposed for WBK in cycle 2022'
        """
        with use_language(language):
            return self._describe()

    def _describe(self) -> str:
        return _(self.title)


@attrs.frozen(kw_only=True)
class Declared(Event):
    """Pencanangan: the instansi head declares ZI publicly; staff sign the integrity pact."""

    kind: ClassVar[str] = "declared"
    title: ClassVar[str] = N_("declaration of ZI (pencanangan)")
    integrity_pact: bool = True

    def _describe(self) -> str:
        if self.integrity_pact:
            return _("ZI declared (pencanangan) with the integrity pact")
        return _("ZI declared (pencanangan)")


@attrs.frozen(kw_only=True)
class UnitDesignated(Event):
    """Penetapan unit: the instansi picks the unit to build ZI.

    ``parent_unit`` names the unit above it for a lower-level unit of a K/L (a pratama-level unit or a
    provincial technical unit under a madya-level unit, or a unit below provincial level under its
    provincial office): such a unit needs a *penilaian pendahuluan* by that parent before the TPI
    evaluates it (90/2021 Lampiran II Bab I A.1.a, pp. 40-41).
    """

    kind: ClassVar[str] = "unit_designated"
    title: ClassVar[str] = N_("designation of the unit")
    parent_unit: str | None = None

    def _describe(self) -> str:
        if self.parent_unit:
            return _("unit designated to build ZI (under {parent})").format(parent=self.parent_unit)
        return _("unit designated to build ZI")


@attrs.frozen(kw_only=True)
class PreliminaryAssessed(Event):
    """Penilaian pendahuluan (90/2021 Lampiran II Bab I A.1.a, pp. 40-41): the parent unit's team assesses
    a lower-level unit of a K/L with the TPI's instrument; only a unit found fit goes on to the TPI."""

    kind: ClassVar[str] = "preliminary_assessed"
    title: ClassVar[str] = N_("preliminary assessment (penilaian pendahuluan)")
    cycle: int = attrs.field(converter=_cycle)
    passed: bool

    def _describe(self) -> str:
        if self.passed:
            return _("preliminary assessment (penilaian pendahuluan) of cycle {cycle}: fit for the TPI").format(
                cycle=self.cycle
            )
        return _("preliminary assessment (penilaian pendahuluan) of cycle {cycle}: not fit yet").format(
            cycle=self.cycle
        )


@attrs.frozen(kw_only=True)
class BuildingStarted(Event):
    """Pembangunan: the unit starts building toward a predicate (WBK first, WBBM after holding WBK)."""

    kind: ClassVar[str] = "building_started"
    title: ClassVar[str] = N_("start of building")
    target: Predicate = attrs.field(default=Predicate.WBK, converter=_predicate)

    def _describe(self) -> str:
        return _("started building towards {target}").format(target=self.target.value)


@attrs.frozen(kw_only=True)
class TpiAssessed(Event):
    """TPI evaluation of the unit with the LKE for a cycle and target."""

    kind: ClassVar[str] = "tpi_assessed"
    title: ClassVar[str] = N_("TPI assessment")
    cycle: int = attrs.field(converter=_cycle)
    target: Predicate = attrs.field(converter=_predicate)
    worksheet: Worksheet = attrs.field(repr=False)

    def _describe(self) -> str:
        return _("TPI assessment of cycle {cycle} towards {target}").format(cycle=self.cycle, target=self.target.value)


@attrs.frozen(kw_only=True)
class Proposed(Event):
    """Pengusulan: the instansi proposes the unit to TPN for a target in a cycle."""

    kind: ClassVar[str] = "proposed"
    title: ClassVar[str] = N_("proposal")
    cycle: int = attrs.field(converter=_cycle)
    target: Predicate = attrs.field(converter=_predicate)

    def _describe(self) -> str:
        return _("proposed for {target} in cycle {cycle}").format(target=self.target.value, cycle=self.cycle)


class PreEvaluationOutcome(enum.Enum):
    """The published results of TPN's pre-evaluation."""

    LULUS = "lulus"
    LULUS_DENGAN_CATATAN = "lulus_dengan_catatan"
    TIDAK_LULUS = "tidak_lulus"

    def label(self, *, language: str | None = None) -> str:
        """The outcome as people read it, in the language.

        >>> PreEvaluationOutcome.TIDAK_LULUS.label(language="id"), PreEvaluationOutcome.TIDAK_LULUS.label(language="en")
        ('tidak lulus', 'not passed')
        """
        with use_language(language):
            return _(_PRE_OUTCOMES[self])


_PRE_OUTCOMES = {
    PreEvaluationOutcome.LULUS: N_("passed"),
    PreEvaluationOutcome.LULUS_DENGAN_CATATAN: N_("passed with notes"),
    PreEvaluationOutcome.TIDAK_LULUS: N_("not passed"),
}


@attrs.frozen(kw_only=True)
class PreEvaluated(Event):
    """TPN pre-evaluation (Bab III A): lulus, lulus dengan catatan (corrections due by a date), tidak lulus."""

    kind: ClassVar[str] = "pre_evaluated"
    title: ClassVar[str] = N_("TPN pre-evaluation")
    cycle: int = attrs.field(converter=_cycle)
    outcome: PreEvaluationOutcome = attrs.field(converter=PreEvaluationOutcome)
    corrections_due: dt.date | None = attrs.field(default=None, converter=attrs.converters.optional(_date))

    def __attrs_post_init__(self) -> None:
        with_notes = self.outcome is PreEvaluationOutcome.LULUS_DENGAN_CATATAN
        if with_notes and self.corrections_due is None:
            raise InvalidValueError(
                _("A pre-evaluation passed with notes needs the date the corrections are due (corrections_due)"),
                code="corrections-due-missing",
            )
        if not with_notes and self.corrections_due is not None:
            raise InvalidValueError(
                _("corrections_due only goes with a pre-evaluation passed with notes; this one is {outcome}").format(
                    outcome=self.outcome.label()
                ),
                code="corrections-due-without-notes",
            )
        if self.corrections_due is not None and self.corrections_due < self.on:
            raise InvalidValueError(
                _("The corrections are due on {due}, before the pre-evaluation of {on}").format(
                    due=format_date(self.corrections_due), on=format_date(self.on)
                ),
                code="corrections-due-before-pre-evaluation",
            )

    def _describe(self) -> str:
        return _("TPN pre-evaluation of cycle {cycle}: {outcome}").format(
            cycle=self.cycle, outcome=self.outcome.label()
        )


@attrs.frozen(kw_only=True)
class CorrectionsSubmitted(Event):
    """The unit sends the corrections a 'lulus dengan catatan' pre-evaluation asked for."""

    kind: ClassVar[str] = "corrections_submitted"
    title: ClassVar[str] = N_("submission of the corrections")
    cycle: int = attrs.field(converter=_cycle)

    def _describe(self) -> str:
        return _("corrections asked by the pre-evaluation submitted (cycle {cycle})").format(cycle=self.cycle)


@attrs.frozen(kw_only=True)
class Appealed(Event):
    """Sanggah: the single appeal of a cycle against a failed pre-evaluation, accepted or rejected."""

    kind: ClassVar[str] = "appealed"
    title: ClassVar[str] = N_("appeal (sanggah)")
    cycle: int = attrs.field(converter=_cycle)
    accepted: bool

    def _describe(self) -> str:
        if self.accepted:
            return _("appeal (sanggah) of cycle {cycle} accepted").format(cycle=self.cycle)
        return _("appeal (sanggah) of cycle {cycle} rejected").format(cycle=self.cycle)


@attrs.frozen(kw_only=True)
class DeskEvaluated(Event):
    """TPN desk evaluation (Bab III B): whether the evaluation continues."""

    kind: ClassVar[str] = "desk_evaluated"
    title: ClassVar[str] = N_("desk evaluation")
    cycle: int = attrs.field(converter=_cycle)
    passed: bool

    def _describe(self) -> str:
        if self.passed:
            return _("desk evaluation of cycle {cycle}: continues").format(cycle=self.cycle)
        return _("desk evaluation of cycle {cycle}: does not continue").format(cycle=self.cycle)


@attrs.frozen(kw_only=True)
class Surveyed(Event):
    """Survey results of the cycle (Bab III C.2): IPAK and IPKP indices on 0–4.

    The survey follows a passed pre-evaluation, "sebelum atau bersamaan" (before or together with) the
    field evaluation (Bab III C.2 huruf b): it may come before or after the desk evaluation."""

    kind: ClassVar[str] = "surveyed"
    title: ClassVar[str] = N_("survey")
    cycle: int = attrs.field(converter=_cycle)
    ipak: Decimal = attrs.field(converter=_index)
    ipkp: Decimal = attrs.field(converter=_index)

    def _describe(self) -> str:
        return _("survey of cycle {cycle}: IPAK {ipak}, IPKP {ipkp}").format(
            cycle=self.cycle, ipak=_exact(self.ipak), ipkp=_exact(self.ipkp)
        )


@attrs.frozen(kw_only=True)
class FieldEvaluated(Event):
    """TPN field evaluation (Bab III C): its answers replace the TPI answers where they differ."""

    kind: ClassVar[str] = "field_evaluated"
    title: ClassVar[str] = N_("TPN field evaluation")
    cycle: int = attrs.field(converter=_cycle)
    worksheet: Worksheet = attrs.field(repr=False)

    def _describe(self) -> str:
        return _("TPN field evaluation of cycle {cycle}").format(cycle=self.cycle)


@attrs.frozen(kw_only=True)
class Cleared(Event):
    """Clearance and panel with Ombudsman, KPK, the sector and APIP (Bab III C.4)."""

    kind: ClassVar[str] = "cleared"
    title: ClassVar[str] = N_("clearance and panel")
    cycle: int = attrs.field(converter=_cycle)

    def _describe(self) -> str:
        return _("clearance and panel of cycle {cycle}").format(cycle=self.cycle)


@attrs.frozen(kw_only=True)
class Decided(Event):
    """The decision of the cycle: an award by ministerial decree, or *pembinaan*."""

    kind: ClassVar[str] = "decided"
    title: ClassVar[str] = N_("decision")
    cycle: int = attrs.field(converter=_cycle)
    awarded: bool
    decree_number: str | None = None
    decree_date: dt.date | None = attrs.field(default=None, converter=attrs.converters.optional(_date))

    def __attrs_post_init__(self) -> None:
        _check_decree(
            self,
            N_("An award needs the decree number (decree_number)"),
            N_("A decision without an award (pembinaan) carries no decree"),
        )

    @property
    def effective(self) -> dt.date:
        """The date the predicate starts: the decree date, else the decision date."""
        return self.decree_date or self.on

    def _describe(self) -> str:
        if self.awarded:
            return _("awarded (cycle {cycle}), decree {decree}").format(cycle=self.cycle, decree=self.decree_number)
        return _("not awarded, coaching (pembinaan) (cycle {cycle})").format(cycle=self.cycle)


@attrs.frozen(kw_only=True)
class MonitoringReported(Event):
    """A TPI monitoring report on a unit holding a predicate (Bab IV A angka 3-4; at least every 2 years)."""

    kind: ClassVar[str] = "monitoring_reported"
    title: ClassVar[str] = N_("TPI monitoring report")

    def _describe(self) -> str:
        return _("TPI monitoring report")


@attrs.frozen(kw_only=True)
class Verified(Event):
    """TPN verification of a unit holding a predicate (Bab IV A, TPN angka 1-3): of a TPI monitoring report,
    a periodic field evaluation, or a field check of a reported maladministration (``prompted_by``).
    ``findings=True`` records proven maladministration or corruption: the finding a revocation rests on."""

    kind: ClassVar[str] = "verified"
    title: ClassVar[str] = N_("TPN verification")
    findings: bool = False
    prompted_by: str | None = None

    def _describe(self) -> str:
        if self.prompted_by and self.findings:
            return _("TPN verification of {what}, with findings").format(what=self.prompted_by)
        if self.prompted_by:
            return _("TPN verification of {what}").format(what=self.prompted_by)
        if self.findings:
            return _("TPN verification, with findings")
        return _("TPN verification")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError(
            _("A non-empty text is expected; got {value}").format(value=repr(value)), code="empty-text"
        )
    return value.strip()


@attrs.frozen(kw_only=True)
class Revoked(Event):
    """Pencabutan: the Minister revokes the predicate by decree (Bab IV C), on a finding.

    The finding is TPN's: a verification with findings recorded in this journey (``finding_on``, the
    date of that :class:`Verified` event), or one that happened elsewhere (``finding_source``: the TPN
    letter or report, e.g. a number or URL). Exactly one of the two is given.
    """

    kind: ClassVar[str] = "revoked"
    title: ClassVar[str] = N_("revocation")
    decree_number: str
    finding_on: dt.date | None = attrs.field(default=None, converter=attrs.converters.optional(_date))
    finding_source: str | None = attrs.field(default=None, converter=_text)

    def __attrs_post_init__(self) -> None:
        if (self.finding_on is None) == (self.finding_source is None):
            raise InvalidValueError(
                _(
                    "A revocation rests on a finding (Bab IV C): give finding_on (the date of a TPN verification with "
                    "findings in this journey) or finding_source (a finding recorded elsewhere), not both"
                ),
                code="revocation-without-finding",
            )
        if self.finding_on is not None and self.finding_on > self.on:
            raise InvalidValueError(
                _("The finding of {finding} comes after the revocation of {on}").format(
                    finding=format_date(self.finding_on), on=format_date(self.on)
                ),
                code="finding-after-revocation",
            )

    def _describe(self) -> str:
        if self.finding_on is not None:
            return _("predicate revoked, decree {decree} (finding of the verification of {date})").format(
                decree=self.decree_number, date=format_date(self.finding_on)
            )
        return _("predicate revoked, decree {decree} (finding: {source})").format(
            decree=self.decree_number, source=self.finding_source
        )


@attrs.frozen(kw_only=True)
class ProposalVoided(Event):
    """Proposals voided: an unlawful KKN act in the instansi in the proposal year, especially (not only) one
    involving its top leadership (90/2021 Lampiran II Penutup, p. 65)."""

    kind: ClassVar[str] = "proposal_voided"
    title: ClassVar[str] = N_("voiding of the proposal")
    cycle: int = attrs.field(converter=_cycle)

    def _describe(self) -> str:
        return _("proposal of cycle {cycle} voided (KKN in the instansi)").format(cycle=self.cycle)


_REACHED = (
    "assessed",
    "proposed",
    "pre_evaluated",
    "desk_evaluated",
    "surveyed",
    "field_evaluated",
    "cleared",
    "decided",
)


def _reached(value: Any) -> str | None:
    if value is None:
        return None
    text = str(getattr(value, "name", value)).strip().lower()
    if text not in _REACHED:
        raise InvalidValueError(
            _("reached= is one of {choices}; got {value}").format(choices=", ".join(_REACHED), value=repr(value)),
            code="unknown-stage",
        )
    return text


def _route(value: Any) -> str:
    if value not in ("tpn", "mandiri"):
        raise InvalidValueError(
            _("route= is 'tpn' or 'mandiri' (5/2024 Lampiran II Bab II B); got {value}").format(value=repr(value)),
            code="unknown-route",
        )
    return str(value)


@attrs.frozen(kw_only=True)
class RecordedOutcome(Event):
    """The outcome of a cycle that happened elsewhere, recorded from its public source, not evaluated here.

    Examples: "unit X got WBK by decree N on date D" (``awarded=True``, ``decree_number``), "unit Y was
    proposed in 2020, reached the survey and was not awarded" (``awarded=False``, ``reached="surveyed"``),
    or "the instansi awarded WBK itself" (``route="mandiri"``, 5/2024 Lampiran II Bab II B). ``source``
    (required) names where it is written: a decree, a letter, a URL. No worksheet is invented.
    """

    kind: ClassVar[str] = "recorded_outcome"
    title: ClassVar[str] = N_("recorded outcome")
    recorded: ClassVar[bool] = True
    cycle: int = attrs.field(converter=_cycle)
    target: Predicate = attrs.field(converter=_predicate)
    awarded: bool
    source: str = attrs.field(converter=_text)
    reached: str | None = attrs.field(default=None, converter=_reached)
    decree_number: str | None = None
    decree_date: dt.date | None = attrs.field(default=None, converter=attrs.converters.optional(_date))
    route: str = attrs.field(default="tpn", converter=_route)

    def __attrs_post_init__(self) -> None:
        _check_decree(
            self,
            N_("A recorded award needs the decree number (decree_number)"),
            N_("A recorded outcome without an award carries no decree"),
        )
        if self.route == "mandiri" and self.target is not Predicate.WBK:
            raise InvalidValueError(
                _("The mandiri route awards WBK only (5/2024 Lampiran II Bab II B)"), code="mandiri-wbbm"
            )
        if self.on.year < self.cycle:
            raise InvalidValueError(
                _("The outcome of cycle {cycle} cannot be dated {on}").format(
                    cycle=self.cycle, on=format_date(self.on)
                ),
                code="outcome-before-cycle",
            )

    @property
    def effective(self) -> dt.date:
        """The date the predicate starts: the decree date, else the recorded date."""
        return self.decree_date or self.on

    def _describe(self) -> str:
        how = "mandiri" if self.route == "mandiri" else "TPN"
        if self.awarded:
            return _("recorded: cycle {cycle} awarded {target} ({route}), decree {decree} [source: {source}]").format(
                cycle=self.cycle, target=self.target.value, route=how, decree=self.decree_number, source=self.source
            )
        if self.reached:
            return _(
                "recorded: cycle {cycle} proposed for {target}, not awarded, reached the {stage} stage "
                "[source: {source}]"
            ).format(cycle=self.cycle, target=self.target.value, stage=stage_name(self.reached), source=self.source)
        return _("recorded: cycle {cycle} proposed for {target}, not awarded [source: {source}]").format(
            cycle=self.cycle, target=self.target.value, source=self.source
        )


@attrs.frozen(kw_only=True)
class MandiriDecided(Event):
    """Evaluasi mandiri (5/2024 Lampiran II Bab II B): an instansi that meets the Minister's criteria
    evaluates the unit itself and its head decides; the WBK it awards counts the same as TPN's and opens
    the WBBM path. Only for WBK, on a cycle the TPI assessed and that was not proposed to TPN."""

    kind: ClassVar[str] = "mandiri_decided"
    title: ClassVar[str] = N_("mandiri decision")
    cycle: int = attrs.field(converter=_cycle)
    awarded: bool
    decree_number: str | None = None
    decree_date: dt.date | None = attrs.field(default=None, converter=attrs.converters.optional(_date))

    def __attrs_post_init__(self) -> None:
        _check_decree(
            self,
            N_("A mandiri award needs the decree number of the instansi head (decree_number)"),
            N_("A mandiri decision without an award carries no decree"),
        )

    @property
    def effective(self) -> dt.date:
        """The date the predicate starts: the decree date, else the decision date."""
        return self.decree_date or self.on

    def _describe(self) -> str:
        if self.awarded:
            return _("awarded WBK by the instansi itself (mandiri) (cycle {cycle}), decree {decree}").format(
                cycle=self.cycle, decree=self.decree_number
            )
        return _("mandiri evaluation of cycle {cycle}: not awarded").format(cycle=self.cycle)


#: Every event type by its ``kind``.
EVENT_TYPES: dict[str, type[Event]] = {
    cls.kind: cls
    for cls in (
        Declared,
        UnitDesignated,
        BuildingStarted,
        PreliminaryAssessed,
        TpiAssessed,
        Proposed,
        PreEvaluated,
        CorrectionsSubmitted,
        Appealed,
        DeskEvaluated,
        Surveyed,
        FieldEvaluated,
        Cleared,
        Decided,
        MonitoringReported,
        Verified,
        Revoked,
        ProposalVoided,
        RecordedOutcome,
        MandiriDecided,
    )
}


#: What allowed_events() and refusals call the two kinds of decision.
_DECISION_LABELS = {
    "decided (award)": N_("decision (award)"),
    "decided (pembinaan)": N_("decision (pembinaan)"),
}


def kind_label(kind: str, *, language: str | None = None) -> str:
    """What an event kind (``"proposed"``, or ``"decided (award)"`` from ``allowed_events``) is called in text
    for people, in the language; an unknown kind is shown as it is.

    >>> kind_label("proposed", language="id"), kind_label("decided (award)", language="en")
    ('pengusulan', 'decision (award)')
    """
    with use_language(language):
        if kind in _DECISION_LABELS:
            return _(_DECISION_LABELS[kind])
        found = EVENT_TYPES.get(kind)
        return _(found.title) if found is not None else kind


def as_date(value: Any) -> dt.date:
    """An event's date from a date or a date string (the converter of every ``on`` field)."""
    return _date(value)


def as_cycle(value: Any) -> int:
    """An evaluation year, checked (the converter of every ``cycle`` field)."""
    return _cycle(value)
