"""Score 10,000 distinct random complete worksheets; report worksheets per second and peak memory.

Run: python benchmarks/bench_scoring.py [--count N] [--seed S]
Worksheets are built and validated before the clock starts; the timed part is `score()` alone; reported
separately: validation (`Worksheet.from_answers`) alone, and answers -> score card end to end.
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2022)
    args = parser.parse_args()
    rb = zi.load_rulebook("permenpanrb-90-2021")
    rnd = random.Random(args.seed)
    raw = [random_answers(rb, rnd) for _ in range(args.count)]

    start = time.perf_counter()
    sheets = [zi.Worksheet.from_answers(rb, a, assessor="tpi") for a in raw]
    validate = time.perf_counter() - start
    assert len(set(sheets)) == len(sheets), "worksheets are not distinct"

    zi.score(sheets[0])  # compile the rulebook's plan once
    tracemalloc.start()
    start = time.perf_counter()
    totals = [zi.score(ws).value("total") for ws in sheets]
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    start = time.perf_counter()
    for ws in sheets:
        zi.score(ws)
    untraced = time.perf_counter() - start

    start = time.perf_counter()
    for a in raw:
        zi.score(zi.Worksheet.from_answers(rb, a, assessor="tpi"))
    end_to_end = time.perf_counter() - start

    print(f"worksheets:                {args.count:,} distinct, complete (seed {args.seed})")
    each = untraced * 1e6 / args.count
    print(f"scoring:                   {args.count / untraced:,.0f} worksheets/s ({each:.1f} µs each)")
    print(f"scoring under tracemalloc: {args.count / elapsed:,.0f} worksheets/s")
    print(f"peak traced memory while scoring: {peak / 1e6:.1f} MB")
    print(f"validation (from_answers): {args.count / validate:,.0f} worksheets/s")
    print(f"answers -> score card:     {args.count / end_to_end:,.0f} worksheets/s (validation and scoring)")
    print(f"mean total:                {sum(totals) / len(totals):.2f}")


if __name__ == "__main__":
    main()
