"""The Kediri example as documents: what ``zona-integritas document ... --example kediri`` writes.

Everything here is **illustrative**, like the worksheets of :mod:`zona_integritas.examples`: the
letterheads carry no address, the signatories are bracketed stand-ins rather than real officials'
names, and the LHE's "what TPI changed" comes from the illustrative review of
:func:`zona_integritas.examples.kediri_review_2022` (the unit claimed more than TPI found on four items).

>>> from zona_integritas.documents.example import kediri_document
>>> report = kediri_document("lhe")
>>> report.field("tanggal"), report.field("nilai_total"), len(report.tables("perubahan_tpi")[0].rows)
('18 April 2022', '87,76', 5)
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
    """The unit's own 2022 worksheet before TPI's review (illustrative): the self-assessment that starts
    :func:`zona_integritas.examples.kediri_review_2022`.

    >>> ws = kediri_self_assessment_2022()
    >>> ws.assessor.value, ws == examples.kediri_review_2022().unit_worksheet
    ('unit', True)
    """
    worksheet: Worksheet = examples.kediri_review_2022().unit_worksheet
    return worksheet


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
            review=examples.kediri_review_2022(),
        )
    return monitoring_report(
        portfolio,
        on=KEDIRI_MONITORING_DATE,
        signatory=KEDIRI_HEAD,
        letterhead=KEDIRI_LETTERHEAD,
        copies=("Inspektur Kota Kediri",),
    )
