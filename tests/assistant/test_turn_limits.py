"""A chat turn over quota, and a chat turn while Redis is down."""

from __future__ import annotations

import httpx
from fastapi import FastAPI
from redis.asyncio import Redis

from support import free_port
from wayra_ai.auth.dev_token import make_dev_token


def headers(uid: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {make_dev_token(uid, email=f'{uid}@example.com')}"}


async def new_conversation(client: httpx.AsyncClient, uid: str) -> str:
    created = await client.post("/v1/conversations", json={}, headers=headers(uid))
    assert created.status_code == 201
    conversation_id: str = created.json()["conversationId"]
    return conversation_id


async def test_over_the_monthly_quota_is_429_and_writes_nothing(
    client: httpx.AsyncClient, gateway: FastAPI
) -> None:
    conversation_id = await new_conversation(client, "quota-1")
    db = gateway.state.resources.db
    user = await db.users.find_one({"uid": "quota-1"})
    await db.users.update_one(
        {"uid": "quota-1"},
        {
            "$set": {
                "aiUsage.conversation.currentMonthUsage": 1000,
                "aiUsage.conversation.usageMonth": user["updatedAt"].strftime("%Y-%m"),
            }
        },
    )
    response = await client.post(
        f"/v1/conversations/{conversation_id}/messages",
        json={"content": "3 days in Miami please"},
        headers=headers("quota-1"),
    )
    assert response.status_code == 429
    body = response.json()
    assert body["error"] == "quota_exceeded"
    assert "resets on" in body["detail"]
    assert int(response.headers["Retry-After"]) > 0
    doc = await db.conversations.find_one({"conversationId": conversation_id})
    assert doc.get("messages", []) == []
    assert doc["analytics"]["totalMessages"] == 0


async def test_the_chat_answers_without_redis(client: httpx.AsyncClient, gateway: FastAPI) -> None:
    conversation_id = await new_conversation(client, "no-redis")
    cache = gateway.state.resources.extras["turn_cache"]
    working = cache.redis
    cache.redis = Redis.from_url(f"redis://127.0.0.1:{free_port()}/0", socket_connect_timeout=0.2)
    try:
        response = await client.post(
            f"/v1/conversations/{conversation_id}/messages",
            json={"content": "3 days from Chicago to Miami from March 10 for 2, budget $900"},
            headers=headers("no-redis"),
        )
    finally:
        await cache.redis.aclose()
        cache.redis = working
    assert response.status_code == 201, response.text
    assert response.json()["reply"]["content"].startswith("Here's a 3-day plan visiting Miami")
    assert cache.stats["plan.error"] == 2  # its read and its write
    assert cache.stats["reply.error"] == 2


async def test_cache_hits_and_misses_are_exposed_as_metrics(client: httpx.AsyncClient) -> None:
    text = "3 days from Chicago to Miami from March 10 for 2, budget $900"
    for uid in ("metrics-1", "metrics-2"):
        conversation_id = await new_conversation(client, uid)
        response = await client.post(
            f"/v1/conversations/{conversation_id}/messages",
            json={"content": text},
            headers=headers(uid),
        )
        assert response.status_code == 201
    exposed = (await client.get("/metrics")).text
    assert 'wayra_cache_events_total{kind="plan",outcome="miss"} 1' in exposed
    assert 'wayra_cache_events_total{kind="plan",outcome="hit"} 1' in exposed
    assert 'wayra_cache_events_total{kind="reply",outcome="hit"} 1' in exposed
