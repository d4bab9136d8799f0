"""``template`` and ``convert``: blank workbooks and conversions between file formats."""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from ..io.atomic import write_text
from ._common import read_any

__all__ = ["register"]


def cmd_template(args: argparse.Namespace, out: TextIO) -> int:
    from ..io.excel import write_workbook
    from ..rulebook_loader import load_rulebook

    path = write_workbook(load_rulebook(args.rulebook), args.out, unit=args.unit)
    out.write(f"wrote a blank LKE workbook ({args.rulebook}) to {path}\n")
    return 0


def cmd_convert(args: argparse.Namespace, out: TextIO) -> int:
    from pathlib import Path

    worksheet, second = read_any(args.input)
    target = Path(args.output)
    kind = args.to or {".xlsx": "lke", ".json": "worksheet"}.get(target.suffix.lower())
    if kind is None:
        raise ValueError(f"cannot tell the output format of {target}; use --to")
    if kind == "lke":
        from ..io.excel import write_workbook

        write_workbook(worksheet, target, unit=args.unit_name)
    elif kind == "jawaban":
        from ..io.portalrb import load_master, write_jawaban_workbook

        if args.master is None:
            raise ValueError("--to jawaban needs --master (PortalRB's master-soal-lkezi-*.json)")
        unit, tpi = (worksheet, second) if second is not None else (worksheet, None)
        write_jawaban_workbook(target, load_master(args.master), unit=unit, tpi=tpi)
    elif kind == "portalrb":
        from ..io.portalrb import answers_payload

        if not (args.unit_id and args.unit_name and args.year):
            raise ValueError("--to portalrb needs --unit-id, --unit-name and --year")
        payload = answers_payload(args.unit_id, args.unit_name, args.year, unit=worksheet, tpi=second)
        write_text(target, json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    elif kind == "json":
        from ..io.json import dumps

        write_text(target, dumps(worksheet, indent=2) + "\n")
    else:
        from ..io.worksheet_file import worksheet_to_document

        write_text(
            target, json.dumps(worksheet_to_document(worksheet), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    out.write(f"converted {args.input} -> {target} ({kind})\n")
    return 0


def register(sub: Any) -> None:
    """Add this module's commands to the ``zona-integritas`` parser."""
    p = sub.add_parser("template", help="write a blank LKE workbook")
    p.add_argument("--out", required=True, help="the .xlsx file to write")
    p.add_argument("--rulebook", default="permenpanrb-90-2021")
    p.add_argument("--unit", default=None, help="unit name to put in the header")
    p.set_defaults(handler=cmd_template)

    p = sub.add_parser("convert", help="convert between worksheet JSON, workbooks and PortalRB payloads")
    p.add_argument("input", help=".json (worksheet file, zona-integritas payload, PortalRB answers) or .xlsx")
    p.add_argument("output", help=".json or .xlsx")
    p.add_argument(
        "--to",
        choices=["worksheet", "json", "portalrb", "lke", "jawaban"],
        default=None,
        help="output format (default from the extension: .xlsx lke, .json worksheet)",
    )
    p.add_argument("--master", help="PortalRB master (needed for --to jawaban)")
    p.add_argument("--unit-id")
    p.add_argument("--unit-name")
    p.add_argument("--year", type=int)
    p.set_defaults(handler=cmd_convert)
