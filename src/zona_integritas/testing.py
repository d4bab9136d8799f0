"""Hypothesis strategies for testing code that uses zona_integritas (needs the ``testing`` extra).

Every strategy takes the rulebook as an argument, so it works for any regulation version or a
custom rulebook of yours.

- :func:`answer_values` / :func:`invalid_answer_values`: one raw answer an item accepts / refuses.
- :func:`answer_maps`: raw answers keyed by item code, as :meth:`Worksheet.from_answers` takes them.
- :func:`worksheets`: validated :class:`~zona_integritas.Worksheet` values.
- :func:`invalid_answer_maps`: answer maps with at least one bad entry, and the codes that are bad.

>>> from hypothesis import given, settings
>>> from zona_integritas import load_rulebook, score
>>> rb = load_rulebook("permenpanrb-90-2021")
>>> @settings(max_examples=20)
... @given(worksheets(rb, complete=True))
... def test_total_is_at_most_100(ws):
...     assert 0 <= score(ws).total.value <= 100
>>> test_total_is_at_most_100()
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("zona_integritas.testing needs Hypothesis: pip install 'zona-integritas[testing]'") from exc

from .rulebook import Item, ItemKind, Rulebook
from .worksheet import Assessor, Worksheet

__all__ = [
    "answer_maps",
    "answer_values",
    "assessors",
    "invalid_answer_maps",
    "invalid_answer_values",
    "worksheets",
]


def assessors() -> st.SearchStrategy[Assessor]:
    """Any assessor."""
    return st.sampled_from(list(Assessor))


def _counts(item: Item, max_count: int) -> st.SearchStrategy[dict[str, int]]:
    assert item.formula is not None
    formula = item.formula
    names = item.input_names

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, int]:
        counts = {name: draw(st.integers(0, max_count)) for name in names}
        for _ in range(len(formula.at_most) + 1):
            broken = False
            for rule in formula.at_most:
                excess = sum(counts[n] for n in rule.left) - sum(counts[n] for n in rule.right)
                if excess > 0:
                    counts[rule.right[0]] += excess
                    broken = True
            if not broken:
                break
        return counts

    return build().filter(lambda c: not formula.violations(c))


def answer_values(item: Item, *, max_count: int = 60, spelled: bool = True) -> st.SearchStrategy[Any]:
    """One raw answer that ``item`` accepts.

    With ``spelled=True`` the answer comes in the forms users type: option keys in any case, indices
    as floats, decimals, or strings with a decimal point or comma, counts as whole numbers.
    """
    if item.kind is ItemKind.CHOICE:
        assert item.scale is not None
        keys = st.sampled_from(item.scale.keys)
        if spelled:
            return keys.flatmap(lambda k: st.sampled_from([k, k.lower(), k.upper()]))
        return keys
    if item.kind is ItemKind.INDEX:
        assert item.scale is not None and item.scale.minimum is not None and item.scale.maximum is not None
        low, high = item.scale.minimum, item.scale.maximum
        index = st.decimals(min_value=low, max_value=high, places=2)
        if not spelled:
            return index
        return index.flatmap(lambda d: st.sampled_from([d, str(d), str(d).replace(".", ","), float(d)]))
    return _counts(item, max_count)


def invalid_answer_values(item: Item) -> st.SearchStrategy[Any]:
    """One raw answer that ``item`` refuses (wrong option, out-of-range index, impossible counts…)."""
    junk: st.SearchStrategy[Any] = st.sampled_from([None, True, [], {"x": 1}, 1.5]).filter(lambda v: v is not None)
    if item.kind is ItemKind.CHOICE:
        assert item.scale is not None
        keys = {k.casefold() for k in item.scale.keys}
        return st.one_of(st.text(min_size=1, max_size=3).filter(lambda t: t.strip().casefold() not in keys), junk)
    if item.kind is ItemKind.INDEX:
        assert item.scale is not None and item.scale.minimum is not None and item.scale.maximum is not None
        low, high = item.scale.minimum, item.scale.maximum
        return st.one_of(
            st.decimals(max_value=low - Decimal("0.01"), allow_nan=False, allow_infinity=False, places=2),
            st.decimals(min_value=high + Decimal("0.01"), allow_nan=False, allow_infinity=False, places=2),
            st.sampled_from(["", "tiga", "3.6.1", "nan"]),
            junk.filter(lambda v: not isinstance(v, float)),
        )
    assert item.formula is not None
    names = item.input_names
    base = _counts(item, 30)
    negative = base.flatmap(lambda c: st.sampled_from(names).map(lambda n: {**c, n: -1 - c[n]}))
    missing = base.map(lambda c: {k: v for k, v in list(c.items())[1:]})
    unknown = base.map(lambda c: {**c, "extra": 1})
    fraction = base.flatmap(lambda c: st.sampled_from(names).map(lambda n: {**c, n: c[n] + 0.5}))
    options = [negative, missing, unknown, fraction, junk]
    if item.formula.at_most:
        rule = item.formula.at_most[0]
        options.append(base.map(lambda c: {**c, rule.left[0]: sum(c[n] for n in rule.right) + 1}))
    return st.one_of(*options)


def answer_maps(
    rulebook: Rulebook, *, complete: bool = False, spelled: bool = True
) -> st.SearchStrategy[dict[str, Any]]:
    """Raw answers keyed by item code, all valid; ``complete=True`` answers every item."""

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        answers: dict[str, Any] = {}
        for item in rulebook.items:
            if complete or draw(st.booleans()):
                answers[item.code] = draw(answer_values(item, spelled=spelled))
        return answers

    return build()


def worksheets(
    rulebook: Rulebook, *, complete: bool = False, assessor: Assessor | str | None = None
) -> st.SearchStrategy[Worksheet]:
    """Validated worksheets for ``rulebook`` (complete ones with ``complete=True``)."""
    who = st.just(Assessor.parse(assessor)) if assessor is not None else assessors()
    return st.builds(
        lambda answers, a: Worksheet.from_answers(rulebook, answers, assessor=a),
        answer_maps(rulebook, complete=complete, spelled=False),
        who,
    )


def invalid_answer_maps(rulebook: Rulebook) -> st.SearchStrategy[tuple[dict[str, Any], frozenset[str]]]:
    """(answers, bad codes): valid answers mixed with at least one refused answer or unknown code.

    :meth:`Worksheet.from_answers` must report exactly the codes in ``bad`` (one problem each).
    """

    @st.composite
    def build(draw: st.DrawFn) -> tuple[dict[str, Any], frozenset[str]]:
        answers: dict[str, Any] = draw(answer_maps(rulebook))
        bad_items = draw(st.lists(st.sampled_from(rulebook.items), min_size=1, max_size=4, unique_by=lambda i: i.code))
        bad: set[str] = set()
        for item in bad_items:
            answers[item.code] = draw(invalid_answer_values(item))
            bad.add(item.code)
        if draw(st.booleans()):
            code = draw(st.sampled_from(["P9.i.a", "X", "p1.i.a", "H3.a"]))
            answers[code] = "A"
            bad.add(code)
        return answers, frozenset(bad)

    return build()
