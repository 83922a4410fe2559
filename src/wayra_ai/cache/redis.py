"""The Redis client factory: REDIS_URL when set, an in-process fake otherwise."""

from __future__ import annotations

from fakeredis import FakeAsyncRedis
from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialWithJitterBackoff

from wayra_ai.config import Settings


def make_redis(settings: Settings) -> Redis:
    """A `redis.asyncio.Redis` with strings in and out (decode_responses=True).

    Timeouts and retries are short on purpose: Redis holds bursts and caches, and a
    request should not wait seconds on it when it is down (redis-py's default retries
    ten times). In development without REDIS_URL, fakeredis gives the same client API
    in-process, so there is one code path.
    """
    if settings.redis_url is None:
        fake: Redis = FakeAsyncRedis(decode_responses=True)
        return fake
    return Redis.from_url(
        settings.redis_url.get_secret_value(),
        decode_responses=True,
        socket_connect_timeout=2.0,
        socket_timeout=2.0,
        health_check_interval=30,
        retry=Retry(ExponentialWithJitterBackoff(cap=0.2, base=0.02), retries=2),
    )
