"""The store's schema and its chains: the forward migrations, the append-only triggers, the hash (or HMAC) of
every link, and events as stored JSON. Private to :mod:`zona_integritas.store`, which re-exports what it needs."""

from __future__ import annotations

import functools
import hashlib
import hmac
import json

from .events import EVENT_TYPES, Event

__all__ = [
    "APPLICATION_ID",
    "CHECKPOINT_HEADER",
    "GENESIS",
    "MIGRATIONS",
    "ROW_CONTENT",
    "TABLES",
    "TRIGGERS",
    "digest",
    "event_from",
    "event_hash",
    "event_json",
    "row_hash",
]

#: SQLite's ``application_id`` of a store file ("ZIST").
APPLICATION_ID = 0x5A495354
GENESIS = "0" * 64
CHECKPOINT_HEADER = "zona-integritas store checkpoint 1"
TABLES = ("units", "worksheets", "surveys")


_MIGRATION_1 = (
    "CREATE TABLE instansi (id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL)",
    "CREATE TABLE units (id TEXT PRIMARY KEY, name TEXT NOT NULL, instansi_id TEXT NOT NULL REFERENCES instansi(id),"
    " kind TEXT NOT NULL, rulebook TEXT NOT NULL, windows TEXT NOT NULL DEFAULT '{}',"
    f" head_count INTEGER NOT NULL DEFAULT 0, head_hash TEXT NOT NULL DEFAULT '{GENESIS}')",
    "CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, unit_id TEXT NOT NULL REFERENCES units(id),"
    " position INTEGER NOT NULL, kind TEXT NOT NULL, on_date TEXT NOT NULL, payload TEXT NOT NULL,"
    " prev_hash TEXT NOT NULL, hash TEXT NOT NULL, UNIQUE (unit_id, position))",
    "CREATE TRIGGER events_no_update BEFORE UPDATE ON events"
    " BEGIN SELECT RAISE(ABORT, 'journey events are append-only'); END",
    "CREATE TRIGGER events_no_delete BEFORE DELETE ON events"
    " BEGIN SELECT RAISE(ABORT, 'journey events are append-only'); END",
    "CREATE TABLE worksheets (id INTEGER PRIMARY KEY AUTOINCREMENT, unit_id TEXT NOT NULL REFERENCES units(id),"
    " cycle INTEGER NOT NULL, assessor TEXT NOT NULL, payload TEXT NOT NULL)",
    "CREATE INDEX worksheets_by_unit ON worksheets (unit_id, cycle, assessor, id)",
)
_MIGRATION_2 = (
    "CREATE TABLE surveys (id INTEGER PRIMARY KEY AUTOINCREMENT, unit_id TEXT NOT NULL REFERENCES units(id),"
    " cycle INTEGER NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL)",
    "CREATE INDEX events_by_kind ON events (kind, unit_id)",
)


def _append_only(table: str, what: str) -> tuple[str, str]:
    return (
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} BEGIN SELECT RAISE(ABORT, '{what}'); END",
        f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} BEGIN SELECT RAISE(ABORT, '{what}'); END",
    )


_MIGRATION_3 = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "ALTER TABLE units ADD COLUMN prev_hash TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE units ADD COLUMN hash TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE worksheets ADD COLUMN prev_hash TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE worksheets ADD COLUMN hash TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE surveys ADD COLUMN prev_hash TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE surveys ADD COLUMN hash TEXT NOT NULL DEFAULT ''",
    *_append_only("worksheets", "worksheets are append-only"),
    *_append_only("surveys", "survey results are append-only"),
    *_append_only("instansi", "instansi rows are append-only"),
    "CREATE TRIGGER units_fixed BEFORE UPDATE OF id, name, instansi_id, kind, rulebook, windows, prev_hash, hash"
    " ON units BEGIN SELECT RAISE(ABORT, 'a unit row is fixed once written'); END",
    "CREATE TRIGGER units_no_delete BEFORE DELETE ON units BEGIN SELECT RAISE(ABORT, 'units are append-only'); END",
    f"PRAGMA application_id = {APPLICATION_ID}",
)

#: Forward migrations: entry n brings a version-n file to version n + 1.
MIGRATIONS: dict[int, tuple[str, ...]] = {0: _MIGRATION_1, 1: _MIGRATION_2, 2: _MIGRATION_3}

#: The triggers a current store holds (verify reports a missing, altered or extra one).
TRIGGERS = {
    statement.split()[2]: statement
    for statement in (*_MIGRATION_1, *_MIGRATION_3)
    if statement.startswith("CREATE TRIGGER")
}


def digest(key: bytes | None, text: str) -> str:
    data = text.encode("utf-8", "surrogatepass")
    if key is None:
        return hashlib.sha256(data).hexdigest()
    return hmac.new(key, data, hashlib.sha256).hexdigest()


def event_hash(prev: str, unit_id: str, position: int, payload: str, key: bytes | None = None) -> str:
    """The link of one journey event: SHA-256, or HMAC-SHA256 with the store's key."""
    return digest(key, f"{prev}\n{unit_id}\n{position}\n{payload}")


def row_hash(key: bytes | None, prev: str, table: str, position: int, content: str) -> str:
    return digest(key, f"{prev}\n{table}\n{position}\n{content}")


ROW_CONTENT = {
    "units": "SELECT u.rowid, u.id || char(10) || u.name || char(10) || u.instansi_id || char(10) || i.name"
    " || char(10) || i.kind || char(10) || u.kind || char(10) || u.rulebook || char(10) || u.windows,"
    " u.prev_hash, u.hash FROM units u JOIN instansi i ON i.id = u.instansi_id ORDER BY u.rowid",
    "worksheets": "SELECT id, unit_id || char(10) || cycle || char(10) || assessor || char(10) || payload,"
    " prev_hash, hash FROM worksheets ORDER BY id",
    "surveys": "SELECT id, unit_id || char(10) || cycle || char(10) || kind || char(10) || payload,"
    " prev_hash, hash FROM surveys ORDER BY id",
}


@functools.lru_cache(maxsize=4096)
def event_json(event: Event) -> str:
    from .io.payloads import converter

    return json.dumps(
        {"kind": event.kind, **converter.unstructure(event)}, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )


@functools.lru_cache(maxsize=4096)
def event_from(payload: str) -> Event:
    """An event from its stored JSON (cached: events are immutable values)."""
    from .io.payloads import converter

    data = json.loads(payload)
    kind = data.pop("kind")
    event: Event = converter.structure(data, EVENT_TYPES[kind])
    return event
