"""Reports, plots and DataFrames in one language at a time (issue 13, items 2, 5 and 6).

The HTML tables the reports embed from other modules (verdict, score tree, surveys, journey history, the
TPI's changes) are checked by those modules' own language tests; here they are replaced by a marker, so
that these tests check every text the report itself writes. Plot texts are read from the Figure objects.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

import zona_integritas as zi
from conftest import skip_or_fail
from language_checks import assert_speaks
from zona_integritas import _revocations, examples, plot, report
from zona_integritas.dataframe import display_word, to_dataframe
from zona_integritas.events import Revoked, Verified
from zona_integritas.i18n import use_language
from zona_integritas.labels import Label
from zona_integritas.organization import Unit
from zona_integritas.portfolio import Portfolio, Target
from zona_integritas.survey import skm_index

LANGUAGES = ("id", "en")
JOURNEY = examples.kediri_journey()
FINAL = JOURNEY.cycle(2022).final_worksheet
TPI = examples.kediri_worksheet_2022()
IKM = skm_index([[4] * 9] * 83 + [[3] * 9] * 17)
KOTA = examples.kota_kediri_portfolio()
ON = "31 Desember 2024"
FOREIGN = "[table of another module]"
DECREE = "B/123/M.RB.06/2025"


def revoked_portfolio() -> Portfolio:
    """The Kota Kediri portfolio with the DPM PTSP's WBK revoked on 17 March 2025 (illustrative)."""
    dpmptsp = KOTA.journeys[0].record(
        Verified(dt.date(2025, 2, 3), findings=True, prompted_by="pengaduan masyarakat"),
        Revoked(dt.date(2025, 3, 17), decree_number=DECREE, finding_on=dt.date(2025, 2, 3)),
    )
    return Portfolio(KOTA.instansi, KOTA.units, (dpmptsp, *KOTA.journeys[1:]))


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _stub_foreign_tables(monkeypatch) -> None:
    for name in ("verdict_html", "score_card_html", "journey_html", "survey_html"):
        monkeypatch.setattr(report, name, lambda *a, **k: f"<p>{FOREIGN}</p>")
    from zona_integritas import review_html

    monkeypatch.setattr(review_html, "tpi_changes_section", lambda *a, **k: f"<p>{FOREIGN}</p>")


@pytest.fixture
def own_text_only(monkeypatch):
    """Replace the tables other modules make by a marker (they have their own language tests)."""
    _stub_foreign_tables(monkeypatch)


@pytest.fixture(scope="module")
def unit_pages():
    """The Kediri unit report (journey, survey, review) in each language, made once, foreign tables stubbed."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        _stub_foreign_tables(monkeypatch)
        return {language: unit_page(language) for language in LANGUAGES}


def visible_text(page: str) -> str:
    """What a reader sees: no head (style, title), no inline SVG (its texts are drawn as paths), tags removed."""
    page = re.sub(r"<head>.*?</head>|<svg.*?</svg>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def figure_texts(ax) -> list[str]:
    fig = ax.figure
    return [t.get_text() for t in fig.findobj(Text) if t.get_text().strip()]


def unit_page(language: str) -> str:
    return report.unit_report(
        FINAL,
        target="WBBM",
        holds_wbk=True,
        journey=JOURNEY,
        surveys=[IKM],
        review=examples.kediri_review_2022(),
        language=language,
    )


# -- HTML reports --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_unit_report_speaks_one_language(unit_pages, language):
    page = unit_pages[language]
    text = visible_text(page)
    assert f"<html lang='{language}'>" in page and FOREIGN in text
    assert_speaks(text, language, data=[examples.KEDIRI_UNIT_NAME, FOREIGN])


def test_the_unit_report_pins_its_sentences_in_both_languages(unit_pages):
    text = {language: visible_text(unit_pages[language]) for language in LANGUAGES}
    assert text["id"].startswith(
        "Laporan Zona Integritas Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu (DPM PTSP) Kota Kediri "
        "Ringkasan Menuju WBBM: TIDAK LULUS Nilai total LKE: 86,87 dari 100,00. 2 kriteria belum terpenuhi: "
        "Area Penataan Sistem Manajemen SDM Aparatur dan Pelayanan publik yang prima. 1 perubahan jawaban di "
        "bawah ini memenuhi yang dapat diperbaiki lewat jawaban LKE; selebihnya bergantung pada hasil survei. "
        "Keputusan"
    )
    assert text["en"].startswith(
        "Zona Integritas report Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu (DPM PTSP) Kota Kediri "
        "Summary Towards WBBM: NOT PASSED Total LKE score: 86.87 of 100.00. 2 criteria are not met: "
        "Area Civil-service HR management and Excellent public service. 1 answer change below meets what LKE "
        "answers can fix; the rest needs the survey results. Verdict"
    )
    assert "Butir Uraian Dari Menjadi Nilai Kriteria yang dipenuhi R3.i.a" in text["id"]
    assert "Item Description From To Points Criteria it meets R3.i.a" in text["en"]
    assert "+0,75 Area Penataan Sistem Manajemen SDM Aparatur" in text["id"]
    assert "+0.75 Area Civil-service HR management" in text["en"]
    assert text["id"].endswith("Dibuat oleh zona-integritas dari data yang diberikan; angka dibulatkan 2 desimal.")
    assert text["en"].endswith("Made by zona-integritas from the data given; figures rounded to 2 decimals.")
    for language, order in {
        "id": ("Ringkasan", "Keputusan", "Yang perlu diperbaiki", "Nilai LKE", "Survei", "Perjalanan"),
        "en": ("Summary", "Verdict", "What to fix", "LKE score", "Surveys", "Journey"),
    }.items():  # the verdict and what to fix come first, the score table after
        headings = re.findall(r"<h2>([^<]+)</h2>", unit_pages[language])
        assert [h for h in headings if h in order] == list(order)


def test_the_plan_names_an_items_inputs_in_the_language(own_text_only):
    weak = TPI.with_answers({"R4.i.a": {"targets": 9, "met": 1}})
    text = {
        lang: visible_text(report.unit_report(weak, target="WBBM", holds_wbk=True, language=lang)) for lang in LANGUAGES
    }
    assert (
        "R4.i.a Target kinerja tercapai Jumlah sasaran kinerja: 9; Jumlah sasaran tercapai 100% atau lebih: 1 "
        "Jumlah sasaran kinerja: 9; Jumlah sasaran tercapai 100% atau lebih: 9 +1,78 Area Penguatan Akuntabilitas"
    ) in text["id"]
    assert (
        "R4.i.a Performance targets met Performance targets: 9; Targets met at 100% or more: 1 "
        "Performance targets: 9; Targets met at 100% or more: 9 +1.78 Area Performance accountability"
    ) in text["en"]
    assert "2 perubahan jawaban di bawah ini memenuhi yang dapat diperbaiki lewat jawaban LKE" in text["id"]
    assert "2 answer changes below meet what LKE answers can fix; the rest needs the survey results." in text["en"]


def test_an_unanswered_item_in_the_plan_reads_as_unanswered(own_text_only):
    answers = TPI.to_answers()
    del answers["R3.i.a"]
    gap = zi.Worksheet.from_answers(TPI.rulebook, answers, assessor="tpi")
    rows = {
        "id": "R3.i.a Kinerja individu berorientasi hasil belum dijawab A",
        "en": "R3.i.a Individual targets are outcome-based unanswered A",
    }
    for language, row in rows.items():
        text = visible_text(report.unit_report(gap, target="WBBM", holds_wbk=True, language=language))
        assert row in text


def test_a_passing_unit_report_says_every_criterion_is_met(own_text_only):
    text = visible_text(report.unit_report(TPI, target="WBK", language="id"))
    assert "Menuju WBK: LULUS Nilai total LKE: 87,76 dari 100,00. Semua kriteria terpenuhi." in text
    assert "Tidak ada perubahan jawaban yang diperlukan." in text
    assert_speaks(text, "id", data=[FOREIGN])


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_portfolio_report_speaks_one_language_and_leads_with_the_rpjmd_progress(own_text_only, language):
    page = report.portfolio_report(KOTA, on=ON, target=examples.KEDIRI_RPJMD_TARGET, language=language)
    text = visible_text(page)
    names = [u.name for u in KOTA.units] + [KOTA.instansi.name]
    assert_speaks(text, language, data=names)
    assert page.count("<svg") == 1 and f"lang='{language}'" in page
    if language == "id":
        assert (
            "Ringkasan RPJMD 2020-2024: 10 OPD pelayanan publik berpredikat WBK/WBBM: 2 dari 10 unit (20,00%) per "
            "31 Desember 2024; perlu 8 unit lagi sampai 31 Desember 2024. 2 dari 6 unit berpredikat (33,33%). "
            "Kemajuan menuju target rencana Tahun Per tanggal WBK WBBM Jumlah Target 2019 31 Desember 2019 0 0 0 10"
        ) in text
        assert "2024 31 Desember 2024 2 0 2 10 Unit kerja" in text
        assert "Dapat diusulkan pada siklus berikutnya (2025)" in text
    else:
        assert (
            "Summary RPJMD 2020-2024: 10 public-service OPDs with WBK/WBBM: 2 of 10 units (20.00%) on "
            "31 December 2024; 8 more units needed by 31 December 2024. 2 of 6 units hold a predicate (33.33%). "
            "Progress to the plan target Year On WBK WBBM Total Target 2019 31 December 2019 0 0 0 10"
        ) in text
        assert "dispendukcapil Dinas Kependudukan dan Pencatatan Sipil - 2024: under evaluation" in text


def test_a_reached_target_and_no_target():
    target = Target(Label("Rencana A", "Plan A"), 2, "2024-12-31")
    text = visible_text(report.portfolio_report(KOTA, on=ON, target=target, language="id"))
    assert "Rencana A: tercapai, 2 dari 2 unit (100,00%) per 31 Desember 2024." in text
    page = report.portfolio_report(KOTA, on=ON, language="en")
    assert "<svg" not in page and "Progress to the plan target" not in page
    assert "2 of 6 units hold a predicate (33.33%)." in visible_text(page)
    few = report.portfolio_report(KOTA, on="1 Januari 2020", next_cycle=2020, language="en")
    assert "No unit may be proposed in that cycle." in visible_text(few)


# -- revocations ---------------------------------------------------------------------------------------------------
def test_a_revoked_unit_is_shown_as_revoked_in_the_portfolio_report_and_frame():
    revoked = revoked_portfolio()
    on = "30 Juni 2025"
    text = {
        language: visible_text(report.portfolio_report(revoked, on=on, language=language)) for language in LANGUAGES
    }
    name = examples.KEDIRI_UNIT_NAME
    assert f"dpmptsp {name} WBK dicabut 2022: ditetapkan, kemudian dicabut 17 Maret 2025" in text["id"]
    assert f"dpmptsp {name} WBK revoked 2022: awarded, then revoked 17 March 2025" in text["en"]
    assert f"Predikat 1 unit dicabut: {name}." in text["id"]
    late = visible_text(report.portfolio_report(revoked, on=on, target=examples.KEDIRI_RPJMD_TARGET, language="id"))
    assert (
        "RPJMD 2020-2024: 10 OPD pelayanan publik berpredikat WBK/WBBM: 1 dari 10 unit (10,00%) per 30 Juni 2025; "
        "tanggal target, 31 Desember 2024, telah lewat dengan kekurangan 9 unit."
    ) in late
    assert f"1 unit had its predicate revoked: {name}." in text["en"]
    for language in LANGUAGES:
        assert_speaks(text[language], language, data=[u.name for u in KOTA.units] + [KOTA.instansi.name])
    frame = to_dataframe(revoked, on=on)
    row = frame.iloc[0]
    assert row.revoked_on == pd.Timestamp("2025-03-17") and pd.isna(row.predicate) and row.latest_outcome == "awarded"
    assert frame.revoked_on.iloc[1:].isna().all() and frame.revoked_on.dtype.kind == "M"
    shown = to_dataframe(revoked, on=on, display=True, language="id")
    assert shown.iloc[0]["Hasil siklus terakhir"] == "ditetapkan, kemudian dicabut"
    assert shown.iloc[0]["Dicabut pada"] == pd.Timestamp("2025-03-17")
    # before the revocation, the unit holds WBK and nothing is revoked
    assert pd.isna(to_dataframe(revoked, on="1 Maret 2025").revoked_on.iloc[0])


def test_the_unit_report_states_a_revocation_of_its_journey(own_text_only):
    journey = revoked_portfolio().journeys[0]
    assert [(r.on, r.predicate.value, r.cycle) for r in _revocations.revocations(journey)] == [
        (dt.date(2025, 3, 17), "WBK", 2022)
    ]
    for language, sentence in {
        "id": f"WBK yang ditetapkan pada siklus 2022 dicabut pada 17 Maret 2025 (SK {DECREE}).",
        "en": f"WBK awarded in the 2022 cycle was revoked on 17 March 2025 (decree {DECREE}).",
    }.items():
        text = visible_text(report.unit_report(FINAL, journey=journey, language=language))
        assert sentence in text
        assert_speaks(text, language, data=[journey.unit, FOREIGN, DECREE])


def test_a_recorded_award_later_revoked_is_not_shown_as_awarded():
    rb = zi.load_rulebook("permenpanrb-90-2021")
    from zona_integritas.events import BuildingStarted, Declared, RecordedOutcome, UnitDesignated

    journey = zi.Journey.replay(
        "u",
        rb,
        [
            Declared(dt.date(2019, 1, 7)),
            UnitDesignated(dt.date(2019, 1, 14)),
            BuildingStarted(dt.date(2019, 1, 21)),
            RecordedOutcome(
                dt.date(2020, 12, 10), cycle=2020, target="WBK", awarded=True, decree_number="1", source="SK 2020"
            ),
            Revoked(dt.date(2022, 3, 1), decree_number="cabut", finding_source="surat TPN"),
        ],
    )
    unit = Unit("u", "Unit Uji", KOTA.instansi)
    portfolio = Portfolio(KOTA.instansi, (unit,), (journey,))
    text = visible_text(report.portfolio_report(portfolio, on="2022-12-31", language="en"))
    assert "u Unit Uji WBK revoked 2020: awarded, then revoked 1 March 2022" in text
    assert _revocations.revoked_cycles(journey)[2020].decree_number == "cabut"
    assert _revocations.last_revocation(journey, on="2022-02-28") is None


# -- plots ---------------------------------------------------------------------------------------------------------
CARD = zi.score(FINAL)
VERDICT = zi.assess(CARD, target="WBBM", holds_wbk=True)

PLOT_TEXTS = {
    "id": {
        "radar": ["Capaian area dalam persen dari bobotnya", "batas minimal area 60%", "batas minimal area 75%"],
        "margins": ["Menuju WBBM", "selisih, % dari syarat", "terpenuhi", "tidak terpenuhi"],
        "ikm": ["IKM 95,75 (A)", "Unsur SKM", "NRR × 25", "batas bawah mutu A (88,31)"],
        "rpjmd": ["tahun (unit berpredikat per 31 Desember)", "unit", "target: 10 unit pada 31 Desember 2024"],
        "timeline": ["tahun"],
    },
    "en": {
        "radar": ["Areas as a percentage of their weight", "area minimum 60%", "area minimum 75%"],
        "margins": ["Towards WBBM", "margin, % of the threshold", "met", "not met"],
        "ikm": ["IKM 95.75 (A)", "SKM element", "NRR × 25", "lower limit of grade A (88.31)"],
        "rpjmd": ["year (units holding a predicate on 31 December)", "units", "target: 10 units by 31 December 2024"],
        "timeline": ["year"],
    },
}


def draw_all(language: str) -> dict[str, object]:
    return {
        "radar": plot.radar(CARD, language=language),
        "margins": plot.margins(VERDICT, language=language),
        "ikm": plot.ikm_elements(IKM, language=language),
        "rpjmd": plot.rpjmd_progress(KOTA, examples.KEDIRI_RPJMD_TARGET, language=language),
        "timeline": plot.journey_timeline(JOURNEY, language=language),
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_plot_titles_axes_and_legends_follow_the_language(language):
    events = [e.what for e in JOURNEY.history()]  # the events' own descriptions (the journey's language tests)
    for name, ax in draw_all(language).items():
        texts = figure_texts(ax)
        for expected in PLOT_TEXTS[language][name]:
            assert expected in texts, (name, expected, texts)
        shown = "\n".join(texts)
        data = [examples.KEDIRI_UNIT_NAME, *events, *(w for e in events for w in plot.wrap(e, 26).split("\n"))]
        assert_speaks(shown, language, data=data)


def test_plots_follow_the_current_language_without_an_argument():
    with use_language("id"):
        assert plot.margins(VERDICT).get_title() == "Menuju WBBM"
    with use_language("en"):
        assert plot.margins(VERDICT).get_title() == "Towards WBBM"


def _extents(fig, texts):
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    return [t.get_window_extent(renderer) for t in texts]


@pytest.mark.parametrize("language", LANGUAGES)
def test_radar_area_labels_are_wrapped_and_do_not_overlap(language):
    fig = Figure(figsize=(6.5, 6), layout="constrained")
    ax = plot.radar(CARD, ax=fig.add_subplot(projection="polar"), language=language)
    labels = ax.get_xticklabels()
    assert all(len(line) <= 18 for t in labels for line in t.get_text().split("\n") if " " in line)
    boxes = _extents(fig, labels)
    for i, first in enumerate(boxes):
        for second in boxes[i + 1 :]:
            assert not first.overlaps(second)
    whole = [a.label.in_language(language) for a in CARD.areas]
    assert [" ".join(t.get_text().split("\n")) for t in labels] == whole


def test_margin_labels_are_whole_and_inside_the_figure():
    ax = plot.margins(VERDICT, language="id")
    labels = ax.get_yticklabels()
    names = [c.label.in_language("id") for c in VERDICT.criteria if c.margin is not None and c.required]
    assert [" ".join(t.get_text().split("\n")) for t in labels] == names  # wrapped, never cut
    fig = ax.figure
    figure_box = fig.bbox
    for box in _extents(fig, labels):
        assert box.x0 >= figure_box.x0 and box.x1 <= figure_box.x1 and box.y0 >= figure_box.y0


def test_the_timeline_axis_shows_years():
    ax = plot.journey_timeline(JOURNEY, language="en")
    ax.figure.canvas.draw()
    years = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert years and all(re.fullmatch(r"\d{4}", y) for y in years)
    assert {"2019", "2020", "2021", "2022", "2023", "2024"} <= set(years)


def test_the_rpjmd_chart_stacks_wbk_and_wbbm_against_the_target():
    rows = plot.progress_by_year(KOTA, examples.KEDIRI_RPJMD_TARGET, on="30 Juni 2024")
    assert [(r.year, r.on, r.total) for r in rows][-2:] == [
        (2023, dt.date(2023, 12, 31), 2),
        (2024, dt.date(2024, 6, 30), 2),
    ]
    ax = plot.rpjmd_progress(KOTA, examples.KEDIRI_RPJMD_TARGET, on="30 Juni 2024", language="en")
    heights = [p.get_height() for p in ax.patches]
    assert heights == [0, 0, 0, 1, 2, 2] + [0] * 6  # WBK bars, then WBBM bars stacked on them
    assert [t.get_text() for t in ax.get_xticklabels()] == [str(y) for y in range(2019, 2025)]
    assert ax.get_title() == "RPJMD 2020-2024: 10 public-service OPDs with WBK/WBBM"


def test_a_report_keeps_the_callers_backend_and_pyplot_figures(monkeypatch):
    switched = []
    monkeypatch.setattr(matplotlib, "use", lambda *a, **k: switched.append(a))
    monkeypatch.setattr(plt, "switch_backend", lambda *a, **k: switched.append(a))
    before_backend = matplotlib.get_backend()
    plt.figure()
    before = plt.get_fignums()
    page = report.unit_report(TPI, surveys=[IKM], journey=JOURNEY, language="id")
    assert switched == [] and matplotlib.get_backend() == before_backend and plt.get_fignums() == before
    assert page.count("<svg") == 4  # margins, radar, IKM elements, timeline; each in a <figure>
    assert page.count("<figure>") == page.count("<svg")
    assert "<text" in page and ">Menuju WBK</text>" in page  # chart texts stay text (searchable, in the PDF too)


def test_an_empty_radar_is_refused_in_the_language():
    with pytest.raises(zi.InvalidValueError, match="Berikan sedikitnya satu kartu nilai") as caught:
        plot.radar(language="id")
    assert caught.value.code == "no-score-card"


# -- DataFrames ----------------------------------------------------------------------------------------------------
DISPLAY = {
    "id": {
        "card": ["Kode", "Tingkat", "Uraian", "Induk", "Bobot", "Nilai", "%", "Jawaban"],
        "verdict": [
            "Kode",
            "Kriteria",
            "Terpenuhi",
            "Capaian",
            "Syarat",
            "Selisih",
            "Satuan",
            "Dapat diperbaiki lewat jawaban LKE",
            "Sumber",
        ],
        "ikm": ["Kode", "Uraian", "NRR", "Bobot", "NRR tertimbang", "NRR × 25"],
        "journey": ["Tanggal", "Oleh", "Peristiwa", "Catatan"],
        "portfolio": [
            "Kode unit",
            "Unit",
            "Jenis unit",
            "Predikat",
            "Berpredikat sejak",
            "Siklus terakhir",
            "Hasil siklus terakhir",
            "Dicabut pada",
            "Jumlah siklus",
        ],
    },
    "en": {
        "card": ["Code", "Level", "Description", "Part of", "Weight", "Points", "%", "Answer"],
        "verdict": [
            "Code",
            "Criterion",
            "Met",
            "Actual",
            "Required",
            "Margin",
            "Measured in",
            "Fixable by LKE answers",
            "Source",
        ],
        "ikm": ["Code", "Description", "NRR", "Weight", "Weighted NRR", "NRR × 25"],
        "journey": ["Date", "By", "Event", "Note"],
        "portfolio": [
            "Unit code",
            "Unit",
            "Unit kind",
            "Predicate",
            "Holding since",
            "Latest cycle",
            "Outcome of the latest cycle",
            "Revoked on",
            "Cycles",
        ],
    },
}


def frames(**kw):
    return {
        "card": to_dataframe(CARD, **kw),
        "verdict": to_dataframe(VERDICT, **kw),
        "ikm": to_dataframe(IKM, **kw),
        "journey": to_dataframe(JOURNEY, **kw),
        "portfolio": to_dataframe(KOTA, on=ON, **kw),
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_dataframe_display_headers_and_words_follow_the_language(language):
    shown = frames(display=True, language=language)
    for name, frame in shown.items():
        assert list(frame.columns) == DISPLAY[language][name], name
    machine = frames(language=language)
    assert list(machine["portfolio"].columns) == [
        "unit_id",
        "name",
        "kind",
        "predicate",
        "since",
        "latest_cycle",
        "latest_outcome",
        "revoked_on",
        "cycles",
    ]  # machine names are the same in every language
    words = {
        "id": (["ya", "ya", "ya"], ["poin", "poin", "persen"], ["ditetapkan", "ditetapkan", "sedang dievaluasi"]),
        "en": (["yes", "yes", "yes"], ["points", "points", "percent"], ["awarded", "awarded", "under evaluation"]),
    }[language]
    verdict = shown["verdict"]
    assert list(verdict.iloc[:3, 2]) == words[0] and list(verdict.iloc[1:4, 6]) == words[1]
    assert list(shown["portfolio"].iloc[:3, 6]) == words[2]
    labour, other = {"id": ("pelayanan ketenagakerjaan", "lainnya"), "en": ("labour services", "other")}[language]
    assert list(shown["portfolio"].iloc[:, 2]) == ["PTSP", "RSUD", "Dukcapil", labour, other, other]
    cells = " ".join(
        str(v)
        for frame in (shown["card"], shown["verdict"], shown["ikm"], shown["portfolio"])
        for v in [*frame.columns, *frame.select_dtypes(exclude="number").astype(str).to_numpy().ravel()]
    )
    data = [u.name for u in KOTA.units] + [str(v) for v in verdict.iloc[:, 8]]
    answers = [str(v) for v in shown["card"].iloc[:, 7]]  # answers as the worksheet holds them
    assert_speaks(cells, language, data=[*data, *answers])


def test_display_words_and_machine_values():
    assert display_word("pembinaan", language="id") == "pembinaan"
    assert display_word("pembinaan", language="en") == "pembinaan (coaching)"
    assert display_word("subcomponent", language="id") == "subkomponen"
    portfolio = to_dataframe(KOTA, on=ON)
    assert str(portfolio.latest_cycle.dtype) == "Int64" and portfolio.latest_cycle.tolist()[:2] == [2022, 2023]


def test_dataframe_errors_speak_the_language():
    with pytest.raises(zi.InvalidValueError, match="DataFrame portofolio memerlukan on=") as caught:
        to_dataframe(KOTA, language="id")
    assert caught.value.code == "portfolio-needs-date"
    with pytest.raises(zi.InvalidValueError, match="Cannot make a DataFrame of int") as caught:
        to_dataframe(3, language="en")
    assert caught.value.code == "no-dataframe"
    with pytest.raises(zi.InvalidValueError, match="Tidak dapat membuat DataFrame dari int"):
        to_dataframe(3, language="id")


# -- the command line ----------------------------------------------------------------------------------------------
def run(*argv):
    from zona_integritas.cli import main

    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), out=out, err=err), out.getvalue(), err.getvalue()


def test_report_portfolio_takes_a_target(tmp_path):
    out_file = tmp_path / "p.html"
    code, out, err = run(
        "--language", "id", "report", "portfolio", "--out", str(out_file), "--target", "4", "--by", "2025-12-31"
    )
    assert code == 0, err
    assert out == f"{out_file} telah ditulis\n"
    text = visible_text(out_file.read_text(encoding="utf-8"))
    assert "RPJMD: 4 unit berpredikat WBK/WBBM: 2 dari 4 unit (50,00%) per 31 Desember 2024; perlu 2 unit lagi" in text
    code, _, err = run("--language", "en", "report", "portfolio", "--out", str(out_file), "--target", "0")
    assert code == 2 and "--target: 0 is not a number of units" in err
    code, _, err = run(
        "--language",
        "en",
        "report",
        "portfolio",
        "--out",
        str(out_file),
        "--target",
        "3",
        "--predicate",
        "wbbm",
        "--plan",
        "Renstra",
    )
    assert code == 0, err
    assert "Renstra: 3 units with WBBM: 0 of 3 units (0.00%)" in visible_text(out_file.read_text(encoding="utf-8"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_report_help_speaks_the_language(language, capsys):
    for argv in (["report", "--help"], ["report", "unit", "--help"], ["report", "portfolio", "--help"]):
        with pytest.raises(SystemExit):
            run("--language", language, *argv)
        shown = capsys.readouterr().out
        body = re.sub(r"--?[A-Za-z][\w-]*", " ", shown.split("\n\n", 1)[1])  # no usage block, no option names
        for own in ("positional arguments:", "options:", "show this help message and exit"):
            body = body.replace(own, " ")  # argparse's own words (the command line's module translates them)
        assert_speaks(body.replace("--", " "), language, data=["RPJMD", "DPM PTSP Kota Kediri"])
    assert ("tulis PDF A4" if language == "id" else "write an A4 PDF") in shown


def test_report_from_a_store_names_an_unknown_instansi(tmp_path):
    from zona_integritas import store

    db = tmp_path / "kota.db"
    with store.open(db) as s:
        for unit, journey in list(zip(KOTA.units, KOTA.journeys, strict=True))[:2]:  # the two holders
            s.add_unit(unit, rulebook="permenpanrb-90-2021")
            s.record(unit.id, *journey.events)
    code, _, err = run(
        "--language", "id", "report", "portfolio", "--db", str(db), "--instansi", "X", "--out", str(tmp_path / "x.html")
    )
    assert code == 2 and "Tidak ada instansi 'X'" in err and "Pemerintah Kota Kediri" in err
    code, _, err = run(
        "--language",
        "id",
        "report",
        "portfolio",
        "--db",
        str(db),
        "--instansi",
        "Pemerintah Kota Kediri",
        "--target",
        "10",
        "--out",
        str(tmp_path / "k.html"),
    )
    assert code == 0, err
    assert "2 dari 10 unit (20,00%)" in visible_text((tmp_path / "k.html").read_text(encoding="utf-8"))


# -- PDF -----------------------------------------------------------------------------------------------------------
def weasyprint_or_skip() -> None:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        skip_or_fail(
            "needs WeasyPrint and the Pango library (pip install 'zona-integritas[pdf]'; "
            f"apt-get install libpango-1.0-0 libpangoft2-1.0-0) to make PDF reports: {exc}"
        )


def pdf_pages(data: bytes) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width), 1), round(float(box.height), 1)) == (595.3, 841.9)  # A4
    return [" ".join(page.extract_text().split()) for page in reader.pages]


@pytest.mark.pdf
def test_the_unit_report_as_an_a4_pdf_in_indonesian():
    weasyprint_or_skip()
    data = report.to_pdf(report.unit_report(FINAL, target="WBBM", holds_wbk=True, surveys=[IKM], language="id"))
    assert data[:5] == b"%PDF-"
    pages = pdf_pages(data)
    first = pages[0]
    assert len(pages) >= 3 and first.startswith("Laporan Zona Integritas Ringkasan Menuju WBBM: TIDAK LULUS")
    assert "Ringkasan Menuju WBBM: TIDAK LULUS Nilai total LKE: 86,87 dari 100,00." in first
    assert "Nilai LKE" not in first  # the score table comes after the verdict and the plan
    everything = " ".join(pages)
    assert "Yang perlu diperbaiki Butir Uraian Dari Menjadi Nilai Kriteria yang dipenuhi R3.i.a" in everything
    assert "selisih, % dari syarat" in everything and "batas minimal area 75%" in everything  # chart texts
    assert "Dibuat oleh zona-integritas dari data yang diberikan; angka dibulatkan 2 desimal." in pages[-1]
    assert all(f"{i} / {len(pages)}" in page for i, page in enumerate(pages, 1))  # numbered pages
    headings = ("Ringkasan", "Keputusan", "Yang perlu diperbaiki", "Nilai LKE", "Survei")
    for page in pages:  # no heading is left alone at the foot of a page
        body = re.sub(r"\d+ / \d+$", "", page).strip()
        assert not body.endswith(headings), body[-80:]


@pytest.mark.pdf
def test_report_portfolio_pdf_from_the_command_line_and_without_weasyprint(tmp_path, monkeypatch):
    weasyprint_or_skip()
    out_file = tmp_path / "portofolio.pdf"
    code, out, err = run("--language", "id", "report", "portfolio", "--out", str(out_file))
    assert code == 0, err
    assert out == f"{out_file} telah ditulis (PDF, A4)\n"  # a name ending in .pdf asks for a PDF
    pages = pdf_pages(out_file.read_bytes())
    assert pages[0].startswith("Portofolio unit Pemerintah Kota Kediri, 31 Desember 2024 Ringkasan RPJMD 2020-2024")
    assert "2 dari 10 unit (20,00%)" in pages[0] and "Kemajuan menuju target rencana" in pages[0]
    assert "target: 10 unit pada 31 Desember 2024" in pages[0]  # the RPJMD chart's legend
    with pytest.raises(zi.InvalidValueError, match="to_pdf menerima teks HTML"), use_language("id"):
        report.to_pdf("bukan laporan")
    import sys

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if the extra were not installed
    code, _, err = run("--language", "id", "report", "portfolio", "--pdf", "--out", str(tmp_path / "p.html"))
    assert code == 2 and err.startswith("kesalahan: Laporan PDF memerlukan WeasyPrint dan pustaka Pango")
    assert not (tmp_path / "p.html").exists()
    with pytest.raises(report.PdfEngineMissingError) as caught:
        report.to_pdf("<html></html>")
    assert isinstance(caught.value, ImportError) and caught.value.code == "pdf-engine-missing"


# -- invariants ----------------------------------------------------------------------------------------------------
@given(st.text(alphabet=st.sampled_from("abcdefghij ABC-"), max_size=120), st.integers(min_value=5, max_value=40))
def test_wrapping_keeps_every_word_in_order_and_lines_short(text, width):
    wrapped = plot.wrap(text, width)
    assert wrapped.split() == text.split() or (not text.split() and wrapped == text)
    for line in wrapped.split("\n"):
        assert len(line) <= width or " " not in line.strip()  # only a single word longer than the width


@given(st.integers(min_value=1, max_value=700), st.integers(min_value=-400, max_value=400))
def test_a_revocation_shows_from_its_day_on_and_never_before(days_after_finding, offset):
    finding = dt.date(2025, 2, 3)
    revoked_on = finding + dt.timedelta(days=days_after_finding)
    journey = KOTA.journeys[0].record(
        Verified(finding, findings=True), Revoked(revoked_on, decree_number=DECREE, finding_on=finding)
    )
    on = revoked_on + dt.timedelta(days=offset)
    portfolio = Portfolio(KOTA.instansi, KOTA.units[:1], (journey,))
    row = to_dataframe(portfolio, on=on).iloc[0]
    if on >= revoked_on:
        assert row.revoked_on == pd.Timestamp(revoked_on) and pd.isna(row.predicate)
        assert [r.cycle for r in _revocations.revocations(journey, on=on)] == [2022]
    else:
        assert pd.isna(row.revoked_on) and row.predicate == "WBK"
        assert _revocations.revocations(journey, on=on) == ()
