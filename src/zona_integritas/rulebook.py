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

import enum
import zlib
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType

import attrs

from ._lke import (
    Area,
    AreaHalf,
    AtMost,
    Component,
    CountFormula,
    CountInput,
    FormulaKind,
    FrozenMapping,
    Indicator,
    Item,
    ItemCode,
    ItemKind,
    Option,
    Scale,
    SubComponent,
    frozen_mapping,
)
from ._rules import (
    Amendment,
    AppliesTo,
    BuildingPeriod,
    Compare,
    ConditionLevel,
    Criterion,
    CriterionKind,
    EligibilityCondition,
    EligibilityRules,
    InForce,
    KawasanRule,
    PerceptionSurveyRules,
    Predicate,
    ProcessRules,
    RevocationBar,
    SurveyAspect,
    SurveyRules,
)
from .errors import InvalidValueError, RulebookError, UnknownItemError, UnknownRulebookError
from .i18n import N_
from .i18n import gettext as _
from .inputs import echo

__all__ = [
    "Amendment",
    "AppliesTo",
    "Area",
    "AreaHalf",
    "AtMost",
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
    "InForce",
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


class RulebookStatus(enum.Enum):
    """Whether the regulation of a rulebook is in force or superseded (legacy data)."""

    IN_FORCE = "in-force"
    SUPERSEDED = "superseded"


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
    scales: Mapping[str, Scale] = attrs.field(repr=False, converter=frozen_mapping)
    digest: str = attrs.field(repr=False)
    criteria: tuple[Criterion, ...] = attrs.field(repr=False, default=())
    kawasan_rules: tuple[KawasanRule, ...] = attrs.field(repr=False, default=())
    eligibility: EligibilityRules | None = attrs.field(repr=False, default=None)
    process: ProcessRules | None = attrs.field(repr=False, default=None)
    surveys: SurveyRules | None = attrs.field(repr=False, default=None)
    superseded_by: str | None = attrs.field(repr=False, default=None)
    #: the tables of the file this version of the library does not read, read-only (kept, never interpreted)
    extra: Mapping[str, object] = attrs.field(repr=False, factory=dict, converter=frozen_mapping)
    in_force: InForce | None = attrs.field(repr=False, default=None)
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
        return _("<Rulebook {rulebook} ({short}, {status}): {count} items>").format(
            rulebook=self.id, short=self.short, status=_(_STATUS_NAMES[self.status]), count=len(self._items)
        )

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
            raise RulebookError(
                _("rulebook {rulebook} was built without its TOML text and cannot be pickled").format(
                    rulebook=repr(self.id)
                ),
                code="not-picklable",
            )
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
            raise UnknownItemError(
                self._unknown(code, self._indicators, "indicator"), code="unknown-indicator"
            ) from None

    def item_for_soal(self, soal: int) -> tuple[Item, str | None]:
        """The item a PortalRB soal id belongs to, and the count input's name for a ``Jumlah`` soal."""
        try:
            return self._soal[soal]
        except KeyError:
            raise UnknownItemError(
                _("soal {soal} is not part of rulebook {rulebook}").format(soal=soal, rulebook=repr(self.id)),
                code="unknown-soal",
            ) from None

    def area(self, key: int | str) -> Area:
        """An area by number (1-6), code (``"A1"``) or name in either language."""
        for area in self.areas:
            if key in (area.number, area.code) or (isinstance(key, str) and area.label.matches(key)):
                return area
        raise UnknownItemError(
            _("rulebook {rulebook} has no area {key}").format(rulebook=repr(self.id), key=repr(key)),
            code="unknown-area",
        )

    @property
    def subcomponents(self) -> tuple[SubComponent, ...]:
        """All sub-components (pemenuhan, reform, H1, H2 for 90/2021) in order."""
        return tuple(sub for comp in self.components for sub in comp.subcomponents)

    def subcomponent(self, code: str) -> SubComponent:
        """The sub-component with ``code``."""
        for sub in self.subcomponents:
            if sub.code == code:
                return sub
        raise UnknownItemError(
            _("rulebook {rulebook} has no sub-component {code}").format(rulebook=repr(self.id), code=repr(code)),
            code="unknown-subcomponent",
        )

    def component(self, code: str) -> Component:
        """The component with ``code`` (``"pengungkit"`` or ``"hasil"``)."""
        for comp in self.components:
            if comp.code == code:
                return comp
        raise UnknownItemError(
            _("rulebook {rulebook} has no component {code}").format(rulebook=repr(self.id), code=repr(code)),
            code="unknown-component",
        )

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
        fill = {"rulebook": repr(self.id), "code": repr(code), "close": ", ".join(repr(c) for c in close)}
        if what == "indicator":
            if close:
                return _("rulebook {rulebook} has no indicator {code}; did you mean {close}?").format(**fill)
            return _("rulebook {rulebook} has no indicator {code}").format(**fill)
        if close:
            return _("rulebook {rulebook} has no item {code}; did you mean {close}?").format(**fill)
        return _("rulebook {rulebook} has no item {code}").format(**fill)


#: How a rulebook's status is named in its repr.
_STATUS_NAMES = {RulebookStatus.IN_FORCE: N_("in force"), RulebookStatus.SUPERSEDED: N_("superseded")}


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
        raise InvalidValueError(
            _("register_rulebook takes a Rulebook; got {value}").format(value=echo(rulebook)), code="not-a-rulebook"
        )
    if rulebook.id in _shipped_ids:
        assert _load_shipped is not None
        shipped = _load_shipped(rulebook.id)
        if shipped.digest == rulebook.digest:
            return shipped
        raise RulebookError(
            _(
                "rulebook id {rulebook} belongs to a rulebook shipped with the library; give the variant its own id"
            ).format(rulebook=repr(rulebook.id)),
            code="shipped-rulebook-id",
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
        raise UnknownRulebookError(
            _("cannot rebuild rulebook {rulebook}: import zona_integritas first").format(rulebook=repr(rulebook_id))
        )
    rulebook = _builder(
        zlib.decompress(packed).decode("utf-8"), _("pickled rulebook {rulebook}").format(rulebook=repr(rulebook_id))
    )
    if rulebook.digest != digest:
        raise RulebookError(
            _("pickled rulebook {rulebook} does not match its digest").format(rulebook=repr(rulebook_id)),
            code="digest-mismatch",
        )
    if rulebook_id in _shipped_ids:
        # a shipped rulebook as another version of the library shipped it: usable, but it never shadows ours
        return rulebook
    return register_rulebook(rulebook)
