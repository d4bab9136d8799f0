"""Helpers shared by the command modules: printing JSON, reading any worksheet file, shared help texts.

Help texts are functions, not constants: they are translated when the parser is built, in the language of
``--language``.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from ..i18n import gettext as _
from ..io.sniff import read_any

__all__ = ["format_help", "load_worksheet", "print_json", "read_any", "worksheet_file_help"]


def print_json(data: Any, out: TextIO) -> None:
    """Write ``data`` as indented UTF-8 JSON and a newline."""
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def load_worksheet(path: str) -> Any:
    """The (first) worksheet of any supported input file."""
    worksheet, _second = read_any(path)
    return worksheet


def worksheet_file_help() -> str:
    """The help of a worksheet FILE argument: the file kinds every worksheet command reads.

    >>> from zona_integritas.i18n import use_language
    >>> with use_language("en"):
    ...     worksheet_file_help().startswith("a worksheet file: .json")
    True
    """
    return _(
        "a worksheet file: .json (a worksheet with rulebook, assessor and answers; a zona-integritas payload; "
        "a PortalRB answers payload) or .xlsx/.xlsm (an LKE workbook in any supported layout, one column per "
        "assessor, or PortalRB's own answers workbook)"
    )


def format_help(*, text: str = "text") -> str:
    """The help of ``--format``: a table for people or JSON for programs."""
    if text == "table":
        return _("table: a table for people (default); json: JSON for programs (machine numbers and dates)")
    return _("text: text for people (default); json: JSON for programs (machine numbers and dates)")
