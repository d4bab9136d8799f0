"""Reading untrusted JSON: bounded size, depth and numbers; duplicate keys and unfit text refused.

Every JSON reader of the library goes through :func:`parse_json` (text already in memory) or
:func:`read_json_file` (a file). They refuse, all problems at once and naming the source:

- a file larger than :data:`MAX_JSON_BYTES`, or bytes that are not UTF-8 (with the byte offset);
- malformed JSON (with line and column), nesting deeper than :data:`MAX_DEPTH`;
- an object with the same key twice (the standard library would keep the last one silently);
- an integer literal longer than :data:`MAX_INTEGER_DIGITS` digits, ``NaN`` and ``Infinity``;
- strings with lone surrogates or control characters (:func:`zona_integritas.inputs.text_problem`).

>>> parse_json('{"a": 1, "a": 2}', source="x.json")
Traceback (most recent call last):
...
zona_integritas.errors.InvalidInputError: x.json is not valid JSON (1):
  - x.json: duplicate key 'a' @ $
>>> parse_json('{"answers": {"H1.a": "3,6"}}', source="x.json")
{'answers': {'H1.a': '3,6'}}
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import InvalidAnswerError, InvalidInputError
from ..i18n import N_, format_integer
from ..i18n import gettext as _
from ..inputs import echo, text_problem

__all__ = ["MAX_DEPTH", "MAX_INTEGER_DIGITS", "MAX_JSON_BYTES", "parse_json", "read_json_file"]

#: A JSON file larger than this is refused before it is read (the 2026 PortalRB master is 356 KB).
MAX_JSON_BYTES = 25 * 1024 * 1024
#: Objects and arrays nested deeper than this are refused (the library's documents nest 6 deep at most).
MAX_DEPTH = 64
#: An integer literal with more digits than this is refused before it is converted.
MAX_INTEGER_DIGITS = 20


#: The messages of Python's JSON parser, in words the library translates (others are shown as Python gives them).
_JSON_ERRORS = {
    "Expecting value": N_("a value is expected"),
    "Expecting property name enclosed in double quotes": N_("a key in double quotes is expected"),
    "Expecting ',' delimiter": N_("a comma is expected"),
    "Expecting ':' delimiter": N_("a colon is expected"),
    "Extra data": N_("there is more text after the JSON value"),
    "Unterminated string starting at": N_("a string is not closed"),
    "Invalid control character at": N_("a string holds a control character"),
    "Invalid \\escape": N_("a string holds an invalid escape"),
    "Illegal trailing comma before end of object": N_("a comma ends an object"),
    "Illegal trailing comma before end of array": N_("a comma ends a list"),
}


class _Dupes(dict[str, Any]):
    """An object that had duplicate keys (marked for the walk that reports them with their path)."""

    duplicates: list[str]


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    dupes: list[str] = []
    for key, value in pairs:
        if key in out:
            dupes.append(key)
        out[key] = value
    if dupes:
        marked = _Dupes(out)
        marked.duplicates = dupes
        return marked
    return out


def _problems(doc: Any) -> list[str]:
    """Walk the parsed document without recursion: depth, duplicate keys, unfit text."""
    problems: list[str] = []
    stack: list[tuple[Any, str, int]] = [(doc, "$", 0)]
    while stack and len(problems) < 100:
        node, path, depth = stack.pop()
        if isinstance(node, str):
            problem = text_problem(node)
            if problem is not None:
                problems.append(_("the text at {path} {problem}").format(path=path, problem=problem))
        elif isinstance(node, dict):
            if depth >= MAX_DEPTH:
                problems.append(_("nested more than {limit} levels deep @ {path}").format(limit=MAX_DEPTH, path=path))
                continue
            if isinstance(node, _Dupes):
                problems += [_("duplicate key {key} @ {path}").format(key=echo(k), path=path) for k in node.duplicates]
            for key, value in reversed(node.items()):
                problem = text_problem(key)
                if problem is not None:
                    problems.append(
                        _("the key {key} at {path} {problem}").format(key=echo(key), path=path, problem=problem)
                    )
                stack.append((value, f"{path}.{key}" if len(key) <= 40 else f"{path}.{key[:39]}…", depth + 1))
        elif isinstance(node, list):
            if depth >= MAX_DEPTH:
                problems.append(_("nested more than {limit} levels deep @ {path}").format(limit=MAX_DEPTH, path=path))
                continue
            stack.extend((value, f"{path}[{i}]", depth + 1) for i, value in reversed(list(enumerate(node))))
    return problems


def parse_json(text: str | bytes, *, source: str = "<json>", message: str | None = None) -> Any:
    """The parsed JSON document of ``text``; every problem raises one :class:`InvalidInputError` naming ``source``.

    ``message`` is the error's headline (default: "``source`` is not valid JSON").
    """
    where = source

    def fail(messages: list[str]) -> InvalidInputError:
        return InvalidInputError(
            message or _("{source} is not valid JSON").format(source=where),
            [InvalidAnswerError(f"{where}: {m}", code="invalid-json") for m in messages],
            code="invalid-json",
        )

    if isinstance(text, bytes | bytearray):
        if len(text) > MAX_JSON_BYTES:
            raise fail([_too_large(len(text))])
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise fail(
                [_("not UTF-8 text (byte {offset}: {reason})").format(offset=exc.start, reason=exc.reason)]
            ) from None
    elif len(text) > MAX_JSON_BYTES:
        raise fail(
            [
                _("{size} characters, more than the limit of {limit}").format(
                    size=format_integer(len(text)), limit=format_integer(MAX_JSON_BYTES)
                )
            ]
        )
    numbers: list[str] = []

    def parse_int(literal: str) -> int:
        if len(literal.lstrip("-")) > MAX_INTEGER_DIGITS:
            numbers.append(
                _("an integer of {digits} digits is too large (at most {limit})").format(
                    digits=format_integer(len(literal)), limit=MAX_INTEGER_DIGITS
                )
            )
            return 0
        return int(literal)

    def parse_constant(name: str) -> Any:
        numbers.append(_("{name} is not a number JSON allows").format(name=name))
        return None

    try:
        doc = json.loads(text, object_pairs_hook=_object, parse_int=parse_int, parse_constant=parse_constant)
    except json.JSONDecodeError as exc:
        raise fail(
            [
                _("line {line}, column {column}: {error}").format(
                    line=exc.lineno,
                    column=exc.colno,
                    error=_(_JSON_ERRORS[exc.msg]) if exc.msg in _JSON_ERRORS else exc.msg,
                )
            ]
        ) from None
    except RecursionError:
        raise fail([_("nested too deeply (more than {limit} levels)").format(limit=MAX_DEPTH)]) from None
    problems = numbers + _problems(doc)
    if problems:
        raise fail(problems)
    return doc


def read_json_file(path: str | Path) -> Any:
    """The parsed JSON document of a file, checked as :func:`parse_json` does; the size is checked first."""
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_JSON_BYTES:
        raise InvalidInputError(
            _("{source} is not valid JSON").format(source=path),
            [InvalidAnswerError(f"{path}: {_too_large(size)}", code="too-large")],
            code="invalid-json",
        )
    return parse_json(path.read_bytes(), source=str(path))


def _too_large(size: int) -> str:
    return _("{size} bytes, more than the limit of {limit}").format(
        size=format_integer(size), limit=format_integer(MAX_JSON_BYTES)
    )
