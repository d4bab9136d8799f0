"""An embedded archive on SQLite: instansi, units, worksheets, survey results and journeys.

``zona_integritas.store.open("kota.db")`` opens (or creates) a store file in WAL mode, so several
processes may read while one writes; ``store.open(path, read_only=True)`` opens an existing store
without ever writing to it or creating it. Every write is one transaction. Every table that feeds a
result is append-only inside the database (triggers refuse UPDATE and DELETE) and hash-chained:
one chain per unit for its journey events (head kept on the unit's row), one chain each for the
units, the worksheets and the survey results (heads kept in the ``meta`` table).

What :meth:`Store.verify` detects depends on the mode (see ``docs/explanation/security.md``):

- **unkeyed** (SHA-256): accidental damage and edits by someone who does not re-hash; any edit that
  leaves a chain inconsistent; every event replayed through the journey's guards; the trigger set.
- **keyed** (HMAC-SHA256, key from ``ZONA_INTEGRITAS_STORE_KEY`` or the file named by
  ``ZONA_INTEGRITAS_STORE_KEY_FILE``, never stored in the database): also a rewritten, inserted or
  re-hashed row by anyone without the key.
- **with checkpoints** (:meth:`Store.checkpoint` text kept outside the store, passed to
  ``verify(checkpoints=...)``): also rows removed from the end of a chain, in either mode, up to the
  latest checkpoint.

The schema is versioned with forward migrations; a file written by a newer library is refused with a
clear error. A database locked by another writer raises :class:`StoreLockedError`, which is safe to
retry; every other SQLite failure (not a database, another application's database, a full disk) is a
:class:`StoreError` naming the file.

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
>>> kept = db.checkpoint()            # keep this text outside the store
>>> db.verify(checkpoints=[kept])
>>> db.close()
"""

from __future__ import annotations

import builtins
import contextlib
import datetime as dt
import functools
import hmac
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import attrs

from . import _store_audit as _audit
from ._store_schema import APPLICATION_ID as APPLICATION_ID
from ._store_schema import CHECKPOINT_HEADER as _CHECKPOINT_HEADER
from ._store_schema import GENESIS as _GENESIS
from ._store_schema import MIGRATIONS as MIGRATIONS
from ._store_schema import ROW_CONTENT as _ROW_CONTENT
from ._store_schema import TABLES as _TABLES
from ._store_schema import TRIGGERS as _TRIGGERS
from ._store_schema import digest as _digest
from ._store_schema import event_from as _event_from
from ._store_schema import event_hash as _hash
from ._store_schema import event_json as _event_json
from ._store_schema import row_hash as _row_hash
from .dates import parse_date
from .errors import InvalidAnswerError, TransitionError, UnknownItemError, ZonaIntegritasError
from .events import Event
from .i18n import gettext as _
from .i18n import ngettext
from .journey import Journey, ProposalWindow, Stage
from .organization import Instansi, InstansiKind, Unit, UnitKind
from .rulebook import Predicate
from .rulebook_loader import load_rulebook
from .worksheet import Assessor, Worksheet

__all__ = [
    "KEY_FILE_VARIABLE",
    "KEY_VARIABLE",
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
SCHEMA_VERSION = 3
#: The environment variable holding the key of a keyed store (at least 16 characters).
KEY_VARIABLE = "ZONA_INTEGRITAS_STORE_KEY"
#: The environment variable naming a file that holds the key (read when :data:`KEY_VARIABLE` is unset).
KEY_FILE_VARIABLE = "ZONA_INTEGRITAS_STORE_KEY_FILE"
_MIN_KEY = 16

P = ParamSpec("P")
R = TypeVar("R")


class StoreError(ZonaIntegritasError):
    """A problem with a store file."""


class StoreVersionError(StoreError):
    """The file was written by a newer version of the library (its schema is newer)."""


class StoreLockedError(StoreError, TimeoutError):
    """Another process holds the write lock; retrying later is safe (nothing was written)."""


class StoreTamperedError(StoreError):
    """:meth:`Store.verify` found problems; ``problems`` lists every one."""

    def __init__(self, message: str, problems: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


@attrs.frozen
class BrokenChain:
    """The first broken link of a unit's chain."""

    unit_id: str
    position: int
    reason: str


def _key_from_environment() -> bytes | None:
    text = os.environ.get(KEY_VARIABLE)
    if text is None and os.environ.get(KEY_FILE_VARIABLE):
        name = os.environ[KEY_FILE_VARIABLE]
        try:
            text = Path(name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise StoreError(
                _("cannot read the store key file named by {variable} ({error})").format(
                    variable=KEY_FILE_VARIABLE, error=exc
                ),
                code="unreadable-key-file",
            ) from None
    return None if text is None else text.encode()


def _check_key(key: str | bytes | None) -> bytes | None:
    if key is None:
        return None
    raw = key.encode() if isinstance(key, str) else bytes(key)
    if len(raw) < _MIN_KEY:
        raise StoreError(
            _("a store key has at least {minimum} characters (got {length})").format(minimum=_MIN_KEY, length=len(raw)),
            code="short-key",
        )
    return raw


def _guarded(method: Callable[P, R]) -> Callable[P, R]:
    """Turn any SQLite failure inside a store method into a :class:`StoreError` naming the file."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except sqlite3.Error as exc:
            store = args[0]
            raise _sqlite_error(getattr(store, "path", "store"), exc) from None

    return wrapper


def _sqlite_error(path: Any, exc: sqlite3.Error) -> StoreError:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return StoreLockedError(
            _("{path} is locked by another writer; try again ({error})").format(path=path, error=text)
        )
    if "not a database" in text or "file is encrypted" in text:
        return StoreError(
            _("{path} is not a zona-integritas store (not an SQLite database)").format(path=path), code="not-a-store"
        )
    if "unable to open" in text:
        return StoreError(
            _("{path} cannot be opened as a store ({error})").format(path=path, error=text), code="cannot-open"
        )
    if "disk is full" in text or "disk I/O" in text:
        return StoreError(
            _("{path}: {error}; nothing of this write was saved").format(path=path, error=text), code="disk-error"
        )
    if "readonly" in text or "read-only" in text:
        return StoreError(_("{path} is read-only here ({error})").format(path=path, error=text), code="read-only")
    return StoreError(_("{path}: the database refused the operation ({error})").format(path=path, error=text))


class Store:
    """An open store file. Use :func:`open`; close it with :meth:`close` or a ``with`` block."""

    def __init__(
        self,
        path: str | Path,
        *,
        timeout: float = 5.0,
        read_only: bool = False,
        create: bool = True,
        key: str | bytes | None = None,
        _schema: int = SCHEMA_VERSION,
    ) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._key = _check_key(key) if key is not None else _check_key(_key_from_environment())
        self._journeys: dict[tuple[str, int, str], Journey] = {}
        self._acceptance: dict[tuple[str, int, str], bool] = {}
        if self.path.is_dir():
            raise StoreError(_("{path} is a directory, not a store file").format(path=self.path), code="not-a-store")
        if (read_only or not create) and not self.path.exists():
            raise StoreError(
                _("no store at {path} (it is not created when opened for reading)").format(path=self.path),
                code="no-store",
            )
        try:
            self._db = self._connect(timeout)
        except sqlite3.Error as exc:
            raise _sqlite_error(self.path, exc) from None
        try:
            self._check_application()
            if read_only:
                version = self.schema_version
                if version > SCHEMA_VERSION:
                    raise self._newer(version)
                if version < SCHEMA_VERSION:
                    raise StoreError(
                        _(
                            "{path} has schema version {version}; open it once for writing to migrate it to {current}"
                        ).format(path=self.path, version=version, current=SCHEMA_VERSION),
                        code="older-schema",
                    )
                self._check_mode()
                return
            try:
                mode = self._db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            except sqlite3.OperationalError as exc:
                raise _sqlite_error(self.path, exc) from None
            if mode != "wal":  # pragma: no cover - a file on a filesystem without WAL support
                raise StoreError(
                    _("{path}: could not switch to WAL mode (got {mode!r})").format(path=self.path, mode=mode)
                )
            self._db.execute("PRAGMA synchronous = FULL")
            self._migrate(_schema)
            if _schema >= 3:
                self._check_mode()
        except sqlite3.Error as exc:
            self._db.close()
            raise _sqlite_error(self.path, exc) from None
        except BaseException:
            self._db.close()
            raise

    # -- plumbing ----------------------------------------------------------------------------------------
    def _connect(self, timeout: float) -> sqlite3.Connection:
        if not self.read_only:
            db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA foreign_keys = ON")
            return db
        uri = self.path.resolve().as_uri()
        db = sqlite3.connect(f"{uri}?mode=ro", timeout=timeout, isolation_level=None, check_same_thread=False, uri=True)
        try:
            db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:
            # a WAL file on a read-only filesystem: SQLite cannot create the shared-memory file; read it as
            # an immutable snapshot instead
            db.close()
            db = sqlite3.connect(
                f"{uri}?mode=ro&immutable=1", timeout=timeout, isolation_level=None, check_same_thread=False, uri=True
            )
        return db

    def _check_application(self) -> None:
        """Refuse a file that is SQLite but not a store (another application's database)."""
        application = self._db.execute("PRAGMA application_id").fetchone()[0]
        if application == APPLICATION_ID:
            return
        tables = {r[0] for r in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        tables.discard("sqlite_sequence")
        ours = {"instansi", "units", "events", "worksheets", "surveys", "meta"}
        if application != 0 or (tables and not tables <= ours) or (tables and "events" not in tables):
            shown = ", ".join(sorted(tables)[:5]) or _("no tables")
            raise StoreError(
                _("{path} is not a zona-integritas store (another application's database: {tables})").format(
                    path=self.path, tables=shown
                ),
                code="not-a-store",
            )

    def _newer(self, version: int) -> StoreVersionError:
        return StoreVersionError(
            _(
                "{path} has schema version {version}, newer than this library's {current}: "
                "upgrade zona-integritas to open it"
            ).format(path=self.path, version=version, current=SCHEMA_VERSION)
        )

    def _meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _check_mode(self) -> None:
        """A keyed store needs its key to be written; a key that does not match is refused."""
        mode = self._meta("chain")
        if mode == "hmac-sha256" and self._key is not None:
            if not hmac.compare_digest(self._meta("key_check") or "", _digest(self._key, "key check")):
                raise StoreError(
                    _("{path}: the key given is not this store's key").format(path=self.path), code="wrong-key"
                )
        elif mode == "sha256" and self._key is not None:
            raise StoreError(
                _(
                    "{path} was created without a key (its chains are unkeyed): open it without a key, and "
                    "call adopt_key(key) once to key it"
                ).format(path=self.path),
                code="unkeyed-store",
            )

    @property
    def keyed(self) -> bool:
        """Whether the store's chains are keyed (HMAC-SHA256)."""
        return self._meta("chain") == "hmac-sha256"

    def _writing_key(self) -> bytes | None:
        if self.read_only:
            raise self._read_only()
        if self.keyed and self._key is None:
            raise StoreError(
                _("{path} is a keyed store: set {variable} (or {file_variable}) to write").format(
                    path=self.path, variable=KEY_VARIABLE, file_variable=KEY_FILE_VARIABLE
                ),
                code="key-needed",
            )
        return self._key if self.keyed else None

    def _read_only(self) -> StoreError:
        return StoreError(_("{path} is open read-only").format(path=self.path), code="read-only")

    def _locked(self, exc: sqlite3.OperationalError) -> StoreError:
        return _sqlite_error(self.path, exc)

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        if self.read_only:
            raise self._read_only()
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise self._locked(exc) from None
        try:
            yield self._db
        except BaseException as exc:
            # SQLite may already have rolled back (a full disk does): never let a failing ROLLBACK hide the cause
            if self._db.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise _sqlite_error(self.path, exc) from None
            raise
        else:
            try:
                self._db.execute("COMMIT")
            except sqlite3.Error as exc:
                if self._db.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        self._db.execute("ROLLBACK")
                raise _sqlite_error(self.path, exc) from None

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
            if self._db.in_transaction:
                self._db.execute("COMMIT")

    def _migrate(self, up_to: int = SCHEMA_VERSION) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise self._newer(version)
        while version < up_to:
            with self._write() as db:
                current = db.execute("PRAGMA user_version").fetchone()[0]
                if current != version:  # another process migrated meanwhile
                    version = current
                    continue
                for statement in MIGRATIONS[version]:
                    db.execute(statement)
                if version == 2:
                    self._start_chains(db)
                db.execute(f"PRAGMA user_version = {version + 1}")
            version += 1

    def _start_chains(self, db: sqlite3.Connection) -> None:
        """Migration 3: chain the rows written before (keyed when a key is given)."""
        mode = "hmac-sha256" if self._key is not None else "sha256"
        db.execute("INSERT INTO meta (key, value) VALUES ('chain', ?)", (mode,))
        if self._key is not None:
            db.execute("INSERT INTO meta (key, value) VALUES ('key_check', ?)", (_digest(self._key, "key check"),))
        self._rechain(db, self._key)

    def _rechain(self, db: sqlite3.Connection, key: bytes | None) -> None:
        """Recompute every link with ``key`` (triggers lifted for the time of the rewrite, in one transaction)."""
        for name in _TRIGGERS:
            db.execute(f"DROP TRIGGER IF EXISTS {name}")
        for (unit_id,) in db.execute("SELECT id FROM units").fetchall():
            prev = _GENESIS
            rows = db.execute(
                "SELECT seq, position, payload FROM events WHERE unit_id = ? ORDER BY position", (unit_id,)
            ).fetchall()
            for seq, position, payload in rows:
                digest = _hash(prev, unit_id, position, payload, key)
                db.execute("UPDATE events SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, digest, seq))
                prev = digest
            db.execute("UPDATE units SET head_count = ?, head_hash = ? WHERE id = ?", (len(rows), prev, unit_id))
        for table in _TABLES:
            prev, count = _GENESIS, 0
            for rowid, content, _old_prev, _old in db.execute(_ROW_CONTENT[table]).fetchall():
                digest = _row_hash(key, prev, table, count, content)
                db.execute(f"UPDATE {table} SET prev_hash = ?, hash = ? WHERE rowid = ?", (prev, digest, rowid))
                prev, count = digest, count + 1
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (f"head:{table}", f"{count} {prev}"))
        for statement in _TRIGGERS.values():
            db.execute(statement)

    @_guarded
    def adopt_key(self, key: str | bytes | None = None) -> None:
        """Key an unkeyed store: check every chain, then re-link every row with HMAC-SHA256 under ``key``.

        ``key`` defaults to the one the store was opened with (or the environment's).
        """
        raw = _check_key(key) if key is not None else self._key
        if raw is None:
            raise StoreError(
                _("adopt_key needs a key: pass one or set {variable}").format(variable=KEY_VARIABLE), code="key-needed"
            )
        if self.keyed:
            raise StoreError(_("{path} is keyed already").format(path=self.path), code="keyed-already")
        self._key = None
        self.verify()
        with self._write() as db:
            db.execute("UPDATE meta SET value = 'hmac-sha256' WHERE key = 'chain'")
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('key_check', ?)", (_digest(raw, "key check"),))
            self._rechain(db, raw)
        self._key = raw

    def _link(self, db: sqlite3.Connection, table: str, content: str) -> tuple[str, str]:
        """The (prev_hash, hash) of a row about to be appended to ``table``; moves the chain's head."""
        key = self._writing_key()
        count, prev = db.execute("SELECT value FROM meta WHERE key = ?", (f"head:{table}",)).fetchone()[0].split()
        digest = _row_hash(key, prev, table, int(count), content)
        db.execute("UPDATE meta SET value = ? WHERE key = ?", (f"{int(count) + 1} {digest}", f"head:{table}"))
        return prev, digest

    @property
    def schema_version(self) -> int:
        """The schema version of the file."""
        try:
            return int(self._db.execute("PRAGMA user_version").fetchone()[0])
        except sqlite3.Error as exc:
            raise _sqlite_error(self.path, exc) from None

    def close(self) -> None:
        """Close the file."""
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- organisation ----------------------------------------------------------------------------------------
    @_guarded
    def add_unit(self, unit: Unit, *, rulebook: str, windows: Mapping[int, ProposalWindow] | None = None) -> None:
        """Add a unit (and its instansi if new); ``rulebook`` names the regulation its journey follows."""
        if not isinstance(unit, Unit):
            raise InvalidAnswerError(
                _("expected a Unit, got {kind}").format(kind=type(unit).__name__), code="not-a-unit"
            )
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
            if db.execute("SELECT 1 FROM units WHERE id = ?", (unit.id,)).fetchone() is not None:
                raise InvalidAnswerError(
                    _("unit {unit!r} already exists in {path}").format(unit=unit.id, path=self.path),
                    code="duplicate-unit",
                )
            inst_name, inst_kind = db.execute("SELECT name, kind FROM instansi WHERE id = ?", (instansi_id,)).fetchone()
            content = "\n".join(
                (unit.id, unit.name, instansi_id, inst_name, inst_kind, unit.kind.value, rulebook, encoded)
            )
            prev, digest = self._link(db, "units", content)
            db.execute(
                "INSERT INTO units (id, name, instansi_id, kind, rulebook, windows, prev_hash, hash)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (unit.id, unit.name, instansi_id, unit.kind.value, rulebook, encoded, prev, digest),
            )

    @_guarded
    def unit(self, unit_id: str) -> Unit:
        """A unit by id (:class:`~zona_integritas.errors.UnknownItemError` if absent)."""
        row = self._db.execute(
            "SELECT u.id, u.name, u.kind, i.name, i.kind FROM units u JOIN instansi i ON i.id = u.instansi_id "
            "WHERE u.id = ?",
            (unit_id,),
        ).fetchone()
        if row is None:
            raise self._no_unit(unit_id)
        return Unit(row[0], row[1], Instansi(row[3], InstansiKind(row[4])), UnitKind(row[2]))

    @_guarded
    def rulebook_of(self, unit_id: str) -> str:
        """The id of the rulebook a unit's journey follows."""
        row = self._db.execute("SELECT rulebook FROM units WHERE id = ?", (unit_id,)).fetchone()
        if row is None:
            raise self._no_unit(unit_id)
        return str(row[0])

    def _no_unit(self, unit_id: str) -> UnknownItemError:
        return UnknownItemError(
            _("no unit {unit!r} in {path}").format(unit=unit_id, path=self.path), code="unknown-unit"
        )

    @_guarded
    def units(self) -> builtins.list[Unit]:
        """Every unit, by id."""
        ids = [r[0] for r in self._db.execute("SELECT id FROM units ORDER BY id")]
        return [self.unit(i) for i in ids]

    # -- journeys ---------------------------------------------------------------------------------------------
    def _journey_from(self, db: sqlite3.Connection, unit_id: str) -> Journey:
        row = db.execute(
            "SELECT name, rulebook, windows, head_count, head_hash FROM units WHERE id = ?", (unit_id,)
        ).fetchone()
        if row is None:
            raise self._no_unit(unit_id)
        cache_key = (unit_id, int(row[3]), str(row[4]))
        found = self._journeys.get(cache_key)
        if found is not None:
            return found
        windows = {int(y): ProposalWindow(c, o) for y, (o, c) in json.loads(row[2]).items()}
        events = [
            _event_from(p)
            for (p,) in db.execute("SELECT payload FROM events WHERE unit_id = ? ORDER BY position", (unit_id,))
        ]
        journey = Journey(unit_id, load_rulebook(row[1], warn_superseded=False), tuple(events), windows)
        if len(self._journeys) >= 1024:  # bounded: the oldest replay goes first
            self._journeys.pop(next(iter(self._journeys)))
        self._journeys[cache_key] = journey
        return journey

    @_guarded
    def journey(self, unit_id: str) -> Journey:
        """The unit's journey, replayed from its events (every guard checked again)."""
        with self._read() as db:
            return self._journey_from(db, unit_id)

    @_guarded
    def record(self, unit_id: str, *events: Event) -> int:
        """Append events to a unit's journey in one transaction; returns the unit's event count.

        The events pass the journey's guards first: a refused event raises
        :class:`~zona_integritas.errors.TransitionError` and nothing is written.
        """
        for event in events:
            if not isinstance(event, Event):
                raise InvalidAnswerError(
                    _("expected journey events, got {kind}").format(kind=type(event).__name__), code="not-an-event"
                )
        with self._write() as db:
            key = self._writing_key()
            journey = self._journey_from(db, unit_id)
            journey.record(*events)
            count, prev = db.execute("SELECT head_count, head_hash FROM units WHERE id = ?", (unit_id,)).fetchone()
            for event in events:
                payload = _event_json(event)
                digest = _hash(prev, unit_id, count, payload, key)
                db.execute(
                    "INSERT INTO events (unit_id, position, kind, on_date, payload, prev_hash, hash) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (unit_id, count, event.kind, event.on.isoformat(), payload, prev, digest),
                )
                prev, count = digest, count + 1
            db.execute("UPDATE units SET head_count = ?, head_hash = ? WHERE id = ?", (count, prev, unit_id))
        return int(count)

    # -- integrity --------------------------------------------------------------------------------------------
    def verify(self, *, checkpoints: Iterable[str] = ()) -> None:
        """Check the whole store; raise :class:`StoreTamperedError` listing every problem found.

        Checked: every unit's event chain (links, content, head) and every event replayed through the
        journey's guards (its ``kind`` and date columns must match its content); the chains of the units,
        worksheets and survey results and that each row decodes and belongs to a known unit; the set of
        triggers that keep the tables append-only. In a keyed store the links are HMACs under the key.
        Each ``checkpoints`` text (from :meth:`checkpoint`) must still be a prefix of the store's
        history: rows cut from the end, or a history rewritten and re-hashed, are found.
        """
        problems = self.audit(checkpoints=checkpoints)
        if problems:
            shown = "; ".join(problems[:5])
            if len(problems) > 5:
                more = len(problems) - 5
                shown = ngettext("{problems}; and {n} more", "{problems}; and {n} more", more).format(
                    problems=shown, n=more
                )
            raise StoreTamperedError(f"{self.path}: {shown}", problems)

    @_guarded
    def audit(self, *, checkpoints: Iterable[str] = ()) -> builtins.list[str]:
        """Every integrity problem :meth:`verify` would report, as messages (empty when the store is intact)."""
        texts = [checkpoints] if isinstance(checkpoints, str) else list(checkpoints)
        with self._read():
            key = self._verifying_key()
            problems = self._trigger_problems()
            broken = self._event_chain_problems(key)
            problems += [
                _("unit {unit!r}, event {position}: {reason}").format(
                    unit=b.unit_id, position=b.position, reason=b.reason
                )
                for b in broken
            ]
            problems += self._table_problems(key)
            problems += self._meaning_problems({b.unit_id for b in broken})
            for number, text in enumerate(texts, 1):
                problems += [
                    _("checkpoint {number}: {problem}").format(number=number, problem=p)
                    for p in self._checkpoint_problems(text, key)
                ]
        return problems

    def _verifying_key(self) -> bytes | None:
        if self.schema_version < 3:
            return None
        if self._key is not None:
            return self._key  # a key given means links must be HMACs, whatever the meta table claims
        if self.keyed:
            raise StoreError(
                _("{path} is a keyed store: set {variable} (or {file_variable}) to verify it").format(
                    path=self.path, variable=KEY_VARIABLE, file_variable=KEY_FILE_VARIABLE
                ),
                code="key-needed",
            )
        return None

    def _trigger_problems(self) -> builtins.list[str]:
        return [] if self.schema_version < 3 else _audit.trigger_problems(self._db)

    def first_broken_link(self) -> BrokenChain | None:
        """The first broken link of any unit's event chain, or ``None`` when every chain is intact."""
        with self._read():
            broken = self._event_chain_problems(self._verifying_key())
        return broken[0] if broken else None

    def _event_chain_problems(self, key: bytes | None) -> builtins.list[BrokenChain]:
        return [BrokenChain(*found) for found in _audit.event_chain_problems(self._db, key)]

    def _table_problems(self, key: bytes | None) -> builtins.list[str]:
        return [] if self.schema_version < 3 else _audit.table_problems(self._db, key)

    def _meaning_problems(self, skip: set[str]) -> builtins.list[str]:
        """Replay every journey through the guards; decode every worksheet and survey result."""
        from .io.payloads import loads

        problems: builtins.list[str] = []
        for (unit_id,) in self._db.execute("SELECT id FROM units ORDER BY id").fetchall():
            if unit_id in skip or self.is_accepted(unit_id):  # remembered: serving after verify replays nothing
                continue
            try:
                self._journey_from(self._db, unit_id)
            except (ZonaIntegritasError, ValueError, KeyError, TypeError) as exc:
                problems.append(
                    _("unit {unit!r}: its journey is refused by the guards ({error})").format(
                        unit=unit_id, error=str(exc)[:300]
                    )
                )
        for table, kind in (("worksheets", Worksheet), ("surveys", None)):
            for rowid, payload in self._db.execute(f"SELECT id, payload FROM {table} ORDER BY id").fetchall():
                try:
                    loads(payload, expect=kind)
                except (ZonaIntegritasError, ValueError, TypeError) as exc:
                    problems.append(
                        _("{table} row {row}: not a valid stored value ({error})").format(
                            table=table, row=rowid, error=str(exc).splitlines()[0][:200]
                        )
                    )
        return problems

    @_guarded
    def checkpoint(self) -> str:
        """A short text naming the head of every chain: keep it outside the store (print it, send it, file it).

        ``verify(checkpoints=[text])`` later finds any row removed from the end of a chain, and any
        history rewritten and re-hashed, up to this point. In a keyed store the text is signed with the key
        (HMAC-SHA256), so it cannot be forged either; without a key, keep it where the store's writers
        cannot change it.
        """
        with self._read() as db:
            lines = [_CHECKPOINT_HEADER, f"chain {self._meta('chain') if self.schema_version >= 3 else 'sha256'}"]
            for table in _TABLES:
                head = self._meta(f"head:{table}") if self.schema_version >= 3 else None
                if head:
                    lines.append(f"{table} {head}")
            for unit_id, count, head in db.execute("SELECT id, head_count, head_hash FROM units ORDER BY id"):
                lines.append(f"unit {count} {head} {json.dumps(unit_id, ensure_ascii=True)}")
            key = self._verifying_key()
        body = "\n".join(lines)
        signature = "none" if key is None else _digest(key, body)
        return f"{body}\nsignature {signature}\n"

    def _checkpoint_problems(self, text: str, key: bytes | None) -> builtins.list[str]:
        return _audit.checkpoint_problems(self._db, text, key)

    @_guarded
    def save_worksheet(self, unit_id: str, cycle: int, worksheet: Worksheet) -> None:
        """Store a worksheet of a unit for a cycle (its assessor is the worksheet's)."""
        from .io.payloads import dumps

        if not isinstance(worksheet, Worksheet):
            raise InvalidAnswerError(
                _("expected a Worksheet, got {kind}").format(kind=type(worksheet).__name__), code="not-a-worksheet"
            )
        _check_cycle(cycle)
        self.unit(unit_id)
        payload = dumps(worksheet)
        with self._write() as db:
            content = f"{unit_id}\n{cycle}\n{worksheet.assessor.value}\n{payload}"
            prev, digest = self._link(db, "worksheets", content)
            db.execute(
                "INSERT INTO worksheets (unit_id, cycle, assessor, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)",
                (unit_id, cycle, worksheet.assessor.value, payload, prev, digest),
            )

    @_guarded
    def latest_worksheet(self, unit_id: str, cycle: int, assessor: Assessor | str) -> Worksheet | None:
        """The most recently saved worksheet of a unit, cycle and assessor."""
        from .io.payloads import loads

        row = self._db.execute(
            "SELECT payload FROM worksheets WHERE unit_id = ? AND cycle = ? AND assessor = ? ORDER BY id DESC LIMIT 1",
            (unit_id, cycle, Assessor.parse(assessor).value),
        ).fetchone()
        if row is None:
            return None
        found: Worksheet = loads(row[0], expect=Worksheet)
        return found

    @_guarded
    def save_survey(self, unit_id: str, cycle: int, result: Any) -> None:
        """Store a survey result (an IKM or an IPAK/IPKP result) of a unit for a cycle."""
        from .io.payloads import dumps, to_payload

        _check_cycle(cycle)
        self.unit(unit_id)
        kind = to_payload(result)["type"]
        if kind not in ("ikm", "perception"):
            raise InvalidAnswerError(
                _("expected a survey result, got {kind}").format(kind=type(result).__name__), code="not-a-survey-result"
            )
        label = getattr(result, "kind", "skm")
        payload = dumps(result)
        with self._write() as db:
            prev, digest = self._link(db, "surveys", f"{unit_id}\n{cycle}\n{label}\n{payload}")
            db.execute(
                "INSERT INTO surveys (unit_id, cycle, kind, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)",
                (unit_id, cycle, label, payload, prev, digest),
            )

    @_guarded
    def surveys(self, unit_id: str, cycle: int) -> builtins.list[Any]:
        """The survey results stored for a unit and cycle, oldest first."""
        from .io.payloads import loads

        return [
            loads(p)
            for (p,) in self._db.execute(
                "SELECT payload FROM surveys WHERE unit_id = ? AND cycle = ? ORDER BY id", (unit_id, cycle)
            )
        ]

    # -- queries -----------------------------------------------------------------------------------------------
    @_guarded
    def predicate_holders(self, predicate: Predicate | str, *, on: dt.date | str) -> builtins.list[str]:
        """The ids of the units holding ``predicate`` on ``on``."""
        wanted, day = Predicate.parse(predicate), parse_date(on)
        ids = [r[0] for r in self._db.execute("SELECT DISTINCT unit_id FROM events WHERE kind = 'decided' ORDER BY 1")]
        return [i for i in ids if self.is_accepted(i) and self.journey(i).predicate_on(day) is wanted]

    @_guarded
    def units_reaching(self, stage: Stage, *, cycle: int) -> builtins.list[str]:
        """The ids of the units whose cycle ``cycle`` went through ``stage``."""
        ids = [r[0] for r in self._db.execute("SELECT DISTINCT unit_id FROM events ORDER BY 1")]
        out = []
        for unit_id in ids:
            if not self.is_accepted(unit_id):
                continue
            found = self.journey(unit_id).state().cycle(cycle)
            if found is not None and found.reached(stage):
                out.append(unit_id)
        return out

    @_guarded
    def is_accepted(self, unit_id: str) -> bool:
        """Whether the unit exists and its journey passes the guards (a forged or orphan event makes it not).

        Remembered per state of the unit's chain (its event count and head), so a journey is replayed
        once after each change, not on every query.
        """
        row = self._db.execute("SELECT head_count, head_hash FROM units WHERE id = ?", (unit_id,)).fetchone()
        if row is None:
            return False
        key = (unit_id, int(row[0]), str(row[1]))
        known = self._acceptance.get(key)
        if known is None:
            try:
                self.journey(unit_id)
                known = True
            except (UnknownItemError, TransitionError, InvalidAnswerError, StoreError, ValueError, KeyError, TypeError):
                known = False
            if len(self._acceptance) >= 100_000:  # bounded: the oldest answer goes first
                self._acceptance.pop(next(iter(self._acceptance)))
            self._acceptance[key] = known
        return known

    @_guarded
    def proposed(self, cycle: int, predicate: Predicate | str) -> builtins.list[str]:
        """The ids of the units proposed for ``predicate`` in ``cycle`` (voided proposals excluded).

        Candidates are found in the stored events by SQL; each is then confirmed by replaying its journey
        through the guards (remembered until the unit's chain moves), so an event the guards would refuse
        — a forged one, or one of no unit — never lists a unit.
        """
        wanted = Predicate.parse(predicate)
        rows = self._db.execute(
            "SELECT DISTINCT p.unit_id FROM events p WHERE p.kind = 'proposed'"
            " AND json_extract(p.payload, '$.cycle') = ? AND json_extract(p.payload, '$.target') = ?"
            " AND NOT EXISTS (SELECT 1 FROM events v WHERE v.unit_id = p.unit_id AND v.kind = 'proposal_voided'"
            " AND json_extract(v.payload, '$.cycle') = ?) ORDER BY 1",
            (cycle, wanted.value, cycle),
        ).fetchall()
        return [r[0] for r in rows if self.is_accepted(r[0])]

    @_guarded
    def event_count(self) -> int:
        """All stored events."""
        return int(self._db.execute("SELECT COUNT(*) FROM events").fetchone()[0])

    @_guarded
    def fingerprint(self) -> tuple[Any, ...]:
        """A value that changes whenever anything is written (for caches of answers built from the store)."""
        return tuple(
            self._db.execute(
                "SELECT (SELECT MAX(seq) FROM events), (SELECT MAX(id) FROM worksheets),"
                " (SELECT MAX(id) FROM surveys), (SELECT COUNT(*) FROM units)"
            ).fetchone()
        )


def _check_cycle(cycle: object) -> None:
    if type(cycle) is not int or not 1900 <= cycle <= 9999:
        raise InvalidAnswerError(
            _("a cycle is a year such as 2024, got {value!r}").format(value=cycle), code="not-a-cycle"
        )


def open(
    path: str | Path,
    *,
    timeout: float = 5.0,
    read_only: bool = False,
    create: bool = True,
    key: str | bytes | None = None,
) -> Store:
    """Open a store file (WAL mode); ``timeout`` is how long a writer waits for the lock.

    ``read_only=True`` never writes, never migrates and never creates the file (an absent file is a
    :class:`StoreError`; a WAL store on a read-only filesystem is read as an immutable snapshot).
    ``create=False`` opens for writing but refuses a file that does not exist. ``key`` (or the
    environment's :data:`KEY_VARIABLE` / :data:`KEY_FILE_VARIABLE`) keys a new store's chains and is
    required to write to or verify a keyed one.
    """
    return Store(path, timeout=timeout, read_only=read_only, create=create, key=key)
