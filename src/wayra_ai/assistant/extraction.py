"""A model's structured extraction, merged under the deterministic understanding.

The model may only fill what the rules left empty, and only with values that pass the
same checks: places the inventory knows, amounts written in the message, real dates.
"""

from __future__ import annotations

import contextlib
import re
from datetime import date
from typing import Any

from wayra_ai.nlu.trip_parser import ParsedTrip
from wayra_ai.planner import Gazetteer

EXTRACTION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "origin": {"type": ["string", "null"]},
        "destination": {"type": ["string", "null"]},
        "start_date": {"type": ["string", "null"], "description": "YYYY-MM-DD"},
        "days": {"type": ["integer", "null"]},
        "adults": {"type": ["integer", "null"]},
        "children": {"type": ["integer", "null"]},
        "budget": {"type": ["number", "null"]},
    },
    "required": ["origin", "destination", "start_date", "days", "adults", "children", "budget"],
}

EXTRACTION_PROMPT = (
    "Extract the trip request from the traveller's message as JSON. Use null for anything "
    "the message does not state; never guess. Dates as YYYY-MM-DD; budget as a number."
)

_DIGITS = re.compile(r"\d[\d,.]*")


def _place(value: Any, gazetteer: Gazetteer) -> tuple[str, bool] | None:
    if not isinstance(value, str):
        return None
    cities = {city.casefold(): city for city in gazetteer.city_states}
    regions = {region.casefold(): region for region in gazetteer.regions}
    key = value.strip().casefold()
    if key in cities:
        return cities[key], False
    if key in regions:
        return regions[key], True
    return None


def _count(value: Any, low: int, high: int) -> int | None:
    return value if isinstance(value, int) and low <= value <= high else None


def merge_extraction(
    parsed: ParsedTrip, extracted: dict[str, Any], text: str, gazetteer: Gazetteer
) -> ParsedTrip:
    """`parsed` with its empty fields filled from `extracted` where the value checks out."""
    merged = parsed.model_copy(deep=True)
    if merged.origin is None and (origin := _place(extracted.get("origin"), gazetteer)):
        merged.origin = origin[0] if not origin[1] else None
    if merged.destination is None and (found := _place(extracted.get("destination"), gazetteer)):
        merged.destination, merged.destination_is_region = found
    if merged.start_date is None and isinstance(extracted.get("start_date"), str):
        with contextlib.suppress(ValueError):  # a malformed date is simply not used
            merged.start_date = date.fromisoformat(extracted["start_date"])
    if merged.days is None:
        merged.days = _count(extracted.get("days"), 1, 30)
    if merged.adults is None:
        merged.adults = _count(extracted.get("adults"), 1, 50)
    if merged.children is None:
        merged.children = _count(extracted.get("children"), 0, 50)
    budget = extracted.get("budget")
    written = {float(m.replace(",", "")) for m in _DIGITS.findall(text) if m[-1].isdigit()}
    if merged.budget is None and isinstance(budget, int | float) and float(budget) in written:
        merged.budget = float(budget)
    return merged
