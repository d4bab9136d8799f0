"""The workbooks agencies circulate: four layouts read, every assessor column scored, answers filled back in."""

from __future__ import annotations

import subprocess
import warnings
import zipfile

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import workbook_fixtures as fx
import zona_integritas as zi
from conftest import skip_or_fail
from zona_integritas import examples
from zona_integritas.io.excel import write_workbook
from zona_integritas.io.portalrb import write_jawaban_workbook
from zona_integritas.io.workbooks import WorkbookFiguresWarning, fill_workbook, read_workbook
from zona_integritas.testing import worksheets

RB = zi.load_rulebook("permenpanrb-90-2021")
KEDIRI = examples.kediri_worksheet_2022()
#: The unit's answers: Kediri's, with LHKPN counts where 'others' matters and one question left blank.
UNIT = KEDIRI.with_assessor("unit").with_answers(
    {"R5.iii.a": {"unit_heads": 1, "officials": 4, "others": 3, "submitted": 6}, "P1.i.b": None}
)


def reviewed(changes, *, notes=True):
    """A TPI worksheet: the unit's answers with ``changes``; notes kept, evidence dropped (TPI has no column)."""
    answers = {code: zi.Answer(a.value, a.note if notes else None, None) for code, a in UNIT.answers.items()}
    return zi.Worksheet.from_answers(RB, answers, assessor="tpi").with_answers(changes)


TPI_UNIT = reviewed({"P1.i.a": "Tidak", "P2.i.a": None, "R4.i.a": {"targets": 9, "met": 5}})
TPI_INSTANSI = reviewed({"P1.i.a": "Tidak", "H1.b": None, "P3.i.a": None, "H1.a": "3.40"})


def card(ws, policy="zero"):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", zi.IncompleteWorksheetWarning)
        return zi.score(ws, unanswered=policy)


# -- 2. an agency's copy of the official LKE ZI ----------------------------------------------------------------
def test_an_agency_copy_with_loose_numbering_is_read_and_scored_exactly(tmp_path):
    fx.agency_copy(UNIT, tmp_path / "copy.xlsx", rb=RB)
    with warnings.catch_warnings():
        warnings.simplefilter("error", WorkbookFiguresWarning)
        found = read_workbook(tmp_path / "copy.xlsx")
    assert found.layout == "lke-zi-salinan" and found.layout_title == "An agency's copy of the LKE ZI"
    assert found.unit == "Dinas Penanaman Modal dan PTSP Kota Contoh"
    assert [(c.assessor, c.tier, c.column) for c in found.columns] == [(zi.Assessor.UNIT, 0, "K")]
    unit = found.select("unit").worksheet
    assert unit == UNIT
    assert unit.answer("P1.i.a").note == "Tim ZI ditetapkan dengan SK Kepala Dinas"
    # the copy's own AVERAGE matches the library's "skip" policy; its figures agree with ours
    assert found.policy is zi.UnansweredPolicy.SKIP and found.disagreements == ()
    assert card(unit, "skip").total.value == card(UNIT, "skip").total.value
    assert card(unit, "skip").total.rounded == zi.decimals.round_half_up(card(UNIT, "skip").total.value)


def test_the_slips_of_an_agency_copy_are_reported_as_disagreements_not_failures(tmp_path):
    info = fx.agency_copy(UNIT, tmp_path / "slips.xlsx", rb=RB, slips=True)
    with pytest.warns(WorkbookFiguresWarning) as caught:
        found = read_workbook(tmp_path / "slips.xlsx")
    assert found.worksheet == UNIT  # the answers are taken; the library scores them
    rows = info["rows"]
    others = info["inputs"]["R5.iii.a:others"]
    lhkpn = rows["R5.iii.a"]
    got = {(d.cell, d.why) for d in found.disagreements}
    assert got == {
        (f"K{lhkpn}", f"its formula leaves out row {others} (- Jumlah lainnya wajib lapor)"),
        (f"L{lhkpn}", f"its formula leaves out row {others} (- Jumlah lainnya wajib lapor)"),
        (f"L{rows['R5.iii']}", f"it carries the difference of row {lhkpn} (LHKPN)"),
        (f"L{rows['R5']}", f"it carries the difference of row {rows['R5.iii']} (Penyampaian laporan harta kekayaan)"),
        (f"L{rows['reform']}", f"it carries the difference of row {rows['R5']} (PENGUATAN PENGAWASAN)"),
        (f"L{rows['pengungkit']}", f"it carries the difference of row {rows['reform']} (REFORM)"),
        (f"L{rows['TOTAL PENGUNGKIT']}", "a typed number, not a formula over its parts"),
    }
    ours = card(UNIT, "skip")
    theirs = info["theirs"]
    lhkpn_disagreement = next(d for d in found.disagreements if d.cell == f"K{lhkpn}")
    assert lhkpn_disagreement.ours == ours.worksheet.value("R5.iii.a") == zi.decimals.CONTEXT.divide(6, 8)
    assert lhkpn_disagreement.theirs == theirs.worksheet.value("R5.iii.a") == 1
    typed = next(d for d in found.disagreements if "typed" in d.why)
    assert typed.theirs == zi.decimals.round_half_up(theirs.value("pengungkit")) + fx.TYPED_TOTAL_EXCESS
    assert typed.ours == ours.value("pengungkit")
    assert f"cell K{lhkpn} (LHKPN): the workbook has 1.00, the library computes 0.75" in str(caught[0].message)


def test_a_bad_count_is_reported_at_the_input_row_with_its_own_label(tmp_path):
    info = fx.agency_copy(UNIT, tmp_path / "bad.xlsx", rb=RB)
    book = openpyxl.load_workbook(tmp_path / "bad.xlsx")
    met = info["inputs"]["R4.i.a:met"]
    book["LKE ZI"].cell(met, 11, "sembilan")
    book["LKE ZI"].cell(info["rows"]["P1.i.a"], 11, "Iya")
    book.save(tmp_path / "bad.xlsx")
    with pytest.raises(zi.InvalidInputError) as caught:
        read_workbook(tmp_path / "bad.xlsx")
    problems = caught.value.problems
    assert len(problems) == 2
    assert (
        f"sheet 'LKE ZI', cell K{met} (- Jumlah sasaran tercapai 100% atau lebih): a count must be a non-negative "
        "whole number; got 'sembilan'" in problems
    )
    first = info["rows"]["P1.i.a"]
    assert any(f"(sheet 'LKE ZI', cell K{first} (Tim pembangunan ZI sudah dibentuk))" in p for p in problems)


# -- 4. a ministry's export with review tiers --------------------------------------------------------------
def test_a_ministry_export_gives_one_worksheet_per_assessor_in_tier_order(tmp_path):
    fx.ministry_export([UNIT, TPI_UNIT, TPI_INSTANSI], tmp_path / "export.xlsx", rb=RB)
    found = read_workbook(tmp_path / "export.xlsx")
    assert found.layout == "jawaban-berjenjang"
    assert [(c.assessor.value, c.tier, c.title, c.column) for c in found.columns] == [
        ("unit", 0, "Jawaban Unit", "K"),
        ("tpi", 1, "Jawaban TPI", "O"),
        ("tpi", 2, "Jawaban TPI Kementerian Contoh", "S"),
    ]
    assert found.worksheets == (UNIT, TPI_UNIT, TPI_INSTANSI)
    assert found.select("tpi").worksheet == TPI_INSTANSI  # the last tier with answers
    assert found.select("tpi", tier=1).worksheet == TPI_UNIT
    for column, ws in zip(found.columns, (UNIT, TPI_UNIT, TPI_INSTANSI), strict=True):
        assert card(column.worksheet).total.value == card(ws).total.value
    # the unit's evidence travels in M (and N, the new links), its note in L
    assert found.columns[0].worksheet.answer("P1.i.a") == UNIT.answer("P1.i.a")
    assert [(g.code, g.tier, g.cell) for g in found.review_gaps] == [
        ("P2.i.a", 1, "O23"),
        ("P3.i.a", 2, "S36"),
        ("H1.b", 2, "S200"),
    ]
    with pytest.raises(zi.InvalidAnswerError, match="no column for tpn"):
        found.select("tpn")


def test_a_ministry_export_row_number_column_is_not_read_as_soal_ids(tmp_path):
    where = fx.ministry_export([UNIT, None, None], tmp_path / "export.xlsx", rb=RB)
    found = read_workbook(tmp_path / "export.xlsx")
    assert found.columns[0].cells["R1.i.b:integrated"] == "K130" == f"K{where['R1.i.b:integrated']}"
    assert found.select("unit").worksheet == UNIT
    assert [c.has_answers for c in found.columns] == [True, False, False]
    with pytest.raises(zi.InvalidAnswerError, match="the workbook has no column for tpi tier 3"):
        found.select("tpi", tier=3)


def test_a_bad_value_in_a_ministry_export_names_the_input_row(tmp_path):
    where = fx.ministry_export([UNIT, TPI_UNIT, None], tmp_path / "export.xlsx", rb=RB)
    book = openpyxl.load_workbook(tmp_path / "export.xlsx")
    book["Jawaban"][f"K{where['R1.i.b:integrated']}"] = 99
    book["Jawaban"][f"O{where['P1.i.b']}"] = "D"
    book.save(tmp_path / "export.xlsx")
    with pytest.raises(zi.InvalidInputError) as caught:
        read_workbook(tmp_path / "export.xlsx")
    assert sorted(caught.value.problems) == [
        "item 'P1.i.b' takes A, B or C; got 'D' (sheet 'Jawaban', cell O7 (Anggota tim dipilih dengan prosedur jelas))",
        "sheet 'Jawaban', cell K130 (- Jumlah perubahan yang diintegrasikan): - Jumlah perubahan yang diintegrasikan "
        "(99) is more than - Jumlah perubahan yang dibuat (10)",
    ]


# -- 3. PortalRB's upload layout -----------------------------------------------------------------------------
def test_the_portalrb_upload_layout_is_read_on_the_masters_rows_without_an_id_column(tmp_path):
    fx.portalrb_upload(UNIT, TPI_UNIT, tmp_path / "upload.xlsx", rb=RB)
    found = read_workbook(tmp_path / "upload.xlsx")
    assert found.layout == "portalrb-jawaban"
    assert [(c.assessor.value, c.tier, c.column) for c in found.columns] == [("unit", 0, "K"), ("tpi", 1, "N")]
    assert found.worksheets == (UNIT, TPI_UNIT)
    assert found.columns[0].cells["R1.i.a:agents"] == "K126" and found.columns[1].cells["H2.a"] == "N202"


# -- 1. our own layout, and the library's Jawaban ----------------------------------------------------------
def test_our_own_layouts_are_still_recognised(tmp_path):
    found = read_workbook(write_workbook(KEDIRI, tmp_path / "ours.xlsx", unit="DPM PTSP"))
    assert (found.layout, found.unit, found.worksheet) == ("lke-zi", "DPM PTSP", KEDIRI)
    write_jawaban_workbook(tmp_path / "jawaban.xlsx", None, unit=UNIT, tpi=TPI_UNIT, unit_name="DPM PTSP")
    found = read_workbook(tmp_path / "jawaban.xlsx")
    assert (found.layout, found.unit, found.worksheets) == ("portalrb-jawaban", "DPM PTSP", (UNIT, TPI_UNIT))


# -- filling the user's own file ----------------------------------------------------------------------------
def _blank(layout, path):
    if layout == "lke-zi":
        return write_workbook(RB, path)
    if layout == "lke-zi-salinan":
        fx.agency_copy(None, path, rb=RB)
    elif layout == "jawaban-berjenjang":
        fx.ministry_export([None, None, None], path, rb=RB)
    else:
        fx.portalrb_upload(None, None, path, rb=RB)
    return path


LAYOUT_NAMES = ["lke-zi", "lke-zi-salinan", "jawaban-berjenjang", "portalrb-jawaban"]
TARGETS = {
    "lke-zi": ("tpi", None),
    "lke-zi-salinan": ("unit", None),
    "jawaban-berjenjang": ("tpi", 2),
    "portalrb-jawaban": ("tpi", None),
}


@pytest.fixture(scope="module")
def blanks(tmp_path_factory):
    folder = tmp_path_factory.mktemp("blanks")
    return {name: _blank(name, folder / f"{name}.xlsx") for name in LAYOUT_NAMES}


@pytest.mark.parametrize("layout", LAYOUT_NAMES)
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ws=worksheets(RB, assessor="tpi"))
def test_fill_then_read_gives_the_same_answers_in_every_layout(tmp_path, blanks, layout, ws):
    assessor, tier = TARGETS[layout]
    ws = ws.with_assessor(assessor)
    out = fill_workbook(blanks[layout], ws, tier=tier, out=tmp_path / f"{layout}.xlsx")
    found = read_workbook(out)
    assert found.layout == layout
    assert found.select(assessor, tier).worksheet.to_answers() == ws.to_answers()


def _snapshot(path):
    book = openpyxl.load_workbook(path)
    cells = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for c in row:
                cells[(sheet.title, c.coordinate)] = (c.value, c.number_format, c.font.b, c.fill.fgColor.rgb)
    validations = {
        (sheet.title, dv.formula1, str(dv.sqref))
        for sheet in book.worksheets
        for dv in sheet.data_validations.dataValidation
    }
    merged = {(sheet.title, str(r)) for sheet in book.worksheets for r in sheet.merged_cells.ranges}
    return cells, validations, merged, book.sheetnames


@pytest.mark.parametrize("layout", LAYOUT_NAMES)
def test_fill_touches_only_the_assessors_cells(tmp_path, layout):
    source = tmp_path / "source.xlsx"
    if layout == "lke-zi-salinan":
        fx.agency_copy(UNIT, source, rb=RB, slips=True)
    elif layout == "jawaban-berjenjang":
        fx.ministry_export([UNIT, TPI_UNIT, None], source, rb=RB)
    elif layout == "portalrb-jawaban":
        fx.portalrb_upload(UNIT, None, source, rb=RB)
    else:
        write_workbook(UNIT, source)
    assessor, tier = TARGETS[layout]
    target = TPI_INSTANSI.with_assessor(assessor)
    filled = fill_workbook(source, target, tier=tier, out=tmp_path / "filled.xlsx")
    before, after = _snapshot(source), _snapshot(filled)
    found = read_workbook(filled, check_figures=False)
    column = found.select(assessor, tier)
    rows = {int(cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) for cell in column.cells.values()}
    letters = [column.column, column.note_column, *column.evidence_columns]
    allowed = {(found.sheet, f"{letter}{row}") for letter in letters if letter for row in rows}
    if layout == "lke-zi":
        allowed.add((found.sheet, "F3"))  # the 'Penilai' header names the assessor of the single column
    changed = {key for key in set(before[0]) | set(after[0]) if before[0].get(key) != after[0].get(key)}
    assert changed and changed <= allowed, sorted(changed - allowed)[:5]
    assert before[1:] == after[1:]  # validations, merged cells and sheets as they were
    assert column.worksheet.to_answers() == target.to_answers()
    if layout == "jawaban-berjenjang":
        assert found.worksheets[:2] == (UNIT, TPI_UNIT)
    if layout == "portalrb-jawaban":
        assert found.worksheets[0] == UNIT
    if layout == "lke-zi-salinan":  # the copy's own formulas are still there, its slips included
        assert _formulas_in(filled) == _formulas_in(source)


@pytest.mark.libreoffice
def test_a_filled_agency_copy_recalculates_in_libreoffice_to_the_librarys_figures(tmp_path):
    import shutil

    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        skip_or_fail("needs LibreOffice (Debian's libreoffice-calc) to recalculate workbooks; install it to run this")
    blank = tmp_path / "blank.xlsx"
    fx.agency_copy(None, blank, rb=RB)
    filled = fill_workbook(blank, UNIT, out=tmp_path / "filled.xlsx")
    out = tmp_path / "recalculated"
    subprocess.run(
        [exe, "--headless", "--calc", "--convert-to", "xlsx", "--outdir", str(out), str(filled)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", WorkbookFiguresWarning)
        found = read_workbook(out / "filled.xlsx")
    assert found.worksheet == UNIT and found.disagreements == () and found.policy is zi.UnansweredPolicy.SKIP
    sheet = openpyxl.load_workbook(out / "filled.xlsx", data_only=True)["LKE ZI"]
    totals = [row for row in sheet.iter_rows(values_only=True) if row[1] in ("TOTAL PENGUNGKIT", "TOTAL HASIL")]
    expected = card(UNIT, "skip")
    assert [round(t[11], 9) for t in totals] == [
        round(float(expected.value("pengungkit")), 9),
        round(float(expected.value("hasil")), 9),
    ]


# -- issue 18 item 4: user text is always text ----------------------------------------------------------------
HOSTILE = '=HYPERLINK("http://example.invalid","klik")'
CMD = "=cmd|' /C calc'!A0"


def _formulas_in(path):
    with zipfile.ZipFile(path) as archive:
        return sum(archive.read(n).count(b"<f>") for n in archive.namelist() if n.startswith("xl/worksheets/"))


def test_notes_evidence_and_unit_names_that_look_like_formulas_are_written_and_read_as_text(tmp_path):
    ws = UNIT.with_answers({"P1.i.a": {"answer": "Ya", "note": HOSTILE, "evidence": CMD}})
    plain = UNIT.with_answers({"P1.i.a": {"answer": "Ya", "note": "catatan", "evidence": "bukti"}})
    ours = write_workbook(ws, tmp_path / "ours.xlsx", unit=CMD)
    assert _formulas_in(ours) == _formulas_in(write_workbook(plain, tmp_path / "plain.xlsx", unit="x"))
    found = read_workbook(ours)
    assert found.unit == CMD and found.worksheet.answer("P1.i.a") == zi.Answer("Ya", HOSTILE, CMD)
    jawaban = write_jawaban_workbook(tmp_path / "jawaban.xlsx", None, unit=ws, unit_name=HOSTILE)
    assert _formulas_in(jawaban) == 0
    found = read_workbook(jawaban)
    assert found.unit == HOSTILE and found.select("unit").worksheet.answer("P1.i.a") == zi.Answer("Ya", HOSTILE, CMD)
    for layout in LAYOUT_NAMES:
        blank = _blank(layout, tmp_path / f"blank-{layout}.xlsx")
        before = _formulas_in(blank)
        assessor, tier = TARGETS[layout]
        target = ws.with_assessor(assessor)
        filled = fill_workbook(blank, target, tier=tier, out=tmp_path / f"filled-{layout}.xlsx")
        assert _formulas_in(filled) == before, layout
        answer = read_workbook(filled).select(assessor, tier).worksheet.answer("P1.i.a")
        evidence = CMD if layout not in ("portalrb-jawaban", "jawaban-berjenjang") else None
        if layout == "jawaban-berjenjang":
            evidence = None  # the TPI blocks have no evidence column
        assert answer == zi.Answer("Ya", HOSTILE, evidence), layout


def test_filling_a_workbook_with_a_chart_warns_that_the_chart_is_not_kept(tmp_path):
    from openpyxl.chart import BarChart, Reference

    from zona_integritas.io.workbooks import WorkbookFillWarning

    path = tmp_path / "chart.xlsx"
    fx.portalrb_upload(UNIT, None, path, rb=RB)
    book = openpyxl.load_workbook(path)
    chart = BarChart()
    chart.add_data(Reference(book["Jawaban"], min_col=11, min_row=6, max_row=10))
    book["Jawaban"].add_chart(chart, "S2")
    book.save(path)
    with pytest.warns(WorkbookFillWarning, match=r"its charts, drawings \(charts, pictures or shapes\) are not kept"):
        filled = fill_workbook(path, TPI_UNIT, out=tmp_path / "filled.xlsx")
    assert read_workbook(filled).worksheets == (UNIT, TPI_UNIT)


_WORDS = (
    st.text(
        alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x2FF, exclude_characters="\x7f"),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)


@pytest.mark.parametrize("layout", LAYOUT_NAMES)
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    notes=st.dictionaries(st.sampled_from(RB.item_codes), st.tuples(_WORDS, st.one_of(st.none(), _WORDS)), max_size=6),
    formula_like=st.booleans(),
)
def test_notes_and_evidence_round_trip_in_every_layout(tmp_path, blanks, layout, notes, formula_like):
    assessor, tier = TARGETS[layout]
    has_evidence = layout in ("lke-zi", "lke-zi-salinan")  # the TPI blocks of the Jawaban layouts have none
    answers = {}
    for code, (note, evidence) in notes.items():
        note = "=" + note if formula_like else note
        answers[code] = {
            "answer": RB.item(code).best_answer,
            "note": note,
            "evidence": evidence if has_evidence else None,
        }
    ws = zi.Worksheet.from_answers(RB, answers, assessor=assessor)
    out = fill_workbook(blanks[layout], ws, tier=tier, out=tmp_path / f"{layout}.xlsx")
    assert read_workbook(out).select(assessor, tier).worksheet.to_answers() == ws.to_answers()


def test_a_sheet_missing_a_header_is_named_with_the_header_it_lacks(tmp_path):
    fx.agency_copy(UNIT, tmp_path / "copy.xlsx", rb=RB)
    book = openpyxl.load_workbook(tmp_path / "copy.xlsx")
    book["LKE ZI"]["J5"] = "Opsi"
    book.save(tmp_path / "copy.xlsx")
    with pytest.raises(zi.InvalidInputError) as caught:
        read_workbook(tmp_path / "copy.xlsx")
    assert (
        f"{tmp_path / 'copy.xlsx'}: sheet 'LKE ZI' looks like An agency's copy of the LKE ZI but its first 40 rows "
        "have no header 'Pilihan Jawaban'" in caught.value.problems
    )


def test_a_question_that_appears_twice_is_reported_with_both_rows(tmp_path):
    info = fx.agency_copy(UNIT, tmp_path / "copy.xlsx", rb=RB)
    book = openpyxl.load_workbook(tmp_path / "copy.xlsx")
    sheet = book["LKE ZI"]
    first, second = info["rows"]["P1.i.a"], info["rows"]["P1.i.b"]
    for column in range(1, 15):
        sheet.cell(second, column).value = sheet.cell(first, column).value
    book.save(tmp_path / "copy.xlsx")
    with pytest.raises(zi.InvalidInputError) as caught:
        read_workbook(tmp_path / "copy.xlsx")
    assert caught.value.problems == [
        f"sheet 'LKE ZI', row {second} (Tim pembangunan ZI sudah dibentuk): the question of row {first} appears again"
    ]


@pytest.mark.parametrize("layout", ["lke-zi-salinan", "jawaban-berjenjang"])
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(unit=worksheets(RB, assessor="unit"), tpi=worksheets(RB, assessor="tpi"))
def test_the_library_writes_the_agency_and_ministry_layouts_too(tmp_path, layout, unit, tpi):
    from zona_integritas.io.review_export import write_review_export

    path = tmp_path / f"{layout}.xlsx"
    if layout == "lke-zi-salinan":
        write_workbook(unit, path, unit="Dinas Contoh", layout=layout)
        found = read_workbook(path)
        assert (found.layout, found.unit, found.worksheets) == (layout, "Dinas Contoh", (unit,))
        return
    write_review_export(path, unit, [tpi, TPI_UNIT], titles=["TPI Unit", "TPI Kementerian"], unit_name="Dinas Contoh")
    found = read_workbook(path)
    assert (found.layout, found.unit) == (layout, "Dinas Contoh")
    assert [c.worksheet.to_answers() for c in found.columns] == [
        unit.to_answers(),
        tpi.to_answers(),
        TPI_UNIT.to_answers(),
    ]


_CELL_VALUES = st.one_of(
    st.none(),
    st.sampled_from(["a", "a.", "-", "I.", "ii", "B", "Jumlah", "%", "Ya", "TOTAL HASIL", "Jawaban TPI", "ID", "=1+"]),
    st.text(max_size=8).map(lambda s: "".join(ch for ch in s if ch.isprintable())),
    st.integers(-5, 300),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
)


@pytest.mark.parametrize("layout", LAYOUT_NAMES)
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.integers(1, 210), st.integers(1, 22), _CELL_VALUES), min_size=1, max_size=25))
def test_a_workbook_scribbled_on_gives_a_result_or_the_librarys_own_error(tmp_path, blanks, layout, edits):
    book = openpyxl.load_workbook(blanks[layout])
    sheet = book.worksheets[0]
    for row, column, value in edits:
        if any(str(r) and sheet.cell(row, column).coordinate in r for r in sheet.merged_cells.ranges):
            continue
        cell = sheet.cell(row, column)
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"
    book.save(tmp_path / "scribbled.xlsx")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", zi.ZonaIntegritasWarning)
        try:
            found = read_workbook(tmp_path / "scribbled.xlsx")
        except zi.InvalidInputError as exc:
            assert exc.problems and all(isinstance(p, str) and p for p in exc.problems)
        else:
            assert found.columns and all(c.worksheet.rulebook == RB for c in found.columns)


def test_a_tpn_column_after_the_tpi_tiers_is_read_as_tpn(tmp_path):
    where = fx.ministry_export([UNIT, TPI_UNIT, TPI_INSTANSI], tmp_path / "export.xlsx", rb=RB)
    book = openpyxl.load_workbook(tmp_path / "export.xlsx")
    sheet = book["Jawaban"]
    sheet["W1"], sheet["X1"] = "Jawaban TPN", "Catatan TPN"
    sheet[f"W{where['P1.i.a']}"], sheet[f"X{where['P1.i.a']}"] = "Ya", "dicek di lapangan"
    book.save(tmp_path / "export.xlsx")
    found = read_workbook(tmp_path / "export.xlsx")
    assert [(c.assessor.value, c.tier) for c in found.columns][-1] == ("tpn", 1)
    tpn = found.select("tpn").worksheet
    assert tpn.to_answers() == {"P1.i.a": {"answer": "Ya", "note": "dicek di lapangan", "evidence": None}}
    assert found.select("tpi").worksheet == TPI_INSTANSI  # TPN is not a TPI tier
    assert {(g.assessor.value, g.tier) for g in found.review_gaps} >= {("tpn", 1)}
