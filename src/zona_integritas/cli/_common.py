"""Helpers shared by the command modules: printing JSON and reading any worksheet file."""

from __future__ import annotations

import json
from typing import Any, TextIO

from ..io.sniff import read_any

__all__ = ["load_worksheet", "print_json", "read_any"]


def print_json(data: Any, out: TextIO) -> None:
    """Write ``data`` as indented UTF-8 JSON and a newline."""
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def load_worksheet(path: str) -> Any:
    """The (first) worksheet of any supported input file."""
    worksheet, _ = read_any(path)
    return worksheet
