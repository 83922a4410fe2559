"""POST /v1/trips/plan through the whole gateway and its in-process processor."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from wayra_ai.auth.dev_token import make_dev_token

REQUEST_TEXT = "3 days from Chicago to Miami starting December 2 2026 for 2 people, budget $2000"


def auth(uid: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {make_dev_token(uid, email=f'{uid}@example.com')}"}


async def test_plan_from_text_is_checked_counted_and_recorded(
    client: httpx.AsyncClient, gateway: FastAPI
) -> None:
    response = await client.post(
        "/v1/trips/plan", json={"text": REQUEST_TEXT}, headers=auth("planner-1")
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["request"]["origin"] == "Chicago"
    assert body["request"]["destination"] == "Miami"
    assert body["request"]["travellers"] == {"adults": 2, "children": 0}
    plan = body["plan"]
    assert plan["status"] == "planned"
    assert len(plan["days"]) == 3
    assert plan["total_cost"] <= 2000
    breakdown = plan["cost_breakdown"]
    parts = breakdown["transport"] + breakdown["accommodation"] + breakdown["meals"]
    assert round(parts, 2) == plan["total_cost"]

    user = await gateway.state.resources.db.users.find_one({"uid": "planner-1"})
    assert user["aiUsage"]["optimization"]["currentMonthUsage"] == 1
    [entry] = user["optimizationHistory"]
    results = entry["results"]
    assert entry["optimizationType"] == "trip_plan"
    assert results["optimizedBudget"] == plan["total_cost"]
    assert results["savings"] == plan["savings"]["amount"]
    assert round(results["originalBudget"] - results["optimizedBudget"], 2) == results["savings"]
    me = await client.get("/v1/users/me", headers=auth("planner-1"))
    assert me.json()["totalAISavings"] == results["savings"]


async def test_structured_request_plans_too(client: httpx.AsyncClient) -> None:
    request = {
        "origin": "Chicago",
        "destination": "Miami",
        "start_date": "2026-12-02",
        "days": 3,
        "travellers": {"adults": 1},
        "budget": 1500,
    }
    response = await client.post(
        "/v1/trips/plan", json={"request": request}, headers=auth("planner-2")
    )
    assert response.status_code == 200, response.text
    assert response.json()["plan"]["status"] == "planned"


async def test_too_small_a_budget_explains_what_to_relax(client: httpx.AsyncClient) -> None:
    text = "3 days from Chicago to Miami starting December 2 2026 for 2 people, budget $100"
    response = await client.post("/v1/trips/plan", json={"text": text}, headers=auth("planner-3"))
    assert response.status_code == 200, response.text
    plan = response.json()["plan"]
    assert plan["status"] == "no_plan"
    [budget] = [r for r in plan["relaxations"] if r["constraint"] == "budget"]
    assert budget["extra_budget"] == round(budget["plan_cost"] - 100, 2)


async def test_bad_requests_are_4xx_and_write_nothing(
    client: httpx.AsyncClient, gateway: FastAPI
) -> None:
    headers = auth("planner-4")
    both = await client.post(
        "/v1/trips/plan", json={"text": REQUEST_TEXT, "request": None}, headers=headers
    )
    assert both.status_code == 200  # request null is the same as absent
    neither = await client.post("/v1/trips/plan", json={}, headers=headers)
    assert neither.status_code == 422
    unknown = await client.post(
        "/v1/trips/plan",
        json={"text": "3 days from Chicago to Springfield on December 2 2026, budget $900"},
        headers=headers,
    )
    assert unknown.status_code == 422, unknown.text
    assert "Springfield" in unknown.json()["detail"]
    negative = await client.post(
        "/v1/trips/plan",
        json={
            "request": {
                "origin": "Chicago",
                "destination": "Miami",
                "start_date": "2026-12-02",
                "days": 3,
                "budget": -5,
            }
        },
        headers=headers,
    )
    assert negative.status_code == 422
    user = await gateway.state.resources.db.users.find_one({"uid": "planner-4"})
    assert user["aiUsage"]["optimization"]["currentMonthUsage"] == 1  # only the valid one
    assert len(user["optimizationHistory"]) == 1


async def test_exhausted_optimisation_quota_is_429_before_solving(
    client: httpx.AsyncClient, gateway: FastAPI
) -> None:
    headers = auth("planner-5")
    assert (await client.get("/v1/users/me", headers=headers)).status_code == 200
    db = gateway.state.resources.db
    month = (await db.users.find_one({"uid": "planner-5"}))["updatedAt"].strftime("%Y-%m")
    await db.users.update_one(
        {"uid": "planner-5"},
        {
            "$set": {
                "aiUsage.optimization.currentMonthUsage": 100,
                "aiUsage.optimization.usageMonth": month,
            }
        },
    )
    response = await client.post("/v1/trips/plan", json={"text": REQUEST_TEXT}, headers=headers)
    assert response.status_code == 429
    assert response.json()["error"] == "quota_exceeded"
    assert int(response.headers["Retry-After"]) > 0
    user = await db.users.find_one({"uid": "planner-5"})
    assert user["optimizationHistory"] == []
