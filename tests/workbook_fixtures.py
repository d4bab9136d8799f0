"""Build workbooks in the layouts agencies circulate, from the descriptions in issue 12 (not from our writers).

- :func:`agency_copy` — an agency's copy of the official ``LKE ZI`` sheet: numbering spread over B–G with the
  text in the next column, written loosely (``a`` and ``a.``, ``-`` for an indicator's single item, hasil items
  lettered in D under ``I.``/``II.`` in C), ``%`` rows followed by ``- Jumlah …`` rows (J = ``Jumlah``), a
  sub-header without a value, ``TOTAL PENGUNGKIT``/``TOTAL HASIL`` rows, blank spacer rows, formulas with cached
  results, and (``slips=True``) two slips of its own: an LHKPN % formula that leaves an input out, and a typed
  TOTAL PENGUNGKIT.
- :func:`ministry_export` — a ministry's ``Jawaban`` export: row 1 headers, A ``ID`` = the official row, B–G
  numbering and texts, H ``Bobot``, I ``Kriteria Nilai``, J ``Pilihan Jawaban``, then an assessor block for the
  unit (K–N), the unit's TPI (O–R) and the instansi's TPI (S–V); no formulas; a summary sheet per tier.
- :func:`portalrb_upload` — PortalRB's ``Jawaban`` upload layout: answers on the master's rows (K/L/M unit,
  N/Q TPI), no soal id column.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

import zona_integritas as zi
from zona_integritas.rulebook import ItemKind
from zona_integritas.worksheet import Counts

_ROMAN = ("I", "II", "III", "IV")
_OPTIONS = {"ya_tidak": "Ya/Tidak", "abc": "A/B/C", "abcd": "A/B/C/D", "abcde": "A/B/C/D/E"}


def options_of(item: zi.rulebook.Item) -> str:
    if item.kind is ItemKind.CHOICE:
        assert item.scale is not None
        return _OPTIONS.get(item.scale.name, "/".join(item.scale.keys))
    if item.kind is ItemKind.INDEX:
        return "Nilai 0-4"
    return "%"


def entries(rb: zi.Rulebook) -> list[dict[str, Any]]:
    """The official sequence of rows: headings, items, % rows with their sub-headers and Jumlah rows."""
    out: list[dict[str, Any]] = []
    for comp_index, comp in enumerate(rb.components):
        out.append(
            {
                "kind": "heading",
                "level": 0,
                "token": "AB"[comp_index] + ".",
                "label": comp.label.id.upper(),
                "code": comp.code,
                "weight": comp.weight,
            }
        )
        for sub_index, sub in enumerate(comp.subcomponents):
            out.append(
                {
                    "kind": "heading",
                    "level": 1,
                    "token": _ROMAN[sub_index] + ".",
                    "label": sub.label.id.upper(),
                    "code": sub.code,
                    "weight": sub.weight,
                }
            )
            if not sub.halves:
                for ind in sub.indicators:
                    for item in ind.items:
                        out.append(
                            {
                                "kind": "item",
                                "level": 2,
                                "token": item.code.rsplit(".", 1)[-1],
                                "label": item.label.id,
                                "code": item.code,
                                "item": item,
                                "weight": ind.weight,
                            }
                        )
                continue
            for half in sub.halves:
                area = rb.area(half.area)
                out.append(
                    {
                        "kind": "heading",
                        "level": 2,
                        "token": f"{half.area}.",
                        "label": area.label.id.upper(),
                        "code": half.code,
                        "weight": half.weight,
                    }
                )
                for ind in half.indicators:
                    token = ind.code.rsplit(".", 1)[-1]
                    out.append(
                        {
                            "kind": "heading",
                            "level": 3,
                            "token": token + ".",
                            "label": ind.label.id,
                            "code": ind.code,
                            "weight": ind.weight,
                        }
                    )
                    parts = ind.parts or (ind,)
                    for part in parts:
                        for item in part.items:
                            letter = item.code.rsplit(".", 1)[-1]
                            single = len(list(ind.walk_items())) == 1
                            weight = part.weight if ind.parts else None
                            out.append(
                                {
                                    "kind": "item",
                                    "level": 4,
                                    "token": "-" if single else letter,
                                    "label": (part.label.id if ind.parts else item.label.id),
                                    "code": item.code,
                                    "item": item,
                                    "weight": weight,
                                }
                            )
                            if item.kind is ItemKind.COUNT and len(item.inputs) == 4:
                                out.append({"kind": "subheader", "label": "- Jumlah yang harus melaporkan"})
                            for inp in item.inputs:
                                out.append(
                                    {
                                        "kind": "input",
                                        "label": f"- {inp.label.id}",
                                        "item": item,
                                        "name": inp.name,
                                        "row": inp.row,
                                    }
                                )
    return out


def _loose(token: str, index: int) -> str:
    """Numbering as people type it: with or without the period, alternating."""
    if token == "-" or not token:
        return token
    bare = token.rstrip(".")
    return bare if index % 2 else bare + "."


def _cell_value(ws: zi.Worksheet | None, entry: dict[str, Any]) -> Any:
    if ws is None:
        return None
    answer = ws.answer(entry["item"].code)
    if answer is None or answer.value is None:
        return None
    if entry["kind"] == "input":
        assert isinstance(answer.value, Counts)
        return answer.value[entry["name"]]
    if isinstance(answer.value, Decimal):
        return float(answer.value)
    return answer.value


def slipped(ws: zi.Worksheet) -> zi.Worksheet:
    """The worksheet the slipped LHKPN formula computes: it leaves 'others' out of the denominator."""
    answers = []
    for code, answer in ws.answers.items():
        if code == "R5.iii.a" and isinstance(answer.value, Counts):
            counts = Counts(tuple((n, 0 if n == "others" else v) for n, v in answer.value.pairs))
            answer = zi.Answer(counts, answer.note, answer.evidence)
        answers.append((code, answer))
    return zi.Worksheet(ws.rulebook, ws.assessor, tuple(answers))


# -- the agency's LKE ZI copy -------------------------------------------------------------------------------
#: The typed TOTAL PENGUNGKIT is this much above the sum of its parts.
TYPED_TOTAL_EXCESS = Decimal("1.50")


def agency_copy(
    ws: zi.Worksheet | None,
    path: Path,
    *,
    rb: zi.Rulebook,
    slips: bool = False,
    unit: str = "Dinas Penanaman Modal dan PTSP Kota Contoh",
) -> dict[str, Any]:
    """Write an agency copy; returns where things are (rows by code, input rows, slip cells)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "LKE ZI"
    sheet["B1"] = "LEMBAR KERJA EVALUASI ZONA INTEGRITAS"
    sheet["B2"] = "Unit Kerja :"
    sheet["E2"] = unit
    sheet["B3"] = "Tahun :"
    sheet["E3"] = 2024
    header = 5
    for column, title in (
        ("B", "Penilaian"),
        ("H", "Bobot"),
        ("J", "Pilihan Jawaban"),
        ("K", "Jawaban"),
        ("L", "Nilai"),
        ("M", "Catatan"),
        ("N", "Bukti Dukung"),
    ):
        sheet[f"{column}{header}"] = title
        sheet[f"{column}{header}"].font = Font(bold=True)
    sheet.merge_cells(f"B{header}:G{header}")
    lists = {}
    for label in _OPTIONS.values():
        dv = DataValidation(type="list", formula1='"' + label.replace("/", ",") + '"', allow_blank=True)
        sheet.add_data_validation(dv)
        lists[label] = dv
    policy = "skip"  # the official workbook's AVERAGE skips blank answers
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        card = zi.score(ws or zi.Worksheet(rb, zi.Assessor.UNIT, ()), unanswered=policy)
        theirs = zi.score(
            slipped(ws) if (ws is not None and slips) else (ws or zi.Worksheet(rb, zi.Assessor.UNIT, ())),
            unanswered=policy,
        )
    r = header + 1
    rows: dict[str, int] = {}
    inputs: dict[str, int] = {}
    cached: dict[str, Any] = {}
    children: dict[str, list[int]] = {}
    parents: list[tuple[int, str]] = []
    count_rows: dict[str, int] = {}
    loose = 0
    col_of_level = {0: 2, 1: 3, 2: 4, 3: 5, 4: 6}
    current_half = current_ind = current_sub = current_comp = ""
    for entry in entries(rb):
        kind = entry["kind"]
        if kind == "heading" and entry["level"] == 2:
            r += 1  # a blank spacer row before each area
        if kind == "heading" and entry["level"] == 0 and entry["code"] == rb.components[1].code:
            # TOTAL PENGUNGKIT before the hasil part
            sheet.cell(r, 2, "TOTAL PENGUNGKIT")
            comp_row = rows[rb.components[0].code]
            if slips:
                typed = round(float(theirs.value(rb.components[0].code) + TYPED_TOTAL_EXCESS), 2)
                sheet.cell(r, 12, typed)
            else:
                sheet.cell(r, 12, f"=L{comp_row}")
                cached[f"L{r}"] = theirs.value(rb.components[0].code)
            rows["TOTAL PENGUNGKIT"] = r
            r += 2
        if kind == "heading":
            level = entry["level"]
            column = col_of_level[level]
            loose += 1
            sheet.cell(r, column, _loose(entry["token"], loose))
            sheet.cell(r, column + 1, entry["label"])
            sheet.cell(r, 8, float(entry["weight"]))
            rows[entry["code"]] = r
            code = entry["code"]
            if level == 0:
                current_comp = code
            elif level == 1:
                current_sub = code
                children.setdefault(current_comp, []).append(r)
            elif level == 2:
                current_half = code
                children.setdefault(current_sub, []).append(r)
            elif level == 3:
                current_ind = code
                children.setdefault(current_half, []).append(r)
            parents.append((r, code))
            r += 1
            continue
        if kind == "subheader":
            sheet.cell(r, 7, entry["label"])
            r += 1
            continue
        if kind == "input":
            sheet.cell(r, 7, entry["label"])
            sheet.cell(r, 10, "Jumlah")
            value = _cell_value(ws, entry)
            if value is not None:
                sheet.cell(r, 11, value)
            inputs[f"{entry['item'].code}:{entry['name']}"] = r
            r += 1
            continue
        item = entry["item"]
        in_hasil = entry["level"] == 2
        column = 4 if in_hasil else 6
        loose += 1
        sheet.cell(r, column, _loose(entry["token"], loose))
        sheet.cell(r, column + 1, entry["label"])
        if entry["weight"] is not None:
            sheet.cell(r, 8, float(entry["weight"]))
        options = options_of(item)
        sheet.cell(r, 10, options)
        rows[item.code] = r
        if in_hasil:
            children.setdefault(current_sub, []).append(r)
        else:
            children.setdefault(current_ind, []).append(r)
        answer = ws.answer(item.code) if ws is not None else None
        if answer is not None:
            if answer.note:
                sheet.cell(r, 13, answer.note).data_type = "s"
            if answer.evidence:
                sheet.cell(r, 14, answer.evidence).data_type = "s"
        mine = theirs.worksheet.value(item.code)
        if item.kind is ItemKind.COUNT:
            count_rows[item.code] = r
        else:
            value = _cell_value(ws, entry)
            if value is not None:
                sheet.cell(r, 11, value)
            if options in lists:
                lists[options].add(f"K{r}")
            k = f"K{r}"
            if item.kind is ItemKind.CHOICE:
                assert item.scale is not None
                formula = '""'
                for option in reversed(item.scale.options):
                    formula = f'IF({k}="{option.key}",{option.multiplier},{formula})'
                sheet.cell(r, 12, f"={formula}")
            else:
                sheet.cell(r, 12, f'=IF({k}="","",{k}/4)')
            cached[f"L{r}"] = "" if mine is None else mine
        r += 1
    # count items: their % formulas over the Jumlah rows below them
    slip_cell = None
    for code, row in count_rows.items():
        item = rb.item(code)
        assert item.formula is not None
        ref = {inp.name: f"K{inputs[f'{code}:{inp.name}']}" for inp in item.inputs}
        f = item.formula
        denominator = list(f.denominator)
        if slips and code == "R5.iii.a":
            denominator.remove("others")  # the slip: an input left out of the roll-up
            slip_cell = f"K{row}"
        num = "+".join(ref[n] for n in f.numerator)
        den = "+".join(ref[n] for n in denominator)
        if f.kind is zi.rulebook.FormulaKind.DECREASE_RATIO:
            prev, cur = ref[f.denominator[0]], ref[f.numerator[0]]
            body = f"IF(AND({prev}=0,{cur}=0),1,IF({prev}=0,0,MAX(0,({prev}-{cur})/{prev})))"
        else:
            body = f"IF(({den})=0,{f.when_denominator_is_zero},MIN(1,({num})/({den})))"
        blanks = ",".join(f'{ref[n]}=""' for n in item.input_names)
        sheet.cell(row, 11, f'=IF(OR({blanks}),"",{body})')
        sheet.cell(row, 12, f"=K{row}")
        value = theirs.worksheet.value(code)
        cached[f"K{row}"] = cached[f"L{row}"] = "" if value is None else value
    # roll-ups, as the official workbook: AVERAGE of items × weight, sums above
    for r_heading, code in parents:
        kids = children.get(code, [])
        if not kids:
            continue
        if code in {i.code for i in rb.indicators} and rb.indicator(code).parts:
            formula = "+".join(f"H{k}*N(L{k})" for k in kids)
        elif code in {i.code for i in rb.indicators}:
            spots = ",".join(f"L{k}" for k in kids)
            formula = f"IF(COUNT({spots})=0,0,AVERAGE({spots})*H{r_heading})"
        elif any(code == s.code and not s.halves for s in rb.subcomponents):
            formula = "+".join(f"H{k}*N(L{k})" for k in kids)
        else:
            formula = f"SUM({','.join(f'L{k}' for k in kids)})"
        sheet.cell(r_heading, 12, f"={formula}")
        cached[f"L{r_heading}"] = theirs.value(code)
    r += 1
    sheet.cell(r, 2, "TOTAL HASIL")
    sheet.cell(r, 12, f"=L{rows[rb.components[1].code]}")
    cached[f"L{r}"] = theirs.value(rb.components[1].code)
    rows["TOTAL HASIL"] = r
    sheet.cell(2, 12).fill = PatternFill("solid", fgColor="FFFF00")
    summary = book.create_sheet("Rekapitulasi")
    summary["A1"] = "Nilai LKE"
    summary["B1"] = f"='LKE ZI'!L{rows['TOTAL PENGUNGKIT']}+'LKE ZI'!L{rows['TOTAL HASIL']}"
    book.save(path)
    _inject_cached(path, {"LKE ZI": cached})
    return {"rows": rows, "inputs": inputs, "slip_cell": slip_cell, "card": card, "theirs": theirs}


def _inject_cached(path: Path, cached: dict[str, dict[str, Any]]) -> None:
    """Give formulas their cached results, as a spreadsheet application saves them."""
    with zipfile.ZipFile(path) as source:
        entries_ = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in entries_:
            if info.filename == "xl/worksheets/sheet1.xml":

                def put(match: re.Match[str], values: dict[str, Any] = cached["LKE ZI"]) -> str:
                    ref, attributes, formula = match.group(1), match.group(2), match.group(3)
                    if ref not in values:
                        return match.group(0)
                    value = values[ref]
                    if isinstance(value, str):
                        return f'<c r="{ref}"{attributes} t="str"><f>{formula}</f><v>{value}</v></c>'
                    return f'<c r="{ref}"{attributes}><f>{formula}</f><v>{float(value)!r}</v></c>'

                # openpyxl writes an empty <v /> with the standard library and <v></v> with lxml
                data = re.sub(
                    r'<c r="([A-Z]+\d+)"([^>]*)><f>(.*?)</f>(?:<v\s*/>|<v></v>)</c>', put, data.decode()
                ).encode()
            target.writestr(info, data)


# -- official-row layouts (ministry export, PortalRB upload) ----------------------------------------------------
def official_rows(rb: zi.Rulebook) -> dict[int, dict[str, Any]]:
    """Official row → entry: items and Jumlah rows on their own rows, headings and % rows in the gaps before."""
    placed: dict[int, dict[str, Any]] = {}
    pending: list[dict[str, Any]] = []
    for entry in entries(rb):
        row = (
            entry.get("row")
            if entry["kind"] == "input"
            else (entry["item"].row if entry["kind"] == "item" and entry["item"].kind is not ItemKind.COUNT else None)
        )
        if row is None:
            pending.append(entry)
            continue
        free = [r for r in range(row - 1, 1, -1) if r not in placed][: len(pending)]
        for r, waiting in zip(sorted(free), pending[len(pending) - len(free) :], strict=True):
            placed[r] = waiting
        placed[row] = entry
        pending = []
    last = max(placed)
    for offset, entry in enumerate(pending, start=1):
        placed[last + offset] = entry
    return placed


MINISTRY_HEADERS = {
    "A": "ID",
    "B": "Komponen",
    "H": "Bobot",
    "I": "Kriteria Nilai",
    "J": "Pilihan Jawaban",
    "K": "Jawaban Unit",
    "L": "Catatan/Keterangan/Penjelasan (Unit)",
    "M": "Daftar Bukti Dukung (Unit)",
    "N": "Tautan Bukti Dukung Baru",
    "O": "Jawaban TPI",
    "P": "Nilai",
    "Q": "%",
    "R": "Catatan/Keterangan/Penjelasan (TPI Unit)",
    "S": "Jawaban TPI Kementerian Contoh",
    "T": "Nilai",
    "U": "%",
    "V": "Catatan/Keterangan/Penjelasan (TPI Kementerian Contoh)",
}
MINISTRY_BLOCKS = (("K", "L", "M"), ("O", "R", None), ("S", "V", None))


def ministry_export(worksheets: list[zi.Worksheet | None], path: Path, *, rb: zi.Rulebook) -> dict[str, Any]:
    """The ministry's export: one block per assessor (unit, TPI unit, TPI instansi)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Jawaban"
    for column, title in MINISTRY_HEADERS.items():
        sheet[f"{column}1"] = title
    where: dict[str, int] = {}
    for row, entry in sorted(official_rows(rb).items()):
        sheet.cell(row, 1, row)
        kind = entry["kind"]
        if kind == "heading":
            column = 2 + entry["level"]
            sheet.cell(row, column, entry["token"])
            sheet.cell(row, column + 1, entry["label"])
            sheet.cell(row, 8, float(entry["weight"]))
            continue
        if kind == "subheader":
            sheet.cell(row, 7, entry["label"])
            continue
        item = entry["item"]
        if kind == "input":
            sheet.cell(row, 7, entry["label"])
            sheet.cell(row, 10, "Jumlah")
            where[f"{item.code}:{entry['name']}"] = row
        else:
            sheet.cell(row, 6, entry["token"])
            sheet.cell(row, 7, entry["label"])
            sheet.cell(row, 9, f"Kriteria {item.code}")
            sheet.cell(row, 10, options_of(item))
            if item.kind is ItemKind.COUNT:
                where[f"{item.code}:%"] = row
                continue
            where[item.code] = row
        for ws, (answer_col, note_col, evidence_col) in zip(worksheets, MINISTRY_BLOCKS, strict=False):
            value = _cell_value(ws, entry)
            if value is not None:
                sheet[f"{answer_col}{row}"] = value
            answer = ws.answer(item.code) if ws is not None else None
            first_input = kind == "item" or entry["name"] == item.inputs[0].name
            if answer is not None and first_input:
                if answer.note:
                    sheet[f"{note_col}{row}"] = answer.note
                    sheet[f"{note_col}{row}"].data_type = "s"
                if answer.evidence and evidence_col:
                    sheet[f"{evidence_col}{row}"] = answer.evidence
                    sheet[f"{evidence_col}{row}"].data_type = "s"
            if ws is not None and answer_col != "K" and kind == "item":
                mine = ws.value(item.code)
                if mine is not None:
                    value_col = chr(ord(answer_col) + 1)
                    sheet[f"{value_col}{row}"] = float(mine)
                    sheet[f"{chr(ord(answer_col) + 2)}{row}"] = float(mine * 100)
    for title in ("Rekap TPI Unit", "Rekap TPI Kementerian"):
        summary = book.create_sheet(title)
        summary["A1"] = title
        summary["A2"] = "Nilai total"
    book.save(path)
    return where


def portalrb_upload(unit: zi.Worksheet | None, tpi: zi.Worksheet | None, path: Path, *, rb: zi.Rulebook) -> None:
    """PortalRB's upload layout: the master's rows, unit K/L/M, TPI N/Q; no soal ids."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Jawaban"
    sheet["B1"] = "LKE ZONA INTEGRITAS"
    for column, title in (
        ("K", "Jawaban Unit"),
        ("L", "Catatan Unit"),
        ("M", "Bukti Dukung Unit"),
        ("N", "Jawaban TPI"),
        ("Q", "Catatan TPI"),
    ):
        sheet[f"{column}4"] = title
    for row, entry in sorted(official_rows(rb).items()):
        if row <= 4:
            continue
        kind = entry["kind"]
        if kind in ("heading", "subheader"):
            sheet.cell(row, 2, entry["label"])
            continue
        item = entry["item"]
        sheet.cell(row, 2, entry["label"])
        if kind == "item" and item.kind is ItemKind.COUNT:
            continue
        for ws, (answer_col, note_col, evidence_col) in ((unit, ("K", "L", "M")), (tpi, ("N", "Q", None))):
            value = _cell_value(ws, entry)
            if value is not None:
                sheet[f"{answer_col}{row}"] = value
            answer = ws.answer(item.code) if ws is not None else None
            first = kind == "item" or entry["name"] == item.inputs[0].name
            if answer is not None and first:
                if answer.note:
                    sheet[f"{note_col}{row}"] = answer.note
                    sheet[f"{note_col}{row}"].data_type = "s"
                if answer.evidence and evidence_col:
                    sheet[f"{evidence_col}{row}"] = answer.evidence
                    sheet[f"{evidence_col}{row}"].data_type = "s"
    book.save(path)
