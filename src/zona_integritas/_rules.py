"""The regulation's rules besides the LKE: predicates, verdict criteria, kawasan rules, eligibility, the
process and the surveys, each a typed value built by the loader (re-exported by :mod:`zona_integritas.rulebook`).

>>> Predicate.parse("wbk") < Predicate.WBBM
True
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Mapping
from decimal import Decimal

import attrs
from dateutil.relativedelta import relativedelta

from ._lke import ItemCode, frozen_mapping
from .errors import InvalidValueError, RulebookError
from .i18n import gettext as _
from .inputs import echo, native
from .labels import Label


@functools.total_ordering
class Predicate(enum.Enum):
    """The two predicates, in the order a unit earns them.

    >>> Predicate.parse("wbbm") > Predicate.WBK
    True
    """

    WBK = "WBK"  #: Menuju Wilayah Bebas dari Korupsi
    WBBM = "WBBM"  #: Menuju Wilayah Birokrasi Bersih dan Melayani

    @property
    def rank(self) -> int:
        """1 for WBK, 2 for WBBM."""
        return 1 if self is Predicate.WBK else 2

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Predicate):
            return NotImplemented
        return self.rank < other.rank

    @classmethod
    def parse(cls, value: Predicate | str) -> Predicate:
        """A predicate from itself or its name in any case (``"wbk"``, ``"WBBM"``)."""
        if isinstance(value, Predicate):
            return value
        plain = native(value)
        if isinstance(plain, str):
            try:
                return cls(plain.strip().upper())
            except ValueError:
                pass
        raise InvalidValueError(
            _("predicate must be 'WBK' or 'WBBM'; got {value}").format(value=echo(value)), code="unknown-predicate"
        )


class CriterionKind(enum.Enum):
    """How a verdict criterion reads a score card."""

    MINIMUM = "minimum"  #: a node's points reach a minimum
    EACH_AREA = "each_area"  #: every change area reaches a minimum percentage of its weight
    PRIOR_PREDICATE = "prior_predicate"  #: the unit already holds a predicate


@attrs.frozen
class Criterion:
    """One threshold of a predicate, as the rulebook states it, with its source."""

    predicate: Predicate
    key: str
    kind: CriterionKind
    label: Label
    source: str
    node: str | None = None
    minimum: Decimal | None = None
    index_item: str | None = None
    index_minimum: Decimal | None = None
    survey: bool = False
    requires: Predicate | None = None


@attrs.frozen
class KawasanRule:
    """What a kawasan needs for a predicate besides every unit meeting the unit criteria."""

    predicate: Predicate
    integration_minimum: Decimal
    source: str
    requires: Predicate | None = None


class ConditionLevel(enum.StrEnum):
    """Whose fact an eligibility condition reads (equal to its TOML spelling, so ``level == "unit"`` holds)."""

    INSTANSI = "instansi"
    UNIT = "unit"


class AppliesTo(enum.StrEnum):
    """Which kind of instansi an eligibility condition applies to."""

    ALL = "all"
    PEMDA = "pemda"  #: regional governments
    KL = "kl"  #: ministries and agencies (kementerian/lembaga)


class Compare(enum.StrEnum):
    """How an eligibility condition compares a fact with its requirement."""

    AT_LEAST = "at_least"  #: a grade at least as good as ``required`` in ``order`` (best first)
    NUMBER_AT_LEAST = "number_at_least"
    NUMBER_AT_MOST = "number_at_most"
    TRUE = "true"
    MONTHS_AT_LEAST = "months_at_least"  #: months from a start date to the assessment date
    HOLDS = "holds"  #: the unit holds a predicate
    NOT_HOLDS = "not_holds"


@attrs.frozen(kw_only=True)
class EligibilityCondition:
    """One condition to be proposed: a fact of the instansi or unit compared with a requirement."""

    predicate: Predicate
    key: str
    level: ConditionLevel = attrs.field(converter=ConditionLevel)
    fact: str
    compare: Compare = attrs.field(converter=Compare)
    label: Label
    source: str
    required: str | None = None
    order: str | None = None
    applies_to: AppliesTo = attrs.field(default=AppliesTo.ALL, converter=AppliesTo)
    #: an afirmasi unit may be proposed while this condition is still being met (5/2024 Tabel 5 rows)
    afirmasi_waivable: bool = False


@attrs.frozen
class RevocationBar:
    """How long after a revocation a unit may not be proposed for WBK again, with its source.

    The one place the bar is computed (eligibility, journeys and portfolios all ask it):

    >>> bar = RevocationBar(years=2, source="90/2021 Lampiran II Bab IV C")
    >>> bar.lifted_on(dt.date(2024, 2, 29))
    datetime.date(2026, 2, 28)
    """

    years: int
    source: str

    def lifted_on(self, revoked_on: dt.date) -> dt.date:
        """The first date a unit revoked on ``revoked_on`` may be proposed again (the anniversary)."""
        result: dt.date = revoked_on + relativedelta(years=self.years)
        return result


@attrs.frozen
class BuildingPeriod:
    """How long a unit must have been building ZI before it is proposed, with its source.

    >>> BuildingPeriod(months=12, source="5/2024").complete_on(dt.date(2023, 3, 31))
    datetime.date(2024, 3, 31)
    """

    months: int
    source: str

    def complete_on(self, since: dt.date) -> dt.date:
        """The first date a unit building since ``since`` has built long enough."""
        result: dt.date = since + relativedelta(months=self.months)
        return result


@attrs.frozen(kw_only=True)
class ProcessRules:
    """The numbers of the evaluation process (the rulebook's ``[process]`` table), typed, with sources.

    >>> from zona_integritas import load_rulebook
    >>> process = load_rulebook("permenpanrb-90-2021").process
    >>> process.proposal_deadline, process.building.months, process.revocation.years
    ((5, 31), 12, 2)
    """

    proposal_deadline: tuple[int, int]  #: (month, day) of the yearly proposal deadline
    proposal_deadline_source: str
    building: BuildingPeriod
    revocation: RevocationBar
    monitoring_interval_years: int
    monitoring_source: str
    #: from when an instansi may evaluate WBK itself (5/2024 Lampiran II Bab II B); ``None`` when not stated
    mandiri_from: dt.date | None = None
    mandiri_source: str = ""

    def deadline_in(self, year: int) -> dt.date:
        """The default proposal deadline of cycle ``year``.

        >>> from zona_integritas import load_rulebook
        >>> load_rulebook("permenpanrb-90-2021").process.deadline_in(2024)
        datetime.date(2024, 5, 31)
        """
        month, day = self.proposal_deadline
        return dt.date(year, month, day)


@attrs.frozen(kw_only=True)
class EligibilityRules:
    """The proposal conditions of a rulebook and the numbers of its special rules."""

    conditions: tuple[EligibilityCondition, ...]
    orders: Mapping[str, tuple[str, ...]] = attrs.field(eq=False, hash=False, converter=frozen_mapping)
    afirmasi_kinds: tuple[str, ...]
    afirmasi_targets: tuple[Predicate, ...]
    afirmasi_source: str
    revocation: RevocationBar  #: the ``[process]`` table's bar (one rule, one place)
    saturation_share: Decimal | None
    saturation_source: str
    kkn_source: str

    @property
    def revocation_bar_years(self) -> int:
        """The revocation bar in years (the ``[process]`` table's, kept here for callers of 0.1)."""
        return self.revocation.years

    @property
    def revocation_source(self) -> str:
        """The source of the revocation bar."""
        return self.revocation.source


@attrs.frozen
class Amendment:
    """A later regulation that changed part of a rulebook's regulation, from a date."""

    short: str
    on: dt.date
    scope: str
    source: str


def _note(value: Label | str) -> Label:
    return value if isinstance(value, Label) else Label(value, value)


@attrs.frozen
class InForce:
    """The period a rulebook's regulation is in force: from ``start`` to ``end`` (inclusive; ``None`` open).

    ``not_modelled`` names what of the period the rulebook does not model (a later amendment that is not
    available), in the current language; ``not_modelled_label`` holds both languages.

    >>> InForce(dt.date(2021, 12, 31), None, "90/2021 Pasal 12").covers(dt.date(2022, 1, 1))
    True
    """

    start: dt.date
    end: dt.date | None
    source: str
    amendments: tuple[Amendment, ...] = ()
    not_modelled_label: Label = attrs.field(default=Label("", ""), converter=_note, alias="not_modelled")

    @property
    def not_modelled(self) -> str:
        """What of the period is not modelled, in the current language (``""`` when nothing)."""
        return self.not_modelled_label.in_language()

    def covers(self, day: dt.date) -> bool:
        """Whether the regulation is in force on ``day``."""
        return self.start <= day and (self.end is None or day <= self.end)


@attrs.frozen
class SurveyAspect:
    """One aspect of a perception survey (an IPAK corruption aspect, an IPKP service element)."""

    code: str
    label: Label


@attrs.frozen(kw_only=True)
class PerceptionSurveyRules:
    """One perception survey of the hasil component: the LKE item it answers and its aspects."""

    kind: str  #: ``"ipak"`` or ``"ipkp"``
    item: ItemCode
    label: Label
    source: str
    aspects: tuple[SurveyAspect, ...]

    @property
    def aspect_codes(self) -> tuple[str, ...]:
        """The aspect codes in rulebook order."""
        return tuple(a.code for a in self.aspects)


@attrs.frozen(kw_only=True)
class SurveyRules:
    """The survey rules of a rulebook (its ``[surveys]`` table), typed, with sources.

    >>> from zona_integritas import load_rulebook
    >>> surveys = load_rulebook("permenpanrb-90-2021").surveys
    >>> surveys.minimum_respondents, surveys.perception("ipak").item, surveys.item_codes
    (30, 'H1.a', ('H1.a', 'H2.a'))
    """

    minimum_respondents: int
    minimum_respondents_source: str
    completed_service_source: str
    coverage_source: str
    perceptions: tuple[PerceptionSurveyRules, ...]

    def perception(self, kind: str) -> PerceptionSurveyRules:
        """The rules of survey ``kind`` (``"ipak"`` or ``"ipkp"``); :class:`RulebookError` when there are none."""
        for rules in self.perceptions:
            if rules.kind == kind:
                return rules
        if not self.perceptions:
            raise RulebookError(
                _("the rulebook has no {kind} survey (it has no perception surveys)").format(kind=repr(kind)),
                code="unknown-survey",
            )
        known = ", ".join(r.kind for r in self.perceptions)
        raise RulebookError(
            _("the rulebook has no {kind} survey (surveys: {known})").format(kind=repr(kind), known=known),
            code="unknown-survey",
        )

    @property
    def item_codes(self) -> tuple[ItemCode, ...]:
        """The LKE items the perception surveys answer, in rulebook order (``H1.a``, ``H2.a`` in 90/2021)."""
        return tuple(r.item for r in self.perceptions)
