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
from .i18n import gettext as _
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


@attrs.frozen(repr=False)
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
            raise InvalidInputError(
                _("Review chain {chain} has problems").format(chain=repr(self.id)),
                [RulebookError(p, code="bad-review-chain") for p in problems],
            )

    def __repr__(self) -> str:
        """One line: the id and the tiers in order."""
        arrow = " \u2192 "
        return f"<ReviewChain {self.id}: {arrow.join(t.name for t in self.tiers)}>"

    def tier(self, name: str) -> Tier:
        """The tier named ``name``; an unknown name raises :class:`UnknownItemError` listing the known ones."""
        for tier in self.tiers:
            if tier.name == name:
                return tier
        known = ", ".join(t.name for t in self.tiers)
        raise UnknownItemError(
            _("Review chain {chain} has no tier {tier}; its tiers are {known}").format(
                chain=repr(self.id), tier=repr(name), known=known
            ),
            code="unknown-tier",
        )

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
        problems.append(_("the first tier must be the unit (role 'unit')"))
    if sum(t.role is TierRole.UNIT for t in tiers) > 1:
        problems.append(_("only the first tier may have role 'unit'"))
    if not any(t.role is TierRole.TPI for t in tiers):
        problems.append(_("a chain needs at least one TPI tier (role 'tpi')"))
    names = [t.name for t in tiers]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        problems.append(_("tier names must be unique; repeated: {names}").format(names=", ".join(duplicates)))
    for before, after in itertools.pairwise(tiers):
        if after.role.rank < before.role.rank:
            problems.append(
                _("tier {tier} ({role}) cannot come after {before} ({before_role})").format(
                    tier=repr(after.name),
                    role=after.role.value,
                    before=repr(before.name),
                    before_role=before.role.value,
                )
            )
    for tier in tiers:
        if not tier.name or tier.name != tier.name.strip() or " " in tier.name:
            problems.append(_("tier name {name} must be a non-empty word without spaces").format(name=repr(tier.name)))
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
        raise UnknownItemError(
            _("There is no review chain {chain}; available: {available}").format(
                chain=repr(chain_id), available=", ".join(available_chains())
            ),
            code="unknown-review-chain",
        )
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
            raise UnknownItemError(
                _("Gambar 5 (pemda) has no penilaian pendahuluan; it is a K/L mechanism (gambar 4)"),
                code="no-preliminary-for-pemda",
            )
        return load_chain("pemda-90-2021")
    if kind == "kl":
        return load_chain("kl-pendahuluan-90-2021" if preliminary else "kl-90-2021")
    raise UnknownItemError(
        _("The instansi kind must be 'kl' or 'pemda'; got {value}").format(value=repr(instansi_kind)),
        code="unknown-instansi-kind",
    )


def _label(raw: Any, where: str, problems: list[str]) -> Label:
    if isinstance(raw, dict) and set(raw) == {"id", "en"} and all(isinstance(v, str) for v in raw.values()):
        return Label(raw["id"], raw["en"])
    problems.append(
        _('{where}: a label is {{ id = "...", en = "..." }}; got {value}').format(where=where, value=repr(raw))
    )
    return Label("?", "?")


def chain_from_toml(text: str, *, source: str = "<string>") -> ReviewChain:
    """A chain from TOML text; every problem is reported at once, naming ``source`` and the key.

    >>> chain_from_toml('id = "x"\\nlabel = { id = "x", en = "x" }\\n[[tiers]]\\nname = "unit"\\nrole = "tpi"\\n'
    ...                 'label = { id = "u", en = "u" }', source="mine.toml")
    Traceback (most recent call last):
    ...
    zona_integritas.errors.InvalidInputError: Review chain 'x' has problems (1):
      - the first tier must be the unit (role 'unit')
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInputError(
            _("Review chain {source} has problems").format(source=source),
            [RulebookError(_("{where}: not valid TOML: {error}").format(where=source, error=exc), code="bad-toml")],
        ) from None
    problems: list[str] = []
    extra = sorted(set(data) - {"id", "label", "source", "official", "tiers"})
    if extra:
        problems.append(_("{where}: unknown keys {keys}").format(where=source, keys=", ".join(extra)))
    chain_id = data.get("id")
    if not isinstance(chain_id, str) or not chain_id:
        problems.append(_("{where}: 'id' must be a non-empty text").format(where=source))
    label = _label(data.get("label"), f"{source}: label", problems)
    official = data.get("official", True)
    if not isinstance(official, bool):
        problems.append(_("{where}: 'official' must be true or false").format(where=source))
    raw_tiers = data.get("tiers")
    tiers: list[Tier] = []
    if not isinstance(raw_tiers, list) or not raw_tiers:
        problems.append(_("{where}: 'tiers' must be a non-empty array of tables ([[tiers]])").format(where=source))
        raw_tiers = []
    for i, raw in enumerate(raw_tiers):
        where = f"{source}: tiers[{i}]"
        if not isinstance(raw, dict):
            problems.append(_("{where} must be a table").format(where=where))
            continue
        unknown = sorted(set(raw) - {"name", "role", "label", "source"})
        if unknown:
            problems.append(_("{where}: unknown keys {keys}").format(where=where, keys=", ".join(unknown)))
        name, role = raw.get("name"), raw.get("role")
        if not isinstance(name, str):
            problems.append(_("{where}: 'name' must be a text").format(where=where))
            continue
        roles = ", ".join(r.value for r in TierRole)
        if role not in {r.value for r in TierRole}:
            problems.append(
                _("{where}: 'role' must be one of {roles}; got {value}").format(
                    where=where, roles=roles, value=repr(role)
                )
            )
            continue
        tier_label = _label(raw.get("label"), f"{where}.label", problems)
        tiers.append(Tier(name, role, tier_label, str(raw.get("source", ""))))
    if problems:
        raise InvalidInputError(
            _("Review chain {source} has problems").format(source=source),
            [RulebookError(p, code="bad-review-chain") for p in problems],
        )
    return ReviewChain(str(chain_id), label, tuple(tiers), str(data.get("source", "")), bool(official))
