"""``survey``: SKM/IKM, IPAK or IPKP from a .csv or .xlsx of respondents, with breakdowns and quality signals.

Exit status: 0 when every check asked for passed (or nothing was checked), 1 when one did not (``--require``,
``--population``, the IPAK/IPKP checks of 90/2021), 2 for bad input (every problem printed, one a line).
"""

from __future__ import annotations

import argparse
import json
import re
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from ..errors import InvalidValueError
from ..i18n import format_number
from ..i18n import gettext as _
from ._common import print_json

__all__ = ["parse_columns", "register"]

#: The file kinds the command reads (by suffix; anything else is read as CSV text, these are refused).
_REFUSED = (".xls", ".xlsm", ".ods", ".json", ".pdf", ".docx")
_PAIR = re.compile(r",(?=\s*[A-Za-z_][\w.-]*\s*=)")
_EXIT_OK, _EXIT_NOT_PASSED = 0, 1


def parse_columns(values: list[str] | None) -> dict[str, str] | None:
    """The ``--columns`` mapping of answer code → the user's column header.

    Each value is ``CODE=HEADER`` pairs separated by commas (a comma inside a header is kept unless what follows
    it reads ``NAME=``), or the path of a ``.json`` or ``.toml`` file holding one table of code → header. The
    option may be given more than once.

    >>> parse_columns(['U1=Persyaratan pelayanan,U2=Sistem, mekanisme, dan prosedur'])
    {'U1': 'Persyaratan pelayanan', 'U2': 'Sistem, mekanisme, dan prosedur'}
    >>> parse_columns(["U1"])
    Traceback (most recent call last):
    ...
    zona_integritas.errors.InvalidValueError: --columns: 'U1' is not CODE=HEADER (U1="Persyaratan pelayanan") ...
    """
    if not values:
        return None
    mapping: dict[str, str] = {}
    for value in values:
        path = Path(value)
        if path.suffix.lower() in (".json", ".toml") and path.is_file():
            mapping.update(_columns_file(path))
            continue
        for pair in _PAIR.split(value):
            code, sep, header = pair.partition("=")
            code, header = code.strip(), header.strip().strip("\"'").strip()
            if not sep or not code or not header:
                raise InvalidValueError(
                    _(
                        '--columns: {value} is not CODE=HEADER (U1="Persyaratan pelayanan") nor a .json or .toml '
                        "file of them"
                    ).format(value=repr(pair.strip())[:60]),
                    code="invalid-columns",
                )
            if code in mapping and mapping[code] != header:
                raise InvalidValueError(
                    _("--columns: {code} is given twice ({first} and {second})").format(
                        code=code, first=repr(mapping[code]), second=repr(header)
                    ),
                    code="invalid-columns",
                )
            mapping[code] = header
    return mapping


def _columns_file(path: Path) -> dict[str, str]:
    try:
        text = path.read_text(encoding="utf-8")
        data: Any = json.loads(text) if path.suffix.lower() == ".json" else tomllib.loads(text)
    except (UnicodeDecodeError, ValueError) as exc:
        raise InvalidValueError(
            _("--columns: {file} cannot be read ({problem})").format(file=path, problem=type(exc).__name__),
            code="invalid-columns",
        ) from None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise InvalidValueError(
            _("--columns: {file} must hold one table of code = header, both text").format(file=path),
            code="invalid-columns",
        )
    return {k.strip(): v.strip() for k, v in data.items()}


def _split(mapping: dict[str, str] | None) -> tuple[dict[str, str] | None, dict[str, str] | None]:
    """``--columns`` as (answer code → header, profile field → header): ``service="Jenis layanan"`` names the
    column of a profile field (service, unit, date, sex, contact, submitted...)."""
    from ..survey_answers import PROFILE_FIELDS

    if not mapping:
        return None, None
    answers = {k: v for k, v in mapping.items() if k not in PROFILE_FIELDS}
    profiles = {k: v for k, v in mapping.items() if k in PROFILE_FIELDS}
    return answers or None, profiles or None


def _check_file(name: str) -> None:
    if name.lower().endswith(_REFUSED):
        raise InvalidValueError(
            _("{file}: survey reads .csv or .xlsx files; save the sheet as one of them").format(file=name),
            code="unknown-file-kind",
        )


def _read(args: argparse.Namespace, **layout: Any) -> Any:
    """The survey file: an .xlsx sheet by its suffix, else a CSV."""
    if args.sheet is not None and not str(args.file).lower().endswith(".xlsx"):
        raise InvalidValueError(
            _("--sheet is for .xlsx files; {file} is read as CSV").format(file=args.file), code="sheet-without-xlsx"
        )
    if str(args.file).lower().endswith(".xlsx"):
        from ..io.survey_xlsx import read_survey_xlsx

        return read_survey_xlsx(args.file, sheet=args.sheet, **layout)
    from ..io.survey_csv import read_survey_csv

    return read_survey_csv(args.file, delimiter=args.delimiter, **layout)


def _requirement(value: str, kind: str) -> tuple[str | None, Decimal | None]:
    """``--require``: a grade (SKM) or a lowest index."""
    text = value.strip()
    if kind == "skm" and text.upper() in ("A", "B", "C", "D"):
        return text.upper(), None
    try:
        number = Decimal(text.replace(",", "."))
    except ArithmeticError:
        number = None
    if number is None or not number.is_finite():
        hint = _("a grade A-D or the lowest IKM (76.61)") if kind == "skm" else _("the lowest index (3.60)")
        raise InvalidValueError(
            _("--require: {value} is not {what}").format(value=repr(value)[:40], what=hint), code="invalid-require"
        )
    return None, number


def _skm(args: argparse.Namespace, out: TextIO) -> int:
    from ..io.survey_csv import skm_index_csv
    from ..survey import skm_breakdown, skm_index, skm_spec, survey_signals
    from ..survey_breakdown import group_title
    from ..survey_perception import check_mark, check_title

    spec = skm_spec(args.weights)
    columns, profiles = _split(parse_columns(args.columns))
    grade, lowest = _requirement(args.require, "skm") if args.require is not None else (None, None)
    extra: dict[str, Any] = {}
    text: list[str] = []
    passed = True
    streamed = args.by is None and not args.signals and args.sheet is None and profiles is None
    if streamed and not str(args.file).lower().endswith(".xlsx"):
        result = skm_index_csv(
            args.file,
            spec=spec,
            incomplete=args.incomplete,
            invalid=args.invalid,
            columns=columns,
            delimiter=args.delimiter,
        )
    else:
        data = _read(args, codes=spec.codes, columns=columns, profile_columns=profiles)
        result = skm_index(data, spec=spec, incomplete=args.incomplete, invalid=args.invalid)
        if args.by is not None:
            breakdown = skm_breakdown(data, args.by, spec=spec, incomplete=args.incomplete, invalid=args.invalid)
            extra["breakdown"] = {"by": args.by, "groups": breakdown.to_rows()}
            text.append(breakdown.to_table())
        if args.signals:
            from ..survey_answers import PROFILE_FIELDS

            per_group = args.by if args.by in PROFILE_FIELDS else None
            found = survey_signals(data, codes=spec.codes, line_numbers=data.line_numbers, by=per_group)
            groups = found if per_group else {"": found}
            extra["signals"] = {g: [s.to_dict() for s in signals] for g, signals in groups.items()}
            if not per_group:
                extra["signals"] = extra["signals"][""]
            lines = [
                f"{'!!' if s.flagged else 'ok'} {group_title(g) + ': ' if g else ''}{s.title}: {s.detail_in()}"
                for g, signals in groups.items()
                for s in signals
            ]
            text.append("\n".join([*lines, _("(evidence: --format json lists the lines)")]))
    if args.population is not None:
        check = result.sample_check(args.population, spec=spec)
        extra["sample_size"] = {"passed": check.passed, "detail": check.detail_in()}
        text.append(f"{check_mark(check.passed)} {check_title(check.key)}: {check.detail_in()}")
        passed = passed and bool(check.passed)
    if args.require is not None:
        if grade is not None:
            met = "ABCD".index(result.grade) <= "ABCD".index(grade)
            wanted = _("grade {grade} or better").format(grade=grade)
        else:
            met = result.ikm_unit >= (lowest or Decimal(0))
            wanted = _("IKM of at least {value}").format(value=format_number(lowest or 0))
        extra["require"] = {"value": args.require, "passed": met}
        text.append(_requirement_line(met, wanted))
        passed = passed and met
    weakest = [f"{e.code} {e.label.in_language()}" for e in result.weakest(3)]
    if args.format == "json":
        print_json({**result.to_dict(), "weakest": weakest, "passed": passed, **extra}, out)
    else:
        shown = "; ".join(f"{e.code} {e.label.in_language()} ({format_number(e.nrr, 3)})" for e in result.weakest(3))
        out.write("\n\n".join([result.to_table(), _("Weakest elements: {elements}").format(elements=shown), *text]))
        out.write("\n")
    return _EXIT_OK if passed else _EXIT_NOT_PASSED


def _requirement_line(met: bool, wanted: str) -> str:
    if met:
        return _("ok Required {requirement}: met").format(requirement=wanted)
    return _("!! Required {requirement}: not met").format(requirement=wanted)


def cmd_survey(args: argparse.Namespace, out: TextIO) -> int:
    """Run ``survey``: SKM (with breakdowns and signals) or IPAK/IPKP; the exit status tells the checks."""
    from ..rulebook_loader import load_rulebook
    from ..survey import LINEAR_TO_0_4, LINEAR_TO_1_4, QuestionnaireScale, perception_index

    _check_file(str(args.file))
    if args.kind == "skm":
        return _skm(args, out)
    _grade, lowest = _requirement(args.require, args.kind) if args.require is not None else (None, None)
    rulebook = load_rulebook(args.rulebook)
    from ..survey_perception import survey_rules

    _rules, table = survey_rules(rulebook, args.kind)
    aspects = [a.strip() for a in args.aspects.split(",") if a.strip()] if args.aspects is not None else None
    columns, profiles = _split(parse_columns(args.columns))
    if columns:
        data = _read(args, codes=list(columns), columns=columns, profile_columns=profiles)
    else:
        prefixes = aspects if aspects is not None else list(table.aspect_codes)
        data = _read(args, question_prefixes=prefixes, profile_columns=profiles)
    scale = {"1-4": QuestionnaireScale(), "1-6-to-1-4": LINEAR_TO_1_4, "1-6-to-0-4": LINEAR_TO_0_4}[args.scale]
    services = [s.strip() for s in args.services.split(",")] if args.services else None
    result = perception_index(
        data,
        kind=args.kind,
        rulebook=rulebook,
        questions=data.questions,
        aspects=aspects,
        scale=scale,
        incomplete=args.incomplete,
        invalid=args.invalid,
        service_kinds=services,
        justification=args.justification,
    )
    passed = result.ok
    lines: list[str] = []
    extra: dict[str, Any] = {}
    if lowest is not None:
        met = result.lke_answer >= lowest
        wanted = _("{kind} of at least {value}").format(kind=args.kind.upper(), value=format_number(lowest))
        extra["require"] = {"value": args.require, "passed": met}
        lines.append(_requirement_line(met, wanted))
        passed = passed and met
    if args.format == "json":
        print_json({**result.to_dict(), "passed": passed, **extra}, out)
    else:
        out.write("\n".join([result.to_table(), *lines]) + "\n")
    return _EXIT_OK if passed else _EXIT_NOT_PASSED


def register(sub: Any) -> None:
    """Add this module's commands to the ``zona-integritas`` parser."""
    from ..survey_breakdown import BREAKDOWN_FIELDS

    p = sub.add_parser(
        "survey",
        help=_("SKM/IKM, IPAK or IPKP from a .csv or .xlsx file of respondents"),
        description=_(
            "The IKM of an SKM (PermenPANRB 14/2017) or the IPAK/IPKP of 90/2021 from a .csv or .xlsx file, "
            "one respondent a row: answer columns named U1-U9 or with the usual SKM headers, Google Forms and "
            "Microsoft Forms exports included."
        ),
        epilog=_("Exit status: 0 every check passed, 1 a check did not pass, 2 bad input."),
    )
    p.add_argument(
        "file",
        help=_(
            "a .csv file (a header row, then one respondent a line, comma or semicolon separated, UTF-8) or an "
            ".xlsx file (the first sheet unless --sheet)"
        ),
    )
    p.add_argument(
        "--kind", choices=["skm", "ipak", "ipkp"], required=True, help=_("the survey: skm (IKM), ipak or ipkp")
    )
    p.add_argument("--format", choices=["table", "json"], default="table", help=_("a table to read (default) or JSON"))
    p.add_argument(
        "--columns",
        action="append",
        metavar=_("CODE=HEADER,..."),
        help=_(
            'which column holds each answer: CODE=HEADER pairs separated by commas (U1="Persyaratan pelayanan",'
            "U2=Prosedur), or a .json or .toml file of them; without it, columns named like the code or "
            'recognised by their SKM words are used; a profile field names its column too (service="Jenis layanan")'
        ),
    )
    p.add_argument(
        "--incomplete",
        choices=["error", "exclude"],
        default="error",
        help=_("a blank answer is an error (default) or leaves out the respondent (counted)"),
    )
    p.add_argument(
        "--invalid",
        choices=["error", "exclude"],
        default="error",
        help=_(
            "an answer outside the scale is an error listing every such cell (default) or leaves out the "
            "respondent who gave it (counted)"
        ),
    )
    p.add_argument(
        "--require",
        metavar=_("LIMIT"),
        help=_(
            "exit 1 unless the result reaches LIMIT: for SKM a grade (B: B or A) or the lowest IKM (76.61); for "
            "IPAK/IPKP the lowest index (3.60)"
        ),
    )
    p.add_argument(
        "--weights", choices=["exact", "0.111", "0.11"], default="exact", help=_("SKM element weights (exact: 1/9)")
    )
    p.add_argument(
        "--by", choices=BREAKDOWN_FIELDS, help=_("SKM: the IKM per service, sub-unit, profile field or period")
    )
    p.add_argument(
        "--signals",
        action="store_true",
        help=_("SKM: fraud and quality signals with evidence lines (within each group when --by is a profile field)"),
    )
    p.add_argument(
        "--rulebook", default="permenpanrb-90-2021", help=_("IPAK/IPKP: the rulebook of the aspects and LKE points")
    )
    p.add_argument(
        "--aspects", help=_("IPAK/IPKP: comma-separated aspects the survey declares (default: the rulebook's)")
    )
    p.add_argument(
        "--scale",
        choices=["1-4", "1-6-to-1-4", "1-6-to-0-4"],
        default="1-4",
        help=_("IPAK/IPKP: the questionnaire scale and its mapping to the 0-4 index"),
    )
    p.add_argument("--services", help=_("IPAK/IPKP: comma-separated service kinds the unit declares (coverage check)"))
    p.add_argument("--justification", help=_("IPAK/IPKP: the statistical justification for fewer than 30 respondents"))
    p.add_argument(
        "--delimiter", choices=[",", ";"], default=None, help=_("CSV: the separator (default: found from the header)")
    )
    p.add_argument("--sheet", help=_(".xlsx: the sheet to read (default: the first)"))
    p.add_argument(
        "--population",
        type=int,
        help=_("SKM: service users in the period; exit 1 when the respondents are fewer than Krejcie-Morgan needs"),
    )
    p.set_defaults(handler=cmd_survey)
