from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import zona_integritas as zi

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.register_profile("dev", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

#: The primary sources, beside the clone (CI has them there too).
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"


@pytest.fixture(scope="session")
def rb() -> zi.Rulebook:
    return zi.load_rulebook("permenpanrb-90-2021")


@pytest.fixture(scope="session")
def best(rb: zi.Rulebook) -> dict[str, object]:
    return {code: rb.item(code).best_answer for code in rb.item_codes}


@pytest.fixture(scope="session")
def reference() -> Path:
    if not REFERENCE.is_dir():
        pytest.fail(f"the primary sources are missing: expected {REFERENCE}")
    return REFERENCE
