"""/ready names the dependency that fails: MongoDB unreachable, Redis down."""

from __future__ import annotations

import socket

import httpx
from fastapi import FastAPI
from pymongo import AsyncMongoClient

from wayra_ai.cache.redis import make_redis
from wayra_ai.config import Settings


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


async def test_ready_names_mongodb_when_it_is_unreachable(
    gateway: FastAPI, client: httpx.AsyncClient
) -> None:
    resources = gateway.state.resources
    good_db = resources.db
    dead: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(
        f"mongodb://127.0.0.1:{closed_port()}/?directConnection=true",
        serverSelectionTimeoutMS=300,
    )
    resources.db = dead["wayra"]
    try:
        response = await client.get("/ready")
    finally:
        resources.db = good_db
        await dead.close()
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "failing": ["mongodb"]}
    assert (await client.get("/health")).status_code == 200  # liveness does no I/O


async def test_ready_reports_redis_down_as_degraded_not_failing(
    gateway: FastAPI, client: httpx.AsyncClient
) -> None:
    resources = gateway.state.resources
    good_redis = resources.redis
    dead_url = f"redis://127.0.0.1:{closed_port()}/0"
    resources.redis = make_redis(Settings(redis_url=dead_url))  # type: ignore[arg-type]
    try:
        response = await client.get("/ready")
    finally:
        await resources.redis.aclose()
        resources.redis = good_redis
    # The service still answers without its cache and burst counters.
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "degraded": ["redis"]}
