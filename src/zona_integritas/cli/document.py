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

from ..i18n import and_list
from ..i18n import gettext as _

__all__ = ["register"]


def _signatory(args: argparse.Namespace, prefix: str, required: bool) -> Any:
    from ..documents import Signatory

    name = getattr(args, f"{prefix}_name")
    position = getattr(args, f"{prefix}_position")
    flag = f"--{prefix.replace('_', '-')}"
    if not name:
        if required:
            raise ValueError(_("{flag}-name and {flag}-position are needed (who signs the document)").format(flag=flag))
        return None
    if not position:
        raise ValueError(_("{flag}-position is needed with {flag}-name (the signatory's jabatan)").format(flag=flag))
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
        raise ValueError(_("--instansi NAME is needed with --db or --journey"))
    if args.db:
        from .. import store

        with store.open(args.db) as db:
            kinds = {u.instansi.name: u.instansi.kind for u in db.units()}
            if args.instansi not in kinds:
                known = ", ".join(sorted(kinds)) or _("none")
                raise ValueError(
                    _("no instansi {instansi} in {store}; known: {known}").format(
                        instansi=repr(args.instansi), store=args.db, known=known
                    )
                )
            return Portfolio.from_store(db, Instansi(args.instansi, kinds[args.instansi]))
    from ..io.payloads import loads
    from ..journey import Journey

    if not args.journey:
        raise ValueError(_("give a source: --example kediri, --db STORE or --journey FILE"))
    journeys = [loads(Path(f).read_text(encoding="utf-8"), expect=Journey) for f in args.journey]
    names = {}
    for pair in args.unit_name_of or []:
        unit_id, sep, name = pair.partition("=")
        if not sep or not unit_id.strip() or not name.strip():
            raise ValueError(_("--unit-name-of takes ID=NAME; got {value}").format(value=repr(pair)))
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
        raise ValueError(_("give one source, not {sources}").format(sources=and_list(given)))
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
            raise ValueError(_("an LHE from --worksheet also needs {options}").format(options=", ".join(missing)))
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
            raise ValueError(_("--on DATE (the report's date) is needed"))
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
        raise ValueError(_("--cycle YEAR is needed for the {kind}").format(kind=args.kind))
    if args.kind == "lhe":
        if not args.unit:
            raise ValueError(_("--unit ID (the unit the LHE reports on) is needed"))
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
        raise ValueError(_("--on DATE (the letter's date) is needed"))
    units = args.units.split(",") if args.units else None
    if args.kind == "sptjm":
        return d.sptjm(portfolio, args.cycle, on=args.on, signatory=signatory, units=units, **common)
    return d.proposal_letter(
        portfolio, args.cycle, on=args.on, signatory=signatory, units=units, copies=args.copy or (), **common
    )


def cmd_document(args: argparse.Namespace, out: TextIO) -> int:
    document = _build(args)
    written = document.write(args.out, template=args.template, pdf=args.pdf)
    out.write(_("wrote {file}").format(file=args.out) + "\n")
    if args.pdf:
        out.write(_("wrote {file}").format(file=written) + "\n")
    return 0


def register(sub: Any) -> None:
    """Add this module's commands to the ``zona-integritas`` parser."""
    from . import exit_status_epilog

    p = sub.add_parser(
        "document",
        help=_("official documents as .docx (and PDF): proposal letter, SPTJM, LHE, monitoring report"),
        description=_(
            "Write an official document (in Indonesian, as the regulation's forms are) from the example, "
            "a store or JSON files."
        ),
        epilog=exit_status_epilog(check=False),
    )
    p.add_argument(
        "kind",
        choices=["proposal", "sptjm", "lhe", "monitoring"],
        help=_(
            "proposal: the proposal letter to TPN; sptjm: the statement of absolute responsibility; "
            "lhe: TPI's evaluation report; monitoring: TPI's monitoring report"
        ),
    )
    p.add_argument("--out", required=True, metavar="FILE.docx", help=_("the .docx file to write"))
    p.add_argument("--pdf", action="store_true", help=_("also write a PDF beside it (needs LibreOffice, run headless)"))
    p.add_argument(
        "--template", metavar="FILE.docx", help=_("your own .docx template with the documented placeholders")
    )
    source = p.add_argument_group(_("source"))
    source.add_argument("--example", choices=["kediri"], help=_("the illustrative Kota Kediri example"))
    source.add_argument("--db", metavar="STORE", help=_("a store file (.sqlite)"))
    source.add_argument(
        "--journey", action="append", metavar="FILE", help=_("a journey: a zona-integritas .json payload (repeatable)")
    )
    source.add_argument("--worksheet", metavar="FILE", help=_("lhe: TPI's worksheet file (.json or .xlsx/.xlsm)"))
    source.add_argument(
        "--self-assessment", metavar="FILE", help=_("lhe: the unit's own worksheet file (.json or .xlsx/.xlsm)")
    )
    source.add_argument("--instansi", metavar="NAME", help=_("the instansi's name (store or journey files)"))
    source.add_argument(
        "--instansi-kind",
        choices=["pemda", "kl"],
        default="pemda",
        help=_("pemda: a regional government (default); kl: a ministry or agency"),
    )
    source.add_argument(
        "--unit-name-of", action="append", metavar="ID=NAME", help=_("a unit's name (journey files; repeatable)")
    )
    what = p.add_argument_group(_("content"))
    what.add_argument("--cycle", type=int, metavar="YEAR", help=_("the evaluation year"))
    what.add_argument("--on", metavar="DATE", help=_("the document's date (e.g. '20 Mei 2022' or 2022-05-20)"))
    what.add_argument("--unit", metavar="ID", help=_("lhe: the unit's id"))
    what.add_argument("--unit-name", metavar="NAME", help=_("lhe from --worksheet: the unit's name"))
    what.add_argument(
        "--units",
        metavar="ID,ID",
        help=_("proposal/sptjm: the unit ids to list, comma-separated (default: all assessed)"),
    )
    what.add_argument(
        "--target",
        type=str.upper,
        choices=["WBK", "WBBM"],
        default="WBK",
        help=_("lhe from --worksheet: the predicate evaluated (default WBK)"),
    )
    held = what.add_mutually_exclusive_group()
    held.add_argument(
        "--holds-wbk",
        dest="holds_wbk",
        action="store_true",
        default=None,
        help=_("lhe from --worksheet: the unit already holds WBK (needed for WBBM)"),
    )
    held.add_argument(
        "--no-wbk", dest="holds_wbk", action="store_false", help=_("lhe from --worksheet: the unit does not hold WBK")
    )
    what.add_argument("--number", help=_("the letter's number (default: dots to fill in)"))
    what.add_argument("--copy", action="append", metavar="NAME", help=_("a 'tembusan' addressee (repeatable)"))
    sign = p.add_argument_group(_("signatures and letterhead"))
    sign.add_argument("--signatory-name", metavar="NAME", help=_("who signs the document"))
    sign.add_argument("--signatory-position", metavar="JABATAN", help=_("the signatory's position (jabatan)"))
    sign.add_argument("--signatory-nip", metavar="NIP", help=_("the signatory's NIP (optional)"))
    sign.add_argument("--acknowledged-name", metavar="NAME", help=_("lhe: the official who acknowledges (Mengetahui)"))
    sign.add_argument("--acknowledged-position", metavar="JABATAN", help=_("lhe: that official's position (jabatan)"))
    sign.add_argument("--acknowledged-nip", metavar="NIP", help=_("lhe: that official's NIP (optional)"))
    sign.add_argument("--letterhead", metavar="TEXT", help=_("the letterhead's first line (default: the instansi)"))
    sign.add_argument("--letterhead-unit", default="", metavar="TEXT", help=_("the letterhead's second line: the unit"))
    sign.add_argument("--address", default="", metavar="TEXT", help=_("the letterhead's address line"))
    sign.add_argument(
        "--contact", default="", metavar="TEXT", help=_("the letterhead's telephone, e-mail or website line")
    )
    sign.add_argument("--city", default="", help=_("where the document is signed"))
    p.set_defaults(handler=cmd_document)
