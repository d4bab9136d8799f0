"""Read a worksheet from any supported file, telling the kind from its extension and content."""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["read_any"]


def read_any(path: str) -> tuple[Any, Any]:
    """(worksheet, second worksheet or None) from any supported input file."""
    suffix = Path(path).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from .excel import read_workbook

        found = read_workbook(path)
        if found.layout == "portalrb-jawaban":
            from .portalrb import read_jawaban_workbook

            return read_jawaban_workbook(path, rulebook=found.worksheet.rulebook)
        return found.worksheet, None
    from .safejson import read_json_file

    doc = read_json_file(path)  # bounded size, depth and numbers; duplicate keys refused
    if isinstance(doc, dict) and "schema" in doc:
        from ..worksheet import Worksheet
        from .json import from_payload

        return from_payload(doc, expect=Worksheet), None
    if isinstance(doc, dict) and isinstance(doc.get("answers"), list):
        from ..rulebook_loader import load_rulebook
        from .portalrb import read_answers_payload

        return read_answers_payload(doc, rulebook=load_rulebook("permenpanrb-90-2021"))
    from .worksheet_file import worksheet_from_document

    return worksheet_from_document(doc, source=path), None
