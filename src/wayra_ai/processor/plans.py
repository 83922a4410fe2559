"""`POST /v1/plans`: one trip optimisation, a CPU-bound job that holds a task slot."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter

from wayra_ai.dependencies import AppSettings
from wayra_ai.planner import TripRequest, load_inventory, plan_trip
from wayra_ai.processor.limiter import TaskSlot

router = APIRouter(prefix="/v1/plans", tags=["plans"])


@router.post("")
async def create_plan(request: TripRequest, _: TaskSlot, settings: AppSettings) -> dict[str, Any]:
    """The cheapest checked plan for `request`, or why none exists (a PlanResult).

    The solver runs in a worker thread so health checks keep answering meanwhile.
    """
    inventory = await asyncio.to_thread(load_inventory, settings.inventory_dir)
    result = await asyncio.to_thread(plan_trip, request, inventory)
    return result.model_dump(mode="json")
