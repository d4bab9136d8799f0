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
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from .decimals import in_library_context, parse_decimal
from .errors import RulebookError, SupersededRulebookWarning, UnknownRulebookError
from .labels import Label
from .rulebook import (
    Amendment,
    Area,
    AreaHalf,
    AtMost,
    Component,
    CountFormula,
    CountInput,
    Criterion,
    CriterionKind,
    EligibilityCondition,
    EligibilityRules,
    FormulaKind,
    Indicator,
    InForce,
    Item,
    ItemCode,
    ItemKind,
    KawasanRule,
    Option,
    Predicate,
    Rulebook,
    RulebookStatus,
    Scale,
    SubComponent,
)

__all__ = ["available_rulebooks", "load_rulebook", "rulebook_from_toml", "rulebook_in_force"]

_PACKAGE_DIR = "rulebooks"


def available_rulebooks() -> tuple[str, ...]:
    """The ids of the rulebooks that ship with the library, sorted.

    >>> available_rulebooks()
    ('permenpanrb-52-2014', 'permenpanrb-90-2021')
    """
    folder = importlib.resources.files("zona_integritas").joinpath(_PACKAGE_DIR)
    return tuple(sorted(p.name[: -len(".toml")] for p in folder.iterdir() if p.name.endswith(".toml")))


@in_library_context
def load_rulebook(rulebook_id: str, *, warn_superseded: bool = True) -> Rulebook:
    """Load a shipped rulebook by id, e.g. ``"permenpanrb-90-2021"``.

    There is no implicit "latest": the caller names the regulation. Loading the rulebook of a
    superseded regulation works and emits :class:`SupersededRulebookWarning` (unless
    ``warn_superseded=False``).

    >>> load_rulebook("permenpanrb-90-2021").short
    'PermenPANRB 90/2021'
    """
    if not isinstance(rulebook_id, str) or rulebook_id not in available_rulebooks():
        raise UnknownRulebookError(f"no rulebook {rulebook_id!r}; available: {', '.join(available_rulebooks())}")
    rulebook = _load_cached(rulebook_id)
    if warn_superseded and rulebook.status is RulebookStatus.SUPERSEDED:
        replaced_by = rulebook.extra.get("superseded_by", "a newer regulation")
        warnings.warn(
            f"rulebook {rulebook.id!r} ({rulebook.short}) is superseded by {replaced_by}; use it for legacy data only"
            + (f" ({rulebook.in_force.not_modelled})" if rulebook.in_force and rulebook.in_force.not_modelled else ""),
            SupersededRulebookWarning,
            stacklevel=2,
        )
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
    found = [rb for rb in map(_load_cached, available_rulebooks()) if rb.in_force and rb.in_force.covers(day)]
    if not found:
        raise UnknownRulebookError(
            f"no shipped rulebook was in force on {day.isoformat()} (the earliest is PermenPANRB 52/2014, "
            "in force from 2014-10-02)"
        )
    return found[0]


@functools.cache
def _load_cached(rulebook_id: str) -> Rulebook:
    resource = importlib.resources.files("zona_integritas").joinpath(_PACKAGE_DIR, f"{rulebook_id}.toml")
    return rulebook_from_toml(resource.read_text(encoding="utf-8"), source=f"{rulebook_id}.toml")


def _load_by_id_and_digest(rulebook_id: str, digest: str) -> Rulebook:
    rulebook = _load_cached(rulebook_id)
    if rulebook.digest != digest:
        raise RulebookError(f"rulebook {rulebook_id!r} shipped with this version differs from the pickled one")
    return rulebook


@in_library_context
def rulebook_from_toml(text: str | Path, *, source: str | None = None) -> Rulebook:
    """Build a :class:`Rulebook` from TOML text (or a path), validating everything.

    All problems are reported at once in one :class:`RulebookError` whose message names the file
    (``source``) and the key of each problem.

    >>> rulebook_from_toml('id = "x"', source="broken.toml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    zona_integritas.errors.RulebookError: broken.toml: ...
    """
    if isinstance(text, Path):
        source = source or str(text)
        text = text.read_text(encoding="utf-8")
    source = source or "<string>"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulebookError(f"{source}: not valid TOML: {exc}") from None
    except (ValueError, RecursionError) as exc:  # an integer of thousands of digits, arrays nested too deep
        raise RulebookError(f"{source}: not a readable rulebook ({type(exc).__name__}: {str(exc)[:120]})") from None
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return _Builder(data, source, digest).build()


class _Builder:
    """Turns parsed TOML into a Rulebook, collecting every problem with its key."""

    def __init__(self, data: Mapping[str, Any], source: str, digest: str) -> None:
        self.data = data
        self.source = source
        self.digest = digest
        self.problems: list[str] = []

    # -- small readers ---------------------------------------------------------------------------------------
    def problem(self, key: str, message: str) -> None:
        self.problems.append(f"{key}: {message}")

    def get(self, table: Mapping[str, Any], key: str, where: str, kind: type | tuple[type, ...]) -> Any:
        if key not in table:
            self.problem(f"{where}.{key}" if where else key, "missing")
            return None
        value = table[key]
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            self.problem(f"{where}.{key}" if where else key, f"expected {_kind_name(kind)}, got {value!r}")
            return None
        return value

    def decimal(self, table: Mapping[str, Any], key: str, where: str) -> Decimal:
        raw = self.get(table, key, where, (str, int))
        if raw is None:
            return Decimal(0)
        try:
            return parse_decimal(raw)
        except ValueError:
            self.problem(f"{where}.{key}", f"expected a decimal number, got {raw!r}")
            return Decimal(0)

    def label(self, table: Mapping[str, Any], where: str) -> Label:
        raw = self.get(table, "label", where, dict)
        if raw is None:
            return Label("", "")
        ident = self.get(raw, "id", f"{where}.label", str)
        en = self.get(raw, "en", f"{where}.label", str)
        return Label(ident or "", en or "")

    def tables(self, key: str) -> list[Mapping[str, Any]]:
        raw = self.data.get(key)
        if not isinstance(raw, list) or not all(isinstance(t, dict) for t in raw):
            self.problem(key, "missing or not an array of tables")
            return []
        return raw

    # -- the build -------------------------------------------------------------------------------------------
    def build(self) -> Rulebook:
        data = self.data
        if data.get("schema") != 1:
            self.problem("schema", f"expected 1, got {data.get('schema')!r}")
        rid = self.get(data, "id", "", str) or ""
        title = self.get(data, "title", "", str) or ""
        short = self.get(data, "short", "", str) or ""
        status_raw = self.get(data, "status", "", str)
        try:
            status = RulebookStatus(status_raw)
        except ValueError:
            if status_raw is not None:
                self.problem("status", f"expected 'in-force' or 'superseded', got {status_raw!r}")
            status = RulebookStatus.IN_FORCE
        total = self.decimal(data, "total", "")
        total_source = self.get(data, "total_source", "", str) or ""

        scales = self.build_scales()
        components = self.build_components(scales)
        areas = self.build_areas(components)
        self.check_sums(total, components)

        self.check_process_and_surveys(components)
        node_codes = self.node_codes(components, areas)
        criteria = self.build_criteria(node_codes, scales_items=components)
        kawasan = self.build_kawasan()
        eligibility = self.build_eligibility()
        in_force = self.build_in_force()
        extra = {k: v for k, v in data.items() if k not in _CORE_KEYS}
        if self.problems:
            lines = "\n  ".join(self.problems)
            count = len(self.problems)
            raise RulebookError(f"{self.source}: {count} problem{'s' if count != 1 else ''}:\n  {lines}")
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
            extra=extra,
            in_force=in_force,
        )

    def date(self, table: Mapping[str, Any], key: str, where: str) -> dt.date | None:
        raw = table.get(key)
        if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
            return raw
        self.problem(f"{where}.{key}", f"expected a TOML date such as 2021-12-31, got {raw!r}")
        return None

    def build_in_force(self) -> InForce | None:
        """The optional ``[in_force]`` table: ``start``, ``end`` (optional), ``source``, ``not_modelled`` and
        ``[[in_force.amendments]]`` (``short``, ``on``, ``scope``, ``source``)."""
        if "in_force" not in self.data:
            return None
        where = "in_force"
        table = self.get(self.data, "in_force", "", dict) or {}
        start = self.date(table, "start", where)
        end = self.date(table, "end", where) if "end" in table else None
        if start is not None and end is not None and end < start:
            self.problem(f"{where}.end", f"{end} is before the start {start}")
        amendments = []
        for i, atable in enumerate(table.get("amendments", [])):
            awhere = f"{where}.amendments[{i}]"
            on = self.date(atable, "on", awhere)
            amendments.append(
                Amendment(
                    self.get(atable, "short", awhere, str) or "",
                    on or dt.date.min,
                    self.get(atable, "scope", awhere, str) or "",
                    self.get(atable, "source", awhere, str) or "",
                )
            )
        if start is None:
            return None
        return InForce(
            start,
            end,
            self.get(table, "source", where, str) or "",
            tuple(amendments),
            str(table.get("not_modelled", "")),
        )

    def check_process_and_surveys(self, components: tuple[Component, ...]) -> None:
        """The [process] and [surveys] tables are read by the journey and survey modules; check them here
        so a broken file fails when it is loaded, naming the key."""
        process = self.data.get("process")
        if process is not None:
            if not isinstance(process, dict):
                self.problem("process", "expected a table")
            else:
                deadline = self.get(process, "proposal_deadline", "process", str)
                if deadline is not None:
                    try:
                        month, day = (int(x) for x in deadline.split("-"))
                        import datetime as _dt

                        _dt.date(2024, month, day)
                    except ValueError:
                        self.problem("process.proposal_deadline", f"expected MM-DD, got {deadline!r}")
                for key in ("building_months", "revocation_bar_years", "monitoring_interval_years"):
                    value = self.get(process, key, "process", int)
                    if value is not None and value < 0:
                        self.problem(f"process.{key}", f"must not be negative, got {value}")
                for key in ("proposal_deadline_source", "building_source", "revocation_source", "monitoring_source"):
                    self.get(process, key, "process", str)
        surveys = self.data.get("surveys")
        if surveys is not None:
            if not isinstance(surveys, dict):
                self.problem("surveys", "expected a table")
                return
            self.get(surveys, "minimum_respondents", "surveys", int)
            items = _items_of(components)
            for kind in ("ipak", "ipkp"):
                table = self.get(surveys, kind, "surveys", dict)
                if table is None:
                    continue
                where = f"surveys.{kind}"
                code = self.get(table, "item", where, str)
                if code is not None and (code not in items or items[code].kind is not ItemKind.INDEX):
                    self.problem(f"{where}.item", f"{code!r} is not an index item")
                aspects = self.get(table, "aspects", where, list) or []
                codes = [a.get("code") for a in aspects if isinstance(a, dict)]
                if not aspects or len(codes) != len(aspects) or len(set(codes)) != len(codes):
                    self.problem(f"{where}.aspects", "expected a non-empty list of {code, label} with unique codes")
                for j, aspect in enumerate(aspects):
                    if isinstance(aspect, dict):
                        self.label(aspect, f"{where}.aspects[{j}]")

    # -- verdict, kawasan and eligibility data ---------------------------------------------------------------
    def node_codes(self, components: tuple[Component, ...], areas: tuple[Area, ...]) -> set[str]:
        codes = {"total"}

        def add(ind: Indicator) -> None:
            codes.add(ind.code)
            for part in ind.parts:
                add(part)

        for comp in components:
            codes.add(comp.code)
            for sub in comp.subcomponents:
                codes.add(sub.code)
                for half in sub.halves:
                    codes.add(half.code)
                    for ind in half.indicators:
                        add(ind)
                for ind in sub.indicators:
                    add(ind)
        codes.update(a.code for a in areas)
        return codes

    def predicate(self, table: Mapping[str, Any], key: str, where: str) -> Predicate | None:
        raw = self.get(table, key, where, str)
        if raw is None:
            return None
        try:
            return Predicate.parse(raw)
        except ValueError:
            self.problem(f"{where}.{key}", f"expected 'WBK' or 'WBBM', got {raw!r}")
            return None

    def build_criteria(self, node_codes: set[str], scales_items: tuple[Component, ...]) -> tuple[Criterion, ...]:
        if "criteria" not in self.data:
            return ()
        items = _items_of(scales_items)
        criteria = []
        seen: set[tuple[Predicate, str]] = set()
        for i, table in enumerate(self.tables("criteria")):
            where = f"criteria[{i}]"
            predicate = self.predicate(table, "predicate", where)
            key = self.get(table, "key", where, str)
            kind_raw = self.get(table, "kind", where, str)
            try:
                kind = CriterionKind(kind_raw)
            except ValueError:
                self.problem(f"{where}.kind", f"expected minimum, each_area or prior_predicate, got {kind_raw!r}")
                continue
            if predicate is None or key is None:
                continue
            where = f"{where} ({predicate.value} {key})"
            if (predicate, key) in seen:
                self.problem(where, "duplicate criterion")
            seen.add((predicate, key))
            node = index_item = None
            minimum = index_minimum = None
            requires = None
            if kind is CriterionKind.MINIMUM:
                node = self.get(table, "node", where, str)
                if node is not None and node not in node_codes:
                    self.problem(f"{where}.node", f"unknown score card node {node!r}")
                minimum = self.decimal(table, "minimum", where)
            elif kind is CriterionKind.EACH_AREA:
                minimum = self.decimal(table, "minimum", where)
                if not Decimal(0) < minimum <= Decimal(100):
                    self.problem(f"{where}.minimum", f"a percentage in (0, 100] is expected, got {minimum}")
            else:
                requires = self.predicate(table, "requires", where)
            if "index_item" in table:
                index_item = self.get(table, "index_item", where, str)
                index_minimum = self.decimal(table, "index_minimum", where)
                item = items.get(index_item or "")
                if item is None or item.scale is None or item.scale.maximum is None:
                    self.problem(f"{where}.index_item", f"{index_item!r} is not an index item")
                elif minimum is not None and node is not None:
                    weight = self.node_weight(node, scales_items)
                    low, high = item.scale.minimum or Decimal(0), item.scale.maximum
                    points = (index_minimum - low) / (high - low) * weight
                    if points != minimum:
                        self.problem(
                            f"{where}.index_minimum",
                            f"index {index_minimum} gives {points} points, not the minimum {minimum}",
                        )
            survey = table.get("survey", False)
            if not isinstance(survey, bool):
                self.problem(f"{where}.survey", f"expected true or false, got {survey!r}")
                survey = False
            criteria.append(
                Criterion(
                    predicate=predicate,
                    key=key,
                    kind=kind,
                    label=self.label(table, where),
                    source=self.get(table, "source", where, str) or "",
                    node=node,
                    minimum=minimum,
                    index_item=index_item,
                    index_minimum=index_minimum,
                    survey=survey,
                    requires=requires,
                )
            )
        return tuple(criteria)

    def node_weight(self, node: str, components: tuple[Component, ...]) -> Decimal:
        for comp in components:
            for sub in comp.subcomponents:
                if sub.code == node:
                    return sub.weight
                for ind in [*sub.indicators, *(i for h in sub.halves for i in h.indicators)]:
                    if ind.code == node:
                        return ind.weight
        return Decimal(0)

    def build_kawasan(self) -> tuple[KawasanRule, ...]:
        if "kawasan" not in self.data:
            return ()
        rules = []
        for i, table in enumerate(self.tables("kawasan")):
            where = f"kawasan[{i}]"
            predicate = self.predicate(table, "predicate", where)
            minimum = self.decimal(table, "integration_minimum", where)
            requires = self.predicate(table, "requires", where) if "requires" in table else None
            if predicate is not None:
                rules.append(KawasanRule(predicate, minimum, self.get(table, "source", where, str) or "", requires))
        return tuple(rules)

    def build_eligibility(self) -> EligibilityRules | None:
        if "eligibility" not in self.data:
            return None
        where = "eligibility"
        table = self.get(self.data, "eligibility", "", dict) or {}
        orders_raw = self.get(table, "orders", where, dict) or {}
        orders: dict[str, tuple[str, ...]] = {}
        for name, values in orders_raw.items():
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values) or not values:
                self.problem(f"{where}.orders.{name}", "expected a non-empty array of strings, best first")
                continue
            orders[name] = tuple(values)
        conditions = []
        for i, ctable in enumerate(table.get("conditions", [])):
            cwhere = f"{where}.conditions[{i}]"
            predicate = self.predicate(ctable, "predicate", cwhere)
            key = self.get(ctable, "key", cwhere, str) or ""
            compare = self.get(ctable, "compare", cwhere, str) or ""
            if compare not in _COMPARES:
                self.problem(f"{cwhere}.compare", f"expected one of {', '.join(sorted(_COMPARES))}, got {compare!r}")
            level = self.get(ctable, "level", cwhere, str) or ""
            if level not in ("instansi", "unit"):
                self.problem(f"{cwhere}.level", f"expected 'instansi' or 'unit', got {level!r}")
            applies_to = ctable.get("applies_to", "all")
            if applies_to not in ("all", "pemda", "kl"):
                self.problem(f"{cwhere}.applies_to", f"expected all, pemda or kl, got {applies_to!r}")
            required = ctable.get("required")
            order = ctable.get("order")
            if compare == "at_least":
                if order not in orders:
                    self.problem(f"{cwhere}.order", f"unknown order {order!r}")
                elif required not in orders[order]:
                    self.problem(f"{cwhere}.required", f"{required!r} is not in order {order!r}")
            waivable = ctable.get("afirmasi_waivable", False)
            if not isinstance(waivable, bool):
                self.problem(f"{cwhere}.afirmasi_waivable", f"expected true or false, got {waivable!r}")
                waivable = False
            if compare in ("number_at_least", "number_at_most", "months_at_least"):
                try:
                    parse_decimal(required)
                except ValueError:
                    self.problem(f"{cwhere}.required", f"expected a number, got {required!r}")
            if predicate is None:
                continue
            conditions.append(
                EligibilityCondition(
                    predicate=predicate,
                    key=key,
                    level=level,
                    fact=self.get(ctable, "fact", cwhere, str) or "",
                    compare=compare,
                    label=self.label(ctable, cwhere),
                    source=self.get(ctable, "source", cwhere, str) or "",
                    required=required,
                    order=order,
                    applies_to=applies_to,
                    afirmasi_waivable=waivable,
                )
            )
        targets = []
        for raw in table.get("afirmasi_targets", []):
            try:
                targets.append(Predicate.parse(raw))
            except ValueError:
                self.problem(f"{where}.afirmasi_targets", f"expected 'WBK' or 'WBBM', got {raw!r}")
        return EligibilityRules(
            conditions=tuple(conditions),
            orders=orders,
            afirmasi_kinds=tuple(self.get(table, "afirmasi_kinds", where, list) or ())
            if "afirmasi_kinds" in table
            else (),
            afirmasi_targets=tuple(targets),
            afirmasi_source=self.get(table, "afirmasi_source", where, str) or "" if "afirmasi_kinds" in table else "",
            revocation_bar_years=self.get(table, "revocation_bar_years", where, int) or 0
            if "revocation_bar_years" in table
            else 0,
            revocation_source=self.get(table, "revocation_source", where, str) or "",
            saturation_share=self.decimal(table, "saturation_share", where) if "saturation_share" in table else None,
            saturation_source=self.get(table, "saturation_source", where, str) or ""
            if "saturation_share" in table
            else "",
            kkn_source=str(table.get("kkn_source", "")),
        )

    def build_scales(self) -> dict[str, Scale]:
        raw = self.get(self.data, "scales", "", dict) or {}
        scales: dict[str, Scale] = {}
        for name, table in raw.items():
            where = f"scales.{name}"
            if not isinstance(table, dict):
                self.problem(where, "expected a table")
                continue
            label = self.label(table, where)
            source = self.get(table, "source", where, str) or ""
            if "options" in table:
                options = []
                seen: set[str] = set()
                for i, opt in enumerate(self.get(table, "options", where, list) or []):
                    owhere = f"{where}.options[{i}]"
                    if not isinstance(opt, dict):
                        self.problem(owhere, "expected a table")
                        continue
                    key = self.get(opt, "key", owhere, str) or ""
                    if key.casefold() in seen:
                        self.problem(f"{owhere}.key", f"duplicate option {key!r}")
                    seen.add(key.casefold())
                    mult = self.decimal(opt, "multiplier", owhere)
                    if not Decimal(0) <= mult <= Decimal(1):
                        self.problem(f"{owhere}.multiplier", f"must lie in [0, 1], got {mult}")
                    options.append(Option(key, mult))
                if not options:
                    self.problem(f"{where}.options", "a choice scale needs at least one option")
                scales[name] = Scale(name, label, source, tuple(options))
            else:
                low = self.decimal(table, "minimum", where)
                high = self.decimal(table, "maximum", where)
                if high <= low:
                    self.problem(f"{where}.maximum", f"must exceed minimum {low}, got {high}")
                scales[name] = Scale(name, label, source, (), low, high)
        return scales

    def build_components(self, scales: Mapping[str, Scale]) -> tuple[Component, ...]:
        items_by_indicator: dict[str, list[Item]] = {}
        seen_soal: dict[int, str] = {}
        item_codes: set[str] = set()
        for i, table in enumerate(self.tables("items")):
            item = self.build_item(table, f"items[{i}]", scales, seen_soal)
            if item is None:
                continue
            if item.code in item_codes:
                self.problem(f"items[{i}].code", f"duplicate item code {item.code!r}")
            item_codes.add(item.code)
            items_by_indicator.setdefault(item.indicator, []).append(item)

        raw_indicators: dict[str, tuple[Mapping[str, Any], str]] = {}
        children: dict[str, list[str]] = {}
        for i, table in enumerate(self.tables("indicators")):
            where = f"indicators[{i}]"
            code = self.get(table, "code", where, str)
            parent = self.get(table, "parent", where, str)
            if code is None or parent is None:
                continue
            if code in raw_indicators or (code in item_codes and code not in items_by_indicator):
                self.problem(f"{where}.code", f"duplicate indicator code {code!r}")
                continue
            raw_indicators[code] = (table, f"{where} ({code})")
            children.setdefault(parent, []).append(code)

        def make_indicator(code: str, depth: int = 0) -> Indicator:
            table, where = raw_indicators[code]
            items = tuple(items_by_indicator.pop(code, []))
            parts = tuple(make_indicator(c, depth + 1) for c in children.get(code, []))
            weight = self.decimal(table, "weight", where)
            if weight <= 0:
                self.problem(f"{where}.weight", f"must be positive, got {weight}")
            if items and parts:
                self.problem(where, "an indicator holds either items or sub-indicators, not both")
            if not items and not parts:
                self.problem(where, "has no items")
            if parts:
                self.check_sum(f"{where}.weight", weight, [p.weight for p in parts], "its sub-indicators")
            return Indicator(
                code=code,
                label=self.label(table, where),
                weight=weight,
                source=self.get(table, "source", where, str) or "",
                parent=str(table.get("parent")),
                items=items,
                parts=parts,
            )

        area_weights = {}
        for i, table in enumerate(self.tables("areas")):
            number = self.get(table, "number", f"areas[{i}]", int)
            if number is not None:
                area_weights[number] = (table, f"areas[{i}]")

        components = []
        sub_codes: set[str] = set()
        raw_subs = self.tables("subcomponents")
        for ci, ctable in enumerate(self.tables("components")):
            cwhere = f"components[{ci}]"
            ccode = self.get(ctable, "code", cwhere, str) or f"?{ci}"
            subs = []
            for si, stable in enumerate(raw_subs):
                if stable.get("component") != ccode:
                    continue
                swhere = f"subcomponents[{si}]"
                scode = self.get(stable, "code", swhere, str) or f"?{si}"
                if scode in sub_codes:
                    self.problem(f"{swhere}.code", f"duplicate sub-component code {scode!r}")
                sub_codes.add(scode)
                halves = []
                for number, (atable, awhere) in sorted(area_weights.items()):
                    if scode not in atable:
                        continue
                    hcode = f"{scode[0].upper()}{number}"
                    hweight = self.decimal(atable, scode, awhere)
                    inds = tuple(make_indicator(c) for c in children.pop(hcode, []))
                    if not inds:
                        self.problem(f"{awhere}.{scode}", f"area half {hcode} has no indicators")
                    self.check_sum(f"{awhere}.{scode}", hweight, [x.weight for x in inds], f"indicators of {hcode}")
                    halves.append(AreaHalf(hcode, number, scode, hweight, inds))
                direct = tuple(make_indicator(c) for c in children.pop(scode, []))
                sweight = self.decimal(stable, "weight", swhere)
                parts = [h.weight for h in halves] + [x.weight for x in direct]
                self.check_sum(f"{swhere}.weight", sweight, parts, f"the areas and indicators of {scode}")
                subs.append(
                    SubComponent(
                        code=scode,
                        label=self.label(stable, swhere),
                        weight=sweight,
                        source=self.get(stable, "source", swhere, str) or "",
                        component=ccode,
                        halves=tuple(halves),
                        indicators=direct,
                    )
                )
            cweight = self.decimal(ctable, "weight", cwhere)
            if not subs:
                self.problem(cwhere, f"component {ccode!r} has no sub-components")
            self.check_sum(f"{cwhere}.weight", cweight, [s.weight for s in subs], f"the sub-components of {ccode}")
            components.append(
                Component(
                    code=ccode,
                    label=self.label(ctable, cwhere),
                    weight=cweight,
                    source=self.get(ctable, "source", cwhere, str) or "",
                    subcomponents=tuple(subs),
                )
            )
        for si, stable in enumerate(raw_subs):
            if stable.get("component") not in {c.code for c in components}:
                self.problem(f"subcomponents[{si}].component", f"unknown component {stable.get('component')!r}")
        for parent, codes in children.items():
            if parent not in raw_indicators:
                for code in codes:
                    self.problem(raw_indicators[code][1] + ".parent", f"unknown parent {parent!r}")
        for indicator, items in items_by_indicator.items():
            for item in items:
                self.problem(f"items ({item.code}).indicator", f"unknown indicator {indicator!r}")
        return tuple(components)

    def build_item(
        self, table: Mapping[str, Any], where: str, scales: Mapping[str, Scale], seen_soal: dict[int, str]
    ) -> Item | None:
        code = self.get(table, "code", where, str)
        if code is None:
            return None
        where = f"{where} ({code})"
        indicator = self.get(table, "indicator", where, str) or ""
        kind_raw = self.get(table, "kind", where, str)
        try:
            kind = ItemKind(kind_raw)
        except ValueError:
            if kind_raw is not None:
                self.problem(f"{where}.kind", f"expected choice, index or count, got {kind_raw!r}")
            return None
        soal = tuple(self.get(table, "soal", where, list) or ())
        for s in soal:
            if not isinstance(s, int) or isinstance(s, bool):
                self.problem(f"{where}.soal", f"soal ids are whole numbers, got {s!r}")
            elif s in seen_soal:
                self.problem(f"{where}.soal", f"soal {s} already belongs to {seen_soal[s]}")
            else:
                seen_soal[s] = code
        row = table.get("row")
        if row is not None and (not isinstance(row, int) or isinstance(row, bool)):
            self.problem(f"{where}.row", f"expected a whole number, got {row!r}")
            row = None
        common = dict(
            code=ItemCode(code),
            label=self.label(table, where),
            kind=kind,
            indicator=indicator,
            soal=soal,
            row=row,
            source=self.get(table, "source", where, str) or "",
        )
        if kind is ItemKind.COUNT:
            return self.build_count_item(table, where, common)
        scale_name = self.get(table, "scale", where, str)
        scale = scales.get(scale_name or "")
        if scale is None:
            if scale_name is not None:
                self.problem(f"{where}.scale", f"unknown scale {scale_name!r}")
            return None
        if (kind is ItemKind.CHOICE) != scale.is_choice:
            self.problem(f"{where}.scale", f"scale {scale_name!r} does not fit an item of kind {kind.value!r}")
        return Item(scale=scale, **common)  # type: ignore[arg-type]

    def build_count_item(self, table: Mapping[str, Any], where: str, common: dict[str, Any]) -> Item | None:
        inputs = []
        names: set[str] = set()
        for j, itable in enumerate(table.get("inputs", [])):
            iwhere = f"{where}.inputs[{j}]"
            name = self.get(itable, "name", iwhere, str) or ""
            if name in names:
                self.problem(f"{iwhere}.name", f"duplicate input {name!r}")
            names.add(name)
            soal = self.get(itable, "soal", iwhere, int)
            inputs.append(CountInput(name, soal or 0, itable.get("row"), self.label(itable, iwhere)))
        if not inputs:
            self.problem(f"{where}.inputs", "a count item needs named inputs")
        if sorted(i.soal for i in inputs) != sorted(common["soal"]):
            self.problem(f"{where}.soal", "must list the soal ids of its inputs")
        formula_raw = self.get(table, "formula", where, str)
        try:
            formula_kind = FormulaKind(formula_raw)
        except ValueError:
            if formula_raw is not None:
                self.problem(f"{where}.formula", f"expected ratio, ratio_of_sum or decrease_ratio, got {formula_raw!r}")
            return None
        numerator = tuple(self.get(table, "numerator", where, list) or ())
        denominator = tuple(self.get(table, "denominator", where, list) or ())
        for key, group in (("numerator", numerator), ("denominator", denominator)):
            for name in group:
                if name not in names:
                    self.problem(f"{where}.{key}", f"{name!r} is not one of the inputs")
        if formula_kind is not FormulaKind.RATIO_OF_SUM and (len(numerator) != 1 or len(denominator) != 1):
            self.problem(f"{where}.formula", f"{formula_kind.value} takes one numerator and one denominator")
        at_most = []
        for j, rule in enumerate(table.get("at_most", [])):
            left = tuple(rule.get("left", ()))
            right = tuple(rule.get("right", ()))
            for name in left + right:
                if name not in names:
                    self.problem(f"{where}.at_most[{j}]", f"{name!r} is not one of the inputs")
            at_most.append(AtMost(left, right))
        zero, zero_source = self.zero_denominator(table, where, formula_kind)
        formula = CountFormula(formula_kind, numerator, denominator, zero, tuple(at_most), zero_source)
        return Item(inputs=tuple(inputs), formula=formula, **common)

    def zero_denominator(self, table: Mapping[str, Any], where: str, kind: FormulaKind) -> tuple[Decimal, str]:
        """``zero_denominator = "zero" | "full"`` with ``zero_denominator_source`` (the older numeric key
        ``when_denominator_is_zero`` is still read; a decrease ratio without either scores 0/0 as full)."""
        if "zero_denominator" in table:
            policy = self.get(table, "zero_denominator", where, str)
            if policy not in ZERO_DENOMINATOR_VALUES:
                if policy is not None:
                    self.problem(f"{where}.zero_denominator", f"expected 'zero' or 'full', got {policy!r}")
                return Decimal(0), ""
            return ZERO_DENOMINATOR_VALUES[policy], self.get(table, "zero_denominator_source", where, str) or ""
        if kind is FormulaKind.DECREASE_RATIO and "when_denominator_is_zero" not in table:
            return Decimal(1), ""
        value = self.decimal(table, "when_denominator_is_zero", where)
        if value not in ZERO_DENOMINATOR_VALUES.values():
            self.problem(f"{where}.when_denominator_is_zero", f"expected 0 or 1, got {value}")
        return value, ""

    def build_areas(self, components: tuple[Component, ...]) -> tuple[Area, ...]:
        halves_by_area: dict[int, list[AreaHalf]] = {}
        for comp in components:
            for sub in comp.subcomponents:
                for half in sub.halves:
                    halves_by_area.setdefault(half.area, []).append(half)
        areas = []
        for i, table in enumerate(self.tables("areas")):
            where = f"areas[{i}]"
            number = self.get(table, "number", where, int)
            if number is None:
                continue
            areas.append(
                Area(
                    number=number,
                    label=self.label(table, where),
                    source=self.get(table, "source", where, str) or "",
                    halves=tuple(halves_by_area.get(number, ())),
                )
            )
        return tuple(areas)

    def check_sum(self, key: str, expected: Decimal, parts: list[Decimal], what: str) -> None:
        if parts and sum(parts, Decimal(0)) != expected:
            self.problem(key, f"weight {expected} differs from the sum of {what} ({sum(parts, Decimal(0))})")

    def check_sums(self, total: Decimal, components: tuple[Component, ...]) -> None:
        self.check_sum("total", total, [c.weight for c in components], "the components")


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
    "in_force",
}
_COMPARES = {"at_least", "number_at_least", "number_at_most", "true", "months_at_least", "holds", "not_holds"}
#: the zero-denominator policies a count item may name, and the value each gives
ZERO_DENOMINATOR_VALUES = {"zero": Decimal(0), "full": Decimal(1)}


def _items_of(components: tuple[Component, ...]) -> dict[str, Item]:
    """Every item under ``components`` by code."""
    return {
        it.code: it
        for comp in components
        for sub in comp.subcomponents
        for ind in [*sub.indicators, *(i for h in sub.halves for i in h.indicators)]
        for it in ind.walk_items()
    }


def _kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {str: "a string", int: "a whole number", dict: "a table", list: "an array", bool: "true or false"}
    return " or ".join(names.get(k, k.__name__) for k in kinds)
