"""Stay and travel constraints: house rules, room type, cuisines and transport bans.

A keyword counts unless its clause negates it just before ("no pets", "non-smoking",
"we don't plan to drive" -> a ban on self-driving, since a ban is the negation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from wayra_ai.nlu.spans import Span
from wayra_ai.planner.request import HouseRule, RoomType, TransportBan

_NEGATION = re.compile(
    r"(?:\b(?:no|not|without|never|avoid(?:ing)?|nothing|none|hate|skip|rather not|instead of"
    r"|free of|afraid of|allergic to|can't stand|dislike|cannot|refuse|exclud(?:e|ing)|except"
    r"|other than)\b|n't\b)"
    r"(?:[^\w.;!?,]+(?!(?:so|and|but|because|since|while|though|although|then|yet|as)\b)"
    r"[\w'’-]+){0,5}?[^\w.;!?,]*$|\bnon[\s-]*$",
    re.I,
)
# "flights are not an option", "smoking is not allowed": the negation comes after
_NEGATED_AFTER = re.compile(
    r"[^.;!?,]{0,20}?\b(?:not\s+(?:allowed|permitted|an option|possible|wanted|welcome|ok|okay"
    r"|for (?:us|me))|out of the question|a no-go|off the table|forbidden|prohibited|banned"
    r"|a dealbreaker)\b",
    re.I,
)
_CLAUSE_START = re.compile(r".*(?:[.;!?]|\bbut\b|\bhowever\b)", re.I | re.S)

_HOUSE_RULES: list[tuple[HouseRule, re.Pattern[str]]] = [
    (
        HouseRule.PETS,
        re.compile(r"\b(?:pets?|pet[\s-]friendly|dogs?|cats?|pupp(?:y|ies)|kittens?)\b", re.I),
    ),
    (
        HouseRule.CHILDREN_UNDER_10,
        re.compile(
            r"\b(?:(?:children|kids|child)\s+(?:under|below|younger than)\s+(?:the\s+age\s+of\s+)?"
            r"(?:[1-9]|10|ten|\w+)\b|young\s+(?:children|kids)|little\s+(?:ones|kids)|toddlers?"
            r"|bab(?:y|ies)|infants?|(?:kid|child|children|toddler|baby)[\s-]friendly)",
            re.I,
        ),
    ),
    (HouseRule.PARTIES, re.compile(r"\b(?:part(?:y|ies)|celebrat\w+)\b(?!\s+of\s+\w+)", re.I)),
    (HouseRule.SMOKING, re.compile(r"\b(?:smok(?:e|ing|er|ers)|cigarettes?|vap(?:e|ing))\b", re.I)),
    (
        HouseRule.VISITORS,
        re.compile(r"\b(?:visitors?|(?:have|host|invite)\s+(?:friends|guests))\b", re.I),
    ),
]
_ROOM_TYPES: list[tuple[RoomType, re.Pattern[str]]] = [
    (
        RoomType.ENTIRE,
        re.compile(
            r"\b(?:entire|whole)\s+(?:rooms?|homes?|apartments?|apts?|places?|house|flat|unit)"
            r"|\b(?:rooms?|place|home|apartment)\s+to\s+(?:ourselves|myself|themselves)",
            re.I,
        ),
    ),
    (RoomType.PRIVATE, re.compile(r"\bprivate\s+(?:rooms?|bedrooms?)\b", re.I)),
    (
        RoomType.NOT_SHARED,
        re.compile(
            r"\b(?:not\s+(?:a\s+)?shared|no\s+shared|non[\s-]?shared"
            r"|(?:don't|do\s+not|rather\s+not|prefer\s+not\s+to|won't)\s+(?:want\s+to\s+)?share"
            r"|(?:nothing|anything\s+but)\s+shared)\b",
            re.I,
        ),
    ),
    (
        RoomType.SHARED,
        re.compile(r"\b(?:shared\s+(?:rooms?|dorms?)|dorm(?:itory)?\s+beds?|dorms?)\b", re.I),
    ),
]
_FLIGHT = re.compile(
    r"\b(?:fl(?:y|ying|ights?|ew)|planes?|airplanes?|air\s+travel|airlines?)\b", re.I
)
_DRIVING = re.compile(
    r"\b(?:self[\s-]?driv(?:e|ing)|driv(?:e|ing)|rental\s+cars?|rent(?:ing)?\s+a\s+car"
    r"|car\s+rentals?|road\s+trips?"
    r"|(?:a|our|my|the)\s+car)\b",
    re.I,
)
_FOOD_CONTEXT = re.compile(
    r"\b(?:cuisines?|food|foods|meals?|dining|dine|eat|eating|restaurants?|dishes|culinary"
    r"|taste|tasting|lunch|dinner|breakfast|brunch|try|trying|cooking|foodies?|fond of"
    r"|places to eat)\b",
    re.I,
)
_CUISINES = {
    "american": "American",
    "chinese": "Chinese",
    "french": "French",
    "indian": "Indian",
    "italian": "Italian",
    "mediterranean": "Mediterranean",
    "mexican": "Mexican",
    "thai": "Thai",
    "japanese": "Japanese",
    "korean": "Korean",
    "vietnamese": "Vietnamese",
    "greek": "Greek",
    "spanish": "Spanish",
    "turkish": "Turkish",
    "lebanese": "Lebanese",
    "middle eastern": "Middle Eastern",
    "ethiopian": "Ethiopian",
    "caribbean": "Caribbean",
    "cajun": "Cajun",
    "german": "German",
    "brazilian": "Brazilian",
    "peruvian": "Peruvian",
    "tex-mex": "Tex-Mex",
    "vegetarian": "Vegetarian",
    "vegan": "Vegan",
    "asian": "Asian",
    "southern": "Southern",
    "cuban": "Cuban",
    "filipino": "Filipino",
    "indonesian": "Indonesian",
    "malaysian": "Malaysian",
    "moroccan": "Moroccan",
    "persian": "Persian",
    "pakistani": "Pakistani",
    "nepalese": "Nepalese",
    "russian": "Russian",
    "polish": "Polish",
    "irish": "Irish",
    "british": "British",
    "hawaiian": "Hawaiian",
    "jamaican": "Jamaican",
    "african": "African",
    "halal": "Halal",
    "kosher": "Kosher",
    "soul food": "Soul Food",
    "steakhouse": "Steakhouse",
}
# These name food by themselves: no "cuisine"/"food" needed around them.
_FOOD_WORDS = {
    "tea": "Tea",
    "bbq": "BBQ",
    "barbecue": "BBQ",
    "barbeque": "BBQ",
    "seafood": "Seafood",
    "sea food": "Seafood",
    "cafe": "Cafe",
    "cafes": "Cafe",
    "café": "Cafe",
    "cafés": "Cafe",
    "coffee shops": "Cafe",
    "dessert": "Desserts",
    "desserts": "Desserts",
    "pizza": "Pizza",
    "fast food": "Fast Food",
    "bakery": "Bakery",
    "bakeries": "Bakery",
    "pastries": "Bakery",
    "sushi": "Japanese",
    "tapas": "Spanish",
    "dim sum": "Chinese",
    "tacos": "Mexican",
}
_CUISINE = re.compile(
    r"\b(?P<name>"
    + "|".join(re.escape(k) for k in sorted({**_CUISINES, **_FOOD_WORDS}, key=len, reverse=True))
    + r")\b",
    re.I,
)
_SENTENCE = re.compile(r"[^.!?]*(?:[.!?]+|$)")


@dataclass
class Constraints:
    house_rules: list[HouseRule] = field(default_factory=list)
    room_type: RoomType | None = None
    cuisines: list[str] = field(default_factory=list)
    transport_bans: list[TransportBan] = field(default_factory=list)


def is_negated(text: str, start: int, end: int | None = None) -> bool:
    """Whether a negation in the same clause governs the word at `start`..`end`."""
    before = text[max(0, start - 50) : start]
    clause_start = _CLAUSE_START.match(before)
    if clause_start is not None:
        before = before[clause_start.end() :]
    if _NEGATION.search(before):
        return True
    return end is not None and _NEGATED_AFTER.match(text, end) is not None


def _house_rules(text: str, spans: list[Span]) -> list[HouseRule]:
    found: list[tuple[int, HouseRule]] = []
    for rule, regex in _HOUSE_RULES:
        for match in regex.finditer(text):
            if rule is HouseRule.PARTIES and re.match(r"\s+of\b", text[match.end() :]):
                continue  # "a party of five" is a head count
            if is_negated(text, match.start(), match.end()):
                continue
            found.append((match.start(), rule))
            spans.append(
                Span(type="house_rule", value=rule.value, start=match.start(), end=match.end())
            )
            break
    return [rule for _, rule in sorted(found, key=lambda item: item[0])]


def _room_type(text: str, spans: list[Span]) -> RoomType | None:
    for room_type, regex in _ROOM_TYPES:
        match = regex.search(text)
        if match is None:
            continue
        if room_type is not RoomType.NOT_SHARED and is_negated(text, match.start(), match.end()):
            if room_type is RoomType.SHARED:
                room_type = RoomType.NOT_SHARED  # "we don't want shared rooms"
            else:
                continue
        spans.append(
            Span(type="room_type", value=room_type.value, start=match.start(), end=match.end())
        )
        return room_type
    return None


def _cuisines(text: str, spans: list[Span]) -> list[str]:
    cuisines: list[str] = []
    for sentence in _SENTENCE.finditer(text):
        in_food_context = bool(_FOOD_CONTEXT.search(sentence.group()))
        for match in _CUISINE.finditer(text, sentence.start(), sentence.end()):
            key = match["name"].lower()
            name = _FOOD_WORDS.get(key)
            if name is None and in_food_context:
                name = _CUISINES[key]
            if name is None or name in cuisines or is_negated(text, match.start(), match.end()):
                continue
            cuisines.append(name)
            spans.append(Span(type="cuisine", value=name, start=match.start(), end=match.end()))
    return cuisines


def _transport_bans(text: str, spans: list[Span]) -> list[TransportBan]:
    bans: list[TransportBan] = []
    for ban, regex in ((TransportBan.NO_FLIGHT, _FLIGHT), (TransportBan.NO_SELF_DRIVING, _DRIVING)):
        for match in regex.finditer(text):
            if is_negated(text, match.start(), match.end()):
                bans.append(ban)
                spans.append(
                    Span(
                        type="transport_ban", value=ban.value, start=match.start(), end=match.end()
                    )
                )
                break
    return bans


def extract_constraints(text: str) -> tuple[Constraints, list[Span]]:
    spans: list[Span] = []
    constraints = Constraints(
        house_rules=_house_rules(text, spans),
        room_type=_room_type(text, spans),
        cuisines=_cuisines(text, spans),
        transport_bans=_transport_bans(text, spans),
    )
    return constraints, spans
