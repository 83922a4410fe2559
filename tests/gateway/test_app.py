"""The whole gateway with its lifespan: probes, request ids, auth, limits, in-process processor."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from wayra_ai.auth.dev_token import make_dev_token
from wayra_ai.gateway.processor_client import ProcessorClient


async def test_health_needs_no_dependencies(client: httpx.AsyncClient) -> None:
    response = await client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_ready_when_mongo_and_redis_answer(client: httpx.AsyncClient) -> None:
    response = await client.get("/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ready"}


async def test_request_id_is_echoed_or_generated(client: httpx.AsyncClient) -> None:
    echoed = await client.get("/health", headers={"X-Request-ID": "req-12345678"})
    assert echoed.headers["X-Request-ID"] == "req-12345678"
    malformed = await client.get("/health", headers={"X-Request-ID": "bad id\twith spaces"})
    assert malformed.headers["X-Request-ID"] != "bad id\twith spaces"
    assert len(malformed.headers["X-Request-ID"]) == 32


async def test_dev_token_is_verified_by_the_running_gateway(gateway: FastAPI) -> None:
    verifier = gateway.state.resources.extras["token_verifier"]
    caller = await verifier.verify(make_dev_token("traveller-1", email="ana@example.com"))
    assert caller.uid == "traveller-1"
    assert caller.email == "ana@example.com"


async def test_in_process_processor_accepts_the_gateway_token(gateway: FastAPI) -> None:
    processor: ProcessorClient = gateway.state.resources.extras["processor"]
    # /v1/tasks/capacity is GET; post_json to it must come back as the processor's 405
    answer = await processor._http.get(
        "/v1/tasks/capacity",
        headers={"Authorization": f"Bearer {await processor._tokens.token()}"},
    )
    assert answer.status_code == 200
    assert answer.json() == {"inUse": 0, "limit": 5}
