"""`wayra-ai plan` and `wayra-ai bench travelplanner`, run in-process."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from wayra_ai.cli import main
from wayra_ai.planner.checker import CheckQuery, PlanChecker
from wayra_ai.planner.inventory import SAMPLE_DATA, load_inventory

TRAVELPLANNER = Path(__file__).resolve().parents[3] / "shared" / "travelplanner"
WARM_TRIP = (
    "Please plan a trip from Chicago to Miami spanning 3 days from January 15th to "
    "January 17th, 2027, for 2 people with a budget of $1,500."
)
BENCH_KEYS = {
    "n",
    "delivery_rate",
    "commonsense_micro",
    "commonsense_macro",
    "hard_micro",
    "hard_macro",
    "final_pass_rate",
    "parse_accuracy",
    "solve_ms_p50",
    "solve_ms_p95",
    "peak_rss_mb",
}


def test_plan_prints_the_itinerary_and_costs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", WARM_TRIP]) == 0
    out = capsys.readouterr().out
    assert "not real offers" in out
    assert "Day 1  from Chicago to Miami" in out
    assert "Day 3  from Miami to Chicago" in out
    assert "Cost breakdown" in out
    assert "total" in out


def test_plan_json_is_the_checked_result(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", WARM_TRIP, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["status"] == "planned"
    breakdown = result["cost_breakdown"]
    parts = breakdown["transport"] + breakdown["accommodation"] + breakdown["meals"]
    assert result["total_cost"] == pytest.approx(parts)
    query = CheckQuery(
        org="Chicago",
        dest="Miami",
        days=3,
        visiting_city_number=1,
        people_number=2,
        budget=1500,
        dest_is_region=False,
    )
    report = PlanChecker(load_inventory(None)).check(query, result["days"])
    assert report.passed
    assert report.total_cost == pytest.approx(result["total_cost"])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "A trip from Chicago to Miami from January 17th to January 15th, 2027, budget $900",
            "before the start date|must last 1 to 30 days",  # the parser may read a wrap
        ),
        ("A trip to Miami please", "missing"),
        ("From Chicago to Atlantis for 3 days from January 15th, 2027, budget $900", "Atlantis"),
    ],
)
def test_plan_rejects_bad_requests_clearly(
    capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    assert main(["plan", text]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert re.search(message, captured.err)


def test_plan_with_no_feasible_trip_explains(capsys: pytest.CaptureFixture[str]) -> None:
    text = WARM_TRIP.replace("$1,500", "$50")
    assert main(["plan", text]) == 1
    out = capsys.readouterr().out
    assert "No plan fits this request" in out
    assert "more" in out


def _row(idx: int, query: str, **fields: Any) -> dict[str, Any]:
    local = {"house rule": None, "cuisine": None, "room type": None, "transportation": None}
    local.update(fields.pop("local", {}))
    return {"idx": idx, "query": query, "local_constraint": local, **fields}


def test_bench_writes_submissions_and_a_metrics_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        _row(
            1,
            WARM_TRIP,
            org="Chicago",
            dest="Miami",
            days=3,
            visiting_city_number=1,
            date=["2027-01-15", "2027-01-16", "2027-01-17"],
            people_number=2,
            budget=1500,
        ),
        _row(
            2,
            "Could you plan a 5-day trip for one person from Denver visiting 2 cities in Texas "
            "from February 3rd to February 7th, 2027? The budget is $2,000.",
            org="Denver",
            dest="Texas",
            days=5,
            visiting_city_number=2,
            date=["2027-02-03", "2027-02-04", "2027-02-05", "2027-02-06", "2027-02-07"],
            people_number=1,
            budget=2000,
        ),
    ]
    queries = tmp_path / "queries.jsonl"
    queries.write_text("".join(json.dumps(row) + "\n" for row in rows))
    out = tmp_path / "plans.jsonl"
    args = ["bench", "travelplanner", "--queries", str(queries), "--data", str(SAMPLE_DATA)]
    assert main([*args, "--out", str(out)]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert set(summary) >= BENCH_KEYS
    assert summary["n"] == 2
    assert summary["final_pass_rate"] == 1.0
    assert summary["parse_accuracy"] == 1.0
    assert "cheaper_or_equal_share" not in summary
    written = [json.loads(line) for line in out.read_text().splitlines()]
    assert [w["idx"] for w in written] == [1, 2]
    assert all(len(w["plan"]) == row["days"] for w, row in zip(written, rows, strict=True))


@pytest.mark.travelplanner
def test_bench_on_train_queries_passes_and_beats_annotations(
    capsys: pytest.CaptureFixture[str],
) -> None:
    queries = str(TRAVELPLANNER / "train.jsonl")
    args = ["bench", "travelplanner", "--queries", queries, "--data", str(TRAVELPLANNER)]
    assert main([*args, "--limit", "4"]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["n"] == 4
    assert summary["final_pass_rate"] == 1.0
    assert summary["cheaper_or_equal_share"] == 1.0


@pytest.mark.travelplanner
def test_every_annotated_train_plan_passes_our_checker() -> None:
    inventory = load_inventory(TRAVELPLANNER)
    checker = PlanChecker(inventory)
    for line in (TRAVELPLANNER / "train.jsonl").read_text().splitlines():
        row = json.loads(line)
        report = checker.check(CheckQuery.from_row(row), row["annotated_plan"])
        assert report.passed, (row["idx"], report.problems)
