"""`/metrics`: this instance's counters in Prometheus' text format (cache hits and misses)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import PlainTextResponse

from wayra_ai.cache.turn_cache import TurnCache
from wayra_ai.dependencies import AppResources

router = APIRouter(tags=["health"])


@router.get("/metrics", response_class=PlainTextResponse)
async def metrics(resources: AppResources) -> str:
    cache: TurnCache | None = resources.extras.get("turn_cache")
    lines = [
        "# HELP wayra_cache_events_total Turn-cache lookups and writes by kind and outcome.",
        "# TYPE wayra_cache_events_total counter",
    ]
    for name, count in sorted((cache.stats if cache else {}).items()):
        kind, _, outcome = name.partition(".")
        lines.append(f'wayra_cache_events_total{{kind="{kind}",outcome="{outcome}"}} {count}')
    return "\n".join(lines) + "\n"
