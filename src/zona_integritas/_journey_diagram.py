"""The journey's process as a diagram: the transitions drawn, and the node a state is in."""

from __future__ import annotations

from ._journey_state import JourneyState
from .events import kind_label
from .i18n import N_, use_language
from .i18n import gettext as _

#: The process as drawn: (from, to, event kind, condition); the nodes are identifiers, the conditions English
#: message ids translated where drawn (:func:`to_mermaid`). Tests check it both ways against the guards:
#: every edge is accepted from some journey in its state, and every accepted transition is drawn, except
#: the kinds of NOTES, which are accepted in every state the note names.
TRANSITIONS: tuple[tuple[str, str, str, str], ...] = (
    ("[*]", "Pencanangan", "declared", ""),
    ("Pencanangan", "UnitDitetapkan", "unit_designated", ""),
    ("UnitDitetapkan", "Pembangunan", "building_started", ""),
    ("Pembangunan", "PenilaianPendahuluan", "preliminary_assessed", N_("unit with a parent unit")),
    ("PenilaianPendahuluan", "PenilaianPendahuluan", "preliminary_assessed", N_("again")),
    ("PenilaianPendahuluan", "PenilaianTPI", "tpi_assessed", N_("fit for the TPI")),
    ("Pembangunan", "PenilaianTPI", "tpi_assessed", ""),
    ("PenilaianTPI", "PenilaianTPI", "tpi_assessed", N_("again")),
    ("PenilaianTPI", "PenilaianPendahuluan", "preliminary_assessed", N_("next cycle")),
    ("PenilaianTPI", "Diusulkan", "proposed", N_("TPI passed, in the window, a year of building")),
    ("PenilaianTPI", "Berpredikat", "mandiri_decided", N_("mandiri WBK, 5/2024")),
    ("PenilaianTPI", "TidakDitetapkan", "mandiri_decided", N_("not awarded")),
    ("Diusulkan", "PraEvaluasi", "pre_evaluated", N_("passed / passed with notes")),
    ("Diusulkan", "Gagal", "pre_evaluated", N_("not passed")),
    ("Diusulkan", "Digugurkan", "proposal_voided", N_("KKN in the instansi")),
    ("PraEvaluasi", "PraEvaluasi", "corrections_submitted", ""),
    ("Gagal", "PraEvaluasi", "appealed", N_("appeal (sanggah) accepted")),
    ("Gagal", "Gagal", "appealed", N_("appeal (sanggah) rejected")),
    ("PraEvaluasi", "DeskEvaluasi", "desk_evaluated", N_("continues")),
    ("PraEvaluasi", "Gagal", "desk_evaluated", N_("does not continue")),
    ("PraEvaluasi", "Survei", "surveyed", N_("before the desk evaluation")),
    ("PraEvaluasi", "Pembinaan", "decided", N_("coaching (pembinaan)")),
    ("PraEvaluasi", "Digugurkan", "proposal_voided", N_("KKN in the instansi")),
    ("DeskEvaluasi", "Survei", "surveyed", ""),
    ("DeskEvaluasi", "EvaluasiLapangan", "field_evaluated", ""),
    ("DeskEvaluasi", "Pembinaan", "decided", N_("coaching (pembinaan)")),
    ("DeskEvaluasi", "Digugurkan", "proposal_voided", N_("KKN in the instansi")),
    ("Survei", "Survei", "desk_evaluated", N_("continues, after the survey")),
    ("Survei", "Gagal", "desk_evaluated", N_("does not continue")),
    ("Survei", "EvaluasiLapangan", "field_evaluated", N_("the desk evaluation continues")),
    ("Survei", "Pembinaan", "decided", N_("coaching (pembinaan)")),
    ("Survei", "Digugurkan", "proposal_voided", N_("KKN in the instansi")),
    ("EvaluasiLapangan", "EvaluasiLapangan", "surveyed", ""),
    ("EvaluasiLapangan", "Clearance", "cleared", N_("the survey is recorded")),
    ("EvaluasiLapangan", "Pembinaan", "decided", N_("coaching (pembinaan)")),
    ("EvaluasiLapangan", "Digugurkan", "proposal_voided", N_("KKN in the instansi")),
    ("Clearance", "Berpredikat", "decided", N_("award, the final verdict passes")),
    ("Clearance", "Pembinaan", "decided", N_("coaching (pembinaan)")),
    ("Clearance", "Digugurkan", "proposal_voided", N_("KKN in the instansi")),
    ("Gagal", "Pembinaan", "decided", N_("coaching (pembinaan), no appeal")),
    ("Gagal", "Digugurkan", "proposal_voided", N_("KKN in the instansi")),
    ("Gagal", "PenilaianTPI", "tpi_assessed", N_("next cycle")),
    ("Pembinaan", "PenilaianTPI", "tpi_assessed", N_("next cycle")),
    ("Digugurkan", "PenilaianTPI", "tpi_assessed", N_("next cycle")),
    ("TidakDitetapkan", "PenilaianTPI", "tpi_assessed", N_("next cycle")),
    ("Gagal", "PenilaianPendahuluan", "preliminary_assessed", N_("next cycle")),
    ("Pembinaan", "PenilaianPendahuluan", "preliminary_assessed", N_("next cycle")),
    ("Digugurkan", "PenilaianPendahuluan", "preliminary_assessed", N_("next cycle")),
    ("TidakDitetapkan", "PenilaianPendahuluan", "preliminary_assessed", N_("next cycle")),
    ("Berpredikat", "Pembangunan", "building_started", N_("towards WBBM")),
    ("Berpredikat", "Dicabut", "revoked", N_("on a TPN finding")),
    ("Dicabut", "Pembangunan", "building_started", N_("WBK, a proposal after 2 years")),
)

#: Event kinds accepted in many states, drawn as notes rather than as edges from every state.
NOTES: dict[str, str] = {
    "recorded_outcome": N_(
        "a recorded outcome (a past cycle from its public source) in any state; it holds a predicate on an award, "
        "else it is not awarded (no WBBM before WBK, revocation bar); recorded history stands for the steps before it"
    ),
    "monitoring_reported": N_("a TPI monitoring report and a TPN verification in any state while a predicate is held"),
    "verified": N_("a TPI monitoring report and a TPN verification in any state while a predicate is held"),
    "revoked": N_("a revocation in any state while a predicate is held, on a TPN finding; the predicate is revoked"),
}

#: What each node of the diagram is called (English message ids, translated where drawn).
NODE_NAMES: dict[str, str] = {
    "Pencanangan": N_("ZI declared (pencanangan)"),
    "UnitDitetapkan": N_("unit designated"),
    "Pembangunan": N_("building"),
    "PenilaianPendahuluan": N_("preliminary assessment (penilaian pendahuluan)"),
    "PenilaianTPI": N_("TPI assessment"),
    "Diusulkan": N_("proposed"),
    "PraEvaluasi": N_("pre-evaluation"),
    "Gagal": N_("failed"),
    "Digugurkan": N_("voided"),
    "DeskEvaluasi": N_("desk evaluation"),
    "Survei": N_("survey"),
    "Pembinaan": N_("coaching (pembinaan)"),
    "EvaluasiLapangan": N_("field evaluation"),
    "Clearance": N_("clearance and panel"),
    "Berpredikat": N_("holds a predicate"),
    "TidakDitetapkan": N_("not awarded"),
    "Dicabut": N_("revoked"),
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


def to_mermaid(*, language: str | None = None) -> str:
    """The process as a Mermaid state diagram (``stateDiagram-v2``), drawn from :data:`TRANSITIONS`, with the
    names of the nodes, the events and the conditions in the language (the node identifiers stay).

    >>> print(to_mermaid().splitlines()[0])
    stateDiagram-v2
    >>> [line for line in to_mermaid(language="id").splitlines() if "Berpredikat --> Dicabut" in line]
    ['    Berpredikat --> Dicabut: pencabutan (atas temuan TPN)']
    """
    with use_language(language):
        lines = ["stateDiagram-v2"]
        for node, name in NODE_NAMES.items():
            lines.append(f'    state "{_(name)}" as {node}')
        for source, target, kind, condition in TRANSITIONS:
            label = f"{kind_label(kind)} ({_(condition)})" if condition else kind_label(kind)
            lines.append(f"    {source} --> {target}: {label}")
        for text in dict.fromkeys(NOTES.values()):
            lines.append(f"    note right of Berpredikat: {_(text)}")
        return "\n".join(lines)
