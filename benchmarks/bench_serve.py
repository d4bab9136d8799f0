"""The PortalRB service under concurrent and idle clients: waitress (the default) against wsgiref.

Run: python benchmarks/bench_serve.py [--clients 32] [--requests 2000] [--idle 1200]

For each engine, `zona-integritas serve` runs in its own process on a store holding the Kediri unit;
a client process sends the requests from ``--clients`` threads (one connection per request) and
reports throughput and latency percentiles. Then ``--idle`` connections are opened and left silent:
the figures are how many the server holds, its threads and resident memory meanwhile, whether a real
request still gets through, and how many idle connections remain after the idle timeout.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from zona_integritas import examples, store
from zona_integritas.organization import Instansi, Unit

TOKEN = "bench-token"


def _request(port: int, path: str) -> tuple[int, float]:
    start = time.perf_counter()
    con = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    con.request("GET", path, headers={"Authorization": f"Bearer {TOKEN}"})
    response = con.getresponse()
    response.read()
    con.close()
    return response.status, time.perf_counter() - start


def _status(pid: int) -> tuple[int, float]:
    threads, rss = 0, 0.0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("Threads:"):
            threads = int(line.split()[1])
        if line.startswith("VmRSS:"):
            rss = int(line.split()[1]) / 1024
    return threads, rss


def run(engine: str, db: Path, clients: int, requests: int, idle: int) -> None:
    env = {**os.environ, "ZONA_INTEGRITAS_PORTALRB_TOKEN": TOKEN}
    argv = [sys.executable, "-m", "zona_integritas.cli", "serve", "--db", str(db), "--port", "0", "--year", "2022"]
    server = subprocess.Popen([*argv, "--engine", engine, "--timeout", "5"], stdout=subprocess.PIPE, text=True, env=env)
    port = int(server.stdout.readline().rsplit(":", 1)[1])  # type: ignore[union-attr]
    try:
        paths = ["/pengusulan/unit-wbk", "/lke/jawaban-unit/dpmptsp"]
        _request(port, paths[0])
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=clients) as pool:
            results = list(pool.map(lambda i: _request(port, paths[i % 2]), range(requests)))
        elapsed = time.perf_counter() - started
        latencies = sorted(t for _, t in results)
        ok = sum(status == 200 for status, _ in results)
        p50, p95, p99 = (latencies[int(len(latencies) * q)] * 1000 for q in (0.5, 0.95, 0.99))
        print(
            f"{engine:>8}: {requests} requests from {clients} threads: {ok} OK, {requests / elapsed:,.0f} req/s, "
            f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms, max {latencies[-1] * 1000:.0f} ms, "
            f"mean {statistics.mean(latencies) * 1000:.1f} ms"
        )
        sockets = []
        for _ in range(idle):
            try:
                s = socket.create_connection(("127.0.0.1", port), timeout=2)
                sockets.append(s)
            except OSError:
                break
        time.sleep(1)
        threads, rss = _status(server.pid)
        try:
            status, took = _request(port, paths[0])
            during = f"a real request got {status} in {took * 1000:.0f} ms"
        except OSError as exc:
            during = f"a real request failed ({exc})"
        time.sleep(12)  # past the 5 s idle timeout and two cleanup rounds
        still_open = 0
        for s in sockets:
            s.settimeout(0.01)
            try:
                if s.recv(1) != b"":
                    still_open += 1
            except TimeoutError:
                still_open += 1
            except OSError:
                pass
            s.close()
        print(
            f"{engine:>8}: {len(sockets)} idle connections opened; server threads {threads}, RSS {rss:.0f} MB; "
            f"{during}; still open after the 5 s timeout: {still_open}"
        )
    finally:
        server.terminate()
        server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--idle", type=int, default=1200)
    parser.add_argument("--engines", default="waitress,wsgiref")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "kota.db"
        with store.open(db) as s:
            s.add_unit(
                Unit("dpmptsp", examples.KEDIRI_UNIT_NAME, Instansi("Pemerintah Kota Kediri", "pemda"), "ptsp"),
                rulebook="permenpanrb-90-2021",
            )
            s.record("dpmptsp", *examples.kediri_journey().events)
            s.save_worksheet("dpmptsp", 2022, examples.kediri_worksheet_2022().with_assessor("unit"))
        for engine in args.engines.split(","):
            run(engine, db, args.clients, args.requests, args.idle)


if __name__ == "__main__":
    main()
