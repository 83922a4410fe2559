"""The plan checker: TravelPlanner's 8 commonsense and 5 hard constraints, and its metrics.

It follows the benchmark evaluator's rules (see ../shared/travelplanner/README.md):
names are looked up by substring inside the exact city, prices come from the first
matching row, the first distance row decides, and cost is recomputed from the
inventory, never read from the plan's text. It also guards the product: a plan
that fails here is never returned to a traveller.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from wayra_ai.planner.inventory import Accommodation, Inventory, Restaurant
from wayra_ai.planner.request import RoomType, TripRequest
from wayra_ai.planner.solver import room_type_matches

COMMONSENSE = (
    "within_sandbox",
    "complete_information",
    "within_current_city",
    "reasonable_city_route",
    "diverse_restaurants",
    "diverse_attractions",
    "non_conflicting_transport",
    "minimum_nights",
)
HARD = ("budget", "room_rule", "room_type", "cuisine", "transportation")
_CONTENT_KEYS = ("transportation", "breakfast", "attraction", "lunch", "dinner", "accommodation")
_MEALS = ("breakfast", "lunch", "dinner")
_FROM_TO = re.compile(r"from\s+(.+?)\s+to\s+([^,]+)(?=[,\s]|$)")
_NAME_CITY = re.compile(r"(.*?),\s*([^,]+)(\(\w[\w\s]*\))?$")

Plan = Sequence[Mapping[str, Any]]


@dataclass(frozen=True)
class CheckQuery:
    """What a plan is checked against (the benchmark's query fields)."""

    org: str
    dest: str
    days: int
    visiting_city_number: int
    people_number: int
    budget: float
    dest_is_region: bool
    house_rules: tuple[str, ...] = ()
    room_type: str | None = None
    cuisines: tuple[str, ...] = ()
    transport_bans: tuple[str, ...] = ()

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> CheckQuery:
        local = row.get("local_constraint") or {}
        return cls(
            org=row["org"],
            dest=row["dest"],
            days=int(row["days"]),
            visiting_city_number=int(row["visiting_city_number"]),
            people_number=int(row["people_number"]),
            budget=float(row["budget"]),
            dest_is_region=int(row["days"]) > 3,
            house_rules=(local["house rule"],) if local.get("house rule") else (),
            room_type=local.get("room type"),
            cuisines=tuple(local.get("cuisine") or ()),
            transport_bans=(local["transportation"],) if local.get("transportation") else (),
        )

    @classmethod
    def from_request(cls, request: TripRequest) -> CheckQuery:
        return cls(
            org=request.origin,
            dest=request.destination,
            days=request.days,
            visiting_city_number=request.cities_to_visit,
            people_number=request.people,
            budget=request.budget,
            dest_is_region=request.destination_is_region,
            house_rules=tuple(rule.value for rule in request.house_rules),
            room_type=request.room_type.value if request.room_type else None,
            cuisines=tuple(request.cuisines),
            transport_bans=tuple(ban.value for ban in request.transport_bans),
        )

    def applicable_hard(self) -> list[str]:
        applicable = ["budget"]
        if self.house_rules:
            applicable.append("room_rule")
        if self.room_type:
            applicable.append("room_type")
        if self.cuisines:
            applicable.append("cuisine")
        if self.transport_bans:
            applicable.append("transportation")
        return applicable


@dataclass
class CheckReport:
    commonsense: dict[str, bool] = field(default_factory=dict)
    hard: dict[str, bool] = field(default_factory=dict)  # applicable constraints only
    problems: list[str] = field(default_factory=list)
    total_cost: float | None = None
    hard_evaluated: bool = False

    @property
    def commonsense_pass(self) -> bool:
        return all(self.commonsense.get(name, False) for name in COMMONSENSE)

    @property
    def hard_pass(self) -> bool:
        return self.hard_evaluated and all(self.hard.values())

    @property
    def passed(self) -> bool:
        return self.commonsense_pass and self.hard_pass


def _from_to(text: str) -> tuple[str, str] | None:
    match = _FROM_TO.search(text)
    return (match[1], match[2]) if match else None


def _bare(city: str) -> str:
    """'Toledo(Ohio)' -> 'Toledo'."""
    return city.split("(")[0].strip()


def _name_city(text: str) -> tuple[str, str]:
    match = _NAME_CITY.search(text)
    if not match:
        return "-", "-"
    return match[1].strip(), _bare(match[2].strip())


def _filled(value: Any) -> bool:
    return bool(value) and value != "-"


def _is_travel(day: Mapping[str, Any]) -> bool:
    city = str(day.get("current_city", ""))
    return "from " in city or " to " in city


class PlanChecker:
    """Checks plans against one inventory.

    `official_quirks` reproduces the evaluator's reading of a non-travel day's city
    as a string of characters in Within Current City (so a meal in another city
    passes there); the product guard turns it off and checks cities strictly.
    """

    def __init__(self, inventory: Inventory, *, official_quirks: bool = True) -> None:
        self.inventory = inventory
        self.official_quirks = official_quirks

    # ---- lookups as the evaluator does them ------------------------------------------

    def find_restaurant(self, text: str) -> Restaurant | None:
        name, city = _name_city(text)
        return next((r for r in self.inventory.restaurants(city) if name in r.name), None)

    def accommodation_matches(self, text: str) -> list[Accommodation]:
        name, city = _name_city(text)
        return [a for a in self.inventory.accommodations(city) if name in a.name]

    def attraction_exists(self, text: str) -> bool:
        name, city = _name_city(text)
        return any(name in a.name for a in self.inventory.attractions(city))

    def leg_cities(self, day: Mapping[str, Any]) -> tuple[str, str] | None:
        pair = _from_to(str(day["transportation"])) or _from_to(str(day.get("current_city", "")))
        return (_bare(pair[0]), _bare(pair[1])) if pair else None

    # ---- the report -------------------------------------------------------------------

    def check(self, query: CheckQuery, plan: Plan) -> CheckReport:
        report = CheckReport()
        if not plan:
            report.commonsense = dict.fromkeys(COMMONSENSE, False)
            report.hard = dict.fromkeys(query.applicable_hard(), False)
            report.problems.append("no plan was delivered")
            return report
        days = list(plan[: query.days])
        checks = {
            "within_sandbox": self._within_sandbox,
            "within_current_city": self._within_current_city,
            "reasonable_city_route": self._reasonable_route,
            "diverse_restaurants": self._diverse_restaurants,
            "diverse_attractions": self._diverse_attractions,
            "non_conflicting_transport": self._non_conflicting_transport,
            "minimum_nights": self._minimum_nights,
        }
        for name, rule in checks.items():
            problem = rule(query, days)
            report.commonsense[name] = problem is None
            if problem:
                report.problems.append(problem)
        complete = self._complete_information(query, plan)
        if complete is None and not report.commonsense["within_sandbox"]:
            complete = "complete information needs every place to exist"
        report.commonsense["complete_information"] = complete is None
        if complete:
            report.problems.append(complete)
        report.commonsense = {name: report.commonsense[name] for name in COMMONSENSE}
        report.total_cost = self.total_cost(query, days)
        report.hard_evaluated = bool(
            report.commonsense["complete_information"] and report.commonsense["within_sandbox"]
        )
        hard_rules = {
            "budget": self._budget,
            "room_rule": self._room_rule,
            "room_type": self._room_type,
            "cuisine": self._cuisine,
            "transportation": self._transportation,
        }
        for name in query.applicable_hard():
            problem = hard_rules[name](query, days) if report.hard_evaluated else "not evaluated"
            report.hard[name] = problem is None
            if problem and problem != "not evaluated":
                report.problems.append(problem)
        return report

    # ---- commonsense ------------------------------------------------------------------

    def _within_sandbox(self, query: CheckQuery, days: Plan) -> str | None:
        for number, day in enumerate(days, start=1):
            transport = str(day.get("transportation") or "-")
            if _filled(transport):
                problem = self._transport_exists(day, transport)
                if problem:
                    return f"day {number}: {problem}"
            for slot in _MEALS:
                value = day.get(slot)
                if _filled(value) and self.find_restaurant(str(value)) is None:
                    return f"day {number}: restaurant {value!r} does not exist"
            sights = day.get("attraction")
            if _filled(sights):
                for sight in str(sights).split(";"):
                    if sight and not self.attraction_exists(sight):
                        return f"day {number}: attraction {sight!r} does not exist"
            stay = day.get("accommodation")
            if _filled(stay) and not self.accommodation_matches(str(stay)):
                return f"day {number}: accommodation {stay!r} does not exist"
        return None

    def _transport_exists(self, day: Mapping[str, Any], transport: str) -> str | None:
        cities = self.leg_cities(day)
        lowered = transport.lower()
        if "flight number" in lowered:
            number = transport.split("Flight Number: ")[-1].split(",")[0]
            flight = self.inventory.flight(number)
            if cities is None or flight is None or (flight.origin, flight.destination) != cities:
                return f"flight {number} does not exist on that route"
        elif ("self-driving" in lowered or "taxi" in lowered) and (
            cities is None or self.inventory.ground_leg(*cities) is None
        ):
            return f"no usable ground route for {transport!r}"
        return None

    def _complete_information(self, query: CheckQuery, plan: Plan) -> str | None:
        delivered = [day for day in plan if day]
        if len(delivered) != query.days:
            return f"the plan has {len(delivered)} days, the trip has {query.days}"
        visited: set[str] = set()
        for day in plan[: query.days]:
            city = str(day.get("current_city", ""))
            pair = _from_to(city)
            visited.update(_bare(c) for c in (pair if pair else (city,)))
        visited.discard(query.org)
        if len(visited) != query.visiting_city_number:
            return f"the plan visits {len(visited)} cities, {query.visiting_city_number} asked"
        filled = 0
        for number, day in enumerate(plan[: query.days], start=1):
            missing = [key for key in _CONTENT_KEYS if key not in day]
            if missing:
                return f"day {number} lacks {', '.join(missing)}"
            travel = _is_travel(day)
            if travel and not _filled(day["transportation"]):
                return f"day {number} is a travel day without transportation"
            if not travel and not _filled(day["attraction"]):
                return f"day {number} has no attraction"
            if number != query.days and not _filled(day["accommodation"]):
                return f"day {number} has no accommodation"
            if not travel and not all(_filled(day[slot]) for slot in _MEALS):
                return f"day {number} lacks a meal"
            filled += sum(1 for value in day.values() if _filled(value))
        if filled * 2 < 6 * query.days:
            return "more than half of the plan is empty"
        return None

    def _within_current_city(self, query: CheckQuery, days: Plan) -> str | None:
        for number, day in enumerate(days, start=1):
            current = str(day.get("current_city", ""))
            pair = _from_to(current)
            cities = [_bare(pair[0]), _bare(pair[1])] if pair else [_bare(current)]
            if not pair and self.official_quirks:
                cities = list(_bare(current))
            transport = day.get("transportation")
            if _filled(transport) and not all(city in str(transport) for city in cities):
                return f"day {number}: transportation does not match {current!r}"
            places = [day.get(slot) for slot in _MEALS]
            places += str(day.get("attraction") or "-").split(";")
            for place in places:
                if _filled(place) and not any(city in str(place) for city in cities):
                    return f"day {number}: {place!r} is not in {current!r}"
            stay = day.get("accommodation")
            if _filled(stay) and cities[-1] not in str(stay):
                return f"day {number}: the accommodation is not in {cities[-1]}"
        return None

    def _reasonable_route(self, query: CheckQuery, days: Plan) -> str | None:
        sequence: list[str] = []
        for number, day in enumerate(days, start=1):
            current = str(day.get("current_city", ""))
            pair = _from_to(current) if "from" in current else None
            if pair:
                if number == 1 and _bare(pair[0]) != query.org:
                    return f"the trip must start from {query.org}"
                sequence += [_bare(pair[0]), _bare(pair[1])]
            else:
                sequence.append(_bare(current))
        if len(sequence) < 2 or sequence[0] != sequence[-1]:
            return "the trip is not a closed loop"
        if not _valid_sequence(sequence):
            return "a city is revisited or only passed through"
        states = self.inventory.gazetteer().city_states
        for index, city in enumerate(sequence):
            if city not in states:
                return f"{city} is not a known city"
            inner = 0 < index < len(sequence) - 1
            if inner and query.dest_is_region and states[city] != query.dest:
                return f"{city} is not in {query.dest}"
        return None

    def _diverse_restaurants(self, query: CheckQuery, days: Plan) -> str | None:
        seen: set[str] = set()
        for day in days:
            for slot in _MEALS:
                value = day.get(slot)
                if _filled(value):
                    if value in seen:
                        return f"restaurant {value!r} is used twice"
                    seen.add(str(value))
        return None

    def _diverse_attractions(self, query: CheckQuery, days: Plan) -> str | None:
        seen: set[str] = set()
        for day in days:
            for sight in str(day.get("attraction") or "-").split(";"):
                if _filled(sight):
                    if sight in seen:
                        return f"attraction {sight!r} appears twice"
                    seen.add(sight)
        return None

    def _non_conflicting_transport(self, query: CheckQuery, days: Plan) -> str | None:
        if not _filled(days[0].get("transportation")):
            return "day 1 has no transportation"
        modes = {_mode(str(d["transportation"])) for d in days if _filled(d.get("transportation"))}
        if "self-driving" in modes and ("flight" in modes or "taxi" in modes):
            return "self-driving cannot be combined with flights or taxis"
        return None

    def _minimum_nights(self, query: CheckQuery, days: Plan) -> str | None:
        runs: list[tuple[str, int]] = []
        for day in days:
            value = str(day.get("accommodation") or "-")
            if runs and runs[-1][0] == value:
                runs[-1] = (value, runs[-1][1] + 1)
            else:
                runs.append((value, 1))
        for value, nights in runs:
            if not _filled(value):
                continue
            matches = self.accommodation_matches(value)
            if len(matches) == 1 and nights < matches[0].minimum_nights:
                return f"{value!r} needs {matches[0].minimum_nights} nights, the plan has {nights}"
        return None

    # ---- hard -------------------------------------------------------------------------

    def total_cost(self, query: CheckQuery, days: Plan) -> float:
        people = query.people_number
        total = 0.0
        for day in days:
            transport = str(day.get("transportation") or "-")
            cities = self.leg_cities(day) if _filled(transport) else None
            if cities:
                lowered = transport.lower()
                if "flight number" in lowered:
                    flight = self.inventory.flight(
                        transport.split("Flight Number: ")[1].split(",")[0]
                    )
                    total += flight.price * people if flight else 0
                elif "self-driving" in lowered or "taxi" in lowered:
                    leg = self.inventory.ground_leg(*cities)
                    if leg is not None:
                        driving = "self-driving" in lowered
                        total += leg.self_driving_cost(people) if driving else leg.taxi_cost(people)
            for slot in _MEALS:
                value = day.get(slot)
                restaurant = self.find_restaurant(str(value)) if _filled(value) else None
                total += restaurant.average_cost * people if restaurant else 0
            stay = day.get("accommodation")
            matches = self.accommodation_matches(str(stay)) if _filled(stay) else []
            total += matches[0].nightly_cost(people) if matches else 0
        return total

    def _budget(self, query: CheckQuery, days: Plan) -> str | None:
        cost = self.total_cost(query, days)
        return None if cost <= query.budget else f"costs ${cost:,.0f}, budget ${query.budget:,.0f}"

    def _stays(self, days: Plan) -> list[Accommodation]:
        found = []
        for day in days:
            stay = day.get("accommodation")
            matches = self.accommodation_matches(str(stay)) if _filled(stay) else []
            found += matches[:1]
        return found

    def _room_rule(self, query: CheckQuery, days: Plan) -> str | None:
        for stay in self._stays(days):
            for rule in query.house_rules:
                if f"No {rule}" in stay.house_rules:
                    return f"{stay.name} does not allow {rule}"
        return None

    def _room_type(self, query: CheckQuery, days: Plan) -> str | None:
        wanted = RoomType(query.room_type) if query.room_type else None
        for stay in self._stays(days):
            if not room_type_matches(stay.room_type, wanted):
                return f"{stay.name} is a {stay.room_type}, not a {query.room_type}"
        return None

    def _cuisine(self, query: CheckQuery, days: Plan) -> str | None:
        covered: set[str] = set()
        for day in days:
            for slot in _MEALS:
                value = day.get(slot)
                if not _filled(value):
                    continue
                if _name_city(str(value))[1] == query.org:
                    break  # the official evaluator skips the rest of such a day
                restaurant = self.find_restaurant(str(value))
                if restaurant:
                    covered.update(c for c in query.cuisines if c in restaurant.cuisines)
        missing = [c for c in query.cuisines if c not in covered]
        return f"no {', '.join(missing)} restaurant in the plan" if missing else None

    def _transportation(self, query: CheckQuery, days: Plan) -> str | None:
        banned = {"no flight": "Flight", "no self-driving": "Self-driving"}
        for day in days:
            transport = str(day.get("transportation") or "-")
            for ban in query.transport_bans:
                if banned[ban] in transport:
                    return f"the plan uses {banned[ban].lower()} despite '{ban}'"
        return None


def _mode(transport: str) -> str:
    lowered = transport.lower()
    if "self-driving" in lowered:
        return "self-driving"
    if "flight number" in lowered:
        return "flight"
    return "taxi" if "taxi" in lowered else "other"


def _valid_sequence(cities: list[str]) -> bool:
    """Each city in one contiguous run; an inner city never a one-entry pass-through."""
    visited: set[str] = set()
    i = 0
    while i < len(cities):
        city = cities[i]
        if city in visited and i not in (0, len(cities) - 1):
            return False
        count = 0
        while i < len(cities) and cities[i] == city:
            count += 1
            i += 1
        if count == 1 and 0 < i - 1 < len(cities) - 1:
            return False
        visited.add(city)
    return True


@dataclass
class Scoreboard:
    """The benchmark's metrics over many (query, report) pairs."""

    reports: list[tuple[CheckQuery, CheckReport]] = field(default_factory=list)

    def add(self, query: CheckQuery, report: CheckReport) -> None:
        self.reports.append((query, report))

    def metrics(self) -> dict[str, float]:
        n = len(self.reports)
        if n == 0:
            return {}
        delivered = sum(1 for _, r in self.reports if r.total_cost is not None)
        common_pairs = sum(sum(r.commonsense.values()) for _, r in self.reports)
        hard_total = sum(len(q.applicable_hard()) for q, _ in self.reports)
        hard_pairs = sum(sum(r.hard.values()) for _, r in self.reports)
        return {
            "delivery_rate": delivered / n,
            "commonsense_micro": common_pairs / (len(COMMONSENSE) * n),
            "commonsense_macro": sum(r.commonsense_pass for _, r in self.reports) / n,
            "hard_micro": hard_pairs / hard_total if hard_total else math.nan,
            "hard_macro": sum(r.hard_pass for _, r in self.reports) / n,
            "final_pass_rate": sum(r.passed for _, r in self.reports) / n,
        }
