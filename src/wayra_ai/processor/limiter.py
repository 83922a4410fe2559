"""At most MAX_CONCURRENT_TASKS jobs run at once in a processor; excess calls get 429 now.

No queueing: a caller told to come back (Retry-After) can try another instance, while a
queued call would only hold a connection open. Use the `TaskSlot` dependency on every
job endpoint:

    @router.post("/v1/plans")
    async def create_plan(_: TaskSlot, ...) -> ...
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, Request

from wayra_ai.dependencies import get_resources
from wayra_ai.errors import TooManyRequests

RETRY_AFTER_SECONDS = 2


class TaskLimiter:
    """A non-blocking counter of running jobs (one event loop, so no lock is needed)."""

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self.limit = limit
        self.in_use = 0

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        if self.in_use >= self.limit:
            raise TooManyRequests(
                f"processor is busy: {self.limit} tasks already running",
                retry_after_seconds=RETRY_AFTER_SECONDS,
                kind="processor_busy",
            )
        self.in_use += 1
        try:
            yield
        finally:
            self.in_use -= 1


def get_task_limiter(request: Request) -> TaskLimiter:
    limiter: TaskLimiter = get_resources(request).extras["task_limiter"]
    return limiter


async def hold_task_slot(request: Request) -> AsyncIterator[None]:
    async with get_task_limiter(request).slot():
        yield


TaskSlot = Annotated[None, Depends(hold_task_slot)]
TaskLimiterDep = Annotated[TaskLimiter, Depends(get_task_limiter)]
