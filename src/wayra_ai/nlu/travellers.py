"""Party size: "two of us", "a family of four", "a pair", "solo", "2 adults and 3 kids"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from wayra_ai.nlu.numbers import NUMBER, to_int
from wayra_ai.nlu.spans import Span

_N = rf"(?P<n>{NUMBER})"
_PEOPLE = (
    r"(?:people|ppl|persons?|travell?ers?|individuals?|guests?|friends|pax|passengers?|folks|of us"
    r"|colleagues|coworkers|students|members|girls|guys|ladies|gals|men|women|seniors|retirees)"
)
_CHILD = (
    r"(?:kids?|children|child|toddlers?|bab(?:y|ies)|infants?|teens?|teenagers?|sons?|daughters?)"
)
_COMPANIONS = r"(?:friends|others|people|colleagues|buddies|mates|pals|cousins|siblings)"
# "me and 3 friends", "three friends and I": the speaker comes on top of the number
_SPEAKER_PLUS = [
    re.compile(rf"\b(?:me|i|myself)\s+(?:\+|and|plus|with)\s+{_N}\s+{_COMPANIONS}\b", re.I),
    re.compile(rf"\b{_N}\s+{_COMPANIONS}\s+and\s+(?:i|me|myself)\b", re.I),
    re.compile(
        rf"\b(?:i|i'm|i'll|me)\b[^.?!]{{0,30}}?\bwith\s+(?:my\s+)?{_N}\s+{_COMPANIONS}\b", re.I
    ),
]
_LEAD_IN = re.compile(r"(?:for|we|there)\b", re.I)
_COUPLES = re.compile(rf"\b{_N}\s+couples\b", re.I)  # "two couples" are four people
_TOTAL = [
    re.compile(rf"\b(?:group|party|family|team|crew|band|total)\s+of\s+{_N}\b", re.I),
    re.compile(rf"\b{_N}[\s-]+{_PEOPLE}\b", re.I),
    re.compile(
        rf"\b(?:we(?:'re|\s+are)|there(?:'re|\s+are|\s+will\s+be))\s+{_N}\b(?!\s*(?:days?|nights?))",
        re.I,
    ),
    re.compile(
        rf"\bfor\s+{_N}\b(?![\s-]*(?:days?|nights?|weeks?|months?|hours?|cities|city|stops?"
        rf"|k\b|%|dollars|euros|bucks|grand|thousand|hundred|[,.]\d|\d|{_CHILD}|adults?))",
        re.I,
    ),
]
_PAIR = re.compile(
    r"\b(?:a\s+pair|(?:me|i),?\s+my\s+(?:wife|husband|partner|spouse|girlfriend|boyfriend)"
    r"|(?:me|i)\s+(?:and|&|\+)\s+my\s+(?:bf|gf|hubby|wifey|other half|better half)"
    r"|a\s+(?:[\w-]+\s+){0,2}?couple|as\s+a\s+couple|my\s+(?:wife|husband|partner|girlfriend|boyfriend"
    r"|fianc[eé]e?|spouse|friend|mom|mum|dad|mother|father|brother|sister)\s+and\s+(?:i|me)"
    r"|(?:me|i)\s+and\s+my\s+(?:wife|husband|partner|girlfriend|boyfriend|fianc[eé]e?|spouse"
    r"|friend|mom|mum|dad|mother|father|brother|sister)"
    r"|(?:i'm|i am|i'll be)\s+(?:travell?ing|going|coming)\s+with\s+my\s+(?:wife|husband|partner"
    r"|girlfriend|boyfriend|fianc[eé]e?|spouse|friend|mom|mum|dad|mother|father|brother|sister)"
    r"|(?:with|and)\s+my\s+(?:wife|husband|partner|spouse|girlfriend|boyfriend|fianc[eé]e?))\b"
    r"(?!\s+of\s+(?:days|nights|weeks|cities))",
    re.I,
)
_SOLO = re.compile(
    r"\b(?:solo|alone|by myself|on my own|single[\s-](?:person|traveller|traveler)|one person"
    r"|an individual|just me|only me|for myself|just myself|only myself|single-person"
    r"|individual travell?er|on my lonesome)\b",
    re.I,
)
_ADULTS = re.compile(rf"\b{_N}\s+(?:adults?|grown[\s-]?ups)\b", re.I)
_CHILDREN = re.compile(
    rf"\b(?:{_N}|(?P<a>a|an|one))\s+(?:(?:young|little|small)\s+)?{_CHILD}\b(?!\s+under)",
    re.I,
)


@dataclass
class Party:
    adults: int | None = None
    children: int | None = None


def extract_party(text: str) -> tuple[Party, list[Span]]:
    """Adults and children; a head count without ages counts everyone as adults."""
    spans: list[Span] = []
    total: int | None = None
    for regex in _SPEAKER_PLUS:
        match = regex.search(text)
        if match is not None:
            total = to_int(match["n"]) + 1
            spans.append(
                Span(type="travellers", value=str(total), start=match.start(), end=match.end())
            )
            break
    couples = _COUPLES.search(text)
    if total is None and couples is not None:
        total = 2 * to_int(couples["n"])
        spans.append(
            Span(type="travellers", value=str(total), start=couples.start(), end=couples.end())
        )
    for regex in _TOTAL if total is None else []:
        match = regex.search(text)
        if match is not None:
            total = to_int(match["n"])
            # "for two", "we're 4": the mention is the number; "group of 8" is all of it
            lead_in = _LEAD_IN.match(match.group())
            start = match.start("n") if lead_in else match.start()
            spans.append(Span(type="travellers", value=str(total), start=start, end=match.end()))
            break
    if total is None:
        for regex, count in ((_PAIR, 2), (_SOLO, 1)):
            match = regex.search(text)
            if match is not None:
                total = count
                spans.append(
                    Span(
                        type="travellers",
                        value=str(count),
                        start=match.start(),
                        end=match.end(),
                        confidence=0.9,
                    )
                )
                break
    adults_match, children_match = _ADULTS.search(text), _CHILDREN.search(text)
    adults = to_int(adults_match["n"]) if adults_match else None
    children = None
    if children_match is not None:
        children = 1 if children_match["a"] else to_int(children_match["n"])
        spans.append(
            Span(
                type="children",
                value=str(children),
                start=children_match.start(),
                end=children_match.end(),
            )
        )
    if adults_match is not None:
        spans.append(
            Span(
                type="adults", value=str(adults), start=adults_match.start(), end=adults_match.end()
            )
        )
    if adults is None and total is not None:
        adults = total - (children or 0) if children is not None and total > children else total
    return Party(adults=adults, children=children), spans
