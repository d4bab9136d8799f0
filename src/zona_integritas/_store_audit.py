"""What :meth:`~zona_integritas.store.Store.verify` checks, on an open connection: the triggers, every unit's event
chain, the chains of the units, worksheets and survey results, and checkpoints (rows cut from the end of a chain,
a history rewritten). Private to :mod:`zona_integritas.store`; every problem is a message in the current
language."""

from __future__ import annotations

import hmac
import json
import sqlite3

from ._store_schema import (
    CHECKPOINT_HEADER,
    GENESIS,
    ROW_CONTENT,
    TABLES,
    TRIGGERS,
    event_from,
    event_hash,
    row_hash,
)
from ._store_schema import digest as keyed_digest
from .i18n import gettext as _
from .i18n import ngettext

__all__ = ["Broken", "checkpoint_problems", "event_chain_problems", "table_problems", "trigger_problems"]

#: The first broken link of a unit's chain: (unit id, position, why).
Broken = tuple[str, int, str]


def _meta(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def trigger_problems(db: sqlite3.Connection) -> list[str]:
    found = {name: sql for name, sql in db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")}
    problems = [_("trigger {name} is missing").format(name=name) for name in TRIGGERS if name not in found]
    problems += [
        _("trigger {name} was altered").format(name=name)
        for name, sql in found.items()
        if name in TRIGGERS and sql != TRIGGERS[name]
    ]
    problems += [
        _("trigger {name} is not one of the store's").format(name=name) for name in found if name not in TRIGGERS
    ]
    return problems


def event_chain_problems(db: sqlite3.Connection, key: bytes | None) -> list[Broken]:
    out: list[Broken] = []
    for unit_id, head_count, head_hash in db.execute(
        "SELECT id, head_count, head_hash FROM units ORDER BY id"
    ).fetchall():
        found = _unit_chain_problem(db, unit_id, head_count, head_hash, key)
        if found is not None:
            out.append(found)
    for unit_id, count in db.execute(
        "SELECT unit_id, COUNT(*) FROM events WHERE unit_id NOT IN (SELECT id FROM units) GROUP BY unit_id"
    ).fetchall():
        words = ngettext("{n} event belongs to no unit", "{n} events belong to no unit", count).format(n=count)
        out.append((str(unit_id), 0, words))
    return out


def _unit_chain_problem(
    db: sqlite3.Connection, unit_id: str, head_count: int, head_hash: str, key: bytes | None
) -> Broken | None:
    prev, expected = GENESIS, 0
    for position, kind, on_date, payload, prev_hash, digest in db.execute(
        "SELECT position, kind, on_date, payload, prev_hash, hash FROM events WHERE unit_id = ? ORDER BY position",
        (unit_id,),
    ):
        if position != expected:
            missing = _("event {expected} is missing (next stored is {position})").format(
                expected=expected, position=position
            )
            return (unit_id, expected, missing)
        if prev_hash != prev:
            return (unit_id, position, _("its link to the previous event does not match"))
        if not hmac.compare_digest(event_hash(prev, unit_id, position, payload, key), digest):
            return (unit_id, position, _("its content was altered (hash mismatch)"))
        try:
            event = event_from(payload)
        except Exception:
            return (unit_id, position, _("its content is not a journey event"))
        if event.kind != kind or event.on.isoformat() != on_date:
            return (unit_id, position, _("its kind or date column differs from its content"))
        prev, expected = digest, expected + 1
    if expected != head_count or prev != head_hash:
        return (
            unit_id,
            expected,
            ngettext(
                "the chain ends at {found} event but the unit records {recorded}",
                "the chain ends at {found} events but the unit records {recorded}",
                expected,
            ).format(found=expected, recorded=head_count),
        )
    return None


def table_problems(db: sqlite3.Connection, key: bytes | None) -> list[str]:
    problems: list[str] = []
    for table in TABLES:
        prev, count = GENESIS, 0
        for rowid, content, prev_hash, digest in db.execute(ROW_CONTENT[table]):
            if content is None:
                problems.append(_("{table} row {row}: a required value is missing").format(table=table, row=rowid))
                break
            if prev_hash != prev:
                problems.append(
                    _("{table} row {row} (number {number}): its link to the previous row does not match").format(
                        table=table, row=rowid, number=count
                    )
                )
                break
            if not hmac.compare_digest(row_hash(key, prev, table, count, content), digest):
                problems.append(
                    _("{table} row {row} (number {number}): its content was altered (hash mismatch)").format(
                        table=table, row=rowid, number=count
                    )
                )
                break
            prev, count = digest, count + 1
        else:
            head = _meta(db, f"head:{table}")
            if head != f"{count} {prev}":
                problems.append(
                    ngettext(
                        "the {table} chain ends at {count} row but the store records {head}",
                        "the {table} chain ends at {count} rows but the store records {head}",
                        count,
                    ).format(table=table, count=count, head=head)
                )
    for table in ("worksheets", "surveys"):
        for rowid, unit_id in db.execute(
            f"SELECT id, unit_id FROM {table} WHERE unit_id NOT IN (SELECT id FROM units) ORDER BY id"
        ):
            problems.append(
                _("{table} row {row} belongs to no unit ({unit!r})").format(table=table, row=rowid, unit=unit_id)
            )
    return problems


def checkpoint_problems(db: sqlite3.Connection, text: str, key: bytes | None) -> list[str]:
    lines = [line for line in str(text).strip().splitlines() if line.strip()]
    if not lines or lines[0] != CHECKPOINT_HEADER or not lines[-1].startswith("signature "):
        return [_("not a store checkpoint")]
    body, signature = "\n".join(lines[:-1]), lines[-1].split(" ", 1)[1]
    if key is not None and not hmac.compare_digest(signature, keyed_digest(key, body)):
        return [_("its signature does not match this store's key (forged, altered or from another store)")]
    problems = []
    for line in lines[1:-1]:
        parts = line.split(" ", 3)
        try:
            if parts[0] == "chain":
                continue
            if parts[0] in TABLES:
                problems += _table_prefix_problem(db, parts[0], int(parts[1]), parts[2], key)
            elif parts[0] == "unit":
                problems += _unit_prefix_problem(db, json.loads(parts[3]), int(parts[1]), parts[2])
            else:
                problems.append(_("unreadable line {line!r}").format(line=line[:80]))
        except (IndexError, ValueError):
            problems.append(_("unreadable line {line!r}").format(line=line[:80]))
    return problems


def _unit_prefix_problem(db: sqlite3.Connection, unit_id: str, count: int, head: str) -> list[str]:
    if count == 0:
        return []
    row = db.execute("SELECT hash FROM events WHERE unit_id = ? AND position = ?", (unit_id, count - 1)).fetchone()
    if row is None:
        return [
            ngettext(
                "unit {unit!r} had {n} event; events were removed since",
                "unit {unit!r} had {n} events; events were removed since",
                count,
            ).format(unit=unit_id, n=count)
        ]
    if row[0] != head:
        return [
            _("unit {unit!r}: the history up to event {position} was rewritten since").format(
                unit=unit_id, position=count - 1
            )
        ]
    return []


def _table_prefix_problem(db: sqlite3.Connection, table: str, count: int, head: str, key: bytes | None) -> list[str]:
    if count == 0:
        return []
    row = db.execute(ROW_CONTENT[table].replace("ORDER BY", "ORDER BY") + f" LIMIT 1 OFFSET {count - 1}").fetchone()
    if row is None:
        return [
            ngettext(
                "the store had {count} {table} row; rows were removed since",
                "the store had {count} {table} rows; rows were removed since",
                count,
            ).format(count=count, table=table)
        ]
    if row[3] != head:
        return [_("the {table} rows up to number {number} were rewritten since").format(table=table, number=count - 1)]
    return []


# -- worksheets and surveys ----------------------------------------------------------------------------------
