"""Official documents from the domain objects: the proposal letter, the SPTJM, TPI's LHE, the monitoring report.

Each builder returns a :class:`Document` (plain content: fields and tables, no Word yet); render it to
``.docx`` bytes with :meth:`Document.to_docx`, write it with :meth:`Document.write` (``pdf=True`` for a PDF
through LibreOffice), from our default template or the agency's own (``template=``). Dates and numbers
are written the Indonesian way (``6 Desember 2022``, ``95,73``).

Writing ``.docx`` needs the ``word`` extra: ``pip install 'zona-integritas[word]'``.

>>> from zona_integritas import examples
>>> from zona_integritas.documents import Signatory, proposal_letter
>>> letter = proposal_letter(examples.kota_kediri_portfolio(), 2022, on="31 Mei 2022",
...                          signatory=Signatory("[Nama Wali Kota]", "Wali Kota Kediri"))
>>> letter.tables("daftar_unit")[0].rows[0][2:]
('Menuju WBK', '52,38', '35,38', '87,76')
>>> letter.to_docx()[:2]
b'PK'
"""

from ._model import (
    PLACEHOLDERS,
    Document,
    DocumentKind,
    Letterhead,
    Lines,
    MissingExtraError,
    Placeholder,
    Signatory,
    Table,
    TemplateError,
    angka,
    count_words,
    persen,
    terbilang,
)
from .evaluation_report import lhe, lhe_for
from .monitoring import InternalAssessment, SurveyIndices, inputs_from_store, monitoring_report
from .pdf import ConversionError, docx_to_pdf
from .proposal import proposal_letter, proposed_units
from .statement import sptjm
from .word import check_template, default_template, render, template_placeholders

__all__ = [
    "PLACEHOLDERS",
    "ConversionError",
    "Document",
    "DocumentKind",
    "InternalAssessment",
    "Letterhead",
    "Lines",
    "MissingExtraError",
    "Placeholder",
    "Signatory",
    "SurveyIndices",
    "Table",
    "TemplateError",
    "angka",
    "check_template",
    "count_words",
    "default_template",
    "docx_to_pdf",
    "inputs_from_store",
    "lhe",
    "lhe_for",
    "monitoring_report",
    "persen",
    "proposal_letter",
    "proposed_units",
    "render",
    "sptjm",
    "template_placeholders",
    "terbilang",
]
