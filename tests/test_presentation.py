from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import zona_integritas as zi
from zona_integritas import examples, plot
from zona_integritas.dataframe import to_dataframe
from zona_integritas.report import portfolio_report, unit_report
from zona_integritas.survey import perception_index, skm_index

RB = zi.load_rulebook("permenpanrb-90-2021")
WS = examples.kediri_worksheet_2022()
CARD = zi.score(WS)
VERDICT = zi.assess(CARD, target="WBBM", holds_wbk=True)
IKM = skm_index([[4] * 9] * 83 + [[3] * 9] * 17)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_score_card_dataframe_has_one_row_per_node():
    df = to_dataframe(CARD)
    assert list(df.columns) == ["code", "kind", "label", "parent", "weight", "value", "percentage", "answer"]
    assert len(df) == 1 + 2 + 4 + 12 + 47 + 113 + 6
    total = df[df.code == "total"].iloc[0]
    assert total.value == pytest.approx(87.7585753895) and total.weight == 100.0
    assert df.value.dtype == float and df.percentage.dtype == float
    item = df[df.code == "R4.i.a"].iloc[0]
    assert (item.kind, item.parent, item.answer) == ("item", "R4.i", "{'targets': 9, 'met': 8}")
    assert to_dataframe(CARD, language="en").loc[df.code == "A1", "label"].iloc[0] == "Change management"


def test_verdict_survey_journey_and_portfolio_dataframes():
    v = to_dataframe(VERDICT)
    assert list(v[~v.passed].key) == ["A3", "H2"] and v.margin.dtype == float
    ikm = to_dataframe(IKM)
    assert list(ikm.code) == [f"U{i}" for i in range(1, 10)] and ikm.nrr.iloc[0] == pytest.approx(3.83)
    ipak = perception_index(
        [{"diskriminasi": 4, "kecurangan": 3, "gratifikasi": 4, "calo": 4, "pungli": 4}] * 30, kind="ipak", rulebook=RB
    )
    assert to_dataframe(ipak).index.size == 5
    j = to_dataframe(examples.kediri_journey())
    assert len(j) == 14 and j.on.dtype.kind == "M" and j.iloc[11].kind == "decided"
    p = to_dataframe(examples.kota_kediri_portfolio(), on="31 Desember 2024")
    assert list(p.predicate.fillna("-")) == ["WBK", "WBK", "-", "-", "-", "-"]
    with pytest.raises(ValueError, match="needs on="):
        to_dataframe(examples.kota_kediri_portfolio())
    with pytest.raises(zi.InvalidValueError, match="Cannot make a DataFrame of str"):
        to_dataframe("not a value")
    assert isinstance(p, pd.DataFrame)


def test_radar_overlays_cards_and_returns_the_axes():
    fig = plt.figure()
    ax = fig.add_subplot(projection="polar")
    final = zi.score(examples.kediri_journey().cycle(2022).final_worksheet)
    assert plot.radar(CARD, final, labels=["TPI", "TPN"], ax=ax) is ax
    assert len(ax.lines) == 2 + 2  # two cards, two threshold circles
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["TPI", "TPN", "area minimum 60%", "area minimum 75%"]
    assert len(ax.get_xticklabels()) == 6


def test_margin_bars_timeline_and_ikm_chart():
    ax = plot.margins(VERDICT)
    assert len(ax.patches) == len([c for c in VERDICT.criteria if c.required])
    red = [p for p in ax.patches if p.get_facecolor()[:3] == matplotlib.colors.to_rgb("tab:red")]
    assert len(red) == 2
    ax = plot.journey_timeline(examples.kediri_journey())
    assert len(ax.lines) == 14 and ax.texts
    ax = plot.ikm_elements(IKM)
    assert len(ax.patches) == 9 and ax.get_title() == "IKM 95.75 (A)"


def test_plots_never_call_show(monkeypatch):
    monkeypatch.setattr(plt, "show", lambda *a, **k: pytest.fail("show() was called"))
    plot.radar(CARD)
    plot.margins(VERDICT)


def test_the_unit_report_holds_the_verdict_and_escapes_hostile_names():
    hostile = "<script>alert('x')</script> & Co"
    page = unit_report(
        WS.with_answers({"P1.i.a": {"answer": "Ya", "note": "<img src=x onerror=alert(1)>"}}),
        target="WBBM",
        holds_wbk=True,
        unit_name=hostile,
        journey=examples.kediri_journey(),
        surveys=[IKM],
        language="en",
    )
    assert page.startswith("<!DOCTYPE html>") and "Menuju WBBM: NOT PASSED" in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Co" in page
    assert "<script" not in page and "onerror=alert" not in page.replace("&lt;img src=x onerror=alert(1)&gt;", "")
    assert "R3.i.a" in page and "<svg" in page and "IKM 95.75" in page


def test_the_portfolio_report():
    page = portfolio_report(
        examples.kota_kediri_portfolio(), on="31 Desember 2024", target=examples.KEDIRI_RPJMD_TARGET
    )
    assert "Pemerintah Kota Kediri" in page and "2 of 10 units (20.00%)" in page and "disnaker" in page


def test_notebook_objects_show_escaped_html_tables():
    for value in (CARD, VERDICT, examples.kediri_journey(), IKM, examples.kota_kediri_portfolio()):
        html = value._repr_html_()
        assert html.startswith("<table") and "<script" not in html
    hostile = zi.Journey("<b>unit</b>", RB)
    assert "&lt;b&gt;unit&lt;/b&gt;" in hostile._repr_html_()


def test_a_report_keeps_the_callers_matplotlib_backend_and_opens_no_figure(monkeypatch):
    switched = []
    monkeypatch.setattr(matplotlib, "use", lambda *a, **k: switched.append(a))
    before = plt.get_fignums()
    page = unit_report(WS, target="WBK", surveys=[IKM])
    assert switched == [] and plt.get_fignums() == before and page.count("<svg") == 3
