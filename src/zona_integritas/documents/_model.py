"""The content of an official document, kept apart from Word: fields, blocks and the placeholders they fill.

A :class:`Document` is plain data (no python-docx): the text of each scalar placeholder and the blocks
(tables, numbered lines) of each block placeholder. :mod:`zona_integritas.documents.word` pours it
into a ``.docx`` template.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any

import attrs

from ..decimals import round_half_up
from ..errors import InvalidAnswerError, InvalidInputError, ZonaIntegritasError
from ..i18n import format_date as _format_date
from ..i18n import gettext as _
from ..i18n import or_list
from ..labels import Label

__all__ = [
    "PLACEHOLDERS",
    "Document",
    "DocumentKind",
    "Letterhead",
    "Lines",
    "MissingExtraError",
    "Placeholder",
    "Signatory",
    "Table",
    "TemplateError",
    "angka",
    "count_words",
    "persen",
    "register_renderer",
    "terbilang",
    "write_atomically",
]


def tanggal(day: dt.date) -> str:
    """A date in a document: always Indonesian (``6 Desember 2022``), whatever the language of messages.

    >>> tanggal(dt.date(2022, 12, 6))
    '6 Desember 2022'
    """
    return _format_date(day, language="id")


class TemplateError(ZonaIntegritasError, ValueError):
    """A ``.docx`` template that cannot render a document: an unknown placeholder, a missing required one,
    a block placeholder that shares its paragraph with other text, or a malformed ``{{ ... }}``."""


#: What turns a :class:`Document` into ``.docx`` bytes. :mod:`zona_integritas.documents.word` registers its
#: ``render`` when it is imported (the package imports it), so the model never imports the renderer that
#: builds on it.
_RENDERERS: dict[str, Callable[..., bytes]] = {}


def register_renderer(render: Callable[..., bytes], *, fmt: str = "docx") -> None:
    """Make ``render(document, template=...)`` the renderer of format ``fmt`` (``.docx``: documents.word's)."""
    _RENDERERS[fmt] = render


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    path = Path(path)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent if str(path.parent) else ".")
    try:
        with os.fdopen(handle, "wb") as f:
            f.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


class MissingExtraError(ZonaIntegritasError, ImportError):
    """An optional dependency is not installed; the message names the ``pip install`` to run."""


class DocumentKind(enum.Enum):
    """The official documents the library writes."""

    PROPOSAL = "proposal"  #: Surat Pengajuan Evaluasi to TPN (5/2024 Lampiran II Bab II A, gambar 6)
    SPTJM = "sptjm"  #: Surat Pernyataan Tanggung Jawab Mutlak (5/2024 Lampiran II Bab II A, gambar 7)
    LHE = "lhe"  #: TPI's Laporan Hasil Evaluasi of one unit (90/2021 Lampiran II Bab I)
    MONITORING = "monitoring"  #: the monitoring report letter (90/2021 Lampiran II Bab IV A, gambar 10)

    @classmethod
    def parse(cls, value: DocumentKind | str) -> DocumentKind:
        """A kind from itself or its name (any case).

        >>> DocumentKind.parse("LHE")
        <DocumentKind.LHE: 'lhe'>
        >>> DocumentKind.parse("letter")
        Traceback (most recent call last):
        ...
        zona_integritas.errors.InvalidAnswerError: a document is proposal, sptjm, lhe or monitoring; got 'letter'
        """
        if isinstance(value, cls):
            return value
        if isinstance(value, str):
            for member in cls:
                if member.value == value.strip().casefold():
                    return member
        kinds = [m.value for m in cls]
        raise InvalidAnswerError(
            _("a document is {kinds}; got {value}").format(kinds=or_list(kinds), value=repr(value)),
            code="unknown-document-kind",
        )


# -- numbers and dates the Indonesian way ---------------------------------------------------------------------
def angka(value: Decimal | int, places: int = 2, *, sign: bool = False) -> str:
    """A number as Indonesian documents write it: decimal comma, dot between thousands, half-up rounding.

    >>> angka(Decimal("95.73")), angka(Decimal("74.995")), angka(Decimal("1234.5")), angka(3, 0)
    ('95,73', '75,00', '1.234,50', '3')
    >>> angka(Decimal("12.1"), sign=True), angka(Decimal("-0.83"), sign=True)
    ('+12,10', '-0,83')
    """
    number = round_half_up(Decimal(value), places)
    if number == 0:
        number = abs(number)  # never "-0,00"
    text = f"{abs(number):,.{places}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    if number < 0:
        return "-" + text
    return ("+" + text) if sign else text


def persen(value: Decimal | None) -> str:
    """A percentage with 2 decimals and a percent sign (``"84,60%"``); ``"-"`` when there is none.

    >>> persen(Decimal("84.6")), persen(None)
    ('84,60%', '-')
    """
    return "-" if value is None else f"{angka(value)}%"


# -- placeholders ------------------------------------------------------------------------------------------
@attrs.frozen
class Placeholder:
    """One placeholder a template may hold: ``{{ name }}``.

    A *block* placeholder stands alone in its paragraph and becomes tables or numbered lines; a scalar
    one becomes text wherever it stands. A *required* placeholder must be in the template (or its
    ``alternative``): without it the document would lose the facts it exists to carry.
    """

    name: str
    description: Label
    block: bool = False
    required: bool = False
    alternative: str = ""  #: another placeholder that fulfils the requirement (the date: either form)


def _p(
    name: str, id_: str, en: str, *, block: bool = False, required: bool = False, alternative: str = ""
) -> Placeholder:
    return Placeholder(name, Label(id_, en), block, required, alternative)


_COMMON = (
    _p("kop_instansi", "Baris pertama kop surat (nama instansi)", "Letterhead, first line (the instansi)"),
    _p("kop_unit", "Baris kedua kop surat (unit penerbit)", "Letterhead, second line (the issuing unit)"),
    _p("kop_alamat", "Alamat pada kop surat", "Letterhead address"),
    _p("kop_kontak", "Telepon, surel, laman pada kop surat", "Letterhead telephone, e-mail, website"),
    _p("nomor", "Nomor surat", "Letter number"),
    _p("sifat", "Sifat surat", "Nature of the letter (e.g. Biasa)"),
    _p("lampiran", "Lampiran", "Attachments"),
    _p(
        "tanggal",
        "Tanggal surat (6 Desember 2022)",
        "Date of the letter (6 Desember 2022)",
        required=True,
        alternative="tempat_tanggal",
    ),
    _p(
        "tempat_tanggal",
        "Tempat dan tanggal (Kediri, 6 Desember 2022)",
        "Place and date",
        required=True,
        alternative="tanggal",
    ),
    _p("nama_instansi", "Nama instansi pemerintah", "Name of the instansi"),
    _p("peraturan", "Peraturan yang menjadi dasar", "The regulation applied"),
    _p("tahun", "Tahun evaluasi (siklus)", "Evaluation year (cycle)"),
    _p("penandatangan_jabatan", "Jabatan penanda tangan", "Signatory's position"),
    _p("penandatangan_nama", "Nama penanda tangan", "Signatory's name", required=True),
    _p("penandatangan_pangkat", "Pangkat/golongan penanda tangan", "Signatory's rank"),
    _p("penandatangan_nip", "NIP penanda tangan ('-' bila tidak ada)", "Signatory's NIP ('-' when none)"),
    _p(
        "penandatangan_baris_nip",
        "Baris 'NIP. ...' penanda tangan (kosong bila tidak ada)",
        "The signatory's 'NIP. ...' line (empty when none)",
    ),
    _p("tembusan", "Daftar tembusan", "Copies to", block=True),
)

_UNITS = (
    _p("jumlah_unit", "Jumlah unit yang diusulkan", "Number of units proposed"),
    _p(
        "daftar_unit",
        "Tabel unit: nama, predikat yang dituju, nilai TPI",
        "Table of units: name, target, TPI score",
        block=True,
        required=True,
    ),
)

_LHE = (
    _p("nama_unit", "Nama unit kerja/satuan kerja", "Name of the unit", required=True),
    _p("predikat", "Predikat yang dituju (WBK/WBBM)", "Target predicate"),
    _p("predikat_panjang", "Nama lengkap predikat", "The predicate's full name"),
    _p("nilai_total", "Nilai total TPI", "TPI total score"),
    _p("kesimpulan", "Kesimpulan evaluasi", "The conclusion", required=True),
    _p("kelengkapan", "Jumlah butir LKE yang terjawab", "How many LKE items are answered"),
    _p(
        "tabel_nilai",
        "Tabel nilai per area, pengungkit, hasil, total",
        "Scores by area, enablers, results, total",
        block=True,
        required=True,
    ),
    _p(
        "tabel_kriteria",
        "Tabel kriteria: syarat, capaian, selisih, hasil, dasar",
        "Criteria: required, actual, margin, result, source",
        block=True,
        required=True,
    ),
    _p("perubahan_tpi", "Jawaban yang diubah TPI", "Answers TPI changed", block=True),
    _p("rekomendasi", "Rekomendasi perbaikan", "Recommendations", block=True),
    _p(
        "mengetahui",
        "Kata 'Mengetahui,' (kosong tanpa pejabat kedua)",
        "'Mengetahui,' (empty without a second signatory)",
    ),
    _p("mengetahui_jabatan", "Jabatan pejabat yang mengetahui", "Acknowledging official's position"),
    _p("mengetahui_nama", "Nama pejabat yang mengetahui", "Acknowledging official's name"),
    _p("mengetahui_baris_nip", "Baris 'NIP. ...' pejabat yang mengetahui", "Acknowledging official's NIP line"),
)

_MONITORING = (
    _p("jumlah_unit", "Jumlah unit berpredikat", "Number of units holding a predicate"),
    _p(
        "tabel_monitoring",
        "Tabel unit berpredikat: predikat, penilaian internal, survei, jatuh tempo",
        "Units holding a predicate: predicate, internal assessment, survey, due date",
        block=True,
        required=True,
    ),
    _p("catatan", "Catatan TPI per unit", "TPI's notes per unit", block=True, required=True),
)

#: The placeholders of each document kind (see the reference page "Document templates").
PLACEHOLDERS: dict[DocumentKind, tuple[Placeholder, ...]] = {
    DocumentKind.PROPOSAL: (*_COMMON, *_UNITS),
    DocumentKind.SPTJM: (*_COMMON, *_UNITS),
    DocumentKind.LHE: (*_COMMON, *_LHE),
    DocumentKind.MONITORING: (*_COMMON, *_MONITORING),
}


# -- content -----------------------------------------------------------------------------------------------
def _texts(values: Iterable[Any]) -> tuple[str, ...]:
    return tuple(str(v) for v in values)


def _rows(rows: Iterable[Iterable[Any]]) -> tuple[tuple[str, ...], ...]:
    return tuple(_texts(r) for r in rows)


def _floats(values: Iterable[float]) -> tuple[float, ...]:
    return tuple(float(v) for v in values)


def _ints(values: Iterable[int]) -> tuple[int, ...]:
    return tuple(int(v) for v in values)


@attrs.frozen
class Table:
    """A table block: a header row (repeated on every page) and body rows that never split across pages.

    ``widths`` are relative column widths; ``numeric`` lists the columns aligned right; ``strong`` the
    body rows set in bold (totals).
    """

    header: tuple[str, ...] = attrs.field(converter=_texts)
    rows: tuple[tuple[str, ...], ...] = attrs.field(converter=_rows)
    widths: tuple[float, ...] = attrs.field(default=(), converter=_floats)
    numeric: tuple[int, ...] = attrs.field(default=(), converter=_ints)
    strong: tuple[int, ...] = attrs.field(default=(), converter=_ints)

    def __attrs_post_init__(self) -> None:
        bad = [i for i, row in enumerate(self.rows) if len(row) != len(self.header)]
        if bad:
            raise InvalidAnswerError(
                _("table rows {rows} do not have {count} cells like the header").format(
                    rows=bad, count=len(self.header)
                )
            )
        if self.widths and len(self.widths) != len(self.header):
            raise InvalidAnswerError(
                _("a table of {count} columns needs {count} widths").format(count=len(self.header))
            )

    def texts(self) -> Iterable[str]:
        yield from self.header
        for row in self.rows:
            yield from row


@attrs.frozen
class Lines:
    """A block of paragraphs; numbered ``1.``, ``2.``… when ``numbered``; ``heading`` (if any) comes first."""

    lines: tuple[str, ...] = attrs.field(converter=_texts)
    numbered: bool = False
    heading: str = ""

    def texts(self) -> Iterable[str]:
        if self.heading:
            yield self.heading
        yield from self.lines


Block = Table | Lines

_NIP = re.compile(r"^\d[\d ]*$")


def _clean(value: str) -> str:
    return " ".join(str(value).split())


@attrs.frozen
class Signatory:
    """Who signs: name, position (jabatan), NIP (18 digits for a civil servant; empty for an elected head
    such as a wali kota) and rank (pangkat/golongan).

    >>> Signatory("Dra. Siti Aminah, M.Si.", "Inspektur", nip="19700101 199503 2 001").nip_line
    'NIP. 19700101 199503 2 001'
    >>> Signatory("[Nama Wali Kota]", "Wali Kota Kediri").nip_line
    ''
    """

    name: str = attrs.field(converter=_clean)
    position: str = attrs.field(converter=_clean)
    nip: str = attrs.field(default="", converter=_clean, kw_only=True)
    rank: str = attrs.field(default="", converter=_clean, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if not self.name:
            raise InvalidAnswerError(_("a signatory needs a name"))
        if not self.position:
            raise InvalidAnswerError(
                _("a signatory needs a position (jabatan); none given for {name}").format(name=self.name)
            )
        if self.nip and not _NIP.match(self.nip):
            raise InvalidAnswerError(
                _("a NIP is written in digits (spaces allowed); got {nip} for {name}").format(
                    nip=repr(self.nip), name=self.name
                )
            )

    @property
    def nip_line(self) -> str:
        """``"NIP. <number>"``, or empty when the signatory has no NIP."""
        return f"NIP. {self.nip}" if self.nip else ""

    def fields(self, prefix: str) -> dict[str, str]:
        """The placeholder values of this signatory under ``prefix`` (``penandatangan``, ``mengetahui``)."""
        out = {
            f"{prefix}_jabatan": self.position,
            f"{prefix}_nama": self.name,
            f"{prefix}_baris_nip": self.nip_line,
        }
        if prefix == "mengetahui":
            out["mengetahui"] = "Mengetahui,"
        if prefix == "penandatangan":
            out[f"{prefix}_nip"] = self.nip or "-"
            out[f"{prefix}_pangkat"] = self.rank
        return out


@attrs.frozen
class Letterhead:
    """The kop surat: the instansi (first line), the issuing unit, address, contacts, and the city where
    letters are signed (``Kediri`` in ``Kediri, 6 Desember 2022``). The first two lines are written in
    capitals, as letterheads are.

    >>> Letterhead("Pemerintah Kota Kediri", unit="Inspektorat Daerah", city="Kediri").fields(dt.date(2022, 4, 18))
    ... # doctest: +NORMALIZE_WHITESPACE
    {'kop_instansi': 'PEMERINTAH KOTA KEDIRI', 'kop_unit': 'INSPEKTORAT DAERAH', 'kop_alamat': '', 'kop_kontak': '',
     'tanggal': '18 April 2022', 'tempat_tanggal': 'Kediri, 18 April 2022'}
    """

    instansi: str = attrs.field(converter=_clean)
    unit: str = attrs.field(default="", converter=_clean, kw_only=True)
    address: str = attrs.field(default="", converter=_clean, kw_only=True)
    contact: str = attrs.field(default="", converter=_clean, kw_only=True)
    city: str = attrs.field(default="", converter=_clean, kw_only=True)

    def fields(self, on: dt.date) -> dict[str, str]:
        """The letterhead's placeholder values, with the date ``on``."""
        day = tanggal(on)
        return {
            "kop_instansi": self.instansi.upper(),
            "kop_unit": self.unit.upper(),
            "kop_alamat": self.address,
            "kop_kontak": self.contact,
            "tanggal": day,
            "tempat_tanggal": f"{self.city}, {day}" if self.city else day,
        }


def _is_xml_text(char: str) -> bool:
    code = ord(char)
    return code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or code >= 0x10000


def _frozen_fields(values: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(values))


def _frozen_blocks(values: Mapping[str, Iterable[Block]]) -> Mapping[str, tuple[Block, ...]]:
    return MappingProxyType({name: tuple(blocks) for name, blocks in values.items()})


@attrs.frozen(eq=False)
class Document:
    """An official document's content: scalar ``fields`` and ``blocks``, each under its placeholder name.

    Build one with :func:`~zona_integritas.documents.proposal_letter`, :func:`~zona_integritas.documents.statement`,
    :func:`~zona_integritas.documents.lhe` or :func:`~zona_integritas.documents.monitoring_report`;
    render it with :meth:`to_docx` or :meth:`write`. Every name must be a placeholder of ``kind``; every
    text must be storable in a ``.docx`` (no control characters) and a field is one line.
    """

    kind: DocumentKind
    title: str
    fields: Mapping[str, str] = attrs.field(converter=_frozen_fields)
    blocks: Mapping[str, tuple[Block, ...]] = attrs.field(converter=_frozen_blocks)

    def __attrs_post_init__(self) -> None:
        known = {p.name: p for p in PLACEHOLDERS[self.kind]}
        problems: list[Exception] = []
        for name, value in self.fields.items():
            if name not in known or known[name].block:
                problems.append(
                    InvalidAnswerError(
                        _("{name} is not a text placeholder of a {kind}").format(name=repr(name), kind=self.kind.value)
                    )
                )
            elif "\n" in value or "\r" in value:
                problems.append(
                    InvalidAnswerError(
                        _("field {name} must be one line; got {value}").format(name=repr(name), value=repr(value))
                    )
                )
            else:
                problems += self._check_text(_("field {name}").format(name=repr(name)), value)
        for name, blocks in self.blocks.items():
            if name not in known or not known[name].block:
                problems.append(
                    InvalidAnswerError(
                        _("{name} is not a block placeholder of a {kind}").format(name=repr(name), kind=self.kind.value)
                    )
                )
                continue
            for block in blocks:
                for text in block.texts():
                    problems += self._check_text(_("block {name}").format(name=repr(name)), text)
        if problems:
            raise InvalidInputError(_("the {kind} document has problems").format(kind=self.kind.value), problems)

    @staticmethod
    def _check_text(where: str, text: str) -> list[Exception]:
        bad = sorted({c for c in text if not _is_xml_text(c) or c in "\x0b\x0c"})
        if not bad:
            return []
        shown = ", ".join(f"U+{ord(c):04X}" for c in bad)
        return [
            InvalidAnswerError(
                _("{where} holds characters a .docx cannot store ({characters}) in {text}").format(
                    where=where, characters=shown, text=repr(text)
                )
            )
        ]

    def field(self, name: str) -> str:
        """The text of scalar placeholder ``name`` (empty when not set)."""
        return self.fields.get(name, "")

    def block(self, name: str) -> tuple[Block, ...]:
        """The blocks of block placeholder ``name`` (empty when not set)."""
        return self.blocks.get(name, ())

    def tables(self, name: str) -> tuple[Table, ...]:
        """The tables of block placeholder ``name``."""
        return tuple(b for b in self.block(name) if isinstance(b, Table))

    def to_docx(self, *, template: str | Path | bytes | None = None) -> bytes:
        """The ``.docx`` bytes, rendered from ``template`` (a path or bytes; ours by default).

        Needs the ``word`` extra (python-docx).
        """
        render = _RENDERERS.get("docx")
        if render is None:  # pragma: no cover - importing the documents package registers documents.word's
            raise ZonaIntegritasError(
                _("no .docx renderer is registered: import {module}").format(module="zona_integritas.documents"),
                code="no-renderer",
            )
        return render(self, template=template)

    def to_pdf(self, *, template: str | Path | bytes | None = None, timeout: float = 180) -> bytes:
        """The PDF bytes, converted from the ``.docx`` by LibreOffice headless (``soffice`` on PATH)."""
        from .pdf import docx_to_pdf

        return docx_to_pdf(self.to_docx(template=template), timeout=timeout)

    def write(self, path: str | Path, *, template: str | Path | bytes | None = None, pdf: bool = False) -> Path:
        """Write the ``.docx`` to ``path`` (atomically); with ``pdf=True`` also the PDF beside it.

        Returns the path written last (the PDF when asked for).
        """
        target = Path(path)
        data = self.to_docx(template=template)
        write_atomically(target, data)
        if not pdf:
            return target
        from .pdf import docx_to_pdf

        pdf_path = target.with_suffix(".pdf")
        write_atomically(pdf_path, docx_to_pdf(data))
        return pdf_path

    def text(self) -> str:
        """All the document's own text (fields and blocks), one piece a line: handy to search or diff.

        >>> from zona_integritas.documents.example import kediri_document
        >>> print(kediri_document("sptjm").text())  # doctest: +ELLIPSIS
        kop_instansi: PEMERINTAH KOTA KEDIRI
        ...
        [daftar_unit]
        No
        Unit kerja/satuan kerja
        ...
        """
        parts = [f"{k}: {v}" for k, v in self.fields.items()]
        for name, blocks in self.blocks.items():
            parts.append(f"[{name}]")
            for block in blocks:
                parts.extend(block.texts())
        return "\n".join(parts)


_WORDS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "sebelas")


def terbilang(n: int) -> str:
    """A whole number in Indonesian words (0 to 999 999), as letters spell counts: ``3`` → ``tiga``.

    >>> terbilang(3), terbilang(12), terbilang(25), terbilang(100), terbilang(1105)
    ('tiga', 'dua belas', 'dua puluh lima', 'seratus', 'seribu seratus lima')
    """
    if not 0 <= n < 1_000_000:
        raise InvalidAnswerError(_("terbilang covers 0 to 999999; got {number}").format(number=n))
    if n < 12:
        return _WORDS[n]
    if n < 20:
        return f"{_WORDS[n - 10]} belas"
    if n < 100:
        tens, rest = divmod(n, 10)
        return f"{_WORDS[tens]} puluh" + (f" {_WORDS[rest]}" if rest else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = "seratus" if hundreds == 1 else f"{_WORDS[hundreds]} ratus"
        return head + (f" {terbilang(rest)}" if rest else "")
    thousands, rest = divmod(n, 1000)
    head = "seribu" if thousands == 1 else f"{terbilang(thousands)} ribu"
    return head + (f" {terbilang(rest)}" if rest else "")


def count_words(n: int) -> str:
    """A count as letters write it, in figures and in words.

    >>> count_words(3), count_words(12)
    ('3 (tiga)', '12 (dua belas)')
    """
    return f"{n} ({terbilang(n)})"


def letter_fields(
    *,
    on: dt.date,
    letterhead: Letterhead,
    signatory: Signatory,
    number: str,
    nature: str,
    attachment: str,
) -> dict[str, str]:
    """The fields every letter has: letterhead, date, number, nature, attachment, signatory."""
    return {
        **letterhead.fields(on),
        "nomor": number or "........................",
        "sifat": nature,
        "lampiran": attachment,
        **signatory.fields("penandatangan"),
    }


def copies_block(copies: Sequence[str]) -> tuple[Block, ...]:
    """The ``tembusan`` block: a numbered list under ``Tembusan:``; nothing when there are no copies."""
    names = tuple(_clean(c) for c in copies if _clean(c))
    return (Lines(names, numbered=True, heading="Tembusan:"),) if names else ()


def instansi_letter_fields(
    instansi: str,
    *,
    on: dt.date,
    rulebook: Any,
    year: int,
    count: int,
    signatory: Signatory,
    letterhead: Letterhead | None,
    number: str,
    nature: str,
    attachment: str,
) -> dict[str, str]:
    """The fields of a letter an instansi writes about ``count`` of its units in ``year`` under ``rulebook``."""
    return {
        **letter_fields(
            on=on,
            letterhead=letterhead or Letterhead(instansi),
            signatory=signatory,
            number=number,
            nature=nature,
            attachment=attachment,
        ),
        "nama_instansi": instansi,
        "peraturan": rulebook.title,
        "tahun": str(year),
        "jumlah_unit": count_words(count),
    }
