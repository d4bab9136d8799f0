"""Survey plots (extra ``plot``): the IKM of each group of a breakdown against the SKM grade bands.

Takes an optional matplotlib ``Axes`` and returns it; never calls ``show()``.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from zona_integritas.survey import Respondent, skm_breakdown
>>> rs = [Respondent({f"U{i}": 4 for i in range(1, 10)}, unit="Loket A"),
...       Respondent({f"U{i}": 3 for i in range(1, 10)}, unit="Loket B")]
>>> ax = ikm_by_group(skm_breakdown(rs, "unit"))
>>> [t.get_text() for t in ax.get_xticklabels()]
['Loket B', 'Loket A']
"""

from __future__ import annotations

from typing import Any

from .i18n import format_integer, format_number, use_language
from .i18n import gettext as _
from .survey_breakdown import field_title, group_title
from .survey_skm import SkmSpec, skm_spec

__all__ = ["ikm_by_group"]

_BAND_COLOURS = {"A": "#2e7d32", "B": "#9e9d24", "C": "#ef6c00", "D": "#c62828"}


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise ImportError(
            _("plots need matplotlib: {command}").format(command="pip install 'zona-integritas[plot]'")
        ) from exc
    return plt


def ikm_by_group(
    breakdown: Any, *, ax: Any = None, spec: SkmSpec | None = None, language: str | None = None, sort: bool = True
) -> Any:
    """A bar per group (IKM on 25–100) over the grade bands A–D shaded behind, each bar labelled with its
    IKM and n; groups below their Krejcie–Morgan sample are hatched. ``sort`` puts the lowest first. Titles,
    axes and numbers are in ``language`` (``None``: the current language).

    >>> from zona_integritas.survey import Respondent, skm_breakdown
    >>> rs = [Respondent({f"U{i}": 4 for i in range(1, 10)}, unit="Loket A")]
    >>> ikm_by_group(skm_breakdown(rs, "unit"), language="id").get_title()
    'IKM per sub-unit: 100,00 (A), n = 1'
    >>> ikm_by_group(skm_breakdown(rs, "unit"), language="en").get_ylabel()
    'IKM (25–100 scale)'
    """
    with use_language(language):
        return _draw(breakdown, ax, spec, sort)


def _draw(breakdown: Any, ax: Any, spec: SkmSpec | None, sort: bool) -> Any:
    plt = _pyplot()
    spec = spec or skm_spec()
    if ax is None:
        _figure, ax = plt.subplots(figsize=(max(6.0, 0.6 * len(breakdown.groups) + 2), 4))
    groups = sorted(breakdown.groups, key=lambda g: g.result.ikm_exact_unit) if sort else list(breakdown.groups)
    for grade, low, high in spec.bands():
        ax.axhspan(float(low), float(high), color=_BAND_COLOURS.get(grade, "grey"), alpha=0.12, linewidth=0)
        ax.text(1.005, (float(low) + float(high)) / 2, grade, transform=ax.get_yaxis_transform(), va="center")
    positions = range(len(groups))
    bars = ax.bar(
        list(positions),
        [float(g.result.ikm_unit) for g in groups],
        color="tab:blue",
        hatch=None,
    )
    for bar, group in zip(bars, groups, strict=True):
        if group.adequate is False:
            bar.set_hatch("//")
        ax.annotate(
            f"{format_number(group.result.ikm_unit)}\nn = {format_integer(group.n)}",
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            ha="center",
            va="bottom",
            fontsize=7,
        )
    crowded = len(groups) > 6 or any(len(g.key) > 14 for g in groups)
    ax.set_xticks(
        list(positions),
        [group_title(g.key, breakdown.by) for g in groups],
        rotation=30 if crowded else 0,
        ha="right" if crowded else "center",
    )
    low_end, high_end = spec.scale[0] * float(spec.conversion), spec.scale[1] * float(spec.conversion)
    ax.set_ylim(low_end, high_end + 8)
    ax.set_ylabel(_("IKM ({low}–{high} scale)").format(low=f"{low_end:g}", high=f"{high_end:g}"))
    ax.set_xlabel(field_title(breakdown.by))
    overall = breakdown.overall
    ax.set_title(
        _("IKM by {field}: {ikm} ({grade}), n = {n}").format(
            field=field_title(breakdown.by).lower(),
            ikm=format_number(overall.ikm_unit),
            grade=overall.grade,
            n=format_integer(overall.respondents),
        )
    )
    return ax
