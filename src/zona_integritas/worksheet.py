"""The LKE worksheet: one assessor's answers, validated against a rulebook.

>>> from zona_integritas import Worksheet, load_rulebook
>>> rb = load_rulebook("permenpanrb-90-2021")
>>> ws = Worksheet.from_answers(rb, {"P1.i.a": "ya", "H1.a": "3,62",
...                                  "R4.i.a": {"targets": 8, "met": 6}}, assessor="tpi")
>>> ws.answer("P1.i.a").value, ws.answer("H1.a").value, ws.value("R4.i.a")
('Ya', Decimal('3.62'), Decimal('0.75'))
>>> ws.completeness
(3, 113)
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any

import attrs

from .decimals import CONTEXT, MAX_COUNT, parse_count, parse_decimal
from .errors import InvalidAnswerError, InvalidInputError, UnknownItemError
from .inputs import echo, text_problem
from .rulebook import Item, ItemCode, ItemKind, Rulebook, _or_list

__all__ = ["Answer", "AnswerValue", "Assessor", "Counts", "Worksheet"]


class Assessor(enum.Enum):
    """Who filled the worksheet: the unit itself, its instansi's TPI, or the national TPN."""

    UNIT = "unit"
    TPI = "tpi"
    TPN = "tpn"

    @classmethod
    def parse(cls, value: Assessor | str) -> Assessor:
        """An assessor from itself or from ``"unit"``, ``"tpi"``, ``"tpn"`` (any case).

        >>> Assessor.parse("TPI")
        <Assessor.TPI: 'tpi'>
        """
        if isinstance(value, Assessor):
            return value
        if isinstance(value, str):
            try:
                return cls(value.strip().casefold())
            except ValueError:
                pass
        raise InvalidAnswerError(f"assessor must be 'unit', 'tpi' or 'tpn'; got {echo(value)}")


@attrs.frozen(eq=False)
class Counts(Mapping[str, int]):
    """The named counts of a count-based item, in the rulebook's input order (read-only mapping).

    >>> c = Counts((("targets", 8), ("met", 6)))
    >>> c["met"], dict(c)
    (6, {'targets': 8, 'met': 6})
    """

    pairs: tuple[tuple[str, int], ...]

    def __getitem__(self, key: str) -> int:
        for name, count in self.pairs:
            if name == key:
                return count
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Counts):
            return self.pairs == other.pairs
        if isinstance(other, Mapping):
            return dict(self.pairs) == dict(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.pairs)


#: What an answer holds: an option key (``"Ya"``, ``"B"``), a survey index, or named counts.
AnswerValue = str | Decimal | Counts


@attrs.frozen
class Answer:
    """One validated answer with an optional note (*catatan*) and evidence reference (*bukti dukung*).

    ``value`` is ``None`` only for an unanswered item that carries a note or evidence (kept, not scored).
    """

    value: AnswerValue | None
    note: str | None = None
    evidence: str | None = None


def _parse_count(value: object) -> int:
    return parse_count(value)  # bounded: refuses a huge number before converting it


def validate_answer(item: Item, raw: object, where: str = "") -> AnswerValue:
    """Check one raw answer for ``item`` and return its canonical form; raise :class:`InvalidAnswerError`.

    >>> from zona_integritas import load_rulebook
    >>> validate_answer(load_rulebook("permenpanrb-90-2021").item("P1.i.b"), "D", "cell K7")
    Traceback (most recent call last):
    ...
    zona_integritas.errors.InvalidAnswerError: item 'P1.i.b' takes A, B or C; got 'D' (cell K7)
    """
    suffix = f" ({where})" if where else ""
    if item.kind is ItemKind.CHOICE:
        assert item.scale is not None
        key = item.scale.canonical_key(raw) if isinstance(raw, str) else None
        if key is None:
            raise InvalidAnswerError(f"item {item.code!r} takes {_or_list(item.scale.keys)}; got {echo(raw)}{suffix}")
        return key
    if item.kind is ItemKind.INDEX:
        assert item.scale is not None and item.scale.minimum is not None and item.scale.maximum is not None
        low, high = item.scale.minimum, item.scale.maximum
        try:
            index = parse_decimal(raw)
        except ValueError:
            index = None
        if index is None or not low <= index <= high:
            raise InvalidAnswerError(f"item {item.code!r} takes an index from {low} to {high}; got {echo(raw)}{suffix}")
        return index
    # count-based item
    assert item.formula is not None
    names = item.input_names
    if isinstance(raw, Counts):
        raw = dict(raw)
    if not isinstance(raw, Mapping):
        raise InvalidAnswerError(
            f"item {item.code!r} takes the counts {', '.join(names)} as a mapping; got {echo(raw)}{suffix}"
        )
    problems = []
    unknown = [k for k in raw if k not in names]
    if unknown:
        problems.append(f"unknown count{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}")
    missing = [n for n in names if n not in raw]
    if missing:
        problems.append(f"missing {', '.join(missing)}")
    counts: dict[str, int] = {}
    for name in names:
        if name in raw:
            try:
                counts[name] = _parse_count(raw[name])
            except ValueError:
                problems.append(
                    f"{name} must be a non-negative whole number, got {echo(raw[name])} (at most {MAX_COUNT:,})"
                )
    if not problems:
        problems.extend(item.formula.violations(counts))
    if problems:
        raise InvalidAnswerError(f"item {item.code!r} takes counts {', '.join(names)}: {'; '.join(problems)}{suffix}")
    return Counts(tuple((name, counts[name]) for name in names))


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


def _split(raw: object) -> tuple[object, str | None, str | None, list[str]]:
    """A raw answer as (value, note, evidence, problems): a bare value, a dict with "answer", or an Answer."""
    if isinstance(raw, Answer):
        return raw.value, raw.note, raw.evidence, []
    if isinstance(raw, Mapping) and "answer" in raw:
        extra = [k for k in raw if k not in ("answer", "note", "evidence")]
        problems = [f"unknown key{'s' if len(extra) > 1 else ''} {', '.join(map(repr, extra))}"] if extra else []
        note, evidence = raw.get("note"), raw.get("evidence")
        for key, text in (("note", note), ("evidence", evidence)):
            if text is not None and not isinstance(text, str):
                problems.append(f"{key} must be text, got {echo(text)}")
            elif text is not None and text_problem(text):
                problems.append(f"{key} {text_problem(text)}")
        return raw["answer"], note, evidence, problems
    return raw, None, None, []


@attrs.frozen(eq=False, repr=False)
class Worksheet:
    """One assessor's validated answers to a rulebook's LKE. Immutable: changes return a new worksheet.

    Build it with :meth:`from_answers`. Answers are kept in rulebook order, so the order they were given
    in does not matter; two worksheets are equal when rulebook, assessor and answers are equal.
    """

    rulebook: Rulebook
    assessor: Assessor
    _answers: tuple[tuple[ItemCode, Answer], ...]
    _values: dict[str, Decimal] = attrs.field(init=False)
    _hash: int | None = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        rb = self.rulebook
        values = {c: item_value(rb.item(c), a.value) for c, a in self._answers if a.value is not None}
        object.__setattr__(self, "_values", values)
        object.__setattr__(self, "_hash", None)

    @classmethod
    def from_answers(
        cls,
        rulebook: Rulebook,
        answers: Mapping[str, object] | Iterable[tuple[str, object]],
        *,
        assessor: Assessor | str,
        source: str | None = None,
    ) -> Worksheet:
        """Validate ``answers`` (item code → answer) and build a worksheet.

        An answer is a bare value (``"Ya"``, ``"B"``, ``3.62``, ``"3,62"``, ``{"targets": 8, "met": 6}``),
        a mapping ``{"answer": value, "note": ..., "evidence": ...}``, or an :class:`Answer`. ``None``
        leaves the item unanswered. Every problem is reported at once in an :class:`InvalidInputError`;
        ``source`` (a file name, say) is added to each message.

        >>> from zona_integritas import load_rulebook
        >>> rb = load_rulebook("permenpanrb-90-2021")
        >>> Worksheet.from_answers(rb, {"P1.i.b": "D", "X.9": "A"}, assessor="unit", source="a.json")
        Traceback (most recent call last):
        ...
        zona_integritas.errors.InvalidInputError: worksheet from a.json has problems (2 problems):
          - item 'P1.i.b' takes A, B or C; got 'D' (a.json)
          - rulebook 'permenpanrb-90-2021' has no item 'X.9' (a.json)
        """
        where = source or ""
        suffix = f" ({where})" if where else ""
        problems: list[Exception] = []
        try:
            who = Assessor.parse(assessor)
        except InvalidAnswerError as exc:
            problems.append(InvalidAnswerError(f"{exc}" + (f" ({where})" if where else "")))
            who = Assessor.UNIT
        pairs = answers.items() if isinstance(answers, Mapping) else answers
        given: dict[str, Answer] = {}
        for pair in pairs:
            if not isinstance(pair, tuple | list) or len(pair) != 2:
                problems.append(
                    InvalidAnswerError(
                        "answers are a mapping of item code to answer, or (code, answer) pairs; "
                        f"got {echo(pair)}{suffix}"
                    )
                )
                continue
            code, raw = pair
            if not isinstance(code, str) or not rulebook.has_item(code):
                err = UnknownItemError(
                    rulebook._unknown(code, {c: None for c in rulebook.item_codes}, "item")
                    + (f" ({where})" if where else "")
                )
                problems.append(err)
                continue
            if code in given:
                problems.append(InvalidAnswerError(f"item {code!r} is answered twice{suffix}"))
                continue
            value, note, evidence, shape = _split(raw)
            if shape:
                problems.append(InvalidAnswerError(f"item {code!r}: {'; '.join(shape)}{suffix}"))
                continue
            if value is None:
                if note is not None or evidence is not None:
                    given[code] = Answer(None, note, evidence)
                continue
            try:
                canonical = validate_answer(rulebook.item(code), value, where)
            except InvalidAnswerError as exc:
                problems.append(exc)
                continue
            given[code] = Answer(canonical, note, evidence)
        if problems:
            raise InvalidInputError(f"worksheet{f' from {where}' if where else ''} has problems", problems)
        ordered = tuple((code, given[code]) for code in rulebook.item_codes if code in given)
        return cls(rulebook, who, ordered)

    @classmethod
    def blank(cls, rulebook: Rulebook, *, assessor: Assessor | str) -> Worksheet:
        """A worksheet with no answers.

        >>> from zona_integritas import load_rulebook
        >>> Worksheet.blank(load_rulebook("permenpanrb-90-2021"), assessor="unit").completeness
        (0, 113)
        """
        return cls(rulebook, Assessor.parse(assessor), ())

    # -- reading ---------------------------------------------------------------------------------------------
    @property
    def answers(self) -> dict[ItemCode, Answer]:
        """The answers by item code, in rulebook order (a copy)."""
        return dict(self._answers)

    def answer(self, code: str) -> Answer | None:
        """The answer to item ``code`` (possibly a note without a value), or ``None`` when there is none."""
        self.rulebook.item(code)
        for c, a in self._answers:
            if c == code:
                return a
        return None

    def value(self, code: str) -> Decimal | None:
        """The value in [0, 1] that item ``code`` scores, or ``None`` when unanswered."""
        self.rulebook.item(code)
        return self._values.get(code)

    @property
    def item_values(self) -> Mapping[str, Decimal]:
        """The value in [0, 1] of every answered item (read-only view)."""
        from types import MappingProxyType

        return MappingProxyType(self._values)

    @property
    def unanswered(self) -> tuple[ItemCode, ...]:
        """The codes of the items without an answer, in rulebook order."""
        return tuple(c for c in self.rulebook.item_codes if c not in self._values)

    @property
    def completeness(self) -> tuple[int, int]:
        """(answered items, all items)."""
        return len(self._values), len(self.rulebook.items)

    @property
    def is_complete(self) -> bool:
        """Whether every item is answered."""
        return len(self._values) == len(self.rulebook.items)

    # -- changing (returns a new worksheet) ------------------------------------------------------------------
    def with_answers(self, answers: Mapping[str, object], *, source: str | None = None) -> Worksheet:
        """A copy with ``answers`` set (validated like :meth:`from_answers`); ``None`` removes an answer.

        >>> from zona_integritas import load_rulebook
        >>> ws = Worksheet.blank(load_rulebook("permenpanrb-90-2021"), assessor="unit")
        >>> ws.with_answers({"P1.i.a": "Tidak"}).answer("P1.i.a")
        Answer(value='Tidak', note=None, evidence=None)
        """
        merged: dict[str, object] = dict(self._answers)
        merged.update(answers)
        return Worksheet.from_answers(self.rulebook, merged, assessor=self.assessor, source=source)

    def overlaid(self, other: Worksheet, *, assessor: Assessor | str | None = None) -> Worksheet:
        """A copy whose answers are replaced by ``other``'s where ``other`` has one (no re-validation:
        both are already valid worksheets of the same rulebook).

        >>> from zona_integritas import load_rulebook
        >>> rb = load_rulebook("permenpanrb-90-2021")
        >>> tpi = Worksheet.from_answers(rb, {"P1.i.a": "Ya", "P1.i.b": "A"}, assessor="tpi")
        >>> field = Worksheet.from_answers(rb, {"P1.i.b": "C"}, assessor="tpn")
        >>> tpi.overlaid(field, assessor="tpn").to_answers()
        {'P1.i.a': 'Ya', 'P1.i.b': 'C'}
        """
        if other.rulebook != self.rulebook:
            raise InvalidAnswerError(
                f"cannot overlay a worksheet of {other.rulebook.id!r} on one of {self.rulebook.id!r}"
            )
        merged = dict(self._answers)
        values = dict(self._values)
        for code, answer in other._answers:
            if answer.value is not None:
                merged[code] = answer
                values[code] = other._values[code]
        ordered = tuple((code, merged[code]) for code in self.rulebook.item_codes if code in merged)
        who = self.assessor if assessor is None else Assessor.parse(assessor)
        new = object.__new__(Worksheet)
        for name, value in (
            ("rulebook", self.rulebook),
            ("assessor", who),
            ("_answers", ordered),
            ("_values", values),
            ("_hash", None),
        ):
            object.__setattr__(new, name, value)
        return new

    def with_assessor(self, assessor: Assessor | str) -> Worksheet:
        """The same answers, attributed to another assessor."""
        return Worksheet(self.rulebook, Assessor.parse(assessor), self._answers)

    def to_answers(self) -> dict[str, Any]:
        """Plain answers by code, as :meth:`from_answers` takes them (notes and evidence kept)."""
        out: dict[str, Any] = {}
        for code, ans in self._answers:
            value: Any = dict(ans.value) if isinstance(ans.value, Counts) else ans.value
            if ans.note is None and ans.evidence is None:
                out[code] = value
            else:
                out[code] = {"answer": value, "note": ans.note, "evidence": ans.evidence}
        return out

    # -- identity --------------------------------------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Worksheet):
            return NotImplemented
        return (self.rulebook, self.assessor, self._answers) == (other.rulebook, other.assessor, other._answers)

    def __hash__(self) -> int:
        if self._hash is None:
            object.__setattr__(self, "_hash", hash((self.rulebook, self.assessor, self._answers)))
        assert self._hash is not None
        return self._hash

    def __repr__(self) -> str:
        done, total = self.completeness
        return f"<Worksheet {self.rulebook.id} by {self.assessor.value}: {done}/{total} items answered>"
