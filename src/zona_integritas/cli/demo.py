"""``demo``: the Kediri DPM PTSP example, told from pencanangan to WBK, in the language of ``--language``.

The 2020 cycle is told as the recorded outcome it is (a 52/2014-era cycle, no worksheet); only the 2022
cycle, under 90/2021, is scored. The demo's own sentences are here; the journey's event lines, the tables
and the plan come from the modules that make them, in the same language.
"""

from __future__ import annotations

import argparse
import textwrap
from typing import Any, TextIO

from ..i18n import N_, format_date, format_number, ngettext, use_language
from ..i18n import gettext as _
from ..scoring import score

__all__ = ["register", "tell"]

#: How a cycle ended (the journey's ``CycleOutcome`` values), as the demo says it.
_OUTCOMES = {
    "awarded": N_("awarded"),
    "pembinaan": N_("pembinaan (not awarded, coaching)"),
    "failed": N_("stopped"),
    "voided": N_("proposal voided"),
    "open": N_("in progress"),
    "assessed": N_("assessed by TPI, not proposed"),
    "not_awarded": N_("not awarded"),
    "preliminary": N_("preliminary assessment"),
}
#: The stages of a cycle (the journey's ``Stage`` names), as the demo says them.
_STAGES = {
    "PRELIMINARY": N_("preliminary assessment"),
    "ASSESSED": N_("TPI assessment"),
    "PROPOSED": N_("proposal"),
    "PRE_EVALUATED": N_("TPN pre-evaluation"),
    "DESK_EVALUATED": N_("desk evaluation"),
    "SURVEYED": N_("survey"),
    "FIELD_EVALUATED": N_("field evaluation"),
    "CLEARED": N_("clearance and panel"),
    "DECIDED": N_("decision"),
}


def _paragraph(text: str) -> str:
    """A sentence of the demo wrapped at 100 columns."""
    return textwrap.fill(text, width=100)


def _said(table: dict[str, str], key: str) -> str:
    return _(table[key]) if key in table else key


def _cycle_line(cycle: Any) -> str:
    """One cycle in a sentence: its target, how far it got, how it ended and under which rulebook."""
    fields = {
        "year": cycle.year,
        "target": cycle.target.value,
        "stage": _said(_STAGES, cycle.stage.name),
        "outcome": _said(_OUTCOMES, str(cycle.outcome)),
        "rulebook": cycle.rulebook_id,
    }
    if cycle.recorded and cycle.failed_at:
        fields["failed"] = _said(_STAGES, cycle.failed_at.name)
        text = _(
            "{year}: {target}, reached the {stage}, {outcome}, stopped at the {failed} "
            "(recorded; rulebook in force {rulebook})"
        )
    elif cycle.recorded:
        text = _("{year}: {target}, reached the {stage}, {outcome} (recorded; rulebook in force {rulebook})")
    elif cycle.failed_at:
        fields["failed"] = _said(_STAGES, cycle.failed_at.name)
        text = _("{year}: {target}, reached the {stage}, {outcome}, stopped at the {failed} ({rulebook})")
    else:
        text = _("{year}: {target}, reached the {stage}, {outcome} ({rulebook})")
    return text.format(**fields)


def tell(out: TextIO, *, language: str | None = None) -> None:
    """Write the Kediri story to ``out`` in ``language`` (``None``: the current language).

    >>> import io
    >>> buffer = io.StringIO()
    >>> tell(buffer, language="en")
    >>> buffer.getvalue().splitlines()[0]
    'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu (DPM PTSP) Kota Kediri'
    """
    from .. import examples
    from ..plan import plan_improvements
    from ..verdict import assess

    with use_language(language) as chosen:
        journey = examples.kediri_journey()
        out.write(f"{examples.KEDIRI_UNIT_NAME}\n")
        out.write(
            _paragraph(
                _(
                    "Dates, worksheets, survey indices and the decree number are illustrative; the milestones and "
                    "the IKM of 2022 ({ikm}, grade {grade}) are public."
                ).format(ikm=format_number(examples.KEDIRI_IKM_2022, 2), grade="A")
            )
            + "\n"
        )
        out.write(
            _paragraph(
                _(
                    "The 2020 cycle ran under PermenPANRB 52/2014 (as amended by 10/2019, which is not available and "
                    "not modelled): it is recorded from its public source, with no invented worksheet and no 90/2021 "
                    "verdict."
                )
            )
            + "\n\n"
        )
        out.write(_("The journey:") + "\n")
        for entry in journey.history():
            out.write(f"  {format_date(entry.on):>18}  {entry.what}\n")
        out.write("\n" + _("Cycles:") + "\n")
        for cycle in journey.state().cycles:
            out.write(f"  {_cycle_line(cycle)}\n")
        _tell_review(out)
        final = journey.cycle(2022).final_worksheet
        assert final is not None
        card = score(final)
        out.write("\n" + _("The 2022 score card (TPI worksheet, field evaluation and TPN survey combined):") + "\n")
        out.write(card.to_table(language=chosen, depth=2) + "\n\n")
        out.write(assess(card, target="WBK").to_table(language=chosen) + "\n\n")
        since = journey.state().holding_since
        if since is not None:
            out.write(_("Next goal, WBBM (the unit holds WBK since {date}):").format(date=format_date(since)) + "\n")
        out.write(assess(card, target="WBBM", holds_wbk=True).to_table(language=chosen) + "\n\n")
        plan = plan_improvements(final, "WBBM", holds_wbk=True)
        out.write(plan.to_table(language=chosen) + "\n")
        last = journey.state().last_event_on
        due = journey.monitoring_due(on=last) if last is not None else None
        if due is not None:
            out.write("\n" + _("Next TPI monitoring report due by {date}.").format(date=format_date(due)) + "\n")
        out.write("\n" + _("The letters and reports as Word files (illustrative, in Indonesian):") + "\n")
        out.write("  zona-integritas document proposal|sptjm|lhe|monitoring --example kediri --out FILE.docx [--pdf]\n")


def cmd_demo(args: argparse.Namespace, out: TextIO) -> int:
    tell(out, language=args.language)
    return 0


def _tell_review(out: TextIO) -> None:
    """The 2022 review: the unit's self-assessment, the TPI round's changes with their notes and points."""
    from ..review_diff import diff_tiers
    from ..review_examples import kediri_review_2022

    review = kediri_review_2022()
    diff = diff_tiers(review, "unit", "tpi")
    (tpi_round,) = review.rounds_of("tpi")
    reviewed = len(tpi_round.reviewed)
    out.write(
        "\n"
        + _paragraph(
            ngettext(
                "The 2022 review ({chain}): the unit scored itself {unit_points}; the TPI reviewed {reviewed} item, "
                "changed {changed}, returned {returned} to the unit for revision, and submitted {tpi_points}:",
                "The 2022 review ({chain}): the unit scored itself {unit_points}; the TPI reviewed {reviewed} items, "
                "changed {changed}, returned {returned} to the unit for revision, and submitted {tpi_points}:",
                reviewed,
            ).format(
                chain=review.chain.id,
                unit_points=format_number(diff.from_total, 2),
                reviewed=reviewed,
                changed=len(tpi_round.changes),
                returned=sum(len(r.items) for r in tpi_round.returns),
                tpi_points=format_number(diff.to_total, 2),
            )
        )
        + "\n"
    )
    for change in diff.changes:
        before = change.before.value if change.before else "-"
        after = change.after.value if change.after else "-"
        points = format_number(change.delta, 2)
        out.write(f"  {points:>6}  {change.item:<9} {before} -> {after}  [{change.tier}] {change.note}\n")


def register(sub: Any) -> None:
    """Add this module's commands to the ``zona-integritas`` parser."""
    from . import exit_status_epilog

    p = sub.add_parser(
        "demo",
        help=_("the Kediri DPM PTSP example"),
        description=_(
            "The illustrative example of the DPM PTSP of Kota Kediri, from pencanangan to WBK and on to WBBM: "
            "its journey, its 2022 review, score card, verdicts and improvement plan. It reads no file."
        ),
        epilog=exit_status_epilog(check=False),
    )
    p.set_defaults(handler=cmd_demo)
