"""A few TravelPlanner train queries end to end: text -> request -> plan -> official rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wayra_ai.planner import CheckQuery, PlanChecker, load_inventory, plan_trip
from wayra_ai.planner.cli import request_from_text

TRAVELPLANNER = Path(__file__).resolve().parents[3] / "shared" / "travelplanner"

pytestmark = pytest.mark.travelplanner


@pytest.mark.parametrize("idx", [5, 14, 26, 37, 44])
def test_train_query_is_planned_cheaper_than_annotated(idx: int) -> None:
    inventory = load_inventory(TRAVELPLANNER)
    lines = (TRAVELPLANNER / "train.jsonl").read_text().splitlines()
    row = json.loads(lines[idx - 1])
    result = plan_trip(request_from_text(row["query"], inventory), inventory)
    assert result.planned
    checker = PlanChecker(inventory)
    query = CheckQuery.from_row(row)
    report = checker.check(query, result.days)
    assert report.passed, report.problems
    assert report.total_cost == result.total_cost
    assert report.total_cost <= checker.total_cost(query, row["annotated_plan"])
