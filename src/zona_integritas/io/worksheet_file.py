"""Worksheet files in JSON: ``{"rulebook": ..., "assessor": ..., "answers": {...}}``.

Optional keys: ``unit`` (the unit's name), ``year``, ``illustrative`` (true for made-up examples).
Every problem of a file (its shape and each answer) is reported at once.

>>> doc = {"rulebook": "permenpanrb-90-2021", "assessor": "unit", "answers": {"P1.i.a": "Ya"}}
>>> worksheet_from_document(doc).completeness
(1, 113)
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import InvalidAnswerError, InvalidInputError, ZonaIntegritasError
from ..i18n import gettext as _
from ..rulebook_loader import load_rulebook
from ..worksheet import Worksheet

__all__ = ["read_worksheet_json", "worksheet_from_document", "worksheet_to_document"]

_KEYS = {"rulebook", "assessor", "answers", "unit", "year", "illustrative"}


def worksheet_from_document(doc: object, *, source: str | None = None) -> Worksheet:
    """A worksheet from a parsed JSON document; problems are reported together with ``source``.

    >>> worksheet_from_document({"rulebook": "permenpanrb-90-2021", "answers": [], "colour": 1}, source="x.json")
    Traceback (most recent call last):
    ...
    zona_integritas.errors.InvalidInputError: x.json is not a valid worksheet file (3):
      - x.json: missing key 'assessor'
      - x.json: key 'answers' must be an object of item code to answer
      - x.json: unknown key 'colour'
    """
    where = source or "<document>"
    problems: list[Exception] = []
    headline = _("{source} is not a valid worksheet file").format(source=where)
    if not isinstance(doc, Mapping):
        raise InvalidInputError(
            headline,
            [
                InvalidAnswerError(
                    _("{source}: expected a JSON object, got {kind}").format(source=where, kind=type(doc).__name__),
                    code="not-an-object",
                )
            ],
            code="invalid-worksheet-file",
        )
    for key in ("rulebook", "assessor", "answers"):
        if key not in doc:
            problems.append(
                InvalidAnswerError(_("{source}: missing key {key!r}").format(source=where, key=key), code="missing-key")
            )
    answers = doc.get("answers", {})
    if not isinstance(answers, Mapping):
        problems.append(
            InvalidAnswerError(
                _("{source}: key 'answers' must be an object of item code to answer").format(source=where),
                code="answers-not-an-object",
            )
        )
    for key in doc:
        if key not in _KEYS:
            problems.append(
                InvalidAnswerError(_("{source}: unknown key {key!r}").format(source=where, key=key), code="unknown-key")
            )
    rulebook = None
    if "rulebook" in doc:
        try:
            rulebook = load_rulebook(doc["rulebook"])
        except ZonaIntegritasError as exc:
            problems.append(InvalidAnswerError(f"{where}: {exc}", code=exc.code))
    if problems or rulebook is None:
        raise InvalidInputError(headline, problems, code="invalid-worksheet-file")
    return Worksheet.from_answers(rulebook, answers, assessor=doc["assessor"], source=where)


def read_worksheet_json(path: str | Path) -> Worksheet:
    """Read a worksheet file; a malformed file raises :class:`InvalidInputError` naming the file."""
    from .safejson import read_json_file

    path = Path(path)
    doc = read_json_file(path)  # bounded size, depth and numbers; duplicate keys refused
    return worksheet_from_document(doc, source=str(path))


def worksheet_to_document(worksheet: Worksheet, **extra: Any) -> dict[str, Any]:
    """The JSON document of a worksheet (``extra`` adds ``unit``, ``year``…).

    >>> from zona_integritas import load_rulebook
    >>> ws = Worksheet.from_answers(load_rulebook("permenpanrb-90-2021"), {"H1.a": "3,6"}, assessor="tpi")
    >>> worksheet_to_document(ws)["answers"]
    {'H1.a': '3.6'}
    """
    answers = {code: _plain(value) for code, value in worksheet.to_answers().items()}
    return {"rulebook": worksheet.rulebook.id, "assessor": worksheet.assessor.value, **extra, "answers": answers}


def _plain(value: Any) -> Any:
    from decimal import Decimal

    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value
