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


def _index(value: Any) -> Decimal:
    """A survey index: a non-negative number. Its upper bound is the rulebook's (the index scale of the survey
    item, 0-4 in 90/2021); the journey checks it when the event is recorded."""
    number = parse_decimal(value)
    if number < 0:
        raise InvalidValueError(f"a survey index is not negative; got {value!r}")
    return number


def _cycle(value: Any) -> int:
    """A cycle is an evaluation year; 2000-2200 is a plausibility bound of ours (ZI starts in 2012 under
    PermenPANRB 60/2012), not a regulation number: it catches a day or a month passed as the year."""
    if isinstance(value, bool) or not isinstance(value, int) or not 2000 <= value <= 2200:
        raise InvalidValueError(f"a cycle is an evaluation year such as 2022; got {value!r}")
    return value


def _check_decree(event: Any, award_needs: str, no_award: str) -> None:
    """An award names its decree; a non-award carries none; a decree is not dated after the event."""
    if event.awarded and not event.decree_number:
        raise InvalidValueError(award_needs)
    if not event.awarded and (event.decree_number or event.decree_date):
        raise InvalidValueError(no_award)
    if event.decree_date is not None and event.decree_date > event.on:
        raise InvalidValueError(f"decree dated {event.decree_date} after the decision recorded on {event.on}")


@attrs.frozen
class Event:
    """Base of every event: the date (positional), who recorded it and a note (keywords)."""

    kind: ClassVar[str] = "event"
    #: True for an event that records history that happened elsewhere (not evaluated in this journey)
    recorded: ClassVar[bool] = False
    on: dt.date = attrs.field(converter=_date)
    actor: str | None = attrs.field(default=None, kw_only=True)
    note: str | None = attrs.field(default=None, kw_only=True)

    def describe(self) -> str:
        """One line for the audit history."""
        return self.kind


@attrs.frozen(kw_only=True)
class Declared(Event):
    """Pencanangan: the instansi head declares ZI publicly; staff sign the integrity pact."""

    kind: ClassVar[str] = "declared"
    integrity_pact: bool = True

    def describe(self) -> str:
        return "pencanangan ZI" + (" dengan pakta integritas" if self.integrity_pact else "")


@attrs.frozen(kw_only=True)
class UnitDesignated(Event):
    """Penetapan unit: the instansi picks the unit to build ZI.

    ``parent_unit`` names the unit above it for a lower-level unit of a K/L (a pratama-level unit or a
    provincial technical unit under a madya-level unit, or a unit below provincial level under its
    provincial office): such a unit needs a *penilaian pendahuluan* by that parent before the TPI
    evaluates it (90/2021 Lampiran II Bab I A.1.a, pp. 40-41).
    """

    kind: ClassVar[str] = "unit_designated"
    parent_unit: str | None = None

    def describe(self) -> str:
        under = f" (di bawah {self.parent_unit})" if self.parent_unit else ""
        return f"unit ditetapkan membangun ZI{under}"


@attrs.frozen(kw_only=True)
class PreliminaryAssessed(Event):
    """Penilaian pendahuluan (90/2021 Lampiran II Bab I A.1.a, pp. 40-41): the parent unit's team assesses
    a lower-level unit of a K/L with the TPI's instrument; only a unit found fit goes on to the TPI."""

    kind: ClassVar[str] = "preliminary_assessed"
    cycle: int = attrs.field(converter=_cycle)
    passed: bool

    def describe(self) -> str:
        return f"penilaian pendahuluan siklus {self.cycle}: {'layak dievaluasi TPI' if self.passed else 'belum layak'}"


@attrs.frozen(kw_only=True)
class BuildingStarted(Event):
    """Pembangunan: the unit starts building toward a predicate (WBK first, WBBM after holding WBK)."""

    kind: ClassVar[str] = "building_started"
    target: Predicate = attrs.field(default=Predicate.WBK, converter=_predicate)

    def describe(self) -> str:
        return f"mulai membangun menuju {self.target.value}"


@attrs.frozen(kw_only=True)
class TpiAssessed(Event):
    """TPI evaluation of the unit with the LKE for a cycle and target."""

    kind: ClassVar[str] = "tpi_assessed"
    cycle: int = attrs.field(converter=_cycle)
    target: Predicate = attrs.field(converter=_predicate)
    worksheet: Worksheet = attrs.field(repr=False)

    def describe(self) -> str:
        return f"penilaian TPI siklus {self.cycle} menuju {self.target.value}"


@attrs.frozen(kw_only=True)
class Proposed(Event):
    """Pengusulan: the instansi proposes the unit to TPN for a target in a cycle."""

    kind: ClassVar[str] = "proposed"
    cycle: int = attrs.field(converter=_cycle)
    target: Predicate = attrs.field(converter=_predicate)

    def describe(self) -> str:
        return f"diusulkan menuju {self.target.value} siklus {self.cycle}"


class PreEvaluationOutcome(enum.Enum):
    """The published results of TPN's pre-evaluation."""

    LULUS = "lulus"
    LULUS_DENGAN_CATATAN = "lulus_dengan_catatan"
    TIDAK_LULUS = "tidak_lulus"


@attrs.frozen(kw_only=True)
class PreEvaluated(Event):
    """TPN pre-evaluation (Bab III A): lulus, lulus dengan catatan (corrections due by a date), tidak lulus."""

    kind: ClassVar[str] = "pre_evaluated"
    cycle: int = attrs.field(converter=_cycle)
    outcome: PreEvaluationOutcome = attrs.field(converter=PreEvaluationOutcome)
    corrections_due: dt.date | None = attrs.field(default=None, converter=attrs.converters.optional(_date))

    def __attrs_post_init__(self) -> None:
        with_notes = self.outcome is PreEvaluationOutcome.LULUS_DENGAN_CATATAN
        if with_notes and self.corrections_due is None:
            raise InvalidValueError("'lulus dengan catatan' needs the date corrections are due (corrections_due)")
        if not with_notes and self.corrections_due is not None:
            raise InvalidValueError(
                f"corrections_due only goes with 'lulus dengan catatan', not {self.outcome.value!r}"
            )
        if self.corrections_due is not None and self.corrections_due < self.on:
            raise InvalidValueError(f"corrections due {self.corrections_due} before the pre-evaluation {self.on}")

    def describe(self) -> str:
        return f"pra evaluasi TPN siklus {self.cycle}: {self.outcome.value.replace('_', ' ')}"


@attrs.frozen(kw_only=True)
class CorrectionsSubmitted(Event):
    """The unit sends the corrections a 'lulus dengan catatan' pre-evaluation asked for."""

    kind: ClassVar[str] = "corrections_submitted"
    cycle: int = attrs.field(converter=_cycle)

    def describe(self) -> str:
        return f"perbaikan catatan pra evaluasi dikirim (siklus {self.cycle})"


@attrs.frozen(kw_only=True)
class Appealed(Event):
    """Sanggah: the single appeal of a cycle against a failed pre-evaluation, accepted or rejected."""

    kind: ClassVar[str] = "appealed"
    cycle: int = attrs.field(converter=_cycle)
    accepted: bool

    def describe(self) -> str:
        return f"sanggah siklus {self.cycle} {'diterima' if self.accepted else 'ditolak'}"


@attrs.frozen(kw_only=True)
class DeskEvaluated(Event):
    """TPN desk evaluation (Bab III B): whether the evaluation continues."""

    kind: ClassVar[str] = "desk_evaluated"
    cycle: int = attrs.field(converter=_cycle)
    passed: bool

    def describe(self) -> str:
        return f"desk evaluasi siklus {self.cycle}: {'lanjut' if self.passed else 'tidak lanjut'}"


@attrs.frozen(kw_only=True)
class Surveyed(Event):
    """Survey results of the cycle (Bab III C.2): IPAK and IPKP indices on 0–4.

    The survey follows a passed pre-evaluation, "sebelum atau bersamaan" (before or together with) the
    field evaluation (Bab III C.2 huruf b): it may come before or after the desk evaluation."""

    kind: ClassVar[str] = "surveyed"
    cycle: int = attrs.field(converter=_cycle)
    ipak: Decimal = attrs.field(converter=_index)
    ipkp: Decimal = attrs.field(converter=_index)

    def describe(self) -> str:
        return f"survei siklus {self.cycle}: IPAK {self.ipak}, IPKP {self.ipkp}"


@attrs.frozen(kw_only=True)
class FieldEvaluated(Event):
    """TPN field evaluation (Bab III C): its answers replace the TPI answers where they differ."""

    kind: ClassVar[str] = "field_evaluated"
    cycle: int = attrs.field(converter=_cycle)
    worksheet: Worksheet = attrs.field(repr=False)

    def describe(self) -> str:
        return f"evaluasi lapangan TPN siklus {self.cycle}"


@attrs.frozen(kw_only=True)
class Cleared(Event):
    """Clearance and panel with Ombudsman, KPK, the sector and APIP (Bab III C.4)."""

    kind: ClassVar[str] = "cleared"
    cycle: int = attrs.field(converter=_cycle)

    def describe(self) -> str:
        return f"clearance dan panel siklus {self.cycle}"


@attrs.frozen(kw_only=True)
class Decided(Event):
    """The decision of the cycle: an award by ministerial decree, or *pembinaan*."""

    kind: ClassVar[str] = "decided"
    cycle: int = attrs.field(converter=_cycle)
    awarded: bool
    decree_number: str | None = None
    decree_date: dt.date | None = attrs.field(default=None, converter=attrs.converters.optional(_date))

    def __attrs_post_init__(self) -> None:
        _check_decree(self, "an award needs the decree number (decree_number)", "pembinaan carries no decree")

    @property
    def effective(self) -> dt.date:
        """The date the predicate starts: the decree date, else the decision date."""
        return self.decree_date or self.on

    def describe(self) -> str:
        if self.awarded:
            return f"ditetapkan (siklus {self.cycle}), SK {self.decree_number}"
        return f"tidak ditetapkan, pembinaan (siklus {self.cycle})"


@attrs.frozen(kw_only=True)
class MonitoringReported(Event):
    """A TPI monitoring report on a unit holding a predicate (Bab IV A angka 3-4; at least every 2 years)."""

    kind: ClassVar[str] = "monitoring_reported"

    def describe(self) -> str:
        return "laporan pemantauan TPI"


@attrs.frozen(kw_only=True)
class Verified(Event):
    """TPN verification of a unit holding a predicate (Bab IV A, TPN angka 1-3): of a TPI monitoring report,
    a periodic field evaluation, or a field check of a reported maladministration (``prompted_by``).
    ``findings=True`` records proven maladministration or corruption: the finding a revocation rests on."""

    kind: ClassVar[str] = "verified"
    findings: bool = False
    prompted_by: str | None = None

    def describe(self) -> str:
        why = f" atas {self.prompted_by}" if self.prompted_by else ""
        return "verifikasi TPN" + why + (" dengan temuan" if self.findings else "")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError(f"expected a non-empty text; got {value!r}")
    return value.strip()


@attrs.frozen(kw_only=True)
class Revoked(Event):
    """Pencabutan: the Minister revokes the predicate by decree (Bab IV C), on a finding.

    The finding is TPN's: a verification with findings recorded in this journey (``finding_on``, the
    date of that :class:`Verified` event), or one that happened elsewhere (``finding_source``: the TPN
    letter or report, e.g. a number or URL). Exactly one of the two is given.
    """

    kind: ClassVar[str] = "revoked"
    decree_number: str
    finding_on: dt.date | None = attrs.field(default=None, converter=attrs.converters.optional(_date))
    finding_source: str | None = attrs.field(default=None, converter=_text)

    def __attrs_post_init__(self) -> None:
        if (self.finding_on is None) == (self.finding_source is None):
            raise InvalidValueError(
                "a revocation rests on a finding (Bab IV C): give finding_on (the date of a TPN verification with "
                "findings in this journey) or finding_source (a finding recorded elsewhere), not both"
            )
        if self.finding_on is not None and self.finding_on > self.on:
            raise InvalidValueError(f"the finding of {self.finding_on} comes after the revocation of {self.on}")

    def describe(self) -> str:
        basis = (
            f"temuan verifikasi {self.finding_on.isoformat()}" if self.finding_on else f"temuan: {self.finding_source}"
        )
        return f"predikat dicabut, SK {self.decree_number} ({basis})"


@attrs.frozen(kw_only=True)
class ProposalVoided(Event):
    """Proposals voided: an unlawful KKN act in the instansi in the proposal year, especially (not only) one
    involving its top leadership (90/2021 Lampiran II Penutup, p. 65)."""

    kind: ClassVar[str] = "proposal_voided"
    cycle: int = attrs.field(converter=_cycle)

    def describe(self) -> str:
        return f"usulan siklus {self.cycle} digugurkan (KKN di instansi)"


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
        raise InvalidValueError(f"reached is one of {', '.join(_REACHED)}; got {value!r}")
    return text


def _route(value: Any) -> str:
    if value not in ("tpn", "mandiri"):
        raise InvalidValueError(f"route is 'tpn' or 'mandiri' (5/2024 Lampiran II Bab II B); got {value!r}")
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
            "a recorded award needs the decree number (decree_number)",
            "a recorded outcome without an award carries no decree",
        )
        if self.route == "mandiri" and self.target is not Predicate.WBK:
            raise InvalidValueError("the mandiri route awards WBK only (5/2024 Lampiran II Bab II B)")
        if self.on.year < self.cycle:
            raise InvalidValueError(f"the outcome of cycle {self.cycle} cannot be dated {self.on.isoformat()}")

    @property
    def effective(self) -> dt.date:
        """The date the predicate starts: the decree date, else the recorded date."""
        return self.decree_date or self.on

    def describe(self) -> str:
        how = "mandiri" if self.route == "mandiri" else "TPN"
        if self.awarded:
            what = f"ditetapkan menuju {self.target.value} ({how}), SK {self.decree_number}"
        else:
            upto = f", sampai tahap {self.reached.replace('_', ' ')}" if self.reached else ""
            what = f"diusulkan menuju {self.target.value}, tidak ditetapkan{upto}"
        return f"tercatat: siklus {self.cycle} {what} [sumber: {self.source}]"


@attrs.frozen(kw_only=True)
class MandiriDecided(Event):
    """Evaluasi mandiri (5/2024 Lampiran II Bab II B): an instansi that meets the Minister's criteria
    evaluates the unit itself and its head decides; the WBK it awards counts the same as TPN's and opens
    the WBBM path. Only for WBK, on a cycle the TPI assessed and that was not proposed to TPN."""

    kind: ClassVar[str] = "mandiri_decided"
    cycle: int = attrs.field(converter=_cycle)
    awarded: bool
    decree_number: str | None = None
    decree_date: dt.date | None = attrs.field(default=None, converter=attrs.converters.optional(_date))

    def __attrs_post_init__(self) -> None:
        _check_decree(
            self,
            "a mandiri award needs the decree number of the instansi head (decree_number)",
            "a mandiri decision without an award carries no decree",
        )

    @property
    def effective(self) -> dt.date:
        """The date the predicate starts: the decree date, else the decision date."""
        return self.decree_date or self.on

    def describe(self) -> str:
        if self.awarded:
            return f"ditetapkan menuju WBK secara mandiri (siklus {self.cycle}), SK {self.decree_number}"
        return f"evaluasi mandiri siklus {self.cycle}: belum ditetapkan"


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


def as_date(value: Any) -> dt.date:
    """An event's date from a date or a date string (the converter of every ``on`` field)."""
    return _date(value)


def as_cycle(value: Any) -> int:
    """An evaluation year, checked (the converter of every ``cycle`` field)."""
    return _cycle(value)
