"""`plan_trip`: optimise, check, and explain, for the services and the CLI."""

from __future__ import annotations

import logging
import time
from datetime import timedelta
from typing import Literal

from wayra_ai.errors import InvalidRequest
from wayra_ai.planner.checker import CheckQuery, PlanChecker
from wayra_ai.planner.inventory import Inventory, require_city
from wayra_ai.planner.itinerary import to_days
from wayra_ai.planner.preferences import Weights
from wayra_ai.planner.request import TripRequest
from wayra_ai.planner.result import CostBreakdown, PlanResult, RelaxationOption, Savings
from wayra_ai.planner.solver import (
    Relaxation,
    Search,
    Solution,
    accommodation_allowed,
    solve_trip,
    unambiguous_stays,
)

logger = logging.getLogger(__name__)

_RELAXABLE = {
    "room_type": "the room type",
    "house_rules": "the house rules",
    "cuisines": "the cuisines",
    "transport_bans": "the transport restriction",
}


def plan_trip(request: TripRequest, inventory: Inventory) -> PlanResult:
    """The cheapest plan that meets every requirement (then best rated), checked; or why not.

    Raises InvalidRequest (422) for a request the inventory cannot even read
    (unknown city or region, an unsupported currency).
    """
    started = time.perf_counter()
    request = canonical_request(request, inventory)
    solution = solve_trip(request, inventory)
    if solution is not None and solution.total_cost <= request.budget:
        result = _planned(request, inventory, solution)
    else:
        result = _explain(request, inventory, solution)
    result.solve_ms = round((time.perf_counter() - started) * 1000, 2)
    return result


def canonical_request(request: TripRequest, inventory: Inventory) -> TripRequest:
    """The request with places spelled as the inventory spells them."""
    if request.currency != "USD":
        raise InvalidRequest(f"budgets in {request.currency} are not supported: prices are in USD")
    origin = require_city(inventory, request.origin)
    if request.destination_is_region:
        regions = {r.casefold(): r for r in inventory.gazetteer().regions}
        destination = regions.get(request.destination.casefold())
        if destination is None:
            raise InvalidRequest(f"unknown state or region {request.destination!r}")
    else:
        destination = require_city(inventory, request.destination)
    return request.model_copy(update={"origin": origin, "destination": destination})


def _planned(request: TripRequest, inventory: Inventory, solution: Solution) -> PlanResult:
    days = to_days(solution)
    report = PlanChecker(inventory, official_quirks=False).check(
        CheckQuery.from_request(request), days
    )
    if not report.passed:  # never hand a traveller a plan that breaks a rule
        logger.error("planner produced a failing plan: %s", report.problems)
        return PlanResult(
            status="no_plan",
            inventory_version=inventory.version,
            reasons=[f"the best plan found failed its own check: {p}" for p in report.problems],
        )
    total = round(solution.total_cost, 2)
    return PlanResult(
        status="planned",
        inventory_version=inventory.version,
        currency=request.currency,
        cities=list(solution.cities),
        days=days,
        total_cost=total,
        cost_breakdown=CostBreakdown(
            transport=round(solution.transport_cost, 2),
            accommodation=round(solution.accommodation_cost, 2),
            meals=round(solution.meal_cost, 2),
            total=total,
        ),
        savings=_savings(request, inventory, solution),
        recommendations=_recommendations(request, inventory, solution),
        exact=solution.exact,
    )


def _savings(request: TripRequest, inventory: Inventory, solution: Solution) -> Savings:
    naive = Search(request, inventory, weights=Weights()).naive()
    kind: Literal["naive_plan", "stated_budget"] = "naive_plan"
    baseline = naive.total_cost if naive is not None else request.budget
    if naive is None:
        kind = "stated_budget"
    amount = round(baseline - solution.total_cost, 2)
    percentage = round(100 * amount / baseline, 1) if baseline else 0.0
    return Savings(
        baseline=kind,
        baseline_cost=round(baseline, 2),
        amount=amount,
        percentage=percentage,
    )


def _recommendations(request: TripRequest, inventory: Inventory, solution: Solution) -> list[str]:
    """Up to three suggestions, every figure computed from the inventory."""
    tips: list[str] = []
    shift = _best_date_shift(request, inventory, solution)
    if shift:
        tips.append(shift)
    headroom = request.budget - solution.total_cost
    upgrade = _best_upgrade(request, inventory, solution, headroom)
    if upgrade:
        tips.append(upgrade)
    tips.append(
        f"This plan costs ${solution.total_cost:,.0f}, leaving ${headroom:,.0f} "
        f"of your ${request.budget:,.0f} budget."
    )
    return tips[:3]


def _best_date_shift(request: TripRequest, inventory: Inventory, solution: Solution) -> str | None:
    best: tuple[float, int, Solution] | None = None
    for offset in (-1, 1):
        start = request.start_date + timedelta(days=offset)
        shifted = solve_trip(request.model_copy(update={"start_date": start}), inventory)
        if shifted is None:
            continue
        saving = solution.total_cost - shifted.total_cost
        if saving >= 1 and (best is None or saving > best[0]):
            best = (saving, offset, shifted)
    if best is None:
        return None
    saving, offset, shifted = best
    when = "later" if offset > 0 else "earlier"
    start = request.start_date + timedelta(days=offset)
    flights = [leg.flight.number for leg in shifted.legs if leg.flight is not None]
    via = f" (flights {', '.join(flights)})" if flights else ""
    return (
        f"Starting one day {when}, on {start.isoformat()}, costs ${shifted.total_cost:,.0f}"
        f"{via} and saves ${saving:,.0f}."
    )


def _best_upgrade(
    request: TripRequest, inventory: Inventory, solution: Solution, headroom: float
) -> str | None:
    """The best-rated allowed stay that the remaining budget pays for."""
    best: tuple[float, float, str, str, float] | None = None
    for stay in solution.stays:
        for listing in unambiguous_stays(inventory, stay.city):
            if not accommodation_allowed(listing, request) or listing.minimum_nights > stay.nights:
                continue
            extra = listing.nightly_cost(request.people) * stay.nights - stay.cost
            if listing.rating > stay.accommodation.rating and 0 < extra <= headroom:
                candidate = (
                    listing.rating,
                    -extra,
                    listing.name,
                    stay.city,
                    stay.accommodation.rating,
                )
                if best is None or candidate > best:
                    best = candidate
    if best is None:
        return None
    rating, minus_extra, name, city, current = best
    return (
        f"For ${-minus_extra:,.0f} more you could stay at {name} in {city} "
        f"(rated {rating:g}/5 instead of {current:g}/5)."
    )


def _explain(request: TripRequest, inventory: Inventory, cheapest: Solution | None) -> PlanResult:
    """Why no plan fits, and the smallest computed relaxations that make one."""
    reasons: list[str] = []
    relaxations: list[RelaxationOption] = []
    if cheapest is not None:
        extra = cheapest.total_cost - request.budget
        reasons.append(
            f"budget: the cheapest plan meeting every requirement costs "
            f"${cheapest.total_cost:,.0f}, ${extra:,.0f} over your ${request.budget:,.0f} budget"
        )
        relaxations.append(
            RelaxationOption(
                constraint="budget",
                description=f"needs ${extra:,.0f} more",
                extra_budget=round(extra, 2),
                plan_cost=round(cheapest.total_cost, 2),
            )
        )
    for field, label in _RELAXABLE.items():
        if not getattr(request, field):
            continue
        relaxed = solve_trip(request, inventory, Relaxation(**{field: True}))
        if relaxed is None:
            continue
        fits = relaxed.total_cost <= request.budget
        asked = _asked(getattr(request, field))
        if cheapest is None:
            reasons.append(f"{field}: no plan meets {label} ({asked}) with the rest of the request")
        if cheapest is None or fits:
            over = max(0.0, relaxed.total_cost - request.budget)
            relaxations.append(
                RelaxationOption(
                    constraint=field,
                    description=f"without {label} ({asked}), a plan costs "
                    f"${relaxed.total_cost:,.0f}"
                    + (f" (${over:,.0f} over budget)" if over else ""),
                    extra_budget=round(over, 2),
                    plan_cost=round(relaxed.total_cost, 2),
                )
            )
    if cheapest is not None:
        relaxations += _date_relaxations(request, inventory)
    elif not relaxations:
        relaxations += _drop_everything(request, inventory)
    if cheapest is None:
        reasons += _stay_diagnosis(request, inventory)
    if not reasons:
        reasons.append(_route_diagnosis(request, inventory))
    relaxations.sort(key=lambda r: (r.extra_budget or 0.0, r.plan_cost or 0.0))
    return PlanResult(
        status="no_plan",
        inventory_version=inventory.version,
        currency=request.currency,
        reasons=reasons,
        relaxations=relaxations,
    )


def _date_relaxations(request: TripRequest, inventory: Inventory) -> list[RelaxationOption]:
    """Starting a day earlier or later, when that alone fits the budget."""
    options = []
    for offset in (-1, 1):
        start = request.start_date + timedelta(days=offset)
        shifted = solve_trip(request.model_copy(update={"start_date": start}), inventory)
        if shifted is not None and shifted.total_cost <= request.budget:
            options.append(
                RelaxationOption(
                    constraint="start_date",
                    description=f"starting on {start.isoformat()}, a plan costs "
                    f"${shifted.total_cost:,.0f}",
                    extra_budget=0.0,
                    plan_cost=round(shifted.total_cost, 2),
                )
            )
    return options


def _drop_everything(request: TripRequest, inventory: Inventory) -> list[RelaxationOption]:
    """When no single relaxation helps: all local requirements dropped together."""
    asked = [field for field in _RELAXABLE if getattr(request, field)]
    if len(asked) < 2:
        return []
    relaxed = solve_trip(request, inventory, Relaxation(**dict.fromkeys(asked, True)))
    if relaxed is None:
        return []
    over = max(0.0, relaxed.total_cost - request.budget)
    labels = " and ".join(_RELAXABLE[field] for field in asked)
    return [
        RelaxationOption(
            constraint="+".join(asked),
            description=f"without {labels}, a plan costs ${relaxed.total_cost:,.0f}"
            + (f" (${over:,.0f} over budget)" if over else ""),
            extra_budget=round(over, 2),
            plan_cost=round(relaxed.total_cost, 2),
        )
    ]


def _asked(value: object) -> str:
    if isinstance(value, tuple):
        return ", ".join(str(getattr(item, "value", item)) for item in value)
    return str(getattr(value, "value", value))


def _stay_diagnosis(request: TripRequest, inventory: Inventory) -> list[str]:
    """Cities where no listing meets the room type and house rules together."""
    if request.room_type is None and not request.house_rules:
        return []
    found = []
    search = Search(request, inventory)
    for city in search.candidates:
        listings = unambiguous_stays(inventory, city)
        if any(accommodation_allowed(s, request) for s in listings):
            continue
        wants = request.room_type.value if request.room_type else "listing"
        rules = " or ".join(r.value for r in request.house_rules)
        message = f"no {wants} in {city} allows {rules}" if rules else f"no {wants} in {city}"
        others = sorted(
            {
                s.room_type
                for s in listings
                if accommodation_allowed(s, request, Relaxation(room_type=True))
            }
        )
        if others and request.room_type is not None:
            message += f"; {', '.join(t.lower() for t in others)} listings do"
        found.append(message)
    return found[:3]


def _route_diagnosis(request: TripRequest, inventory: Inventory) -> str:
    search = Search(request, inventory)
    if len(search.candidates) < request.cities_to_visit:
        return (
            f"{request.destination} has {len(search.candidates)} cities besides "
            f"{search.origin}; {request.cities_to_visit} were asked for"
        )
    if not request.destination_is_region:
        city = search.candidates[0]
        scenarios = search.scenarios()
        out = any(search.leg(search.origin, city, 1, s) for s in scenarios)
        back = any(search.leg(city, search.origin, request.days, s) for s in scenarios)
        if not out:
            return (
                f"no allowed flight, self-driving or taxi route from {search.origin} "
                f"to {city} on {request.start_date}"
            )
        if not back:
            return (
                f"no allowed flight, self-driving or taxi route from {city} "
                f"back to {search.origin} on {request.end_date}"
            )
        offer = search.offer(city)
        nights, full_days = request.days - 1, request.days - 2
        if offer.stays and all(s.minimum_nights > nights for s in offer.stays):
            shortest = min(s.minimum_nights for s in offer.stays)
            return (
                f"every suitable listing in {city} needs at least {shortest} nights; "
                f"the trip has {nights}"
            )
        if len(offer.attractions) < full_days or len(offer.restaurants) < 3 * full_days:
            return (
                f"{city} lists {len(offer.restaurants)} restaurants and {len(offer.attractions)} "
                f"attractions, too few for {full_days} full days without repeats"
            )
    return (
        f"no combination of {request.cities_to_visit} cities, transport and stays in "
        f"{request.destination} fits the request"
    )
