"""zona_integritas: Indonesia's Zona Integritas (WBK/WBBM) evaluation as a library.

>>> import zona_integritas as zi
>>> rb = zi.load_rulebook("permenpanrb-90-2021")
>>> ws = zi.Worksheet.from_answers(rb, {code: rb.item(code).best_answer for code in rb.item_codes},
...                                assessor="tpi")
>>> zi.score(ws).total.value == 100
True
"""

from importlib.metadata import PackageNotFoundError, version

# the presentation layer registers the notebook reprs of the domain values (the domain never imports it)
from . import _html, _survey_html, review_html  # noqa: F401
from .dates import parse_date
from .eligibility import Eligibility, EligibilityReport, check_eligibility
from .errors import (
    IncompleteWorksheetWarning,
    InvalidAnswerError,
    InvalidInputError,
    InvalidValueError,
    RulebookError,
    SupersededRulebookWarning,
    TransitionError,
    UnknownItemError,
    UnknownRulebookError,
    ZonaIntegritasError,
    ZonaIntegritasWarning,
)
from .journey import Cycle, CycleOutcome, Journey, JourneyState, ProposalWindow, Stage, to_mermaid
from .kawasan import KawasanVerdict, assess_kawasan
from .labels import Label
from .organization import Instansi, InstansiFacts, InstansiKind, Unit, UnitFacts
from .plan import Change, Plan, plan_improvements
from .review import Review
from .review_chain import ReviewChain, load_chain
from .rulebook import (
    Item,
    ItemCode,
    ItemKind,
    Predicate,
    ProcessRules,
    Rulebook,
    SurveyRules,
    register_rulebook,
    registered_rulebook,
)
from .rulebook_loader import available_rulebooks, load_rulebook, rulebook_from_toml, rulebook_in_force
from .scoring import Node, NodeKind, ScoreCard, UnansweredPolicy, score
from .verdict import AreaReading, Comparison, CriterionResult, Verdict, assess
from .worksheet import Answer, Assessor, Counts, Worksheet

try:
    __version__ = version("zona-integritas")
except PackageNotFoundError:  # pragma: no cover - running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = [
    "Answer",
    "AreaReading",
    "Assessor",
    "Change",
    "Comparison",
    "Counts",
    "CriterionResult",
    "Cycle",
    "CycleOutcome",
    "Eligibility",
    "EligibilityReport",
    "IncompleteWorksheetWarning",
    "Instansi",
    "InstansiFacts",
    "InstansiKind",
    "InvalidAnswerError",
    "InvalidInputError",
    "InvalidValueError",
    "Item",
    "ItemCode",
    "ItemKind",
    "Journey",
    "JourneyState",
    "KawasanVerdict",
    "Label",
    "Node",
    "NodeKind",
    "Plan",
    "Predicate",
    "ProcessRules",
    "ProposalWindow",
    "Review",
    "ReviewChain",
    "Rulebook",
    "RulebookError",
    "ScoreCard",
    "Stage",
    "SupersededRulebookWarning",
    "SurveyRules",
    "TransitionError",
    "UnansweredPolicy",
    "Unit",
    "UnitFacts",
    "UnknownItemError",
    "UnknownRulebookError",
    "Verdict",
    "Worksheet",
    "ZonaIntegritasError",
    "ZonaIntegritasWarning",
    "assess",
    "assess_kawasan",
    "available_rulebooks",
    "check_eligibility",
    "load_chain",
    "load_rulebook",
    "parse_date",
    "plan_improvements",
    "register_rulebook",
    "registered_rulebook",
    "rulebook_from_toml",
    "rulebook_in_force",
    "score",
    "to_mermaid",
]
