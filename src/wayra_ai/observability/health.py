"""`/health` (liveness: no I/O) and `/ready` (each named dependency answers in time)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from wayra_ai.dependencies import Resources, get_resources
from wayra_ai.storage.mongo import ping


@dataclass(frozen=True)
class ReadinessCheck:
    """One named dependency probe; it fails by raising or by exceeding `timeout_seconds`.

    A failing `required` check makes the service unready (503); a failing optional one
    only reports it degraded (200), because the service still answers without it.
    """

    name: str
    probe: Callable[[Resources], Awaitable[Any]]
    timeout_seconds: float = 2.0
    required: bool = True


def default_checks() -> list[ReadinessCheck]:
    return [
        ReadinessCheck("mongodb", lambda resources: ping(resources.db)),
        # Redis holds caches and burst counters, both of which fail open.
        ReadinessCheck("redis", lambda resources: resources.redis.ping(), required=False),
    ]


async def _passes(check: ReadinessCheck, resources: Resources) -> bool:
    try:
        await asyncio.wait_for(check.probe(resources), timeout=check.timeout_seconds)
    except Exception:  # any failure means "not ready", whatever the driver raised
        return False
    return True


router = APIRouter(tags=["health"])


@router.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/ready")
async def ready(request: Request) -> JSONResponse:
    """Checks come from `app.state.readiness_checks` (a list others may extend)."""
    checks: list[ReadinessCheck] = request.app.state.readiness_checks
    resources = get_resources(request)
    results = await asyncio.gather(*(_passes(check, resources) for check in checks))
    failed = [check for check, passed in zip(checks, results, strict=True) if not passed]
    failing = [check.name for check in failed if check.required]
    if failing:
        return JSONResponse({"status": "unavailable", "failing": failing}, status_code=503)
    if failed:
        return JSONResponse({"status": "degraded", "degraded": [check.name for check in failed]})
    return JSONResponse({"status": "ready"})
