"""``review status`` and ``review diff``: a unit's LKE review, tier by tier, from a file, a store or the example."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from ..i18n import N_, format_integer, format_number
from ..i18n import gettext as _
from ._common import format_help, print_json

#: A tier's status in ``review status`` (review_diff's values), shown in the language.
_STATUS = {
    "open": N_("open"),
    "returned": N_("returned"),
    "submitted": N_("submitted"),
    "not started": N_("not started"),
}

__all__ = ["register"]


def _review(args: argparse.Namespace) -> Any:
    """The review the arguments name: ``FILE`` (a review or journey JSON payload, or a workbook with one
    column per assessor, read with ``--chain``, ``--cycle`` and ``--on``), ``--db`` with ``--unit``, or
    ``--example kediri``."""
    from ..errors import InvalidAnswerError
    from ..journey import Journey
    from ..review import Review

    sources = [s for s in (args.file, args.db, args.example) if s]
    if len(sources) != 1:
        raise InvalidAnswerError(
            _("name one review: FILE, --db DB --unit UNIT, or --example kediri"), code="one-review-source"
        )
    if args.example:
        from ..review_examples import kediri_review_2022

        return kediri_review_2022()
    if args.db:
        from .. import store

        if not args.unit:
            raise InvalidAnswerError(_("--db needs --unit"), code="missing-option")
        with store.open(args.db) as db:
            journey = db.journey(args.unit)
        where = _("unit {unit} in {store}").format(unit=repr(args.unit), store=args.db)
    elif Path(args.file).suffix.lower() in (".xlsx", ".xlsm"):
        from ..review_import import rounds_from_workbook

        missing = [f"--{n}" for n in ("chain", "cycle", "on") if getattr(args, n) is None]
        if missing:
            raise InvalidAnswerError(
                _("a workbook needs {options} (it records neither chain nor dates)").format(options=", ".join(missing)),
                code="missing-option",
            )
        return rounds_from_workbook(args.file, args.chain, cycle=args.cycle, on=args.on)
    else:
        from ..io.payloads import loads

        value = loads(Path(args.file).read_bytes())
        if isinstance(value, Review):
            return value
        if not isinstance(value, Journey):
            raise InvalidAnswerError(
                _("{file} holds a {kind}, not a review or a journey").format(file=args.file, kind=type(value).__name__)
            )
        journey, where = value, args.file
    reviews = journey.state().reviews.reviews
    if not reviews:
        raise InvalidAnswerError(_("{where} records no review").format(where=where))
    cycle = args.cycle if args.cycle is not None else max(reviews)
    if cycle not in reviews:
        raise InvalidAnswerError(
            _("{where} has no review of cycle {cycle}; it has {cycles}").format(
                where=where, cycle=cycle, cycles=", ".join(map(str, sorted(reviews)))
            )
        )
    return reviews[cycle]


def _money(value: Any) -> str:
    """Points as JSON keeps them (``"87.76"``)."""
    from ..decimals import round_half_up

    return "" if value is None else str(round_half_up(value))


def _points(value: Any) -> str:
    """Points as people read them, in the language (``87,76`` / ``87.76``)."""
    return "" if value is None else format_number(value, 2)


def cmd_status(args: argparse.Namespace, out: TextIO) -> int:
    from ..evidence import completeness, items_without_evidence, load_requirements, requirements_from_toml
    from ..review_diff import review_status

    review = _review(args)
    rows = review_status(review)
    missing = items_without_evidence(review)
    report = None
    if args.requirements:
        path = Path(args.requirements)
        req = (
            requirements_from_toml(path.read_text("utf-8"), source=str(path))
            if path.suffix == ".toml"
            else load_requirements(args.requirements)
        )
        report = completeness(review, req)
    if args.format == "json":
        data: dict[str, Any] = {
            "chain": review.chain.id,
            "cycle": review.cycle,
            "tiers": [
                {
                    "role": s.role,
                    "tier": s.tier,
                    "status": s.status,
                    "rounds": s.rounds,
                    "reviewed": s.reviewed,
                    "unreviewed": s.unreviewed,
                    "changed": s.changed,
                    "awaiting_evidence": s.awaiting_evidence,
                    "without_evidence": s.without_evidence,
                    "revisions": s.revisions,
                    "total": s.total,
                    "score": _money(s.score) or None,
                }
                for s in rows
            ],
            "items_without_evidence": list(missing),
        }
        if report is not None:
            data["evidence"] = [
                {"item": e.code, "provided": e.provided, "required": e.required, "missing": list(e.missing)}
                for e in report.incomplete
            ]
        print_json(data, out)
        return 0
    from ..review_html import review_status_text

    text = review_status_text(review, evidence=report, requirements=args.requirements or "", limit=args.limit)
    out.write(text + "\n")
    return 0


def cmd_diff(args: argparse.Namespace, out: TextIO) -> int:
    from ..review_diff import diff_tiers

    review = _review(args)
    to = args.to or review.last_submitted_tier.name
    diff = diff_tiers(review, args.from_, to)
    if args.format == "json":
        print_json(
            {
                "from": diff.from_,
                "to": diff.to,
                "from_total": _money(diff.from_total),
                "to_total": _money(diff.to_total),
                "delta": _money(diff.delta),
                "changes": [
                    {
                        "item": c.item,
                        "before": _plain(c.before),
                        "after": _plain(c.after),
                        "points": _money(c.delta),
                        "tier": c.tier,
                        "note": c.note,
                    }
                    for c in diff.changes
                ],
            },
            out,
        )
        return 0
    out.write(
        _("{from_tier} {from_points} -> {to_tier} {to_points} ({change})").format(
            from_tier=diff.from_,
            from_points=_points(diff.from_total),
            to_tier=diff.to,
            to_points=_points(diff.to_total),
            change=_points(diff.delta),
        )
        + "\n"
    )
    for c in diff.changes:
        label = review.rulebook.item(c.item).label.in_language(args.language)
        before, after = _shown(c.before), _shown(c.after)
        out.write(
            f"  {_points(c.delta):>6}  {c.item:<9} {before} -> {after}  {label}"
            + (f"\n          [{c.tier}] {c.note}" if c.note else "")
            + "\n"
        )
    return 0


def _shown(answer: Any) -> str:
    """An answer as people read it: a letter or Ya/Tidak as given, a number in the language, ``-`` for none."""
    from ..decimals import parse_decimal

    plain = _plain(answer)
    if plain is None:
        return "-"
    if isinstance(plain, dict):
        return ", ".join(f"{key}={format_integer(v) if isinstance(v, int) else v}" for key, v in plain.items())
    try:
        number = parse_decimal(plain)
    except Exception:  # a letter or Ya/Tidak: shown as answered
        return str(plain)
    return format_number(number, 2)


def _plain(answer: Any) -> Any:
    if answer is None or answer.value is None:
        return None
    value = answer.value
    return dict(value) if hasattr(value, "items") else str(value)


def _sources(p: Any) -> None:
    p.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help=_(
            "a review or journey: a zona-integritas .json payload, or an .xlsx/.xlsm workbook with one column per "
            "assessor (with --chain, --cycle and --on)"
        ),
    )
    p.add_argument("--db", metavar="STORE", help=_("a store file (.sqlite, with --unit)"))
    p.add_argument("--unit", help=_("the unit id in the store"))
    p.add_argument("--cycle", type=int, help=_("the cycle, a year (default: the latest review)"))
    p.add_argument("--example", choices=["kediri"], help=_("the illustrative Kediri review of 2022"))
    p.add_argument("--chain", help=_("workbook: the review chain (e.g. pemda-90-2021, kl-pendahuluan-90-2021)"))
    p.add_argument("--on", help=_("workbook: the date to give its rounds (a workbook records no dates)"))
    p.add_argument("--format", choices=["text", "json"], default="text", help=format_help(text="text"))


def register(sub: Any) -> None:
    """Add this module's commands to the ``zona-integritas`` parser."""
    from . import exit_status_epilog

    p = sub.add_parser(
        "review",
        help=_("review rounds: status per tier and tier-against-tier differences"),
        description=_("A unit's LKE review, tier by tier, from a file, a store or the example."),
        epilog=exit_status_epilog(check=False),
    )
    commands = p.add_subparsers(dest="review_command", required=True, metavar=_("COMMAND"), title=_("commands"))
    status = commands.add_parser(
        "status",
        help=_("per tier: reviewed, unreviewed, changed items, evidence, score"),
        description=_("Per tier: reviewed, unreviewed and changed items, evidence asked and missing, score."),
        epilog=exit_status_epilog(check=False),
    )
    _sources(status)
    status.add_argument("--requirements", help=_("evidence requirements: a shipped id or a .toml file"))
    status.add_argument("--limit", type=int, default=20, help=_("how many incomplete items to list (text; default 20)"))
    status.set_defaults(handler=cmd_status)
    diff = commands.add_parser(
        "diff",
        help=_("why one tier differs from another, ranked by points"),
        description=_("Why one tier's worksheet differs from another's, item by item, ranked by points."),
        epilog=exit_status_epilog(check=False),
    )
    _sources(diff)
    diff.add_argument("--from", dest="from_", default="unit", help=_("the earlier tier (default: unit)"))
    diff.add_argument("--to", help=_("the later tier (default: the furthest submitted)"))
    diff.set_defaults(handler=cmd_diff)
