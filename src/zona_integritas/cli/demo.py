"""``demo``: the Kediri DPM PTSP example, told from pencanangan to WBK.

The 2020 cycle is told as the recorded outcome it is (a 52/2014-era cycle, no worksheet); only the 2022
cycle, under 90/2021, is scored.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from ..scoring import score

__all__ = ["register"]


def cmd_demo(args: argparse.Namespace, out: TextIO) -> int:
    from .. import examples
    from ..dates import format_date
    from ..plan import plan_improvements
    from ..verdict import assess

    journey = examples.kediri_journey()
    out.write(f"{examples.KEDIRI_UNIT_NAME}\n")
    out.write(
        "Dates, worksheets, survey indices and the decree number are illustrative; the milestones and the\n"
        f"IKM of 2022 ({examples.KEDIRI_IKM_2022}, grade A) are public.\n"
        "The 2020 cycle ran under PermenPANRB 52/2014 (as amended by 10/2019, which is not available and not\n"
        "modelled): it is recorded from its public source, with no invented worksheet and no 90/2021 verdict.\n\n"
    )
    out.write("The journey:\n")
    for entry in journey.history():
        out.write(f"  {format_date(entry.on):>18}  {entry.what}\n")
    out.write("\nCycles:\n")
    for cycle in journey.state().cycles:
        failed = f", failed at {cycle.failed_at.label}" if cycle.failed_at else ""
        how = f" (recorded; rulebook in force {cycle.rulebook_id})" if cycle.recorded else f" ({cycle.rulebook_id})"
        out.write(f"  {cycle.year}: {cycle.target.value}, reached {cycle.stage.label}, {cycle.outcome}{failed}{how}\n")
    _tell_review(out)
    final = journey.cycle(2022).final_worksheet
    assert final is not None
    card = score(final)
    out.write("\nThe 2022 score card (TPI worksheet, field evaluation and TPN survey combined):\n")
    out.write(card.to_table(language=args.language, depth=2) + "\n\n")
    out.write(assess(card, target="WBK").to_table(language=args.language) + "\n\n")
    out.write("Next goal, WBBM (the unit holds WBK since 6 December 2022):\n")
    out.write(assess(card, target="WBBM", holds_wbk=True).to_table(language=args.language) + "\n\n")
    plan = plan_improvements(final, "WBBM", holds_wbk=True)
    out.write(plan.to_table(language=args.language) + "\n")
    last = journey.state().last_event_on
    due = journey.monitoring_due(on=last) if last is not None else None
    if due is not None:
        out.write(f"\nNext TPI monitoring report due by {format_date(due)}.\n")
    out.write(
        "\nThe letters and reports as Word files (illustrative): zona-integritas document "
        "proposal|sptjm|lhe|monitoring --example kediri --out FILE.docx [--pdf]\n"
    )
    return 0


def _tell_review(out: TextIO) -> None:
    """The 2022 review: the unit's self-assessment, the TPI round's changes with their notes and points."""
    from ..decimals import round_half_up
    from ..review_diff import diff_tiers
    from ..review_examples import kediri_review_2022

    review = kediri_review_2022()
    diff = diff_tiers(review, "unit", "tpi")
    (tpi_round,) = review.rounds_of("tpi")
    out.write(
        f"\nThe 2022 review ({review.chain.id}): the unit scored itself {round_half_up(diff.from_total)}; "
        f"the TPI reviewed {len(tpi_round.reviewed)} items,\nchanged {len(tpi_round.changes)}, returned "
        f"{sum(len(r.items) for r in tpi_round.returns)} to the unit for revision, and submitted "
        f"{round_half_up(diff.to_total)}:\n"
    )
    for change in diff.changes:
        before = change.before.value if change.before else None
        after = change.after.value if change.after else None
        out.write(
            f"  {round_half_up(change.delta):>6}  {change.item:<9} {before} -> {after}  [{change.tier}] {change.note}\n"
        )


def register(sub: Any) -> None:
    """Add this module's commands to the ``zona-integritas`` parser."""
    p = sub.add_parser("demo", help="the Kediri DPM PTSP example")
    p.set_defaults(handler=cmd_demo)
