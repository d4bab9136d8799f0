"""Self-contained HTML reports of one unit or of a portfolio, in one language, ready to hand on; and the same
report as an A4 PDF (extra ``pdf``: WeasyPrint).

A unit report opens with the verdict and what to fix (the improvement plan), then the score tree, the
surveys, the TPI's changes and the journey. A portfolio report opens with the progress to the plan target
(the RPJMD chart) and lists each unit, a revoked predicate shown as revoked. Plots are embedded as inline
SVG when matplotlib is installed (extra ``plot``); the report is complete without them. Every text from data
is escaped; the page has no script. Text follows ``language=`` (else the current language).

>>> from zona_integritas import examples
>>> page = unit_report(examples.kediri_worksheet_2022(), target="WBK", unit_name="DPM PTSP <Kediri>", language="id")
>>> "Menuju WBK: LULUS" in page, "DPM PTSP &lt;Kediri&gt;" in page, "<script" in page, "lang='id'" in page
(True, True, False, True)
>>> page.index("Menuju WBK: LULUS") < page.index("Nilai LKE")  # the verdict before the score table
True
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from ._html import esc, journey_html, score_card_html, survey_html, table, verdict_html
from ._revocations import last_revocation, revocations, revoked_cycles
from .dates import parse_date
from .errors import InvalidValueError, ZonaIntegritasError
from .i18n import and_list, current_language, format_date, format_number, format_percent, ngettext, use_language
from .i18n import gettext as _
from .plan import Plan, plan_improvements
from .rulebook import Predicate
from .scoring import score
from .verdict import Verdict, assess
from .worksheet import Worksheet

__all__ = ["PdfEngineMissingError", "portfolio_report", "to_pdf", "unit_report", "write_pdf"]

#: The page's style: on screen a readable column; printed or as PDF, A4 pages whose tables, figures and
#: summaries are not split across a page and whose headings stay with what follows them.
STYLE = """
@page { size: A4; margin: 16mm 14mm 18mm 14mm;
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; color: #777; } }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; margin: 2em auto; max-width: 1100px;
  color: #222; line-height: 1.35; }
@media print { body { margin: 0; max-width: none; font-size: 9.5pt; } }
h1, h2, h3 { color: #1f3b5a; break-after: avoid; page-break-after: avoid; }
h1 { font-size: 170%; margin-bottom: 0.1em; } h2 { font-size: 130%; margin-top: 1.2em; }
.subtitle { font-size: 120%; color: #1f3b5a; margin-top: 0; }
.summary { border-left: 4px solid #1f3b5a; background: #f3f6fa; padding: 0.6em 1em; }
.headline { font-size: 125%; font-weight: bold; margin: 0.2em 0 0.4em; }
.passed { color: #1b6e2d; } .not-passed { color: #a11d1d; }
.keep, figure, .summary { break-inside: avoid; page-break-inside: avoid; }
figure { margin: 0.8em 0; }
table { border-collapse: collapse; break-inside: auto; }
thead { display: table-header-group; }
tr, caption { break-inside: avoid; page-break-inside: avoid; }
td, th { border-bottom: 1px solid #ddd; vertical-align: top; }
svg { max-width: 100%; height: auto; }
.footer { color: #777; font-size: 80%; margin-top: 2em; }
"""


def _plain(value: Any, names: Mapping[str, str] | None = None) -> str:
    """An answer as a person reads it: numbers in the language's format, a mapping as ``name: value`` pairs
    (named by ``names``: the labels of an item's inputs)."""
    if value is None:
        return ""
    if isinstance(value, Mapping):
        names = names or {}
        return "; ".join(f"{names.get(key, key)}: {_plain(item)}" for key, item in value.items())
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int):
        return format_number(value, 0)
    if isinstance(value, Decimal | float):
        number = Decimal(str(value))
        exponent = number.as_tuple().exponent
        places = max(0, -exponent) if isinstance(exponent, int) else 2
        return format_number(number, places)
    return str(value)


def _svg(draw: Callable[[Any], Any], figsize: tuple[float, float] = (6.5, 4.5)) -> str:
    """Run a plot function on a new figure and return the figure as inline SVG in a ``<figure>`` ('' without
    matplotlib).

    The figure is a bare ``matplotlib.figure.Figure``, outside pyplot: making a report neither switches the
    caller's backend (inline plots in a notebook keep working) nor leaves a figure open. It is saved with a
    tight bounding box, so no label is cut at its edge."""
    try:
        from matplotlib.figure import Figure
    except ImportError:
        return ""
    from matplotlib import rc_context

    # texts stay text (not glyph outlines): searchable in the page and in its PDF, and far smaller
    with rc_context({"svg.fonttype": "none", "font.family": ["DejaVu Sans", "sans-serif"]}):
        fig = Figure(figsize=figsize)
        draw(fig)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = buffer.getvalue()
    return f"<figure>{text[text.index('<svg') :]}</figure>"


def _page(title: str, body: str) -> str:
    footer = _("Made by zona-integritas from the data given; figures rounded to 2 decimals.")
    return (
        f"<!DOCTYPE html><html lang='{current_language()}'><head><meta charset='utf-8'>"
        f"<title>{esc(title)}</title><style>{STYLE}</style></head>"
        f"<body>{body}<p class='footer'>{esc(footer)}</p></body></html>"
    )


def _section(heading: str, *parts: str) -> str:
    return f"<section><h2>{esc(heading)}</h2>{''.join(parts)}</section>"


def _paragraph(text: str) -> str:
    return f"<p>{esc(text)}</p>"


def _headline(verdict: Verdict) -> str:
    result = _("PASSED") if verdict.passed else _("NOT PASSED")
    text = _("Towards {predicate}: {result}").format(predicate=verdict.target.value, result=result)
    css = "passed" if verdict.passed else "not-passed"
    return f"<p class='headline {css}'>{esc(text)}</p>"


def _summary(card: Any, verdict: Verdict, plan: Plan) -> str:
    """The verdict in a few sentences: the total, the criteria not met, what the plan below does."""
    lines = [
        _("Total LKE score: {total} of {maximum}.").format(
            total=format_number(card.total.value), maximum=format_number(card.total.maximum)
        )
    ]
    missed = [c.label.in_language() for c in verdict.criteria if not c.passed]
    if not missed:
        lines.append(_("Every criterion is met."))
    else:
        lines.append(
            ngettext(
                "{n} criterion is not met: {criteria}.", "{n} criteria are not met: {criteria}.", len(missed)
            ).format(n=len(missed), criteria=and_list(missed))
        )
        n = len(plan.changes)
        if n and plan.achievable:
            lines.append(
                ngettext(
                    "{n} answer change below meets every criterion.",
                    "{n} answer changes below meet every criterion.",
                    n,
                ).format(n=n)
            )
        elif n:
            lines.append(
                ngettext(
                    "{n} answer change below meets what LKE answers can fix; the rest needs the survey results.",
                    "{n} answer changes below meet what LKE answers can fix; the rest needs the survey results.",
                    n,
                ).format(n=n)
            )
        else:
            lines.append(_("No change of LKE answers meets the criteria that are not met."))
    return f"<div class='summary'>{_headline(verdict)}{''.join(_paragraph(line) for line in lines)}</div>"


def _plan_tables(worksheet: Worksheet, plan: Plan) -> list[str]:
    labels = {c.key: c.label.in_language() for c in plan.before.criteria}
    parts = []
    if plan.changes:
        rows = []
        for c in plan.changes:
            item = worksheet.rulebook.item(c.item)
            names = {i.name: i.label.in_language() for i in getattr(item, "inputs", None) or ()}
            rows.append(
                (
                    c.item,
                    item.label.in_language(),
                    _plain(c.before, names) or _("unanswered"),
                    _plain(c.after, names),
                    "+" + format_number(c.points),
                    "; ".join(labels.get(key, key) for key in c.fixes),
                )
            )
        headers = [_("Item"), _("Description"), _("From"), _("To"), _("Points"), _("Criteria it meets")]
        parts.append(f"<div class='keep'>{table(headers, rows)}</div>")
    elif plan.before.passed:
        parts.append(_paragraph(_("No answer change is needed.")))
    if plan.unfixable:
        unfixable = [(u.label.in_language(), _plain(u.margin), u.source) for u in plan.unfixable]
        headers = [_("Cannot be fixed by LKE answers"), _("Margin"), _("Source")]
        parts.append(f"<div class='keep'>{table(headers, unfixable)}</div>")
    return parts


def _journey_section(journey: Any) -> str:
    from . import plot

    notes = [
        _paragraph(
            _("{predicate} awarded in the {cycle} cycle was revoked on {date} (decree {decree}).").format(
                predicate=r.predicate.value,
                cycle=r.cycle if r.cycle is not None else "-",
                date=format_date(r.on),
                decree=r.decree_number,
            )
        )
        for r in revocations(journey)
    ]
    language = current_language()
    return _section(
        _("Journey"),
        *notes,
        journey_html(journey, language=language),
        _svg(lambda fig: plot.journey_timeline(journey, ax=fig.add_subplot()), (9, 3.8)),
    )


def _ikm_drawing(result: Any) -> Callable[[Any], Any]:
    from . import plot

    return lambda fig: plot.ikm_elements(result, ax=fig.add_subplot())


def unit_report(
    worksheet: Worksheet,
    *,
    target: Predicate | str = Predicate.WBK,
    holds_wbk: bool | None = None,
    unit_name: str | None = None,
    journey: Any = None,
    surveys: Iterable[Any] = (),
    language: str | None = None,
    review: Any = None,
    depth: int = 2,
) -> str:
    """The HTML report of one unit: the verdict and what to fix first, then the score tree (``depth`` levels
    below the total and each area: 2 shows components, sub-components and the areas' parts; 6 every item),
    the surveys, the TPI's changes (with a ``review``, :class:`~zona_integritas.review.Review`: the unit's
    self-assessment against the last TPI tier) and the journey (with ``journey``; its revocations are stated).

    >>> from zona_integritas import examples
    >>> page = unit_report(examples.kediri_worksheet_2022(), target="WBBM", holds_wbk=True, language="en")
    >>> "Towards WBBM: NOT PASSED" in page, "2 criteria are not met" in page, "lang='en'" in page
    (True, True, True)
    """
    from . import plot

    with use_language(language) as chosen:
        predicate = Predicate.parse(target)
        if predicate is Predicate.WBBM and holds_wbk is None:
            holds_wbk = journey is not None and journey.state().predicate is Predicate.WBK
        card = score(worksheet, quiet=True)
        verdict = assess(card, target=predicate, holds_wbk=holds_wbk)
        plan = plan_improvements(worksheet, predicate, holds_wbk=holds_wbk)
        name = unit_name or (journey.unit if journey is not None else "")
        title = _("Zona Integritas report")
        parts = [
            f"<h1>{esc(title)}</h1>",
            f"<p class='subtitle'>{esc(name)}</p>" if name else "",
            _section(_("Summary"), _summary(card, verdict, plan)),
            _section(
                _("Verdict"),
                f"<div class='keep'>{verdict_html(verdict, language=chosen)}</div>",
                _svg(lambda fig: plot.margins(verdict, ax=fig.add_subplot()), (7.5, 5.5)),
            ),
            _section(_("What to fix"), *_plan_tables(worksheet, plan)),
            _section(
                _("LKE score"),
                score_card_html(card, language=chosen, depth=depth),
                _svg(lambda fig: plot.radar(card, ax=fig.add_subplot(projection="polar")), (7.5, 6)),
            ),
        ]
        results = list(surveys)
        if results:
            shown = []
            for result in results:
                shown.append(f"<div class='keep'>{survey_html(result, language=chosen)}</div>")
                if hasattr(result, "elements"):
                    shown.append(_svg(_ikm_drawing(result)))
            parts.append(_section(_("Surveys"), *shown))
        if review is not None:
            from .review_html import tpi_changes_section

            parts.append(f"<section>{tpi_changes_section(review, language=chosen)}</section>")
        if journey is not None:
            parts.append(_journey_section(journey))
        heading = _("{title} - {unit}").format(title=title, unit=name) if name else title
        return _page(heading, "".join(parts))


# -- portfolio --------------------------------------------------------------------------------------------------
def _unit_rows(portfolio: Any, day: dt.date) -> list[tuple[str, ...]]:
    from .dataframe import display_word

    rows: list[tuple[str, ...]] = []
    for unit, journey in zip(portfolio.units, portfolio.journeys, strict=True):
        state = journey.state(day)
        latest = state.latest_cycle
        revoked = last_revocation(journey, on=day)
        if state.predicate is not None:
            held = state.predicate.value
        elif revoked is not None:
            held = _("{predicate} revoked").format(predicate=revoked.predicate.value)
        else:
            held = "-"
        if latest is None:
            cycle = "-"
        else:
            word = "revoked" if latest.year in revoked_cycles(journey, on=day) else str(latest.outcome)
            cycle = _("{year}: {outcome}").format(year=latest.year, outcome=display_word(word))
        since = state.holding_since
        rows.append(
            (
                unit.id,
                unit.name,
                held,
                "" if since is None else format_date(since),
                cycle,
                "" if revoked is None else format_date(revoked.on),
            )
        )
    return rows


def _progress_section(portfolio: Any, target: Any, day: dt.date) -> str:
    from . import plot

    rows = plot.progress_by_year(portfolio, target, on=day)
    table_rows = [
        (str(r.year), format_date(r.on), str(r.wbk), str(r.wbbm), str(r.total), str(target.count)) for r in rows
    ]
    headers = [_("Year"), _("On"), "WBK", "WBBM", _("Total"), _("Target")]
    return _section(
        _("Progress to the plan target"),
        _svg(lambda fig: plot.rpjmd_progress(portfolio, target, on=day, ax=fig.add_subplot()), (7.5, 4.2)),
        f"<div class='keep'>{table(headers, table_rows)}</div>",
    )


def _portfolio_summary(portfolio: Any, target: Any, day: dt.date) -> str:
    lines = []
    if target is not None:
        progress = portfolio.progress(target, on=day)
        label = target.label.in_language()
        values = {
            "label": label,
            "achieved": progress.achieved,
            "count": target.count,
            "share": format_percent(progress.share),
            "on": format_date(day),
            "by": format_date(target.by),
            "remaining": progress.remaining,
        }
        if progress.remaining and day > target.by:
            text = ngettext(
                "{label}: {achieved} of {count} units ({share}) on {on}; the target date, {by}, has passed with "
                "{remaining} unit short.",
                "{label}: {achieved} of {count} units ({share}) on {on}; the target date, {by}, has passed with "
                "{remaining} units short.",
                progress.remaining,
            )
        elif progress.remaining:
            text = ngettext(
                "{label}: {achieved} of {count} units ({share}) on {on}; {remaining} more unit needed by {by}.",
                "{label}: {achieved} of {count} units ({share}) on {on}; {remaining} more units needed by {by}.",
                progress.remaining,
            )
        else:
            text = _("{label}: reached, {achieved} of {count} units ({share}) on {on}.")
        lines.append(text.format(**values))
    holders = len(portfolio.holders(on=day))
    lines.append(
        ngettext(
            "{n} of {total} units holds a predicate ({share}).",
            "{n} of {total} units hold a predicate ({share}).",
            holders,
        ).format(n=holders, total=len(portfolio.units), share=format_percent(portfolio.share_holding(on=day)))
    )
    revoked = [
        unit.name
        for unit, journey in zip(portfolio.units, portfolio.journeys, strict=True)
        if journey.state(day).predicate is None and last_revocation(journey, on=day) is not None
    ]
    if revoked:
        lines.append(
            ngettext(
                "{n} unit had its predicate revoked: {units}.",
                "{n} units had their predicate revoked: {units}.",
                len(revoked),
            ).format(n=len(revoked), units=and_list(revoked))
        )
    return f"<div class='summary'>{''.join(_paragraph(line) for line in lines)}</div>"


def portfolio_report(
    portfolio: Any, *, on: Any, target: Any = None, next_cycle: int | None = None, language: str | None = None
) -> str:
    """The HTML report of a portfolio on a date: the progress to an optional plan target
    (:class:`~zona_integritas.portfolio.Target`, e.g. the RPJMD's) with its chart first, then each unit (a
    revoked predicate shown as revoked, with its date), then the units that may be proposed next.

    >>> from zona_integritas import examples
    >>> page = portfolio_report(examples.kota_kediri_portfolio(), on="31 Desember 2024",
    ...                         target=examples.KEDIRI_RPJMD_TARGET, language="id")
    >>> "2 dari 10 unit (20,00%)" in page
    True
    """
    with use_language(language):
        day = parse_date(on)
        title = _("Unit portfolio")
        name = portfolio.instansi.name
        parts = [
            f"<h1>{esc(title)}</h1>",
            f"<p class='subtitle'>{esc(name)}, {esc(format_date(day))}</p>",
            _section(_("Summary"), _portfolio_summary(portfolio, target, day)),
        ]
        if target is not None:
            parts.append(_progress_section(portfolio, target, day))
        headers = [_("Unit code"), _("Unit"), _("Predicate"), _("Holding since"), _("Latest cycle"), _("Revoked on")]
        parts.append(_section(_("Units"), table(headers, _unit_rows(portfolio, day))))
        year = next_cycle or day.year + 1
        names = {u.id: u.name for u in portfolio.units}
        rows = [(unit_id, names[unit_id], predicate.value) for unit_id, predicate in portfolio.may_propose(year)]
        proposable = (
            f"<div class='keep'>{table([_('Unit code'), _('Unit'), _('Target')], rows)}</div>"
            if rows
            else _paragraph(_("No unit may be proposed in that cycle."))
        )
        parts.append(_section(_("May be proposed in the next cycle ({year})").format(year=year), proposable))
        return _page(_("{title} - {unit}").format(title=title, unit=name), "".join(parts))


# -- PDF ----------------------------------------------------------------------------------------------------------
class PdfEngineMissingError(ZonaIntegritasError, ImportError):
    """WeasyPrint (extra ``pdf``) or the Pango library it draws text with is not installed."""


def to_pdf(page: str) -> bytes:
    """An HTML report (from :func:`unit_report` or :func:`portfolio_report`) as an A4 PDF, through WeasyPrint
    (extra ``pdf``; it needs the Pango library of the system). Tables, figures and summaries are not split
    across pages where they fit on one; headings stay with what follows them.

    >>> from zona_integritas import examples
    >>> to_pdf(unit_report(examples.kediri_worksheet_2022(), language="id"))[:5]  # doctest: +SKIP
    b'%PDF-'
    """
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: WeasyPrint is installed but Pango is missing
        raise PdfEngineMissingError(
            _(
                "PDF reports need WeasyPrint and the Pango library: pip install 'zona-integritas[pdf]' "
                "(and on Debian or Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0); {problem}"
            ).format(problem=exc)
        ) from exc
    if not isinstance(page, str) or "<html" not in page[:200]:
        raise InvalidValueError(_("to_pdf takes the HTML text of a report"), code="not-a-report")
    engine_log = logging.getLogger("weasyprint")
    level = engine_log.level
    engine_log.setLevel(logging.ERROR)  # matplotlib's SVG styles are read by the SVG renderer, not as CSS
    try:
        data: bytes = HTML(string=page).write_pdf()
    finally:
        engine_log.setLevel(level)
    return data


def write_pdf(page: str, path: Any) -> None:
    """Write :func:`to_pdf` of ``page`` to ``path`` (atomically: a reader never sees half a file)."""
    from .io.atomic import write_bytes

    write_bytes(path, to_pdf(page))
