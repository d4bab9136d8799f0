"""Settings for the whole suite (tests and doctests).

The suite runs in English (``ZONA_INTEGRITAS_LANG=en``): message ids are English, so assertions and the
docstrings' examples read as the source does. The library's own default is Indonesian; tests that check
Indonesian output ask for it (``language="id"``, ``--language id``), and ``tests/test_i18n.py`` checks the
default itself.
"""

from __future__ import annotations

import os

import pytest


def pytest_configure(config: pytest.Config) -> None:
    os.environ["ZONA_INTEGRITAS_LANG"] = "en"
