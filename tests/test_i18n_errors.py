"""Every error and warning class of the library, raised through the public API, speaks one language at a time
and keeps the same English ``code`` in both."""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable

import pytest

import zona_integritas as zi
from language_checks import assert_speaks
from zona_integritas.events import BuildingStarted, Declared, Proposed, UnitDesignated
from zona_integritas.i18n import use_language
from zona_integritas.journey import Journey

RB = zi.load_rulebook("permenpanrb-90-2021")


def _refused_proposal() -> object:
    started = [
        Declared(dt.date(2022, 1, 6)),
        UnitDesignated(dt.date(2022, 1, 13)),
        BuildingStarted(dt.date(2022, 1, 20)),
    ]
    journey = Journey.replay("Unit Contoh", RB, started)
    return journey.record(Proposed(dt.date(2023, 6, 1), cycle=2023, target="WBK"))


RAISERS: dict[type[Exception], Callable[[], object]] = {
    zi.UnknownItemError: lambda: RB.item("P9.ix.z"),
    zi.InvalidAnswerError: lambda: RB.item("P1.i.a").scale.multiplier("Mungkin"),
    zi.InvalidInputError: lambda: zi.Worksheet.from_answers(RB, {"P1.i.a": "Mungkin", "P1.i.b": "Z"}, assessor="tpi"),
    zi.InvalidValueError: lambda: zi.decimals.parse_count(-1, where="R4.i.a"),
    zi.UnknownRulebookError: lambda: zi.rulebook_in_force(dt.date(2014, 10, 1)),
    zi.RulebookError: lambda: zi.rulebook_from_toml("id = 1\n", source="x.toml"),
    zi.TransitionError: _refused_proposal,
}


@pytest.mark.parametrize("kind", list(RAISERS), ids=lambda k: k.__name__)
def test_each_error_class_speaks_one_language_with_one_code(kind):
    messages, codes = {}, set()
    for language in ("id", "en"):
        with use_language(language), pytest.raises(kind) as caught:
            RAISERS[kind]()
        messages[language] = str(caught.value)
        codes.add(caught.value.code)
        assert_speaks(messages[language], language, data=["Mungkin", "P9.ix.z", "Ya", "Tidak", "x.toml", "R4.i.a"])
    assert messages["id"] != messages["en"]
    assert len(codes) == 1


def test_the_incomplete_worksheet_warning_speaks_one_language():
    ws = zi.Worksheet.from_answers(RB, {"P1.i.a": "Ya"}, assessor="tpi")
    for language in ("id", "en"):
        with use_language(language), warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            zi.score(ws)
        (warning,) = [w for w in caught if issubclass(w.category, zi.IncompleteWorksheetWarning)]
        assert_speaks(str(warning.message), language, data=["unanswered='skip'"])
