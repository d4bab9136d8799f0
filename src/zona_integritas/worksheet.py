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

from collections.abc import Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import attrs

from ._answers import Answer, AnswerValue, Assessor, Counts
from ._validation import compiled, counts_of, item_value, pairs_of, parse_count, split_answer, validate_answer
from .decimals import CONTEXT, parse_decimal
from .errors import InvalidAnswerError, InvalidInputError, InvalidValueError, UnknownItemError
from .i18n import gettext as _
from .inputs import echo, is_blank, located, native
from .rulebook import ItemCode, ItemKind, Rulebook
from .worksheet_frames import (
    ASSESSOR,
    UNIT,
    answers_from_long,
    answers_from_wide,
    count_names,
    long_columns,
    long_rows,
    pandas,
    wide_columns,
    wide_row,
)

__all__ = [
    "Answer",
    "AnswerValue",
    "Assessor",
    "Counts",
    "Worksheet",
    "item_value",
    "parse_count",
    "validate_answer",
    "worksheets_to_dataframe",
]


def _unanswered(value: object) -> bool:
    """A blank value, or counts whose every part is blank (an empty row of a DataFrame)."""
    if type(value) is str:
        return False
    if is_blank(value):
        return True
    if isinstance(value, Mapping) and not isinstance(value, Counts) and value:
        return all(is_blank(v) for v in value.values())
    return False


def _answer_map(value: Mapping[str, Answer] | Iterable[tuple[str, Answer]]) -> dict[str, Answer]:
    """The answers of a worksheet as a dict (from a dict, or from (code, answer) pairs as 0.1 took them)."""
    return value if type(value) is dict else dict(value)


def _answer_key(answers: Mapping[str, Answer]) -> tuple[tuple[str, Answer], ...]:
    """What equality and the hash of a worksheet read: its answers in order."""
    return tuple(answers.items())


@attrs.frozen(repr=False, cache_hash=True)
class Worksheet:
    """One assessor's validated answers to a rulebook's LKE. Immutable: changes return a new worksheet.

    Build it with :meth:`from_answers`. Answers are kept in rulebook order, so the order they were given
    in does not matter; two worksheets are equal when rulebook, assessor and answers are equal. The hash is
    cached by attrs (``cache_hash``), which also drops the cache on pickling, so equal worksheets hash equal
    across processes.
    """

    rulebook: Rulebook
    assessor: Assessor
    # item code -> answer, in rulebook order. One dict rather than a tuple of pairs: a worksheet then holds a
    # handful of objects for the garbage collector instead of ~120, which made validation 2-3x faster with many
    # worksheets alive (benchmarks/bench_scoring.py). Compared and hashed as its items, in order.
    _answers: Mapping[str, Answer] = attrs.field(converter=_answer_map, eq=_answer_key)
    # the value in [0, 1] of every answered item, derived from the answers (computed here unless the validating
    # constructor already has them)
    _values: Mapping[str, Decimal] = attrs.field(default=None, eq=False, repr=False, alias="_values")

    def __attrs_post_init__(self) -> None:
        if self._values is None:
            rb = self.rulebook
            values = {c: item_value(rb.item(c), a.value) for c, a in self._answers.items() if a.value is not None}
            object.__setattr__(self, "_values", MappingProxyType(values))  # attrs' way for a frozen class

    def __reduce__(self) -> tuple[object, ...]:
        # the answers travel; the derived values and the cached hash are rebuilt (a hash must not cross processes)
        return (Worksheet, (self.rulebook, self.assessor, self._answers))

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
        a mapping ``{"answer": value, "note": ..., "evidence": ...}``, or an :class:`Answer`. A blank value
        (``None``, NaN, pandas' ``NA`` or ``NaT``; for a count item, every count blank) leaves the item
        unanswered; a pandas Series indexed by item code is taken like a mapping; NumPy scalars are taken as the
        plain values they stand for (``numpy.int64(8)`` is the count
        8, ``numpy.float64(3.62)`` the index 3.62, ``numpy.str_("Ya")`` the option). Every problem is reported
        at once in an :class:`InvalidInputError`; ``source`` (a file name, say) is added to each message.

        >>> from zona_integritas import load_rulebook
        >>> rb = load_rulebook("permenpanrb-90-2021")
        >>> Worksheet.from_answers(rb, {"P1.i.b": "D", "X.9": "A"}, assessor="unit", source="a.json")
        Traceback (most recent call last):
        ...
        zona_integritas.errors.InvalidInputError: worksheet from a.json has problems (2):
          - item 'P1.i.b' takes A, B or C; got 'D' (a.json)
          - rulebook 'permenpanrb-90-2021' has no item 'X.9' (a.json)
        """
        if not isinstance(rulebook, Rulebook):
            raise InvalidValueError(
                _("a worksheet needs a Rulebook; got {value}").format(value=echo(rulebook)), code="not-a-rulebook"
            )
        where = source or ""
        problems: list[Exception] = []
        try:
            who = Assessor.parse(assessor)
        except InvalidAnswerError as exc:
            problems.append(InvalidAnswerError(located(str(exc), where), code=exc.code))
            who = Assessor.UNIT
        table, choices = compiled(rulebook)
        if isinstance(answers, Mapping):
            pairs: Iterable[tuple[Any, Any]] = answers.items()
        elif callable(getattr(answers, "items", None)):  # a pandas Series of answers indexed by item code
            pairs = pairs_of(answers.items(), problems, where)  # type: ignore[attr-defined]
        else:
            pairs = pairs_of(answers, problems, where)
        given: dict[str, Answer] = {}
        values: dict[str, Decimal] = {}
        rest: list[tuple[Any, Any]] = []
        # the fast path: a bare option key as the rulebook spells it (most answers of an LKE)
        for code, raw in pairs:
            if type(raw) is str:
                ready = choices.get((code, raw))
                if ready is not None:
                    given[code], values[code] = ready
                    continue
            rest.append((code, raw))
        for code, raw in rest:
            try:
                entry = table.get(code)
            except TypeError:  # an unhashable code
                entry = None
            if entry is None:
                problems.append(UnknownItemError(located(rulebook.unknown_item_message(code), where)))
                continue
            # then a bare index, plain counts; anything else takes the full check, which names every problem
            kind = type(raw)
            if kind is dict and entry.names is not None:
                found = entry.counts(raw)
                if found is not None:
                    given[code] = Answer(found[0])
                    values[code] = found[1]
                    continue
            elif entry.span is not None and kind in (Decimal, int, float, str):
                try:
                    index = parse_decimal(raw)
                except ValueError:
                    index = None
                if index is not None and entry.low <= index <= entry.high:
                    given[code] = Answer(index)
                    values[code] = CONTEXT.divide(CONTEXT.subtract(index, entry.low), entry.span)
                    continue
            value, note, evidence, shape = split_answer(raw)
            if shape:
                message = _("item {code}: {problems}").format(code=repr(code), problems="; ".join(shape))
                problems.append(InvalidAnswerError(located(message, where), code="invalid-answer-shape"))
                continue
            if type(value) is not str:
                value = native(value)
            if _unanswered(value):
                if note is not None or evidence is not None:
                    given[code] = Answer(None, note, evidence)
                continue
            try:
                if entry.item.kind is ItemKind.COUNT:
                    counts, plain = counts_of(entry.item, value, where)
                    given[code] = Answer(counts, note, evidence)
                    values[code] = entry.item.formula.evaluate(plain)  # type: ignore[union-attr]
                    continue
                canonical = validate_answer(entry.item, value, where)
            except InvalidAnswerError as exc:
                problems.append(exc)
                continue
            given[code] = Answer(canonical, note, evidence)
            values[code] = item_value(entry.item, canonical)
        if problems:
            message = (
                _("worksheet from {source} has problems").format(source=where) if where else _("worksheet has problems")
            )
            raise InvalidInputError(message, problems)
        ordered: dict[str, Answer] = {code: given[code] for code in rulebook.item_codes if code in given}
        return cls(rulebook, who, ordered, _values=MappingProxyType(values))

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
        return {ItemCode(code): answer for code, answer in self._answers.items()}

    def answer(self, code: str) -> Answer | None:
        """The answer to item ``code`` (possibly a note without a value), or ``None`` when there is none."""
        self.rulebook.item(code)
        return self._answers.get(code)

    def value(self, code: str) -> Decimal | None:
        """The value in [0, 1] that item ``code`` scores, or ``None`` when unanswered."""
        self.rulebook.item(code)
        return self._values.get(code)

    @property
    def item_values(self) -> Mapping[str, Decimal]:
        """The value in [0, 1] of every answered item (read-only view)."""
        return self._values

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
                _("cannot overlay a worksheet of {other} on one of {this}").format(
                    other=repr(other.rulebook.id), this=repr(self.rulebook.id)
                ),
                code="different-rulebooks",
            )
        merged = dict(self._answers)
        values = dict(self._values)
        for code, answer in other._answers.items():
            if answer.value is not None:
                merged[code] = answer
                values[code] = other._values[code]
        ordered: dict[str, Answer] = {code: merged[code] for code in self.rulebook.item_codes if code in merged}
        who = self.assessor if assessor is None else Assessor.parse(assessor)
        return Worksheet(self.rulebook, who, ordered, _values=MappingProxyType(values))

    def with_assessor(self, assessor: Assessor | str) -> Worksheet:
        """The same answers, attributed to another assessor."""
        return Worksheet(self.rulebook, Assessor.parse(assessor), self._answers, _values=self._values)

    def to_answers(self) -> dict[str, Any]:
        """Plain answers by code, as :meth:`from_answers` takes them (notes and evidence kept)."""
        out: dict[str, Any] = {}
        for code, ans in self._answers.items():
            value: Any = dict(ans.value) if isinstance(ans.value, Counts) else ans.value
            if ans.note is None and ans.evidence is None:
                out[code] = value
            else:
                out[code] = {"answer": value, "note": ans.note, "evidence": ans.evidence}
        return out

    # -- DataFrames (extra ``pandas``) ----------------------------------------------------------------------------
    @classmethod
    def from_dataframe(
        cls,
        rulebook: Rulebook,
        frame: Any,
        *,
        assessor: Assessor | str | None = None,
        source: str | None = None,
    ) -> Worksheet:
        """A worksheet from a long DataFrame: one row per item, with the columns ``item``, ``answer``, the
        counts of count items (``targets``, ``met``…), ``note`` and ``evidence`` (all but ``item`` optional;
        names matched ignoring case), as :meth:`to_dataframe` writes it.

        Blank cells (NaN, ``None``, pandas' ``NA``, empty text) are unanswered; NumPy numbers are plain numbers.
        ``assessor`` defaults to the frame's ``attrs["assessor"]`` (set by :meth:`to_dataframe`). Every problem
        is reported at once in an :class:`InvalidInputError` naming the row (the frame's index label) and the
        column.

        >>> import pandas as pd
        >>> from zona_integritas import load_rulebook
        >>> rb = load_rulebook("permenpanrb-90-2021")
        >>> frame = pd.DataFrame({"item": ["P1.i.a", "H1.a", "R4.i.a"], "answer": ["ya", 3.62, None],
        ...                       "targets": [None, None, 8], "met": [None, None, 6]})
        >>> ws = Worksheet.from_dataframe(rb, frame, assessor="tpi")
        >>> ws.to_answers()
        {'P1.i.a': 'Ya', 'R4.i.a': {'targets': 8, 'met': 6}, 'H1.a': Decimal('3.62')}
        >>> bad = pd.DataFrame({"item": ["P1.i.b", "X.9"], "answer": ["D", "A"], "remark": ["", ""]})
        >>> Worksheet.from_dataframe(rb, bad, assessor="tpi")
        Traceback (most recent call last):
        ...
        zona_integritas.errors.InvalidInputError: worksheet frame has problems (3):
          - column 'remark' is not a column of a worksheet frame
          - item 'P1.i.b' takes A, B or C; got 'D' (row 0, column 'answer')
          - rulebook 'permenpanrb-90-2021' has no item 'X.9' (row 1, column 'item')
        """
        problems: list[Exception] = []
        answers = answers_from_long(rulebook, frame, problems, what="Worksheet.from_dataframe")
        stored = getattr(frame, "attrs", {})
        _check_frame_rulebook(rulebook, stored, problems)
        who = _assessor_of(assessor, stored.get(ASSESSOR), "", problems)
        if problems:
            raise InvalidInputError(_frame_message(source), problems)
        assert who is not None
        return cls.from_answers(rulebook, answers, assessor=who, source=source)

    def to_dataframe(self) -> Any:
        """The worksheet as a long DataFrame: one row per item of the rulebook, in rulebook order (blank for an
        unanswered item), with the columns ``item``, ``answer`` (an option key, or an index as an exact
        :class:`~decimal.Decimal`), one nullable integer column per count of the count items, ``note`` and
        ``evidence``. ``attrs`` holds the rulebook id and the assessor. :meth:`from_dataframe` reads it back.

        >>> from zona_integritas import examples
        >>> ws = examples.kediri_worksheet_2022()
        >>> frame = ws.to_dataframe()
        >>> frame.loc[frame.item == "R4.i.a", ["item", "targets", "met"]].to_dict("records")
        [{'item': 'R4.i.a', 'targets': 9, 'met': 8}]
        >>> Worksheet.from_dataframe(ws.rulebook, frame) == ws
        True
        """
        pd = pandas()
        frame = pd.DataFrame(long_rows(self.rulebook, self._answers), columns=long_columns(self.rulebook))
        frame = frame.astype({name: "Int64" for name in count_names(self.rulebook)} | {"answer": object})
        frame.attrs.update({"rulebook": self.rulebook.id, ASSESSOR: self.assessor.value})
        return frame

    @classmethod
    def from_wide_dataframe(
        cls,
        rulebook: Rulebook,
        frame: Any,
        *,
        unit_column: str = UNIT,
        assessor: Assessor | str | None = None,
        source: str | None = None,
    ) -> dict[str, Worksheet]:
        """Worksheets from a wide DataFrame, one row per unit, by unit: a ``unit`` column (``unit_column``), an
        optional ``assessor`` column (else ``assessor=``), one column per choice or index item named by its code,
        one column per count of a count item (``R4.i.a.targets``) and optional ``{code}.note`` and
        ``{code}.evidence`` columns, as :func:`worksheets_to_dataframe` writes it.

        Blank cells are unanswered; every problem of every row is reported at once, naming row and column.

        >>> import pandas as pd
        >>> from zona_integritas import load_rulebook
        >>> rb = load_rulebook("permenpanrb-90-2021")
        >>> frame = pd.DataFrame({"unit": ["Dukcapil", "RSUD"], "P1.i.a": ["Ya", "Tidak"],
        ...                       "R4.i.a.targets": [8, None], "R4.i.a.met": [6, None]})
        >>> sheets = Worksheet.from_wide_dataframe(rb, frame, assessor="tpi")
        >>> sheets["Dukcapil"].to_answers(), sheets["RSUD"].to_answers()
        ({'P1.i.a': 'Ya', 'R4.i.a': {'targets': 8, 'met': 6}}, {'P1.i.a': 'Tidak'})
        """
        problems: list[Exception] = []
        rows = answers_from_wide(
            rulebook, frame, problems, unit_column=unit_column, what="Worksheet.from_wide_dataframe"
        )
        _check_frame_rulebook(rulebook, getattr(frame, "attrs", {}), problems)
        built: dict[str, tuple[Assessor, dict[str, Answer]]] = {}
        for unit, given, answers in rows:
            who = _assessor_of(assessor if given is None or given[0] is None else given[0], None, "", problems)
            if given is not None and given[0] is not None and who is None:
                problems[-1] = InvalidAnswerError(located(str(problems[-1]), given[1]), code="unknown-assessor")
            if who is not None:
                built[unit] = (who, answers)
        if problems:
            raise InvalidInputError(_frame_message(source), problems)
        return {
            unit: cls.from_answers(rulebook, answers, assessor=who, source=source)
            for unit, (who, answers) in built.items()
        }

    def __repr__(self) -> str:
        done, total = self.completeness
        return _("<Worksheet {rulebook} by {assessor}: {answered}/{total} items answered>").format(
            rulebook=self.rulebook.id, assessor=self.assessor.value, answered=done, total=total
        )


def _frame_message(source: str | None) -> str:
    if source:
        return _("worksheet frame from {source} has problems").format(source=source)
    return _("worksheet frame has problems")


def _check_frame_rulebook(rulebook: Rulebook, stored: Mapping[str, Any], problems: list[Exception]) -> None:
    """A frame written by this library names its rulebook in ``attrs``: it must be the one it is read with."""
    if isinstance(rulebook, Rulebook) and stored.get("rulebook") not in (None, rulebook.id):
        message = _("the frame holds answers to rulebook {frame}, not to {rulebook}").format(
            frame=repr(stored["rulebook"]), rulebook=repr(rulebook.id)
        )
        problems.append(InvalidValueError(message, code="different-rulebooks"))


def _assessor_of(given: object, stored: object, where: str, problems: list[Exception]) -> Assessor | None:
    """The assessor given, else the one a frame stored; a problem (and ``None``) when there is none or it is not
    one."""
    chosen = given if given is not None else stored
    if chosen is None:
        message = _("the assessor is not known: pass assessor='unit', 'tpi' or 'tpn'")
        problems.append(InvalidAnswerError(located(message, where), code="missing-assessor"))
        return None
    try:
        return Assessor.parse(chosen)  # type: ignore[arg-type]
    except InvalidAnswerError as exc:
        problems.append(exc)
        return None


def worksheets_to_dataframe(worksheets: Mapping[str, Worksheet], *, unit_column: str = UNIT) -> Any:
    """Worksheets by unit as a wide DataFrame, one row per unit: ``unit`` (``unit_column``), ``assessor``, one
    column per choice or index item (its code), one nullable integer column per count of a count item
    (``R4.i.a.targets``), and ``{code}.note`` / ``{code}.evidence`` columns for the items that carry one.
    :meth:`Worksheet.from_wide_dataframe` reads it back. Every worksheet must be of the same rulebook.

    >>> from zona_integritas import examples
    >>> ws = examples.kediri_worksheet_2022()
    >>> frame = worksheets_to_dataframe({"Dukcapil Kediri": ws})
    >>> list(frame.columns[:4]), frame.loc[0, "P1.i.a"], int(frame.loc[0, "R4.i.a.met"])
    (['unit', 'assessor', 'P1.i.a', 'P1.i.a.note'], 'Ya', 8)
    >>> Worksheet.from_wide_dataframe(ws.rulebook, frame) == {"Dukcapil Kediri": ws}
    True
    """
    pd = pandas()
    sheets = dict(worksheets)
    rulebooks = {ws.rulebook for ws in sheets.values() if isinstance(ws, Worksheet)}
    wrong = [unit for unit, ws in sheets.items() if not isinstance(ws, Worksheet)]
    if wrong:
        raise InvalidValueError(
            _("worksheets_to_dataframe takes worksheets by unit; {unit} is {value}").format(
                unit=repr(wrong[0]), value=echo(sheets[wrong[0]])
            ),
            code="not-a-worksheet",
        )
    if len(rulebooks) > 1:
        raise InvalidValueError(
            _("the worksheets of one frame share a rulebook; got {rulebooks}").format(
                rulebooks=", ".join(sorted(repr(rb.id) for rb in rulebooks))
            ),
            code="different-rulebooks",
        )
    if not sheets:
        return pd.DataFrame(columns=[unit_column, ASSESSOR])
    rulebook = rulebooks.pop()
    columns = wide_columns(rulebook, [ws.answers for ws in sheets.values()])
    rows = [wide_row(str(unit), ws.assessor.value, ws.answers) for unit, ws in sheets.items()]
    frame = pd.DataFrame(rows, columns=columns)
    counts = [f"{item.code}.{name}" for item in rulebook.items for name in item.input_names]
    frame = frame.astype({name: "Int64" for name in counts} | {c: object for c in columns if c not in counts})
    frame.attrs["rulebook"] = rulebook.id
    return frame.rename(columns={UNIT: unit_column})
