"""The whole gateway with its lifespan: probes, request ids, auth, limits, in-process processor."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr

from support import gateway_settings
from wayra_ai.auth.dev_token import make_dev_token
from wayra_ai.cache.rate_limit import BurstLimiter
from wayra_ai.errors import WayraError
from wayra_ai.gateway.app import create_app
from wayra_ai.gateway.processor_client import ProcessorClient
from wayra_ai.processor.app import create_app as create_processor


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


async def test_in_process_processor_checks_the_gateway_token(gateway: FastAPI) -> None:
    """One code path: the in-process processor still demands the service token."""
    processor: ProcessorClient = gateway.state.resources.extras["processor"]
    with pytest.raises(WayraError) as raised:  # a GET route: the processor answers 405
        await processor.post_json("/v1/tasks/capacity", {})
    assert raised.value.status_code == 405
    processor_app = gateway.state.processor_app
    transport = httpx.ASGITransport(app=processor_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://p") as direct:
        assert (await direct.get("/v1/tasks/capacity")).status_code == 401
        assert (await direct.get("/ready")).json() == {"status": "ready"}


async def test_users_me_with_a_dev_token_end_to_end(client: httpx.AsyncClient) -> None:
    token = make_dev_token("traveller-9", email="luz@example.com", name="Luz")
    response = await client.get("/v1/users/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    assert response.json()["uid"] == "traveller-9"
    anonymous = await client.get("/v1/users/me")
    assert anonymous.status_code == 401
    assert anonymous.json()["error"] == "unauthorized"


async def test_public_routes_carry_the_burst_limit(
    gateway: FastAPI, client: httpx.AsyncClient
) -> None:
    gateway.state.resources.extras["burst_limiter"] = BurstLimiter(
        gateway.state.resources.redis, limit=2, window_seconds=10
    )
    headers = {
        "Authorization": f"Bearer {make_dev_token('hasty-traveller', email='hasty@example.com')}"
    }
    statuses = [(await client.get("/v1/users/me", headers=headers)).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


async def test_a_given_processor_app_runs_in_process_with_its_own_secret(
    mongo_uri: str, redis_url: str, tmp_path: Path
) -> None:
    settings = gateway_settings(mongo_uri, redis_url, tmp_path)
    processor_app = create_processor(
        settings.model_copy(update={"service_token_secret": SecretStr("p" * 40)})
    )
    app = create_app(settings, processor_app=processor_app)
    async with app.router.lifespan_context(app):
        processor: ProcessorClient = app.state.resources.extras["processor"]
        with pytest.raises(WayraError) as raised:
            await processor.post_json("/v1/tasks/capacity", {})
        assert raised.value.status_code == 405  # past the token check: the route is GET-only
        assert processor_app.state.resources.db is app.state.resources.db  # shared clients


async def test_openapi_documents_every_public_route(client: httpx.AsyncClient) -> None:
    assert (await client.get("/docs")).status_code == 200
    paths = (await client.get("/openapi.json")).json()["paths"]
    for path in (
        "/v1/users/me",
        "/v1/users/me/usage",
        "/v1/conversations",
        "/v1/conversations/search",
        "/v1/conversations/{conversation_id}",
        "/v1/conversations/{conversation_id}/messages",
        "/v1/conversations/{conversation_id}/messages/{message_id}/feedback",
        "/v1/trips/plan",
    ):
        assert path in paths, path
