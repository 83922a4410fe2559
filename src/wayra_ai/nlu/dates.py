"""Dates and durations in everyday English, resolved against `today`.

Handles "March 16th to 18th, 2022", "from the 8th to the 10th of March, 2022",
"2022-03-16 to 2022-03-18", "3/16/2022", "for 5 days starting March 3", "a week",
"3 nights", "next weekend", "tomorrow", "next Friday", and a month on its own
("somewhere warm in March") as a flexible month hint, and US holidays
("Memorial Day weekend", "over Christmas"). A date without a year takes
the year written on a later date of the same message, else its next occurrence on
or after `today`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from wayra_ai.nlu.money import REPLACED_BEFORE
from wayra_ai.nlu.numbers import NUMBER, ORDINAL, ORDINAL_WORDS, to_int
from wayra_ai.nlu.spans import Span

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = rf"(?:(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?|{ORDINAL})"
_YEAR = r"(?:19|20)\d\d"
_JOIN = r"\s*(?:-|–|—|to|through|thru|till|until|and)\s*"

# "from the 8th to the 10th of March, 2022", "16-18 March 2022"
_DAY_DAY_MONTH = re.compile(
    rf"\b(?:the\s+)?(?P<d1>{_DAY}){_JOIN}(?:the\s+)?(?P<d2>{_DAY})\s+(?:of\s+)?(?P<m>{_MONTH})"
    rf"(?:,?\s+(?P<y>{_YEAR}))?\b",
    re.IGNORECASE,
)
# "March 16th to 18th, 2022", "between March 9th and 13th"
_MONTH_DAY_DAY = re.compile(
    rf"\b(?P<m>{_MONTH})\s+(?:the\s+)?(?P<d1>{_DAY}){_JOIN}(?:the\s+)?(?P<d2>{_DAY})"
    rf"(?!\s*(?:{_MONTH}|/|\d{{1,2}}\b|days?|nights?|people|persons|of us|adults|kids"
    r"|children|cities|travell?ers))"
    rf"(?:,?\s+(?P<y>{_YEAR}))?\b",
    re.IGNORECASE,
)
_ISO = re.compile(r"\b(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})\b")
# 3/14 or 3/14/2027 (US order); 16/03/2027 is read day-first since 16 cannot be a month
_SLASHED = re.compile(r"\b(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)(?:/(?P<y>\d{4}|\d{2}))?\b")
_WEEKDAY_RANGE = re.compile(
    r"\b(?:from\s+)?(?P<first>" + "|".join(_WEEKDAYS) + r")\s*(?:-|–|to|through|thru|until|till)\s*"
    r"(?P<last>" + "|".join(_WEEKDAYS) + r")\b",
    re.IGNORECASE,
)
_MONTH_DAY = re.compile(
    rf"\b(?P<m>{_MONTH})\s+(?:the\s+)?(?P<d>{_DAY})\b(?!\s*(?:days?|nights?|people|persons|:))"
    rf"(?:,?\s+(?P<y>{_YEAR}))?",
    re.IGNORECASE,
)
_DAY_MONTH = re.compile(
    rf"\b(?:the\s+)?(?P<d>{_DAY})\s+(?:of\s+)?(?P<m>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?\b",
    re.IGNORECASE,
)
_RELATIVE = re.compile(
    r"\b(?P<word>today|tonight|tomorrow|day after tomorrow|this weekend|next weekend"
    r"|next week|next month|(?:(?:next|this|on|coming|leaving|departing|starting|from)\s+)?"
    r"(?P<weekday>" + "|".join(_WEEKDAYS) + r"))\b",
    re.IGNORECASE,
)
_DURATION = re.compile(
    rf"\b(?:(?P<n>{NUMBER}|a|an)[\s-]+(?P<unit>days?|nights?|weeks?)(?:[\s-]+long)?"
    r"|(?P<week>week[\s-]?long|weeklong)|(?P<fortnight>fortnight)"
    r"|(?P<long>long weekend)|(?P<weekend>weekend (?:trip|getaway|away|break))"
    r"|(?P<couple>a couple (?:of )?days))\b",
    re.IGNORECASE,
)
_BARE_END_DAY = re.compile(
    r"\b(?:back|return(?:ing)?|until|till|through|thru|to|and|leav(?:e|ing)|home)\s+"
    r"(?:on\s+)?(?P<day>the\s+(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th))\b(?!\s+of\b)",
    re.IGNORECASE,
)
_END_WEEKDAY = re.compile(
    r"\b(?:back|return(?:ing)?|until|till|through|thru|home)\s+(?:on\s+)?(?:the\s+following\s+)?"
    r"(?P<weekday>" + "|".join(_WEEKDAYS) + r")\b",
    re.IGNORECASE,
)
_HOLIDAY = re.compile(
    r"\b(?P<name>christmas(?:\s+eve)?|new\s+year'?s?(?:\s+eve)?|thanksgiving|memorial\s+day"
    r"|labou?r\s+day)(?P<weekend>\s+(?:weekend|break|holidays?))?\b",
    re.IGNORECASE,
)
_RATE_BEFORE = re.compile(r"(?:[\d$€£¥]k?|per|once|twice|times)\s*$")
_OFFSET = re.compile(rf"\bin\s+(?P<n>{NUMBER}|a|an)\s+(?P<unit>days?|weeks?)\b", re.IGNORECASE)
_MONTH_HINT = re.compile(
    rf"\b(?:in|during|around|for|this|next|early|mid|late|end of|beginning of|sometime in)"
    rf"[\s-]+(?P<m>{_MONTH})\b(?!\s*\d)",
    re.IGNORECASE,
)


@dataclass
class _Mention:
    start: int
    end: int
    month: int
    day: int
    year: int | None


@dataclass
class DateFacts:
    start_date: date | None = None
    end_date: date | None = None
    days: int | None = None
    travel_month: str | None = None  # "YYYY-MM": a month wished for, without exact days


def _month(token: str) -> int:
    return _MONTHS[token.lower().rstrip(".")[:3]]


def _day(token: str) -> int:
    digits = re.sub(r"\D", "", token)
    return int(digits) if digits else ORDINAL_WORDS[token.lower()]


def _year(token: str | None) -> int | None:
    if not token:
        return None
    return int(token) + (2000 if len(token) == 2 else 0)


def _free(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return all(end <= s or e <= start for s, e in taken)


def _mentions(text: str) -> list[_Mention]:
    found: list[_Mention] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, month: int, day: int, year: int | None) -> None:
        found.append(_Mention(start, end, month, day, year))

    for regex in (_DAY_DAY_MONTH, _MONTH_DAY_DAY):
        for m in regex.finditer(text):
            if not _free(taken, *m.span()):
                continue
            month, year = _month(m["m"]), _year(m["y"])
            add(m.start(), m.end("d1"), month, _day(m["d1"]), year)
            add(m.start("d2"), m.end(), month, _day(m["d2"]), year)
            taken.append(m.span())
    for regex in (_ISO, _SLASHED, _MONTH_DAY, _DAY_MONTH):
        for m in regex.finditer(text):
            if not _free(taken, *m.span()):
                continue
            if regex is _SLASHED:
                first, second = int(m["a"]), int(m["b"])
                month, day = (second, first) if first > 12 else (first, second)
            else:
                month = int(m["m"]) if m["m"].isdigit() else _month(m["m"])
                day = _day(m["d"])
            if 1 <= month <= 12 and 1 <= day <= 31:
                add(m.start(), m.end(), month, day, _year(m["y"]))
                taken.append(m.span())
    return sorted(found, key=lambda mention: mention.start)


def _resolve(mentions: list[_Mention], today: date) -> list[tuple[_Mention, date]]:
    """Each mention with its date, years filled in; impossible dates (Feb 30) are dropped."""
    resolved: list[tuple[_Mention, date]] = []
    for number, mention in enumerate(mentions):
        year = mention.year
        if year is None:
            later = next((m for m in mentions[number + 1 :] if m.year is not None), None)
            if later is not None and later.year is not None:
                year = later.year - ((mention.month, mention.day) > (later.month, later.day))
            elif resolved:
                # "Dec 30 to Jan 2" crosses a new year; "March 18 to 16" stays wrong on purpose
                previous = resolved[-1][1]
                year = previous.year + (mention.month < previous.month)
            else:
                year = today.year + ((mention.month, mention.day) < (today.month, today.day))
        try:
            resolved.append((mention, date(year, mention.month, mention.day)))
        except ValueError:
            continue
    return resolved


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th `weekday` (0 = Monday) of a month; n = -1 for the last one."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _holiday(name: str, weekend: bool, today: date) -> tuple[date, int | None]:
    """Start (and length, for a holiday weekend) of the next occurrence of a US holiday."""
    name = name.lower()
    for year in (today.year, today.year + 1):
        if name.startswith("christmas"):
            day, length = date(year, 12, 24 if "eve" in name else 25), None
        elif name.startswith("new year"):
            day, length = date(year, 12, 31) if "eve" in name else date(year + 1, 1, 1), None
        elif name.startswith("thanksgiving"):
            day, length = _nth_weekday(year, 11, 3, 4), 4 if weekend else None
        elif name.startswith("memorial"):
            monday = _nth_weekday(year, 5, 0, -1)
            day, length = (monday - timedelta(days=2), 3) if weekend else (monday, None)
        else:  # labor day
            monday = _nth_weekday(year, 9, 0, 1)
            day, length = (monday - timedelta(days=2), 3) if weekend else (monday, None)
        if day >= today:
            return day, length
    return day, length


def _relative(word: str, weekday: str | None, today: date) -> tuple[date, int | None]:
    """Start (and length, for weekends and weeks) of a relative expression.

    "this weekend" is the coming Saturday-Sunday (what is left of it on a Sunday),
    "next weekend" the one after it; a weekday is its next occurrence after today.
    """
    word = word.lower()
    if weekday:
        ahead = (_WEEKDAYS.index(weekday.lower()) - today.weekday()) % 7 or 7
        return today + timedelta(days=ahead), None
    this_saturday = today + timedelta(days=5 - today.weekday())
    if word in {"today", "tonight"}:
        return today, None
    if word == "tomorrow":
        return today + timedelta(days=1), None
    if word == "day after tomorrow":
        return today + timedelta(days=2), None
    if word == "this weekend":
        start = max(today, this_saturday)
        return start, (this_saturday - start).days + 2
    if word == "next weekend":
        return this_saturday + timedelta(days=7), 2
    if word == "next week":
        return today + timedelta(days=7 - today.weekday()), 7
    return date(today.year + (today.month == 12), today.month % 12 + 1, 1), None  # next month


def _duration(match: re.Match[str]) -> int:
    if match["week"]:
        return 7
    if match["fortnight"]:
        return 14
    if match["long"]:
        return 3
    if match["weekend"] or match["couple"]:
        return 2
    count = to_int(match["n"])
    unit = match["unit"].lower()
    if unit.startswith("week"):
        return 7 * count
    if unit.startswith("night"):
        return count + 1  # n nights away span n + 1 calendar days
    return count


def _span(kind: str, value: str, start: int, end: int, confidence: float = 1.0) -> Span:
    return Span(type=kind, value=value, start=start, end=end, confidence=confidence)


def _bare_end_day(text: str, after: int, start: date) -> tuple[date, re.Match[str]] | None:
    """ "... on the 5th of June and coming back on the 9th": the 9th of the same month."""
    match = _BARE_END_DAY.search(text, after)
    if match is None:
        return None
    day = int(match["d"])
    month, year = start.month + (day < start.day), start.year
    if month == 13:
        month, year = 1, year + 1
    try:
        return date(year, month, day), match
    except ValueError:
        return None


def _durations(text: str, *, offsets: bool) -> tuple[list[re.Match[str]], list[re.Match[str]]]:
    """Trip lengths, and lengths being replaced ("instead of 3 days"); rates ("$150 a
    night") and offsets ("in two weeks") are neither."""
    kept, replaced = [], []
    for match in _DURATION.finditer(text):
        before = text[max(0, match.start() - 20) : match.start()].lower()
        if REPLACED_BEFORE.search(before):
            replaced.append(match)
            continue
        if match["n"] and match["n"].lower() in {"a", "an"} and _RATE_BEFORE.search(before):
            continue
        if offsets and match["unit"] and re.search(r"\bin\s+$", before):
            continue
        kept.append(match)
    return kept, replaced


def extract_dates(text: str, today: date) -> tuple[DateFacts, list[Span]]:
    """Start, end, length and month hint of a trip, with the spans they came from."""
    facts = DateFacts()
    spans: list[Span] = []
    resolved = _resolve(_mentions(text), today)
    if resolved:
        mention, facts.start_date = resolved[0]
        spans.append(_span("start_date", facts.start_date.isoformat(), mention.start, mention.end))
    if len(resolved) > 1:
        mention, facts.end_date = resolved[1]
        spans.append(_span("end_date", facts.end_date.isoformat(), mention.start, mention.end))
    elif facts.start_date is not None:
        bare = _bare_end_day(text, resolved[0][0].end, facts.start_date)
        if bare is not None:
            facts.end_date, match = bare
            spans.append(_span("end_date", facts.end_date.isoformat(), *match.span("day"), 0.8))

    holiday = _HOLIDAY.search(text)
    if facts.start_date is None and holiday is not None:
        facts.start_date, facts.days = _holiday(holiday["name"], bool(holiday["weekend"]), today)
        spans.append(_span("start_date", facts.start_date.isoformat(), *holiday.span(), 0.7))
    weekdays = _WEEKDAY_RANGE.search(text)
    if facts.start_date is None and weekdays is not None:
        first = _relative("on", weekdays["first"], today)[0]
        nights = (_WEEKDAYS.index(weekdays["last"].lower()) - first.weekday()) % 7
        facts.start_date, facts.end_date = first, first + timedelta(days=nights)
        spans.append(_span("start_date", first.isoformat(), *weekdays.span("first"), 0.8))
        spans.append(_span("end_date", facts.end_date.isoformat(), *weekdays.span("last"), 0.8))

    offset = _OFFSET.search(text)
    relative = _RELATIVE.search(text)
    offset_used = facts.start_date is None and offset is not None
    if offset_used and offset is not None:
        unit = offset["unit"].lower()
        count = to_int(offset["n"])
        facts.start_date = today + timedelta(days=count * (7 if unit.startswith("week") else 1))
        spans.append(_span("start_date", facts.start_date.isoformat(), *offset.span(), 0.7))
    elif facts.start_date is None and relative is not None:
        start, length = _relative(relative["word"], relative["weekday"], today)
        if relative["word"].lower() == "next month":
            facts.travel_month = start.strftime("%Y-%m")
            spans.append(_span("month", facts.travel_month, *relative.span(), 0.8))
        else:
            facts.start_date, facts.days = start, length
            spans.append(_span("start_date", start.isoformat(), *relative.span(), 0.8))

    end_weekday = _END_WEEKDAY.search(text)
    if facts.start_date is not None and facts.end_date is None and end_weekday is not None:
        target = _WEEKDAYS.index(end_weekday["weekday"].lower())
        facts.end_date = facts.start_date + timedelta(
            days=(target - facts.start_date.weekday()) % 7
        )
        spans.append(
            _span("end_date", facts.end_date.isoformat(), *end_weekday.span("weekday"), 0.8)
        )
    durations, replaced = _durations(text, offsets=offset_used)
    for match in replaced:
        spans.append(_span("replaced_duration", str(_duration(match)), *match.span(), 0.8))
    if durations:
        facts.days = _duration(durations[0])
        spans.append(_span("duration", str(facts.days), *durations[0].span()))
    if facts.start_date is not None and facts.end_date is not None:
        facts.days = (facts.end_date - facts.start_date).days + 1
    elif facts.start_date is not None and facts.days is not None:
        facts.end_date = facts.start_date + timedelta(days=facts.days - 1)

    if facts.start_date is None and facts.travel_month is None:
        hint = _MONTH_HINT.search(text)
        if hint is not None:
            month = _month(hint["m"])
            year = today.year + (month < today.month)
            facts.travel_month = f"{year:04d}-{month:02d}"
            spans.append(_span("month", facts.travel_month, *hint.span("m"), 0.7))
    return facts, spans
