"""``document``: the proposal letter, the SPTJM, TPI's LHE and the monitoring report as ``.docx`` (and PDF).

Sources, one of:

- ``--example kediri``: the illustrative Kota Kediri example (nothing else needed);
- ``--db STORE --instansi NAME``: the instansi's units and journeys from a store (the LHE also takes the
  unit's self-assessment saved there);
- JSON files: ``--journey FILE`` (repeatable) with ``--instansi NAME`` for the letters; for the LHE,
  ``--worksheet FILE`` (TPI's worksheet, any supported format) with ``--unit-name``, ``--cycle``,
  ``--target`` and ``--on``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

__all__ = ["register"]


def _signatory(args: argparse.Namespace, prefix: str, required: bool) -> Any:
    from ..documents import Signatory

    name = getattr(args, f"{prefix}_name")
    position = getattr(args, f"{prefix}_position")
    flag = f"--{prefix.replace('_', '-')}"
    if not name:
        if required:
            raise ValueError(f"{flag}-name and {flag}-position are needed (who signs the document)")
        return None
    if not position:
        raise ValueError(f"{flag}-position is needed with {flag}-name (the signatory's jabatan)")
    return Signatory(name, position, nip=getattr(args, f"{prefix}_nip") or "")


def _letterhead(args: argparse.Namespace) -> Any:
    from ..documents import Letterhead

    if not args.letterhead:
        return None
    return Letterhead(
        args.letterhead, unit=args.letterhead_unit, address=args.address, contact=args.contact, city=args.city
    )


def _portfolio(args: argparse.Namespace) -> Any:
    from ..organization import Instansi, Unit
    from ..portfolio import Portfolio

    if not args.instansi:
        raise ValueError("--instansi NAME is needed with --db or --journey")
    if args.db:
        from .. import store

        with store.open(args.db) as db:
            kinds = {u.instansi.name: u.instansi.kind for u in db.units()}
            if args.instansi not in kinds:
                known = ", ".join(sorted(kinds)) or "none"
                raise ValueError(f"no instansi {args.instansi!r} in {args.db}; known: {known}")
            return Portfolio.from_store(db, Instansi(args.instansi, kinds[args.instansi]))
    from ..io.json import loads
    from ..journey import Journey

    if not args.journey:
        raise ValueError("give a source: --example kediri, --db STORE or --journey FILE")
    journeys = [loads(Path(f).read_text(encoding="utf-8"), expect=Journey) for f in args.journey]
    names = {}
    for pair in args.unit_name_of or []:
        unit_id, sep, name = pair.partition("=")
        if not sep or not unit_id.strip() or not name.strip():
            raise ValueError(f"--unit-name-of takes ID=NAME; got {pair!r}")
        names[unit_id.strip()] = name.strip()
    instansi = Instansi(args.instansi, args.instansi_kind)
    units = tuple(Unit(j.unit, names.get(j.unit, j.unit), instansi) for j in journeys)
    return Portfolio(instansi, units, tuple(journeys))


def _self_assessment(args: argparse.Namespace) -> Any:
    if args.self_assessment:
        from ._common import load_worksheet

        return load_worksheet(args.self_assessment)
    if args.db and args.unit and args.cycle:
        from .. import store

        with store.open(args.db) as db:
            return db.latest_worksheet(args.unit, args.cycle, "unit")
    return None


def _build(args: argparse.Namespace) -> Any:
    from .. import documents as d

    given = [flag for flag, value in (("--example", args.example), ("--db", args.db), ("--journey", args.journey),
                                      ("--worksheet", args.worksheet)) if value]  # fmt: skip
    if len(given) > 1:
        raise ValueError(f"give one source, not {' and '.join(given)}")
    if args.example:
        from ..documents.example import kediri_document

        return kediri_document(args.kind)
    letterhead = _letterhead(args)
    common: dict[str, Any] = {"letterhead": letterhead, "number": args.number or ""}
    if args.kind == "lhe" and args.worksheet:
        from ._common import load_worksheet

        missing = [flag for flag, value in (("--unit-name", args.unit_name), ("--cycle", args.cycle),
                                            ("--on", args.on)) if not value]  # fmt: skip
        if missing:
            raise ValueError(f"an LHE from --worksheet also needs {', '.join(missing)}")
        return d.lhe(
            load_worksheet(args.worksheet),
            unit=args.unit_name,
            cycle=args.cycle,
            target=args.target,
            on=args.on,
            holds_wbk=args.holds_wbk,
            instansi=args.instansi or "",
            signatory=_signatory(args, "signatory", True),
            acknowledged_by=_signatory(args, "acknowledged", False),
            self_assessment=_self_assessment(args),
            **common,
        )
    portfolio = _portfolio(args)
    signatory = _signatory(args, "signatory", True)
    if args.kind == "monitoring":
        if not args.on:
            raise ValueError("--on DATE (the report's date) is needed")
        inputs: dict[str, Any] = {}
        if args.db:
            from .. import store
            from ..documents.monitoring import inputs_from_store

            with store.open(args.db) as db:
                inputs["assessments"], inputs["surveys"] = inputs_from_store(db, portfolio, on=args.on)
        return d.monitoring_report(
            portfolio, on=args.on, signatory=signatory, copies=args.copy or (), **inputs, **common
        )
    if not args.cycle:
        raise ValueError(f"--cycle YEAR is needed for the {args.kind}")
    if args.kind == "lhe":
        if not args.unit:
            raise ValueError("--unit ID (the unit the LHE reports on) is needed")
        return d.lhe_for(
            portfolio,
            args.unit,
            args.cycle,
            on=args.on,
            signatory=signatory,
            acknowledged_by=_signatory(args, "acknowledged", False),
            self_assessment=_self_assessment(args),
            **common,
        )
    if not args.on:
        raise ValueError("--on DATE (the letter's date) is needed")
    units = args.units.split(",") if args.units else None
    if args.kind == "sptjm":
        return d.sptjm(portfolio, args.cycle, on=args.on, signatory=signatory, units=units, **common)
    return d.proposal_letter(
        portfolio, args.cycle, on=args.on, signatory=signatory, units=units, copies=args.copy or (), **common
    )


def cmd_document(args: argparse.Namespace, out: TextIO) -> int:
    document = _build(args)
    written = document.write(args.out, template=args.template, pdf=args.pdf)
    out.write(f"wrote {args.out}\n")
    if args.pdf:
        out.write(f"wrote {written}\n")
    return 0


def register(sub: Any) -> None:
    """Add this module's commands to the ``zona-integritas`` parser."""
    p = sub.add_parser(
        "document",
        help="official documents as .docx (and PDF): proposal letter, SPTJM, LHE, monitoring report",
        description="Write an official document from the example, a store or JSON files.",
    )
    p.add_argument("kind", choices=["proposal", "sptjm", "lhe", "monitoring"])
    p.add_argument("--out", required=True, help="the .docx to write")
    p.add_argument("--pdf", action="store_true", help="also write a PDF beside it (LibreOffice headless)")
    p.add_argument("--template", help="your own .docx template with the documented placeholders")
    source = p.add_argument_group("source")
    source.add_argument("--example", choices=["kediri"], help="the illustrative Kota Kediri example")
    source.add_argument("--db", help="a store")
    source.add_argument("--journey", action="append", help="a journey JSON file (repeatable)")
    source.add_argument("--worksheet", help="lhe: TPI's worksheet file (JSON or workbook)")
    source.add_argument("--self-assessment", help="lhe: the unit's own worksheet file")
    source.add_argument("--instansi", help="the instansi name (store or journey files)")
    source.add_argument("--instansi-kind", choices=["pemda", "kl"], default="pemda")
    source.add_argument("--unit-name-of", action="append", metavar="ID=NAME", help="a unit's name (journey files)")
    what = p.add_argument_group("content")
    what.add_argument("--cycle", type=int, help="the evaluation year")
    what.add_argument("--on", help="the document's date (e.g. '20 Mei 2022')")
    what.add_argument("--unit", help="lhe: the unit id")
    what.add_argument("--unit-name", help="lhe from --worksheet: the unit's name")
    what.add_argument("--units", help="proposal/sptjm: the unit ids to list, comma-separated (default: all assessed)")
    what.add_argument("--target", type=str.upper, choices=["WBK", "WBBM"], default="WBK")
    held = what.add_mutually_exclusive_group()
    held.add_argument("--holds-wbk", dest="holds_wbk", action="store_true", default=None)
    held.add_argument("--no-wbk", dest="holds_wbk", action="store_false")
    what.add_argument("--number", help="the letter number (default: dots to fill in)")
    what.add_argument("--copy", action="append", help="a 'tembusan' addressee (repeatable)")
    sign = p.add_argument_group("signatures and letterhead")
    sign.add_argument("--signatory-name")
    sign.add_argument("--signatory-position")
    sign.add_argument("--signatory-nip")
    sign.add_argument("--acknowledged-name", help="lhe: the official who acknowledges (Mengetahui)")
    sign.add_argument("--acknowledged-position")
    sign.add_argument("--acknowledged-nip")
    sign.add_argument("--letterhead", help="letterhead first line (default: the instansi)")
    sign.add_argument("--letterhead-unit", default="")
    sign.add_argument("--address", default="")
    sign.add_argument("--contact", default="")
    sign.add_argument("--city", default="", help="where the document is signed")
    p.set_defaults(handler=cmd_document)
