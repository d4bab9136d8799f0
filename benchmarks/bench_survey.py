"""IKM of 1,000,000 respondents: from Python objects and from CSV, beside pandas, in one run.

Run: python benchmarks/bench_survey.py [--respondents N]
Needs the `pandas` extra for the comparison (it is skipped, and said so, without pandas).
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time

from zona_integritas.io.survey_csv import read_survey_csv
from zona_integritas.survey import skm_index, skm_spec


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--respondents", type=int, default=1_000_000)
    args = parser.parse_args()
    n = args.respondents
    rnd = random.Random(14)
    choices = (2, 3, 3, 4, 4, 4)
    rows = [tuple(rnd.choice(choices) for _ in range(9)) for _ in range(n)]
    spec = skm_spec()

    start = time.perf_counter()
    result = skm_index(rows, spec=spec)
    in_memory = time.perf_counter() - start

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "skm.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write(";".join(spec.codes) + "\n")
            f.writelines(";".join(map(str, r)) + "\n" for r in rows)
        size = os.path.getsize(path)
        start = time.perf_counter()
        data = read_survey_csv(path, codes=spec.codes)
        csv_result = skm_index(data.records, spec=spec, line_numbers=data.line_numbers)
        from_csv = time.perf_counter() - start
        assert csv_result.ikm == result.ikm

        try:
            import pandas as pd
        except ImportError:
            pd = None
        if pd is not None:
            frame = pd.DataFrame(rows, columns=list(spec.codes))
            start = time.perf_counter()
            nrr = frame.mean()
            ikm_pandas = float(nrr.mean())
            pandas_memory = time.perf_counter() - start
            start = time.perf_counter()
            frame_csv = pd.read_csv(path, sep=";")
            ikm_pandas_csv = float(frame_csv.mean().mean())
            pandas_csv = time.perf_counter() - start
            assert abs(ikm_pandas - float(result.ikm)) < 1e-9 and abs(ikm_pandas_csv - ikm_pandas) < 1e-12

    print(f"respondents:                       {n:,} (9 elements each)")
    print(f"IKM (unit scale):                  {result.ikm_unit} grade {result.grade}")
    print(f"zona_integritas, in memory:        {in_memory:.3f} s (validation + exact IKM)")
    print(f"zona_integritas, from CSV:         {from_csv:.3f} s ({size / 1e6:.0f} MB file, read + validate + IKM)")
    if pd is not None:
        print(f"pandas DataFrame.mean, in memory:  {pandas_memory:.3f} s (float, no validation)")
        print(f"pandas read_csv + mean:            {pandas_csv:.3f} s")
    else:
        print("pandas not installed: comparison skipped (pip install 'zona-integritas[pandas]')")


if __name__ == "__main__":
    main()
