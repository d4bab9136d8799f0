from __future__ import annotations

import io
import json
import warnings
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

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
    code, _, err = run("verdict", str(KEDIRI), "--target", "wbbm")
    assert code == 2 and "never guessed" in err
    code, out, _ = run(
        "--language", "id", "verdict", str(KEDIRI), "--target", "wbbm", "--holds-wbk", "--areas", "halves"
    )
    assert code == 1 and "TIDAK LULUS" in out  # ran, and did not pass


def test_plan_lists_changes_and_unfixable_criteria():
    code, out, _ = run("plan", str(KEDIRI), "--target", "WBBM", "--holds-wbk", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["changes"] == [{"item": "R3.i.a", "before": "B", "after": "A", "points": "0.75", "fixes": ["A3"]}]
    assert [u["key"] for u in data["unfixable"]] == ["H2"]


def test_demo_runs():
    code, out, _ = run("--language", "en", "demo")
    assert code == 0 and "illustrative" in out
    assert (
        "2020: WBK, reached the survey, not awarded, stopped at the survey "
        "(recorded; rulebook in force permenpanrb-52-2014)" in out
    )
    assert "10/2019" in out and "IPAK 3.55" not in out
    assert "Next goal, WBBM (the unit holds WBK since 6 December 2022):" in out
    code, out, _ = run("--language", "id", "demo")
    assert code == 0 and "bersifat ilustratif" in out
    assert (
        "2020: WBK, sampai tahap survei, tidak ditetapkan, terhenti pada tahap survei "
        "(tercatat; rulebook yang berlaku permenpanrb-52-2014)" in out
    )
    assert "6 Desember 2022  ditetapkan" in out and "Menuju WBBM: TIDAK LULUS" in out
    assert "Sasaran berikutnya, WBBM (unit berpredikat WBK sejak 6 Desember 2022):" in out


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
    code, _, err = run("score", str(path), "--assessor", "tpn")
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


# -- CLI conventions (issue 13, item 7) ------------------------------------------------------------------------------
def _parsers(language="en"):
    """Every parser of the command line (the top one and each command's, sub-commands included), by name."""
    import argparse

    from zona_integritas.cli import _argparse_in_language, _parser
    from zona_integritas.i18n import use_language

    found = {}

    def walk(name, parser):
        found[name] = parser
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub, child in action.choices.items():
                    walk(f"{name} {sub}".strip(), child)

    with use_language(language), _argparse_in_language():
        walk("", _parser())
    return found


def _commands_of(module):
    """The commands a command module registers (a module may register several: workbook has template and convert)."""
    import argparse
    from importlib import import_module

    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    import_module(f"zona_integritas.cli.{module}").register(sub)
    return list(sub.choices)


def test_the_parser_tree_holds_every_command_module():
    from zona_integritas.cli import COMMAND_MODULES

    parsers = _parsers()
    assert {"review status", "review diff"} <= set(parsers)
    for module in COMMAND_MODULES:
        assert set(_commands_of(module)) <= set(parsers), module


@pytest.mark.parametrize("module", ["", *__import__("zona_integritas.cli").cli.COMMAND_MODULES])
def test_every_option_and_argument_of_every_command_has_help(module):
    """Every command module's parser (other owners' modules included): no option or argument without help.

    ``""`` is the top parser (``--language``).
    """
    import argparse

    parsers = _parsers()
    names = [""] if not module else [n for n in parsers if n and n.split()[0] in _commands_of(module)]
    missing = [
        f"{name or 'zona-integritas'}: {'/'.join(action.option_strings) or action.dest}"
        for name in names
        for action in parsers[name]._actions
        if not isinstance(action, argparse._SubParsersAction) and not (action.help and action.help.strip())
    ]
    assert names and missing == []


def test_every_command_says_which_file_kinds_it_takes():
    parsers = _parsers()
    for name in ("score", "verdict", "plan"):
        text = parsers[name].format_help()
        assert ".json" in text and ".xlsx" in text and "PortalRB" in text, name
    assert ".xlsx" in parsers["review status"].format_help() and ".json" in parsers["review diff"].format_help()
    assert ".docx" in parsers["document"].format_help()


@pytest.mark.parametrize(
    ("depth", "deepest", "absent"),
    [
        (0, ["total ", "A1 "], ["pengungkit ", "P1 "]),
        (1, ["pengungkit ", "hasil ", "P1 ", "R6 "], ["pemenuhan ", "P1.i "]),
        (2, ["pemenuhan ", "H1 ", "P1.i ", "R6.ii "], ["P1.i.a ", "H1.a "]),
        (3, ["P1 ", "H1.a ", "P1.i.a ", "R6.ii.a "], []),
    ],
)
def test_depth_does_what_its_help_says(depth, deepest, absent):
    """0 the total and the areas; 1 pengungkit/hasil and the halves; 2 their parts and indicators; 3 every item."""
    code, out, _ = run("score", str(KEDIRI), "--depth", str(depth))
    codes = {line.split()[0] + " " for line in out.splitlines() if line.strip() and not line.startswith(" ")}
    assert code == 0 and all(c in codes for c in deepest) and not any(c in codes for c in absent)
    assert "3 (default) adds every item" in " ".join(_parsers()["score"].format_help().split())
    with pytest.raises(SystemExit):
        run("score", str(KEDIRI), "--depth", "4")


def test_verdict_exit_status_is_0_passed_1_not_passed_2_bad_input(tmp_path):
    assert run("verdict", str(KEDIRI), "--target", "WBK")[0] == 0
    assert run("verdict", str(KEDIRI), "--target", "WBBM", "--holds-wbk")[0] == 1
    assert run("verdict", str(KEDIRI), "--target", "WBBM", "--holds-wbk", "--format", "json")[0] == 1
    assert run("verdict", str(tmp_path / "missing.json"), "--target", "WBK")[0] == 2
    with pytest.raises(SystemExit) as caught:
        run("verdict", str(KEDIRI))
    assert caught.value.code == 2
    assert run("plan", str(KEDIRI), "--target", "WBBM", "--holds-wbk")[0] == 0  # a plan is no check
    epilog = " ".join(_parsers()["verdict"].format_help().split())
    assert "exit status: 0 passed, 1 not passed, 2 bad input or a usage error" in epilog


def _command(*argv):
    import sys

    return [sys.executable, "-c", "import sys; from zona_integritas.cli import main; sys.exit(main())", *argv]


@pytest.mark.parametrize("argv", [("demo",), ("--language", "en", "demo"), ("review", "diff", "--example", "kediri")])
def test_a_closed_pipe_ends_quietly(argv, tmp_path):
    """``zona-integritas demo | head -1``: the reader goes after one line; no 'Broken pipe', no traceback."""
    import subprocess

    process = subprocess.Popen(_command(*argv), stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path, bufsize=0)
    first = process.stdout.readline()
    process.stdout.close()  # what head does after its line
    stderr = process.stderr.read()
    process.stderr.close()
    code = process.wait(timeout=60)
    assert first.strip() and stderr == b"" and code in (0, 141)  # 0 only if everything fit in the pipe at once


def test_a_closed_pipe_with_more_output_than_the_pipe_holds_exits_141(tmp_path):
    import subprocess

    # ``score --depth 3`` twice over is more than a pipe buffer (64 KiB) only with a long run: use the demo in a loop
    script = (
        "import sys\nfrom zona_integritas.cli import main\n"
        "code = 0\nfor _ in range(40):\n    code = main(['demo'])\n    if code: break\nsys.exit(code)\n"
    )
    process = subprocess.Popen(
        [__import__("sys").executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path
    )
    process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read()
    process.stderr.close()
    assert process.wait(timeout=120) == 141 and stderr == b""


def test_argparse_speaks_the_language_too():
    with pytest.raises(SystemExit):
        run("--language", "id", "verdict", str(KEDIRI), "--target", "gold")
    import contextlib

    err = io.StringIO()
    with contextlib.redirect_stderr(err), pytest.raises(SystemExit):
        run("--language", "id", "verdict", str(KEDIRI), "--target", "gold")
    text = err.getvalue()
    assert text.startswith("cara pakai: zona-integritas verdict")
    assert "zona-integritas verdict: kesalahan: argumen --target: pilihan tidak sah: 'GOLD'" in text
    err = io.StringIO()
    with contextlib.redirect_stderr(err), pytest.raises(SystemExit):
        run("--language", "en", "verdict")
    assert "error: the following arguments are required: FILE, --target" in err.getvalue()
    import argparse

    assert argparse._("usage: ") == "usage: "  # argparse's own lookup is put back after the command


def test_the_language_option_takes_names_and_the_last_one_counts():
    code, out, _ = run("--language", "English", "demo")
    assert code == 0 and "The journey:" in out
    code, out, _ = run("--language", "en", "--language", "id", "demo")
    assert code == 0 and "Perjalanan:" in out
    code, out, _ = run("demo", "--language", "en")  # after the command too
    assert code == 0 and "The journey:" in out and "Next TPI monitoring report due by" in out
    code, out, _ = run("--language", "id", "review", "diff", "--example", "kediri", "--language", "en")
    assert code == 0 and out.startswith("unit 88.96 -> tpi 87.76 (-1.21)\n")


_TOKENS = st.one_of(
    st.sampled_from(
        [
            "--target",
            "wbk",
            "WBBM",
            "gold",
            "--depth",
            "7",
            "-1",
            "--format",
            "json",
            "--holds-wbk",
            "--no-wbk",
            "--assessor",
            "tpn",
            "--tier",
            "x",
            "--zero-denominator",
            "R5.ii.a=half",
            "--unanswered",
            "--",
            "--language",
            "en",
            "id",
            "xx",
            "--example",
            "kediri",
            "--from",
            "tpi",
            "--to",
            "unit",
            str(KEDIRI),
            "/nonexistent.json",
        ]
    ),
    st.text(max_size=12),
)


@given(
    command=st.sampled_from(["score", "verdict", "plan", "review status", "review diff", "demo"]),
    tokens=st.lists(_TOKENS, max_size=6),
)
def test_no_command_line_ends_in_a_traceback_or_an_unknown_status(command, tokens):
    """Whatever the arguments: a status of 0, 1 or 2 (a usage error exits 2), no traceback, argparse restored."""
    import argparse
    import contextlib

    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        try:
            code = main([*command.split(), *tokens], out=io.StringIO(), err=err)
        except SystemExit as stopped:
            code = stopped.code
    assert code in (0, 1, 2) and "Traceback" not in err.getvalue()
    assert argparse._("usage: ") == "usage: "
