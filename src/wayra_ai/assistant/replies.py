"""Deterministic reply drafts: every figure and name comes from the plan or the request.

A model may rephrase a draft (see `facts.py`); without a model the draft is the reply.
The style follows the user's `aiPreferences`: `conversationStyle` concise/casual/
professional/detailed and `communicationPreferences.responseFormat` brief/detailed/
visual/conversational.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wayra_ai.nlu.trip_parser import ParsedTrip
from wayra_ai.planner.result import PlanResult

_MEALS = ("breakfast", "lunch", "dinner")


@dataclass(frozen=True)
class Style:
    conversation_style: str = "casual"
    response_format: str = "conversational"

    @property
    def brief(self) -> bool:
        return self.conversation_style == "concise" or self.response_format == "brief"

    @property
    def detailed(self) -> bool:
        return self.conversation_style == "detailed" or self.response_format == "detailed"

    @property
    def formal(self) -> bool:
        return self.conversation_style == "professional"


def money(amount: float, currency: str = "USD") -> str:
    text = f"{amount:,.2f}".removesuffix(".00")
    return f"${text}" if currency == "USD" else f"{text} {currency}"


def _month_name(month: str) -> str:
    names = "January February March April May June July August September October November December"
    year, number = month.split("-")
    return f"{names.split()[int(number) - 1]} {year}"


def question_for(missing: str, trip: ParsedTrip, style: Style) -> str:
    """The one question for the most important missing piece."""
    people = (trip.adults or 0) + (trip.children or 0) or 1
    who = "you" if people == 1 else f"the {people} of you"
    questions = {
        "destination": "Where would you like to go? Name a city, or a state and how many "
        "cities you'd like to see there.",
        "start_date": (
            f"Which day in {_month_name(trip.travel_month)} would you like to leave?"
            if trip.travel_month
            else "When would you like to leave? A date like 'March 16' works."
        ),
        "days": "How many days should the trip last?",
        "origin": "Which city will you be leaving from?",
        "budget": f"What's the total budget for {who}, travel, stays and meals included?",
    }
    question = questions[missing]
    if style.formal:
        return f"To prepare your itinerary I need one more detail. {question}"
    return question


def _day_line(day: dict[str, Any], style: Style) -> str:
    parts = [f"Day {day.get('days')}: {day.get('current_city')}"]
    transport = day.get("transportation", "-")
    if transport and transport != "-":
        parts.append(str(transport))
    attractions = [a for a in str(day.get("attraction", "-")).split(";") if a.strip() and a != "-"]
    if attractions:
        parts.append("see " + "; ".join(attractions))
    if style.detailed:
        meals = [f"{meal} at {day[meal]}" for meal in _MEALS if day.get(meal, "-") != "-"]
        parts.extend(meals)
    stay = day.get("accommodation", "-")
    if stay and stay != "-":
        parts.append(f"stay at {stay}")
    return " — ".join(parts)


def plan_reply(plan: PlanResult, budget: float, style: Style) -> str:
    """A plan in short: route, total, savings, recommendations; day by day unless brief."""
    assert plan.total_cost is not None
    assert plan.cost_breakdown is not None
    currency = plan.currency
    lines = [
        f"Here's a {len(plan.days)}-day plan visiting {', '.join(plan.cities)}: "
        f"{money(plan.total_cost, currency)} in total, within your {money(budget, currency)} "
        "budget."
    ]
    if plan.savings is not None and plan.savings.amount > 0:
        baseline = (
            "the cheapest-looking choices without optimisation"
            if plan.savings.baseline == "naive_plan"
            else "your budget"
        )
        lines.append(
            f"That is {money(plan.savings.amount, currency)} less than {baseline} "
            f"({money(plan.savings.baseline_cost, currency)})."
        )
    if not style.brief:
        lines.extend(_day_line(day, style) for day in plan.days)
        breakdown = plan.cost_breakdown
        lines.append(
            f"Costs: transport {money(breakdown.transport, currency)}, stays "
            f"{money(breakdown.accommodation, currency)}, meals {money(breakdown.meals, currency)}."
        )
    lines.extend(plan.recommendations[: 1 if style.brief else 3])
    lines.append("Does this look good, or shall I change something?")
    return "\n".join(lines)


def no_plan_reply(plan: PlanResult) -> str:
    """Why no plan fits, and what to relax, from the planner's own explanation."""
    lines = ["I couldn't find a plan that meets every requirement."]
    lines.extend(f"- {reason[0].upper()}{reason[1:]}." for reason in plan.reasons)
    if plan.relaxations:
        lines.append("What would make it work:")
        lines.extend(f"- {option.description}" for option in plan.relaxations)
    lines.append("Tell me which of these you'd like to change.")
    return "\n".join(lines)


def cheapest_already_reply(plan: PlanResult) -> str:
    assert plan.total_cost is not None
    return (
        f"This is already the cheapest plan that meets all your requirements: "
        f"{money(plan.total_cost, plan.currency)}. To go lower, change a requirement such as "
        "the dates, the number of days, the room type or the cuisines."
    )


def confirmation_reply(plan_total: float | None, currency: str) -> str:
    total = f" at {money(plan_total, currency)}" if plan_total is not None else ""
    return (
        f"Great, the plan is confirmed{total}. I'll keep it here; ask me anything about "
        "the trip, or say 'book' when you're ready to book."
    )


def booking_reply() -> str:
    return (
        "Booking happens in the Wayra app: open the trip there to book each part. "
        "The plan here stays as it is."
    )


GREETING = (
    "Hi! I plan trips that fit your budget. Tell me where you'd like to go, when, "
    "from where, and your budget."
)
SUPPORT = (
    "I can plan and adjust trips here. For account or booking problems, contact Wayra "
    "support from the app's help menu."
)
THANKS = "You're welcome! Tell me whenever you'd like to plan or change something."
SMALLTALK = "I'm here to plan trips that fit your budget. What would you like to plan or change?"
RESTATE = "Got it. Tell me what you'd like to change, or where you'd like to go."
