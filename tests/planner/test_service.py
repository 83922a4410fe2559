"""plan_trip: checked plans with computed figures, explanations, and clear errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

import pytest
from pydantic import ValidationError
from tiny_inventory import START, Spec, both_ways, trip

from wayra_ai.errors import InvalidRequest
from wayra_ai.planner import CheckQuery, PlanChecker, load_inventory, plan_trip
from wayra_ai.planner.inventory import TableInventory
from wayra_ai.planner.request import HouseRule, RoomType, TransportBan, Travellers
from wayra_ai.planner.solver import solve_trip

Build = Callable[[Spec], TableInventory]


def _beach(**changes: object) -> Spec:
    spec = Spec(cities={"Home": "Homeland", "Beach": "Sunland", "Cove": "Sunland"})
    spec.ground += both_ways("Home", "Beach", 500) + both_ways("Home", "Cove", 700)
    spec.ground += both_ways("Beach", "Cove", 90)
    spec.stays += [
        ("Beach Shared Bunk", "Beach", "Shared room", 30, 1, 3, "No smoking", 1),
        ("Beach Private Room", "Beach", "Private room", 70, 1, 4, "No smoking", 2),
        ("Beach Whole House", "Beach", "Entire home/apt", 150, 1, 5, "No pets", 6),
        ("Beach Deluxe Suite", "Beach", "Private room", 200, 1, 5, "No smoking", 2),
        ("Cove Cabin", "Cove", "Entire home/apt", 110, 1, 4, "No smoking", 4),
    ]
    for city in ("Beach", "Cove"):
        spec.restaurants += [
            (f"{city} Taco", city, "Mexican", 12, 4.0),
            (f"{city} Wok", city, "Chinese", 14, 4.2),
            (f"{city} Pasta", city, "Italian", 16, 4.4),
            (f"{city} Diner", city, "American", 9, 3.9),
        ]
        spec.attractions += [(f"{city} Pier", city), (f"{city} Museum", city)]
    for key, value in changes.items():
        getattr(spec, key).extend(value)  # type: ignore[arg-type]
    return spec


def test_a_plan_is_checked_priced_and_serialisable(build: Build) -> None:
    inventory = build(_beach())
    request = trip(budget=800)
    result = plan_trip(request, inventory)
    assert result.planned
    assert result.cities == ["Beach"]
    breakdown = result.cost_breakdown
    assert breakdown is not None
    # self-driving 25 each way; the shared bunk two nights; the three cheapest meals
    assert (breakdown.transport, breakdown.accommodation, breakdown.meals) == (50, 60, 35)
    assert result.total_cost == breakdown.total == 145
    report = PlanChecker(inventory).check(CheckQuery.from_request(request), result.days)
    assert report.passed
    assert report.total_cost == result.total_cost
    assert result.savings is not None
    assert result.savings.baseline == "naive_plan"
    assert result.savings.amount >= 0
    assert 1 <= len(result.recommendations) <= 3
    assert any("$655" in tip for tip in result.recommendations)  # budget left over
    assert result.inventory_version == inventory.version
    assert json.loads(json.dumps(result.model_dump(mode="json")))["status"] == "planned"


def test_recommends_a_cheaper_start_date_with_its_flights(build: Build) -> None:
    day = [(START + timedelta(days=n)).isoformat() for n in range(4)]
    flights = [
        ("F10", 400, "08:00", "09:00", day[0], "Home", "Beach"),
        ("F11", 100, "08:00", "09:00", day[1], "Home", "Beach"),
        ("F12", 400, "18:00", "19:00", day[2], "Beach", "Home"),
        ("F13", 100, "18:00", "19:00", day[3], "Beach", "Home"),
    ]
    inventory = build(_beach(flights=flights))
    request = trip(budget=2000, transport_bans=(TransportBan.NO_SELF_DRIVING,))
    result = plan_trip(request, inventory)
    assert result.planned
    assert result.total_cost == 800 + 60 + 35
    shift = next(tip for tip in result.recommendations if "later" in tip)
    assert "saves $600" in shift
    assert "F11" in shift
    assert "F13" in shift


def test_too_small_a_budget_says_exactly_how_much_more(build: Build) -> None:
    inventory = build(_beach())
    result = plan_trip(trip(budget=100), inventory)
    assert result.status == "no_plan"
    assert result.days == []
    budget = next(r for r in result.relaxations if r.constraint == "budget")
    assert budget.extra_budget == 45
    assert budget.plan_cost == 145
    assert budget.description == "needs $45 more"
    assert result.reasons[0].startswith("budget:")


def test_no_stay_meets_room_type_and_pets_explains_which_does(build: Build) -> None:
    inventory = build(_beach())
    request = trip(budget=5000, room_type=RoomType.ENTIRE, house_rules=(HouseRule.PETS,))
    result = plan_trip(request, inventory)
    assert result.status == "no_plan"
    assert "no entire room in Beach allows pets; private room, shared room listings do" in (
        result.reasons
    )
    assert "room_type: no plan meets the room type (entire room) with the rest of the request" in (
        result.reasons
    )
    relaxed = {r.constraint: r for r in result.relaxations}
    assert set(relaxed) == {"room_type", "house_rules"}
    # without the room type: the shared bunk (30 x 2); without pets: the house (150 x 2)
    assert relaxed["room_type"].plan_cost == 50 + 60 + 35
    assert relaxed["house_rules"].plan_cost == 50 + 300 + 35


def test_a_date_that_fits_the_budget_is_offered(build: Build) -> None:
    day = [(START + timedelta(days=n)).isoformat() for n in range(4)]
    flights = [
        ("F10", 400, "08:00", "09:00", day[0], "Home", "Beach"),
        ("F11", 100, "08:00", "09:00", day[1], "Home", "Beach"),
        ("F12", 400, "18:00", "19:00", day[2], "Beach", "Home"),
        ("F13", 100, "18:00", "19:00", day[3], "Beach", "Home"),
    ]
    request = trip(budget=500, transport_bans=(TransportBan.NO_SELF_DRIVING,))
    result = plan_trip(request, build(_beach(flights=flights)))
    assert result.status == "no_plan"
    shifted = next(r for r in result.relaxations if r.constraint == "start_date")
    assert shifted.plan_cost == 200 + 60 + 35
    assert shifted.description == f"starting on {day[1]}, a plan costs $295"
    budget = next(r for r in result.relaxations if r.constraint == "budget")
    assert budget.extra_budget == 895 - 500


def test_minimum_nights_longer_than_the_trip_are_named(build: Build) -> None:
    spec = _beach()
    spec.cities["Lagoon"] = "Sunland"
    spec.ground += both_ways("Home", "Lagoon", 100)
    spec.stays.append(("Lagoon Villa", "Lagoon", "Entire home/apt", 90, 5, 5, "No pets", 4))
    spec.restaurants += [(f"Lagoon Cafe {i}", "Lagoon", "Cafe", 10, 4.0) for i in range(3)]
    spec.attractions.append(("Lagoon Reef", "Lagoon"))
    result = plan_trip(trip(destination="Lagoon"), build(spec))
    assert result.reasons == [
        "every suitable listing in Lagoon needs at least 5 nights; the trip has 2"
    ]


def test_when_no_single_relaxation_helps_all_together_are_priced(build: Build) -> None:
    request = trip(room_type=RoomType.ENTIRE, house_rules=(HouseRule.PETS,), cuisines=("French",))
    result = plan_trip(request, build(_beach()))
    assert result.status == "no_plan"
    assert [r.constraint for r in result.relaxations] == ["room_type+house_rules+cuisines"]
    assert result.relaxations[0].plan_cost == 145


def test_relaxations_that_fit_the_budget_are_offered(build: Build) -> None:
    inventory = build(_beach())
    request = trip(budget=200, cuisines=("French",), travellers=Travellers(adults=1))
    result = plan_trip(request, inventory)
    assert result.status == "no_plan"
    cuisines = next(r for r in result.relaxations if r.constraint == "cuisines")
    assert cuisines.plan_cost == 145
    assert cuisines.extra_budget == 0


def test_a_region_trip_picks_cities_within_it(build: Build) -> None:
    inventory = build(_beach())
    request = trip(destination="sunland", destination_is_region=True, cities_to_visit=2, days=5)
    result = plan_trip(request, inventory)
    assert result.planned
    assert sorted(result.cities) == ["Beach", "Cove"]
    optimal = solve_trip(request.model_copy(update={"destination": "Sunland"}), inventory)
    assert optimal is not None
    assert result.total_cost == optimal.total_cost


def test_asking_for_more_cities_than_the_region_has_is_explained(build: Build) -> None:
    request = trip(destination="Sunland", destination_is_region=True, cities_to_visit=3, days=7)
    result = plan_trip(request, build(_beach()))
    assert result.status == "no_plan"
    assert result.reasons == ["Sunland has 2 cities besides Home; 3 were asked for"]


def test_an_unreachable_destination_names_the_missing_leg(build: Build) -> None:
    spec = _beach()
    spec.cities["Island"] = "Sunland"
    spec.stays.append(("Island Hut", "Island", "Private room", 40, 1, 4, "No smoking", 2))
    result = plan_trip(trip(destination="Island"), build(spec))
    assert result.status == "no_plan"
    assert result.reasons == [
        f"no allowed flight, self-driving or taxi route from Home to Island on {START}"
    ]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"budget": -10}, "greater than 0"),
        ({"travellers": {"adults": 0, "children": 0}}, "at least one traveller"),
        ({"days": 0}, "greater than or equal to 1"),
        ({"cities_to_visit": 3, "destination_is_region": True}, "too few"),
    ],
)
def test_malformed_requests_are_rejected(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        trip(**fields)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"destination": "Atlantis"}, "unknown city 'Atlantis'"),
        ({"origin": "Nowhere"}, "unknown city 'Nowhere'"),
        ({"destination": "Mars", "destination_is_region": True}, "unknown state or region"),
        ({"destination": "Home"}, "destination is the origin"),
        ({"currency": "EUR"}, "EUR are not supported"),
    ],
)
def test_requests_the_inventory_cannot_read_are_422(
    build: Build, fields: dict[str, object], message: str
) -> None:
    inventory = build(_beach())
    with pytest.raises(InvalidRequest, match=message) as caught:
        plan_trip(trip(**fields), inventory)
    assert caught.value.status_code == 422


def test_the_sample_catalogue_plans_a_warm_trip() -> None:
    inventory = load_inventory(None)
    request = trip(origin="Chicago", destination="Miami", days=4, budget=3000)
    result = plan_trip(request, inventory)
    assert result.planned
    assert result.days[0]["current_city"] == "from Chicago to Miami"
    assert result.days[-1]["current_city"] == "from Miami to Chicago"
