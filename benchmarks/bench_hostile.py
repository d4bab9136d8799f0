"""Every reader on every hostile file of issue 18: wall time and peak memory per case (min–max over runs).

Run: python benchmarks/bench_hostile.py [--runs 3]
The hostile files are built by ``tests/_hostile.py``; the readers run in a child process that resets its
peak resident set between cases (Linux ``/proc/self/clear_refs``), as ``tests/test_resource_bounds.py``
does. The table lists, per file, the slowest reader and the largest peak.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from _hostile import ACCEPTED, JSON_TEXTS, XLSX_CASES, write_json, write_xlsx  # noqa: E402
from test_resource_bounds import CHILD, JSON_READERS, XLSX_READERS  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        cases = [(r, str(write_json(tmp, n))) for n in JSON_TEXTS for r in JSON_READERS]
        for name in XLSX_CASES:
            path = str(write_xlsx(tmp, name))
            cases += [(r, path) for r in (("read_any", "check_workbook") if name in ACCEPTED else XLSX_READERS)]
        script = tmp / "child.py"
        script.write_text(CHILD)
        seen: dict[str, list[tuple[float, float]]] = {}
        for _ in range(args.runs):
            done = subprocess.run(
                [sys.executable, str(script), json.dumps(cases)], capture_output=True, text=True, check=True
            )
            per_file: dict[str, tuple[float, float]] = {}
            for line in done.stdout.splitlines():
                _reader, name, _outcome, seconds, megabytes = json.loads(line)
                worst = per_file.get(name, (0.0, 0.0))
                per_file[name] = (max(worst[0], seconds), max(worst[1], megabytes))
            for name, figures in per_file.items():
                seen.setdefault(name, []).append(figures)
    print(f"{len(cases)} reader × file cases, {args.runs} runs; per file: slowest reader, largest peak RSS")
    for name, runs in sorted(seen.items(), key=lambda kv: -max(s for s, _ in kv[1])):
        seconds = sorted(s for s, _ in runs)
        megabytes = sorted(m for _, m in runs)
        print(f"{name:<36} {seconds[0]:6.2f}–{seconds[-1]:.2f} s   {megabytes[0]:5.0f}–{megabytes[-1]:.0f} MB")


if __name__ == "__main__":
    main()
