"""Score 10,000 distinct random complete worksheets; report worksheets per second and peak memory.

Run: python benchmarks/bench_scoring.py [--count N] [--seed S] [--repeat R]
Random answers are drawn before the clock starts. Timed, each R times (CPU time, min-max reported): validation
(`Worksheet.from_answers`, all worksheets kept alive), `score()` alone on the validated worksheets, and answers ->
score card end to end.
"""

from __future__ import annotations

import argparse
import random
import time
import tracemalloc

import zona_integritas as zi
from zona_integritas.rulebook import FormulaKind, ItemKind


def random_answers(rb: zi.Rulebook, rnd: random.Random) -> dict[str, object]:
    answers: dict[str, object] = {}
    for item in rb.items:
        if item.kind is ItemKind.CHOICE:
            answers[item.code] = rnd.choice(item.scale.keys)
        elif item.kind is ItemKind.INDEX:
            answers[item.code] = f"{rnd.randint(0, 400) / 100:.2f}"
        else:
            counts = {name: rnd.randint(0, 50) for name in item.input_names}
            if item.formula.kind is not FormulaKind.DECREASE_RATIO:
                for rule in item.formula.at_most:
                    excess = sum(counts[n] for n in rule.left) - sum(counts[n] for n in rule.right)
                    if excess > 0:
                        counts[rule.right[0]] += excess
            answers[item.code] = counts
    return answers


def _rate(count: int, runs: list[float]) -> str:
    """Worksheets per second as min-max over the runs (CPU time of this process)."""
    rates = sorted(count / t for t in runs)
    return f"{rates[0]:,.0f}-{rates[-1]:,.0f} worksheets/s"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measure (min-max reported)")
    args = parser.parse_args()
    rb = zi.load_rulebook("permenpanrb-90-2021")
    rnd = random.Random(args.seed)
    raw = [random_answers(rb, rnd) for _ in range(args.count)]
    clock = time.process_time  # CPU time: other processes on a shared machine count less

    validate, scoring, end_to_end = [], [], []
    sheets: list[zi.Worksheet] = []
    for _ in range(args.repeat):
        sheets = []
        start = clock()
        sheets = [zi.Worksheet.from_answers(rb, a, assessor="tpi") for a in raw]
        validate.append(clock() - start)
        zi.score(sheets[0])  # compile the rulebook's plan once
        start = clock()
        for ws in sheets:
            zi.score(ws)
        scoring.append(clock() - start)
        start = clock()
        for a in raw:
            zi.score(zi.Worksheet.from_answers(rb, a, assessor="tpi"))
        end_to_end.append(clock() - start)
    assert len(set(sheets)) == len(sheets), "worksheets are not distinct"

    tracemalloc.start()
    totals = [zi.score(ws).value("total") for ws in sheets]
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print(f"worksheets:                {args.count:,} distinct, complete (seed {args.seed}), {args.repeat} runs")
    print(f"scoring:                   {_rate(args.count, scoring)}")
    print(f"validation (from_answers): {_rate(args.count, validate)}")
    print(f"answers -> score card:     {_rate(args.count, end_to_end)} (validation and scoring)")
    print(f"peak traced memory while scoring: {peak / 1e6:.1f} MB")
    print(f"mean total:                {sum(totals) / len(totals):.2f}")


if __name__ == "__main__":
    main()
