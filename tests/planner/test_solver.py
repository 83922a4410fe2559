"""The optimiser against exhaustive enumeration, and its rules one by one."""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable
from datetime import timedelta

import pytest
from tiny_inventory import START, Spec, both_ways, trip

from wayra_ai.planner.checker import CheckQuery, PlanChecker
from wayra_ai.planner.inventory import TableInventory
from wayra_ai.planner.itinerary import to_days
from wayra_ai.planner.preferences import weights_for
from wayra_ai.planner.request import (
    HouseRule,
    OptimizationGoal,
    RoomType,
    TransportBan,
    Travellers,
    TripRequest,
)
from wayra_ai.planner.solver import Search, solve_trip

Build = Callable[[Spec], TableInventory]
BACKENDS = ["highs", "cpsat"]
CUISINES = ["Chinese", "Mexican", "Italian"]
REGION = {"Home": "Homeland", "Beach": "Sunland", "Cove": "Sunland", "Bay": "Sunland"}


def random_spec(seed: int, restaurants_per_city: int) -> Spec:
    rng = random.Random(seed)
    spec = Spec(cities=dict(REGION))
    cities = list(REGION)
    for a, b in itertools.combinations(cities, 2):
        if rng.random() < 0.85:
            spec.ground += both_ways(a, b, rng.randrange(40, 900))
    for day in range(8):
        when = (START + timedelta(days=day)).isoformat()
        for a, b in itertools.permutations(cities, 2):
            if rng.random() < 0.15:
                number = f"F{seed}{day}{len(spec.flights)}"
                spec.flights.append((number, rng.randrange(20, 300), "08:00", "09:00", when, a, b))
    types = ["Entire home/apt", "Private room", "Shared room"]
    rules = ["No smoking", "No pets", "No parties & No pets", "No visitors"]
    for city in cities[1:]:
        for i in range(2):
            spec.stays.append(
                (
                    f"{city} Stay {i}",
                    city,
                    rng.choice(types),
                    rng.randrange(30, 200),
                    rng.choice([1, 1, 2, 3]),
                    rng.choice([2, 3, 4, 5]),
                    rng.choice(rules),
                    rng.choice([1, 2, 4]),
                )
            )
        for i in range(restaurants_per_city):
            tags = ", ".join(rng.sample([*CUISINES, "Cafe", "BBQ"], rng.choice([1, 2])))
            spec.restaurants.append(
                (f"{city} Food {i}", city, tags, rng.randrange(5, 60), rng.choice([3.0, 4.5]))
            )
        spec.attractions += [(f"{city} Sight {i}", city) for i in range(3)]
    return spec


def brute_force_cost(inventory: TableInventory, request: TripRequest) -> float:
    """Exhaustive: every route, night split, leg mode, stay and restaurant set."""
    people, k = request.people, request.cities_to_visit
    if request.destination_is_region:
        cities = [c for c in inventory.gazetteer().cities_in(request.destination) if c != "Home"]
    else:
        cities = [request.destination]
    best = math.inf
    for route in itertools.permutations(cities, k):
        for cuts in itertools.combinations(range(1, request.days - 1), k - 1):
            bounds = (0, *cuts, request.days - 1)
            nights = [bounds[i + 1] - bounds[i] for i in range(k)]
            leg_days = [1 + b for b in bounds[:-1]] + [request.days]
            path = ["Home", *route, "Home"]
            options = [
                _leg_options(inventory, request, path[i], path[i + 1], leg_days[i])
                for i in range(k + 1)
            ]
            transport = min(
                (
                    sum(cost for _, cost in combo)
                    for combo in itertools.product(*options)
                    if _modes_ok({mode for mode, _ in combo}, request)
                ),
                default=math.inf,
            )
            stays = sum(
                min(
                    (
                        s.price * math.ceil(people / s.maximum_occupancy) * n
                        for s in inventory.accommodations(city)
                        if s.minimum_nights <= n and _stay_ok(s.room_type, s.house_rules, request)
                    ),
                    default=math.inf,
                )
                for city, n in zip(route, nights, strict=True)
            )
            if any(
                len(inventory.attractions(c)) < n - 1 for c, n in zip(route, nights, strict=True)
            ):
                continue
            best = min(best, transport + stays + _meals(inventory, request, route, nights))
    return best


def _leg_options(
    inventory: TableInventory, request: TripRequest, a: str, b: str, day: int
) -> list[tuple[str, float]]:
    found: list[tuple[str, float]] = []
    leg = inventory.ground_leg(a, b)
    if leg is not None:
        found.append(("self-driving", math.floor(leg.km * 0.05) * math.ceil(request.people / 5)))
        found.append(("taxi", math.floor(leg.km) * math.ceil(request.people / 4)))
    for flight in inventory.flights(a, b, START + timedelta(days=day - 1)):
        found.append(("flight", flight.price * request.people))
    return found


def _modes_ok(modes: set[str], request: TripRequest) -> bool:
    if "self-driving" in modes and modes & {"flight", "taxi"}:
        return False
    if TransportBan.NO_FLIGHT in request.transport_bans and "flight" in modes:
        return False
    return not (TransportBan.NO_SELF_DRIVING in request.transport_bans and "self-driving" in modes)


def _stay_ok(room_type: str, rules: str, request: TripRequest) -> bool:
    wanted = {
        RoomType.ENTIRE: room_type == "Entire home/apt",
        RoomType.PRIVATE: room_type == "Private room",
        RoomType.SHARED: room_type == "Shared room",
        RoomType.NOT_SHARED: room_type != "Shared room",
        None: True,
    }[request.room_type]
    return wanted and all(f"No {rule.value}" not in rules for rule in request.house_rules)


def _meals(
    inventory: TableInventory, request: TripRequest, route: tuple[str, ...], nights: list[int]
) -> float:
    per_city = []
    for city, n in zip(route, nights, strict=True):
        need = 3 * (n - 1)
        rows = inventory.restaurants(city)
        sizes = range(need, need + len(request.cuisines) + 1)
        per_city.append([subset for size in sizes for subset in itertools.combinations(rows, size)])
    best = math.inf
    for choice in itertools.product(*per_city):
        used = [r for subset in choice for r in subset]
        if all(any(c in r.cuisines for r in used) for c in request.cuisines):
            best = min(best, sum(r.average_cost for r in used) * request.people)
    return best


CASES = [
    # seed, restaurants per city, request fields
    (1, 4, {"days": 3}),
    (100, 4, {"days": 3, "cuisines": ("Chinese", "Mexican"), "travellers": Travellers(adults=3)}),
    (
        3,
        4,
        {"days": 5, "destination": "Sunland", "destination_is_region": True, "cities_to_visit": 2},
    ),
    (
        4,
        4,
        {
            "days": 5,
            "destination": "Sunland",
            "destination_is_region": True,
            "cities_to_visit": 2,
            "cuisines": ("Italian",),
            "travellers": Travellers(adults=6),
        },
    ),
    (
        5,
        6,
        {
            "days": 7,
            "destination": "Sunland",
            "destination_is_region": True,
            "cities_to_visit": 3,
            "transport_bans": (TransportBan.NO_SELF_DRIVING,),
        },
    ),
    (107, 7, {"days": 4, "room_type": RoomType.NOT_SHARED, "house_rules": (HouseRule.PETS,)}),
    (100, 7, {"days": 4, "transport_bans": (TransportBan.NO_FLIGHT,), "cuisines": ("Mexican",)}),
    (2, 4, {"days": 3}),  # no ground leg to Beach and no flight back: no plan
]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("seed", "restaurants", "fields"), CASES)
def test_optimal_against_brute_force(
    build: Build, backend: str, seed: int, restaurants: int, fields: dict[str, object]
) -> None:
    inventory = build(random_spec(seed, restaurants))
    request = trip(**fields)
    expected = brute_force_cost(inventory, request)
    solution = solve_trip(request, inventory, backend=backend)  # type: ignore[arg-type]
    if math.isinf(expected):
        assert solution is None
        return
    assert solution is not None
    assert solution.total_cost == pytest.approx(expected)
    days = to_days(solution)
    report = PlanChecker(inventory, official_quirks=False).check(
        CheckQuery.from_request(request.model_copy(update={"budget": 1e9})), days
    )
    assert report.passed, report.problems
    assert report.total_cost == pytest.approx(solution.total_cost)


def test_brute_force_cases_include_feasible_ones(build: Build) -> None:
    feasible = sum(
        math.isfinite(brute_force_cost(build(random_spec(seed, r)), trip(**fields)))
        for seed, r, fields in CASES
    )
    assert feasible == len(CASES) - 1


def _one_city(**extra: object) -> Spec:
    spec = Spec(cities={"Home": "Homeland", "Beach": "Sunland"})
    spec.ground += both_ways("Home", "Beach", 1000)
    spec.attractions += [("Beach Pier", "Beach"), ("Beach Museum", "Beach")]
    for key, value in extra.items():
        getattr(spec, key).extend(value)  # type: ignore[arg-type]
    return spec


def _eateries(*items: tuple[str, str, float]) -> list[tuple[str, str, str, float, float]]:
    return [(name, "Beach", cuisine, cost, 4.0) for name, cuisine, cost in items]


def test_a_travel_day_meal_covers_a_fourth_cuisine(build: Build) -> None:
    spec = _one_city(
        stays=[("Beach Room", "Beach", "Private room", 80, 1, 4, "No smoking", 2)],
        restaurants=_eateries(
            ("Wok", "Chinese", 10),
            ("Taco", "Mexican", 11),
            ("Pasta", "Italian", 12),
            ("Curry", "Indian", 13),
            ("Grill", "American", 5),
        ),
    )
    request = trip(cuisines=("Chinese", "Mexican", "Italian", "Indian"))
    solution = solve_trip(request, build(spec))
    assert solution is not None
    names = sorted(m.restaurant.name for m in solution.meals)
    assert names == ["Curry", "Pasta", "Taco", "Wok"]
    assert any(meal.day in (1, 3) for meal in solution.meals)
    assert solution.meal_cost == 46


def test_minimum_nights_exclude_a_cheaper_listing(build: Build) -> None:
    spec = _one_city(
        stays=[
            ("Cheap Weekly", "Beach", "Private room", 20, 3, 4, "No smoking", 2),
            ("Nightly", "Beach", "Private room", 60, 2, 4, "No smoking", 2),
        ],
        restaurants=_eateries(("A", "Cafe", 10), ("B", "Cafe", 10), ("C", "Cafe", 10)),
    )
    solution = solve_trip(trip(), build(spec))
    assert solution is not None
    assert [s.accommodation.name for s in solution.stays] == ["Nightly"]
    assert solution.accommodation_cost == 120


def test_self_driving_never_mixes_with_flights_or_taxis(build: Build) -> None:
    spec = _one_city(
        stays=[("Room", "Beach", "Private room", 50, 1, 4, "No smoking", 2)],
        restaurants=_eateries(("A", "Cafe", 10), ("B", "Cafe", 10), ("C", "Cafe", 10)),
        flights=[("F9", 10, "08:00", "09:00", START.isoformat(), "Home", "Beach")],
    )
    inventory = build(spec)
    solution = solve_trip(trip(), inventory)
    assert solution is not None
    # flight 10 + taxi 1000 back loses to driving both ways (50 + 50)
    assert [leg.mode for leg in solution.legs] == ["self-driving", "self-driving"]
    assert solution.transport_cost == 100
    banned = solve_trip(trip(transport_bans=(TransportBan.NO_SELF_DRIVING,)), inventory)
    assert banned is not None
    assert [leg.mode for leg in banned.legs] == ["flight", "taxi"]
    assert banned.transport_cost == 1010


def test_group_size_scales_cars_taxis_rooms_and_meals(build: Build) -> None:
    spec = _one_city(
        stays=[("Room", "Beach", "Private room", 50, 1, 4, "No smoking", 2)],
        restaurants=_eateries(("A", "Cafe", 10), ("B", "Cafe", 10), ("C", "Cafe", 10)),
    )
    solution = solve_trip(trip(travellers=Travellers(adults=4, children=2)), build(spec))
    assert solution is not None
    assert solution.transport_cost == 2 * 50 * 2  # two cars each way
    assert solution.accommodation_cost == 50 * 3 * 2  # three rooms, two nights
    assert solution.meal_cost == 30 * 6


def _flights_or_drive() -> Spec:
    spec = Spec(cities={"Home": "Homeland", "Beach": "Sunland"})
    slow = "12 hours 0 mins"
    spec.ground += [("Home", "Beach", slow, "1,000 km"), ("Beach", "Home", slow, "1,000 km")]
    spec.flights += [
        ("F1", 80, "08:00", "10:00", START.isoformat(), "Home", "Beach"),
        ("F2", 80, "18:00", "20:00", (START + timedelta(days=2)).isoformat(), "Beach", "Home"),
    ]
    spec.stays += [
        ("Plain Room", "Beach", "Private room", 50, 1, 3, "No smoking", 2),
        ("Lovely Suite", "Beach", "Private room", 70, 1, 5, "No smoking", 2),
    ]
    spec.restaurants += _eateries(("A", "Cafe", 10), ("B", "Cafe", 10), ("C", "Cafe", 10))
    spec.attractions.append(("Beach Pier", "Beach"))
    return spec


def test_a_time_goal_trades_dollars_for_hours_within_budget(build: Build) -> None:
    inventory = build(_flights_or_drive())
    cheapest = solve_trip(trip(), inventory)
    assert cheapest is not None
    assert [leg.mode for leg in cheapest.legs] == ["self-driving", "self-driving"]
    hurried = trip(optimization_goals={OptimizationGoal.TIME: 1.0})
    fast = solve_trip(hurried, inventory)
    assert fast is not None
    assert [leg.mode for leg in fast.legs] == ["flight", "flight"]
    assert fast.transport_cost == 160  # the plan's cost stays the real price
    tight = hurried.model_copy(update={"budget": cheapest.total_cost + 30})
    fallback = solve_trip(tight, inventory)
    assert fallback is not None
    assert fallback.total_cost == cheapest.total_cost  # preferences never break the budget


def test_a_low_budget_priority_pays_for_ratings(build: Build) -> None:
    inventory = build(_flights_or_drive())
    thrifty = solve_trip(trip(), inventory)
    treat = solve_trip(trip(budget_priority=1), inventory)
    assert thrifty is not None
    assert treat is not None
    assert thrifty.stays[0].accommodation.name == "Plain Room"
    assert treat.stays[0].accommodation.name == "Lovely Suite"


def test_weights_follow_budget_priority_and_goals() -> None:
    assert weights_for(trip()).cost_only
    assert weights_for(trip(budget_priority=5, optimization_goals={"time": 1.0})).cost_only
    green = weights_for(trip(optimization_goals={"sustainability": 1.0}))
    assert green.flight_km > 0
    assert green.road_km > 0
    assert green.hour == 0
    assert (
        weights_for(trip(budget_priority=1)).quality > weights_for(trip(budget_priority=2)).quality
    )


def test_a_narrowed_search_says_it_is_not_exact(build: Build) -> None:
    inventory = build(random_spec(5, 6))
    request = trip(days=7, destination="Sunland", destination_is_region=True, cities_to_visit=3)
    full = Search(request, inventory).run()
    narrowed = Search(request, inventory, max_route_cells=10).run()
    assert full is not None
    assert full.exact
    assert narrowed is not None
    assert not narrowed.exact
    assert narrowed.total_cost >= full.total_cost
    report = PlanChecker(inventory, official_quirks=False).check(
        CheckQuery.from_request(request), to_days(narrowed)
    )
    assert report.commonsense_pass
