"""Safe opening of untrusted .xlsx files: size and zip-bomb bounds, defused XML, no macros, no formulas run.

openpyxl parses XML with defusedxml when it is installed (the ``excel`` extra installs it); this module
refuses to work without it. Formulas are read as text and never evaluated; a workbook with macros is
refused.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from ..errors import InvalidAnswerError, InvalidInputError

__all__ = ["MAX_FILE_BYTES", "MAX_ROWS", "MAX_UNPACKED_BYTES", "open_workbook", "require_openpyxl"]

#: A workbook file larger than this is refused.
MAX_FILE_BYTES = 25 * 1024 * 1024
#: The unpacked parts of a workbook may not exceed this (zip bombs).
MAX_UNPACKED_BYTES = 250 * 1024 * 1024
#: A sheet with more rows than this is refused.
MAX_ROWS = 20_000


def require_openpyxl() -> Any:
    """Import openpyxl with defused XML parsing, or name the extra to install."""
    try:
        import openpyxl
        from openpyxl import xml as openpyxl_xml
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise ImportError("reading and writing workbooks needs openpyxl: pip install 'zona-integritas[excel]'") from exc
    if not getattr(openpyxl_xml, "DEFUSEDXML", False):  # pragma: no cover - the extra installs defusedxml
        raise ImportError("workbooks are untrusted input; install defusedxml: pip install 'zona-integritas[excel]'")
    return openpyxl


#: The start of an XML part that is searched for a DOCTYPE (its prolog: declaration, comments, instructions).
_PROLOG_BYTES = 64 * 1024
_PROLOG_ITEM = re.compile(r"\s+|<\?.*?\?>|<!--.*?-->", re.S)


def _doctype_part(archive: zipfile.ZipFile) -> str | None:
    """The first part whose prolog declares a DOCTYPE (entity declarations live there), else ``None``.

    openpyxl parses with defusedxml, except when lxml is installed (python-docx brings it): then it uses
    lxml, which still expands internal entities. Refusing any DOCTYPE keeps the reader safe with either
    parser; an .xlsx part never needs one.
    """
    for info in archive.infolist():
        with archive.open(info) as part:
            head = part.read(_PROLOG_BYTES)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = head.decode("utf-16", "ignore")
        else:
            text = head.decode("utf-8", "ignore").lstrip("\ufeff")
        pos = 0
        while (match := _PROLOG_ITEM.match(text, pos)) is not None and match.end() > pos:
            pos = match.end()
        # a DOCTYPE, or a prolog that does not end within the window (a comment padded past it), is refused
        unfinished = text.startswith(("<!--", "<?"), pos) or (pos == len(text) and len(head) == _PROLOG_BYTES)
        if text.startswith("<!DOCTYPE", pos) or unfinished:
            return info.filename
    return None


def _problem(path: Path, message: str) -> InvalidInputError:
    return InvalidInputError(f"{path} cannot be read", [InvalidAnswerError(f"{path}: {message}")])


def open_workbook(path: str | Path, *, data_only: bool = False) -> Any:
    """Open a workbook after checking its size, its zip structure and that it carries no macros."""
    openpyxl = require_openpyxl()
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise _problem(path, f"{size:,} bytes, more than the limit of {MAX_FILE_BYTES:,}")
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile:
        raise _problem(path, "not an .xlsx workbook (not a zip archive)") from None
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_UNPACKED_BYTES:
        raise _problem(path, f"unpacks to {unpacked:,} bytes, more than the limit of {MAX_UNPACKED_BYTES:,}")
    if any(info.filename.lower().endswith("vbaproject.bin") for info in infos):
        raise _problem(path, "the workbook carries macros; save it as .xlsx without macros")
    with zipfile.ZipFile(path) as archive:
        declared = _doctype_part(archive)
    if declared is not None:
        raise _problem(path, f"not a readable .xlsx workbook (part {declared!r} declares a DOCTYPE, which is refused)")
    try:
        return openpyxl.load_workbook(path, data_only=data_only, keep_vba=False, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds on a malformed file
        raise _problem(path, f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})") from None
