"""The regulation as an immutable tree: components, sub-components, areas, indicators, items.

A :class:`Rulebook` is loaded from a data file shipped with the library (see
:func:`zona_integritas.load_rulebook`); this module holds its shape and the mechanisms that do not depend
on any particular regulation (how an option maps to a multiplier, how counts become a ratio).

>>> from zona_integritas import load_rulebook
>>> rb = load_rulebook("permenpanrb-90-2021")
>>> rb.item("P1.iii.a").scale.multiplier("b")
Decimal('0.67')
>>> rb.area(1).label.en, rb.area(1).weight
('Change management', Decimal('8'))
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, NewType

import attrs
from dateutil.relativedelta import relativedelta

from .decimals import CONTEXT
from .errors import InvalidAnswerError, InvalidValueError, RulebookError, UnknownItemError, UnknownRulebookError
from .labels import Label, or_list

__all__ = [
    "AppliesTo",
    "Area",
    "AreaHalf",
    "BuildingPeriod",
    "Compare",
    "Component",
    "ConditionLevel",
    "CountFormula",
    "CountInput",
    "Criterion",
    "CriterionKind",
    "EligibilityCondition",
    "EligibilityRules",
    "FormulaKind",
    "FrozenMapping",
    "Indicator",
    "Item",
    "ItemCode",
    "ItemKind",
    "KawasanRule",
    "Option",
    "PerceptionSurveyRules",
    "Predicate",
    "ProcessRules",
    "RevocationBar",
    "Rulebook",
    "RulebookStatus",
    "Scale",
    "SubComponent",
    "SurveyAspect",
    "SurveyRules",
    "register_rulebook",
    "registered_rulebook",
]

#: The code of an LKE item, e.g. ``"P1.i.a"`` (pemenuhan, area 1, indicator i, item a) or ``"H1.a"``.
ItemCode = NewType("ItemCode", str)

_ONE = Decimal(1)
_ZERO = Decimal(0)


class ItemKind(enum.Enum):
    """How an item is answered."""

    CHOICE = "choice"  #: one option of a scale (Ya/Tidak, A/B/C, A/B/C/D, A/B/C/D/E)
    INDEX = "index"  #: a survey index on a numeric range (0-4 for IPAK and IPKP)
    COUNT = "count"  #: named whole counts, turned into a share by a formula


class FormulaKind(enum.Enum):
    """The fixed set of formulas that turn counts into an item value in [0, 1]."""

    RATIO = "ratio"  #: numerator / denominator
    RATIO_OF_SUM = "ratio_of_sum"  #: numerator / (sum of several denominators)
    DECREASE_RATIO = "decrease_ratio"  #: (previous - current) / previous, floored at 0


class RulebookStatus(enum.Enum):
    """Whether the regulation of a rulebook is in force or superseded (legacy data)."""

    IN_FORCE = "in-force"
    SUPERSEDED = "superseded"


class FrozenMapping(Mapping[Any, Any]):
    """A read-only, picklable mapping: the parts of a rulebook are shared by every caller, so nobody may change them.

    >>> m = FrozenMapping({"a": 1})
    >>> m["a"], dict(m), m == {"a": 1}
    (1, {'a': 1}, True)
    >>> m["b"] = 2
    Traceback (most recent call last):
    ...
    TypeError: 'FrozenMapping' object does not support item assignment
    """

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[Any, Any] | None = None) -> None:
        self._data = dict(data or {})

    def __getitem__(self, key: Any) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"FrozenMapping({self._data!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenMapping, (self._data,))


def _frozen_mapping(value: Mapping[Any, Any]) -> Mapping[Any, Any]:
    """A read-only copy of ``value`` (kept as it is when it already is one)."""
    return value if isinstance(value, FrozenMapping) else FrozenMapping(value)


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
        if isinstance(value, str):
            try:
                return cls(value.strip().upper())
            except ValueError:
                pass
        raise InvalidValueError(f"predicate must be 'WBK' or 'WBBM'; got {value!r}")


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
    orders: Mapping[str, tuple[str, ...]] = attrs.field(eq=False, hash=False, converter=_frozen_mapping)
    afirmasi_kinds: tuple[str, ...]
    afirmasi_targets: tuple[Predicate, ...]
    afirmasi_source: str
    revocation: RevocationBar  #: the ``[process]`` table's bar (one rule, one place)
    saturation_share: Decimal
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
        known = ", ".join(r.kind for r in self.perceptions) or "none"
        raise RulebookError(f"the rulebook has no {kind!r} survey (surveys: {known})")

    @property
    def item_codes(self) -> tuple[ItemCode, ...]:
        """The LKE items the perception surveys answer, in rulebook order (``H1.a``, ``H2.a`` in 90/2021)."""
        return tuple(r.item for r in self.perceptions)


@attrs.frozen
class Option:
    """One answer option of a choice scale and the multiplier it scores."""

    key: str
    multiplier: Decimal


@attrs.frozen
class Scale:
    """An answer scale: choice options with multipliers, or a numeric index range."""

    name: str
    label: Label
    source: str
    options: tuple[Option, ...] = ()
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    _by_key: Mapping[str, Decimal] = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        # attrs' documented way to fill a derived field of a frozen class
        object.__setattr__(self, "_by_key", {o.key.casefold(): o.multiplier for o in self.options})

    @property
    def is_choice(self) -> bool:
        """Whether the scale is a list of options (otherwise it is a numeric range)."""
        return bool(self.options)

    @property
    def keys(self) -> tuple[str, ...]:
        """The option keys in the regulation's order, best first."""
        return tuple(o.key for o in self.options)

    def canonical_key(self, key: str) -> str | None:
        """The option key as the rulebook spells it, for a case-insensitive ``key``; ``None`` if unknown."""
        folded = key.strip().casefold()
        for option in self.options:
            if option.key.casefold() == folded:
                return option.key
        return None

    def multiplier(self, key: str) -> Decimal:
        """The multiplier of option ``key`` (case-insensitive)."""
        try:
            return self._by_key[key.strip().casefold()]
        except KeyError:
            raise InvalidAnswerError(f"scale {self.label.id} takes {or_list(self.keys)}; got {key!r}") from None


@attrs.frozen
class CountInput:
    """One named count of a count-based item, with its PortalRB soal id and workbook row."""

    name: str
    soal: int
    row: int | None
    label: Label


@attrs.frozen
class AtMost:
    """A consistency rule between counts: ``sum(left) <= sum(right)`` (e.g. submitted <= obliged)."""

    left: tuple[str, ...]
    right: tuple[str, ...]


@attrs.frozen
class CountFormula:
    """How the counts of a count-based item become a value in [0, 1].

    >>> f = CountFormula(FormulaKind.DECREASE_RATIO, ("this_year",), ("last_year",), Decimal(0), ())
    >>> f.evaluate({"last_year": 10, "this_year": 4})
    Decimal('0.6')
    >>> f.evaluate({"last_year": 0, "this_year": 0})
    Decimal('1')
    """

    kind: FormulaKind
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    when_denominator_is_zero: Decimal
    at_most: tuple[AtMost, ...]

    def evaluate(self, counts: Mapping[str, int]) -> Decimal:
        """The value in [0, 1] for ``counts`` (already validated as non-negative whole numbers)."""
        top = sum(counts[name] for name in self.numerator)
        bottom = sum(counts[name] for name in self.denominator)
        if self.kind is FormulaKind.DECREASE_RATIO:
            # numerator holds the current period, denominator the previous one
            if bottom == 0:
                return _ONE if top == 0 else _ZERO
            if top >= bottom:
                return _ZERO
            return CONTEXT.divide(Decimal(bottom - top), Decimal(bottom))
        if bottom == 0:
            return self.when_denominator_is_zero
        if top >= bottom:
            return _ONE
        return CONTEXT.divide(Decimal(top), Decimal(bottom))

    def violations(self, counts: Mapping[str, int]) -> list[str]:
        """The consistency rules that ``counts`` break, as sentences."""
        found = []
        for rule in self.at_most:
            left = sum(counts[n] for n in rule.left)
            right = sum(counts[n] for n in rule.right)
            if left > right:
                found.append(f"{' + '.join(rule.left)} ({left}) exceeds {' + '.join(rule.right)} ({right})")
        return found


@attrs.frozen
class Item:
    """One scored LKE item: a question with its answer kind, scale or count formula, and sources."""

    code: ItemCode
    label: Label
    kind: ItemKind
    indicator: str
    soal: tuple[int, ...]
    row: int | None
    source: str
    scale: Scale | None = None
    inputs: tuple[CountInput, ...] = ()
    formula: CountFormula | None = None

    @property
    def input_names(self) -> tuple[str, ...]:
        """The names of the counts a count-based item takes (empty for other kinds)."""
        return tuple(i.name for i in self.inputs)

    @property
    def best_answer(self) -> object:
        """An answer that scores the item's maximum (the first option, the top of the index, full counts)."""
        if self.kind is ItemKind.CHOICE:
            assert self.scale is not None
            return self.scale.options[0].key
        if self.kind is ItemKind.INDEX:
            assert self.scale is not None and self.scale.maximum is not None
            return self.scale.maximum
        assert self.formula is not None
        counts = {name: 0 for name in self.input_names}
        if self.formula.kind is not FormulaKind.DECREASE_RATIO:
            counts[self.formula.denominator[0]] = 1
            for name in self.formula.numerator:
                counts[name] = 1
        return counts


@attrs.frozen
class Indicator:
    """An indicator (sub-area) with its weight: the mean of its items times the weight, or the sum of its parts."""

    code: str
    label: Label
    weight: Decimal
    source: str
    parent: str
    items: tuple[Item, ...] = ()
    parts: tuple[Indicator, ...] = ()

    def walk_items(self) -> Iterator[Item]:
        """Every item under this indicator, parts included, in rulebook order."""
        yield from self.items
        for part in self.parts:
            yield from part.walk_items()


@attrs.frozen
class AreaHalf:
    """The pemenuhan or reform half of one change area (codes ``P1``…``P6``, ``R1``…``R6``)."""

    code: str
    area: int
    subcomponent: str
    weight: Decimal
    indicators: tuple[Indicator, ...]


@attrs.frozen
class Area:
    """One of the six change areas, with its two halves."""

    number: int
    label: Label
    source: str
    halves: tuple[AreaHalf, ...]

    @property
    def weight(self) -> Decimal:
        """The area's weight: the sum of its halves."""
        return sum((h.weight for h in self.halves), _ZERO)

    @property
    def code(self) -> str:
        """The area's code in score cards, ``A1``…``A6``."""
        return f"A{self.number}"


@attrs.frozen
class SubComponent:
    """Pemenuhan, reform, or a hasil sub-component (``H1``, ``H2``)."""

    code: str
    label: Label
    weight: Decimal
    source: str
    component: str
    halves: tuple[AreaHalf, ...] = ()
    indicators: tuple[Indicator, ...] = ()


@attrs.frozen
class Component:
    """Pengungkit or hasil."""

    code: str
    label: Label
    weight: Decimal
    source: str
    subcomponents: tuple[SubComponent, ...]


@attrs.frozen(eq=False, repr=False, kw_only=True)
class Rulebook:
    """One regulation version's LKE as data. Equal when id and content digest are equal.

    A rulebook has an identity: its ``id`` and the SHA-256 ``digest`` of the TOML text it was built from. The
    loader keeps that text (``toml``), so pickling a rulebook carries its content and a city's own variant
    unpickles in a process that never saw it. :func:`register_rulebook` makes a rulebook findable by id for
    :func:`~zona_integritas.load_rulebook`, JSON payloads, workbooks and the store.
    """

    id: str
    title: str
    short: str
    status: RulebookStatus
    total: Decimal
    total_source: str
    components: tuple[Component, ...]
    areas: tuple[Area, ...]
    scales: Mapping[str, Scale] = attrs.field(repr=False, converter=_frozen_mapping)
    digest: str = attrs.field(repr=False)
    criteria: tuple[Criterion, ...] = attrs.field(repr=False, default=())
    kawasan_rules: tuple[KawasanRule, ...] = attrs.field(repr=False, default=())
    eligibility: EligibilityRules | None = attrs.field(repr=False, default=None)
    process: ProcessRules | None = attrs.field(repr=False, default=None)
    surveys: SurveyRules | None = attrs.field(repr=False, default=None)
    superseded_by: str | None = attrs.field(repr=False, default=None)
    #: the tables of the file this version of the library does not read, read-only (kept, never interpreted)
    extra: Mapping[str, object] = attrs.field(repr=False, factory=dict, converter=_frozen_mapping)
    #: the TOML text the rulebook was built from ("" for one built in code, which then cannot be pickled)
    toml: str = attrs.field(repr=False, default="")
    _items: Mapping[str, Item] = attrs.field(init=False, repr=False)
    _codes: tuple[ItemCode, ...] = attrs.field(init=False, repr=False)
    _indicators: Mapping[str, Indicator] = attrs.field(init=False, repr=False)
    _soal: Mapping[int, tuple[Item, str | None]] = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        items: dict[str, Item] = {}
        indicators: dict[str, Indicator] = {}
        soal: dict[int, tuple[Item, str | None]] = {}

        def add(ind: Indicator) -> None:
            indicators[ind.code] = ind
            for it in ind.items:
                items[it.code] = it
                if it.kind is ItemKind.COUNT:
                    for inp in it.inputs:
                        soal[inp.soal] = (it, inp.name)
                else:
                    for s in it.soal:
                        soal[s] = (it, None)
            for part in ind.parts:
                add(part)

        for comp in self.components:
            for sub in comp.subcomponents:
                for half in sub.halves:
                    for ind in half.indicators:
                        add(ind)
                for ind in sub.indicators:
                    add(ind)
        # derived lookups of a frozen class, filled the way attrs documents
        object.__setattr__(self, "_items", MappingProxyType(items))
        object.__setattr__(self, "_codes", tuple(ItemCode(c) for c in items))
        object.__setattr__(self, "_indicators", MappingProxyType(indicators))
        object.__setattr__(self, "_soal", MappingProxyType(soal))

    def __repr__(self) -> str:
        return f"<Rulebook {self.id} ({self.short}, {self.status.value}): {len(self._items)} items>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Rulebook):
            return NotImplemented
        return self.id == other.id and self.digest == other.digest

    def __hash__(self) -> int:
        return hash((self.id, self.digest))

    def __reduce__(self) -> tuple[object, ...]:
        # the content travels with the pickle (compressed: the 90/2021 file is ~110 KB, ~14 KB compressed);
        # unpickling finds the registered rulebook by id and digest, or rebuilds it from the text
        if not self.toml:
            raise RulebookError(f"rulebook {self.id!r} was built without its TOML text and cannot be pickled")
        return (_unpickle_rulebook, (self.id, self.digest, zlib.compress(self.toml.encode("utf-8"), 6)))

    # -- lookups ---------------------------------------------------------------------------------------------
    @property
    def items(self) -> tuple[Item, ...]:
        """Every scored item, in rulebook order."""
        return tuple(self._items.values())

    @property
    def item_codes(self) -> tuple[ItemCode, ...]:
        """Every item code, in rulebook order."""
        return self._codes

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        """Every indicator and sub-indicator, in rulebook order."""
        return tuple(self._indicators.values())

    def has_item(self, code: str) -> bool:
        """Whether ``code`` names an item of this rulebook."""
        return code in self._items

    def item(self, code: str) -> Item:
        """The item with ``code``; :class:`UnknownItemError` names close matches when there is none."""
        try:
            return self._items[code]
        except KeyError:
            raise UnknownItemError(self._unknown(code, self._items, "item")) from None

    def indicator(self, code: str) -> Indicator:
        """The indicator (or sub-indicator) with ``code``."""
        try:
            return self._indicators[code]
        except KeyError:
            raise UnknownItemError(self._unknown(code, self._indicators, "indicator")) from None

    def item_for_soal(self, soal: int) -> tuple[Item, str | None]:
        """The item a PortalRB soal id belongs to, and the count input's name for a ``Jumlah`` soal."""
        try:
            return self._soal[soal]
        except KeyError:
            raise UnknownItemError(f"soal {soal} is not part of rulebook {self.id!r}") from None

    def area(self, key: int | str) -> Area:
        """An area by number (1-6), code (``"A1"``) or name in either language."""
        for area in self.areas:
            if key in (area.number, area.code) or (isinstance(key, str) and area.label.matches(key)):
                return area
        raise UnknownItemError(f"rulebook {self.id!r} has no area {key!r}")

    @property
    def subcomponents(self) -> tuple[SubComponent, ...]:
        """All sub-components (pemenuhan, reform, H1, H2 for 90/2021) in order."""
        return tuple(sub for comp in self.components for sub in comp.subcomponents)

    def subcomponent(self, code: str) -> SubComponent:
        """The sub-component with ``code``."""
        for sub in self.subcomponents:
            if sub.code == code:
                return sub
        raise UnknownItemError(f"rulebook {self.id!r} has no sub-component {code!r}")

    def component(self, code: str) -> Component:
        """The component with ``code`` (``"pengungkit"`` or ``"hasil"``)."""
        for comp in self.components:
            if comp.code == code:
                return comp
        raise UnknownItemError(f"rulebook {self.id!r} has no component {code!r}")

    def criteria_for(self, predicate: Predicate | str) -> tuple[Criterion, ...]:
        """The verdict criteria of ``predicate`` in this rulebook."""
        wanted = Predicate.parse(predicate)
        return tuple(c for c in self.criteria if c.predicate is wanted)

    def unknown_item_message(self, code: object) -> str:
        """The message for an item code this rulebook does not know, naming close matches.

        >>> from zona_integritas import load_rulebook
        >>> load_rulebook("permenpanrb-90-2021").unknown_item_message("P1.i.z")
        "rulebook 'permenpanrb-90-2021' has no item 'P1.i.z'; did you mean 'P1.i.b', 'P1.i.a', 'P1.iv.d'?"
        """
        return self._unknown(str(code), self._items, "item")

    def _unknown(self, code: str, known: Mapping[str, object], what: str) -> str:
        import difflib

        close = difflib.get_close_matches(str(code), list(known), n=3)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        return f"rulebook {self.id!r} has no {what} {code!r}{hint}"


# -- the registry ----------------------------------------------------------------------------------------------
# Rulebooks registered by users (a city's own variant), by (id, digest) and the latest per id. The shipped rulebooks
# are not stored here: the loader, which sits above this module, installs how to load them (install_loader).
_BY_DIGEST: dict[tuple[str, str], Rulebook] = {}
_BY_ID: dict[str, Rulebook] = {}
_shipped_ids: frozenset[str] = frozenset()
_load_shipped: Callable[[str], Rulebook] | None = None
_builder: Callable[[str, str], Rulebook] | None = None


def register_rulebook(rulebook: Rulebook) -> Rulebook:
    """Make ``rulebook`` findable by id (and by id and digest); return the registered instance.

    Registering the same content twice returns the instance registered first; the latest content registered
    under an id is what :func:`~zona_integritas.load_rulebook` returns for it. A different content under the id
    of a shipped rulebook is refused (:class:`RulebookError`): a variant needs its own id.

    >>> from zona_integritas import load_rulebook
    >>> rb = load_rulebook("permenpanrb-90-2021")
    >>> register_rulebook(rb) is rb
    True
    """
    if not isinstance(rulebook, Rulebook):
        raise InvalidValueError(f"register_rulebook takes a Rulebook; got {rulebook!r}")
    if rulebook.id in _shipped_ids:
        assert _load_shipped is not None
        shipped = _load_shipped(rulebook.id)
        if shipped.digest == rulebook.digest:
            return shipped
        raise RulebookError(
            f"rulebook id {rulebook.id!r} belongs to a rulebook shipped with the library; give the variant its own id"
        )
    key = (rulebook.id, rulebook.digest)
    known = _BY_DIGEST.setdefault(key, rulebook)
    _BY_ID[rulebook.id] = known
    return known


def registered_rulebook(rulebook_id: str, digest: str | None = None) -> Rulebook | None:
    """The shipped or registered rulebook with ``rulebook_id`` (and ``digest`` when given), or ``None``.

    >>> registered_rulebook("no-such-rulebook") is None
    True
    >>> registered_rulebook("permenpanrb-90-2021").short
    'PermenPANRB 90/2021'
    """
    if rulebook_id in _shipped_ids:
        assert _load_shipped is not None
        shipped = _load_shipped(rulebook_id)
        return shipped if digest in (None, shipped.digest) else None
    if digest is None:
        return _BY_ID.get(rulebook_id)
    return _BY_DIGEST.get((rulebook_id, digest))


def install_loader(
    builder: Callable[[str, str], Rulebook], shipped_ids: Iterable[str], load_shipped: Callable[[str], Rulebook]
) -> None:
    """Called once by :mod:`zona_integritas.rulebook_loader`: how to build a rulebook from TOML text and how to
    load a shipped one (this module cannot import the loader, which imports it).
    """
    global _builder, _shipped_ids, _load_shipped
    _builder, _shipped_ids, _load_shipped = builder, frozenset(shipped_ids), load_shipped


def _unpickle_rulebook(rulebook_id: str, digest: str, packed: bytes) -> Rulebook:
    known = registered_rulebook(rulebook_id, digest)
    if known is not None:
        return known
    if _builder is None:  # pragma: no cover - the package's __init__ installs the loader
        raise UnknownRulebookError(f"cannot rebuild rulebook {rulebook_id!r}: import zona_integritas first")
    rulebook = _builder(zlib.decompress(packed).decode("utf-8"), f"pickled rulebook {rulebook_id!r}")
    if rulebook.digest != digest:
        raise RulebookError(f"pickled rulebook {rulebook_id!r} does not match its digest")
    if rulebook_id in _shipped_ids:
        # a shipped rulebook as another version of the library shipped it: usable, but it never shadows ours
        return rulebook
    return register_rulebook(rulebook)
