"""API shapes of /v1/trips/plan."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from wayra_ai.planner import TripRequest


class PlanTripInput(BaseModel):
    """Exactly one of `request` (structured) or `text` (a request in plain English)."""

    model_config = ConfigDict(extra="forbid")

    request: TripRequest | None = None
    text: str | None = Field(default=None, min_length=1, max_length=8000)

    @model_validator(mode="after")
    def _exactly_one(self) -> PlanTripInput:
        if (self.request is None) == (self.text is None):
            raise ValueError("send exactly one of 'request' (structured) or 'text'")
        return self
