from __future__ import annotations

import random
import shutil
import subprocess
import warnings
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings

import zona_integritas as zi
from conftest import skip_or_fail
from zona_integritas import examples
from zona_integritas.io.excel import SHEET, WorkbookFiguresWarning, read_workbook, write_workbook
from zona_integritas.rulebook import ItemKind
from zona_integritas.testing import worksheets

RB = zi.load_rulebook("permenpanrb-90-2021")
KEDIRI = examples.kediri_worksheet_2022()


def quiet(ws, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", zi.IncompleteWorksheetWarning)
        return zi.score(ws, **kw)


def test_a_filled_workbook_round_trips(tmp_path):
    path = write_workbook(KEDIRI, tmp_path / "lke.xlsx", unit="DPM PTSP Kota Kediri")
    found = read_workbook(path)
    assert found.worksheet == KEDIRI and found.unit == "DPM PTSP Kota Kediri" and found.layout == "lke-zi"
    assert found.worksheet.answer("P1.i.a").note == "Tim ZI ditetapkan dengan SK Kepala Dinas"


def test_a_blank_workbook_has_every_item_and_a_drop_down_on_every_answer_cell(tmp_path):
    path = write_workbook(RB, tmp_path / "blank.xlsx")
    assert read_workbook(path).worksheet.completeness == (0, 113)
    sheet = openpyxl.load_workbook(path)[SHEET]
    codes = [sheet.cell(r, 7).value for r in range(8, sheet.max_row + 1)]
    assert all(code in codes for code in RB.item_codes)
    validated = {str(c) for dv in sheet.data_validations.dataValidation for rng in dv.sqref.ranges for c in [rng]}
    answer_rows = [r for r in range(8, sheet.max_row + 1) if sheet.cell(r, 10).value not in (None, "%")]
    assert len(answer_rows) == 113 - 8 + 22
    assert all(f"K{r}" in validated for r in answer_rows)
    options = {dv.formula1 for dv in sheet.data_validations.dataValidation if dv.type == "list"}
    assert options == {'"Ya,Tidak"', '"A,B,C"', '"A,B,C,D"', '"A,B,C,D,E"'}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ws=worksheets(RB))
def test_write_then_read_gives_the_same_worksheet_and_score(tmp_path, ws):
    path = write_workbook(ws, tmp_path / "h.xlsx")
    back = read_workbook(path).worksheet
    assert back == ws
    assert quiet(back).total.value == quiet(ws).total.value


def _edit(path, change):
    book = openpyxl.load_workbook(path)
    change(book, book[SHEET])
    book.save(path)
    return path


def test_a_copy_edited_by_people_is_still_read(tmp_path):
    def humanise(book, sheet):
        sheet.delete_cols(7)  # no code column: rows found by their numbering
        sheet.insert_rows(12, 2)  # blank rows
        sheet.merge_cells("F14:G14")  # merged cells
        sheet.cell(7, 18, "Verifikator")  # an extra column
        sheet.cell(15, 18, "ok")
        hidden = book.create_sheet("Rekap tersembunyi")
        hidden.sheet_state = "hidden"
        hidden["A1"] = "summary"

    path = _edit(write_workbook(KEDIRI, tmp_path / "copy.xlsx"), humanise)
    found = read_workbook(path, check_figures=False)
    assert found.worksheet == KEDIRI


def test_every_bad_cell_is_reported_with_sheet_and_cell(tmp_path):
    def spoil(book, sheet):
        rows = {sheet.cell(r, 7).value: r for r in range(8, sheet.max_row + 1)}
        sheet.cell(rows["P1.i.b"], 11, "D")
        sheet.cell(rows["H1.a"], 11, 4.5)
        sheet.cell(rows["R4.i.a:met"], 11, 99)
        sheet.cell(rows["P1.i.a"], 11, "Iya")

    path = _edit(write_workbook(KEDIRI, tmp_path / "bad.xlsx", language="id"), spoil)
    with pytest.raises(zi.InvalidInputError) as caught:
        read_workbook(path)
    found = caught.value.problems
    assert len(found) == 4
    assert any(p.startswith("item 'P1.i.b' takes A, B or C; got 'D' (sheet 'LKE ZI', cell K") for p in found)
    met = rows_of(path)["R4.i.a:met"]
    assert (
        f"sheet 'LKE ZI', cell K{met} (Jumlah sasaran tercapai 100% atau lebih): Jumlah sasaran tercapai 100% atau "
        "lebih (99) is more than Jumlah sasaran kinerja (9)" in found
    )


def rows_of(path):
    sheet = openpyxl.load_workbook(path)[SHEET]
    return {sheet.cell(r, 7).value: r for r in range(8, sheet.max_row + 1)}


def test_cached_figures_that_differ_from_the_recomputed_scores_are_named(tmp_path):
    def overwrite(book, sheet):
        rows = {sheet.cell(r, 7).value: r for r in range(8, sheet.max_row + 1)}
        sheet.cell(rows["total"], 12, 99.5)  # someone typed over the total's formula
        sheet.cell(rows["P1.i"], 12, 0.25)

    path = _edit(write_workbook(KEDIRI, tmp_path / "typed.xlsx", language="id"), overwrite)
    with pytest.warns(WorkbookFiguresWarning) as caught:
        found = read_workbook(path)
    message = str(caught[0].message)
    rows = rows_of(path)
    assert (
        f"cell L{rows['total']} (NILAI TOTAL (PENGUNGKIT + HASIL)): the workbook has 99.50, the library computes "
        "87.76 — a typed number, not a formula over its parts" in message
    )
    assert f"cell L{rows['P1.i']} (Penyusunan tim kerja): the workbook has 0.25, the library computes 0.50" in message
    assert found.differing_rows == (rows["total"], rows["P1.i"])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a zip at all", "not an .xlsx workbook"),
    ],
)
def test_malformed_files_are_refused_clearly(tmp_path, content, message):
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    with pytest.raises(zi.InvalidInputError) as caught:
        read_workbook(path)
    assert message in caught.value.problems[0]


def test_workbooks_with_macros_are_refused(tmp_path):
    path = write_workbook(KEDIRI, tmp_path / "m.xlsx")
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\0" * 10)
    with pytest.raises(zi.InvalidInputError) as caught:
        read_workbook(path)
    assert "carries macros" in caught.value.problems[0]


def test_zip_bombs_and_oversized_files_are_refused(tmp_path, monkeypatch):
    from zona_integritas.io import _xlsx

    path = write_workbook(KEDIRI, tmp_path / "b.xlsx")
    monkeypatch.setattr(_xlsx, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(zi.InvalidInputError, match="cannot be read") as caught:
        read_workbook(path)
    assert "unpacks to" in caught.value.problems[0]
    monkeypatch.setattr(_xlsx, "MAX_FILE_BYTES", 100)
    with pytest.raises(zi.InvalidInputError) as caught:
        read_workbook(path)
    assert "more than the limit of 100" in caught.value.problems[0]


def test_xml_entity_expansion_is_refused(tmp_path):
    path = write_workbook(KEDIRI, tmp_path / "e.xlsx")
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(bomb, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/workbook.xml":
                data = data.replace(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', b"", 1)
                data = (
                    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
                    + data.replace(b"LKE ZI", b"&lol2;", 1)
                )
            target.writestr(info, data)
    with pytest.raises(zi.InvalidInputError) as caught:
        read_workbook(bomb)
    assert "not a readable .xlsx workbook" in caught.value.problems[0]


def test_a_workbook_without_the_lke_sheet_is_named(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Sheet1"
    book.save(tmp_path / "other.xlsx")
    with pytest.raises(zi.InvalidInputError) as caught:
        read_workbook(tmp_path / "other.xlsx")
    assert "no sheet in a known LKE layout (sheets: Sheet1; known layouts: LKE ZI" in caught.value.problems[0]


# -- LibreOffice recalculation -------------------------------------------------------------------------------
def _random_worksheets(count):
    rnd = random.Random(90)
    out = []
    for _ in range(count):
        answers = {}
        for item in RB.items:
            if rnd.random() < 0.1:
                continue
            if item.kind is ItemKind.CHOICE:
                answers[item.code] = rnd.choice(item.scale.keys)
            elif item.kind is ItemKind.INDEX:
                answers[item.code] = f"{rnd.randint(0, 400) / 100:.2f}"
            else:
                counts = {n: rnd.randint(0, 20) for n in item.input_names}
                for rule in item.formula.at_most:
                    excess = sum(counts[n] for n in rule.left) - sum(counts[n] for n in rule.right)
                    if excess > 0:
                        counts[rule.right[0]] += excess
                answers[item.code] = counts
        out.append(zi.Worksheet.from_answers(RB, answers, assessor="tpi"))
    return out


def _soffice():
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        skip_or_fail("needs LibreOffice (Debian's libreoffice-calc) to recalculate workbooks; install it to run this")
    return exe


@pytest.mark.libreoffice
def test_libreoffice_recalculates_every_figure_exactly_as_the_library(tmp_path):
    cases = [("kediri", KEDIRI, "zero"), ("kediri-skip", KEDIRI.with_answers({"P1.i.b": None}), "skip")]
    cases += [(f"random{i}", ws, "zero") for i, ws in enumerate(_random_worksheets(4))]
    cases += [("kediri-id", KEDIRI, "skip")]  # the Indonesian Rekap's verdict words recalculate too
    paths = [
        write_workbook(
            ws, tmp_path / f"{name}.xlsx", unanswered=policy, language="id" if name.endswith("-id") else "en"
        )
        for name, ws, policy in cases
    ]
    out = tmp_path / "recalculated"
    subprocess.run(
        [_soffice(), "--headless", "--calc", "--convert-to", "xlsx", "--outdir", str(out), *map(str, paths)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    for name, ws, policy in cases:
        card = quiet(ws, unanswered=policy)
        sheet = openpyxl.load_workbook(out / f"{name}.xlsx", data_only=True)[SHEET]
        checked = 0
        for r in range(8, sheet.max_row + 1):
            code, value = sheet.cell(r, 7).value, sheet.cell(r, 12).value
            if not code or ":" in code or value in (None, ""):
                continue
            expected = ws.value(code) if RB.has_item(code) and code not in ("H1.a", "H1.b", "H2.a") else None
            if expected is None:
                expected = card.value(code) if not RB.has_item(code) else ws.value(code)
            assert abs(Decimal(repr(value)) - expected) < Decimal("1e-9"), (name, code, value, expected)
            checked += 1
        assert checked > 150
        summary = openpyxl.load_workbook(out / f"{name}.xlsx", data_only=True)["Rekap"]
        figures = {row[0]: row[2] for row in summary.iter_rows(min_row=2, values_only=True)}
        for area in card.areas:
            assert abs(Decimal(repr(figures[area.code])) - area.value) < Decimal("1e-9")
        assert abs(Decimal(repr(figures["total"])) - card.total.value) < Decimal("1e-9")
        # the cached results we wrote are what LibreOffice computes, cell by cell (verdicts included)
        recalculated = openpyxl.load_workbook(out / f"{name}.xlsx", data_only=True)
        compared = 0
        for title, coordinate, cached in _formula_cells(tmp_path / f"{name}.xlsx"):
            theirs = recalculated[title][coordinate].value
            if isinstance(cached, int | float) and not isinstance(cached, bool):
                assert abs(theirs - cached) < 1e-9, (name, title, coordinate, cached, theirs)
            else:
                assert (cached or None) == (theirs or None), (name, title, coordinate, cached, theirs)
            compared += 1
        assert compared > 300
        # the recalculated file is read back without any figure warning
        with warnings.catch_warnings():
            warnings.simplefilter("error", WorkbookFiguresWarning)
            assert read_workbook(out / f"{name}.xlsx").worksheet == ws


# -- cached values, the verdict Rekap and headers in words (issue 12 items 4-6) ---------------------------------
def _formula_cells(path):
    formulas = openpyxl.load_workbook(path)
    values = openpyxl.load_workbook(path, data_only=True)
    for sheet in formulas.worksheets:
        for row in sheet.iter_rows():
            for c in row:
                if c.data_type == "f":
                    yield sheet.title, c.coordinate, values[sheet.title][c.coordinate].value


def test_every_formula_carries_its_cached_result_for_readers_that_do_not_recalculate(tmp_path):
    path = write_workbook(KEDIRI, tmp_path / "k.xlsx")
    cells = list(_formula_cells(path))
    assert len(cells) > 300 and all(value is not None for _, _, value in cells)
    card = quiet(KEDIRI)
    sheet = openpyxl.load_workbook(path, data_only=True)[SHEET]
    rows = rows_of(path)
    assert sheet.cell(rows["total"], 12).value == float(card.value("total"))  # the nearest double
    assert sheet.cell(rows["R4.i.a"], 11).value == float(KEDIRI.value("R4.i.a"))
    blank = write_workbook(RB, tmp_path / "blank.xlsx")
    values = {coordinate: value for title, coordinate, value in _formula_cells(blank) if title == SHEET}
    assert values[f"L{rows['P1.i.a']}"] in ("", None) and values[f"L{rows['total']}"] == 0  # "" reads as empty


def _verdict_rows(path, data_only=True):
    sheet = openpyxl.load_workbook(path, data_only=data_only)["Rekap"]
    return {row[0]: row for row in sheet.iter_rows(values_only=True) if row[0] and ":" in str(row[0])}


@pytest.mark.parametrize("holds", [None, True])
def test_the_rekap_sheet_shows_each_verdict_criterion_as_the_library_decides_it(tmp_path, holds):
    path = write_workbook(KEDIRI, tmp_path / "k.xlsx", language="id")
    if holds:
        book = openpyxl.load_workbook(path)
        cell = next(
            c for row in book["Rekap"].iter_rows() for c in row if c.value and "predikat Menuju WBK?" in str(c.value)
        )
        book["Rekap"].cell(cell.row, 3, "Ya")
        book.save(path)
    rows = _verdict_rows(path, data_only=not holds)
    card = quiet(KEDIRI)
    for predicate in ("WBK", "WBBM"):
        verdict = zi.assess(card, target=predicate, holds_wbk=True)
        for criterion in RB.criteria_for(predicate):
            row = rows[f"{predicate}:{criterion.key}"]
            if criterion.kind is zi.rulebook.CriterionKind.EACH_AREA:
                passed = all(r.passed for r in verdict.criteria if r.key.startswith("A"))
            elif criterion.kind is zi.rulebook.CriterionKind.PRIOR_PREDICATE:
                if not holds:
                    assert row[4] == "Belum diisi"
                continue
            else:
                passed = verdict.criterion(criterion.key).passed
            if not holds:
                assert row[4] == ("Memenuhi" if passed else "Belum memenuhi"), (predicate, criterion.key)
            else:
                assert str(row[4]).startswith("=IF(")  # a live formula over the figures
    if not holds:
        sheet = openpyxl.load_workbook(path, data_only=True)["Rekap"]
        conclusions = [r[4] for r in sheet.iter_rows(values_only=True) if r[1] and str(r[1]).startswith("Kesimpulan")]
        assert conclusions == ["Memenuhi", "Belum memenuhi"]


def test_headers_are_written_in_words_a_civil_servant_reads(tmp_path):
    path = write_workbook(KEDIRI, tmp_path / "k.xlsx", unit="DPM PTSP", unanswered="skip", language="id")
    sheet = openpyxl.load_workbook(path)[SHEET]
    header = {sheet.cell(r, 1).value: sheet.cell(r, 6).value for r in range(2, 6)}
    assert header == {
        "Peraturan": "Peraturan Menteri PANRB Nomor 90 Tahun 2021 tentang Pembangunan dan Evaluasi Zona Integritas",
        "Penilai": "TPI (Tim Penilai Internal)",
        "Unit kerja": "DPM PTSP",
        "Jawaban kosong": "Tidak dihitung: pertanyaan yang belum dijawab dilewati dalam rata-rata indikatornya "
        "(seperti fungsi AVERAGE pada LKE resmi)",
    }
    zero = sheet.cell(6, 6).value
    assert sheet.cell(6, 1).value == "Penyebut nol" and zero.startswith("Jika penyebut butir persentase bernilai 0 — ")
    assert "R5.ii.a Pengaduan masyarakat diselesaikan: nilai penuh (100%)" in zero and "R3.iii.a " in zero
    words = " ".join(str(sheet.cell(r, c).value or "") for r in range(1, 8) for c in range(1, 18))
    assert not any(english in words for english in ("zero", "skip", "permenpanrb-", "unanswered", "assessor"))
    found = read_workbook(path)
    assert found.policy is zi.UnansweredPolicy.SKIP and found.worksheet == KEDIRI and found.rulebook == RB
