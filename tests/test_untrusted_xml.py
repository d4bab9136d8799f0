"""Workbooks stay safe to read when lxml is installed (python-docx, the ``word`` extra, brings it).

openpyxl then parses with lxml instead of defusedxml, and lxml still expands internal entities; the
reader refuses every part whose prolog declares a DOCTYPE, however it is hidden.
"""

from __future__ import annotations

import zipfile

import pytest

import zona_integritas as zi
from zona_integritas import examples

openpyxl = pytest.importorskip("openpyxl")

from zona_integritas.io.excel import read_workbook, write_workbook  # noqa: E402

DTD = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'


def _with_workbook_xml(tmp_path, name, rewrite):
    path = write_workbook(examples.kediri_worksheet_2022(), tmp_path / "e.xlsx")
    bomb = tmp_path / f"{name}.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(bomb, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/workbook.xml":
                body = data.replace(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', b"", 1)
                data = rewrite(body.replace(b"LKE ZI", b"&lol2;", 1))
            target.writestr(info, data)
    return bomb


@pytest.mark.parametrize(
    "name, rewrite",
    [
        ("plain", lambda body: f'<?xml version="1.0"?>{DTD}'.encode() + body),
        ("after-a-comment", lambda body: b"<?xml version='1.0'?>\n<!-- a note -->\n" + DTD.encode() + body),
        ("padded-past-the-window", lambda body: b"<!--" + b"x" * 70_000 + b"-->" + DTD.encode() + body),
        ("utf-16", lambda body: ('<?xml version="1.0" encoding="UTF-16"?>' + DTD + body.decode()).encode("utf-16")),
    ],
)
def test_a_doctype_in_a_workbook_part_is_refused_whichever_parser_openpyxl_uses(tmp_path, name, rewrite):
    bomb = _with_workbook_xml(tmp_path, name, rewrite)
    with pytest.raises(zi.InvalidInputError) as caught:
        read_workbook(bomb)
    assert caught.value.problems == [
        f"{bomb}: not a readable .xlsx workbook (part 'xl/workbook.xml' declares a DOCTYPE, which is refused)"
    ]


def test_an_ordinary_workbook_still_reads_with_lxml_installed(tmp_path):
    path = write_workbook(examples.kediri_worksheet_2022(), tmp_path / "k.xlsx")
    assert read_workbook(path).worksheet == examples.kediri_worksheet_2022()
