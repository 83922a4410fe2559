"""What the traveller's profile fills in when a request leaves it out."""

from __future__ import annotations

import asyncio
from typing import Any

from wayra_ai.config import Settings
from wayra_ai.planner import Inventory, load_inventory
from wayra_ai.users.models import UserDocument


def request_defaults(user: UserDocument, gazetteer_cities: dict[str, str]) -> dict[str, Any]:
    """Origin from `profile.location.city` (when the inventory knows it), currency from
    `profile.travelPreferences.budgetRange.currency`, and the objective's weights from
    `aiPreferences` (budgetPriority, optimizationGoals)."""
    defaults: dict[str, Any] = {
        "currency": user.profile.travel_preferences.budget_range.currency,
        "budget_priority": int(user.ai_preferences.budget_priority),
        "optimization_goals": {goal: 1.0 for goal in user.ai_preferences.optimization_goals},
    }
    home = user.profile.location.city
    if home:
        known = {city.casefold(): city for city in gazetteer_cities}
        if home.casefold() in known:
            defaults["origin"] = known[home.casefold()]
    return defaults


async def current_inventory(settings: Settings) -> Inventory:
    """WAYRA_INVENTORY_DIR's inventory (or the bundled sample), loaded once per process."""
    return await asyncio.to_thread(load_inventory, settings.inventory_dir)
