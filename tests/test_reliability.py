"""Issue 18, one test per defect from its reproduction: numbers, text, JSON, workbooks, writes, the CLI, context."""

from __future__ import annotations

import decimal
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import zona_integritas as zi
from _hostile import write_json, write_xlsx
from zona_integritas import examples
from zona_integritas.cli import main
from zona_integritas.decimals import MAX_COUNT, parse_count, parse_decimal, round_half_up
from zona_integritas.io import atomic, excel
from zona_integritas.io._xlsx import MAX_SHARED_STRINGS, check_workbook
from zona_integritas.io.portalrb import answers_payload, load_master, read_answers_payload
from zona_integritas.io.safejson import parse_json
from zona_integritas.io.worksheet_file import read_worksheet_json
from zona_integritas.organization import Instansi, Unit

RB = zi.load_rulebook("permenpanrb-90-2021")
KEDIRI = Path(zi.__file__).parent / "data" / "kediri-dpmptsp-2022-tpi.json"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def problems(excinfo: pytest.ExceptionInfo[zi.InvalidInputError]) -> list[str]:
    return excinfo.value.problems


# -- 1. one number pins a CPU ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value", ["1e999999999", "1e1000000", "1E+999999999", Decimal("1e999999999"), pytest.param(10**5000, id="10**5000")]
)
def test_a_huge_count_is_refused_by_magnitude_before_any_conversion(value):
    with pytest.raises(ValueError, match=r"expected a whole number from 0 to 1,000,000,000"):
        parse_count(value, where="cell K88")


def test_the_count_ceiling_is_a_billion_and_can_be_overridden():
    assert MAX_COUNT == 10**9
    assert parse_count("1000000000") == 10**9 and parse_count("1e9") == 10**9
    with pytest.raises(ValueError, match=r"got '1000000001' \(x\)"):
        parse_count("1000000001", where="x")
    assert parse_count("5e10", ceiling=10**11) == 5 * 10**10


def test_a_count_of_1e999999999_in_a_worksheet_is_refused_naming_the_item():
    with pytest.raises(zi.InvalidInputError) as caught:
        zi.Worksheet.from_answers(RB, {"R1.i.a": {"agents": "1e999999999", "changes": 1}}, assessor="tpi")
    assert problems(caught) == [
        "item 'R1.i.a' takes counts agents, changes: agents must be a non-negative whole number, "
        "got '1e999999999' (at most 1,000,000,000)"
    ]


def test_a_count_of_1e999999999_in_a_portalrb_payload_is_refused_naming_the_soal():
    payload = answers_payload("u", "U", 2026, unit=examples.kediri_worksheet_2022())
    entry = next(a for a in payload["answers"] if a["soal_id"] == 88)
    entry["jawaban_unit"] = "1e999999999"
    with pytest.raises(zi.InvalidInputError) as caught:
        read_answers_payload(payload, rulebook=RB)
    assert len(problems(caught)) == 1 and "'1e999999999' (at most 1,000,000,000)" in problems(caught)[0]
    assert problems(caught)[0].endswith(f"($.answers[{payload['answers'].index(entry)}].jawaban_unit)")


def test_a_decimal_of_1e999999999_in_a_payload_is_refused():
    doc = json.loads(zi.io.json.dumps(examples.kediri_worksheet_2022()))
    doc["data"]["answers"]["H1.a"] = "1e999999999"
    with pytest.raises(zi.InvalidInputError) as caught:
        zi.io.json.loads(json.dumps(doc))
    assert problems(caught) == ["item 'H1.a' takes an index from 0 to 4; got '1e999999999' @ $.data"]


@given(st.integers(min_value=0, max_value=MAX_COUNT))
def test_every_count_up_to_the_ceiling_reads_back_in_every_spelling(n):
    assert parse_count(n) == parse_count(str(n)) == parse_count(float(n)) == parse_count(Decimal(n)) == n


@pytest.mark.parametrize("bad", ["abc", "NaN", "sNaN", "Infinity", "1e999999999", "９"])
def test_a_decimal_no_number_can_hold_is_a_typed_error_not_invalid_operation(bad):
    doc = json.loads(zi.io.json.dumps(examples.kediri_journey()))
    index = next(i for i, e in enumerate(doc["data"]["events"]) if e["kind"] == "surveyed")
    doc["data"]["events"][index]["ipak"] = bad
    with pytest.raises(zi.InvalidInputError) as caught:
        zi.io.json.loads(json.dumps(doc))
    assert problems(caught) == [f"invalid value (expected a number, got {bad!r}) @ $.ipak (events[{index}]) @ $.data"]


@pytest.mark.parametrize(
    ("prefix", "kind"), [("x = " + "9" * 5000, "ValueError"), ("x = " + "[" * 5000 + "]" * 5000, "RecursionError")]
)
def test_a_hostile_custom_rulebook_is_a_rulebook_error(prefix, kind):
    text = prefix + "\n" + (Path(zi.__file__).parent / "rulebooks" / "permenpanrb-90-2021.toml").read_text()
    with pytest.raises(zi.RulebookError, match=f"<string>: not a readable rulebook \\({kind}: "):
        zi.rulebook_from_toml(text)


# -- 7. values no writer can emit -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("note", "problem"),
    [("a\ud800b", "contains a lone surrogate U+D800"), ("bel\x07", "contains the control character U+0007")],
)
def test_notes_a_workbook_cannot_hold_are_refused_at_input(note, problem):
    with pytest.raises(zi.InvalidInputError) as caught:
        zi.Worksheet.from_answers(RB, {"H1.a": {"answer": "3", "note": note}}, assessor="tpi")
    assert problems(caught) == [f"item 'H1.a': note {problem}"]


def test_tabs_and_line_breaks_in_notes_are_kept():
    ws = zi.Worksheet.from_answers(RB, {"H1.a": {"answer": "3", "note": "a\tb\r\nc"}}, assessor="tpi")
    assert ws.answer("H1.a").note == "a\tb\r\nc"


@pytest.mark.parametrize("name", ["", "  ", "DPM\x00PTSP", "x\udc80"])
def test_unit_names_a_writer_cannot_emit_are_refused(name):
    with pytest.raises(zi.InvalidAnswerError, match="unit name"):
        Unit("u", name, Instansi("Kota", "pemda"))


def test_a_count_literal_of_5000_digits_is_refused_by_the_json_reader(tmp_path):
    with pytest.raises(zi.InvalidInputError) as caught:
        read_worksheet_json(write_json(tmp_path, "count-5000-digits"))
    assert problems(caught) == [
        f"{tmp_path / 'count-5000-digits.json'}: an integer of 5,000 digits is too large (at most 20)"
    ]


# -- 16. lenient parsing ------------------------------------------------------------------------------------------
def test_duplicate_json_keys_are_refused_not_last_one_wins(tmp_path):
    path = write_json(tmp_path, "duplicate-keys")
    with pytest.raises(zi.InvalidInputError) as caught:
        read_worksheet_json(path)
    assert problems(caught) == [f"{path}: duplicate key 'H1.a' @ $.answers"]


def test_an_index_of_minus_zero_reads_as_zero():
    ws = zi.Worksheet.from_answers(RB, {"H1.a": "-0"}, assessor="tpi")
    assert (
        str(ws.value("H1.a")) == "0" and str(zi.io.worksheet_file.worksheet_to_document(ws)["answers"]["H1.a"]) == "0"
    )
    assert str(parse_decimal("-0,00")) == "0.00"


@pytest.mark.parametrize("text", ["３.６", "٣", "9_9_9", "1_000", "nan", "Infinity", "0x10", "1e99999"])
def test_only_ascii_numbers_of_sensible_size_are_numbers(text):
    with pytest.raises(ValueError):
        parse_decimal(text)


@pytest.mark.parametrize(("row", "shown"), [("A1", "'A1'"), (10**12, "1000000000000"), (0, "0")])
def test_a_master_row_that_is_not_a_row_number_is_refused(tmp_path, row, shown):
    soal = {"id": 1, "teks_pertanyaan": "x", "jenis_jawaban": "YA_TIDAK", "excel_baris": row, "excel_kolom_unit": "K"}
    with pytest.raises(zi.InvalidInputError) as caught:
        load_master({"tahun": 2026, "data": [{"soals": [soal]}]})
    assert problems(caught) == [
        f"master: malformed soal (ValueError: soal 1: excel_baris must be a row number from 1 to 20,000, got {shown})"
    ]


def test_a_master_column_that_is_not_letters_is_refused():
    soal = {"id": 1, "teks_pertanyaan": "x", "jenis_jawaban": "YA_TIDAK", "excel_baris": 6, "excel_kolom_unit": "K1"}
    with pytest.raises(zi.InvalidInputError) as caught:
        load_master({"tahun": 2026, "data": [{"soals": [soal]}]})
    assert "excel_kolom_unit must be column letters (A to XFD), got 'K1'" in problems(caught)[0]


# -- 17. messages -------------------------------------------------------------------------------------------------
def test_a_file_that_is_not_utf8_is_named_with_the_byte(tmp_path):
    path = write_json(tmp_path, "not-utf8")
    with pytest.raises(zi.InvalidInputError) as caught:
        read_worksheet_json(path)
    assert problems(caught) == [f"{path}: not UTF-8 text (byte 14: invalid start byte)"]


def test_a_20_mb_value_is_never_echoed_in_full(tmp_path):
    path = write_json(tmp_path, "value-20mb")
    code, out, err = run("score", str(path))
    assert code == 2 and out == "" and len(err) < 1000
    assert "characters long, more than the limit of 32,767" in err


def test_a_huge_answer_given_through_the_api_is_echoed_cut():
    with pytest.raises(zi.InvalidInputError) as caught:
        zi.Worksheet.from_answers(RB, {"P1.i.b": "D" * 20_000_000}, assessor="unit")
    (message,) = problems(caught)
    assert len(message) < 200 and message.endswith("… (20,000,002 characters)")


@given(st.text(max_size=80) | st.floats(allow_nan=True) | st.integers())
def test_parse_decimal_gives_a_bounded_finite_number_or_a_value_error(raw):
    try:
        number = parse_decimal(raw)
    except ValueError:
        return
    assert number.is_finite() and abs(number.adjusted()) <= 18 and not (number.is_zero() and number.is_signed())


def test_the_json_reader_refuses_deep_nesting_without_recursion_errors():
    with pytest.raises(zi.InvalidInputError) as caught:
        parse_json("[" * 100_000 + "]" * 100_000, source="deep.json")
    assert problems(caught) == ["deep.json: nested too deeply (more than 64 levels)"]
    with pytest.raises(zi.InvalidInputError) as caught:
        parse_json("[" * 70 + "]" * 70, source="deep.json")
    assert problems(caught) == ["deep.json: nested more than 64 levels deep @ $" + "[0]" * 64]


# -- 2, 3, 19. workbooks ------------------------------------------------------------------------------------------
def test_one_cell_at_column_xfd_is_refused_before_openpyxl_loads(tmp_path):
    path = write_xlsx(tmp_path, "cell-at-xfd-600-rows")
    with pytest.raises(zi.InvalidInputError) as caught:
        excel.read_workbook(path)
    assert problems(caught) == [
        f"{path}: xl/worksheets/sheet1.xml: cell XFD600 lies beyond row 20,000 or column BL (clear the contents "
        "and formatting of unused cells and save again)"
    ]


@pytest.mark.parametrize(
    ("case", "what"),
    [
        ("merged-whole-sheet", "merged range 'A1:XFD1048576'"),
        ("hyperlink-whole-sheet", "hyperlink range 'A1:XFD1048576'"),
        ("dimension-whole-sheet", "the dimension 'A1:XFD1048576'"),
        ("comment-on-the-whole-sheet", "comment at 'A1:XFD1048576'"),  # in xl/comments1.xml
    ],
)
def test_ranges_over_the_whole_sheet_are_refused(tmp_path, case, what):
    path = write_xlsx(tmp_path, case)
    with pytest.raises(zi.InvalidInputError) as caught:
        excel.read_workbook(path)
    part = "xl/comments1.xml" if case.startswith("comment") else "xl/worksheets/sheet1.xml"
    assert problems(caught) == [
        f"{path}: {part}: {what} reaches beyond row 20,000 or column BL (clear the contents "
        "and formatting of unused cells and save again)"
    ]


def test_a_shared_strings_bomb_is_refused_while_streaming(tmp_path):
    path = write_xlsx(tmp_path, "shared-strings-bomb")
    assert path.stat().st_size < 200_000
    with pytest.raises(zi.InvalidInputError) as caught:
        check_workbook(path)
    assert problems(caught) == [f"{path}: more than {MAX_SHARED_STRINGS:,} shared strings"]


def test_a_workbook_of_too_many_cells_is_refused_while_streaming(tmp_path):
    path = write_xlsx(tmp_path, "one-cell-too-many")  # 4,001 rows × 25 columns: 100,025 cells
    with pytest.raises(zi.InvalidInputError) as caught:
        check_workbook(path)
    assert problems(caught) == [f"{path}: more than 100,000 cells"]


def test_a_part_that_unpacks_to_more_than_its_declared_size_is_counted_as_it_streams(tmp_path):
    from zona_integritas.io import _xlsx

    path = write_xlsx(tmp_path, "at-the-limits")
    shape = check_workbook(path)
    declared = sum(i.file_size for i in zipfile.ZipFile(path).infolist())
    assert shape.unpacked == declared and shape.cells == 3899 * 25 + 1
    assert shape.sheets == {"xl/worksheets/sheet1.xml": (3900, 64)}
    assert _xlsx.MAX_CELL_AREA == 250_000


def test_macros_are_found_by_content_type_whatever_the_part_is_called(tmp_path):
    path = write_xlsx(tmp_path, "macro-by-content-type")
    with pytest.raises(zi.InvalidInputError) as caught:
        check_workbook(path)
    assert problems(caught) == [
        f"{path}: the workbook carries macros (its content types); save it as .xlsx without macros"
    ]


def test_the_official_size_workbook_reads_back_within_the_bounds(tmp_path):
    ws = examples.kediri_worksheet_2022()
    path = excel.write_workbook(ws, tmp_path / "lke.xlsx")
    shape = check_workbook(path)
    assert shape.sheets["xl/worksheets/sheet1.xml"] == (203, 17)  # our LKE: header row 7, items to row 203
    assert excel.read_workbook(path).worksheet == ws


# -- 8. atomic writes ---------------------------------------------------------------------------------------------
def test_a_write_that_fails_leaves_the_old_file_whole_and_no_temporary_file(tmp_path):
    target = tmp_path / "x.json"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic.atomic_path(target) as temporary:
        temporary.write_text("half")
        raise RuntimeError("disk gone")
    assert target.read_text() == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["x.json"]


def test_a_workbook_save_that_fails_leaves_the_old_workbook(tmp_path, monkeypatch):
    import openpyxl

    target = tmp_path / "lke.xlsx"
    excel.write_workbook(examples.kediri_worksheet_2022(), target)
    before = target.read_bytes()

    def broken_save(self, filename):
        Path(filename).write_bytes(b"PK partial")
        raise OSError("No space left on device")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken_save)
    with pytest.raises(OSError, match="No space left"):
        excel.write_workbook(examples.kediri_worksheet_2022().with_answers({"P1.i.b": "B"}), target)
    assert target.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["lke.xlsx"]


def test_convert_onto_its_own_input_keeps_the_file_when_writing_fails(tmp_path, monkeypatch):
    target = tmp_path / "x.json"
    target.write_text(KEDIRI.read_text())
    before = target.read_text()
    monkeypatch.setattr(zi.io.worksheet_file, "worksheet_to_document", lambda ws, **extra: {"note": "\udc80"})
    code, _, err = run("convert", str(target), str(target))
    assert code == 2 and "surrogates not allowed" in err
    assert target.read_text() == before and [p.name for p in tmp_path.iterdir()] == ["x.json"]


# -- 9. no traceback escapes the CLI; exit 2 for bad input --------------------------------------------------------
@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("nested-100k", "nested too deeply (more than 64 levels)"),
        ("count-1e999999999", "agents must be a non-negative whole number, got '1e999999999'"),
        ("duplicate-keys", "duplicate key 'H1.a' @ $.answers"),
        ("lone-surrogate", "the text at $.answers.H1.a.note contains a lone surrogate U+D800"),
    ],
)
def test_bad_input_exits_2_with_one_line_per_problem(tmp_path, case, message):
    code, out, err = run("score", str(write_json(tmp_path, case)))
    assert code == 2 and out == "" and "Traceback" not in err
    assert err.startswith("error: ") and message in err
    assert all(line.startswith(("error: ", "  - ", "    ")) for line in err.splitlines())


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.mkdir(), "is a directory, not a store file"),
        (lambda p: p.write_text("hello, not a database\n" * 100), "is not a zona-integritas store"),
        (
            lambda p: __import__("sqlite3").connect(p).execute("CREATE TABLE invoices (id INTEGER)"),
            "another application's database: invoices",
        ),
        (lambda p: None, "no store at"),
    ],
)
def test_a_store_path_that_is_not_a_store_is_one_line_and_exit_2(tmp_path, make, message):
    path = tmp_path / "kota.db"
    make(path)
    code, _, err = run("report", "portfolio", "--out", str(tmp_path / "r.html"), "--db", str(path), "--instansi", "K")
    assert code == 2 and message in err and "Traceback" not in err
    assert not (tmp_path / "r.html").exists()


def test_a_read_only_command_never_creates_the_store(tmp_path):
    path = tmp_path / "missing.db"
    run("report", "portfolio", "--out", str(tmp_path / "r.html"), "--db", str(path), "--instansi", "K")
    assert not path.exists()


# -- 13. the caller's decimal context does not change a result ----------------------------------------------------
def test_a_callers_decimal_context_does_not_change_kediris_score():
    baseline = run("score", str(KEDIRI), "--format", "json")[1]
    demo = run("demo")[1]
    percentage = zi.score(examples.kediri_worksheet_2022()).total.percentage
    with decimal.localcontext(prec=2, rounding=decimal.ROUND_FLOOR):
        zi.rulebook_loader._load_cached.cache_clear()
        try:
            assert json.loads(run("score", str(KEDIRI), "--format", "json")[1])["total"]["points"] == "87.76"
            assert run("score", str(KEDIRI), "--format", "json")[1] == baseline
            assert run("demo")[1] == demo
            card = zi.score(examples.kediri_worksheet_2022())
            assert card.total.percentage == percentage and str(round_half_up(percentage)) == "87.76"
        finally:
            zi.rulebook_loader._load_cached.cache_clear()


def test_a_callers_decimal_context_does_not_change_a_survey_index():
    from zona_integritas.survey import perception_index, skm_index

    answers = [[4] * 9] * 83 + [[3] * 9] * 17
    rb = zi.load_rulebook("permenpanrb-90-2021")
    row = {"diskriminasi": 4, "kecurangan": 4, "gratifikasi": 3, "calo": 4, "pungli": 3}
    ipak_rows = [row] * 2 + [dict.fromkeys(row, 4)]
    with decimal.localcontext(prec=2, rounding=decimal.ROUND_FLOOR):
        ikm = skm_index(answers)
        ipak = perception_index(ipak_rows, kind="ipak", rulebook=rb, justification="a test of three")
    assert (str(ikm.ikm_unit), str(ikm.ikm)) == ("95.75", "3.83")
    outside = perception_index(ipak_rows, kind="ipak", rulebook=rb, justification="a test of three")
    assert ipak.index == outside.index and round_half_up(ipak.index) == Decimal("3.73")


# -- 18. API misuse -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: zi.score(None), "score(worksheet) takes a Worksheet, got None"),
        (lambda: zi.score("x.json"), "score(worksheet) takes a Worksheet, got 'x.json'"),
        (lambda: zi.assess(None, target="WBK"), "assess(card) takes a ScoreCard, got None"),
        (lambda: zi.plan_improvements({}, "WBK"), "plan_improvements(worksheet) takes a Worksheet, got {}"),
        (
            lambda: zi.assess(zi.score(examples.kediri_worksheet_2022()), target="WBBM", holds_wbk="yes"),
            "holds_wbk is True, False or None, got 'yes'",
        ),
        (
            lambda: zi.plan_improvements(examples.kediri_worksheet_2022(), "WBBM", holds_wbk=1),
            "holds_wbk is True, False or None, got 1",
        ),
    ],
)
def test_api_misuse_raises_the_librarys_own_error(call, message):
    with pytest.raises(zi.InvalidAnswerError) as caught:
        call()
    assert str(caught.value) == message
