"""Issue 18 on the store and the service: what each integrity mode detects, fail-closed serving, bounded serving."""

from __future__ import annotations

import datetime as dt
import io
import json
import socket
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zona_integritas import examples, store
from zona_integritas.cli import main
from zona_integritas.events import Proposed
from zona_integritas.organization import Instansi, Unit
from zona_integritas.service import PortalRBApp, ServerLimits, call, make_server
from zona_integritas.survey import skm_index

KOTA = Instansi("Pemerintah Kota Kediri", "pemda")
PTSP = Unit("dpmptsp", examples.KEDIRI_UNIT_NAME, KOTA, "ptsp")
RB_ID = "permenpanrb-90-2021"
KEY = "kunci-rahasia-kota-kediri-2026"
EVENTS = examples.kediri_journey().events
N = len(EVENTS)  # the Kediri journey's events
SURVEYED = next(i for i, e in enumerate(EVENTS) if e.kind == "surveyed")
TOKEN = "rahasia-uji-123"


def fill(s: store.Store) -> None:
    s.add_unit(PTSP, rulebook=RB_ID)
    s.add_unit(Unit("bappeda", "Bappeda", KOTA), rulebook=RB_ID)
    s.record("dpmptsp", *examples.kediri_journey().events)
    ws = examples.kediri_worksheet_2022()
    s.save_worksheet("dpmptsp", 2022, ws.with_assessor("unit"))
    s.save_worksheet("dpmptsp", 2022, ws)
    s.save_survey("dpmptsp", 2022, skm_index([[4] * 9] * 10))


@pytest.fixture
def plain(tmp_path, monkeypatch):
    monkeypatch.delenv(store.KEY_VARIABLE, raising=False)
    monkeypatch.delenv(store.KEY_FILE_VARIABLE, raising=False)
    with store.open(tmp_path / "plain.db") as s:
        fill(s)
        yield s


@pytest.fixture
def keyed(tmp_path, monkeypatch):
    monkeypatch.delenv(store.KEY_FILE_VARIABLE, raising=False)
    monkeypatch.setenv(store.KEY_VARIABLE, KEY)
    with store.open(tmp_path / "keyed.db") as s:
        fill(s)
        yield s


def raw(s: store.Store) -> sqlite3.Connection:
    con = sqlite3.connect(s.path, isolation_level=None)
    for name in store._TRIGGERS:
        con.execute(f"DROP TRIGGER IF EXISTS {name}")
    return con


def restore_triggers(con: sqlite3.Connection) -> None:
    for statement in store._TRIGGERS.values():
        con.execute(statement)


def cut_last_event(s: store.Store) -> None:
    """An insider removes the last event and moves the head back: every remaining link is genuine."""
    con = raw(s)
    last = N - 1
    prev = con.execute("SELECT prev_hash FROM events WHERE unit_id = 'dpmptsp' AND position = ?", (last,)).fetchone()[0]
    con.execute("DELETE FROM events WHERE unit_id = 'dpmptsp' AND position = ?", (last,))
    con.execute("UPDATE units SET head_count = ?, head_hash = ? WHERE id = 'dpmptsp'", (last, prev))
    restore_triggers(con)


def rewrite_and_rehash(s: store.Store, key: bytes | None = None) -> None:
    """An insider raises the IPAK of the survey event and recomputes every later link (SHA-256, or HMAC if they
    had the key)."""
    con = raw(s)
    rows = con.execute(
        "SELECT seq, position, payload FROM events WHERE unit_id = 'dpmptsp' ORDER BY position"
    ).fetchall()
    prev = "0" * 64
    for seq, position, payload in rows:
        if position == SURVEYED:
            data = json.loads(payload)
            data["ipak"] = "3.95"
            payload = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        digest = store._hash(prev, "dpmptsp", position, payload, key)
        con.execute(
            "UPDATE events SET payload = ?, prev_hash = ?, hash = ? WHERE seq = ?", (payload, prev, digest, seq)
        )
        prev = digest
    con.execute("UPDATE units SET head_hash = ? WHERE id = 'dpmptsp'", (prev,))
    restore_triggers(con)


# -- 5. what each mode detects --------------------------------------------------------------------------------
def test_unkeyed_a_cut_end_passes_verify_but_not_a_checkpoint(plain):
    kept = plain.checkpoint()
    cut_last_event(plain)
    plain.verify()  # the documented limit of an unkeyed chain without checkpoints
    with pytest.raises(store.StoreTamperedError) as caught:
        plain.verify(checkpoints=[kept])
    assert caught.value.problems == [f"checkpoint 1: unit 'dpmptsp' had {N} events; events were removed since"]


def test_unkeyed_a_rewritten_and_rehashed_history_passes_verify_but_not_a_checkpoint(plain):
    kept = plain.checkpoint()
    rewrite_and_rehash(plain)
    plain.verify()
    with pytest.raises(store.StoreTamperedError) as caught:
        plain.verify(checkpoints=[kept])
    assert caught.value.problems == [
        f"checkpoint 1: unit 'dpmptsp': the history up to event {N - 1} was rewritten since"
    ]


def test_keyed_a_history_rehashed_without_the_key_is_found(keyed):
    rewrite_and_rehash(keyed)
    with pytest.raises(store.StoreTamperedError) as caught:
        keyed.verify()
    assert caught.value.problems[0] == "unit 'dpmptsp', event 0: its content was altered (hash mismatch)"


def test_keyed_a_downgrade_to_an_unkeyed_chain_is_found_when_the_key_is_given(keyed):
    con = raw(keyed)
    con.execute("UPDATE meta SET value = 'sha256' WHERE key = 'chain'")
    restore_triggers(con)
    rewrite_and_rehash(keyed)
    with pytest.raises(store.StoreTamperedError, match="its content was altered"):
        keyed.verify()


def test_keyed_a_cut_end_is_found_by_a_signed_checkpoint_that_cannot_be_forged(keyed):
    kept = keyed.checkpoint()
    assert kept.startswith("zona-integritas store checkpoint 1\nchain hmac-sha256\n")
    assert kept.splitlines()[-1].startswith("signature ") and len(kept.splitlines()[-1]) == len("signature ") + 64
    cut_last_event(keyed)
    keyed.verify()  # links alone cannot see a cut end
    with pytest.raises(store.StoreTamperedError) as caught:
        keyed.verify(checkpoints=[kept])
    assert caught.value.problems == [f"checkpoint 1: unit 'dpmptsp' had {N} events; events were removed since"]
    forged = kept.replace(f"unit {N} ", f"unit {N - 1} ")
    with pytest.raises(store.StoreTamperedError) as caught:
        keyed.verify(checkpoints=[forged])
    assert caught.value.problems == [
        "checkpoint 1: its signature does not match this store's key (forged, altered or from another store)"
    ]


def test_a_checkpoint_covers_worksheets_surveys_and_units_too(plain):
    kept = plain.checkpoint()
    assert [line.split()[:2] for line in kept.splitlines()[2:5]] == [
        ["units", "2"],
        ["worksheets", "2"],
        ["surveys", "1"],
    ]
    con = raw(plain)
    head = con.execute("SELECT prev_hash FROM worksheets ORDER BY id DESC LIMIT 1").fetchone()[0]
    con.execute("DELETE FROM worksheets WHERE id = (SELECT MAX(id) FROM worksheets)")
    con.execute("UPDATE meta SET value = ? WHERE key = 'head:worksheets'", (f"1 {head}",))
    restore_triggers(con)
    plain.verify()
    with pytest.raises(store.StoreTamperedError) as caught:
        plain.verify(checkpoints=[kept])
    assert caught.value.problems == ["checkpoint 1: the store had 2 worksheets rows; rows were removed since"]
    assert plain.latest_worksheet("dpmptsp", 2022, "tpi") is None


def test_a_keyed_store_needs_its_key_to_write_or_verify(keyed, monkeypatch):
    path = keyed.path
    keyed.close()
    monkeypatch.delenv(store.KEY_VARIABLE)
    with store.open(path) as s:
        assert s.keyed
        with pytest.raises(store.StoreError, match="is a keyed store: set ZONA_INTEGRITAS_STORE_KEY"):
            s.verify()
        with pytest.raises(store.StoreError, match="is a keyed store"):
            s.add_unit(Unit("baru", "Baru", KOTA), rulebook=RB_ID)
    with pytest.raises(store.StoreError, match="the key given is not this store's key"):
        store.open(path, key="another-key-of-16-chars")


def test_the_key_can_come_from_a_key_file(tmp_path, monkeypatch):
    key_file = tmp_path / "store.key"
    key_file.write_text(KEY + "\n")
    monkeypatch.delenv(store.KEY_VARIABLE, raising=False)
    monkeypatch.setenv(store.KEY_FILE_VARIABLE, str(key_file))
    with store.open(tmp_path / "k.db") as s:
        fill(s)
        assert s.keyed
        s.verify()
    with store.open(tmp_path / "k.db", key=KEY) as s:
        s.verify()


def test_a_key_given_for_an_unkeyed_store_is_refused_rather_than_reported_as_tampering(plain):
    for read_only in (False, True):
        with pytest.raises(store.StoreError, match="was created without a key"):
            store.open(plain.path, key=KEY, read_only=read_only)


def test_a_short_key_is_refused():
    with pytest.raises(store.StoreError, match="at least 16 characters"):
        store.open("never-created.db", key="short")


def test_an_unkeyed_store_can_adopt_a_key(plain):
    plain.adopt_key(KEY)
    assert plain.keyed
    plain.verify()
    rewrite_and_rehash(plain)
    with pytest.raises(store.StoreTamperedError, match="its content was altered"):
        plain.verify()


# -- 6. verify checks meaning, not only links --------------------------------------------------------------------
def forge_proposal(s: store.Store, unit_id: str = "bappeda") -> None:
    """A correctly linked 'proposed' event for a unit whose journey cannot have one (no TPI assessment)."""
    payload = store._event_json(Proposed(dt.date(2022, 5, 1), cycle=2022, target="WBK"))
    digest = store._hash("0" * 64, unit_id, 0, payload)
    con = sqlite3.connect(s.path, isolation_level=None)
    con.execute(
        "INSERT INTO events (unit_id, position, kind, on_date, payload, prev_hash, hash) VALUES (?, 0, ?, ?, ?, ?, ?)",
        (unit_id, "proposed", "2022-05-01", payload, "0" * 64, digest),
    )
    if unit_id == "bappeda":
        con.execute("UPDATE units SET head_count = 1, head_hash = ? WHERE id = ?", (digest, unit_id))


def test_a_forged_but_linked_proposal_is_reported_and_never_served(plain):
    forge_proposal(plain)
    problems = plain.audit()
    assert len(problems) == 1 and problems[0].startswith("unit 'bappeda': its journey is refused by the guards")
    assert plain.proposed(2022, "WBK") == ["dpmptsp"]
    app = PortalRBApp(store_path=plain.path, token=TOKEN, year=2022)
    status, _, body = call(app, "GET", "/pengusulan/unit-wbk", token=TOKEN)
    assert status == "200 OK" and b"bappeda" not in body and b"dpmptsp" in body
    assert not plain.is_accepted("bappeda") and plain.is_accepted("dpmptsp")


def test_the_answers_of_a_unit_whose_journey_is_refused_are_not_served(plain):
    plain.save_worksheet("bappeda", 2022, examples.kediri_worksheet_2022().with_assessor("unit"))
    app = PortalRBApp(store_path=plain.path, token=TOKEN, year=2022)
    assert call(app, "GET", "/lke/jawaban-unit/bappeda", token=TOKEN)[0] == "200 OK"
    forge_proposal(plain)
    status, _, body = call(app, "GET", "/lke/jawaban-unit/bappeda", token=TOKEN)
    assert status == "404 Not Found" and b"DATA_NOT_FOUND" in body


def test_an_orphan_event_is_reported_and_the_endpoint_still_answers(plain):
    forge_proposal(plain, unit_id="hantu")
    assert plain.audit() == ["unit 'hantu', event 0: 1 event belongs to no unit"]
    app = PortalRBApp(store_path=plain.path, token=TOKEN, year=2022)
    status, _, body = call(app, "GET", "/pengusulan/unit-wbk", token=TOKEN)
    assert status == "200 OK" and b"hantu" not in body


@pytest.mark.parametrize(
    ("tamper", "problem"),
    [
        (
            'UPDATE worksheets SET payload = replace(payload, \'"P1.i.b": "A"\', \'"P1.i.b": "C"\') WHERE id = 2',
            "worksheets row 2 (number 1): its content was altered (hash mismatch)",
        ),
        (
            "UPDATE units SET name = 'Dinas Lain' WHERE id = 'dpmptsp'",
            "units row 1 (number 0): its content was altered",
        ),
        ("UPDATE surveys SET cycle = 2023", "surveys row 1 (number 0): its content was altered (hash mismatch)"),
        ("UPDATE events SET kind = 'decided' WHERE position = 3", "its kind or date column differs from its content"),
    ],
)
def test_every_table_that_feeds_a_result_is_covered(plain, tamper, problem):
    con = raw(plain)
    con.execute(tamper)
    restore_triggers(con)
    problems = plain.audit()
    assert any(problem in p for p in problems), problems


def test_the_trigger_set_is_reported(plain):
    con = sqlite3.connect(plain.path, isolation_level=None)
    con.execute("DROP TRIGGER events_no_delete")
    con.execute("CREATE TRIGGER sneaky AFTER INSERT ON events BEGIN SELECT 1; END")
    assert plain.audit() == ["trigger events_no_delete is missing", "trigger sneaky is not one of the store's"]


def test_worksheets_and_surveys_are_append_only_inside_the_database(plain):
    con = sqlite3.connect(plain.path, isolation_level=None)
    for statement in ("UPDATE worksheets SET cycle = 2023", "DELETE FROM surveys", "UPDATE units SET name = 'x'"):
        with pytest.raises(sqlite3.IntegrityError):
            con.execute(statement)


# -- 9, 10, 12, 19. failures are StoreErrors; reading never creates ------------------------------------------------
def test_a_full_disk_is_reported_as_such(plain):
    plain._db.execute("PRAGMA max_page_count = " + str(plain._db.execute("PRAGMA page_count").fetchone()[0]))
    with pytest.raises(store.StoreError) as caught:
        for i in range(200):
            plain.add_unit(Unit(f"u{i}", "Unit " + "x" * 2000, KOTA), rulebook=RB_ID)
    assert "database or disk is full" in str(caught.value) and "rollback" not in str(caught.value)
    plain._db.execute("PRAGMA max_page_count = 1073741823")
    plain.verify()


def test_read_only_opening_never_creates_or_writes(plain, tmp_path):
    with pytest.raises(store.StoreError, match=r"no store at .*it is not created when opened for reading"):
        store.open(tmp_path / "absent.db", read_only=True)
    assert not (tmp_path / "absent.db").exists()
    with store.open(plain.path, read_only=True) as ro:
        assert ro.journey("dpmptsp").events == examples.kediri_journey().events
        ro.verify()
        with pytest.raises(store.StoreError, match="open read-only"):
            ro.add_unit(Unit("baru", "Baru", KOTA), rulebook=RB_ID)


def test_a_file_from_another_application_is_refused(tmp_path):
    path = tmp_path / "other.db"
    sqlite3.connect(path).execute("CREATE TABLE customers (id INTEGER)")
    with pytest.raises(
        store.StoreError, match=r"is not a zona-integritas store \(another application's database: customers\)"
    ):
        store.open(path)


# -- 10, 11, 19. serving ----------------------------------------------------------------------------------------
def serve(*argv: str, token: str = TOKEN, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.setenv("ZONA_INTEGRITAS_PORTALRB_TOKEN", token)
    err = io.StringIO()
    code = main(["serve", *argv, "--year", "2022", "--port", "0"], out=io.StringIO(), err=err)
    return code, err.getvalue()


def test_serve_refuses_a_missing_store_a_non_store_and_a_tampered_one(tmp_path, plain, monkeypatch):
    code, err = serve("--db", str(tmp_path / "missing.db"), monkeypatch=monkeypatch)
    assert code == 2 and "no store at" in err and not (tmp_path / "missing.db").exists()
    (tmp_path / "text.db").write_text("not sqlite " * 200)
    code, err = serve("--db", str(tmp_path / "text.db"), monkeypatch=monkeypatch)
    assert code == 2 and "is not a zona-integritas store" in err
    forge_proposal(plain)
    code, err = serve("--db", str(plain.path), monkeypatch=monkeypatch)
    assert code == 2 and "its journey is refused by the guards" in err


def test_serve_refuses_a_blank_token(tmp_path, plain, monkeypatch):
    code, err = serve("--db", str(plain.path), token="   ", monkeypatch=monkeypatch)
    assert code == 2 and "refusing to start without a token" in err
    with pytest.raises(ValueError, match="a blank one is refused"):
        PortalRBApp(store_path=plain.path, token=" \t", year=2022)


def test_a_store_that_disappears_answers_503_not_an_empty_list(tmp_path, plain):
    app = PortalRBApp(store_path=tmp_path / "gone.db", token=TOKEN, year=2022)
    status, _, body = call(app, "GET", "/pengusulan/unit-wbk", token=TOKEN)
    assert status == "503 Service Unavailable" and b"SERVICE_UNAVAILABLE" in body and b"gone.db" not in body
    assert not (tmp_path / "gone.db").exists()


@pytest.mark.parametrize("unit_id", ["dpmptsp\n", "dpmptsp%0A", "-x", "a" * 129])
def test_unit_ids_match_whole(plain, unit_id):
    app = PortalRBApp(store_path=plain.path, token=TOKEN, year=2022)
    assert call(app, "GET", f"/lke/jawaban-unit/{unit_id}", token=TOKEN)[0] == "422 Unprocessable Entity"


def test_the_response_cache_is_bounded(plain):
    app = PortalRBApp(store_path=plain.path, token=TOKEN, year=2022, cache_size=8)
    for i in range(200):
        assert call(app, "GET", f"/lke/jawaban-unit/unknown-{i}", token=TOKEN)[0] == "404 Not Found"
    assert len(app._cache) == 8
    assert call(app, "GET", "/lke/jawaban-unit/dpmptsp", token=TOKEN)[0] == "200 OK"


def test_the_default_server_is_waitress_with_bounds_and_wsgiref_stays_out(plain):
    code = (
        "import sys; from zona_integritas.service import PortalRBApp, make_server;"
        f"s = make_server(PortalRBApp(store_path={str(plain.path)!r}, token='t', year=2022), '127.0.0.1', 0);"
        "print(type(s).__name__, 'wsgiref.simple_server' in sys.modules); s.server_close()"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split() == [
        "_Waitress",
        "False",
    ]
    assert ServerLimits().as_waitress() | {} == {
        "threads": 8,
        "connection_limit": 1000,
        "channel_timeout": 10,
        "cleanup_interval": 10,
        "backlog": 1024,
        "max_request_header_size": 16384,
        "max_request_body_size": 16384,
        "expose_tracebacks": False,
        "ident": "zona-integritas",
        "asyncore_use_poll": True,
    }


def test_an_idle_connection_is_closed_after_the_timeout(plain):
    app = PortalRBApp(store_path=plain.path, token=TOKEN, year=2022)
    server = make_server(app, "127.0.0.1", 0, limits=ServerLimits(channel_timeout=1))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        idle = socket.create_connection(("127.0.0.1", server.server_port))
        idle.settimeout(10)
        started = time.monotonic()
        assert idle.recv(1) == b""  # the server closed it
        assert time.monotonic() - started < 10
    finally:
        server.shutdown()
        thread.join(10)


def test_a_wal_store_on_a_read_only_filesystem_is_read_as_an_immutable_snapshot(plain, monkeypatch):
    """SQLite cannot create the WAL index beside a store on a read-only filesystem; reading falls back."""
    real_connect = sqlite3.connect
    opened: list[str] = []

    class NoWalIndex:
        def execute(self, *args: object) -> None:
            raise sqlite3.OperationalError("unable to open database file")

        def close(self) -> None:
            pass

    def connect(target, *args, **kwargs):
        opened.append(str(target))
        if "mode=ro" in str(target) and "immutable=1" not in str(target):
            return NoWalIndex()
        return real_connect(target, *args, **kwargs)

    path = plain.path
    plain.close()
    monkeypatch.setattr(store.sqlite3, "connect", connect)
    with store.open(path, read_only=True) as ro:
        assert ro.journey("dpmptsp").events == examples.kediri_journey().events
        ro.verify()
    assert [o.rsplit("?", 1)[1] for o in opened] == ["mode=ro", "mode=ro&immutable=1"]


@settings(max_examples=20, deadline=None)
@given(taken=st.integers(0, N), cut=st.integers(0, N), keyed_store=st.booleans())
def test_a_checkpoint_finds_a_cut_end_exactly_when_it_reaches_below_the_checkpoint(
    tmp_path_factory, taken, cut, keyed_store
):
    events = EVENTS
    key = KEY if keyed_store else None
    path = tmp_path_factory.mktemp("prop") / "p.db"
    with store.open(path, key=key) as s:
        s.add_unit(PTSP, rulebook=RB_ID)
        if taken:
            s.record("dpmptsp", *events[:taken])
        kept = s.checkpoint()
        if taken < len(events):
            s.record("dpmptsp", *events[taken:])
        s.verify(checkpoints=[kept])
        con = raw(s)
        remaining = len(events) - cut
        prev = con.execute(
            "SELECT prev_hash FROM events WHERE unit_id = 'dpmptsp' AND position = ?", (remaining,)
        ).fetchone()
        if cut:
            con.execute("DELETE FROM events WHERE unit_id = 'dpmptsp' AND position >= ?", (remaining,))
            con.execute("UPDATE units SET head_count = ?, head_hash = ? WHERE id = 'dpmptsp'", (remaining, prev[0]))
        restore_triggers(con)
        found = s.audit(checkpoints=[kept])
        expected = [f"checkpoint 1: unit 'dpmptsp' had {taken} events; events were removed since"]
        assert found == (expected if remaining < taken else [])
