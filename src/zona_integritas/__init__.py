"""zona_integritas: Indonesia's Zona Integritas (WBK/WBBM) evaluation as a library.

>>> import zona_integritas as zi
>>> rb = zi.load_rulebook("permenpanrb-90-2021")
>>> ws = zi.Worksheet.from_answers(rb, {code: rb.item(code).best_answer for code in rb.item_codes},
...                                assessor="tpi")
>>> zi.score(ws).total.value == 100
True
"""

from .dates import parse_date
from .eligibility import Eligibility, EligibilityReport, check_eligibility
from .errors import (
    IncompleteWorksheetWarning,
    InvalidAnswerError,
    InvalidInputError,
    RulebookError,
    SupersededRulebookWarning,
    TransitionError,
    UnknownItemError,
    UnknownRulebookError,
    ZonaIntegritasError,
    ZonaIntegritasWarning,
)
from .journey import Cycle, Journey, JourneyState, ProposalWindow, Stage, to_mermaid
from .kawasan import KawasanVerdict, assess_kawasan
from .labels import Label
from .plan import Change, Plan, plan_improvements
from .review import Review
from .review_chain import ReviewChain, load_chain
from .rulebook import Item, ItemCode, ItemKind, Predicate, Rulebook
from .rulebook_loader import available_rulebooks, load_rulebook, rulebook_from_toml, rulebook_in_force
from .scoring import Node, NodeKind, ScoreCard, UnansweredPolicy, score
from .verdict import AreaReading, Comparison, CriterionResult, Verdict, assess
from .worksheet import Answer, Assessor, Counts, Worksheet

__version__ = "0.1.0.dev0"

__all__ = [
    "Answer",
    "AreaReading",
    "Assessor",
    "Change",
    "Comparison",
    "Counts",
    "CriterionResult",
    "Cycle",
    "Eligibility",
    "EligibilityReport",
    "IncompleteWorksheetWarning",
    "InvalidAnswerError",
    "InvalidInputError",
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
    "ProposalWindow",
    "Review",
    "ReviewChain",
    "Rulebook",
    "RulebookError",
    "ScoreCard",
    "Stage",
    "SupersededRulebookWarning",
    "TransitionError",
    "UnansweredPolicy",
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
    "rulebook_from_toml",
    "rulebook_in_force",
    "score",
    "to_mermaid",
]
