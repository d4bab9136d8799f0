"""``score``, ``verdict`` and ``plan``: a worksheet file scored, judged and planned."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from ..scoring import ScoreCard, score
from ..worksheet import Worksheet
from ._common import print_json
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
            raise argparse.ArgumentTypeError(f"expected zero, full or ITEM=zero|full[,...]; got {value!r}")
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

    card = _score_card(args)
    verdict = assess(
        card, target=args.target, holds_wbk=_holds_wbk(args), area_reading=args.areas, comparison=args.comparison
    )
    if args.format == "json":
        print_json(verdict.to_dict(language=args.language), out)
    else:
        out.write(verdict.to_table(language=args.language) + "\n")
    return 0


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


def register(sub: Any) -> None:
    """Add this module's commands to the ``zona-integritas`` parser."""
    p = sub.add_parser("score", help="score a worksheet file")
    p.add_argument("file", help="worksheet JSON ({rulebook, assessor, answers}), a payload, or an .xlsx workbook")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument(
        "--unanswered",
        choices=["zero", "skip"],
        default="zero",
        help="unanswered items score 0 (default) or are left out of the mean (the workbook's AVERAGE)",
    )
    p.add_argument("--depth", type=int, default=3, help="table depth (default 3: down to indicators)")
    p.add_argument(
        "--zero-denominator",
        type=_zero_denominator,
        default=None,
        help="a count item with a zero denominator scores zero or full, for all items or ITEM=zero|full,... "
        "(default: each item's policy in the rulebook)",
    )
    add_assessor_options(p)
    p.set_defaults(handler=cmd_score)

    for name, handler, helptext in (
        ("verdict", cmd_verdict, "decide WBK/WBBM criterion by criterion"),
        ("plan", cmd_plan, "the answer changes that would make the verdict pass"),
    ):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("file", help="worksheet JSON ({rulebook, assessor, answers}), a payload, or an .xlsx workbook")
        add_assessor_options(p)
        p.add_argument("--target", type=str.upper, choices=["WBK", "WBBM"], required=True)
        p.add_argument("--format", choices=["table", "json"], default="table")
        p.add_argument(
            "--areas",
            choices=["areas", "halves"],
            default="areas",
            help="read 'every area' as the six areas (default) or the twelve halves",
        )
        p.add_argument("--comparison", choices=["rounded", "exact"], default="rounded")
        held = p.add_mutually_exclusive_group()
        held.add_argument(
            "--holds-wbk",
            dest="holds_wbk",
            action="store_true",
            default=None,
            help="the unit already holds WBK (needed for WBBM)",
        )
        held.add_argument("--no-wbk", dest="holds_wbk", action="store_false", help="the unit does not hold WBK")
        if name == "verdict":
            p.add_argument("--unanswered", choices=["zero", "skip"], default="zero")
            p.add_argument("--zero-denominator", type=_zero_denominator, default=None)
        p.set_defaults(handler=handler)
