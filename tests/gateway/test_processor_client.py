"""ProcessorClient against a real processor served by uvicorn on a free port."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.responses import JSONResponse

from support import free_port
from wayra_ai.auth.service_token import HmacTokenIssuer
from wayra_ai.config import Settings
from wayra_ai.errors import NotFound, ServiceUnavailable, TooManyRequests, WayraError
from wayra_ai.gateway.processor_client import ProcessorClient
from wayra_ai.observability.logging import RequestContext, current_request
from wayra_ai.processor.app import create_app
from wayra_ai.processor.limiter import TaskSlot

SECRET = "client-test-secret-0123456789abcdef0123"


def processor_with_test_routes(mongo_uri: str, redis_url: str, tmp_path: Path) -> FastAPI:
    app = create_app(
        Settings(
            mongodb_uri=mongo_uri,  # type: ignore[arg-type]
            mongodb_database=f"test_{uuid.uuid4().hex[:12]}",
            redis_url=redis_url,  # type: ignore[arg-type]
            service_token_secret=SECRET,  # type: ignore[arg-type]
            WAYRA_DATA_DIR=tmp_path,  # type: ignore[call-arg]
        )
    )
    calls: dict[str, int] = {"flaky": 0, "busy": 0}

    @app.post("/v1/test/echo")
    async def echo(_: TaskSlot, payload: dict[str, Any]) -> dict[str, Any]:
        context = current_request.get()
        return {"echo": payload, "requestId": context.request_id if context else None}

    @app.post("/v1/test/flaky")
    async def flaky(payload: dict[str, Any]) -> Any:
        calls["flaky"] += 1
        if calls["flaky"] <= 2:
            return JSONResponse({"error": "overloaded"}, status_code=503)
        return {"attempt": calls["flaky"]}

    @app.post("/v1/test/busy-once")
    async def busy_once(payload: dict[str, Any]) -> Any:
        calls["busy"] += 1
        if calls["busy"] == 1:
            return JSONResponse({"error": "busy"}, status_code=429, headers={"Retry-After": "1"})
        return {"attempt": calls["busy"]}

    @app.post("/v1/test/busy-long")
    async def busy_long(payload: dict[str, Any]) -> Any:
        return JSONResponse(
            {"error": "processor_busy", "detail": "full"}, 429, {"Retry-After": "60"}
        )

    @app.post("/v1/test/slow")
    async def slow(payload: dict[str, Any]) -> dict[str, str]:
        await asyncio.sleep(1.0)
        return {"status": "late"}

    @app.post("/v1/test/missing")
    async def missing(payload: dict[str, Any]) -> Any:
        raise NotFound("no such trip")

    app.state.calls = calls
    return app


@pytest.fixture
async def served(
    mongo_uri: str, redis_url: str, tmp_path: Path
) -> AsyncIterator[tuple[str, FastAPI]]:
    app = processor_with_test_routes(mongo_uri, redis_url, tmp_path)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None))
    task = asyncio.create_task(server.serve())
    for _ in range(500):  # uvicorn offers a flag, not an event
        if server.started:
            break
        await asyncio.sleep(0.02)
    yield f"http://127.0.0.1:{port}", app
    server.should_exit = True
    await task


@pytest.fixture
async def client(served: tuple[str, FastAPI]) -> AsyncIterator[ProcessorClient]:
    processor = ProcessorClient.remote(served[0], HmacTokenIssuer(SECRET), base_delay=0.01)
    yield processor
    await processor.aclose()


async def test_post_json_round_trip_carrying_the_request_id(client: ProcessorClient) -> None:
    token = current_request.set(RequestContext(request_id="gateway-request-0042"))
    try:
        answer = await client.post_json("/v1/test/echo", {"city": "Cusco"})
    finally:
        current_request.reset(token)
    assert answer == {"echo": {"city": "Cusco"}, "requestId": "gateway-request-0042"}


async def test_a_processor_failing_twice_then_succeeding(
    client: ProcessorClient, served: tuple[str, FastAPI]
) -> None:
    assert await client.post_json("/v1/test/flaky", {}) == {"attempt": 3}
    assert served[1].state.calls["flaky"] == 3


async def test_429_is_retried_after_retry_after(client: ProcessorClient) -> None:
    started = asyncio.get_running_loop().time()
    assert await client.post_json("/v1/test/busy-once", {}) == {"attempt": 2}
    assert asyncio.get_running_loop().time() - started >= 0.9


async def test_a_long_retry_after_is_passed_back_to_the_caller(client: ProcessorClient) -> None:
    with pytest.raises(TooManyRequests) as raised:
        await client.post_json("/v1/test/busy-long", {})
    assert raised.value.headers["Retry-After"] == "60"
    assert raised.value.kind == "processor_busy"


async def test_4xx_comes_back_with_its_status_and_detail_without_retry(
    client: ProcessorClient,
) -> None:
    with pytest.raises(WayraError) as raised:
        await client.post_json("/v1/test/missing", {})
    assert (raised.value.status_code, raised.value.kind) == (404, "not_found")
    assert raised.value.message == "no such trip"


async def test_a_refused_service_token_is_503_not_the_travellers_401(
    served: tuple[str, FastAPI], caplog: pytest.LogCaptureFixture
) -> None:
    processor = ProcessorClient.remote(served[0], HmacTokenIssuer("another-secret-" * 3))
    try:
        with pytest.raises(ServiceUnavailable):
            await processor.post_json("/v1/test/echo", {})
    finally:
        await processor.aclose()
    assert "refused the gateway's service token (401)" in caplog.text


async def test_an_unreachable_processor_is_503_after_retries() -> None:
    processor = ProcessorClient.remote(
        f"http://127.0.0.1:{free_port()}", HmacTokenIssuer(SECRET), base_delay=0.01, attempts=3
    )
    try:
        with pytest.raises(ServiceUnavailable, match="cannot be reached"):
            await processor.post_json("/v1/test/echo", {})
    finally:
        await processor.aclose()


async def test_a_processor_too_slow_to_answer_is_503_without_retry(
    served: tuple[str, FastAPI],
) -> None:
    processor = ProcessorClient.remote(served[0], HmacTokenIssuer(SECRET), timeout_seconds=0.2)
    try:
        with pytest.raises(ServiceUnavailable, match="did not answer in time"):
            await processor.post_json("/v1/test/slow", {})
    finally:
        await processor.aclose()
