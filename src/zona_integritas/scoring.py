"""Scoring: a worksheet becomes a score card, a tree from the total down to each answer.

Roll-up (90/2021 Lampiran III, as in the official workbook): an indicator is the mean of its items'
values times its weight (or the sum of its sub-indicators); an area half is the sum of its indicators;
pemenuhan and reform are sums of area halves; pengungkit = pemenuhan + reform; hasil = its
sub-components; total = pengungkit + hasil.

Unanswered items follow an explicit :class:`UnansweredPolicy`: ``"zero"`` (the default: an unanswered
item scores 0 and an :class:`~zona_integritas.errors.IncompleteWorksheetWarning` is emitted) or
``"skip"`` (the official workbook's ``AVERAGE``, which leaves blanks out of the mean).

A count item whose denominator is zero (no complaints to follow up, no services registered) has no
rule in any source; the official workbook shows ``#DIV/0!``. Each count item names its policy in the
rulebook (``zero_denominator = "zero"`` or ``"full"``, with the reason); ``score(...,
zero_denominator=...)`` overrides it for all count items or per item, and the card reports the policy of
every count item and which items hit the case (:attr:`ScoreCard.zero_denominator`).

>>> import zona_integritas as zi
>>> rb = zi.load_rulebook("permenpanrb-90-2021")
>>> ws = zi.Worksheet.from_answers(rb, {"P1.i.a": "Ya", "P1.i.b": "B"}, assessor="unit")
>>> card = zi.score(ws, unanswered="skip")
>>> card.indicator("P1.i").value, card.indicator("P1.i").maximum
(Decimal('0.375'), Decimal('0.5'))
>>> card.completeness
(2, 113)
"""

from __future__ import annotations

import decimal
import enum
import functools
import warnings
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

import attrs

from ._reprs import html_of
from .decimals import CONTEXT, in_library_context, round_half_up
from .errors import IncompleteWorksheetWarning, InvalidAnswerError, InvalidValueError, UnknownItemError
from .i18n import N_, format_number, format_percent, gettext, ngettext, use_language
from .inputs import require_type
from .labels import Label
from .rulebook import Area, AreaHalf, Component, Indicator, Item, ItemCode, ItemKind, Rulebook, SubComponent
from .worksheet import Answer, Counts, Worksheet

__all__ = ["Node", "NodeKind", "ScoreCard", "UnansweredPolicy", "ZeroDenominatorUse", "score"]

_ = gettext
_ZERO = Decimal(0)
_HUNDRED = Decimal(100)


class UnansweredPolicy(enum.Enum):
    """What an unanswered item does to its indicator."""

    ZERO = "zero"  #: counts as 0 (the default; a warning says the worksheet is incomplete)
    SKIP = "skip"  #: left out of the indicator's mean, as Excel's AVERAGE in the official workbook


#: the zero-denominator policies and the item value each gives
_ZERO_POLICIES = {"zero": Decimal(0), "full": Decimal(1)}
#: how a policy (unanswered or zero-denominator) is named to people
_POLICY_WORDS = {"zero": N_("zero"), "full": N_("full"), "skip": N_("skip")}


def _policy_word(policy: str) -> str:
    """A policy's name in the current language (``zero`` is ``nol`` in Indonesian)."""
    return _(_POLICY_WORDS[policy]) if policy in _POLICY_WORDS else policy


@attrs.frozen
class ZeroDenominatorUse:
    """The zero-denominator policy of one count item on a card: the policy, whether it was overridden at
    :func:`score`, whether the worksheet's counts hit the case, and why the default is what it is."""

    item: str
    policy: str
    overridden: bool
    applied: bool
    source: str


def _policy_name(value: Decimal) -> str:
    return "full" if value == 1 else "zero"


def _zero_policies(rulebook: Rulebook, override: str | Mapping[str, str] | None) -> dict[str, tuple[str, bool]]:
    """(policy, overridden) for every count item of ``rulebook``."""
    out: dict[str, tuple[str, bool]] = {}
    counts = [it for it in rulebook.items if it.kind is ItemKind.COUNT and it.formula is not None]
    if (isinstance(override, str) and override not in _ZERO_POLICIES) or (
        override is not None and not isinstance(override, str | Mapping)
    ):
        raise InvalidAnswerError(
            _("zero_denominator must be 'zero', 'full' or a mapping per item; got {value!r}").format(value=override),
            code="unknown-zero-denominator-policy",
        )
    if isinstance(override, Mapping):
        known = {it.code for it in counts}
        problems = [
            _("{code!r} is not a count item of {rulebook}").format(code=code, rulebook=rulebook.id)
            for code in override
            if code not in known
        ] + [
            _("{code}: the policy must be 'zero' or 'full'; got {value!r}").format(code=code, value=policy)
            for code, policy in override.items()
            if policy not in _ZERO_POLICIES
        ]
        if problems:
            raise InvalidAnswerError(
                _("zero_denominator: {problems}").format(problems="; ".join(problems)),
                code="unknown-zero-denominator-policy",
            )
    for it in counts:
        assert it.formula is not None
        default = _policy_name(it.formula.when_denominator_is_zero)
        if isinstance(override, str):
            out[it.code] = (override, override != default)
        elif isinstance(override, Mapping) and it.code in override:
            out[it.code] = (override[it.code], override[it.code] != default)
        else:
            out[it.code] = (default, False)
    return out


class NodeKind(enum.Enum):
    """The level of a score card node."""

    TOTAL = "total"
    COMPONENT = "component"
    SUBCOMPONENT = "subcomponent"
    AREA = "area"
    AREA_HALF = "area_half"
    INDICATOR = "indicator"
    ITEM = "item"


@in_library_context
@attrs.frozen(kw_only=True, repr=False)
class Node:
    """One node of a score card: its value and maximum in points, and its children.

    ``percentage`` is value ÷ maximum × 100 (``None`` for a node with maximum 0, an item left out under
    the ``"skip"`` policy). ``answer`` and ``item_value`` are set on item nodes only.
    """

    code: str
    kind: NodeKind
    label: Label
    value: Decimal
    maximum: Decimal
    source: str = ""
    children: tuple[Node, ...] = ()
    answer: Answer | None = None
    item_value: Decimal | None = None

    @property
    def percentage(self) -> Decimal | None:
        """Value as a percentage of the maximum (exact), or ``None`` when the maximum is 0."""
        if not self.maximum:
            return None
        return CONTEXT.divide(self.value * _HUNDRED, self.maximum)

    @property
    def rounded(self) -> Decimal:
        """The value rounded half-up to 2 decimals, as the workbook shows it."""
        return round_half_up(self.value)

    def walk(self) -> Iterator[Node]:
        """The node and all below it, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()

    def __repr__(self) -> str:
        """One short line (a node holds its whole subtree, which the default repr would print in full)."""
        return f"<Node {self}>"

    def __str__(self) -> str:
        """The node in one line, in the current language: ``A1 Manajemen Perubahan: 6,77 / 8,00 (84,60%)``."""
        figures = {
            "code": self.code,
            "label": self.label.in_language(),
            "value": format_number(self.value),
            "maximum": format_number(self.maximum),
        }
        pct = self.percentage
        if pct is None:
            return "{code} {label}: {value} / {maximum}".format(**figures)
        return "{code} {label}: {value} / {maximum} ({percent})".format(**figures, percent=format_percent(pct))


@attrs.frozen
class _Plan:
    """A rulebook compiled for fast scoring: leaf indicators, then sums bottom-up."""

    leaves: tuple[tuple[str, Decimal, tuple[str, ...], int], ...]
    sums: tuple[tuple[str, tuple[str, ...]], ...]


# Kept because it pays: compiling the 90/2021 plan takes ~23 µs, scoring with it ~34 µs (one worksheet, this
# machine), so the cache makes score() ~1.7x faster. Bounded: a few rulebooks live in a process.
@functools.lru_cache(maxsize=16)
def _plan(rulebook: Rulebook) -> _Plan:
    leaves: list[tuple[str, Decimal, tuple[str, ...], int]] = []
    sums: list[tuple[str, tuple[str, ...]]] = []

    def indicator(ind: Indicator) -> str:
        if ind.items:
            codes = tuple(i.code for i in ind.items)
            leaves.append((ind.code, ind.weight, codes, len(codes)))
        else:
            sums.append((ind.code, tuple(indicator(p) for p in ind.parts)))
        return ind.code

    comps = []
    for comp in rulebook.components:
        subs = []
        for sub in comp.subcomponents:
            kids = []
            for half in sub.halves:
                sums.append((half.code, tuple(indicator(i) for i in half.indicators)))
                kids.append(half.code)
            kids.extend(indicator(i) for i in sub.indicators)
            sums.append((sub.code, tuple(kids)))
            subs.append(sub.code)
        sums.append((comp.code, tuple(subs)))
        comps.append(comp.code)
    sums.append(("total", tuple(comps)))
    for area in rulebook.areas:
        sums.append((area.code, tuple(h.code for h in area.halves)))
    return _Plan(tuple(leaves), tuple(sums))


@in_library_context
def score(
    worksheet: Worksheet,
    *,
    unanswered: UnansweredPolicy | str = UnansweredPolicy.ZERO,
    zero_denominator: str | Mapping[str, str] | None = None,
    quiet: bool = False,
) -> ScoreCard:
    """Score a worksheet exactly and return its :class:`ScoreCard`.

    ``unanswered`` is ``"zero"`` (default; warns when the worksheet is incomplete) or ``"skip"``.
    ``quiet=True`` leaves out the :class:`~zona_integritas.errors.IncompleteWorksheetWarning` (for callers that
    report completeness themselves: a verdict, a plan, a portfolio).
    ``zero_denominator`` overrides the rulebook's zero-denominator policy of count items: ``"zero"`` or
    ``"full"`` for all of them, or a mapping such as ``{"R5.ii.a": "zero"}``; ``None`` keeps each item's
    default (see ``docs/explanation/scoring.md``).

    >>> import zona_integritas as zi
    >>> rb = zi.load_rulebook("permenpanrb-90-2021")
    >>> ws = zi.Worksheet.from_answers(rb, {"H1.a": "3,6", "H2.a": 3.2}, assessor="tpi")
    >>> card = zi.score(ws, unanswered="skip")
    >>> card.value("H1.a"), card.value("H2")
    (Decimal('15.75'), Decimal('14.00'))
    >>> none = {"to_follow_up": 0, "in_process": 0, "completed": 0}
    >>> ws = zi.Worksheet.from_answers(rb, {"R5.ii.a": none}, assessor="tpi")
    >>> full, zero = zi.score(ws, unanswered="skip"), zi.score(ws, unanswered="skip", zero_denominator="zero")
    >>> full.value("R5.ii"), zero.value("R5.ii")
    (Decimal('3'), Decimal('0'))
    """
    require_type(worksheet, Worksheet, "score(worksheet)")
    try:
        policy = UnansweredPolicy(unanswered)
    except ValueError:
        raise InvalidValueError(
            _("unanswered must be 'zero' or 'skip'; got {value!r}").format(value=unanswered),
            code="unknown-unanswered-policy",
        ) from None
    plan = _plan(worksheet.rulebook)
    values = worksheet.item_values
    policies = _zero_policies(worksheet.rulebook, zero_denominator)
    uses: list[ZeroDenominatorUse] = []
    changed: dict[str, Decimal] = {}
    for code, (name, overridden) in policies.items():
        count_item = worksheet.rulebook.item(code)
        assert count_item.formula is not None
        answer = worksheet.answer(code)
        counts = answer.value if answer is not None and isinstance(answer.value, Counts) else None
        applied = counts is not None and count_item.formula.zero_denominator(counts)
        if applied and overridden:
            assert counts is not None
            changed[code] = count_item.formula.evaluate(counts, when_zero=_ZERO_POLICIES[name])
        uses.append(ZeroDenominatorUse(code, name, overridden, applied, count_item.formula.zero_denominator_source))
    if changed:
        values = {**values, **changed}
    nodes: dict[str, Decimal] = {}
    answered: dict[str, int] = {}
    skip = policy is UnansweredPolicy.SKIP
    with decimal.localcontext(CONTEXT):
        for code, weight, items, n in plan.leaves:
            total = _ZERO
            k = 0
            for item in items:
                v = values.get(item)
                if v is not None:
                    total += v
                    k += 1
            answered[code] = k
            if skip:
                nodes[code] = weight * total / k if k else _ZERO
            else:
                nodes[code] = weight * total / n
        for code, kids in plan.sums:
            nodes[code] = sum([nodes[c] for c in kids], _ZERO)
    done, all_items = worksheet.completeness
    if done < all_items and not skip and not quiet:
        missing = all_items - done
        warnings.warn(
            ngettext(
                "worksheet of {assessor} has {n} of {total} items unanswered; it scores 0 "
                "(policy 'zero'; use unanswered='skip' for the workbook's AVERAGE)",
                "worksheet of {assessor} has {n} of {total} items unanswered; they score 0 "
                "(policy 'zero'; use unanswered='skip' for the workbook's AVERAGE)",
                missing,
            ).format(assessor=worksheet.assessor.value, n=missing, total=all_items),
            IncompleteWorksheetWarning,
            stacklevel=2,
        )
    return ScoreCard(worksheet, policy, nodes, answered, tuple(uses), values)


@in_library_context
@attrs.frozen(eq=False, repr=False)
class ScoreCard:
    """The scores of one worksheet: a tree to walk, and quick accessors for the figures a verdict reads.

    Node codes: ``"total"``; components ``"pengungkit"``, ``"hasil"``; sub-components ``"pemenuhan"``,
    ``"reform"``, ``"H1"``, ``"H2"``; area halves ``"P1"``…``"R6"``; whole areas ``"A1"``…``"A6"``;
    indicators such as ``"P1.i"`` or ``"H1.a"``. Items are reached with :meth:`item`.
    """

    worksheet: Worksheet
    policy: UnansweredPolicy
    _values: dict[str, Decimal]
    _answered: dict[str, int]
    #: the zero-denominator policy of every count item, whether overridden and whether it applied
    zero_denominator: tuple[ZeroDenominatorUse, ...] = ()
    _item_values: Mapping[str, Decimal] | None = None

    @property
    def zero_denominator_note(self) -> str:
        """One line for a report or workbook header, in the current language: the zero-denominator policy of
        each count item, ``*`` where it applied (see :meth:`zero_denominator_text`)."""
        return self.zero_denominator_text()

    def zero_denominator_text(self, *, language: str | None = None) -> str:
        """The policy of each count item when its denominator is zero, ``*`` where it applied.

        >>> import zona_integritas as zi
        >>> from zona_integritas import examples
        >>> card = zi.score(examples.kediri_worksheet_2022())
        >>> card.zero_denominator_text(language="en")  # doctest: +ELLIPSIS
        'zero denominator: R1.i.a zero, R1.i.b zero, R3.iii.a full, ...'
        >>> card.zero_denominator_text(language="id")  # doctest: +ELLIPSIS
        'penyebut nol: R1.i.a nol, R1.i.b nol, R3.iii.a penuh, ...'
        """
        if not self.zero_denominator:
            return ""
        with use_language(language):
            parts = []
            for u in self.zero_denominator:
                if u.overridden:
                    part = _("{item} {policy} (overridden)").format(item=u.item, policy=_policy_word(u.policy))
                else:
                    part = f"{u.item} {_policy_word(u.policy)}"
                parts.append(part + ("*" if u.applied else ""))
            if any(u.applied for u in self.zero_denominator):
                return _("zero denominator: {policies} (* = applied on this worksheet)").format(
                    policies=", ".join(parts)
                )
            return _("zero denominator: {policies}").format(policies=", ".join(parts))

    @property
    def rulebook(self) -> Rulebook:
        """The rulebook the worksheet was scored with."""
        return self.worksheet.rulebook

    # -- quick figures ---------------------------------------------------------------------------------------
    def value(self, code: str) -> Decimal:
        """The exact value of node ``code`` (any code but an item's)."""
        try:
            return self._values[code]
        except KeyError:
            raise UnknownItemError(_("the score card has no node {code!r}").format(code=code)) from None

    @property
    def completeness(self) -> tuple[int, int]:
        """(answered items, all items) of the scored worksheet."""
        return self.worksheet.completeness

    @property
    def unanswered(self) -> tuple[ItemCode, ...]:
        """The unanswered items, in rulebook order."""
        return self.worksheet.unanswered

    # -- the tree --------------------------------------------------------------------------------------------
    @property
    def total(self) -> Node:
        """The whole tree, from the total down to every item."""
        rb = self.rulebook
        kids = tuple(self._component(c) for c in rb.components)
        return Node(
            code="total",
            kind=NodeKind.TOTAL,
            label=Label("Nilai total", "Total score"),
            value=self._values["total"],
            maximum=rb.total,
            source=rb.total_source,
            children=kids,
        )

    def node(self, code: str) -> Node:
        """Any node but an item by code (see the class docs for the codes)."""
        rb = self.rulebook
        if code == "total":
            return self.total
        for comp in rb.components:
            if comp.code == code:
                return self._component(comp)
            for sub in comp.subcomponents:
                if sub.code == code:
                    return self._subcomponent(sub)
                for half in sub.halves:
                    if half.code == code:
                        return self._half(half)
        for area in rb.areas:
            if area.code == code:
                return self._area(area)
        if code in self._values:
            return self._indicator(rb.indicator(code))
        raise UnknownItemError(_("the score card has no node {code!r}").format(code=code))

    @property
    def pengungkit(self) -> Node:
        """Component pengungkit (enablers)."""
        return self.node("pengungkit")

    @property
    def hasil(self) -> Node:
        """Component hasil (results)."""
        return self.node("hasil")

    @property
    def pemenuhan(self) -> Node:
        """Sub-component pemenuhan (90/2021); :class:`UnknownItemError` names the rulebook when it has none."""
        return self._part("pemenuhan")

    @property
    def reform(self) -> Node:
        """Sub-component reform (90/2021); :class:`UnknownItemError` names the rulebook when it has none."""
        return self._part("reform")

    def _part(self, code: str) -> Node:
        codes = [s.code for s in self.rulebook.subcomponents]
        if code not in codes:
            raise UnknownItemError(
                _("rulebook {rulebook!r} has no sub-component {code!r}; its sub-components: {codes}").format(
                    rulebook=self.rulebook.id, code=code, codes=", ".join(codes)
                ),
                code="unknown-subcomponent",
            )
        return self.node(code)

    @property
    def areas(self) -> tuple[Node, ...]:
        """The change areas, each with its pemenuhan and reform halves as children."""
        return tuple(self._area(a) for a in self.rulebook.areas)

    def area(self, key: int | str) -> Node:
        """One whole area by number, code (``"A1"``) or name."""
        return self._area(self.rulebook.area(key))

    def indicator(self, code: str) -> Node:
        """One indicator (or sub-indicator) node."""
        return self._indicator(self.rulebook.indicator(code))

    def item(self, code: str) -> Node:
        """One item node: its points, its maximum under the policy, its answer and value in [0, 1]."""
        item = self.rulebook.item(code)
        owner = self.rulebook.indicator(item.indicator)
        return self._item(item, owner)

    def walk(self) -> Iterator[Node]:
        """Every node of the tree from the total down, depth first (areas are a separate view)."""
        return self.total.walk()

    # -- builders --------------------------------------------------------------------------------------------
    def _component(self, comp: Component) -> Node:
        kids = tuple(self._subcomponent(s) for s in comp.subcomponents)
        return Node(
            code=comp.code,
            kind=NodeKind.COMPONENT,
            label=comp.label,
            value=self._values[comp.code],
            maximum=comp.weight,
            source=comp.source,
            children=kids,
        )

    def _subcomponent(self, sub: SubComponent) -> Node:
        kids = tuple(self._half(h) for h in sub.halves) + tuple(self._indicator(i) for i in sub.indicators)
        return Node(
            code=sub.code,
            kind=NodeKind.SUBCOMPONENT,
            label=sub.label,
            value=self._values[sub.code],
            maximum=sub.weight,
            source=sub.source,
            children=kids,
        )

    def _half(self, half: AreaHalf) -> Node:
        area = self.rulebook.area(half.area)
        sub = self.rulebook.subcomponent(half.subcomponent)
        label = Label(f"{area.label.id} ({sub.label.id})", f"{area.label.en} ({sub.label.en})")
        kids = tuple(self._indicator(i) for i in half.indicators)
        return Node(
            code=half.code,
            kind=NodeKind.AREA_HALF,
            label=label,
            value=self._values[half.code],
            maximum=half.weight,
            source=area.source,
            children=kids,
        )

    def _area(self, area: Area) -> Node:
        kids = tuple(self._half(h) for h in area.halves)
        return Node(
            code=area.code,
            kind=NodeKind.AREA,
            label=area.label,
            value=self._values[area.code],
            maximum=area.weight,
            source=area.source,
            children=kids,
        )

    def _indicator(self, ind: Indicator) -> Node:
        kids = tuple(self._indicator(p) for p in ind.parts) + tuple(self._item(i, ind) for i in ind.items)
        return Node(
            code=ind.code,
            kind=NodeKind.INDICATOR,
            label=ind.label,
            value=self._values[ind.code],
            maximum=ind.weight,
            source=ind.source,
            children=kids,
        )

    def _item(self, item: Item, owner: Indicator) -> Node:
        values = self.worksheet.item_values if self._item_values is None else self._item_values
        v = values.get(item.code)
        answer = self.worksheet.answer(item.code)
        with decimal.localcontext(CONTEXT):
            if self.policy is UnansweredPolicy.SKIP:
                k = self._answered[owner.code]
                maximum = owner.weight / k if (k and v is not None) else _ZERO
            else:
                maximum = owner.weight / len(owner.items)
            points = maximum * v if v is not None else _ZERO
        return Node(
            code=item.code,
            kind=NodeKind.ITEM,
            label=item.label,
            value=points,
            maximum=maximum,
            source=item.source,
            children=(),
            answer=answer,
            item_value=v,
        )

    # -- presenting ------------------------------------------------------------------------------------------
    def to_dict(self, *, language: str | None = None) -> dict[str, Any]:
        """The main figures as plain data (strings of 2-decimal numbers, half-up), e.g. for JSON output.

        Numbers are machine values (``"87.76"`` in every language); only the ``"label"`` fields follow the
        language.

        >>> import zona_integritas as zi
        >>> from zona_integritas import examples
        >>> figures = zi.score(examples.kediri_worksheet_2022()).to_dict(language="id")
        >>> figures["total"]
        {'label': 'Nilai total', 'points': '87.76', 'maximum': '100.00', 'percentage': '87.76'}
        """

        def fig(node: Node) -> dict[str, Any]:
            pct = node.percentage
            return {
                "label": node.label.in_language(language),
                "points": str(node.rounded),
                "maximum": str(round_half_up(node.maximum)),
                "percentage": None if pct is None else str(round_half_up(pct)),
            }

        done, total = self.completeness
        sub = {s.code: fig(self.node(s.code)) for s in self.rulebook.subcomponents}
        return {
            "rulebook": self.rulebook.id,
            "assessor": self.worksheet.assessor.value,
            "unanswered_policy": self.policy.value,
            "zero_denominator": {
                u.item: {"policy": u.policy, "overridden": u.overridden, "applied": u.applied}
                for u in self.zero_denominator
            },
            "answered": done,
            "items": total,
            "total": fig(self.total),
            **{c.code: fig(self.node(c.code)) for c in self.rulebook.components},
            **sub,
            "areas": [
                {
                    "number": a.number,
                    "code": a.code,
                    **fig(self._area(a)),
                    "halves": {h.subcomponent: fig(self._half(h)) for h in a.halves},
                }
                for a in self.rulebook.areas
            ],
        }

    def to_table(self, *, language: str | None = None, depth: int = 3) -> str:
        """A plain-text table of the tree down to ``depth`` (0 total, 1 components, 2 sub-components, 3 area
        halves and indicators of hasil, 4 indicators, 5 items), then the six areas, then how complete the
        worksheet is. Headers, labels and numbers follow the language (``language=`` or the current one).

        >>> import zona_integritas as zi
        >>> from zona_integritas import examples
        >>> card = zi.score(examples.kediri_worksheet_2022())
        >>> print(card.to_table(language="en", depth=0))  # doctest: +ELLIPSIS, +NORMALIZE_WHITESPACE
                                                                               score   weight        %
        total      Total score                                                 87.76   100.00    87.76
        <BLANKLINE>
        A1         Change management                                            6.77     8.00    84.60
        A2         Business process reform                                      6.38     7.00    91.07
        A3         Civil-service HR management                                  7.38    10.00    73.75
        A4         Performance accountability                                   8.37    10.00    83.71
        A5         Oversight and internal control                              14.00    15.00    93.36
        A6         Public service quality                                       9.48    10.00    94.85
        <BLANKLINE>
        113 of 113 items answered; unanswered items: zero
        zero denominator: R1.i.a zero, R1.i.b zero, R3.iii.a full, R4.i.a zero, R5.ii.a full, ...
        >>> card.to_table(language="id", depth=0).splitlines()[1]
        'total      Nilai total                                                 87,76   100,00    87,76'
        """
        with use_language(language):
            score_, weight = _("score"), _("weight")
            lines = [f"{'':<11}{'':<56}{score_:>9}{weight:>9}{'%':>9}"]

            def add(node: Node, level: int) -> None:
                pct = node.percentage
                label = ("  " * level + node.label.in_language())[:56]
                shown = "" if pct is None else format_number(pct)
                value, maximum = format_number(node.value), format_number(node.maximum)
                lines.append(f"{node.code:<11}{label:<56}{value:>9}{maximum:>9}{shown:>9}")
                if level < depth:
                    for child in node.children:
                        add(child, level + 1)

            add(self.total, 0)
            lines.append("")
            for area in self.areas:
                add(area, 0)
            lines.append("")
            lines.append(self.completeness_text())
            if self.zero_denominator:
                lines.append(self.zero_denominator_text())
            return "\n".join(lines)

    def completeness_text(self, *, language: str | None = None) -> str:
        """How many items are answered, and what unanswered items do.

        >>> import zona_integritas as zi
        >>> from zona_integritas import examples
        >>> zi.score(examples.kediri_worksheet_2022()).completeness_text(language="id")
        '113 dari 113 butir terjawab; butir yang belum dijawab: nol'
        """
        with use_language(language):
            done, total = self.completeness
            return ngettext(
                "{answered} of {total} item answered; unanswered items: {policy}",
                "{answered} of {total} items answered; unanswered items: {policy}",
                total,
            ).format(
                answered=format_number(done, 0), total=format_number(total, 0), policy=_policy_word(self.policy.value)
            )

    def _repr_html_(self) -> str | None:
        return html_of(self)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ScoreCard):
            return NotImplemented
        return (
            self.worksheet == other.worksheet
            and self.policy is other.policy
            and self.zero_denominator == other.zero_denominator
        )

    def __hash__(self) -> int:
        return hash((self.worksheet, self.policy, self.zero_denominator))

    def __repr__(self) -> str:
        """One line in the current language: ``<ScoreCard permenpanrb-90-2021 tpi: total 87.76, 113 of 113
        items answered; unanswered items: zero>``."""
        return "<ScoreCard {rulebook} {assessor}: total {total}, {completeness}>".format(
            rulebook=self.rulebook.id,
            assessor=self.worksheet.assessor.value,
            total=format_number(self._values["total"]),
            completeness=self.completeness_text(),
        )
