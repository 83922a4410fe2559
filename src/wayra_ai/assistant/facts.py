"""The guard between a model's phrasing and the traveller: no invented figure or name.

A model may only rephrase the deterministic draft. Every number in its text must be a
number the draft or the traveller's own message already contains, and every capitalised
name must appear there too; otherwise the draft is sent instead.
"""

from __future__ import annotations

import re

_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?")
_NAME = re.compile(r"\b[A-Z][\w'&.-]*(?:\s+(?:[A-Z][\w'&.-]*|of|de|la|the|and))*")
_COMMON_WORDS = frozenset(
    """I A An The This That These Those It Its We You Your Our My Here There Day Days Total
    Budget Savings Breakfast Lunch Dinner Stay Stays Night Nights Flight Flights Taxi Self
    Self-driving Transport Transportation Accommodation Attraction Attractions Cost Costs
    Plan Itinerary Trip Meals Meal Hotel Room Rooms Great Sure Yes No Okay OK Enjoy Have
    Let Would Could Should If When Then So And But Or For From To On In At With Note Tip
    Also Happy Thanks Thank Hi Hello Please Just Sounds Perfect Good Nice Alright Of
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
    May June July August September October November December USD EUR GBP""".split()  # noqa: SIM905 - a word list reads better as text
)


def _numbers(text: str) -> set[str]:
    found = set()
    for match in _NUMBER.finditer(text):
        value = match.group().replace(",", "").rstrip(".")
        if "." in value:
            value = value.rstrip("0").rstrip(".")
        found.add(value)
    return found


def _names(text: str) -> set[str]:
    names = set()
    for match in _NAME.finditer(text):
        words = match.group().split()
        before = text[: match.start()].rstrip()
        if len(words) == 1 and (not before or before[-1] in ".!?:"):
            continue  # "Well, ..." : a lone capital at a sentence's start is not a name
        words = [word for word in words if word not in _COMMON_WORDS]
        while words and words[0].islower():  # connectors ("the", "of") only join names
            words.pop(0)
        while words and words[-1].islower():
            words.pop()
        if words:  # a sentence's full stop is not part of the name ("St." keeps its own)
            names.add(" ".join(words).removesuffix("."))
    return names


def unsupported_claims(reply: str, *sources: str) -> list[str]:
    """Numbers and names in `reply` that none of `sources` contains (empty when faithful)."""
    source_text = "\n".join(sources)
    known_numbers = _numbers(source_text)
    problems = sorted(_numbers(reply) - known_numbers)
    lowered = source_text.lower()
    for name in sorted(_names(reply)):
        if name.lower() not in lowered:
            problems.append(name)
    return problems
