"""IKM at scale beside pandas, in one run: 1M x 9 from tuples and from a DataFrame, an 18 MB CSV, and 10M
respondents streamed in chunks with the peak memory of each process.

Run: python benchmarks/bench_survey.py [--respondents 1000000] [--big 10000000] [--repeat 5]
Needs the ``pandas`` and ``columnar`` extras for the comparison and the fast paths.
Entries compared with pandas run in interleaved rounds (one run of each per round, ``--repeat`` rounds), so a
load spike on a shared machine hits both; the ratio is the median over rounds of ours ÷ pandas.
The 10M case runs each reader in a fresh process (imports included) and reports its peak resident memory
(VmHWM, Linux).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from typing import Any


def race(entries: dict[str, Callable[[], Any]], repeat: int) -> dict[str, tuple[list[float], Any]]:
    """Run every entry once per round, ``repeat`` rounds, so that a load spike on the shared machine
    hits the entries of a round alike: (times, last result) per entry."""
    out: dict[str, tuple[list[float], Any]] = {label: ([], None) for label in entries}
    for _ in range(repeat):
        for label, fn in entries.items():
            start = time.perf_counter()
            result = fn()
            out[label][0].append(time.perf_counter() - start)
            out[label] = (out[label][0], result)
    return out


def rows_of(raced: dict[str, tuple[list[float], Any]], baseline: str) -> list[tuple[str, float, float, str]]:
    """(label, min, median, ratio) where ratio is the median over rounds of entry ÷ baseline."""
    base = raced[baseline][0]
    rows = []
    for label, (times, _) in raced.items():
        ratio = statistics.median(t / b for t, b in zip(times, base, strict=True))
        rows.append((label, min(times), statistics.median(times), "1x" if label == baseline else f"{ratio:.2f}x"))
    return rows


def peak(code: str) -> tuple[float, int, str]:
    """Run ``code`` in a fresh interpreter: (seconds, peak RSS bytes, what it printed)."""
    script = textwrap.dedent(
        """
        import time
        start = time.perf_counter()
        {code}
        elapsed = time.perf_counter() - start
        with open("/proc/self/status") as status:  # VmHWM: the peak since exec (ru_maxrss counts the fork)
            hwm = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmHWM"))
        print(elapsed, hwm, RESULT)
        """
    ).format(code=textwrap.dedent(code))
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), int(out[1]), " ".join(out[2:])


def write_csv(path: str, rows: Any, codes: tuple[str, ...]) -> None:
    import numpy as np

    with open(path, "w", encoding="utf-8") as f:
        f.write(";".join(codes) + "\n")
        for start in range(0, len(rows), 500_000):
            block = rows[start : start + 500_000]
            np.savetxt(f, block, fmt="%d", delimiter=";")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--respondents", type=int, default=1_000_000)
    parser.add_argument("--big", type=int, default=10_000_000, help="respondents of the streamed case (0: skip)")
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    import numpy as np
    import pandas as pd

    from zona_integritas.io.survey_csv import read_survey_csv, skm_index_csv
    from zona_integritas.survey import skm_index, skm_spec

    n, repeat = args.respondents, args.repeat
    spec = skm_spec()
    codes = spec.codes
    rng = np.random.default_rng(14)
    matrix = rng.choice(np.array([2, 3, 3, 4, 4, 4]), size=(n, 9))
    frame = pd.DataFrame(matrix, columns=list(codes))
    tuples = [tuple(r) for r in matrix.tolist()]
    rows: list[tuple[str, float, float, str]] = []

    slow = race({"skm_index, Python tuples (validation + exact IKM)": lambda: skm_index(tuples, spec=spec)}, 2)
    frame_label = "skm_index, DataFrame (vectorised validation + exact IKM)"
    pandas_label = "pandas DataFrame.mean() (float, no validation)"
    fast = race({frame_label: lambda: skm_index(frame, spec=spec), pandas_label: lambda: frame.mean().mean()}, repeat)
    r_frame, pmean = fast[frame_label][1], fast[pandas_label][1]
    assert slow["skm_index, Python tuples (validation + exact IKM)"][1] == r_frame
    assert abs(float(r_frame.ikm) - pmean) < 1e-9
    rows += [(label, min(times), statistics.median(times), "") for label, (times, _) in slow.items()]
    rows += rows_of(fast, pandas_label)

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "skm.csv")
        write_csv(path, matrix, codes)
        size = os.path.getsize(path)
        pandas_csv = "pandas read_csv + mean()"
        files = race(
            {
                f"read_survey_csv + skm_index, {size / 1e6:.0f} MB CSV (auto: digit engine)": lambda: skm_index(
                    read_survey_csv(path, codes=codes), spec=spec
                ),
                "read_survey_csv + skm_index, same file (pyarrow engine)": lambda: skm_index(
                    read_survey_csv(path, codes=codes, engine="pyarrow"), spec=spec
                ),
                "skm_index_csv, same file (streamed in blocks)": lambda: skm_index_csv(path, spec=spec),
                pandas_csv: lambda: pd.read_csv(path, sep=";").mean().mean(),
            },
            repeat,
        )
        csv_engine = race(
            {
                "read_survey_csv + skm_index, same file (csv engine, no pyarrow)": lambda: skm_index(
                    read_survey_csv(path, codes=codes, engine="csv"), spec=spec
                ),
                pandas_csv: lambda: pd.read_csv(path, sep=";").mean().mean(),
            },
            max(1, repeat // 3),
        )
        profiled = os.path.join(folder, "skm-profile.csv")
        services = np.array(["izin usaha", "izin bangunan", "non-izin"])[rng.integers(0, 3, n)]
        frame.assign(layanan=services).to_csv(profiled, sep=";", index=False)
        psize = os.path.getsize(profiled)
        pandas_prof = "pandas read_csv + mean(), same file"
        with_profile = race(
            {
                f"read_survey_csv + skm_index, {psize / 1e6:.0f} MB CSV with a service column (pyarrow)": lambda: (
                    skm_index(read_survey_csv(profiled, codes=codes), spec=spec)
                ),
                pandas_prof: lambda: pd.read_csv(profiled, sep=";")[list(codes)].mean().mean(),
            },
            repeat,
        )
        results = [entry[1] for entry in (*files.values(), *csv_engine.values(), *with_profile.values())]
        ours = [r for r in results if not isinstance(r, float)]
        assert all(r == r_frame for r in ours), "every reader gives the DataFrame's IKM"
        rows += rows_of(files, pandas_csv)
        rows += [row for row in rows_of(csv_engine, pandas_csv) if row[0] != pandas_csv]
        rows += rows_of(with_profile, pandas_prof)
        big_rows: list[str] = []
        if args.big:
            big = os.path.join(folder, "big.csv")
            write_csv(big, np.tile(matrix, (max(1, args.big // n), 1))[: args.big], codes)
            big_size = os.path.getsize(big)
            ours = peak(
                f"""
                from zona_integritas.io.survey_csv import skm_index_csv
                RESULT = skm_index_csv({big!r}).ikm_unit
                """
            )
            arrow = peak(
                f"""
                from zona_integritas.io.survey_csv import skm_index_csv
                RESULT = skm_index_csv({big!r}, engine="pyarrow").ikm_unit
                """
            )
            pandas = peak(
                f"""
                import pandas as pd
                RESULT = round(pd.read_csv({big!r}, sep=";").mean().mean() * 25, 2)
                """
            )
            base = peak("RESULT = 0")
            mib = 2**20
            big_rows = [
                f"{args.big:,} respondents, {big_size / 1e6:.0f} MB CSV, each in a fresh process:",
                f"  skm_index_csv (digit):     {ours[0]:6.2f} s, peak RSS {ours[1] / mib:6.0f} MiB, IKM {ours[2]}",
                f"  skm_index_csv (pyarrow):   {arrow[0]:6.2f} s, peak RSS {arrow[1] / mib:6.0f} MiB, IKM {arrow[2]}",
                f"  pandas read_csv + mean:    {pandas[0]:6.2f} s, peak RSS {pandas[1] / mib:6.0f} MiB, "
                f"IKM {pandas[2]}",
                f"  (an empty interpreter:     peak RSS {base[1] / mib:6.0f} MiB)",
            ]

    print(f"{n:,} respondents x 9 elements; IKM {r_frame.ikm_unit} grade {r_frame.grade}; {repeat} interleaved rounds")
    print(f"{'computation':<76}{'min s':>8}{'median s':>10}  median ratio to pandas in the same round")
    for label, low, mid, ratio in rows:
        print(f"{label:<76}{low:8.3f}{mid:10.3f}  {ratio}")
    for line in big_rows:
        print(line)


if __name__ == "__main__":
    main()
