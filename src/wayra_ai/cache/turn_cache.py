"""JSON values cached in Redis for a TTL, with hit/miss counts; a Redis outage is a miss.

Keys are `wayra:v1:<kind>:<sha256 of every input that changes the answer>`, so a change
of user preferences, inventory version, model chain or wording is a different key.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

DEFAULT_TTL_SECONDS = 6 * 3600


def cache_key(kind: str, *parts: Any) -> str:
    material = json.dumps(parts, sort_keys=True, default=str, separators=(",", ":"))
    return f"wayra:v1:{kind}:{hashlib.sha256(material.encode()).hexdigest()}"


class TurnCache:
    def __init__(self, redis: Redis, *, ttl_seconds: int = DEFAULT_TTL_SECONDS) -> None:
        self.redis = redis
        self.ttl_seconds = ttl_seconds
        self.stats: Counter[str] = Counter()  # "<kind>.hit" / "<kind>.miss" / "<kind>.error"

    async def get(self, kind: str, key: str) -> Any | None:
        try:
            raw = await self.redis.get(key)
        except (RedisError, OSError) as error:
            self.stats[f"{kind}.error"] += 1
            logger.warning("cache read skipped, Redis unavailable: %s", type(error).__name__)
            return None
        self.stats[f"{kind}.{'miss' if raw is None else 'hit'}"] += 1
        return None if raw is None else json.loads(raw)

    async def put(self, kind: str, key: str, value: Any) -> None:
        try:
            await self.redis.set(key, json.dumps(value, default=str), ex=self.ttl_seconds)
        except (RedisError, OSError) as error:
            self.stats[f"{kind}.error"] += 1
            logger.warning("cache write skipped, Redis unavailable: %s", type(error).__name__)
