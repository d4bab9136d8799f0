"""Breakdowns: IKM per group with n and Krejcie-Morgan adequacy, the trend over periods, weakest elements."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import zona_integritas as zi
from zona_integritas.survey import Respondent, skm_breakdown, skm_index
from zona_integritas.survey_breakdown import BLANK, period_of

CODES = [f"U{i}" for i in range(1, 10)]


def person(answers, **profile):
    return Respondent(dict(zip(CODES, answers, strict=True)), **profile)


def test_each_group_has_its_n_and_its_krejcie_morgan_adequacy():
    rs = [person([4] * 9, unit="loket A")] * 80 + [person([3] * 9, unit="loket B")] * 40
    b = skm_breakdown(rs, "unit", populations={"loket A": 100, "loket B": 100})
    assert [(g.key, g.n, g.needed, g.adequate) for g in b.groups] == [
        ("loket A", 80, 80, True),
        ("loket B", 40, 80, False),
    ]
    assert b.overall.respondents == 120 and str(b.overall.ikm_unit) == "91.67"
    assert skm_breakdown(rs, "unit").group("loket A").adequate is None


def test_the_trend_across_periods_is_in_time_order_with_the_change():
    rs = [
        person([3] * 9, date=dt.date(2024, 11, 3)),
        person([4] * 9, date=dt.date(2024, 2, 3)),
        person([2] * 9, date=dt.date(2025, 1, 9)),
    ]
    trend = skm_breakdown(rs, "semester").trend()
    assert [(k, str(u), None if c is None else str(c)) for k, u, c in trend] == [
        ("2024-S1", "100.00", None),
        ("2024-S2", "75.00", "-25.00"),
        ("2025-S1", "50.00", "-25.00"),
    ]
    assert list(skm_breakdown(rs, "year")) == ["2024", "2025"]
    assert [period_of("2024-12-31", p) for p in ("month", "quarter")] == ["2024-12", "2024-Q4"]


def test_the_weakest_elements_come_first_in_every_group():
    rs = [person([4, 2, 3, 4, 4, 4, 1, 4, 4], service="izin"), person([4, 4, 4, 4, 4, 4, 4, 4, 3], service="lain")]
    b = skm_breakdown(rs, "service")
    assert [e.code for e in b.group("izin").weakest(3)] == ["U7", "U2", "U3"]
    assert [e.code for e in b.group("lain").weakest(1)] == ["U9"]
    assert [r["weakest"][0] for r in b.to_rows()] == ["U7 1.000", "U9 3.000"]
    assert "loket" not in b.to_table() and "(all)" in b.to_table()


def test_bad_answers_are_reported_with_their_row_in_the_whole_input_not_in_the_group():
    rs = [person([4] * 9, sex="P"), person([4] * 9, sex="L"), person([4] * 8 + [7], sex="P")]
    with pytest.raises(zi.InvalidInputError) as caught:
        skm_breakdown(rs, "sex")
    assert caught.value.problems == ["row 3, column U9: answer 7 is outside 1-4"]


def test_respondents_without_the_field_form_the_blank_group_and_unknown_fields_are_refused():
    rs = [person([4] * 9, education="S1"), person([2] * 9)]
    assert list(skm_breakdown(rs, "education")) == [BLANK, "S1"]
    with pytest.raises(zi.InvalidValueError, match="breakdown field must be one of"):
        skm_breakdown(rs, "colour")
    with pytest.raises(zi.InvalidAnswerError, match="is not a date"):
        period_of("soon", "month")


@given(st.lists(st.tuples(st.lists(st.integers(1, 4), min_size=9, max_size=9), st.sampled_from("ABC")), min_size=1))
def test_group_sums_add_up_to_the_whole_survey(rows):
    rs = [person(answers, service=s) for answers, s in rows]
    b = skm_breakdown(rs, "service")
    assert sum(g.n for g in b.groups) == len(rs)
    assert b.overall == skm_index(rs)
    total = sum(g.result.ikm * g.n for g in b.groups)
    assert abs(total / len(rs) - b.overall.ikm) < Decimal("1e-25")  # the default 28-digit context of the test
