from __future__ import annotations

import io
import json
import warnings
from pathlib import Path

import pytest

import zona_integritas as zi
from zona_integritas.cli import main

KEDIRI = Path(zi.__file__).parent / "data" / "kediri-dpmptsp-2022-tpi.json"


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_score_json_holds_the_main_figures_and_every_area():
    code, out, err = run("score", str(KEDIRI), "--format", "json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["total"]["points"] == "87.76"
    for key in ("pengungkit", "hasil", "pemenuhan", "reform"):
        assert set(data[key]) == {"label", "points", "maximum", "percentage"}
    assert [(a["code"], a["points"], a["percentage"]) for a in data["areas"]][2] == ("A3", "7.38", "73.75")


def test_score_table_in_english():
    code, out, _ = run("--language", "en", "score", str(KEDIRI), "--depth", "1")
    assert code == 0 and "Enablers" in out and "Change management" in out


def test_a_bad_file_exits_2_and_lists_every_problem(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {"rulebook": "permenpanrb-90-2021", "assessor": "tpi", "answers": {"P1.i.b": "D", "H1.a": "9", "P9.x": "A"}}
        )
    )
    code, out, err = run("score", str(bad))
    assert code == 2 and out == ""
    assert err.count("\n  - ") == 3
    assert f"item 'P1.i.b' takes A, B or C; got 'D' ({bad})" in err


def test_malformed_json_and_missing_files_are_clear_errors(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"rulebook": ')
    code, _, err = run("score", str(broken))
    assert code == 2 and "is not valid JSON" in err and "line 1" in err
    code, _, err = run("score", str(tmp_path / "missing.json"))
    assert code == 2 and "No such file" in err


def test_an_incomplete_worksheet_warns_on_stderr(tmp_path):
    part = tmp_path / "part.json"
    part.write_text(json.dumps({"rulebook": "permenpanrb-90-2021", "assessor": "unit", "answers": {"P1.i.a": "Ya"}}))
    code, _, err = run("score", str(part))
    assert code == 0 and "warning: worksheet of unit has 112 of 113 items unanswered" in err
    code, _, err = run("score", str(part), "--unanswered", "skip")
    assert code == 0 and err == ""


def test_verdict_json_has_passed_and_the_criteria():
    code, out, _ = run("verdict", str(KEDIRI), "--target", "wbk", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["passed"] is True
    assert [c["key"] for c in data["criteria"]] == [
        "total",
        "pengungkit",
        "A1",
        "A2",
        "A3",
        "A4",
        "A5",
        "A6",
        "H1",
        "H1.a",
        "H1.b",
        "H2",
    ]


def test_verdict_for_wbbm_needs_the_prior_predicate():
    code, _, err = run("--language", "id", "verdict", str(KEDIRI), "--target", "wbbm")
    assert code == 2 and "never guessed" in err
    code, out, _ = run(
        "--language", "id", "verdict", str(KEDIRI), "--target", "wbbm", "--holds-wbk", "--areas", "halves"
    )
    assert code == 0 and "TIDAK LULUS" in out


def test_plan_lists_changes_and_unfixable_criteria():
    code, out, _ = run("plan", str(KEDIRI), "--target", "WBBM", "--holds-wbk", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["changes"] == [{"item": "R3.i.a", "before": "B", "after": "A", "points": "0.75", "fixes": ["A3"]}]
    assert [u["key"] for u in data["unfixable"]] == ["H2"]


def test_demo_runs():
    code, out, _ = run("--language", "id", "demo")
    assert code == 0 and "illustrative" in out
    assert (
        "2020: WBK, reached survei, not_awarded, failed at survei (recorded; rulebook in force permenpanrb-52-2014)"
        in out
    )
    assert "10/2019" in out and "IPAK 3.55" not in out
    assert "6 Desember 2022  ditetapkan" in out and "Menuju WBBM: TIDAK LULUS" in out


def test_usage_errors_exit_2():
    with pytest.raises(SystemExit) as caught:
        run("verdict", str(KEDIRI), "--target", "gold")
    assert caught.value.code == 2


def _skm_csv(tmp_path, rows, header="U1;U2;U3;U4;U5;U6;U7;U8;U9"):
    path = tmp_path / "skm.csv"
    path.write_text(header + "\n" + "\n".join(";".join(map(str, r)) for r in rows) + "\n", encoding="utf-8-sig")
    return path


def test_survey_skm_json_has_index_grade_respondents_and_elements(tmp_path):
    path = _skm_csv(tmp_path, [[4] * 9, [3] * 9, [4, 4, 4, 4, 4, 4, 4, 4, ""]])
    code, out, err = run("survey", str(path), "--kind", "skm", "--format", "json", "--incomplete", "exclude")
    data = json.loads(out)
    assert code == 0, err
    assert (data["ikm_unit"], data["grade"], data["respondents_used"]) == ("87.50", "B", 2)
    assert data["respondents_excluded"] == {"incomplete": 1, "service_not_completed": 0, "invalid": 0}
    assert [e["code"] for e in data["elements"]] == [f"U{i}" for i in range(1, 10)]


def test_survey_skm_reports_bad_cells_and_exits_2(tmp_path):
    path = _skm_csv(tmp_path, [[4] * 9, [4, 4, 4, 4, 4, 4, 4, 4, ""]])
    code, _, err = run("survey", str(path), "--kind", "skm")
    assert code == 2 and f"{path}: row 3, column U9: blank answer" in err


def test_survey_skm_sample_size_check(tmp_path):
    path = _skm_csv(tmp_path, [[4] * 9] * 5)
    code, out, _ = run("survey", str(path), "--kind", "skm", "--population", "6")
    assert code == 1 and "!! Sample size: 5 respondents; Krejcie-Morgan needs 6 for a population of 6" in out


def test_survey_ipak_json_gives_the_lke_answer(tmp_path):
    path = tmp_path / "ipak.csv"
    path.write_text("diskriminasi,kecurangan,gratifikasi,calo,pungli_1,pungli_2\n" + "4,4,4,4,3,3\n" * 30)
    code, out, _ = run("survey", str(path), "--kind", "ipak", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["index"] == "3.8000" and data["lke_answer"] == "3.80" and data["lke_item"] == "H1.a"
    assert data["lke_points"] == "16.63"


def test_template_convert_and_score_across_formats(tmp_path):
    from zona_integritas.io.excel import read_workbook

    code, out, _ = run("template", "--out", str(tmp_path / "blank.xlsx"))
    assert code == 0 and read_workbook(tmp_path / "blank.xlsx").worksheet.completeness == (0, 113)
    assert run("convert", str(KEDIRI), str(tmp_path / "lke.xlsx"))[0] == 0
    code, out, _ = run("score", str(tmp_path / "lke.xlsx"), "--format", "json")
    assert json.loads(out)["total"]["points"] == "87.76"
    assert (
        run(
            "convert",
            str(tmp_path / "lke.xlsx"),
            str(tmp_path / "p.json"),
            "--to",
            "portalrb",
            "--unit-id",
            "U",
            "--unit-name",
            "DPM PTSP",
            "--year",
            "2022",
        )[0]
        == 0
    )
    assert json.loads((tmp_path / "p.json").read_text())["unit_id"] == "U"
    assert run("convert", str(tmp_path / "p.json"), str(tmp_path / "payload.json"), "--to", "json")[0] == 0
    code, out, _ = run("score", str(tmp_path / "payload.json"), "--format", "json")
    assert json.loads(out)["total"]["points"] == "87.76"
    code, _, err = run("convert", str(tmp_path / "p.json"), str(tmp_path / "x.xlsx"), "--to", "jawaban")
    assert code == 0, err  # no master needed: soal ids and rows are in the rulebook
    found = read_workbook(tmp_path / "x.xlsx")
    assert found.layout == "portalrb-jawaban" and found.unit == "DPM PTSP"


def _unit_file(tmp_path, name="DPM PTSP Kota Kediri"):
    doc = {"rulebook": "permenpanrb-90-2021", "assessor": "unit", "unit": name, "answers": {}}
    doc["answers"] = {code: value for code, value in zi.examples.kediri_worksheet_2022().to_answers().items()}
    path = tmp_path / "unit.json"
    path.write_text(json.dumps(doc, default=str), encoding="utf-8")
    return path


@pytest.mark.parametrize("to", ["lke", "lke-salinan", "jawaban", "jawaban-berjenjang"])
def test_the_units_name_survives_json_to_workbook_to_json(tmp_path, to):
    source = _unit_file(tmp_path, '=Dinas "Contoh" Kota')
    assert run("convert", str(source), str(tmp_path / "w.xlsx"), "--to", to)[0] == 0
    code, _, err = run("convert", str(tmp_path / "w.xlsx"), str(tmp_path / "back.json"), "--assessor", "unit")
    assert code == 0, err
    back = json.loads((tmp_path / "back.json").read_text(encoding="utf-8"))
    assert back["unit"] == '=Dinas "Contoh" Kota' and back["assessor"] == "unit"
    assert back["answers"] == json.loads(source.read_text(encoding="utf-8"))["answers"]


def test_score_verdict_plan_and_convert_choose_the_assessor_and_tier(tmp_path):
    import workbook_fixtures as fx
    from test_workbook_layouts import TPI_INSTANSI, TPI_UNIT, UNIT

    rb = zi.load_rulebook("permenpanrb-90-2021")
    path = tmp_path / "export.xlsx"
    fx.ministry_export([UNIT, TPI_UNIT, TPI_INSTANSI], path, rb=rb)

    def total(*options):
        code, out, err = run("--language", "id", "score", str(path), "--format", "json", *options)
        assert code == 0, err
        return json.loads(out)["total"]["points"]

    def expected(ws):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", zi.IncompleteWorksheetWarning)
            return str(zi.decimals.round_half_up(zi.score(ws).total.value))

    assert total("--assessor", "unit") == expected(UNIT)
    assert total("--assessor", "tpi", "--tier", "1") == expected(TPI_UNIT)
    assert total("--assessor", "tpi") == total() == expected(TPI_INSTANSI)  # the last tier with answers
    code, _, err = run("--language", "id", "score", str(path), "--assessor", "tpn")
    assert code == 2 and "the file has no worksheet for tpn" in err
    code, out, err = run(
        "--language",
        "id",
        "verdict",
        str(path),
        "--target",
        "WBK",
        "--assessor",
        "tpi",
        "--tier",
        "1",
        "--format",
        "json",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", zi.IncompleteWorksheetWarning)
        expected_verdict = zi.assess(zi.score(TPI_UNIT), target="WBK")
    assert code == 0 and json.loads(out) == json.loads(json.dumps(expected_verdict.to_dict(), default=str)), err
    code, out, err = run(
        "--language", "id", "plan", str(path), "--target", "WBK", "--assessor", "unit", "--format", "json"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", zi.IncompleteWorksheetWarning)
        expected_plan = zi.plan_improvements(UNIT, "WBK")
    assert code == 0 and json.loads(out) == json.loads(json.dumps(expected_plan.to_dict(), default=str)), err
    # convert the second tier to JSON, then into a copy of the ministry's own file as the first tier
    assert (
        run("--language", "id", "convert", str(path), str(tmp_path / "t2.json"), "--assessor", "tpi", "--tier", "2")[0]
        == 0
    )
    code, _, err = run(
        "--language",
        "id",
        "convert",
        str(tmp_path / "t2.json"),
        str(tmp_path / "copy.xlsx"),
        "--into",
        str(path),
        "--tier",
        "1",
    )
    assert code == 0, err
    from zona_integritas.io.workbooks import read_workbook as read

    copy = read(tmp_path / "copy.xlsx")
    assert copy.select("tpi", 1).worksheet.to_answers() == TPI_INSTANSI.to_answers()
    assert copy.select("unit").worksheet == UNIT


def test_report_commands_write_self_contained_html(tmp_path):
    code, _, err = run(
        "--language", "id", "report", "unit", "--out", str(tmp_path / "u.html"), "--target", "wbbm", "--holds-wbk"
    )
    assert code == 0, err
    page = (tmp_path / "u.html").read_text()
    assert "Menuju WBBM: TIDAK LULUS" in page and "<svg" in page
    code, _, err = run(
        "--language", "id", "report", "unit", str(KEDIRI), "--out", str(tmp_path / "f.html"), "--unit", "<Unit>"
    )
    assert code == 0 and "&lt;Unit&gt;" in (tmp_path / "f.html").read_text()
    code, _, _ = run("--language", "id", "--language", "en", "report", "portfolio", "--out", str(tmp_path / "p.html"))
    assert code == 0 and "May be proposed in the next cycle (2025)" in (tmp_path / "p.html").read_text()


def test_score_takes_a_zero_denominator_policy_and_the_card_shows_it(tmp_path):
    import json

    rb = zi.load_rulebook("permenpanrb-90-2021")
    none = {"to_follow_up": 0, "in_process": 0, "completed": 0}
    doc = {"rulebook": rb.id, "assessor": "tpi", "answers": {"R5.ii.a": none}}
    path = tmp_path / "ws.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    code, out, _ = run("score", str(path), "--format", "json", "--zero-denominator", "R5.ii.a=zero")
    card = json.loads(out)
    assert code == 0 and card["zero_denominator"]["R5.ii.a"] == {"policy": "zero", "overridden": True, "applied": True}
    code, out, _ = run("score", str(path))
    assert "R5.ii.a full*" in out
    with pytest.raises(SystemExit):
        run("score", str(path), "--zero-denominator", "half")


def test_verdict_takes_the_zero_denominator_policy_too(tmp_path):
    import json

    rb = zi.load_rulebook("permenpanrb-90-2021")
    answers = {c: rb.item(c).best_answer for c in rb.item_codes}
    answers["R5.ii.a"] = {"to_follow_up": 0, "in_process": 0, "completed": 0}
    path = tmp_path / "ws.json"
    path.write_text(
        json.dumps({"rulebook": rb.id, "assessor": "tpi", "answers": answers}, default=str), encoding="utf-8"
    )
    code, out, _ = run("verdict", str(path), "--target", "wbk", "--format", "json")
    full = json.loads(out)["criteria"][0]
    code2, out2, _ = run("verdict", str(path), "--target", "wbk", "--format", "json", "--zero-denominator", "zero")
    zero = json.loads(out2)["criteria"][0]
    # R5.ii (3 points, no complaints) and R3.iii (2 points, no violations either year) both hit the case
    assert code == code2 == 0 and (full["key"], full["actual"], zero["actual"]) == ("total", "100.00", "95.00")
