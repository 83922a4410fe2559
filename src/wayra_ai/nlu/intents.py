"""Intent scoring: keyword evidence per intent plus what the trip parser found.

Each pattern adds its weight to its intent; the highest score is the primary intent,
others scoring at least half of it are secondary. Confidence grows with the margin
between the best and the runner-up.
"""

from __future__ import annotations

import re

from wayra_ai.nlu.trip_parser import ParsedTrip

INTENTS = (
    "plan_trip",
    "modify_trip",
    "ask_budget",
    "ask_info",
    "book",
    "confirm",
    "reject",
    "feedback",
    "greeting",
    "smalltalk",
    "support",
)

_PATTERNS: list[tuple[str, float, re.Pattern[str]]] = [
    (
        "greeting",
        2.0,
        re.compile(
            r"^\W*(?:hi|hello|hey|hiya|howdy|hola|greetings|yo|good\s+(?:morning|afternoon|evening))\b"
        ),
    ),
    (
        "smalltalk",
        2.0,
        re.compile(
            r"\b(?:how are you|how's it going|what's up|who are you|what are you"
            r"|are you (?:a bot|human|real)|tell me a joke|nice to meet you|what's your name"
            r"|good night|how do you do|how was your day)\b"
        ),
    ),
    (
        "support",
        2.5,
        re.compile(
            r"\b(?:refund|cancel (?:my )?(?:subscription|account|membership)|my account|log ?in"
            r"|password|payment|charged|billing|bug|error|crash(?:ed|es)?|not working|doesn't work"
            r"|broken|customer service|support|complain(?:t)?|stranded"
            r"|lost (?:my )?(?:passport|luggage|bag|wallet)|missed (?:my )?(?:flight|train|bus)"
            r"|emergency|help me with the app)\b"
        ),
    ),
    (
        "book",
        2.0,
        re.compile(
            r"\b(?:book(?:ing)?|reserve|reservation|purchase|buy (?:the )?tickets?|check ?out"
            r"|pay for|secure (?:the|a) (?:room|flight|seat))\b"
        ),
    ),
    (
        "confirm",
        2.0,
        re.compile(
            r"^\W*(?:yes|yeah|yep|yup|sure|ok|okay|sounds (?:good|great|perfect)|perfect|great"
            r"|let's do it|let's go|go ahead|confirm(?:ed)?|that works|deal|agreed|absolutely"
            r"|looks good|exactly|correct|do it)\b"
        ),
    ),
    (
        "reject",
        2.0,
        re.compile(
            r"^\W*(?:no|nope|nah|not really)\b|\b(?:don't like|do not like|not what i|reject"
            r"|none of (?:these|those|them)|something else|other options?|not interested"
            r"|that won't work|doesn't work for (?:me|us))\b"
        ),
    ),
    (
        "feedback",
        1.5,
        re.compile(
            r"\b(?:thanks|thank you|thx|appreciate|love (?:it|this|that)|great job|well done"
            r"|awesome|amazing|helpful|useless|terrible|awful|disappointed|bad (?:plan|suggestion"
            r"|job)|not helpful|you(?:'re| are) (?:great|the best|useless)|good job)\b"
        ),
    ),
    (
        "ask_budget",
        2.5,
        re.compile(
            r"\b(?:how much|what(?:'s| is| will| would)? (?:the )?(?:total |overall )?"
            r"(?:cost|price)|cost(?:s)? (?:of|for)|price of|is it (?:expensive|cheap|affordable)"
            r"|can (?:i|we) afford|within (?:my|our) budget\?|how expensive|cheapest)\b"
        ),
    ),
    (
        "ask_info",
        1.2,
        re.compile(
            r"^\W*(?:what|where|when|which|who|why|is there|are there|do you know"
            r"|should (?:i|we))\b|\b(?:tell me (?:about|more)|recommend|suggestions?|best time"
            r"|weather|visa|things to do|what to (?:see|do|pack)|open(?:ing)? hours|is it safe"
            r"|how (?:long|far|do i get))\b"
        ),
    ),
    (
        "plan_trip",
        1.5,
        re.compile(
            r"\b(?:plan|planning|trip|itinerary|travel(?:l?ing)?|vacation|holiday|getaway"
            r"|going to|want to go|heading|fly to|explore|tour|weekend in|visit(?:ing)?|get away)\b"
        ),
    ),
    (
        "modify_trip",
        1.5,
        re.compile(
            r"\b(?:change|modify|update|adjust|switch|instead|add|remove|replace|make it|extend"
            r"|shorten|move (?:it|the))\b"
        ),
    ),
]

_QUESTION = re.compile(r"\?\s*$|^\W*(?:can|could|would|will|do|does|is|are|how)\b")


def score_intents(text: str, trip: ParsedTrip, *, correction: bool) -> tuple[str, list[str], float]:
    """(primary intent, secondary intents, confidence in 0..1)."""
    lowered = text.lower()
    scores = dict.fromkeys(INTENTS, 0.0)
    for intent, weight, pattern in _PATTERNS:
        if pattern.search(lowered):
            scores[intent] += weight
    trip_facts = [
        trip.destination,
        trip.origin,
        trip.start_date or trip.travel_month,
        trip.days,
        trip.budget,
        trip.adults,
    ]
    evidence = sum(fact is not None for fact in trip_facts)
    evidence += bool(trip.cuisines or trip.house_rules or trip.room_type or trip.transport_bans)
    scores["plan_trip"] += min(2.5, 0.6 * evidence)
    if correction:
        scores["modify_trip"] += 2.5 + 0.3 * evidence
    if scores["ask_budget"] and not _QUESTION.search(lowered):
        scores["ask_budget"] /= 2
    if _QUESTION.search(lowered):
        scores["ask_info"] += 0.6
    ranked = sorted(INTENTS, key=lambda intent: (-scores[intent], INTENTS.index(intent)))
    best, runner_up = scores[ranked[0]], scores[ranked[1]]
    if best == 0:
        return "smalltalk", [], 0.3
    secondary = [intent for intent in ranked[1:] if scores[intent] >= max(1.0, best / 2)]
    confidence = 0.5 + 0.5 * (best - runner_up) / best
    return ranked[0], secondary, round(min(0.99, confidence), 3)
