"""pandas DataFrames of score cards, verdicts, survey results, journeys and portfolios (extra ``pandas``).

Numeric columns are floats (for analysis; the exact ``Decimal`` values stay on the objects).

**Column names are stable machine names** (``code``, ``label``, ``passed``, ``revoked_on``...), the same
in every language, so that a program can select them; what a person reads in them (labels, descriptions,
event texts) follows the language (``language=``, else the current one). For a table to show people,
``display=True`` also renames the columns to headers in the language and writes the machine words in the
cells (node kinds, yes/no, cycle outcomes) as words of that language:

>>> import zona_integritas as zi
>>> from zona_integritas import examples
>>> card = zi.score(examples.kediri_worksheet_2022())
>>> df = to_dataframe(card)
>>> list(df.columns)
['code', 'kind', 'label', 'parent', 'weight', 'value', 'percentage', 'answer']
>>> float(df.loc[df.code == "total", "value"].iloc[0]).__round__(2)
87.76
>>> list(to_dataframe(card, display=True, language="id").columns)[:4]
['Kode', 'Tingkat', 'Uraian', 'Induk']

A portfolio's frame has a ``revoked_on`` column: the date of the unit's latest revocation on or before
``on`` (``NaT`` when none), so a unit whose predicate was revoked is not read as holding it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import InvalidValueError
from .i18n import N_, use_language
from .i18n import gettext as _

__all__ = ["DISPLAY_HEADERS", "display_word", "to_dataframe"]

_COMMON = {"code": N_("Code"), "label": N_("Description"), "weight": N_("Weight")}
#: The header a person reads for each machine column, by the kind of value the frame is made of (translated
#: where shown).
DISPLAY_HEADERS: Mapping[str, Mapping[str, str]] = {
    "ScoreCard": {
        **_COMMON,
        "kind": N_("Level"),
        "parent": N_("Part of"),
        "value": N_("Points"),
        "percentage": "%",
        "answer": N_("Answer"),
    },
    "Verdict": {
        "key": N_("Code"),
        "label": N_("Criterion"),
        "passed": N_("Met"),
        "actual": N_("Actual"),
        "required": N_("Required"),
        "margin": N_("Margin"),
        "unit": N_("Measured in"),
        "fixable": N_("Fixable by LKE answers"),
        "source": N_("Source"),
    },
    "IkmResult": {**_COMMON, "nrr": "NRR", "weighted": N_("Weighted NRR"), "unit": N_("NRR × 25")},
    "PerceptionResult": {**_COMMON, "questions": N_("Questions"), "index": N_("Index")},
    "Journey": {"on": N_("Date"), "actor": N_("By"), "what": N_("Event"), "note": N_("Note")},
    "Portfolio": {
        "unit_id": N_("Unit code"),
        "name": N_("Unit"),
        "kind": N_("Unit kind"),
        "predicate": N_("Predicate"),
        "since": N_("Holding since"),
        "latest_cycle": N_("Latest cycle"),
        "latest_outcome": N_("Outcome of the latest cycle"),
        "revoked_on": N_("Revoked on"),
        "cycles": N_("Cycles"),
    },
}

#: Machine words in cells, as a person reads them (score card node kinds, criterion measures, cycle outcomes).
_WORDS: Mapping[str, str] = {
    "total": N_("total"),
    "component": N_("component"),
    "subcomponent": N_("sub-component"),
    "area": N_("area"),
    "area_half": N_("half of an area"),
    "indicator": N_("indicator"),
    "item": N_("item"),
    "points": N_("points"),
    "percent": N_("percent"),
    "units": N_("units"),
    "awarded": N_("awarded"),
    "pembinaan": N_("pembinaan (coaching)"),
    "failed": N_("stopped"),
    "voided": N_("voided"),
    "open": N_("under evaluation"),
    "assessed": N_("assessed by the TPI"),
    "not_awarded": N_("not awarded"),
    "preliminary": N_("preliminary assessment"),
    "revoked": N_("awarded, then revoked"),
    "pendidikan": N_("education services"),
    "ketenagakerjaan": N_("labour services"),
    "other": N_("other"),
}
#: Unit kinds whose name is the same in both languages (the afirmasi units of 5/2024).
_PROPER: Mapping[str, str] = {"rsud": "RSUD", "dukcapil": "Dukcapil", "samsat": "Samsat", "ptsp": "PTSP"}
#: Columns whose cells are machine words (translated with ``display=True``).
_WORD_COLUMNS = {"ScoreCard": ("kind",), "Verdict": ("unit",), "Portfolio": ("latest_outcome", "kind")}
#: Columns whose cells are yes/no.
_FLAG_COLUMNS = ("passed", "fixable")


def display_word(word: str, *, language: str | None = None) -> str:
    """A machine word of a frame's cells (a node kind, a criterion's measure, a cycle outcome, ``"revoked"``
    for an award later revoked, a unit kind) as a person reads it; another word is returned as it is.

    >>> display_word("awarded", language="id"), display_word("revoked", language="en"), display_word("WBK")
    ('ditetapkan', 'awarded, then revoked', 'WBK')
    """
    with use_language(language):
        if word in _PROPER:
            return _PROPER[word]
        return _(_WORDS[word]) if word in _WORDS else word


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise ImportError(_("DataFrames need pandas: pip install 'zona-integritas[pandas]'")) from exc
    return pd


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def to_dataframe(value: Any, *, language: str | None = None, on: Any = None, display: bool = False) -> Any:
    """A DataFrame of a ScoreCard, Verdict, IkmResult, PerceptionResult, Journey or Portfolio (``on=`` a date).

    ``display=True``: headers and machine words in the language, for people (see the module's docstring).

    >>> from zona_integritas import examples
    >>> df = to_dataframe(examples.kota_kediri_portfolio(), on="31 Desember 2024", display=True, language="en")
    >>> df.iloc[0][["Unit code", "Predicate", "Outcome of the latest cycle"]].tolist()
    ['dpmptsp', 'WBK', 'awarded']
    """
    pd = _pandas()
    with use_language(language):
        rows = _rows(value, on)
        revoked = [row.pop(_REVOKED_CYCLE, False) for row in rows]
        frame = pd.DataFrame(rows)
        for column in ("on", "since", "revoked_on"):
            if column in frame.columns:
                frame[column] = pd.to_datetime(frame[column])
        if "latest_cycle" in frame.columns:
            frame["latest_cycle"] = frame["latest_cycle"].astype("Int64")
        if display:
            frame = _for_people(frame, type(value).__name__, revoked)
        return frame


#: A row's private flag: its latest cycle's award was revoked (shown as such with ``display=True``).
_REVOKED_CYCLE = "_revoked_cycle"


def _for_people(frame: Any, kind: str, revoked: list[bool]) -> Any:
    frame = frame.copy()
    if "latest_outcome" in frame.columns:
        outcomes = zip(frame["latest_outcome"], revoked, strict=True)
        frame["latest_outcome"] = [("revoked" if gone else v) for v, gone in outcomes]
    for column in _WORD_COLUMNS.get(kind, ()):
        frame[column] = [display_word(v) if isinstance(v, str) else v for v in frame[column]]
    for flag in _FLAG_COLUMNS:
        if flag in frame.columns:
            frame[flag] = [_("yes") if v else _("no") for v in frame[flag]]
    headers = DISPLAY_HEADERS[kind]
    frame = frame[[c for c in frame.columns if c in headers]]  # machine-only columns (an event's kind) are left out
    return frame.rename(columns={c: _(headers[c]) if headers[c] != "%" else "%" for c in frame.columns if c in headers})


def _rows(value: Any, on: Any) -> list[dict[str, Any]]:
    from .journey import Journey
    from .portfolio import Portfolio
    from .scoring import ScoreCard
    from .survey import IkmResult, PerceptionResult
    from .verdict import Verdict

    if isinstance(value, ScoreCard):
        return _score_rows(value)
    if isinstance(value, Verdict):
        return [
            {
                "key": c.key,
                "label": c.label.in_language(),
                "passed": c.passed,
                "actual": _float(c.actual),
                "required": _float(c.required),
                "margin": _float(c.margin),
                "unit": str(c.unit),
                "fixable": c.fixable,
                "source": c.source,
            }
            for c in value.criteria
        ]
    if isinstance(value, IkmResult):
        return [
            {
                "code": e.code,
                "label": e.label.in_language(),
                "nrr": _float(e.nrr),
                "weight": float(e.weight),
                "weighted": _float(e.weighted),
                "unit": _float(e.unit),
            }
            for e in value.elements
        ]
    if isinstance(value, PerceptionResult):
        return [
            {"code": a.code, "label": a.label.in_language(), "questions": len(a.questions), "index": _float(a.index)}
            for a in value.aspects
        ]
    if isinstance(value, Journey):
        return [{"on": e.on, "kind": e.kind, "actor": e.actor, "what": e.what, "note": e.note} for e in value.history()]
    if isinstance(value, Portfolio):
        if on is None:
            raise InvalidValueError(
                _("A portfolio DataFrame needs on=<date>: the day its units' predicates are read"),
                code="portfolio-needs-date",
            )
        return _portfolio_rows(value, on)
    raise InvalidValueError(
        _("Cannot make a DataFrame of {kind}").format(kind=type(value).__name__), code="no-dataframe"
    )


def _score_rows(card: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []

    def row(node: Any, parent: str | None, answer: Any) -> dict[str, Any]:
        return {
            "code": node.code,
            "kind": node.kind.value,
            "label": node.label.in_language(),
            "parent": parent,
            "weight": _float(node.maximum),
            "value": _float(node.value),
            "percentage": _float(node.percentage),
            "answer": answer,
        }

    def add(node: Any, parent: str | None) -> None:
        answer = node.answer.value if node.answer is not None else None
        shown = None if answer is None else str(dict(answer) if hasattr(answer, "items") else answer)
        rows.append(row(node, parent, shown))
        for child in node.children:
            add(child, node.code)

    add(card.total, None)
    for area in card.areas:
        rows.append(row(area, "total", None))
    return rows


def _portfolio_rows(portfolio: Any, on: Any) -> list[dict[str, Any]]:
    from ._revocations import last_revocation, revoked_cycles
    from .dates import parse_date

    day = parse_date(on)
    rows = []
    for unit, journey in zip(portfolio.units, portfolio.journeys, strict=True):
        state = journey.state(day)
        latest = state.latest_cycle
        revoked = last_revocation(journey, on=day)
        rows.append(
            {
                "unit_id": unit.id,
                "name": unit.name,
                "kind": unit.kind.value,
                "predicate": state.predicate.value if state.predicate else None,
                "since": state.holding_since,
                "latest_cycle": latest.year if latest else None,
                "latest_outcome": None if latest is None else str(latest.outcome),
                "revoked_on": None if revoked is None else revoked.on,
                "cycles": len(state.cycles),
                _REVOKED_CYCLE: latest is not None and latest.year in revoked_cycles(journey, on=day),
            }
        )
    return rows
