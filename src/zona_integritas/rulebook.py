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
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import NewType

import attrs

from .decimals import CONTEXT
from .errors import InvalidAnswerError, UnknownItemError
from .labels import Label

__all__ = [
    "Amendment",
    "Area",
    "AreaHalf",
    "Component",
    "CountFormula",
    "CountInput",
    "Criterion",
    "CriterionKind",
    "EligibilityCondition",
    "EligibilityRules",
    "FormulaKind",
    "InForce",
    "Indicator",
    "Item",
    "ItemCode",
    "ItemKind",
    "KawasanRule",
    "Option",
    "Predicate",
    "Rulebook",
    "RulebookStatus",
    "Scale",
    "SubComponent",
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
        raise InvalidAnswerError(f"predicate must be 'WBK' or 'WBBM'; got {value!r}")


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


@attrs.frozen
class EligibilityCondition:
    """One condition to be proposed: a fact of the instansi or unit compared with a requirement."""

    predicate: Predicate
    key: str
    level: str
    fact: str
    compare: str
    label: Label
    source: str
    required: str | None = None
    order: str | None = None
    applies_to: str = "all"
    #: an afirmasi unit may be proposed while this condition is still being met (5/2024 Tabel 5 rows)
    afirmasi_waivable: bool = False


@attrs.frozen
class EligibilityRules:
    """The proposal conditions of a rulebook and the numbers of its special rules."""

    conditions: tuple[EligibilityCondition, ...]
    orders: Mapping[str, tuple[str, ...]] = attrs.field(eq=False, hash=False)
    afirmasi_kinds: tuple[str, ...]
    afirmasi_targets: tuple[Predicate, ...]
    afirmasi_source: str
    revocation_bar_years: int
    revocation_source: str
    saturation_share: Decimal | None
    saturation_source: str
    kkn_source: str


@attrs.frozen
class Amendment:
    """A later regulation that changed part of a rulebook's regulation, from a date."""

    short: str
    on: dt.date
    scope: str
    source: str


@attrs.frozen
class InForce:
    """The period a rulebook's regulation is in force: from ``start`` to ``end`` (inclusive; ``None`` open).

    >>> InForce(dt.date(2021, 12, 31), None, "90/2021 Pasal 12").covers(dt.date(2022, 1, 1))
    True
    """

    start: dt.date
    end: dt.date | None
    source: str
    amendments: tuple[Amendment, ...] = ()
    not_modelled: str = ""

    def covers(self, day: dt.date) -> bool:
        """Whether the regulation is in force on ``day``."""
        return self.start <= day and (self.end is None or day <= self.end)


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
            raise InvalidAnswerError(f"scale {self.label.id} takes {_or_list(self.keys)}; got {key!r}") from None


def _or_list(keys: Iterable[str]) -> str:
    """``"A, B or C"``."""
    keys = list(keys)
    if len(keys) <= 1:
        return "".join(keys)
    return ", ".join(keys[:-1]) + " or " + keys[-1]


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

    >>> f = CountFormula(FormulaKind.DECREASE_RATIO, ("this_year",), ("last_year",), Decimal(1), ())
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
    #: why the zero-denominator value is what it is (the sources are silent: a documented default)
    zero_denominator_source: str = ""

    def zero_denominator(self, counts: Mapping[str, int]) -> bool:
        """Whether ``counts`` hit the zero-denominator case, where the item's policy decides the value.

        For a decrease ratio that is "nothing last year and nothing this year"; a rise from zero is no fall
        and scores 0 whatever the policy.
        """
        bottom = sum(counts[name] for name in self.denominator)
        if bottom:
            return False
        return self.kind is not FormulaKind.DECREASE_RATIO or sum(counts[name] for name in self.numerator) == 0

    def evaluate(self, counts: Mapping[str, int], *, when_zero: Decimal | None = None) -> Decimal:
        """The value in [0, 1] for ``counts`` (already validated as non-negative whole numbers).

        ``when_zero`` overrides the rulebook's zero-denominator value (``when_denominator_is_zero``).
        """
        top = sum(counts[name] for name in self.numerator)
        bottom = sum(counts[name] for name in self.denominator)
        zero = self.when_denominator_is_zero if when_zero is None else when_zero
        if self.kind is FormulaKind.DECREASE_RATIO:
            # numerator holds the current period, denominator the previous one
            if bottom == 0:
                return zero if top == 0 else _ZERO
            if top >= bottom:
                return _ZERO
            return CONTEXT.divide(Decimal(bottom - top), Decimal(bottom))
        if bottom == 0:
            return zero
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


@attrs.frozen(eq=False, repr=False)
class Rulebook:
    """One regulation version's LKE as data. Equal when id and file content (its digest) are equal."""

    id: str
    title: str
    short: str
    status: RulebookStatus
    total: Decimal
    total_source: str
    components: tuple[Component, ...]
    areas: tuple[Area, ...]
    scales: Mapping[str, Scale] = attrs.field(repr=False)
    digest: str = attrs.field(repr=False)
    criteria: tuple[Criterion, ...] = attrs.field(repr=False, default=())
    kawasan_rules: tuple[KawasanRule, ...] = attrs.field(repr=False, default=())
    eligibility: EligibilityRules | None = attrs.field(repr=False, default=None)
    extra: Mapping[str, object] = attrs.field(repr=False, factory=dict)
    in_force: InForce | None = attrs.field(repr=False, default=None)
    _items: dict[str, Item] = attrs.field(init=False, repr=False)
    _codes: tuple[ItemCode, ...] = attrs.field(init=False, repr=False)
    _indicators: dict[str, Indicator] = attrs.field(init=False, repr=False)
    _soal: dict[int, tuple[Item, str | None]] = attrs.field(init=False, repr=False)

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
        object.__setattr__(self, "_items", items)
        object.__setattr__(self, "_codes", tuple(ItemCode(c) for c in items))
        object.__setattr__(self, "_indicators", indicators)
        object.__setattr__(self, "_soal", soal)

    def __repr__(self) -> str:
        return f"<Rulebook {self.id} ({self.short}, {self.status.value}): {len(self._items)} items>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Rulebook):
            return NotImplemented
        return self.id == other.id and self.digest == other.digest

    def __hash__(self) -> int:
        return hash((self.id, self.digest))

    def __reduce__(self) -> tuple[object, ...]:
        from .rulebook_loader import _load_by_id_and_digest

        return (_load_by_id_and_digest, (self.id, self.digest))

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
            if key == area.number or key == area.code or (isinstance(key, str) and area.label.matches(key)):
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

    def _unknown(self, code: str, known: Mapping[str, object], what: str) -> str:
        import difflib

        close = difflib.get_close_matches(str(code), list(known), n=3)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        return f"rulebook {self.id!r} has no {what} {code!r}{hint}"
