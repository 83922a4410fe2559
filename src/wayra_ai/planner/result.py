"""What `plan_trip` returns: a checked plan with its figures, or why none exists."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class CostBreakdown(BaseModel):
    transport: float
    accommodation: float
    meals: float
    attractions: float = 0.0  # the inventory lists attractions without prices
    total: float


class Savings(BaseModel):
    """How much cheaper the plan is than a baseline (`baseline` says which)."""

    baseline: Literal["naive_plan", "stated_budget"]
    baseline_cost: float
    amount: float
    percentage: float


class RelaxationOption(BaseModel):
    """A computed change to the request that makes a plan exist (or fit the budget)."""

    constraint: str  # "budget", "room_type", "house_rules", "cuisines", "transport_bans", ...
    description: str
    extra_budget: float | None = None  # dollars above the stated budget, when that is the fix
    plan_cost: float | None = None  # the cheapest plan's cost once relaxed


class PlanResult(BaseModel):
    status: Literal["planned", "no_plan"]
    inventory_version: str
    currency: str = "USD"
    cities: list[str] = Field(default_factory=list)
    days: list[dict[str, Any]] = Field(default_factory=list)  # benchmark day-dict format
    total_cost: float | None = None
    cost_breakdown: CostBreakdown | None = None
    savings: Savings | None = None
    recommendations: list[str] = Field(default_factory=list)
    reasons: list[str] = Field(default_factory=list)
    relaxations: list[RelaxationOption] = Field(default_factory=list)
    exact: bool = True  # false only when a very long multi-city search was narrowed
    solve_ms: float = 0.0

    @property
    def planned(self) -> bool:
        return self.status == "planned"
