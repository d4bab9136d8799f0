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

import importlib.resources
import json

from .io.worksheet_file import worksheet_from_document
from .worksheet import Worksheet

__all__ = ["KEDIRI_UNIT_NAME", "kediri_worksheet_2022"]

#: The unit's name as the city writes it.
KEDIRI_UNIT_NAME = "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu (DPM PTSP) Kota Kediri"


def _document(name: str) -> dict[str, object]:
    text = importlib.resources.files("zona_integritas").joinpath("data", name).read_text(encoding="utf-8")
    doc: dict[str, object] = json.loads(text)
    return doc


def kediri_worksheet_2022() -> Worksheet:
    """The illustrative TPI worksheet of the Kediri DPM PTSP for its 2022 WBK cycle (passes WBK)."""
    return worksheet_from_document(_document("kediri-dpmptsp-2022-tpi.json"), source="kediri-dpmptsp-2022-tpi.json")
