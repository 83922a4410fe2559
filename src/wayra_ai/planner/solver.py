"""The exact optimiser: lowest total cost, then best ratings, for a TripRequest.

The objective is cost in dollars, plus what the traveller's preferences price in
(`preferences.Weights`; nothing by default), ratings breaking ties. How it stays
exact and fast:

1. For every candidate city, the cheapest eligible stay for n nights and the
   cheapest 3·(n-1) distinct restaurants are computed once (a "node" cost).
2. Every route (ordered distinct cities, nights per city, transport scenario:
   all self-driving, or flights mixed with taxis) gets a lower bound
   (legs + node costs) by numpy broadcasting over all routes at once.
3. Routes are taken in lower-bound order; for each, the coupled remaining choice
   (restaurants: no repeats, every requested cuisine covered, extra meals on travel
   days allowed) is an integer program solved exactly (`milp`). The search stops
   when the next lower bound exceeds the best exact cost found, so the result is
   optimal over all routes (for 4+ cities with very many candidates, the cheapest
   cities are kept first and the solution is marked `exact=False`).

Only listings a name lookup finds unambiguously are offered, so the plan's names
always resolve to the rows that were priced.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from wayra_ai.errors import InvalidRequest
from wayra_ai.planner import milp
from wayra_ai.planner.inventory import (
    Accommodation,
    Attraction,
    Flight,
    GroundLeg,
    Inventory,
    Restaurant,
    require_city,
)
from wayra_ai.planner.preferences import Weights, weights_for
from wayra_ai.planner.request import (
    RoomType,
    TransportBan,
    TripRequest,
)

MEALS_PER_DAY = 3
ATTRACTIONS_PER_FULL_DAY = 2  # at least one is required; a second costs nothing
MAX_ROUTE_CELLS = 3_000_000  # beyond this, long multi-city trips keep the cheapest cities
_TIE_CANDIDATES = 8  # equal-cost routes compared on ratings
_COST_SCALE = 100 * 10_000  # cents, with room below for a rating tie-break


@dataclass(frozen=True)
class Leg:
    day: int  # 1-based
    origin: str
    destination: str
    mode: str  # "flight", "self-driving" or "taxi"
    cost: float
    flight: Flight | None = None
    ground: GroundLeg | None = None
    penalty: float = 0.0  # the traveller's price on its hours and kilometres

    @property
    def score(self) -> float:
        return self.cost + self.penalty


@dataclass(frozen=True)
class Stay:
    city: str
    accommodation: Accommodation
    first_day: int  # 1-based day whose night starts the stay
    nights: int
    cost: float


@dataclass(frozen=True)
class Meal:
    day: int
    slot: str  # "breakfast", "lunch" or "dinner"
    restaurant: Restaurant
    cost: float


@dataclass
class Solution:
    request: TripRequest
    cities: tuple[str, ...]
    legs: list[Leg]
    stays: list[Stay]
    meals: list[Meal]
    attractions: dict[int, list[Attraction]]
    exact: bool = True
    quality: float = 0.0

    @property
    def transport_cost(self) -> float:
        return sum(leg.cost for leg in self.legs)

    @property
    def accommodation_cost(self) -> float:
        return sum(stay.cost for stay in self.stays)

    @property
    def meal_cost(self) -> float:
        return sum(meal.cost for meal in self.meals)

    @property
    def total_cost(self) -> float:
        return self.transport_cost + self.accommodation_cost + self.meal_cost

    def travel_days(self) -> list[int]:
        return [leg.day for leg in self.legs]


@dataclass(frozen=True)
class Relaxation:
    """Which requirements the search may ignore (used to explain infeasibility)."""

    room_type: bool = False
    house_rules: bool = False
    cuisines: bool = False
    transport_bans: bool = False


@dataclass
class CityOffer:
    """Everything one city offers this request, sorted cheapest (then best-rated) first."""

    city: str
    stays: list[Accommodation]
    restaurants: list[Restaurant]
    attractions: list[Attraction]
    cuisines: frozenset[str]
    node_score: list[float] = field(default_factory=list)  # index = nights


def accommodation_allowed(
    stay: Accommodation, request: TripRequest, relax: Relaxation = Relaxation()
) -> bool:
    if not relax.room_type and not room_type_matches(stay.room_type, request.room_type):
        return False
    return relax.house_rules or all(
        f"No {rule.value}" not in stay.house_rules for rule in request.house_rules
    )


def room_type_matches(room_type: str, wanted: RoomType | None) -> bool:
    match wanted:
        case None:
            return True
        case RoomType.ENTIRE:
            return room_type == "Entire home/apt"
        case RoomType.PRIVATE:
            return room_type == "Private room"
        case RoomType.SHARED:
            return room_type == "Shared room"
        case RoomType.NOT_SHARED:
            return room_type != "Shared room"
    return False


def unambiguous_stays(inventory: Inventory, city: str) -> list[Accommodation]:
    """Listings whose name finds exactly one listing in the city (substring lookup)."""
    rows = inventory.accommodations(city)
    return [row for row in rows if sum(row.name.strip() in other.name for other in rows) == 1]


def distinct_restaurants(inventory: Inventory, city: str) -> list[Restaurant]:
    """One entry per name: the row a name lookup finds first (its price and cuisines count)."""
    rows = inventory.restaurants(city)
    chosen: dict[str, Restaurant] = {}
    for row in rows:
        if row.name in chosen:
            continue
        key = row.name.strip()
        chosen[row.name] = next(other for other in rows if key in other.name)
    return [
        Restaurant(name, r.city, r.cuisines, r.average_cost, r.rating)
        for name, r in chosen.items()
        if name.strip()
    ]


def distinct_attractions(inventory: Inventory, city: str) -> list[Attraction]:
    seen: set[str] = set()
    found: list[Attraction] = []
    for row in inventory.attractions(city):
        if row.name not in seen and ";" not in row.name:
            seen.add(row.name)
            found.append(row)
    return found


class Search:
    """One optimisation: a request, an inventory, optional relaxations."""

    def __init__(
        self,
        request: TripRequest,
        inventory: Inventory,
        relax: Relaxation = Relaxation(),
        *,
        weights: Weights | None = None,
        backend: milp.Backend | None = None,
        max_route_cells: int = MAX_ROUTE_CELLS,
    ) -> None:
        self.request = request
        self.max_route_cells = max_route_cells
        self.inventory = inventory
        self.relax = relax
        self.people = request.people
        self.weights = weights_for(request) if weights is None else weights
        self.weight = self.weights.quality
        self.backend = backend
        self.cuisines = () if relax.cuisines else tuple(request.cuisines)
        self.bans = set() if relax.transport_bans else set(request.transport_bans)
        self.origin = require_city(inventory, request.origin)
        self.candidates = self._candidate_cities()
        self._ground_scores: dict[tuple[tuple[str, ...], tuple[str, ...], str], np.ndarray] = {}

    # ---- candidates -------------------------------------------------------------------

    def _candidate_cities(self) -> list[str]:
        request = self.request
        if not request.destination_is_region:
            city = require_city(self.inventory, request.destination)
            if city == self.origin:
                raise InvalidRequest("the destination is the origin: a trip needs somewhere to go")
            return [city]
        gazetteer = self.inventory.gazetteer()
        region = next(
            (r for r in gazetteer.regions if r.casefold() == request.destination.casefold()),
            None,
        )
        if region is None:
            raise InvalidRequest(f"unknown state or region {request.destination!r}")
        return [city for city in gazetteer.cities_in(region) if city != self.origin]

    def offer(self, city: str) -> CityOffer:
        stays = [
            s
            for s in unambiguous_stays(self.inventory, city)
            if accommodation_allowed(s, self.request, self.relax)
        ]
        stays.sort(key=lambda s: (self._stay_score(s), -s.rating, s.name))
        restaurants = distinct_restaurants(self.inventory, city)
        restaurants.sort(key=lambda r: (self._meal_score(r), -r.rating, r.name))
        attractions = distinct_attractions(self.inventory, city)
        cuisines = frozenset(c for r in restaurants for c in self.cuisines if c in r.cuisines)
        offer = CityOffer(city, stays, restaurants, attractions, cuisines)
        max_nights = self.request.days - 1
        offer.node_score = [math.inf] * (max_nights + 1)
        meal_prefix = list(
            itertools.accumulate((self._meal_score(r) for r in restaurants), initial=0.0)
        )
        for nights in range(1, max_nights + 1):
            full_days = nights - 1
            meals_needed = MEALS_PER_DAY * full_days
            if meals_needed >= len(meal_prefix) or full_days > len(attractions):
                continue
            stay = min(
                (self._stay_score(s) * nights for s in stays if s.minimum_nights <= nights),
                default=math.inf,
            )
            offer.node_score[nights] = stay + meal_prefix[meals_needed]
        return offer

    def _stay_score(self, stay: Accommodation) -> float:
        return stay.nightly_cost(self.people) - self.weight * stay.rating

    def _meal_score(self, restaurant: Restaurant) -> float:
        return restaurant.average_cost * self.people - self.weight * restaurant.rating / 3

    # ---- legs -------------------------------------------------------------------------

    def date_of(self, day: int) -> date:
        return self.request.start_date + timedelta(days=day - 1)

    def leg(self, origin: str, destination: str, day: int, scenario: str) -> Leg | None:
        """The best allowed leg in a scenario ("drive" or "fly_taxi")."""
        ground = self.inventory.ground_leg(origin, destination)
        options: list[Leg] = []
        if ground is not None and (ground_mode := self._ground_mode(scenario)) is not None:
            options.append(self._ground_leg(ground, ground_mode, day))
        if scenario == "fly_taxi" and TransportBan.NO_FLIGHT not in self.bans:
            for flight in self.inventory.flights(origin, destination, self.date_of(day)):
                options.append(self._flight_leg(flight, day))
        return min(options, key=lambda leg: (leg.score, leg.cost, leg.mode), default=None)

    def _ground_mode(self, scenario: str) -> str | None:
        if scenario == "fly_taxi":
            return "taxi"
        return None if TransportBan.NO_SELF_DRIVING in self.bans else "self-driving"

    def _ground_leg(self, ground: GroundLeg, mode: str, day: int) -> Leg:
        if mode == "taxi":
            cost, vehicles = ground.taxi_cost(self.people), math.ceil(self.people / 4)
        else:
            cost, vehicles = ground.self_driving_cost(self.people), math.ceil(self.people / 5)
        w = self.weights
        penalty = self.people * w.hour * ground.hours + vehicles * w.road_km * ground.km
        return Leg(
            day, ground.origin, ground.destination, mode, cost, ground=ground, penalty=penalty
        )

    def _flight_leg(self, flight: Flight, day: int) -> Leg:
        w = self.weights
        penalty = self.people * (w.hour * flight.hours + w.flight_km * flight.distance_km)
        price = flight.price * self.people
        return Leg(day, flight.origin, flight.destination, "flight", price, flight, penalty=penalty)

    def scenarios(self) -> list[str]:
        allowed = []
        if TransportBan.NO_SELF_DRIVING not in self.bans:
            allowed.append("drive")
        allowed.append("fly_taxi")
        return allowed

    # ---- search -----------------------------------------------------------------------

    def run(self) -> Solution | None:
        request = self.request
        k = request.cities_to_visit
        offers = [self.offer(city) for city in self.candidates]
        offers = [o for o in offers if any(math.isfinite(s) for s in o.node_score)]
        exact = True
        splits = list(_compositions(request.days - 1, k))
        if len(offers) ** k * max(1, len(splits)) > self.max_route_cells:
            exact = False
            keep = max(k, int((self.max_route_cells / max(1, len(splits))) ** (1 / k)))
            offers.sort(key=lambda o: min(o.node_score))
            offers = offers[:keep]
        if len(offers) < k:
            return None
        bounds = self._route_bounds(offers, splits)
        best: Solution | None = None
        best_key: tuple[float, float] = (math.inf, 0.0)
        ties = 0
        for bound, split, scenario, route in bounds:
            if bound > best_key[0] + 1e-9 or ties >= _TIE_CANDIDATES:
                break
            cities = [offers[i] for i in route]
            if self.cuisines and not set(self.cuisines) <= set().union(
                *(o.cuisines for o in cities)
            ):
                continue
            solution = self._solve_route(cities, split, scenario)
            if solution is None:
                continue
            key = (self._score(solution), -solution.quality)
            if best is not None and abs(key[0] - best_key[0]) < 1e-9:
                ties += 1
            if key < best_key:
                best, best_key = solution, key
        if best is not None:
            best.exact = exact
        return best

    def naive(self) -> Solution | None:
        """A plan without optimisation, the baseline for savings.

        Nights split evenly, the next city is the one whose leg looks cheapest,
        flights or taxis unless banned; stays and meals are the cheapest that fit.
        """
        request = self.request
        k = request.cities_to_visit
        base, extra = divmod(request.days - 1, k)
        split = tuple(base + (1 if i < extra else 0) for i in range(k))
        scenario = self.scenarios()[-1]
        offers = {o.city: o for o in (self.offer(c) for c in self.candidates)}
        route: list[CityOffer] = []
        here, day = self.origin, 1
        for nights in split:
            options = [
                (leg.cost, offer.city)
                for offer in offers.values()
                if offer.city not in {o.city for o in route}
                and math.isfinite(offer.node_score[nights])
                and (leg := self.leg(here, offer.city, day, scenario)) is not None
            ]
            if not options:
                return None
            here = min(options)[1]
            route.append(offers[here])
            day += nights
        return self._solve_route(route, split, scenario)

    def _score(self, solution: Solution) -> float:
        penalties = sum(leg.penalty for leg in solution.legs)
        return solution.total_cost + penalties - self.weight * solution.quality

    def _route_bounds(
        self, offers: list[CityOffer], splits: list[tuple[int, ...]]
    ) -> Iterator[tuple[float, tuple[int, ...], str, tuple[int, ...]]]:
        """Every route with its lower bound, cheapest first."""
        n, k, last_day = len(offers), self.request.cities_to_visit, self.request.days
        names = [o.city for o in offers]
        node = np.array([o.node_score for o in offers]).T  # [nights, city]
        repeat_mask = _repeat_mask(n, k)
        found: list[tuple[np.ndarray, int, str]] = []
        for scenario in self.scenarios():
            first = self._leg_scores([self.origin], names, 1, scenario)[0]
            final = self._leg_scores(names, [self.origin], last_day, scenario)[:, 0]
            middle: dict[int, np.ndarray] = {}
            for split_index, split in enumerate(splits):
                travel_days = _travel_days(split)
                total = first + node[split[0]]
                for i in range(1, k):
                    day = travel_days[i]
                    if day not in middle:
                        middle[day] = self._leg_scores(names, names, day, scenario)
                    total = total[..., None] + middle[day] + node[split[i]]
                total = total + final + repeat_mask
                found.append((total.ravel(), split_index, scenario))
        if not found:
            return
        values = np.concatenate([t for t, _, _ in found])
        order = np.argsort(values, kind="stable")
        size = n**k
        for flat in order:
            value = float(values[flat])
            if not math.isfinite(value):
                return
            block, cell = divmod(int(flat), size)
            _, split_index, scenario = found[block]
            route = tuple(int(i) for i in np.unravel_index(cell, (n,) * k))
            yield value, splits[split_index], scenario, route

    def _leg_scores(
        self, sources: list[str], targets: list[str], day: int, scenario: str
    ) -> np.ndarray:
        """Best leg score for every (source, target) pair on a day (inf: no leg)."""
        key = (tuple(sources), tuple(targets), scenario)
        ground = self._ground_scores.get(key)
        if ground is None:
            ground = np.full((len(sources), len(targets)), math.inf)
            mode = self._ground_mode(scenario)
            for i, a in enumerate(sources):
                for j, b in enumerate(targets):
                    leg = self.inventory.ground_leg(a, b) if mode and a != b else None
                    if leg is not None:
                        ground[i, j] = self._ground_leg(leg, mode or "", day).score
            self._ground_scores[key] = ground
        if scenario != "fly_taxi" or TransportBan.NO_FLIGHT in self.bans:
            return ground
        scores = ground.copy()
        rows = {city: i for i, city in enumerate(sources)}
        columns = {city: j for j, city in enumerate(targets)}
        for flight in self.inventory.flights_on(self.date_of(day)):
            row, column = rows.get(flight.origin), columns.get(flight.destination)
            if row is not None and column is not None and flight.origin != flight.destination:
                scores[row, column] = min(scores[row, column], self._flight_leg(flight, day).score)
        return scores

    # ---- one route, exactly -----------------------------------------------------------

    def _solve_route(
        self, cities: list[CityOffer], split: tuple[int, ...], scenario: str
    ) -> Solution | None:
        travel_days = [*_travel_days(split), self.request.days]
        path = [self.origin, *(o.city for o in cities), self.origin]
        legs: list[Leg] = []
        for index, day in enumerate(travel_days):
            leg = self.leg(path[index], path[index + 1], day, scenario)
            if leg is None:
                return None
            legs.append(leg)
        stays: list[Stay] = []
        for offer, nights, day in zip(cities, split, travel_days, strict=False):
            stay = next((s for s in offer.stays if s.minimum_nights <= nights), None)
            if stay is None:
                return None
            stays.append(
                Stay(offer.city, stay, day, nights, stay.nightly_cost(self.people) * nights)
            )
        meals = self._choose_meals(cities, split, travel_days)
        if meals is None:
            return None
        attractions: dict[int, list[Attraction]] = {}
        for offer, nights, day in zip(cities, split, travel_days, strict=False):
            full_days = list(range(day + 1, day + nights))
            per_day = max(
                1, min(ATTRACTIONS_PER_FULL_DAY, len(offer.attractions) // max(1, len(full_days)))
            )
            for position, full_day in enumerate(full_days):
                attractions[full_day] = offer.attractions[
                    position * per_day : (position + 1) * per_day
                ]
        quality = sum(s.accommodation.rating * s.nights for s in stays) + sum(
            m.restaurant.rating / 3 for m in meals
        )
        return Solution(
            self.request,
            tuple(o.city for o in cities),
            legs,
            stays,
            meals,
            attractions,
            quality=quality,
        )

    def _choose_meals(
        self, cities: list[CityOffer], split: tuple[int, ...], travel_days: list[int]
    ) -> list[Meal] | None:
        """Restaurants for every full day (three meals) plus any extras on travel days."""
        program = milp.IntegerProgram()
        chosen_vars: list[list[tuple[int, Restaurant]]] = []
        for offer, nights in zip(cities, split, strict=True):
            need = MEALS_PER_DAY * (nights - 1)
            # Without cuisines the cheapest `need` are optimal; keep a margin for cuisines.
            pool = offer.restaurants if self.cuisines else offer.restaurants[:need]
            chosen_vars.append([(program.variable(self._program_cost(r)), r) for r in pool])
        k = len(cities)
        # extras[j][i]: extra meals of city i on travel day j (day j connects city j-1 and j)
        extras: dict[tuple[int, int], int] = {}
        if self.cuisines:
            for j in range(k + 1):
                for i in (j - 1, j):
                    if 0 <= i < k:
                        extras[(j, i)] = program.variable(0, MEALS_PER_DAY)
                program.constrain(
                    {v: 1 for (jj, _), v in extras.items() if jj == j}, 0, MEALS_PER_DAY
                )
        for i, (variables, nights) in enumerate(zip(chosen_vars, split, strict=True)):
            need = MEALS_PER_DAY * (nights - 1)
            row = {v: 1 for v, _ in variables}
            for (_, ii), v in extras.items():
                if ii == i:
                    row[v] = -1
            program.constrain(row, need, need)
        for cuisine in self.cuisines:
            row = {v: 1 for variables in chosen_vars for v, r in variables if cuisine in r.cuisines}
            program.constrain(row, 1, len(row) or 1)
        values = milp.solve(program, self.backend)
        if values is None:
            return None
        meals: list[Meal] = []
        for i, variables in enumerate(chosen_vars):
            picked = [r for v, r in variables if values[v] == 1]
            full_days = list(range(travel_days[i] + 1, travel_days[i + 1]))
            slots = [(day, slot) for day in full_days for slot in ("breakfast", "lunch", "dinner")]
            # extras: the arrival day's dinner first, then the departure day's breakfast/lunch
            arrival = [(travel_days[i], s) for s in ("dinner", "lunch", "breakfast")]
            departure = [(travel_days[i + 1], s) for s in ("breakfast", "lunch", "dinner")]
            arrival_n = values[extras[(i, i)]] if (i, i) in extras else 0
            departure_n = values[extras[(i + 1, i)]] if (i + 1, i) in extras else 0
            slots += arrival[:arrival_n] + departure[:departure_n]
            for (day, slot), restaurant in zip(slots, picked, strict=True):
                meals.append(Meal(day, slot, restaurant, restaurant.average_cost * self.people))
        return meals

    def _program_cost(self, restaurant: Restaurant) -> int:
        score = round(self._meal_score(restaurant) * 100)
        return score * 10_000 - round(restaurant.rating * 10)


def _compositions(total: int, parts: int) -> Iterator[tuple[int, ...]]:
    """Ways to split `total` nights into `parts` stays of at least one night."""
    for cuts in itertools.combinations(range(1, total), parts - 1):
        bounds = (0, *cuts, total)
        yield tuple(bounds[i + 1] - bounds[i] for i in range(parts))


def _travel_days(split: tuple[int, ...]) -> list[int]:
    """Day of arrival in each city (day 1 is the first)."""
    days = [1]
    for nights in split[:-1]:
        days.append(days[-1] + nights)
    return days


def _repeat_mask(n: int, k: int) -> np.ndarray:
    """0 where all k route indices differ, inf where a city would repeat."""
    if k == 1:
        return np.zeros(n)
    grid = np.indices((n,) * k)
    mask = np.zeros((n,) * k)
    for a, b in itertools.combinations(range(k), 2):
        mask[grid[a] == grid[b]] = math.inf
    return mask


def solve_trip(
    request: TripRequest,
    inventory: Inventory,
    relax: Relaxation = Relaxation(),
    *,
    backend: milp.Backend | None = None,
) -> Solution | None:
    """The optimal plan ignoring the budget (the caller compares), or None if none exists."""
    search = Search(request, inventory, relax, backend=backend)
    solution = search.run()
    if (
        solution is not None
        and not search.weights.cost_only
        and solution.total_cost > request.budget
    ):
        # Preferences may not cost the traveller their budget: fall back to cost first.
        cheaper = Search(request, inventory, relax, weights=Weights(), backend=backend).run()
        return cheaper or solution
    return solution


__all__ = [
    "Leg",
    "Meal",
    "Relaxation",
    "Search",
    "Solution",
    "Stay",
    "solve_trip",
]
