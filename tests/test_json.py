from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given

import zona_integritas as zi
from zona_integritas import examples
from zona_integritas.io.payloads import SCHEMA, dumps, loads
from zona_integritas.organization import Instansi, InstansiFacts, Unit, UnitFacts
from zona_integritas.survey import perception_index, skm_index
from zona_integritas.testing import worksheets

RB = zi.load_rulebook("permenpanrb-90-2021")


def values():
    ws = examples.kediri_worksheet_2022()
    card = zi.score(ws)
    kota = Instansi("Pemerintah Kota Kediri", "pemda")
    report = zi.check_eligibility(
        RB,
        instansi=kota,
        instansi_facts=InstansiFacts(2022, bpk_opinion="WTP"),
        unit=Unit("u", "DPM PTSP", kota, "ptsp"),
        unit_facts=UnitFacts(),
        on=dt.date(2022, 5, 1),
    )
    ipak = perception_index(
        [{"diskriminasi": 4, "kecurangan": 4, "gratifikasi": 3, "calo": 4, "pungli": 4}] * 30, kind="ipak", rulebook=RB
    )
    return [
        RB,
        ws,
        card,
        zi.assess(card, target="WBBM", holds_wbk=True),
        report,
        skm_index([[4] * 9, [3] * 9]),
        ipak,
        examples.kediri_journey(),
    ]


@pytest.mark.parametrize("value", values(), ids=lambda v: type(v).__name__)
def test_every_value_round_trips(value):
    text = dumps(value)
    payload = json.loads(text)
    assert payload["schema"] == SCHEMA and set(payload) == {"schema", "type", "data"}
    assert loads(text) == value


@given(worksheets(RB))
def test_worksheets_round_trip_with_their_scores(ws):
    back = loads(dumps(ws))
    assert back == ws
    assert loads(dumps(zi.score(back, unanswered="skip"))) == zi.score(ws, unanswered="skip")


def test_notes_and_evidence_survive_the_round_trip():
    ws = zi.Worksheet.from_answers(
        RB,
        {
            "P1.i.a": {"answer": "Ya", "note": "SK Tim", "evidence": "sk.pdf"},
            "P1.i.b": {"answer": None, "note": "menunggu"},
        },
        assessor="unit",
    )
    assert loads(dumps(ws)).answer("P1.i.b").note == "menunggu"
    assert loads(dumps(ws)) == ws


def payload(kind, data, **extra):
    return json.dumps({"schema": SCHEMA, "type": kind, "data": data, **extra})


def problems(text):
    with pytest.raises(zi.InvalidInputError) as caught:
        loads(text)
    return caught.value.problems


def test_unknown_keys_and_wrong_types_are_reported_with_json_paths():
    found = problems(
        payload(
            "verdict",
            {
                "target": "WBK",
                "rulebook": 7,
                "criteria": [],
                "area_reading": "sideways",
                "comparison": "exact",
                "colour": "red",
            },
        )
    )
    assert "invalid value (expected a string, got 7) @ $.data.rulebook" in found
    assert any(p.endswith("@ $.data.area_reading") for p in found)
    assert "extra fields found (colour) @ $.data" in found


def test_the_envelope_is_checked():
    assert problems('{"schema": "zona-integritas/0", "type": "worksheet", "data": {}}')[0].startswith(
        "schema must be 'zona-integritas/1'"
    )
    assert "type must be one of" in problems(payload("spreadsheet", {}))[0]
    assert problems('{"schema": "zona-integritas/1"')[0].startswith("not valid JSON: line 1")
    assert "extra fields found (x) @ $" in problems(payload("worksheet", {}, x=1))


def test_bad_answers_inside_a_payload_are_all_reported():
    data = {
        "rulebook": {"id": RB.id, "digest": RB.digest},
        "assessor": "tpi",
        "answers": {"P1.i.b": "D", "H1.a": "5", "X.1": "A"},
    }
    found = problems(payload("worksheet", data))
    assert len(found) == 3 and all(p.endswith("@ $.data") for p in found)


def test_a_payload_of_another_rulebook_version_is_refused():
    data = {"rulebook": {"id": RB.id, "digest": "0" * 64}, "assessor": "tpi", "answers": {}}
    assert "differs from the one the payload was made with" in problems(payload("worksheet", data))[0]


def test_a_score_card_whose_total_was_edited_is_refused():
    doc = json.loads(dumps(zi.score(examples.kediri_worksheet_2022())))
    doc["data"]["total"] = "99.9"
    assert "differs from the recomputed" in problems(json.dumps(doc))[0]


def test_a_journey_payload_is_replayed_through_the_guards():
    doc = json.loads(dumps(examples.kediri_journey()))
    doc["data"]["events"][5]["on"] = "2022-06-25"  # the 2022 proposal after the 31 May deadline
    assert "accepted by 31 May 2022" in problems(json.dumps(doc))[0]
    doc = json.loads(dumps(examples.kediri_journey()))
    doc["data"]["events"][0]["kind"] = "celebrated"
    assert "unknown event kind 'celebrated'" in problems(json.dumps(doc))[0]
    doc = json.loads(dumps(examples.kediri_journey()))
    doc["data"]["events"][5]["cycle"] = "2020"
    assert any("events[5]" in p for p in problems(json.dumps(doc)))
