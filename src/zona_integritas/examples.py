"""The library's flagship example: the DPM PTSP of Kota Kediri (domain README §7).

The unit is real; its WBK of 2022 and its IKM of 95.73 are public. Its per-item LKE answers were never
published, so **every worksheet here is illustrative**: made up to be plausible, not the unit's real
answers. Its 2020 cycle ran under PermenPANRB 52/2014 as amended by 10/2019 (90/2021 came a year
later, and 10/2019 is not available here): it is told as a recorded outcome, with no worksheet.

>>> from zona_integritas import examples, score
>>> ws = examples.kediri_worksheet_2022()
>>> ws.assessor.value, ws.completeness
('tpi', (113, 113))
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import json
from decimal import Decimal

from .events import (
    Appealed,
    BuildingStarted,
    Cleared,
    Decided,
    Declared,
    DeskEvaluated,
    Event,
    FieldEvaluated,
    MonitoringReported,
    PreEvaluated,
    ProposalVoided,
    Proposed,
    RecordedOutcome,
    Surveyed,
    TpiAssessed,
    UnitDesignated,
)
from .io.worksheet_file import worksheet_from_document
from .journey import Journey
from .labels import Label
from .organization import Instansi, Unit
from .portfolio import Portfolio, Target
from .review import Review
from .review_chain import load_chain
from .rulebook_loader import load_rulebook
from .worksheet import Worksheet

__all__ = [
    "KEDIRI_2020_SOURCE",
    "KEDIRI_IKM_2022",
    "KEDIRI_RPJMD_TARGET",
    "KEDIRI_TPI_CHANGES",
    "KEDIRI_UNIT_CLAIMS",
    "KEDIRI_UNIT_NAME",
    "kediri_field_answers_2022",
    "kediri_journey",
    "kediri_journey_with_review",
    "kediri_review_2022",
    "kediri_worksheet_2022",
    "kota_kediri_portfolio",
]

#: The unit's published IKM (SKM) of 2022: the best in the city, grade A.
KEDIRI_IKM_2022 = Decimal("95.73")

#: Where the 2020 outcome is written: the only public account of that cycle.
KEDIRI_2020_SOURCE = (
    "news report of December 2022 on the unit's WBK (domain README section 7): proposed in 2020, it reached "
    "TPN's desk evaluation and the service-user survey and was declared not to pass"
)

#: The unit's name as the city writes it.
KEDIRI_UNIT_NAME = "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu (DPM PTSP) Kota Kediri"


def _document(name: str) -> dict[str, object]:
    text = importlib.resources.files("zona_integritas").joinpath("data", name).read_text(encoding="utf-8")
    doc: dict[str, object] = json.loads(text)
    return doc


def kediri_worksheet_2022() -> Worksheet:
    """The illustrative TPI worksheet of the Kediri DPM PTSP for its 2022 WBK cycle (passes WBK)."""
    return worksheet_from_document(_document("kediri-dpmptsp-2022-tpi.json"), source="kediri-dpmptsp-2022-tpi.json")


def kediri_field_answers_2022() -> Worksheet:
    """The illustrative answers TPN's 2022 field evaluation changed (a partial TPN worksheet)."""
    return worksheet_from_document(_document("kediri-dpmptsp-2022-field.json"), source="kediri-dpmptsp-2022-field.json")


def kediri_journey() -> Journey:
    """The unit's journey from the domain README §7, with illustrative dates and worksheets.

    Public facts: building from 2019; a 2020 proposal that reached the desk evaluation and the survey
    and did not pass; WBK in 2022, announced at the national event broadcast on Tuesday 6 December
    2022; next goal WBBM. Everything else (the exact dates, the 2022 answers, the survey indices, the
    decree number) is illustrative.

    The 2020 cycle ran under 52/2014 (as amended by 10/2019, not available here), not 90/2021: it is a
    :class:`~zona_integritas.events.RecordedOutcome` with its source and no worksheet, so no 90/2021
    LKE or 3.60 IPAK threshold is applied to it. 2022 is judged by 90/2021.

    >>> j = kediri_journey()
    >>> [(c.year, c.outcome, c.failed_at and c.failed_at.label_in("id"), c.rulebook_id) for c in j.state().cycles]
    [(2020, 'not_awarded', 'survei', 'permenpanrb-52-2014'), (2022, 'awarded', None, 'permenpanrb-90-2021')]
    """
    rb = load_rulebook("permenpanrb-90-2021")
    tpi = "TPI Inspektorat Kota Kediri"
    tpn = "TPN KemenPANRB"
    events = [
        Declared(dt.date(2019, 1, 7), actor="Wali Kota Kediri", note="illustrative date"),
        UnitDesignated(dt.date(2019, 1, 14), actor="Wali Kota Kediri"),
        BuildingStarted(dt.date(2019, 1, 21), target="WBK", actor="DPM PTSP Kota Kediri"),
        RecordedOutcome(
            dt.date(2020, 12, 9),
            cycle=2020,
            target="WBK",
            awarded=False,
            reached="surveyed",
            source=KEDIRI_2020_SOURCE,
            actor="TPN KemenPANRB",
            note=(
                "a 52/2014-era cycle (PermenPANRB 10/2019 amendments not modelled); illustrative date; "
                "its scores were not published and none are invented"
            ),
        ),
        TpiAssessed(dt.date(2022, 4, 18), cycle=2022, target="WBK", worksheet=kediri_worksheet_2022(), actor=tpi),
        Proposed(dt.date(2022, 5, 23), cycle=2022, target="WBK", actor="Wali Kota Kediri"),
        PreEvaluated(dt.date(2022, 6, 27), cycle=2022, outcome="lulus", actor=tpn),
        DeskEvaluated(dt.date(2022, 8, 8), cycle=2022, passed=True, actor=tpn),
        Surveyed(dt.date(2022, 9, 5), cycle=2022, ipak="3.68", ipkp="3.41", actor=tpn, note="illustrative indices"),
        FieldEvaluated(dt.date(2022, 10, 10), cycle=2022, worksheet=kediri_field_answers_2022(), actor=tpn),
        Cleared(dt.date(2022, 11, 14), cycle=2022, actor=tpn),
        Decided(
            dt.date(2022, 12, 6),
            cycle=2022,
            awarded=True,
            decree_number="illustrative/KEPMENPANRB/2022",
            actor="Menteri PANRB",
            note="announced at the national award event, Tuesday 6 December 2022",
        ),
        BuildingStarted(dt.date(2023, 1, 9), target="WBBM", actor="DPM PTSP Kota Kediri", note="next goal: WBBM"),
        MonitoringReported(dt.date(2024, 11, 25), actor=tpi),
    ]
    return Journey.replay(KEDIRI_UNIT_NAME, rb, events)


#: The city's medium-term plan: 10 public-service OPDs with WBK/WBBM by the end of 2024 (RPJMD 2020-2024).
KEDIRI_RPJMD_TARGET = Target(
    Label(
        "RPJMD 2020-2024: 10 OPD pelayanan publik berpredikat WBK/WBBM",
        "RPJMD 2020-2024: 10 public-service OPDs with WBK/WBBM",
    ),
    10,
    "31 Desember 2024",
    source="Kota Kediri RPJMD 2020-2024 (domain README section 7)",
)


def kota_kediri_portfolio() -> Portfolio:
    """Five units of the Pemerintah Kota Kediri. The DPM PTSP journey follows the public facts; the
    other four units, their dates and outcomes are **illustrative**, made up to show a portfolio.
    """
    rb = load_rulebook("permenpanrb-90-2021")
    kota = Instansi("Pemerintah Kota Kediri", "pemda")
    best = Worksheet.from_answers(rb, {str(c): rb.item(c).best_answer for c in rb.item_codes}, assessor="tpi")
    good = kediri_worksheet_2022()
    tpn = "TPN KemenPANRB"

    def start(day: dt.date) -> list[object]:
        return [Declared(dt.date(2019, 1, 7)), UnitDesignated(day), BuildingStarted(day + dt.timedelta(days=7))]

    rsud = [
        *start(dt.date(2020, 2, 3)),
        TpiAssessed(dt.date(2022, 3, 7), cycle=2022, target="WBK", worksheet=good),
        Proposed(dt.date(2022, 5, 23), cycle=2022, target="WBK"),
        PreEvaluated(dt.date(2022, 6, 27), cycle=2022, outcome="tidak_lulus", actor=tpn),
        Appealed(dt.date(2022, 7, 4), cycle=2022, accepted=False, actor=tpn),
        TpiAssessed(dt.date(2023, 3, 6), cycle=2023, target="WBK", worksheet=best),
        Proposed(dt.date(2023, 5, 22), cycle=2023, target="WBK"),
        PreEvaluated(dt.date(2023, 6, 26), cycle=2023, outcome="lulus", actor=tpn),
        DeskEvaluated(dt.date(2023, 8, 7), cycle=2023, passed=True, actor=tpn),
        Surveyed(dt.date(2023, 9, 4), cycle=2023, ipak="3.74", ipkp="3.66", actor=tpn),
        FieldEvaluated(dt.date(2023, 10, 9), cycle=2023, worksheet=best.with_assessor("tpn"), actor=tpn),
        Cleared(dt.date(2023, 11, 13), cycle=2023, actor=tpn),
        Decided(dt.date(2023, 12, 12), cycle=2023, awarded=True, decree_number="illustrative/2023", actor=tpn),
    ]
    dukcapil = [
        *start(dt.date(2021, 1, 11)),
        TpiAssessed(dt.date(2023, 3, 6), cycle=2023, target="WBK", worksheet=good),
        Proposed(dt.date(2023, 5, 29), cycle=2023, target="WBK"),
        PreEvaluated(dt.date(2023, 6, 26), cycle=2023, outcome="lulus", actor=tpn),
        DeskEvaluated(dt.date(2023, 8, 7), cycle=2023, passed=False, actor=tpn),
        TpiAssessed(dt.date(2024, 4, 1), cycle=2024, target="WBK", worksheet=good),
        Proposed(dt.date(2024, 7, 22), cycle=2024, target="WBK"),
    ]
    bappeda = [*start(dt.date(2022, 2, 7))]
    kecamatan = [*start(dt.date(2024, 6, 3))]
    disnaker = [
        *start(dt.date(2021, 3, 1)),
        TpiAssessed(dt.date(2022, 4, 4), cycle=2022, target="WBK", worksheet=good),
        Proposed(dt.date(2022, 5, 30), cycle=2022, target="WBK"),
        ProposalVoided(dt.date(2022, 6, 6), cycle=2022, note="illustrative"),
    ]
    units = (
        Unit("dpmptsp", KEDIRI_UNIT_NAME, kota, "ptsp"),
        Unit("rsud-gambiran", "RSUD Gambiran", kota, "rsud"),
        Unit("dispendukcapil", "Dinas Kependudukan dan Pencatatan Sipil", kota, "dukcapil"),
        Unit("disnaker", "Dinas Tenaga Kerja", kota, "ketenagakerjaan"),
        Unit("bappeda", "Badan Perencanaan Pembangunan Daerah", kota),
        Unit("kec-kota", "Kecamatan Kota", kota),
    )
    windows = {2024: ("18 Juli 2024", "31 Juli 2024")}
    journeys = (
        Journey.replay("dpmptsp", rb, kediri_journey().events),
        Journey.replay("rsud-gambiran", rb, rsud),  # type: ignore[arg-type]
        Journey.replay("dispendukcapil", rb, dukcapil, windows),  # type: ignore[arg-type]
        Journey.replay("disnaker", rb, disnaker),  # type: ignore[arg-type]
        Journey.replay("bappeda", rb, bappeda),  # type: ignore[arg-type]
        Journey.replay("kec-kota", rb, kecamatan),  # type: ignore[arg-type]
    )
    return Portfolio(kota, units, journeys)


#: What the unit answered where the TPI later disagreed (illustrative).
KEDIRI_UNIT_CLAIMS = {"P1.iv.b": "A", "P2.ii.b": "A", "P3.iii.f": "B", "P4.i.a": "A", "P5.i.b": "A"}

#: The TPI's changes and notes (illustrative); P3.iii.f goes back to the unit instead.
KEDIRI_TPI_CHANGES = {
    "P1.iv.b": ("B", "SK agen perubahan ada, tetapi belum semua bidang memiliki agen perubahan"),
    "P2.ii.b": ("B", "Aplikasi kepegawaian baru dipakai untuk presensi dan cuti"),
    "P4.i.a": ("B", "Notulen rapat penyusunan Renja tidak menunjukkan kehadiran Kepala Dinas"),
    "P5.i.b": ("B", "Laporan UPG baru mencakup semester II"),
}

_UNIT = "DPM PTSP Kota Kediri"
_TPI = "TPI Inspektorat Kota Kediri"


def kediri_review_2022() -> Review:
    """The illustrative review of the 2022 cycle: unit self-assessment, then one TPI round.

    >>> r = kediri_review_2022()
    >>> r.tpi_worksheet.to_answers()["P4.i.a"]["note"]
    'Notulen rapat penyusunan Renja tidak menunjukkan kehadiran Kepala Dinas'
    >>> r.rounds_of("tpi")[0].revision_count
    1
    """
    tpi = kediri_worksheet_2022()
    unit = tpi.with_answers(KEDIRI_UNIT_CLAIMS).with_assessor("unit")
    review = Review.start(load_chain("pemda-90-2021"), unit, cycle=2022, on="14 Februari 2022", actor=_UNIT)
    review = review.add_evidence(
        "P1.i.a", on="14 Februari 2022", file_name="SK-Tim-ZI-2022.pdf", digest="sha256:illustrative", actor=_UNIT
    )
    review = review.open("tpi", on="1 Maret 2022", actor=_TPI)
    day = dt.date(2022, 3, 7)
    for code in tpi.rulebook.item_codes:
        if code in KEDIRI_TPI_CHANGES:
            answer, note = KEDIRI_TPI_CHANGES[code]
            review = review.change(code, answer, note=note, on=day, actor=_TPI)
        elif code == "P3.iii.f":
            review = review.ask_evidence(code, on=day, actor=_TPI, note="Unggah laporan monev pengembangan kompetensi")
        else:
            review = review.agree(code, on=day, actor=_TPI)
    review = review.return_to("unit", ["P3.iii.f"], on="10 Maret 2022", actor=_TPI, note="Lengkapi bukti P3.iii.f")
    review = review.add_evidence("P3.iii.f", on="21 Maret 2022", file_name="Monev-kompetensi-2021.pdf", actor=_UNIT)
    review = review.revise(
        {"P3.iii.f": tpi.answer("P3.iii.f").value},  # type: ignore[union-attr]
        on="21 Maret 2022",
        actor=_UNIT,
        note="Monev baru sebatas daftar hadir pelatihan; jawaban disesuaikan",
    )
    review = review.agree("P3.iii.f", on="24 Maret 2022", actor=_TPI)
    return review.submit(on="11 April 2022", actor=_TPI, note="Hasil reviu TPI disampaikan kepada Wali Kota")


def kediri_journey_with_review() -> Journey:
    """:func:`kediri_journey` with the 2022 review recorded in its history; its 2022
    ``TpiAssessed`` carries the TPI round's submitted worksheet (same answers, with the TPI's notes).

    >>> j = kediri_journey_with_review()
    >>> j.review(2022).tpi_worksheet == j.cycle(2022).tpi_worksheet
    True
    """
    base = kediri_journey()
    review = kediri_review_2022()
    events: list[Event] = []
    for event in base.events:
        if isinstance(event, TpiAssessed) and event.cycle == 2022:
            events.extend(review.events)
            events.append(review.tpi_assessed(on=event.on, target=event.target, actor=event.actor))
        else:
            events.append(event)
    return Journey.replay(base.unit, base.rulebook, events, base.windows)
