"""/v1/users endpoints on a small FastAPI app over the real wire server and redis-server."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from redis.asyncio import Redis

from wayra_ai.auth.caller import AuthenticatedCaller
from wayra_ai.auth.dependencies import get_caller
from wayra_ai.config import Settings
from wayra_ai.dependencies import Resources
from wayra_ai.errors import Unauthorized
from wayra_ai.kit.http import install_error_handlers
from wayra_ai.storage.mongo import Database
from wayra_ai.users import usage
from wayra_ai.users.endpoints import router

Without = Callable[..., dict[str, Any]]
NODE = AuthenticatedCaller(uid="node-uid-7", email="luis@example.com")


@pytest.fixture
async def client(
    db: Database, redis: Redis, caller: AuthenticatedCaller
) -> AsyncIterator[httpx.AsyncClient]:
    app = FastAPI()
    install_error_handlers(app)
    app.include_router(router)
    app.state.resources = Resources(settings=Settings(), db=db, redis=redis, extras={})
    app.state.caller = caller
    app.dependency_overrides[get_caller] = lambda: app.state.caller
    transport = httpx.ASGITransport(app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        http.app = app  # type: ignore[attr-defined]
        yield http


def sign_in_as(client: httpx.AsyncClient, who: AuthenticatedCaller) -> None:
    client.app.state.caller = who  # type: ignore[attr-defined]


async def raw_user(db: Database, uid: str) -> dict[str, Any]:
    document = await db["users"].find_one({"uid": uid})
    assert document is not None
    return document


async def test_get_me_provisions_and_returns_seed_fields_with_virtuals(
    client: httpx.AsyncClient, db: Database
) -> None:
    response = await client.get("/v1/users/me")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["uid"] == "firebase-uid-1"
    assert body["email"] == "ana@example.com"
    assert body["photoURL"] == "https://example.com/ana.png"
    assert body["aiPreferences"]["conversationStyle"] == "casual"
    assert body["aiPreferences"]["communicationPreferences"]["responseFormat"] == "conversational"
    assert body["aiUsage"]["agents"]["monthlyLimit"] == 50
    assert body["subscription"]["tier"] == "free"
    assert body["totalAISavings"] == 0
    assert body["aiEngagementScore"] == 0
    for field in [
        "displayName",
        "phoneNumber",
        "profile",
        "conversationHistory",
        "agentInteractions",
        "optimizationHistory",
        "collaborationSessions",
        "createdAt",
        "updatedAt",
        "lastLogin",
        "isActive",
        "emailVerified",
        "phoneVerified",
    ]:
        assert field in body, field
    assert await db["users"].count_documents({}) == 1


async def test_get_me_on_a_node_document_keeps_unknown_fields_and_computes_virtuals(
    client: httpx.AsyncClient, db: Database, node_user: dict[str, Any]
) -> None:
    await db["users"].insert_one(node_user)
    sign_in_as(client, NODE)
    body = (await client.get("/v1/users/me")).json()
    assert body["__v"] == 3
    assert body["legacyTopLevel"] == {"keep": ["me", 1]}
    assert body["profile"]["legacyField"] == "from-node"
    assert body["subscription"]["billingHistory"][0]["invoiceRef"] == "INV-1"
    assert body["conversationHistory"][0]["tripId"] == str(
        node_user["conversationHistory"][0]["tripId"]
    )
    assert body["totalAISavings"] == 30
    assert body["aiEngagementScore"] == 2 + 5 + 10


async def test_patch_changes_only_the_sent_paths(
    client: httpx.AsyncClient, db: Database, node_user: dict[str, Any], without: Without
) -> None:
    await db["users"].insert_one(node_user)
    sign_in_as(client, NODE)
    before = await raw_user(db, "node-uid-7")
    patch = {
        "displayName": "Luis M.",
        "profile": {
            "dateOfBirth": "1994-07-21",
            "location": {"city": "Arequipa"},
            "travelPreferences": {"budgetRange": {"max": 1200}, "travelStyle": ["slow", "food"]},
        },
        "aiPreferences": {
            "budgetPriority": 4,
            "optimizationGoals": ["cost", "sustainability"],
            "communicationPreferences": {
                "notifications": {"priceAlerts": True},
                "responseFormat": "visual",
            },
        },
    }
    response = await client.patch("/v1/users/me", json=patch)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["displayName"] == "Luis M."
    assert body["aiPreferences"]["communicationPreferences"]["responseFormat"] == "visual"
    after = await raw_user(db, "node-uid-7")
    changed = [
        "displayName",
        "profile.dateOfBirth",
        "profile.location.city",
        "profile.travelPreferences.budgetRange.max",
        "profile.travelPreferences.travelStyle",
        "aiPreferences.budgetPriority",
        "aiPreferences.optimizationGoals",
        "aiPreferences.communicationPreferences.notifications.priceAlerts",
        "aiPreferences.communicationPreferences.responseFormat",
        "updatedAt",
        "lastLogin",
    ]
    assert without(after, *changed) == without(before, *changed)
    assert after["profile"]["dateOfBirth"] == datetime(1994, 7, 21, tzinfo=UTC)
    assert after["profile"]["location"] == {"country": "PE", "city": "Arequipa", "geohash": "6mc5"}
    assert after["profile"]["travelPreferences"]["budgetRange"] == {
        "min": 100,
        "max": 1200,
        "currency": "PEN",
    }
    notifications = after["aiPreferences"]["communicationPreferences"]["notifications"]
    assert notifications == {
        "priceAlerts": True,
        "optimizationSuggestions": True,
        "agentUpdates": True,
        "collaborationInvites": False,
        "smsDigest": True,
    }
    assert after["aiPreferences"]["optimizationGoals"] == ["cost", "sustainability"]
    assert after["updatedAt"] > before["updatedAt"]
    assert after["__v"] == 3


async def test_patch_null_clears_a_clearable_field(client: httpx.AsyncClient, db: Database) -> None:
    await client.patch("/v1/users/me", json={"phoneNumber": "+51 999 111 222"})
    response = await client.patch("/v1/users/me", json={"phoneNumber": None})
    assert response.status_code == 200
    assert (await raw_user(db, "firebase-uid-1"))["phoneNumber"] is None


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"aiPreferences": {"conversationStyle": "rude"}}, "aiPreferences.conversationStyle"),
        ({"aiPreferences": {"budgetPriority": 6}}, "aiPreferences.budgetPriority"),
        ({"aiPreferences": {"budgetPriority": 0}}, "aiPreferences.budgetPriority"),
        ({"aiPreferences": {"planningStyle": "chaotic"}}, "aiPreferences.planningStyle"),
        ({"aiPreferences": {"aiAssistanceLevel": "total"}}, "aiPreferences.aiAssistanceLevel"),
        ({"aiPreferences": {"optimizationGoals": ["luxury"]}}, "aiPreferences.optimizationGoals.0"),
        (
            {"aiPreferences": {"communicationPreferences": {"responseFormat": "haiku"}}},
            "aiPreferences.communicationPreferences.responseFormat",
        ),
        (
            {"aiPreferences": {"communicationPreferences": {"notifications": {"smsDigest": True}}}},
            "aiPreferences.communicationPreferences.notifications.smsDigest",
        ),
        ({"aiPreferences": {"budgetPriority": True}}, "aiPreferences.budgetPriority"),
        ({"aiPreferences": {"budgetPriority": "3"}}, "aiPreferences.budgetPriority"),
        ({"display_name": "snake_case is not an alias"}, "display_name"),
        ({"email": "mallory@example.com"}, "email"),
        ({"subscription": {"tier": "enterprise"}}, "subscription"),
        ({"aiUsage": {"conversation": {"monthlyLimit": 10**9}}}, "aiUsage"),
        ({"profile": {"legacyField": "x"}}, "profile.legacyField"),
        ({"profile": {"dateOfBirth": "2999-01-01"}}, "profile.dateOfBirth"),
        ({"profile": {"location": None}}, "location cannot be null"),
        ({"aiPreferences": {"budgetPriority": None}}, "budgetPriority cannot be null"),
        (
            {"profile": {"travelPreferences": {"budgetRange": {"min": 500, "max": 100}}}},
            "budgetRange",
        ),
        (
            {"profile": {"travelPreferences": {"budgetRange": {"currency": "dollars"}}}},
            "budgetRange.currency",
        ),
    ],
)
async def test_bad_patch_is_422_naming_the_field_and_writes_nothing(
    client: httpx.AsyncClient, db: Database, body: dict[str, Any], named: str
) -> None:
    await client.get("/v1/users/me")
    before = await raw_user(db, "firebase-uid-1")
    response = await client.patch("/v1/users/me", json={"displayName": "Changed", **body})
    assert response.status_code == 422, response.text
    assert response.json()["error"] == "invalid_request"
    assert named in response.json()["detail"]
    after = await raw_user(db, "firebase-uid-1")
    # provisioning moves lastLogin/updatedAt for every request; nothing else may change
    assert {k: v for k, v in after.items() if k not in {"lastLogin", "updatedAt"}} == {
        k: v for k, v in before.items() if k not in {"lastLogin", "updatedAt"}
    }


async def test_budget_min_above_the_stored_max_is_refused(
    client: httpx.AsyncClient, db: Database, node_user: dict[str, Any]
) -> None:
    await db["users"].insert_one(node_user)  # stored budgetRange: 100..900
    sign_in_as(client, NODE)
    response = await client.patch(
        "/v1/users/me", json={"profile": {"travelPreferences": {"budgetRange": {"min": 1000}}}}
    )
    assert response.status_code == 422
    assert "min (1000) cannot be greater than max (900)" in response.json()["detail"]
    stored = (await raw_user(db, "node-uid-7"))["profile"]["travelPreferences"]["budgetRange"]
    assert stored == {"min": 100, "max": 900, "currency": "PEN"}


async def test_malformed_json_is_400(client: httpx.AsyncClient) -> None:
    response = await client.patch(
        "/v1/users/me", content=b"{nope", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400


async def test_usage_endpoint_reports_every_feature_for_the_tier(
    client: httpx.AsyncClient, db: Database
) -> None:
    await client.get("/v1/users/me")
    await usage.consume(db, "firebase-uid-1", "conversation", cost=0.25)
    await usage.consume(db, "firebase-uid-1", "conversation", cost=0.25)
    await db["users"].update_one(
        {"uid": "firebase-uid-1"}, {"$set": {"subscription.tier": "basic"}}
    )
    response = await client.get("/v1/users/me/usage")
    assert response.status_code == 200
    body = response.json()
    assert body["tier"] == "basic"
    assert set(body["features"]) == {"conversation", "agents", "optimization", "collaboration"}
    conversation = body["features"]["conversation"]
    assert conversation["used"] == 2
    assert conversation["limit"] == usage.limit_for("basic", usage.Feature.CONVERSATION)
    assert conversation["remaining"] == conversation["limit"] - 2
    assert conversation["totalCost"] == 0.5
    assert conversation["lastUsed"] is not None
    assert conversation["tier"] == "basic"
    assert conversation["resetsAt"].startswith(
        f"{usage.start_of_next_month(datetime.now(UTC)).date()}"
    )
    assert body["features"]["agents"]["used"] == 0
    assert body["features"]["agents"]["lastUsed"] is None


class RefusingVerifier:
    async def verify(self, token: str) -> AuthenticatedCaller:
        raise Unauthorized("token refused")


async def test_without_a_verified_caller_nothing_is_provisioned(db: Database, redis: Redis) -> None:
    app = FastAPI()
    install_error_handlers(app)
    app.include_router(router)
    extras: dict[str, Any] = {"token_verifier": RefusingVerifier()}
    app.state.resources = Resources(settings=Settings(), db=db, redis=redis, extras=extras)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://t") as http:
        anonymous = await http.get("/v1/users/me")
        refused = await http.get("/v1/users/me", headers={"Authorization": "Bearer nope"})
    assert anonymous.status_code == 401
    assert refused.status_code == 401
    assert refused.json()["detail"] == "token refused"
    assert await db["users"].count_documents({}) == 0


async def test_patch_replaces_preferred_agents_and_returns_virtuals(
    client: httpx.AsyncClient, db: Database
) -> None:
    agents = [
        {"agentType": "flights", "priority": 1, "customInstructions": "overnight buses are fine"},
        {"agentType": "hotels", "priority": 2},
    ]
    response = await client.patch(
        "/v1/users/me",
        json={"aiPreferences": {"preferredAgents": agents, "aiAssistanceLevel": "comprehensive"}},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["aiPreferences"]["preferredAgents"][0]["customInstructions"] == (
        "overnight buses are fine"
    )
    assert body["totalAISavings"] == 0
    assert body["aiEngagementScore"] == 0
    stored = (await raw_user(db, "firebase-uid-1"))["aiPreferences"]
    assert stored["preferredAgents"] == agents
    assert stored["aiAssistanceLevel"] == "comprehensive"
    assert stored["conversationStyle"] == "casual"  # untouched
    refused = await client.patch(
        "/v1/users/me",
        json={"aiPreferences": {"preferredAgents": [{"agentType": "x", "secret": 1}]}},
    )
    assert refused.status_code == 422
    assert "preferredAgents.0.secret" in refused.json()["detail"]
    assert (await raw_user(db, "firebase-uid-1"))["aiPreferences"]["preferredAgents"] == agents
