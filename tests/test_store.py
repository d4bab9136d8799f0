from __future__ import annotations

import datetime as dt
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time

import pytest

import zona_integritas as zi
from zona_integritas import examples, store
from zona_integritas.events import BuildingStarted, Declared, Proposed, UnitDesignated
from zona_integritas.journey import Stage
from zona_integritas.organization import Instansi, Unit
from zona_integritas.survey import skm_index

KOTA = Instansi("Pemerintah Kota Kediri", "pemda")
PTSP = Unit("dpmptsp", examples.KEDIRI_UNIT_NAME, KOTA, "ptsp")
RB_ID = "permenpanrb-90-2021"


@pytest.fixture
def db(tmp_path):
    with store.open(tmp_path / "kota.db") as s:
        s.add_unit(PTSP, rulebook=RB_ID)
        s.record("dpmptsp", *examples.kediri_journey().events)
        yield s


def raw(s):
    return sqlite3.connect(s.path, isolation_level=None)


def test_a_store_keeps_the_journey_and_answers_queries(db):
    assert db.journey("dpmptsp") == examples.kediri_journey().__class__.replay(
        "dpmptsp", zi.load_rulebook(RB_ID), examples.kediri_journey().events
    )
    assert db.predicate_holders("WBK", on="1 Januari 2023") == ["dpmptsp"]
    assert db.predicate_holders("WBK", on="1 Januari 2022") == []
    assert db.units_reaching(Stage.SURVEYED, cycle=2020) == ["dpmptsp"]
    assert db.units_reaching(Stage.FIELD_EVALUATED, cycle=2020) == []
    assert db.proposed(2022, "WBK") == ["dpmptsp"]
    assert db.unit("dpmptsp") == PTSP and db.event_count() == 14


def test_worksheets_per_assessor_and_cycle_and_survey_results(db):
    ws = examples.kediri_worksheet_2022()
    db.save_worksheet("dpmptsp", 2022, ws.with_assessor("unit"))
    db.save_worksheet("dpmptsp", 2022, ws)
    newer = ws.with_answers({"P1.i.b": "B"})
    db.save_worksheet("dpmptsp", 2022, newer)
    assert db.latest_worksheet("dpmptsp", 2022, "tpi") == newer
    assert db.latest_worksheet("dpmptsp", 2022, "unit") == ws.with_assessor("unit")
    assert db.latest_worksheet("dpmptsp", 2021, "tpi") is None
    result = skm_index([[4] * 9, [3] * 9])
    db.save_survey("dpmptsp", 2022, result)
    assert db.surveys("dpmptsp", 2022) == [result]


def test_a_refused_event_writes_nothing(db):
    with pytest.raises(zi.TransitionError):
        db.record("dpmptsp", Declared(dt.date(2025, 1, 1)))
    assert db.event_count() == 14
    db.verify()


def test_events_are_append_only_inside_the_database(db):
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        raw(db).execute("UPDATE events SET payload = '{}' WHERE position = 1")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        raw(db).execute("DELETE FROM events WHERE position = 1")


def test_tampering_through_raw_sql_is_named_by_verify(db):
    con = raw(db)
    con.execute("DROP TRIGGER events_no_update")
    con.execute("UPDATE events SET payload = replace(payload, '3.68', '3.98') WHERE position = 8")
    with pytest.raises(store.StoreTamperedError, match=r"unit 'dpmptsp', event 8: its content was altered"):
        db.verify()


def test_a_rewritten_row_with_a_consistent_hash_breaks_the_next_link(db):
    con = raw(db)
    con.execute("DROP TRIGGER events_no_update")
    prev, payload = con.execute("SELECT prev_hash, payload FROM events WHERE position = 3").fetchone()
    forged = payload.replace("WBK", "WBBM")
    con.execute(
        "UPDATE events SET payload = ?, hash = ? WHERE position = 3", (forged, store._hash(prev, "dpmptsp", 3, forged))
    )
    assert db.first_broken_link() == store.BrokenChain("dpmptsp", 4, "its link to the previous event does not match")


def test_deleted_rows_are_found(db):
    con = raw(db)
    con.execute("DROP TRIGGER events_no_delete")
    con.execute("DELETE FROM events WHERE position = 13")
    assert db.first_broken_link().reason == "the chain ends at 13 events but the unit records 14"
    con.execute("DELETE FROM events WHERE position = 5")
    assert db.first_broken_link() == store.BrokenChain("dpmptsp", 5, "event 5 is missing (next stored is 6)")


def _old_file(path, version):
    """A store file as an older library left it: its schema up to ``version``, one unit, one event, one worksheet."""
    con = sqlite3.connect(path, isolation_level=None)
    for v in range(version):
        for statement in store.MIGRATIONS[v]:
            con.execute(statement)
    con.execute(f"PRAGMA user_version = {version}")
    con.execute("INSERT INTO instansi VALUES (?, ?, ?)", (KOTA.name, KOTA.name, "pemda"))
    payload = store._event_json(Declared(dt.date(2019, 1, 7)))
    digest = store._hash("0" * 64, "dpmptsp", 0, payload)
    con.execute(
        "INSERT INTO units (id, name, instansi_id, kind, rulebook, head_count, head_hash) VALUES (?, ?, ?, ?, ?, 1, ?)",
        ("dpmptsp", PTSP.name, KOTA.name, "ptsp", RB_ID, digest),
    )
    con.execute(
        "INSERT INTO events (unit_id, position, kind, on_date, payload, prev_hash, hash) VALUES (?, 0, ?, ?, ?, ?, ?)",
        ("dpmptsp", "declared", "2019-01-07", payload, "0" * 64, digest),
    )
    from zona_integritas.io.json import dumps

    con.execute(
        "INSERT INTO worksheets (unit_id, cycle, assessor, payload) VALUES (?, ?, ?, ?)",
        ("dpmptsp", 2022, "tpi", dumps(examples.kediri_worksheet_2022())),
    )
    con.close()


@pytest.mark.parametrize("version", [1, 2])
def test_forward_migration_keeps_the_data_and_chains_every_table(tmp_path, version):
    path = tmp_path / "old.db"
    _old_file(path, version)
    with store.open(path) as s:
        assert s.schema_version == store.SCHEMA_VERSION
        assert s.unit("dpmptsp") == PTSP and s.event_count() == 1
        assert s.latest_worksheet("dpmptsp", 2022, "tpi") == examples.kediri_worksheet_2022()
        s.save_survey("dpmptsp", 2022, skm_index([[4] * 9]))
        s.verify()
        assert "worksheets 1 " in s.checkpoint() and "surveys 1 " in s.checkpoint()


def test_a_file_from_a_newer_library_is_refused(tmp_path):
    path = tmp_path / "new.db"
    store.open(path).close()
    sqlite3.connect(path).execute("PRAGMA user_version = 99")
    with pytest.raises(store.StoreVersionError, match="schema version 99, newer than this library's 3"):
        store.open(path)


def test_a_locked_database_gives_a_clear_retryable_error(tmp_path):
    path = tmp_path / "busy.db"
    store.open(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with store.open(path, timeout=0.1) as s, pytest.raises(store.StoreLockedError) as caught:
            s.add_unit(PTSP, rulebook=RB_ID)
        assert isinstance(caught.value, TimeoutError) and "try again" in str(caught.value)
    finally:
        holder.execute("ROLLBACK")
    with store.open(path) as s:
        s.add_unit(PTSP, rulebook=RB_ID)  # the retry works


def test_several_readers_while_one_writes(tmp_path):
    path = tmp_path / "shared.db"
    with store.open(path) as s:
        for i in range(5):
            s.add_unit(Unit(f"u{i}", f"Unit {i}", KOTA), rulebook=RB_ID)
    errors: list[BaseException] = []
    stop = threading.Event()

    def writer():
        try:
            with store.open(path) as s:
                for i in range(5):
                    s.record(
                        f"u{i}",
                        Declared(dt.date(2020, 1, 1)),
                        UnitDesignated(dt.date(2020, 1, 2)),
                        BuildingStarted(dt.date(2020, 1, 3)),
                    )
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            stop.set()

    def reader():
        try:
            with store.open(path) as s:
                while not stop.is_set():
                    for unit in s.units():
                        s.journey(unit.id)
                    s.verify()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(3)] + [threading.Thread(target=writer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    with store.open(path) as s:
        assert s.event_count() == 15


CHILD = textwrap.dedent("""
    import datetime as dt, sys
    from zona_integritas import store
    from zona_integritas.events import Declared, UnitDesignated, BuildingStarted
    from zona_integritas.organization import Instansi, Unit
    kota = Instansi("Kota", "pemda")
    db = store.open(sys.argv[1])
    start = int(sys.argv[2])
    for i in range(start, start + 100000):
        db.add_unit(Unit(f"u{i}", f"Unit {i}", kota), rulebook="permenpanrb-90-2021")
        n = db.record(f"u{i}", Declared(dt.date(2020, 1, 1)), UnitDesignated(dt.date(2020, 1, 2)),
                      BuildingStarted(dt.date(2020, 1, 3)))
        print(f"committed u{i} {n}", flush=True)
""")


def test_a_writer_killed_mid_transaction_loses_no_committed_event(tmp_path):
    path = tmp_path / "crash.db"
    store.open(path).close()
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    rnd = random.Random(9)
    committed: list[str] = []
    next_unit = 0
    for _ in range(8):
        child = subprocess.Popen(
            [sys.executable, str(script), str(path), str(next_unit)],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        time.sleep(0.4 + rnd.random() * 0.6)
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate(timeout=30)
        lines = [line.split()[1] for line in out.splitlines() if line.startswith("committed")]
        committed += lines
        with store.open(path) as s:
            s.verify()
            units = {u.id for u in s.units()}
            assert set(committed) <= units
            for unit_id in committed:
                assert len(s.journey(unit_id).events) == 3
            next_unit = max(int(u[1:]) for u in units) + 1 if units else 0
    assert len(committed) > 8


def test_voided_proposals_are_not_listed(db):
    from zona_integritas.events import ProposalVoided, TpiAssessed

    rb = zi.load_rulebook(RB_ID)
    best = zi.Worksheet.from_answers(rb, {c: rb.item(c).best_answer for c in rb.item_codes}, assessor="tpi")
    start = [
        Declared(dt.date(2022, 1, 6)),
        UnitDesignated(dt.date(2022, 1, 7)),
        BuildingStarted(dt.date(2022, 1, 8)),
        TpiAssessed(dt.date(2023, 3, 1), cycle=2023, target="WBK", worksheet=best),
        Proposed(dt.date(2023, 5, 3), cycle=2023, target="WBK"),
    ]
    for unit_id in ("bkpsdm", "dukcapil"):
        db.add_unit(Unit(unit_id, unit_id.upper(), KOTA), rulebook=RB_ID)
        db.record(unit_id, *start)
    db.record("dukcapil", ProposalVoided(dt.date(2023, 6, 1), cycle=2023))
    assert db.proposed(2023, "WBK") == ["bkpsdm"]
    assert db.proposed(2023, "WBBM") == []
