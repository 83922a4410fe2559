"""`wayra-ai bench turn`: chat-turn latency through the gateway's HTTP API.

Two figures, each a ratio of median turn latencies:
- cached / uncached: the same turn again (extraction, plan and reply reused from the
  cache) against turns that miss every cache, with a model upstream (in its own
  process) that takes `--upstream-delay-ms` per call. Target <= 0.1.
- 1,000 / 10 messages: a turn in a conversation already holding 1,000 messages against
  one holding 10 (a turn must not read the whole history). Target <= 1.5. Beside it, the
  median of a bare one-field write to each conversation: what the storage engine alone
  costs for a document of that size.
The gateway runs on its embedded defaults (MongoDB-wire server on SQLite, in-process
Redis) in a temporary data directory.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from pydantic import SecretStr

from wayra_ai.auth.dev_token import make_dev_token
from wayra_ai.cache.rate_limit import BurstLimiter
from wayra_ai.config import Settings
from wayra_ai.gateway.app import create_app
from wayra_ai.kit.clock import utcnow
from wayra_ai.kit.ids import new_id
from wayra_ai.llm.bench_upstream import running_upstream

PLAN_TEXT = "3 days from Chicago to Miami from March 10 for 2 people, budget ${budget}"
HEADERS = {"Authorization": f"Bearer {make_dev_token('bench-user', email='bench@example.com')}"}


class Gateway:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def conversation(self) -> str:
        created = await self.client.post("/v1/conversations", json={}, headers=HEADERS)
        created.raise_for_status()
        conversation_id: str = created.json()["conversationId"]
        return conversation_id

    async def timed_turn(self, conversation_id: str, text: str) -> float:
        started = time.perf_counter()
        response = await self.client.post(
            f"/v1/conversations/{conversation_id}/messages",
            json={"content": text},
            headers=HEADERS,
        )
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 201:
            raise RuntimeError(f"turn failed: {response.status_code} {response.text}")
        return elapsed


async def _cache_ratio(gateway: Gateway, turns: int) -> dict[str, float]:
    """Uncached: a new budget each turn misses extraction, plan and reply caches."""
    uncached = [
        await gateway.timed_turn(await gateway.conversation(), PLAN_TEXT.format(budget=900 + i))
        for i in range(turns)
    ]
    repeated = PLAN_TEXT.format(budget=900)
    cached = [
        await gateway.timed_turn(await gateway.conversation(), repeated) for _ in range(turns)
    ]
    uncached_p50, cached_p50 = statistics.median(uncached), statistics.median(cached)
    return {
        "uncached_p50_ms": round(uncached_p50, 2),
        "cached_p50_ms": round(cached_p50, 2),
        "cached_over_uncached": round(cached_p50 / uncached_p50, 4),
    }


def _history(count: int) -> list[dict[str, Any]]:
    now = utcnow()
    return [
        {
            "messageId": new_id("msg"),
            "type": "user" if index % 2 == 0 else "ai",
            "content": f"Earlier message {index}: thinking about beaches, museums and food.",
            "timestamp": now,
            "status": "completed",
            "retryCount": 0,
        }
        for index in range(count)
    ]


async def _seeded(gateway: Gateway, app: Any, count: int) -> str:
    conversation_id = await gateway.conversation()
    history = _history(count)
    await app.state.resources.db.conversations.update_one(
        {"conversationId": conversation_id},
        {
            "$push": {"messages": {"$each": history}},
            "$inc": {
                "analytics.totalMessages": count,
                "analytics.userMessages": (count + 1) // 2,
                "analytics.aiMessages": count // 2,
            },
        },
    )
    return conversation_id


async def _length_ratio(gateway: Gateway, app: Any, turns: int) -> dict[str, float]:
    """Turns alternate between a 10- and a 1,000-message conversation (same message)."""
    short, long = await _seeded(gateway, app, 10), await _seeded(gateway, app, 1000)
    text = PLAN_TEXT.format(budget=900)
    await gateway.timed_turn(short, text)  # warm the caches: both then take the same path
    short_ms, long_ms = [], []
    for _ in range(turns):
        short_ms.append(await gateway.timed_turn(short, text))
        long_ms.append(await gateway.timed_turn(long, text))
    short_p50, long_p50 = statistics.median(short_ms), statistics.median(long_ms)
    return {
        "messages_10_p50_ms": round(short_p50, 2),
        "messages_1000_p50_ms": round(long_p50, 2),
        "long_over_short": round(long_p50 / short_p50, 4),
        "bare_write_10_p50_ms": await _bare_write_ms(app, short, turns),
        "bare_write_1000_p50_ms": await _bare_write_ms(app, long, turns),
    }


async def _bare_write_ms(app: Any, conversation_id: str, repeats: int) -> float:
    """One `$set` of `lastActivity` on the conversation: the storage engine's own cost of
    writing a document of that size, for reading the ratio above."""
    conversations = app.state.resources.db.conversations
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        await conversations.update_one(
            {"conversationId": conversation_id}, {"$set": {"lastActivity": utcnow()}}
        )
        samples.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(samples), 2)


async def _measure(data_dir: Path, base_url: str, turns: int) -> dict[str, Any]:
    settings = Settings(
        WAYRA_DATA_DIR=data_dir,
        openai_api_key=SecretStr("sk-bench"),
        openai_base_url=base_url,
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        resources = app.state.resources  # one client sends every turn: no burst limit
        resources.extras["burst_limiter"] = BurstLimiter(resources.redis, limit=1_000_000)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://gateway", timeout=60
        ) as client:
            gateway = Gateway(client)
            return {
                "turns": turns,
                **await _cache_ratio(gateway, turns),
                **await _length_ratio(gateway, app, turns),
            }


def bench_turn_command(args: argparse.Namespace) -> int:
    turns: int = args.turns
    delay_ms: float = args.upstream_delay_ms
    if turns < 1 or delay_ms < 0:
        print("--turns must be positive and --upstream-delay-ms not negative")
        return 2
    with tempfile.TemporaryDirectory() as data_dir, running_upstream(delay_ms / 1000) as url:
        summary = asyncio.run(_measure(Path(data_dir), url, turns))
    print(json.dumps({"upstream_delay_ms": delay_ms, **summary}))
    return 0
