"""``report``: self-contained HTML reports of a unit or a portfolio."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from ..io.atomic import write_text
from ._common import load_worksheet

__all__ = ["register"]


def cmd_report(args: argparse.Namespace, out: TextIO) -> int:
    from .. import examples
    from ..report import portfolio_report, unit_report

    if args.what == "portfolio":
        if args.db:
            from .. import store
            from ..organization import Instansi
            from ..portfolio import Portfolio

            with store.open(args.db, read_only=True) as db:  # never created or written
                kinds = {u.instansi.name: u.instansi.kind for u in db.units()}
                if args.instansi not in kinds:
                    raise ValueError(f"no instansi {args.instansi!r} in {args.db}; known: {', '.join(sorted(kinds))}")
                portfolio = Portfolio.from_store(db, Instansi(args.instansi, kinds[args.instansi]))
            target = None
        else:
            portfolio, target = examples.kota_kediri_portfolio(), examples.KEDIRI_RPJMD_TARGET
        page = portfolio_report(portfolio, on=args.on, target=target, language=args.language)
    elif args.file:
        worksheet = load_worksheet(args.file)
        page = unit_report(
            worksheet, target=args.target, holds_wbk=args.holds_wbk, unit_name=args.unit, language=args.language
        )
    else:
        from ..survey import skm_index

        journey = examples.kediri_journey()
        final = journey.cycle(2022).final_worksheet
        assert final is not None
        ikm = skm_index([[4] * 9] * 83 + [[3] * 9] * 17)  # an illustrative survey whose IKM is 95.75
        page = unit_report(
            final,
            target=args.target,
            holds_wbk=args.holds_wbk,
            journey=journey,
            unit_name=examples.KEDIRI_UNIT_NAME,
            surveys=[ikm],
            language=args.language,
            review=examples.kediri_review_2022(),
        )
    write_text(args.out, page)  # atomic
    out.write(f"wrote {args.out}\n")
    return 0


def register(sub: Any) -> None:
    """Add this module's commands to the ``zona-integritas`` parser."""
    p = sub.add_parser("report", help="a self-contained HTML report of a unit or a portfolio")
    p.add_argument("what", choices=["unit", "portfolio"])
    p.add_argument("file", nargs="?", help="unit: a worksheet file (default: the Kediri example)")
    p.add_argument("--out", required=True)
    p.add_argument("--target", type=str.upper, choices=["WBK", "WBBM"], default="WBK")
    held = p.add_mutually_exclusive_group()
    held.add_argument("--holds-wbk", dest="holds_wbk", action="store_true", default=None)
    held.add_argument("--no-wbk", dest="holds_wbk", action="store_false")
    p.add_argument("--unit", help="unit name for the report heading")
    p.add_argument("--db", help="portfolio: the store (default: the illustrative Kota Kediri portfolio)")
    p.add_argument("--instansi", help="portfolio: the instansi name in the store")
    p.add_argument("--on", default="31 Desember 2024", help="portfolio: the date (default 31 Desember 2024)")
    p.set_defaults(handler=cmd_report)
