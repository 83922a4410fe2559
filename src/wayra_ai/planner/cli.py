"""`wayra-ai plan "<request>" [--data DIR] [--json]`: a plan from plain English."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from wayra_ai.errors import WayraError
from wayra_ai.kit.clock import utcnow
from wayra_ai.planner.inventory import SAMPLE_DATA, Inventory, load_inventory
from wayra_ai.planner.request import TripRequest
from wayra_ai.planner.result import PlanResult
from wayra_ai.planner.service import plan_trip


def request_from_text(text: str, inventory: Inventory) -> TripRequest:
    """The parser's reading of `text` as a complete request (InvalidRequest if incomplete)."""
    from wayra_ai.nlu.trip_parser import parse_trip_request

    parsed = parse_trip_request(text, inventory.gazetteer(), today=utcnow().date())
    return parsed.to_request()


def plan_command(args: argparse.Namespace) -> int:
    out: TextIO = sys.stdout
    try:
        inventory = load_inventory(args.data)
        request = request_from_text(args.request, inventory)
        result = plan_trip(request, inventory)
    except WayraError as error:
        print(f"error: {error.message}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False), file=out)
    else:
        if args.data is None:
            print(f"(sample data from {SAMPLE_DATA.name}: illustrative, not real offers)", file=out)
        print(render(request, result), file=out)
    return 0 if result.planned else 1


def render(request: TripRequest, result: PlanResult) -> str:
    """The itinerary as a readable table with its cost breakdown, or the reasons."""
    who = f"{request.people} traveller{'s' if request.people > 1 else ''}"
    lines = [
        f"Trip from {request.origin} to {request.destination}, {request.start_date} to "
        f"{request.end_date} ({request.days} days), {who}, budget ${request.budget:,.0f}",
        "",
    ]
    if not result.planned:
        lines.append("No plan fits this request:")
        lines += [f"  - {reason}" for reason in result.reasons]
        if result.relaxations:
            lines.append("What would make a plan possible:")
            lines += [f"  - {option.description}" for option in result.relaxations]
        return "\n".join(lines)
    labels = ("transportation", "breakfast", "attraction", "lunch", "dinner", "accommodation")
    for day in result.days:
        lines.append(f"Day {day['days']}  {day['current_city']}")
        for label in labels:
            value = str(day[label])
            if label == "attraction":
                value = "; ".join(part for part in value.split(";") if part) or "-"
            lines.append(f"  {label:<15}{value}")
        lines.append("")
    breakdown = result.cost_breakdown
    assert breakdown is not None
    lines.append("Cost breakdown")
    for label, amount in (
        ("transport", breakdown.transport),
        ("accommodation", breakdown.accommodation),
        ("meals", breakdown.meals),
        ("attractions", breakdown.attractions),
        ("total", breakdown.total),
    ):
        lines.append(f"  {label:<15}${amount:>10,.2f}")
    if result.savings is not None:
        savings = result.savings
        against = "a naive plan" if savings.baseline == "naive_plan" else "your budget"
        lines.append(
            f"  saves ${savings.amount:,.2f} ({savings.percentage:g}%) against {against} "
            f"(${savings.baseline_cost:,.2f})"
        )
    if result.recommendations:
        lines += ["", "Recommendations"]
        lines += [f"  - {tip}" for tip in result.recommendations]
    return "\n".join(lines)
