"""Build the default ``.docx`` templates the library ships.

Run ``python -m zona_integritas.documents.build_templates`` to rewrite ``documents/templates/*.docx``.

The wording is ours, modelled on the *elements* of the sample forms (5/2024 Lampiran II gambar 6 and 7;
90/2021 Lampiran II gambar 10): letterhead, place and date, nomor, sifat, lampiran, hal, addressee,
body, signature block and copies. The letterhead is in the first page's header, page numbers
("Halaman 1 dari 3") in every footer. Agencies copy a template, put their own letterhead and wording
in it, and keep the placeholders (see :data:`~zona_integritas.documents.PLACEHOLDERS`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ._model import DocumentKind

__all__ = ["build", "build_all"]

_INDENT_SIGNATURE = 9.0  # cm from the left margin: the signature block sits on the right half


def _docx() -> Any:
    from .word import _require_docx

    return _require_docx()


def _base() -> Any:
    docx = _docx()
    from docx.enum.section import WD_SECTION
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = docx.Document()
    section = doc.sections[0]
    assert section.start_type is WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.header_distance, section.footer_distance = Cm(1), Cm(1)
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Arial")
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.15
    props = doc.core_properties
    props.author = "zona-integritas"
    props.last_modified_by = "zona-integritas"
    props.comments = "Template: keep the {{ placeholders }}; see the zona-integritas documentation."
    _letterhead(doc)
    _page_numbers(doc)
    return doc


def _para(container: Any, text: str = "", *, bold: bool = False, size: float | None = None, **fmt: Any) -> Any:
    from docx.shared import Pt

    p = container.add_paragraph()
    if text:
        run = p.add_run(text)
        if bold:
            run.bold = True
        if size is not None:
            run.font.size = Pt(size)
    for key, value in fmt.items():
        setattr(p.paragraph_format, key, value)
    return p


def _letterhead(doc: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    section = doc.sections[0]
    section.different_first_page_header_footer = True
    header = section.first_page_header
    header.is_linked_to_previous = False
    first = header.paragraphs[0]
    first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = first.add_run("{{ kop_instansi }}")
    run.bold = True
    from docx.shared import Pt

    run.font.size = Pt(14)
    _para(header, "{{ kop_unit }}", bold=True, size=13, alignment=WD_ALIGN_PARAGRAPH.CENTER)
    _para(header, "{{ kop_alamat }}", size=9, alignment=WD_ALIGN_PARAGRAPH.CENTER)
    _para(header, "{{ kop_kontak }}", size=9, alignment=WD_ALIGN_PARAGRAPH.CENTER)
    rule = _para(header, size=4)
    rule._p.get_or_add_pPr().append(
        parse_xml(
            f"<w:pBdr {nsdecls('w')}>"
            '<w:bottom w:val="thickThinSmallGap" w:sz="18" w:space="1" w:color="000000"/></w:pBdr>'
        )
    )


def _page_numbers(doc: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Pt

    section = doc.sections[0]
    for footer in (section.footer, section.first_page_footer):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        size = '<w:rPr><w:sz w:val="16"/></w:rPr>'
        for piece in ("Halaman ", ("PAGE", "1"), " dari ", ("NUMPAGES", "1")):
            if isinstance(piece, str):
                run = p.add_run(piece)
                run.font.size = Pt(8)
            else:
                instr, shown = piece
                p._p.append(
                    parse_xml(
                        f'<w:fldSimple {nsdecls("w")} w:instr="{instr}">'
                        f"<w:r>{size}<w:t>{shown}</w:t></w:r></w:fldSimple>"
                    )
                )


def _table_placeholder(doc: Any, name: str) -> None:
    _para(doc, "{{ " + name + " }}", size=9, space_before=_pt(4), space_after=_pt(6))


def _pt(value: float) -> Any:
    from docx.shared import Pt

    return Pt(value)


def _cm(value: float) -> Any:
    from docx.shared import Cm

    return Cm(value)


def _labelled(doc: Any, label: str, text: str, *, at: float = 2.5) -> Any:
    """``label<tab>:<tab>text`` with a hanging indent so that long values wrap under themselves."""
    p = _para(doc, f"{label}\t:\t{text}", left_indent=_cm(at + 0.4), first_line_indent=_cm(-(at + 0.4)))
    p.paragraph_format.tab_stops.add_tab_stop(_cm(at))
    p.paragraph_format.tab_stops.add_tab_stop(_cm(at + 0.4))
    return p


def _body(doc: Any, text: str) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    return _para(
        doc,
        text,
        alignment=WD_ALIGN_PARAGRAPH.JUSTIFY,
        first_line_indent=_cm(1.25),
        space_after=_pt(6),
    )


def _letter_head(doc: Any, subject: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    _para(doc, "{{ tempat_tanggal }}", alignment=WD_ALIGN_PARAGRAPH.RIGHT, space_after=_pt(6))
    _labelled(doc, "Nomor", "{{ nomor }}")
    _labelled(doc, "Sifat", "{{ sifat }}")
    _labelled(doc, "Lampiran", "{{ lampiran }}")
    _labelled(doc, "Hal", subject)
    _para(doc, "", space_after=_pt(6))
    _para(doc, "Yth. Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi")
    _para(doc, "c.q. Deputi Bidang Reformasi Birokrasi, Akuntabilitas Aparatur, dan Pengawasan")
    _para(doc, "selaku Penanggung Jawab Tim Penilai Nasional")
    _para(doc, "di Jakarta", space_after=_pt(12))


def _signature(container: Any, *, left: float = _INDENT_SIGNATURE, place_date: bool = False) -> None:
    indent = _cm(left)
    if place_date:
        _para(container, "{{ tempat_tanggal }}", left_indent=indent)
    _para(container, "{{ penandatangan_jabatan }},", left_indent=indent, space_before=_pt(12))
    for _ in range(3):
        _para(container, "", left_indent=indent)
    _para(container, "{{ penandatangan_nama }}", bold=True, left_indent=indent)
    _para(container, "{{ penandatangan_pangkat }}", left_indent=indent)
    _para(container, "{{ penandatangan_baris_nip }}", left_indent=indent)


def _copies(doc: Any) -> None:
    _para(doc, "", space_after=_pt(6))
    _para(doc, "{{ tembusan }}", size=10)


def proposal() -> Any:
    """The proposal letter (Surat Pengajuan Evaluasi) template."""
    doc = _base()
    _letter_head(doc, "Pengajuan Evaluasi Unit Kerja/Satuan Kerja Menuju WBK/WBBM Tahun {{ tahun }}")
    _body(
        doc,
        "Dalam rangka melaksanakan {{ peraturan }}, {{ nama_instansi }} telah membangun Zona Integritas pada "
        "unit kerja/satuan kerja di lingkungannya, dan Tim Penilai Internal telah mengevaluasinya untuk tahun "
        "{{ tahun }}.",
    )
    _body(
        doc,
        "Berdasarkan laporan hasil evaluasi Tim Penilai Internal tersebut, kami mengajukan {{ jumlah_unit }} unit "
        "kerja/satuan kerja berikut untuk dievaluasi oleh Tim Penilai Nasional sebagai calon unit berpredikat "
        "Menuju Wilayah Bebas dari Korupsi (WBK) atau Menuju Wilayah Birokrasi Bersih dan Melayani (WBBM):",
    )
    _table_placeholder(doc, "daftar_unit")
    _body(
        doc,
        "Bersama surat ini kami lampirkan Surat Pernyataan Tanggung Jawab Mutlak atas kebenaran data dan "
        "informasi unit kerja/satuan kerja yang kami ajukan.",
    )
    _body(
        doc,
        "Kami mohon Tim Penilai Nasional berkenan mengevaluasi unit kerja/satuan kerja tersebut. Atas perhatian "
        "dan kerja sama Bapak/Ibu, kami sampaikan terima kasih.",
    )
    _signature(doc)
    _copies(doc)
    return doc


def sptjm() -> Any:
    """The SPTJM (Surat Pernyataan Tanggung Jawab Mutlak) template."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = _base()
    _para(doc, "SURAT PERNYATAAN TANGGUNG JAWAB MUTLAK", bold=True, size=12, alignment=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, "Nomor: {{ nomor }}", alignment=WD_ALIGN_PARAGRAPH.CENTER, space_after=_pt(12))
    _para(doc, "Yang bertanda tangan di bawah ini:", space_after=_pt(6))
    _labelled(doc, "Nama", "{{ penandatangan_nama }}", at=3)
    _labelled(doc, "NIP", "{{ penandatangan_nip }}", at=3)
    _labelled(doc, "Jabatan", "{{ penandatangan_jabatan }}", at=3)
    _labelled(doc, "Instansi", "{{ nama_instansi }}", at=3).paragraph_format.space_after = _pt(6)
    _body(
        doc,
        "dengan ini menyatakan bertanggung jawab penuh bahwa seluruh data, informasi dan bukti dukung "
        "pembangunan Zona Integritas yang disampaikan untuk {{ jumlah_unit }} unit kerja/satuan kerja berikut, "
        "yang diusulkan untuk evaluasi Menuju WBK/WBBM tahun {{ tahun }}, benar dan sesuai dengan keadaan yang "
        "sebenarnya:",
    )
    _table_placeholder(doc, "daftar_unit")
    _body(
        doc,
        "Apabila di kemudian hari data atau informasi tersebut terbukti tidak benar, saya bersedia menanggung "
        "seluruh akibatnya sesuai dengan ketentuan peraturan perundang-undangan.",
    )
    _body(doc, "Demikian pernyataan ini dibuat dengan sebenar-benarnya untuk dipergunakan sebagaimana mestinya.")
    _signature(doc, place_date=True)
    return doc


def lhe() -> Any:
    """The LHE (Laporan Hasil Evaluasi) template."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    doc = _base()
    center = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, "LAPORAN HASIL EVALUASI", bold=True, size=12, alignment=center)
    _para(doc, "Pembangunan Zona Integritas Menuju {{ predikat_panjang }}", bold=True, alignment=center)
    _para(doc, "{{ nama_unit }}", bold=True, alignment=center)
    _para(doc, "Tahun {{ tahun }}", bold=True, alignment=center)
    _para(doc, "Nomor: {{ nomor }}", alignment=center, space_after=_pt(12))

    def heading(text: str) -> None:
        _para(doc, text, bold=True, space_before=_pt(10), space_after=_pt(4), keep_with_next=True)

    heading("A. Dasar dan ruang lingkup")
    _body(
        doc,
        "Tim Penilai Internal (TPI) {{ nama_instansi }} telah mengevaluasi pembangunan Zona Integritas pada "
        "{{ nama_unit }} untuk tahun {{ tahun }} dengan Lembar Kerja Evaluasi (LKE) menurut {{ peraturan }}. "
        "Predikat yang dituju adalah Menuju {{ predikat }}.",
    )
    heading("B. Nilai per area perubahan")
    _table_placeholder(doc, "tabel_nilai")
    _para(
        doc,
        "Nilai dihitung dari jawaban LKE hasil penilaian TPI dan ditampilkan dengan pembulatan dua angka di belakang "
        "koma. {{ kelengkapan }}",
        size=9,
    )
    heading("C. Pemenuhan kriteria")
    _table_placeholder(doc, "tabel_kriteria")
    _body(doc, "{{ kesimpulan }}")
    heading("D. Perubahan jawaban oleh TPI")
    _para(doc, "{{ perubahan_tpi }}", size=10, space_after=_pt(4))
    heading("E. Rekomendasi")
    _para(doc, "{{ rekomendasi }}", space_after=_pt(4))
    closing = _body(
        doc,
        "Demikian laporan hasil evaluasi ini disusun sebagai bahan pertimbangan pimpinan dalam pengusulan unit "
        "kerja/satuan kerja kepada Tim Penilai Nasional.",
    )
    closing.paragraph_format.keep_with_next = True
    _para(doc, "", space_after=_pt(6), keep_with_next=True)
    table = doc.add_table(rows=1, cols=2)
    trpr = table.rows[0]._tr.get_or_add_trPr()
    trpr.append(trpr.makeelement(qn("w:cantSplit"), {}))  # the signatures stay together on one page
    left, right = table.rows[0].cells
    for cell, lines in (
        (left, ["{{ mengetahui }}", "{{ mengetahui_jabatan }}", "", "", "", "{{ mengetahui_nama }}",
                "{{ mengetahui_baris_nip }}"]),
        (right, ["{{ tempat_tanggal }}", "{{ penandatangan_jabatan }},", "", "", "", "{{ penandatangan_nama }}",
                 "{{ penandatangan_baris_nip }}"]),
    ):  # fmt: skip
        cell.paragraphs[0].add_run(lines[0])
        for i, text in enumerate(lines[1:], start=1):
            p = cell.add_paragraph()
            run = p.add_run(text)
            if i == 5:
                run.bold = True
    return doc


def monitoring() -> Any:
    """The monitoring report letter template."""
    doc = _base()
    _letter_head(doc, "Laporan Pemantauan dan Evaluasi Unit Kerja/Satuan Kerja Berpredikat Menuju WBK/WBBM")
    _body(
        doc,
        "Dalam rangka melaksanakan {{ peraturan }}, Tim Penilai Internal {{ nama_instansi }} telah memantau dan "
        "mengevaluasi {{ jumlah_unit }} unit kerja/satuan kerja yang berpredikat Menuju WBK/WBBM. Keadaan pada "
        "{{ tanggal }} adalah sebagai berikut:",
    )
    _table_placeholder(doc, "tabel_monitoring")
    _para(doc, "Catatan Tim Penilai Internal:", keep_with_next=True, space_after=_pt(4))
    _para(doc, "{{ catatan }}", space_after=_pt(6))
    _body(doc, "Demikian laporan ini kami sampaikan. Atas perhatian Bapak/Ibu, kami ucapkan terima kasih.")
    _signature(doc)
    _copies(doc)
    return doc


_BUILDERS: dict[DocumentKind, Callable[[], Any]] = {
    DocumentKind.PROPOSAL: proposal,
    DocumentKind.SPTJM: sptjm,
    DocumentKind.LHE: lhe,
    DocumentKind.MONITORING: monitoring,
}


def build(kind: DocumentKind | str) -> Any:
    """The python-docx document of the default template of ``kind``.

    >>> doc = build("proposal")
    >>> doc.sections[0].first_page_header.paragraphs[0].text
    '{{ kop_instansi }}'
    """
    return _BUILDERS[DocumentKind.parse(kind)]()


def build_all(folder: Path | str) -> list[Path]:
    """Write every default template into ``folder`` as ``<kind>.docx``; returns the paths."""
    out = []
    for kind in DocumentKind:
        path = Path(folder) / f"{kind.value}.docx"
        build(kind).save(str(path))
        out.append(path)
    return out


if __name__ == "__main__":  # pragma: no cover - a maintainer's command
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("templates")
    for written in build_all(target):
        print(f"wrote {written}")
