"""Review chains: the ordered tiers that review a unit's LKE, from the unit to TPN, as data.

A chain is a small TOML file: an id, a label, a source, and its tiers in order. Every tier has a unique
``name``, a ``role`` (``unit``, ``pendahuluan``, ``tpi``, ``tpn_desk``, ``tpn_field``) and a label. The first
tier is the unit itself; TPI tiers come before TPN tiers. Three defaults follow PermenPANRB 90/2021
Lampiran II Bab I (gambar 4 for a K/L, with or without the *penilaian pendahuluan*; gambar 5 for a pemda)
and Bab III (TPN's desk and field evaluation). A user chain (an inspectorate reviewing in three tiers, say) is
another file read with :func:`chain_from_toml`.

>>> chain = load_chain("kl-pendahuluan-90-2021")
>>> [t.name for t in chain.tiers]
['unit', 'pendahuluan', 'tpi', 'tpn-desk', 'tpn-field']
>>> chain.last_tpi_tier.name, chain.tier("pendahuluan").assessor.value
('tpi', 'tpi')
"""

from __future__ import annotations

import enum
import importlib.resources
import itertools
import tomllib
from typing import Any

import attrs

from .errors import InvalidInputError, RulebookError, UnknownItemError
from .labels import Label
from .worksheet import Assessor

__all__ = ["ReviewChain", "Tier", "TierRole", "available_chains", "chain_from_toml", "default_chain", "load_chain"]

_PACKAGE_DIR = "review_chains"


class TierRole(enum.Enum):
    """What a tier does in the review; it decides the assessor its worksheets carry."""

    UNIT = "unit"  #: the unit's self-assessment
    PENDAHULUAN = "pendahuluan"  #: penilaian pendahuluan (90/2021 Lampiran II Bab I A.1.a)
    TPI = "tpi"  #: the instansi's internal assessment team (Bab I)
    TPN_DESK = "tpn_desk"  #: TPN desk evaluation (Bab III B)
    TPN_FIELD = "tpn_field"  #: TPN field evaluation (Bab III C)

    @property
    def assessor(self) -> Assessor:
        """The assessor of this role's worksheets (a penilaian pendahuluan is internal, like TPI's)."""
        return _ASSESSOR[self]

    @property
    def rank(self) -> int:
        """The order roles follow in a chain."""
        return list(TierRole).index(self)


_ASSESSOR = {
    TierRole.UNIT: Assessor.UNIT,
    TierRole.PENDAHULUAN: Assessor.TPI,
    TierRole.TPI: Assessor.TPI,
    TierRole.TPN_DESK: Assessor.TPN,
    TierRole.TPN_FIELD: Assessor.TPN,
}


@attrs.frozen
class Tier:
    """One tier of a chain: its unique name, its role, its label and where it comes from."""

    name: str
    role: TierRole = attrs.field(converter=TierRole)
    label: Label
    source: str = ""

    @property
    def assessor(self) -> Assessor:
        """The assessor its worksheets carry."""
        return self.role.assessor


@attrs.frozen
class ReviewChain:
    """The ordered tiers of a review. Build it with :func:`load_chain` or :func:`chain_from_toml`.

    Rules checked on construction: at least a unit tier and one TPI tier; the unit tier first and only
    once; roles in order (unit, pendahuluan, TPI, TPN desk, TPN field); unique tier names.
    """

    id: str
    label: Label
    tiers: tuple[Tier, ...]
    source: str = ""
    official: bool = True

    def __attrs_post_init__(self) -> None:
        problems = _chain_problems(self.tiers)
        if problems:
            raise InvalidInputError(f"review chain {self.id!r} has problems", [RulebookError(p) for p in problems])

    def tier(self, name: str) -> Tier:
        """The tier named ``name``; an unknown name raises :class:`UnknownItemError` listing the known ones."""
        for tier in self.tiers:
            if tier.name == name:
                return tier
        known = ", ".join(t.name for t in self.tiers)
        raise UnknownItemError(f"review chain {self.id!r} has no tier {name!r}; its tiers are {known}")

    def index(self, name: str) -> int:
        """The position of tier ``name`` in the chain (the unit is 0)."""
        return self.tiers.index(self.tier(name))

    @property
    def unit_tier(self) -> Tier:
        """The first tier, the unit's self-assessment."""
        return self.tiers[0]

    @property
    def last_tpi_tier(self) -> Tier:
        """The last internal tier, whose submitted worksheet is the journey's ``TpiAssessed``."""
        return [t for t in self.tiers if t.role is TierRole.TPI][-1]

    def tiers_with(self, role: TierRole | str) -> tuple[Tier, ...]:
        """The tiers of one role, in order."""
        wanted = TierRole(role)
        return tuple(t for t in self.tiers if t.role is wanted)


def _chain_problems(tiers: tuple[Tier, ...]) -> list[str]:
    problems: list[str] = []
    if not tiers or tiers[0].role is not TierRole.UNIT:
        problems.append("the first tier must be the unit (role 'unit')")
    if sum(t.role is TierRole.UNIT for t in tiers) > 1:
        problems.append("only the first tier may have role 'unit'")
    if not any(t.role is TierRole.TPI for t in tiers):
        problems.append("a chain needs at least one TPI tier (role 'tpi')")
    names = [t.name for t in tiers]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        problems.append(f"tier names must be unique; repeated: {', '.join(duplicates)}")
    for before, after in itertools.pairwise(tiers):
        if after.role.rank < before.role.rank:
            problems.append(
                f"tier {after.name!r} ({after.role.value}) cannot come after {before.name!r} ({before.role.value})"
            )
    for tier in tiers:
        if not tier.name or tier.name != tier.name.strip() or " " in tier.name:
            problems.append(f"tier name {tier.name!r} must be a non-empty word without spaces")
    return problems


def available_chains() -> tuple[str, ...]:
    """The ids of the chains shipped with the library.

    >>> available_chains()
    ('example-inspektorat-berjenjang', 'kl-90-2021', 'kl-pendahuluan-90-2021', 'pemda-90-2021')
    """
    folder = importlib.resources.files("zona_integritas").joinpath(_PACKAGE_DIR)
    return tuple(sorted(p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml")))


def load_chain(chain_id: str) -> ReviewChain:
    """A chain shipped with the library, by id (see :func:`available_chains`).

    >>> load_chain("pemda-90-2021").tier("tpi").label.id
    'TPI (Inspektorat daerah)'
    """
    if chain_id not in available_chains():
        raise UnknownItemError(f"no review chain {chain_id!r}; available: {', '.join(available_chains())}")
    text = importlib.resources.files("zona_integritas").joinpath(_PACKAGE_DIR, f"{chain_id}.toml").read_text("utf-8")
    return chain_from_toml(text, source=f"{chain_id}.toml")


def default_chain(instansi_kind: str, *, preliminary: bool = False) -> ReviewChain:
    """The chain of 90/2021 Lampiran II Bab I for an instansi kind: ``"pemda"`` (gambar 5) or ``"kl"``
    (gambar 4); ``preliminary=True`` adds the penilaian pendahuluan of a K/L's lower-level unit.

    >>> default_chain("kl", preliminary=True).id
    'kl-pendahuluan-90-2021'
    """
    kind = instansi_kind.strip().casefold().replace("/", "")
    if kind == "pemda":
        if preliminary:
            raise UnknownItemError("gambar 5 (pemda) has no penilaian pendahuluan; it is a K/L mechanism (gambar 4)")
        return load_chain("pemda-90-2021")
    if kind == "kl":
        return load_chain("kl-pendahuluan-90-2021" if preliminary else "kl-90-2021")
    raise UnknownItemError(f"instansi kind must be 'kl' or 'pemda'; got {instansi_kind!r}")


def _label(raw: Any, where: str, problems: list[str]) -> Label:
    if isinstance(raw, dict) and set(raw) == {"id", "en"} and all(isinstance(v, str) for v in raw.values()):
        return Label(raw["id"], raw["en"])
    problems.append(f'{where}: a label is {{ id = "...", en = "..." }}, got {raw!r}')
    return Label("?", "?")


def chain_from_toml(text: str, *, source: str = "<string>") -> ReviewChain:
    """A chain from TOML text; every problem is reported at once, naming ``source`` and the key.

    >>> chain_from_toml('id = "x"\\nlabel = { id = "x", en = "x" }\\n[[tiers]]\\nname = "unit"\\nrole = "tpi"\\n'
    ...                 'label = { id = "u", en = "u" }', source="mine.toml")
    Traceback (most recent call last):
    ...
    zona_integritas.errors.InvalidInputError: review chain 'x' has problems (1 problem):
      - the first tier must be the unit (role 'unit')
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInputError(f"review chain {source} has problems", [RulebookError(f"{source}: {exc}")]) from None
    problems: list[str] = []
    extra = sorted(set(data) - {"id", "label", "source", "official", "tiers"})
    if extra:
        problems.append(f"{source}: unknown keys {', '.join(extra)}")
    chain_id = data.get("id")
    if not isinstance(chain_id, str) or not chain_id:
        problems.append(f"{source}: 'id' must be a non-empty string")
    label = _label(data.get("label"), f"{source}: label", problems)
    official = data.get("official", True)
    if not isinstance(official, bool):
        problems.append(f"{source}: 'official' must be true or false")
    raw_tiers = data.get("tiers")
    tiers: list[Tier] = []
    if not isinstance(raw_tiers, list) or not raw_tiers:
        problems.append(f"{source}: 'tiers' must be a non-empty array of tables ([[tiers]])")
        raw_tiers = []
    for i, raw in enumerate(raw_tiers):
        where = f"{source}: tiers[{i}]"
        if not isinstance(raw, dict):
            problems.append(f"{where} must be a table")
            continue
        unknown = sorted(set(raw) - {"name", "role", "label", "source"})
        if unknown:
            problems.append(f"{where}: unknown keys {', '.join(unknown)}")
        name, role = raw.get("name"), raw.get("role")
        if not isinstance(name, str):
            problems.append(f"{where}: 'name' must be a string")
            continue
        roles = ", ".join(r.value for r in TierRole)
        if role not in {r.value for r in TierRole}:
            problems.append(f"{where}: 'role' must be one of {roles}; got {role!r}")
            continue
        tier_label = _label(raw.get("label"), f"{where}.label", problems)
        tiers.append(Tier(name, role, tier_label, str(raw.get("source", ""))))
    if problems:
        raise InvalidInputError(f"review chain {source} has problems", [RulebookError(p) for p in problems])
    return ReviewChain(str(chain_id), label, tuple(tiers), str(data.get("source", "")), bool(official))
