"""The reader under the rulebook loader: typed access to parsed TOML that collects every problem with its key."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from .decimals import parse_decimal
from .i18n import N_, or_list
from .i18n import gettext as _
from .labels import Label
from .rulebook import Component, Item


class Reader:
    """Reads values from parsed TOML; a wrong or missing value becomes a problem naming its key."""

    def __init__(self, data: Mapping[str, Any], source: str, digest: str, text: str) -> None:
        self.data = data
        self.source = source
        self.digest = digest
        self.text = text
        self.problems: list[str] = []

    # -- small readers ---------------------------------------------------------------------------------------
    def problem(self, key: str, message: str) -> None:
        self.problems.append(_("{key}: {problem}").format(key=key, problem=message))

    def get(self, table: Mapping[str, Any], key: str, where: str, kind: type | tuple[type, ...]) -> Any:
        if key not in table:
            self.problem(f"{where}.{key}" if where else key, _("missing"))
            return None
        value = table[key]
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            self.problem(
                f"{where}.{key}" if where else key,
                _("expected {kind}, got {value}").format(kind=kind_name(kind), value=repr(value)),
            )
            return None
        return value

    def decimal(self, table: Mapping[str, Any], key: str, where: str) -> Decimal:
        raw = self.get(table, key, where, (str, int))
        if raw is None:
            return Decimal(0)
        try:
            return parse_decimal(raw)
        except ValueError:
            self.problem(f"{where}.{key}", _("expected a decimal number, got {value}").format(value=repr(raw)))
            return Decimal(0)

    def label(self, table: Mapping[str, Any], where: str) -> Label:
        raw = self.get(table, "label", where, dict)
        if raw is None:
            return Label("", "")
        ident = self.get(raw, "id", f"{where}.label", str)
        en = self.get(raw, "en", f"{where}.label", str)
        return Label(ident or "", en or "")

    def date(self, table: Mapping[str, Any], key: str, where: str) -> dt.date | None:
        raw = table.get(key)
        if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
            return raw
        self.problem(
            f"{where}.{key}", _("expected a TOML date such as 2021-12-31, got {value}").format(value=repr(raw))
        )
        return None

    def tables(self, key: str) -> list[Mapping[str, Any]]:
        raw = self.data.get(key)
        if not isinstance(raw, list) or not all(isinstance(t, dict) for t in raw):
            self.problem(key, _("missing or not an array of tables"))
            return []
        return raw

    # -- the build -------------------------------------------------------------------------------------------


def items_of(components: tuple[Component, ...]) -> dict[str, Item]:
    """Every item under ``components`` by code."""
    return {
        it.code: it
        for comp in components
        for sub in comp.subcomponents
        for ind in [*sub.indicators, *(i for h in sub.halves for i in h.indicators)]
        for it in ind.walk_items()
    }


_KIND_NAMES = {
    str: N_("a string"),
    int: N_("a whole number"),
    dict: N_("a table"),
    list: N_("an array"),
    bool: N_("true or false"),
}


def kind_name(kind: type | tuple[type, ...]) -> str:
    """What a TOML value of ``kind`` is called in a message (``a string or a whole number``)."""
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return or_list([_(_KIND_NAMES[k]) if k in _KIND_NAMES else k.__name__ for k in kinds])
