"""Fraud and quality signals: each fires on its planted case with the right evidence, and stays quiet on
honest surveys (Hypothesis draws the seeds of honest surveys; the rates are measured on fixed seeds)."""

from __future__ import annotations

import datetime as dt
import random

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import zona_integritas as zi
from zona_integritas.survey import Respondent, survey_signals
from zona_integritas.survey_signals import poisson_threshold

CODES = [f"U{i}" for i in range(1, 10)]
MONDAY = dt.date(2024, 3, 4)


def honest_survey(seed: int, n: int = 120, days: int = 20) -> list[Respondent]:
    """An honest survey: distinct contacts, answers drawn independently from a survey-wide distribution
    whose top answer has probability at most 0.6, forms sent at uniformly random times within the service
    hours (08:00-16:00) of the weekdays of ``days`` days, every respondent finished a service."""
    rnd = random.Random(seed)
    weights = [rnd.uniform(0.02, 0.1), rnd.uniform(0.05, 0.3), rnd.uniform(0.3, 0.6), rnd.uniform(0.2, 0.6)]
    weekdays = [MONDAY + dt.timedelta(k) for k in range(days) if (MONDAY + dt.timedelta(k)).weekday() < 5]
    out = []
    for i in range(n):
        day = rnd.choice(weekdays)
        at = dt.datetime.combine(day, dt.time(8)) + dt.timedelta(seconds=rnd.randrange(8 * 3600))
        answers = rnd.choices([1, 2, 3, 4], weights, k=9)
        out.append(
            Respondent(
                dict(zip(CODES, answers, strict=True)), contact=f"08{i:09d}", submitted=at, completed_service=True
            )
        )
    return out


def flagged(respondents, **options):
    return {s.key: s for s in survey_signals(respondents, **options)}


@given(st.integers(0, 2**32), st.integers(30, 200))
def test_honest_surveys_raise_no_duplicate_outside_hours_not_completed_straight_lining_or_perfect_flag(seed, n):
    signals = flagged(honest_survey(seed, n))
    for key in ("duplicates", "outside_hours", "not_completed", "straight_lining", "perfect"):
        assert not signals[key].flagged, signals[key]


def test_the_bursts_signal_false_positive_rate_on_honest_surveys_is_below_one_percent():
    fired = sum(flagged(honest_survey(seed, 150), service_volume=None)["bursts"].flagged for seed in range(300))
    assert fired / 300 <= 0.01, fired


def test_duplicates_are_the_same_contact_with_the_same_answers_within_the_window():
    survey = honest_survey(1, 40)
    twin = survey[5]
    copy = Respondent(
        twin.answers, contact=" " + twin.contact.upper(), submitted=twin.submitted + dt.timedelta(minutes=12)
    )
    late = Respondent(twin.answers, contact=twin.contact, submitted=twin.submitted + dt.timedelta(hours=3))
    signals = flagged([*survey, copy, late])
    assert signals["duplicates"].flagged and signals["duplicates"].evidence == (6, 41)
    assert not flagged([*survey, late])["duplicates"].flagged
    assert flagged([*survey, late], duplicate_window=dt.timedelta(hours=4))["duplicates"].evidence == (6, 41)


@pytest.mark.parametrize(("planted", "expected"), [(4, False), (12, True), (25, True)])
def test_a_burst_relative_to_the_service_volume_is_flagged_with_its_responses(planted, expected):
    survey = honest_survey(2, 100, days=10)
    at = dt.datetime(2024, 3, 6, 10, 0)
    burst = [
        Respondent({c: 4 for c in CODES}, contact=f"09{i}", submitted=at + dt.timedelta(seconds=20 * i))
        for i in range(planted)
    ]
    signal = flagged(survey + burst, service_volume=400)["bursts"]
    assert signal.flagged is expected
    if expected:
        assert set(range(101, 101 + planted)) <= set(signal.evidence)


def test_the_burst_limit_is_the_poisson_tail_of_the_expected_count():
    assert poisson_threshold(0.5, 1e-6) == 8
    assert poisson_threshold(2.0, 0.05) == 6


@pytest.mark.parametrize(("share", "straight", "fires"), [(0.5, 60, False), (0.5, 61, True), (0.3, 40, True)])
def test_straight_lining_fires_when_the_share_of_one_answer_respondents_exceeds_the_limit(share, straight, fires):
    varied = [Respondent(dict(zip(CODES, [4, 3] * 4 + [2], strict=True))) for _ in range(120 - straight)]
    same = [Respondent({c: 3 for c in CODES}) for _ in range(straight)]
    signal = flagged(varied + same, straight_share=share)["straight_lining"]
    assert signal.flagged is fires
    assert signal.evidence == tuple(range(121 - straight, 121))


def test_forms_outside_service_hours_or_on_a_weekend_are_evidence():
    survey = honest_survey(3, 30)
    night = Respondent({c: 4 for c in CODES}, submitted=dt.datetime(2024, 3, 5, 22, 15))
    sunday = Respondent({c: 4 for c in CODES}, submitted=dt.datetime(2024, 3, 10, 10, 0))
    signal = flagged([*survey, night, sunday])["outside_hours"]
    assert signal.flagged and signal.evidence == (31, 32)
    assert not flagged([*survey, night], outside_share=0.05)["outside_hours"].flagged
    late_office = flagged([*survey, night], service_hours=(dt.time(7), dt.time(23)))["outside_hours"]
    assert late_office.evidence == ()


def test_respondents_who_did_not_finish_a_service_are_evidence_not_silently_dropped():
    survey = honest_survey(4, 30)
    walked_out = Respondent({c: 1 for c in CODES}, completed_service=False)
    signal = flagged([*survey, walked_out])["not_completed"]
    assert signal.flagged and signal.evidence == (31,)
    assert zi.survey.skm_index([*survey, walked_out]).excluded_not_completed == 1


def test_an_implausibly_perfect_distribution_is_flagged():
    perfect = [Respondent({c: 4 for c in CODES}) for _ in range(29)] + [Respondent({**{c: 4 for c in CODES}, "U9": 3})]
    assert flagged(perfect)["perfect"].flagged
    assert not flagged(perfect[:29])["perfect"].flagged  # fewer than the minimum of 30
    assert not flagged(perfect, perfect_share=1.0)["perfect"].flagged


def test_signals_take_a_frame_and_name_lines():
    import pandas as pd

    frame = pd.DataFrame([[4] * 9, [4] * 9], columns=CODES)
    frame["contact"] = ["0812", "0812"]
    frame["submitted"] = pd.to_datetime(["2024-03-04 09:00", "2024-03-04 09:10"])
    assert flagged(frame, line_numbers=[7, 9])["duplicates"].evidence == (7, 9)


def test_signal_parameters_are_checked():
    with pytest.raises(zi.InvalidValueError, match="straight_share must lie between 0 and 1"):
        survey_signals([], straight_share=2)
    with pytest.raises(zi.InvalidValueError, match="service_hours must open before they close"):
        survey_signals([], service_hours=(dt.time(16), dt.time(8)))
    with pytest.raises(zi.InvalidValueError, match="unknown signal parameter straight; parameters are"):
        survey_signals([], straight=0.2)
    with pytest.raises(zi.InvalidValueError, match="signals group by a profile field"):
        survey_signals([], by="colour")


def test_signals_by_unit_find_one_unit_gaming_its_survey_that_the_whole_export_dilutes():
    honest = [attrs.evolve(r, unit=f"Dinas {i % 4}") for i, r in enumerate(honest_survey(7, 400))]
    gamed = [Respondent({c: 4 for c in CODES}, unit="Kecamatan X") for _ in range(40)]
    varied = [Respondent(dict(zip(CODES, [4, 3] * 4 + [2], strict=True)), unit="Kecamatan X") for _ in range(20)]
    everyone = honest + gamed + varied
    assert not flagged(everyone)["straight_lining"].flagged  # 40 of 460: diluted
    per_unit = survey_signals(everyone, by="unit", service_volume={"Kecamatan X": 100})
    assert sorted(per_unit) == ["Dinas 0", "Dinas 1", "Dinas 2", "Dinas 3", "Kecamatan X"]
    x = {s.key: s for s in per_unit["Kecamatan X"]}
    assert x["straight_lining"].flagged and x["straight_lining"].evidence == tuple(range(401, 441))
    assert dict(x["bursts"].parameters)["service_volume"] == "100"
    assert not any(s.flagged for key in per_unit if key != "Kecamatan X" for s in per_unit[key])
    with pytest.raises(zi.InvalidValueError, match="service_volume per group needs by="):
        survey_signals(everyone, service_volume={"Kecamatan X": 100})


def test_the_cli_gives_signals_per_unit_with_their_lines(tmp_path):
    import io
    import json

    from zona_integritas.cli import main

    lines = ["U1;U2;U3;U4;U5;U6;U7;U8;U9;unit;kontak;waktu"]
    lines += [f"4;4;4;4;4;4;4;4;4;Loket A;0812;2024-03-04 09:0{k}" for k in range(2)]
    lines += [f"3;4;3;4;3;4;3;4;2;Loket B;08{k};2024-03-05 10:00" for k in range(3)]
    path = tmp_path / "skm.csv"
    path.write_text("\n".join(lines) + "\n")
    out = io.StringIO()
    assert main(["survey", str(path), "--kind", "skm", "--by", "unit", "--signals", "--format", "json"], out=out) == 0
    signals = json.loads(out.getvalue())["signals"]
    assert sorted(signals) == ["Loket A", "Loket B"]
    duplicates = {s["key"]: s for s in signals["Loket A"]}["duplicates"]
    assert duplicates["flagged"] and duplicates["evidence"] == [2, 3]
