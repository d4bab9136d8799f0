"""HTML for review rounds: tables of changes, of a round's decisions, of a review's tiers, and the report
section *perubahan oleh TPI*. Every text from data (notes, names) is escaped.

>>> from zona_integritas import examples
>>> from zona_integritas.review_diff import round_changes
>>> "&lt;TPI&gt;" in changes_html(round_changes(examples.kediri_review_2022(), "tpi").ranked(), caption="<TPI>")
True
"""

from __future__ import annotations

from decimal import Decimal

from .decimals import round_half_up
from .labels import Language
from .review import Review
from .review_diff import ItemChange, diff_tiers, review_status
from .review_round import Round
from .worksheet import Answer

__all__ = ["changes_html", "review_html", "round_html", "signed", "tpi_changes_section"]


def signed(value: Decimal) -> str:
    """Points with their sign, rounded half-up to 2 decimals.

    >>> signed(Decimal("0.125")), signed(Decimal("-1.205")), signed(Decimal(0))
    ('+0.13', '-1.21', '0.00')
    """
    rounded = round_half_up(value)
    return f"+{rounded}" if rounded > 0 else str(rounded)


def _shown(answer: Answer | None) -> str:
    if answer is None or answer.value is None:
        return ""
    value = answer.value
    return ", ".join(f"{k}={v}" for k, v in value.items()) if hasattr(value, "items") else str(value)


def changes_html(changes: tuple[ItemChange, ...], *, caption: str = "", language: Language = "id") -> str:
    """A table of changes: item, label, from, to, points, tier, note (every cell escaped).

    >>> from zona_integritas import examples
    >>> from zona_integritas.review_diff import round_changes
    >>> "P4.i.a" in changes_html(round_changes(examples.kediri_review_2022(), "tpi").ranked())
    True
    """
    from .html import table

    rows = [
        (
            c.item,
            c.label.in_language(language),
            _shown(c.before),
            _shown(c.after),
            signed(c.delta),
            c.tier,
            c.note or "",
        )
        for c in changes
    ]
    heads = ["butir", "uraian", "dari", "menjadi", "nilai", "tingkat", "catatan"]
    if language == "en":
        heads = ["item", "label", "from", "to", "points", "tier", "note"]
    return table(heads, rows, caption=caption)


def round_html(rnd: Round, *, language: Language = "id") -> str:
    """A round's latest decisions per item: decision, new answer, note, reviewer and date.

    >>> from zona_integritas import examples
    >>> "4 changed" in round_html(examples.kediri_review_2022().rounds[0])
    True
    """
    from .html import table

    rows = [
        (d.item, d.decision.value, _shown(d.answer), d.note or "", d.reviewer or "", d.on.isoformat())
        for d in rnd.current.values()
    ]
    heads = ["butir", "keputusan", "jawaban baru", "catatan", "oleh", "tanggal"]
    if language == "en":
        heads = ["item", "decision", "new answer", "note", "by", "date"]
    caption = (
        f"{rnd.tier.name} #{rnd.number} ({rnd.status.value}): {len(rnd.reviewed)} reviewed, "
        f"{len(rnd.unreviewed)} unreviewed, {len(rnd.changes)} changed, {rnd.revision_count} revisions"
    )
    return table(heads, rows, caption=caption)


def review_html(review: Review, *, language: Language = "id") -> str:
    """The review status table of a review (per tier).

    >>> from zona_integritas import examples
    >>> "tpn-field" in review_html(examples.kediri_review_2022(), language="en")
    True
    """
    from .html import table

    rows = [
        (
            s.tier,
            s.status,
            s.rounds,
            s.reviewed,
            s.unreviewed,
            s.changed,
            s.awaiting_evidence,
            s.without_evidence,
            s.revisions,
            "" if s.score is None else str(round_half_up(s.score)),
        )
        for s in review_status(review)
    ]
    heads = [
        "tingkat",
        "status",
        "putaran",
        "direviu",
        "belum",
        "diubah",
        "menunggu bukti",
        "tanpa bukti",
        "revisi",
        "nilai",
    ]
    if language == "en":
        heads = [
            "tier",
            "status",
            "rounds",
            "reviewed",
            "unreviewed",
            "changed",
            "awaiting evidence",
            "no evidence",
            "revisions",
            "score",
        ]
    return table(heads, rows, caption=f"{review.chain.label.in_language(language)}, {review.cycle}")


def tpi_changes_section(review: Review, *, language: Language = "id") -> str:
    """The report section *perubahan oleh TPI*: the unit's self-assessment against the last TPI tier.

    >>> from zona_integritas import examples
    >>> "88.96 \u2192 87.76" in tpi_changes_section(examples.kediri_review_2022())
    True
    """
    from .html import esc

    title = "Perubahan oleh TPI" if language == "id" else "Changes made by TPI"
    last = review.chain.last_tpi_tier.name
    if review.tpi_worksheet is None:
        text = "TPI belum mengirim hasil reviu." if language == "id" else "TPI has not submitted its review yet."
        return f"<h2>{esc(title)}</h2><p>{esc(text)}</p>"
    diff = diff_tiers(review, review.chain.unit_tier.name, last)
    figures = f"{round_half_up(diff.from_total)} \u2192 {round_half_up(diff.to_total)} ({signed(diff.delta)})"
    return f"<h2>{esc(title)}</h2><p>{esc(figures)}</p>" + changes_html(diff.changes, language=language)
