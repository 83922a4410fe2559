"""The turn's writes to `context` and `analytics`, computed from what was read."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from wayra_ai.conversations.models import Conversation
from wayra_ai.nlu.trip_parser import ParsedTrip
from wayra_ai.planner.request import TripRequest

# ParsedTrip field -> the seed path of `context.extractedPreferences` that holds it.
SEED_PATHS = {
    "origin": "context.extractedPreferences.origin",
    "destination": "context.extractedPreferences.destinations",
    "cities_to_visit": "context.extractedPreferences.destinations",
    "start_date": "context.extractedPreferences.dates.preferred",
    "days": "context.extractedPreferences.dates.preferred",
    "adults": "context.extractedPreferences.travelers",
    "children": "context.extractedPreferences.travelers",
    "budget": "context.extractedPreferences.budget.total",
    "currency": "context.extractedPreferences.budget",
    "room_type": "context.extractedPreferences.accommodation.type",
    "house_rules": "context.extractedPreferences.accommodation.amenities",
    "cuisines": "context.extractedPreferences.activities",
    "transport_bans": "context.extractedPreferences.transportation.constraints",
}

ESSENTIALS = ("destination", "start_date", "days", "origin", "budget")


def goals_for(trip: ParsedTrip, missing: list[str], *, confirmed: bool) -> list[dict[str, Any]]:
    """One goal, the trip itself; progress is the share of essentials known."""
    where = trip.destination or "a destination to choose"
    progress = 1.0 if confirmed else round((len(ESSENTIALS) - len(missing)) / len(ESSENTIALS), 2)
    status = "achieved" if confirmed else "in_progress"
    return [
        {
            "type": "trip_plan",
            "description": f"A trip to {where} within budget",
            "priority": 1,
            "status": status,
            "progress": progress,
        }
    ]


def constraints_for(request: TripRequest | None, trip: ParsedTrip) -> list[dict[str, Any]]:
    """The traveller's hard requirements, as the seed's `context.constraints`."""
    items: list[dict[str, Any]] = []
    budget = request.budget if request else trip.budget
    if budget is not None:
        items.append({"type": "budget", "description": f"total at most {budget:g}"})
    if trip.room_type is not None:
        items.append({"type": "room_type", "description": trip.room_type.value})
    items += [{"type": "house_rule", "description": f"allows {r.value}"} for r in trip.house_rules]
    items += [{"type": "cuisine", "description": name} for name in trip.cuisines]
    items += [{"type": "transport", "description": ban.value} for ban in trip.transport_bans]
    for item in items:
        item["severity"] = "hard"
    return items


def _running(old_mean: float | None, count: int, value: float) -> float:
    return round(((old_mean or 0.0) * count + value) / (count + 1), 4)


def analytics_updates(
    conversation: Conversation,
    *,
    now: datetime,
    processing_ms: float,
    confidence: float,
    had_error: bool,
    had_retry: bool,
) -> dict[str, Any]:
    """`$set` paths for the seed's analytics after one more AI message.

    Means are running means over the AI messages so far. `engagement.sessionDuration` is
    seconds since the conversation started; `messageFrequency` is messages per minute.
    """
    analytics = conversation.analytics
    count = analytics.ai_messages
    engagement = analytics.engagement.model_dump(by_alias=True) if analytics.engagement else {}
    performance = analytics.performance.model_dump(by_alias=True) if analytics.performance else {}
    duration = max((now - conversation.created_at).total_seconds(), 1.0)
    engagement["sessionDuration"] = round(duration, 3)
    engagement["messageFrequency"] = round((analytics.total_messages + 2) / (duration / 60), 4)
    performance["averageConfidence"] = _running(
        performance.get("averageConfidence"), count, confidence
    )
    performance["errorRate"] = _running(performance.get("errorRate"), count, float(had_error))
    performance["retryRate"] = _running(performance.get("retryRate"), count, float(had_retry))
    return {
        "analytics.averageResponseTime": _running(
            analytics.average_response_time, count, processing_ms
        ),
        "analytics.engagement": engagement,
        "analytics.performance": performance,
    }


def summary_line(trip: ParsedTrip, plan_total: float | None, phase: str) -> str:
    """The one-line summary kept on the user's `conversationHistory` entry."""
    parts = [f"{trip.days}-day trip" if trip.days else "Trip"]
    if trip.origin or trip.destination:
        parts.append(f"{trip.origin or '?'} to {trip.destination or '?'}")
    if trip.start_date:
        parts.append(f"from {trip.start_date.isoformat()}")
    people = (trip.adults or 0) + (trip.children or 0)
    if people:
        parts.append(f"{people} traveller{'s' if people > 1 else ''}")
    if trip.budget is not None:
        parts.append(f"budget {trip.budget:,.0f}")
    if plan_total is not None:
        parts.append(f"plan {plan_total:,.2f}")
    parts.append(phase)
    return ", ".join(parts)
