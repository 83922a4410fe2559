"""Per-user burst limit in Redis: at most `limit` requests per `window_seconds` window.

A fixed window counted with INCR and EXPIRE in one MULTI/EXEC transaction, so the count
holds across every gateway instance. When Redis is unreachable the request goes through
with a warning: the monthly quota in MongoDB still protects the expensive work, and a
cache outage should not take the product down.
"""

from __future__ import annotations

import logging
import time
from typing import Annotated

from fastapi import Depends, Request
from redis.asyncio import Redis
from redis.exceptions import RedisError

from wayra_ai.auth.caller import AuthenticatedCaller
from wayra_ai.auth.dependencies import Caller
from wayra_ai.dependencies import get_resources
from wayra_ai.errors import TooManyRequests

logger = logging.getLogger(__name__)


class BurstLimiter:
    def __init__(
        self, redis: Redis, *, limit: int = 30, window_seconds: int = 10, prefix: str = "burst"
    ) -> None:
        if limit < 1 or window_seconds < 1:
            raise ValueError("limit and window_seconds must be at least 1")
        self.redis = redis
        self.limit = limit
        self.window_seconds = window_seconds
        self.prefix = prefix

    async def hit(self, uid: str) -> None:
        """Count one request for `uid`; raise TooManyRequests when over the limit."""
        now = time.time()
        window = int(now // self.window_seconds)
        key = f"{self.prefix}:{uid}:{window}"
        try:
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.incr(key)
                pipe.expire(key, self.window_seconds + 1)
                count, _ = await pipe.execute()
        except (RedisError, OSError) as error:
            logger.warning("burst limit skipped, Redis unavailable: %s", type(error).__name__)
            return
        if int(count) > self.limit:
            retry_after = (window + 1) * self.window_seconds - now
            raise TooManyRequests(
                f"too many requests: at most {self.limit} every {self.window_seconds} s",
                retry_after_seconds=int(retry_after) + 1,
                kind="rate_limited",
            )


async def enforce_burst_limit(request: Request, caller: Caller) -> AuthenticatedCaller:
    """Dependency: the verified caller, counted against the app's `BurstLimiter`."""
    limiter: BurstLimiter = get_resources(request).extras["burst_limiter"]
    await limiter.hit(caller.uid)
    return caller


RateLimitedCaller = Annotated[AuthenticatedCaller, Depends(enforce_burst_limit)]
