"""IKM at scale beside pandas, in one run: 1M x 9 from tuples and from a DataFrame, an 18 MB CSV, and 10M
respondents streamed in chunks with the peak memory of each process.

Run: python benchmarks/bench_survey.py [--respondents 1000000] [--big 10000000] [--repeat 5]
Needs the ``pandas`` and ``columnar`` extras for the comparison and the fast paths.
Each figure is the minimum and the median of ``--repeat`` runs; the ratio is ours ÷ pandas on the minima.
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


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times), result


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
    parser.add_argument("--repeat", type=int, default=5)
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

    t_tuples, m_tuples, r_tuples = timed(lambda: skm_index(tuples, spec=spec), max(1, repeat // 2))
    t_frame, m_frame, r_frame = timed(lambda: skm_index(frame, spec=spec), repeat)
    t_pmean, m_pmean, pmean = timed(lambda: frame.mean().mean(), repeat)
    assert r_tuples == r_frame and abs(float(r_frame.ikm) - pmean) < 1e-9
    rows += [
        ("skm_index, Python tuples (validation + exact IKM)", t_tuples, m_tuples, ""),
        ("skm_index, DataFrame (vectorised validation + exact IKM)", t_frame, m_frame, f"{t_frame / t_pmean:.2f}x"),
        ("pandas DataFrame.mean() (float, no validation)", t_pmean, m_pmean, "1x"),
    ]

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "skm.csv")
        write_csv(path, matrix, codes)
        size = os.path.getsize(path)
        t_auto, m_auto, r_auto = timed(lambda: skm_index(read_survey_csv(path, codes=codes), spec=spec), repeat)
        t_arrow, m_arrow, r_arrow = timed(
            lambda: skm_index(read_survey_csv(path, codes=codes, engine="pyarrow"), spec=spec), repeat
        )
        t_stream, m_stream, r_stream = timed(lambda: skm_index_csv(path, spec=spec), repeat)
        profiled = os.path.join(folder, "skm-profile.csv")
        services = np.array(["izin usaha", "izin bangunan", "non-izin"])[rng.integers(0, 3, n)]
        frame.assign(layanan=services).to_csv(profiled, sep=";", index=False)
        psize = os.path.getsize(profiled)
        t_prof, m_prof, r_prof = timed(lambda: skm_index(read_survey_csv(profiled, codes=codes), spec=spec), repeat)
        t_pprof, m_pprof, _ = timed(lambda: pd.read_csv(profiled, sep=";")[list(codes)].mean().mean(), repeat)
        t_csv, m_csv, r_csv = timed(
            lambda: skm_index(read_survey_csv(path, codes=codes, engine="csv"), spec=spec), max(1, repeat // 2)
        )
        t_pcsv, m_pcsv, pcsv = timed(lambda: pd.read_csv(path, sep=";").mean().mean(), repeat)
        assert r_auto == r_arrow == r_stream == r_csv == r_frame == r_prof and abs(pcsv - pmean) < 1e-12
        rows += [
            (
                f"read_survey_csv + skm_index, {size / 1e6:.0f} MB CSV (auto: digit engine)",
                t_auto,
                m_auto,
                f"{t_auto / t_pcsv:.2f}x",
            ),
            ("read_survey_csv + skm_index, same file (pyarrow engine)", t_arrow, m_arrow, f"{t_arrow / t_pcsv:.2f}x"),
            ("skm_index_csv, same file (streamed in blocks)", t_stream, m_stream, f"{t_stream / t_pcsv:.2f}x"),
            ("read_survey_csv + skm_index, same file (csv engine, no pyarrow)", t_csv, m_csv, f"{t_csv / t_pcsv:.2f}x"),
            ("pandas read_csv + mean()", t_pcsv, m_pcsv, "1x"),
            (
                f"read_survey_csv + skm_index, {psize / 1e6:.0f} MB CSV with a service column (pyarrow)",
                t_prof,
                m_prof,
                f"{t_prof / t_pprof:.2f}x",
            ),
            ("pandas read_csv + mean(), same file", t_pprof, m_pprof, "1x"),
        ]
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

    print(f"{n:,} respondents x 9 elements; IKM {r_frame.ikm_unit} grade {r_frame.grade}; min / median of {repeat}")
    print(f"{'computation':<70}{'min s':>8}{'median s':>10}  ratio to pandas")
    for label, low, mid, ratio in rows:
        print(f"{label:<70}{low:8.3f}{mid:10.3f}  {ratio}")
    for line in big_rows:
        print(line)


if __name__ == "__main__":
    main()
