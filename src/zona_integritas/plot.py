"""Plots (extra ``plot``): a radar of the six areas, margins to the thresholds, a journey timeline, the IKM
elements and a portfolio's progress to a plan target (the RPJMD chart). Each takes an optional matplotlib
``Axes`` and returns it; none calls ``show()`` and none switches the backend. Titles, axes and legends
follow the language (``language=``, else the current one); unit names stay as given.

Long labels are wrapped, never cut: the radar's area names sit outside the circle without overlapping,
the margin chart's criteria keep their whole name (a figure made here uses matplotlib's constrained
layout, so nothing falls off its edge), and the timeline's axis shows years.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import zona_integritas as zi
>>> from zona_integritas import examples
>>> ax = radar(zi.score(examples.kediri_worksheet_2022()), language="en")
>>> ax.name, [t.get_text() for t in ax.get_xticklabels()][2]
('polar', 'Civil-service HR\\nmanagement')
>>> margins(zi.assess(zi.score(examples.kediri_worksheet_2022()), target="WBK"), language="id").get_title()
'Menuju WBK'
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from collections.abc import Sequence
from typing import Any

import attrs

from .dates import parse_date
from .errors import InvalidValueError
from .i18n import format_date, format_number, format_percent, use_language
from .i18n import gettext as _
from .rulebook import Predicate

__all__ = ["ProgressYear", "ikm_elements", "journey_timeline", "margins", "progress_by_year", "radar", "rpjmd_progress"]

#: Characters per line of a wrapped label (radar areas, margin criteria, timeline events).
RADAR_WRAP = 18
MARGIN_WRAP = 30
TIMELINE_WRAP = 26


def _plt() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise ImportError(_("Plots need matplotlib: pip install 'zona-integritas[plot]'")) from exc
    return plt


def _new_axes(figsize: tuple[float, float], **subplot: Any) -> Any:
    """A new pyplot figure (so that it shows in a notebook) whose layout keeps every label inside it."""
    fig = _plt().figure(figsize=figsize, layout="constrained")
    return fig.add_subplot(**subplot)


def wrap(text: str, width: int) -> str:
    """``text`` broken into lines of at most ``width`` characters at spaces (a word longer stays whole).

    >>> wrap("Area Penataan Sistem Manajemen SDM Aparatur", 18)
    'Area Penataan\\nSistem Manajemen\\nSDM Aparatur'
    """
    return "\n".join(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)) or text


def _assessor_name(card: Any) -> str:
    assessor = card.worksheet.assessor.value
    return _("Unit (self-assessment)") if assessor == "unit" else assessor.upper()


def radar(
    *cards: Any,
    labels: Sequence[str] | None = None,
    ax: Any = None,
    language: str | None = None,
    thresholds: Sequence[float] | None = None,
) -> Any:
    """The change areas as % of their weight, one line per score card (e.g. TPI vs TPN, or two years),
    with the rulebook's area minima as dashed circles (by default those of its ``each_area`` criteria:
    60 % for WBK and 75 % for WBBM in 90/2021). Area names are wrapped and aligned away from the circle
    so that they do not overlap."""
    with use_language(language):
        if not cards:
            raise InvalidValueError(_("Give at least one score card to draw a radar"), code="no-score-card")
        if thresholds is None:
            thresholds = _area_minima(cards[0].rulebook)
        if ax is None:
            ax = _new_axes((6.5, 6), projection="polar")
        areas = cards[0].areas
        angles = [2 * math.pi * i / len(areas) for i in range(len(areas))]
        closed = [*angles, angles[0]]
        names = labels or [_assessor_name(c) for c in cards]
        for card, name in zip(cards, names, strict=True):
            values = [float(a.percentage or 0) for a in card.areas]
            ax.plot(closed, [*values, values[0]], label=name)
            ax.fill(closed, [*values, values[0]], alpha=0.1)
        for minimum in thresholds:
            ax.plot(
                closed,
                [minimum] * len(closed),
                linestyle="--",
                linewidth=0.8,
                color="grey",
                label=_("area minimum {percent}").format(percent=format_percent(minimum, 0)),
            )
        ax.set_xticks(angles)
        ax.set_xticklabels([wrap(a.label.in_language(), RADAR_WRAP) for a in areas], fontsize=8)
        for angle, text in zip(angles, ax.get_xticklabels(), strict=True):
            cosine = math.cos(angle)  # right half: text starts at the circle; left half: it ends there
            text.set_horizontalalignment("left" if cosine > 0.1 else "right" if cosine < -0.1 else "center")
        ax.tick_params(axis="x", pad=10)
        ax.set_ylim(0, 100)
        ax.set_yticks([20, 40, 60, 80, 100])
        ax.set_yticklabels([format_percent(v, 0) for v in (20, 40, 60, 80, 100)], fontsize=7)
        ax.set_title(_("Areas as a percentage of their weight"), pad=24)
        ax.legend(loc="upper left", bbox_to_anchor=(1.05, 1.0), fontsize=8)
        return ax


def _area_minima(rulebook: Any) -> list[float]:
    """The percentages every area must reach, from the rulebook's ``each_area`` criteria, lowest first."""
    from .rulebook import CriterionKind

    found = {c.minimum for c in rulebook.criteria if c.kind is CriterionKind.EACH_AREA and c.minimum is not None}
    return [float(m) for m in sorted(found)]


def margins(verdict: Any, *, ax: Any = None, language: str | None = None) -> Any:
    """A horizontal bar per criterion: its margin as a percentage of the required value, so points and
    percentages compare on one axis (green: met, red: not met). Criterion names are wrapped, never cut.
    """
    with use_language(language):
        rows = [c for c in verdict.criteria if c.margin is not None and c.required]
        if ax is None:
            ax = _new_axes((7.5, max(3.0, 0.45 * len(rows) + 1.2)))
        values = [float(c.margin) / float(c.required) * 100 for c in rows]
        met, missed = "tab:green", "tab:red"
        ax.barh(
            [wrap(c.label.in_language(), MARGIN_WRAP) for c in rows],
            values,
            color=[met if c.passed else missed for c in rows],
        )
        ax.tick_params(axis="y", labelsize=8)
        ax.axvline(0, color="black", linewidth=0.8)
        ax.invert_yaxis()
        ax.set_xlabel(_("margin, % of the threshold"))
        ax.set_title(_("Towards {predicate}").format(predicate=verdict.target.value))
        from matplotlib.patches import Patch

        ax.legend(
            handles=[Patch(color=met, label=_("met")), Patch(color=missed, label=_("not met"))],
            loc="best",
            fontsize=8,
        )
        return ax


_TIMELINE_COLOURS = {
    "decided": "tab:green",
    "revoked": "tab:red",
    "proposed": "tab:blue",
    "building_started": "tab:orange",
}


def journey_timeline(journey: Any, *, ax: Any = None, language: str | None = None) -> Any:
    """The journey's events on a time axis marked in years, one marker per event, the milestones (building,
    proposals, decisions, revocations) labelled with their description, wrapped."""
    from matplotlib.dates import DateFormatter, YearLocator

    with use_language(language):
        if ax is None:
            ax = _new_axes((9, 3.8))
        history = journey.history()
        milestones = [e for e in history if e.kind in _TIMELINE_COLOURS]
        for entry in history:  # every event is a marker
            ax.plot([entry.on], [0], marker="o", color=_TIMELINE_COLOURS.get(entry.kind, "tab:grey"))
        for entry, level in zip(milestones, _levels([e.on for e in milestones], history), strict=True):
            ax.annotate(
                wrap(entry.what, TIMELINE_WRAP),
                (entry.on, 0),
                xytext=(entry.on, 0.12 + 0.22 * level),
                textcoords="data",
                fontsize=6.5,
                ha="center",
                va="bottom",
                arrowprops={"arrowstyle": "-", "lw": 0.5, "color": "grey"},
            )
        ax.xaxis.set_major_locator(YearLocator())  # type: ignore[no-untyped-call]
        ax.xaxis.set_major_formatter(DateFormatter("%Y"))  # type: ignore[no-untyped-call]
        ax.set_yticks([])
        ax.set_ylim(-0.08, 1.1)
        ax.set_xlabel(_("year"))
        ax.set_title(journey.unit)
        return ax


def _levels(days: Sequence[dt.date], history: Sequence[Any]) -> list[int]:
    """A height (0–3) for each milestone's label: the lowest whose last label is far enough away in time for
    the two labels not to overlap (a label is about a sixth of the axis wide)."""
    if not days:
        return []
    span = max((history[-1].on - history[0].on).days, 365)
    gap = span * 0.17
    last: list[dt.date | None] = [None] * 4
    levels = []
    for day in days:
        free = [i for i, seen in enumerate(last) if seen is None or (day - seen).days > gap]
        level = free[0] if free else min(range(4), key=lambda i: last[i] or day)
        last[level] = day
        levels.append(level)
    return levels


def ikm_elements(result: Any, *, ax: Any = None, language: str | None = None) -> Any:
    """A bar per SKM element (its NRR on the 25–100 scale) with the lower limit of the best grade (A) as a line."""
    from .survey import skm_spec

    with use_language(language):
        if ax is None:
            ax = _new_axes((7, 4))
        ax.bar([e.code for e in result.elements], [float(e.unit) for e in result.elements], color="tab:blue")
        spec = skm_spec()  # the grades, the answer scale and the conversion come from the SKM rules file
        best = spec.grades[0]
        ax.axhline(
            float(best.minimum),
            linestyle="--",
            color="grey",
            linewidth=0.8,
            label=_("lower limit of grade {grade} ({value})").format(
                grade=best.grade, value=format_number(best.minimum)
            ),
        )
        ax.set_ylim(float(spec.scale[0] * spec.conversion), float(spec.scale[1] * spec.conversion))
        ax.set_title(_("IKM {index} ({grade})").format(index=format_number(result.ikm_unit), grade=result.grade))
        ax.set_xlabel(_("SKM element"))
        ax.set_ylabel(_("NRR × {conversion}").format(conversion=spec.conversion))
        ax.legend(loc="lower right", fontsize=8)
        return ax


# -- a portfolio's progress to a plan target -----------------------------------------------------------------
@attrs.frozen
class ProgressYear:
    """The units of a portfolio holding WBK and WBBM at the end of a year (or on the report's date)."""

    year: int
    on: dt.date
    wbk: int
    wbbm: int

    @property
    def total(self) -> int:
        """Units holding a predicate (WBK or WBBM)."""
        return self.wbk + self.wbbm


def progress_by_year(
    portfolio: Any, target: Any, *, on: dt.date | str | None = None, first_year: int | None = None
) -> list[ProgressYear]:
    """For each year from ``first_year`` (default: the year the first unit started building, or five years
    before the target) to the year of ``on`` (default: the target's date): the units holding WBK and WBBM
    on 31 December, or on ``on`` in its own year.

    >>> from zona_integritas import examples
    >>> rows = progress_by_year(examples.kota_kediri_portfolio(), examples.KEDIRI_RPJMD_TARGET)
    >>> [(r.year, r.wbk, r.wbbm) for r in rows]
    [(2019, 0, 0), (2020, 0, 0), (2021, 0, 0), (2022, 1, 0), (2023, 2, 0), (2024, 2, 0)]
    """
    day = target.by if on is None else parse_date(on)
    if first_year is None:
        starts = [e.on.year for j in portfolio.journeys for e in j.events if e.kind == "building_started"]
        first_year = min(starts, default=target.by.year - 5)
    rows = []
    for year in range(first_year, day.year + 1):
        end = min(dt.date(year, 12, 31), day)
        held = [h.predicate for h in portfolio.holders(on=end)]
        rows.append(ProgressYear(year, end, held.count(Predicate.WBK), held.count(Predicate.WBBM)))
    return rows


def rpjmd_progress(
    portfolio: Any, target: Any, *, on: dt.date | str | None = None, ax: Any = None, language: str | None = None
) -> Any:
    """The RPJMD progress chart: units holding WBK and WBBM at the end of each year (stacked bars) against
    the plan's target (a line), with the target's year marked. Years after ``on`` have no bar."""
    with use_language(language):
        rows = progress_by_year(portfolio, target, on=on)
        if ax is None:
            ax = _new_axes((7.5, 4.2))
        years = [r.year for r in rows]
        wbk = [r.wbk for r in rows]
        ax.bar(years, wbk, color="tab:green", label="WBK")
        ax.bar(years, [r.wbbm for r in rows], bottom=wbk, color="tab:blue", label="WBBM")
        last = max(target.by.year, years[-1] if years else target.by.year)
        first = years[0] if years else target.by.year
        ax.hlines(
            target.count,
            first - 0.5,
            last + 0.5,
            colors="tab:red",
            linestyles="--",
            label=_("target: {count} units by {date}").format(count=target.count, date=format_date(target.by)),
        )
        ax.set_xticks(list(range(first, last + 1)))
        ax.set_xlim(first - 0.6, last + 0.6)
        ax.set_ylim(0, max(target.count, *(r.total for r in rows), 1) * 1.45)
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.set_xlabel(_("year (units holding a predicate on 31 December)"))
        ax.set_ylabel(_("units"))
        ax.set_title(wrap(target.label.in_language(), 70))
        ax.legend(loc="upper left", fontsize=8)
        return ax
