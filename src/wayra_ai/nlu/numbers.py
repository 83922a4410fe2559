"""Small cardinal numbers written as digits or English words."""

from __future__ import annotations

NUMBER_WORDS: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "single": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "dozen": 12,
    "a": 1,
    "an": 1,
}

# A regex fragment matching a small number: digits or one of the words above
# ("a"/"an" are left out here; callers that accept "a week" say so explicitly).
NUMBER = r"(?:\d{1,3}|" + "|".join(w for w in NUMBER_WORDS if w not in {"a", "an"}) + r")"


def to_int(token: str) -> int:
    """The value of a token matched by `NUMBER` (or "a"/"an")."""
    token = token.lower()
    return int(token) if token.isdigit() else NUMBER_WORDS[token]


_ORDINAL_UNITS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
}
ORDINAL_WORDS: dict[str, int] = {
    **_ORDINAL_UNITS,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
    **{f"twenty{sep}{word}": 20 + n for word, n in _ORDINAL_UNITS.items() for sep in ("-", " ")},
    "thirty-first": 31,
    "thirty first": 31,
}
# A day of the month written as an ordinal word: "the third", "twenty-first".
ORDINAL = "(?:" + "|".join(sorted(ORDINAL_WORDS, key=len, reverse=True)) + ")"
