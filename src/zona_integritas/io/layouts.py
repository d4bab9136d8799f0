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

from ..i18n import N_
from ..i18n import gettext as _
from ..worksheet import Assessor

__all__ = [
    "ASSESSOR_WORDS",
    "BLOCK_ROLES",
    "HEADER_ROLES",
    "LAYOUTS",
    "FixedBlock",
    "LayoutProfile",
    "Locate",
    "assessor_of_block",
    "assessor_words",
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
    #: the layout's name in words: an English message id (marked with ``N_``), shown translated (:attr:`words`)
    title: str
    sheets: tuple[str, ...]
    required: tuple[str, ...]
    locate: Locate
    default_assessor: Assessor
    forbidden: tuple[str, ...] = ()
    count_note: str = "item"
    fixed_blocks: tuple[FixedBlock, ...] = ()

    @property
    def words(self) -> str:
        """The layout's name in words, in the current language."""
        return _(self.title)


#: Header words of the columns outside the assessor blocks (matched whole, case and spacing ignored), in
#: Indonesian (the official workbooks) and in English (a workbook the library wrote in English).
HEADER_ROLES: dict[str, str] = {
    "code": r"kode|code",
    "soal": r"soal|soal id|id soal|question id",
    "row_id": r"id",
    "penilaian": r"penilaian|assessment",
    "label": r"komponen.*|uraian.*|pertanyaan|components?\b.*|description.*|questions?",
    "weight": r"bobot|weight",
    "criteria": r"kriteria.*|criteria.*",
    "explanation": r"penjelasan|explanation|source",
    "options": r"pilihan( jawaban)?|(answer )?options",
}
#: The header that opens an assessor's block: ``Jawaban`` (``Answer``) alone, or followed by who answers.
BLOCK_START = r"(?:jawaban|answer)(?:\s+(?P<who>.+))?"
#: Header words of the columns inside an assessor's block (checked in this order).
BLOCK_ROLES: dict[str, str] = {
    "evidence": r"(daftar )?bukti.*|tautan.*|keterangan bukti.*|(supporting )?evidence.*|links?\b.*",
    "note": r"catatan.*|keterangan.*|notes?\b.*|remarks?\b.*",
    "value": r"nilai.*|value.*|score.*",
    "percent": r"%|persen.*|percent.*",
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
    if re.fullmatch(HEADER_ROLES["options"], normal):  # "Answer options" is not the block of "options"
        return "options", None
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
        title=N_("LKE ZI (zona-integritas layout)"),
        sheets=("lke zi",),
        required=("code", "weight", "options", "block"),
        locate=Locate.NUMBERING,
        default_assessor=Assessor.TPI,
    ),
    LayoutProfile(
        name="lke-zi-salinan",
        title=N_("An agency's copy of the LKE ZI"),
        sheets=("lke zi", "lke"),
        required=("weight", "options", "block"),
        forbidden=("code",),
        locate=Locate.NUMBERING,
        default_assessor=Assessor.UNIT,
    ),
    LayoutProfile(
        name="jawaban-berjenjang",
        title=N_("A ministry's Jawaban export with tiered reviews"),
        sheets=("jawaban",),
        required=("row_id", "weight", "options", "block"),
        locate=Locate.ROW_ID,
        default_assessor=Assessor.UNIT,
        count_note="first-input",
    ),
    LayoutProfile(
        name="portalrb-jawaban",
        title=N_("Jawaban (PortalRB upload layout)"),
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

    raise InvalidAnswerError(
        _("There is no workbook layout {name!r}; the layouts are {known}.").format(
            name=name, known=", ".join(p.name for p in LAYOUTS)
        ),
        code="unknown-layout",
    )


#: The assessor as the workbook header names it: English message ids, written translated
#: (:func:`assessor_words`); the first word is always the assessor's value, which is how a reader finds it.
ASSESSOR_WORDS = {
    Assessor.UNIT: N_("Unit (self-assessment)"),
    Assessor.TPI: N_("TPI (Tim Penilai Internal)"),
    Assessor.TPN: N_("TPN (Tim Penilai Nasional)"),
}


def assessor_words(assessor: Assessor) -> str:
    """The assessor as a workbook's ``Penilai`` line names it, in the current language.

    >>> from zona_integritas.i18n import use_language
    >>> with use_language("id"):
    ...     assessor_words(Assessor.UNIT)
    'Unit (penilaian mandiri)'
    >>> with use_language("en"):
    ...     assessor_words(Assessor.UNIT)
    'Unit (self-assessment)'
    """
    return _(ASSESSOR_WORDS[assessor])
