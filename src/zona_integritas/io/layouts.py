"""Workbook layouts as data: how a sheet is recognised and where each assessor's answers sit.

A layout is a :class:`LayoutProfile`: the sheet names it lives on, the header roles its header row must
(and must not) carry, how item rows are located, and — when the sheet carries no block headers — the
fixed columns of each assessor. Header roles and assessor blocks are recognised by the header words in
:data:`HEADER_ROLES` and :data:`BLOCK_ROLES`, never by a fixed row or a file name. A fifth layout is a new
profile in :data:`LAYOUTS`, not a new branch in the reader.

>>> [p.name for p in LAYOUTS]
['lke-zi', 'lke-zi-salinan', 'jawaban-berjenjang', 'portalrb-jawaban']
>>> match_header("Jawaban TPI Kementerian Agama")
('block', 'TPI Kementerian Agama')
>>> match_header("Pilihan Jawaban"), match_header("Catatan/Keterangan/Penjelasan (Unit)", in_block=True)
(('options', None), ('note', None))
"""

from __future__ import annotations

import enum
import re

import attrs

from ..worksheet import Assessor

__all__ = [
    "BLOCK_ROLES",
    "HEADER_ROLES",
    "LAYOUTS",
    "FixedBlock",
    "LayoutProfile",
    "Locate",
    "assessor_of_block",
    "layout",
    "match_header",
]


class Locate(enum.Enum):
    """How a layout places a sheet row on a rulebook item."""

    #: by the row's hierarchy numbering (``A.``, ``I.``, ``1.``, ``i.``, ``a.``), or a code column when present
    NUMBERING = "numbering"
    #: by a PortalRB soal id column; without one, by the official rows that the rulebook records
    SOAL_ID = "soal-id"
    #: by a column holding the official workbook row (PortalRB's ``excel_baris``)
    ROW_ID = "row-id"


@attrs.frozen
class FixedBlock:
    """One assessor's columns in a layout whose sheet has no block headers (letters, ``None`` when absent)."""

    assessor: Assessor
    title: str
    answer: str
    note: str | None = None
    evidence: str | None = None


@attrs.frozen
class LayoutProfile:
    """One workbook layout, described as data.

    ``count_note`` says where a count-based item's note and evidence live: on the item's own ``%`` row
    (``"item"``) or on its first ``Jumlah`` row (``"first-input"``, where the ``%`` row is not a soal).
    """

    name: str
    title: str
    sheets: tuple[str, ...]
    required: tuple[str, ...]
    locate: Locate
    default_assessor: Assessor
    forbidden: tuple[str, ...] = ()
    count_note: str = "item"
    fixed_blocks: tuple[FixedBlock, ...] = ()


#: Header words of the columns outside the assessor blocks (matched whole, case and spacing ignored).
HEADER_ROLES: dict[str, str] = {
    "code": r"kode",
    "soal": r"soal|soal id|id soal",
    "row_id": r"id",
    "penilaian": r"penilaian",
    "label": r"komponen.*|uraian.*|pertanyaan",
    "weight": r"bobot",
    "criteria": r"kriteria.*",
    "explanation": r"penjelasan",
    "options": r"pilihan( jawaban)?",
}
#: The header that opens an assessor's block: ``Jawaban`` alone, or followed by who answers.
BLOCK_START = r"jawaban(?:\s+(?P<who>.+))?"
#: Header words of the columns inside an assessor's block (checked in this order).
BLOCK_ROLES: dict[str, str] = {
    "evidence": r"(daftar )?bukti.*|tautan.*|keterangan bukti.*",
    "note": r"catatan.*|keterangan.*",
    "value": r"nilai.*",
    "percent": r"%|persen.*",
}

_SPACES = re.compile(r"\s+")


def _normal(text: str) -> str:
    return _SPACES.sub(" ", text).strip().rstrip(":").strip().casefold()


def match_header(text: str, *, in_block: bool = False) -> tuple[str, str | None] | None:
    """The role of a header cell: ``("block", who)`` for a block start, a role name, or ``None``.

    Inside a block (``in_block=True``) the block roles are tried before the global ones.
    """
    normal = _normal(text)
    if not normal:
        return None
    start = re.fullmatch(BLOCK_START, normal)
    if start:
        who = start.group("who")
        original = _SPACES.sub(" ", text).strip()
        return "block", (original[len(original) - len(who) :] if who else None)
    tables = (BLOCK_ROLES, HEADER_ROLES) if in_block else (HEADER_ROLES,)
    for table in tables:
        for role, pattern in table.items():
            if re.fullmatch(pattern, normal):
                return role, None
    return None


def assessor_of_block(who: str | None, default: Assessor) -> Assessor | None:
    """The assessor a block's header names (``Unit``, ``TPI …``, ``TPN …``); ``default`` when it names none.

    >>> assessor_of_block("TPI Unit", Assessor.UNIT), assessor_of_block(None, Assessor.UNIT)
    (<Assessor.TPI: 'tpi'>, <Assessor.UNIT: 'unit'>)
    """
    if who is None:
        return default
    first = _normal(who).split(" ", 1)[0]
    for assessor in Assessor:
        if first == assessor.value:
            return assessor
    return None


#: The layouts the library reads and fills, most specific first.
LAYOUTS: tuple[LayoutProfile, ...] = (
    LayoutProfile(
        name="lke-zi",
        title="LKE ZI (format zona-integritas)",
        sheets=("lke zi",),
        required=("code", "weight", "options", "block"),
        locate=Locate.NUMBERING,
        default_assessor=Assessor.TPI,
    ),
    LayoutProfile(
        name="lke-zi-salinan",
        title="Salinan LKE ZI instansi",
        sheets=("lke zi", "lke"),
        required=("weight", "options", "block"),
        forbidden=("code",),
        locate=Locate.NUMBERING,
        default_assessor=Assessor.UNIT,
    ),
    LayoutProfile(
        name="jawaban-berjenjang",
        title="Ekspor Jawaban kementerian dengan penilaian berjenjang",
        sheets=("jawaban",),
        required=("row_id", "weight", "options", "block"),
        locate=Locate.ROW_ID,
        default_assessor=Assessor.UNIT,
        count_note="first-input",
    ),
    LayoutProfile(
        name="portalrb-jawaban",
        title="Jawaban (format unggah PortalRB)",
        sheets=("jawaban",),
        required=(),
        forbidden=("row_id",),
        locate=Locate.SOAL_ID,
        default_assessor=Assessor.UNIT,
        count_note="first-input",
        # PortalRB master 2026: excel_kolom_jawaban_unit K, catatan_unit L, bukti_dukung_unit M,
        # jawaban_tpi N, catatan_tpi Q (the master has no column for the TPI's evidence)
        fixed_blocks=(
            FixedBlock(Assessor.UNIT, "Jawaban Unit", "K", "L", "M"),
            FixedBlock(Assessor.TPI, "Jawaban TPI", "N", "Q", None),
        ),
    ),
)


def layout(name: str) -> LayoutProfile:
    """The layout profile called ``name``.

    >>> layout("portalrb-jawaban").locate
    <Locate.SOAL_ID: 'soal-id'>
    """
    for profile in LAYOUTS:
        if profile.name == name:
            return profile
    from ..errors import InvalidAnswerError

    raise InvalidAnswerError(f"no workbook layout {name!r}; known: {', '.join(p.name for p in LAYOUTS)}")
