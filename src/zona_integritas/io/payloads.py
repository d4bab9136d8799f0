"""JSON for every value a user stores or sends, through one cattrs converter kept out of the domain.

A payload is ``{"schema": "zona-integritas/1", "type": ..., "data": ...}``. Types: ``rulebook`` (a
reference: id and digest), ``worksheet`` (answers with notes and evidence), ``score_card``,
``verdict``, ``eligibility``, ``ikm``, ``perception`` (survey results) and ``journey`` (with its
events). ``loads(dumps(x)) == x`` for all of them. Unknown keys and wrong types are rejected with the
JSON path of each problem, all at once.

>>> import zona_integritas as zi
>>> from zona_integritas import examples
>>> ws = examples.kediri_worksheet_2022()
>>> text = dumps(ws)
>>> loads(text) == ws
True
>>> loads('{"schema": "zona-integritas/1", "type": "verdict", "data": {"target": "WBK", "colour": 1}}')
Traceback (most recent call last):
...
zona_integritas.errors.InvalidInputError: JSON payload has problems (5):
  - required field missing @ $.data.rulebook
  ...
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar

import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError
from cattrs.preconf.json import make_converter

from ..decimals import parse_decimal
from ..errors import InvalidAnswerError, InvalidInputError, InvalidValueError, TransitionError, ZonaIntegritasError
from ..events import EVENT_TYPES
from ..i18n import N_
from ..i18n import gettext as _
from ..inputs import echo
from ..journey import Journey, ProposalWindow
from ..review import Review
from ..rulebook import Rulebook, registered_rulebook
from ..rulebook_loader import load_rulebook
from ..scoring import ScoreCard, UnansweredPolicy, score
from ..survey import IkmResult, PerceptionResult
from ..verdict import Verdict
from ..worksheet import Worksheet
from .worksheet_file import worksheet_to_document

__all__ = ["SCHEMA", "TYPES", "converter", "dumps", "from_payload", "loads", "to_payload"]

#: The schema version carried by every payload.
SCHEMA = "zona-integritas/1"

T = TypeVar("T")
_FRACTION = re.compile(r"-?[0-9]{1,20}(?:/[0-9]{1,20})?", re.ASCII)


def _eligibility_type() -> type:
    from ..eligibility import EligibilityReport

    return EligibilityReport


#: Payload type names and the classes they carry.
TYPES: dict[str, type] = {
    "rulebook": Rulebook,
    "worksheet": Worksheet,
    "score_card": ScoreCard,
    "verdict": Verdict,
    "eligibility": _eligibility_type(),
    "ikm": IkmResult,
    "perception": PerceptionResult,
    "journey": Journey,
    "review": Review,
}


class _PayloadError(ValueError):
    """A problem found by a hook, with messages relative to the value being converted."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _rulebook_from(data: Any, _type: Any) -> Rulebook:
    if not isinstance(data, dict) or set(data) - {"id", "digest"} or "id" not in data:
        raise _PayloadError([_("a rulebook reference is {shape}").format(shape='{"id": ..., "digest": ...}')])
    digest = data.get("digest")
    # the exact content first (a city's variant may have been registered in several versions), then by id
    exact = registered_rulebook(data["id"], digest) if isinstance(data["id"], str) and digest else None
    if exact is not None:
        return exact
    try:
        rulebook = load_rulebook(data["id"], warn_superseded=False)
    except ZonaIntegritasError as exc:
        raise _PayloadError([str(exc)]) from None
    if digest is not None and digest != rulebook.digest:
        raise _PayloadError(
            [
                _(
                    "rulebook {rulebook!r} differs from the one the payload was made with (its digest does not match)"
                ).format(rulebook=rulebook.id)
            ]
        )
    return rulebook


def _worksheet_from(data: Any, _type: Any) -> Worksheet:
    if not isinstance(data, dict):
        raise _PayloadError([_("a worksheet is an object")])
    problems = [
        _("unknown key {key!r}").format(key=key) for key in data if key not in ("rulebook", "assessor", "answers")
    ]
    problems += [
        _("missing key {key!r}").format(key=key) for key in ("rulebook", "assessor", "answers") if key not in data
    ]
    if "rulebook" not in data or "answers" not in data:
        raise _PayloadError(problems)
    rulebook = _rulebook_from(data["rulebook"], None)
    if not isinstance(data["answers"], dict):
        raise _PayloadError([*problems, _("'answers' is an object of item code to answer")])
    try:
        who = data.get("assessor")
        worksheet = Worksheet.from_answers(rulebook, data["answers"], assessor=who)  # type: ignore[arg-type]
    except InvalidInputError as exc:
        raise _PayloadError(problems + exc.problems) from None
    if problems:
        raise _PayloadError(problems)
    return worksheet


def _worksheet_to(ws: Worksheet) -> dict[str, Any]:
    doc = worksheet_to_document(ws)
    return {
        "rulebook": {"id": ws.rulebook.id, "digest": ws.rulebook.digest},
        "assessor": doc["assessor"],
        "answers": doc["answers"],
    }


def _card_to(card: ScoreCard) -> dict[str, Any]:
    out = {
        "worksheet": _worksheet_to(card.worksheet),
        "unanswered_policy": card.policy.value,
        "total": str(card.value("total")),
    }
    overridden = {u.item: u.policy for u in card.zero_denominator if u.overridden}
    if overridden:  # only when score() was given a zero-denominator override
        out["zero_denominator"] = overridden
    return out


def _card_from(data: Any, _type: Any) -> ScoreCard:
    keys = {"worksheet", "unanswered_policy", "total"}
    if not isinstance(data, dict) or not keys <= set(data) <= keys | {"zero_denominator"}:
        raise _PayloadError(
            [
                _("a score card is {shape}").format(
                    shape='{"worksheet", "unanswered_policy", "total"[, "zero_denominator"]}'
                )
            ]
        )

    worksheet = _worksheet_from(data["worksheet"], None)
    try:
        policy = UnansweredPolicy(data["unanswered_policy"])
    except ValueError:
        got = data["unanswered_policy"]
        raise _PayloadError(
            [_("unanswered_policy must be 'zero' or 'skip', got {value!r}").format(value=got)]
        ) from None
    try:
        card = score(worksheet, unanswered=policy, zero_denominator=data.get("zero_denominator"), quiet=True)
    except InvalidValueError as exc:
        raise _PayloadError([str(exc)]) from None
    if str(card.value("total")) != data["total"]:
        raise _PayloadError(
            [
                _("the total {total!r} differs from the recomputed {recomputed}").format(
                    total=data["total"], recomputed=card.value("total")
                )
            ]
        )
    return card


def _journey_to(journey: Journey) -> dict[str, Any]:
    return {
        "unit": journey.unit,
        "rulebook": {"id": journey.rulebook.id, "digest": journey.rulebook.digest},
        "windows": {
            str(year): {"opens": None if w.opens is None else w.opens.isoformat(), "closes": w.closes.isoformat()}
            for year, w in sorted(journey.windows.items())
        },
        "events": [{"kind": e.kind, **converter.unstructure(e)} for e in journey.events],
    }


def _journey_from(data: Any, _type: Any) -> Journey:
    if not isinstance(data, dict) or set(data) != {"unit", "rulebook", "windows", "events"}:
        raise _PayloadError([_("a journey is {shape}").format(shape='{"unit", "rulebook", "windows", "events"}')])
    rulebook = _rulebook_from(data["rulebook"], None)
    problems: list[str] = []
    windows: dict[int, ProposalWindow] = {}
    for year, window in (data["windows"] or {}).items():
        try:
            windows[int(year)] = ProposalWindow(window["closes"], window.get("opens"))
        except (KeyError, TypeError, ValueError, ZonaIntegritasError) as exc:
            problems.append(f"windows.{year}: {exc}")
    events = _events_from(data["events"], EVENT_TYPES, N_("event"), problems)
    if problems:
        raise _PayloadError(problems)
    try:
        return Journey.replay(data["unit"], rulebook, events, windows)
    except TransitionError as exc:
        raise _PayloadError([str(exc)]) from None


def _events_from(raw_events: Any, types: Mapping[str, type[Any]], what: str, problems: list[str]) -> list[Any]:
    """Events from their JSON objects (``{"kind": ..., ...}``); every problem is added to ``problems``."""
    events: list[Any] = []
    for i, raw in enumerate(raw_events):
        if not isinstance(raw, dict) or raw.get("kind") not in types:
            kind = raw.get("kind") if isinstance(raw, dict) else raw
            problems.append(_("events[{index}]: unknown {what} kind {kind!r}").format(index=i, what=_(what), kind=kind))
            continue
        body = {k: v for k, v in raw.items() if k != "kind"}
        try:
            events.append(converter.structure(body, types[raw["kind"]]))
        except (ClassValidationError, IterableValidationError, ForbiddenExtraKeysError) as exc:
            problems += [f"{m} (events[{i}])" for m in _messages(exc, "$")]
        except (_PayloadError, ZonaIntegritasError, ValueError, TypeError) as exc:
            problems.append(f"events[{i}]: {exc}")
    return events


def _review_to(review: Review) -> dict[str, Any]:
    return {
        "rulebook": {"id": review.rulebook.id, "digest": review.rulebook.digest},
        "events": [{"kind": e.kind, **converter.unstructure(e)} for e in review.events],
    }


def _review_from(data: Any, _type: Any) -> Review:
    from ..review_events import REVIEW_EVENT_TYPES

    if not isinstance(data, dict) or set(data) != {"rulebook", "events"} or not isinstance(data["events"], list):
        raise _PayloadError([_("a review is {shape}").format(shape='{"rulebook", "events": [...]}')])
    rulebook = _rulebook_from(data["rulebook"], None)
    problems: list[str] = []
    events = _events_from(data["events"], REVIEW_EVENT_TYPES, N_("review event"), problems)
    if problems:
        raise _PayloadError(problems)
    try:
        return Review.replay(events, rulebook=rulebook)
    except (TransitionError, InvalidAnswerError) as exc:
        raise _PayloadError([str(exc)]) from None


def _make() -> cattrs.Converter:
    c = make_converter(forbid_extra_keys=True, detailed_validation=True)
    c.register_structure_hook(str, _strict(str, N_("expected a string, got {value!r}")))
    c.register_structure_hook(int, _strict(int, N_("expected a whole number, got {value!r}")))
    c.register_structure_hook(bool, _strict(bool, N_("expected true or false, got {value!r}")))
    c.register_unstructure_hook(Decimal, str)
    c.register_structure_hook(Decimal, lambda v, _type: _decimal(v))
    c.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    c.register_structure_hook(dt.date, lambda v, _type: dt.date.fromisoformat(v))
    c.register_unstructure_hook(Fraction, lambda f: f"{f.numerator}/{f.denominator}")
    c.register_structure_hook(Fraction, lambda v, _type: _fraction(v))
    c.register_unstructure_hook(Rulebook, lambda r: {"id": r.id, "digest": r.digest})
    c.register_structure_hook(Rulebook, _rulebook_from)
    c.register_unstructure_hook(Worksheet, _worksheet_to)
    c.register_structure_hook(Worksheet, _worksheet_from)
    c.register_unstructure_hook(ScoreCard, _card_to)
    c.register_structure_hook(ScoreCard, _card_from)
    c.register_unstructure_hook(Journey, _journey_to)
    c.register_structure_hook(Journey, _journey_from)
    c.register_unstructure_hook(Review, _review_to)
    c.register_structure_hook(Review, _review_from)
    return c


def _strict(kind: type, message: str) -> Any:
    def check(value: Any, _type: Any) -> Any:
        if type(value) is not kind:
            raise ValueError(_(message).format(value=value))
        return value

    return check


def _fraction(value: Any) -> Fraction:
    if not isinstance(value, str) or not _FRACTION.fullmatch(value):
        raise ValueError(
            _("a fraction is written as a string 'n/d' of whole numbers, got {value}").format(value=echo(value))
        )
    return Fraction(value)


def _decimal(value: Any) -> Decimal:
    if not isinstance(value, str):
        raise ValueError(_("a decimal number is written as a string, got {value!r}").format(value=value))
    return parse_decimal(value)  # bounded: a huge exponent is refused before any arithmetic


#: The converter (cattrs) used for every payload.
converter = _make()


def _format(exc: BaseException, _type: Any) -> str:
    if isinstance(exc, _PayloadError):
        return "; ".join(exc.problems)
    if isinstance(exc, KeyError):
        return _("required field missing")
    if isinstance(exc, ForbiddenExtraKeysError):
        return _("extra fields found ({fields})").format(fields=", ".join(sorted(exc.extra_fields)))
    if isinstance(exc, ValueError | TypeError) and str(exc):
        return _("invalid value ({problem})").format(problem=exc)
    return _("invalid value for type")


def _messages(exc: BaseException, path: str) -> list[str]:
    if isinstance(exc, ClassValidationError | IterableValidationError):
        return list(cattrs.transform_error(exc, path=path, format_exception=_format))
    return [f"{_format(exc, None)} @ {path}"]


def to_payload(value: Any) -> dict[str, Any]:
    """The payload (a JSON-ready dict) of a supported value."""
    for name, cls in TYPES.items():
        if isinstance(value, cls):
            return {"schema": SCHEMA, "type": name, "data": converter.unstructure(value, cls)}
    raise InvalidAnswerError(
        _("cannot write {kind} as JSON; supported: {kinds}").format(kind=type(value).__name__, kinds=", ".join(TYPES)),
        code="unsupported-type",
    )


def from_payload(payload: Any, *, expect: type[T] | None = None) -> Any:
    """The value of a payload; every problem is reported with its JSON path."""
    headline = _("JSON payload has problems")
    if not isinstance(payload, dict):
        raise InvalidInputError(
            headline,
            [InvalidAnswerError(_("expected an object @ {path}").format(path="$"), code="invalid-payload")],
            code="invalid-payload",
        )
    problems = []
    if payload.get("schema") != SCHEMA:
        problems.append(
            _("schema must be {schema!r}, got {value!r} @ {path}").format(
                schema=SCHEMA, value=payload.get("schema"), path="$.schema"
            )
        )
    kind = payload.get("type")
    if not isinstance(kind, str) or kind not in TYPES:
        problems.append(
            _("type must be one of {types}, got {value!r} @ {path}").format(
                types=", ".join(TYPES), value=kind, path="$.type"
            )
        )
    extra = set(payload) - {"schema", "type", "data"}
    if extra:
        problems.append(_("extra fields found ({fields}) @ {path}").format(fields=", ".join(sorted(extra)), path="$"))
    if "data" not in payload:
        problems.append(_("required field missing @ {path}").format(path="$.data"))
    if problems:
        raise InvalidInputError(
            headline, [InvalidAnswerError(p, code="invalid-payload") for p in problems], code="invalid-payload"
        )
    cls = TYPES[str(kind)]
    if expect is not None and cls is not expect:
        raise InvalidInputError(
            headline,
            [
                InvalidAnswerError(
                    _("expected a {expected} payload, got type {value!r} @ {path}").format(
                        expected=expect.__name__, value=kind, path="$.type"
                    ),
                    code="unexpected-payload-type",
                )
            ],
            code="invalid-payload",
        )
    try:
        return converter.structure(payload["data"], cls)
    except (ClassValidationError, IterableValidationError) as exc:
        messages = _messages(exc, "$.data")
    except _PayloadError as exc:
        messages = [f"{p} @ $.data" for p in exc.problems]
    except (ValueError, TypeError, KeyError, AttributeError, ArithmeticError, RecursionError) as exc:
        messages = [f"{_format(exc, None)} @ $.data"]
    raise InvalidInputError(
        headline, [InvalidAnswerError(m, code="invalid-payload") for m in messages], code="invalid-payload"
    )


def dumps(value: Any, *, indent: int | None = None) -> str:
    """The JSON text of a supported value."""
    return json.dumps(to_payload(value), ensure_ascii=False, indent=indent)


def loads(text: str | bytes, *, expect: type[T] | None = None) -> Any:
    """The value of a JSON payload; malformed JSON and every bad field are reported with paths."""
    from .safejson import parse_json

    payload = parse_json(text, source=_("not valid JSON"), message=_("JSON payload has problems"))  # bounded
    return from_payload(payload, expect=expect)
