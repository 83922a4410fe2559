"""A solution written as the benchmark's day-by-day plan (all values strings, '-' if none)."""

from __future__ import annotations

from wayra_ai.planner.solver import Leg, Solution

DAY_KEYS = (
    "days",
    "current_city",
    "transportation",
    "breakfast",
    "attraction",
    "lunch",
    "dinner",
    "accommodation",
)


def describe_leg(leg: Leg) -> str:
    route = f"from {leg.origin} to {leg.destination}"
    if leg.flight is not None:
        flight = leg.flight
        return (
            f"Flight Number: {flight.number}, {route}, "
            f"Departure Time: {flight.departure}, Arrival Time: {flight.arrival}"
        )
    assert leg.ground is not None
    mode = "Self-driving" if leg.mode == "self-driving" else "Taxi"
    distance = f"{leg.ground.km:,.1f}".removesuffix(".0")
    return (
        f"{mode}, {route}, duration: {leg.ground.duration}, "
        f"distance: {distance} km, cost: {leg.cost:g}"
    )


def to_days(solution: Solution) -> list[dict[str, object]]:
    days = solution.request.days
    legs = {leg.day: leg for leg in solution.legs}
    night_city: dict[int, str] = {}
    lodging: dict[int, str] = {}
    for stay in solution.stays:
        for day in range(stay.first_day, stay.first_day + stay.nights):
            night_city[day] = stay.city
            lodging[day] = f"{stay.accommodation.name}, {stay.city}"
    meals = {(meal.day, meal.slot): meal for meal in solution.meals}
    plan: list[dict[str, object]] = []
    for day in range(1, days + 1):
        leg = legs.get(day)
        current = f"from {leg.origin} to {leg.destination}" if leg else night_city[day]
        sights = solution.attractions.get(day, [])
        entry: dict[str, object] = {
            "days": day,
            "current_city": current,
            "transportation": describe_leg(leg) if leg else "-",
            "attraction": "".join(f"{a.name}, {a.city};" for a in sights) or "-",
            "accommodation": lodging.get(day, "-"),
        }
        for slot in ("breakfast", "lunch", "dinner"):
            meal = meals.get((day, slot))
            entry[slot] = f"{meal.restaurant.name}, {meal.restaurant.city}" if meal else "-"
        plan.append({key: entry[key] for key in DAY_KEYS})
    return plan
