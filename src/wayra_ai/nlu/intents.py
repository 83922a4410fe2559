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

_PATTERNS: list[tuple[str, float, str]] = [
    (
        "greeting",
        2.0,
        r"^\W*(?:hi|hello|hey|hiya|howdy|hola|greetings|yo|good\s+(?:morning|afternoon|evening))\b",
    ),
    (
        "smalltalk",
        2.0,
        r"\b(?:how are you|how's it going|what's up|who are you|what are you"
        r"|are you (?:a bot|human|real)|tell me a joke|nice to meet you|what's your name"
        r"|good night|how do you do|how was your day)\b",
    ),
    (
        "support",
        2.5,
        r"\b(?:refund|cancel (?:my|our) (?:subscription|account|membership|booking|reservation)"
        r"|my account|log ?in|password|payment|charged|billing|bug|error|crash(?:ed|es|ing)?"
        r"|not working|doesn't work|broken|customer service|support|complain(?:t)?|stranded"
        r"|lost (?:my )?(?:passport|luggage|bag|wallet)|missed (?:my )?(?:flight|train|bus)"
        r"|emergency|help me with the app)\b",
    ),
    (
        "book",
        2.0,
        r"\b(?:book(?:ing)?|reserve|reservation|purchase|buy (?:the )?tickets?|check ?out"
        r"|pay for|secure (?:the|a) (?:room|flight|seat))\b",
    ),
    (
        "confirm",
        2.0,
        r"^\W*(?:yes|yeah|yep|yup|sure|ok|okay|sounds (?:good|great|perfect)|perfect|great"
        r"|let's do it|let's go|go ahead|confirm(?:ed)?|that works|deal|agreed|absolutely"
        r"|looks good|exactly|correct|do it)\b|\blet's go with\b",
    ),
    (
        "reject",
        2.0,
        r"^\W*(?:no|nope|nah|not really)\b|\bno\W*$|\b(?:don't like|do not like|not what i"
        r"|reject|none of (?:these|those|them)|something else|other options?|not interested"
        r"|that won't work|doesn't work for (?:me|us)|over (?:my |our )?budget|too expensive"
        r"|too pricey|cancel (?:the|this|that|our|my) (?:trip|plan|itinerary))\b",
    ),
    (
        "feedback",
        1.5,
        r"\b(?:thanks|thank you|thx|appreciate|love (?:it|this|that)|great job|well done"
        r"|awesome|amazing|helpful|useless|terrible|awful|disappointed|disappointing"
        r"|bad (?:plan|suggestion|job)|not helpful|you(?:'re| are) (?:great|the best|useless)"
        r"|good job|not happy|unhappy|not satisfied|dissatisfied|frustrat\w*)\b",
    ),
    (
        "ask_budget",
        2.5,
        r"\b(?:how much|what(?:'s| is| will| would)? (?:the )?(?:total |overall )?(?:cost|price)"
        r"|costs? (?:of|for)|price of|expensive|pricey|cheap|cheaper|cheapest|affordable"
        r"|can (?:i|we) afford|within (?:my|our) budget|fees?)\b",
    ),
    (
        "ask_info",
        1.2,
        r"^\W*(?:what|where|when|which|who|why|is there|are there|do you know"
        r"|should (?:i|we))\b|\b(?:tell me (?:about|more)|recommend|any suggestions|suggest"
        r"|best time|weather|rain|snow|forecast|temperature|visa|things to do"
        r"|what to (?:see|do|pack)|open(?:ing)? hours|is it safe|how (?:long|far|do i get))\b",
    ),
    (
        "plan_trip",
        1.5,
        r"\b(?:plan|planning|trip|itinerary|travel(?:l?ing)?|vacation|holiday|getaway|honeymoon"
        r"|going to|want to go|heading|fly to|explore|tour|weekend in|visit(?:ing)?|get away"
        r"|find (?:me |us )?(?:flights?|hotels?|a place|somewhere|a trip))\b",
    ),
    (
        "modify_trip",
        2.0,
        r"\b(?:change|modify|update|adjust|switch|swap|instead|add|remove|replace|drop"
        r"|make (?:it|the \w+|this|that)|extend|shorten|shorter|longer|cheaper|earlier|later"
        r"|fewer|another day|extra day|move (?:it|the))\b",
    ),
]
_COMPILED = [(intent, weight, re.compile(pattern)) for intent, weight, pattern in _PATTERNS]
_INFO_QUESTION = re.compile(
    r"^\W*(?:what|where|when|which|who|why|is|are|will|does|do|should|how)\b.*\?\s*$", re.S
)
_QUESTION = re.compile(r"\?\s*$|^\W*(?:can|could|would|will|do|does|is|are|how)\b")


def score_intents(text: str, trip: ParsedTrip, *, correction: bool) -> tuple[str, list[str], float]:
    """(primary intent, secondary intents, confidence in 0..1)."""
    lowered = text.lower()
    scores = dict.fromkeys(INTENTS, 0.0)
    for intent, weight, pattern in _COMPILED:
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
    if _INFO_QUESTION.search(lowered):
        scores["ask_info"] += 0.6  # "will it rain ...?" asks; "can you plan ...?" requests
    if scores["greeting"] and any(
        score for intent, score in scores.items() if intent not in {"greeting", "ask_info"}
    ):
        scores["greeting"] = 1.0  # "hello, I need help planning ...": the greeting is secondary
    ranked = sorted(INTENTS, key=lambda intent: (-scores[intent], INTENTS.index(intent)))
    best, runner_up = scores[ranked[0]], scores[ranked[1]]
    if best == 0:
        return "smalltalk", [], 0.3
    secondary = [
        intent
        for intent in ranked[1:]
        if scores[intent] >= max(1.0, best / 2) or (intent == "greeting" and scores[intent])
    ]
    confidence = 0.5 + 0.5 * (best - runner_up) / best
    return ranked[0], secondary, round(min(0.99, confidence), 3)
