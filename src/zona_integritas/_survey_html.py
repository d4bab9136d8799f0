"""How the survey results show themselves in a notebook: left-aligned tables in the current language.

Registered for :class:`~zona_integritas.survey_skm.IkmResult`,
:class:`~zona_integritas.survey_perception.PerceptionResult`, :class:`~zona_integritas.survey_breakdown.SkmBreakdown`,
:class:`~zona_integritas.survey_breakdown.GroupResult` and :class:`~zona_integritas.survey_signal_checks.SurveySignal`
when the package is imported (the domain never imports
this module). Every text from data goes through the escaping of :mod:`zona_integritas._html`.

>>> from zona_integritas.survey import skm_index
>>> from zona_integritas.i18n import use_language
>>> with use_language("id"):
...     html = skm_index([[4] * 9, [3] * 9])._repr_html_()
>>> "<caption style='text-align:left;font-weight:bold'>IKM 87,50 (B, Baik); 2 responden dihitung" in html
True
"""

from __future__ import annotations

from typing import Any

from ._html import table as _table
from .i18n import format_integer, format_number, use_language
from .i18n import gettext as _

__all__ = ["breakdown_html", "group_html", "ikm_html", "perception_html", "signal_html", "table"]


def table(headers: Any, rows: Any, *, caption: str | None = None) -> str:
    """:func:`zona_integritas._html.table` with every cell aligned left (JupyterLab aligns cells right unless told).

    >>> table(["a"], [["x"]]).count("text-align:left")
    2
    """
    html = _table(headers, rows, caption=caption)
    return html.replace("<td style='padding:", "<td style='text-align:left;padding:")


def ikm_html(result: Any, *, language: str | None = None) -> str:
    """An IKM: its summary as the caption, then every element with its NRR and NRR × 25."""
    with use_language(language):
        rows = [
            (e.code, e.label.in_language(), format_number(e.nrr, 3), format_number(e.unit)) for e in result.elements
        ]
        return table([_("Element"), _("Description"), _("NRR"), _("NRR x 25")], rows, caption=result.summary())


def perception_html(result: Any, *, language: str | None = None) -> str:
    """An IPAK or IPKP: its summary as the caption, every aspect with its index, then every check."""
    from .survey_perception import check_mark, check_title

    with use_language(language):
        rows: list[tuple[Any, ...]] = [(a.code, a.label.in_language(), format_number(a.index)) for a in result.aspects]
        aspects = table([_("Aspect"), _("Description"), _("Index")], rows, caption=result.summary())
        checks = table(
            ["", _("Check"), _("Detail")],
            [(check_mark(c.passed), check_title(c.key), c.detail_in()) for c in result.checks],
        )
        return aspects + checks


def breakdown_html(breakdown: Any, *, language: str | None = None, weakest: int = 3) -> str:
    """A breakdown: one row per group (n, IKM, grade, sample, weakest elements), then the whole survey."""
    from .survey_breakdown import field_title, group_title

    with use_language(language):
        rows: list[tuple[Any, ...]] = []
        for g in breakdown.groups:
            sample = "" if g.adequate is None else f"{'ok' if g.adequate else '!!'} {format_integer(g.needed or 0)}"
            weak = ", ".join(f"{e.code} {format_number(e.nrr, 3)}" for e in g.weakest(weakest))
            rows.append(
                (
                    group_title(g.key, breakdown.by),
                    format_integer(g.n),
                    format_number(g.result.ikm_unit),
                    g.result.grade,
                    sample,
                    weak,
                )
            )
        overall = breakdown.overall
        rows.append((_("(all)"), format_integer(overall.respondents), format_number(overall.ikm_unit), overall.grade))
        headers = [field_title(breakdown.by), "n", "IKM", _("Grade"), _("Sample"), _("Weakest elements")]
        return table(headers, rows, caption=overall.summary())


def group_html(group: Any, *, language: str | None = None) -> str:
    """One group of a breakdown: its IKM table, captioned with the group."""
    from .survey_breakdown import group_title

    with use_language(language):
        result = group.result
        rows = [
            (e.code, e.label.in_language(), format_number(e.nrr, 3), format_number(e.unit)) for e in result.elements
        ]
        caption = f"{group_title(group.key)}: {result.summary()}"
        return table([_("Element"), _("Description"), _("NRR"), _("NRR x 25")], rows, caption=caption)


def signal_html(signal: Any, *, language: str | None = None) -> str:
    """One quality signal: whether it fires, why, and the evidence rows."""
    with use_language(language):
        evidence = ", ".join(format_integer(r) for r in signal.evidence[:50])
        if len(signal.evidence) > 50:
            evidence += " …"
        rows = [("!!" if signal.flagged else "ok", signal.title, signal.detail_in(), evidence)]
        return table(["", _("Signal"), _("Detail"), _("Evidence (rows)")], rows)


def _register() -> None:
    """Register the notebook reprs of the survey results."""
    from ._reprs import register_html
    from .survey_breakdown import GroupResult, SkmBreakdown
    from .survey_perception import PerceptionResult
    from .survey_signal_checks import SurveySignal
    from .survey_skm import IkmResult

    register_html(IkmResult, ikm_html)
    register_html(PerceptionResult, perception_html)
    register_html(SkmBreakdown, breakdown_html)
    register_html(GroupResult, group_html)
    register_html(SurveySignal, signal_html)


_register()
