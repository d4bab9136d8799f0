"""Hostile input files from issue 18's reproductions, built on demand (nothing hostile is stored in the repo).

Each builder writes one file into a folder and returns its path. ``JSON_CASES`` and ``XLSX_CASES`` map
a case name to its builder; the readers each case is fed to are in ``test_resource_bounds.py``.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import zona_integritas as zi
from zona_integritas import examples
from zona_integritas.io.json import dumps
from zona_integritas.io.portalrb import answers_payload

RB = "permenpanrb-90-2021"


def _worksheet(answers: dict[str, object]) -> str:
    return json.dumps({"rulebook": RB, "assessor": "tpi", "answers": answers})


def _portalrb(value: str) -> str:
    payload = answers_payload("u", "U", 2026, unit=examples.kediri_worksheet_2022())
    for entry in payload["answers"]:
        if entry["soal_id"] in (88, 89):  # the Jumlah soals of a count item
            entry["jawaban_unit"] = value
    return json.dumps(payload)


def _zona_payload(index: str) -> str:
    doc = json.loads(dumps(examples.kediri_worksheet_2022()))
    doc["data"]["answers"]["H1.a"] = index
    return json.dumps(doc)


def _master_row(row: object) -> str:
    soal = {"id": 1, "teks_pertanyaan": "x", "jenis_jawaban": "YA_TIDAK", "excel_baris": row, "excel_kolom_unit": "K"}
    return json.dumps({"tahun": 2026, "total_soal": 1, "data": [{"soals": [soal]}]})


#: name -> the text of a hostile JSON file
JSON_TEXTS: dict[str, Callable[[], str | bytes]] = {
    "count-1e999999999": lambda: _worksheet({"R1.i.a": {"agents": "1e999999999", "changes": "1e999999999"}}),
    "count-1e1000000": lambda: _worksheet({"R1.i.a": {"agents": "1e1000000", "changes": "1"}}),
    "count-5000-digits": lambda: _worksheet({"R1.i.a": {"agents": 0, "changes": 1}}).replace(
        '"agents": 0', '"agents": ' + "9" * 5000
    ),
    "index-1e999999999": lambda: _worksheet({"H1.a": "1e999999999"}),
    "fullwidth-digits": lambda: _worksheet({"H1.a": "３.６"}),
    "underscored-number": lambda: _worksheet({"R1.i.a": {"agents": "9_9_9", "changes": "1"}}),
    "portalrb-count-1e999999999": lambda: _portalrb("1e999999999"),
    "payload-decimal-1e999999999": lambda: _zona_payload("1e999999999"),
    "nested-100k": lambda: "[" * 100_000 + "]" * 100_000,
    "duplicate-keys": lambda: _worksheet({"H1.a": "1"}).replace('"H1.a": "1"', '"H1.a": "1", "H1.a": "4"'),
    "lone-surrogate": lambda: _worksheet({"H1.a": {"answer": "3", "note": "\ud800"}}),
    "control-character": lambda: _worksheet({"H1.a": {"answer": "3", "note": "bel\u0007"}}),
    "value-20mb": lambda: _worksheet({"H1.a": "9" * 20_000_000}),
    "not-utf8": lambda: b'{"rulebook": "\xff\xfe"}',
    "master-row-a1": lambda: _master_row("A1"),
    "master-row-huge": lambda: _master_row(10**12),
}


def write_json(folder: Path, name: str) -> Path:
    """Write the hostile JSON case ``name`` into ``folder``."""
    data = JSON_TEXTS[name]()
    path = folder / f"{name}.json"
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8", errors="surrogatepass")
    return path


# -- workbooks ----------------------------------------------------------------------------------------------------
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="{main}"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "{extra}</Types>"
)
_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="LKE ZI" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>{extra}</Relationships>'
)
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def xlsx(
    path: Path,
    sheet_body: str | Callable[[zipfile.ZipFile], None],
    *,
    main: str = _MAIN,
    types_extra: str = "",
    rels_extra: str = "",
    extra_parts: dict[str, str] | None = None,
) -> Path:
    """A minimal .xlsx with one sheet ``LKE ZI``; ``sheet_body`` is the XML inside ``<worksheet>`` or a writer."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES.format(main=main, extra=types_extra))
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS.format(extra=rels_extra))
        if callable(sheet_body):
            sheet_body(z)
        else:
            z.writestr("xl/worksheets/sheet1.xml", _SHEET_HEAD + sheet_body + "</worksheet>")
        for name, text in (extra_parts or {}).items():
            z.writestr(name, text)
    return path


def _xfd_rows(rows: int) -> str:
    cells = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>x</t></is></c></row>' for r in range(1, rows))
    return f'<sheetData>{cells}<row r="{rows}"><c r="XFD{rows}"><v>1</v></c></row></sheetData>'


def _many_cells(z: zipfile.ZipFile, rows: int = 20_000) -> None:
    """Small cells in ``rows`` rows × 25 columns, within every bound but the cell count (500,000: 1 MB zipped)."""
    letters = [chr(65 + i) for i in range(25)]
    with z.open("xl/worksheets/sheet1.xml", "w") as out:
        out.write((_SHEET_HEAD + "<sheetData>").encode())
        for r in range(1, rows + 1):
            out.write(
                (f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>{r}</v></c>' for c in letters) + "</row>").encode()
            )
        out.write(b"</sheetData></worksheet>")


def _incompressible(z: zipfile.ZipFile) -> None:
    """A 19 MB workbook under every limit: 780 cells of 32,000 random characters each (accepted, not hostile)."""
    import base64
    import os

    with z.open("xl/worksheets/sheet1.xml", "w") as out:
        out.write((_SHEET_HEAD + "<sheetData>").encode())
        for r in range(1, 781):
            text = base64.b64encode(os.urandom(24_000)).decode()
            out.write(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{text}</t></is></c></row>'.encode())
        out.write(b"</sheetData></worksheet>")


def _at_the_limits(z: zipfile.ZipFile) -> None:
    """Just inside every bound (accepted, not hostile): 97,476 cells over 3,900 rows, one at BL3900 (area 249,600)."""
    letters = [chr(65 + i) for i in range(25)]
    with z.open("xl/worksheets/sheet1.xml", "w") as out:
        out.write((_SHEET_HEAD + "<sheetData>").encode())
        for r in range(1, 3_900):
            out.write(
                (f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>{r}</v></c>' for c in letters) + "</row>").encode()
            )
        out.write(b'<row r="3900"><c r="BL3900"><v>1</v></c></row></sheetData></worksheet>')


def _shared_strings_bomb(z: zipfile.ZipFile) -> None:
    z.writestr(
        "xl/worksheets/sheet1.xml",
        _SHEET_HEAD + '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>',
    )
    with z.open("xl/sharedStrings.xml", "w") as out:
        out.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
        chunk = b"<si><t/></si>" * 100_000
        for _ in range(60):  # 78 MB unpacked, 6 million strings, ~80 KB compressed
            out.write(chunk)
        out.write(b"</sst>")


_SST_TYPES = (
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
_SST_REL = (
    '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/>'
)

#: Workbooks just inside the bounds: accepted by the checks (then refused for their content), not hostile.
ACCEPTED = frozenset({"at-the-limits", "incompressible-19mb"})

#: name -> builder of a hostile workbook at a path
XLSX_CASES: dict[str, Callable[[Path], Path]] = {
    "cell-at-xfd-600-rows": lambda p: xlsx(p, _xfd_rows(600)),
    "cell-at-xfd-2000-rows": lambda p: xlsx(p, _xfd_rows(2000)),
    "merged-whole-sheet": lambda p: xlsx(
        p,
        '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>'
        '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>',
    ),
    "dimension-whole-sheet": lambda p: xlsx(
        p, '<dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>'
    ),
    "hyperlink-whole-sheet": lambda p: xlsx(
        p,
        '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>'
        '<hyperlinks><hyperlink ref="A1:XFD1048576" location="A1"/></hyperlinks>',
    ),
    "comment-on-the-whole-sheet": lambda p: xlsx(
        p,
        '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData><legacyDrawing r:id="rId2" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/>',
        extra_parts={
            "xl/comments1.xml": '<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<authors><author>x</author></authors><commentList><comment ref="A1:XFD1048576" authorId="0">'
            "<text><t>x</t></text></comment></commentList></comments>",
            "xl/worksheets/_rels/sheet1.xml.rels": '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'comments" Target="../comments1.xml"/></Relationships>',
        },
    ),
    "row-beyond-limit": lambda p: xlsx(p, '<sheetData><row r="1048576"><c><v>1</v></c></row></sheetData>'),
    "many-cells": lambda p: xlsx(p, _many_cells),
    "incompressible-19mb": lambda p: xlsx(p, _incompressible),
    "at-the-limits": lambda p: xlsx(p, _at_the_limits),
    "shared-strings-bomb": lambda p: xlsx(p, _shared_strings_bomb, types_extra=_SST_TYPES, rels_extra=_SST_REL),
    "macro-by-content-type": lambda p: xlsx(
        p,
        '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>',
        main="application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        types_extra='<Override PartName="/xl/code.bin" ContentType="application/vnd.ms-office.vbaProject"/>',
        extra_parts={"xl/code.bin": "not really a VBA project"},
    ),
    "not-a-zip": lambda p: (p.write_bytes(b"PK\x03\x04 this is not a zip archive at all"), p)[1],
}


#: Cases with an exact message test of their own, not run through every reader
EXTRA_XLSX: dict[str, Callable[[Path], Path]] = {
    "one-cell-too-many": lambda p: xlsx(p, lambda z: _many_cells(z, 4_001)),
}


def write_xlsx(folder: Path, name: str) -> Path:
    """Write the hostile workbook case ``name`` into ``folder``."""
    return (XLSX_CASES | EXTRA_XLSX)[name](folder / f"{name}.xlsx")


__all__ = ["ACCEPTED", "JSON_TEXTS", "XLSX_CASES", "write_json", "write_xlsx", "xlsx", "zi"]
