"""Columnar survey input: DataFrames, NumPy arrays and Arrow tables give the row path's results and words."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import zona_integritas as zi
from zona_integritas.survey import perception_index, skm_breakdown, skm_index
from zona_integritas.survey_answers import MAX_REPORTED, as_answer

RB = zi.load_rulebook("permenpanrb-90-2021")
CODES = [f"U{i}" for i in range(1, 10)]
IPAK = ["diskriminasi", "kecurangan", "gratifikasi", "calo", "pungli"]


def containers(rows, codes):
    """The same answers in every container the index functions take (None = blank = NaN)."""
    out = {"rows": rows, "pandas": pd.DataFrame(rows, columns=codes, dtype="float64")}
    if all(v is not None for r in rows for v in r):
        out["numpy"] = np.array(rows, dtype=np.int64)
        out["pandas-int"] = pd.DataFrame(rows, columns=codes)
    try:
        import pyarrow as pa

        out["arrow"] = pa.table({c: [r[j] for r in rows] for j, c in enumerate(codes)})
    except ImportError:  # pragma: no cover - pyarrow is a dev extra
        pass
    try:
        import polars as pl

        out["polars"] = pl.DataFrame({c: [r[j] for r in rows] for j, c in enumerate(codes)})
    except ImportError:  # pragma: no cover - polars is a dev extra
        pass
    return out


answer = st.one_of(st.integers(1, 4), st.integers(-3, 9), st.none())
answer_rows = st.lists(st.lists(answer, min_size=9, max_size=9), min_size=1, max_size=30)


def outcome(fn):
    try:
        return ("ok", fn())
    except zi.InvalidInputError as exc:
        return ("error", exc.problems)
    except zi.InvalidAnswerError as exc:
        return ("refused", str(exc))


@given(answer_rows, st.sampled_from(["error", "exclude"]))
def test_the_columnar_and_row_paths_give_identical_results_in_every_container(rows, incomplete):
    results = {
        name: outcome(lambda data=data: skm_index(data, incomplete=incomplete))
        for name, data in containers(rows, CODES).items()
    }
    expected = results.pop("rows")
    for name, got in results.items():
        assert got == expected, name


@given(st.lists(st.lists(st.integers(1, 4), min_size=5, max_size=5), min_size=1, max_size=30))
def test_the_perception_index_is_the_same_from_rows_and_columns(rows):
    expected = perception_index([dict(zip(IPAK, r, strict=True)) for r in rows], kind="ipak", rulebook=RB)
    for name, data in containers(rows, IPAK).items():
        if name != "rows":
            assert perception_index(data, kind="ipak", rulebook=RB) == expected, name


def test_nan_is_a_blank_answer_and_follows_the_incomplete_policy():
    frame = pd.DataFrame([[4] * 9, [3] + [math.nan] * 8, [3] * 9], columns=CODES)
    with pytest.raises(zi.InvalidInputError) as caught:
        skm_index(frame)
    assert caught.value.problems == ["row 2, column U2, U3, U4, U5, U6, U7, U8, U9: blank answer"]
    r = skm_index(frame, incomplete="exclude")
    assert (r.respondents, r.excluded_incomplete, r.ikm) == (2, 1, Decimal("3.5"))


def test_invalid_cells_are_found_in_bulk_with_row_and_column_and_a_count_beyond_the_first_hundred():
    values = np.full((1000, 9), 4)
    values[::4, 2] = 7  # 250 bad cells in U3
    values[1, 8] = 0
    with pytest.raises(zi.InvalidInputError) as caught:
        skm_index(pd.DataFrame(values, columns=CODES))
    problems = caught.value.problems
    assert problems[:3] == [
        "row 1, column U3: answer 7 is outside 1-4",
        "row 2, column U9: answer 0 is outside 1-4",
        "row 5, column U3: answer 7 is outside 1-4",
    ]
    assert len(problems) == MAX_REPORTED + 1
    assert problems[-1] == f"… and {251 - MAX_REPORTED:,} more problems not listed"


def test_floats_booleans_and_text_in_a_frame_are_never_coerced_silently():
    frame = pd.DataFrame({c: [4, 4, 4] for c in CODES}, dtype=object)
    frame.loc[0, "U1"] = 3.5
    frame.loc[1, "U2"] = True
    frame.loc[2, "U3"] = "1e999999999"
    with pytest.raises(zi.InvalidInputError) as caught:
        skm_index(frame)
    assert caught.value.problems == [
        "row 1, column U1: answer 3.5 is outside 1-4",
        "row 2, column U2: answer True is outside 1-4",
        "row 3, column U3: answer '1e999999999' is outside 1-4",
    ]


def test_a_frame_is_read_by_column_name_and_extra_columns_are_ignored_but_missing_ones_named():
    frame = pd.DataFrame({**{c.lower(): [4, 3] for c in reversed(CODES)}, "catatan": ["a", "b"]})
    assert skm_index(frame).ikm == Decimal("3.5")
    with pytest.raises(zi.InvalidInputError) as caught:
        skm_index(frame.drop(columns=["u4"]))
    assert caught.value.problems == ["missing column 'U4'"]
    with pytest.raises(zi.InvalidInputError) as caught:
        skm_index(np.ones((3, 8), dtype=int))
    assert caught.value.problems == [
        "expected a 2-D array of 9 columns (U1, U2, U3, U4, U5, U6, U7, U8, U9); got shape (3, 8)"
    ]


def test_a_frame_with_a_completed_service_column_excludes_and_counts_those_who_had_not_finished():
    frame = pd.DataFrame([[4] * 9, [1] * 9], columns=CODES)
    frame["completed_service"] = [True, False]
    r = skm_index(frame)
    assert (r.respondents, r.excluded_not_completed, r.ikm) == (1, 1, Decimal(4))


def test_a_frame_feeds_the_breakdowns_by_service_and_period():
    frame = pd.DataFrame([[4] * 9, [3] * 9, [2] * 9], columns=CODES)
    frame["service"] = ["izin", "izin", "non-izin"]
    frame["date"] = pd.to_datetime(["2024-01-15", "2024-04-02", "2024-04-30"])
    by_service = skm_breakdown(frame, "service")
    assert {k: str(v.ikm_unit) for k, v in by_service.items()} == {"izin": "87.50", "non-izin": "50.00"}
    by_quarter = skm_breakdown(frame, "quarter")
    assert [(k, str(u), str(c)) for k, u, c in by_quarter.trend()] == [
        ("2024-Q1", "100.00", "None"),
        ("2024-Q2", "62.50", "-37.50"),
    ]
    rows = [zi.survey.Respondent(dict(zip(CODES, r, strict=True))) for r in ([4] * 9, [3] * 9, [2] * 9)]
    assert skm_breakdown(rows, "service").overall == by_service.overall


def test_hostile_numbers_are_refused_by_their_shape_before_any_conversion():
    assert as_answer("1e999999999") is None
    assert as_answer("9_9_9") is None
    assert as_answer("４") is None  # fullwidth digit
    assert as_answer(Decimal("1e999999999")) is None
    assert as_answer("1" * 5000) is None
    with pytest.raises(zi.InvalidInputError) as caught:
        skm_index([["1e999999999"] + [4] * 8])
    assert caught.value.problems == ["row 1, column U1: answer '1e999999999' is outside 1-4"]


@given(
    st.lists(
        st.tuples(st.lists(st.integers(1, 4), min_size=9, max_size=9), st.sampled_from(["izin", "non-izin", None])),
        min_size=1,
        max_size=30,
    )
)
def test_a_breakdown_is_the_same_from_respondents_and_from_a_frame_or_arrow_table(rows):
    import pyarrow as pa

    respondents = [zi.survey.Respondent(dict(zip(CODES, a, strict=True)), service=s) for a, s in rows]
    frame = pd.DataFrame([a for a, _ in rows], columns=CODES).assign(service=[s for _, s in rows])
    expected = skm_breakdown(respondents, "service")
    assert skm_breakdown(frame, "service") == expected
    assert skm_breakdown(pa.Table.from_pandas(frame), "service") == expected
