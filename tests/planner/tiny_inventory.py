"""Small hand-made inventories in the TravelPlanner layout, written to a temp folder."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from wayra_ai.planner.request import TripRequest

START = date(2027, 1, 10)
_STAY_HEADER = (
    "",
    "NAME",
    "room type",
    "price",
    "minimum nights",
    "review rate number",
    "house_rules",
    "maximum occupancy",
    "city",
)
_FLIGHT_HEADER = (
    "Flight Number",
    "Price",
    "DepTime",
    "ArrTime",
    "ActualElapsedTime",
    "FlightDate",
    "OriginCityName",
    "DestCityName",
    "Distance",
)

# (name, city, room type, price, minimum nights, rating, house rules, maximum occupancy)
Stay = tuple[str, str, str, float, int, float, str, int]
# (name, city, cuisines, average cost, rating)
Eatery = tuple[str, str, str, float, float]
# (origin, destination, duration, distance text)
Ground = tuple[str, str, str, str]
# (number, price, departure, arrival, date, origin, destination)
FlightRow = tuple[str, float, str, str, str, str, str]


@dataclass
class Spec:
    cities: dict[str, str]
    stays: list[Stay] = field(default_factory=list)
    restaurants: list[Eatery] = field(default_factory=list)
    attractions: list[tuple[str, str]] = field(default_factory=list)
    ground: list[Ground] = field(default_factory=list)
    flights: list[FlightRow] = field(default_factory=list)


def write_spec(root: Path, spec: Spec) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "citySet_with_states.txt").write_text(
        "".join(f"{city}\t{state}\n" for city, state in spec.cities.items())
    )
    (root / "stateSet.txt").write_text("".join(f"{s}\n" for s in set(spec.cities.values())))

    def table(name: str, header: list[str], rows: list[list[object]]) -> None:
        with (root / name).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)

    table(
        "accommodations.csv",
        [*_STAY_HEADER],
        [[i, s[0], s[2], s[3], s[4], s[5], s[6], s[7], s[1]] for i, s in enumerate(spec.stays)],
    )
    table(
        "restaurants.csv",
        ["", "Name", "City", "Cuisines", "Average Cost", "Aggregate Rating"],
        [[i, *r] for i, r in enumerate(spec.restaurants)],
    )
    table(
        "attractions.csv",
        ["Name", "Latitude", "Longitude", "Address", "Phone", "Website", "City"],
        [[a, 1.0, 2.0, "1 Main St", "555", "https://example.com", c] for a, c in spec.attractions],
    )
    table(
        "distance.csv",
        ["origin", "destination", "cost", "duration", "distance"],
        [[o, d, "", dur, dist] for o, d, dur, dist in spec.ground],
    )
    table(
        "flights.csv",
        [*_FLIGHT_HEADER],
        [
            [n, p, dep, arr, "1 hours", day, o, d, 100.0]
            for n, p, dep, arr, day, o, d in spec.flights
        ],
    )
    return root


def both_ways(a: str, b: str, km: int) -> list[Ground]:
    return [(a, b, "2 hours 5 mins", f"{km:,} km"), (b, a, "2 hours 5 mins", f"{km:,} km")]


def city_basics(city: str, *, restaurants: int = 6, attractions: int = 3) -> Spec:
    """A city with cheap-to-dear restaurants and a few attractions (no stays)."""
    spec = Spec(cities={})
    cuisines = ["American", "Chinese", "Italian", "Mexican", "Indian", "French"]
    for i in range(restaurants):
        spec.restaurants.append(
            (f"{city} Eatery {i}", city, cuisines[i % len(cuisines)], 10.0 + 3 * i, 4.0)
        )
    spec.attractions += [(f"{city} Sight {i}", city) for i in range(attractions)]
    return spec


def merge(cities: dict[str, str], *parts: Spec) -> Spec:
    spec = Spec(cities=dict(cities))
    for part in parts:
        spec.stays += part.stays
        spec.restaurants += part.restaurants
        spec.attractions += part.attractions
        spec.ground += part.ground
        spec.flights += part.flights
    return spec


def trip(**fields: object) -> TripRequest:
    values: dict[str, object] = {
        "origin": "Home",
        "destination": "Beach",
        "start_date": START,
        "days": 3,
        "budget": 5000,
    }
    values.update(fields)
    return TripRequest.model_validate(values)
