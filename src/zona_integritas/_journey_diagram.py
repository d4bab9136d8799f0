"""The journey's process as a diagram: the transitions drawn, and the node a state is in."""

from __future__ import annotations

from ._journey_state import JourneyState

#: The process as drawn: (from, to, event kind, condition). Tests check it both ways against the guards:
#: every edge is accepted from some journey in its state, and every accepted transition is drawn, except
#: the kinds of NOTES, which are accepted in every state the note names.
TRANSITIONS: tuple[tuple[str, str, str, str], ...] = (
    ("[*]", "Pencanangan", "declared", ""),
    ("Pencanangan", "UnitDitetapkan", "unit_designated", ""),
    ("UnitDitetapkan", "Pembangunan", "building_started", ""),
    ("Pembangunan", "PenilaianPendahuluan", "preliminary_assessed", "unit dengan unit induk"),
    ("PenilaianPendahuluan", "PenilaianPendahuluan", "preliminary_assessed", "ulang"),
    ("PenilaianPendahuluan", "PenilaianTPI", "tpi_assessed", "layak dievaluasi TPI"),
    ("Pembangunan", "PenilaianTPI", "tpi_assessed", ""),
    ("PenilaianTPI", "PenilaianTPI", "tpi_assessed", "ulang"),
    ("PenilaianTPI", "PenilaianPendahuluan", "preliminary_assessed", "siklus berikutnya"),
    ("PenilaianTPI", "Diusulkan", "proposed", "TPI lulus, batas waktu, 1 tahun membangun"),
    ("PenilaianTPI", "Berpredikat", "mandiri_decided", "WBK mandiri, 5/2024"),
    ("PenilaianTPI", "TidakDitetapkan", "mandiri_decided", "tidak ditetapkan"),
    ("Diusulkan", "PraEvaluasi", "pre_evaluated", "lulus / lulus dengan catatan"),
    ("Diusulkan", "Gagal", "pre_evaluated", "tidak lulus"),
    ("Diusulkan", "Digugurkan", "proposal_voided", "KKN"),
    ("PraEvaluasi", "PraEvaluasi", "corrections_submitted", ""),
    ("Gagal", "PraEvaluasi", "appealed", "sanggah diterima"),
    ("Gagal", "Gagal", "appealed", "sanggah ditolak"),
    ("PraEvaluasi", "DeskEvaluasi", "desk_evaluated", "lanjut"),
    ("PraEvaluasi", "Gagal", "desk_evaluated", "tidak lanjut"),
    ("PraEvaluasi", "Survei", "surveyed", "sebelum desk"),
    ("PraEvaluasi", "Pembinaan", "decided", "pembinaan"),
    ("PraEvaluasi", "Digugurkan", "proposal_voided", "KKN"),
    ("DeskEvaluasi", "Survei", "surveyed", ""),
    ("DeskEvaluasi", "EvaluasiLapangan", "field_evaluated", ""),
    ("DeskEvaluasi", "Pembinaan", "decided", "pembinaan"),
    ("DeskEvaluasi", "Digugurkan", "proposal_voided", "KKN"),
    ("Survei", "Survei", "desk_evaluated", "lanjut, setelah survei"),
    ("Survei", "Gagal", "desk_evaluated", "tidak lanjut"),
    ("Survei", "EvaluasiLapangan", "field_evaluated", "desk lanjut"),
    ("Survei", "Pembinaan", "decided", "pembinaan"),
    ("Survei", "Digugurkan", "proposal_voided", "KKN"),
    ("EvaluasiLapangan", "EvaluasiLapangan", "surveyed", ""),
    ("EvaluasiLapangan", "Clearance", "cleared", "survei ada"),
    ("EvaluasiLapangan", "Pembinaan", "decided", "pembinaan"),
    ("EvaluasiLapangan", "Digugurkan", "proposal_voided", "KKN"),
    ("Clearance", "Berpredikat", "decided", "award, verdict akhir lulus"),
    ("Clearance", "Pembinaan", "decided", "pembinaan"),
    ("Clearance", "Digugurkan", "proposal_voided", "KKN"),
    ("Gagal", "Pembinaan", "decided", "pembinaan, tanpa sanggah"),
    ("Gagal", "Digugurkan", "proposal_voided", "KKN"),
    ("Gagal", "PenilaianTPI", "tpi_assessed", "siklus berikutnya"),
    ("Pembinaan", "PenilaianTPI", "tpi_assessed", "siklus berikutnya"),
    ("Digugurkan", "PenilaianTPI", "tpi_assessed", "siklus berikutnya"),
    ("TidakDitetapkan", "PenilaianTPI", "tpi_assessed", "siklus berikutnya"),
    ("Gagal", "PenilaianPendahuluan", "preliminary_assessed", "siklus berikutnya"),
    ("Pembinaan", "PenilaianPendahuluan", "preliminary_assessed", "siklus berikutnya"),
    ("Digugurkan", "PenilaianPendahuluan", "preliminary_assessed", "siklus berikutnya"),
    ("TidakDitetapkan", "PenilaianPendahuluan", "preliminary_assessed", "siklus berikutnya"),
    ("Berpredikat", "Pembangunan", "building_started", "WBBM"),
    ("Berpredikat", "Dicabut", "revoked", "atas temuan TPN"),
    ("Dicabut", "Pembangunan", "building_started", "WBK, usulan setelah 2 tahun"),
)

#: Event kinds accepted in many states, drawn as notes rather than as edges from every state.
NOTES: dict[str, str] = {
    "recorded_outcome": (
        "recorded_outcome (a past cycle from its public source) in any state, to Berpredikat on an award, "
        "else to TidakDitetapkan (no WBBM before WBK, revocation bar); recorded history stands for the steps before it"
    ),
    "monitoring_reported": "monitoring_reported and verified in any state while a predicate is held",
    "verified": "monitoring_reported and verified in any state while a predicate is held",
    "revoked": "revoked in any state while a predicate is held, on a TPN finding, to Dicabut",
}

_OPEN_NODES = ("Clearance", "EvaluasiLapangan", "Survei", "DeskEvaluasi", "PraEvaluasi", "Diusulkan")
_CLOSED_NODES = {"failed": "Gagal", "pembinaan": "Pembinaan", "voided": "Digugurkan", "not_awarded": "TidakDitetapkan"}


def diagram_state(state: JourneyState) -> str:
    """The node of the process diagram a journey state is in (see :func:`to_mermaid`).

    >>> from zona_integritas import examples
    >>> diagram_state(examples.kediri_journey().state("1 Januari 2023"))
    'Berpredikat'
    """
    latest = state.latest_cycle
    if latest is not None and not latest.closed and latest.failed_at is None:
        flags: tuple[bool, ...] = (latest.cleared, latest.field_worksheet is not None, latest.survey is not None)
        flags += (bool(latest.desk_passed), latest.pre_outcome is not None, latest.proposed_on is not None)
        for node, flag in zip(_OPEN_NODES, flags, strict=True):
            if flag:
                return node
        return "PenilaianTPI" if latest.tpi_worksheet is not None else "PenilaianPendahuluan"
    if state.revoked_on is not None and state.predicate is None and state.building_toward is None:
        return "Dicabut"
    if latest is not None and not latest.awarded and not latest.ended_by_revocation and latest.outcome in _CLOSED_NODES:
        return _CLOSED_NODES[latest.outcome]
    if state.predicate is not None:
        return "Berpredikat" if state.building_toward is None else "Pembangunan"
    if state.building_toward is not None:
        return "Pembangunan"
    if state.designated_on is not None:
        return "UnitDitetapkan"
    return "Pencanangan" if state.declared_on is not None else "[*]"


def to_mermaid() -> str:
    """The process as a Mermaid state diagram (``stateDiagram-v2``), drawn from :data:`TRANSITIONS`.

    >>> print(to_mermaid().splitlines()[0])
    stateDiagram-v2
    """
    lines = ["stateDiagram-v2"]
    for source, target, kind, condition in TRANSITIONS:
        label = f"{kind} ({condition})" if condition else kind
        lines.append(f"    {source} --> {target}: {label}")
    for text in dict.fromkeys(NOTES.values()):
        lines.append(f"    note right of Berpredikat: {text}")
    return "\n".join(lines)
