"""Review rounds: how long a whole review takes to fold, to measure and to store.

Run: python benchmarks/bench_review.py [--reviews N]
Each review is the Kediri one of 2022 (a unit self-assessment and one TPI round over all 113 items: 113
decisions, a return, a revision, evidence, a submission; 121 events). Reported per review: replaying its
events (every guard checked), the round's score deltas and the tier-against-tier diff, and recording the
journey with the review (135 events) into a fresh store and verifying its hash chain.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import zona_integritas as zi
from zona_integritas import examples, store
from zona_integritas.review import Review
from zona_integritas.review_diff import diff_tiers, round_changes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reviews", type=int, default=50)
    args = parser.parse_args()
    review = examples.kediri_review_2022()
    journey = examples.kediri_journey_with_review()
    rb = review.rulebook

    start = time.perf_counter()
    for _ in range(args.reviews):
        replayed = Review.replay(review.events, rulebook=rb)
        assert replayed.tpi_worksheet is not None  # the round's worksheet is built on demand
    fold = (time.perf_counter() - start) / args.reviews

    start = time.perf_counter()
    for _ in range(args.reviews):
        round_changes(review, "tpi")
        diff_tiers(review, "unit", "tpi")
    deltas = (time.perf_counter() - start) / args.reviews

    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        runs = max(1, args.reviews // 10)
        for i in range(runs):
            db = store.open(Path(folder) / f"r{i}.db")
            db.add_unit(zi.organization.Unit("u", "Unit", zi.organization.Instansi("Kota", "pemda")), rulebook=rb.id)
            db.record("u", *journey.events)
            db.verify()
            db.close()
        stored = (time.perf_counter() - start) / runs

    print(f"replay one review ({len(review.events)} events, guards checked): {fold * 1000:.1f} ms")
    print(f"round deltas and tier diff of one review: {deltas * 1000:.1f} ms")
    print(f"record and verify the journey with its review ({len(journey.events)} events): {stored * 1000:.1f} ms")


if __name__ == "__main__":
    main()
