"""``report unit`` and ``report portfolio``: self-contained HTML reports, or A4 PDFs with ``--pdf``."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from ..errors import InvalidValueError
from ..i18n import format_date, use_language
from ..i18n import gettext as _
from ..io.atomic import write_text
from ._common import load_worksheet

__all__ = ["register"]


def _wants_pdf(args: argparse.Namespace) -> bool:
    return bool(args.pdf) or str(args.out).lower().endswith(".pdf")


def _write(args: argparse.Namespace, page: str, out: TextIO) -> int:
    if _wants_pdf(args):
        from ..report import write_pdf

        write_pdf(page, args.out)
        out.write(_("wrote {path} (PDF, A4)").format(path=args.out) + "\n")
    else:
        write_text(args.out, page)  # atomic
        out.write(_("wrote {path}").format(path=args.out) + "\n")
    return 0


def _target(args: argparse.Namespace, default: Any) -> Any:
    """The plan target of the command line: ``--target N`` (with ``--by``, ``--predicate``, ``--plan``), the
    example's RPJMD target for the example portfolio, or none."""
    from ..labels import Label
    from ..portfolio import Target
    from ..rulebook import Predicate

    if args.target is None:
        return default
    if args.target <= 0:
        raise InvalidValueError(
            _("--target: {value} is not a number of units; give a whole number above 0").format(value=args.target),
            code="invalid-target",
        )
    predicate = Predicate.parse(args.predicate)
    by = args.by or (default.by if default is not None else f"{args.on_date.year}-12-31")
    texts = []
    for language in ("id", "en"):
        with use_language(language):
            texts.append(
                _("{plan}: {count} units with {predicate}").format(
                    plan=args.plan, count=args.target, predicate="WBK/WBBM" if predicate is Predicate.WBK else "WBBM"
                )
            )
    return Target(Label(texts[0], texts[1]), args.target, by, predicate=predicate, source=args.plan)


def cmd_report_portfolio(args: argparse.Namespace, out: TextIO) -> int:
    """``report portfolio``."""
    from .. import examples
    from ..dates import parse_date
    from ..report import portfolio_report

    with use_language(args.language):
        args.on_date = parse_date(args.on)
        if args.db:
            from .. import store
            from ..errors import UnknownItemError
            from ..organization import Instansi
            from ..portfolio import Portfolio

            with store.open(args.db, read_only=True) as db:  # never created or written
                kinds = {u.instansi.name: u.instansi.kind for u in db.units()}
                if args.instansi not in kinds:
                    raise UnknownItemError(
                        _("No instansi {name!r} in {path}; known: {known}").format(
                            name=args.instansi, path=args.db, known=", ".join(sorted(kinds)) or "-"
                        ),
                        code="unknown-instansi",
                    )
                portfolio = Portfolio.from_store(db, Instansi(args.instansi, kinds[args.instansi]))
            target = _target(args, None)
        else:
            portfolio = examples.kota_kediri_portfolio()
            target = _target(args, examples.KEDIRI_RPJMD_TARGET)
        return _write(args, portfolio_report(portfolio, on=args.on_date, target=target), out)


def cmd_report_unit(args: argparse.Namespace, out: TextIO) -> int:
    """``report unit``."""
    from .. import examples
    from ..report import unit_report

    with use_language(args.language):
        if args.file:
            worksheet = load_worksheet(args.file)
            page = unit_report(
                worksheet, target=args.target, holds_wbk=args.holds_wbk, unit_name=args.unit, depth=args.depth
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
                unit_name=args.unit or examples.KEDIRI_UNIT_NAME,
                surveys=[ikm],
                review=examples.kediri_review_2022(),
                depth=args.depth,
            )
        return _write(args, page, out)


def _output_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--out",
        required=True,
        metavar=_("FILE"),
        help=_("the file to write: an HTML page, or a PDF with --pdf or a name ending in .pdf"),
    )
    p.add_argument(
        "--pdf",
        action="store_true",
        help=_("write an A4 PDF instead of HTML (needs the extra pdf: WeasyPrint, and the Pango library)"),
    )


def register(sub: Any) -> None:
    """Add this module's commands to the ``zona-integritas`` parser."""
    report = sub.add_parser(
        "report",
        help=_("a self-contained HTML (or PDF) report of a unit or a portfolio"),
        description=_(
            "Reports to hand on: the verdict and what to fix first, then the scores; or a portfolio's progress "
            "to its plan target. HTML by default, an A4 PDF with --pdf."
        ),
    )
    kinds = report.add_subparsers(dest="what", required=True, metavar="{unit,portfolio}")

    unit = kinds.add_parser(
        "unit",
        help=_("the report of one unit: verdict, what to fix, scores, surveys, journey"),
        description=_(
            "The report of one unit. Without a file: the Kediri example (DPM PTSP Kota Kediri, 2022) with its "
            "survey, review and journey."
        ),
    )
    unit.add_argument(
        "file",
        nargs="?",
        help=_(
            "a worksheet file: .json (ours or a PortalRB export) or .xlsx/.xlsm (the official LKE workbook or "
            "ours); default: the Kediri example"
        ),
    )
    _output_options(unit)
    unit.add_argument(
        "--target",
        type=str.upper,
        choices=["WBK", "WBBM"],
        default="WBK",
        help=_("the predicate the unit is assessed towards (default WBK)"),
    )
    held = unit.add_mutually_exclusive_group()
    held.add_argument(
        "--holds-wbk",
        dest="holds_wbk",
        action="store_true",
        default=None,
        help=_("the unit already holds WBK (a condition of WBBM)"),
    )
    held.add_argument("--no-wbk", dest="holds_wbk", action="store_false", help=_("the unit does not hold WBK yet"))
    unit.add_argument("--unit", metavar=_("NAME"), help=_("the unit's name for the report's heading"))
    unit.add_argument(
        "--depth",
        type=int,
        choices=range(1, 7),
        default=2,
        metavar="{1..6}",
        help=_("levels of the score tree shown under the total and each area (default 2; 6 shows every item)"),
    )
    unit.set_defaults(handler=cmd_report_unit)

    portfolio = kinds.add_parser(
        "portfolio",
        help=_("the report of an instansi's units: progress to the plan target, predicates, next proposals"),
        description=_(
            "The report of an instansi's units on a date. Without --db: the illustrative Kota Kediri portfolio "
            "with its RPJMD 2020-2024 target (10 units with WBK/WBBM by 31 December 2024)."
        ),
    )
    _output_options(portfolio)
    portfolio.add_argument(
        "--db", metavar=_("FILE"), help=_("the store (.db) to read the units from (default: the Kediri example)")
    )
    portfolio.add_argument("--instansi", metavar=_("NAME"), help=_("the instansi's name in the store (with --db)"))
    portfolio.add_argument(
        "--on",
        default="2024-12-31",
        metavar=_("DATE"),
        help=_("the date the report reads the units on (default {date})").format(date=format_date("2024-12-31")),
    )
    portfolio.add_argument(
        "--target",
        type=int,
        metavar="N",
        help=_(
            "the plan target: N units holding a predicate (e.g. the RPJMD's 10); the example uses its RPJMD "
            "target when this is not given"
        ),
    )
    portfolio.add_argument(
        "--by",
        metavar=_("DATE"),
        help=_("the target's date (default: 31 December of the year of --on)"),
    )
    portfolio.add_argument(
        "--predicate",
        type=str.upper,
        choices=["WBK", "WBBM"],
        default="WBK",
        help=_("the least predicate that counts for the target (default WBK: WBK or WBBM)"),
    )
    portfolio.add_argument(
        "--plan", default="RPJMD", metavar=_("NAME"), help=_("the plan's name in the report (default RPJMD)")
    )
    portfolio.set_defaults(handler=cmd_report_portfolio)
