"""How a traveller's aiPreferences shape the optimiser's objective.

The objective is dollars: total cost, plus a price put on what the traveller
says matters (travel hours, kilometres flown or driven), minus a price per
rating point of stays and meals. `budgetPriority` 4-5 means cost alone decides
(ratings only break ties); 3 (the default) prices only the goals the traveller
named; 1-2 also pays for ratings and scales every goal up. Whatever the weights,
a plan never exceeds the budget because of them: the optimiser falls back to
cost alone when the preferred plan does not fit.
"""

from __future__ import annotations

from dataclasses import dataclass

from wayra_ai.planner.request import OptimizationGoal, TripRequest

_SCALE = {1: 4.0, 2: 2.0, 3: 1.0}
_DOLLARS_PER_RATING_POINT = 5.0  # per night of a stay; a meal counts a third
_DOLLARS_PER_HOUR = 10.0  # per traveller on the road or in the air
_DOLLARS_PER_KM = 0.02  # per passenger-km flown, per vehicle-km driven (~$130/t CO2)


@dataclass(frozen=True)
class Weights:
    quality: float = 0.0  # dollars per rating point
    hour: float = 0.0  # dollars per traveller-hour of transport
    flight_km: float = 0.0  # dollars per passenger-km flown
    road_km: float = 0.0  # dollars per vehicle-km by car or taxi

    @property
    def cost_only(self) -> bool:
        return self == Weights()


def weights_for(request: TripRequest) -> Weights:
    scale = _SCALE.get(request.budget_priority, 0.0)
    if not scale:
        return Weights()
    goals = request.optimization_goals
    experience = goals.get(OptimizationGoal.EXPERIENCE, 0.0)
    if request.budget_priority <= 2:
        experience += 1.0
    hurry = goals.get(OptimizationGoal.TIME, 0.0) + goals.get(OptimizationGoal.CONVENIENCE, 0.0) / 2
    green = goals.get(OptimizationGoal.SUSTAINABILITY, 0.0)
    return Weights(
        quality=scale * _DOLLARS_PER_RATING_POINT * experience,
        hour=scale * _DOLLARS_PER_HOUR * hurry,
        flight_km=scale * _DOLLARS_PER_KM * green,
        road_km=scale * _DOLLARS_PER_KM * green,
    )
