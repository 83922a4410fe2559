"""`context.extractedPreferences`: what the traveller wants, kept in the seed's shape.

Each turn's `ParsedTrip` is laid over what earlier turns said (later statements correct
earlier ones) and written back in the seed's fields. Three small additions the seed has
no place for are stored beside them (mongoose keeps unknown fields): `origin`,
`budget.currency`, and `citiesToVisit` / `isRegion` on a destination.

Encodings inside seed fields: a ruled-out place is a destination with preference 0;
cuisines are activities typed `cuisine:<Name>`; house rules the stay must allow are
accommodation amenities `allows:<rule>`; transport bans are transportation constraints.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from wayra_ai.nlu.trip_parser import ParsedTrip, default_cities_for
from wayra_ai.planner.request import HouseRule, RoomType, TransportBan

_CUISINE = "cuisine:"
_ALLOWS = "allows:"
_MONTH = "month:"


@dataclass(frozen=True)
class Change:
    """One preference the turn changed: the seed path, and its old and new values."""

    field: str
    old: Any
    new: Any


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        return date.fromisoformat(value[:10])
    return None


def _as_datetime(value: date) -> datetime:
    return datetime(value.year, value.month, value.day, tzinfo=UTC)


def from_preferences(prefs: dict[str, Any]) -> ParsedTrip:
    """Read the stored preferences back as one accumulated `ParsedTrip`."""
    trip = ParsedTrip()
    budget = prefs.get("budget") or {}
    trip.budget = budget.get("total")
    trip.currency = budget.get("currency")
    trip.origin = (prefs.get("origin") or {}).get("name")
    for entry in prefs.get("destinations") or []:
        if not entry.get("preference"):
            trip.rejected_places.append(entry.get("name", ""))
        elif trip.destination is None:
            trip.destination = entry.get("name")
            trip.destination_is_region = bool(entry.get("isRegion"))
            trip.cities_to_visit = entry.get("citiesToVisit")
    dates = prefs.get("dates") or {}
    preferred = dates.get("preferred") or {}
    trip.start_date = _as_date(preferred.get("start"))
    trip.end_date = _as_date(preferred.get("end"))
    if trip.start_date and trip.end_date:
        trip.days = (trip.end_date - trip.start_date).days + 1
    for constraint in dates.get("constraints") or []:
        if constraint.startswith(_MONTH):
            trip.travel_month = constraint.removeprefix(_MONTH)
        elif constraint.startswith("days:"):
            trip.days = trip.days or int(constraint.removeprefix("days:"))
    travelers = prefs.get("travelers") or []
    if travelers:
        trip.children = sum(1 for t in travelers if t.get("type") == "child")
        trip.adults = len(travelers) - trip.children
    for activity in prefs.get("activities") or []:
        kind = activity.get("type") or ""
        if kind.startswith(_CUISINE):
            trip.cuisines.append(kind.removeprefix(_CUISINE))
    accommodation = prefs.get("accommodation") or {}
    room_types = accommodation.get("type") or []
    trip.room_type = RoomType(room_types[0]) if room_types else None
    trip.house_rules = [
        HouseRule(item.removeprefix(_ALLOWS))
        for item in accommodation.get("amenities") or []
        if item.startswith(_ALLOWS)
    ]
    trip.transport_bans = [
        TransportBan(item)
        for item in (prefs.get("transportation") or {}).get("constraints") or []
        if item in set(TransportBan)
    ]
    return trip


def overlay(known: ParsedTrip, said: ParsedTrip) -> ParsedTrip:
    """`known` corrected by what this message `said`; lists grow, scalars are replaced."""
    trip = known.model_copy(deep=True)
    for name in ("origin", "budget", "currency", "adults", "children", "room_type"):
        value = getattr(said, name)
        if value is not None:
            setattr(trip, name, value)
    if said.destination is not None and said.destination != known.destination:
        trip.destination = said.destination
        trip.destination_is_region = said.destination_is_region
        trip.cities_to_visit = said.cities_to_visit
    elif said.cities_to_visit is not None:
        trip.cities_to_visit = said.cities_to_visit
    for place in said.rejected_places:
        if place not in trip.rejected_places:
            trip.rejected_places.append(place)
        if trip.destination == place and said.destination in (None, place):
            trip.destination, trip.cities_to_visit, trip.destination_is_region = None, None, False
    if said.destination is not None and said.destination in trip.rejected_places:
        trip.rejected_places.remove(said.destination)
    _overlay_dates(trip, said)
    for name in ("house_rules", "cuisines", "transport_bans"):
        merged = list(getattr(trip, name))
        merged += [item for item in getattr(said, name) if item not in merged]
        setattr(trip, name, merged)
    if trip.destination_is_region and trip.cities_to_visit is None and trip.days:
        trip.cities_to_visit = default_cities_for(trip.days)
    return trip


def _overlay_dates(trip: ParsedTrip, said: ParsedTrip) -> None:
    if said.travel_month is not None:
        trip.travel_month = said.travel_month
    if said.start_date is not None:
        if trip.start_date is not None and said.end_date is None and said.days is None:
            trip.end_date = None  # a moved start keeps the trip's length
        trip.start_date = said.start_date
    if said.end_date is not None:
        trip.end_date = said.end_date
        if trip.start_date is not None:
            trip.days = (said.end_date - trip.start_date).days + 1
    elif said.days is not None:
        trip.days, trip.end_date = said.days, None
    if trip.start_date is not None and trip.days is not None:
        trip.end_date = trip.start_date + timedelta(days=trip.days - 1)


def to_preferences(trip: ParsedTrip, previous: dict[str, Any]) -> dict[str, Any]:
    """The seed-shaped preferences for `trip`; fields this module does not own are kept."""
    prefs = dict(previous)
    budget = dict(previous.get("budget") or {})
    budget.update(total=trip.budget, currency=trip.currency)
    prefs["budget"] = budget
    if trip.origin is not None:
        prefs["origin"] = {"name": trip.origin, "source": "conversation"}
    destinations: list[dict[str, Any]] = []
    if trip.destination is not None:
        destinations.append(
            {
                "name": trip.destination,
                "preference": 1,
                "reasoning": "named by the traveller",
                "isRegion": trip.destination_is_region,
                "citiesToVisit": trip.cities_to_visit,
            }
        )
    destinations += [
        {"name": place, "preference": 0, "reasoning": "ruled out by the traveller"}
        for place in trip.rejected_places
    ]
    prefs["destinations"] = destinations
    constraints = [f"{_MONTH}{trip.travel_month}"] if trip.travel_month else []
    if trip.days is not None and trip.start_date is None:
        constraints.append(f"days:{trip.days}")
    prefs["dates"] = {
        **(previous.get("dates") or {}),
        "preferred": {
            "start": _as_datetime(trip.start_date) if trip.start_date else None,
            "end": _as_datetime(trip.end_date) if trip.end_date else None,
        },
        "flexible": trip.start_date is None,
        "constraints": constraints,
    }
    if trip.adults is not None or trip.children is not None:
        prefs["travelers"] = [{"type": "adult"}] * (trip.adults or 0) + [{"type": "child"}] * (
            trip.children or 0
        )
    other_activities = [
        a for a in previous.get("activities") or [] if not str(a.get("type")).startswith(_CUISINE)
    ]
    prefs["activities"] = other_activities + [
        {"type": f"{_CUISINE}{name}", "interest": 1, "priority": "required"}
        for name in trip.cuisines
    ]
    accommodation = dict(previous.get("accommodation") or {})
    accommodation["type"] = [trip.room_type.value] if trip.room_type else []
    accommodation["amenities"] = [f"{_ALLOWS}{rule.value}" for rule in trip.house_rules]
    prefs["accommodation"] = accommodation
    transportation = dict(previous.get("transportation") or {})
    transportation["constraints"] = [ban.value for ban in trip.transport_bans]
    prefs["transportation"] = transportation
    return prefs


_TRACKED = (
    "origin",
    "destination",
    "cities_to_visit",
    "start_date",
    "days",
    "adults",
    "children",
    "budget",
    "currency",
    "room_type",
    "house_rules",
    "cuisines",
    "transport_bans",
)


def changes_between(before: ParsedTrip, after: ParsedTrip) -> list[Change]:
    """What this turn changed, for `tripUpdates.fieldsModified` / `changes`."""
    return [
        Change(name, getattr(before, name), getattr(after, name))
        for name in _TRACKED
        if getattr(before, name) != getattr(after, name)
    ]
