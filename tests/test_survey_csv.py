"""Survey CSV files: two engines, one result; streaming in bounded memory; hostile files refused cleanly."""

from __future__ import annotations

import io
import resource
import subprocess
import sys
import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

import zona_integritas as zi
from zona_integritas import survey_columns
from zona_integritas.io.survey_csv import iter_survey_csv, read_survey_csv, skm_index_csv
from zona_integritas.survey import skm_breakdown, skm_index, survey_signals

CODES = [f"U{i}" for i in range(1, 10)]
HEADER = ";".join(CODES)


def write(tmp_path, text, name="skm.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def outcome(fn):
    try:
        return ("ok", fn())
    except zi.InvalidInputError as exc:
        return ("error", exc.problems)
    except zi.InvalidAnswerError as exc:  # e.g. no respondents left after excluding the incomplete
        return ("refused", str(exc))


cell = st.one_of(st.sampled_from(["1", "2", "3", "4", "", " 4", "4.0", "x", "9", "+3", "-1", "300"]))
csv_rows = st.lists(st.lists(cell, min_size=9, max_size=9), min_size=1, max_size=25)


@given(csv_rows, st.sampled_from(["error", "exclude"]))
def test_the_pyarrow_and_csv_engines_read_the_same_file_into_the_same_result(tmp_path_factory, rows, incomplete):
    path = tmp_path_factory.mktemp("csv") / "skm.csv"
    path.write_text(HEADER + "\n" + "".join(";".join(r) + "\n" for r in rows), encoding="utf-8")
    results = [
        outcome(lambda e=engine: skm_index(read_survey_csv(path, codes=CODES, engine=e), incomplete=incomplete))
        for engine in ("auto", "pyarrow", "pandas", "csv")
    ]
    streamed = outcome(lambda: skm_index_csv(path, incomplete=incomplete, chunk_rows=7))
    assert results[0] == results[1] == results[2] == results[3] == streamed


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_a_file_of_one_digit_answers_reads_the_same_through_every_engine(tmp_path, newline, bom):
    rows = [[(3 * i + j) % 4 + 1 for j in range(9)] for i in range(50)]
    text = newline.join([HEADER, *(";".join(map(str, r)) for r in rows)]) + newline
    path = tmp_path / "digits.csv"
    path.write_bytes(bom + text.encode())
    expected = skm_index(rows)
    for engine in ("auto", "pyarrow", "pandas", "csv"):
        data = read_survey_csv(path, codes=CODES, engine=engine)
        assert list(data.line_numbers) == list(range(2, 52)) and skm_index(data) == expected, engine
    assert skm_index_csv(path) == expected
    reordered = tmp_path / "reordered.csv"
    reordered.write_text("U9;U8;U7;U6;U5;U4;U3;U2;U1\n" + "".join(";".join(map(str, r[::-1])) + "\n" for r in rows))
    assert skm_index(read_survey_csv(reordered, codes=CODES)) == expected == skm_index_csv(reordered)


def test_profile_problems_are_the_same_from_every_engine_in_line_order(tmp_path):
    rows = [
        "4;4;4;4;4;4;4;4;4;izin;2024-01-10;ya",
        "4;4;4;4;4;4;4;4;4;izin;Mei 2024;mungkin",
        "3;3;3;3;3;3;3;3;3;non-izin;2024-01-11;ya",
        "3;3;3;3;3;3;3;3;3;non-izin;Mei 2024;tidak",
    ]
    path = write(tmp_path, HEADER + ";layanan;tanggal;selesai\n" + "\n".join(rows) + "\n")
    problems = [outcome(lambda e=e: read_survey_csv(path, codes=CODES, engine=e)) for e in ("pyarrow", "csv")]
    assert (
        problems[0]
        == problems[1]
        == (
            "error",
            [
                f"{path}, line 3, column tanggal: 'Mei 2024' is not a full date",
                f"{path}, line 3, column selesai: 'mungkin' is not yes/no (ya/tidak)",
                f"{path}, line 5, column tanggal: 'Mei 2024' is not a full date",
            ],
        )
    )
    good = write(
        tmp_path, HEADER + ";layanan;selesai\n4;4;4;4;4;4;4;4;4;izin;ya\n3;3;3;3;3;3;3;3;3;lain;tidak\n", "ok.csv"
    )
    fast, slow = (read_survey_csv(good, codes=CODES, engine=e) for e in ("pyarrow", "csv"))
    assert (
        fast.profile_columns
        == slow.profile_columns
        == {"service": ["izin", "lain"], "completed_service": [True, False]}
    )
    assert skm_index(fast) == skm_index(slow)


def test_without_numpy_breakdowns_and_signals_of_a_file_are_the_same(tmp_path, monkeypatch):
    text = (
        HEADER + ";layanan;tanggal;kontak;waktu\n"
        "4;4;4;4;4;4;4;4;4;izin;2024-01-10;0812;2024-01-10T09:00\n"
        "4;4;4;4;4;4;4;4;4;izin;2024-01-10;0812;2024-01-10T09:05\n"
        "3;3;3;3;2;3;3;3;3;non-izin;2024-04-10;0813;2024-04-10T21:00\n"
    )
    data = read_survey_csv(write(tmp_path, text), codes=CODES)
    with_numpy = (skm_breakdown(data, "service"), survey_signals(data, by="service"))
    monkeypatch.setattr(survey_columns, "has_numpy", lambda: False)
    assert (skm_breakdown(data, "service"), survey_signals(data, by="service")) == with_numpy
    assert with_numpy[1]["izin"][0].evidence == (2, 3)


def test_without_numpy_the_pure_python_path_gives_the_same_result_and_messages(tmp_path, monkeypatch):
    path = write(tmp_path, HEADER + "\n4;4;4;4;4;4;4;4;4\n4;4;x;4;4;4;4;4;9\n3;3;3;3;3;3;3;3;3\n")
    with_numpy = outcome(lambda: skm_index(read_survey_csv(path, codes=CODES)))
    monkeypatch.setattr(survey_columns, "has_numpy", lambda: False)
    assert outcome(lambda: skm_index(read_survey_csv(path, codes=CODES, engine="csv"))) == with_numpy
    assert with_numpy == (
        "error",
        [f"{path}: row 3, column U3: answer 'x' is outside 1-4", f"{path}: row 3, column U9: answer 9 is outside 1-4"],
    )


def test_extra_cells_are_refused_naming_the_line_not_dropped(tmp_path):
    path = write(tmp_path, HEADER + "\n4;4;4;4;4;4;4;4;4\n4;4;4;4;4;4;4;4;4;4\n")
    for engine in ("auto", "csv"):
        with pytest.raises(zi.InvalidInputError) as caught:
            read_survey_csv(path, codes=CODES, engine=engine)
        assert caught.value.problems == [f"{path}, line 3: 10 cells, but the header has 9 columns"]


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ("4;4;4;4;4;4;4;4;" + "9" * (128 * 1024) + "\n", 2),  # a 128 KB field
        ('4;4;4;4;4;4;4;4;"4\n' + "4;4;4;4;4;4;4;4;4\n" * 20_000, 2),  # an unterminated quote
    ],
    ids=["128KB-field", "unterminated-quote"],
)
def test_a_csv_error_becomes_the_librarys_error_with_file_and_line(tmp_path, body, line):
    path = write(tmp_path, HEADER + "\n" + body)
    for read in (
        lambda: read_survey_csv(path, codes=CODES),
        lambda: list(iter_survey_csv(path, codes=CODES)),
        lambda: skm_index_csv(path),
    ):
        with pytest.raises(zi.InvalidInputError) as caught:
            read()
        (problem,) = caught.value.problems
        assert problem.startswith(f"{path}: line {line} cannot be read: a cell longer than 65,536 characters")


def test_a_huge_exponent_in_a_survey_answer_is_refused_at_once(tmp_path):
    path = write(tmp_path, HEADER + "\n1e999999999;4;4;4;4;4;4;4;4\n")
    with pytest.raises(zi.InvalidInputError) as caught:
        skm_index(read_survey_csv(path, codes=CODES))
    assert caught.value.problems == [f"{path}: row 2, column U1: answer '1e999999999' is outside 1-4"]


def test_undecodable_bytes_name_the_file_and_line(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes(b"U1;Layanan\n4;izin\n4;Perizinan \xe9\n")
    with pytest.raises(zi.InvalidInputError) as caught:
        read_survey_csv(path, codes=["U1"])
    assert caught.value.problems == [f"{path}: line 3 cannot be read as UTF-8; export the file as CSV UTF-8"]


def test_chunks_carry_their_own_line_numbers_and_sum_to_the_whole(tmp_path):
    rows = [[(i + j) % 4 + 1 for j in range(9)] for i in range(25)]
    text = HEADER + "\n" + "\n".join(";".join(map(str, r)) for r in rows) + "\n"
    path = write(tmp_path, text)
    chunks = list(iter_survey_csv(path, codes=CODES, chunk_rows=10))
    assert [len(c) for c in chunks] == [10, 10, 5]
    assert list(chunks[1].line_numbers) == list(range(12, 22))
    whole = skm_index(rows)
    assert skm_index_csv(path, chunk_rows=10) == whole
    assert skm_index_csv(io.StringIO(text), chunk_rows=3) == whole


def test_problems_over_many_chunks_are_listed_to_a_hundred_and_counted(tmp_path):
    text = HEADER + "\n" + "5;4;4;4;4;4;4;4;4\n" * 250
    with pytest.raises(zi.InvalidInputError) as caught:
        skm_index_csv(write(tmp_path, text), chunk_rows=60)
    problems = caught.value.problems
    assert len(problems) == 101 and problems[-1] == "… and 150 more problems not listed"
    assert problems[0].endswith("row 2, column U1: answer 5 is outside 1-4")


def test_profile_columns_feed_breakdowns_and_signals_straight_from_the_file(tmp_path):
    text = (
        "U1;U2;U3;U4;U5;U6;U7;U8;U9;layanan;tanggal;kontak;waktu;selesai\n"
        "4;4;4;4;4;4;4;4;4;izin;2024-01-10;0812;2024-01-10T09:00;ya\n"
        "4;4;4;4;4;4;4;4;4;izin;2024-01-10;0812;2024-01-10T09:05;ya\n"
        "3;3;3;3;2;3;3;3;3;non-izin;2024-04-10;0813;2024-04-10T21:00;tidak\n"
    )
    data = read_survey_csv(write(tmp_path, text), codes=CODES)
    breakdown = skm_breakdown(data, "quarter")
    assert [(k, str(u)) for k, u, _ in breakdown.trend()] == [("2024-Q1", "100.00")]
    assert breakdown.overall.excluded_not_completed == 1
    signals = {s.key: s for s in survey_signals(data, line_numbers=data.line_numbers)}
    assert signals["duplicates"].evidence == (2, 3)
    assert signals["outside_hours"].evidence == (4,)
    assert signals["not_completed"].evidence == (4,)


def test_reading_a_million_answers_stays_within_a_small_multiple_of_the_file(tmp_path):
    """Issue 18 #15: memory was 30-40x the file; answers are now one byte per cell."""
    path = tmp_path / "big.csv"
    with open(path, "w", encoding="utf-8") as f:
        f.write(HEADER + ";layanan\n")
        f.writelines(f"4;3;4;4;2;4;3;4;4;layanan {i % 7}\n" for i in range(120_000))
    script = textwrap.dedent(
        f"""
        import resource, sys
        from zona_integritas.io.survey_csv import read_survey_csv
        from zona_integritas.survey import skm_index
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        data = read_survey_csv({str(path)!r}, codes={CODES!r}, engine="csv")
        assert skm_index(data).respondents == 120_000
        print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024)
        """
    )
    grown = int(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout)
    size = path.stat().st_size
    assert grown < 5 * size, f"grew {grown:,} bytes for a {size:,}-byte file"
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss > 0


csvish = st.text(alphabet='U1234567890;,"\n\r x-.é\x00', max_size=300)


@given(st.one_of(csvish.map(lambda t: t.encode("utf-8")), st.binary(max_size=300)), st.sampled_from(["auto", "csv"]))
def test_any_bytes_give_a_result_or_the_librarys_error_never_a_traceback(tmp_path_factory, body, engine):
    """A fuzz target of the survey readers: hostile or random bytes after a valid header."""
    path = tmp_path_factory.mktemp("fuzz") / "skm.csv"
    path.write_bytes(HEADER.encode() + b"\n" + body)
    for read in (
        lambda: skm_index(read_survey_csv(path, codes=CODES, engine=engine)),
        lambda: skm_index_csv(path, chunk_rows=3, engine=engine),
        lambda: skm_breakdown(read_survey_csv(path, codes=CODES, engine=engine), "service"),
    ):
        try:
            result = read()
        except Exception as exc:  # the point: only the library's errors may escape
            assert isinstance(exc, zi.ZonaIntegritasError), repr(exc)
        else:
            assert result.overall.respondents >= 0 if hasattr(result, "overall") else 1 <= result.ikm <= 4
