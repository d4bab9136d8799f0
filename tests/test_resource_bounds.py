"""Every reader on every hostile file of issue 18 ends in a typed error (or a result) within 5 s and 500 MB.

The readers run in a child process that measures, per case, the wall time and the peak resident set
(reset between cases through ``/proc/self/clear_refs``), so one case's memory is never blamed on
another. These are bounds a user relies on (a few bytes must not pin a CPU or exhaust memory), not
speed figures: those are in ``benchmarks/``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from _hostile import ACCEPTED, JSON_TEXTS, XLSX_CASES, write_json, write_xlsx

SECONDS = 5.0
MEGABYTES = 500

JSON_READERS = ("read_any", "read_worksheet_json", "loads", "load_master", "read_answers_payload", "cli_score")
XLSX_READERS = ("read_any", "read_workbook", "read_jawaban_workbook", "check_workbook", "cli_score")

CHILD = textwrap.dedent(
    """
    import io, json, os, sys, time, warnings
    from pathlib import Path
    warnings.simplefilter("ignore")
    from zona_integritas.errors import ZonaIntegritasError
    from zona_integritas.io import json as zjson, portalrb, sniff, worksheet_file, excel, _xlsx, safejson
    from zona_integritas.cli import main
    from zona_integritas import load_rulebook
    RB = load_rulebook("permenpanrb-90-2021")

    def cli_score(path):
        code = main(["score", path], out=io.StringIO(), err=io.StringIO())
        if code != 2:
            raise AssertionError(f"exit status {code}, expected 2")

    READERS = {
        "read_any": sniff.read_any,
        "read_worksheet_json": worksheet_file.read_worksheet_json,
        "loads": lambda p: zjson.loads(Path(p).read_bytes()),
        "load_master": portalrb.load_master,
        "read_answers_payload": lambda p: portalrb.read_answers_payload(safejson.read_json_file(p), rulebook=RB),
        "read_workbook": excel.read_workbook,
        "read_jawaban_workbook": portalrb.read_jawaban_workbook,
        "check_workbook": _xlsx.check_workbook,
        "cli_score": cli_score,
    }

    def peak_mb():
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0

    for reader, path in json.loads(sys.argv[1]):
        try:
            with open("/proc/self/clear_refs", "w") as f:
                f.write("5")
        except OSError:
            pass
        start = time.perf_counter()
        try:
            READERS[reader](path)
            outcome = "result"
        except ZonaIntegritasError as exc:
            outcome = "typed " + type(exc).__name__
        except BaseException as exc:
            outcome = f"UNTYPED {type(exc).__name__}: {str(exc)[:200]}"
        print(json.dumps([reader, Path(path).name, outcome, time.perf_counter() - start, peak_mb()]), flush=True)
    """
)


def _run(cases: list[tuple[str, str]], tmp_path: Path) -> list[list[object]]:
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    done = subprocess.run(
        [sys.executable, str(script), json.dumps(cases)], capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return [json.loads(line) for line in done.stdout.splitlines()]


def _check(rows: list[list[object]], expected: int) -> None:
    assert len(rows) == expected
    print("\n" + "\n".join(f"{r[0]:>22} {r[1]:<34} {r[2]:<32} {r[3]:6.2f} s {r[4]:5.0f} MB" for r in rows))
    failures = [
        row
        for row in rows
        if str(row[2]).startswith("UNTYPED") or float(row[3]) >= SECONDS or float(row[4]) >= MEGABYTES  # type: ignore[arg-type]
    ]
    assert failures == [], "\n".join(f"{r[0]} on {r[1]}: {r[2]}, {r[3]:.2f} s, {r[4]:.0f} MB" for r in failures)


@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="needs Linux /proc to measure memory")
def test_every_json_reader_on_every_hostile_json_file_is_bounded(tmp_path):
    paths = [str(write_json(tmp_path, name)) for name in JSON_TEXTS]
    rows = _run([(reader, path) for path in paths for reader in JSON_READERS], tmp_path)
    _check(rows, len(paths) * len(JSON_READERS))
    accepted = {(r[0], r[1]) for r in rows if r[2] == "result" and r[0] != "cli_score"}  # the CLI checks its exit
    assert accepted == set(), f"hostile files accepted: {sorted(accepted)}"


@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="needs Linux /proc to measure memory")
def test_every_workbook_reader_on_every_hostile_workbook_is_bounded(tmp_path):
    cases = []
    for name in XLSX_CASES:
        path = str(write_xlsx(tmp_path, name))
        # a workbook inside the bounds is read in full by every reader: read_any and the check suffice there
        cases += [(r, path) for r in (("read_any", "check_workbook") if name in ACCEPTED else XLSX_READERS)]
    rows = _run(cases, tmp_path)
    _check(rows, len(cases))
    accepted = {(r[0], r[1]) for r in rows if r[2] == "result" and r[0] != "cli_score"}  # the CLI checks its exit
    assert accepted == {("check_workbook", f"{name}.xlsx") for name in ACCEPTED}, sorted(accepted)
