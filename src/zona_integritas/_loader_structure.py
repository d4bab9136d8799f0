"""Builders of the rulebook's structure: scales, items, indicators, sub-components, components and areas."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ._loader_reader import Reader
from .decimals import shown_number
from .i18n import gettext as _
from .rulebook import (
    Area,
    AreaHalf,
    AtMost,
    Component,
    CountFormula,
    CountInput,
    FormulaKind,
    Indicator,
    Item,
    ItemCode,
    ItemKind,
    Option,
    Scale,
    SubComponent,
)

#: the zero-denominator policies a count item may name, and the value each gives
ZERO_DENOMINATOR_VALUES = {"zero": Decimal(0), "full": Decimal(1)}


class _Tree:
    """What the structure builders share while they build: items by indicator, indicator tables by code and the
    children of every parent code (each taken out as it is placed, so what is left over is reported)."""

    def __init__(self, items: dict[str, list[Item]]) -> None:
        self.items = items
        self.indicators: dict[str, tuple[Mapping[str, Any], str]] = {}
        self.children: dict[str, list[str]] = {}


class StructureTables(Reader):
    """The ``[scales]``, ``[[items]]``, ``[[indicators]]``, ``[[subcomponents]]``, ``[[components]]`` and
    ``[[areas]]`` tables.
    """

    def build_scales(self) -> dict[str, Scale]:
        raw = self.get(self.data, "scales", "", dict) or {}
        scales: dict[str, Scale] = {}
        for name, table in raw.items():
            where = f"scales.{name}"
            if not isinstance(table, dict):
                self.problem(where, _("expected a table"))
                continue
            label = self.label(table, where)
            source = self.get(table, "source", where, str) or ""
            if "options" in table:
                options = []
                seen: set[str] = set()
                for i, opt in enumerate(self.get(table, "options", where, list) or []):
                    owhere = f"{where}.options[{i}]"
                    if not isinstance(opt, dict):
                        self.problem(owhere, _("expected a table"))
                        continue
                    key = self.get(opt, "key", owhere, str) or ""
                    if key.casefold() in seen:
                        self.problem(f"{owhere}.key", _("duplicate option {option}").format(option=repr(key)))
                    seen.add(key.casefold())
                    mult = self.decimal(opt, "multiplier", owhere)
                    if not Decimal(0) <= mult <= Decimal(1):
                        self.problem(
                            f"{owhere}.multiplier",
                            _("must lie in [0, 1], got {value}").format(value=shown_number(mult)),
                        )
                    options.append(Option(key, mult))
                if not options:
                    self.problem(f"{where}.options", _("a choice scale needs at least one option"))
                scales[name] = Scale(name, label, source, tuple(options))
            else:
                low = self.decimal(table, "minimum", where)
                high = self.decimal(table, "maximum", where)
                if high <= low:
                    self.problem(
                        f"{where}.maximum",
                        _("must exceed minimum {minimum}, got {value}").format(
                            minimum=shown_number(low), value=shown_number(high)
                        ),
                    )
                scales[name] = Scale(name, label, source, (), low, high)
        return scales

    def build_components(self, scales: Mapping[str, Scale]) -> tuple[Component, ...]:
        """The ``[[components]]`` with their sub-components, area halves, indicators and items."""
        tree = _Tree(self.collect_items(scales))
        self.collect_indicators(tree)
        area_tables = {}
        for i, table in enumerate(self.tables("areas")):
            number = self.get(table, "number", f"areas[{i}]", int)
            if number is not None:
                area_tables[number] = (table, f"areas[{i}]")
        components = []
        sub_codes: set[str] = set()
        raw_subs = self.tables("subcomponents")
        for ci, ctable in enumerate(self.tables("components")):
            cwhere = f"components[{ci}]"
            ccode = self.get(ctable, "code", cwhere, str) or f"?{ci}"
            subs = [
                self.build_subcomponent(stable, f"subcomponents[{si}]", ccode, tree, area_tables, sub_codes)
                for si, stable in enumerate(raw_subs)
                if stable.get("component") == ccode
            ]
            cweight = self.decimal(ctable, "weight", cwhere)
            if not subs:
                self.problem(cwhere, _("component {code} has no sub-components").format(code=repr(ccode)))
            self.check_sum(
                f"{cwhere}.weight",
                cweight,
                [s.weight for s in subs],
                _("the sub-components of {code}").format(code=ccode),
            )
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
                self.problem(
                    f"subcomponents[{si}].component",
                    _("unknown component {code}").format(code=repr(stable.get("component"))),
                )
        for parent, codes in tree.children.items():
            if parent not in tree.indicators:
                for code in codes:
                    self.problem(
                        tree.indicators[code][1] + ".parent", _("unknown parent {code}").format(code=repr(parent))
                    )
        for indicator, items in tree.items.items():
            for item in items:
                self.problem(
                    f"items ({item.code}).indicator", _("unknown indicator {code}").format(code=repr(indicator))
                )
        return tuple(components)

    def collect_items(self, scales: Mapping[str, Scale]) -> dict[str, list[Item]]:
        """Every ``[[items]]`` table built, by the code of its indicator."""
        items_by_indicator: dict[str, list[Item]] = {}
        seen_soal: dict[int, str] = {}
        item_codes: set[str] = set()
        for i, table in enumerate(self.tables("items")):
            item = self.build_item(table, f"items[{i}]", scales, seen_soal)
            if item is None:
                continue
            if item.code in item_codes:
                self.problem(f"items[{i}].code", _("duplicate item code {code}").format(code=repr(item.code)))
            item_codes.add(item.code)
            items_by_indicator.setdefault(item.indicator, []).append(item)
        return items_by_indicator

    def collect_indicators(self, tree: _Tree) -> None:
        """The ``[[indicators]]`` tables by code, and the children of every parent code."""
        item_codes = {item.code for items in tree.items.values() for item in items}
        for i, table in enumerate(self.tables("indicators")):
            where = f"indicators[{i}]"
            code = self.get(table, "code", where, str)
            parent = self.get(table, "parent", where, str)
            if code is None or parent is None:
                continue
            if code in tree.indicators or (code in item_codes and code not in tree.items):
                self.problem(f"{where}.code", _("duplicate indicator code {code}").format(code=repr(code)))
                continue
            tree.indicators[code] = (table, f"{where} ({code})")
            tree.children.setdefault(parent, []).append(code)

    def make_indicator(self, code: str, tree: _Tree) -> Indicator:
        """The indicator ``code`` with its items or its sub-indicators (taken out of ``tree``)."""
        table, where = tree.indicators[code]
        items = tuple(tree.items.pop(code, []))
        parts = tuple(self.make_indicator(c, tree) for c in tree.children.get(code, []))
        weight = self.decimal(table, "weight", where)
        if weight <= 0:
            self.problem(f"{where}.weight", _("must be positive, got {value}").format(value=shown_number(weight)))
        if items and parts:
            self.problem(where, _("an indicator holds either items or sub-indicators, not both"))
        if not items and not parts:
            self.problem(where, _("has no items"))
        if parts:
            self.check_sum(f"{where}.weight", weight, [p.weight for p in parts], _("its sub-indicators"))
        return Indicator(
            code=code,
            label=self.label(table, where),
            weight=weight,
            source=self.get(table, "source", where, str) or "",
            parent=str(table.get("parent")),
            items=items,
            parts=parts,
        )

    def build_subcomponent(
        self,
        stable: Mapping[str, Any],
        swhere: str,
        ccode: str,
        tree: _Tree,
        area_tables: Mapping[int, tuple[Mapping[str, Any], str]],
        sub_codes: set[str],
    ) -> SubComponent:
        """One sub-component: its halves of the change areas (a weight under its code in ``[[areas]]``) and the
        indicators directly under it. A half's code is ``half_prefix`` (by default the sub-component code's first
        letter, upper-cased: ``P`` for pemenuhan, ``R`` for reform) followed by the area number."""
        scode = self.get(stable, "code", swhere, str) or f"?{swhere}"
        if scode in sub_codes:
            self.problem(f"{swhere}.code", _("duplicate sub-component code {code}").format(code=repr(scode)))
        sub_codes.add(scode)
        prefix = stable.get("half_prefix", scode[:1].upper())
        if not isinstance(prefix, str) or not prefix:
            self.problem(
                f"{swhere}.half_prefix", _("expected a non-empty string, got {value}").format(value=repr(prefix))
            )
            prefix = scode[:1].upper()
        halves = []
        for number, (atable, awhere) in sorted(area_tables.items()):
            if scode not in atable:
                continue
            hcode = f"{prefix}{number}"
            hweight = self.decimal(atable, scode, awhere)
            inds = tuple(self.make_indicator(c, tree) for c in tree.children.pop(hcode, []))
            if not inds:
                self.problem(f"{awhere}.{scode}", _("area half {code} has no indicators").format(code=hcode))
            self.check_sum(
                f"{awhere}.{scode}", hweight, [x.weight for x in inds], _("the indicators of {code}").format(code=hcode)
            )
            halves.append(AreaHalf(hcode, number, scode, hweight, inds))
        direct = tuple(self.make_indicator(c, tree) for c in tree.children.pop(scode, []))
        sweight = self.decimal(stable, "weight", swhere)
        parts = [h.weight for h in halves] + [x.weight for x in direct]
        self.check_sum(f"{swhere}.weight", sweight, parts, _("the areas and indicators of {code}").format(code=scode))
        return SubComponent(
            code=scode,
            label=self.label(stable, swhere),
            weight=sweight,
            source=self.get(stable, "source", swhere, str) or "",
            component=ccode,
            halves=tuple(halves),
            indicators=direct,
        )

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
                self.problem(
                    f"{where}.kind", _("expected choice, index or count, got {value}").format(value=repr(kind_raw))
                )
            return None
        soal = tuple(self.get(table, "soal", where, list) or ())
        for s in soal:
            if not isinstance(s, int) or isinstance(s, bool):
                self.problem(f"{where}.soal", _("soal ids are whole numbers, got {value}").format(value=repr(s)))
            elif s in seen_soal:
                self.problem(
                    f"{where}.soal", _("soal {soal} already belongs to {code}").format(soal=s, code=seen_soal[s])
                )
            else:
                seen_soal[s] = code
        row = table.get("row")
        if row is not None and (not isinstance(row, int) or isinstance(row, bool)):
            self.problem(f"{where}.row", _("expected a whole number, got {value}").format(value=repr(row)))
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
                self.problem(f"{where}.scale", _("unknown scale {name}").format(name=repr(scale_name)))
            return None
        if (kind is ItemKind.CHOICE) != scale.is_choice:
            self.problem(
                f"{where}.scale",
                _("scale {name} does not fit an item of kind {kind}").format(
                    name=repr(scale_name), kind=repr(kind.value)
                ),
            )
        return Item(scale=scale, **common)  # type: ignore[arg-type]

    def build_count_item(self, table: Mapping[str, Any], where: str, common: dict[str, Any]) -> Item | None:
        inputs = []
        names: set[str] = set()
        for j, itable in enumerate(table.get("inputs", [])):
            iwhere = f"{where}.inputs[{j}]"
            name = self.get(itable, "name", iwhere, str) or ""
            if name in names:
                self.problem(f"{iwhere}.name", _("duplicate input {name}").format(name=repr(name)))
            names.add(name)
            soal = self.get(itable, "soal", iwhere, int)
            inputs.append(CountInput(name, soal or 0, itable.get("row"), self.label(itable, iwhere)))
        if not inputs:
            self.problem(f"{where}.inputs", _("a count item needs named inputs"))
        if sorted(i.soal for i in inputs) != sorted(common["soal"]):
            self.problem(f"{where}.soal", _("must list the soal ids of its inputs"))
        formula_raw = self.get(table, "formula", where, str)
        try:
            formula_kind = FormulaKind(formula_raw)
        except ValueError:
            if formula_raw is not None:
                self.problem(
                    f"{where}.formula",
                    _("expected ratio, ratio_of_sum or decrease_ratio, got {value}").format(value=repr(formula_raw)),
                )
            return None
        numerator = tuple(self.get(table, "numerator", where, list) or ())
        denominator = tuple(self.get(table, "denominator", where, list) or ())
        for key, group in (("numerator", numerator), ("denominator", denominator)):
            for name in group:
                if name not in names:
                    self.problem(f"{where}.{key}", _("{name} is not one of the inputs").format(name=repr(name)))
        if formula_kind is not FormulaKind.RATIO_OF_SUM and (len(numerator) != 1 or len(denominator) != 1):
            self.problem(
                f"{where}.formula",
                _("{formula} takes one numerator and one denominator").format(formula=formula_kind.value),
            )
        at_most = []
        for j, rule in enumerate(table.get("at_most", [])):
            left = tuple(rule.get("left", ()))
            right = tuple(rule.get("right", ()))
            for name in left + right:
                if name not in names:
                    self.problem(f"{where}.at_most[{j}]", _("{name} is not one of the inputs").format(name=repr(name)))
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
                    self.problem(
                        f"{where}.zero_denominator",
                        _("expected 'zero' or 'full', got {value}").format(value=repr(policy)),
                    )
                return Decimal(0), ""
            return ZERO_DENOMINATOR_VALUES[policy], self.get(table, "zero_denominator_source", where, str) or ""
        if kind is FormulaKind.DECREASE_RATIO and "when_denominator_is_zero" not in table:
            return Decimal(1), ""
        value = self.decimal(table, "when_denominator_is_zero", where)
        if value not in ZERO_DENOMINATOR_VALUES.values():
            self.problem(
                f"{where}.when_denominator_is_zero", _("expected 0 or 1, got {value}").format(value=shown_number(value))
            )
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
            self.problem(
                key,
                _("weight {expected} differs from the sum of {what} ({total})").format(
                    expected=shown_number(expected), what=what, total=shown_number(sum(parts, Decimal(0)))
                ),
            )

    def check_sums(self, total: Decimal, components: tuple[Component, ...]) -> None:
        self.check_sum("total", total, [c.weight for c in components], _("the components"))
