"""The Redis client factory: a real server from REDIS_URL, fakeredis without it."""

from __future__ import annotations

from fakeredis import FakeAsyncRedis

from wayra_ai.cache.redis import make_redis
from wayra_ai.config import Settings


async def test_redis_url_gives_a_client_to_that_server(redis_url: str, redis: object) -> None:
    client = make_redis(Settings(redis_url=redis_url))  # type: ignore[arg-type]
    try:
        assert await client.ping()
        await client.set("wayra:probe", "1")
        assert await client.get("wayra:probe") == "1"  # strings, not bytes
    finally:
        await client.aclose()


async def test_without_redis_url_development_runs_in_process() -> None:
    client = make_redis(Settings(node_env="development"))  # type: ignore[arg-type]
    try:
        assert isinstance(client, FakeAsyncRedis)
        assert await client.incr("counter") == 1
        assert await client.get("counter") == "1"
    finally:
        await client.aclose()
