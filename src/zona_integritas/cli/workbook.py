"""``template`` and ``convert``: blank workbooks and conversions between file formats."""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from ..i18n import gettext as _
from ._inputs import add_assessor_options, choose, read_input

__all__ = ["register"]


def cmd_template(args: argparse.Namespace, out: TextIO) -> int:
    from ..io.excel import write_workbook
    from ..rulebook_loader import load_rulebook

    path = write_workbook(load_rulebook(args.rulebook), args.out, unit=args.unit, language=args.language)
    out.write(_("wrote a blank LKE workbook ({rulebook}) to {path}").format(rulebook=args.rulebook, path=path) + "\n")
    return 0


def cmd_convert(args: argparse.Namespace, out: TextIO) -> int:
    from pathlib import Path

    from ..worksheet import Assessor, Worksheet

    found = read_input(args.input)
    picked = choose(found, args.assessor, args.tier)
    worksheet = picked.worksheet
    unit_name = args.unit_name or found.unit
    target = Path(args.output)
    if args.into is not None:
        from ..io.workbooks import fill_workbook

        fill_workbook(args.into, worksheet, assessor=args.assessor, tier=args.tier, out=target, language=args.language)
        out.write(
            _("wrote the {column} answers of {input} into a copy of {workbook}: {target}").format(
                column=picked.title, input=args.input, workbook=args.into, target=target
            )
            + "\n"
        )
        return 0
    kind = args.to or {".xlsx": "lke", ".json": "worksheet"}.get(target.suffix.lower())
    if kind is None:
        raise ValueError(_("cannot tell the output format of {target}; use --to").format(target=target))
    unit_column = found.column(Assessor.UNIT)
    tpi_column = picked if picked.assessor is Assessor.TPI else found.column(Assessor.TPI)
    if kind in ("lke", "lke-salinan"):
        from ..io.excel import write_workbook

        layout = "lke-zi-salinan" if kind == "lke-salinan" else "lke-zi"
        write_workbook(worksheet, target, unit=unit_name, layout=layout, language=args.language)
    elif kind == "jawaban-berjenjang":
        from ..io.review_export import write_review_export

        reviews = [c for c in found.columns if c.assessor is Assessor.TPI]
        if picked.assessor is Assessor.TPI and args.tier is not None:
            reviews = [picked]
        titles = [c.title.removeprefix("Jawaban").strip() or "TPI" for c in reviews]
        unit = unit_column.worksheet if unit_column else None
        write_review_export(target, unit, [c.worksheet for c in reviews], titles=titles, unit_name=unit_name)
    elif kind == "jawaban":
        from ..io.portalrb import load_master, write_jawaban_workbook

        master = load_master(args.master) if args.master else None
        unit = unit_column.worksheet if unit_column else Worksheet(worksheet.rulebook, Assessor.UNIT, ())
        tpi = tpi_column.worksheet if tpi_column else None
        write_jawaban_workbook(target, master, unit=unit, tpi=tpi, unit_name=unit_name)
    elif kind == "portalrb":
        from ..io.portalrb import answers_payload

        if not (args.unit_id and unit_name and args.year):
            raise ValueError(
                _("--to portalrb needs --unit-id, --unit-name (unless the input names the unit) and --year")
            )
        unit = unit_column.worksheet if unit_column else Worksheet(worksheet.rulebook, Assessor.UNIT, ())
        tpi = tpi_column.worksheet if tpi_column else None
        payload = answers_payload(args.unit_id, unit_name, args.year, unit=unit, tpi=tpi)
        _write_text(target, json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    elif kind == "json":
        from ..io.payloads import dumps

        _write_text(target, dumps(worksheet, indent=2) + "\n")
    else:
        from ..io.worksheet_file import worksheet_to_document

        extra = {"unit": unit_name} if unit_name else {}
        document = worksheet_to_document(worksheet, **extra)
        _write_text(target, json.dumps(document, ensure_ascii=False, indent=1) + "\n")
    out.write(_("converted {input} -> {target} ({kind})").format(input=args.input, target=target, kind=kind) + "\n")
    return 0


def _write_text(target: Any, text: str) -> None:
    """Write through a temporary file beside the target, so a failure never leaves half a file."""
    from ..io.atomic import write_text

    write_text(target, text)


def register(sub: Any) -> None:
    """Add this module's commands to the ``zona-integritas`` parser."""
    p = sub.add_parser(
        "template",
        help=_("write a blank LKE workbook (.xlsx), its headers in the language of --language"),
        description=_("write a blank LKE workbook (.xlsx), its headers in the language of --language"),
    )
    p.add_argument("--out", required=True, help=_("the .xlsx file to write"))
    p.add_argument(
        "--rulebook",
        default="permenpanrb-90-2021",
        help=_("the rulebook (regulation) of the workbook (default: {default})").format(default="permenpanrb-90-2021"),
    )
    p.add_argument("--unit", default=None, help=_("unit name to put in the header"))
    p.set_defaults(handler=cmd_template)

    help_convert = _("convert between worksheet JSON, workbooks and PortalRB payloads")
    p = sub.add_parser("convert", help=help_convert, description=help_convert)
    p.add_argument(
        "input", help=_(".json (worksheet file, zona-integritas payload, PortalRB answers) or .xlsx (any layout)")
    )
    p.add_argument("output", help=_(".json or .xlsx"))
    p.add_argument(
        "--to",
        choices=["worksheet", "json", "portalrb", "lke", "lke-salinan", "jawaban", "jawaban-berjenjang"],
        default=None,
        help=_("output format (default from the extension: .xlsx lke, .json worksheet)"),
    )
    p.add_argument("--master", help=_("PortalRB master (optional for --to jawaban: adds the official question texts)"))
    p.add_argument(
        "--into",
        metavar="WORKBOOK.xlsx",
        help=_(
            "write the answers into a copy of this workbook (any supported layout), touching only that "
            "assessor's column"
        ),
    )
    p.add_argument("--unit-id", help=_("the unit's id in PortalRB (for --to portalrb)"))
    p.add_argument("--unit-name", help=_("the unit's name (default: the name the input carries)"))
    p.add_argument("--year", type=int, help=_("the evaluation year (for --to portalrb)"))
    add_assessor_options(p)
    p.set_defaults(handler=cmd_convert)
