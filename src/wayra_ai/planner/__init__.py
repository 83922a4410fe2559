"""Trip planning as a pure library: requests, inventory, an exact optimiser, a checker.

inventory = load_inventory(None)          # the bundled sample catalogue (or a Path)
result = plan_trip(request, inventory)    # PlanResult: a checked plan, or why not
"""

from wayra_ai.planner.checker import CheckQuery, PlanChecker, Scoreboard
from wayra_ai.planner.inventory import Inventory, load_inventory
from wayra_ai.planner.request import Gazetteer, TripRequest
from wayra_ai.planner.result import PlanResult
from wayra_ai.planner.service import plan_trip

__all__ = [
    "CheckQuery",
    "Gazetteer",
    "Inventory",
    "PlanChecker",
    "PlanResult",
    "Scoreboard",
    "TripRequest",
    "load_inventory",
    "plan_trip",
]
