"""The monitoring report letter: how the instansi's units holding a predicate are doing, and what is due.

90/2021 Lampiran II Bab IV A: TPI accompanies the units that hold Menuju WBK/WBBM, runs internal surveys,
assesses them and reports through PMPZI at least every two years (sample letter: gambar 10, which
states whether each unit still meets the criteria, with its pengungkit and hasil and TPI's notes).

For each unit holding a predicate on the report's date the letter gives: the predicate and since when,
the latest internal assessment (TPI's latest worksheet on or before that date, or the one passed in
``assessments``) with its total and whether it still meets the criteria of the predicate held, the
latest survey indices (TPN's of the last surveyed cycle, or those passed in ``surveys``), the last
monitoring report and the date the next one is due (:meth:`~zona_integritas.Journey.monitoring_due`).

>>> from zona_integritas import examples
>>> from zona_integritas.documents import Signatory, monitoring_report
>>> m = monitoring_report(examples.kota_kediri_portfolio(), on="25 November 2024",
...                       signatory=Signatory("[Nama Wali Kota]", "Wali Kota Kediri"))
>>> [row[1] for row in m.tables("tabel_monitoring")[0].rows]
['Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu (DPM PTSP) Kota Kediri', 'RSUD Gambiran']
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from ..dates import parse_date
from ..decimals import parse_decimal
from ..errors import IncompleteWorksheetWarning, InvalidAnswerError, UnknownItemError
from ..events import TpiAssessed
from ..i18n import format_date, format_number
from ..i18n import gettext as _
from ..portfolio import Portfolio
from ..rulebook import Predicate
from ..scoring import ScoreCard, score
from ..verdict import Verdict, assess
from ..worksheet import Worksheet
from ._model import (
    Block,
    Document,
    DocumentKind,
    Letterhead,
    Lines,
    Signatory,
    Table,
    angka,
    copies_block,
    instansi_letter_fields,
    tanggal,
)

__all__ = [
    "InternalAssessment",
    "MonitoredUnit",
    "SurveyIndices",
    "inputs_from_store",
    "monitored_units",
    "monitoring_report",
]


@attrs.frozen
class InternalAssessment:
    """A worksheet of TPI's internal assessment during monitoring, and where it comes from (shown as is)."""

    worksheet: Worksheet
    source: str = "pemantauan"


def _index(value: Decimal | str | float) -> Decimal:
    number = parse_decimal(value)
    if not Decimal(0) <= number <= Decimal(4):
        raise InvalidAnswerError(
            _("a survey index lies between {low} and {high}; got {value}").format(
                low=format_number(0, 0), high=format_number(4, 0), value=repr(value)
            )
        )
    return number


@attrs.frozen
class SurveyIndices:
    """IPAK and IPKP indices (0–4) of a survey during monitoring, and where they come from."""

    ipak: Decimal = attrs.field(converter=_index)
    ipkp: Decimal = attrs.field(converter=_index)
    source: str = "pemantauan"


@attrs.frozen
class MonitoredUnit:
    """One unit holding a predicate, as the monitoring report shows it."""

    unit_id: str
    name: str
    predicate: Predicate
    since: dt.date
    assessed: str  #: where the internal assessment comes from ("TPI 2022", "pemantauan")
    card: ScoreCard | None
    verdict: Verdict | None
    survey: tuple[Decimal, Decimal] | None
    survey_from: str
    last_report: dt.date | None
    due: dt.date | None
    overdue: bool


def monitored_units(
    portfolio: Portfolio,
    *,
    on: dt.date | str,
    assessments: Mapping[str, Worksheet | InternalAssessment] | None = None,
    surveys: Mapping[str, tuple[Decimal | str, Decimal | str] | SurveyIndices] | None = None,
) -> list[MonitoredUnit]:
    """The units of ``portfolio`` holding a predicate on ``on``, with what the monitoring report says of each.

    ``assessments`` and ``surveys`` (by unit id) replace what the journeys hold: a worksheet or an
    :class:`InternalAssessment`; a pair of indices (IPAK, IPKP) or :class:`SurveyIndices`.

    >>> from zona_integritas import examples
    >>> city = examples.kota_kediri_portfolio()
    >>> [(m.unit_id, m.assessed, str(m.due), m.overdue) for m in monitored_units(city, on="1 Januari 2026")]
    [('dpmptsp', 'TPI 2022', '2026-11-25', False), ('rsud-gambiran', 'TPI 2023', '2025-12-12', True)]
    """
    day = parse_date(on)
    assessments = dict(assessments or {})
    surveys = dict(surveys or {})
    ids = {u.id for u in portfolio.units}
    unknown = sorted((set(assessments) | set(surveys)) - ids)
    if unknown:
        raise UnknownItemError(
            _("no unit {units} in the portfolio of {instansi}").format(
                units=", ".join(map(repr, unknown)), instansi=portfolio.instansi.name
            )
        )
    out = []
    for holder in portfolio.holders(on=day):
        journey = portfolio.journey(holder.unit_id)
        state = journey.state(day)
        given = assessments.get(holder.unit_id)
        if isinstance(given, Worksheet):
            given = InternalAssessment(given)
        worksheet = given.worksheet if given is not None else None
        assessed = given.source if given is not None else ""
        if worksheet is None:
            done = [e for e in journey.events if isinstance(e, TpiAssessed) and e.on <= day]
            if done:
                worksheet, assessed = done[-1].worksheet, f"TPI {done[-1].cycle}"
        card = verdict = None
        if worksheet is not None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", IncompleteWorksheetWarning)
                card = score(worksheet)
            verdict = assess(card, target=holder.predicate, holds_wbk=True)
        survey: tuple[Decimal, Decimal] | None = None
        survey_from = ""
        if holder.unit_id in surveys:
            indices = surveys[holder.unit_id]
            if not isinstance(indices, SurveyIndices):
                indices = SurveyIndices(*indices)
            survey, survey_from = (indices.ipak, indices.ipkp), indices.source
        else:
            surveyed = [c for c in state.cycles if c.survey is not None]
            if surveyed:
                survey, survey_from = surveyed[-1].survey, f"TPN {surveyed[-1].year}"
        out.append(
            MonitoredUnit(
                holder.unit_id,
                holder.name,
                holder.predicate,
                holder.since,
                assessed,
                card,
                verdict,
                survey,
                survey_from,
                state.last_monitoring_on,
                journey.monitoring_due(on=day),
                journey.monitoring_overdue(on=day),
            )
        )
    if not out:
        raise InvalidAnswerError(
            _("no unit of {instansi} holds a predicate on {date}: there is nothing to report").format(
                instansi=portfolio.instansi.name, date=format_date(day)
            ),
            code="nothing-to-report",
        )
    return out


def inputs_from_store(
    db: Any, portfolio: Portfolio, *, on: dt.date | str
) -> tuple[dict[str, InternalAssessment], dict[str, SurveyIndices]]:
    """The internal assessments and surveys a store holds for the units holding a predicate on ``on``.

    For each such unit, the latest TPI worksheet saved for a cycle from ``on``'s year back to the award's
    year, when that cycle is later than the journey's last TPI assessment; and the latest IPAK and IPKP
    results saved for one cycle in those years, when later than the journey's last TPN survey. Pass the
    two mappings to :func:`monitoring_report` as ``assessments`` and ``surveys``.
    """
    from ..survey import PerceptionResult

    day = parse_date(on)
    assessments: dict[str, InternalAssessment] = {}
    surveys: dict[str, SurveyIndices] = {}
    for holder in portfolio.holders(on=day):
        journey = portfolio.journey(holder.unit_id)
        state = journey.state(day)
        tpi_years = [e.cycle for e in journey.events if isinstance(e, TpiAssessed) and e.on <= day]
        survey_years = [c.year for c in state.cycles if c.survey is not None]
        for year in range(day.year, holder.since.year - 1, -1):
            if year <= max(tpi_years, default=0):
                break
            worksheet = db.latest_worksheet(holder.unit_id, year, "tpi")
            if worksheet is not None:
                assessments[holder.unit_id] = InternalAssessment(worksheet, f"TPI {year}")
                break
        for year in range(day.year, holder.since.year - 1, -1):
            if year <= max(survey_years, default=0):
                break
            found = {r.kind: r for r in db.surveys(holder.unit_id, year) if isinstance(r, PerceptionResult)}
            if {"ipak", "ipkp"} <= set(found):
                surveys[holder.unit_id] = SurveyIndices(
                    found["ipak"].lke_answer, found["ipkp"].lke_answer, f"survei internal {year}"
                )
                break
    return assessments, surveys


def _table(rows: Sequence[MonitoredUnit]) -> Table:
    body = []
    for i, m in enumerate(rows, start=1):
        if m.card is not None and m.verdict is not None:
            result = "memenuhi" if m.verdict.passed else "tidak memenuhi"
            assessed = f"{m.assessed}: {angka(m.card.value('total'))} ({result})"
        else:
            assessed = "-"
        survey = f"{angka(m.survey[0])} / {angka(m.survey[1])} ({m.survey_from})" if m.survey else "-"
        due = "-" if m.due is None else tanggal(m.due) + (" (terlambat)" if m.overdue else "")
        body.append(
            (
                f"{i}.",
                m.name,
                f"Menuju {m.predicate.value} sejak {tanggal(m.since)}",
                assessed,
                survey,
                "-" if m.last_report is None else tanggal(m.last_report),
                due,
            )
        )
    return Table(
        (
            "No",
            "Unit kerja/satuan kerja",
            "Predikat",
            "Penilaian internal terakhir",
            "Survei terakhir (IPAK / IPKP)",
            "Laporan pemantauan terakhir",
            "Laporan berikutnya paling lambat",
        ),
        body,
        widths=(0.7, 3.0, 1.8, 1.9, 1.7, 1.6, 1.7),
    )


def _note(m: MonitoredUnit) -> str:
    if m.card is None or m.verdict is None:
        text = f"{m.name}: belum ada penilaian internal yang tercatat."
    else:
        figures = (
            f"pengungkit {angka(m.card.value('pengungkit'))}; hasil {angka(m.card.value('hasil'))}; "
            f"total {angka(m.card.value('total'))}"
        )
        if m.verdict.passed:
            text = f"{m.name}: penilaian internal ({m.assessed}; {figures}) masih memenuhi kriteria Menuju "
            text += f"{m.predicate.value}."
        else:
            failed = "; ".join(c.label.id for c in m.verdict.failed)
            text = f"{m.name}: penilaian internal ({m.assessed}; {figures}) tidak lagi memenuhi kriteria Menuju "
            text += f"{m.predicate.value} ({failed})."
    if m.due is not None:
        if m.overdue:
            text += f" Laporan pemantauan jatuh tempo {tanggal(m.due)} dan belum disampaikan."
        else:
            text += f" Laporan pemantauan berikutnya paling lambat {tanggal(m.due)}."
    return text


def monitoring_report(
    portfolio: Portfolio,
    *,
    on: dt.date | str,
    signatory: Signatory,
    letterhead: Letterhead | None = None,
    number: str = "",
    nature: str = "Biasa",
    attachment: str = "-",
    copies: Sequence[str] = (),
    assessments: Mapping[str, Worksheet | InternalAssessment] | None = None,
    surveys: Mapping[str, tuple[Decimal | str, Decimal | str] | SurveyIndices] | None = None,
) -> Document:
    """The monitoring report letter of ``portfolio``'s instansi on ``on`` (see :func:`monitored_units`)."""
    day = parse_date(on)
    rows = monitored_units(portfolio, on=day, assessments=assessments, surveys=surveys)
    fields = instansi_letter_fields(
        portfolio.instansi.name,
        on=day,
        rulebook=portfolio.journeys[0].rulebook,
        year=day.year,
        count=len(rows),
        signatory=signatory,
        letterhead=letterhead,
        number=number,
        nature=nature,
        attachment=attachment,
    )
    blocks: dict[str, tuple[Block, ...]] = {
        "tabel_monitoring": (_table(rows),),
        "catatan": (Lines(tuple(_note(m) for m in rows), numbered=True),),
        "tembusan": copies_block(copies),
    }
    return Document(DocumentKind.MONITORING, f"Laporan pemantauan ZI {tanggal(day)}", fields, blocks)
