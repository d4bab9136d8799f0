from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import sys
import warnings
import zipfile
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zona_integritas as zi
from conftest import skip_or_fail
from zona_integritas import documents as d
from zona_integritas import examples, store
from zona_integritas.cli import EXIT_BAD_INPUT, main
from zona_integritas.dates import format_date
from zona_integritas.decimals import round_half_up
from zona_integritas.documents.build_templates import build
from zona_integritas.documents.example import (
    KEDIRI_HEAD,
    KEDIRI_TPI_LEAD,
    kediri_document,
    kediri_self_assessment_2022,
)
from zona_integritas.events import BuildingStarted, Declared, TpiAssessed, UnitDesignated
from zona_integritas.io.payloads import dumps
from zona_integritas.organization import Instansi, Unit
from zona_integritas.portfolio import Portfolio
from zona_integritas.testing import worksheets

RB = zi.load_rulebook("permenpanrb-90-2021")
KOTA = examples.kota_kediri_portfolio()
TPI_2022 = examples.kediri_worksheet_2022()
DOCS = Path(__file__).resolve().parents[1] / "docs"


# -- reading a .docx back -------------------------------------------------------------------------------------
def opened(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def _cell_text(tc) -> str:
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p")))


def tables(data: bytes) -> list[list[list[str]]]:
    """Every top-level table of the body, row by row, cell by cell (read from the XML: quick on long tables)."""
    body = opened(data).element.body
    return [
        [[_cell_text(tc) for tc in tr.findall(qn("w:tc"))] for tr in tbl.findall(qn("w:tr"))]
        for tbl in body.findall(qn("w:tbl"))
    ]


def body_text(data: bytes) -> str:
    doc = opened(data)
    parts = [p.text for p in doc.paragraphs]
    for table in tables(data):
        parts += [cell for row in table for cell in row]
    return "\n".join(parts)


def header_text(data: bytes) -> str:
    section = opened(data).sections[0]
    return "\n".join(p.text for p in section.first_page_header.paragraphs)


def table_after(data: bytes, first_header: str) -> list[list[str]]:
    found = [t for t in tables(data) if t[0][0] == "No" and t[0][1] == first_header]
    assert len(found) == 1, [t[0] for t in tables(data)]
    return found[0]


def quiet_score(ws: zi.Worksheet) -> zi.ScoreCard:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", zi.IncompleteWorksheetWarning)
        return zi.score(ws)


def fmt(value: Decimal) -> str:
    return str(round_half_up(value)).replace(".", ",")


# -- numbers and words the Indonesian way ---------------------------------------------------------------------
def test_numbers_are_written_with_a_decimal_comma_and_half_up_rounding():
    assert d.angka(Decimal("95.73")) == "95,73"
    assert d.angka(Decimal("2.675")) == "2,68"
    assert d.angka(Decimal("1234567.891")) == "1.234.567,89"
    assert d.angka(Decimal("-0.004")) == "0,00"
    assert d.angka(Decimal("12.1"), sign=True) == "+12,10"
    assert d.persen(Decimal("84.6")) == "84,60%"


@given(st.decimals(min_value=-(10**6), max_value=10**6, allow_nan=False, places=6))
def test_a_number_written_in_indonesian_reads_back_as_its_rounded_value(value):
    text = d.angka(value)
    back = Decimal(text.replace(".", "").replace(",", "."))
    assert back == round_half_up(value) or (back == 0 and round_half_up(value) == 0)


def test_counts_are_spelled_out_as_letters_do():
    from zona_integritas.documents import count_words, terbilang

    assert [terbilang(n) for n in (0, 11, 19, 40, 101, 2024)] == [
        "nol",
        "sebelas",
        "sembilan belas",
        "empat puluh",
        "seratus satu",
        "dua ribu dua puluh empat",
    ]
    assert count_words(3) == "3 (tiga)"
    with pytest.raises(zi.InvalidAnswerError):
        terbilang(-1)


# -- the proposal letter and the SPTJM --------------------------------------------------------------------
def test_the_kediri_proposal_letter_lists_every_assessed_unit_with_its_tpi_score():
    data = kediri_document("proposal").to_docx()
    rows = table_after(data, "Unit kerja/satuan kerja")
    assert rows[0] == ["No", "Unit kerja/satuan kerja", "Predikat yang diusulkan", "Pengungkit", "Hasil", "Nilai TPI"]
    assert rows[1:] == [
        ["1.", examples.KEDIRI_UNIT_NAME, "Menuju WBK", "52,38", "35,38", "87,76"],
        ["2.", "RSUD Gambiran", "Menuju WBK", "52,38", "35,38", "87,76"],
        ["3.", "Dinas Tenaga Kerja", "Menuju WBK", "52,38", "35,38", "87,76"],
    ]
    card = zi.score(TPI_2022)
    assert rows[1][3:] == [fmt(card.value("pengungkit")), fmt(card.value("hasil")), fmt(card.value("total"))]
    text = body_text(data)
    assert "Kediri, 20 Mei 2022" in text
    assert "mengajukan 3 (tiga) unit kerja/satuan kerja" in text
    assert "Peraturan Menteri PANRB Nomor 90 Tahun 2021" in text
    assert "Pemerintah Kota Kediri telah membangun Zona Integritas" in text
    assert "Wali Kota Kediri," in text and "[Nama Wali Kota Kediri]" in text
    assert "Tembusan:" in text and "Inspektur Kota Kediri" in text
    assert "{{" not in text and "}}" not in text
    assert header_text(data).split("\n")[:2] == ["PEMERINTAH KOTA KEDIRI", "SEKRETARIAT DAERAH"]


def test_a_unit_without_a_tpi_assessment_of_the_cycle_cannot_be_proposed():
    with pytest.raises(zi.InvalidAnswerError, match=r"'bappeda'.*no TPI assessment of cycle 2022"):
        d.proposal_letter(KOTA, 2022, on="20 Mei 2022", signatory=KEDIRI_HEAD, units=["dpmptsp", "bappeda"])
    with pytest.raises(zi.InvalidAnswerError, match="nothing to propose"):
        d.proposal_letter(KOTA, 2021, on="20 Mei 2021", signatory=KEDIRI_HEAD)
    with pytest.raises(zi.UnknownItemError, match="'puskesmas'"):
        d.proposal_letter(KOTA, 2022, on="20 Mei 2022", signatory=KEDIRI_HEAD, units=["puskesmas"])


def test_the_proposal_follows_the_portfolio_on_its_date():
    # before its TPI assessment of 18 April 2022 the DPM PTSP is not in the letter; after the voiding of
    # 6 June 2022 the Dinas Tenaga Kerja is not either
    early = d.proposal_letter(KOTA, 2022, on="1 April 2022", signatory=KEDIRI_HEAD)
    late = d.proposal_letter(KOTA, 2022, on="10 Juni 2022", signatory=KEDIRI_HEAD)
    assert [r[1] for r in early.tables("daftar_unit")[0].rows] == ["RSUD Gambiran"]
    assert [r[1] for r in late.tables("daftar_unit")[0].rows] == [examples.KEDIRI_UNIT_NAME, "RSUD Gambiran"]


def test_the_sptjm_states_the_signatory_and_lists_the_same_units():
    data = kediri_document("sptjm").to_docx()
    text = body_text(data)
    assert "SURAT PERNYATAAN TANGGUNG JAWAB MUTLAK" in text
    assert "Nama\t:\t[Nama Wali Kota Kediri]" in text and "NIP\t:\t-" in text
    assert "Instansi\t:\tPemerintah Kota Kediri" in text
    assert "evaluasi Menuju WBK/WBBM tahun 2022" in text and "Kediri, 20 Mei 2022" in text
    rows = table_after(data, "Unit kerja/satuan kerja")
    assert [r[1] for r in rows[1:]] == [examples.KEDIRI_UNIT_NAME, "RSUD Gambiran", "Dinas Tenaga Kerja"]


# -- the LHE --------------------------------------------------------------------------------------------------
def test_the_kediri_lhe_shows_the_score_card_by_area_as_scoring_does():
    data = kediri_document("lhe").to_docx()
    rows = table_after(data, "Komponen / area perubahan")
    card = zi.score(TPI_2022)
    by_label = {r[1]: r for r in rows}
    for area in card.areas:
        row = by_label[area.label.id]
        pemenuhan, reform = area.children
        assert row[2:] == [
            fmt(area.maximum),
            fmt(pemenuhan.value),
            fmt(reform.value),
            fmt(area.value),
            fmt(area.percentage) + "%",
        ]
    assert by_label["Pengungkit"][2:] == ["60,00", "26,56", "25,81", "52,38", "87,30%"]
    assert by_label["Penataan Sistem Manajemen SDM Aparatur"][5:] == ["7,38", "73,75%"]
    assert by_label["Hasil"][5] == "35,38"
    assert rows[-1][1:] == ["Nilai total", "100,00", "", "", "87,76", "87,76%"]


def test_the_kediri_lhe_gives_the_verdict_criterion_by_criterion_with_margins():
    data = kediri_document("lhe").to_docx()
    rows = table_after(data, "Kriteria")
    verdict = zi.assess(zi.score(TPI_2022), target="WBK")
    assert len(rows) == 1 + len(verdict.criteria) == 13
    assert rows[1][1:6] == ["Nilai total (pengungkit + hasil)", "≥ 75,00", "87,76", "+12,76", "Memenuhi"]
    assert rows[1][6] == verdict.criterion("total").source
    ipak = next(r for r in rows if r[1] == "Survei persepsi anti korupsi")
    assert ipak[2:5] == ["≥ 15,75 (indeks ≥ 3,60)", "16,23 (indeks 3,71)", "+0,48"]
    assert [r[5] for r in rows[1:]] == ["Memenuhi"] * 12
    text = body_text(data)
    assert f"{examples.KEDIRI_UNIT_NAME} memenuhi seluruh 12 kriteria Menuju WBK dengan nilai total 87,76" in text


def test_the_kediri_lhe_shows_what_tpi_changed_and_recommends_the_way_to_wbbm():
    data = kediri_document("lhe").to_docx()
    rows = table_after(data, "Butir")
    # from the review rounds: ranked by the points each change moved, with TPI's note
    assert [r[1:7] for r in rows[1:]] == [
        ["P4.i.a", "Pimpinan terlibat menyusun perencanaan", "A", "B", "-0,4167",
         "Notulen rapat penyusunan Renja tidak menunjukkan kehadiran Kepala Dinas"],
        ["P2.ii.b", "Manajemen SDM berbasis TI", "A", "B", "-0,2500",
         "Aplikasi kepegawaian baru dipakai untuk presensi dan cuti"],
        ["P5.i.b", "Pengendalian gratifikasi diterapkan", "A", "B", "-0,2475",
         "Laporan UPG baru mencakup semester II"],
        ["P1.iv.b", "Agen perubahan ditetapkan", "A", "B", "-0,1875",
         "SK agen perubahan ada, tetapi belum semua bidang memiliki agen perubahan"],
        ["P3.iii.f", "Hasil pengembangan kompetensi dimonev", "B", "C", "-0,1042",
         "Monev baru sebatas daftar hadir pelatihan; jawaban disesuaikan"],
    ]  # fmt: skip
    unit_card = zi.score(kediri_self_assessment_2022())
    text = body_text(data)
    assert f"Nilai total penilaian mandiri unit {fmt(unit_card.value('total'))} menjadi 87,76" in text
    assert "TPI mengubah jawaban pada 5 butir" in text and "(selisih -1,21)" in text
    assert "Untuk melangkah menuju WBBM" in text
    assert "Tingkatkan butir R3.i.a (Kinerja individu berorientasi hasil) dari jawaban B menjadi A" in text
    assert "indeks 3,52 masih di bawah 3,60" in text
    assert "18 April 2022" in text and "Mengetahui," in text
    assert "[Nama Ketua TPI]" in text and "[Nama Inspektur]" in text
    assert header_text(data).split("\n")[:2] == ["PEMERINTAH KOTA KEDIRI", "INSPEKTORAT DAERAH"]


def test_an_lhe_without_a_self_assessment_says_so_and_a_failing_unit_gets_a_plan_to_its_target():
    weak = TPI_2022.with_answers({"H2.a": "3.00", "R3.i.a": "C", "R3.ii.a": "C"})
    report = d.lhe(weak, unit="Unit Uji", cycle=2023, target="WBK", on="3 Maret 2023", signatory=KEDIRI_TPI_LEAD)
    text = body_text(report.to_docx())
    verdict = zi.assess(zi.score(weak), target="WBK")
    failed = [c.label.id for c in verdict.failed]
    assert failed and f"belum memenuhi {len(failed)} dari 12 kriteria Menuju WBK" in text
    assert "Penilaian mandiri unit tidak disertakan" in text
    assert "Seluruh 113 butir LKE terjawab." in text
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", zi.IncompleteWorksheetWarning)
        partial = d.lhe(weak.with_answers({"P1.i.a": None, "P1.i.b": None}), unit="Unit Uji", cycle=2023,
                        target="WBK", on="3 Maret 2023", signatory=KEDIRI_TPI_LEAD)  # fmt: skip
    assert partial.field("kelengkapan") == "Baru 111 dari 113 butir LKE terjawab; butir yang belum terjawab bernilai 0."
    assert "Agar memenuhi kriteria Menuju WBK, TPI merekomendasikan:" in text
    plan = zi.plan_improvements(weak, "WBK")
    for change in plan.changes:
        assert f"Tingkatkan butir {change.item} " in text
    assert "3 Maret 2023" in text


def test_an_lhe_refuses_worksheets_by_the_wrong_assessor():
    with pytest.raises(zi.InvalidAnswerError, match="TPI's worksheet; this one is by 'unit'"):
        d.lhe(TPI_2022.with_assessor("unit"), unit="X", cycle=2022, target="WBK", on="1 Mei 2022",
              signatory=KEDIRI_TPI_LEAD)  # fmt: skip
    with pytest.raises(zi.InvalidAnswerError, match="self-assessment must be the unit's"):
        d.lhe(TPI_2022, unit="X", cycle=2022, target="WBK", on="1 Mei 2022", signatory=KEDIRI_TPI_LEAD,
              self_assessment=TPI_2022)  # fmt: skip
    with pytest.raises(ValueError, match="holds_wbk"):
        d.lhe(TPI_2022, unit="X", cycle=2022, target="WBBM", on="1 Mei 2022", signatory=KEDIRI_TPI_LEAD)


# -- the monitoring report ------------------------------------------------------------------------------------
def test_the_kediri_monitoring_report_lists_the_holders_with_assessment_survey_and_due_date():
    data = kediri_document("monitoring").to_docx()
    rows = table_after(data, "Unit kerja/satuan kerja")
    assert rows[1][1:] == [
        examples.KEDIRI_UNIT_NAME,
        "Menuju WBK sejak 6 Desember 2022",
        "TPI 2022: 87,76 (memenuhi)",
        "3,68 / 3,41 (TPN 2022)",
        "25 November 2024",
        "25 November 2026",
    ]
    assert rows[2][1:] == [
        "RSUD Gambiran",
        "Menuju WBK sejak 12 Desember 2023",
        "TPI 2023: 100,00 (memenuhi)",
        "3,74 / 3,66 (TPN 2023)",
        "-",
        "12 Desember 2025",
    ]
    text = body_text(data)
    assert "mengevaluasi 2 (dua) unit kerja/satuan kerja" in text and "Kediri, 25 November 2024" in text
    assert "pengungkit 52,38; hasil 35,38; total 87,76) masih memenuhi kriteria Menuju WBK" in text


def test_an_overdue_report_and_a_new_internal_assessment_show_in_the_monitoring_report():
    weak = TPI_2022.with_answers({"H2.a": "3.00"})
    report = d.monitoring_report(
        KOTA,
        on="5 Januari 2026",
        signatory=KEDIRI_HEAD,
        assessments={"rsud-gambiran": weak},
        surveys={"rsud-gambiran": ("3,70", "3,10")},
    )
    rows = report.tables("tabel_monitoring")[0].rows
    assert rows[1][3:] == (
        f"pemantauan: {fmt(zi.score(weak).value('total'))} (tidak memenuhi)",
        "3,70 / 3,10 (pemantauan)",
        "-",
        "12 Desember 2025 (terlambat)",
    )
    notes = list(report.block("catatan")[0].texts())
    assert any("tidak lagi memenuhi kriteria Menuju WBK (Pelayanan publik yang prima)" in n for n in notes)
    assert any("jatuh tempo 12 Desember 2025 dan belum disampaikan" in n for n in notes)
    with pytest.raises(zi.InvalidAnswerError, match="nothing to report"):
        d.monitoring_report(KOTA, on="1 Januari 2022", signatory=KEDIRI_HEAD)
    with pytest.raises(zi.UnknownItemError, match="'puskesmas'"):
        d.monitoring_report(KOTA, on="5 Januari 2026", signatory=KEDIRI_HEAD, surveys={"puskesmas": ("3", "3")})


def test_the_monitoring_report_from_a_store_uses_its_later_assessment_and_survey(tmp_path):
    from zona_integritas.survey import perception_index

    db_path = tmp_path / "kota.db"
    later = TPI_2022.with_answers({"R3.i.a": "A"})
    ipak = perception_index([dict.fromkeys(("diskriminasi", "kecurangan", "gratifikasi", "calo", "pungli"), 4)] * 30,
                            kind="ipak", rulebook=RB)  # fmt: skip
    ipkp = perception_index([{f"U{i}": 3 for i in range(1, 10)}] * 30, kind="ipkp", rulebook=RB)
    with store.open(db_path) as db:
        for unit, journey in zip(KOTA.units, KOTA.journeys, strict=True):
            db.add_unit(unit, rulebook=journey.rulebook.id, windows=journey.windows)
            db.record(unit.id, *journey.events)
        db.save_worksheet("dpmptsp", 2024, later)
        db.save_worksheet("dpmptsp", 2021, TPI_2022)  # older than the journey's 2022 assessment: not used
        db.save_survey("dpmptsp", 2024, ipak)
        db.save_survey("dpmptsp", 2024, ipkp)
        db.save_survey("rsud-gambiran", 2024, ipak)  # no IPKP of that cycle: not used
        assessments, surveys = d.inputs_from_store(db, Portfolio.from_store(db, KOTA.instansi), on="25 November 2024")
    assert assessments == {"dpmptsp": d.InternalAssessment(later, "TPI 2024")}
    assert surveys == {"dpmptsp": d.SurveyIndices("4.00", "3.00", "survei internal 2024")}
    target = tmp_path / "monitoring.docx"
    code, _, err = run(
        "document", "monitoring", "--db", str(db_path), "--instansi", "Pemerintah Kota Kediri",
        "--on", "25 November 2024", "--signatory-name", "Nama", "--signatory-position", "Wali Kota Kediri",
        "--out", str(target),
    )  # fmt: skip
    assert (code, err) == (0, "")
    rows = {r[1]: r for r in tables(target.read_bytes())[0][1:]}
    dpmptsp = rows[examples.KEDIRI_UNIT_NAME]
    assert dpmptsp[3:5] == [
        f"TPI 2024: {fmt(zi.score(later).value('total'))} (memenuhi)",
        "4,00 / 3,00 (survei internal 2024)",
    ]
    assert rows["RSUD Gambiran"][3:5] == ["TPI 2023: 100,00 (memenuhi)", "3,74 / 3,66 (TPN 2023)"]
    with pytest.raises(zi.InvalidAnswerError, match="lies between 0 and 4"):
        d.SurveyIndices("4.2", "3")


# -- Word layout: repeated header rows, rows kept whole, page numbers --------------------------------------------
def test_tables_repeat_their_header_row_and_never_split_a_row_and_pages_are_numbered():
    doc = opened(kediri_document("lhe").to_docx())
    generated = [t for t in doc.tables if t.rows[0].cells[0].text == "No"]
    assert len(generated) == 3
    for table in generated:
        first = table.rows[0]._tr.trPr
        assert first is not None and first.find(qn("w:tblHeader")) is not None
        for row in table.rows:
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    section = doc.sections[0]
    for footer in (section.footer, section.first_page_footer):
        instructions = [f.get(qn("w:instr")) for f in footer._element.iter(qn("w:fldSimple"))]
        assert instructions == ["PAGE", "NUMPAGES"]
        assert footer.paragraphs[0].text.startswith("Halaman ")


# -- templates ------------------------------------------------------------------------------------------------
def test_the_shipped_templates_are_what_the_build_script_makes():
    for kind in d.DocumentKind:
        shipped = opened(d.default_template(kind))
        built = build(kind)
        for a, b in zip(
            (shipped.element, *(s.first_page_header._element for s in shipped.sections)),
            (built.element, *(s.first_page_header._element for s in built.sections)),
            strict=True,
        ):
            assert a.xml == b.xml, kind


def test_every_placeholder_of_a_default_template_is_known_and_every_required_one_is_there():
    for kind in d.DocumentKind:
        names = set(d.check_template(d.default_template(kind), kind))
        known = {p.name for p in d.PLACEHOLDERS[kind]}
        assert names <= known
        assert {p.name for p in d.PLACEHOLDERS[kind] if p.required and not p.alternative} <= names


def test_the_reference_page_documents_every_placeholder():
    page = (DOCS / "reference" / "documents.md").read_text(encoding="utf-8")
    for kind, placeholders in d.PLACEHOLDERS.items():
        assert f"`{kind.value}`" in page
        for p in placeholders:
            assert f"`{{{{ {p.name} }}}}`" in page, p.name


def _custom_template(tmp_path: Path, body: list[str], *, header: list[list[str]] | None = None) -> Path:
    """A user's template: its own letterhead (placeholders split across runs as Word may do), its own wording."""
    doc = docx.Document()
    section = doc.sections[0]
    for runs in header or [["KOP: {{ kop_", "instansi }}"], ["Dinas {{ kop_unit }}"]]:
        p = section.header.add_paragraph()
        for text in runs:
            p.add_run(text).bold = True
    for text in body:
        doc.add_paragraph(text)
    path = tmp_path / "mine.docx"
    doc.save(str(path))
    return path


def test_a_user_template_with_its_own_letterhead_renders_the_facts(tmp_path):
    template = _custom_template(
        tmp_path,
        [
            "Tanggal: {{tanggal}} — nomor {{ nomor }}",
            "Kami usulkan {{ jumlah_unit }} unit untuk siklus {{ tahun }}.",
            "{{ daftar_unit }}",
            "Ttd. {{ penandatangan_nama }} ({{ penandatangan_jabatan }})",
        ],
    )
    letter = d.proposal_letter(
        KOTA,
        2022,
        on="20 Mei 2022",
        signatory=KEDIRI_HEAD,
        letterhead=d.Letterhead("Pemerintah Kota Kediri", unit="Penanaman Modal"),
        number="000/123/419.43/2022",
    )
    data = letter.to_docx(template=template)
    doc = opened(data)
    assert [p.text for p in doc.sections[0].header.paragraphs if p.text] == [
        "KOP: PEMERINTAH KOTA KEDIRI",
        "Dinas PENANAMAN MODAL",
    ]
    assert doc.sections[0].header.paragraphs[-1].runs[0].bold
    texts = [p.text for p in doc.paragraphs]
    assert "Tanggal: 20 Mei 2022 — nomor 000/123/419.43/2022" in texts
    assert "Kami usulkan 3 (tiga) unit untuk siklus 2022." in texts
    assert "Ttd. [Nama Wali Kota Kediri] (Wali Kota Kediri)" in texts
    assert [r[1] for r in tables(data)[0][1:]] == [examples.KEDIRI_UNIT_NAME, "RSUD Gambiran", "Dinas Tenaga Kerja"]
    assert d.check_template(template, "proposal") == [
        "kop_instansi",
        "kop_unit",
        "tanggal",
        "nomor",
        "jumlah_unit",
        "tahun",
        "daftar_unit",
        "penandatangan_nama",
        "penandatangan_jabatan",
    ] or set(d.check_template(template, "proposal")) == {
        "kop_instansi", "kop_unit", "tanggal", "nomor", "jumlah_unit", "tahun", "daftar_unit",
        "penandatangan_nama", "penandatangan_jabatan",
    }  # fmt: skip
    # the rendered document renders again from itself as a template: no placeholder is left
    assert d.template_placeholders(data) == []


def test_placeholders_in_a_text_box_of_the_letterhead_are_filled(tmp_path):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    template = _custom_template(tmp_path, ["{{ tanggal }}", "{{ daftar_unit }}", "{{ penandatangan_nama }}"])
    doc = docx.Document(str(template))
    box = parse_xml(
        f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict>'
        '<v:shape style="width:300pt;height:40pt"><v:textbox><w:txbxContent>'
        "<w:p><w:r><w:t>{{ kop_</w:t></w:r><w:r><w:t>instansi }}</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
    )
    doc.sections[0].header.paragraphs[0]._p.append(box)
    doc.save(str(template))
    data = kediri_document("proposal").to_docx(template=template)
    header = opened(data).sections[0].header._element
    boxed = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in header.iter(qn("w:txbxContent"))]
    assert boxed == ["PEMERINTAH KOTA KEDIRI"]


_SCALARS = ["nomor", "tahun", "nama_instansi", "penandatangan_jabatan", "kop_unit"]
_LITERAL = st.text(alphabet="abc XYZ:,.-()/", max_size=8)


@st.composite
def split_paragraphs(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """A paragraph of literal text and placeholders (with or without inner spaces), cut into runs anywhere."""
    pieces: list[str] = []
    names: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        pieces.append(draw(_LITERAL))
        name = draw(st.sampled_from(_SCALARS))
        names.append(name)
        pieces.append(draw(st.sampled_from(["{{%s}}", "{{ %s }}", "{{  %s}}"])) % name)
    pieces.append(draw(_LITERAL))
    text = "".join(pieces)
    cuts = sorted(draw(st.sets(st.integers(1, max(1, len(text) - 1)), max_size=8)))
    runs = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True) if text[a:b]]
    return runs, names


@settings(max_examples=25, deadline=None)
@given(split_paragraphs())
def test_placeholders_cut_into_runs_anywhere_are_replaced_exactly(case):
    runs, _ = case
    doc = docx.Document()
    paragraph = doc.add_paragraph()
    for i, text in enumerate(runs):
        paragraph.add_run(text).italic = i % 2 == 0
    for text in ("{{ tanggal }}", "{{ daftar_unit }}", "{{ penandatangan_nama }}"):
        doc.add_paragraph(text)
    buffer = io.BytesIO()
    doc.save(buffer)
    letter = kediri_document("sptjm")
    rendered = opened(letter.to_docx(template=buffer.getvalue()))
    expected = re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: letter.field(m.group(1)), "".join(runs))
    assert rendered.paragraphs[0].text == expected
    assert "{{" not in "".join(p.text for p in rendered.paragraphs)


def test_block_placeholders_inside_a_layout_table_become_nested_tables_and_lines(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("{{ tempat_tanggal }}")
    layout = doc.add_table(rows=1, cols=2)
    layout.cell(0, 0).paragraphs[0].add_run("{{ daftar_unit }}")
    layout.cell(0, 1).paragraphs[0].add_run("{{ tembusan }}")
    layout.cell(0, 1).add_paragraph("{{ penandatangan_nama }}")
    path = tmp_path / "layout.docx"
    doc.save(str(path))
    data = kediri_document("proposal").to_docx(template=path)
    cell_left, cell_right = opened(data).tables[0].rows[0].cells
    nested = cell_left.tables
    assert len(nested) == 1 and len(nested[0].rows) == 4
    assert cell_left._tc[-1].tag == qn("w:p")  # a cell ends with a paragraph, after its table
    assert [p.text for p in cell_right.paragraphs] == [
        "Tembusan:",
        "1.\tInspektur Kota Kediri",
        "[Nama Wali Kota Kediri]",
    ]


def test_a_bad_template_is_refused_with_every_problem_named(tmp_path):
    template = _custom_template(
        tmp_path,
        ["{{ tanggal }} {{ nama_kepala }}", "Daftar: {{ daftar_unit }}", "{{ Nama Instansi }}", "{{ nomor"],
    )
    with pytest.raises(zi.InvalidInputError) as caught:
        kediri_document("proposal").to_docx(template=template)
    problems = caught.value.problems
    assert all(isinstance(e, d.TemplateError) for e in caught.value.exceptions)
    assert any("unknown placeholder {{ nama_kepala }}" in p and "paragraph 1" in p for p in problems)
    assert any("block placeholder {{ daftar_unit }} must stand alone" in p for p in problems)
    assert any("'{{ Nama Instansi }}' is not a placeholder name" in p for p in problems)
    assert any("unclosed '{{'" in p and "{{ nomor" in p for p in problems)
    assert any("required placeholder {{ penandatangan_nama }}" in p for p in problems)
    assert len(problems) == 5
    missing_date = _custom_template(tmp_path, ["{{ daftar_unit }}", "{{ penandatangan_nama }}"])
    with pytest.raises(zi.InvalidInputError) as caught:
        kediri_document("sptjm").to_docx(template=missing_date)
    assert [p[:60] for p in caught.value.problems] == [
        "required placeholder {{ tanggal }} (or {{ tempat_tanggal }}) (Date of the letter"[:60]
    ]
    not_word = tmp_path / "x.docx"
    not_word.write_text("hello")
    with pytest.raises(zi.InvalidInputError, match="is not a Word document"):
        kediri_document("sptjm").to_docx(template=not_word)


def test_a_template_is_read_within_bounds_and_without_entity_declarations(tmp_path, monkeypatch):
    from zona_integritas.documents import word

    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(io.BytesIO(d.default_template("sptjm"))) as source, zipfile.ZipFile(bomb, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + data.split(b"?>", 1)[1]
            target.writestr(info, data)
    with pytest.raises(zi.InvalidInputError) as caught:
        kediri_document("sptjm").to_docx(template=bomb)
    assert caught.value.problems == [
        f"template {str(bomb)!r} has a part 'word/document.xml' that declares a DOCTYPE, which is refused"
    ]
    monkeypatch.setattr(word, "MAX_TEMPLATE_BYTES", 1000)
    with pytest.raises(zi.InvalidInputError, match="is not a Word document") as caught:
        kediri_document("sptjm").to_docx()
    assert "more than the limit of 1,000" in caught.value.problems[0]


def test_an_lhe_template_must_hold_the_score_and_criteria_tables(tmp_path):
    template = _custom_template(tmp_path, ["{{ tanggal }}", "{{ nama_unit }}", "{{ penandatangan_nama }}"])
    with pytest.raises(zi.InvalidInputError) as caught:
        kediri_document("lhe").to_docx(template=template)
    assert sorted(p.split("}}")[0] for p in caught.value.problems) == [
        "required placeholder {{ kesimpulan ",
        "required placeholder {{ tabel_kriteria ",
        "required placeholder {{ tabel_nilai ",
    ]


def test_text_a_docx_cannot_store_is_refused_naming_the_field():
    with pytest.raises(zi.InvalidInputError) as caught:
        d.lhe(TPI_2022, unit="Dinas\x01Uji", cycle=2022, target="WBK", on="1 Mei 2022", signatory=KEDIRI_TPI_LEAD)
    assert any("field 'nama_unit'" in p and "U+0001" in p for p in caught.value.problems)
    with pytest.raises(zi.InvalidAnswerError, match="NIP is written in digits"):
        d.Signatory("Budi", "Inspektur", nip="NIP 1970")
    with pytest.raises(zi.InvalidAnswerError, match=r"needs a position \(jabatan\); none given for Budi"):
        d.Signatory("Budi", " ")


def test_writing_word_without_python_docx_names_the_extra_to_install(monkeypatch):
    letter = kediri_document("sptjm")  # building the content needs no python-docx
    monkeypatch.setitem(sys.modules, "docx", None)
    with pytest.raises(ImportError, match=r"pip install 'zona-integritas\[word\]'") as caught:
        letter.to_docx()
    assert isinstance(caught.value, zi.ZonaIntegritasError)
    code, out, err = run("document", "sptjm", "--example", "kediri", "--out", "s.docx")
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert (
        err == "error: writing Word documents needs python-docx; install it with: pip install 'zona-integritas[word]'\n"
    )


def test_a_pdf_without_libreoffice_names_what_to_install(tmp_path, monkeypatch):
    from zona_integritas.documents import pdf

    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    code, out, err = run("document", "lhe", "--example", "kediri", "--out", str(tmp_path / "l.docx"), "--pdf")
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert "needs LibreOffice (soffice) on PATH" in err and "apt-get install libreoffice-writer" in err
    assert (tmp_path / "l.docx").is_file() and not (tmp_path / "l.pdf").exists()


# -- Hypothesis: generated portfolios and worksheets -----------------------------------------------------------
_NAMES = (
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz ().,-&'", min_size=3, max_size=40)
    .map(lambda s: " ".join(s.split()))
    .filter(lambda s: len(s) >= 3)
)


@st.composite
def portfolios(draw: st.DrawFn) -> tuple[Portfolio, int]:
    year = draw(st.integers(2022, 2026))  # cycles judged by 90/2021 (2021 and before: 52/2014)
    count = draw(st.integers(1, 4))
    names = draw(st.lists(_NAMES, min_size=count, max_size=count, unique_by=str.casefold))
    instansi = Instansi(draw(_NAMES), draw(st.sampled_from(["pemda", "kl"])))
    units, journeys = [], []
    for i, name in enumerate(names):
        ws = draw(worksheets(RB, complete=True, assessor="tpi"))
        events = [
            Declared(dt.date(year - 2, 1, 10)),
            UnitDesignated(dt.date(year - 2, 1, 17)),
            BuildingStarted(dt.date(year - 2, 1, 24), target="WBK"),
            TpiAssessed(dt.date(year, 3, 1 + i), cycle=year, target="WBK", worksheet=ws),
        ]
        units.append(Unit(f"u{i}", name, instansi))
        journeys.append(zi.Journey.replay(f"u{i}", RB, events))
    return Portfolio(instansi, tuple(units), tuple(journeys)), year


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(portfolios())
def test_a_generated_portfolio_proposal_names_every_unit_with_its_score_and_date(case):
    portfolio, year = case
    on = dt.date(year, 5, 20)
    data = d.proposal_letter(portfolio, year, on=on, signatory=KEDIRI_HEAD).to_docx()
    rows = tables(data)[0]
    assert len(rows) == 1 + len(portfolio.units)
    for row, unit, journey in zip(rows[1:], portfolio.units, portfolio.journeys, strict=True):
        card = zi.score(journey.state().cycle(year).tpi_worksheet)
        assert row == [
            f"{portfolio.units.index(unit) + 1}.",
            unit.name,
            "Menuju WBK",
            fmt(card.value("pengungkit")),
            fmt(card.value("hasil")),
            fmt(card.value("total")),
        ]
    text = body_text(data)
    assert format_date(on, language="id") in text and portfolio.instansi.name in text
    assert header_text(data).startswith(portfolio.instansi.name.upper())


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(worksheets(RB, assessor="tpi"), worksheets(RB, assessor="unit"), _NAMES)
def test_a_generated_lhe_agrees_with_the_score_card_and_the_verdict(tpi, unit_ws, name):
    card = quiet_score(tpi)
    verdict = zi.assess(card, target="WBK")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", zi.IncompleteWorksheetWarning)
        report = d.lhe(tpi, unit=name, cycle=2024, target="WBK", on="6 Desember 2024", signatory=KEDIRI_TPI_LEAD,
                       self_assessment=unit_ws)  # fmt: skip
    data = report.to_docx()
    rows = table_after(data, "Komponen / area perubahan")
    by_label = {r[1]: r for r in rows}
    for area in card.areas:
        assert by_label[area.label.id][5] == fmt(area.value)
    assert rows[-1][5] == fmt(card.value("total"))
    criteria = table_after(data, "Kriteria")
    assert [r[5] == "Memenuhi" for r in criteria[1:]] == [c.passed for c in verdict.criteria]
    text = body_text(data)
    assert "6 Desember 2024" in text and " ".join(name.split()) in text
    word = "memenuhi seluruh" if verdict.passed else "belum memenuhi"
    assert word in text


# -- the command line -----------------------------------------------------------------------------------------
def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_the_cli_writes_the_kediri_example_documents(tmp_path):
    for kind in ("proposal", "sptjm", "lhe", "monitoring"):
        target = tmp_path / f"{kind}.docx"
        code, out, err = run("document", kind, "--example", "kediri", "--out", str(target))
        assert (code, err) == (0, ""), err
        assert out == f"wrote {target}\n"
        assert body_text(target.read_bytes()) == body_text(kediri_document(kind).to_docx())


def test_the_cli_writes_an_lhe_from_a_store_with_the_units_self_assessment(tmp_path):
    db_path = tmp_path / "kota.db"
    with store.open(db_path) as db:
        for unit, journey in zip(KOTA.units, KOTA.journeys, strict=True):
            db.add_unit(unit, rulebook=journey.rulebook.id, windows=journey.windows)
            db.record(unit.id, *journey.events)
        db.save_worksheet("dpmptsp", 2022, kediri_self_assessment_2022())
    target = tmp_path / "lhe.docx"
    code, _, err = run(
        "document", "lhe", "--db", str(db_path), "--instansi", "Pemerintah Kota Kediri", "--unit", "dpmptsp",
        "--cycle", "2022", "--signatory-name", "Budi Santoso", "--signatory-position", "Ketua TPI",
        "--signatory-nip", "197001012000031001", "--city", "Kediri", "--letterhead", "Pemerintah Kota Kediri",
        "--out", str(target),
    )  # fmt: skip
    assert (code, err) == (0, "")
    text = body_text(target.read_bytes())
    assert "Kediri, 18 April 2022" in text and "NIP. 197001012000031001" in text
    assert "TPI mengubah jawaban pada 5 butir" in text


def test_the_cli_writes_letters_from_journey_json_files_and_an_lhe_from_a_worksheet_file(tmp_path):
    files = []
    for journey in KOTA.journeys[:3]:
        path = tmp_path / f"{journey.unit}.json"
        path.write_text(dumps(journey), encoding="utf-8")
        files += ["--journey", str(path)]
    target = tmp_path / "usul.docx"
    code, _, err = run(
        "document", "proposal", *files, "--instansi", "Pemerintah Kota Kediri", "--cycle", "2022",
        "--on", "20 Mei 2022", "--signatory-name", "Nama", "--signatory-position", "Wali Kota",
        "--unit-name-of", "rsud-gambiran=RSUD Gambiran",
        "--copy", "Inspektur", "--out", str(target),
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert [r[1] for r in tables(target.read_bytes())[0][1:]] == ["dpmptsp", "RSUD Gambiran"]
    worksheet = tmp_path / "tpi.json"
    worksheet.write_text(dumps(TPI_2022), encoding="utf-8")
    code, _, err = run(
        "document", "lhe", "--worksheet", str(worksheet), "--unit-name", "Unit Uji", "--cycle", "2022",
        "--on", "2022-04-18", "--signatory-name", "Nama", "--signatory-position", "Ketua TPI",
        "--out", str(tmp_path / "lhe.docx"),
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert "Unit Uji memenuhi seluruh 12 kriteria Menuju WBK" in body_text((tmp_path / "lhe.docx").read_bytes())


def test_the_cli_reports_missing_inputs_and_bad_templates(tmp_path):
    code, _, err = run("document", "proposal", "--example", "kediri", "--out", str(tmp_path / "a.docx"),
                       "--template", str(_custom_template(tmp_path, ["{{ tanggal }}"])))  # fmt: skip
    assert code == EXIT_BAD_INPUT
    assert "cannot render a proposal document" in err and "{{ daftar_unit }}" in err
    code, _, err = run("document", "lhe", "--example", "kediri", "--db", "x.db", "--out", str(tmp_path / "b.docx"))
    assert (code, err) == (EXIT_BAD_INPUT, "error: give one source, not --example and --db\n")
    code, _, err = run("document", "monitoring", "--journey", "x.json", "--out", str(tmp_path / "b.docx"))
    assert code == EXIT_BAD_INPUT and "--instansi" in err
    journey = tmp_path / "j.json"
    journey.write_text(dumps(KOTA.journeys[0]), encoding="utf-8")
    source = ("--journey", str(journey), "--instansi", "Kota", "--on", "1 Januari 2025")
    code, _, err = run("document", "monitoring", *source, "--unit-name-of", "dpmptsp", "--out", "c.docx")
    assert (code, err) == (EXIT_BAD_INPUT, "error: --unit-name-of takes ID=NAME; got 'dpmptsp'\n")
    code, _, err = run("document", "monitoring", *source, "--signatory-name", "Budi", "--out", "c.docx")
    assert (code, err) == (
        EXIT_BAD_INPUT,
        "error: --signatory-position is needed with --signatory-name (the signatory's jabatan)\n",
    )
    assert not (tmp_path / "a.docx").exists()


def test_the_demo_mentions_the_documents():
    code, out, _ = run("demo")
    assert code == 0 and "zona-integritas document proposal|sptjm|lhe|monitoring --example kediri" in out


# -- PDF through LibreOffice ----------------------------------------------------------------------------------
@pytest.mark.libreoffice
def test_the_lhe_as_pdf_carries_the_same_facts(tmp_path):
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        skip_or_fail("needs LibreOffice (Debian's libreoffice-writer) to convert documents to PDF")
    from pypdf import PdfReader

    written = kediri_document("lhe").write(tmp_path / "lhe.docx", pdf=True)
    assert written == tmp_path / "lhe.pdf" and (tmp_path / "lhe.docx").is_file()
    reader = PdfReader(str(written))
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    assert "LAPORAN HASIL EVALUASI" in flat
    assert "Penataan Sistem Manajemen SDM" in flat and "73,75%" in flat
    assert "87,76" in flat and "+12,76" in flat and "Memenuhi" in flat
    assert "18 April 2022" in flat
    assert f"Halaman 1 dari {len(reader.pages)}" in flat


@pytest.mark.libreoffice
def test_a_long_table_repeats_its_header_on_every_page_and_never_splits_a_row_in_the_pdf():
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        skip_or_fail("needs LibreOffice (Debian's libreoffice-writer) to convert documents to PDF")
    from pypdf import PdfReader

    kota = Instansi("Pemerintah Kota Contoh", "pemda")
    units = tuple(Unit(f"u{i}", f"Unit Kerja Contoh Nomor {i} dengan Nama yang Cukup Panjang", kota) for i in range(70))
    events = [
        Declared(dt.date(2022, 1, 10)),
        UnitDesignated(dt.date(2022, 1, 17)),
        BuildingStarted(dt.date(2022, 1, 24)),
        TpiAssessed(dt.date(2024, 3, 4), cycle=2024, target="WBK", worksheet=TPI_2022),
    ]
    portfolio = Portfolio(kota, units, tuple(zi.Journey.replay(u.id, RB, events) for u in units))
    pdf = d.proposal_letter(portfolio, 2024, on="20 Mei 2024", signatory=KEDIRI_HEAD).to_pdf()
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) >= 3
    with_rows = [i for i, text in enumerate(pages) if "Unit Kerja Contoh Nomor" in text]
    assert len(with_rows) >= 2
    for i in with_rows:
        assert "Unit kerja/satuan kerja Predikat yang diusulkan Pengungkit Hasil Nilai TPI" in pages[i], i
    for unit in units:  # every row whole on one page: its name, target and scores together
        row = f"{unit.name} Menuju WBK 52,38 35,38 87,76"
        assert sum(row in text for text in pages) == 1, unit.name
