"""Rulebooks as the one typed source of every rule, with an identity shared by pickle, JSON, workbooks and store."""

from __future__ import annotations

import datetime as dt
import importlib.resources
import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import zona_integritas as zi
from zona_integritas.decimals import CONTEXT
from zona_integritas.io.payloads import dumps, loads
from zona_integritas.organization import Instansi, Unit
from zona_integritas.rulebook import RevocationBar, register_rulebook, registered_rulebook

SHIPPED = importlib.resources.files("zona_integritas").joinpath("rulebooks", "permenpanrb-90-2021.toml")

#: Two local items of a city's own variant, added to indicators of 90/2021 (an indicator is the mean of its items,
#: so the weights still add up).
LOCAL_ITEMS = textwrap.dedent(
    """
    [[items]]
    code = "P1.i.d"
    indicator = "P1.i"
    label = { id = "Tim ZI melapor ke wali kota tiap triwulan", en = "The ZI team reports to the mayor quarterly" }
    kind = "choice"
    scale = "ya_tidak"
    soal = [90001]
    source = "Peraturan Wali Kota Kediri (illustrative local item)"

    [[items]]
    code = "R3.i.z"
    indicator = "R3.i"
    label = { id = "Inovasi pelayanan tingkat kota", en = "City-level service innovation" }
    kind = "choice"
    scale = "abc"
    soal = [90002]
    source = "Peraturan Wali Kota Kediri (illustrative local item)"
    """
)


def kediri_toml(variant_id: str = "kota-kediri-2024") -> str:
    text = SHIPPED.read_text(encoding="utf-8")
    text = text.replace('id = "permenpanrb-90-2021"', f'id = "{variant_id}"', 1)
    text = text.replace('short = "PermenPANRB 90/2021"', 'short = "LKE Kota Kediri 2024"', 1)
    return text + LOCAL_ITEMS


@pytest.fixture(scope="module")
def kediri() -> zi.Rulebook:
    return register_rulebook(zi.rulebook_from_toml(kediri_toml(), source="kota-kediri-2024.toml"))


@pytest.fixture(scope="module")
def kediri_worksheet(kediri: zi.Rulebook) -> zi.Worksheet:
    answers: dict[str, object] = {code: kediri.item(code).best_answer for code in kediri.item_codes}
    answers["P1.i.d"] = {"answer": "Tidak", "note": "laporan triwulan III belum ada", "evidence": "notulen.pdf"}
    answers["R3.i.z"] = "B"
    answers["H1.a"] = "3,62"
    return zi.Worksheet.from_answers(kediri, answers, assessor="tpi")


# -- typed rules, once -----------------------------------------------------------------------------------------
def test_the_process_and_survey_tables_are_typed_values(rb):
    assert rb.process.proposal_deadline == (5, 31)
    assert rb.process.building.months == 12
    assert rb.process.revocation == RevocationBar(2, "90/2021 Lampiran II Bab IV C")
    assert rb.process.monitoring_interval_years == 2
    assert rb.surveys.minimum_respondents == 30
    assert rb.surveys.item_codes == ("H1.a", "H2.a")
    assert rb.surveys.perception("ipkp").aspect_codes == tuple(f"U{i}" for i in range(1, 10))
    assert "process" not in rb.extra and "surveys" not in rb.extra


def test_eligibility_journeys_and_portfolios_share_one_revocation_bar_and_one_building_period(rb):
    assert rb.eligibility.revocation is rb.process.revocation
    building = [c for c in rb.eligibility.conditions if c.compare == "months_at_least"]
    assert [c.required for c in building] == ["12", "12"]
    text = SHIPPED.read_text(encoding="utf-8")
    assert text.count("revocation_bar_years = ") == 1 and text.count("building_months = ") == 1


def test_a_longer_revocation_bar_in_a_variant_moves_eligibility_and_the_journey_together():
    text = kediri_toml("kota-bar-3").replace("revocation_bar_years = 2", "revocation_bar_years = 3")
    variant = zi.rulebook_from_toml(text)
    assert variant.eligibility.revocation_bar_years == 3
    assert variant.process.revocation.lifted_on(dt.date(2024, 2, 29)) == dt.date(2027, 2, 28)


def test_a_revocation_bar_stated_twice_must_agree():
    text = SHIPPED.read_text(encoding="utf-8").replace(
        "\n[eligibility.orders]", "revocation_bar_years = 3\n\n[eligibility.orders]", 1
    )
    with pytest.raises(zi.RulebookError, match=r"eligibility.revocation_bar_years: 3 differs from process"):
        zi.rulebook_from_toml(text)


def test_the_survey_table_missing_a_source_fails_on_load_naming_the_key_not_later_with_a_key_error():
    text = SHIPPED.read_text(encoding="utf-8")
    start = text.index("coverage_source = ")
    text = text[:start] + text[text.index("\n", start) + 1 :]
    with pytest.raises(zi.RulebookError, match=r"surveys.coverage_source: missing"):
        zi.rulebook_from_toml(text)


def test_a_rulebook_without_surveys_names_itself_when_a_perception_index_is_asked_for():
    legacy = zi.load_rulebook("permenpanrb-52-2014", warn_superseded=False)
    with pytest.raises(zi.RulebookError, match="'permenpanrb-52-2014' has no survey rules"):
        zi.survey.perception_index([{"pungli": 4}], kind="ipak", rulebook=legacy)


def test_the_parts_of_a_rulebook_cannot_be_changed_by_one_caller_for_all_others(rb):
    with pytest.raises(TypeError):
        rb.scales["abc"] = rb.scales["ya_tidak"]  # type: ignore[index]
    with pytest.raises(TypeError):
        rb.extra["x"] = 1  # type: ignore[index]
    with pytest.raises(TypeError):
        rb.eligibility.orders["x"] = ()  # type: ignore[index]
    assert zi.load_rulebook("permenpanrb-90-2021").scales["abc"].keys == ("A", "B", "C")


def test_pemenuhan_and_reform_fail_clearly_on_a_rulebook_without_them():
    legacy = zi.load_rulebook("permenpanrb-52-2014", warn_superseded=False)
    ws = zi.Worksheet.from_answers(legacy, {c: legacy.item(c).best_answer for c in legacy.item_codes}, assessor="tpi")
    card = zi.score(ws)
    assert card.pengungkit.value == 60
    with pytest.raises(zi.UnknownItemError, match="'permenpanrb-52-2014' has no sub-component 'pemenuhan'"):
        _ = card.pemenuhan
    with pytest.raises(zi.UnknownItemError, match="its sub-components: program, H1, H2"):
        _ = card.reform


def test_quiet_scoring_of_an_incomplete_worksheet_emits_no_warning(rb, recwarn):
    card = zi.score(zi.Worksheet.blank(rb, assessor="tpi"), quiet=True)
    assert card.value("total") == 0 and not recwarn.list
    with pytest.warns(zi.IncompleteWorksheetWarning, match="113 of 113 items unanswered"):
        zi.score(zi.Worksheet.blank(rb, assessor="tpi"))


def test_a_plan_follows_the_criterion_nodes_of_a_variant_whose_criterion_keys_differ(kediri_worksheet):
    text = kediri_toml("kota-keys").replace('key = "pengungkit"', 'key = "enablers"')
    variant = zi.rulebook_from_toml(text)
    answers = kediri_worksheet.to_answers()
    lowered = [it.code for it in variant.items if it.kind is zi.ItemKind.CHOICE and it.code[0] in "PR"]
    for code in lowered:
        answers[code] = variant.item(code).scale.keys[-1]
    ws = zi.Worksheet.from_answers(variant, answers, assessor="tpi")
    before = zi.assess(zi.score(ws), target="WBK", holds_wbk=False)
    assert "enablers" in {c.key for c in before.failed}
    plan = zi.plan_improvements(ws, "WBK", holds_wbk=False)
    assert plan.achievable and plan.after.passed
    assert plan.changes and {c.item for c in plan.changes} <= set(lowered)
    assert any("enablers" in c.fixes for c in plan.changes)


# -- errors that fit ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: zi.parse_date("31/02/2024"), "is not a date"),
        (lambda: zi.Label("a", "b").in_language("fr"), "'fr' is not a language of zona_integritas"),  # type: ignore[arg-type]
        (lambda: zi.Predicate.parse("WBX"), "predicate must be 'WBK' or 'WBBM'"),
        (
            lambda: zi.score(
                zi.Worksheet.blank(zi.load_rulebook("permenpanrb-90-2021"), assessor="tpi"), unanswered="x"
            ),
            "unanswered must be 'zero' or 'skip'",
        ),
    ],
)
def test_bad_values_raise_the_librarys_value_error_which_is_also_a_value_error(call, message):
    with pytest.raises(zi.InvalidValueError, match=message) as caught:
        call()
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, zi.ZonaIntegritasError)


def test_an_invalid_answer_is_an_invalid_value():
    assert issubclass(zi.InvalidAnswerError, zi.InvalidValueError)


# -- identity and the registry ------------------------------------------------------------------------------------
def test_a_registered_variant_loads_by_id_and_by_id_and_digest(kediri):
    assert zi.load_rulebook("kota-kediri-2024") is kediri
    assert registered_rulebook("kota-kediri-2024", kediri.digest) is kediri
    assert registered_rulebook("kota-kediri-2024", "0" * 64) is None
    assert len(kediri.items) == 115 and kediri.item("P1.i.d").scale.keys == ("Ya", "Tidak")


def test_registering_the_same_content_twice_returns_the_first_instance(kediri):
    again = zi.rulebook_from_toml(kediri_toml())
    assert again == kediri and again is not kediri
    assert register_rulebook(again) is kediri


def test_a_variant_may_not_take_the_id_of_a_shipped_rulebook():
    impostor = zi.rulebook_from_toml(kediri_toml("permenpanrb-90-2021"))
    with pytest.raises(zi.RulebookError, match="belongs to a rulebook shipped with the library"):
        register_rulebook(impostor)
    assert zi.load_rulebook("permenpanrb-90-2021") != impostor


def test_an_unregistered_id_names_what_is_available():
    with pytest.raises(zi.UnknownRulebookError, match="must be registered with register_rulebook"):
        zi.load_rulebook("kota-belum-terdaftar")


def test_a_pickled_rulebook_carries_its_content_and_unpickles_in_a_fresh_process(kediri, tmp_path):
    path = tmp_path / "kediri.pickle"
    path.write_bytes(pickle.dumps(kediri))
    script = textwrap.dedent(
        f"""
        import pickle, zona_integritas as zi
        rb = pickle.loads(open({str(path)!r}, "rb").read())
        print(rb.id, len(rb.items), rb.digest == {kediri.digest!r}, zi.load_rulebook(rb.id) is rb)
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["kota-kediri-2024", "115", "True", "True"]


def test_equal_worksheets_hash_equal_across_processes_under_hash_randomisation(kediri_worksheet, tmp_path):
    path = tmp_path / "ws.pickle"
    hash(kediri_worksheet)  # fill the cache before pickling: it must not travel
    path.write_bytes(pickle.dumps(kediri_worksheet))
    script = textwrap.dedent(
        f"""
        import pickle, zona_integritas as zi
        ws = pickle.loads(open({str(path)!r}, "rb").read())
        again = zi.Worksheet.from_answers(ws.rulebook, ws.to_answers(), assessor="tpi")
        print(ws == again, hash(ws) == hash(again))
        """
    )
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env)
        assert out.stdout.split() == ["True", "True"]


# -- done when: a custom rulebook round-trips everywhere -----------------------------------------------------------
def test_a_worksheet_on_a_city_variant_round_trips_through_pickle_json_workbook_and_store(
    kediri, kediri_worksheet, tmp_path
):
    ws = kediri_worksheet
    total = zi.score(ws).value("total")

    assert pickle.loads(pickle.dumps(ws)) == ws

    back = loads(dumps(ws), expect=zi.Worksheet)
    assert back == ws and back.rulebook is kediri
    assert back.answer("P1.i.d") == zi.Answer("Tidak", "laporan triwulan III belum ada", "notulen.pdf")

    pytest.importorskip("openpyxl")
    from zona_integritas.io.excel import read_workbook, write_workbook

    path = write_workbook(ws, tmp_path / "kediri.xlsx", unit="DPMPTSP Kota Kediri")
    read = read_workbook(path)
    assert read.worksheet == ws and zi.score(read.worksheet).value("total") == total

    from zona_integritas import store

    with store.open(tmp_path / "zi.sqlite") as db:
        db.add_unit(Unit("dpmptsp", "DPMPTSP", Instansi("Pemerintah Kota Kediri", "pemda")), rulebook=kediri.id)
        db.save_worksheet("dpmptsp", 2024, ws)
        assert db.latest_worksheet("dpmptsp", 2024, "tpi") == ws
        assert db.journey("dpmptsp").rulebook is kediri


@given(st.sampled_from(["P1.i.d", "R3.i.z"]), st.sampled_from(["A", "B", "C", "Ya", "Tidak"]))
def test_the_local_items_score_like_any_other(code, key):
    kediri = zi.load_rulebook("kota-kediri-2024")  # registered by the module fixture above
    item = kediri.item(code)
    if key not in item.scale.keys:
        with pytest.raises(zi.InvalidInputError):
            zi.Worksheet.from_answers(kediri, {code: key}, assessor="unit")
        return
    ws = zi.Worksheet.from_answers(kediri, {code: key}, assessor="unit")
    owner = kediri.indicator(item.indicator)
    expected = CONTEXT.multiply(CONTEXT.divide(owner.weight, len(owner.items)), item.scale.multiplier(key))
    assert zi.score(ws, quiet=True).item(code).value == expected


def test_the_variant_file_can_also_be_read_from_a_path(tmp_path: Path):
    path = tmp_path / "kota-kediri-2024.toml"
    path.write_text(kediri_toml(), encoding="utf-8")
    assert zi.rulebook_from_toml(path) == zi.rulebook_from_toml(kediri_toml())


def test_a_survey_index_beyond_the_rulebooks_index_scale_is_refused_naming_the_scale():
    from zona_integritas import examples
    from zona_integritas.events import Surveyed

    journey = examples.kediri_journey()
    last = max(i for i, e in enumerate(journey.events) if e.kind == "surveyed")
    surveyed = journey.events[last]
    before = zi.Journey.replay(journey.unit, journey.rulebook, journey.events[:last])
    with pytest.raises(zi.TransitionError, match=r"the index 4.5 of H1.a lies outside its scale 0-4"):
        before.record(Surveyed(surveyed.on, cycle=surveyed.cycle, ipak="4.5", ipkp="3.8"))
    assert before.record(Surveyed(surveyed.on, cycle=surveyed.cycle, ipak="4", ipkp="3.8")).state().events == last + 1
    with pytest.raises(zi.InvalidValueError, match="a survey index is not negative"):
        Surveyed(surveyed.on, cycle=surveyed.cycle, ipak="-0.1", ipkp="3.8")


def test_the_radar_draws_the_area_minima_of_the_cards_rulebook(kediri_worksheet):
    pytest.importorskip("matplotlib")
    from matplotlib.figure import Figure

    from zona_integritas import plot

    text = kediri_toml("kota-minima").replace(
        'kind = "each_area"\nminimum = "60"', 'kind = "each_area"\nminimum = "65"'
    )
    variant = zi.rulebook_from_toml(text)
    ws = zi.Worksheet.from_answers(variant, kediri_worksheet.to_answers(), assessor="tpi")
    ax = Figure().add_subplot(projection="polar")
    plot.radar(zi.score(ws), ax=ax)
    assert [line.get_ydata()[0] for line in ax.lines[1:]] == [65.0, 75.0]


def test_a_cached_float_within_float_precision_of_the_exact_figure_is_no_disagreement(rb, tmp_path):
    pytest.importorskip("openpyxl")
    from zona_integritas.io.excel import write_workbook
    from zona_integritas.io.workbooks import read_workbook

    # area 6's pemenuhan half is exactly 0.875 of a point here, computed as 0.8749...9 with 40 digits
    answers = {"P6.i.d": "Tidak", "P6.ii.a": "A", "P6.ii.f": "D", "P6.iii.a": "A", "P6.v.c": "Ya"}
    ws = zi.Worksheet.from_answers(rb, answers, assessor="unit")
    read = read_workbook(write_workbook(ws, tmp_path / "w.xlsx"))
    assert read.disagreements == () and read.worksheet == ws
