"""Pure parts of the turn: preferences merged in the seed's shape, phases, the fact guard."""

from __future__ import annotations

from datetime import UTC, date, datetime

from wayra_ai.assistant.facts import unsupported_claims
from wayra_ai.assistant.phases import Phase, next_phase
from wayra_ai.assistant.preferences import (
    changes_between,
    from_preferences,
    overlay,
    to_preferences,
)
from wayra_ai.assistant.turn import answering
from wayra_ai.nlu.trip_parser import ParsedTrip
from wayra_ai.planner.request import HouseRule, RoomType, TransportBan


def test_preferences_round_trip_through_the_seed_shape() -> None:
    trip = ParsedTrip(
        origin="Chicago",
        destination="Texas",
        destination_is_region=True,
        cities_to_visit=2,
        start_date=date(2027, 3, 10),
        days=5,
        adults=2,
        children=1,
        budget=2300.0,
        currency="USD",
        house_rules=[HouseRule.PETS],
        room_type=RoomType.PRIVATE,
        cuisines=["Indian", "Thai"],
        transport_bans=[TransportBan.NO_FLIGHT],
        rejected_places=["Miami"],
    )
    merged = overlay(ParsedTrip(), trip)
    stored = to_preferences(merged, {"activities": [{"type": "museums", "interest": 1}]})
    assert stored["budget"] == {"total": 2300.0, "currency": "USD"}
    assert stored["destinations"][0]["name"] == "Texas"
    assert stored["destinations"][1] == {
        "name": "Miami",
        "preference": 0,
        "reasoning": "ruled out by the traveller",
    }
    assert stored["dates"]["preferred"] == {
        "start": datetime(2027, 3, 10, tzinfo=UTC),
        "end": datetime(2027, 3, 14, tzinfo=UTC),
    }
    assert [t["type"] for t in stored["travelers"]] == ["adult", "adult", "child"]
    assert {"type": "museums", "interest": 1} in stored["activities"]  # not ours: kept
    assert stored["accommodation"] == {"type": ["private room"], "amenities": ["allows:pets"]}
    assert stored["transportation"] == {"constraints": ["no flight"]}
    again = from_preferences(stored)
    assert changes_between(merged, again) == []


def test_later_statements_correct_earlier_ones() -> None:
    known = overlay(
        ParsedTrip(),
        ParsedTrip(destination="Miami", start_date=date(2027, 3, 10), days=4, budget=2000.0),
    )
    corrected = overlay(known, ParsedTrip(days=3, budget=1800.0))
    assert (corrected.days, corrected.end_date, corrected.budget) == (3, date(2027, 3, 12), 1800)
    moved = overlay(corrected, ParsedTrip(start_date=date(2027, 3, 20)))
    assert (moved.days, moved.end_date) == (3, date(2027, 3, 22))  # a new start keeps length
    swapped = overlay(moved, ParsedTrip(destination="Tampa", rejected_places=["Miami"]))
    assert swapped.destination == "Tampa"
    assert swapped.rejected_places == ["Miami"]
    dropped = overlay(known, ParsedTrip(rejected_places=["Miami"]))
    assert dropped.destination is None
    fields = {change.field for change in changes_between(known, corrected)}
    assert fields == {"days", "budget"}


def test_a_bare_place_answers_the_origin_question() -> None:
    said = ParsedTrip(destination="Chicago")
    assert answering("origin", said).origin == "Chicago"
    assert answering("origin", said).destination is None
    assert answering("budget", said).destination == "Chicago"
    region = ParsedTrip(destination="Texas", destination_is_region=True)
    assert answering("origin", region).destination == "Texas"


def test_phases_follow_the_trip() -> None:
    def step(current: Phase, **facts: object) -> Phase:
        values = {
            "intent": "plan_trip",
            "has_destination": True,
            "plan_delivered": False,
            "has_plan": False,
            "preferences_changed": False,
            **facts,
        }
        return next_phase(current, **values)  # type: ignore[arg-type]

    assert step(Phase.DISCOVERY, has_destination=False) is Phase.DISCOVERY
    assert step(Phase.DISCOVERY) is Phase.PLANNING
    assert step(Phase.PLANNING, plan_delivered=True) is Phase.OPTIMIZATION
    assert step(Phase.OPTIMIZATION, intent="book", has_plan=True) is Phase.BOOKING
    assert step(Phase.OPTIMIZATION, intent="confirm", has_plan=True) is Phase.CONFIRMATION
    assert step(Phase.CONFIRMATION, intent="ask_info", has_plan=True) is Phase.SUPPORT
    assert (
        step(Phase.CONFIRMATION, intent="modify_trip", has_plan=True, preferences_changed=True)
        is Phase.OPTIMIZATION
    )


def test_the_guard_flags_figures_and_names_the_draft_does_not_have() -> None:
    draft = "Here's a 3-day plan visiting Miami: $492 in total. Stay at Downtown Suite, Miami."
    said = "3 days in Miami for 2, budget $900"
    faithful = "Your 3-day Miami trip comes to $492 in total, staying at Downtown Suite."
    assert unsupported_claims(faithful, draft, said) == []
    assert unsupported_claims("It is only $450 in total.", draft, said) == ["450"]
    assert unsupported_claims("Enjoy the Ritz Palace in Miami!", draft, said) == ["Ritz Palace"]
    assert unsupported_claims("Well within your $900 budget.", draft, said) == []
