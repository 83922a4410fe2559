"""Message analysis: the seed's `analysis` subdocument, plus the extracted preferences.

Pure and deterministic: the same text, gazetteer and day give the same analysis.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal

from pydantic import Field

from wayra_ai.kit.schema import CamelModel
from wayra_ai.nlu.extras import extra_spans
from wayra_ai.nlu.intents import score_intents
from wayra_ai.nlu.sentiment import sentiment
from wayra_ai.nlu.spans import Span
from wayra_ai.nlu.trip_parser import ParsedTrip, parse_trip_request
from wayra_ai.planner.request import Gazetteer


class Sentiment(CamelModel):
    score: float  # VADER compound, -1 .. 1
    label: Literal["positive", "neutral", "negative"]
    confidence: float


class Intent(CamelModel):
    primary: str
    secondary: list[str] = Field(default_factory=list)
    confidence: float


class Entity(CamelModel):
    """`text[start_index:end_index]` is the mention."""

    type: str
    value: str
    confidence: float
    start_index: int
    end_index: int


class Correction(CamelModel):
    """A field the message changes: "actually make it 4 days", "not Miami, Tampa"."""

    field: str
    value: str
    replaces: str | None = None


class MessageAnalysis(CamelModel):
    sentiment: Sentiment
    intent: Intent
    entities: list[Entity] = Field(default_factory=list)
    topics: list[str] = Field(default_factory=list)
    urgency: float = Field(ge=0, le=1, description="0 = no rush .. 1 = needs help right now")
    preferences: ParsedTrip = Field(default_factory=ParsedTrip)
    corrections: list[Correction] = Field(default_factory=list)

    def seed_document(self) -> dict[str, Any]:
        """Exactly the seed's `analysis` subdocument (camelCase)."""
        return self.model_dump(
            by_alias=True, include={"sentiment", "intent", "entities", "topics", "urgency"}
        )


_CORRECTION = re.compile(
    r"\b(?:actually|instead|rather than|change (?:it|that|the|my|our)|changed|make it|switch(?:ed)?"
    r" to|update(?:d)?|correction|no wait|scratch that|on second thought|i meant|we meant"
    r"|(?:is|are) now|now (?:it's|it is|we're|we are)|revised|new budget|change of plans?"
    r"|let's do|let's make it|not anymore|any more)\b",
    re.I,
)
# Entity type for each span type the parser and extras produce.
_ENTITY_TYPES = {
    "origin": "origin",
    "destination": "destination",
    "rejected_place": "rejected_place",
    "unknown_place": "unknown_place",
    "qualifier_place": "region",
    "start_date": "start_date",
    "end_date": "end_date",
    "duration": "duration",
    "month": "month",
    "budget": "budget",
    "budget_per_person": "budget_per_person",
    "budget_per_day": "budget_per_day",
    "money": "money",
    "currency": "currency",
    "travellers": "travellers",
    "adults": "adults",
    "children": "children",
    "age": "age",
    "cuisine": "cuisine",
    "house_rule": "accommodation",
    "room_type": "accommodation",
    "transport_ban": "transport_ban",
    "transport_preference": "transport_preference",
    "activity": "activity",
    "interest": "interest",
    "cities_to_visit": "cities_to_visit",
    "replaced_budget": "replaced_budget",
    "replaced_duration": "replaced_duration",
}
_TOPICS = {
    "origin": "destination",
    "destination": "destination",
    "rejected_place": "destination",
    "unknown_place": "destination",
    "start_date": "dates",
    "end_date": "dates",
    "duration": "dates",
    "month": "dates",
    "budget": "budget",
    "budget_per_person": "budget",
    "budget_per_day": "budget",
    "money": "budget",
    "travellers": "travellers",
    "adults": "travellers",
    "children": "travellers",
    "age": "travellers",
    "cuisine": "food",
    "accommodation": "accommodation",
    "transport_ban": "transport",
    "transport_preference": "transport",
    "activity": "activities",
    "interest": "activities",
}
_INTENT_TOPICS = {"book": "booking", "support": "support", "ask_budget": "budget"}
_KEYWORD_TOPICS = [
    ("weather", re.compile(r"\b(?:weather|rain|temperature|climate|forecast)\b", re.I)),
    (
        "accommodation",
        re.compile(r"\b(?:hotels?|stay|accommodations?|airbnb|hostel|lodging)\b", re.I),
    ),
    ("safety", re.compile(r"\b(?:safe|safety|dangerous|crime|insurance)\b", re.I)),
    ("documents", re.compile(r"\b(?:visa|passport|id card|documents?)\b", re.I)),
]
_URGENCY = [
    (
        0.6,
        re.compile(r"\b(?:urgent(?:ly)?|asap|emergency|immediately|right now|right away)\b", re.I),
    ),
    (
        0.5,
        re.compile(
            r"\b(?:stranded|stuck|missed (?:my|our) (?:flight|train|bus)|cancel+ed)\b", re.I
        ),
    ),
    (0.3, re.compile(r"\b(?:today|tonight|tomorrow|last[\s-]minute|hurry|quickly|soon)\b", re.I)),
    (0.1, re.compile(r"!")),
]


def _entities(spans: list[Span]) -> list[Entity]:
    entities = []
    for span in sorted(spans, key=lambda s: (s.start, s.end, s.type)):
        kind = _ENTITY_TYPES.get(span.type)
        if kind is None:
            continue
        entities.append(
            Entity(
                type=kind,
                value=span.value,
                confidence=span.confidence,
                start_index=span.start,
                end_index=span.end,
            )
        )
    return entities


def _corrections(text: str, trip: ParsedTrip) -> list[Correction]:
    """Fields this message changes, with the value it replaces when the text names it."""
    replaced = {
        "destination": trip.rejected_places[0] if trip.rejected_places else None,
        "budget": next((s.value for s in trip.spans if s.type == "replaced_budget"), None),
        "days": next((s.value for s in trip.spans if s.type == "replaced_duration"), None),
    }
    if _CORRECTION.search(text) is None and not any(replaced.values()):
        return []
    fields: list[tuple[str, Any]] = [
        ("destination", trip.destination),
        ("origin", trip.origin),
        ("start_date", trip.start_date),
        ("end_date", trip.end_date),
        ("days", trip.days),
        ("travel_month", trip.travel_month),
        ("adults", trip.adults),
        ("children", trip.children),
        ("budget", None if trip.budget is None else f"{trip.budget:g}"),
        ("currency", trip.currency),
        ("room_type", trip.room_type),
    ]
    if any(span.type == "cities_to_visit" for span in trip.spans):
        fields.append(("cities_to_visit", trip.cities_to_visit))
    for name in ("house_rules", "cuisines", "transport_bans"):
        values = getattr(trip, name)
        fields.append((name, ", ".join(str(v) for v in values) if values else None))
    changed = [
        Correction(field=name, value=str(value), replaces=replaced.get(name))
        for name, value in fields
        if value is not None
    ]
    for name, old in replaced.items():  # "not Miami" alone: the old value goes, no new one yet
        if old is not None and all(c.field != name for c in changed):
            changed.append(Correction(field=name, value="", replaces=old))
    return changed


def _topics(entities: list[Entity], intent: Intent, text: str) -> list[str]:
    topics: list[str] = []
    candidates = [_TOPICS.get(entity.type) for entity in entities]
    candidates += [_INTENT_TOPICS.get(name) for name in (intent.primary, *intent.secondary)]
    candidates += [topic for topic, pattern in _KEYWORD_TOPICS if pattern.search(text)]
    for topic in candidates:
        if topic is not None and topic not in topics:
            topics.append(topic)
    return topics


def _urgency(text: str, trip: ParsedTrip, today: date) -> float:
    """0..1: explicit rush words, exclamation, and a trip starting within a week."""
    score = sum(weight for weight, pattern in _URGENCY if pattern.search(text))
    if trip.start_date is not None and 0 <= (trip.start_date - today).days <= 7:
        score += 0.2
    return round(min(1.0, score), 2)


def analyse_message(text: str, gazetteer: Gazetteer, *, today: date) -> MessageAnalysis:
    """Sentiment, intent, entities, topics, urgency, preferences and corrections of `text`."""
    trip = parse_trip_request(text, gazetteer, today=today)
    corrections = _corrections(text, trip)
    primary, secondary, confidence = score_intents(text, trip, correction=bool(corrections))
    intent = Intent(primary=primary, secondary=secondary, confidence=confidence)
    score, label, sentiment_confidence = sentiment(text)
    covered = [(span.start, span.end) for span in trip.spans]
    extras = [
        span
        for span in extra_spans(text)
        if span.type in {"age", "interest", "activity"}
        or not any(start <= span.start < end for start, end in covered)
    ]
    entities = _entities([*trip.spans, *extras])
    return MessageAnalysis(
        sentiment=Sentiment(score=score, label=label, confidence=sentiment_confidence),
        intent=intent,
        entities=entities,
        topics=_topics(entities, intent, text),
        urgency=_urgency(text, trip, today),
        preferences=trip,
        corrections=corrections,
    )
