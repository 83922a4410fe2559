"""The processor: service token on every route but the probes, and the task limiter."""

from __future__ import annotations

import asyncio

import httpx
from fastapi import FastAPI

from wayra_ai.auth.service_token import HmacTokenIssuer
from wayra_ai.processor.limiter import TaskSlot


async def authorised(app: FastAPI) -> dict[str, str]:
    """Headers with a token signed by the processor's own SERVICE_TOKEN_SECRET."""
    secret = app.state.settings.service_token_secret.get_secret_value()
    return {"Authorization": f"Bearer {await HmacTokenIssuer(secret).token()}"}


def http(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://processor")


async def test_probes_are_open_and_everything_else_needs_a_service_token(
    running_processor: FastAPI,
) -> None:
    async with http(running_processor) as client:
        assert (await client.get("/health")).status_code == 200
        assert (await client.get("/ready")).json() == {"status": "ready"}
        missing = await client.get("/v1/tasks/capacity")
        forged = await client.get(
            "/v1/tasks/capacity",
            headers={"Authorization": f"Bearer {await HmacTokenIssuer('x' * 40).token()}"},
        )
        unknown_route = await client.get("/v1/anything")
        allowed = await client.get(
            "/v1/tasks/capacity", headers=await authorised(running_processor)
        )
    assert missing.status_code == forged.status_code == unknown_route.status_code == 401
    assert missing.json()["error"] == "unauthorized"
    assert missing.headers["WWW-Authenticate"] == "Bearer"
    assert allowed.json() == {"inUse": 0, "limit": 2}


async def test_excess_jobs_get_429_at_once_and_slots_are_freed(processor_app: FastAPI) -> None:
    release, both_started = asyncio.Event(), asyncio.Event()
    started = 0

    @processor_app.post("/v1/test/slow")
    async def slow(_: TaskSlot) -> dict[str, str]:
        nonlocal started
        started += 1
        if started == 2:
            both_started.set()
        await release.wait()
        return {"status": "done"}

    async with processor_app.router.lifespan_context(processor_app), http(processor_app) as client:
        headers = await authorised(processor_app)
        running = [
            asyncio.create_task(client.post("/v1/test/slow", headers=headers)) for _ in (1, 2)
        ]
        await asyncio.wait_for(both_started.wait(), timeout=5)
        busy = await asyncio.wait_for(client.post("/v1/test/slow", headers=headers), timeout=2)
        capacity = await client.get("/v1/tasks/capacity", headers=headers)
        release.set()
        finished = await asyncio.gather(*running)
        after = await client.get("/v1/tasks/capacity", headers=headers)
    assert busy.status_code == 429
    assert busy.json()["error"] == "processor_busy"
    assert int(busy.headers["Retry-After"]) >= 1
    assert capacity.json() == {"inUse": 2, "limit": 2}
    assert [response.json() for response in finished] == [{"status": "done"}] * 2
    assert after.json() == {"inUse": 0, "limit": 2}
