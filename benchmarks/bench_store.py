"""The store and the PortalRB endpoints: inserting and replaying 100,000 events, and requests per second.

Run: python benchmarks/bench_store.py [--units 4000]
Events are the 29-event journeys of bench_journey.py (every guard checked on insert). The endpoint is
served by `zona-integritas serve` in its own process and loaded by 4 client processes.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import bench_journey

import zona_integritas as zi
from zona_integritas import store
from zona_integritas.organization import Instansi, Unit


def _client(args: tuple[int, str, int]) -> tuple[int, float]:
    import http.client

    port, path, count = args
    errors = 0
    start = time.perf_counter()
    for _ in range(count):
        con = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        con.request("GET", path, headers={"Authorization": "Bearer bench"})
        response = con.getresponse()
        response.read()
        errors += response.status != 200
        con.close()
    return errors, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=3449)  # 3,449 x 29 = 100,021 events
    args = parser.parse_args()
    rb = zi.load_rulebook("permenpanrb-90-2021")
    rnd = random.Random(5)
    best = {c: rb.item(c).best_answer for c in rb.item_codes}
    sheets = [zi.Worksheet.from_answers(rb, best | {"H1.a": f"{3.6 + i / 100:.2f}"}, assessor="tpi") for i in range(40)]
    journeys = [bench_journey.journey_events(rb, sheets, rnd) for _ in range(args.units)]
    total = sum(len(j) for j in journeys)
    kota = Instansi("Kota", "pemda")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        with store.open(path) as db:
            start = time.perf_counter()
            for i, events in enumerate(journeys):
                db.add_unit(Unit(f"u{i}", f"Unit {i}", kota, "ptsp"), rulebook=rb.id)
                db.record(f"u{i}", *events)
            insert = time.perf_counter() - start
            start = time.perf_counter()
            replayed = sum(len(db.journey(f"u{i}").events) for i in range(args.units))
            replay = time.perf_counter() - start
            start = time.perf_counter()
            db.verify()
            verify = time.perf_counter() - start
            db.save_worksheet("u0", journeys[0][4].cycle, sheets[0].with_assessor("unit"))
        assert replayed == total
        size = path.stat().st_size

        env = {**os.environ, "ZONA_INTEGRITAS_PORTALRB_TOKEN": "bench"}
        year = journeys[0][4].cycle
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "zona_integritas.cli",
                "serve",
                "--db",
                str(path),
                "--port",
                "0",
                "--year",
                str(year),
            ],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        port = int(server.stdout.readline().rsplit(":", 1)[1])  # type: ignore[union-attr]
        try:
            figures = {}
            for label, url in (("unit list", "/pengusulan/unit-wbk"), ("LKE answers", "/lke/jawaban-unit/u0")):
                _client((port, url, 5))
                with multiprocessing.Pool(4) as pool:
                    started = time.perf_counter()
                    results = pool.map(_client, [(port, url, 250)] * 4)
                    elapsed = time.perf_counter() - started
                assert sum(e for e, _ in results) == 0
                figures[label] = 1000 / elapsed
        finally:
            server.terminate()
            server.wait(10)

    print(f"events: {total:,} in {args.units:,} journeys; store file {size / 1e6:.0f} MB")
    print(f"insert (guards + hash chain, one transaction per journey): {total / insert:,.0f} events/s ({insert:.1f} s)")
    print(f"replay from the store (every guard again):               {total / replay:,.0f} events/s ({replay:.1f} s)")
    print(f"verify the hash chains:                                   {total / verify:,.0f} events/s ({verify:.1f} s)")
    for label, rate in figures.items():
        print(f"endpoint {label:<12} (4 client processes, 1,000 requests): {rate:,.0f} requests/s")


if __name__ == "__main__":
    main()
