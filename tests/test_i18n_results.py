"""The results speak one language at a time: score cards, verdicts, plans, eligibility, portfolios and their
notebook faces (short reprs, left-aligned HTML with the tree's indentation visible)."""

from __future__ import annotations

import datetime as dt
import html
import re
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.language_checks import assert_speaks

import zona_integritas as zi
from zona_integritas import examples
from zona_integritas import testing as strategies
from zona_integritas._html import (
    eligibility_html,
    journey_html,
    plan_html,
    portfolio_html,
    score_card_html,
    table,
    verdict_html,
)
from zona_integritas.eligibility import check_eligibility
from zona_integritas.i18n import use_language
from zona_integritas.organization import Instansi, InstansiFacts, Unit, UnitFacts
from zona_integritas.portfolio import Portfolio, compare_assessors, outcome_text

LANGUAGES = ("id", "en")
RB = zi.load_rulebook("permenpanrb-90-2021")
WS = examples.kediri_worksheet_2022()
CARD = zi.score(WS)
WBK = zi.assess(CARD, target="WBK")
WBBM = zi.assess(CARD, target="WBBM", holds_wbk=True)
PLAN = zi.plan_improvements(WS, "WBBM", holds_wbk=True)
KOTA = Instansi("Pemerintah Kota Kediri", "pemda")
PTSP = Unit("dpmptsp", "DPM PTSP Kota Kediri", KOTA, "ptsp")
BAPPEDA = Unit("bappeda", "Badan Perencanaan Pembangunan Daerah", KOTA)
#: facts that touch every text of a check: unknown facts, a grade below the order, a revocation, KKN, saturation
FACTS = InstansiFacts(
    2022,
    bpk_opinion="WDP",
    sakip="BB",
    indeks_rb="C",
    spip_level=3,
    kkn_case=True,
    kkn_top_leadership=None,
    units_total=10,
    units_with_predicate=5,
)
UNIT_FACTS = UnitFacts(
    core_service=True,
    audit_follow_up_pct=80,
    lhkpn_pct=100,
    building_wbk_since=dt.date(2021, 9, 6),
    revoked_on=dt.date(2021, 3, 1),
)
#: what the user (or the rulebook, as data) wrote: names, notes, citations of the regulation
DATA = [
    examples.KEDIRI_UNIT_NAME,
    "Pemerintah Kota Kediri",
    "DPM PTSP Kota Kediri",
    "Badan Perencanaan Pembangunan Daerah",
    "RSUD Gambiran",
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Dinas Tenaga Kerja",
    "Kecamatan Kota",
    "TPI Inspektorat Kota Kediri",
    "Wali Kota Kediri",
    "Menteri PANRB",
    *examples.KEDIRI_UNIT_CLAIMS,
    *(note for _, note in examples.KEDIRI_TPI_CHANGES.values()),
]


def _sources() -> list[str]:
    """Citations and rulebook notes are data: the regulation's own words (``Lampiran II Bab III``)."""
    found = [c.source for v in (WBK, WBBM) for c in v.criteria] + list(WBBM.notes)
    found += [u.source for u in PLAN.unfixable]
    if RB.eligibility is not None:
        rules = RB.eligibility
        found += [c.source for c in rules.conditions]
        found += [rules.afirmasi_source, rules.revocation_source, rules.kkn_source, rules.saturation_source or ""]
    return found


SOURCES = _sources()


def _journey_texts() -> list[str]:
    """What a journey's history says of its events is the journey's (process slice) text, shown here as given."""
    found = []
    for language in LANGUAGES:
        with use_language(language):
            for journey in examples.kota_kediri_portfolio().journeys:
                found += [entry.what for entry in journey.history()]
    return found


JOURNEY_TEXTS = _journey_texts()


def speaks(text: str, language: str, *extra: str) -> None:
    data = [*DATA, *SOURCES, *JOURNEY_TEXTS, *extra]
    assert_speaks(text, language, data=[*data, *(html.escape(d, quote=True) for d in data)])


def report(language: str | None = None, unit: Unit = PTSP, on: dt.date = dt.date(2022, 5, 31)) -> zi.EligibilityReport:
    return check_eligibility(
        RB, instansi=KOTA, instansi_facts=FACTS, unit=unit, unit_facts=UNIT_FACTS, on=on, language=language
    )


# -- every table, summary and repr of the slice, in both languages ----------------------------------------------
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_of_a_score_card_speaks_one_language(language):
    with use_language(language):
        texts = [
            CARD.to_table(depth=5),
            CARD.to_table(depth=1),
            repr(CARD),
            CARD.zero_denominator_note,
            CARD.completeness_text(),
            *(str(node) for node in CARD.walk()),
            *(str(area) for area in CARD.areas),
            repr(zi.score(WS.with_answers({"P1.i.a": None}), unanswered="skip")),
        ]
        figures = CARD.to_dict()
        texts += [figures["total"]["label"], *(a["label"] for a in figures["areas"])]
    for text in texts:
        speaks(text, language)
    assert CARD.to_table(language=language) == CARD.to_table(language=language, depth=3)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_of_a_verdict_and_a_plan_speaks_one_language(language):
    texts = []
    for verdict in (WBK, WBBM, zi.assess(CARD, target="WBBM", holds_wbk=False)):
        texts += [verdict.to_table(language=language), verdict.title(language=language)]
        texts += [c["label"] for c in verdict.to_dict(language=language)["criteria"]]
        with use_language(language):
            texts += [repr(verdict), *(str(c) for c in verdict.criteria)]
            texts += [f"{c.shown_actual()} {c.shown_required()} {c.shown_margin()}" for c in verdict.criteria]
    passing = zi.plan_improvements(WS, "WBK")
    for plan in (PLAN, passing, zi.plan_improvements(WS.with_answers({"R3.i.a": None}), "WBBM", holds_wbk=True)):
        texts += [plan.to_table(language=language), plan.title(language=language)]
        texts += [u["label"] for u in plan.to_dict(language=language)["unfixable"]]
        with use_language(language):
            texts.append(repr(plan))
    for text in texts:
        speaks(text, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_of_an_eligibility_report_speaks_one_language(language):
    texts = []
    for unit, on in ((PTSP, dt.date(2022, 5, 31)), (BAPPEDA, dt.date(2020, 5, 1)), (BAPPEDA, dt.date(2021, 5, 3))):
        checked = report(language, unit, on)
        texts += [checked.to_table(language=language), eligibility_html(checked, language=language)]
        with use_language(language):
            texts += [repr(checked), repr(checked.wbk), repr(checked.wbbm), checked.wbk.title()]
        for eligibility in (checked.wbk, checked.wbbm):
            texts += [c["label"] for c in eligibility.to_dict(language=language)["conditions"]]
            texts += [c.shown_status(language=language) for c in eligibility.conditions]
            texts += list(eligibility.notes)
    for text in texts:
        speaks(text, language, "afirmasi")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_of_a_portfolio_speaks_one_language(language):
    portfolio = examples.kota_kediri_portfolio(language=language)
    tpi = examples.kediri_worksheet_2022()
    tpn = tpi.overlaid(examples.kediri_field_answers_2022(), assessor="tpn")
    comparison = compare_assessors(tpi.with_assessor("unit"), tpi, tpn)
    with use_language(language):
        progress = portfolio.progress(examples.KEDIRI_RPJMD_TARGET, on="31 Desember 2024")
        texts = [
            portfolio.to_table(),
            portfolio.to_table(on="31 Desember 2022"),
            repr(portfolio),
            progress.summary(),
            repr(progress),
            comparison.to_table(),
            repr(comparison),
            *portfolio.stage_reached(2022).values(),
            *portfolio.stage_reached(2023).values(),
            *(outcome_text(o) for o in zi.CycleOutcome),
            portfolio._repr_html_() or "",
            portfolio_html(portfolio, on="31 Desember 2024"),
            journey_html(examples.kediri_journey()),
        ]
    for text in texts:
        speaks(text, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_notebook_html_of_the_slice_speaks_one_language(language):
    with use_language(language):
        pages = [CARD._repr_html_(), WBK._repr_html_(), WBBM._repr_html_(), PLAN._repr_html_(), report()._repr_html_()]
        pages += [zi.plan_improvements(WS, "WBK")._repr_html_()]
        pages += _pages()
    pages += [
        score_card_html(CARD, language=language, depth=5),
        verdict_html(WBBM, language=language),
        plan_html(PLAN, language=language),
    ]
    for page in pages:
        assert page is not None
        speaks(page, language)


def test_the_examples_write_their_own_notes_in_the_language_and_keep_the_peoples_notes():
    indonesian = examples.kediri_journey(language="id")
    english = examples.kediri_journey(language="en")
    assert (indonesian.events[0].note, english.events[0].note) == ("tanggal ilustratif", "illustrative date")
    assert indonesian.events[-2].note == "sasaran berikutnya: WBBM" and english.events[-2].note == "next goal: WBBM"
    recorded = next(e for e in indonesian.events if isinstance(e, zi.events.RecordedOutcome))
    assert recorded.source.startswith("berita Desember 2022")
    speaks(journey_html(indonesian, language="id"), "id")
    speaks(journey_html(english, language="en"), "en")
    review = examples.kediri_journey_with_review(language="en")
    notes = [e.note for e in review.events if e.note]
    assert "Lengkapi bukti P3.iii.f" in notes  # the TPI's note is its data, in its words
    assert examples.KEDIRI_RPJMD_TARGET.source == "RPJMD Kota Kediri 2020-2024"


# -- pinned strings -----------------------------------------------------------------------------------------------
def test_pinned_titles_and_lines():
    assert (WBK.title(language="id"), WBK.title(language="en")) == ("Menuju WBK: LULUS", "Towards WBK: PASSED")
    assert WBBM.title(language="id") == "Menuju WBBM: TIDAK LULUS"
    assert WBBM.title(language="en") == "Towards WBBM: NOT PASSED"
    assert WBBM.to_table(language="id").splitlines()[0] == "Menuju WBBM: TIDAK LULUS"
    a3 = "!! Area Penataan Sistem Manajemen SDM Aparatur             73,75%    75,00%     -1,25"
    assert a3 in WBBM.to_table(language="id").splitlines()
    assert "!! Area Civil-service HR management                        73.75%    75.00%     -1.25" in (
        WBBM.to_table(language="en").splitlines()
    )
    with use_language("id"):
        assert str(WBBM.criterion("A3")) == (
            "[TIDAK LULUS] Area Penataan Sistem Manajemen SDM Aparatur: 73,75% terhadap syarat 75,00%, selisih -1,25"
        )
        assert str(WBBM.criterion("prior_predicate")).endswith(": berpredikat WBK")
        assert str(CARD.node("A3")) == "A3 Penataan Sistem Manajemen SDM Aparatur: 7,38 / 10,00 (73,75%)"
    with use_language("en"):
        assert str(WBBM.criterion("A3")) == (
            "[NOT PASSED] Area Civil-service HR management: 73.75% against 75.00%, margin -1.25"
        )
        assert str(CARD.node("A3")) == "A3 Civil-service HR management: 7.38 / 10.00 (73.75%)"
    table_id = CARD.to_table(language="id", depth=0).splitlines()
    assert table_id[0].split() == ["nilai", "bobot", "%"]
    assert table_id[1].split() == ["total", "Nilai", "total", "87,76", "100,00", "87,76"]
    assert CARD.to_table(language="en", depth=0).splitlines()[0].split() == ["score", "weight", "%"]
    assert CARD.completeness_text(language="id") == "113 dari 113 butir terjawab; butir yang belum dijawab: nol"
    assert CARD.completeness_text(language="en") == "113 of 113 items answered; unanswered items: zero"
    assert PLAN.title(language="id") == "Rencana perbaikan menuju WBBM: 1 perubahan jawaban; setelahnya belum lulus"
    assert PLAN.to_table(language="id").splitlines()[1].split()[-4:] == ["B", "->", "A", "+0,7500", "(A3)"][-4:]
    checked = report("id")
    assert checked.wbk.condition("revocation_bar").actual == "dicabut pada 1 Maret 2021"
    assert checked.wbk.condition("revocation_bar").required == "pada atau setelah 1 Maret 2023"
    assert checked.wbk.condition("building").actual == "8 bulan sejak 6 September 2021"
    assert checked.wbk.condition("kkn").detail == (
        "usulan instansi digugurkan (keterlibatan pimpinan tertinggi tidak dinyatakan)"
    )
    assert report("en").wbk.condition("building").actual == "8 months since 6 September 2021"
    progress = examples.kota_kediri_portfolio().progress(examples.KEDIRI_RPJMD_TARGET, on="31 Desember 2024")
    assert progress.summary(language="id").endswith("per 31 Desember 2024 (20,00%); kurang 8")
    assert progress.summary(language="en").endswith("on 31 December 2024 (20.00%); 8 to go")


def test_machine_values_stay_machine_values_whatever_the_language():
    for language in LANGUAGES:
        assert CARD.to_dict(language=language)["total"]["points"] == "87.76"
        criterion = WBBM.to_dict(language=language)["criteria"][5]
        assert (criterion["key"], criterion["actual"], criterion["margin"]) == ("A3", "73.75", "-1.25")
        assert PLAN.to_dict(language=language)["changes"][0]["points"] == "0.75"
        assert report(language).wbk.condition("revocation_bar").status == "not met"
    assert CARD.to_dict(language="id")["total"]["label"] == "Nilai total"
    assert CARD.to_dict(language="en")["total"]["label"] == "Total score"


# -- errors and warnings ------------------------------------------------------------------------------------------
def _errors() -> list[tuple[type[Exception], str, object]]:
    """(error class, code, a call that raises it) for every error the slice raises."""
    portfolio = examples.kota_kediri_portfolio()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rb52 = zi.load_rulebook("permenpanrb-52-2014")
        card52 = zi.score(zi.Worksheet.from_answers(rb52, {}, assessor="tpi"), unanswered="skip")
    comparison = compare_assessors(WS, WS.with_assessor("tpn"))
    unit = Unit("u", "U", KOTA)
    return [
        (zi.InvalidValueError, "unknown-unanswered-policy", lambda: zi.score(WS, unanswered="half")),
        (zi.InvalidAnswerError, "unknown-zero-denominator-policy", lambda: zi.score(WS, zero_denominator="half")),
        (
            zi.InvalidAnswerError,
            "unknown-zero-denominator-policy",
            lambda: zi.score(WS, zero_denominator={"P1.i.a": "zero", "R5.ii.a": "half"}),
        ),
        (zi.UnknownItemError, "unknown-item", lambda: CARD.value("Z9")),
        (zi.UnknownItemError, "unknown-item", lambda: CARD.node("Z9")),
        (zi.UnknownItemError, "unknown-subcomponent", lambda: card52.pemenuhan),
        (zi.UnknownItemError, "unknown-criterion", lambda: WBBM.criterion("A9")),
        (zi.InvalidValueError, "unknown-area-reading", lambda: zi.assess(CARD, target="WBK", area_reading="all")),
        (zi.InvalidValueError, "unknown-comparison", lambda: zi.assess(CARD, target="WBK", comparison="fuzzy")),
        (zi.InvalidValueError, "prior-predicate-unknown", lambda: zi.assess(CARD, target="WBBM")),
        (zi.UnknownItemError, "unknown-condition", lambda: report().wbk.condition("nothing")),
        (zi.UnknownItemError, "unknown-unit", lambda: portfolio.journey("nobody")),
        (
            zi.InvalidValueError,
            "duplicate-unit",
            lambda: Portfolio(KOTA, (unit, unit), (zi.Journey("u", RB), zi.Journey("u", RB))),
        ),
        (zi.InvalidValueError, "journeys-do-not-match-units", lambda: Portfolio(KOTA, (unit,), (zi.Journey("v", RB),))),
        (zi.UnknownItemError, "unknown-node", lambda: comparison.total("Z9")),
        (zi.InvalidValueError, "too-few-worksheets", lambda: compare_assessors(WS)),
        (
            zi.InvalidValueError,
            "different-rulebooks",
            lambda: compare_assessors(WS, zi.Worksheet.from_answers(rb52, {}, assessor="tpi")),
        ),
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_error_of_the_slice_speaks_one_language_and_keeps_its_code(language):
    errors = _errors()
    for kind, code, call in errors:
        with use_language(language), pytest.raises(kind) as caught:
            call()  # type: ignore[operator]
        assert caught.value.code == code, (code, caught.value)
        speaks(str(caught.value), language, "zero_denominator", "unanswered", "area_reading", "holds_wbk")


def test_pinned_error_messages():
    with use_language("id"), pytest.raises(zi.InvalidValueError) as caught:
        zi.assess(CARD, target="WBK", area_reading="all")
    assert str(caught.value) == "area_reading harus 'areas' atau 'halves'; diberikan 'all'"
    with use_language("en"), pytest.raises(zi.InvalidValueError) as caught:
        zi.assess(CARD, target="WBK", area_reading="all")
    assert str(caught.value) == "area_reading must be 'areas' or 'halves'; got 'all'"
    with use_language("id"), pytest.raises(zi.UnknownItemError) as caught:
        WBBM.criterion("A9")
    expected = "hasil penilaian tidak memuat kriteria 'A9'; kriterianya: prior_predicate, total"
    assert str(caught.value).startswith(expected)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("id", "lembar kerja tpi: 112 dari 113 butir belum dijawab dan bernilai 0"),
        ("en", "worksheet of tpi has 112 of 113 items unanswered; they score 0"),
    ],
)
def test_the_incomplete_worksheet_warning_speaks_one_language(language, expected):
    with use_language(language), pytest.warns(zi.IncompleteWorksheetWarning) as caught:
        zi.score(zi.Worksheet.from_answers(RB, {"P1.i.a": "Ya"}, assessor="tpi"))
    message = str(caught[0].message)
    assert message.startswith(expected)
    speaks(message, language, "AVERAGE")


# -- notebooks: short reprs ----------------------------------------------------------------------------------------
def _reprs() -> list[tuple[object, str]]:
    tpi = examples.kediri_worksheet_2022()
    portfolio = examples.kota_kediri_portfolio()
    return [
        (CARD, "<ScoreCard permenpanrb-90-2021 tpi: total 87.76, 113 of 113 items answered; unanswered items: zero>"),
        (WBBM, "<Verdict WBBM: not passed, total 87.76, 2 of 13 criteria failed>"),
        (WBK, None),
        (PLAN, "<Plan WBBM: 1 answer change, still not passed afterwards, 1 criterion still failing>"),
        (portfolio, "<Portfolio Pemerintah Kota Kediri: 6 units, 2 holding a predicate on 25 November 2024>"),
        (report(), None),
        (report().wbk, None),
        (portfolio.progress(examples.KEDIRI_RPJMD_TARGET, on="31 Desember 2024"), None),
        (compare_assessors(tpi, tpi.overlaid(examples.kediri_field_answers_2022(), assessor="tpn")), None),
    ]


def test_reprs_are_one_short_line():
    with use_language("en"):
        for value, expected in _reprs():
            text = repr(value)
            assert "\n" not in text and len(text) <= 200 and text.startswith(f"<{type(value).__name__} "), text
            if expected is not None:
                assert text == expected
    with use_language("id"):
        assert repr(WBBM) == "<Verdict WBBM: tidak lulus, total 87,76, 2 dari 13 kriteria tidak terpenuhi>"
        assert repr(WBK).startswith("<Verdict WBK: lulus, total 87,76, 0 dari")
        for value, _expected in _reprs():
            speaks(repr(value), "id")


def test_short_reprs_keep_equality():
    assert zi.assess(CARD, target="WBK") == WBK and WBK != WBBM
    assert zi.plan_improvements(WS, "WBBM", holds_wbk=True) == PLAN
    assert report() == report() and report().wbk != report().wbbm


# -- notebooks: left-aligned HTML, visible indentation ---------------------------------------------------------------
def _pages() -> list[str]:
    portfolio = examples.kota_kediri_portfolio()
    tpi = examples.kediri_worksheet_2022()
    comparison = compare_assessors(tpi, tpi.overlaid(examples.kediri_field_answers_2022(), assessor="tpn"))
    progress = portfolio.progress(examples.KEDIRI_RPJMD_TARGET, on="31 Desember 2024")
    pages = [CARD._repr_html_(), WBBM._repr_html_(), PLAN._repr_html_(), report()._repr_html_()]
    pages += [report().wbbm._repr_html_(), comparison._repr_html_(), progress._repr_html_()]
    pages += [portfolio._repr_html_(), examples.kediri_journey()._repr_html_()]
    return [p for p in pages if p is not None]


def test_every_html_table_is_left_aligned():
    pages = _pages()
    assert len(pages) == 9
    for page in pages:
        tables = re.findall(r"<table style='([^']*)'", page)
        assert tables and all("text-align:left" in t and "margin-right:auto" in t for t in tables)
        cells = re.findall(r"<t[hd]( style='[^']*')?>", page)
        assert cells and all("text-align:left" in c for c in cells), page[:500]


def test_the_score_tree_is_indented_with_padding_not_spaces():
    page = score_card_html(CARD, language="en", depth=3)
    assert "<td style='text-align:left;vertical-align:top;padding:2px 8px'><b>Total score</b></td>" in page
    assert "padding-left:1.7em'>Enablers</td>" in page  # depth 1
    assert "padding-left:2.9em'>Fulfilment</td>" in page  # depth 2
    assert "padding-left:4.1em'>Change management (Fulfilment)</td>" in page  # depth 3
    assert not re.search(r"<td[^>]*>(\s|&nbsp;|\u2003)", page)  # nothing HTML would collapse or a reader could lose


def test_a_verdict_shows_the_rulebooks_notes_under_its_criteria():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rb52 = zi.load_rulebook("permenpanrb-52-2014")
        verdict = zi.assess(zi.score(zi.Worksheet.from_answers(rb52, {}, assessor="tpi"), quiet=True), target="WBK")
    page = verdict._repr_html_() or ""
    assert verdict.notes and all(html.escape(n, quote=True) in page for n in verdict.notes)
    assert page.index("</table>") < page.index(html.escape(verdict.notes[0], quote=True))


def test_table_escapes_and_indents_cells():
    from zona_integritas._html import Cell

    page = table(["<h>"], [[Cell("<b>x</b>", level=2)], ["plain"]], caption="<c>")
    assert "&lt;h&gt;" in page and "&lt;b&gt;x&lt;/b&gt;" in page and "&lt;c&gt;" in page
    assert "padding-left:2.9em'>&lt;b&gt;x&lt;/b&gt;</td>" in page


def test_a_revoked_unit_shows_as_revoked_in_the_portfolio():
    base = examples.kediri_journey(language="en")
    revocation = zi.events.Revoked(
        dt.date(2025, 2, 3), decree_number="illustrative/2025", finding_source="TPN letter (illustrative)"
    )
    unit = Unit("dpmptsp", "DPM PTSP", KOTA, "ptsp")
    portfolio = Portfolio(KOTA, (unit,), (zi.Journey.replay("dpmptsp", RB, [*base.events, revocation]),))
    assert "dicabut pada 3 Februari 2025" in portfolio.to_table(on="1 Juni 2025", language="id")
    assert "revoked on 3 February 2025" in portfolio_html(portfolio, on="1 Juni 2025", language="en")
    assert portfolio.to_table(on="1 Juni 2024", language="en").splitlines()[1].split()[1] == "WBK"
    assert "dpmptsp: predikat dicabut pada 3 Februari 2025</caption>" in journey_html(
        portfolio.journeys[0], language="id"
    )


def test_a_node_shows_itself_in_one_line():
    with use_language("id"):
        assert repr(CARD.total) == "<Node total Nilai total: 87,76 / 100,00 (87,76%)>"
    with use_language("en"):
        assert repr(CARD.node("A1")) == "<Node A1 Change management: 6.77 / 8.00 (84.60%)>"


def test_a_plan_shows_counts_and_indices_as_people_read_them():
    from zona_integritas.plan import Plan
    from zona_integritas.worksheet import Counts

    with use_language("id"):
        assert Plan.shown_answer(Counts((("targets", 3), ("met", 2)))) == "targets=3, met=2"
        assert Plan.shown_answer(zi.decimals.parse_decimal("3.6")) == "3,60"
        assert Plan.shown_answer(None) == "\u2014"


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    worksheet=strategies.worksheets(RB), target=st.sampled_from(["WBK", "WBBM"]), language=st.sampled_from(LANGUAGES)
)
def test_any_worksheet_speaks_one_language_in_short_lines(worksheet, target, language):
    """Whatever the answers: the reprs are one short line, the tables and HTML speak only the language asked."""
    with use_language(language):
        card = zi.score(worksheet, unanswered="skip")
        verdict = zi.assess(card, target=target, holds_wbk=True)
        for value in (card, verdict, card.total):
            text = repr(value)
            assert "\n" not in text and len(text) <= 200
            speaks(text, language)
        for text in (card.to_table(depth=2), verdict.to_table(), verdict._repr_html_() or "", card._repr_html_() or ""):
            speaks(text, language, worksheet.assessor.value)
        decimal = "," if language == "id" else "."
        assert decimal in card.to_table(depth=0).splitlines()[1].split()[-1]


def test_a_who_decides_note_given_in_both_languages_follows_the_language():
    from zona_integritas.verdict import _notes

    rulebook = RB
    extra = {"decided_by": {"WBK": {"id": "ditetapkan oleh Menteri", "en": "set by the Minister"}}}
    with use_language("id"):
        assert _notes(extra, zi.Predicate.WBK, rulebook)[-1] == "ditetapkan oleh Menteri"
    with use_language("en"):
        assert _notes(extra, zi.Predicate.WBK, rulebook)[-1] == "set by the Minister"
    assert _notes({"decided_by": {"WBK": "as written"}}, zi.Predicate.WBK, rulebook)[-1] == "as written"


@pytest.mark.filterwarnings("ignore::zona_integritas.SupersededRulebookWarning")
def test_who_decides_under_52_2014_is_said_in_the_language():
    old = zi.load_rulebook("permenpanrb-52-2014")
    answers = {f"P{n}.area": 80 for n in range(1, 7)} | {"H1.a": 90, "H1.b": 70, "H2.a": 80}
    card = zi.score(zi.Worksheet.from_answers(old, answers, assessor="tpi"))
    with use_language("id"):
        assert zi.assess(card, target="WBK").notes[-1].startswith("menurut 52/2014, predikat WBK ditetapkan")
    with use_language("en"):
        assert zi.assess(card, target="WBK").notes[-1].startswith("under 52/2014 the WBK is set by")
