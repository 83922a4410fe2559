"""Plan a trip for a user: parse, check the quota, ask the processor, record the outcome."""

from __future__ import annotations

from typing import Any, Protocol

from wayra_ai.kit.clock import utcnow
from wayra_ai.kit.ids import new_id
from wayra_ai.nlu.trip_parser import parse_trip_request
from wayra_ai.planner import Gazetteer, TripRequest
from wayra_ai.planner.result import PlanResult
from wayra_ai.storage.mongo import Database
from wayra_ai.trips.defaults import request_defaults
from wayra_ai.users import repository, usage
from wayra_ai.users.models import OptimizationHistoryEntry, OptimizationResults, UserDocument
from wayra_ai.users.usage import Feature


class PlanSource(Protocol):
    """Where plans come from: the processor client (`post_json`)."""

    async def post_json(self, path: str, payload: dict[str, Any]) -> dict[str, Any]: ...


def request_from_text(text: str, user: UserDocument, gazetteer: Gazetteer) -> TripRequest:
    parsed = parse_trip_request(text, gazetteer, today=utcnow().date())
    return parsed.to_request(**request_defaults(user, gazetteer.city_states))


async def plan_for_user(
    db: Database, processor: PlanSource, user: UserDocument, request: TripRequest
) -> PlanResult:
    """One optimisation, counted in `aiUsage.optimization` and kept in `optimizationHistory`.

    The quota is checked before solving (so an exhausted user costs no solve) and counted
    atomically once the plan exists (so a failed solve costs the user nothing).
    """
    usage.ensure_available(user, Feature.OPTIMIZATION)
    payload = request.model_dump(mode="json")
    result = PlanResult.model_validate(await processor.post_json("/v1/plans", payload))
    await usage.consume(db, user.uid, Feature.OPTIMIZATION)
    if result.planned:
        await repository.record_optimization(db, user.uid, history_entry(result))
    return result


def history_entry(result: PlanResult) -> OptimizationHistoryEntry:
    """Savings are measured against the baseline the planner names (naive plan or budget)."""
    assert result.savings is not None
    return OptimizationHistoryEntry(
        optimization_id=new_id("opt"),
        optimization_type="trip_plan",
        created_at=utcnow(),
        results=OptimizationResults(
            original_budget=result.savings.baseline_cost,
            optimized_budget=result.total_cost,
            savings=result.savings.amount,
            savings_percentage=result.savings.percentage,
            recommendations=result.recommendations,
        ),
    )
