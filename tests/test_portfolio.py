from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import zona_integritas as zi
from zona_integritas import examples, store
from zona_integritas.portfolio import Portfolio, compare_assessors

P = examples.kota_kediri_portfolio()


def test_predicates_held_on_chosen_dates():
    assert [h.unit_id for h in P.holders(on="1 Desember 2022")] == []
    assert [(h.unit_id, h.since) for h in P.holders(on="31 Desember 2023")] == [
        ("dpmptsp", dt.date(2022, 12, 6)),
        ("rsud-gambiran", dt.date(2023, 12, 12)),
    ]
    assert P.holders(on="31 Desember 2024", predicate="WBBM") == []


def test_stage_reached_per_cycle():
    assert P.stage_reached(2022, language="id") == {
        "dpmptsp": "ditetapkan WBK",
        "rsud-gambiran": "gagal pada pra evaluasi",
        "dispendukcapil": "-",
        "disnaker": "gagal pada pengusulan",
        "bappeda": "-",
        "kec-kota": "-",
    }
    assert P.stage_reached(2023, language="id")["dispendukcapil"] == "gagal pada desk evaluasi"
    assert P.stage_reached(2024, language="id")["dispendukcapil"] == "pengusulan"


def test_units_that_may_be_proposed_next_cycle():
    assert P.may_propose(2025) == [
        ("dpmptsp", zi.Predicate.WBBM),
        ("disnaker", zi.Predicate.WBK),
        ("bappeda", zi.Predicate.WBK),
    ]
    # the Kecamatan started building on 10 June 2024: a full year only by 2026's deadline
    assert ("kec-kota", zi.Predicate.WBK) in P.may_propose(2026)


def test_progress_to_the_rpjmd_target_and_the_30_percent_share():
    progress = P.progress(examples.KEDIRI_RPJMD_TARGET, on="31 Desember 2024")
    assert (progress.achieved, progress.remaining, progress.share) == (2, 8, Decimal(20))
    assert P.share_holding(on="31 Desember 2024").quantize(Decimal("0.01")) == Decimal("33.33")
    assert P.share_holding(on="31 Desember 2022").quantize(Decimal("0.01")) == Decimal("16.67")


def test_assessors_compared_item_by_item():
    tpi = examples.kediri_worksheet_2022()
    tpn = examples.kediri_journey().cycle(2022).final_worksheet
    c = compare_assessors(tpi.with_assessor("unit"), tpi, tpn)
    assert c.assessors == ("unit", "tpi", "tpn")
    assert {d.item for d in c.differences} == {"P6.iv.c", "R2.iii.c", "H1.a", "H2.a"}
    h2 = next(d for d in c.differences if d.item == "H2.a")
    assert h2.answers == (Decimal("3.52"), Decimal("3.52"), Decimal("3.41"))
    assert h2.spread == Decimal("0.48125")
    unit_total, tpi_total, tpn_total = c.total("total")
    assert unit_total == tpi_total and tpi_total - tpn_total > 0
    with pytest.raises(zi.InvalidValueError, match="at least two"):
        compare_assessors(tpi)


def test_a_portfolio_from_a_store(tmp_path):
    with store.open(tmp_path / "k.db") as db:
        for unit, journey in zip(P.units, P.journeys, strict=True):
            db.add_unit(unit, rulebook=journey.rulebook.id, windows=journey.windows)
            db.record(unit.id, *journey.events)
        again = Portfolio.from_store(db, P.instansi)
    assert [u.id for u in again.units] == sorted(u.id for u in P.units)
    assert [h.unit_id for h in again.holders(on="31 Desember 2024")] == ["dpmptsp", "rsud-gambiran"]


def test_units_and_journeys_must_line_up():
    with pytest.raises(zi.InvalidValueError, match="each unit needs its journey"):
        Portfolio(P.instansi, P.units, tuple(reversed(P.journeys)))
