"""How `context.currentPhase` moves as the trip takes shape.

discovery (where to?) -> planning (gathering the request) -> optimization (a plan is on
the table and being refined) -> booking (the traveller wants to book) -> confirmation
(the traveller accepted the plan) -> support (questions after that). A change to the trip
after confirmation takes it back to optimization.
"""

from __future__ import annotations

from wayra_ai.conversations.models import Phase

_ORDER = list(Phase)


def next_phase(
    current: Phase,
    *,
    intent: str,
    has_destination: bool,
    plan_delivered: bool,
    has_plan: bool,
    preferences_changed: bool,
) -> Phase:
    """The phase after this turn. `plan_delivered`: this turn answered with a new plan."""
    if plan_delivered:
        return Phase.OPTIMIZATION
    if has_plan and intent == "confirm":
        return Phase.CONFIRMATION
    if has_plan and intent == "book":
        return Phase.BOOKING
    if preferences_changed and _ORDER.index(current) >= _ORDER.index(Phase.OPTIMIZATION):
        return Phase.OPTIMIZATION
    if current is Phase.CONFIRMATION and intent in {"support", "ask_info"}:
        return Phase.SUPPORT
    if current is Phase.DISCOVERY and has_destination:
        return Phase.PLANNING
    if intent == "support" and current is Phase.DISCOVERY:
        return Phase.SUPPORT
    return current
