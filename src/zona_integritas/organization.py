"""Instansi, units and kawasan, and the yearly facts that decide who may be proposed.

Grades compare by their official order, not alphabetically: SAKIP and Indeks RB grades run
AA > A > BB > B > CC > C > D; BPK opinions run WTP > WDP > TW > TMP.

Facts often come from a spreadsheet or a DataFrame: NumPy and pandas values are taken as the plain values
they stand for (``numpy.int64(5)``, ``numpy.bool_(True)``, ``numpy.float64(96.5)``), and a blank cell
(``None``, NaN, pandas' ``NA`` or ``NaT``) is an unknown fact (``None``).

>>> import numpy as np
>>> facts = UnitFacts(core_service=np.bool_(True), lhkpn_pct=np.float64(96.5), revoked_on=float("nan"))
>>> facts.core_service, facts.lhkpn_pct, facts.revoked_on
(True, Decimal('96.5'), None)

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

from .decimals import parse_count, parse_decimal
from .errors import InvalidValueError
from .i18n import N_, or_list
from .i18n import gettext as _
from .inputs import echo, is_blank, located, native, text_problem
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
        plain = native(value)
        if isinstance(plain, str):
            for member in cls:
                if member.value.casefold() == plain.strip().casefold():
                    return member
        names = or_list([m.value for m in cls])
        if cls is BpkOpinion:
            message = _("a BPK opinion is {options}; got {value}")
        else:
            message = _("a SAKIP or Indeks RB grade is {options}; got {value}")
        raise InvalidValueError(
            message.format(options=names, value=echo(value)),
            code="unknown-opinion" if cls is BpkOpinion else "unknown-grade",
        )


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
    return None if is_blank(value) else Grade.parse(value)


def _opinion(value: Any) -> BpkOpinion | None:
    return None if is_blank(value) else BpkOpinion.parse(value)


def _kind(value: Any, kind: type[enum.Enum], field: str) -> Any:
    if isinstance(value, kind):
        return value
    plain = native(value)
    for member in kind:
        if isinstance(plain, str) and member.value == plain.strip().casefold():
            return member
    raise InvalidValueError(
        _("{field} is {options}; got {value}").format(
            field=field, options=or_list([repr(m.value) for m in kind]), value=echo(value)
        ),
        code="unknown-kind",
    )


def _percent(value: Any, field: str) -> Decimal | None:
    if is_blank(value):
        return None
    number = parse_decimal(value, where=field)
    if not Decimal(0) <= number <= Decimal(100):
        raise InvalidValueError(
            located(_("a percentage lies in [0, 100]; got {value}").format(value=echo(value)), field),
            code="percent-out-of-range",
        )
    return number


def _level(value: Any, field: str, low: int, high: int) -> int | None:
    if is_blank(value):
        return None
    plain = native(value)
    if isinstance(plain, float) and plain.is_integer():
        plain = int(plain)
    if isinstance(plain, bool) or not isinstance(plain, int) or not low <= plain <= high:
        if field == "spip_level":
            message = _("SPIP maturity is a level from {low} to {high}; got {value}")
        else:
            message = _("an eselon level is a whole number from {low} (eselon I) to {high} (eselon IV); got {value}")
        raise InvalidValueError(
            located(message.format(low=low, high=high, value=echo(value)), field), code="level-out-of-range"
        )
    return plain


def _count(value: Any, field: str) -> int | None:
    return None if is_blank(value) else parse_count(value, where=field)


def _year(value: Any) -> int:
    plain = native(value)
    if isinstance(plain, bool) or not isinstance(plain, int) or not 1900 <= plain <= 2999:
        raise InvalidValueError(
            located(_("a year is a whole number such as 2024; got {value}").format(value=echo(value)), "year"),
            code="not-a-year",
        )
    return plain


def _flag(value: Any, field: str, *, optional: bool) -> bool | None:
    if optional and is_blank(value):
        return None
    plain = native(value)
    if not isinstance(plain, bool):
        raise InvalidValueError(
            _("{field} must be true or false; got {value}").format(field=field, value=echo(value)),
            code="not-a-flag",
        )
    return plain


def _optional_date(value: Any) -> dt.date | None:
    if is_blank(value):
        return None
    from .dates import parse_date

    return parse_date(value)


def _predicate(value: Any) -> Predicate | None:
    return None if is_blank(value) else Predicate.parse(value)


def _instansikind(value: Any) -> InstansiKind:
    result: InstansiKind = _kind(value, InstansiKind, "instansi kind")
    return result


def _spip_level(value: Any) -> int | None:
    return _level(value, "spip_level", 1, 5)


def _units_total(value: Any) -> int | None:
    return _count(value, "units_total")


def _units_with_predicate(value: Any) -> int | None:
    return _count(value, "units_with_predicate")


def _kkn_case(value: Any) -> bool | None:
    return _flag(value, "kkn_case", optional=False)


def _kkn_top_leadership(value: Any) -> bool | None:
    return _flag(value, "kkn_top_leadership", optional=True)


def _core_service(value: Any) -> bool | None:
    return _flag(value, "core_service", optional=True)


def _significant_public_impact(value: Any) -> bool | None:
    return _flag(value, "significant_public_impact", optional=True)


def _audit_follow_up_pct(value: Any) -> Decimal | None:
    return _percent(value, "audit_follow_up_pct")


def _lhkpn_pct(value: Any) -> Decimal | None:
    return _percent(value, "lhkpn_pct")


def _lhkasn_pct(value: Any) -> Decimal | None:
    return _percent(value, "lhkasn_pct")


def _eselon_level(value: Any) -> int | None:
    return _level(value, "eselon_level", 1, 4)


def _strategic_service(value: Any) -> bool | None:
    return _flag(value, "strategic_service", optional=True)


def _rb_programmes_done(value: Any) -> bool | None:
    return _flag(value, "rb_programmes_done", optional=True)


def _large_resources(value: Any) -> bool | None:
    return _flag(value, "large_resources", optional=True)


def _unitkind(value: Any) -> UnitKind:
    result: UnitKind = _kind(value, UnitKind, "unit kind")
    return result


#: How messages name the text fields of instansi and units.
_TEXT_FIELDS = {
    ("instansi", "name"): N_("instansi name"),
    ("unit", "id"): N_("unit id"),
    ("unit", "name"): N_("unit name"),
}


def _text(value: object, owner: str, field: str) -> None:
    """A name or id is non-empty text that every writer can emit (no control characters or lone surrogates)."""
    where = _(_TEXT_FIELDS[owner, field])
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError(
            _("{where} must be non-empty text, got {value}").format(where=where, value=echo(value)), code="empty-text"
        )
    problem = text_problem(value)
    if problem is not None:
        raise InvalidValueError(_("{where} {problem}").format(where=where, problem=problem), code="unfit-text")


@attrs.frozen
class Instansi:
    """A government body that proposes units: a pemda (province, regency, city) or a K/L."""

    name: str = attrs.field(validator=lambda _s, a, v: _text(v, "instansi", a.name))
    kind: InstansiKind = attrs.field(converter=_instansikind)


@attrs.frozen
class InstansiFacts:
    """An instansi's facts for one year. ``None`` means not known (a condition on it then fails).

    ``units_total`` / ``units_with_predicate`` feed the informational 30 % flag of a rulebook that still
    states it (90/2021 as amended by 5/2024 does not). ``kkn_case`` records an unlawful KKN act in the
    instansi in that year, which voids its proposals (90/2021 Lampiran II Penutup); ``kkn_top_leadership``
    says, when known, whether the instansi's top leadership was involved. ``bpk_opinion_previous`` is the
    opinion of the year before (52/2014 asks WTP two years running for WBBM).
    """

    year: int = attrs.field(converter=_year)
    bpk_opinion: BpkOpinion | None = attrs.field(default=None, converter=_opinion)
    sakip: Grade | None = attrs.field(default=None, converter=_grade)
    indeks_rb: Grade | None = attrs.field(default=None, converter=_grade)
    spip_level: int | None = attrs.field(default=None, converter=_spip_level)
    units_total: int | None = attrs.field(default=None, converter=_units_total)
    units_with_predicate: int | None = attrs.field(default=None, converter=_units_with_predicate)
    kkn_case: bool = attrs.field(default=False, converter=_kkn_case)
    kkn_top_leadership: bool | None = attrs.field(default=None, converter=_kkn_top_leadership)
    bpk_opinion_previous: BpkOpinion | None = attrs.field(default=None, converter=_opinion)

    def __attrs_post_init__(self) -> None:
        if self.kkn_top_leadership is not None and not self.kkn_case:
            raise InvalidValueError(
                _("kkn_top_leadership={value} describes a KKN case, but kkn_case is False").format(
                    value=self.kkn_top_leadership
                ),
                code="inconsistent-facts",
            )
        if (
            self.units_total is not None
            and self.units_with_predicate is not None
            and self.units_with_predicate > self.units_total
        ):
            raise InvalidValueError(
                _("units_with_predicate ({count}) exceeds units_total ({total})").format(
                    count=self.units_with_predicate, total=self.units_total
                ),
                code="inconsistent-facts",
            )


@attrs.frozen
class UnitFacts:
    """A unit's facts when it is considered for a proposal. Percentages are 0–100."""

    core_service: bool | None = attrs.field(default=None, converter=_core_service)
    significant_public_impact: bool | None = attrs.field(default=None, converter=_significant_public_impact)
    audit_follow_up_pct: Decimal | None = attrs.field(default=None, converter=_audit_follow_up_pct)
    lhkpn_pct: Decimal | None = attrs.field(default=None, converter=_lhkpn_pct)
    lhkasn_pct: Decimal | None = attrs.field(default=None, converter=_lhkasn_pct)
    building_wbk_since: dt.date | None = attrs.field(default=None, converter=_optional_date)
    building_wbbm_since: dt.date | None = attrs.field(default=None, converter=_optional_date)
    internal_sakip: Grade | None = attrs.field(default=None, converter=_grade)
    current_predicate: Predicate | None = attrs.field(default=None, converter=_predicate)
    revoked_on: dt.date | None = attrs.field(default=None, converter=_optional_date)
    #: 52/2014 rows: the unit's eselon level (1-4), strategic service role, reform programmes run well,
    #: considerable resources managed (Lampiran Bab III A)
    eselon_level: int | None = attrs.field(default=None, converter=_eselon_level)
    strategic_service: bool | None = attrs.field(default=None, converter=_strategic_service)
    rb_programmes_done: bool | None = attrs.field(default=None, converter=_rb_programmes_done)
    large_resources: bool | None = attrs.field(default=None, converter=_large_resources)


@attrs.frozen
class Unit:
    """A unit (*unit kerja / satuan kerja*) of an instansi."""

    id: str = attrs.field(validator=lambda _s, a, v: _text(v, "unit", a.name))
    name: str = attrs.field(validator=lambda _s, a, v: _text(v, "unit", a.name))
    instansi: Instansi
    kind: UnitKind = attrs.field(default=UnitKind.OTHER, converter=_unitkind)


@attrs.frozen
class Kawasan:
    """A cluster of units of several instansi that serve together (90/2021 Lampiran II Bab III D.2)."""

    name: str
    units: tuple[Unit, ...] = attrs.field(converter=tuple)
