"""The LKE's shapes: items with their answer scales and count formulas, indicators, area halves, areas,
sub-components and components (re-exported by :mod:`zona_integritas.rulebook`).

>>> from zona_integritas.rulebook import Scale
>>> from zona_integritas.labels import Label
>>> Scale("abc", Label("A/B/C", "A/B/C"), "90/2021", (Option("A", Decimal(1)), Option("B", Decimal("0.5")))).keys
('A', 'B')
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any, NewType

import attrs

from .decimals import CONTEXT
from .errors import InvalidAnswerError
from .i18n import gettext as _
from .i18n import or_list
from .labels import Label

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


def frozen_mapping(value: Mapping[Any, Any]) -> Mapping[Any, Any]:
    """A read-only copy of ``value`` (kept as it is when it already is one)."""
    return value if isinstance(value, FrozenMapping) else FrozenMapping(value)


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
            raise InvalidAnswerError(
                _("scale {scale} takes {options}; got {value}").format(
                    scale=self.label.in_language(), options=or_list(self.keys), value=repr(key)
                ),
                code="unknown-option",
            ) from None


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
                found.append(
                    _("{left} ({left_total}) exceeds {right} ({right_total})").format(
                        left=" + ".join(rule.left), left_total=left, right=" + ".join(rule.right), right_total=right
                    )
                )
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
