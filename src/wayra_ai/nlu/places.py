"""Places: find gazetteer cities and regions in a text and tell origin from destination.

Names are matched as word n-grams against a normalised index (case, dots and
"Saint"/"St" do not matter). A lowercase mention counts only right after a place
cue ("to boston") unless it is unmistakable ("new york", "nyc"), so everyday words
that happen to be city names ("mission", "bend") are not taken for places.
Capitalised names after a place cue that the gazetteer does not know are reported
as unknown, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from wayra_ai.planner.request import Gazetteer

Role = Literal["origin", "destination", "rejected", "qualifier"]

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’.]*")
_MAX_WORDS = 4
_NOT_PLACES = {"none"}  # stateSet.txt lists "None" as a region
_ALIASES = {
    "nyc": "New York",
    "new york city": "New York",
    "vegas": "Las Vegas",
    "philly": "Philadelphia",
    "dc": "Washington",
    "washington dc": "Washington",
    "frisco": "San Francisco",
    "nola": "New Orleans",
    "la": "Los Angeles",
    "l a": "Los Angeles",
    "sf": "San Francisco",
    "slc": "Salt Lake City",
}

_ORIGIN_CUE = (
    r"from|departing(?: from| out of)?|departs(?: from)?|depart(?: from)?|leaving(?: from)?"
    r"|leaves?(?: from)?|starting(?: out)?(?: from| in| at| out of)?"
    r"|starts?(?: from| in| at)|beginning(?: from| in| at)|begins? in|set(?:ting)? off from"
    r"|taking off from|originating(?: from| in)?|out of|based in|live in|living in|lives in"
    r"|(?:i'm|i am|we're|we are) in|home is|flying out of|fly out of|coming from|return to"
    r"|returning to|back to"
)
_DEST_CUE = (
    r"to|heading(?: to| for| into)?|heads? to|going to|go to|trip to|fly(?:ing)? to"
    r"|travel(?:l?ing)? to|visit(?:ing|s)?(?: to)?|explor(?:e|ing)|tour(?:ing)?|cover(?:ing)?"
    r"|in|across|through|throughout|towards?|into|ending(?: up)? in|end in|destination(?: is)?"
    r"|around|see|seeing|stopping in|somewhere in|within|at"
)
_REJECT_CUE = r"not|instead of|rather than|except|but not|no longer|skip|avoid|anywhere but"
_CUE = re.compile(
    rf"\b(?:(?P<reject>{_REJECT_CUE})|(?P<origin>{_ORIGIN_CUE})|(?P<dest>{_DEST_CUE}))\b"
)
# Between a cue and its place only a few plain words may stand ("to the city of").
_CUE_GAP = re.compile(r"^(?:\s*[a-z'’-]+){0,3}\s*$")
_LOWERCASE_CUE = re.compile(rf"\b(?:{_ORIGIN_CUE}|{_DEST_CUE})\s+$")
_REGION_CONTEXT_BEFORE = re.compile(
    r"(?:cities|towns|places|spots|stops|destinations)\s+(?:in|across|throughout|around|of|within)"
    r"\s+(?:the\s+)?(?:state\s+of\s+)?$|state\s+of\s+$"
)
_REGION_CONTEXT_AFTER = re.compile(r"^\s+state\b", re.I)
_BASED_AFTER = re.compile(r"^[\s-]*based\b", re.I)  # "a Denver-based couple"
# Lowercase multi-word names count without a cue ("new york"), except those that read
# as everyday phrases ("a long beach walk", "state college").
_EVERYDAY_FIRST_WORDS = frozenset(
    [
        "long",
        "great",
        "grand",
        "state",
        "sun",
        "twin",
        "rock",
        "little",
        "big",
        "north",
        "south",
        "east",
        "west",
        "international",
        "college",
        "palm",
        "cedar",
        "green",
        "white",
    ]
)
_NAME_STARTS = frozenset({"new", "north", "south", "east", "west", "san", "st", "fort", "lake"})
_ROUTE_GAPS = {"to", "To", "-", "->", "→", "–"}
_QUALIFIER_GAP = re.compile(r"^\s*,\s*$")
_UNKNOWN = re.compile(
    r"\b(?:from|to|in|visit|visiting|towards?|into|via|explore|exploring|leaving|departing)\s+"
    r"(?P<name>[A-Z][a-zA-Z'’-]+(?:\s+[A-Z][a-zA-Z'’-]+){0,2})"
)
_NOT_PLACE_WORDS = frozenset(
    re.findall(
        r"\w+",
        """january february march april may june july august september october november december
        jan feb mar apr jun jul aug sep sept oct nov dec
        monday tuesday wednesday thursday friday saturday sunday
        i we me my our us you the a an it this that there here please can could would will
        thanks thank hi hello budget entire private shared american chinese french indian
        italian mediterranean mexican thai japanese korean greek spanish vietnamese
        today tomorrow tonight next spring summer autumn fall winter christmas easter
        thanksgiving memorial labor independence halloween valentine valentines year years eve
        holidays holiday break weekend airbnb airbnbs vrbo hotel hotels hostel hostels motel
        uber lyft amtrak greyhound economy business premium downtown uptown midtown
        english german cuisine food town city""",
    )
)


@dataclass(frozen=True)
class PlaceIndex:
    """Normalised name -> canonical city / region, built once per gazetteer."""

    cities: dict[str, str]
    regions: dict[str, str]
    prefixes: frozenset[str]  # every leading word sequence of a name, to stop early


@dataclass
class PlaceMention:
    """One place in the text: a known city and/or region, or an unknown capitalised name."""

    text: str
    start: int
    end: int
    city: str | None
    region: str | None
    role: Role | None = None
    cue: str = ""
    known: bool = True
    as_region: bool = False  # a name that is both ("Washington") read as the region

    @property
    def canonical(self) -> str:
        if self.as_region and self.region:
            return self.region
        return self.city or self.region or self.text


def _key(text: str) -> str:
    words = text.lower().replace("’", "'").replace(".", " ").split()
    if words and words[0] == "saint":
        words[0] = "st"
    if words and words[0] == "sainte":
        words[0] = "ste"
    return " ".join(words)


_INDEX_CACHE: dict[int, tuple[Gazetteer, PlaceIndex]] = {}


def place_index(gazetteer: Gazetteer) -> PlaceIndex:
    """The index of `gazetteer`, cached by identity (gazetteers are frozen)."""
    cached = _INDEX_CACHE.get(id(gazetteer))
    if cached is not None and cached[0] is gazetteer:
        return cached[1]
    cities = {_key(name): name for name in gazetteer.city_states}
    regions = {
        _key(name): name
        for name in {*gazetteer.regions, *gazetteer.city_states.values()}
        if _key(name) not in _NOT_PLACES
    }
    for alias, canonical in _ALIASES.items():
        if canonical in gazetteer.city_states:
            cities.setdefault(alias, canonical)
    prefixes = {
        " ".join(words[:n])
        for words in (key.split() for key in (*cities, *regions))
        for n in range(1, len(words) + 1)
    }
    index = PlaceIndex(cities=cities, regions=regions, prefixes=frozenset(prefixes))
    if len(_INDEX_CACHE) > 16:
        _INDEX_CACHE.clear()
    _INDEX_CACHE[id(gazetteer)] = (gazetteer, index)
    return index


def _known_mentions(text: str, index: PlaceIndex) -> list[PlaceMention]:
    tokens = [(m.start(), m.end(), _key(m.group())) for m in _TOKEN.finditer(text)]
    mentions: list[PlaceMention] = []
    i = 0
    while i < len(tokens):
        best: tuple[int, str | None, str | None] | None = None
        key = ""
        for width in range(1, min(_MAX_WORDS, len(tokens) - i) + 1):
            key = f"{key} {tokens[i + width - 1][2]}".strip()
            if key not in index.prefixes:
                break
            city, region = index.cities.get(key), index.regions.get(key)
            if city is not None or region is not None:
                best = (width, city, region)
        if best is None:
            i += 1
            continue
        width, city, region = best
        start, end = tokens[i][0], tokens[i + width - 1][1]
        if text[end - 1] == "." and "." not in text[start : end - 1]:
            end -= 1  # a full stop, not part of the name
        mention_text = text[start:end]
        key = _key(mention_text)
        unambiguous = (" " in key and key.split()[0] not in _EVERYDAY_FIRST_WORDS) or (
            len(key) > 2 and key in _ALIASES
        )
        cue_before = _LOWERCASE_CUE.search(text[max(0, start - 25) : start].lower())
        if not mention_text.islower() or unambiguous or cue_before:
            mentions.append(PlaceMention(mention_text, start, end, city, region))
        i += width
    return mentions


def _unknown_mentions(text: str, known: list[PlaceMention]) -> list[PlaceMention]:
    unknown: list[PlaceMention] = []
    for match in _UNKNOWN.finditer(text):
        words = list(re.finditer(r"\S+", match.group("name")))
        while words and words[-1].group().lower().strip("'’") in _NOT_PLACE_WORDS:
            words.pop()  # "Springfield May 2": the month is not part of the name
        if not words or words[0].group().lower().strip("'’") in _NOT_PLACE_WORDS:
            continue
        if len(words) == 1 and words[0].group().lower() in _NAME_STARTS:
            continue  # "New" left over from "New Year"
        start = match.start("name")
        end = start + words[-1].end()
        name = text[start:end]
        if any(m.start < end and start < m.end for m in known):
            continue
        unknown.append(PlaceMention(name, start, end, None, None, known=False))
    return unknown


def _assign_role(text: str, mention: PlaceMention, window_start: int) -> None:
    window = text[max(window_start, mention.start - 60) : mention.start].lower()
    cue = None
    for candidate in _CUE.finditer(window):
        if _CUE_GAP.match(window[candidate.end() :]):
            cue = candidate
    if cue is None:
        return
    mention.cue = cue.group(0)
    trailing = window[cue.end() :]
    if cue.group("reject"):
        if len(trailing.strip()) <= 8 and "," not in trailing:
            mention.role = "rejected"
    elif cue.group("origin"):
        mention.role = "origin"
    else:
        mention.role = "destination"


def find_places(text: str, gazetteer: Gazetteer) -> list[PlaceMention]:
    """Every place mention in `text`, in order, with its role where the wording tells it."""
    index = place_index(gazetteer)
    known = _known_mentions(text, index)
    mentions = sorted([*known, *_unknown_mentions(text, known)], key=lambda m: m.start)
    previous_end = 0
    for number, mention in enumerate(mentions):
        if (
            number > 0
            and mention.region is not None
            and _QUALIFIER_GAP.match(text[mentions[number - 1].end : mention.start])
        ):
            mention.role = "qualifier"  # "Portland, Oregon": the state of the city before
        else:
            _assign_role(text, mention, previous_end)
        if mention.role is None and _BASED_AFTER.match(text[mention.end :]):
            mention.role = "origin"
        before = text[max(0, mention.start - 40) : mention.start].lower()
        mention.as_region = mention.region is not None and (
            mention.city is None
            or bool(_REGION_CONTEXT_BEFORE.search(before))
            or bool(_REGION_CONTEXT_AFTER.match(text[mention.end :]))
        )
        previous_end = mention.end
    for number, mention in enumerate(mentions):
        rest, end = mentions[number + 1 :], mention.end
        if rest and rest[0].role == "qualifier":
            rest, end = rest[1:], rest[0].end
        if mention.role is None and rest and text[end : rest[0].start].strip() in _ROUTE_GAPS:
            mention.role = "origin"  # "Boston to Chicago", "Portland, Oregon to Tampa"
    for mention in mentions:
        if mention.role is None:
            mention.role = "destination"
    return mentions
