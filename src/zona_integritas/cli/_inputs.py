"""What an input file holds for the commands: every assessor's worksheet and the unit's name.

Workbooks of any layout give one worksheet per assessor column; a PortalRB answers payload gives the
unit's and the TPI's; a worksheet file or a zona-integritas payload gives one. ``--assessor`` and
``--tier`` choose among them (:func:`choose`).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import attrs

from ..errors import InvalidAnswerError
from ..i18n import gettext as _
from ..worksheet import Assessor, Worksheet

__all__ = ["Column", "Input", "add_assessor_options", "choose", "read_input"]


@attrs.frozen
class Column:
    """One assessor's worksheet in an input file (tier 0 for the unit, 1, 2, … for TPI tiers)."""

    assessor: Assessor
    tier: int
    title: str
    worksheet: Worksheet


@attrs.frozen
class Input:
    """Every worksheet of an input file, in order, and the unit's name when the file carries it."""

    columns: tuple[Column, ...]
    unit: str | None = None

    def column(self, assessor: Assessor) -> Column | None:
        """The last column of ``assessor`` with answers (or the last one of it), if any."""
        mine = [c for c in self.columns if c.assessor is assessor]
        answered = [c for c in mine if _answered(c.worksheet)]
        found = answered or mine
        return found[-1] if found else None


def _json(path: Path) -> Any:
    from ..io.safejson import read_json_file

    return read_json_file(path)  # bounded size, depth and numbers; duplicate keys and unfit text refused


def read_input(name: str) -> Input:
    """Read any supported input file into its worksheets and unit name."""
    path = Path(name)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from ..io.workbooks import read_workbook

        found = read_workbook(path)
        return Input(
            tuple(Column(c.assessor, c.tier, c.title, c.worksheet) for c in found.columns),
            found.unit,
        )
    doc = _json(path)
    if isinstance(doc, dict) and "schema" in doc:
        from ..io.payloads import from_payload

        ws = from_payload(doc, expect=Worksheet)
        return Input((_single(ws),))
    if isinstance(doc, dict) and isinstance(doc.get("answers"), list):
        from ..io.portalrb import read_answers_payload
        from ..rulebook_loader import load_rulebook

        unit, tpi = read_answers_payload(doc, rulebook=load_rulebook("permenpanrb-90-2021"))
        columns = [Column(Assessor.UNIT, 0, _("Unit's answers"), unit)]
        if tpi is not None:
            columns.append(Column(Assessor.TPI, 1, _("TPI's answers"), tpi))
        name_ = doc.get("nama_unit")
        return Input(tuple(columns), name_ if isinstance(name_, str) and name_ else None)
    from ..io.worksheet_file import worksheet_from_document

    single = worksheet_from_document(doc, source=name)
    named = doc.get("unit") if isinstance(doc, dict) else None
    return Input((_single(single),), named if isinstance(named, str) and named else None)


def _answered(ws: Worksheet) -> bool:
    return any(a.value is not None for a in ws.answers.values())


def _single(ws: Worksheet) -> Column:
    tier = 0 if ws.assessor is Assessor.UNIT else 1
    return Column(ws.assessor, tier, ws.assessor.value.upper(), ws)


def choose(found: Input, assessor: str | None, tier: int | None) -> Column:
    """The column ``--assessor``/``--tier`` name; without them, the only one or the last with answers.

    ``tpi`` without ``--tier`` is the last TPI tier that has answers.
    """
    columns = list(found.columns)
    if assessor is None and tier is None:
        answered = [c for c in columns if _answered(c.worksheet)]
        return (answered or columns)[-1]
    who = Assessor.parse(assessor) if assessor is not None else Assessor.TPI
    mine = [c for c in columns if c.assessor is who and (tier is None or c.tier == tier)]
    if tier is None and who is Assessor.TPI:
        answered = [c for c in mine if _answered(c.worksheet)]
        mine = answered[-1:] or mine[-1:]
    if not mine:
        have = [
            _("{title} ({assessor}, tier {tier})").format(title=c.title, assessor=c.assessor.value, tier=c.tier)
            for c in columns
        ]
        wanted = who.value if tier is None else _("{assessor} tier {tier}").format(assessor=who.value, tier=tier)
        raise InvalidAnswerError(
            _("the file has no worksheet for {wanted} (it has: {found})").format(
                wanted=wanted, found=", ".join(have) or _("none")
            ),
            code="no-such-assessor",
        )
    return mine[-1]


def add_assessor_options(parser: argparse.ArgumentParser) -> None:
    """``--assessor`` and ``--tier`` for a command that reads one worksheet."""
    parser.add_argument(
        "--assessor",
        choices=["unit", "tpi", "tpn"],
        default=None,
        help=_(
            "whose answers to use in a file with several assessors (default: the last column with answers; "
            "tpi: the last TPI tier with answers)"
        ),
    )
    parser.add_argument("--tier", type=int, default=None, help=_("the TPI tier (1, 2, …) when a file has several"))
