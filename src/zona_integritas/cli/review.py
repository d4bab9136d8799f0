"""``review status`` and ``review diff``: a unit's LKE review, tier by tier, from a file, a store or the example."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from ._common import print_json

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
        raise InvalidAnswerError("name one review: FILE, --db DB --unit UNIT, or --example kediri")
    if args.example:
        from ..review_examples import kediri_review_2022

        return kediri_review_2022()
    if args.db:
        from .. import store

        if not args.unit:
            raise InvalidAnswerError("--db needs --unit")
        with store.open(args.db) as db:
            journey = db.journey(args.unit)
        where = f"unit {args.unit!r} in {args.db}"
    elif Path(args.file).suffix.lower() in (".xlsx", ".xlsm"):
        from ..review_import import rounds_from_workbook

        missing = [f"--{n}" for n in ("chain", "cycle", "on") if getattr(args, n) is None]
        if missing:
            raise InvalidAnswerError(f"a workbook needs {', '.join(missing)} (it records neither chain nor dates)")
        return rounds_from_workbook(args.file, args.chain, cycle=args.cycle, on=args.on)
    else:
        from ..io.json import loads

        value = loads(Path(args.file).read_bytes())
        if isinstance(value, Review):
            return value
        if not isinstance(value, Journey):
            raise InvalidAnswerError(f"{args.file} holds a {type(value).__name__}, not a review or a journey")
        journey, where = value, args.file
    reviews = journey.state().reviews.reviews
    if not reviews:
        raise InvalidAnswerError(f"{where} records no review")
    cycle = args.cycle if args.cycle is not None else max(reviews)
    if cycle not in reviews:
        raise InvalidAnswerError(
            f"{where} has no review of cycle {cycle}; it has {', '.join(map(str, sorted(reviews)))}"
        )
    return reviews[cycle]


def _money(value: Any) -> str:
    from ..decimals import round_half_up

    return "" if value is None else str(round_half_up(value))


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
    out.write(f"{review.chain.label.in_language(args.language)} - {review.cycle}\n")
    heads = (
        "tier",
        "status",
        "rounds",
        "reviewed",
        "unreviewed",
        "changed",
        "asked evidence",
        "no evidence",
        "revisions",
        "score",
    )
    table = [heads] + [
        (
            s.tier,
            s.status,
            str(s.rounds),
            str(s.reviewed),
            str(s.unreviewed),
            str(s.changed),
            str(s.awaiting_evidence),
            str(s.without_evidence),
            str(s.revisions),
            _money(s.score),
        )
        for s in rows
    ]
    widths = [max(len(r[i]) for r in table) for i in range(len(heads))]
    for row in table:
        out.write("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() + "\n")
    out.write(f"\nitems answered without evidence: {len(missing)}\n")
    if report is not None:
        total = report.node("total")
        out.write(f"evidence against {args.requirements}: {total.provided}/{total.required} references\n")
        for entry in report.incomplete[: args.limit]:
            out.write(f"  {entry.code}: {entry.provided}/{entry.required} missing {'; '.join(entry.missing)}\n")
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
    out.write(f"{diff.from_} {_money(diff.from_total)} -> {diff.to} {_money(diff.to_total)} ({_money(diff.delta)})\n")
    for c in diff.changes:
        label = review.rulebook.item(c.item).label.in_language(args.language)
        out.write(
            f"  {_money(c.delta):>6}  {c.item:<9} {_plain(c.before)} -> {_plain(c.after)}  {label}"
            + (f"\n          [{c.tier}] {c.note}" if c.note else "")
            + "\n"
        )
    return 0


def _plain(answer: Any) -> Any:
    if answer is None or answer.value is None:
        return None
    value = answer.value
    return dict(value) if hasattr(value, "items") else str(value)


def _sources(p: Any) -> None:
    p.add_argument("file", nargs="?", help="a review or journey JSON payload, or a workbook (.xlsx)")
    p.add_argument("--db", help="a store file (with --unit)")
    p.add_argument("--unit", help="the unit id in the store")
    p.add_argument("--cycle", type=int, help="the cycle (default: the latest review)")
    p.add_argument("--example", choices=["kediri"], help="the illustrative Kediri review of 2022")
    p.add_argument("--chain", help="workbook: the review chain (e.g. pemda-90-2021, kl-pendahuluan-90-2021)")
    p.add_argument("--on", help="workbook: the date to give its rounds (a workbook records no dates)")
    p.add_argument("--format", choices=["text", "json"], default="text")


def register(sub: Any) -> None:
    """Add this module's commands to the ``zona-integritas`` parser."""
    p = sub.add_parser("review", help="review rounds: status per tier and tier-against-tier differences")
    commands = p.add_subparsers(dest="review_command", required=True)
    status = commands.add_parser("status", help="per tier: reviewed, unreviewed, changed items, evidence, score")
    _sources(status)
    status.add_argument("--requirements", help="evidence requirements: a shipped id or a .toml file")
    status.add_argument("--limit", type=int, default=20, help="incomplete items to list (text)")
    status.set_defaults(handler=cmd_status)
    diff = commands.add_parser("diff", help="why one tier differs from another, ranked by points")
    _sources(diff)
    diff.add_argument("--from", dest="from_", default="unit", help="the earlier tier (default: unit)")
    diff.add_argument("--to", help="the later tier (default: the furthest submitted)")
    diff.set_defaults(handler=cmd_diff)
