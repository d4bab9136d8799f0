"""An embedded archive on SQLite: instansi, units, worksheets, survey results and journeys.

``zona_integritas.store.open("kota.db")`` opens (or creates) a store file in WAL mode, so several
processes may read while one writes. Every write is one transaction. Journey events are
append-only (triggers refuse UPDATE and DELETE) and each event row carries the hash of the previous
one: a hash chain per unit, whose head (count and last hash) is kept on the unit's row.
:meth:`Store.verify` reports the first broken link if any row was altered or deleted outside the
library. The schema is versioned with forward migrations; a file written by a newer library is
refused with a clear error. A database locked by another writer raises :class:`StoreLockedError`,
which is safe to retry.

>>> import tempfile, os, zona_integritas as zi
>>> from zona_integritas import examples, store
>>> db = store.open(os.path.join(tempfile.mkdtemp(), "kota.db"))
>>> kediri = zi.organization.Instansi("Pemerintah Kota Kediri", "pemda")
>>> db.add_unit(zi.organization.Unit("dpmptsp", examples.KEDIRI_UNIT_NAME, kediri, "ptsp"),
...             rulebook="permenpanrb-90-2021")
>>> db.record("dpmptsp", *examples.kediri_journey().events)
14
>>> db.verify()
>>> db.predicate_holders("WBK", on="1 Januari 2023")
['dpmptsp']
>>> db.close()
"""

from __future__ import annotations

import builtins
import datetime as dt
import functools
import hashlib
import json
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs

from .dates import parse_date
from .errors import InvalidAnswerError, ZonaIntegritasError
from .events import EVENT_TYPES, Event
from .journey import Journey, ProposalWindow, Stage
from .organization import Instansi, InstansiKind, Unit, UnitKind
from .rulebook import Predicate
from .rulebook_loader import load_rulebook
from .worksheet import Assessor, Worksheet

__all__ = [
    "SCHEMA_VERSION",
    "BrokenChain",
    "Store",
    "StoreError",
    "StoreLockedError",
    "StoreTamperedError",
    "StoreVersionError",
    "open",
]

#: The schema version this library writes.
SCHEMA_VERSION = 2
_GENESIS = "0" * 64


class StoreError(ZonaIntegritasError):
    """A problem with a store file."""


class StoreVersionError(StoreError):
    """The file was written by a newer version of the library (its schema is newer)."""


class StoreLockedError(StoreError, TimeoutError):
    """Another process holds the write lock; retrying later is safe (nothing was written)."""


class StoreTamperedError(StoreError):
    """:meth:`Store.verify` found a broken link in a unit's hash chain."""


@attrs.frozen
class BrokenChain:
    """The first broken link of a unit's chain."""

    unit_id: str
    position: int
    reason: str


_MIGRATION_1 = (
    "CREATE TABLE instansi (id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL)",
    "CREATE TABLE units (id TEXT PRIMARY KEY, name TEXT NOT NULL, instansi_id TEXT NOT NULL REFERENCES instansi(id),"
    " kind TEXT NOT NULL, rulebook TEXT NOT NULL, windows TEXT NOT NULL DEFAULT '{}',"
    f" head_count INTEGER NOT NULL DEFAULT 0, head_hash TEXT NOT NULL DEFAULT '{_GENESIS}')",
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


#: Forward migrations: entry n brings a version-n file to version n + 1.
MIGRATIONS: dict[int, tuple[str, ...]] = {0: _MIGRATION_1, 1: _MIGRATION_2}


def _hash(prev: str, unit_id: str, position: int, payload: str) -> str:
    return hashlib.sha256(f"{prev}\n{unit_id}\n{position}\n{payload}".encode()).hexdigest()


@functools.lru_cache(maxsize=4096)
def _event_json(event: Event) -> str:
    from .io.json import converter

    return json.dumps(
        {"kind": event.kind, **converter.unstructure(event)}, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )


@functools.lru_cache(maxsize=4096)
def _event_from(payload: str) -> Event:
    """An event from its stored JSON (cached: events are immutable values)."""
    from .io.json import converter

    data = json.loads(payload)
    kind = data.pop("kind")
    event: Event = converter.structure(data, EVENT_TYPES[kind])
    return event


class Store:
    """An open store file. Use :func:`open`; close it with :meth:`close` or a ``with`` block."""

    def __init__(self, path: str | Path, *, timeout: float = 5.0, _schema: int = SCHEMA_VERSION) -> None:
        self.path = Path(path)
        self._db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA foreign_keys = ON")
        try:
            mode = self._db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except sqlite3.OperationalError as exc:
            raise self._locked(exc) from None
        if mode != "wal":  # pragma: no cover - a file on a filesystem without WAL support
            raise StoreError(f"{self.path}: could not switch to WAL mode (got {mode!r})")
        self._db.execute("PRAGMA synchronous = FULL")
        self._migrate(_schema)

    # -- plumbing ----------------------------------------------------------------------------------------
    def _locked(self, exc: sqlite3.OperationalError) -> StoreError:
        if "locked" in str(exc) or "busy" in str(exc):
            return StoreLockedError(f"{self.path} is locked by another writer; try again ({exc})")
        return StoreError(f"{self.path}: {exc}")

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise self._locked(exc) from None
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        else:
            try:
                self._db.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                self._db.execute("ROLLBACK")
                raise self._locked(exc) from None

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """A consistent snapshot for several SELECTs (WAL readers never block the writer)."""
        if self._db.in_transaction:
            yield self._db
            return
        self._db.execute("BEGIN")
        try:
            yield self._db
        finally:
            self._db.execute("COMMIT")

    def _migrate(self, up_to: int = SCHEMA_VERSION) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreVersionError(
                f"{self.path} has schema version {version}, newer than this library's {SCHEMA_VERSION}: "
                "upgrade zona-integritas to open it"
            )
        while version < up_to:
            with self._write() as db:
                current = db.execute("PRAGMA user_version").fetchone()[0]
                if current != version:  # another process migrated meanwhile
                    version = current
                    continue
                for statement in MIGRATIONS[version]:
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {version + 1}")
            version += 1

    @property
    def schema_version(self) -> int:
        """The schema version of the file."""
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def close(self) -> None:
        """Close the file."""
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- organisation ----------------------------------------------------------------------------------------
    def add_unit(self, unit: Unit, *, rulebook: str, windows: Mapping[int, ProposalWindow] | None = None) -> None:
        """Add a unit (and its instansi if new); ``rulebook`` names the regulation its journey follows."""
        load_rulebook(rulebook, warn_superseded=False)
        encoded = json.dumps(
            {
                str(y): [w.opens.isoformat() if w.opens else None, w.closes.isoformat()]
                for y, w in (windows or {}).items()
            }
        )
        instansi_id = unit.instansi.name
        with self._write() as db:
            db.execute(
                "INSERT OR IGNORE INTO instansi (id, name, kind) VALUES (?, ?, ?)",
                (instansi_id, unit.instansi.name, unit.instansi.kind.value),
            )
            try:
                db.execute(
                    "INSERT INTO units (id, name, instansi_id, kind, rulebook, windows) VALUES (?, ?, ?, ?, ?, ?)",
                    (unit.id, unit.name, instansi_id, unit.kind.value, rulebook, encoded),
                )
            except sqlite3.IntegrityError:
                raise InvalidAnswerError(f"unit {unit.id!r} already exists in {self.path}") from None

    def unit(self, unit_id: str) -> Unit:
        """A unit by id (:class:`~zona_integritas.errors.UnknownItemError` if absent)."""
        row = self._db.execute(
            "SELECT u.id, u.name, u.kind, i.name, i.kind FROM units u JOIN instansi i ON i.id = u.instansi_id "
            "WHERE u.id = ?",
            (unit_id,),
        ).fetchone()
        if row is None:
            from .errors import UnknownItemError

            raise UnknownItemError(f"no unit {unit_id!r} in {self.path}")
        return Unit(row[0], row[1], Instansi(row[3], InstansiKind(row[4])), UnitKind(row[2]))

    def rulebook_of(self, unit_id: str) -> str:
        """The id of the rulebook a unit's journey follows."""
        row = self._db.execute("SELECT rulebook FROM units WHERE id = ?", (unit_id,)).fetchone()
        if row is None:
            from .errors import UnknownItemError

            raise UnknownItemError(f"no unit {unit_id!r} in {self.path}")
        return str(row[0])

    def units(self) -> builtins.list[Unit]:
        """Every unit, by id."""
        ids = [r[0] for r in self._db.execute("SELECT id FROM units ORDER BY id")]
        return [self.unit(i) for i in ids]

    # -- journeys ---------------------------------------------------------------------------------------------
    def _journey_from(self, db: sqlite3.Connection, unit_id: str) -> Journey:
        row = db.execute("SELECT name, rulebook, windows FROM units WHERE id = ?", (unit_id,)).fetchone()
        if row is None:
            from .errors import UnknownItemError

            raise UnknownItemError(f"no unit {unit_id!r} in {self.path}")
        windows = {int(y): ProposalWindow(c, o) for y, (o, c) in json.loads(row[2]).items()}
        events = [
            _event_from(p)
            for (p,) in db.execute("SELECT payload FROM events WHERE unit_id = ? ORDER BY position", (unit_id,))
        ]
        return Journey(unit_id, load_rulebook(row[1], warn_superseded=False), tuple(events), windows)

    def journey(self, unit_id: str) -> Journey:
        """The unit's journey, replayed from its events (every guard checked again)."""
        with self._read() as db:
            return self._journey_from(db, unit_id)

    def record(self, unit_id: str, *events: Event) -> int:
        """Append events to a unit's journey in one transaction; returns the unit's event count.

        The events pass the journey's guards first: a refused event raises
        :class:`~zona_integritas.errors.TransitionError` and nothing is written.
        """
        with self._write() as db:
            journey = self._journey_from(db, unit_id)
            journey.record(*events)
            count, prev = db.execute("SELECT head_count, head_hash FROM units WHERE id = ?", (unit_id,)).fetchone()
            for event in events:
                payload = _event_json(event)
                digest = _hash(prev, unit_id, count, payload)
                db.execute(
                    "INSERT INTO events (unit_id, position, kind, on_date, payload, prev_hash, hash) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (unit_id, count, event.kind, event.on.isoformat(), payload, prev, digest),
                )
                prev, count = digest, count + 1
            db.execute("UPDATE units SET head_count = ?, head_hash = ? WHERE id = ?", (count, prev, unit_id))
        return int(count)

    def verify(self) -> None:
        """Check every unit's hash chain; raise :class:`StoreTamperedError` naming the first broken link."""
        broken = self.first_broken_link()
        if broken is not None:
            raise StoreTamperedError(f"{self.path}: unit {broken.unit_id!r}, event {broken.position}: {broken.reason}")

    def first_broken_link(self) -> BrokenChain | None:
        """The first broken link of any unit's chain, or ``None`` when every chain is intact."""
        with self._read():
            return self._first_broken_link()

    def _first_broken_link(self) -> BrokenChain | None:
        for unit_id, head_count, head_hash in self._db.execute(
            "SELECT id, head_count, head_hash FROM units ORDER BY id"
        ).fetchall():
            prev, expected = _GENESIS, 0
            for position, payload, prev_hash, digest in self._db.execute(
                "SELECT position, payload, prev_hash, hash FROM events WHERE unit_id = ? ORDER BY position", (unit_id,)
            ):
                if position != expected:
                    return BrokenChain(unit_id, expected, f"event {expected} is missing (next stored is {position})")
                if prev_hash != prev:
                    return BrokenChain(unit_id, position, "its link to the previous event does not match")
                if _hash(prev, unit_id, position, payload) != digest:
                    return BrokenChain(unit_id, position, "its content was altered (hash mismatch)")
                prev, expected = digest, expected + 1
            if expected != head_count or prev != head_hash:
                return BrokenChain(
                    unit_id, expected, f"the chain ends at {expected} events but the unit records {head_count}"
                )
        return None

    # -- worksheets and surveys ----------------------------------------------------------------------------------
    def save_worksheet(self, unit_id: str, cycle: int, worksheet: Worksheet) -> None:
        """Store a worksheet of a unit for a cycle (its assessor is the worksheet's)."""
        from .io.json import dumps

        self.unit(unit_id)
        with self._write() as db:
            db.execute(
                "INSERT INTO worksheets (unit_id, cycle, assessor, payload) VALUES (?, ?, ?, ?)",
                (unit_id, cycle, worksheet.assessor.value, dumps(worksheet)),
            )

    def latest_worksheet(self, unit_id: str, cycle: int, assessor: Assessor | str) -> Worksheet | None:
        """The most recently saved worksheet of a unit, cycle and assessor."""
        from .io.json import loads

        row = self._db.execute(
            "SELECT payload FROM worksheets WHERE unit_id = ? AND cycle = ? AND assessor = ? ORDER BY id DESC LIMIT 1",
            (unit_id, cycle, Assessor.parse(assessor).value),
        ).fetchone()
        if row is None:
            return None
        found: Worksheet = loads(row[0], expect=Worksheet)
        return found

    def save_survey(self, unit_id: str, cycle: int, result: Any) -> None:
        """Store a survey result (an IKM or an IPAK/IPKP result) of a unit for a cycle."""
        from .io.json import dumps, to_payload

        self.unit(unit_id)
        kind = to_payload(result)["type"]
        if kind not in ("ikm", "perception"):
            raise InvalidAnswerError(f"expected a survey result, got {type(result).__name__}")
        label = getattr(result, "kind", "skm")
        with self._write() as db:
            db.execute(
                "INSERT INTO surveys (unit_id, cycle, kind, payload) VALUES (?, ?, ?, ?)",
                (unit_id, cycle, label, dumps(result)),
            )

    def surveys(self, unit_id: str, cycle: int) -> builtins.list[Any]:
        """The survey results stored for a unit and cycle, oldest first."""
        from .io.json import loads

        return [
            loads(p)
            for (p,) in self._db.execute(
                "SELECT payload FROM surveys WHERE unit_id = ? AND cycle = ? ORDER BY id", (unit_id, cycle)
            )
        ]

    # -- queries -----------------------------------------------------------------------------------------------
    def predicate_holders(self, predicate: Predicate | str, *, on: dt.date | str) -> builtins.list[str]:
        """The ids of the units holding ``predicate`` on ``on``."""
        wanted, day = Predicate.parse(predicate), parse_date(on)
        ids = [r[0] for r in self._db.execute("SELECT DISTINCT unit_id FROM events WHERE kind = 'decided' ORDER BY 1")]
        return [i for i in ids if self.journey(i).predicate_on(day) is wanted]

    def units_reaching(self, stage: Stage, *, cycle: int) -> builtins.list[str]:
        """The ids of the units whose cycle ``cycle`` went through ``stage``."""
        ids = [r[0] for r in self._db.execute("SELECT DISTINCT unit_id FROM events ORDER BY 1")]
        out = []
        for unit_id in ids:
            found = self.journey(unit_id).state().cycle(cycle)
            if found is not None and found.reached(stage):
                out.append(unit_id)
        return out

    def proposed(self, cycle: int, predicate: Predicate | str) -> builtins.list[str]:
        """The ids of the units proposed for ``predicate`` in ``cycle`` (voided proposals excluded).

        Read straight from the stored events (the guards already checked them when they were
        recorded), so it stays fast with many units.
        """
        wanted = Predicate.parse(predicate)
        rows = self._db.execute(
            "SELECT DISTINCT p.unit_id FROM events p WHERE p.kind = 'proposed'"
            " AND json_extract(p.payload, '$.cycle') = ? AND json_extract(p.payload, '$.target') = ?"
            " AND NOT EXISTS (SELECT 1 FROM events v WHERE v.unit_id = p.unit_id AND v.kind = 'proposal_voided'"
            " AND json_extract(v.payload, '$.cycle') = ?) ORDER BY 1",
            (cycle, wanted.value, cycle),
        )
        return [r[0] for r in rows]

    def event_count(self) -> int:
        """All stored events."""
        return int(self._db.execute("SELECT COUNT(*) FROM events").fetchone()[0])


def open(path: str | Path, *, timeout: float = 5.0) -> Store:
    """Open or create a store file (WAL mode); ``timeout`` is how long a writer waits for the lock."""
    return Store(path, timeout=timeout)
