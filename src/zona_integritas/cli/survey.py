"""``survey``: SKM/IKM, IPAK or IPKP from a CSV of respondents."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from ._common import print_json

__all__ = ["register"]


def cmd_survey(args: argparse.Namespace, out: TextIO) -> int:
    from ..io.survey_csv import read_survey_csv
    from ..rulebook_loader import load_rulebook
    from ..survey import LINEAR_TO_0_4, LINEAR_TO_1_4, QuestionnaireScale, perception_index, skm_index, skm_spec

    result: Any
    if args.kind == "skm":
        spec = skm_spec(args.weights)
        data = read_survey_csv(args.file, codes=spec.codes, delimiter=args.delimiter)
        result = skm_index(
            data.records, spec=spec, incomplete=args.incomplete, source=data.source, line_numbers=data.line_numbers
        )
        if args.population is not None:
            check = result.sample_check(args.population, spec=spec)
            if args.format == "json":
                print_json(
                    {
                        **result.to_dict(language=args.language),
                        "sample_size": {"passed": check.passed, "detail": check.detail},
                    },
                    out,
                )
                return 0
            out.write(
                result.to_table(language=args.language) + f"\n\n{'ok' if check.passed else '!!'} {check.detail}\n"
            )
            return 0
    else:
        rulebook = load_rulebook(args.rulebook)
        from ..survey import survey_rules

        _, table = survey_rules(rulebook, args.kind)
        prefixes = list(table.aspect_codes)
        data = read_survey_csv(args.file, question_prefixes=prefixes, delimiter=args.delimiter)
        scale = {"1-4": QuestionnaireScale(), "1-6-to-1-4": LINEAR_TO_1_4, "1-6-to-0-4": LINEAR_TO_0_4}[args.scale]
        services = [s.strip() for s in args.services.split(",")] if args.services else None
        result = perception_index(
            data.records,
            kind=args.kind,
            rulebook=rulebook,
            questions=data.questions,
            scale=scale,
            incomplete=args.incomplete,
            service_kinds=services,
            justification=args.justification,
            source=data.source,
            line_numbers=data.line_numbers,
        )
    if args.format == "json":
        print_json(result.to_dict(language=args.language), out)
    else:
        out.write(result.to_table(language=args.language) + "\n")
    return 0


def register(sub: Any) -> None:
    """Add this module's commands to the ``zona-integritas`` parser."""
    p = sub.add_parser("survey", help="SKM/IKM, IPAK or IPKP from a CSV of respondents")
    p.add_argument("file", help="CSV: header row, one respondent per line, comma or semicolon separated")
    p.add_argument("--kind", choices=["skm", "ipak", "ipkp"], required=True)
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument(
        "--incomplete",
        choices=["error", "exclude"],
        default="error",
        help="a blank answer is an error (default) or excludes the respondent (counted)",
    )
    p.add_argument("--weights", choices=["exact", "0.111", "0.11"], default="exact", help="SKM element weights")
    p.add_argument("--rulebook", default="permenpanrb-90-2021", help="for IPAK/IPKP: aspects and LKE points")
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
