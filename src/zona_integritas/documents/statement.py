"""The statement of absolute responsibility (SPTJM) that accompanies the proposal letter.

5/2024 Lampiran II Bab II A: the proposal letter comes with a *Surat Pernyataan Tanggung Jawab Mutlak*
stating that all data and information of the proposed units match the facts (sample: gambar 7). The
statement lists the same units as the proposal letter of the cycle.

>>> from zona_integritas import examples
>>> from zona_integritas.documents import Signatory, sptjm
>>> s = sptjm(examples.kota_kediri_portfolio(), 2022, on="31 Mei 2022",
...           signatory=Signatory("[Nama Wali Kota]", "Wali Kota Kediri"))
>>> s.field("penandatangan_nip"), len(s.tables("daftar_unit")[0].rows)
('-', 3)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..dates import parse_date
from ..portfolio import Portfolio
from ._model import Document, DocumentKind, Letterhead, Signatory, instansi_letter_fields
from .proposal import proposed_units, units_table

__all__ = ["sptjm"]


def sptjm(
    portfolio: Portfolio,
    cycle: int,
    *,
    on: dt.date | str,
    signatory: Signatory,
    letterhead: Letterhead | None = None,
    number: str = "",
    units: Sequence[str] | None = None,
) -> Document:
    """The SPTJM of ``portfolio``'s instansi for the units proposed in ``cycle`` (see
    :func:`~zona_integritas.documents.proposed_units`), signed by ``signatory`` on ``on``."""
    day = parse_date(on)
    rows = proposed_units(portfolio, cycle, on=day, units=units)
    fields = instansi_letter_fields(
        portfolio.instansi.name,
        on=day,
        rulebook=rows[0].card.rulebook,
        year=cycle,
        count=len(rows),
        signatory=signatory,
        letterhead=letterhead,
        number=number,
        nature="",
        attachment="",
    )
    return Document(
        DocumentKind.SPTJM, f"SPTJM pengajuan evaluasi ZI {cycle}", fields, {"daftar_unit": (units_table(rows),)}
    )
