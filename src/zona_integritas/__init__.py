"""zona_integritas: Indonesia's Zona Integritas (WBK/WBBM) evaluation as a library.

>>> import zona_integritas as zi
>>> rb = zi.load_rulebook("permenpanrb-90-2021")
>>> ws = zi.Worksheet.from_answers(rb, {code: rb.item(code).best_answer for code in rb.item_codes},
...                                assessor="tpi")
>>> zi.score(ws).total.value == 100
True
"""

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
from .labels import Label
from .rulebook import Item, ItemCode, ItemKind, Rulebook
from .rulebook_loader import available_rulebooks, load_rulebook, rulebook_from_toml
from .scoring import Node, NodeKind, ScoreCard, UnansweredPolicy, score
from .worksheet import Answer, Assessor, Counts, Worksheet

__version__ = "0.1.0.dev0"

__all__ = [
    "Answer",
    "Assessor",
    "Counts",
    "IncompleteWorksheetWarning",
    "InvalidAnswerError",
    "InvalidInputError",
    "Item",
    "ItemCode",
    "ItemKind",
    "Label",
    "Node",
    "NodeKind",
    "Rulebook",
    "RulebookError",
    "ScoreCard",
    "SupersededRulebookWarning",
    "TransitionError",
    "UnansweredPolicy",
    "UnknownItemError",
    "UnknownRulebookError",
    "Worksheet",
    "ZonaIntegritasError",
    "ZonaIntegritasWarning",
    "available_rulebooks",
    "load_rulebook",
    "rulebook_from_toml",
    "score",
]
