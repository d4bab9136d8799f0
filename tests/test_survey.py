from __future__ import annotations

import importlib.resources
import io
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import zona_integritas as zi
from zona_integritas.io.survey_csv import read_survey_csv
from zona_integritas.survey import (
    LINEAR_TO_0_4,
    LINEAR_TO_1_4,
    QuestionnaireScale,
    Respondent,
    krejcie_morgan,
    perception_index,
    skm_breakdown,
    skm_index,
    skm_spec,
    survey_signals,
)

RB = zi.load_rulebook("permenpanrb-90-2021")
CODES = [f"U{i}" for i in range(1, 10)]


def rows_with_total(n, total, base=3):
    """n respondents, 9 answers each, all `base` except enough `base + 1` to reach `total`."""
    ups = total - base * 9 * n
    assert 0 <= ups <= 9 * n
    flat = [base + 1] * ups + [base] * (9 * n - ups)
    return [flat[i * 9 : (i + 1) * 9] for i in range(n)]


def test_nrr_and_ikm_by_hand():
    r = skm_index([[4, 3, 4, 4, 2, 4, 4, 3, 4], [3, 3, 4, 4, 4, 4, 4, 4, 4], [4, 4, 4, 4, 3, 4, 4, 4, 4]])
    assert r.element("U1").nrr == Decimal("3.666666666666666666666666666666666666667")
    assert r.element("U5").nrr == 3
    # sums 32 + 34 + 35 = 101 over 27 answers: 3.7407...; x 25 = 93.518...
    assert r.ikm_unit == Decimal("93.52") and r.grade == "A" and r.grade_label.id == "Sangat Baik"
    assert r.respondents == 3


@pytest.mark.parametrize(
    ("n", "total", "base", "shown", "grade"),
    [
        (250, 7947, 3, "88.30", "B"),
        (2500, 79479, 3, "88.31", "A"),
        (250, 6894, 3, "76.60", "C"),
        (2500, 68949, 3, "76.61", "B"),
        (2500, 58491, 2, "64.99", "D"),
        (250, 5850, 2, "65.00", "C"),
        (2500, 86157, 3, "95.73", "A"),
    ],
)
def test_ikm_band_edges(n, total, base, shown, grade):
    r = skm_index(rows_with_total(n, total, base))
    assert str(r.ikm_unit) == shown
    assert r.grade == grade


def test_the_kediri_ikm_of_95_73_is_grade_a():
    spec = skm_spec()
    assert spec.grade_of(Decimal("95.73")).grade == "A"
    assert spec.grade_of(Decimal("95.73")).label.en == "Very good"


def test_grade_bands_on_both_scales():
    spec = skm_spec()
    assert [(g, str(lo), str(hi)) for g, lo, hi in spec.bands()] == [
        ("A", "88.31", "100"),
        ("B", "76.61", "88.30"),
        ("C", "65.00", "76.60"),
        ("D", "25.00", "64.99"),
    ]
    assert [str(lo) for _, lo, _ in spec.bands("1-4")] == ["3.5324", "3.0644", "2.6", "1"]


def test_rounded_weights_are_options():
    rows = [[4] * 9, [3] * 9]
    assert skm_index(rows).ikm == Decimal("3.5")
    assert skm_index(rows, spec=skm_spec("0.111")).ikm == Decimal("3.4965")
    assert skm_index(rows, spec=skm_spec("0.11")).ikm == Decimal("3.465")


def test_additional_elements_need_weights_that_sum_to_one():
    with pytest.raises(zi.InvalidValueError, match="need custom weights"):
        skm_spec(extra_elements={"U10": "Keamanan"})
    weights = {c: "0.1" for c in CODES} | {"U10": "0.05"}
    with pytest.raises(zi.InvalidValueError, match=r"must sum to 1; they sum to 0\.95"):
        skm_spec(weights, extra_elements={"U10": "Keamanan"})
    spec = skm_spec({c: "0.1" for c in CODES} | {"U10": "0.1"}, extra_elements={"U10": "Keamanan"})
    r = skm_index([[4] * 9 + [2]], spec=spec)
    assert r.ikm == Decimal("3.8")


def test_invalid_answers_are_reported_all_at_once_with_row_and_column():
    rows = [[4] * 9, [5, 4, 4, 4, 4, 4, 4, 4, 0], [4] * 8, {"U1": 4, "U10": 3}]
    with pytest.raises(zi.InvalidInputError) as caught:
        skm_index(rows)
    assert caught.value.problems == [
        "row 2, column U1: answer 5 is outside 1-4",
        "row 2, column U9: answer 0 is outside 1-4",
        "row 3: expected 9 answers (U1, U2, U3, U4, U5, U6, U7, U8, U9), got 8",
        "row 4: unknown question 'U10'",
        "row 4, column U2, U3, U4, U5, U6, U7, U8, U9: blank answer",
    ]


def test_incomplete_respondents_are_errors_or_excluded_and_counted():
    rows = [[4] * 9, [4, None, 4, 4, 4, 4, 4, 4, 4], [3] * 9]
    with pytest.raises(zi.InvalidInputError, match="survey answers have problems"):
        skm_index(rows)
    r = skm_index(rows, incomplete="exclude")
    assert (r.respondents, r.excluded_incomplete, r.ikm) == (2, 1, Decimal("3.5"))


def test_respondents_without_a_completed_service_are_excluded_and_counted():
    rs = [
        Respondent(dict(zip(CODES, [4] * 9, strict=True)), completed_service=True),
        Respondent(dict(zip(CODES, [1] * 9, strict=True)), completed_service=False),
    ]
    r = skm_index(rs)
    assert (r.respondents, r.excluded_not_completed, r.ikm) == (1, 1, Decimal(4))


def test_breakdowns_by_profile_field():
    rs = [
        Respondent(dict(zip(CODES, [4] * 9, strict=True)), service="izin", age_group="20-29"),
        Respondent(dict(zip(CODES, [2] * 9, strict=True)), service="non-izin"),
    ]
    out = skm_breakdown(rs, "service")
    assert {k: str(v.ikm_unit) for k, v in out.items()} == {"izin": "100.00", "non-izin": "50.00"}
    assert list(skm_breakdown(rs, "age_group")) == ["(kosong)", "20-29"]
    with pytest.raises(zi.InvalidValueError, match="breakdown field"):
        skm_breakdown(rs, "colour")


@pytest.mark.parametrize(
    ("population", "sample"),
    [(10, 10), (50, 44), (100, 80), (200, 132), (500, 217), (1000, 278), (5000, 357), (100000, 383)],
)
def test_krejcie_morgan_matches_the_published_table(population, sample):
    assert krejcie_morgan(population) == sample


def test_krejcie_morgan_refuses_nonsense():
    with pytest.raises(zi.InvalidValueError):
        krejcie_morgan(0)


# -- IPAK / IPKP --------------------------------------------------------------------------------------------
IPAK_ROW = {"diskriminasi": 4, "kecurangan": 4, "gratifikasi": 3, "calo": 4, "pungli": 3}


def test_ipak_index_per_aspect_overall_and_lke_points():
    rows = [IPAK_ROW] * 20 + [dict.fromkeys(IPAK_ROW, 4)] * 20
    r = perception_index(rows, kind="ipak", rulebook=RB)
    assert [(a.code, a.index) for a in r.aspects] == [
        ("diskriminasi", 4),
        ("kecurangan", 4),
        ("gratifikasi", Decimal("3.5")),
        ("calo", 4),
        ("pungli", Decimal("3.5")),
    ]
    assert r.index == Decimal("3.8") and r.points == Decimal("16.625") and r.item == "H1.a"
    ws = zi.Worksheet.from_answers(RB, {"H1.a": r.lke_answer}, assessor="tpi")
    assert zi.score(ws, unanswered="skip").value("H1.a") == r.points


def test_ipak_threshold_index_3_60_gives_15_75_points_and_ipkp_3_20_gives_14():
    rows = [dict.fromkeys(IPAK_ROW, 4)] * 3 + [dict.fromkeys(IPAK_ROW, 3)] * 2
    r = perception_index(rows, kind="ipak", rulebook=RB, justification="population of 5 users")
    assert (r.index, r.points) == (Decimal("3.6"), Decimal("15.75"))
    ipkp = perception_index([[4] * 9] * 1 + [[3] * 9] * 4, kind="ipkp", rulebook=RB, justification="small unit")
    assert (ipkp.index, ipkp.points, ipkp.item) == (Decimal("3.2"), Decimal("14.0"), "H2.a")


def test_several_questions_per_aspect():
    rows = [{"diskriminasi": 4, "kecurangan": 4, "gratifikasi": 4, "calo": 4, "pungli_1": 4, "pungli_2": 2}] * 30
    questions = ["diskriminasi", "kecurangan", "gratifikasi", "calo", "pungli_1", "pungli_2"]
    r = perception_index(rows, kind="ipak", rulebook=RB, questions=questions)
    assert r.aspects[-1].questions == ("pungli_1", "pungli_2") and r.aspects[-1].index == 3
    with pytest.raises(zi.InvalidValueError, match="belongs to no IPAK aspect"):
        perception_index(rows, kind="ipak", rulebook=RB, questions=[*questions, "sogok"])


def test_a_six_point_scale_needs_an_explicit_mapping():
    rows = [dict.fromkeys(IPAK_ROW, 6)] * 15 + [dict.fromkeys(IPAK_ROW, 1)] * 15
    with pytest.raises(zi.InvalidInputError) as caught:
        perception_index(rows, kind="ipak", rulebook=RB)
    assert caught.value.problems[0] == "row 1, column diskriminasi: answer 6 is outside 1-4"
    assert perception_index(rows, kind="ipak", rulebook=RB, scale=LINEAR_TO_1_4).index == Decimal("2.5")
    assert perception_index(rows, kind="ipak", rulebook=RB, scale=LINEAR_TO_0_4).index == Decimal("2.0")
    with pytest.raises(zi.InvalidValueError, match="maps_to must lie within the 0-4 index"):
        perception_index(rows, kind="ipak", rulebook=RB, scale=QuestionnaireScale(1, 6, ("0", "5")))
    with pytest.raises(zi.InvalidValueError, match="maps_to must lie within the 0-4 index"):
        QuestionnaireScale(1, 6, ("0", "5"), index_range=("0", "4"))


def test_the_index_bounds_come_from_the_survey_items_scale_in_the_rulebook():
    shipped = importlib.resources.files("zona_integritas").joinpath("rulebooks", "permenpanrb-90-2021.toml")
    text = shipped.read_text(encoding="utf-8").replace('id = "permenpanrb-90-2021"', 'id = "kota-index-0-10"', 1)
    section = text.index("[scales.index]")
    text = text[:section] + text[section:].replace('maximum = "4"', 'maximum = "10"', 1)
    # the criteria's index minima move with the scale (3.60 of 4 is 9.00 of 10), so their points stay
    text = text.replace('index_minimum = "3.60"', 'index_minimum = "9.00"').replace(
        'index_minimum = "3.20"', 'index_minimum = "8.00"'
    )
    ten = zi.rulebook_from_toml(text, source="kota-index-0-10.toml")
    assert ten.item("H1.a").scale.maximum == 10
    rows = [dict.fromkeys(IPAK_ROW, 6)] * 30
    wide = QuestionnaireScale(1, 6, ("0", "10"))
    assert perception_index(rows, kind="ipak", rulebook=ten, scale=wide).index == Decimal(10)
    with pytest.raises(zi.InvalidValueError, match="maps_to must lie within the 0-4 index"):
        perception_index(rows, kind="ipak", rulebook=RB, scale=wide)
    # the default 1-4 questionnaire works on both
    fours = [dict.fromkeys(IPAK_ROW, 4)] * 30
    assert perception_index(fours, kind="ipak", rulebook=ten).index == Decimal(4)
    assert perception_index(fours, kind="ipak", rulebook=RB).index == Decimal(4)


def test_survey_checks_respondents_completion_and_coverage():
    rows = [Respondent(IPAK_ROW, service="izin usaha", completed_service=True)] * 29
    r = perception_index(rows, kind="ipak", rulebook=RB, service_kinds=["izin usaha", "izin bangunan"])
    checks = {c.key: c for c in r.checks}
    assert checks["respondents"].passed is False and "fewer than 30" in checks["respondents"].detail
    assert checks["respondents"].source.startswith("90/2021 Lampiran II Bab III C.2")
    assert checks["completed_service"].passed is True
    assert checks["coverage"].passed is False and checks["coverage"].detail == "no respondents for: izin bangunan"
    assert not r.ok
    plain = perception_index([IPAK_ROW] * 30, kind="ipak", rulebook=RB)
    assert {c.key: c.passed for c in plain.checks} == {"respondents": True, "completed_service": None}
    assert plain.ok


# -- CSV ----------------------------------------------------------------------------------------------------
def test_csv_with_bom_semicolons_and_profile_columns(tmp_path):
    path = tmp_path / "skm.csv"
    text = (
        "U1;U2;U3;U4;U5;U6;U7;U8;U9;Layanan;Tanggal;Selesai\n"
        + "4;4;4;4;4;4;4;4;4;izin;31/05/2024;ya\n"
        + "\n"
        + "3;3;3;3;3;3;3;3;3;non-izin;2024-06-01;Tidak\n"
    )
    path.write_bytes(text.encode("utf-8-sig"))
    data = read_survey_csv(path, codes=CODES)
    assert data.delimiter == ";" and tuple(data.line_numbers) == (2, 4)
    first, second = data.respondents
    assert (first.service, first.date.isoformat(), first.completed_service) == ("izin", "2024-05-31", True)
    assert second.completed_service is False
    r = skm_index(data.respondents, line_numbers=data.line_numbers)
    assert (r.respondents, r.excluded_not_completed) == (1, 1)


def test_csv_problems_name_line_and_column(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "U1,U2,U3,U4,U5,U6,U7,U8,U9,tanggal,selesai\n4,4,4,4,4,4,4,4,4,Mei 2024,mungkin\n4,4,x,4,4,4,4,4,9,,\n"
    )
    with pytest.raises(zi.InvalidInputError) as caught:
        read_survey_csv(path, codes=CODES)
    assert caught.value.problems == [
        f"{path}, line 2, column tanggal: 'Mei 2024' is not a full date",
        f"{path}, line 2, column selesai: 'mungkin' is not yes/no (ya/tidak)",
    ]
    path.write_text("U1,U2,U3,U4,U5,U6,U7,U8,U9\n4,4,4,4,4,4,4,4,4\n4,4,x,4,4,4,4,4,9\n")
    data = read_survey_csv(path, codes=CODES)
    with pytest.raises(zi.InvalidInputError) as caught:
        skm_index(data.respondents, source=data.source, line_numbers=data.line_numbers)
    assert caught.value.problems == [
        f"{path}: row 3, column U3: answer 'x' is outside 1-4",
        f"{path}: row 3, column U9: answer 9 is outside 1-4",
    ]


def test_csv_missing_columns_and_configurable_names():
    text = "q1,q2,q3,q4,q5,q6,q7,q8,q9\n4,4,4,4,4,4,4,4,3\n"
    with pytest.raises(zi.InvalidInputError) as caught:
        read_survey_csv(io.StringIO(text), codes=CODES)
    assert len(caught.value.exceptions) == 9
    data = read_survey_csv(io.StringIO(text), codes=CODES, columns={c: f"q{c[1:]}" for c in CODES})
    assert skm_index(data.respondents).element("U9").nrr == 3


def test_an_empty_or_non_utf8_file_is_a_clear_error(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(zi.InvalidInputError, match="is empty"):
        read_survey_csv(empty, codes=CODES)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("U1;Layanan\n4;Perizinan Usaha \xe9\n".encode("latin-1"))
    with pytest.raises(zi.InvalidInputError) as caught:
        read_survey_csv(latin, codes=["U1"])
    assert "export the file as CSV UTF-8" in caught.value.problems[0]


# -- properties ---------------------------------------------------------------------------------------------
answer_rows = st.lists(st.lists(st.integers(1, 4), min_size=9, max_size=9), min_size=1, max_size=40)


@given(answer_rows, st.randoms())
def test_the_ikm_does_not_depend_on_respondent_order(rows, rnd):
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    assert skm_index(rows).ikm == skm_index(shuffled).ikm


@given(answer_rows)
def test_the_ikm_lies_within_the_scale(rows):
    r = skm_index(rows)
    assert 1 <= r.ikm <= 4 and 25 <= r.ikm_unit <= 100
    assert all(1 <= e.nrr <= 4 for e in r.elements)


@given(answer_rows, st.data())
def test_improving_one_answer_raises_the_ikm(rows, data):
    i = data.draw(st.integers(0, len(rows) - 1))
    j = data.draw(st.integers(0, 8))
    if rows[i][j] == 4:
        return
    better = [list(r) for r in rows]
    better[i][j] += 1
    assert skm_index(better).ikm > skm_index(rows).ikm


@given(st.lists(st.fixed_dictionaries({k: st.integers(1, 4) for k in IPAK_ROW}), min_size=1, max_size=40))
def test_the_perception_index_lies_within_0_4(rows):
    r = perception_index(rows, kind="ipak", rulebook=RB, justification="test")
    assert 1 <= r.index <= 4 and 0 <= r.points <= Decimal("17.5")


def test_booleans_and_floats_are_not_answers_even_on_the_fast_path():
    with pytest.raises(zi.InvalidInputError) as caught:
        skm_index([[4] * 9, [True, 4, 4, 4, 4, 4, 4, 4, 4], [4.5, 4, 4, 4, 4, 4, 4, 4, 4]])
    assert caught.value.problems == [
        "row 2, column U1: answer True is outside 1-4",
        "row 3, column U1: answer 4.5 is outside 1-4",
    ]
    assert skm_index([[4.0] * 9]).ikm == 4  # a whole-number float is a whole number


def test_a_questionnaire_scale_has_whole_number_bounds():
    with pytest.raises(zi.InvalidValueError, match=r"scale maximum must be a whole number; got 6\.5"):
        QuestionnaireScale(1, 6.5, ("0", "4"))


# -- 90/2021 Lampiran II Bab III C.2 huruf f: the question aspects may be adapted to the survey's needs ----------
def test_survey_aspects_may_be_adapted_to_the_surveys_needs_bab_iii_c2_f():
    """'Aspek pertanyaan ... disesuaikan sesuai dengan kebutuhan survei': any non-empty declared set is
    accepted, the rulebook's set stays the default, and the result records which aspects were used."""
    default = perception_index([IPAK_ROW] * 30, kind="ipak", rulebook=RB)
    assert default.aspects_source == "rulebook"
    assert [a.code for a in default.aspects] == ["diskriminasi", "kecurangan", "gratifikasi", "calo", "pungli"]
    assert "aspects" not in {c.key for c in default.checks}
    rows = [{"pungli": 4, "calo": 3, "transparansi_biaya": 2}] * 30
    adapted = perception_index(
        rows,
        kind="ipak",
        rulebook=RB,
        aspects={"pungli": "Pungutan liar", "calo": "Percaloan", "transparansi_biaya": "Transparansi biaya"},
    )
    assert adapted.aspects_source == "declared"
    assert [(a.code, a.index) for a in adapted.aspects] == [("pungli", 4), ("calo", 3), ("transparansi_biaya", 2)]
    assert adapted.index == 3 and adapted.points == Decimal("13.125")
    (check,) = [c for c in adapted.checks if c.key == "aspects"]
    assert check.detail == "aspects declared by the survey: pungli, calo, transparansi_biaya"
    assert check.source.startswith("90/2021 Lampiran II Bab III C.2 huruf f")
    assert adapted.to_dict()["aspects_source"] == "declared"
    ipkp = perception_index([[4, 3, 3]] * 30, kind="ipkp", rulebook=RB, aspects=["U1", "U3", "U7"])
    assert [a.label.id for a in ipkp.aspects] == ["Persyaratan", "Waktu penyelesaian", "Perilaku pelaksana"]
    assert ipkp.index == Decimal("3.333333333333333333333333333333333333333")


@pytest.mark.parametrize(
    ("aspects", "message"),
    [
        ([], "declare at least one aspect"),
        ({}, "declare at least one aspect"),
        (["pungli", "PUNGLI"], "'PUNGLI' is declared twice"),
        (["pungli", " "], "an aspect code must be non-empty text"),
        ("pungli", "must be a list or mapping of aspect codes"),
    ],
)
def test_a_declared_aspect_set_must_be_non_empty_distinct_text(aspects, message):
    with pytest.raises(zi.InvalidValueError, match=message):
        perception_index([IPAK_ROW] * 30, kind="ipak", rulebook=RB, aspects=aspects)


def test_the_cli_takes_declared_aspects(tmp_path):
    from zona_integritas.cli import main

    path = tmp_path / "ipak.csv"
    path.write_text("pungli_1,pungli_2,calo\n" + "4,3,4\n" * 30)
    out = io.StringIO()
    assert main(["survey", str(path), "--kind", "ipak", "--aspects", "pungli,calo", "--format", "json"], out=out) == 0
    assert '"aspects_source": "declared"' in out.getvalue()


def test_a_result_with_declared_aspects_round_trips_through_json():
    from zona_integritas.io import payloads as zjson

    result = perception_index([{"pungli": 4, "calo": 3}] * 30, kind="ipak", rulebook=RB, aspects=["pungli", "calo"])
    back = zjson.loads(zjson.dumps(result))
    assert back == result and back.aspects_source == "declared"


@pytest.mark.parametrize(
    "build",
    [
        lambda: skm_spec(weights="heavy"),
        lambda: krejcie_morgan(0),
        lambda: QuestionnaireScale(4, 1),
        lambda: perception_index([IPAK_ROW] * 30, kind="ipak", rulebook=RB, aspects=[]),
        lambda: perception_index([IPAK_ROW] * 30, kind="ipx", rulebook=RB),  # type: ignore[arg-type]
        lambda: skm_breakdown([[4] * 9], by="colour"),
        lambda: survey_signals([], straight_share=2),
    ],
)
def test_what_is_not_an_answer_raises_invalid_value_error_not_invalid_answer_error(build):
    """Weights, scales, aspects, populations, policies and parameters are values, not a respondent's answers."""
    with pytest.raises(zi.InvalidValueError) as caught:
        build()
    assert not isinstance(caught.value, zi.InvalidAnswerError)


def test_a_bad_answer_is_still_an_invalid_answer_error():
    with pytest.raises(zi.InvalidInputError) as caught:
        skm_index([[5] * 9])
    assert all(isinstance(p, zi.InvalidAnswerError) for p in caught.value.exceptions)
