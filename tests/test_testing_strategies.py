"""The strategies shipped in zona_integritas.testing build what they promise."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings

import zona_integritas as zi
from zona_integritas.journey import Journey
from zona_integritas.testing import journey_events, journeys

RB = zi.load_rulebook("permenpanrb-90-2021")
SLOW = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SLOW
@given(journeys(RB, max_events=25))
def test_every_journey_the_strategy_builds_was_accepted_event_by_event_and_replays_to_the_same_state(journey):
    again = Journey.replay(journey.unit, journey.rulebook, journey.events)
    assert again.state() == journey.state()
    assert [e.on for e in journey.events] == sorted(e.on for e in journey.events)
    assert len(journey.history()) == len(journey.events) == journey.state().events


@SLOW
@given(journeys(RB, max_events=15), journey_events(RB, after=dt.date(2021, 6, 1)))
def test_a_random_event_is_either_recorded_or_refused_leaving_the_journey_unchanged(journey, event):
    before = journey.state()
    try:
        after = journey.record(event)
    except zi.TransitionError as error:
        assert journey.state() == before and error.event is event
    else:
        assert after.events == (*journey.events, event)
