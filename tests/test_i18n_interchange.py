"""Issue 13 on the interchange slice: workbooks, PortalRB, payloads, JSON, the store and the service in one
language at a time.

Every error class the slice raises is raised in Indonesian and in English and checked with
:mod:`tests.language_checks`; workbooks written in either language read back exactly; the service's error
bodies keep their machine ``code`` and carry a message in the language the request accepts.
"""

from __future__ import annotations

import io
import json
import sqlite3
import warnings
import zipfile

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.language_checks import assert_speaks

from zona_integritas import examples, store
from zona_integritas.cli import main
from zona_integritas.errors import InvalidAnswerError, InvalidInputError, RulebookError, UnknownItemError
from zona_integritas.i18n import use_language
from zona_integritas.io import layouts
from zona_integritas.io.excel import write_workbook
from zona_integritas.io.payloads import TYPES, dumps, loads, to_payload
from zona_integritas.io.portalrb import (
    Master,
    MasterSoal,
    answers_payload,
    load_master,
    map_master,
    read_answers_payload,
    read_unit_list,
)
from zona_integritas.io.review_export import write_review_export
from zona_integritas.io.safejson import parse_json
from zona_integritas.io.workbooks import (
    WorkbookFiguresWarning,
    WorkbookFillWarning,
    fill_workbook,
    read_workbook,
)
from zona_integritas.io.worksheet_file import worksheet_from_document
from zona_integritas.organization import Instansi, Unit
from zona_integritas.rulebook_loader import load_rulebook
from zona_integritas.service import PortalRBApp, call
from zona_integritas.testing import worksheets
from zona_integritas.worksheet import Assessor, Worksheet

KEDIRI = examples.kediri_worksheet_2022()
RB = KEDIRI.rulebook
LANGUAGES = ("id", "en")
#: The rulebook's answer keys and the regulation's own names: data in both languages.
DATA = [
    RB.title,
    "Ya/Tidak",
    "Ya",
    "Tidak",
    "A/B/C/D/E",
    "A/B/C/D",
    "A/B/C",
    "Worksheet",
    "zona-integritas",
    "Zona Integritas",
    "PermenPANRB",
]
TOKEN = "rahasia-uji-123"


def speak(text: str, language: str, *data: object) -> None:
    assert_speaks(text, language, data=[*DATA, *(str(d) for d in data)])


def raised(language: str, action, kind=Exception) -> BaseException:  # type: ignore[no-untyped-def]
    with use_language(language), pytest.raises(kind) as caught:
        action()
    return caught.value


# -- workbooks: written in the language, read back in either -----------------------------------------------------
TITLES = {
    "id": {"lke-zi": "LKE ZI (format zona-integritas)", "lke-zi-salinan": "Salinan LKE ZI instansi"},
    "en": {"lke-zi": "LKE ZI (zona-integritas layout)", "lke-zi-salinan": "An agency's copy of the LKE ZI"},
}


@pytest.mark.parametrize(("layout", "policy"), [("lke-zi", "zero"), ("lke-zi-salinan", "skip")])
@pytest.mark.parametrize("written", LANGUAGES)
def test_a_workbook_written_in_either_language_reads_back_exactly_in_either(tmp_path, layout, policy, written):
    path = write_workbook(
        KEDIRI, tmp_path / "lke.xlsx", unit="DPM PTSP", unanswered=policy, layout=layout, language=written
    )
    for reading in LANGUAGES:
        with use_language(reading), warnings.catch_warnings():
            warnings.simplefilter("error", WorkbookFiguresWarning)  # the cached figures are the library's
            found = read_workbook(path)
        assert (found.layout, found.unit, found.policy.value if found.policy else None) == (layout, "DPM PTSP", policy)
        assert found.worksheet == KEDIRI and found.select("tpi").worksheet == KEDIRI
        assert found.layout_title == TITLES[reading][layout]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ws=worksheets(RB), written=st.sampled_from(LANGUAGES), layout=st.sampled_from(["lke-zi", "lke-zi-salinan"]))
def test_any_worksheet_round_trips_through_a_workbook_of_either_language(tmp_path, ws, written, layout):
    path = write_workbook(ws, tmp_path / f"{written}-{layout}.xlsx", layout=layout, language=written)
    reading = {"id": "en", "en": "id"}[written]  # read in the other language
    with use_language(reading), warnings.catch_warnings():
        warnings.simplefilter("error", WorkbookFiguresWarning)
        found = read_workbook(path, assessor=ws.assessor)
    assert found.worksheet == ws


@pytest.mark.parametrize("written", LANGUAGES)
def test_an_assessor_filled_into_a_workbook_of_either_language_reads_back(tmp_path, written):
    blank = write_workbook(RB, tmp_path / "blank.xlsx", language=written)
    unit = KEDIRI.with_assessor("unit")
    filled = fill_workbook(blank, unit, out=tmp_path / "filled.xlsx", language=written)
    assert read_workbook(filled).worksheet.to_answers() == unit.to_answers()
    copy = write_workbook(KEDIRI, tmp_path / "declared.xlsx", language=written)
    again = fill_workbook(copy, unit, assessor="unit", out=tmp_path / "again.xlsx", language=written)
    sheet = openpyxl.load_workbook(again)["LKE ZI"]
    assert sheet["F3"].value == {"id": "Unit (penilaian mandiri)", "en": "Unit (self-assessment)"}[written]
    found = read_workbook(again)
    assert found.columns[0].assessor is Assessor.UNIT and found.worksheet.to_answers() == unit.to_answers()


def _texts(path, language):  # type: ignore[no-untyped-def]
    """The words the library wrote in a workbook: headers, labels, options, Rekap (not answers, sources, codes)."""
    book = openpyxl.load_workbook(path)
    sheet, rekap = book["LKE ZI"], book["Rekap"]
    words = [str(c.value) for row in sheet.iter_rows(max_row=7) for c in row if isinstance(c.value, str)]
    words += [str(c.value) for c in sheet["F"] + sheet["J"] if isinstance(c.value, str)]
    words += [
        str(c.value)
        for row in rekap.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.column_letter not in ("A", "F") and not c.value.startswith("=")
    ]
    for validation in sheet.data_validations.dataValidation:
        words.append(str(validation.error))
    return words


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_written_workbook_speaks_one_language(tmp_path, language):
    path = write_workbook(KEDIRI, tmp_path / "lke.xlsx", unit="DPM PTSP", language=language)
    words = _texts(path, language)
    speak("\n".join(words), language, "DPM PTSP")
    wanted = {
        "id": ["Pilihan Jawaban", "Penyebut nol", "Jawaban kosong", "Nilai total", "Syarat minimal", "Jumlah",
               "Nilai (0-4)", "Jawaban tidak sesuai pilihan", "NILAI TOTAL (PENGUNGKIT + HASIL)", "Bukti Dukung"],
        "en": ["Answer options", "Zero denominator", "Unanswered items", "Total score", "Minimum required", "Count",
               "Score (0-4)", "The answer is not one of the options", "TOTAL SCORE (ENABLERS + RESULTS)",
               "Supporting evidence"],
    }[language]  # fmt: skip
    assert set(wanted) <= set(words)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_rekap_verdict_words_and_the_held_question_follow_the_language(tmp_path, language):
    path = write_workbook(KEDIRI, tmp_path / "lke.xlsx", language=language)
    cached = openpyxl.load_workbook(path, data_only=True)["Rekap"]
    values = [c.value for row in cached.iter_rows() for c in row if isinstance(c.value, str)]
    met, not_filled = {"id": ("Memenuhi", "Belum diisi"), "en": ("Meets", "Not filled in")}[language]
    assert met in values and not_filled in values
    question = {
        "id": "Sudah memperoleh predikat Menuju WBK? (Ya/Tidak, untuk WBBM)",
        "en": "Already holds the Menuju WBK predicate? (Yes/No, for WBBM)",
    }[language]
    assert question in values
    book = openpyxl.load_workbook(path)
    formulas = [c.value for row in book["Rekap"].iter_rows() for c in row if str(c.value).startswith("=IF(C")]
    yes = {"id": '"Ya"', "en": '"Yes"'}[language]
    assert any(yes in f and f'"{met}"' in f for f in formulas)


# -- workbook errors and warnings ----------------------------------------------------------------------------------
def _spoil(path, edits):  # type: ignore[no-untyped-def]
    book = openpyxl.load_workbook(path)
    for cell, value in edits.items():
        book["LKE ZI"][cell] = value
    book.save(path)
    return path


@pytest.mark.parametrize("language", LANGUAGES)
def test_workbook_reading_problems_name_sheet_cell_and_label_in_the_language(tmp_path, language):
    path = write_workbook(KEDIRI, tmp_path / "bad.xlsx", language="id")
    sheet = openpyxl.load_workbook(path)["LKE ZI"]
    rows = {sheet.cell(r, 7).value: r for r in range(8, 260)}
    # (a refused choice is the worksheet's message, checked by its owner; the count problems are the reader's own)
    _spoil(path, {f"K{rows['R4.i.a:met']}": 99, f"K{rows['R4.i.a:targets']}": 9, f"K{rows['R1.i.a:agents']}": "banyak"})
    error = raised(language, lambda: read_workbook(path), InvalidInputError)
    text = str(error)
    speak(text, language, tmp_path, "banyak", "Jumlah agen perubahan", "Jumlah sasaran kinerja",
          "Jumlah sasaran tercapai 100% atau lebih")  # fmt: skip
    assert error.code == "invalid-workbook" and len(error.exceptions) == 2
    met = rows["R4.i.a:met"]
    assert {
        "id": f"lembar 'LKE ZI', sel K{met} (Jumlah sasaran tercapai 100% atau lebih): Jumlah sasaran tercapai 100% "
        "atau lebih (99) lebih besar dari Jumlah sasaran kinerja (9)",
        "en": f"sheet 'LKE ZI', cell K{met} (Jumlah sasaran tercapai 100% atau lebih): Jumlah sasaran tercapai 100% "
        "atau lebih (99) is more than Jumlah sasaran kinerja (9)",
    }[language] in error.problems
    assert [e.code for e in error.exceptions if isinstance(e, InvalidAnswerError)][-1] in (
        "count-exceeds-limit",
        "not-a-count",
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_unknown_layout_and_a_missing_header_are_named_in_the_language(tmp_path, language):
    book = openpyxl.Workbook()
    book.active.title = "Lembar1"
    book.save(tmp_path / "other.xlsx")
    error = raised(language, lambda: read_workbook(tmp_path / "other.xlsx"), InvalidInputError)
    speak(str(error), language, tmp_path, "Lembar1", "jawaban", "lke zi", "lke", "Jawaban")
    assert error.code == "unreadable-workbook" and error.exceptions[-1].code == "unknown-layout"
    assert str(error).startswith(
        {"id": f"{tmp_path / 'other.xlsx'} tidak dapat dibaca", "en": f"{tmp_path / 'other.xlsx'} cannot be read"}[
            language
        ]
    )
    path = write_workbook(KEDIRI, tmp_path / "copy.xlsx", layout="lke-zi-salinan", language="id")
    _spoil(path, {"J7": "Opsi"})
    error = raised(language, lambda: read_workbook(path), InvalidInputError)
    speak(str(error), language, tmp_path, "Pilihan Jawaban", "jawaban", "lke zi", "lke", "Jawaban")
    assert {
        "id": "lembar 'LKE ZI' tampak seperti Salinan LKE ZI instansi tetapi 40 baris pertamanya tidak memuat judul "
        "kolom 'Pilihan Jawaban'",
        "en": "sheet 'LKE ZI' looks like An agency's copy of the LKE ZI but its first 40 rows have no header "
        "'Pilihan Jawaban'",
    }[language] in str(error)
    error = raised(language, lambda: layouts.layout("lke-2030"), InvalidAnswerError)
    speak(str(error), language, "lke-2030", "lke-zi", "lke-zi-salinan", "jawaban-berjenjang", "portalrb-jawaban")
    assert error.code == "unknown-layout"


@pytest.mark.parametrize("language", LANGUAGES)
def test_columns_that_are_not_there_are_named_in_the_language(tmp_path, language):
    unit = KEDIRI.with_assessor("unit")
    path = write_review_export(tmp_path / "e.xlsx", unit, [KEDIRI, KEDIRI], titles=["TPI Unit", "TPI Kementerian"])
    found = read_workbook(path)
    error = raised(language, lambda: found.select("tpn"), InvalidAnswerError)
    speak(str(error), language, "Jawaban Unit", "Jawaban TPI Unit", "Jawaban TPI Kementerian", "tpn", "tpi", "unit")
    assert error.code == "no-such-column"
    assert {
        "id": "buku kerja tidak memiliki kolom untuk tpn (yang ada: Jawaban Unit (unit, jenjang 0), Jawaban TPI Unit "
        "(tpi, jenjang 1), Jawaban TPI Kementerian (tpi, jenjang 2))",
        "en": "the workbook has no column for tpn (it has Jawaban Unit (unit, tier 0), Jawaban TPI Unit (tpi, tier 1), "
        "Jawaban TPI Kementerian (tpi, tier 2))",
    }[language] == str(error)
    error = raised(language, lambda: fill_workbook(path, KEDIRI, out=tmp_path / "x.xlsx"), InvalidAnswerError)
    speak(str(error), language, tmp_path, "Jawaban Unit", "Jawaban TPI Unit", "Jawaban TPI Kementerian", "tpi", "unit")
    assert error.code == "ambiguous-column"


@pytest.mark.parametrize("language", LANGUAGES)
def test_workbook_warnings_speak_the_language(tmp_path, language):
    path = write_workbook(KEDIRI, tmp_path / "typed.xlsx", language="id")
    _spoil(path, {"L8": 99.5})
    with use_language(language), pytest.warns(WorkbookFiguresWarning) as caught:
        found = read_workbook(path)
    message = str(caught[0].message)
    speak(message, language, tmp_path, "NILAI TOTAL (PENGUNGKIT + HASIL)")
    assert {
        "id": "sel L8 (NILAI TOTAL (PENGUNGKIT + HASIL)): buku kerja berisi 99,50, pustaka menghitung 87,76 — angka "
        "yang diketik, bukan rumus atas bagian-bagiannya",
        "en": "cell L8 (NILAI TOTAL (PENGUNGKIT + HASIL)): the workbook has 99.50, the library computes 87.76 — a "
        "typed number, not a formula over its parts",
    }[language] in message
    with use_language(language):
        assert str(found.disagreements[0]).startswith({"id": "sel L8", "en": "cell L8"}[language])
    book = openpyxl.load_workbook(path)
    from openpyxl.chart import BarChart, Reference

    chart = BarChart()
    chart.add_data(Reference(book["LKE ZI"], min_col=11, min_row=8, max_row=12))
    book["LKE ZI"].add_chart(chart, "S2")
    book.save(path)
    with use_language(language), pytest.warns(WorkbookFillWarning) as caught:
        fill_workbook(path, KEDIRI, out=tmp_path / "filled.xlsx")
    message = str(next(w.message for w in caught if w.category is WorkbookFillWarning))
    speak(message, language, tmp_path)
    assert {
        "id": "grafik, gambar di dalamnya (grafik, gambar atau bentuk) tidak ikut",
        "en": "charts, drawings (charts, pictures or shapes) are not kept",
    }[language] in message


@pytest.mark.parametrize("language", LANGUAGES)
def test_write_errors_speak_the_language(tmp_path, language):
    error = raised(language, lambda: write_workbook(RB, tmp_path / "x.xlsx", layout="jawaban"), InvalidAnswerError)
    speak(str(error), language, "lke-zi", "lke-zi-salinan", "jawaban", "write_workbook")
    assert error.code == "unknown-layout"
    for action, code in (
        (lambda: write_review_export(tmp_path / "e.xlsx", None, []), "nothing-to-export"),
        (lambda: write_review_export(tmp_path / "e.xlsx", None, [KEDIRI.with_assessor("unit")]), "unit-among-reviews"),
        (lambda: write_review_export(tmp_path / "e.xlsx", None, [KEDIRI], titles=["A", "B"]), "titles-do-not-match"),
    ):
        error = raised(language, action, InvalidAnswerError)
        speak(str(error), language, "write_review_export", "TPI", "'unit'")
        assert error.code == code


# -- untrusted files: xlsx and JSON --------------------------------------------------------------------------------
@pytest.mark.parametrize("language", LANGUAGES)
def test_refused_xlsx_files_are_named_in_the_language(tmp_path, language):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w") as z:
        z.writestr("xl/worksheets/sheet1.xml", '<worksheet><sheetData><c r="XFD1"/></sheetData></worksheet>')
    error = raised(language, lambda: read_workbook(bomb), InvalidInputError)
    speak(str(error), language, tmp_path, "xl/worksheets/sheet1.xml", "XFD1", "BL")
    assert {
        "id": "xl/worksheets/sheet1.xml: sel XFD1 berada di luar baris 20.000 atau kolom BL",
        "en": "xl/worksheets/sheet1.xml: cell XFD1 lies beyond row 20,000 or column BL",
    }[language] in str(error)
    macro = tmp_path / "macro.xlsx"
    with zipfile.ZipFile(macro, "w") as z:
        z.writestr("xl/vbaProject.bin", b"x")
    error = raised(language, lambda: read_workbook(macro), InvalidInputError)
    speak(str(error), language, tmp_path)
    assert {"id": "buku kerja memuat makro; simpan sebagai .xlsx tanpa makro",
            "en": "the workbook carries macros; save it as .xlsx without macros"}[language] in str(error)  # fmt: skip
    text = tmp_path / "text.xlsx"
    text.write_text("bukan zip")
    error = raised(language, lambda: read_workbook(text), InvalidInputError)
    speak(str(error).split("(BadZipFile")[0], language, tmp_path)


@pytest.mark.parametrize("language", LANGUAGES)
def test_json_problems_are_named_in_the_language(language):
    cases = [
        ('{"a": 1, "a": 2}', {"id": "x.json: kunci 'a' ganda @ $", "en": "x.json: duplicate key 'a' @ $"}),
        ('{"a": }', {"id": "x.json: baris 1, kolom 7: seharusnya ada nilai",
                     "en": "x.json: line 1, column 7: a value is expected"}),
        ("[" * 70 + "]" * 70, {"id": "bersarang lebih dari 64 tingkat", "en": "nested more than 64 levels deep"}),
        ('{"n": NaN}', {"id": "NaN bukan bilangan yang diizinkan JSON", "en": "NaN is not a number JSON allows"}),
        (b"\xff\xfe{", {"id": "bukan teks UTF-8", "en": "not UTF-8 text"}),
    ]  # fmt: skip
    for text, wanted in cases:
        error = raised(language, lambda text=text: parse_json(text, source="x.json"), InvalidInputError)
        speak(str(error), language, "x.json", "NaN", "UTF-8")
        assert wanted[language] in str(error) and error.code == "invalid-json"


@pytest.mark.parametrize("language", LANGUAGES)
def test_payload_problems_are_named_in_the_language(language):
    bad = '{"schema": "zona-integritas/1", "type": "verdict", "data": {"target": "WBK", "colour": 1}}'
    error = raised(language, lambda: loads(bad), InvalidInputError)
    speak(str(error), language, "colour", "target", *(f"$.data.{f}" for f in ("rulebook", "criteria", "area_reading",
          "comparison")), "$.data")  # fmt: skip
    assert error.code == "invalid-payload"
    assert {"id": "Muatan JSON bermasalah", "en": "JSON payload has problems"}[language] == error.message
    assert {"id": "isian wajib tidak ada @ $.data.rulebook", "en": "required field missing @ $.data.rulebook"}[
        language
    ] in error.problems
    wrong = json.loads(dumps(KEDIRI))
    wrong["data"]["rulebook"]["digest"] = "0" * 64
    error = raised(language, lambda: loads(json.dumps(wrong)), InvalidInputError)
    speak(str(error), language, RB.id)
    error = raised(language, lambda: loads('{"schema": 1, "type": "x"}'), InvalidInputError)
    speak(str(error), language, "zona-integritas/1", ", ".join(TYPES), "$.schema", "$.type", "$.data")
    error = raised(language, lambda: to_payload(object()), InvalidAnswerError)
    speak(str(error), language, "object", ", ".join(TYPES))
    assert error.code == "unsupported-type"
    error = raised(language, lambda: loads('{"schema": "zona-integritas/1"', expect=None), InvalidInputError)
    speak(str(error), language)
    error = raised(
        language,
        lambda: worksheet_from_document({"rulebook": RB.id, "answers": [], "colour": 1}, source="x.json"),
        InvalidInputError,
    )
    speak(str(error), language, "x.json", "'answers'", "'colour'", "'assessor'")
    assert [e.code for e in error.exceptions] == ["missing-key", "answers-not-an-object", "unknown-key"]
    assert {"id": "x.json bukan berkas lembar kerja yang sah", "en": "x.json is not a valid worksheet file"}[
        language
    ] == error.message


# -- PortalRB -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("language", LANGUAGES)
def test_portalrb_problems_are_named_in_the_language(language):
    error = raised(language, lambda: load_master({"tahun": 2026}), InvalidInputError)
    speak(str(error), language, "'tahun'", "'data'")
    assert error.code == "not-a-master"
    error = raised(language, lambda: load_master({"tahun": 2026, "total_soal": 3, "data": []}), InvalidInputError)
    speak(str(error), language, "total_soal")
    error = raised(language, lambda: load_master({"tahun": "2026", "data": []}), InvalidInputError)
    speak(str(error), language, "'tahun'", "'2026'")
    master = Master(2026, (MasterSoal(1, "Tim kerja", "", "ABC", (("A", 1),), 6, "Jawaban", {}),))
    error = raised(language, lambda: map_master(master, RB), RulebookError)
    speak(str(error), language, RB.id, "ABC", "P1.i.a", "choice", "Ya", "Tidak")
    assert error.code == "master-does-not-fit"
    assert {"id": "soal 1 bernilai A = 1, butir 'P1.i.a' bernilai Ya = 1, Tidak = 0",
            "en": "soal 1 scores A = 1, item 'P1.i.a' scores Ya = 1, Tidak = 0"}[language] in str(error)  # fmt: skip
    error = raised(language, lambda: master.soal(9), UnknownItemError)
    speak(str(error), language)
    assert error.code == "unknown-soal"
    units = {"tahun": "2025", "units": [{"id": "", "kategori": "WBBM", "afirmasi": "ya", "x": 1}], "y": 2}
    error = raised(language, lambda: read_unit_list(units, predicate="WBK"), InvalidInputError)
    speak(str(error), language, "tahun", "'2025'", "nama", "kategori", "'WBBM'", "afirmasi", "WBK", "$.units[0]")
    assert error.code == "invalid-payload" and len(error.exceptions) == 7
    payload = answers_payload("dpmptsp", "DPM PTSP", 2022, unit=KEDIRI.with_assessor("unit"))
    payload["answers"][0]["catatan_unit"] = 5
    payload["answers"].append({"soal_id": "x"})
    error = raised(language, lambda: read_answers_payload(payload, rulebook=RB), InvalidInputError)
    speak(str(error), language, "soal_id", "$.answers[0].jawaban_unit", "$.answers[127]")
    assert [e.code for e in error.exceptions][:2] == ["invalid-payload", "not-text"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the superseded 2014 rulebook, here only to differ
        old = Worksheet(load_rulebook("permenpanrb-52-2014"), Assessor.TPI, ())
    unit = KEDIRI.with_assessor("unit")
    error = raised(
        language, lambda: answers_payload("dpmptsp", "DPM PTSP", 2022, unit=unit, tpi=old), InvalidAnswerError
    )
    speak(str(error), language)
    assert (
        error.code == "different-rulebooks"
        and str(error)
        == {
            "id": "lembar kerja unit dan TPI memakai buku aturan yang berbeda",
            "en": "the unit and TPI worksheets use different rulebooks",
        }[language]
    )


# -- the store ----------------------------------------------------------------------------------------------------
KOTA = Instansi("Pemerintah Kota Kediri", "pemda")
PTSP = Unit("dpmptsp", "DPM PTSP Kota Kediri", KOTA, "ptsp")


@pytest.fixture
def db_path(tmp_path, monkeypatch):
    monkeypatch.delenv(store.KEY_VARIABLE, raising=False)
    monkeypatch.delenv(store.KEY_FILE_VARIABLE, raising=False)
    path = tmp_path / "kota.db"
    with store.open(path) as db:
        db.add_unit(PTSP, rulebook=RB.id)
        db.record("dpmptsp", *examples.kediri_journey().events)
        db.save_worksheet("dpmptsp", 2022, KEDIRI.with_assessor("unit"))
    return path


@pytest.mark.parametrize("language", LANGUAGES)
def test_store_errors_speak_the_language(db_path, tmp_path, language):
    data = (tmp_path, "dpmptsp", "hantu", "read_only", store.KEY_VARIABLE, store.KEY_FILE_VARIABLE)
    error = raised(language, lambda: store.open(tmp_path / "none.db", read_only=True), store.StoreError)
    speak(str(error), language, *data)
    assert error.code == "no-store"
    assert (
        str(error)
        == {
            "id": f"tidak ada arsip di {tmp_path / 'none.db'} (arsip tidak dibuat bila dibuka untuk dibaca)",
            "en": f"no store at {tmp_path / 'none.db'} (it is not created when opened for reading)",
        }[language]
    )
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE pelanggan (id INTEGER)").connection.commit()
    error = raised(language, lambda: store.open(other), store.StoreError)
    speak(str(error), language, *data, "pelanggan")
    assert error.code == "not-a-store"
    with store.open(db_path) as db:
        error = raised(language, lambda: db.add_unit(PTSP, rulebook=RB.id), InvalidAnswerError)
        speak(str(error), language, *data)
        assert error.code == "duplicate-unit"
        error = raised(language, lambda: db.unit("hantu"), UnknownItemError)
        speak(str(error), language, *data)
        assert error.code == "unknown-unit"
        error = raised(language, lambda: db.save_worksheet("dpmptsp", 22, KEDIRI), InvalidAnswerError)
        speak(str(error), language, *data, "2024", "22")
        error = raised(language, lambda: db.save_worksheet("dpmptsp", 2022, "x"), InvalidAnswerError)
        speak(str(error), language, *data, "str")
        error = raised(language, db.adopt_key, store.StoreError)
        speak(str(error), language, *data, "adopt_key")
        error = raised(language, lambda: store._check_key("pendek"), store.StoreError)
        speak(str(error), language, *data)
        assert error.code == "short-key"
    with store.open(db_path, read_only=True) as db:
        error = raised(language, lambda: db.add_unit(Unit("b", "B", KOTA), rulebook=RB.id), store.StoreError)
        speak(str(error), language, *data)
        assert error.code == "read-only"
    con = sqlite3.connect(db_path, isolation_level=None)
    for name in store._TRIGGERS:
        con.execute(f"DROP TRIGGER IF EXISTS {name}")
    con.execute("UPDATE events SET payload = payload || ' ' WHERE position = 0")
    con.close()
    with store.open(db_path, read_only=True) as db:
        error = raised(language, db.verify, store.StoreTamperedError)
    speak(str(error), language, *data, *store._TRIGGERS, "verify()")
    assert any(
        {"id": "isinya diubah (hash tidak cocok)", "en": "its content was altered (hash mismatch)"}[language] in p
        for p in error.problems
    )
    more = len(error.problems) - 5
    assert more > 0 and str(error).endswith({"id": f"; dan {more} lagi", "en": f"; and {more} more"}[language])
    assert {"id": f"trigger {next(iter(store._TRIGGERS))} hilang",
            "en": f"trigger {next(iter(store._TRIGGERS))} is missing"}[language] in error.problems  # fmt: skip


# -- the service: machine code, message in the request's language --------------------------------------------------
@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("id", "id"),
        ("id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7", "id"),
        ("en-GB", "en"),
        ("fr-FR, en;q=0.5, id;q=0.4", "en"),
        ("de, fr", "id"),  # none spoken: the server's language
        ("en;q=0, id", "id"),  # q=0 means "not this one"
        ("*", "id"),
        ("", "id"),
    ],
)
def test_the_service_answers_in_the_language_the_request_accepts(db_path, header, language):
    app = PortalRBApp(store_path=db_path, token=TOKEN, year=2022, language="id")
    status, headers, body = call(app, "GET", "/lke/jawaban-unit/hantu", token=TOKEN, accept_language=header)
    assert status == "404 Not Found" and headers["Content-Language"] == language
    assert json.loads(body) == {
        "error": True,
        "code": "DATA_NOT_FOUND",
        "message": {"id": "unit hantu tidak dikenal", "en": "unit hantu is not known"}[language],
    }


_TAGS = st.sampled_from(["id", "id-ID", "in", "en", "en-GB", "en_US", "fr", "de-DE", "jv", "*", "", "ID", "EN-au"])


@given(
    st.lists(st.tuples(_TAGS, st.one_of(st.none(), st.sampled_from(["0", "0.1", "0.5", "0.9", "1", "x", "2"]))),
             max_size=6),
    st.sampled_from(LANGUAGES),
)  # fmt: skip
def test_the_accepted_language_is_the_best_weighted_one_the_library_speaks(entries, default):
    from zona_integritas.service import _accepted  # the parser itself, with weights the property can state

    header = ", ".join(tag if q is None else f"{tag};q={q}" for tag, q in entries)
    weighted = []
    for index, (tag, q) in enumerate(entries):
        weight = 1.0 if q is None else (float(q) if q.replace(".", "").isdigit() else 0.0)
        if tag and 0 < weight <= 1:
            weighted.append((-weight, index, tag))
    expected = default
    for _weight, _index, tag in sorted(weighted):
        primary = tag.replace("_", "-").split("-")[0].lower()
        if tag == "*":
            break
        if primary in ("id", "in", "en"):
            expected = "en" if primary == "en" else "id"
            break
    assert _accepted(header, default) == expected


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_service_error_body_keeps_its_code_and_speaks_the_language(db_path, language):
    other = {"id": "en", "en": "id"}[language]
    app = PortalRBApp(store_path=db_path, token=TOKEN, year=2022, language=other)
    cases = [
        ("GET", "/pengusulan/unit-wbk", None, "401 Unauthorized", "UNAUTHORIZED"),
        ("POST", "/pengusulan/unit-wbk", TOKEN, "405 Method Not Allowed", "METHOD_NOT_ALLOWED"),
        ("GET", "/tidak-ada", TOKEN, "404 Not Found", "NOT_FOUND"),
        ("GET", "/lke/jawaban-unit/..", TOKEN, "422 Unprocessable Entity", "INVALID_UNIT_ID"),
        ("GET", "/lke/jawaban-unit/hantu", TOKEN, "404 Not Found", "DATA_NOT_FOUND"),
    ]
    for method, path, token, status, code in cases:
        got_status, headers, body = call(app, method, path, token=token, accept_language=language)
        answer = json.loads(body)
        assert (got_status, answer["code"], headers["Content-Language"]) == (status, code, language)
        speak(answer["message"], language, "GET", "hantu", "id")
    # the cache keeps one answer per language
    _, _, english = call(app, "GET", "/lke/jawaban-unit/hantu", token=TOKEN, accept_language="en")
    _, _, indonesian = call(app, "GET", "/lke/jawaban-unit/hantu", token=TOKEN, accept_language="id")
    assert json.loads(english)["message"] != json.loads(indonesian)["message"]
    missing = PortalRBApp(store_path=db_path.with_name("none.db"), token=TOKEN, year=2022)
    _, headers, body = call(missing, "GET", "/pengusulan/unit-wbk", token=TOKEN, accept_language=language)
    assert (
        json.loads(body)["message"]
        == {"id": "arsip data tidak tersedia", "en": "the data store is unavailable"}[language]
    )
    error = raised(
        language, lambda: PortalRBApp(store_path=db_path, token=" ", year=2022, language=language), ValueError
    )
    speak(str(error), language, "bearer")


def test_the_service_speaks_the_language_it_was_made_in_by_default(db_path):
    with use_language("id"):
        app = PortalRBApp(store_path=db_path, token=TOKEN, year=2022)
    _, headers, body = call(app, "GET", "/pengusulan/unit-wbk")
    assert (
        headers["Content-Language"] == "id" and json.loads(body)["message"] == "token bearer tidak ada atau tidak sah"
    )


# -- the command line ---------------------------------------------------------------------------------------------
def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("language", LANGUAGES)
def test_template_and_convert_speak_the_language(tmp_path, language):
    code, out, _ = run("--language", language, "template", "--out", str(tmp_path / "blank.xlsx"), "--unit", "Dinas")
    assert code == 0
    speak(out, language, tmp_path, RB.id)
    assert (
        out
        == {
            "id": f"buku kerja LKE kosong ({RB.id}) ditulis ke {tmp_path / 'blank.xlsx'}\n",
            "en": f"wrote a blank LKE workbook ({RB.id}) to {tmp_path / 'blank.xlsx'}\n",
        }[language]
    )
    header = openpyxl.load_workbook(tmp_path / "blank.xlsx")["LKE ZI"]["J7"].value
    assert header == {"id": "Pilihan Jawaban", "en": "Answer options"}[language]
    source = tmp_path / "ws.json"
    source.write_text(dumps(KEDIRI))
    code, out, _ = run("--language", language, "convert", str(source), str(tmp_path / "lke.xlsx"))
    assert code == 0
    speak(out, language, tmp_path, "lke")
    assert read_workbook(tmp_path / "lke.xlsx").worksheet == KEDIRI
    code, out, err = run("--language", language, "convert", str(source), str(tmp_path / "filled.xlsx"), "--into",
                         str(tmp_path / "blank.xlsx"))  # fmt: skip
    assert code == 0, err
    speak(out, language, tmp_path, "Jawaban")
    assert read_workbook(tmp_path / "filled.xlsx").worksheet == KEDIRI
    code, _, err = run("--language", language, "convert", str(source), str(tmp_path / "out.txt"))
    assert code == 2
    speak(err, language, tmp_path, "--to", "error")
    assert {"id": "format keluaran", "en": "cannot tell the output format"}[language] in err
    code, _, err = run("--language", language, "convert", str(source), str(tmp_path / "p.json"), "--to", "portalrb")
    assert code == 2
    speak(err, language, "--to portalrb", "--unit-id", "--unit-name", "--year", "error")
    bad = tmp_path / "bad.json"
    bad.write_text('{"a": 1, "a": 2}')
    code, _, err = run("--language", language, "convert", str(bad), str(tmp_path / "x.json"))
    assert code == 2
    speak(err, language, tmp_path, "error")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("command", ["template", "convert", "serve"])
def test_the_help_of_template_convert_and_serve_speaks_the_language(language, command, capsys):
    from zona_integritas.cli import _parser

    with use_language(language):
        parser = _parser()
    sub = next(a for a in parser._actions if a.dest == "command").choices[command]
    # this slice's own texts: the description and every option's help (--assessor and --tier are the cli's)
    own = [sub.description or ""] + [a.help or "" for a in sub._actions if a.dest not in ("help", "assessor", "tier")]
    assert all(own)
    speak("\n".join(own), language, "X-Forwarded-*", "Accept-Language", "worksheet", "--to portalrb", "--to jawaban",
          "--language", "--to", "lke", "wsgiref", "permenpanrb-90-2021", "127.0.0.1")  # fmt: skip
    with pytest.raises(SystemExit):
        main(["--language", language, command, "--help"])
    text = " ".join(capsys.readouterr().out.split())
    wanted = {
        ("template", "id"): "berkas .xlsx yang ditulis",
        ("template", "en"): "the .xlsx file to write",
        ("convert", "id"): "menulis jawaban ke salinan buku kerja ini",
        ("convert", "en"): "write the answers into a copy of this workbook",
        ("serve", "id"): "tahun evaluasi yang dilayani",
        ("serve", "en"): "the evaluation year served",
    }[(command, language)]
    assert wanted in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_serve_refuses_to_start_without_a_token_in_the_language(db_path, monkeypatch, language):
    from zona_integritas.service import TOKEN_VARIABLE

    monkeypatch.delenv(TOKEN_VARIABLE, raising=False)
    code, _, err = run("--language", language, "serve", "--db", str(db_path), "--year", "2022")
    assert code == 2
    speak(err, language, TOKEN_VARIABLE, "error")
    assert {"id": "tidak mau mulai tanpa token", "en": "refusing to start without a token"}[language] in err
