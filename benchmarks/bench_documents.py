"""Official documents: time to build and render each Kediri document, a proposal of many units, and a PDF.

Run: python benchmarks/bench_documents.py [--repeat N] [--units N] [--pdf]
Prints min / median / max seconds over the repeats for: building the content (no Word), rendering it
into the default .docx template (python-docx), and, with --pdf, converting the LHE with LibreOffice.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from collections.abc import Callable

import zona_integritas as zi
from zona_integritas import documents as d
from zona_integritas import examples
from zona_integritas.documents.example import KEDIRI_HEAD, kediri_document
from zona_integritas.events import BuildingStarted, Declared, TpiAssessed, UnitDesignated
from zona_integritas.organization import Instansi, Unit
from zona_integritas.portfolio import Portfolio


def timed(label: str, repeat: int, work: Callable[[], object]) -> None:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    print(f"{label:<46} min {min(times):7.4f}  median {statistics.median(times):7.4f}  max {max(times):7.4f} s")


def big_portfolio(units: int) -> Portfolio:
    rb = zi.load_rulebook("permenpanrb-90-2021")
    ws = examples.kediri_worksheet_2022()
    kota = Instansi("Pemerintah Kota Contoh", "pemda")
    members = tuple(Unit(f"u{i}", f"Unit Kerja Contoh Nomor {i}", kota) for i in range(units))
    journeys = tuple(
        zi.Journey.replay(
            u.id,
            rb,
            [
                Declared(dt.date(2022, 1, 10)),
                UnitDesignated(dt.date(2022, 1, 17)),
                BuildingStarted(dt.date(2022, 1, 24)),
                TpiAssessed(dt.date(2024, 3, 4), cycle=2024, target="WBK", worksheet=ws),
            ],
        )
        for u in members
    )
    return Portfolio(kota, members, journeys)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--pdf", action="store_true")
    args = parser.parse_args()
    for kind in d.DocumentKind:
        document = kediri_document(kind)
        timed(f"build {kind.value} (Kediri)", args.repeat, lambda kind=kind: kediri_document(kind))
        timed(f"render {kind.value} (Kediri) to .docx", args.repeat, document.to_docx)
    portfolio = big_portfolio(args.units)
    letter = d.proposal_letter(portfolio, 2024, on="20 Mei 2024", signatory=KEDIRI_HEAD)
    timed(
        f"build proposal of {args.units} units",
        args.repeat,
        lambda: d.proposal_letter(portfolio, 2024, on="20 Mei 2024", signatory=KEDIRI_HEAD),
    )
    timed(f"render proposal of {args.units} units", args.repeat, letter.to_docx)
    if args.pdf:
        lhe = kediri_document("lhe").to_docx()
        timed("LHE .docx to PDF (LibreOffice headless)", max(1, args.repeat // 5), lambda: d.docx_to_pdf(lhe))


if __name__ == "__main__":
    main()
