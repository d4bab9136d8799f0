"""HTML and text for review rounds and journey cycles: tables of changes, of a round's decisions, of a review's
tiers, the report section *perubahan oleh TPI*, the ``review status`` and ``review diff`` texts, and a cycle's
stages. Every text from data (notes, names) is escaped; every word follows the language
(:mod:`zona_integritas.i18n`).

>>> from zona_integritas import examples
>>> from zona_integritas.review_diff import round_changes
>>> "&lt;TPI&gt;" in changes_html(round_changes(examples.kediri_review_2022(), "tpi").ranked(), caption="<TPI>")
True
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from .evidence import EvidenceReport
from .i18n import format_date, format_number, ngettext, use_language
from .i18n import gettext as _
from .journey import Cycle, Stage
from .review import Review
from .review_diff import ItemChange, TierDiff, diff_tiers, review_status
from .review_round import Round
from .worksheet import Answer

__all__ = [
    "changes_html",
    "cycle_html",
    "diff_text",
    "review_html",
    "review_status_text",
    "round_html",
    "signed",
    "tpi_changes_section",
]


def signed(value: Decimal, *, language: str | None = None) -> str:
    """Points with their sign, rounded half-up to 2 decimals, in the language's symbols.

    >>> signed(Decimal("0.125"), language="en"), signed(Decimal("-1.205"), language="id"), signed(Decimal(0))
    ('+0.13', '-1,21', '0.00')
    """
    text = format_number(value, 2, language=language)
    return "+" + text if text[0] != "-" and any(ch in "123456789" for ch in text) else text


def _shown(answer: Answer | None) -> str:
    if answer is None or answer.value is None:
        return ""
    value = answer.value
    if hasattr(value, "items"):
        return ", ".join(f"{k}={v}" for k, v in value.items())
    if isinstance(value, Decimal):
        return format_number(value, max(2, -int(value.as_tuple().exponent)))
    return str(value)


def changes_html(changes: Iterable[ItemChange], *, caption: str = "", language: str | None = None) -> str:
    """A table of changes: item, label, from, to, points, tier, note (every cell escaped).

    >>> from zona_integritas import examples
    >>> from zona_integritas.review_diff import round_changes
    >>> "P4.i.a" in changes_html(round_changes(examples.kediri_review_2022(), "tpi").ranked())
    True
    """
    from ._html import table

    with use_language(language):
        rows = [
            (
                c.item,
                c.label.in_language(),
                _shown(c.before),
                _shown(c.after),
                signed(c.delta),
                c.tier,
                c.note or "",
            )
            for c in changes
        ]
        heads = [_("item"), _("description"), _("from"), _("to"), _("points"), _("tier"), _("note")]
        return table(heads, rows, caption=caption)


def round_html(rnd: Round, *, language: str | None = None) -> str:
    """A round's latest decisions per item: decision, new answer, note, reviewer and date.

    >>> from zona_integritas import examples
    >>> "4 changed" in round_html(examples.kediri_review_2022().rounds[0], language="en")
    True
    """
    from ._html import table

    with use_language(language):
        rows = [
            (d.item, d.decision.label(), _shown(d.answer), d.note or "", d.reviewer or "", format_date(d.on))
            for d in rnd.current.values()
        ]
        heads = [_("item"), _("decision"), _("new answer"), _("note"), _("by"), _("date")]
        caption = f"{rnd.tier.name} #{rnd.number} ({rnd.status.label()}): {rnd.counts()}"
        return table(heads, rows, caption=caption)


def _status_rows(review: Review) -> list[tuple[str, ...]]:
    return [
        (
            s.tier,
            s.status_label(),
            str(s.rounds),
            str(s.reviewed),
            str(s.unreviewed),
            str(s.changed),
            str(s.awaiting_evidence),
            str(s.without_evidence),
            str(s.revisions),
            "" if s.score is None else format_number(s.score),
        )
        for s in review_status(review)
    ]


def _status_heads() -> list[str]:
    return [
        _("tier"),
        _("status"),
        _("rounds"),
        _("reviewed"),
        _("unreviewed"),
        _("changed"),
        _("awaiting evidence"),
        _("no evidence"),
        _("revisions"),
        _("score"),
    ]


def review_html(review: Review, *, language: str | None = None) -> str:
    """The review status table of a review (per tier).

    >>> from zona_integritas import examples
    >>> "tpn-field" in review_html(examples.kediri_review_2022(), language="en")
    True
    """
    from ._html import table

    with use_language(language):
        return table(
            _status_heads(), _status_rows(review), caption=f"{review.chain.label.in_language()}, {review.cycle}"
        )


def _text_table(heads: list[str], rows: list[tuple[str, ...]]) -> list[str]:
    table = [tuple(heads), *rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(heads))]
    return ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in table]


def review_status_text(
    review: Review,
    *,
    evidence: EvidenceReport | None = None,
    requirements: str = "",
    limit: int = 20,
    language: str | None = None,
) -> str:
    """``review status`` as text: the chain and cycle, a row per tier, the items answered without evidence and,
    with an :class:`~zona_integritas.evidence.EvidenceReport`, the items still missing evidence (up to ``limit``).

    >>> from zona_integritas import examples
    >>> print(review_status_text(examples.kediri_review_2022(), language="id").splitlines()[0])
    Mekanisme penilaian internal pemerintah daerah - 2022
    """
    from .evidence import items_without_evidence

    with use_language(language):
        lines = [f"{review.chain.label.in_language()} - {review.cycle}"]
        lines += _text_table(_status_heads(), _status_rows(review))
        missing = len(items_without_evidence(review))
        lines += ["", _("Items answered without evidence: {n}").format(n=missing)]
        if evidence is not None:
            total = evidence.node("total")
            lines.append(
                _("Evidence against {requirements}: {provided} of {required} references").format(
                    requirements=requirements or "-", provided=total.provided, required=total.required
                )
            )
            for entry in evidence.incomplete[:limit]:
                lines.append(
                    "  "
                    + _("{item}: {provided} of {required}, missing {documents}").format(
                        item=entry.code,
                        provided=entry.provided,
                        required=entry.required,
                        documents="; ".join(entry.missing),
                    )
                )
        return "\n".join(lines)


def diff_text(review: Review, diff: TierDiff, *, language: str | None = None) -> str:
    """``review diff`` as text: the totals of both tiers, then every change ranked by points, with its note.

    >>> from zona_integritas import examples
    >>> review = examples.kediri_review_2022()
    >>> print(diff_text(review, diff_tiers(review, "unit", "tpi"), language="id").splitlines()[0])
    unit 88,96 \u2192 tpi 87,76 (-1,21)
    """
    with use_language(language):
        lines = [
            f"{diff.from_} {format_number(diff.from_total)} \u2192 {diff.to} {format_number(diff.to_total)} "
            f"({signed(diff.delta)})"
        ]
        for c in diff.changes:
            label = review.rulebook.item(c.item).label.in_language()
            lines.append(f"  {signed(c.delta):>6}  {c.item:<9} {_shown(c.before)} \u2192 {_shown(c.after)}  {label}")
            if c.note:
                lines.append(f"          [{c.tier}] {c.note}")
        return "\n".join(lines)


def tpi_changes_section(review: Review, *, language: str | None = None) -> str:
    """The report section *perubahan oleh TPI*: the unit's self-assessment against the last TPI tier.

    >>> from zona_integritas import examples
    >>> "88,96 \u2192 87,76" in tpi_changes_section(examples.kediri_review_2022(), language="id")
    True
    """
    from ._html import esc

    with use_language(language):
        title = _("Changes made by TPI")
        last = review.chain.last_tpi_tier.name
        if review.tpi_worksheet is None:
            return f"<h2>{esc(title)}</h2><p>{esc(_('TPI has not submitted its review yet.'))}</p>"
        diff = diff_tiers(review, review.chain.unit_tier.name, last)
        figures = f"{format_number(diff.from_total)} \u2192 {format_number(diff.to_total)} ({signed(diff.delta)})"
        return f"<h2>{esc(title)}</h2><p>{esc(figures)}</p>" + changes_html(diff.changes)


def _cycle_rows(cycle: Cycle) -> list[tuple[str, str]]:
    """(stage, what happened) for every stage the cycle went through, then its end and any revocation."""
    rows: list[tuple[str, str]] = []
    if cycle.preliminary is not None:
        rows.append((Stage.PRELIMINARY.label, _("fit for the TPI") if cycle.preliminary else _("not fit yet")))
    if cycle.tpi_worksheet is not None:
        done = cycle.tpi_worksheet.completeness[0]
        rows.append((Stage.ASSESSED.label, ngettext("{n} item answered", "{n} items answered", done).format(n=done)))
    if cycle.proposed_on is not None:
        rows.append((Stage.PROPOSED.label, format_date(cycle.proposed_on)))
    if cycle.pre_outcome is not None:
        what = cycle.pre_outcome.label()
        if cycle.corrections_due is not None:
            what += "; " + _("corrections due {date}").format(date=format_date(cycle.corrections_due))
        if cycle.appeal is not None:
            what += "; " + (_("appeal (sanggah) accepted") if cycle.appeal else _("appeal (sanggah) rejected"))
        rows.append((Stage.PRE_EVALUATED.label, what))
    if cycle.desk_passed is not None:
        rows.append((Stage.DESK_EVALUATED.label, _("continues") if cycle.desk_passed else _("does not continue")))
    if cycle.survey is not None:
        ipak, ipkp = cycle.survey
        rows.append(
            (
                Stage.SURVEYED.label,
                _("IPAK {ipak}, IPKP {ipkp}").format(ipak=format_number(ipak), ipkp=format_number(ipkp)),
            )
        )
    if cycle.field_worksheet is not None:
        rows.append((Stage.FIELD_EVALUATED.label, _("done")))
    if cycle.cleared:
        rows.append((Stage.CLEARED.label, _("done")))
    for ended in (cycle.decision, cycle.mandiri, cycle.recorded):
        if ended is not None:
            rows.append((Stage.DECIDED.label, ended.describe()))
    if cycle.recorded is not None and not cycle.awarded:
        rows.append((_("reached"), cycle.stage.label))
    if cycle.revocation is not None:
        rows.append((_("revocation"), cycle.revocation.describe() + ", " + format_date(cycle.revocation.on)))
    return rows


def cycle_html(cycle: Cycle, *, language: str | None = None) -> str:
    """A cycle's stages as a table (what each stage gave), captioned with the cycle's summary.

    >>> from zona_integritas import examples
    >>> html = cycle_html(examples.kediri_journey().cycle(2022), language="id")
    >>> "2022: WBK, ditetapkan" in html, "IPAK 3,68, IPKP 3,41" in html
    (True, True)
    """
    from ._html import table

    with use_language(language):
        return table([_("stage"), _("result")], _cycle_rows(cycle), caption=cycle.summary())


def _round_changes_html(changes: Any) -> str:
    return changes_html(changes.ranked(), caption=f"{changes.tier} #{changes.round}: {signed(changes.delta)}")


def _tier_diff_html(diff: TierDiff) -> str:
    return changes_html(diff.changes, caption=f"{diff.from_} \u2192 {diff.to}: {signed(diff.delta)}")


def _register() -> None:
    """Register the notebook reprs of the review values and of a cycle (the domain never imports this module)."""
    from ._reprs import register_html
    from .review_diff import RoundChanges

    register_html(Review, review_html)
    register_html(Round, round_html)
    register_html(RoundChanges, _round_changes_html)
    register_html(TierDiff, _tier_diff_html)
    register_html(Cycle, cycle_html)


_register()
