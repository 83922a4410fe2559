"""`wayra-ai bench travelplanner`: plan every query from its text, score like the benchmark.

The database is loaded once (reported as `load_ms`); only parsing plus `plan_trip`
is timed per query. The structured fields of each row are used for two things
only: scoring the parse, and checking the plan (as the official evaluator does).
The last stdout line is one JSON object with the metrics.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from wayra_ai.errors import WayraError
from wayra_ai.planner import milp
from wayra_ai.planner.checker import CheckQuery, PlanChecker, Scoreboard
from wayra_ai.planner.cli import request_from_text
from wayra_ai.planner.inventory import load_inventory
from wayra_ai.planner.request import TripRequest
from wayra_ai.planner.service import plan_trip

PARSED_FIELDS = (
    "org",
    "dest",
    "days",
    "visiting_city_number",
    "date",
    "people_number",
    "local_constraint",
    "budget",
)


def fields_of(request: TripRequest) -> dict[str, Any]:
    """A request in the benchmark's structured-field terms, for comparison."""
    return {
        "org": request.origin,
        "dest": request.destination,
        "days": request.days,
        "visiting_city_number": request.cities_to_visit,
        "date": [day.isoformat() for day in request.dates],
        "people_number": request.people,
        "local_constraint": {
            "house rule": request.house_rules[0].value if request.house_rules else None,
            "cuisine": sorted(request.cuisines) or None,
            "room type": request.room_type.value if request.room_type else None,
            "transportation": (request.transport_bans[0].value if request.transport_bans else None),
        },
        "budget": request.budget,
    }


def parse_matches(row: dict[str, Any], request: TripRequest | None) -> dict[str, bool]:
    if request is None:
        return dict.fromkeys(PARSED_FIELDS, False)
    parsed = fields_of(request)
    expected = dict(row)
    local = dict(expected.get("local_constraint") or {})
    local["cuisine"] = sorted(local["cuisine"]) if local.get("cuisine") else None
    expected["local_constraint"] = local
    return {name: parsed[name] == expected[name] for name in PARSED_FIELDS}


def percentile(values: list[float], share: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


def bench_travelplanner_command(args: argparse.Namespace) -> int:
    rows = [
        json.loads(line)
        for line in Path(args.queries).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    if args.limit is not None:
        rows = rows[: args.limit]
    started = time.perf_counter()
    inventory = load_inventory(args.data)
    milp.warm_up()
    load_ms = (time.perf_counter() - started) * 1000
    checker = PlanChecker(inventory)
    board = Scoreboard()
    solve_ms: list[float] = []
    parse_ok = 0
    ratios: list[float] = []
    submissions: list[dict[str, Any]] = []
    for row in rows:
        clock = time.perf_counter()
        request: TripRequest | None = None
        plan: list[dict[str, Any]] = []
        note = ""
        try:
            request = request_from_text(row["query"], inventory)
            result = plan_trip(request, inventory)
            plan = result.days if result.planned else []
            note = "; ".join(result.reasons)
        except WayraError as error:
            note = error.message
        solve_ms.append((time.perf_counter() - clock) * 1000)
        matches = parse_matches(row, request)
        parse_ok += all(matches.values())
        query = CheckQuery.from_row(row)
        report = checker.check(query, plan)
        board.add(query, report)
        annotated = row.get("annotated_plan")
        if annotated and plan:
            reference = checker.total_cost(query, annotated)
            ratios.append(checker.total_cost(query, plan) / reference)
        submissions.append({"idx": row.get("idx"), "query": row["query"], "plan": plan})
        wrong = [name for name, ok in matches.items() if not ok]
        print(
            f"#{row.get('idx')}: {'pass' if report.passed else 'FAIL'} "
            f"{solve_ms[-1]:.0f} ms"
            + (f" parse-mismatch={wrong}" if wrong else "")
            + (f" problems={report.problems}" if not report.passed else "")
            + (f" note={note}" if note and not plan else ""),
            file=sys.stderr,
        )
    if args.out is not None:
        Path(args.out).write_text(
            "".join(json.dumps(s, ensure_ascii=False) + "\n" for s in submissions),
            encoding="utf-8",
        )
    summary: dict[str, Any] = {"n": len(rows), **board.metrics()}
    summary |= {
        "parse_accuracy": parse_ok / len(rows) if rows else math.nan,
        "solve_ms_p50": round(statistics.median(solve_ms), 2) if solve_ms else math.nan,
        "solve_ms_p95": round(percentile(solve_ms, 0.95), 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "load_ms": round(load_ms, 1),
        "solver": milp.backend_from_env(),
    }
    if ratios:
        summary["cost_ratio_vs_annotated_mean"] = round(statistics.fmean(ratios), 4)
        summary["cheaper_or_equal_share"] = sum(r <= 1 + 1e-9 for r in ratios) / len(ratios)
    print(json.dumps(summary))
    return 0


__all__ = ["bench_travelplanner_command", "fields_of", "parse_matches"]
