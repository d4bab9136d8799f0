"""The Kediri example as documents: what ``zona-integritas document ... --example kediri`` writes.

Everything here is **illustrative**, like the worksheets of :mod:`zona_integritas.examples`: the
letterheads carry no address, the signatories are bracketed stand-ins rather than real officials'
names, and the unit's self-assessment (the answers before TPI's review) is made up: the unit claimed
a better answer than TPI gave on four items.

>>> from zona_integritas.documents.example import kediri_document
>>> report = kediri_document("lhe")
>>> report.field("tanggal"), report.field("nilai_total"), len(report.tables("perubahan_tpi")[0].rows)
('18 April 2022', '87,76', 4)
"""

from __future__ import annotations

from .. import examples
from ..worksheet import Worksheet
from ._model import Document, DocumentKind, Letterhead, Signatory
from .evaluation_report import lhe_for
from .monitoring import monitoring_report
from .proposal import proposal_letter
from .statement import sptjm

__all__ = [
    "KEDIRI_HEAD",
    "KEDIRI_INSPECTOR",
    "KEDIRI_INSPECTORATE",
    "KEDIRI_LETTERHEAD",
    "KEDIRI_PROPOSAL_DATE",
    "KEDIRI_TPI_LEAD",
    "kediri_document",
    "kediri_self_assessment_2022",
]

#: The city government's letterhead (illustrative: no address).
KEDIRI_LETTERHEAD = Letterhead("Pemerintah Kota Kediri", unit="Sekretariat Daerah", city="Kediri")
#: The inspectorate's letterhead, for TPI's report (illustrative).
KEDIRI_INSPECTORATE = Letterhead("Pemerintah Kota Kediri", unit="Inspektorat Daerah", city="Kediri")
#: The instansi head who signs the proposal, the SPTJM and the monitoring report (a stand-in name).
KEDIRI_HEAD = Signatory("[Nama Wali Kota Kediri]", "Wali Kota Kediri")
#: The TPI lead who signs the LHE (a stand-in name).
KEDIRI_TPI_LEAD = Signatory("[Nama Ketua TPI]", "Ketua Tim Penilai Internal")
#: The inspector who acknowledges the LHE (a stand-in name).
KEDIRI_INSPECTOR = Signatory("[Nama Inspektur]", "Inspektur Kota Kediri")
#: The illustrative date of the 2022 proposal letter: after the three TPI assessments, before the first proposal.
KEDIRI_PROPOSAL_DATE = "20 Mei 2022"
#: The illustrative date of the monitoring report: the day the journey records it.
KEDIRI_MONITORING_DATE = "25 November 2024"


def kediri_self_assessment_2022() -> Worksheet:
    """The unit's own 2022 worksheet before TPI's review (illustrative): TPI's answers, except four items
    where the unit claimed more than TPI found.

    >>> ws = kediri_self_assessment_2022()
    >>> ws.assessor.value, ws.answer("R3.i.a").value, examples.kediri_worksheet_2022().answer("R3.i.a").value
    ('unit', 'A', 'B')
    """
    tpi = examples.kediri_worksheet_2022()
    claimed = {"P1.iii.a": "A", "P3.iii.f": "A", "R3.i.a": "A", "H1.b": "A"}
    return tpi.with_answers(claimed).with_assessor("unit")


def kediri_document(kind: DocumentKind | str) -> Document:
    """One document of the illustrative Kota Kediri example: the 2022 proposal letter or SPTJM, the 2022 LHE
    of the DPM PTSP, or the monitoring report of 25 November 2024."""
    portfolio = examples.kota_kediri_portfolio()
    which = DocumentKind.parse(kind)
    if which is DocumentKind.PROPOSAL:
        return proposal_letter(
            portfolio,
            2022,
            on=KEDIRI_PROPOSAL_DATE,
            signatory=KEDIRI_HEAD,
            letterhead=KEDIRI_LETTERHEAD,
            copies=("Inspektur Kota Kediri",),
        )
    if which is DocumentKind.SPTJM:
        return sptjm(portfolio, 2022, on=KEDIRI_PROPOSAL_DATE, signatory=KEDIRI_HEAD, letterhead=KEDIRI_LETTERHEAD)
    if which is DocumentKind.LHE:
        return lhe_for(
            portfolio,
            "dpmptsp",
            2022,
            signatory=KEDIRI_TPI_LEAD,
            acknowledged_by=KEDIRI_INSPECTOR,
            letterhead=KEDIRI_INSPECTORATE,
            self_assessment=kediri_self_assessment_2022(),
        )
    return monitoring_report(
        portfolio,
        on=KEDIRI_MONITORING_DATE,
        signatory=KEDIRI_HEAD,
        letterhead=KEDIRI_LETTERHEAD,
        copies=("Inspektur Kota Kediri",),
    )
