"""Surveys from the files people have (issue 13, item 4): a Google Forms CSV, a Microsoft Forms workbook and an
SKM export with Indonesian headers, read as they come; answers written as text; out-of-scale answers excluded with
a count or listed cell by cell under the user's own header; the command line's --columns, --invalid and --require
with their exit status."""

from __future__ import annotations

import datetime as dt
import io
import json
import warnings

import attrs
import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import zona_integritas as zi
from zona_integritas.cli import main
from zona_integritas.io.survey_csv import read_survey_csv, skm_index_csv
from zona_integritas.io.survey_file import AmbiguousTimeWarning, form_time
from zona_integritas.io.survey_headers import answer_texts, read_text, recognise
from zona_integritas.io.survey_xlsx import read_survey_xlsx
from zona_integritas.survey import skm_breakdown, skm_index, skm_spec, survey_signals

CODES = skm_spec().codes

#: The nine questions of the SKM questionnaire as a form service shows them.
QUESTIONS = [
    "1. Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
    "2. Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
    "3. Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
    "4. Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
    "5. Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar "
    "pelayanan dengan hasil yang diberikan?",
    "6. Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
    "7. Bagaimana pendapat saudara perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
    "8. Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
    "9. Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
]
#: The answer texts of each element, 1 to 4, as the questionnaire words them.
TEXTS = [
    ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"],
    ["Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"],
    ["Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"],
    ["Sangat mahal", "Cukup mahal", "Murah", "Gratis"],
    ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"],
    ["Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"],
    ["Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah", "Sangat sopan dan ramah"],
    ["Buruk", "Cukup", "Baik", "Sangat baik"],
    ["Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik"],
]
#: Six respondents' answers (1-4): 188 in all, so the IKM is 188 / 54 x 25 = 87.04 (B).
ANSWERS = [
    [4, 3, 4, 4, 3, 4, 3, 3, 4],
    [3, 4, 3, 4, 4, 3, 4, 4, 4],
    [4, 4, 4, 4, 4, 4, 4, 4, 4],
    [2, 3, 3, 4, 3, 3, 3, 2, 3],
    [3, 3, 2, 4, 3, 3, 4, 3, 2],
    [4, 4, 3, 3, 4, 4, 4, 4, 4],
]
EXPECTED = skm_index(ANSWERS)


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    import csv

    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def google_forms_csv(tmp_path, answers=ANSWERS, *, extra_row=None):
    """A Google Forms export: timestamp with AM/PM and zone, e-mail, name, the nine questions answered in words
    (the first as "4 - Sangat sesuai"), a free-text column."""
    header = ["Timestamp", "Email Address", "Nama", "Jenis Layanan", *QUESTIONS, "Saran dan masukan"]
    rows = [header]
    for k, row in enumerate(answers):
        when = f"2022/09/{5 + k:02d} {9 + k % 3:02d}:31:22 AM GMT+7"
        cells = [f"{row[0]} - {TEXTS[0][row[0] - 1]}"] + [TEXTS[j][v - 1] for j, v in enumerate(row) if j]
        rows.append([when, f"warga{k}@contoh.id", f"Warga {k}", "Izin usaha" if k % 2 else "IMB", *cells, "Bagus, ya"])
    if extra_row is not None:
        rows.append(extra_row)
    path = tmp_path / "Survei Kepuasan Masyarakat (Jawaban) - Form Responses 1.csv"
    path.write_text(_csv(rows), encoding="utf-8")
    return path


def ms_forms_xlsx(tmp_path, answers=ANSWERS):
    """A Microsoft Forms workbook in Indonesian: ID, Waktu mulai, Waktu penyelesaian (datetimes), Email, Nama, then
    the questions answered in words."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(["ID", "Waktu mulai", "Waktu penyelesaian", "Email", "Nama", *QUESTIONS])
    for k, row in enumerate(answers):
        start = dt.datetime(2022, 9, 5 + k, 10, 0)
        sheet.append(
            [
                k + 1,
                start,
                start + dt.timedelta(minutes=3),
                "anonymous",
                "",
                *[TEXTS[j][v - 1] for j, v in enumerate(row)],
            ]
        )
    path = tmp_path / "SKM 2022.xlsx"
    book.save(path)
    return path


SKM_HEADERS = [
    "No",
    "Persyaratan",
    "Sistem, Mekanisme dan Prosedur",
    "Waktu Penyelesaian",
    "Biaya/Tarif",
    "Produk Spesifikasi Jenis Pelayanan",
    "Kompetensi Pelaksana",
    "Perilaku Pelaksana",
    "Sarana dan Prasarana",
    "Penanganan Pengaduan, Saran dan Masukan",
]


def indonesian_csv(tmp_path, answers=ANSWERS):
    """The rekap of an SKM workbook saved as CSV: semicolons, a row number, the element names as headers."""
    lines = [";".join(SKM_HEADERS)] + [";".join([str(k + 1), *map(str, row)]) for k, row in enumerate(answers)]
    path = tmp_path / "rekap-skm.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return path


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(args), out=out, err=err), out.getvalue(), err.getvalue()


# -- the three files ---------------------------------------------------------------------------------------------
def test_a_google_forms_export_gives_the_same_ikm_as_its_answers(tmp_path):
    path = google_forms_csv(tmp_path)
    data = read_survey_csv(path, codes=CODES)
    assert data.answers == tuple(map(tuple, ANSWERS))
    assert data.headers["U1"] == QUESTIONS[0] and data.headers["U9"] == QUESTIONS[8]
    assert data.profile_columns["submitted"][0] == dt.datetime(2022, 9, 5, 9, 31, 22)
    assert data.profile_columns["contact"][1] == "warga1@contoh.id"
    assert skm_index(data) == EXPECTED and skm_index_csv(path) == EXPECTED
    assert (str(EXPECTED.ikm_unit), EXPECTED.grade) == ("87.04", "B")  # 188 / 54 x 25


def test_a_microsoft_forms_workbook_gives_the_same_ikm_and_its_completion_time_is_not_u3(tmp_path):
    path = ms_forms_xlsx(tmp_path)
    data = read_survey_xlsx(path, codes=CODES)
    assert data.headers["U3"] == QUESTIONS[2]
    assert data.profile_columns["submitted"][1] == dt.datetime(2022, 9, 6, 10, 3)
    assert skm_index(data) == EXPECTED


def test_anonymous_microsoft_forms_responses_are_not_duplicates_of_each_other(tmp_path):
    data = read_survey_xlsx(ms_forms_xlsx(tmp_path, [ANSWERS[2]] * 3), codes=CODES)
    assert data.profile_columns["contact"] == ["anonymous"] * 3
    assert {s.key: s.flagged for s in survey_signals(data)}["duplicates"] is False


def test_an_skm_export_with_indonesian_headers_gives_the_same_ikm(tmp_path):
    path = indonesian_csv(tmp_path)
    data = read_survey_csv(path, codes=CODES)
    assert [data.headers[c] for c in CODES] == SKM_HEADERS[1:]
    assert skm_index(data) == EXPECTED and skm_index_csv(path) == EXPECTED


def test_the_cli_reads_each_file_in_both_languages(tmp_path):
    for path in (google_forms_csv(tmp_path), ms_forms_xlsx(tmp_path), indonesian_csv(tmp_path)):
        code, out, err = run("--language", "id", "survey", str(path), "--kind", "skm")
        assert code == 0, err
        assert out.startswith("IKM 87,04 (B, Baik); 6 responden dihitung\n")
        code, out, err = run("--language", "en", "survey", str(path), "--kind", "skm", "--format", "json")
        assert code == 0 and json.loads(out)["ikm_unit"] == "87.04"


# -- recognising headers -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("header", "code"),
    [
        ("U1 - Persyaratan pelayanan", "U1"),
        ("[U2] Prosedur", "U2"),
        ("u3. Kecepatan", "U3"),
        ("Persyaratan Pelayanan", "U1"),
        ("2) Sistem, mekanisme, dan prosedur", "U2"),
        ("Waktu pelayanan", "U3"),
        ("BIAYA / TARIF", "U4"),
        ("Produk (spesifikasi jenis pelayanan)", "U5"),
        ("Kompetensi pelaksana", "U6"),
        ("Perilaku Pelaksana", "U7"),
        ("sarana & prasarana", "U8"),
        ("9. Penanganan pengaduan, saran dan masukan", "U9"),
    ],
)
def test_a_header_is_recognised_by_its_code_prefix_or_its_words(header, code):
    assert recognise(["Stempel waktu", header, "Waktu"], CODES) == {code: 1}


def test_form_columns_and_free_text_are_never_answers():
    header = ["Timestamp", "Waktu", "ID", "Start time", "Completion time", "Email", "Name", "Score", "Komentar"]
    assert recognise(header, CODES) == {}


def test_a_header_naming_two_elements_or_an_element_named_twice_is_refused_naming_the_headers(tmp_path):
    path = tmp_path / "skm.csv"
    path.write_text("Biaya dan waktu pelayanan,Biaya,Tarif layanan\n4,4,4\n", encoding="utf-8")
    with pytest.raises(zi.InvalidInputError) as caught:
        read_survey_csv(path, codes=CODES)
    problems = caught.value.problems
    assert (
        f'{path}, line 1: the column "Biaya dan waktu pelayanan" names more than one element (U3 or U4); '
        "choose with columns= (--columns)"
    ) in problems
    assert (
        f'{path}, line 1: U4 could be the column "Biaya" or "Tarif layanan"; choose one with columns= (--columns)'
    ) in problems
    assert f"{path}, line 1: missing column 'U1' (for U1)" in problems


def test_columns_choose_where_recognition_would_refuse(tmp_path):
    path = tmp_path / "skm.csv"
    header = ["Biaya", "Tarif layanan", *[h for h in SKM_HEADERS[1:] if h != "Biaya/Tarif"]]
    rows = [[str(r[3]), "1", *[str(v) for j, v in enumerate(r) if j != 3]] for r in ANSWERS]
    path.write_text(_csv([header, *rows]), encoding="utf-8")
    assert skm_index(read_survey_csv(path, codes=CODES, columns={"U4": "Biaya"})) == EXPECTED
    code, out, err = run("survey", str(path), "--kind", "skm", "--columns", "U4=Biaya", "--format", "json")
    assert code == 0 and json.loads(out)["ikm_unit"] == "87.04", err
    mapping = tmp_path / "kolom.toml"
    mapping.write_text('U4 = "Biaya"\n', encoding="utf-8")
    assert run("survey", str(path), "--kind", "skm", "--columns", str(mapping))[0] == 0
    assert run("survey", str(path), "--kind", "skm")[0] == 2
    code, out, err = run(
        "survey", str(path), "--kind", "skm", "--columns", "U4=Biaya,unit=Tarif layanan", "--by", "unit"
    )
    assert code == 0, err
    assert "\n1                      6   87.04  B" in out  # the "Tarif layanan" column (all 1) read as the sub-unit


def test_the_columns_option_keeps_commas_inside_headers_and_refuses_what_it_cannot_read(tmp_path):
    from zona_integritas.cli.survey import parse_columns

    assert parse_columns(['U1="Persyaratan, pelayanan",U2=Prosedur', "U3=Waktu"]) == {
        "U1": "Persyaratan, pelayanan",
        "U2": "Prosedur",
        "U3": "Waktu",
    }
    path = tmp_path / "kolom.json"
    path.write_text(json.dumps({"U1": "Syarat"}), encoding="utf-8")
    assert parse_columns([str(path)]) == {"U1": "Syarat"}
    with pytest.raises(zi.InvalidValueError, match="is given twice"):
        parse_columns(["U1=A", "U1=B"])
    path.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(zi.InvalidValueError, match="must hold one table of code = header"):
        parse_columns([str(path)])


# -- answers written as text -------------------------------------------------------------------------------------
def test_answer_texts_read_per_element_and_refuse_a_number_that_contradicts_its_words():
    for j, code in enumerate(CODES):
        texts = answer_texts(code)
        assert [read_text(t, texts) for t in TEXTS[j]] == [1, 2, 3, 4]
        assert [read_text(t.upper(), texts) for t in TEXTS[j]] == [1, 2, 3, 4]
    assert read_text("Sangat baik", answer_texts("U1")) == 4  # the satisfaction scale any element takes
    assert read_text("2 - Sangat sesuai", answer_texts("U1")) is None
    assert read_text("Gratis", answer_texts("U1")) is None  # U4's word, not U1's


def test_an_unknown_text_is_a_bad_answer_under_the_users_header(tmp_path):
    path = google_forms_csv(tmp_path, extra_row=["2022/09/20 10:00:00 AM GMT+7", "", "", "IMB", "Lumayan", *["4"] * 8])
    with pytest.raises(zi.InvalidInputError) as caught:
        skm_index(read_survey_csv(path, codes=CODES))
    assert caught.value.problems == [f"{path}: row 8, column \"{QUESTIONS[0]}\" (U1): answer 'Lumayan' is outside 1-4"]


# -- out-of-scale answers ----------------------------------------------------------------------------------------
def test_out_of_scale_answers_are_listed_cell_by_cell_or_their_respondents_excluded_and_counted(tmp_path):
    bad = [*ANSWERS, [5, 4, 4, 4, 4, 4, 4, 4, 0], [4, 4, 4, 4, 9, 4, 4, 4, 4]]
    path = indonesian_csv(tmp_path, bad)
    with pytest.raises(zi.InvalidInputError) as caught:
        skm_index(read_survey_csv(path, codes=CODES))
    assert caught.value.problems == [
        f'{path}: row 8, column "Persyaratan" (U1): answer 5 is outside 1-4',
        f'{path}: row 8, column "Penanganan Pengaduan, Saran dan Masukan" (U9): answer 0 is outside 1-4',
        f'{path}: row 9, column "Produk Spesifikasi Jenis Pelayanan" (U5): answer 9 is outside 1-4',
    ]
    kept = skm_index(read_survey_csv(path, codes=CODES), invalid="exclude")
    assert (kept.ikm_unit, kept.respondents, kept.excluded_invalid) == (EXPECTED.ikm_unit, 6, 2)
    assert skm_index_csv(path, invalid="exclude") == kept
    rows = [list(map(tuple, bad))][0]
    assert skm_index(rows, invalid="exclude") == kept  # rows and columns agree
    assert skm_breakdown(read_survey_csv(path, codes=CODES), "year", invalid="exclude").overall == kept
    code, out, _ = run("--language", "id", "survey", str(path), "--kind", "skm", "--invalid", "exclude")
    assert code == 0
    assert out.startswith("IKM 87,04 (B, Baik); 6 responden dihitung, 2 dikeluarkan karena jawaban di luar skala")
    code, _, err = run("survey", str(path), "--kind", "skm")
    assert code == 2 and err.count("is outside 1-4") == 3


def test_the_invalid_policy_is_checked():
    with pytest.raises(zi.InvalidValueError, match="invalid must be 'error' or 'exclude'; got 'drop'"):
        skm_index(ANSWERS, invalid="drop")  # type: ignore[arg-type]


# -- form times --------------------------------------------------------------------------------------------------
def test_form_times_of_google_and_microsoft_forms_are_read_with_their_day_month_order():
    assert form_time("2022/09/05 10:31:22 PM GMT+7") == (dt.datetime(2022, 9, 5, 22, 31, 22), None)
    assert form_time("2022/09/05 12:05:00 AM") == (dt.datetime(2022, 9, 5, 0, 5), None)
    assert form_time("25/09/2022 10:31:22") == (dt.datetime(2022, 9, 25, 10, 31, 22), "dmy")
    assert form_time("9/25/2022 10:31:22") == (dt.datetime(2022, 9, 25, 10, 31, 22), "mdy")
    assert form_time("31/02/2022 10:31") is None


def test_ambiguous_form_times_follow_the_files_other_times_or_are_left_out_with_a_warning(tmp_path):
    header = "Stempel waktu;U1;U2;U3;U4;U5;U6;U7;U8;U9\n"
    path = tmp_path / "skm.csv"
    path.write_text(header + "05/09/2022 10:31:22;" + "4;" * 8 + "4\n" + "25/09/2022 10:00:00;" + "3;" * 8 + "3\n")
    times = read_survey_csv(path, codes=CODES).profile_columns["submitted"]
    assert times == [dt.datetime(2022, 9, 5, 10, 31, 22), dt.datetime(2022, 9, 25, 10, 0)]
    path.write_text(header + "05/09/2022 10:31:22;" + "4;" * 8 + "4\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = read_survey_csv(path, codes=CODES)
    assert data.profile_columns["submitted"] == [None]
    assert [str(w.message) for w in caught if w.category is AmbiguousTimeWarning] == [
        f"{path}, column Stempel waktu: 1 time could be day/month or month/day; the quality signals leave it out"
    ]
    assert {s.key: s.flagged for s in survey_signals(data)}["outside_hours"] is False


# -- the command line's checks -----------------------------------------------------------------------------------
def test_require_gives_exit_1_when_the_ikm_or_grade_is_not_reached(tmp_path):
    path = indonesian_csv(tmp_path)
    assert run("survey", str(path), "--kind", "skm", "--require", "B")[0] == 0
    assert run("survey", str(path), "--kind", "skm", "--require", "A")[0] == 1
    code, out, _ = run("survey", str(path), "--kind", "skm", "--require", "90")
    assert code == 1 and "!! Required IKM of at least 90.00: not met" in out
    code, out, _ = run("--language", "id", "survey", str(path), "--kind", "skm", "--require", "87,04")
    assert code == 0 and "ok Syarat IKM paling rendah 87,04: terpenuhi" in out
    code, out, _ = run("survey", str(path), "--kind", "skm", "--require", "A+", "--format", "json")
    assert code == 2
    ipak = tmp_path / "ipak.csv"
    ipak.write_text("diskriminasi,kecurangan,gratifikasi,calo,pungli\n" + "4,4,3,4,4\n" * 30)
    assert run("survey", str(ipak), "--kind", "ipak", "--require", "3.80")[0] == 0
    code, out, _ = run("survey", str(ipak), "--kind", "ipak", "--require", "3.81", "--format", "json")
    assert code == 1 and json.loads(out)["require"] == {"value": "3.81", "passed": False}


def test_a_failed_ipak_check_gives_exit_1_and_a_file_of_another_kind_exit_2(tmp_path):
    ipak = tmp_path / "ipak.csv"
    ipak.write_text("diskriminasi,kecurangan,gratifikasi,calo,pungli\n" + "4,4,3,4,4\n" * 29)
    code, out, _ = run("survey", str(ipak), "--kind", "ipak")
    assert code == 1 and "!! Respondents: 29 respondents, fewer than 30" in out
    code, _, err = run("survey", str(tmp_path / "skm.xls"), "--kind", "skm")
    assert code == 2 and "survey reads .csv or .xlsx files" in err
    code, _, err = run("survey", str(ipak), "--kind", "ipak", "--sheet", "SKM")
    assert code == 2 and "--sheet is for .xlsx files" in err


def test_every_option_of_the_survey_command_has_help():
    from zona_integritas.cli import _parser

    parser = _parser()
    survey = next(a for a in parser._subparsers._group_actions[0].choices.items() if a[0] == "survey")[1]
    for action in survey._actions:
        assert action.help, action.dest
    assert ".xlsx" in survey.format_help() and "Exit status" in survey.format_help()


# -- properties --------------------------------------------------------------------------------------------------

_META = ["Timestamp", "Stempel waktu", "ID", "Email Address", "Nama", "Saran dan masukan", "Score", "Waktu"]


def _dress(header: str, style: int, number: int) -> str:
    """One way a spreadsheet writes a header: its case, a numbering prefix, trailing punctuation."""
    text = [header, header.upper(), header.lower(), header.title()][style % 4]
    prefix = ["", f"{number}. ", f"{number}) ", f"{number} - "][style // 4 % 4]
    return prefix + text + ["", "?", ":", " *"][style // 16 % 4]


@given(
    order=st.permutations(range(9 + len(_META))),
    styles=st.lists(st.integers(0, 63), min_size=9, max_size=9),
    questions=st.lists(st.booleans(), min_size=9, max_size=9),
)
def test_any_order_case_numbering_and_form_columns_find_every_element(order, styles, questions):
    names = [QUESTIONS[j].split(". ", 1)[1] if questions[j] else SKM_HEADERS[j + 1] for j in range(9)]
    dressed = [_dress(n, s, j + 1) for j, (n, s) in enumerate(zip(names, styles, strict=True))] + _META
    header = [dressed[i] for i in order]
    found = recognise(header, CODES)
    assert {code: header[i] for code, i in found.items()} == {c: dressed[j] for j, c in enumerate(CODES)}


answer_rows = st.lists(st.lists(st.integers(0, 6), min_size=9, max_size=9), min_size=1, max_size=30)


@given(rows=answer_rows)
def test_excluding_out_of_scale_respondents_is_the_ikm_of_the_others_with_their_count(rows):
    valid = [r for r in rows if all(1 <= v <= 4 for v in r)]
    if not valid:
        with pytest.raises(zi.InvalidAnswerError):
            skm_index(rows, invalid="exclude")
        return
    result = skm_index(rows, invalid="exclude")
    assert result == attrs.evolve(skm_index(valid), excluded_invalid=len(rows) - len(valid))
    assert skm_index(pd.DataFrame(rows, columns=list(CODES)), invalid="exclude") == result
