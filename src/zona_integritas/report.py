"""Self-contained HTML reports: one unit (score tree, verdict with margins, improvement plan, surveys,
journey) or a portfolio, in Indonesian or English. Plots are embedded as inline SVG when matplotlib is
installed (extra ``plot``); the report is complete without them. Every text from data is escaped.

>>> from zona_integritas import examples
>>> page = unit_report(examples.kediri_worksheet_2022(), target="WBK", unit_name="DPM PTSP <Kediri>")
>>> "Menuju WBK: LULUS" in page, "DPM PTSP &lt;Kediri&gt;" in page, "<script" in page
(True, True, False)
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterable
from typing import Any

from .dates import format_date, parse_date
from .errors import IncompleteWorksheetWarning
from .html import esc, journey_html, portfolio_html, score_card_html, survey_html, table, verdict_html
from .labels import Language
from .plan import plan_improvements
from .rulebook import Predicate
from .scoring import score
from .verdict import assess
from .worksheet import Worksheet

__all__ = ["portfolio_report", "unit_report"]

_TEXT = {
    "id": {
        "title": "Laporan Zona Integritas",
        "score": "Nilai LKE",
        "verdict": "Keputusan",
        "plan": "Rencana perbaikan",
        "survey": "Survei",
        "journey": "Perjalanan",
        "none": "Tidak ada perubahan jawaban yang diperlukan.",
        "unfixable": "Tidak dapat diperbaiki lewat jawaban LKE",
        "portfolio": "Portofolio unit",
        "holders": "Unit berpredikat",
        "next": "Dapat diusulkan pada siklus berikutnya",
        "share": "Bagian unit berpredikat",
        "generated": "Dibuat oleh zona-integritas dari data yang diberikan; angka dibulatkan 2 desimal.",
    },
    "en": {
        "title": "Zona Integritas report",
        "score": "LKE score",
        "verdict": "Verdict",
        "plan": "Improvement plan",
        "survey": "Surveys",
        "journey": "Journey",
        "none": "No answer change is needed.",
        "unfixable": "Cannot be fixed by LKE answers",
        "portfolio": "Unit portfolio",
        "holders": "Units holding a predicate",
        "next": "May be proposed in the next cycle",
        "share": "Share of units holding a predicate",
        "generated": "Made by zona-integritas from the data given; figures rounded to 2 decimals.",
    },
}


def _plain(value: Any) -> Any:
    if value is None:
        return ""
    return dict(value) if hasattr(value, "items") else value


def _svg(draw: Any) -> str:
    """Run a plot function on a new figure and return the figure as inline SVG ('' without matplotlib).

    The figure is a bare ``matplotlib.figure.Figure``, outside pyplot: making a report neither switches the
    caller's backend (inline plots in a notebook keep working) nor leaves a figure open."""
    try:
        from matplotlib.figure import Figure
    except ImportError:
        return ""
    fig = Figure(figsize=(6.5, 4.5))
    draw(fig)
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def _page(title: str, body: str, language: Language) -> str:
    return (
        f"<!DOCTYPE html><html lang='{language}'><head><meta charset='utf-8'><title>{esc(title)}</title>"
        "<style>body{font-family:sans-serif;margin:2em;max-width:1100px}h1,h2{color:#1f3b5a}"
        "td,th{border-bottom:1px solid #ddd}svg{max-width:100%;height:auto}</style></head>"
        f"<body>{body}<p style='color:#777;font-size:80%'>{esc(_TEXT[language]['generated'])}</p></body></html>"
    )


def unit_report(
    worksheet: Worksheet,
    *,
    target: Predicate | str = Predicate.WBK,
    holds_wbk: bool | None = None,
    unit_name: str | None = None,
    journey: Any = None,
    surveys: Iterable[Any] = (),
    language: Language = "id",
    review: Any = None,
) -> str:
    """The HTML report of one unit; with a ``review`` (:class:`~zona_integritas.review.Review`) it adds the
    section *perubahan oleh TPI* (the unit's self-assessment against the last TPI tier, ranked by points)."""
    t = _TEXT[language]
    predicate = Predicate.parse(target)
    if predicate is Predicate.WBBM and holds_wbk is None:
        holds_wbk = journey is not None and journey.state().predicate is Predicate.WBK
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IncompleteWorksheetWarning)
        card = score(worksheet)
    verdict = assess(card, target=predicate, holds_wbk=holds_wbk)
    plan = plan_improvements(worksheet, predicate, holds_wbk=holds_wbk)
    name = unit_name or (journey.unit if journey is not None else "")
    parts = [
        f"<h1>{esc(t['title'])}</h1><h2>{esc(name)}</h2>",
        f"<h2>{esc(t['score'])}</h2>",
        score_card_html(card, language=language, depth=3),
    ]
    from . import plot

    parts.append(_svg(lambda fig: plot.radar(card, ax=fig.add_subplot(projection="polar"), language=language)))
    parts += [
        f"<h2>{esc(t['verdict'])}</h2>",
        verdict_html(verdict, language=language),
        _svg(lambda fig: plot.margins(verdict, ax=fig.add_subplot(), language=language)),
    ]
    parts.append(f"<h2>{esc(t['plan'])}</h2>")
    if plan.changes:
        rows = [
            (
                c.item,
                worksheet.rulebook.item(c.item).label.in_language(language),
                _plain(c.before),
                _plain(c.after),
                f"+{c.points:.2f}",
                ", ".join(c.fixes),
            )
            for c in plan.changes
        ]
        parts.append(table(["item", "uraian", "dari", "menjadi", "nilai", "kriteria"], rows))
    else:
        parts.append(f"<p>{esc(t['none'])}</p>")
    if plan.unfixable:
        parts.append(
            table(
                [t["unfixable"], "selisih", "sumber"],
                [(u.label.in_language(language), u.margin, u.source) for u in plan.unfixable],
            )
        )
    surveys = list(surveys)
    if surveys:
        parts.append(f"<h2>{esc(t['survey'])}</h2>")
        for result in surveys:
            parts.append(survey_html(result, language=language))
            if hasattr(result, "elements"):
                parts.append(_svg(lambda fig, r=result: plot.ikm_elements(r, ax=fig.add_subplot(), language=language)))
    if review is not None:
        from .review_html import tpi_changes_section

        parts.append(tpi_changes_section(review, language=language))
    if journey is not None:
        parts += [
            f"<h2>{esc(t['journey'])}</h2>",
            journey_html(journey, language=language),
            _svg(lambda fig: plot.journey_timeline(journey, ax=fig.add_subplot())),
        ]
    return _page(f"{t['title']} - {name}", "".join(parts), language)


def portfolio_report(
    portfolio: Any, *, on: Any, target: Any = None, next_cycle: int | None = None, language: Language = "id"
) -> str:
    """The HTML report of a portfolio on a date, with progress to an optional plan target."""
    t = _TEXT[language]
    day = parse_date(on)
    parts = [
        f"<h1>{esc(t['portfolio'])}</h1><h2>{esc(portfolio.instansi.name)}, {esc(format_date(day))}</h2>",
        portfolio_html(portfolio, on=day, language=language),
        f"<p>{esc(t['share'])}: {portfolio.share_holding(on=day):.2f}%</p>",
    ]
    if target is not None:
        progress = portfolio.progress(target, on=day)
        parts.append(
            f"<p>{esc(target.label.in_language(language))}: {progress.achieved}/{target.count} "
            f"({progress.share:.2f}%)</p>"
        )
    year = next_cycle or day.year + 1
    rows = [(unit_id, predicate.value) for unit_id, predicate in portfolio.may_propose(year)]
    parts += [f"<h2>{esc(t['next'])} ({year})</h2>", table(["unit", "target"], rows)]
    return _page(f"{t['portfolio']} - {portfolio.instansi.name}", "".join(parts), language)
