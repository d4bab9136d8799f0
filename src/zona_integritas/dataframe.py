"""pandas DataFrames of score cards, verdicts, survey results, journeys and portfolios (extra ``pandas``).

Numeric columns are floats (for analysis; the exact ``Decimal`` values stay on the objects); labels are
Indonesian by default, English with ``language="en"``.

>>> import zona_integritas as zi
>>> from zona_integritas import examples
>>> df = to_dataframe(zi.score(examples.kediri_worksheet_2022()))
>>> list(df.columns)
['code', 'kind', 'label', 'parent', 'weight', 'value', 'percentage', 'answer']
>>> float(df.loc[df.code == "total", "value"].iloc[0]).__round__(2)
87.76
"""

from __future__ import annotations

from typing import Any

from .errors import InvalidValueError
from .labels import Language

__all__ = ["to_dataframe"]


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise ImportError("DataFrames need pandas: pip install 'zona-integritas[pandas]'") from exc
    return pd


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def to_dataframe(value: Any, *, language: Language = "id", on: Any = None) -> Any:
    """A DataFrame of a ScoreCard, Verdict, IkmResult, PerceptionResult, Journey or Portfolio."""
    pd = _pandas()
    from .journey import Journey
    from .portfolio import Portfolio
    from .scoring import ScoreCard
    from .survey import IkmResult, PerceptionResult
    from .verdict import Verdict

    if isinstance(value, ScoreCard):
        rows = []

        def add(node: Any, parent: str | None) -> None:
            answer = node.answer.value if node.answer is not None else None
            rows.append(
                {
                    "code": node.code,
                    "kind": node.kind.value,
                    "label": node.label.in_language(language),
                    "parent": parent,
                    "weight": _float(node.maximum),
                    "value": _float(node.value),
                    "percentage": _float(node.percentage),
                    "answer": None if answer is None else str(dict(answer) if hasattr(answer, "items") else answer),
                }
            )
            for child in node.children:
                add(child, node.code)

        add(value.total, None)
        for area in value.areas:
            rows.append(
                {
                    "code": area.code,
                    "kind": area.kind.value,
                    "label": area.label.in_language(language),
                    "parent": "total",
                    "weight": _float(area.maximum),
                    "value": _float(area.value),
                    "percentage": _float(area.percentage),
                    "answer": None,
                }
            )
        return pd.DataFrame(rows)
    if isinstance(value, Verdict):
        return pd.DataFrame(
            [
                {
                    "key": c.key,
                    "label": c.label.in_language(language),
                    "passed": c.passed,
                    "actual": _float(c.actual),
                    "required": _float(c.required),
                    "margin": _float(c.margin),
                    "unit": c.unit,
                    "fixable": c.fixable,
                    "source": c.source,
                }
                for c in value.criteria
            ]
        )
    if isinstance(value, IkmResult):
        return pd.DataFrame(
            [
                {
                    "code": e.code,
                    "label": e.label.in_language(language),
                    "nrr": _float(e.nrr),
                    "weight": float(e.weight),
                    "weighted": _float(e.weighted),
                    "unit": _float(e.unit),
                }
                for e in value.elements
            ]
        )
    if isinstance(value, PerceptionResult):
        return pd.DataFrame(
            [
                {
                    "code": a.code,
                    "label": a.label.in_language(language),
                    "questions": len(a.questions),
                    "index": _float(a.index),
                }
                for a in value.aspects
            ]
        )
    if isinstance(value, Journey):
        return pd.DataFrame(
            [
                {"on": pd.Timestamp(e.on), "kind": e.kind, "actor": e.actor, "what": e.what, "note": e.note}
                for e in value.history()
            ]
        )
    if isinstance(value, Portfolio):
        from .dates import parse_date

        if on is None:
            raise InvalidValueError("a portfolio DataFrame needs on=<date>")
        day = parse_date(on)
        rows = []
        for unit, journey in zip(value.units, value.journeys, strict=True):
            state = journey.state(day)
            latest = state.latest_cycle
            rows.append(
                {
                    "unit_id": unit.id,
                    "name": unit.name,
                    "kind": unit.kind.value,
                    "predicate": state.predicate.value if state.predicate else None,
                    "since": pd.Timestamp(state.holding_since) if state.holding_since else pd.NaT,
                    "latest_cycle": latest.year if latest else None,
                    "latest_outcome": latest.outcome if latest else None,
                    "cycles": len(state.cycles),
                }
            )
        return pd.DataFrame(rows)
    raise InvalidValueError(f"cannot make a DataFrame of {type(value).__name__}")
