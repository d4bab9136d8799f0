"""Survey answers from an .xlsx sheet: the CSV's layout, results and messages."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

import zona_integritas as zi
from zona_integritas.cli import main
from zona_integritas.io.survey_csv import read_survey_csv
from zona_integritas.io.survey_xlsx import read_survey_xlsx
from zona_integritas.survey import skm_breakdown, skm_index

CODES = [f"U{i}" for i in range(1, 10)]
ROWS = [
    [4, 4, 4, 3, 4, 4, 4, 4, 4, "izin", dt.date(2024, 5, 31), "ya"],
    [3, 4, 4, 4, 4, 4, 3.0, 4, 4, "non-izin", dt.date(2024, 8, 1), "ya"],
    [None] * 12,
    [2, 3, 3, 3, 3, 3, 3, 3, 3, "izin", dt.date(2024, 8, 2), "tidak"],
]


def workbook(tmp_path, rows, header=(*CODES, "layanan", "tanggal", "selesai")):
    book = openpyxl.Workbook()
    book.active.append(list(header))
    for row in rows:
        book.active.append(row)
    path = tmp_path / "skm.xlsx"
    book.save(path)
    return path


def test_a_sheet_gives_what_the_same_csv_gives(tmp_path):
    data = read_survey_xlsx(workbook(tmp_path, ROWS), codes=CODES)
    csv_text = ";".join([*CODES, "layanan", "tanggal", "selesai"]) + "\n"
    for row in ROWS:
        csv_text += ";".join("" if v is None else str(int(v)) if isinstance(v, float) else str(v) for v in row) + "\n"
    same = read_survey_csv(io.StringIO(csv_text), codes=CODES)
    assert list(data.line_numbers) == list(same.line_numbers) == [2, 3, 5]
    assert data.answers == same.answers and data.profile_columns == same.profile_columns
    assert skm_index(data) == skm_index(same)
    assert list(skm_breakdown(data, "quarter")) == ["2024-Q2", "2024-Q3"]


def test_a_value_right_of_the_header_or_a_bad_answer_is_named_by_its_row(tmp_path):
    rows = [[4] * 9, [4] * 9 + ["catatan"], [4] * 8 + ["x"]]
    path = workbook(tmp_path, rows, header=CODES)
    with pytest.raises(zi.InvalidInputError) as caught:
        read_survey_xlsx(path, codes=CODES)
    assert caught.value.problems == [f"{path}, line 3: a cell beyond the 9 header columns"]
    path = workbook(tmp_path, [rows[0], rows[2]], header=CODES)
    with pytest.raises(zi.InvalidInputError) as caught:
        skm_index(read_survey_xlsx(path, codes=CODES))
    assert caught.value.problems == [f"{path}: row 3, column U9: answer 'x' is outside 1-4"]
    with pytest.raises(zi.InvalidInputError, match="has problems"):
        read_survey_xlsx(path, codes=CODES, sheet="Jawaban")


def test_the_cli_reads_a_sheet_by_its_suffix(tmp_path):
    path = workbook(tmp_path, [[4] * 9 + ["izin", "2024-05-31", "ya"]] * 3)
    out = io.StringIO()
    assert main(["survey", str(path), "--kind", "skm", "--by", "service"], out=out) == 0
    assert "IKM 100.00" in out.getvalue() and "izin" in out.getvalue()
