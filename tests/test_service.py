from __future__ import annotations

import http.client
import json
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

import zona_integritas as zi
from zona_integritas import examples, store
from zona_integritas.cli import main
from zona_integritas.io.portalrb import read_answers_payload, read_unit_list
from zona_integritas.organization import Instansi, Unit
from zona_integritas.service import PortalRBApp, make_server

TOKEN = "rahasia-uji-123"
KOTA = Instansi("Pemerintah Kota Kediri", "pemda")


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("svc") / "kota.db"
    with store.open(path) as db:
        db.add_unit(Unit("dpmptsp", "DPM PTSP Kota Kediri", KOTA, "ptsp"), rulebook="permenpanrb-90-2021")
        db.record("dpmptsp", *examples.kediri_journey().events)
        ws = examples.kediri_worksheet_2022()
        db.save_worksheet("dpmptsp", 2022, ws.with_assessor("unit"))
        db.save_worksheet("dpmptsp", 2022, ws.with_answers({"P1.i.b": "B"}))
        db.add_unit(Unit("bappeda", "Bappeda", KOTA), rulebook="permenpanrb-90-2021")
    return path


@pytest.fixture(scope="module")
def server(db_path):
    path = db_path
    httpd = make_server(PortalRBApp(store_path=path, token=TOKEN, year=2022), "127.0.0.1", 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_port
    httpd.shutdown()
    httpd.server_close()


def get(port, path, token=TOKEN, method="GET"):
    con = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    con.request(method, path, headers=headers)
    response = con.getresponse()
    body = response.read()
    con.close()
    return response.status, response.getheader("Content-Type"), json.loads(body)


def test_unit_lists_are_served_as_the_api_guide_specifies(server):
    status, kind, body = get(server, "/pengusulan/unit-wbk")
    assert status == 200 and kind.startswith("application/json")
    assert body == {
        "tahun": 2022,
        "units": [{"id": "dpmptsp", "nama": "DPM PTSP Kota Kediri", "kategori": "WBK-AFIRMASI", "afirmasi": True}],
    }
    assert read_unit_list(body, predicate="WBK")[1][0].afirmasi
    assert get(server, "/pengusulan/unit-wbbm")[2] == {"tahun": 2022, "units": []}


def test_lke_answers_of_a_unit_carry_unit_and_tpi_columns(server):
    status, _, body = get(server, "/lke/jawaban-unit/dpmptsp")
    assert status == 200 and body["unit_id"] == "dpmptsp" and body["tahun"] == 2022 and len(body["answers"]) == 127
    first_two = body["answers"][:2]
    assert [(a["jawaban_unit"], a["jawaban_tpi"]) for a in first_two] == [("Ya", "Ya"), ("A", "B")]
    unit, _tpi = read_answers_payload(body, rulebook=zi.load_rulebook("permenpanrb-90-2021"))
    assert unit == examples.kediri_worksheet_2022().with_assessor("unit")


@pytest.mark.parametrize("token", [None, "salah", TOKEN + "x", ""])
def test_a_missing_or_wrong_token_is_401(server, token):
    status, _, body = get(server, "/pengusulan/unit-wbk", token=token)
    assert status == 401 and body == {
        "error": True,
        "code": "UNAUTHORIZED",
        "message": "missing or invalid bearer token",
    }


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/lke/jawaban-unit/tidak-ada", 404, "DATA_NOT_FOUND"),
        ("/lke/jawaban-unit/bappeda", 404, "DATA_NOT_FOUND"),
        ("/lke/jawaban-unit/", 422, "INVALID_UNIT_ID"),
        ("/lke/jawaban-unit/../../etc/passwd", 422, "INVALID_UNIT_ID"),
        ("/lke/jawaban-unit/a%20b", 422, "INVALID_UNIT_ID"),
        ("/pengusulan/unit-xyz", 404, "NOT_FOUND"),
        ("/", 404, "NOT_FOUND"),
    ],
)
def test_unknown_units_and_malformed_paths_get_json_errors_without_internals(server, path, status, code):
    got, _kind, body = get(server, path)
    assert (got, body["code"], body["error"]) == (status, code, True)
    text = json.dumps(body)
    assert "Traceback" not in text and "/tmp" not in text and ".db" not in text


def test_only_get_is_allowed(server):
    assert get(server, "/pengusulan/unit-wbk", method="POST")[0] == 405


@pytest.fixture(scope="module")
def served(db_path):
    """`zona-integritas serve` in its own process, as it runs in production."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "ZONA_INTEGRITAS_PORTALRB_TOKEN": TOKEN}
    child = subprocess.Popen(
        [sys.executable, "-m", "zona_integritas.cli", "serve", "--db", str(db_path), "--port", "0", "--year", "2022"],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    line = child.stdout.readline()
    port = int(line.rsplit(":", 1)[1])
    yield port
    child.terminate()
    child.wait(10)


def test_a_bounded_load_of_2000_requests_from_8_threads(served):
    server = served
    paths = ["/pengusulan/unit-wbk", "/lke/jawaban-unit/dpmptsp", "/pengusulan/unit-wbbm", "/lke/jawaban-unit/x"]

    def one(i):
        start = time.perf_counter()
        status, _, _ = get(server, paths[i % len(paths)])
        return status, time.perf_counter() - start

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(one, range(2000)))
    elapsed = time.perf_counter() - started
    expected = {0: 200, 1: 200, 2: 200, 3: 404}
    assert all(status == expected[i % 4] for i, (status, _) in enumerate(results))
    latencies = sorted(t for _, t in results)
    p50, p95, p99 = (latencies[int(len(latencies) * q)] * 1000 for q in (0.5, 0.95, 0.99))
    print(
        f"\n2000 requests, 8 threads: {2000 / elapsed:.0f} req/s; latency p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
        f"p99 {p99:.1f} ms, mean {statistics.mean(latencies) * 1000:.1f} ms"
    )


def test_serve_refuses_to_start_without_a_token(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("ZONA_INTEGRITAS_PORTALRB_TOKEN", raising=False)
    assert main(["serve", "--db", str(tmp_path / "x.db"), "--year", "2026"]) == 2
    assert "refusing to start without a token: set ZONA_INTEGRITAS_PORTALRB_TOKEN" in capsys.readouterr().err
