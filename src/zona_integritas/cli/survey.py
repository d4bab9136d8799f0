"""``survey``: SKM/IKM, IPAK or IPKP from a CSV of respondents, with breakdowns and quality signals."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from ._common import print_json

__all__ = ["register"]


def _read(args: argparse.Namespace, **layout: Any) -> Any:
    """The survey file: an .xlsx sheet by its suffix, else a CSV."""
    if str(args.file).lower().endswith(".xlsx"):
        from ..io.survey_xlsx import read_survey_xlsx

        return read_survey_xlsx(args.file, **layout)
    from ..io.survey_csv import read_survey_csv

    return read_survey_csv(args.file, delimiter=args.delimiter, **layout)


def _skm(args: argparse.Namespace, out: TextIO) -> int:
    from ..io.survey_csv import skm_index_csv
    from ..survey import skm_breakdown, skm_index, skm_spec, survey_signals

    spec = skm_spec(args.weights)
    extra: dict[str, Any] = {}
    text: list[str] = []
    if args.by is None and not args.signals and not str(args.file).lower().endswith(".xlsx"):
        result = skm_index_csv(args.file, spec=spec, incomplete=args.incomplete, delimiter=args.delimiter)
    else:
        data = _read(args, codes=spec.codes)
        result = skm_index(data, spec=spec, incomplete=args.incomplete)
        if args.by is not None:
            breakdown = skm_breakdown(data, args.by, spec=spec, incomplete=args.incomplete)
            extra["breakdown"] = {"by": args.by, "groups": breakdown.to_rows(language=args.language)}
            text.append(breakdown.to_table(language=args.language))
        if args.signals:
            from ..survey_answers import PROFILE_FIELDS

            per_group = args.by if args.by in PROFILE_FIELDS else None
            found = survey_signals(data, codes=spec.codes, line_numbers=data.line_numbers, by=per_group)
            groups = found if per_group else {"": found}
            extra["signals"] = {g: [s.to_dict() for s in signals] for g, signals in groups.items()}
            if not per_group:
                extra["signals"] = extra["signals"][""]
            lines = [
                f"{'!!' if s.flagged else 'ok'} {g + ': ' if g else ''}{s.key}: {s.detail}"
                for g, signals in groups.items()
                for s in signals
            ]
            text.append("\n".join(lines) + "\n(evidence: --format json lists the lines)")
    if args.population is not None:
        check = result.sample_check(args.population, spec=spec)
        extra["sample_size"] = {"passed": check.passed, "detail": check.detail}
        text.append(f"{'ok' if check.passed else '!!'} {check.detail}")
    weakest = [f"{e.code} {e.label.in_language(args.language)}" for e in result.weakest(3)]
    if args.format == "json":
        print_json({**result.to_dict(language=args.language), "weakest": weakest, **extra}, out)
    else:
        out.write("\n\n".join([result.to_table(language=args.language), "Weakest: " + "; ".join(weakest), *text]))
        out.write("\n")
    return 0


def cmd_survey(args: argparse.Namespace, out: TextIO) -> int:
    from ..rulebook_loader import load_rulebook
    from ..survey import LINEAR_TO_0_4, LINEAR_TO_1_4, QuestionnaireScale, perception_index

    if args.kind == "skm":
        return _skm(args, out)
    rulebook = load_rulebook(args.rulebook)
    from ..survey_perception import survey_rules

    _, table = survey_rules(rulebook, args.kind)
    aspects = [a.strip() for a in args.aspects.split(",") if a.strip()] if args.aspects is not None else None
    prefixes = aspects if aspects is not None else [a["code"] for a in table["aspects"]]
    data = _read(args, question_prefixes=prefixes)
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
        service_kinds=services,
        justification=args.justification,
    )
    if args.format == "json":
        print_json(result.to_dict(language=args.language), out)
    else:
        out.write(result.to_table(language=args.language) + "\n")
    return 0


def register(sub: Any) -> None:
    """Add this module's commands to the ``zona-integritas`` parser."""
    from ..survey_breakdown import BREAKDOWN_FIELDS

    p = sub.add_parser("survey", help="SKM/IKM, IPAK or IPKP from a CSV or .xlsx of respondents")
    p.add_argument(
        "file", help="CSV (header row, one respondent per line, comma or semicolon separated) or .xlsx (first sheet)"
    )
    p.add_argument("--kind", choices=["skm", "ipak", "ipkp"], required=True)
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument(
        "--incomplete",
        choices=["error", "exclude"],
        default="error",
        help="a blank answer is an error (default) or excludes the respondent (counted)",
    )
    p.add_argument("--weights", choices=["exact", "0.111", "0.11"], default="exact", help="SKM element weights")
    p.add_argument("--by", choices=BREAKDOWN_FIELDS, help="SKM: IKM per service, sub-unit, profile field or period")
    p.add_argument(
        "--signals",
        action="store_true",
        help="SKM: fraud and quality signals with evidence lines (within each group when --by is a profile field)",
    )
    p.add_argument("--rulebook", default="permenpanrb-90-2021", help="for IPAK/IPKP: aspects and LKE points")
    p.add_argument("--aspects", help="IPAK/IPKP: comma-separated aspects the survey declares (default: the rulebook's)")
    p.add_argument(
        "--scale",
        choices=["1-4", "1-6-to-1-4", "1-6-to-0-4"],
        default="1-4",
        help="questionnaire scale of IPAK/IPKP answers and its mapping to the 0-4 index",
    )
    p.add_argument("--services", help="comma-separated service kinds the unit declares (coverage check)")
    p.add_argument("--justification", help="statistical justification for fewer than 30 respondents")
    p.add_argument("--delimiter", choices=[",", ";"], default=None)
    p.add_argument("--population", type=int, help="SKM: service users in the period (Krejcie-Morgan check)")
    p.set_defaults(handler=cmd_survey)
