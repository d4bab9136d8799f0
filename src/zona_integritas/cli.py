"""The ``zona-integritas`` command line.

Commands: ``score FILE`` (a worksheet JSON file), ``demo`` (the Kediri DPM PTSP example). Later
commands live beside them. Every command exits 0 on success, 1 when the input has problems (all of
them are printed to stderr), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from .errors import InvalidInputError, ZonaIntegritasError, ZonaIntegritasWarning
from .scoring import ScoreCard, score

__all__ = ["main"]

_Handler = Callable[[argparse.Namespace, TextIO], int]


def _print_json(data: Any, out: TextIO) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _load_worksheet(path: str) -> Any:
    """A worksheet from a worksheet JSON file, a zona-integritas JSON payload, a PortalRB answers
    payload (the unit's answers) or a workbook (LKE ZI or PortalRB Jawaban layout)."""
    worksheet, _ = _read_any(path)
    return worksheet


def _read_any(path: str) -> tuple[Any, Any]:
    """(worksheet, second worksheet or None) from any supported input file."""
    from pathlib import Path

    suffix = Path(path).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from .io.excel import read_workbook

        found = read_workbook(path)
        if found.layout == "portalrb-jawaban":
            from .io.portalrb import read_jawaban_workbook

            return read_jawaban_workbook(path, rulebook=found.worksheet.rulebook)
        return found.worksheet, None
    import json as _json

    from .errors import InvalidAnswerError, InvalidInputError

    try:
        doc = _json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except _json.JSONDecodeError as exc:
        raise InvalidInputError(f"{path} is not valid JSON", [InvalidAnswerError(
            f"{path}: line {exc.lineno}, column {exc.colno}: {exc.msg}")]) from None
    if isinstance(doc, dict) and "schema" in doc:
        from .io.json import from_payload
        from .worksheet import Worksheet

        return from_payload(doc, expect=Worksheet), None
    if isinstance(doc, dict) and isinstance(doc.get("answers"), list):
        from .io.portalrb import read_answers_payload
        from .rulebook_loader import load_rulebook

        return read_answers_payload(doc, rulebook=load_rulebook("permenpanrb-90-2021"))
    from .io.worksheet_file import worksheet_from_document

    return worksheet_from_document(doc, source=path), None


def _score_card(args: argparse.Namespace) -> ScoreCard:
    worksheet = _load_worksheet(args.file)
    return score(worksheet, unanswered=args.unanswered)


def cmd_score(args: argparse.Namespace, out: TextIO) -> int:
    card = _score_card(args)
    if args.format == "json":
        _print_json(card.to_dict(language=args.language), out)
    else:
        out.write(card.to_table(language=args.language, depth=args.depth) + "\n")
    return 0


def _holds_wbk(args: argparse.Namespace) -> bool | None:
    value: bool | None = args.holds_wbk
    return value


def cmd_verdict(args: argparse.Namespace, out: TextIO) -> int:
    from .verdict import assess

    card = _score_card(args)
    verdict = assess(card, target=args.target, holds_wbk=_holds_wbk(args), area_reading=args.areas,
                     comparison=args.comparison)
    if args.format == "json":
        _print_json(verdict.to_dict(language=args.language), out)
    else:
        out.write(verdict.to_table(language=args.language) + "\n")
    return 0


def cmd_plan(args: argparse.Namespace, out: TextIO) -> int:
    from .plan import plan_improvements

    worksheet = _load_worksheet(args.file)
    plan = plan_improvements(worksheet, args.target, holds_wbk=_holds_wbk(args), area_reading=args.areas,
                             comparison=args.comparison)
    if args.format == "json":
        _print_json(plan.to_dict(language=args.language), out)
    else:
        out.write(plan.to_table(language=args.language) + "\n")
    return 0


def cmd_survey(args: argparse.Namespace, out: TextIO) -> int:
    from .io.survey_csv import read_survey_csv
    from .rulebook_loader import load_rulebook
    from .survey import LINEAR_TO_0_4, LINEAR_TO_1_4, QuestionnaireScale, perception_index, skm_index, skm_spec

    result: Any
    if args.kind == "skm":
        spec = skm_spec(args.weights)
        data = read_survey_csv(args.file, codes=spec.codes, delimiter=args.delimiter)
        result = skm_index(data.records, spec=spec, incomplete=args.incomplete, source=data.source,
                           line_numbers=data.line_numbers)
        if args.population is not None:
            check = result.sample_check(args.population, spec=spec)
            if args.format == "json":
                _print_json({**result.to_dict(language=args.language),
                             "sample_size": {"passed": check.passed, "detail": check.detail}}, out)
                return 0
            out.write(result.to_table(language=args.language) + f"\n\n{'ok' if check.passed else '!!'} "
                      f"{check.detail}\n")
            return 0
    else:
        rulebook = load_rulebook(args.rulebook)
        from .survey import _survey_rules

        _, table = _survey_rules(rulebook, args.kind)
        prefixes = [a["code"] for a in table["aspects"]]
        data = read_survey_csv(args.file, question_prefixes=prefixes, delimiter=args.delimiter)
        scale = {"1-4": QuestionnaireScale(), "1-6-to-1-4": LINEAR_TO_1_4, "1-6-to-0-4": LINEAR_TO_0_4}[args.scale]
        services = [s.strip() for s in args.services.split(",")] if args.services else None
        result = perception_index(data.records, kind=args.kind, rulebook=rulebook, questions=data.questions,
                                  scale=scale, incomplete=args.incomplete, service_kinds=services,
                                  justification=args.justification, source=data.source,
                                  line_numbers=data.line_numbers)
    if args.format == "json":
        _print_json(result.to_dict(language=args.language), out)
    else:
        out.write(result.to_table(language=args.language) + "\n")
    return 0


def cmd_template(args: argparse.Namespace, out: TextIO) -> int:
    from .io.excel import write_workbook
    from .rulebook_loader import load_rulebook

    path = write_workbook(load_rulebook(args.rulebook), args.out, unit=args.unit)
    out.write(f"wrote a blank LKE workbook ({args.rulebook}) to {path}\n")
    return 0


def cmd_convert(args: argparse.Namespace, out: TextIO) -> int:
    from pathlib import Path

    worksheet, second = _read_any(args.input)
    target = Path(args.output)
    kind = args.to or {".xlsx": "lke", ".json": "worksheet"}.get(target.suffix.lower())
    if kind is None:
        raise ValueError(f"cannot tell the output format of {target}; use --to")
    if kind == "lke":
        from .io.excel import write_workbook

        write_workbook(worksheet, target, unit=args.unit_name)
    elif kind == "jawaban":
        from .io.portalrb import load_master, write_jawaban_workbook

        if args.master is None:
            raise ValueError("--to jawaban needs --master (PortalRB's master-soal-lkezi-*.json)")
        unit, tpi = (worksheet, second) if second is not None else (worksheet, None)
        write_jawaban_workbook(target, load_master(args.master), unit=unit, tpi=tpi)
    elif kind == "portalrb":
        from .io.portalrb import answers_payload

        if not (args.unit_id and args.unit_name and args.year):
            raise ValueError("--to portalrb needs --unit-id, --unit-name and --year")
        payload = answers_payload(args.unit_id, args.unit_name, args.year, unit=worksheet, tpi=second)
        target.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    elif kind == "json":
        from .io.json import dumps

        target.write_text(dumps(worksheet, indent=2) + "\n", encoding="utf-8")
    else:
        from .io.worksheet_file import worksheet_to_document

        target.write_text(json.dumps(worksheet_to_document(worksheet), ensure_ascii=False, indent=1) + "\n",
                          encoding="utf-8")
    out.write(f"converted {args.input} -> {target} ({kind})\n")
    return 0


def cmd_serve(args: argparse.Namespace, out: TextIO) -> int:
    import os

    from .service import TOKEN_VARIABLE, PortalRBApp, make_server

    token = os.environ.get(TOKEN_VARIABLE, "")
    if not token:
        raise ValueError(f"refusing to start without a token: set {TOKEN_VARIABLE}")
    app = PortalRBApp(store_path=args.db, token=token, year=args.year)
    server = make_server(app, args.host, args.port)
    out.write(f"serving PortalRB endpoints for {args.year} from {args.db} on http://{args.host}:{server.server_port}\n")
    out.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:  # pragma: no cover - interactive stop
        pass
    finally:
        server.server_close()
    return 0


def cmd_report(args: argparse.Namespace, out: TextIO) -> int:
    from pathlib import Path

    from . import examples
    from .report import portfolio_report, unit_report

    if args.what == "portfolio":
        if args.db:
            from . import store
            from .organization import Instansi
            from .portfolio import Portfolio

            with store.open(args.db) as db:
                kinds = {u.instansi.name: u.instansi.kind for u in db.units()}
                if args.instansi not in kinds:
                    raise ValueError(f"no instansi {args.instansi!r} in {args.db}; known: {', '.join(sorted(kinds))}")
                portfolio = Portfolio.from_store(db, Instansi(args.instansi, kinds[args.instansi]))
            target = None
        else:
            portfolio, target = examples.kota_kediri_portfolio(), examples.KEDIRI_RPJMD_TARGET
        page = portfolio_report(portfolio, on=args.on, target=target, language=args.language)
    elif args.file:
        worksheet = _load_worksheet(args.file)
        page = unit_report(worksheet, target=args.target, holds_wbk=args.holds_wbk, unit_name=args.unit,
                           language=args.language)
    else:
        from .survey import skm_index

        journey = examples.kediri_journey()
        final = journey.cycle(2022).final_worksheet
        assert final is not None
        ikm = skm_index([[4] * 9] * 83 + [[3] * 9] * 17)  # an illustrative survey whose IKM is 95.75
        page = unit_report(final, target=args.target, holds_wbk=args.holds_wbk, journey=journey,
                           unit_name=examples.KEDIRI_UNIT_NAME, surveys=[ikm], language=args.language)
    Path(args.out).write_text(page, encoding="utf-8")
    out.write(f"wrote {args.out}\n")
    return 0


def cmd_demo(args: argparse.Namespace, out: TextIO) -> int:
    from . import examples
    from .dates import format_date
    from .plan import plan_improvements
    from .verdict import assess

    journey = examples.kediri_journey()
    out.write(f"{examples.KEDIRI_UNIT_NAME}\n")
    out.write("Dates, worksheets, survey indices and the decree number are illustrative; the milestones and the\n"
              f"IKM of 2022 ({examples.KEDIRI_IKM_2022}, grade A) are public.\n\n")
    out.write("The journey:\n")
    for entry in journey.history():
        out.write(f"  {format_date(entry.on):>18}  {entry.what}\n")
    out.write("\nCycles:\n")
    for cycle in journey.state().cycles:
        failed = f", failed at {cycle.failed_at.label}" if cycle.failed_at else ""
        out.write(f"  {cycle.year}: {cycle.target.value}, reached {cycle.stage.label}, {cycle.outcome}{failed}\n")
    final = journey.cycle(2022).final_worksheet
    assert final is not None
    card = score(final)
    out.write("\nThe 2022 score card (TPI worksheet, field evaluation and TPN survey combined):\n")
    out.write(card.to_table(language=args.language, depth=2) + "\n\n")
    out.write(assess(card, target="WBK").to_table(language=args.language) + "\n\n")
    out.write("Next goal, WBBM (the unit holds WBK since 6 December 2022):\n")
    out.write(assess(card, target="WBBM", holds_wbk=True).to_table(language=args.language) + "\n\n")
    plan = plan_improvements(final, "WBBM", holds_wbk=True)
    out.write(plan.to_table(language=args.language) + "\n")
    last = journey.state().last_event_on
    due = journey.monitoring_due(on=last) if last is not None else None
    if due is not None:
        out.write(f"\nNext TPI monitoring report due by {format_date(due)}.\n")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zona-integritas",
        description="Zona Integritas (WBK/WBBM) evaluation under PermenPANRB 90/2021.",
    )
    parser.add_argument("--language", choices=["id", "en"], default="id", help="labels in Indonesian or English")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("score", help="score a worksheet file")
    p.add_argument("file", help="worksheet JSON ({rulebook, assessor, answers}), a payload, or an .xlsx workbook")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--unanswered", choices=["zero", "skip"], default="zero",
                   help="unanswered items score 0 (default) or are left out of the mean (the workbook's AVERAGE)")
    p.add_argument("--depth", type=int, default=3, help="table depth (default 3: down to indicators)")
    p.set_defaults(handler=cmd_score)

    for name, handler, helptext in (("verdict", cmd_verdict, "decide WBK/WBBM criterion by criterion"),
                                    ("plan", cmd_plan, "the answer changes that would make the verdict pass")):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("file", help="worksheet JSON: {rulebook, assessor, answers}")
        p.add_argument("--target", type=str.upper, choices=["WBK", "WBBM"], required=True)
        p.add_argument("--format", choices=["table", "json"], default="table")
        p.add_argument("--areas", choices=["areas", "halves"], default="areas",
                       help="read 'every area' as the six areas (default) or the twelve halves")
        p.add_argument("--comparison", choices=["rounded", "exact"], default="rounded")
        held = p.add_mutually_exclusive_group()
        held.add_argument("--holds-wbk", dest="holds_wbk", action="store_true", default=None,
                          help="the unit already holds WBK (needed for WBBM)")
        held.add_argument("--no-wbk", dest="holds_wbk", action="store_false", help="the unit does not hold WBK")
        if name == "verdict":
            p.add_argument("--unanswered", choices=["zero", "skip"], default="zero")
        p.set_defaults(handler=handler)

    p = sub.add_parser("survey", help="SKM/IKM, IPAK or IPKP from a CSV of respondents")
    p.add_argument("file", help="CSV: header row, one respondent per line, comma or semicolon separated")
    p.add_argument("--kind", choices=["skm", "ipak", "ipkp"], required=True)
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--incomplete", choices=["error", "exclude"], default="error",
                   help="a blank answer is an error (default) or excludes the respondent (counted)")
    p.add_argument("--weights", choices=["exact", "0.111", "0.11"], default="exact", help="SKM element weights")
    p.add_argument("--rulebook", default="permenpanrb-90-2021", help="for IPAK/IPKP: aspects and LKE points")
    p.add_argument("--scale", choices=["1-4", "1-6-to-1-4", "1-6-to-0-4"], default="1-4",
                   help="questionnaire scale of IPAK/IPKP answers and its mapping to the 0-4 index")
    p.add_argument("--services", help="comma-separated service kinds the unit declares (coverage check)")
    p.add_argument("--justification", help="statistical justification for fewer than 30 respondents")
    p.add_argument("--delimiter", choices=[",", ";"], default=None)
    p.add_argument("--population", type=int, help="SKM: service users in the period (Krejcie-Morgan check)")
    p.set_defaults(handler=cmd_survey)

    p = sub.add_parser("template", help="write a blank LKE workbook")
    p.add_argument("--out", required=True, help="the .xlsx file to write")
    p.add_argument("--rulebook", default="permenpanrb-90-2021")
    p.add_argument("--unit", default=None, help="unit name to put in the header")
    p.set_defaults(handler=cmd_template)

    p = sub.add_parser("convert", help="convert between worksheet JSON, workbooks and PortalRB payloads")
    p.add_argument("input", help=".json (worksheet file, zona-integritas payload, PortalRB answers) or .xlsx")
    p.add_argument("output", help=".json or .xlsx")
    p.add_argument("--to", choices=["worksheet", "json", "portalrb", "lke", "jawaban"], default=None,
                   help="output format (default from the extension: .xlsx lke, .json worksheet)")
    p.add_argument("--master", help="PortalRB master (needed for --to jawaban)")
    p.add_argument("--unit-id")
    p.add_argument("--unit-name")
    p.add_argument("--year", type=int)
    p.set_defaults(handler=cmd_convert)

    p = sub.add_parser("serve", help="serve PortalRB's pull endpoints from a store")
    p.add_argument("--db", required=True, help="the store file")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--year", type=int, required=True, help="the evaluation year served")
    p.set_defaults(handler=cmd_serve)

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

    p = sub.add_parser("demo", help="the Kediri DPM PTSP example")
    p.set_defaults(handler=cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the command line; returns the exit code.

    >>> import io
    >>> buffer = io.StringIO()
    >>> main(["demo"], out=buffer)
    0
    >>> "DPM PTSP" in buffer.getvalue()
    True
    """
    out = out or sys.stdout
    err = err or sys.stderr
    args = _parser().parse_args(argv)
    handler: _Handler = args.handler
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ZonaIntegritasWarning)
        try:
            code = handler(args, out)
        except InvalidInputError as exc:
            err.write(f"error: {exc.message}\n")
            for problem in exc.problems:
                err.write(f"  - {problem}\n")
            code = 1
        except (ZonaIntegritasError, OSError, ValueError) as exc:
            err.write(f"error: {exc}\n")
            code = 1
    for w in caught:
        if issubclass(w.category, ZonaIntegritasWarning):
            err.write(f"warning: {w.message}\n")
    return code


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
