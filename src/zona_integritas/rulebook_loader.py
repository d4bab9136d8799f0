"""Reading and validating rulebook data files (TOML), and the rulebooks that ship with the library.

>>> from zona_integritas import available_rulebooks, load_rulebook
>>> "permenpanrb-90-2021" in available_rulebooks()
True
>>> rb = load_rulebook("permenpanrb-90-2021")
>>> len(rb.items), rb.total
(113, Decimal('100'))
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import importlib.resources
import tomllib
import warnings
from pathlib import Path

from ._loader_rules import RuleTables
from ._loader_structure import StructureTables
from .decimals import in_library_context
from .errors import RulebookError, SupersededRulebookWarning, UnknownRulebookError
from .i18n import format_date, ngettext
from .i18n import gettext as _
from .rulebook import (
    Rulebook,
    RulebookStatus,
    install_loader,
    register_rulebook,
    registered_rulebook,
)

__all__ = [
    "available_rulebooks",
    "load_rulebook",
    "register_rulebook",
    "registered_rulebook",
    "rulebook_from_toml",
    "rulebook_in_force",
]

_PACKAGE_DIR = "rulebooks"


@functools.cache
def available_rulebooks() -> tuple[str, ...]:
    """The ids of the rulebooks that ship with the library, sorted.

    >>> available_rulebooks()
    ('permenpanrb-52-2014', 'permenpanrb-90-2021')
    """
    folder = importlib.resources.files("zona_integritas").joinpath(_PACKAGE_DIR)
    return tuple(sorted(p.name[: -len(".toml")] for p in folder.iterdir() if p.name.endswith(".toml")))


@in_library_context
def load_rulebook(rulebook_id: str, *, warn_superseded: bool = True) -> Rulebook:
    """Load a shipped rulebook by id, e.g. ``"permenpanrb-90-2021"``, or one registered with
    :func:`register_rulebook` (a city's own variant).

    There is no implicit "latest": the caller names the regulation. Loading the rulebook of a
    superseded regulation works and emits :class:`SupersededRulebookWarning` (unless
    ``warn_superseded=False``).

    >>> load_rulebook("permenpanrb-90-2021").short
    'PermenPANRB 90/2021'
    >>> load_rulebook("kota-x-2024")
    Traceback (most recent call last):
    ...
    zona_integritas.errors.UnknownRulebookError: no rulebook 'kota-x-2024'; available: permenpanrb-52-2014, \
permenpanrb-90-2021 (a variant must be registered with register_rulebook first)
    """
    rulebook = registered_rulebook(rulebook_id) if isinstance(rulebook_id, str) else None
    if rulebook is None:
        raise UnknownRulebookError(
            _(
                "no rulebook {rulebook}; available: {available} (a variant must be registered with "
                "register_rulebook first)"
            ).format(rulebook=repr(rulebook_id), available=", ".join(available_rulebooks()))
        )
    if warn_superseded and rulebook.status is RulebookStatus.SUPERSEDED:
        if rulebook.superseded_by:
            message = _("rulebook {rulebook} ({short}) is superseded by {newer}; use it for legacy data only").format(
                rulebook=repr(rulebook.id), short=rulebook.short, newer=rulebook.superseded_by
            )
        else:
            message = _(
                "rulebook {rulebook} ({short}) is superseded by a newer regulation; use it for legacy data only"
            )
            message = message.format(rulebook=repr(rulebook.id), short=rulebook.short)
        if rulebook.in_force and rulebook.in_force.not_modelled:
            message = _("{message} ({note})").format(message=message, note=rulebook.in_force.not_modelled)
        warnings.warn(message, SupersededRulebookWarning, stacklevel=2)
    return rulebook


def rulebook_in_force(on: dt.date | str) -> Rulebook:
    """The shipped rulebook whose regulation was in force on ``on`` (a date or a date string).

    :func:`load_rulebook` stays explicit; this is for judging a past cycle by its own regulation. No
    superseded-rulebook warning is emitted: asking for a past date is asking for the old regulation.
    Dates before 52/2014 came into force (2 October 2014) raise :class:`UnknownRulebookError`.
    PermenPANRB 10/2019, which amended 52/2014 for the later cycles of its period, is not available: the
    52/2014 rulebook says so in its notes.

    >>> rulebook_in_force("6 Desember 2022").short
    'PermenPANRB 90/2021'
    >>> rulebook_in_force("2020-05-31").short
    'PermenPANRB 52/2014'
    """
    from .dates import parse_date

    day = on if isinstance(on, dt.date) else parse_date(on)
    found = [rb for rb in map(_load_shipped, available_rulebooks()) if rb.in_force and rb.in_force.covers(day)]
    if not found:
        raise UnknownRulebookError(
            _(
                "no shipped rulebook was in force on {date} (the earliest is PermenPANRB 52/2014, in force from "
                "{start})"
            ).format(date=format_date(day), start=format_date(dt.date(2014, 10, 2))),
            code="no-rulebook-in-force",
        )
    return found[0]


@functools.cache
def _load_shipped(rulebook_id: str) -> Rulebook:
    resource = importlib.resources.files("zona_integritas").joinpath(_PACKAGE_DIR, f"{rulebook_id}.toml")
    return rulebook_from_toml(resource.read_text(encoding="utf-8"), source=f"{rulebook_id}.toml")


@in_library_context
def rulebook_from_toml(text: str | Path, *, source: str | None = None) -> Rulebook:
    """Build a :class:`Rulebook` from TOML text (or a path), validating everything.

    All problems are reported at once in one :class:`RulebookError` whose message names the file
    (``source``) and the key of each problem. The rulebook is not registered: pass it to
    :func:`register_rulebook` to make it findable by id.

    >>> rulebook_from_toml('id = "x"', source="broken.toml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    zona_integritas.errors.RulebookError: broken.toml: ...
    """
    if isinstance(text, Path):
        source = source or str(text)
        text = text.read_text(encoding="utf-8")
    if not isinstance(text, str):
        raise RulebookError(
            _("rulebook_from_toml takes TOML text or a path; got {kind}").format(kind=type(text).__name__),
            code="not-toml-text",
        )
    source = source or "<string>"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulebookError(
            _("{source}: not valid TOML: {error}").format(source=source, error=exc), code="invalid-toml"
        ) from None
    except (ValueError, RecursionError) as exc:  # an integer of thousands of digits, arrays nested too deep
        raise RulebookError(
            _("{source}: not a readable rulebook ({error})").format(
                source=source, error=f"{type(exc).__name__}: {str(exc)[:120]}"
            ),
            code="invalid-toml",
        ) from None
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return _Builder(data, source, digest, text).build()


#: the 0.1 name of the shipped-rulebook cache (tests clear it to rebuild under another decimal context)
_load_cached = _load_shipped


def _rebuild(text: str, source: str) -> Rulebook:
    return rulebook_from_toml(text, source=source)


install_loader(_rebuild, available_rulebooks(), _load_shipped)


class _Builder(StructureTables, RuleTables):
    """Turns parsed TOML into a Rulebook, collecting every problem with its key."""

    def build(self) -> Rulebook:
        data = self.data
        if data.get("schema") != 1:
            self.problem("schema", _("expected 1, got {value}").format(value=repr(data.get("schema"))))
        rid = self.get(data, "id", "", str) or ""
        title = self.get(data, "title", "", str) or ""
        short = self.get(data, "short", "", str) or ""
        status_raw = self.get(data, "status", "", str)
        try:
            status = RulebookStatus(status_raw)
        except ValueError:
            if status_raw is not None:
                self.problem(
                    "status", _("expected 'in-force' or 'superseded', got {value}").format(value=repr(status_raw))
                )
            status = RulebookStatus.IN_FORCE
        total = self.decimal(data, "total", "")
        total_source = self.get(data, "total_source", "", str) or ""

        scales = self.build_scales()
        components = self.build_components(scales)
        areas = self.build_areas(components)
        self.check_sums(total, components)

        process = self.build_process()
        surveys = self.build_surveys(components)
        node_codes = self.node_codes(components, areas)
        criteria = self.build_criteria(node_codes, scales_items=components)
        kawasan = self.build_kawasan()
        eligibility = self.build_eligibility(process)
        in_force = self.build_in_force()
        superseded_by = self.get(data, "superseded_by", "", str) if "superseded_by" in data else None
        extra = {k: v for k, v in data.items() if k not in _CORE_KEYS}
        if self.problems:
            lines = "\n  ".join(self.problems)
            count = len(self.problems)
            heading = ngettext("{source}: {count} problem:", "{source}: {count} problems:", count)
            raise RulebookError(heading.format(source=self.source, count=count) + "\n  " + lines)
        return Rulebook(
            id=rid,
            title=title,
            short=short,
            status=status,
            total=total,
            total_source=total_source,
            components=components,
            areas=areas,
            scales=scales,
            digest=self.digest,
            criteria=criteria,
            kawasan_rules=kawasan,
            eligibility=eligibility,
            process=process,
            surveys=surveys,
            superseded_by=superseded_by,
            extra=extra,
            toml=self.text,
            in_force=in_force,
        )


_CORE_KEYS = {
    "schema",
    "id",
    "title",
    "short",
    "status",
    "total",
    "total_source",
    "scales",
    "components",
    "subcomponents",
    "areas",
    "indicators",
    "items",
    "criteria",
    "kawasan",
    "eligibility",
    "process",
    "surveys",
    "superseded_by",
    "in_force",
}
