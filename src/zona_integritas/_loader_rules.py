"""Builders of the rulebook's rules: verdict criteria, kawasan rules, eligibility, process and surveys."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ._loader_reader import Reader, items_of
from .decimals import parse_decimal, shown_number
from .i18n import gettext as _
from .labels import Label
from .rulebook import (
    Amendment,
    Area,
    BuildingPeriod,
    Compare,
    Component,
    Criterion,
    CriterionKind,
    EligibilityCondition,
    EligibilityRules,
    Indicator,
    InForce,
    ItemCode,
    ItemKind,
    KawasanRule,
    PerceptionSurveyRules,
    Predicate,
    ProcessRules,
    RevocationBar,
    SurveyAspect,
    SurveyRules,
)

_COMPARES = {c.value for c in Compare}


class RuleTables(Reader):
    """The ``[[criteria]]``, ``[[kawasan]]``, ``[eligibility]``, ``[process]`` and ``[surveys]`` tables."""

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
            self.problem(f"{where}.{key}", _("expected 'WBK' or 'WBBM', got {value}").format(value=repr(raw)))
            return None

    def build_criteria(self, node_codes: set[str], scales_items: tuple[Component, ...]) -> tuple[Criterion, ...]:
        if "criteria" not in self.data:
            return ()
        items = items_of(scales_items)
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
                self.problem(
                    f"{where}.kind",
                    _("expected minimum, each_area or prior_predicate, got {value}").format(value=repr(kind_raw)),
                )
                continue
            if predicate is None or key is None:
                continue
            where = f"{where} ({predicate.value} {key})"
            if (predicate, key) in seen:
                self.problem(where, _("duplicate criterion"))
            seen.add((predicate, key))
            node = index_item = None
            minimum = index_minimum = None
            requires = None
            if kind is CriterionKind.MINIMUM:
                node = self.get(table, "node", where, str)
                if node is not None and node not in node_codes:
                    self.problem(f"{where}.node", _("unknown score card node {code}").format(code=repr(node)))
                minimum = self.decimal(table, "minimum", where)
            elif kind is CriterionKind.EACH_AREA:
                minimum = self.decimal(table, "minimum", where)
                if not Decimal(0) < minimum <= Decimal(100):
                    self.problem(
                        f"{where}.minimum",
                        _("a percentage in (0, 100] is expected, got {value}").format(value=shown_number(minimum)),
                    )
            else:
                requires = self.predicate(table, "requires", where)
            if "index_item" in table:
                index_item = self.get(table, "index_item", where, str)
                index_minimum = self.decimal(table, "index_minimum", where)
                item = items.get(index_item or "")
                if item is None or item.scale is None or item.scale.maximum is None:
                    self.problem(f"{where}.index_item", _("{code} is not an index item").format(code=repr(index_item)))
                elif minimum is not None and node is not None:
                    weight = self.node_weight(node, scales_items)
                    low, high = item.scale.minimum or Decimal(0), item.scale.maximum
                    points = (index_minimum - low) / (high - low) * weight
                    if points != minimum:
                        self.problem(
                            f"{where}.index_minimum",
                            _("index {index} gives {points} points, not the minimum {minimum}").format(
                                index=shown_number(index_minimum),
                                points=shown_number(points),
                                minimum=shown_number(minimum),
                            ),
                        )
            survey = table.get("survey", False)
            if not isinstance(survey, bool):
                self.problem(f"{where}.survey", _("expected true or false, got {value}").format(value=repr(survey)))
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

    def build_eligibility(self, process: ProcessRules | None) -> EligibilityRules | None:
        """The ``[eligibility]`` table. The revocation bar and the building period are the ``[process]`` table's
        (one rule, one place): a ``months_at_least`` condition without ``required`` takes the building period.
        """
        if "eligibility" not in self.data:
            return None
        where = "eligibility"
        table = self.get(self.data, "eligibility", "", dict) or {}
        orders_raw = self.get(table, "orders", where, dict) or {}
        orders: dict[str, tuple[str, ...]] = {}
        for name, values in orders_raw.items():
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values) or not values:
                self.problem(f"{where}.orders.{name}", _("expected a non-empty array of strings, best first"))
                continue
            orders[name] = tuple(values)
        conditions = []
        for i, ctable in enumerate(table.get("conditions", [])):
            cwhere = f"{where}.conditions[{i}]"
            predicate = self.predicate(ctable, "predicate", cwhere)
            key = self.get(ctable, "key", cwhere, str) or ""
            compare = self.get(ctable, "compare", cwhere, str) or ""
            if compare not in _COMPARES:
                self.problem(
                    f"{cwhere}.compare",
                    _("expected one of {options}, got {value}").format(
                        options=", ".join(sorted(_COMPARES)), value=repr(compare)
                    ),
                )
            level = self.get(ctable, "level", cwhere, str) or ""
            if level not in ("instansi", "unit"):
                self.problem(
                    f"{cwhere}.level", _("expected 'instansi' or 'unit', got {value}").format(value=repr(level))
                )
            applies_to = ctable.get("applies_to", "all")
            if applies_to not in ("all", "pemda", "kl"):
                self.problem(
                    f"{cwhere}.applies_to", _("expected all, pemda or kl, got {value}").format(value=repr(applies_to))
                )
            required = ctable.get("required")
            if required is None and compare == "months_at_least" and process is not None:
                required = str(process.building.months)
            order = ctable.get("order")
            if compare == "at_least":
                if order not in orders:
                    self.problem(f"{cwhere}.order", _("unknown order {name}").format(name=repr(order)))
                elif required not in orders[order]:
                    self.problem(
                        f"{cwhere}.required",
                        _("{value} is not in order {name}").format(value=repr(required), name=repr(order)),
                    )
            waivable = ctable.get("afirmasi_waivable", False)
            if not isinstance(waivable, bool):
                self.problem(
                    f"{cwhere}.afirmasi_waivable", _("expected true or false, got {value}").format(value=repr(waivable))
                )
                waivable = False
            if compare in ("number_at_least", "number_at_most", "months_at_least"):
                try:
                    parse_decimal(required)
                except ValueError:
                    self.problem(f"{cwhere}.required", _("expected a number, got {value}").format(value=repr(required)))
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
                self.problem(
                    f"{where}.afirmasi_targets", _("expected 'WBK' or 'WBBM', got {value}").format(value=repr(raw))
                )
        return EligibilityRules(
            conditions=tuple(conditions),
            orders=orders,
            afirmasi_kinds=tuple(self.get(table, "afirmasi_kinds", where, list) or ())
            if "afirmasi_kinds" in table
            else (),
            afirmasi_targets=tuple(targets),
            afirmasi_source=self.get(table, "afirmasi_source", where, str) or "" if "afirmasi_kinds" in table else "",
            revocation=self.revocation_bar(table, process),
            saturation_share=self.decimal(table, "saturation_share", where) if "saturation_share" in table else None,
            saturation_source=self.get(table, "saturation_source", where, str) or ""
            if "saturation_share" in table
            else "",
            kkn_source=str(table.get("kkn_source", "")),
        )

    def revocation_bar(self, table: Mapping[str, Any], process: ProcessRules | None) -> RevocationBar:
        """The revocation bar for eligibility: the ``[process]`` one; a copy in ``[eligibility]`` must agree."""
        if "revocation_bar_years" in table:
            years = self.get(table, "revocation_bar_years", "eligibility", int)
            if process is None:
                return RevocationBar(years or 0, self.get(table, "revocation_source", "eligibility", str) or "")
            if years != process.revocation.years:
                self.problem(
                    "eligibility.revocation_bar_years",
                    _(
                        "{value} differs from process.revocation_bar_years ({years}); state the bar once, in [process]"
                    ).format(value=repr(years), years=process.revocation.years),
                )
        if process is None:  # a rulebook without journeys: the bar, if any, is stated in [eligibility]
            return RevocationBar(0, "")
        return process.revocation

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
            self.problem(f"{where}.end", _("{end} is before the start {start}").format(end=end, start=start))
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
            self.note(table, "not_modelled", where),
        )

    def note(self, table: Mapping[str, Any], key: str, where: str) -> Label:
        """An optional note: a ``{ id = ..., en = ... }`` table in both languages, or one text for both."""
        raw = table.get(key, "")
        if isinstance(raw, dict):
            ident = self.get(raw, "id", f"{where}.{key}", str)
            en = self.get(raw, "en", f"{where}.{key}", str)
            return Label(ident or "", en or "")
        if not isinstance(raw, str):
            self.problem(f"{where}.{key}", _("expected {kind}, got {value}").format(kind=_("a table"), value=repr(raw)))
            return Label("", "")
        return Label(raw, raw)

    def build_process(self) -> ProcessRules | None:
        """The ``[process]`` table: deadline, building period, revocation bar and monitoring interval."""
        if "process" not in self.data:
            return None
        process = self.get(self.data, "process", "", dict)
        if process is None:
            return None
        deadline = (5, 31)
        raw = self.get(process, "proposal_deadline", "process", str)
        if raw is not None:
            try:
                month, day = (int(x) for x in raw.split("-"))
                dt.date(2024, month, day)  # a leap year, so 02-29 is accepted
                deadline = (month, day)
            except ValueError:
                self.problem("process.proposal_deadline", _("expected MM-DD, got {value}").format(value=repr(raw)))
        numbers = {}
        for key in ("building_months", "revocation_bar_years", "monitoring_interval_years"):
            value = self.get(process, key, "process", int)
            if value is not None and value < 0:
                self.problem(f"process.{key}", _("must not be negative, got {value}").format(value=value))
            numbers[key] = value or 0

        def text(key: str) -> str:
            return self.get(process, key, "process", str) or ""

        return ProcessRules(
            proposal_deadline=deadline,
            proposal_deadline_source=text("proposal_deadline_source"),
            building=BuildingPeriod(numbers["building_months"], text("building_source")),
            revocation=RevocationBar(numbers["revocation_bar_years"], text("revocation_source")),
            monitoring_interval_years=numbers["monitoring_interval_years"],
            monitoring_source=text("monitoring_source"),
            mandiri_from=self.date(process, "mandiri_from", "process") if "mandiri_from" in process else None,
            mandiri_source=text("mandiri_source") if "mandiri_from" in process else "",
        )

    def build_surveys(self, components: tuple[Component, ...]) -> SurveyRules | None:
        """The ``[surveys]`` table: respondent rules and the IPAK/IPKP items with their aspects."""
        if "surveys" not in self.data:
            return None
        surveys = self.get(self.data, "surveys", "", dict)
        if surveys is None:
            return None
        items = items_of(components)
        perceptions = []
        for kind in ("ipak", "ipkp"):
            table = self.get(surveys, kind, "surveys", dict)
            if table is None:
                continue
            where = f"surveys.{kind}"
            code = self.get(table, "item", where, str)
            if code is not None and (code not in items or items[code].kind is not ItemKind.INDEX):
                self.problem(f"{where}.item", _("{code} is not an index item").format(code=repr(code)))
            raw_aspects = self.get(table, "aspects", where, list) or []
            codes = [a.get("code") for a in raw_aspects if isinstance(a, dict)]
            if not raw_aspects or len(codes) != len(raw_aspects) or len(set(codes)) != len(codes):
                self.problem(
                    f"{where}.aspects", _("expected a non-empty list of {{code, label}} with unique codes").format()
                )
            aspects = []
            for j, aspect in enumerate(raw_aspects):
                if isinstance(aspect, dict):
                    acode = self.get(aspect, "code", f"{where}.aspects[{j}]", str) or ""
                    aspects.append(SurveyAspect(acode, self.label(aspect, f"{where}.aspects[{j}]")))
            perceptions.append(
                PerceptionSurveyRules(
                    kind=kind,
                    item=ItemCode(code or ""),
                    label=self.label(table, where),
                    source=self.get(table, "source", where, str) or "",
                    aspects=tuple(aspects),
                )
            )
        minimum = self.get(surveys, "minimum_respondents", "surveys", int)
        if minimum is not None and minimum < 1:
            self.problem("surveys.minimum_respondents", _("must be at least 1, got {value}").format(value=minimum))

        def text(key: str) -> str:
            return self.get(surveys, key, "surveys", str) or ""

        return SurveyRules(
            minimum_respondents=minimum or 0,
            minimum_respondents_source=text("minimum_respondents_source"),
            completed_service_source=text("completed_service_source"),
            coverage_source=text("coverage_source"),
            perceptions=tuple(perceptions),
        )
