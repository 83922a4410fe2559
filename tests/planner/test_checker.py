"""The checker on one valid plan, then on plans that break each constraint in turn."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from tiny_inventory import START, Spec, both_ways

from wayra_ai.planner.checker import COMMONSENSE, CheckQuery, PlanChecker, Scoreboard
from wayra_ai.planner.inventory import TableInventory

Build = Callable[[Spec], TableInventory]
Plan = list[dict[str, Any]]


def _spec() -> Spec:
    spec = Spec(cities={"Home": "Homeland", "Beach": "Sunland", "Cove": "Sunland"})
    spec.ground += both_ways("Home", "Beach", 300) + both_ways("Beach", "Cove", 80)
    spec.ground += both_ways("Cove", "Home", 350)
    spec.flights.append(("F1", 100, "08:00", "09:10", START.isoformat(), "Home", "Beach"))
    spec.stays += [
        ("Beach House", "Beach", "Entire home/apt", 120, 2, 5, "No smoking", 4),
        ("Beach Strict", "Beach", "Entire home/apt", 90, 1, 4, "No pets", 4),
        ("Beach Room", "Beach", "Private room", 60, 1, 4, "No parties", 2),
        ("Cove Loft", "Cove", "Entire home/apt", 100, 1, 4, "No visitors", 2),
    ]
    for city in ("Beach", "Cove"):
        spec.restaurants += [
            (f"{city} Taqueria", city, "Mexican, Cafe", 20, 4.0),
            (f"{city} Diner", city, "American", 15, 4.0),
            (f"{city} Noodles", city, "Chinese", 10, 4.0),
            (f"{city} Bakery", city, "Bakery, Cafe", 20, 4.0),
        ]
        spec.attractions += [(f"{city} Pier", city), (f"{city} Museum", city)]
    return spec


def _day(n: int, city: str, transport: str = "-", **slots: str) -> dict[str, Any]:
    day = {"days": n, "current_city": city, "transportation": transport}
    for key in ("breakfast", "attraction", "lunch", "dinner", "accommodation"):
        day[key] = slots.get(key, "-")
    return day


def _plan() -> Plan:
    taxi = "Taxi, from {} to {}, duration: 1 hour, distance: 80 km, cost: 80"
    return [
        _day(
            1,
            "from Home to Beach",
            "Flight Number: F1, from Home to Beach, Departure Time: 08:00, Arrival Time: 09:10",
            accommodation="Beach House, Beach",
        ),
        _day(
            2,
            "Beach",
            breakfast="Beach Taqueria, Beach",
            attraction="Beach Pier, Beach;Beach Museum, Beach;",
            lunch="Beach Diner, Beach",
            dinner="Beach Noodles, Beach",
            accommodation="Beach House, Beach",
        ),
        _day(
            3, "from Beach to Cove", taxi.format("Beach", "Cove"), accommodation="Cove Loft, Cove"
        ),
        _day(
            4,
            "Cove",
            breakfast="Cove Taqueria, Cove",
            attraction="Cove Pier, Cove;",
            lunch="Cove Diner, Cove",
            dinner="Cove Noodles, Cove",
            accommodation="Cove Loft, Cove",
        ),
        _day(5, "from Cove to Home", taxi.format("Cove", "Home")),
    ]


QUERY = CheckQuery(
    org="Home",
    dest="Sunland",
    days=5,
    visiting_city_number=2,
    people_number=2,
    budget=2000,
    dest_is_region=True,
    house_rules=("pets",),
    room_type="entire room",
    cuisines=("Mexican",),
    transport_bans=("no self-driving",),
)

# flight 100*2 + taxis 80 + 350 + stays (120*2 + 100*2) + meals (45 * 2 per city) * 2 people
EXPECTED_COST = 200 + 80 + 350 + 440 + 180


@pytest.fixture
def checker(build: Build) -> PlanChecker:
    return PlanChecker(build(_spec()), official_quirks=False)


def test_a_valid_plan_passes_everything(checker: PlanChecker) -> None:
    report = checker.check(QUERY, _plan())
    assert report.problems == []
    assert report.passed
    assert report.hard == dict.fromkeys(
        ["budget", "room_rule", "room_type", "cuisine", "transportation"], True
    )
    assert report.total_cost == EXPECTED_COST


def _set(day: int, key: str, value: str) -> Callable[[Plan], None]:
    def change(plan: Plan) -> None:
        plan[day - 1][key] = value

    return change


BREAKS: list[tuple[str, Callable[[Plan], None]]] = [
    ("within_sandbox", _set(2, "breakfast", "Ghost Diner, Beach")),
    ("complete_information", _set(2, "attraction", "-")),
    ("complete_information", lambda plan: plan.pop()),
    ("within_current_city", _set(2, "lunch", "Cove Diner, Cove")),
    ("reasonable_city_route", _set(4, "current_city", "Beach")),
    ("diverse_restaurants", _set(4, "dinner", "Cove Taqueria, Cove")),
    ("diverse_attractions", _set(4, "attraction", "Cove Pier, Cove;Cove Pier, Cove;")),
    (
        "non_conflicting_transport",
        _set(3, "transportation", "Self-driving, from Beach to Cove, duration: 1 hour"),
    ),
    ("non_conflicting_transport", _set(1, "transportation", "-")),
    ("minimum_nights", _set(2, "accommodation", "Beach Strict, Beach")),
]


@pytest.mark.parametrize(("broken", "change"), BREAKS)
def test_each_commonsense_break_is_caught(
    checker: PlanChecker, broken: str, change: Callable[[Plan], None]
) -> None:
    plan = copy.deepcopy(_plan())
    change(plan)
    report = checker.check(QUERY, plan)
    assert report.commonsense[broken] is False
    assert not report.passed
    assert report.problems


def test_official_quirk_accepts_a_meal_elsewhere_on_a_city_day(build: Build) -> None:
    plan = _plan()
    plan[1]["lunch"] = "Cove Diner, Cove"
    official = PlanChecker(build(_spec())).check(QUERY, plan)
    assert official.commonsense["within_current_city"] is True


HARD_BREAKS: list[tuple[str, Callable[[Plan], None], dict[str, Any]]] = [
    ("budget", lambda plan: None, {"budget": EXPECTED_COST - 1}),
    ("room_rule", _set(2, "accommodation", "Beach Strict, Beach"), {}),
    ("room_type", _set(1, "accommodation", "Beach Room, Beach"), {}),
    ("cuisine", _set(4, "breakfast", "Cove Bakery, Cove"), {}),
    ("transportation", lambda plan: None, {"transport_bans": ("no flight",)}),
]


@pytest.mark.parametrize(("broken", "change", "query_change"), HARD_BREAKS)
def test_each_hard_break_is_caught(
    checker: PlanChecker,
    broken: str,
    change: Callable[[Plan], None],
    query_change: dict[str, Any],
) -> None:
    plan = copy.deepcopy(_plan())
    change(plan)
    query = CheckQuery(**{**QUERY.__dict__, **query_change})
    if broken == "cuisine":  # the other Mexican place goes too
        plan[1]["breakfast"] = "Beach Bakery, Beach"
    report = checker.check(query, plan)
    assert report.hard_evaluated
    assert report.hard[broken] is False
    assert sum(report.hard.values()) == len(report.hard) - 1
    assert not report.hard_pass


def test_hard_constraints_fail_when_the_plan_is_not_in_the_sandbox(checker: PlanChecker) -> None:
    plan = _plan()
    plan[3]["dinner"] = "Nowhere Grill, Cove"
    report = checker.check(QUERY, plan)
    assert not report.hard_evaluated
    assert set(report.hard.values()) == {False}


def test_metrics_count_undelivered_plans_as_failures(checker: PlanChecker) -> None:
    board = Scoreboard()
    board.add(QUERY, checker.check(QUERY, _plan()))
    board.add(QUERY, checker.check(QUERY, []))
    metrics = board.metrics()
    assert metrics["delivery_rate"] == 0.5
    assert metrics["commonsense_micro"] == len(COMMONSENSE) / (2 * len(COMMONSENSE))
    assert metrics["hard_micro"] == 5 / 10
    assert metrics["final_pass_rate"] == 0.5
    assert metrics["hard_macro"] == 0.5
