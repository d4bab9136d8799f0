"""Surveys from respondents' answers: SKM/IKM (PermenPANRB 14/2017), IPAK and IPKP (90/2021).

This module is the public face of the survey modules; the work is split along the two regulations over
one shared answers module:

- :mod:`zona_integritas.survey_answers`: respondents, validation of answers, column sums;
- :mod:`zona_integritas.survey_columns`: the same for DataFrames, NumPy arrays and Arrow tables;
- :mod:`zona_integritas.survey_skm`: the SKM specification, Krejcie–Morgan, the IKM;
- :mod:`zona_integritas.survey_perception`: IPAK and IPKP into the LKE;
- :mod:`zona_integritas.survey_breakdown`: IKM by service, sub-unit, period or profile, the trend;
- :mod:`zona_integritas.survey_signals`: fraud and quality signals, flags with evidence (the six tests
  in :mod:`zona_integritas.survey_signal_checks`).

**SKM/IKM**: nine elements U1–U9 answered 1–4. Per element NRR = sum ÷ respondents; IKM = Σ NRR ×
weight (1/9 each by default, exactly; the rounded 0.111 and 0.11 used in practice are options); the
unit's IKM on the 25–100 scale is IKM × 25, graded A 88.31–100, B 76.61–88.30, C 65.00–76.60,
D 25.00–64.99 (the converted value rounded half-up to 2 decimals decides the band).

**IPAK / IPKP**: answers on a declared questionnaire scale become an index on 0–4 (1–4 answers are
the index as they are; any other scale needs an explicit mapping). Index per aspect = mean of its
answers; overall = mean of the aspects. LKE points = index ÷ 4 × 17.5 (items H1.a, H2.a).

Nothing is dropped silently: a blank answer is an error unless ``incomplete="exclude"``, and the
result says how many respondents were excluded and why.

>>> r = skm_index([[4, 4, 3, 4, 4, 4, 4, 3, 4], [3, 4, 4, 4, 3, 4, 4, 4, 4]])
>>> r.ikm, r.ikm_unit, r.grade
(Decimal('3.777777777777777777777777777777777777778'), Decimal('94.44'), 'A')
"""

from __future__ import annotations

from .survey_answers import PROFILE_FIELDS, Respondent, SurveyCheck
from .survey_breakdown import GroupResult, SkmBreakdown, skm_breakdown
from .survey_perception import (
    LINEAR_TO_0_4,
    LINEAR_TO_1_4,
    AspectIndex,
    PerceptionResult,
    QuestionnaireScale,
    perception_index,
    survey_rules,
)
from .survey_signals import SignalOptions, SurveySignal, survey_signals
from .survey_skm import ElementResult, IkmResult, SkmElement, SkmSpec, krejcie_morgan, skm_index, skm_spec

__all__ = [
    "LINEAR_TO_0_4",
    "LINEAR_TO_1_4",
    "PROFILE_FIELDS",
    "AspectIndex",
    "ElementResult",
    "GroupResult",
    "IkmResult",
    "PerceptionResult",
    "QuestionnaireScale",
    "Respondent",
    "SignalOptions",
    "SkmBreakdown",
    "SkmElement",
    "SkmSpec",
    "SurveyCheck",
    "SurveySignal",
    "krejcie_morgan",
    "perception_index",
    "skm_breakdown",
    "skm_index",
    "skm_spec",
    "survey_signals",
]

#: Kept for callers of the former private helper; use :func:`zona_integritas.survey_perception.survey_rules`.
_survey_rules = survey_rules
