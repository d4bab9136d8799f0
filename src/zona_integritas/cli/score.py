"""``score``, ``verdict`` and ``plan``: a worksheet file scored, judged and planned.

``verdict`` is a check: its exit status is 0 when the verdict passes, 1 when it does not and 2 for bad input.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from ..i18n import gettext as _
from ..scoring import ScoreCard, score
from ..worksheet import Worksheet
from ._common import format_help, print_json, worksheet_file_help
from ._inputs import add_assessor_options, choose, read_input

__all__ = ["register"]


def _zero_denominator(value: str) -> str | dict[str, str]:
    """``zero``, ``full``, or per item ``R5.ii.a=zero,R6.i.b=full``."""
    if value in ("zero", "full"):
        return value
    policies: dict[str, str] = {}
    for part in value.split(","):
        item, sep, policy = part.partition("=")
        if not sep or policy.strip() not in ("zero", "full"):
            raise argparse.ArgumentTypeError(
                _("expected zero, full or ITEM=zero|full[,...]; got {value}").format(value=repr(value))
            )
        policies[item.strip()] = policy.strip()
    return policies


def _worksheet(args: argparse.Namespace) -> Worksheet:
    """The worksheet ``--assessor``/``--tier`` choose from the input file."""
    return choose(read_input(args.file), args.assessor, args.tier).worksheet


def _score_card(args: argparse.Namespace) -> ScoreCard:
    return score(_worksheet(args), unanswered=args.unanswered, zero_denominator=getattr(args, "zero_denominator", None))


def cmd_score(args: argparse.Namespace, out: TextIO) -> int:
    card = _score_card(args)
    if args.format == "json":
        print_json(card.to_dict(language=args.language), out)
    else:
        out.write(card.to_table(language=args.language, depth=args.depth) + "\n")
    return 0


def _holds_wbk(args: argparse.Namespace) -> bool | None:
    value: bool | None = args.holds_wbk
    return value


def cmd_verdict(args: argparse.Namespace, out: TextIO) -> int:
    from ..verdict import assess
    from . import EXIT_NOT_PASSED, EXIT_OK

    card = _score_card(args)
    verdict = assess(
        card, target=args.target, holds_wbk=_holds_wbk(args), area_reading=args.areas, comparison=args.comparison
    )
    if args.format == "json":
        print_json(verdict.to_dict(language=args.language), out)
    else:
        out.write(verdict.to_table(language=args.language) + "\n")
    return EXIT_OK if verdict.passed else EXIT_NOT_PASSED


def cmd_plan(args: argparse.Namespace, out: TextIO) -> int:
    from ..plan import plan_improvements

    worksheet = _worksheet(args)
    plan = plan_improvements(
        worksheet, args.target, holds_wbk=_holds_wbk(args), area_reading=args.areas, comparison=args.comparison
    )
    if args.format == "json":
        print_json(plan.to_dict(language=args.language), out)
    else:
        out.write(plan.to_table(language=args.language) + "\n")
    return 0


def _depth_help() -> str:
    return _(
        "how deep the table goes below the total and below each area: 0 only the total and the areas; "
        "1 adds pengungkit and hasil, and each area's two halves; 2 adds their parts and the indicators; "
        "3 (default) adds every item"
    )


def _unanswered_help() -> str:
    return _("unanswered items score 0 (zero, the default) or are left out of the mean (skip, the workbook's AVERAGE)")


def _zero_denominator_help() -> str:
    return _(
        "a count item with a zero denominator scores zero or full, for all items or per item "
        "ITEM=zero|full,... (default: each item's policy in the rulebook)"
    )


def register(sub: Any) -> None:
    """Add this module's commands to the ``zona-integritas`` parser."""
    from . import exit_status_epilog

    p = sub.add_parser(
        "score",
        help=_("score a worksheet file"),
        description=_("Score a worksheet file: the score card from the total down to every item."),
        epilog=exit_status_epilog(check=False),
    )
    p.add_argument("file", metavar="FILE", help=worksheet_file_help())
    p.add_argument("--format", choices=["table", "json"], default="table", help=format_help(text="table"))
    p.add_argument("--unanswered", choices=["zero", "skip"], default="zero", help=_unanswered_help())
    p.add_argument("--depth", type=int, choices=range(4), default=3, metavar="{0,1,2,3}", help=_depth_help())
    p.add_argument(
        "--zero-denominator",
        type=_zero_denominator,
        default=None,
        metavar="zero|full|ITEM=zero|full,...",
        help=_zero_denominator_help(),
    )
    add_assessor_options(p)
    p.set_defaults(handler=cmd_score)

    for name, handler, helptext, description, check in (
        (
            "verdict",
            cmd_verdict,
            _("decide WBK/WBBM criterion by criterion"),
            _("Decide WBK or WBBM criterion by criterion, each with its value, the value required and the margin."),
            True,
        ),
        (
            "plan",
            cmd_plan,
            _("the answer changes that would make the verdict pass"),
            _("The cheapest answer changes that would make the verdict pass, and the criteria answers cannot fix."),
            False,
        ),
    ):
        p = sub.add_parser(name, help=helptext, description=description, epilog=exit_status_epilog(check=check))
        p.add_argument("file", metavar="FILE", help=worksheet_file_help())
        add_assessor_options(p)
        p.add_argument(
            "--target", type=str.upper, choices=["WBK", "WBBM"], required=True, help=_("the predicate to decide")
        )
        p.add_argument("--format", choices=["table", "json"], default="table", help=format_help(text="table"))
        p.add_argument(
            "--areas",
            choices=["areas", "halves"],
            default="areas",
            help=_("read 'every area' as the six areas (areas, the default) or the twelve halves (halves)"),
        )
        p.add_argument(
            "--comparison",
            choices=["rounded", "exact"],
            default="rounded",
            help=_(
                "compare a value with its threshold rounded to two decimals as the workbook shows it (rounded, "
                "the default) or exactly (exact)"
            ),
        )
        held = p.add_mutually_exclusive_group()
        held.add_argument(
            "--holds-wbk",
            dest="holds_wbk",
            action="store_true",
            default=None,
            help=_("the unit already holds WBK (needed for WBBM)"),
        )
        held.add_argument("--no-wbk", dest="holds_wbk", action="store_false", help=_("the unit does not hold WBK"))
        if name == "verdict":
            p.add_argument("--unanswered", choices=["zero", "skip"], default="zero", help=_unanswered_help())
            p.add_argument(
                "--zero-denominator",
                type=_zero_denominator,
                default=None,
                metavar="zero|full|ITEM=zero|full,...",
                help=_zero_denominator_help(),
            )
        p.set_defaults(handler=handler)
