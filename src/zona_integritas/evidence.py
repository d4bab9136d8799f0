"""Evidence (*bukti dukung*): what an inspectorate expects per item, and how complete a review's evidence is.

PermenPANRB 90/2021 lists no documents per LKE item; an inspectorate writes its own
:class:`EvidenceRequirements` as a small TOML file (the library ships one **example, written by us and not
official**: ``example-inspektorat``). Evidence references are recorded in a review
(:meth:`zona_integritas.review.Review.add_evidence`); an answer's own ``evidence`` text counts as one reference.

>>> from zona_integritas import examples
>>> req = load_requirements("example-inspektorat")
>>> req.official, req.documents("P1.iv.b")
(False, ('SK agen perubahan', 'Laporan kegiatan agen perubahan'))
>>> report = completeness(examples.kediri_review_2022(), req)
>>> report.item("P1.i.a").provided, report.item("P1.i.a").required
(1, 1)
>>> report.node("A1").provided, report.node("A1").required
(1, 19)
"""

from __future__ import annotations

import importlib.resources
import tomllib
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from .decimals import CONTEXT
from .errors import InvalidInputError, RulebookError, UnknownItemError
from .i18n import gettext as _
from .i18n import ngettext, use_language
from .labels import Label
from .review import Review
from .rulebook import ItemCode, Rulebook
from .rulebook_loader import load_rulebook
from .worksheet import Worksheet

__all__ = [
    "EvidenceCompleteness",
    "EvidenceReport",
    "EvidenceRequirements",
    "available_requirements",
    "completeness",
    "items_to_recheck",
    "items_without_evidence",
    "load_requirements",
    "requirements_from_toml",
]

_PACKAGE_DIR = "evidence_requirements"


@attrs.frozen(repr=False)
class EvidenceRequirements:
    """The documents an inspectorate expects per item; items not listed expect ``unlisted`` references."""

    id: str
    label: Label
    rulebook: Rulebook
    items: Mapping[str, tuple[str, ...]] = attrs.field(hash=False)
    unlisted: int = 1
    official: bool = False
    source: str = ""

    def __repr__(self) -> str:
        """One line: the id, the rulebook and how many items name their documents (current language)."""
        listed = ngettext("{n} item listed", "{n} items listed", len(self.items)).format(n=len(self.items))
        return f"<EvidenceRequirements {self.id} ({self.rulebook.id}): {listed}>"

    def documents(self, item: str) -> tuple[str, ...]:
        """The named documents expected for ``item`` (empty when the item is not listed)."""
        self.rulebook.item(item)
        return self.items.get(item, ())

    def required(self, item: str) -> int:
        """How many references ``item`` needs."""
        named = self.documents(item)
        return len(named) if named else self.unlisted


def available_requirements() -> tuple[str, ...]:
    """The ids of the requirement files shipped with the library (examples only).

    >>> available_requirements()
    ('example-inspektorat',)
    """
    folder = importlib.resources.files("zona_integritas").joinpath(_PACKAGE_DIR)
    return tuple(sorted(p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml")))


def load_requirements(requirements_id: str) -> EvidenceRequirements:
    """A requirements file shipped with the library, by id.

    >>> load_requirements("example-inspektorat").required("P1.i.b")
    2
    """
    if requirements_id not in available_requirements():
        known = ", ".join(available_requirements())
        raise UnknownItemError(
            _("There are no evidence requirements {id}; available: {known}").format(
                id=repr(requirements_id), known=known
            ),
            code="unknown-evidence-requirements",
        )
    folder = importlib.resources.files("zona_integritas").joinpath(_PACKAGE_DIR)
    text = folder.joinpath(f"{requirements_id}.toml").read_text("utf-8")
    return requirements_from_toml(text, source=f"{requirements_id}.toml")


def requirements_from_toml(text: str, *, source: str = "<string>") -> EvidenceRequirements:
    """Requirements from TOML text; every problem is reported at once, naming ``source`` and the key.

    >>> requirements_from_toml('id = "x"\\nlabel = {id = "x", en = "x"}\\nrulebook = "permenpanrb-90-2021"\\n'
    ...                        '[items."Z.9"]\\ndocuments = []', source="mine.toml")
    Traceback (most recent call last):
    ...
    zona_integritas.errors.InvalidInputError: Evidence requirements mine.toml have problems (2):
      - mine.toml: items.Z.9: rulebook 'permenpanrb-90-2021' has no such item
      - mine.toml: items.Z.9.documents must be a non-empty list of document names
    """
    problems: list[str] = []
    heading = _("Evidence requirements {source} have problems").format(source=source)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInputError(
            heading,
            [RulebookError(_("{where}: not valid TOML: {error}").format(where=source, error=exc), code="bad-toml")],
        ) from None
    extra = sorted(set(data) - {"id", "label", "source", "official", "rulebook", "unlisted", "items"})
    if extra:
        problems.append(_("{where}: unknown keys {keys}").format(where=source, keys=", ".join(extra)))
    label = data.get("label")
    if not (isinstance(label, dict) and set(label) == {"id", "en"} and all(isinstance(v, str) for v in label.values())):
        problems.append(_('{where}: label is {{ id = "...", en = "..." }}').format(where=source))
        label = {"id": "?", "en": "?"}
    try:
        rulebook = load_rulebook(str(data.get("rulebook")), warn_superseded=False)
    except LookupError as exc:
        raise InvalidInputError(heading, [RulebookError(f"{source}: {exc}", code="unknown-rulebook")]) from None
    unlisted = data.get("unlisted", 1)
    if isinstance(unlisted, bool) or not isinstance(unlisted, int) or unlisted < 0:
        problems.append(
            _("{where}: unlisted must be a whole number >= 0; got {value}").format(where=source, value=repr(unlisted))
        )
        unlisted = 1
    items: dict[str, tuple[str, ...]] = {}
    raw_items = data.get("items", {})
    for code, body in raw_items.items() if isinstance(raw_items, dict) else ():
        if not rulebook.has_item(code):
            problems.append(
                _("{where}: items.{code}: rulebook {rulebook} has no such item").format(
                    where=source, code=code, rulebook=repr(rulebook.id)
                )
            )
        docs = body.get("documents") if isinstance(body, dict) else None
        if not isinstance(docs, list) or not docs or not all(isinstance(d, str) and d.strip() for d in docs):
            problems.append(
                _("{where}: items.{code}.documents must be a non-empty list of document names").format(
                    where=source, code=code
                )
            )
            continue
        items[code] = tuple(d.strip() for d in docs)
    if not isinstance(data.get("id"), str):
        problems.append(_("{where}: 'id' must be a text").format(where=source))
    if problems:
        raise InvalidInputError(heading, [RulebookError(p, code="bad-evidence-requirements") for p in problems])
    ordered = {str(c): items[c] for c in rulebook.item_codes if c in items}
    return EvidenceRequirements(
        str(data["id"]),
        Label(label["id"], label["en"]),
        rulebook,
        ordered,
        unlisted,
        bool(data.get("official", False)),
        str(data.get("source", "")),
    )


@attrs.frozen
class EvidenceCompleteness:
    """Evidence of one item or one node: references provided (capped per item) out of those required."""

    code: str
    provided: int
    required: int
    missing: tuple[str, ...] = ()

    @property
    def ratio(self) -> Decimal:
        """Provided ÷ required (1 when nothing is required)."""
        return CONTEXT.divide(Decimal(self.provided), Decimal(self.required)) if self.required else Decimal(1)

    @property
    def is_complete(self) -> bool:
        """Whether every required reference is there."""
        return self.provided >= self.required


@attrs.frozen(repr=False)
class EvidenceReport:
    """Evidence completeness per item, and summed per indicator, area and in total."""

    items: tuple[EvidenceCompleteness, ...]
    nodes: tuple[EvidenceCompleteness, ...]

    def __repr__(self) -> str:
        """One line: references provided of those required, and how many items miss some (current language)."""
        total = self.node("total")
        n = len(self.incomplete)
        incomplete = ngettext("{n} item incomplete", "{n} items incomplete", n).format(n=n)
        figures = _("{provided} of {required} references").format(provided=total.provided, required=total.required)
        return f"<EvidenceReport: {figures}, {incomplete}>"

    def item(self, code: str) -> EvidenceCompleteness:
        """One item's completeness."""
        for entry in self.items:
            if entry.code == code:
                return entry
        raise UnknownItemError(
            _("There is no item {code} in the evidence report").format(code=repr(code)), code="unknown-item"
        )

    def node(self, code: str) -> EvidenceCompleteness:
        """An indicator's (``"P1.i"``), an area's (``"A1"``) or the total's (``"total"``) completeness."""
        for entry in self.nodes:
            if entry.code == code:
                return entry
        raise UnknownItemError(
            _("There is no node {code} in the evidence report").format(code=repr(code)), code="unknown-node"
        )

    @property
    def incomplete(self) -> tuple[EvidenceCompleteness, ...]:
        """The items missing evidence."""
        return tuple(e for e in self.items if not e.is_complete)


def _references(review: Review, worksheet: Worksheet, code: str) -> tuple[int, set[str]]:
    """(references without a named requirement, named requirements met) for an item."""
    unnamed, named = 0, set()
    for ref in review.evidence_for(code):
        if ref.requirement:
            named.add(ref.requirement.casefold())
        else:
            unnamed += 1
    answer = worksheet.answer(code)
    if answer is not None and answer.evidence:
        unnamed += 1
    return unnamed, named


def completeness(
    review: Review, requirements: EvidenceRequirements, *, tier: str | None = None, language: str | None = None
) -> EvidenceReport:
    """How complete the review's evidence is against ``requirements``, per item and summed per indicator,
    area and in total. References that name a document meet that document; others fill any slot. ``tier``
    picks the worksheet whose ``evidence`` texts also count (default: the furthest submitted tier). A slot any
    document fills is listed as missing "(any document)" in the language (``language=``, the current one by
    default).

    >>> from zona_integritas import examples
    >>> report = completeness(examples.kediri_review_2022(), load_requirements("example-inspektorat"))
    >>> report.item("P1.iv.b").missing
    ('SK agen perubahan', 'Laporan kegiatan agen perubahan')
    """
    if requirements.rulebook != review.rulebook:
        raise InvalidInputError(
            _("The evidence requirements do not fit the review"),
            [
                RulebookError(
                    _("requirements for {required}, review of {reviewed}").format(
                        required=repr(requirements.rulebook.id), reviewed=repr(review.rulebook.id)
                    ),
                    code="rulebook-mismatch",
                )
            ],
        )
    worksheet = review.tier_worksheet(tier) if tier else review.final_worksheet
    assert worksheet is not None
    items: list[EvidenceCompleteness] = []
    per_item: dict[str, EvidenceCompleteness] = {}
    for code in review.rulebook.item_codes:
        unnamed, named = _references(review, worksheet, code)
        documents = requirements.documents(code)
        required = requirements.required(code)
        if documents:
            met = [d for d in documents if d.casefold() in named]
            open_docs = [d for d in documents if d.casefold() not in named]
            filled = min(len(open_docs), unnamed)
            missing = tuple(open_docs[filled:])
            provided = len(met) + filled
        else:
            provided = min(required, unnamed + len(named))
            with use_language(language):
                missing = (_("(any document)"),) * (required - provided)
        entry = EvidenceCompleteness(code, provided, required, missing)
        items.append(entry)
        per_item[code] = entry
    nodes = []
    rb = review.rulebook
    for ind in rb.indicators:
        codes = [i.code for i in ind.walk_items()]
        nodes.append(_sum(ind.code, [per_item[c] for c in codes]))
    for area in rb.areas:
        codes = [i.code for half in area.halves for ind in half.indicators for i in ind.walk_items()]
        nodes.append(_sum(area.code, [per_item[c] for c in codes]))
    nodes.append(_sum("total", items))
    return EvidenceReport(tuple(items), tuple(nodes))


def _sum(code: str, entries: list[EvidenceCompleteness]) -> EvidenceCompleteness:
    return EvidenceCompleteness(code, sum(e.provided for e in entries), sum(e.required for e in entries))


def items_without_evidence(review: Review, *, tier: str | None = None) -> tuple[ItemCode, ...]:
    """Items answered in the tier's worksheet (default: the furthest submitted) with no evidence at all.

    >>> from zona_integritas import examples
    >>> len(items_without_evidence(examples.kediri_review_2022()))
    110
    """
    worksheet = review.tier_worksheet(tier) if tier else review.final_worksheet
    assert worksheet is not None
    out = []
    for code, answer in worksheet.answers.items():
        if answer.value is not None and not answer.evidence and not review.evidence_for(code):
            out.append(code)
    return tuple(out)


def items_to_recheck(review: Review, tier: str) -> tuple[ItemCode, ...]:
    """Items to re-check in a new round of ``tier``: evidence added, or answers revised, after the tier last
    submitted (pass them as the ``scope`` of :meth:`Review.open`).

    >>> from zona_integritas import examples
    >>> r = examples.kediri_review_2022().add_evidence("P1.iv.b", on="2022-04-12", file_name="SK-agen.pdf")
    >>> items_to_recheck(r, "tpi")
    ('P1.iv.b',)
    """
    rounds = [r for r in review.rounds_of(tier) if r.submitted_on is not None]
    if not rounds:
        return ()
    since = rounds[-1].submitted_on
    assert since is not None
    touched: set[str] = {e.item for e in review.evidence if e.added_on > since}
    for rnd in review.rounds:
        for revision in rnd.revisions:
            if revision.on > since:
                touched.update(c for c, _answer in revision.answers)
    return tuple(c for c in review.rulebook.item_codes if c in touched)


def _evidence_json(report: EvidenceReport) -> dict[str, Any]:
    return {
        "items": [
            {"item": e.code, "provided": e.provided, "required": e.required, "missing": list(e.missing)}
            for e in report.items
        ],
        "nodes": [{"node": e.code, "provided": e.provided, "required": e.required} for e in report.nodes],
    }
