"""`wayra-ai bench llm-overhead`: what our model path adds to a direct SDK call.

Both paths call the same local upstream (in its own process, answering at once)
with the same request: (a) `AsyncOpenAI.chat.completions.create` directly;
(b) `ModelRouter.complete` through the OpenAI provider, including usage, cost and
`aiMetadata`. Each path has its own client and connection pool. Every worker
alternates the two paths, so both see the same load at the same moment. Added
latency is router minus direct, per percentile (the calls are not paired).

At high concurrency one client process is CPU-bound (the SDK itself spends about
a millisecond of CPU per call), so latency is mostly queueing in its event loop;
both paths queue in the same loop, so the router's extra CPU is shared by both
and the difference shows its in-call cost, not its effect on throughput.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections.abc import Awaitable, Callable

import openai

from wayra_ai.llm.base import ChatRequest
from wayra_ai.llm.bench_upstream import BENCH_MODEL, running_upstream
from wayra_ai.llm.metadata import ai_metadata
from wayra_ai.llm.openai_provider import OpenAIProvider
from wayra_ai.llm.router import ModelRouter

_KEY = "sk-bench-local"
_TIMEOUT = 20.0
_REQUEST = ChatRequest(
    messages=(
        {"role": "system", "content": "You are Wayra, a budget travel assistant."},
        {"role": "user", "content": "Plan 3 days in Cusco under 300 USD"},
    ),
    purpose="reply",
    draft="Day 1: Hostal Inti, 25.00 USD. Day 2: train to Aguas Calientes, 70.00 USD.",
    temperature=0.3,
    max_tokens=400,
    timeout=_TIMEOUT,
)

Call = Callable[[], Awaitable[object]]


def bench_llm_overhead_command(args: argparse.Namespace) -> int:
    requests: int = args.requests
    levels: list[int] = args.concurrency
    if requests < 1 or any(level < 1 for level in levels):
        print("--requests and --concurrency must be positive")
        return 2
    with running_upstream() as base_url:
        summary = asyncio.run(_measure(base_url, requests, levels))
    print(json.dumps(summary))
    return 0


async def _measure(base_url: str, requests: int, levels: list[int]) -> dict[str, dict[str, float]]:
    direct_client = openai.AsyncOpenAI(
        api_key=_KEY, base_url=base_url, max_retries=0, timeout=_TIMEOUT
    )
    router = ModelRouter(
        [OpenAIProvider(api_key=_KEY, base_url=base_url, model=BENCH_MODEL, timeout=_TIMEOUT)]
    )
    prompt = _REQUEST.prompt()

    async def direct() -> object:
        return await direct_client.chat.completions.create(
            model=BENCH_MODEL,
            messages=prompt,  # type: ignore[arg-type]
            temperature=_REQUEST.temperature,
            max_completion_tokens=_REQUEST.max_tokens,
            timeout=_TIMEOUT,
        )

    async def routed() -> object:
        return ai_metadata(await router.complete(_REQUEST))

    summary: dict[str, dict[str, float]] = {}
    try:
        for level in levels:
            await _run(direct, routed, max(200, level * 4), level)  # warm-up, pools filled
            direct_ms, router_ms = await _run(direct, routed, requests, level)
            summary[f"c{level}"] = _report(level, requests, direct_ms, router_ms)
    finally:
        await direct_client.close()
        await router.aclose()
    return summary


async def _run(
    direct: Call, routed: Call, requests: int, level: int
) -> tuple[list[float], list[float]]:
    """`requests` calls of each path over `level` workers, alternating paths call by call."""
    timings: tuple[list[float], list[float]] = ([], [])
    paths = (direct, routed)

    async def worker(index: int) -> None:
        pairs = requests // level + (1 if index < requests % level else 0)
        order = (0, 1) if index % 2 == 0 else (1, 0)
        for _ in range(pairs):
            for path in order:
                started = time.perf_counter()
                await paths[path]()
                timings[path].append((time.perf_counter() - started) * 1000)

    await asyncio.gather(*(worker(i) for i in range(level)))
    return timings


def _report(
    level: int, requests: int, direct: list[float], router: list[float]
) -> dict[str, float]:
    d50, d99 = _percentile(direct, 50), _percentile(direct, 99)
    r50, r99 = _percentile(router, 50), _percentile(router, 99)
    print(
        f"concurrency {level}: {requests} calls per path | direct p50 {d50:.3f} ms p99 "
        f"{d99:.3f} ms | router p50 {r50:.3f} ms p99 {r99:.3f} ms | added p50 "
        f"{r50 - d50:+.3f} ms p99 {r99 - d99:+.3f} ms"
    )
    return {
        "direct_p50_ms": round(d50, 3),
        "router_p50_ms": round(r50, 3),
        "added_p50_ms": round(r50 - d50, 3),
        "added_p99_ms": round(r99 - d99, 3),
    }


def _percentile(samples: list[float], percent: int) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(percent / 100 * len(ordered)) - 1))
    return ordered[index]
