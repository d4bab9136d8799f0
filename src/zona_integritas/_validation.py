"""Validating raw answers against a rulebook's items, and the per-rulebook table that makes it fast
(used by :class:`zona_integritas.worksheet.Worksheet`, which re-exports :func:`validate_answer` and
:func:`item_value`)."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from ._answers import Answer, AnswerValue, Counts
from .decimals import CONTEXT, MAX_COUNT, parse_decimal, shown_number
from .decimals import parse_count as _bounded_count
from .errors import InvalidAnswerError
from .i18n import format_integer, ngettext, or_list
from .i18n import gettext as _
from .inputs import echo, is_blank, located, native, text_problem
from .rulebook import Item, ItemKind, Rulebook


def parse_count(value: object) -> int:
    """A count as a non-negative whole number (an int, or a whole decimal written as a number or text) up to
    :data:`~zona_integritas.decimals.MAX_COUNT`, refused by magnitude before any conversion; :class:`ValueError`
    otherwise, which the callers turn into a message naming the item and the input.

    >>> parse_count("12"), parse_count(3.0)
    (12, 3)
    """
    return _bounded_count(value)


def validate_answer(item: Item, raw: object, where: str = "") -> AnswerValue:
    """Check one raw answer for ``item`` and return its canonical form; raise :class:`InvalidAnswerError`.

    >>> from zona_integritas import load_rulebook
    >>> validate_answer(load_rulebook("permenpanrb-90-2021").item("P1.i.b"), "D", "cell K7")
    Traceback (most recent call last):
    ...
    zona_integritas.errors.InvalidAnswerError: item 'P1.i.b' takes A, B or C; got 'D' (cell K7)
    """
    if type(raw) is not str:
        raw = native(raw)
    if item.kind is ItemKind.CHOICE:
        assert item.scale is not None
        key = item.scale.canonical_key(raw) if isinstance(raw, str) else None
        if key is None:
            message = _("item {code} takes {options}; got {value}").format(
                code=repr(item.code), options=or_list(item.scale.keys), value=echo(raw)
            )
            raise InvalidAnswerError(located(message, where), code="unknown-option")
        return key
    if item.kind is ItemKind.INDEX:
        assert item.scale is not None and item.scale.minimum is not None and item.scale.maximum is not None
        low, high = item.scale.minimum, item.scale.maximum
        try:
            index = parse_decimal(raw)
        except ValueError:
            index = None
        if index is None or not low <= index <= high:
            message = _("item {code} takes an index from {low} to {high}; got {value}").format(
                code=repr(item.code), low=shown_number(low), high=shown_number(high), value=echo(raw)
            )
            raise InvalidAnswerError(
                located(message, where), code="not-a-number" if index is None else "index-out-of-range"
            )
        return index
    return counts_of(item, raw, where)[0]


def counts_of(item: Item, raw: object, where: str) -> tuple[Counts, dict[str, int]]:
    """The validated counts of a count-based item, also as a plain dict (what its formula reads fastest).

    A blank part (``None``, NaN, pandas' ``NA``) is a missing count.
    """
    assert item.formula is not None
    names = item.input_names
    if isinstance(raw, Counts):
        raw = dict(raw)
    if not isinstance(raw, Mapping):
        message = _("item {code} takes the counts {names} as a mapping; got {value}").format(
            code=repr(item.code), names=", ".join(names), value=echo(raw)
        )
        raise InvalidAnswerError(located(message, where), code="not-counts")
    problems = []
    unknown = [k for k in raw if k not in names]
    if unknown:
        problems.append(
            ngettext("unknown count {names}", "unknown counts {names}", len(unknown)).format(
                names=", ".join(repr(k) for k in unknown)
            )
        )
    missing = [n for n in names if n not in raw or is_blank(raw[n])]
    if missing:
        problems.append(_("missing {names}").format(names=", ".join(missing)))
    counts: dict[str, int] = {}
    for name in names:
        if name in raw and name not in missing:
            try:
                counts[name] = parse_count(raw[name])
            except ValueError:
                problems.append(
                    _("{name} must be a non-negative whole number, got {value} (at most {limit})").format(
                        name=name, value=echo(raw[name]), limit=format_integer(MAX_COUNT)
                    )
                )
    if not problems:
        problems.extend(item.formula.violations(counts))
    if problems:
        message = _("item {code} takes counts {names}: {problems}").format(
            code=repr(item.code), names=", ".join(names), problems="; ".join(problems)
        )
        raise InvalidAnswerError(located(message, where), code="invalid-counts")
    return Counts(tuple((name, counts[name]) for name in names)), counts


def item_value(item: Item, value: AnswerValue) -> Decimal:
    """The value in [0, 1] that a validated answer scores on ``item``.

    >>> from zona_integritas import load_rulebook
    >>> rb = load_rulebook("permenpanrb-90-2021")
    >>> item_value(rb.item("H1.a"), Decimal("3.6")), item_value(rb.item("P2.i.b"), "B")
    (Decimal('0.9'), Decimal('0.75'))
    """
    if item.kind is ItemKind.CHOICE:
        assert item.scale is not None and isinstance(value, str)
        return item.scale.multiplier(value)
    if item.kind is ItemKind.INDEX:
        assert item.scale is not None and item.scale.minimum is not None and item.scale.maximum is not None
        assert isinstance(value, Decimal)
        low, high = item.scale.minimum, item.scale.maximum
        return CONTEXT.divide(CONTEXT.subtract(value, low), CONTEXT.subtract(high, low))  # never the caller's context
    assert item.formula is not None and isinstance(value, Counts)
    return item.formula.evaluate(value)


def pairs_of(answers: Iterable[object], problems: list[Exception], where: str) -> list[tuple[Any, Any]]:
    """(code, answer) pairs from an iterable of pairs; a malformed pair or a code answered twice is a problem."""
    pairs: list[tuple[Any, Any]] = []
    seen: set[object] = set()
    for pair in answers:
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            message = _("answers are a mapping of item code to answer, or (code, answer) pairs; got {value}").format(
                value=echo(pair)
            )
            problems.append(InvalidAnswerError(located(message, where), code="not-answers"))
            continue
        code = pair[0]
        try:
            if code in seen:
                message = _("item {code} is answered twice").format(code=repr(code))
                problems.append(InvalidAnswerError(located(message, where), code="answered-twice"))
                continue
            seen.add(code)
        except TypeError:  # an unhashable code: reported as unknown later
            pass
        pairs.append((code, pair[1]))
    return pairs


def split_answer(raw: object) -> tuple[object, str | None, str | None, list[str]]:
    """A raw answer as (value, note, evidence, problems): a bare value, a dict with "answer", or an Answer."""
    if isinstance(raw, Answer):
        return raw.value, raw.note, raw.evidence, []
    if isinstance(raw, Mapping) and "answer" in raw:
        extra = [k for k in raw if k not in ("answer", "note", "evidence")]
        problems = (
            [
                ngettext("unknown key {keys}", "unknown keys {keys}", len(extra)).format(
                    keys=", ".join(repr(k) for k in extra)
                )
            ]
            if extra
            else []
        )
        note, evidence = (_text_cell(raw.get(k)) for k in ("note", "evidence"))
        for key, text in (("note", note), ("evidence", evidence)):
            if text is not None and not isinstance(text, str):
                problems.append(_("{key} must be text, got {value}").format(key=key, value=echo(text)))
            elif text is not None and text_problem(text):
                problems.append(_("{key} {problem}").format(key=key, problem=text_problem(text)))
        return (
            raw["answer"],
            note if isinstance(note, str) else None,
            evidence if isinstance(evidence, str) else None,
            problems,
        )
    return raw, None, None, []


def _text_cell(value: object) -> object:
    """A note or evidence as given: text stays as it is, a blank cell is none, a NumPy string is text."""
    if value is None or type(value) is str:
        return value
    return None if is_blank(value) else native(value)


class Entry:
    """One item compiled for fast validation: the item, and for a choice item every spelling of its options
    that needs no clean-up mapped to its ready answer and multiplier.
    """

    __slots__ = ("choices", "formula", "high", "item", "low", "names", "order", "span")

    def __init__(self, item: Item) -> None:
        self.item = item
        self.choices: dict[str, tuple[Answer, Decimal]] = {}
        self.low = self.high = Decimal(0)
        self.span: Decimal | None = None  # set for an index item
        self.names: frozenset[str] | None = None  # set for a count item: its input names
        self.formula = item.formula
        self.order = item.input_names
        if item.kind is ItemKind.CHOICE:
            assert item.scale is not None
            for option in item.scale.options:
                ready = (Answer(option.key), option.multiplier)
                for spelling in (option.key, option.key.lower(), option.key.upper(), option.key.capitalize()):
                    self.choices[spelling] = ready
        elif item.kind is ItemKind.INDEX:
            assert item.scale is not None and item.scale.minimum is not None and item.scale.maximum is not None
            self.low, self.high = item.scale.minimum, item.scale.maximum
            self.span = self.high - self.low
        else:
            self.names = frozenset(item.input_names)

    def counts(self, raw: dict[str, object]) -> tuple[Counts, Decimal] | None:
        """The counts and value of a plain dict of exactly the input names with non-negative whole numbers that
        break no consistency rule; ``None`` for anything else (the full check then names every problem)."""
        assert self.formula is not None
        if raw.keys() != self.names:
            return None
        for count in raw.values():
            if type(count) is not int or not 0 <= count <= MAX_COUNT:
                return None
        plain: dict[str, int] = raw  # type: ignore[assignment]  # every value was just checked
        if self.formula.at_most and self.formula.violations(plain):
            return None
        return Counts(tuple([(name, plain[name]) for name in self.order])), self.formula.evaluate(plain)


# Compiled validators per rulebook. Kept because it pays: compiling the 90/2021 table takes ~360 µs and validating
# 113 answers with it ~87 µs (this machine), against ~400 µs per worksheet in 0.1 without it; see
# docs/reference/performance.md. A few rulebooks live in a process; the bound keeps variants built in a loop from
# piling up.
@functools.lru_cache(maxsize=16)
def compiled(rulebook: Rulebook) -> tuple[dict[str, Entry], dict[tuple[str, str], tuple[Answer, Decimal]]]:
    """Every item's entry by code, and every (code, option spelling) pair of the choice items with its ready
    answer and multiplier: most answers of a worksheet are found with one dictionary lookup."""
    entries: dict[str, Entry] = {item.code: Entry(item) for item in rulebook.items}
    choices: dict[tuple[str, str], tuple[Answer, Decimal]] = {
        (code, key): ready for code, entry in entries.items() for key, ready in entry.choices.items()
    }
    return entries, choices
