"""The deterministic trip-request parser: everyday English in, `ParsedTrip` out.

No model is involved: numbers, dates, money, places and constraints are read by
small rule modules, and every recognised piece keeps its character span so the
message analysis can report entities without parsing twice.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from wayra_ai.errors import InvalidRequest
from wayra_ai.nlu.constraints import extract_constraints
from wayra_ai.nlu.dates import extract_dates
from wayra_ai.nlu.money import Money, extract_budget
from wayra_ai.nlu.numbers import NUMBER, to_int
from wayra_ai.nlu.places import PlaceMention, find_places
from wayra_ai.nlu.spans import Span
from wayra_ai.nlu.travellers import extract_party
from wayra_ai.planner.request import (
    Gazetteer,
    HouseRule,
    RoomType,
    TransportBan,
    Travellers,
    TripRequest,
)

_CITY_COUNT = re.compile(
    rf"\b(?P<n>{NUMBER})\s+(?:(?:different|distinct|separate|unique|other|more)\s+)?"
    r"(?:cities|towns|places|stops|destinations)\b",
    re.I,
)
_MAX_DAYS = 30
_MAX_CITIES = 5


class ParsedTrip(BaseModel):
    """What one message says about a trip; every field is optional."""

    origin: str | None = None
    destination: str | None = None
    destination_is_region: bool = False
    cities_to_visit: int | None = None
    start_date: date | None = None
    end_date: date | None = None
    days: int | None = None
    adults: int | None = None
    children: int | None = None
    budget: float | None = None
    currency: str | None = None
    house_rules: list[HouseRule] = Field(default_factory=list)
    room_type: RoomType | None = None
    cuisines: list[str] = Field(default_factory=list)
    transport_bans: list[TransportBan] = Field(default_factory=list)
    unknown_places: list[str] = Field(default_factory=list)
    rejected_places: list[str] = Field(
        default_factory=list, description='places the text rules out: "not Miami"'
    )
    travel_month: str | None = Field(
        default=None, description='"YYYY-MM" wished for without exact days ("in March")'
    )
    spans: list[Span] = Field(default_factory=list)

    def missing(self) -> list[str]:
        """What a plan still needs, most important first (travellers default to one adult)."""
        needed = [
            ("destination", self.destination),
            ("start_date", self.start_date),
            ("days", self.days),
            ("origin", self.origin),
            ("budget", self.budget),
        ]
        return [name for name, value in needed if value is None]

    def to_request(self, **defaults: Any) -> TripRequest:
        """A validated `TripRequest`; `defaults` (field names) fill what the text left out.

        Raises `InvalidRequest` naming what is missing or wrong.
        """
        if self.unknown_places:
            names = ", ".join(repr(name) for name in self.unknown_places)
            raise InvalidRequest(f"unknown place {names}: not a city or region we have data for")
        values = self.model_dump(exclude={"spans", "unknown_places", "rejected_places"})
        for name, value in defaults.items():
            if values.get(name) in (None, []):
                values[name] = value
        start, end, days = (
            values.get("start_date"),
            values.pop("end_date", None),
            values.get("days"),
        )
        if start is not None and end is not None:
            if end < start:
                raise InvalidRequest(f"the end date {end} is before the start date {start}")
            days = values["days"] = (end - start).days + 1
        missing = [
            name
            for name in ("destination", "start_date", "days", "origin", "budget")
            if values.get(name) is None
        ]
        if missing:
            raise InvalidRequest(
                "the trip request is missing: " + ", ".join(missing).replace("_", " ")
            )
        if days is not None and not 1 <= days <= _MAX_DAYS:
            raise InvalidRequest(f"a trip must last 1 to {_MAX_DAYS} days, not {days}")
        if values["budget"] <= 0:
            raise InvalidRequest(f"the budget must be positive, not {values['budget']:g}")
        if values["origin"] == values["destination"] and not values["destination_is_region"]:
            raise InvalidRequest(f"origin and destination are both {values['origin']}")
        adults, children = values.pop("adults"), values.pop("children")
        if adults is not None or children is not None or "travellers" not in values:
            adults = 1 if adults is None else adults  # children travel with a grown-up
            if adults + (children or 0) < 1:
                raise InvalidRequest("at least one traveller is needed")
            values["travellers"] = Travellers(adults=adults, children=children or 0)
        if values.get("cities_to_visit") is None:
            region = values["destination_is_region"]
            values["cities_to_visit"] = default_cities_for(days) if region and days else 1
        if values.get("currency") is None:
            values["currency"] = "USD"
        values.pop("travel_month", None)
        try:
            return TripRequest(**values)
        except ValidationError as error:
            problems = "; ".join(
                f"{'.'.join(str(part) for part in issue['loc']) or 'request'}: {issue['msg']}"
                for issue in error.errors()
            )
            raise InvalidRequest(f"invalid trip request: {problems}") from error


def default_cities_for(days: int) -> int:
    """TravelPlanner's convention (3 days -> 1 city, 5 -> 2, 7 -> 3), capped at five."""
    return max(1, min(_MAX_CITIES, (days - 1) // 2))


def _place_span(mention: PlaceMention) -> Span:
    kind: str = mention.role or "place"
    if not mention.known:
        kind = "unknown_place"
    elif mention.role in {"rejected", "qualifier"}:
        kind = f"{mention.role}_place"
    return Span(
        type=kind,
        value=mention.canonical,
        start=mention.start,
        end=mention.end,
        confidence=0.95 if mention.cue else 0.7,
    )


def _apply_places(trip: ParsedTrip, mentions: list[PlaceMention]) -> None:
    for mention in mentions:
        trip.spans.append(_place_span(mention))
        if not mention.known:
            trip.unknown_places.append(mention.text)
        elif mention.role == "rejected":
            trip.rejected_places.append(mention.canonical)
        elif mention.role == "origin" and trip.origin is None and mention.city is not None:
            trip.origin = mention.city
        elif mention.role == "destination" and trip.destination is None:
            trip.destination = mention.canonical
            trip.destination_is_region = mention.as_region


def _whole_trip_budget(budget: Money, trip: ParsedTrip) -> float | None:
    """The amount for the whole trip and group; None when a per-unit amount cannot be scaled."""
    if budget.per == "person":
        people = (trip.adults or 0) + (trip.children or 0)
        return budget.amount * people if people else None
    if budget.per == "day":
        return budget.amount * trip.days if trip.days else None
    if budget.per == "night":
        return budget.amount * max(1, trip.days - 1) if trip.days else None
    return budget.amount


def parse_trip_request(text: str, gazetteer: Gazetteer, *, today: date) -> ParsedTrip:
    """Read a trip request; what the text does not say stays `None`."""
    trip = ParsedTrip()
    mentions = find_places(text, gazetteer)
    count = _CITY_COUNT.search(text)
    if count is not None:
        trip.cities_to_visit = to_int(count["n"])
        trip.spans.append(
            Span(
                type="cities_to_visit",
                value=str(trip.cities_to_visit),
                start=count.start(),
                end=count.end(),
            )
        )
        for mention in mentions:
            if (
                mention.role == "destination"
                and mention.region is not None
                and trip.cities_to_visit > 1
            ):
                mention.as_region = True
    _apply_places(trip, mentions)

    facts, date_spans = extract_dates(text, today)
    trip.start_date, trip.end_date, trip.days = facts.start_date, facts.end_date, facts.days
    trip.travel_month = facts.travel_month
    trip.spans.extend(date_spans)

    party, party_spans = extract_party(text)
    trip.adults, trip.children = party.adults, party.children
    trip.spans.extend(party_spans)

    budget, money_spans = extract_budget(text)
    if budget is not None:
        trip.budget, trip.currency = _whole_trip_budget(budget, trip), budget.currency
    trip.spans.extend(money_spans)

    constraints, constraint_spans = extract_constraints(text)
    trip.house_rules = constraints.house_rules
    trip.room_type = constraints.room_type
    trip.cuisines = constraints.cuisines
    trip.transport_bans = constraints.transport_bans
    trip.spans.extend(constraint_spans)

    if trip.destination is not None and trip.cities_to_visit is None:
        if not trip.destination_is_region:
            trip.cities_to_visit = 1
        elif trip.days is not None:
            trip.cities_to_visit = default_cities_for(trip.days)
    trip.spans.sort(key=lambda span: (span.start, span.end))
    return trip


__all__ = ["ParsedTrip", "Span", "default_cities_for", "parse_trip_request"]
