"""The library's flagship example: the DPM PTSP of Kota Kediri (domain README §7).

The unit is real; its WBK of 2022 and its IKM of 95.73 are public. Its per-item LKE answers were never
published, so **every worksheet here is illustrative**: made up to be plausible, not the unit's real
answers.

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
    BuildingStarted,
    Cleared,
    Decided,
    Declared,
    DeskEvaluated,
    FieldEvaluated,
    MonitoringReported,
    PreEvaluated,
    Proposed,
    Surveyed,
    TpiAssessed,
    UnitDesignated,
)
from .io.worksheet_file import worksheet_from_document
from .journey import Journey
from .rulebook_loader import load_rulebook
from .worksheet import Worksheet

__all__ = [
    "KEDIRI_IKM_2022",
    "KEDIRI_UNIT_NAME",
    "kediri_field_answers_2022",
    "kediri_journey",
    "kediri_worksheet_2020",
    "kediri_worksheet_2022",
]

#: The unit's published IKM (SKM) of 2022: the best in the city, grade A.
KEDIRI_IKM_2022 = Decimal("95.73")

#: The unit's name as the city writes it.
KEDIRI_UNIT_NAME = "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu (DPM PTSP) Kota Kediri"


def _document(name: str) -> dict[str, object]:
    text = importlib.resources.files("zona_integritas").joinpath("data", name).read_text(encoding="utf-8")
    doc: dict[str, object] = json.loads(text)
    return doc


def kediri_worksheet_2022() -> Worksheet:
    """The illustrative TPI worksheet of the Kediri DPM PTSP for its 2022 WBK cycle (passes WBK)."""
    return worksheet_from_document(_document("kediri-dpmptsp-2022-tpi.json"), source="kediri-dpmptsp-2022-tpi.json")


def kediri_worksheet_2020() -> Worksheet:
    """The illustrative TPI worksheet of 2020: it passes WBK on the TPI's own survey estimate."""
    return worksheet_from_document(_document("kediri-dpmptsp-2020-tpi.json"), source="kediri-dpmptsp-2020-tpi.json")


def kediri_field_answers_2022() -> Worksheet:
    """The illustrative answers TPN's 2022 field evaluation changed (a partial TPN worksheet)."""
    return worksheet_from_document(_document("kediri-dpmptsp-2022-field.json"),
                                   source="kediri-dpmptsp-2022-field.json")


def kediri_journey() -> Journey:
    """The unit's journey from the domain README §7, with illustrative dates and worksheets.

    Public facts: building from 2019; a 2020 proposal that reached the desk evaluation and the survey
    and did not pass; WBK in 2022, announced at the national event broadcast on Tuesday 6 December
    2022; next goal WBBM. Everything else (the exact dates, the answers, the survey indices, the
    decree number) is illustrative.

    >>> j = kediri_journey()
    >>> [(c.year, c.outcome, c.failed_at and c.failed_at.label) for c in j.state().cycles]
    [(2020, 'pembinaan', 'survei'), (2022, 'awarded', None)]
    """
    rb = load_rulebook("permenpanrb-90-2021")
    tpi = "TPI Inspektorat Kota Kediri"
    tpn = "TPN KemenPANRB"
    events = [
        Declared(dt.date(2019, 1, 7), actor="Wali Kota Kediri", note="illustrative date"),
        UnitDesignated(dt.date(2019, 1, 14), actor="Wali Kota Kediri"),
        BuildingStarted(dt.date(2019, 1, 21), target="WBK", actor="DPM PTSP Kota Kediri"),
        TpiAssessed(dt.date(2020, 4, 20), cycle=2020, target="WBK", worksheet=kediri_worksheet_2020(), actor=tpi),
        Proposed(dt.date(2020, 5, 25), cycle=2020, target="WBK", actor="Wali Kota Kediri"),
        PreEvaluated(dt.date(2020, 6, 29), cycle=2020, outcome="lulus", actor=tpn),
        DeskEvaluated(dt.date(2020, 8, 10), cycle=2020, passed=True, actor=tpn),
        Surveyed(dt.date(2020, 9, 14), cycle=2020, ipak="3.55", ipkp="3.31", actor=tpn,
                 note="illustrative indices: IPAK below 3.60"),
        Decided(dt.date(2020, 12, 9), cycle=2020, awarded=False, actor=tpn, note="dinyatakan belum lolos"),
        TpiAssessed(dt.date(2022, 4, 18), cycle=2022, target="WBK", worksheet=kediri_worksheet_2022(), actor=tpi),
        Proposed(dt.date(2022, 5, 23), cycle=2022, target="WBK", actor="Wali Kota Kediri"),
        PreEvaluated(dt.date(2022, 6, 27), cycle=2022, outcome="lulus", actor=tpn),
        DeskEvaluated(dt.date(2022, 8, 8), cycle=2022, passed=True, actor=tpn),
        Surveyed(dt.date(2022, 9, 5), cycle=2022, ipak="3.68", ipkp="3.41", actor=tpn, note="illustrative indices"),
        FieldEvaluated(dt.date(2022, 10, 10), cycle=2022, worksheet=kediri_field_answers_2022(), actor=tpn),
        Cleared(dt.date(2022, 11, 14), cycle=2022, actor=tpn),
        Decided(dt.date(2022, 12, 6), cycle=2022, awarded=True, decree_number="illustrative/KEPMENPANRB/2022",
                actor="Menteri PANRB", note="announced at the national award event, Tuesday 6 December 2022"),
        BuildingStarted(dt.date(2023, 1, 9), target="WBBM", actor="DPM PTSP Kota Kediri", note="next goal: WBBM"),
        MonitoringReported(dt.date(2024, 11, 25), actor=tpi),
    ]
    return Journey.replay(KEDIRI_UNIT_NAME, rb, events)
