"""Reports: time to make the HTML of the Kediri unit and portfolio reports, and to render each as an A4 PDF.

Run: python benchmarks/bench_report_pdf.py [--repeat N] [--language id|en]
Prints min / median / max seconds over the repeats for: the unit report's HTML (scoring, verdict, plan and
the charts as SVG), the same as a PDF (WeasyPrint: layout and drawing only, the HTML made once), the
portfolio report's HTML with the RPJMD chart, and its PDF. Needs the extras plot and pdf (WeasyPrint and
the Pango library). The first PDF of a process also loads the fonts; it is a warm-up, not counted.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from zona_integritas import examples
from zona_integritas.report import portfolio_report, to_pdf, unit_report
from zona_integritas.survey import skm_index


def timed(label: str, repeat: int, work: Callable[[], object]) -> None:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    print(f"{label:<52} min {min(times):7.4f}  median {statistics.median(times):7.4f}  max {max(times):7.4f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--language", default="id", choices=["id", "en"])
    args = parser.parse_args()
    journey = examples.kediri_journey()
    final = journey.cycle(2022).final_worksheet
    assert final is not None
    ikm = skm_index([[4] * 9] * 83 + [[3] * 9] * 17)
    review = examples.kediri_review_2022()

    def unit() -> str:
        return unit_report(
            final,
            target="WBBM",
            holds_wbk=True,
            journey=journey,
            surveys=[ikm],
            review=review,
            language=args.language,
        )

    portfolio = examples.kota_kediri_portfolio()

    def kota() -> str:
        return portfolio_report(portfolio, on="2024-12-31", target=examples.KEDIRI_RPJMD_TARGET, language=args.language)

    unit_page, kota_page = unit(), kota()
    to_pdf(kota_page)  # warm-up: WeasyPrint's import and the fonts
    timed("unit report (Kediri 2022, all sections) HTML", args.repeat, unit)
    timed("unit report to PDF (A4)", args.repeat, lambda: to_pdf(unit_page))
    timed("portfolio report (Kota Kediri, RPJMD) HTML", args.repeat, kota)
    timed("portfolio report to PDF (A4)", args.repeat, lambda: to_pdf(kota_page))
    print(f"unit report: {len(unit_page):,} characters of HTML, {len(to_pdf(unit_page)):,} bytes of PDF")


if __name__ == "__main__":
    main()
