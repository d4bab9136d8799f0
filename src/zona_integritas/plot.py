"""Plots (extra ``plot``): a radar of the six areas, margins to the thresholds, a journey timeline,
and the IKM elements. Each takes an optional matplotlib ``Axes`` and returns it; none calls ``show()``.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import zona_integritas as zi
>>> from zona_integritas import examples
>>> ax = radar(zi.score(examples.kediri_worksheet_2022()))
>>> ax.name
'polar'
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from .errors import InvalidValueError
from .labels import Language

__all__ = ["ikm_elements", "journey_timeline", "margins", "radar"]


def _plt() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise ImportError("plots need matplotlib: pip install 'zona-integritas[plot]'") from exc
    return plt


def radar(
    *cards: Any,
    labels: Sequence[str] | None = None,
    ax: Any = None,
    language: Language = "id",
    thresholds: Sequence[float] | None = None,
) -> Any:
    """The change areas as % of their weight, one line per score card (e.g. TPI vs TPN, or two years),
    with the rulebook's area minima as dashed circles (by default those of its ``each_area`` criteria:
    60 % for WBK and 75 % for WBBM in 90/2021)."""
    plt = _plt()
    if not cards:
        raise InvalidValueError("give at least one score card")
    if thresholds is None:
        thresholds = _area_minima(cards[0].rulebook)
    if ax is None:
        _, ax = plt.subplots(subplot_kw={"projection": "polar"}, figsize=(6, 6))
    areas = cards[0].areas
    angles = [2 * math.pi * i / len(areas) for i in range(len(areas))]
    closed = [*angles, angles[0]]
    names = labels or [f"{c.worksheet.assessor.value}" for c in cards]
    for card, name in zip(cards, names, strict=True):
        values = [float(a.percentage or 0) for a in card.areas]
        ax.plot(closed, [*values, values[0]], label=name)
        ax.fill(closed, [*values, values[0]], alpha=0.1)
    for t in thresholds:
        ax.plot(closed, [t] * len(closed), linestyle="--", linewidth=0.8, color="grey")
    ax.set_xticks(angles)
    ax.set_xticklabels([a.label.in_language(language) for a in areas], fontsize=8)
    ax.set_ylim(0, 100)
    ax.legend(loc="lower right", fontsize=8)
    return ax


def _area_minima(rulebook: Any) -> list[float]:
    """The percentages every area must reach, from the rulebook's ``each_area`` criteria, lowest first."""
    from .rulebook import CriterionKind

    found = {c.minimum for c in rulebook.criteria if c.kind is CriterionKind.EACH_AREA and c.minimum is not None}
    return [float(m) for m in sorted(found)]


def margins(verdict: Any, *, ax: Any = None, language: Language = "id") -> Any:
    """A horizontal bar per criterion: its margin as a percentage of the required value, so points and
    percentages compare on one axis (green passes, red fails).
    """
    plt = _plt()
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 5))
    rows = [c for c in verdict.criteria if c.margin is not None and c.required]
    values = [float(c.margin) / float(c.required) * 100 for c in rows]
    ax.barh(
        [c.label.in_language(language)[:40] for c in rows],
        values,
        color=["tab:green" if c.passed else "tab:red" for c in rows],
    )
    ax.axvline(0, color="black", linewidth=0.8)
    ax.invert_yaxis()
    ax.set_xlabel("selisih, % dari syarat" if language == "id" else "margin, % of the threshold")
    ax.set_title(f"Menuju {verdict.target.value}")
    return ax


def journey_timeline(journey: Any, *, ax: Any = None) -> Any:
    """The journey's events on a time axis, one marker per event, awards and revocations highlighted."""
    plt = _plt()
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 3))
    events = journey.history()
    colours = {"decided": "tab:green", "revoked": "tab:red", "proposed": "tab:blue", "building_started": "tab:orange"}
    labelled = 0
    for entry in events:
        ax.plot([entry.on], [0], marker="o", color=colours.get(entry.kind, "tab:grey"))
        if entry.kind in colours:  # label the milestones only; every event is a marker
            ax.annotate(
                entry.what[:40],
                (entry.on, 0),
                xytext=(0, 12 + 14 * (labelled % 5)),
                textcoords="offset points",
                fontsize=7,
                arrowprops={"arrowstyle": "-", "lw": 0.5},
            )
            labelled += 1
    ax.set_yticks([])
    ax.set_title(journey.unit[:80])
    return ax


def ikm_elements(result: Any, *, ax: Any = None, language: Language = "id") -> Any:
    """A bar per SKM element (its NRR on the 25–100 scale) with the lower limit of the best grade (A) as a line."""
    plt = _plt()
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4))
    ax.bar([e.code for e in result.elements], [float(e.unit) for e in result.elements], color="tab:blue")
    from .survey import skm_spec

    spec = skm_spec()  # the grades, the answer scale and the conversion come from the SKM rules file
    ax.axhline(float(spec.grades[0].minimum), linestyle="--", color="grey", linewidth=0.8)
    ax.set_ylim(float(spec.scale[0] * spec.conversion), float(spec.scale[1] * spec.conversion))
    ax.set_title(f"IKM {result.ikm_unit} ({result.grade})")
    ax.set_ylabel(f"NRR x {spec.conversion}")
    return ax
