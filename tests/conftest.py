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


#: Set to 1 (``.ci/run`` does) to turn every skip for a missing optional resource into a failure.
REQUIRE_ALL = "ZONA_INTEGRITAS_REQUIRE_ALL"


def skip_or_fail(reason: str) -> None:
    """Skip a test whose optional resource is missing, or fail it when CI requires every resource."""
    if os.environ.get(REQUIRE_ALL) == "1":
        pytest.fail(f"{reason} ({REQUIRE_ALL}=1 requires it)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def reference() -> Path:
    """The primary sources in ``../shared/reference`` beside the clone (tests marked ``reference``)."""
    if not REFERENCE.is_dir():
        skip_or_fail(f"needs the primary sources at {REFERENCE}; put ../shared/reference beside the clone to run it")
    return REFERENCE


@pytest.fixture(autouse=True)
def _work_in_a_temporary_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test writes into the working directory: each runs in its own temporary directory."""
    monkeypatch.chdir(tmp_path)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that use the primary sources are marked ``reference``."""
    for item in items:
        if "reference" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.reference)
