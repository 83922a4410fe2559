"""Money: "$2,300", "up to 2300 dollars", "1.5k", "€800", "budget is now $1,800"."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from wayra_ai.nlu.numbers import NUMBER_WORDS
from wayra_ai.nlu.spans import Span

_SYMBOLS = {"$": "USD", "us$": "USD", "c$": "CAD", "ca$": "CAD", "a$": "AUD", "au$": "AUD"}
_SYMBOLS |= {"€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR"}
_WORDS = {
    "dollar": "USD",
    "dollars": "USD",
    "bucks": "USD",
    "usd": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "eur": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "quid": "GBP",
    "gbp": "GBP",
    "cad": "CAD",
    "aud": "AUD",
    "yen": "JPY",
    "jpy": "JPY",
    "rupees": "INR",
    "inr": "INR",
    "mxn": "MXN",
    "pesos": "MXN",
    "chf": "CHF",
}
_SYMBOL = r"(?:us\$|ca?\$|au?\$|\$|€|£|¥|₹)"
_WORD = r"(?:" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")"
_CODE = r"(?:usd|eur|gbp|cad|aud|jpy|inr|mxn|chf)"
_AMOUNT = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_SCALE = r"(?:\s?(?:k|grand)\b|\s(?:thousand|hundred)\b)"
_SPELLED = r"(?:" + "|".join(w for w in NUMBER_WORDS if w not in {"zero", "single"}) + r")"

_MONEY = re.compile(
    rf"(?P<neg1>-\s?|minus\s)?(?P<sym>{_SYMBOL})\s?(?P<neg2>-)?(?P<a1>{_AMOUNT})(?P<s1>{_SCALE})?"
    rf"|(?P<neg3>-|minus\s)?(?P<a2>{_AMOUNT})(?P<s2>{_SCALE})?\s?(?:(?P<sym2>{_SYMBOL})|(?P<word>{_WORD})\b)"
    rf"|\b(?P<code>{_CODE})\s?(?P<neg4>-)?(?P<a3>{_AMOUNT})(?P<s3>{_SCALE})?"
    rf"|\b(?P<a4>\d+(?:\.\d+)?)(?P<s4>\s?k|\s?grand)\b"
    rf"|\b(?P<spelled>{_SPELLED})\s(?P<s5>thousand|hundred|grand)(?:\s(?P<word2>{_WORD})\b)?",
    re.IGNORECASE,
)
# A bare amount counts as money only right after a budget cue: "budget is 2000".
_CUE_WORDS = (
    r"\b(?:budget(?:\s+(?:is|of|at|was|would be|will be|set at|around|about|now|max|"
    r"limit|cap|up to))*|spend(?:ing)?(?:\s+(?:up to|at most|about|around|no more than))?"
    r"|up to|at most|no more than|maximum(?: of)?|max(?: of)?|under|afford|total(?: of)?"
    r"|allocated at|cap(?: of)?|limit(?: of)?|revised)\b"
)
_STRONG_CUE_WORDS = (
    r"\b(?:budget(?:\s+(?:is|of|at|was|would be|will be|set at|around|about|now|max|limit|cap"
    r"|up to|to|of about|of around|of up to))*|spend(?:ing)?(?:\s+(?:up to|at most|about|around"
    r"|no more than))?|afford(?:\s+(?:up to|about|around))?)\b"
)
_BUDGET_CUE = re.compile(_CUE_WORDS + r"[^.?!\d$€£¥₹]{0,20}$", re.IGNORECASE)
_CUE_THEN_NUMBER = re.compile(_STRONG_CUE_WORDS + r"[\s:=]*(?=-|minus|\d)", re.IGNORECASE)
_PER = re.compile(
    r"\s*(?:(?P<person>per (?:person|head|traveller|traveler|adult)|each|pp|a (?:person|head))"
    r"|(?P<day>per day|a day|/\s?day|daily)|(?P<night>per night|a night|/\s?night|nightly))\b",
    re.IGNORECASE,
)
_RANGE_GAP = re.compile(r"\s*(?:-|–|to|and)\s*$")
# "instead of $2,000", "from $2,000 to $1,500": an amount being replaced
REPLACED_BEFORE = re.compile(r"\b(?:instead of|rather than|not|from|no longer)\s+$", re.I)
_PER_PERSON_BEFORE = re.compile(
    r"\b(?:per (?:person|head|traveller|traveler)|each(?: of us)?(?: can spend| has)?)\W*$",
    re.IGNORECASE,
)
# "1500 max", "2k tops": a bare amount made money by the word after it.
_BARE_THEN_CUE = re.compile(
    rf"(?<![\d.,/:$€£-])(?P<a>{_AMOUNT})(?P<s>{_SCALE})?\s+(?:max(?:imum)?|tops|total|budget"
    r"|or less|at most|all in|all-in)\b",
    re.IGNORECASE,
)
_BARE = re.compile(
    rf"(?P<neg>-|minus\s)?(?P<a>{_AMOUNT})(?P<s>{_SCALE})?(?!\s*(?:%|days?|nights?|weeks?|people|persons|cities|adults|kids|children|travell?ers|\.\d|/|-\d|:\d))",
    re.IGNORECASE,
)


@dataclass
class Money:
    amount: float
    currency: str | None
    start: int
    end: int
    budget_cue: bool
    per: str | None = None  # "person", "day" or "night" when not for the whole trip
    replaced: bool = False  # "instead of $2,000": the amount the message moves away from
    range_low: bool = False  # "$2,000-$3,000": the budget is the upper end


def _scale(token: str | None) -> float:
    if not token:
        return 1.0
    return 100.0 if token.strip().lower() == "hundred" else 1000.0


def _amount(token: str) -> float:
    return float(token.replace(",", ""))


def _from_match(m: re.Match[str]) -> tuple[float, str | None]:
    if m["a1"]:
        value, currency = _amount(m["a1"]) * _scale(m["s1"]), _SYMBOLS[m["sym"].lower()]
        negative = bool(m["neg1"] or m["neg2"])
    elif m["a2"]:
        unit = (m["sym2"] or m["word"]).lower()
        value = _amount(m["a2"]) * _scale(m["s2"])
        currency = _SYMBOLS.get(unit) or _WORDS[unit]
        negative = bool(m["neg3"])
    elif m["a3"]:
        value, currency = _amount(m["a3"]) * _scale(m["s3"]), m["code"].upper()
        negative = bool(m["neg4"])
    elif m["a4"]:
        value, currency, negative = _amount(m["a4"]) * 1000, None, False
    else:
        value = NUMBER_WORDS[m["spelled"].lower()] * _scale(m["s5"])
        currency = _WORDS[m["word2"].lower()] if m["word2"] else None
        negative = False
    return (-value if negative else value), currency


def _per(text: str, start: int, end: int) -> str | None:
    """ "$500 per person", "per person $500", "$150 a night": what one amount covers."""
    if _PER_PERSON_BEFORE.search(text[max(0, start - 25) : start]):
        return "person"
    match = _PER.match(text, end)
    if match is None:
        return None
    return "person" if match["person"] else "day" if match["day"] else "night"


def find_money(text: str) -> list[Money]:
    """Every amount of money in `text`, in order."""
    found: list[Money] = []
    for m in _MONEY.finditer(text):
        value, currency = _from_match(m)
        cued = bool(_BUDGET_CUE.search(text[max(0, m.start() - 45) : m.start()]))
        found.append(
            Money(value, currency, m.start(), m.end(), cued, _per(text, m.start(), m.end()))
        )
    for cue in _CUE_THEN_NUMBER.finditer(text):
        bare = _BARE.match(text, cue.end())
        if bare is None or any(f.start <= bare.start() < f.end for f in found):
            continue
        value = _amount(bare["a"]) * _scale(bare["s"])
        amount = -value if bare["neg"] else value
        found.append(
            Money(
                amount, None, bare.start(), bare.end(), True, _per(text, bare.start(), bare.end())
            )
        )
    for match in _BARE_THEN_CUE.finditer(text):
        if any(f.start <= match.start() < f.end for f in found):
            continue
        value = _amount(match["a"]) * _scale(match["s"])
        per = _per(text, match.start(), match.end())
        found.append(
            Money(
                value,
                None,
                match.start(),
                match.end("a") if not match["s"] else match.end("s"),
                True,
                per,
            )
        )
    found.sort(key=lambda money: money.start)
    for previous, money in itertools.pairwise(found):
        if money.amount < 0 and _RANGE_GAP.match(text[previous.end : money.start + 1]):
            money.amount = -money.amount  # "$2k-$3k": the dash joins a range
            while text[money.start] in "-– \t":
                money.start += 1
    return found


def extract_budget(text: str) -> tuple[Money | None, list[Span]]:
    """The trip budget: the last amount said to be a budget, whole-trip amounts first.

    A budget "per person" or "per night" keeps its `per`; the caller scales it.
    """
    money = find_money(text)
    for m in money:
        m.replaced = bool(REPLACED_BEFORE.search(text[max(0, m.start - 20) : m.start]))
    for low, high in itertools.pairwise(money):
        if not low.replaced and _RANGE_GAP.match(text[low.end : high.start]):
            # "between $2k and $3k", "$2k-$3k": a range; the budget is its upper end
            low.range_low, high.budget_cue = True, high.budget_cue or low.budget_cue
            high.currency = high.currency or low.currency
    ranked = sorted(
        money,
        key=lambda m: (
            not m.replaced,
            not m.range_low,
            m.budget_cue,
            m.per is None,
            m.start if m.budget_cue else -m.start,
        ),
    )
    budget = ranked[-1] if money and not ranked[-1].replaced else None
    spans = []
    for m in money:
        kind = "replaced_budget" if m.replaced else "money"
        if m is budget:
            kind = f"budget_per_{m.per}" if m.per else "budget"
        confidence = 1.0 if m is budget else 0.9
        spans.append(
            Span(type=kind, value=f"{m.amount:g}", start=m.start, end=m.end, confidence=confidence)
        )
    if budget is not None and budget.currency:
        spans.append(
            Span(type="currency", value=budget.currency, start=budget.start, end=budget.end)
        )
    return budget, spans
