"""The per-user burst limiter against a real redis-server, and with Redis down."""

from __future__ import annotations

import logging
import socket

import httpx
import pytest
from fastapi import FastAPI
from redis.asyncio import Redis

from wayra_ai.auth.caller import AuthenticatedCaller
from wayra_ai.cache.rate_limit import BurstLimiter, RateLimitedCaller
from wayra_ai.cache.redis import make_redis
from wayra_ai.config import Settings
from wayra_ai.dependencies import Resources
from wayra_ai.errors import TooManyRequests
from wayra_ai.kit.http import install_error_handlers
from wayra_ai.storage.mongo import Database


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


async def test_over_the_limit_is_429_with_retry_after(redis: Redis) -> None:
    limiter = BurstLimiter(redis, limit=3, window_seconds=10)
    for _ in range(3):
        await limiter.hit("ana")
    with pytest.raises(TooManyRequests) as raised:
        await limiter.hit("ana")
    assert raised.value.kind == "rate_limited"
    assert 1 <= int(raised.value.headers["Retry-After"]) <= 11
    await limiter.hit("bruno")  # another user has their own budget
    keys = await redis.keys("burst:*")
    assert len(keys) == 2
    for key in keys:
        assert 0 < await redis.ttl(key) <= 11  # counters expire with their window


async def test_counts_are_shared_between_limiters_on_one_redis(redis: Redis) -> None:
    """Two gateway instances see the same count."""
    first, second = (BurstLimiter(redis, limit=2, window_seconds=10) for _ in range(2))
    await first.hit("ana")
    await second.hit("ana")
    with pytest.raises(TooManyRequests):
        await first.hit("ana")


async def test_redis_down_lets_requests_through_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    dead = make_redis(Settings(redis_url=f"redis://127.0.0.1:{closed_port()}/0"))  # type: ignore[arg-type]
    limiter = BurstLimiter(dead, limit=1, window_seconds=10)
    try:
        with caplog.at_level(logging.WARNING, logger="wayra_ai.cache.rate_limit"):
            for _ in range(3):
                await limiter.hit("ana")
    finally:
        await dead.aclose()
    assert "Redis unavailable" in caplog.text


class FixedCaller:
    async def verify(self, token: str) -> AuthenticatedCaller:
        return AuthenticatedCaller(uid=token)


async def test_dependency_renders_429_with_retry_after(redis: Redis, db: Database) -> None:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/limited")
    async def limited(caller: RateLimitedCaller) -> dict[str, str]:
        return {"uid": caller.uid}

    app.state.resources = Resources(
        settings=Settings(),
        db=db,
        redis=redis,
        extras={"token_verifier": FixedCaller(), "burst_limiter": BurstLimiter(redis, limit=1)},
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        headers = {"Authorization": "Bearer ana"}
        assert (await client.get("/limited", headers=headers)).json() == {"uid": "ana"}
        refused = await client.get("/limited", headers=headers)
    assert refused.status_code == 429
    assert refused.json()["error"] == "rate_limited"
    assert int(refused.headers["Retry-After"]) >= 1
