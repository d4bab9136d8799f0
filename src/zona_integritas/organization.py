"""Instansi, units and kawasan, and the yearly facts that decide who may be proposed.

Grades compare by their official order, not alphabetically: SAKIP and Indeks RB grades run
AA > A > BB > B > CC > C > D; BPK opinions run WTP > WDP > TW > TMP.

>>> Grade.parse("BB") > Grade.parse("B"), Grade.A > Grade.BB
(True, True)
>>> BpkOpinion.WTP > BpkOpinion.WDP
True
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Any

import attrs

from .errors import InvalidAnswerError
from .inputs import echo, text_problem
from .rulebook import Predicate

__all__ = [
    "BpkOpinion",
    "Grade",
    "Instansi",
    "InstansiFacts",
    "InstansiKind",
    "Kawasan",
    "Unit",
    "UnitFacts",
    "UnitKind",
]


class _Ranked(enum.Enum):
    """An enum whose members are listed best first and compare by that order."""

    @property
    def rank(self) -> int:
        """0 for the best member, increasing as it gets worse."""
        return list(type(self)).index(self)

    def __lt__(self, other: Any) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.rank > other.rank

    def __le__(self, other: Any) -> bool:
        return bool(self == other or self < other)

    def __gt__(self, other: Any) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.rank < other.rank

    def __ge__(self, other: Any) -> bool:
        return bool(self == other or self > other)

    @classmethod
    def parse(cls, value: Any) -> Any:
        """A member from itself or its name (any case)."""
        if isinstance(value, cls):
            return value
        if isinstance(value, str):
            for member in cls:
                if member.value.casefold() == value.strip().casefold():
                    return member
        names = ", ".join(m.value for m in cls)
        raise InvalidAnswerError(f"{cls.__name__} must be one of {names}; got {value!r}")


class Grade(_Ranked):
    """A SAKIP or Indeks RB grade, best first."""

    AA = "AA"
    A = "A"
    BB = "BB"
    B = "B"
    CC = "CC"
    C = "C"
    D = "D"


class BpkOpinion(_Ranked):
    """The state auditor's opinion on the financial statements, best first."""

    WTP = "WTP"  #: wajar tanpa pengecualian (unqualified)
    WDP = "WDP"  #: wajar dengan pengecualian (qualified)
    TW = "TW"  #: tidak wajar (adverse)
    TMP = "TMP"  #: tidak menyatakan pendapat (disclaimer)


class InstansiKind(enum.Enum):
    """A regional government (pemda) or a ministry/agency (K/L)."""

    PEMDA = "pemda"
    KL = "kl"


class UnitKind(enum.Enum):
    """The kind of unit; the first six are the *afirmasi* kinds of 5/2024 (regional units)."""

    RSUD = "rsud"  #: regional hospital
    DUKCAPIL = "dukcapil"  #: population and civil registry
    SAMSAT = "samsat"  #: one-roof vehicle administration
    PTSP = "ptsp"  #: one-stop integrated services
    PENDIDIKAN = "pendidikan"  #: education services
    KETENAGAKERJAAN = "ketenagakerjaan"  #: labour services
    OTHER = "other"


def _grade(value: Any) -> Grade | None:
    return None if value is None else Grade.parse(value)


def _opinion(value: Any) -> BpkOpinion | None:
    return None if value is None else BpkOpinion.parse(value)


def _percent(value: Any) -> Decimal | None:
    if value is None:
        return None
    number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if not Decimal(0) <= number <= Decimal(100):
        raise InvalidAnswerError(f"a percentage lies in [0, 100]; got {value!r}")
    return number


def _spip(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise InvalidAnswerError(f"SPIP maturity is a level from 1 to 5; got {value!r}")
    return value


def _eselon(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 4:
        raise InvalidAnswerError(f"an eselon level is a whole number from 1 (eselon I) to 4 (eselon IV); got {value!r}")
    return value


def _count(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidAnswerError(f"a count is a non-negative whole number; got {value!r}")
    return value


def _is_bool(_instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, bool):
        raise InvalidAnswerError(f"{attribute.name} must be true or false; got {value!r}")


def _optional_date(value: Any) -> dt.date | None:
    if value is None:
        return None
    from .dates import parse_date

    return parse_date(value)


def _predicate(value: Any) -> Predicate | None:
    return None if value is None else Predicate.parse(value)


def _text(value: object, where: str) -> None:
    """A name or id is non-empty text that every writer can emit (no control characters or lone surrogates)."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidAnswerError(f"{where} must be non-empty text, got {echo(value)}")
    problem = text_problem(value)
    if problem is not None:
        raise InvalidAnswerError(f"{where} {problem}")


@attrs.frozen
class Instansi:
    """A government body that proposes units: a pemda (province, regency, city) or a K/L."""

    name: str = attrs.field(validator=lambda _s, a, v: _text(v, f"instansi {a.name}"))
    kind: InstansiKind = attrs.field(converter=InstansiKind)


@attrs.frozen
class InstansiFacts:
    """An instansi's facts for one year. ``None`` means not known (a condition on it then fails).

    ``units_total`` / ``units_with_predicate`` feed the informational 30 % flag of a rulebook that still
    states it (90/2021 as amended by 5/2024 does not). ``kkn_case`` records an unlawful KKN act in the
    instansi in that year, which voids its proposals (90/2021 Lampiran II Penutup); ``kkn_top_leadership``
    says, when known, whether the instansi's top leadership was involved. ``bpk_opinion_previous`` is the
    opinion of the year before (52/2014 asks WTP two years running for WBBM).
    """

    year: int
    bpk_opinion: BpkOpinion | None = attrs.field(default=None, converter=_opinion)
    sakip: Grade | None = attrs.field(default=None, converter=_grade)
    indeks_rb: Grade | None = attrs.field(default=None, converter=_grade)
    spip_level: int | None = attrs.field(default=None, converter=_spip)
    units_total: int | None = attrs.field(default=None, converter=_count)
    units_with_predicate: int | None = attrs.field(default=None, converter=_count)
    kkn_case: bool = attrs.field(default=False, validator=_is_bool)
    kkn_top_leadership: bool | None = attrs.field(default=None, validator=attrs.validators.optional(_is_bool))
    bpk_opinion_previous: BpkOpinion | None = attrs.field(default=None, converter=_opinion)

    def __attrs_post_init__(self) -> None:
        if self.kkn_top_leadership is not None and not self.kkn_case:
            raise InvalidAnswerError(
                f"kkn_top_leadership={self.kkn_top_leadership} describes a KKN case, but kkn_case is False"
            )
        if (
            self.units_total is not None
            and self.units_with_predicate is not None
            and self.units_with_predicate > self.units_total
        ):
            raise InvalidAnswerError(
                f"units_with_predicate ({self.units_with_predicate}) exceeds units_total ({self.units_total})"
            )


@attrs.frozen
class UnitFacts:
    """A unit's facts when it is considered for a proposal. Percentages are 0–100."""

    core_service: bool | None = attrs.field(default=None, validator=attrs.validators.optional(_is_bool))
    significant_public_impact: bool | None = attrs.field(default=None, validator=attrs.validators.optional(_is_bool))
    audit_follow_up_pct: Decimal | None = attrs.field(default=None, converter=_percent)
    lhkpn_pct: Decimal | None = attrs.field(default=None, converter=_percent)
    lhkasn_pct: Decimal | None = attrs.field(default=None, converter=_percent)
    building_wbk_since: dt.date | None = attrs.field(default=None, converter=_optional_date)
    building_wbbm_since: dt.date | None = attrs.field(default=None, converter=_optional_date)
    internal_sakip: Grade | None = attrs.field(default=None, converter=_grade)
    current_predicate: Predicate | None = attrs.field(default=None, converter=_predicate)
    revoked_on: dt.date | None = attrs.field(default=None, converter=_optional_date)
    #: 52/2014 rows: the unit's eselon level (1-4), strategic service role, reform programmes run well,
    #: considerable resources managed (Lampiran Bab III A)
    eselon_level: int | None = attrs.field(default=None, converter=_eselon)
    strategic_service: bool | None = attrs.field(default=None, validator=attrs.validators.optional(_is_bool))
    rb_programmes_done: bool | None = attrs.field(default=None, validator=attrs.validators.optional(_is_bool))
    large_resources: bool | None = attrs.field(default=None, validator=attrs.validators.optional(_is_bool))


@attrs.frozen
class Unit:
    """A unit (*unit kerja / satuan kerja*) of an instansi."""

    id: str = attrs.field(validator=lambda _s, a, v: _text(v, f"unit {a.name}"))
    name: str = attrs.field(validator=lambda _s, a, v: _text(v, f"unit {a.name}"))
    instansi: Instansi
    kind: UnitKind = attrs.field(default=UnitKind.OTHER, converter=UnitKind)


@attrs.frozen
class Kawasan:
    """A cluster of units of several instansi that serve together (90/2021 Lampiran II Bab III D.2)."""

    name: str
    units: tuple[Unit, ...] = attrs.field(converter=tuple)
