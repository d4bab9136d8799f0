"""Replaying journeys: events per second of Journey.replay (every guard checked) on one core.

Run: python benchmarks/bench_journey.py [--journeys N]
Each journey has 29 events over 7 years from 2021 (a failed cycle, a WBK award, monitoring, a WBBM
award, a verification with findings, revocation, a new WBK start). Verdicts on worksheets are cached,
so the cold figure (empty cache)
and the warm one (the same worksheets replayed again) are both reported, with the guard-free fold
used by ``Journey.state(on=...)``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

import zona_integritas as zi
from zona_integritas import _journey_state
from zona_integritas.events import (
    BuildingStarted,
    Cleared,
    Decided,
    Declared,
    DeskEvaluated,
    FieldEvaluated,
    MonitoringReported,
    PreEvaluated,
    Proposed,
    Revoked,
    Surveyed,
    TpiAssessed,
    UnitDesignated,
    Verified,
)


def journey_events(rb: zi.Rulebook, sheets: list[zi.Worksheet], rnd: random.Random) -> list[object]:
    # from 2021, so every cycle (2022 on) is judged by 90/2021, the rulebook in force
    d = dt.date(2021, 1, 1) + dt.timedelta(days=rnd.randint(0, 120))
    y = d.year
    ws = rnd.choice(sheets)
    events = [
        Declared(d),
        UnitDesignated(d + dt.timedelta(days=7)),
        BuildingStarted(d + dt.timedelta(days=14)),
        TpiAssessed(dt.date(y + 1, 3, 1), cycle=y + 1, target="WBK", worksheet=ws),
        Proposed(dt.date(y + 1, 5, 20), cycle=y + 1, target="WBK"),
        PreEvaluated(dt.date(y + 1, 6, 20), cycle=y + 1, outcome="lulus"),
        DeskEvaluated(dt.date(y + 1, 8, 1), cycle=y + 1, passed=False),
        TpiAssessed(dt.date(y + 2, 3, 1), cycle=y + 2, target="WBK", worksheet=ws),
        Proposed(dt.date(y + 2, 5, 20), cycle=y + 2, target="WBK"),
        PreEvaluated(dt.date(y + 2, 6, 20), cycle=y + 2, outcome="lulus"),
        DeskEvaluated(dt.date(y + 2, 8, 1), cycle=y + 2, passed=True),
        Surveyed(dt.date(y + 2, 9, 1), cycle=y + 2, ipak="3.9", ipkp="3.8"),
        FieldEvaluated(dt.date(y + 2, 10, 1), cycle=y + 2, worksheet=ws),
        Cleared(dt.date(y + 2, 11, 1), cycle=y + 2),
        Decided(dt.date(y + 2, 12, 6), cycle=y + 2, awarded=True, decree_number=f"SK {rnd.randint(1, 10**6)}"),
        BuildingStarted(dt.date(y + 3, 1, 10), target="WBBM"),
        MonitoringReported(dt.date(y + 3, 11, 1)),
        Verified(dt.date(y + 3, 12, 1)),
        TpiAssessed(dt.date(y + 4, 3, 1), cycle=y + 4, target="WBBM", worksheet=ws),
        Proposed(dt.date(y + 4, 5, 20), cycle=y + 4, target="WBBM"),
        PreEvaluated(dt.date(y + 4, 6, 20), cycle=y + 4, outcome="lulus"),
        DeskEvaluated(dt.date(y + 4, 8, 1), cycle=y + 4, passed=True),
        Surveyed(dt.date(y + 4, 9, 1), cycle=y + 4, ipak="3.9", ipkp="3.8"),
        FieldEvaluated(dt.date(y + 4, 10, 1), cycle=y + 4, worksheet=ws),
        Cleared(dt.date(y + 4, 11, 1), cycle=y + 4),
        Decided(dt.date(y + 4, 12, 6), cycle=y + 4, awarded=True, decree_number="SK WBBM"),
        Verified(dt.date(y + 5, 10, 1), findings=True),
        Revoked(dt.date(y + 6, 2, 1), decree_number="SK cabut", finding_on=dt.date(y + 5, 10, 1)),
        BuildingStarted(dt.date(y + 6, 3, 1), target="WBK"),
    ]
    return events


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--journeys", type=int, default=4000)
    args = parser.parse_args()
    rb = zi.load_rulebook("permenpanrb-90-2021")
    rnd = random.Random(5)
    best = {c: rb.item(c).best_answer for c in rb.item_codes}
    sheets = [zi.Worksheet.from_answers(rb, best | {"H1.a": f"{3.6 + i / 100:.2f}"}, assessor="tpi") for i in range(40)]
    all_events = [journey_events(rb, sheets, rnd) for _ in range(args.journeys)]
    total = sum(len(e) for e in all_events)

    _journey_state.cached_verdict.cache_clear()
    _journey_state.cached_final_verdict.cache_clear()
    _journey_state.cached_final_worksheet.cache_clear()
    start = time.perf_counter()
    journeys = [zi.Journey.replay(f"unit {i}", rb, events) for i, events in enumerate(all_events)]
    cold = time.perf_counter() - start
    start = time.perf_counter()
    for i, events in enumerate(all_events):
        zi.Journey.replay(f"unit {i}", rb, events)
    warm = time.perf_counter() - start
    start = time.perf_counter()
    for j in journeys:
        j.state(dt.date(2100, 1, 1))
    fold = time.perf_counter() - start
    assert all(j.state().predicate is None for j in journeys)

    print(
        f"journeys: {args.journeys:,}, events: {total:,} ({total // args.journeys} each), "
        f"{len(sheets)} distinct worksheets"
    )
    print(f"replay with guards, cold verdict cache: {total / cold:,.0f} events/s")
    print(f"replay with guards, warm verdict cache: {total / warm:,.0f} events/s")
    print(f"fold without guards (state(on=...)):    {total / fold:,.0f} events/s")


if __name__ == "__main__":
    main()
