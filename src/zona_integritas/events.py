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
    "MonitoringReported",
    "PreEvaluated",
    "PreEvaluationOutcome",
    "ProposalVoided",
    "Proposed",
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


@attrs.frozen
class Event:
    """Base of every event: the date (positional), who recorded it and a note (keywords)."""

    kind: ClassVar[str] = "event"
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
    """Penetapan unit: the instansi picks the unit to build ZI."""

    kind: ClassVar[str] = "unit_designated"

    def describe(self) -> str:
        return "unit ditetapkan membangun ZI"


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
    """Survey results of the cycle (Bab III C.2): IPAK and IPKP indices on 0–4."""

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
        if self.awarded and not self.decree_number:
            raise InvalidValueError("an award needs the decree number (decree_number)")
        if not self.awarded and (self.decree_number or self.decree_date):
            raise InvalidValueError("pembinaan carries no decree")
        if self.decree_date is not None and self.decree_date > self.on:
            raise InvalidValueError(f"decree dated {self.decree_date} after the decision recorded on {self.on}")

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
    """A TPI monitoring report on a unit holding a predicate (Bab IV A; at least every 2 years)."""

    kind: ClassVar[str] = "monitoring_reported"

    def describe(self) -> str:
        return "laporan pemantauan TPI"


@attrs.frozen(kw_only=True)
class Verified(Event):
    """TPN verification or periodic field check of a unit holding a predicate (Bab IV B)."""

    kind: ClassVar[str] = "verified"
    findings: bool = False

    def describe(self) -> str:
        return "verifikasi TPN" + (" dengan temuan" if self.findings else "")


@attrs.frozen(kw_only=True)
class Revoked(Event):
    """Pencabutan: the Minister revokes the predicate by decree (Bab IV C)."""

    kind: ClassVar[str] = "revoked"
    decree_number: str

    def describe(self) -> str:
        return f"predikat dicabut, SK {self.decree_number}"


@attrs.frozen(kw_only=True)
class ProposalVoided(Event):
    """Proposals voided: KKN by the instansi's top leadership in the proposal year (Lampiran II, Penutup)."""

    kind: ClassVar[str] = "proposal_voided"
    cycle: int = attrs.field(converter=_cycle)

    def describe(self) -> str:
        return f"usulan siklus {self.cycle} digugurkan (KKN pimpinan tertinggi instansi)"


#: Every event type by its ``kind``.
EVENT_TYPES: dict[str, type[Event]] = {
    cls.kind: cls
    for cls in (
        Declared,
        UnitDesignated,
        BuildingStarted,
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
    )
}
