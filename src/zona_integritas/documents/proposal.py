"""The proposal letter (Surat Pengajuan Evaluasi): an instansi proposes all its units to TPN in one letter.

5/2024 Lampiran II Bab II A: the head of the K/L or regional government sends the proposal of every unit
building ZI in a single letter to the Minister c.q. the Deputy in charge of TPN (sample: gambar 6), with
the statement of absolute responsibility (:mod:`~zona_integritas.documents.statement`, gambar 7).

The units listed are, by default, those whose cycle of the year has a TPI assessment on the letter's
date and was not voided; pass ``units`` to choose. Each row carries the target predicate and the TPI
score as its score card shows it (pengungkit, hasil, total, rounded half-up to 2 decimals).

>>> import zona_integritas as zi
>>> from zona_integritas import examples
>>> from zona_integritas.documents import Signatory, proposal_letter
>>> letter = proposal_letter(examples.kota_kediri_portfolio(), 2022, on="31 Mei 2022",
...                          signatory=Signatory("[Nama Wali Kota]", "Wali Kota Kediri"))
>>> letter.field("tanggal"), letter.field("jumlah_unit")
('31 Mei 2022', '3 (tiga)')
>>> [row[1][:24] for row in letter.tables("daftar_unit")[0].rows]
['Dinas Penanaman Modal da', 'RSUD Gambiran', 'Dinas Tenaga Kerja']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs

from ..dates import parse_date
from ..errors import InvalidAnswerError, UnknownItemError
from ..i18n import format_date, ngettext
from ..i18n import gettext as _
from ..journey import Cycle
from ..organization import Unit
from ..portfolio import Portfolio
from ..scoring import ScoreCard, score
from ._model import (
    Block,
    Document,
    DocumentKind,
    Letterhead,
    Signatory,
    Table,
    angka,
    copies_block,
    instansi_letter_fields,
)

__all__ = ["ProposedUnit", "proposal_letter", "proposed_units"]


@attrs.frozen
class ProposedUnit:
    """One unit in a proposal: the unit, its cycle and the score card of its TPI worksheet."""

    unit: Unit
    cycle: Cycle
    card: ScoreCard


def proposed_units(
    portfolio: Portfolio, cycle: int, *, on: dt.date | str, units: Sequence[str] | None = None
) -> list[ProposedUnit]:
    """The units of ``portfolio`` proposed in ``cycle`` as of ``on``: with a TPI assessment of that cycle and
    not voided (all such units, or the ids in ``units``, in that order).

    Raises :class:`~zona_integritas.errors.InvalidAnswerError` naming the units that cannot be proposed,
    and when no unit qualifies.

    >>> from zona_integritas import examples
    >>> city = examples.kota_kediri_portfolio()
    >>> [(p.unit.id, p.cycle.target.value, str(p.card.total.rounded))
    ...  for p in proposed_units(city, 2023, on="31 Mei 2023")]
    [('rsud-gambiran', 'WBK', '100.00'), ('dispendukcapil', 'WBK', '87.76')]
    """
    day = parse_date(on)
    by_id = {u.id: u for u in portfolio.units}
    if units is not None:
        unknown = [u for u in units if u not in by_id]
        if unknown:
            raise UnknownItemError(
                _("no unit {units} in the portfolio of {instansi}; its units are {known}").format(
                    units=", ".join(map(repr, unknown)), instansi=portfolio.instansi.name, known=", ".join(by_id)
                )
            )
    wanted = list(units) if units is not None else list(by_id)
    out: list[ProposedUnit] = []
    refused: list[str] = []
    for unit_id in wanted:
        found = portfolio.journey(unit_id).state(day).cycle(cycle)
        if found is None or found.tpi_worksheet is None or found.voided:
            refused.append(unit_id)
            continue
        out.append(ProposedUnit(by_id[unit_id], found, score(found.tpi_worksheet)))
    if units is not None and refused:
        raise InvalidAnswerError(
            ngettext(
                "unit {units} has no TPI assessment of cycle {cycle} on {date} (or its proposal was voided), "
                "so it cannot be proposed",
                "units {units} have no TPI assessment of cycle {cycle} on {date} (or their proposal was voided), "
                "so they cannot be proposed",
                len(refused),
            ).format(units=", ".join(map(repr, refused)), cycle=cycle, date=format_date(day)),
            code="cannot-be-proposed",
        )
    if not out:
        raise InvalidAnswerError(
            _(
                "no unit of {instansi} has a TPI assessment of cycle {cycle} on {date}: there is nothing to propose"
            ).format(instansi=portfolio.instansi.name, cycle=cycle, date=format_date(day)),
            code="nothing-to-propose",
        )
    return out


def units_table(rows: Sequence[ProposedUnit]) -> Table:
    """The table of proposed units: number, name, target, and the TPI score (pengungkit, hasil, total).

    >>> from zona_integritas import examples
    >>> rows = proposed_units(examples.kota_kediri_portfolio(), 2023, on="31 Mei 2023")
    >>> units_table(rows).rows[0]
    ('1.', 'RSUD Gambiran', 'Menuju WBK', '60,00', '40,00', '100,00')
    """
    return Table(
        ("No", "Unit kerja/satuan kerja", "Predikat yang diusulkan", "Pengungkit", "Hasil", "Nilai TPI"),
        [
            (
                f"{i}.",
                row.unit.name,
                f"Menuju {row.cycle.target.value}",
                angka(row.card.value("pengungkit")),
                angka(row.card.value("hasil")),
                angka(row.card.value("total")),
            )
            for i, row in enumerate(rows, start=1)
        ],
        widths=(0.7, 4.1, 1.7, 1.6, 1.2, 1.3),
        numeric=(3, 4, 5),
    )


def proposal_letter(
    portfolio: Portfolio,
    cycle: int,
    *,
    on: dt.date | str,
    signatory: Signatory,
    letterhead: Letterhead | None = None,
    number: str = "",
    nature: str = "Biasa",
    attachment: str = "1 (satu) berkas",
    copies: Sequence[str] = (),
    units: Sequence[str] | None = None,
) -> Document:
    """The proposal letter of ``portfolio``'s instansi for ``cycle``, dated ``on`` and signed by ``signatory``
    (the instansi head).

    ``letterhead`` defaults to the instansi's name alone; ``number`` to dots to fill in by hand;
    ``attachment`` to one file (the SPTJM that must accompany the letter). The sources give no *sifat*:
    ``"Biasa"`` is our overridable default.
    """
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
        nature=nature,
        attachment=attachment,
    )
    blocks: dict[str, tuple[Block, ...]] = {"daftar_unit": (units_table(rows),), "tembusan": copies_block(copies)}
    return Document(DocumentKind.PROPOSAL, f"Surat pengajuan evaluasi ZI {cycle}", fields, blocks)
