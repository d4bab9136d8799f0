"""Reading and scoring LKE workbooks, beside LibreOffice's headless recalculation, in one run.

Run: python benchmarks/bench_workbook.py [--count 1000]
Needs the `excel` extra; the LibreOffice figure needs `soffice` (Debian's libreoffice-calc) on PATH.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import zona_integritas as zi
from zona_integritas import examples
from zona_integritas.io.excel import read_workbook, write_workbook
from zona_integritas.io.portalrb import write_jawaban_workbook
from zona_integritas.io.workbooks import fill_workbook


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    ws = examples.kediri_worksheet_2022()
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        one = write_workbook(ws, Path(folder) / "lke.xlsx")
        written = time.perf_counter() - start
        jawaban = write_jawaban_workbook(Path(folder) / "jawaban.xlsx", unit=ws.with_assessor("unit"), tpi=ws)
        start = time.perf_counter()
        columns = read_workbook(jawaban).columns
        two_columns = time.perf_counter() - start
        assert len(columns) == 2 and columns[0].worksheet == ws.with_assessor("unit")
        start = time.perf_counter()
        fill_workbook(one, ws.with_answers({"P1.i.b": "C"}), out=Path(folder) / "filled.xlsx")
        filled = time.perf_counter() - start
        start = time.perf_counter()
        card = zi.score(read_workbook(one).worksheet)
        single = time.perf_counter() - start
        start = time.perf_counter()
        zi.score(read_workbook(one, check_figures=False).worksheet)
        single_fast = time.perf_counter() - start

        copies = []
        for i in range(args.count):
            copy = Path(folder) / f"copy{i}.xlsx"
            shutil.copyfile(one, copy)
            copies.append(copy)
        start = time.perf_counter()
        totals = [zi.score(read_workbook(p, check_figures=False).worksheet).value("total") for p in copies]
        many = time.perf_counter() - start
        assert all(t == card.value("total") for t in totals)

        soffice = shutil.which("soffice")
        lo = None
        if soffice:
            out = Path(folder) / "lo"
            start = time.perf_counter()
            subprocess.run(
                [soffice, "--headless", "--calc", "--convert-to", "xlsx", "--outdir", str(out), str(one)],
                check=True,
                capture_output=True,
            )
            lo = time.perf_counter() - start

    print(f"write one LKE workbook (formulas with cached results, Rekap): {written * 1000:.0f} ms")
    print(f"read a PortalRB Jawaban workbook, unit and TPI columns:  {two_columns * 1000:.0f} ms")
    print(f"fill one assessor's column of an LKE workbook:           {filled * 1000:.0f} ms")
    print(f"read + score one workbook (with the cached-figure check): {single * 1000:.0f} ms")
    print(f"read + score one workbook (no figure check):             {single_fast * 1000:.0f} ms")
    print(
        f"read + score {args.count:,} workbooks (no figure check):          {many:.1f} s "
        f"({many / args.count * 1000:.0f} ms each)"
    )
    if lo is not None:
        print(f"LibreOffice headless recalculation of one workbook:      {lo * 1000:.0f} ms (process start included)")
    else:
        print("LibreOffice (soffice) not found: its figure is not measured")


if __name__ == "__main__":
    main()
