"""Compact, escaped HTML tables for notebooks (``_repr_html_``) and reports.

Every text that comes from data (unit names, notes, labels) goes through :func:`html.escape`.

>>> from zona_integritas import examples
>>> "<table" in score_card_html(__import__("zona_integritas").score(examples.kediri_worksheet_2022()))
True
>>> esc('<script>alert("x")</script>')
'&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from .decimals import round_half_up
from .labels import Language

__all__ = ["esc", "journey_html", "portfolio_html", "score_card_html", "survey_html", "table", "verdict_html"]

_STYLE = "border-collapse:collapse;font-size:90%"


def esc(value: Any) -> str:
    """Escape a value for HTML (``None`` becomes an empty string)."""
    return "" if value is None else html.escape(str(value), quote=True)


def _num(value: Decimal | None, places: int = 2) -> str:
    return "" if value is None else str(round_half_up(value, places))


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]], *, caption: str | None = None) -> str:
    """An HTML table; every cell is escaped."""
    head = "".join(f"<th style='text-align:left;padding:2px 8px'>{esc(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td style='padding:2px 8px'>{esc(c)}</td>" for c in row) + "</tr>" for row in rows
    )
    cap = f"<caption style='text-align:left;font-weight:bold'>{esc(caption)}</caption>" if caption else ""
    return f"<table style='{_STYLE}'>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def score_card_html(card: Any, *, language: Language = "id", depth: int = 2) -> str:
    """The main nodes of a score card: total, components, sub-components, areas."""
    rows = []

    def add(node: Any, level: int) -> None:
        pct = node.percentage
        rows.append(
            (
                node.code,
                "\u2003" * level + node.label.in_language(language),
                _num(node.value),
                _num(node.maximum),
                "" if pct is None else _num(pct),
            )
        )
        if level < depth:
            for child in node.children:
                add(child, level + 1)

    add(card.total, 0)
    for area in card.areas:
        add(area, 0)
    done, total = card.completeness
    caption = f"{card.rulebook.short}, {card.worksheet.assessor.value}: {done}/{total} items answered"
    return table(["kode", "uraian" if language == "id" else "node", "nilai", "bobot", "%"], rows, caption=caption)


def verdict_html(verdict: Any, *, language: Language = "id") -> str:
    """Every criterion of a verdict with actual, required, margin and source."""
    head = "LULUS" if verdict.passed else "TIDAK LULUS"
    if language == "en":
        head = "PASSED" if verdict.passed else "NOT PASSED"
    rows = [
        (
            "\u2713" if c.passed else "\u2717",
            c.label.in_language(language),
            c.detail if c.unit == "predicate" else _num(c.actual),
            "" if c.required is None else _num(c.required),
            "" if c.margin is None else _num(c.margin),
            c.source,
        )
        for c in verdict.criteria
    ]
    return table(
        ["", "kriteria", "nilai", "syarat", "selisih", "sumber"], rows, caption=f"Menuju {verdict.target.value}: {head}"
    )


def journey_html(journey: Any, *, language: Language = "id") -> str:
    """The audit history of a journey."""
    from .dates import format_date

    rows = [(format_date(e.on), e.actor, e.what, e.note) for e in journey.history()]
    held = journey.state().predicate
    caption = f"{journey.unit}: {held.value if held else 'belum berpredikat'}"
    return table(["tanggal", "oleh", "peristiwa", "catatan"], rows, caption=caption)


def survey_html(result: Any, *, language: Language = "id") -> str:
    """An IKM (per element) or an IPAK/IPKP result (per aspect)."""
    if hasattr(result, "elements"):
        rows: list[tuple[Any, ...]] = [
            (e.code, e.label.in_language(language), _num(e.nrr, 3), _num(e.unit)) for e in result.elements
        ]
        caption = (
            f"IKM {result.ikm_unit} ({result.grade}, {result.grade_label.in_language(language)}), "
            f"{result.respondents} responden"
        )
        return table(["unsur", "uraian", "NRR", "NRR x 25"], rows, caption=caption)
    rows = [(a.code, a.label.in_language(language), _num(a.index)) for a in result.aspects]
    caption = (
        f"{result.kind.upper()} {_num(result.index)} -> {result.item} {result.lke_answer}, "
        f"{result.respondents} responden"
    )
    return table(["aspek", "uraian", "indeks"], rows, caption=caption)


def portfolio_html(portfolio: Any, *, on: Any, language: Language = "id") -> str:
    """Each unit of a portfolio with the predicate held on ``on`` and its latest cycle."""
    from .dates import format_date, parse_date

    day = parse_date(on)
    rows = []
    for unit, journey in zip(portfolio.units, portfolio.journeys, strict=True):
        state = journey.state(day)
        latest = state.latest_cycle
        rows.append(
            (
                unit.id,
                unit.name,
                state.predicate.value if state.predicate else "-",
                "-" if latest is None else f"{latest.year}: {latest.outcome}",
            )
        )
    caption = f"{portfolio.instansi.name}, {format_date(day)}"
    return table(["unit", "nama", "predikat", "siklus terakhir"], rows, caption=caption)


def _latest_portfolio_html(portfolio: Any) -> str:
    """A portfolio as of its latest recorded event (what a notebook shows)."""
    import datetime as dt

    dates = [d for d in (j.state().last_event_on for j in portfolio.journeys) if d is not None]
    return portfolio_html(portfolio, on=max(dates, default=dt.date(2000, 1, 1)))


def _register() -> None:
    """Register the notebook reprs of the domain values (the domain never imports this module)."""
    from ._reprs import register_html
    from .journey import Journey
    from .portfolio import Portfolio
    from .scoring import ScoreCard
    from .survey import IkmResult, PerceptionResult
    from .verdict import Verdict

    register_html(ScoreCard, score_card_html)
    register_html(Verdict, verdict_html)
    register_html(Journey, journey_html)
    register_html(Portfolio, _latest_portfolio_html)
    register_html(IkmResult, survey_html)
    register_html(PerceptionResult, survey_html)


_register()
