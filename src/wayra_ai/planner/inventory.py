"""Inventory: accommodations, restaurants, attractions, flights and ground legs.

One loader reads a TravelPlanner-format directory (the benchmark database or the
sample catalogue shipped in `sample_data/`) and indexes it by city once, so the
optimiser and the checker look rows up in constant time. Rows with an empty cell
are dropped, exactly as the benchmark's evaluator does.
"""

from __future__ import annotations

import csv
import hashlib
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Protocol

from wayra_ai.errors import InvalidRequest, NotFound
from wayra_ai.planner.request import Gazetteer

SAMPLE_DATA = Path(__file__).with_name("sample_data")
_FILES = ("accommodations.csv", "restaurants.csv", "attractions.csv", "distance.csv")


@dataclass(frozen=True, slots=True)
class Accommodation:
    name: str
    city: str
    room_type: str  # "Entire home/apt", "Private room" or "Shared room"
    price: float  # per night, whole listing
    minimum_nights: int
    rating: float
    house_rules: str  # e.g. "No smoking & No parties"
    maximum_occupancy: int

    def nightly_cost(self, people: int) -> float:
        """As many units as the group needs, each at the listing's price."""
        return self.price * math.ceil(people / self.maximum_occupancy)


@dataclass(frozen=True, slots=True)
class Restaurant:
    name: str
    city: str
    cuisines: str  # comma-separated tags
    average_cost: float  # per person
    rating: float


@dataclass(frozen=True, slots=True)
class Attraction:
    name: str
    city: str


@dataclass(frozen=True, slots=True)
class Flight:
    number: str
    price: float  # per person
    departure: str
    arrival: str
    flight_date: date
    origin: str
    destination: str
    distance_km: float = 0.0

    @property
    def hours(self) -> float:
        """Block time from the listed departure and arrival (overnight wraps)."""
        minutes = _minutes(self.arrival) - _minutes(self.departure)
        return (minutes % (24 * 60)) / 60


@dataclass(frozen=True, slots=True)
class GroundLeg:
    """A usable distance-matrix row: the first row for its ordered pair."""

    origin: str
    destination: str
    duration: str
    km: float
    hours: float

    def self_driving_cost(self, people: int) -> int:
        return math.floor(self.km * 0.05) * math.ceil(people / 5)

    def taxi_cost(self, people: int) -> int:
        return math.floor(self.km) * math.ceil(people / 4)


class Inventory(Protocol):
    """What the optimiser and the checker need from a source of travel data."""

    @property
    def version(self) -> str: ...

    def gazetteer(self) -> Gazetteer: ...

    def state_of(self, city: str) -> str | None: ...

    def accommodations(self, city: str) -> tuple[Accommodation, ...]: ...

    def restaurants(self, city: str) -> tuple[Restaurant, ...]: ...

    def attractions(self, city: str) -> tuple[Attraction, ...]: ...

    def flights(self, origin: str, destination: str, on: date) -> tuple[Flight, ...]: ...

    def flights_on(self, day: date) -> tuple[Flight, ...]: ...

    def flight(self, number: str) -> Flight | None: ...

    def ground_leg(self, origin: str, destination: str) -> GroundLeg | None: ...


class TableInventory:
    """A TravelPlanner-format directory held in memory, indexed by city."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._version = _content_hash(directory)
        self._city_states = _read_city_states(directory / "citySet_with_states.txt")
        regions = _read_lines(directory / "stateSet.txt")
        self._gazetteer = Gazetteer(
            city_states=self._city_states,
            regions=tuple(sorted(set(regions) | set(self._city_states.values()))),
        )
        self._accommodations = _group(_read_accommodations(directory / "accommodations.csv"))
        self._restaurants = _group(_read_restaurants(directory / "restaurants.csv"))
        self._attractions = _group(_read_attractions(directory / "attractions.csv"))
        self._ground = _read_ground(directory / "distance.csv")
        flights = _read_flights(directory / "flights.csv")
        self._flights_by_number: dict[str, Flight] = {}
        by_route: dict[tuple[str, str, date], list[Flight]] = defaultdict(list)
        for flight in flights:
            self._flights_by_number.setdefault(flight.number, flight)
            by_route[(flight.origin, flight.destination, flight.flight_date)].append(flight)
        self._flights = {key: tuple(rows) for key, rows in by_route.items()}
        by_day: dict[date, list[Flight]] = defaultdict(list)
        for flight in flights:
            by_day[flight.flight_date].append(flight)
        self._flights_by_day = {day: tuple(rows) for day, rows in by_day.items()}

    @property
    def version(self) -> str:
        return self._version

    def gazetteer(self) -> Gazetteer:
        return self._gazetteer

    def state_of(self, city: str) -> str | None:
        return self._city_states.get(city)

    def accommodations(self, city: str) -> tuple[Accommodation, ...]:
        return self._accommodations.get(city, ())

    def restaurants(self, city: str) -> tuple[Restaurant, ...]:
        return self._restaurants.get(city, ())

    def attractions(self, city: str) -> tuple[Attraction, ...]:
        return self._attractions.get(city, ())

    def flights(self, origin: str, destination: str, on: date) -> tuple[Flight, ...]:
        return self._flights.get((origin, destination, on), ())

    def flights_on(self, day: date) -> tuple[Flight, ...]:
        return self._flights_by_day.get(day, ())

    def flight(self, number: str) -> Flight | None:
        return self._flights_by_number.get(number)

    def ground_leg(self, origin: str, destination: str) -> GroundLeg | None:
        return self._ground.get((origin, destination))


def load_inventory(path: Path | None = None) -> TableInventory:
    """The inventory at `path` (a TravelPlanner folder or its `database/`), or the sample.

    Loaded once per resolved path and process; later calls return the same object.
    """
    directory = SAMPLE_DATA if path is None else path
    if (directory / "database").is_dir():
        directory = directory / "database"
    return _load(directory.resolve())


@cache
def _load(directory: Path) -> TableInventory:
    missing = [name for name in _FILES if not (directory / name).is_file()]
    if missing:
        raise NotFound(f"{directory} is not a TravelPlanner database: missing {', '.join(missing)}")
    return TableInventory(directory)


def _content_hash(directory: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(directory.iterdir()):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _read_lines(path: Path) -> list[str]:
    if not path.is_file():
        return []
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _read_city_states(path: Path) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for line in _read_lines(path):
        city, _, state = line.partition("\t")
        if city and state:
            pairs[city.strip()] = state.strip()
    return pairs


def _complete_rows(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """The rows whose listed columns are all non-empty (the evaluator drops the rest)."""
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [row for row in rows if all((row.get(column) or "").strip() for column in columns)]


def _read_accommodations(path: Path) -> list[Accommodation]:
    columns = (
        "NAME",
        "room type",
        "price",
        "minimum nights",
        "review rate number",
        "house_rules",
        "maximum occupancy",
        "city",
    )
    return [
        Accommodation(
            name=row["NAME"],
            city=row["city"],
            room_type=row["room type"],
            price=float(row["price"]),
            minimum_nights=int(float(row["minimum nights"])),
            rating=float(row["review rate number"]),
            house_rules=row["house_rules"],
            maximum_occupancy=max(1, int(float(row["maximum occupancy"]))),
        )
        for row in _complete_rows(path, columns)
    ]


def _read_restaurants(path: Path) -> list[Restaurant]:
    columns = ("Name", "City", "Cuisines", "Average Cost", "Aggregate Rating")
    return [
        Restaurant(
            name=row["Name"],
            city=row["City"],
            cuisines=row["Cuisines"],
            average_cost=float(row["Average Cost"]),
            rating=float(row["Aggregate Rating"]),
        )
        for row in _complete_rows(path, columns)
    ]


def _read_attractions(path: Path) -> list[Attraction]:
    columns = ("Name", "Latitude", "Longitude", "Address", "Phone", "Website", "City")
    return [Attraction(name=row["Name"], city=row["City"]) for row in _complete_rows(path, columns)]


def _read_flights(path: Path) -> list[Flight]:
    columns = ("Flight Number", "Price", "DepTime", "ArrTime", "FlightDate")
    return [
        Flight(
            number=row["Flight Number"],
            price=float(row["Price"]),
            departure=row["DepTime"],
            arrival=row["ArrTime"],
            flight_date=date.fromisoformat(row["FlightDate"]),
            origin=row["OriginCityName"],
            destination=row["DestCityName"],
            distance_km=float(row.get("Distance") or 0.0) * 1.609344,
        )
        for row in _complete_rows(path, (*columns, "OriginCityName", "DestCityName"))
    ]


_KM = re.compile(r"[\d,]+(?:\.\d+)?")
_DURATION = re.compile(r"(\d+)\s*(hour|min)")


def _hours(duration: str) -> float:
    found = {unit: float(n) for n, unit in _DURATION.findall(duration)}
    return found.get("hour", 0.0) + found.get("min", 0.0) / 60


def _minutes(clock: str) -> int:
    hours, _, minutes = clock.partition(":")
    return int(hours) * 60 + int(minutes or 0)


def _read_ground(path: Path) -> dict[tuple[str, str], GroundLeg]:
    """First row per ordered pair; a pair whose first row is unusable has no leg."""
    legs: dict[tuple[str, str], GroundLeg] = {}
    seen: set[tuple[str, str]] = set()
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            pair = (row["origin"], row["destination"])
            if pair in seen:
                continue
            seen.add(pair)
            duration = (row.get("duration") or "").strip()
            match = _KM.search(row.get("distance") or "")
            if not duration or "day" in duration or match is None:
                continue
            km = float(match[0].replace(",", ""))
            legs[pair] = GroundLeg(pair[0], pair[1], duration, km, _hours(duration))
    return legs


def _group[T: (Accommodation, Restaurant, Attraction)](rows: list[T]) -> dict[str, tuple[T, ...]]:
    grouped: dict[str, list[T]] = defaultdict(list)
    for row in rows:
        grouped[row.city].append(row)
    return {city: tuple(items) for city, items in grouped.items()}


def require_city(inventory: Inventory, city: str) -> str:
    """The city as the inventory spells it, or a clear 422."""
    known = inventory.gazetteer().city_states
    if city in known:
        return city
    folded = {name.casefold(): name for name in known}
    if city.casefold() in folded:
        return folded[city.casefold()]
    raise InvalidRequest(f"unknown city {city!r}: it is not in the inventory")
