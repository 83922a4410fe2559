"""/v1/trips/plan: a plan on demand, from a structured request or plain English."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from wayra_ai.dependencies import AppResources
from wayra_ai.trips.defaults import current_inventory
from wayra_ai.trips.schemas import PlanTripInput
from wayra_ai.trips.service import plan_for_user, request_from_text
from wayra_ai.users.dependencies import CurrentUser

router = APIRouter(prefix="/v1/trips", tags=["trips"])


@router.post("/plan")
async def plan_trip(body: PlanTripInput, user: CurrentUser, resources: AppResources) -> Any:
    """The cheapest plan that meets every requirement, checked, or why none exists."""
    request = body.request
    if request is None:
        assert body.text is not None
        inventory = await current_inventory(resources.settings)
        request = request_from_text(body.text, user, inventory.gazetteer())
    result = await plan_for_user(resources.db, resources.extras["processor"], user, request)
    return {"request": request.model_dump(mode="json"), "plan": result.model_dump(mode="json")}
