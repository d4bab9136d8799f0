"""Safe opening of untrusted .xlsx files: every bound checked while streaming the zip, before openpyxl loads.

:func:`open_workbook` reads the archive once, part by part, decompressing in chunks and counting the
bytes actually produced (a zip's declared sizes can lie). While it streams it checks:

- the file size (:data:`MAX_FILE_BYTES`), the unpacked size of the whole archive
  (:data:`MAX_UNPACKED_BYTES`) and of any one part (:data:`MAX_PART_BYTES`);
- ``[Content_Types].xml``: a macro-enabled workbook or a VBA project is refused by its content type,
  whatever its parts are named (and a ``vbaProject.bin`` part by its name);
- every worksheet: the ``<dimension>`` ref, each cell's and row's position, each ``<mergeCell>`` and
  ``<hyperlink>`` ref, and each comment's cell must lie within :data:`MAX_ROWS` rows and
  :data:`MAX_COLUMNS` columns, the used rectangle within :data:`MAX_CELL_AREA` cells (openpyxl
  materialises a rectangle when rows are iterated or a range is merged), and all sheets together
  hold at most :data:`MAX_CELLS` cells;
- ``sharedStrings.xml``: at most :data:`MAX_SHARED_STRINGS` strings.

Only then does openpyxl parse the file, with defused XML (the ``excel`` extra installs defusedxml; this
module refuses to work without it). Formulas are read as text and never evaluated. Every limit is a
module constant a caller may change before reading (documented in ``docs/explanation/security.md``).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from ..errors import InvalidAnswerError, InvalidInputError
from ..i18n import format_integer
from ..i18n import gettext as _

__all__ = [
    "MAX_CELLS",
    "MAX_CELL_AREA",
    "MAX_COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_PART_BYTES",
    "MAX_ROWS",
    "MAX_SHARED_STRINGS",
    "MAX_UNPACKED_BYTES",
    "WorkbookShape",
    "cached_formula_values",
    "check_workbook",
    "column_letters",
    "open_workbook",
    "require_openpyxl",
]

#: A workbook file larger than this is refused.
MAX_FILE_BYTES = 25 * 1024 * 1024
#: The unpacked parts of a workbook together may not exceed this (zip bombs); the official LKE unpacks to ~115 KB.
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
#: No single unpacked part (a sheet, the shared strings, the styles) may exceed this.
MAX_PART_BYTES = 32 * 1024 * 1024
#: A sheet with a cell, row or range beyond this row is refused (the official LKE uses 202 rows).
MAX_ROWS = 20_000
#: A sheet with a cell or range beyond this column (``BL``) is refused (the official LKE uses 17, up to ``Q``).
MAX_COLUMNS = 64
#: A sheet whose used rectangle (last row × last column, merged ranges included) exceeds this is refused.
MAX_CELL_AREA = 250_000
#: All sheets together may hold at most this many cells.
MAX_CELLS = 100_000
#: The shared-strings table may hold at most this many strings.
MAX_SHARED_STRINGS = 200_000

_CHUNK = 1 << 20
_MAX_TAG = 1 << 20  # a single XML tag longer than this is refused (no real workbook comes near)
_MACRO_TYPES = (b"macroenabled", b"vbaproject", b"vnd.ms-office.activex", b"vnd.ms-excel.intl.macrosheet")
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(c|row|dimension|mergeCell|hyperlink)\b([^>]*)>")
_ATTR_R = re.compile(rb'\sr\s*=\s*["\']([^"\']*)["\']')
_ATTR_REF = re.compile(rb'\sref\s*=\s*["\']([^"\']*)["\']')
_SI = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si\b")
_COMMENT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?comment\b([^>]*)>")
_CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")


def require_openpyxl() -> Any:
    """Import openpyxl with defused XML parsing, or name the extra to install."""
    try:
        import openpyxl
        from openpyxl import xml as openpyxl_xml
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise ImportError(
            _("reading and writing workbooks needs openpyxl: {command}").format(
                command="pip install 'zona-integritas[excel]'"
            )
        ) from exc
    if not getattr(openpyxl_xml, "DEFUSEDXML", False):  # pragma: no cover - the extra installs defusedxml
        raise ImportError(
            _("workbooks are untrusted input; install defusedxml: {command}").format(
                command="pip install 'zona-integritas[excel]'"
            )
        )
    return openpyxl


def column_letters(index: int) -> str:
    """The letters of a 1-based column number (``1`` → ``A``, ``64`` → ``BL``).

    >>> column_letters(1), column_letters(17), column_letters(MAX_COLUMNS), column_letters(16384)
    ('A', 'Q', 'BL', 'XFD')
    """
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_index(letters: str) -> int:
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number


class _Refused(Exception):
    """A bound was exceeded (internal; turned into InvalidInputError naming the file)."""


class WorkbookShape:
    """What the streaming check saw: per sheet part, the last row and column used; cells and strings counted."""

    def __init__(self) -> None:
        self.sheets: dict[str, tuple[int, int]] = {}
        self.comments = (0, 0)  # the far corner of every comment (openpyxl makes a cell for each)
        self.cells = 0
        self.shared_strings = 0
        self.unpacked = 0

    def __repr__(self) -> str:
        return f"WorkbookShape(sheets={self.sheets!r}, cells={self.cells}, shared_strings={self.shared_strings})"


def _ref_corner(ref: str, what: str, part: str) -> tuple[int, int]:
    """The (row, column) of the far corner of a ref (``A1``, ``A1:C9``, ``A:C``, ``1:3``), within the bounds."""
    far_row = far_col = 1
    for piece in ref.replace(" ", ":").split(":"):
        if not piece:
            continue
        found = _CELL_REF.fullmatch(piece)
        if found:
            col, row = _column_index(found.group(1)), int(found.group(2))
        elif re.fullmatch(r"\$?[A-Za-z]{1,3}", piece):  # a whole column
            col, row = _column_index(piece.lstrip("$")), MAX_ROWS + 1
        elif re.fullmatch(r"\$?[0-9]{1,7}", piece):  # a whole row
            col, row = MAX_COLUMNS + 1, int(piece.lstrip("$"))
        else:
            raise _Refused(
                _("{part}: {what} {ref!r} is not a cell reference").format(part=part, what=what, ref=ref[:40])
            )
        far_row, far_col = max(far_row, row), max(far_col, col)
    if far_row > MAX_ROWS or far_col > MAX_COLUMNS:
        raise _Refused(
            _(
                "{part}: {what} {ref!r} reaches beyond row {rows} or column {column} "
                "(clear the contents and formatting of unused cells and save again)"
            ).format(
                part=part, what=what, ref=ref[:40], rows=format_integer(MAX_ROWS), column=column_letters(MAX_COLUMNS)
            )
        )
    return far_row, far_col


def _stream(archive: zipfile.ZipFile, info: zipfile.ZipInfo, shape: WorkbookShape) -> Any:
    """Yield the decompressed chunks of a part, counting real bytes against the part and archive bounds."""
    size = 0
    with archive.open(info) as handle:
        while True:
            chunk = handle.read(_CHUNK)
            if not chunk:
                return
            size += len(chunk)
            shape.unpacked += len(chunk)
            if size > MAX_PART_BYTES:
                raise _Refused(
                    _("part {part} unpacks to more than the limit of {limit} bytes").format(
                        part=info.filename, limit=format_integer(MAX_PART_BYTES)
                    )
                )
            if shape.unpacked > MAX_UNPACKED_BYTES:
                raise _Refused(
                    _("unpacks to more than the limit of {limit} bytes").format(
                        limit=format_integer(MAX_UNPACKED_BYTES)
                    )
                )
            yield chunk


def _tags(chunks: Any, part: str) -> Any:
    """Yield complete stretches of XML (cut before the last '<'), so a tag never straddles two pieces."""
    carry = b""
    for chunk in chunks:
        data = carry + chunk
        cut = data.rfind(b"<")
        if cut <= 0:
            carry = data
        else:
            yield data[:cut]
            carry = data[cut:]
        if len(carry) > _MAX_TAG:
            raise _Refused(
                _("part {part} has an XML tag longer than {limit} bytes").format(
                    part=part, limit=format_integer(_MAX_TAG)
                )
            )
    if carry:
        yield carry


def _scan_sheet(chunks: Any, part: str, shape: WorkbookShape) -> None:
    last_row = last_col = 0
    row = 0  # the current row (rows and cells without a position follow the previous one)
    col = 0
    for piece in _tags(chunks, part):
        for match in _TAG.finditer(piece):
            tag, attrs = match.group(1), match.group(2)
            if tag == b"c":
                shape.cells += 1
                if shape.cells > MAX_CELLS:
                    raise _Refused(_("more than {limit} cells").format(limit=format_integer(MAX_CELLS)))
                ref = _ATTR_R.search(attrs)
                if ref:
                    found = _CELL_REF.fullmatch(ref.group(1).decode("ascii", "replace"))
                    if not found:
                        raise _Refused(
                            _("{part}: cell reference {ref!r} is not valid").format(part=part, ref=ref.group(1)[:40])
                        )
                    col, row = _column_index(found.group(1)), int(found.group(2))
                else:
                    col += 1
                if row > MAX_ROWS or col > MAX_COLUMNS:
                    raise _Refused(
                        _(
                            "{part}: cell {cell} lies beyond row {rows} or column {column} "
                            "(clear the contents and formatting of unused cells and save again)"
                        ).format(
                            part=part,
                            cell=f"{column_letters(col)}{row}",
                            rows=format_integer(MAX_ROWS),
                            column=column_letters(MAX_COLUMNS),
                        )
                    )
                last_row, last_col = max(last_row, row), max(last_col, col)
            elif tag == b"row":
                ref = _ATTR_R.search(attrs)
                row = int(ref.group(1)) if ref and ref.group(1).isdigit() and len(ref.group(1)) < 9 else row + 1
                col = 0
                if row > MAX_ROWS:
                    raise _Refused(
                        _("{part}: row {row} lies beyond row {rows}").format(
                            part=part, row=format_integer(row), rows=format_integer(MAX_ROWS)
                        )
                    )
            else:
                ref = _ATTR_REF.search(attrs)
                if ref is None:
                    continue
                what = {
                    b"dimension": _("the dimension"),
                    b"mergeCell": _("merged range"),
                    b"hyperlink": _("hyperlink range"),
                }
                far_row, far_col = _ref_corner(ref.group(1).decode("ascii", "replace"), what[tag], part)
                if tag != b"dimension":  # openpyxl materialises merged and hyperlinked ranges
                    last_row, last_col = max(last_row, far_row), max(last_col, far_col)
            if last_row * last_col > MAX_CELL_AREA:
                raise _Refused(
                    _("{part}: the used range {range} is larger than {limit} cells").format(
                        part=part, range=f"A1:{column_letters(last_col)}{last_row}", limit=format_integer(MAX_CELL_AREA)
                    )
                )
    shape.sheets[part] = (last_row, last_col)


def _scan_comments(chunks: Any, part: str, shape: WorkbookShape) -> None:
    for piece in _tags(chunks, part):
        for match in _COMMENT.finditer(piece):
            ref = _ATTR_REF.search(match.group(1))
            if ref is None:
                continue
            shape.cells += 1
            if shape.cells > MAX_CELLS:
                raise _Refused(_("more than {limit} cells").format(limit=format_integer(MAX_CELLS)))
            row, col = _ref_corner(ref.group(1).decode("ascii", "replace"), _("comment at"), part)
            shape.comments = (max(shape.comments[0], row), max(shape.comments[1], col))


def check_workbook(path: str | Path) -> WorkbookShape:
    """Stream every part of an .xlsx once and check every bound; raise :class:`InvalidInputError` naming the file.

    >>> import io, zipfile, tempfile, os
    >>> bomb = os.path.join(tempfile.mkdtemp(), "bomb.xlsx")
    >>> with zipfile.ZipFile(bomb, "w") as z:
    ...     z.writestr("xl/worksheets/sheet1.xml", '<worksheet><sheetData><c r="XFD1"/></sheetData></worksheet>')
    >>> check_workbook(bomb)
    Traceback (most recent call last):
    ...
    zona_integritas.errors.InvalidInputError: .../bomb.xlsx cannot be read (1):
      - .../bomb.xlsx: xl/worksheets/sheet1.xml: cell XFD1 lies beyond row 20,000 or column BL (...)
    """
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise _problem(
            path,
            _("{size} bytes, more than the limit of {limit}").format(
                size=format_integer(size), limit=format_integer(MAX_FILE_BYTES)
            ),
        )
    shape = WorkbookShape()
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                name = info.filename
                lowered = name.lower()
                if lowered.endswith("vbaproject.bin"):
                    raise _Refused(_("the workbook carries macros; save it as .xlsx without macros"))
                chunks = _stream(archive, info, shape)
                if lowered == "[content_types].xml":
                    content = b"".join(chunks).lower()
                    if any(kind in content for kind in _MACRO_TYPES):
                        raise _Refused(
                            _("the workbook carries macros (its content types); save it as .xlsx without macros")
                        )
                elif lowered.startswith("xl/worksheets/") and lowered.endswith(".xml"):
                    _scan_sheet(chunks, name, shape)
                elif lowered.startswith("xl/comments") and lowered.endswith(".xml"):
                    _scan_comments(chunks, name, shape)
                elif lowered.endswith("sharedstrings.xml"):
                    for piece in _tags(chunks, name):
                        shape.shared_strings += len(_SI.findall(piece))
                        if shape.shared_strings > MAX_SHARED_STRINGS:
                            raise _Refused(
                                _("more than {limit} shared strings").format(limit=format_integer(MAX_SHARED_STRINGS))
                            )
                else:
                    for _chunk in chunks:  # count the bytes actually unpacked
                        pass
            declared = doctype_part(archive)
            if declared is not None:
                raise _Refused(
                    _("not a readable .xlsx workbook (part {part!r} declares a DOCTYPE, which is refused)").format(
                        part=declared
                    )
                )
        rows, columns = shape.comments
        for part, (last_row, last_col) in shape.sheets.items():
            if max(last_row, rows) * max(last_col, columns) > MAX_CELL_AREA:
                raise _Refused(
                    _("{part}: with its comments the used range reaches {cell}, larger than {limit} cells").format(
                        part=part,
                        cell=f"{column_letters(max(last_col, columns))}{max(last_row, rows)}",
                        limit=format_integer(MAX_CELL_AREA),
                    )
                )
    except _Refused as exc:
        raise _problem(path, str(exc)) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError) as exc:
        if isinstance(exc, FileNotFoundError | PermissionError | IsADirectoryError):
            raise
        raise _problem(
            path, _("not an .xlsx workbook ({error})").format(error=f"{type(exc).__name__}: {str(exc)[:120]}")
        ) from None
    return shape


#: The start of an XML part that is searched for a DOCTYPE (its prolog: declaration, comments, instructions).
_PROLOG_BYTES = 64 * 1024
_PROLOG_ITEM = re.compile(r"\s+|<\?.*?\?>|<!--.*?-->", re.S)


def doctype_part(archive: zipfile.ZipFile) -> str | None:
    """The first part whose prolog declares a DOCTYPE (entity declarations live there), else ``None``.

    openpyxl parses with defusedxml, except when lxml is installed (python-docx, the ``word`` extra, brings
    it): then it uses lxml, which still expands internal entities. Refusing any DOCTYPE keeps the reader
    safe with either parser; an .xlsx part never needs one. Also used for ``.docx`` templates.
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
    return InvalidInputError(
        _("{path} cannot be read").format(path=path),
        [InvalidAnswerError(f"{path}: {message}", code="unreadable-workbook")],
        code="unreadable-workbook",
    )


def open_workbook(path: str | Path, *, data_only: bool = False, read_only: bool = False) -> Any:
    """Open a workbook after :func:`check_workbook` (sizes, zip structure, macros, rows, columns, ranges).

    ``read_only=True`` streams rows (openpyxl's read-only mode): the checks above bound its work too.
    """
    openpyxl = require_openpyxl()
    path = Path(path)
    check_workbook(path)
    try:
        return openpyxl.load_workbook(path, data_only=data_only, keep_vba=False, keep_links=False, read_only=read_only)
    except Exception as exc:  # openpyxl raises many kinds on a malformed file
        raise _problem(
            path, _("not a readable .xlsx workbook ({error})").format(error=f"{type(exc).__name__}: {str(exc)[:120]}")
        ) from None


_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _sheet_part(archive: zipfile.ZipFile, title: str) -> str | None:
    """The zip part of the sheet called ``title`` (through ``xl/workbook.xml`` and its relationships)."""
    from defusedxml import ElementTree

    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL_NS}Relationship")}
    for sheet in book.iter(f"{_MAIN_NS}sheet"):
        if sheet.get("name") == title:
            target = targets.get(sheet.get(f"{_REL_NS}id"), "")
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return None


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    from defusedxml import ElementTree

    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    table = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))
    return ["".join(t.text or "" for t in si.iter(f"{_MAIN_NS}t")) for si in table.iter(f"{_MAIN_NS}si")]


def cached_formula_values(path: str | Path, title: str, spots: Any) -> dict[tuple[int, int], Any]:
    """The cached results of the formula cells at ``spots`` ((row, column) pairs) of sheet ``title``.

    Read by streaming the sheet's XML once, so a reader that needs both the formulas (openpyxl's
    default) and their cached results (``data_only=True``) parses the workbook once, not twice. Values
    are typed as openpyxl types them: numbers as ``int`` or ``float``, ``t="str"`` and errors as text,
    ``t="b"`` as ``bool``, ``t="s"`` through the shared strings. Call it on a workbook that
    :func:`open_workbook` has accepted (its bounds are checked there).

    >>> import tempfile, os
    >>> from zona_integritas import examples
    >>> from zona_integritas.io.excel import write_workbook
    >>> path = write_workbook(examples.kediri_worksheet_2022(), os.path.join(tempfile.mkdtemp(), "lke.xlsx"))
    >>> book = open_workbook(path)
    >>> formulas = [(c.row, c.column) for row in book["LKE ZI"].iter_rows() for c in row if c.data_type == "f"]
    >>> cached = cached_formula_values(path, "LKE ZI", formulas)
    >>> values = open_workbook(path, data_only=True)["LKE ZI"]
    >>> all(cached[spot] == values.cell(*spot).value for spot in formulas if spot in cached), len(cached) > 100
    (True, True)
    """
    from defusedxml import ElementTree

    wanted = set(spots)
    found: dict[tuple[int, int], Any] = {}
    if not wanted:
        return found
    with zipfile.ZipFile(path) as archive:
        part = _sheet_part(archive, title)
        if part is None or part not in archive.namelist():
            return found
        shared: list[str] | None = None
        row = col = 0
        with archive.open(part) as stream:
            for event, element in ElementTree.iterparse(stream, events=("start", "end")):
                tag = element.tag
                if event == "start":
                    if tag == f"{_MAIN_NS}row":
                        given = element.get("r")
                        row, col = (int(given) if given and given.isdecimal() else row + 1), 0
                    continue
                if tag != f"{_MAIN_NS}c":
                    if tag == f"{_MAIN_NS}row":
                        element.clear()
                    continue
                ref = element.get("r")
                if ref:
                    match = _CELL_REF.fullmatch(ref)
                    if match:
                        row, col = int(match.group(2)), _column_index(match.group(1))
                else:
                    col += 1
                if (row, col) in wanted and element.find(f"{_MAIN_NS}f") is not None:
                    text = element.findtext(f"{_MAIN_NS}v")
                    if text:
                        kind = element.get("t", "n")
                        value: Any = text
                        if kind == "n":
                            value = float(text) if "." in text or "e" in text.lower() else int(text)
                        elif kind == "b":
                            value = bool(int(text))
                        elif kind == "s":
                            shared = shared if shared is not None else _shared_strings(archive)
                            value = shared[int(text)] if int(text) < len(shared) else None
                        if value is not None:
                            found[(row, col)] = value
                element.clear()
    return found
