from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings

import zona_integritas as zi
from zona_integritas import examples
from zona_integritas.io.excel import read_workbook
from zona_integritas.io.portalrb import (
    ProposedUnit,
    answers_payload,
    load_master,
    map_master,
    read_answers_payload,
    read_jawaban_workbook,
    read_unit_list,
    unit_list_payload,
    write_jawaban_workbook,
)
from zona_integritas.testing import worksheets

RB = zi.load_rulebook("permenpanrb-90-2021")
KEDIRI = examples.kediri_worksheet_2022()


@pytest.fixture(scope="module")
def master(reference):
    return load_master(reference / "portalrb" / "master-soal-lkezi-2026.json")


def test_the_2026_master_maps_onto_the_rulebook_soal_by_soal(master):
    mapping = map_master(master, RB)
    assert len(mapping) == 127 and master.year == 2026
    assert mapping[106] == (RB.item("R4.i.a"), "met")
    assert mapping[125] == (RB.item("H1.a"), None)
    assert master.texts(RB.item("P1.i.a")) == [master.soal(1).text]


def test_a_master_that_does_not_fit_is_refused_loudly(reference):
    data = json.loads((reference / "portalrb" / "master-soal-lkezi-2026.json").read_text())
    area1 = data["data"][0]["children"][0]["children"][0]["children"][0]
    area1["soals"][1]["skema_penilaian"][1]["multiplier"] = 0.6
    area1["soals"].append(dict(area1["soals"][0], id=128, teks_pertanyaan="Pertanyaan baru 2027"))
    data["total_soal"] = 128
    data["data"][1]["children"][1]["soals"] = []  # soal 127 (IPKP) gone
    data["total_soal"] = 127
    with pytest.raises(zi.RulebookError) as caught:
        map_master(load_master(data), RB)
    message = str(caught.value)
    assert "soal 2 scores" in message and "item 'P1.i.b'" in message
    assert "soal 128 ('Pertanyaan baru 2027') has no item" in message
    assert "soal 127 of 'permenpanrb-90-2021' is not in the 2026 master" in message


def test_a_master_whose_count_does_not_match_is_refused(reference):
    data = json.loads((reference / "portalrb" / "master-soal-lkezi-2026.json").read_text())
    data["total_soal"] = 120
    with pytest.raises(zi.InvalidInputError, match="not consistent"):
        load_master(data)


def test_unit_list_payloads_follow_the_api_guide():
    units = [
        ProposedUnit("UNIT-PTSP", "DPM PTSP", zi.Predicate.WBK, afirmasi=True),
        ProposedUnit("UNIT-BKD", "BKPSDM", zi.Predicate.WBK),
        ProposedUnit("UNIT-RS", "RSUD Gambiran", zi.Predicate.WBBM),
    ]
    wbk = unit_list_payload(2025, units, predicate="WBK")
    assert wbk == {
        "tahun": 2025,
        "units": [
            {"id": "UNIT-PTSP", "nama": "DPM PTSP", "kategori": "WBK-AFIRMASI", "afirmasi": True},
            {"id": "UNIT-BKD", "nama": "BKPSDM", "kategori": "WBK", "afirmasi": False},
        ],
    }
    assert read_unit_list(wbk, predicate="WBK") == (2025, tuple(units[:2]))
    wbbm = unit_list_payload(2025, units, predicate="WBBM")
    assert wbbm["units"] == [{"id": "UNIT-RS", "nama": "RSUD Gambiran", "kategori": "WBBM", "afirmasi": False}]


def test_bad_unit_lists_are_reported_with_paths():
    with pytest.raises(zi.InvalidInputError) as caught:
        read_unit_list(
            {"tahun": "2025", "units": [{"id": "", "nama": "X", "kategori": "WBBM", "x": 1}]}, predicate="WBK"
        )
    assert caught.value.problems == [
        "tahun must be a whole number, got '2025' @ $.tahun",
        "id must be a non-empty string @ $.units[0].id",
        "kategori 'WBBM' does not belong to a WBK list @ $.units[0].kategori",
        "extra fields found (x) @ $.units[0]",
    ]


def test_the_answers_payload_carries_unit_and_tpi_answers_per_soal():
    tpi = KEDIRI.with_answers({"P1.i.b": "B", "H1.a": "3.60"})
    payload = answers_payload("UNIT-PTSP", "DPM PTSP", 2022, unit=KEDIRI.with_assessor("unit"), tpi=tpi)
    by_soal = {a["soal_id"]: a for a in payload["answers"]}
    assert by_soal[1] == {
        "soal_id": 1,
        "jawaban_unit": "Ya",
        "jawaban_tpi": "Ya",
        "catatan_unit": "Tim ZI ditetapkan dengan SK Kepala Dinas",
        "bukti_dukung_unit": "SK Tim Pembangunan ZI 2022",
        "catatan_tpi": "Tim ZI ditetapkan dengan SK Kepala Dinas",
    }
    assert by_soal[2]["jawaban_tpi"] == "B" and by_soal[125]["jawaban_tpi"] == "3.60"
    assert (by_soal[105]["jawaban_unit"], by_soal[106]["jawaban_unit"]) == ("9", "8")
    unit, back_tpi = read_answers_payload(json.loads(json.dumps(payload)), rulebook=RB)
    assert unit == KEDIRI.with_assessor("unit")
    # the API has no field for the TPI's evidence: everything else of the TPI comes back
    answers = {
        c: ({**a, "evidence": None} if isinstance(a, dict) and "answer" in a else a)
        for c, a in tpi.to_answers().items()
    }
    stripped = zi.Worksheet.from_answers(RB, answers, assessor="tpi")
    assert back_tpi == stripped


@settings(max_examples=20, deadline=None)
@given(worksheets(RB, assessor="unit"))
def test_answers_payloads_round_trip(ws):
    unit, tpi = read_answers_payload(answers_payload("U", "Unit", 2026, unit=ws), rulebook=RB)
    assert unit == ws and tpi is None


def test_bad_answers_payloads_report_every_problem_with_its_path():
    payload = answers_payload("U", "Unit", 2026, unit=KEDIRI.with_assessor("unit"))
    payload["answers"][1]["jawaban_unit"] = "Z"
    payload["answers"][0]["extra"] = 1
    payload["answers"].append({"soal_id": 999, "jawaban_unit": "A"})
    payload["answers"].append({"soal_id": "3"})
    with pytest.raises(zi.InvalidInputError) as caught:
        read_answers_payload(payload, rulebook=RB)
    found = caught.value.problems
    assert "extra fields found (extra) @ $.answers[0]" in found
    assert "each answer needs an integer soal_id @ $.answers[128]" in found
    assert "soal 999 is not part of rulebook 'permenpanrb-90-2021' ($.answers[127].jawaban_unit)" in found
    assert "item 'P1.i.b' takes A, B or C; got 'Z' ($.answers[1].jawaban_unit)" in found


def test_the_jawaban_workbook_round_trips_both_assessors(tmp_path, master):
    tpi = KEDIRI.with_answers({"P1.i.b": "C"})
    path = write_jawaban_workbook(tmp_path / "jawaban.xlsx", master, unit=KEDIRI.with_assessor("unit"), tpi=tpi)
    unit, back_tpi = read_jawaban_workbook(path)
    assert unit == KEDIRI.with_assessor("unit")
    assert back_tpi.answer("P1.i.b").value == "C" and back_tpi.answer("P1.i.b").evidence is None
    assert read_workbook(path).layout == "portalrb-jawaban"
    import openpyxl

    sheet = openpyxl.load_workbook(path)["Jawaban"]
    assert sheet["K6"].value == "Ya" and sheet["A6"].value == 1  # soal 1 on the master's row 6
    assert sheet["K159"].value == 8 and sheet["A159"].value == 106  # R4.i.a 'met' travels as its Jumlah soal


def test_bad_cells_of_a_jawaban_workbook_name_sheet_and_cell(tmp_path, master):
    import openpyxl

    path = write_jawaban_workbook(tmp_path / "j.xlsx", master, unit=KEDIRI.with_assessor("unit"))
    book = openpyxl.load_workbook(path)
    book["Jawaban"]["K7"] = "F"
    book["Jawaban"]["N199"] = 7
    book.save(path)
    with pytest.raises(zi.InvalidInputError) as caught:
        read_jawaban_workbook(path)
    assert caught.value.problems == [  # each names the cell and the row's own (official) text
        "item 'P1.i.b' takes A, B or C; got 'F' (sheet 'Jawaban', cell K7 (Penentuan anggota Tim dipilih melalui "
        "prosedur/mekanisme ya…))",
        "item 'H1.a' takes an index from 0 to 4; got 7 (sheet 'Jawaban', cell N199 (Nilai Survey Persepsi Korupsi "
        "(Survei Eksternal)))",
    ]


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(unit=worksheets(RB, assessor="unit"), tpi=worksheets(RB, assessor="tpi"))
def test_the_jawaban_layout_round_trips_both_assessors(tmp_path, master, unit, tpi):
    from zona_integritas.scoring import score

    path = write_jawaban_workbook(tmp_path / "h.xlsx", master, unit=unit, tpi=tpi)
    back_unit, back_tpi = read_jawaban_workbook(path)
    assert back_unit == unit
    answers = {
        c: ({**a, "evidence": None} if isinstance(a, dict) and "answer" in a else a)
        for c, a in tpi.to_answers().items()
    }
    assert back_tpi == zi.Worksheet.from_answers(RB, answers, assessor="tpi")  # the layout has no TPI evidence
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", zi.IncompleteWorksheetWarning)
        assert score(back_unit).total.value == score(unit).total.value


def test_a_master_option_without_a_multiplier_is_refused_naming_the_soal():
    """Found by the fuzz target: ``"multiplier": null`` raised decimal.InvalidOperation."""
    doc = {
        "tahun": 2026,
        "total_soal": 1,
        "data": [
            {
                "soals": [
                    {
                        "id": 1,
                        "teks_pertanyaan": "x",
                        "jenis_jawaban": "YA_TIDAK",
                        "excel_baris": 6,
                        "excel_kolom_unit": "K",
                        "skema_penilaian": [{"key": "Ya", "multiplier": None}, {"key": "Tidak", "multiplier": 0}],
                    }
                ],
                "children": [],
            }
        ],
    }
    with pytest.raises(zi.InvalidInputError) as caught:
        load_master(doc)
    assert [str(p) for p in caught.value.problems] == [
        "master: malformed soal (InvalidValueError: expected a number, got None)"
    ]
