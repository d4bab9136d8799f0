"""The Kediri DPM PTSP example gains a review: the unit's self-assessment and one round of the city's TPI.

Like every Kediri worksheet, **the answers, notes, names and dates here are illustrative**: the unit claims a
little more than the TPI grants; the TPI changes four answers with a note each, asks for evidence on one item,
returns it to the unit, which revises it; the score moves from the unit's figure to the TPI's (the worksheet of
:func:`zona_integritas.examples.kediri_worksheet_2022`).

>>> review = kediri_review_2022()
>>> [(s.tier, s.status) for s in __import__("zona_integritas.review_diff").review_diff.review_status(review)][:2]
[('unit', 'submitted'), ('tpi', 'submitted')]
"""

from __future__ import annotations

import datetime as dt

from .events import Event, TpiAssessed
from .journey import Journey
from .review import Review
from .review_chain import load_chain

__all__ = ["KEDIRI_TPI_CHANGES", "KEDIRI_UNIT_CLAIMS", "kediri_journey_with_review", "kediri_review_2022"]

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
    from .examples import kediri_worksheet_2022

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
    """:func:`~zona_integritas.examples.kediri_journey` with the 2022 review recorded in its history; its 2022
    ``TpiAssessed`` carries the TPI round's submitted worksheet (same answers, with the TPI's notes).

    >>> j = kediri_journey_with_review()
    >>> j.review(2022).tpi_worksheet == j.cycle(2022).tpi_worksheet
    True
    """
    from .examples import kediri_journey

    base = kediri_journey()
    review = kediri_review_2022()
    events: list[Event] = []
    for event in base.events:
        if isinstance(event, TpiAssessed) and event.cycle == 2022:
            events.extend(review.events)
            event = review.tpi_assessed(on=event.on, target=event.target, actor=event.actor)
        events.append(event)
    return Journey.replay(base.unit, base.rulebook, events, base.windows)
