"""Entities the trip request has no field for: ages, activities, interests, transport wishes."""

from __future__ import annotations

import re

from wayra_ai.nlu.constraints import is_negated
from wayra_ai.nlu.spans import Span

_AGE = re.compile(
    r"\b(?P<n>\d{1,2})[\s-]*(?:years?|yrs?|yo)(?:[\s-]*old)?\b"
    r"|\b(?:aged?|ages)\s+(?P<list>\d{1,2}(?:\s*(?:,|and|&)\s*\d{1,2})*)\b",
    re.I,
)
_ACTIVITIES = {
    "museum": "museums",
    "museums": "museums",
    "hiking": "hiking",
    "hike": "hiking",
    "hikes": "hiking",
    "beach": "beaches",
    "beaches": "beaches",
    "nightlife": "nightlife",
    "bars": "nightlife",
    "clubbing": "nightlife",
    "shopping": "shopping",
    "skiing": "skiing",
    "snowboarding": "skiing",
    "surfing": "surfing",
    "diving": "diving",
    "snorkeling": "diving",
    "snorkelling": "diving",
    "concert": "live music",
    "concerts": "live music",
    "live music": "live music",
    "theater": "theatre",
    "theatre": "theatre",
    "art galleries": "art",
    "galleries": "art",
    "national park": "national parks",
    "national parks": "national parks",
    "parks": "parks",
    "zoo": "zoos",
    "aquarium": "aquariums",
    "wine tasting": "wine",
    "winery": "wine",
    "wineries": "wine",
    "brewery": "breweries",
    "breweries": "breweries",
    "sightseeing": "sightseeing",
    "tours": "tours",
    "kayaking": "water sports",
    "fishing": "fishing",
    "golf": "golf",
    "spa": "wellness",
    "cycling": "cycling",
    "biking": "cycling",
    "camping": "camping",
    "theme park": "theme parks",
    "theme parks": "theme parks",
    "amusement park": "theme parks",
    "landmarks": "sightseeing",
    "architecture": "architecture",
    "photography": "photography",
}
_INTERESTS = {
    "warm": "warm weather",
    "sunny": "warm weather",
    "sun": "warm weather",
    "tropical": "warm weather",
    "snow": "snow",
    "cold": "cold weather",
    "mountains": "mountains",
    "mountain": "mountains",
    "nature": "nature",
    "outdoors": "nature",
    "history": "history",
    "historic": "history",
    "culture": "culture",
    "cultural": "culture",
    "art": "art",
    "food": "food",
    "foodie": "food",
    "romantic": "romance",
    "relaxing": "relaxation",
    "relax": "relaxation",
    "quiet": "relaxation",
    "adventure": "adventure",
    "family-friendly": "family",
    "kid-friendly": "family",
    "cheap": "low cost",
    "budget-friendly": "low cost",
    "affordable": "low cost",
    "luxury": "luxury",
}
_TRANSPORT = re.compile(
    r"\b(?:by\s+)?(?P<mode>trains?|rail|bus(?:es)?|coach|ferry|boat|rental car|road trip"
    r"|taxis?|uber|cabs?|flights?|fly(?:ing)?|driv(?:e|ing)|car)\b",
    re.I,
)
_TRANSPORT_MODES = {
    "train": "train",
    "rail": "train",
    "bus": "bus",
    "coach": "bus",
    "ferry": "ferry",
    "boat": "ferry",
    "rental car": "self-driving",
    "road trip": "self-driving",
    "drive": "self-driving",
    "driving": "self-driving",
    "car": "self-driving",
    "taxi": "taxi",
    "uber": "taxi",
    "cab": "taxi",
    "flight": "flight",
    "fly": "flight",
    "flying": "flight",
}


def _words(table: dict[str, str]) -> re.Pattern[str]:
    names = "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))
    return re.compile(rf"\b(?P<w>{names})\b", re.I)


_ACTIVITY = _words(_ACTIVITIES)
_INTEREST = _words(_INTERESTS)


def _mode(word: str) -> str:
    word = word.lower()
    if word.endswith("s") and word[:-1] in _TRANSPORT_MODES:
        word = word[:-1]
    if word == "buses":
        word = "bus"
    return _TRANSPORT_MODES.get(word, word)


def extra_spans(text: str) -> list[Span]:
    """Ages, activities, interests and transport preferences (not bans) in `text`."""
    spans: list[Span] = []
    for match in _AGE.finditer(text):
        if match["n"]:
            spans.append(Span(type="age", value=match["n"], start=match.start(), end=match.end()))
            continue
        for age in re.finditer(r"\d{1,2}", match["list"]):
            offset = match.start("list")
            spans.append(
                Span(
                    type="age",
                    value=age.group(),
                    start=offset + age.start(),
                    end=offset + age.end(),
                )
            )
    for kind, pattern, table in (
        ("activity", _ACTIVITY, _ACTIVITIES),
        ("interest", _INTEREST, _INTERESTS),
    ):
        for match in pattern.finditer(text):
            if not is_negated(text, match.start(), match.end()):
                value = table[match["w"].lower()]
                spans.append(
                    Span(
                        type=kind, value=value, start=match.start(), end=match.end(), confidence=0.8
                    )
                )
    for match in _TRANSPORT.finditer(text):
        if not is_negated(text, match.start(), match.end()):
            spans.append(
                Span(
                    type="transport_preference",
                    value=_mode(match["mode"]),
                    start=match.start("mode"),
                    end=match.end("mode"),
                    confidence=0.7,
                )
            )
    return spans
