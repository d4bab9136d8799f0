"""The wide result classes take their fields by keyword only: a positional call would bind values by position,
which silently breaks when a field is added."""

from __future__ import annotations

import attrs
import pytest

import zona_integritas as zi
from zona_integritas import examples
from zona_integritas.eligibility import EligibilityReport
from zona_integritas.io.payloads import dumps, loads
from zona_integritas.survey import IkmResult, PerceptionResult, perception_index, skm_index
from zona_integritas.verdict import Verdict

RB = zi.load_rulebook("permenpanrb-90-2021")


def _results():
    ipak = dict.fromkeys(("diskriminasi", "kecurangan", "gratifikasi", "calo", "pungli"), 4)
    return {
        Verdict: zi.assess(zi.score(examples.kediri_worksheet_2022()), target="WBK"),
        IkmResult: skm_index([[4] * 9] * 30),
        PerceptionResult: perception_index([ipak] * 30, kind="ipak", rulebook=RB),
    }


@pytest.mark.parametrize("cls", [Verdict, IkmResult, PerceptionResult, EligibilityReport])
def test_positional_construction_raises_type_error(cls):
    fields = attrs.fields(cls)
    assert all(f.kw_only for f in fields)
    with pytest.raises(TypeError):
        cls(*[None] * len(fields))


@pytest.mark.parametrize("cls", [Verdict, IkmResult, PerceptionResult])
def test_keyword_construction_and_the_json_payload_round_trip(cls):
    result = _results()[cls]
    again = cls(**{f.name: getattr(result, f.name) for f in attrs.fields(cls)})
    assert again == result
    assert loads(dumps(result)) == result
