"""Compact, escaped HTML tables for notebooks (``_repr_html_``) and reports.

Every text that comes from data (unit names, notes, labels) goes through :func:`html.escape`. Tables are
left-aligned (JupyterLab centres tables and right-aligns cells unless told otherwise), and a tree's depth is
shown with ``padding-left`` on the label cell, which survives HTML's collapsing of spaces in JupyterLab,
nbconvert and browsers alike. Headers and captions follow the language (``language=``, or the current one).

>>> from zona_integritas import examples
>>> import zona_integritas as zi
>>> page = score_card_html(zi.score(examples.kediri_worksheet_2022()), language="en")
>>> page.startswith("<table") and "text-align:left" in page and "padding-left:1.7em" in page
True
>>> esc('<script>alert("x")</script>')
'&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import attrs

from .i18n import format_date, format_number, format_percent, gettext, ngettext, use_language

__all__ = [
    "Cell",
    "comparison_html",
    "eligibility_html",
    "esc",
    "journey_html",
    "one_eligibility_html",
    "plan_html",
    "portfolio_html",
    "progress_html",
    "score_card_html",
    "survey_html",
    "table",
    "verdict_html",
]

_ = gettext

#: the table: collapsed borders, left-aligned (``margin-right:auto`` undoes JupyterLab's centring)
_STYLE = "border-collapse:collapse;font-size:90%;text-align:left;margin-left:0;margin-right:auto"
_CELL = "text-align:left;vertical-align:top;padding:2px 8px"
#: the indentation of one level of a tree, in em
_INDENT = 1.2


@attrs.frozen
class Cell:
    """A table cell whose text is indented by ``level`` steps (a node of a tree); ``bold`` for a heading row."""

    text: Any
    level: int = 0
    bold: bool = False


def esc(value: Any) -> str:
    """Escape a value for HTML (``None`` becomes an empty string)."""
    return "" if value is None else html.escape(str(value), quote=True)


def _num(value: Decimal | None, places: int = 2) -> str:
    return "" if value is None else format_number(value, places)


def _td(cell: Any) -> str:
    if isinstance(cell, Cell):
        style = _CELL
        if cell.level:
            style += f";padding-left:{0.5 + _INDENT * cell.level:.1f}em"
        text = esc(cell.text)
        if cell.bold:
            text = f"<b>{text}</b>"
        return f"<td style='{style}'>{text}</td>"
    return f"<td style='{_CELL}'>{esc(cell)}</td>"


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]], *, caption: str | None = None) -> str:
    """An HTML table, left-aligned; every cell is escaped (a :class:`Cell` carries its indentation).

    >>> table(["a"], [[Cell("x", level=2)]])  # doctest: +ELLIPSIS
    "<table style='...text-align:left...'><thead>...<td style='...;padding-left:2.9em'>x</td>..."
    """
    head = "".join(f"<th style='{_CELL}'>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(_td(c) for c in row) + "</tr>" for row in rows)
    cap = f"<caption style='text-align:left;font-weight:bold'>{esc(caption)}</caption>" if caption else ""
    return f"<table style='{_STYLE}'>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def score_card_html(card: Any, *, language: str | None = None, depth: int = 2) -> str:
    """The main nodes of a score card: total, components, sub-components, areas (indented by depth)."""
    with use_language(language):
        rows = []

        def add(node: Any, level: int) -> None:
            pct = node.percentage
            rows.append(
                (
                    node.code,
                    Cell(node.label.in_language(), level=level, bold=level == 0),
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
        caption = ngettext(
            "{rulebook}, {assessor}: {answered} of {total} item answered",
            "{rulebook}, {assessor}: {answered} of {total} items answered",
            total,
        ).format(rulebook=card.rulebook.short, assessor=card.worksheet.assessor.value, answered=done, total=total)
        headers = [_("code"), _("description"), _("score"), _("weight"), "%"]
        return table(headers, rows, caption=caption)


def verdict_html(verdict: Any, *, language: str | None = None) -> str:
    """Every criterion of a verdict with actual, required, margin and source."""
    with use_language(language):
        rows = [
            (
                "\u2713" if c.passed else "\u2717",
                c.label.in_language(),
                c.shown_actual(),
                c.shown_required(),
                c.shown_margin(),
                c.source,
            )
            for c in verdict.criteria
        ]
        headers = ["", _("criterion"), _("actual"), _("required"), _("margin"), _("source")]
        page = table(headers, rows, caption=verdict.title())
        if verdict.notes:
            page += table([_("note")], [(n,) for n in verdict.notes])
        return page


def plan_html(plan: Any, *, language: str | None = None) -> str:
    """The answer changes of an improvement plan, then the criteria answers cannot fix."""
    with use_language(language):
        rb = plan.worksheet.rulebook
        rows: list[tuple[Any, ...]] = [
            (
                c.item,
                rb.item(c.item).label.in_language(),
                plan.shown_answer(c.before),
                plan.shown_answer(c.after),
                "+" + format_number(c.points, 4),
                ", ".join(c.fixes),
            )
            for c in plan.changes
        ]
        headers = [_("item"), _("description"), _("answer now"), _("proposed answer"), _("points"), _("helps")]
        page = table(headers, rows, caption=plan.title())
        if plan.unfixable:
            still = [
                (
                    u.key,
                    u.label.in_language(),
                    _("cannot be fixed by answers") if not u.fixable else _("still not passed"),
                    "" if u.margin is None else format_number(u.margin, 2),
                    u.source,
                )
                for u in plan.unfixable
            ]
            page += table(
                [_("criterion"), _("description"), _("why"), _("margin"), _("source")],
                still,
                caption=_("What the plan cannot fix"),
            )
        return page


def eligibility_html(report: Any, *, language: str | None = None) -> str:
    """Every proposal condition for WBK and for WBBM with its status, actual and required values."""
    with use_language(language):
        return _eligibility_html(report.wbk, on=report.on) + _eligibility_html(report.wbbm, on=report.on)


def one_eligibility_html(eligibility: Any, *, language: str | None = None) -> str:
    """Every proposal condition for one predicate."""
    with use_language(language):
        return _eligibility_html(eligibility, on=None)


def _eligibility_html(eligibility: Any, *, on: Any) -> str:
    rows = [
        (c.key, c.label.in_language(), c.shown_status(), c.actual, c.required, c.detail, c.source)
        for c in eligibility.conditions
    ]
    headers = [_("code"), _("condition"), _("status"), _("fact"), _("requirement"), _("detail"), _("source")]
    page = table(headers, rows, caption=eligibility.title(on=on))
    if eligibility.notes:
        page += table([_("note")], [(n,) for n in eligibility.notes])
    return page


def comparison_html(comparison: Any, *, language: str | None = None) -> str:
    """The points of each node per assessor, then the items the assessors answered differently."""
    from .portfolio import answer_text

    with use_language(language):
        totals = [(code, *(_num(v) for v in values)) for code, values in comparison.totals]
        items = [
            (d.item, d.label.in_language(), *("-" if a is None else answer_text(a) for a in d.answers), _num(d.spread))
            for d in sorted(comparison.differences, key=lambda d: -d.spread)
        ]
        names = list(comparison.assessors)
        return table([_("node"), *names], totals) + table([_("item"), _("description"), *names, _("spread")], items)


def progress_html(progress: Any, *, language: str | None = None) -> str:
    """Progress against a plan target, in one captioned row."""
    with use_language(language):
        row = (progress.achieved, progress.target.count, format_percent(progress.share), ", ".join(progress.units))
        headers = [_("achieved"), _("target"), "%", _("units")]
        return table(headers, [row], caption=progress.summary())


def journey_html(journey: Any, *, language: str | None = None) -> str:
    """The audit history of a journey."""
    with use_language(language):
        rows = [(format_date(e.on), e.actor, e.what, e.note) for e in journey.history()]
        state = journey.state()
        if state.predicate is not None:
            caption = _("{unit}: holds {predicate}").format(unit=journey.unit, predicate=state.predicate.value)
        elif state.revoked_on is not None:
            caption = _("{unit}: predicate revoked on {date}").format(
                unit=journey.unit, date=format_date(state.revoked_on)
            )
        else:
            caption = _("{unit}: no predicate yet").format(unit=journey.unit)
        return table([_("date"), _("by"), _("event"), _("note")], rows, caption=caption)


def survey_html(result: Any, *, language: str | None = None) -> str:
    """An IKM (per element) or an IPAK/IPKP result (per aspect)."""
    with use_language(language):
        respondents = ngettext("{n} respondent", "{n} respondents", result.respondents).format(n=result.respondents)
        if hasattr(result, "elements"):
            rows: list[tuple[Any, ...]] = [
                (e.code, e.label.in_language(), _num(e.nrr, 3), _num(e.unit)) for e in result.elements
            ]
            caption = f"IKM {_num(result.ikm_unit)} ({result.grade}, {result.grade_label.in_language()}), {respondents}"
            return table([_("element"), _("description"), "NRR", "NRR \u00d7 25"], rows, caption=caption)
        rows = [(a.code, a.label.in_language(), _num(a.index)) for a in result.aspects]
        caption = f"{result.kind.upper()} {_num(result.index)} \u2192 {result.item} {result.lke_answer}, {respondents}"
        return table([_("aspect"), _("description"), _("index")], rows, caption=caption)


def portfolio_html(portfolio: Any, *, on: Any, language: str | None = None) -> str:
    """Each unit of a portfolio with the predicate held on ``on`` (or its revocation) and its latest cycle."""
    from .dates import parse_date
    from .portfolio import outcome_text

    with use_language(language):
        day = parse_date(on)
        rows = []
        for unit, journey in zip(portfolio.units, portfolio.journeys, strict=True):
            state = journey.state(day)
            latest = state.latest_cycle
            if state.predicate is not None:
                held = state.predicate.value
            elif state.revoked_on is not None:
                held = _("revoked on {date}").format(date=format_date(state.revoked_on))
            else:
                held = "-"
            rows.append(
                (
                    unit.id,
                    unit.name,
                    held,
                    "-" if latest is None else f"{latest.year}: {outcome_text(latest.outcome)}",
                )
            )
        caption = _("{instansi}, {date}").format(instansi=portfolio.instansi.name, date=format_date(day))
        return table([_("unit"), _("name"), _("predicate"), _("latest cycle")], rows, caption=caption)


def _latest_portfolio_html(portfolio: Any) -> str:
    """A portfolio as of its latest recorded event (what a notebook shows)."""
    return portfolio_html(portfolio, on=portfolio.latest_event_on())


def _register() -> None:
    """Register the notebook reprs of the domain values (the domain never imports this module)."""
    from ._reprs import register_html
    from .eligibility import Eligibility, EligibilityReport
    from .journey import Journey
    from .plan import Plan
    from .portfolio import AssessorComparison, Portfolio, Progress
    from .scoring import ScoreCard
    from .survey import IkmResult, PerceptionResult
    from .verdict import Verdict

    register_html(ScoreCard, score_card_html)
    register_html(Verdict, verdict_html)
    register_html(Plan, plan_html)
    register_html(EligibilityReport, eligibility_html)
    register_html(Eligibility, one_eligibility_html)
    register_html(AssessorComparison, comparison_html)
    register_html(Progress, progress_html)
    register_html(Journey, journey_html)
    register_html(Portfolio, _latest_portfolio_html)
    register_html(IkmResult, survey_html)
    register_html(PerceptionResult, survey_html)


_register()
