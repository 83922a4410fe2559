"""Ask providers in order, retrying transient failures, falling back on the rest.

For each provider: a `RetryableProviderError` (429, 5xx, timeout, connection) is
retried after a wait, up to `max_retries` times; the wait is the upstream's
Retry-After when given, else exponential backoff with full jitter. Any other
`ProviderError`, or retries used up, moves on to the next provider. One call
spends at most `budget` seconds on online providers (each attempt's timeout is
cut to what is left); then the offline responder, always last, answers. A
stream can fall back only before its first delta; a failure after that raises
`StreamInterrupted`. Consume `stream()` inside `contextlib.aclosing(...)` so that
stopping early closes the upstream response at once.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Sequence
from contextlib import aclosing
from dataclasses import dataclass, field, replace

from wayra_ai.llm.base import ChatRequest, ChatResult, LLMProvider, StreamEnd, StreamEvent
from wayra_ai.llm.errors import ProviderError, RetryableProviderError, StreamInterrupted
from wayra_ai.llm.offline import OfflineProvider

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_retries: int = 2
    """Retries per provider, after its first attempt."""
    base_delay: float = 0.25
    max_delay: float = 4.0
    max_retry_after: float = 10.0
    """A longer Retry-After is not waited for: the next provider answers instead."""
    budget: float = 30.0
    """Seconds one call may spend on online providers, waits included."""

    def wait(self, retry: int, error: RetryableProviderError, draw: float) -> float | None:
        """Seconds before retry number `retry` (0-based), or None to stop retrying."""
        if retry >= self.max_retries:
            return None
        if error.retry_after is not None:
            return error.retry_after if error.retry_after <= self.max_retry_after else None
        return draw * min(self.max_delay, self.base_delay * 2.0**retry)


@dataclass(slots=True)
class _Call:
    """One router call: when it started, its deadline, and what it went through."""

    budget: float
    started: float = field(default_factory=time.monotonic)
    retries: int = 0
    failed: list[str] = field(default_factory=list)

    def left(self) -> float:
        return self.started + self.budget - time.monotonic()

    def stamp(self, result: ChatResult) -> ChatResult:
        return replace(
            result,
            retries=self.retries,
            failed_providers=tuple(self.failed),
            processing_time_ms=round((time.monotonic() - self.started) * 1000, 3),
        )


class ModelRouter:
    def __init__(
        self,
        providers: Sequence[LLMProvider] = (),
        *,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        draw: Callable[[], float] = random.random,
    ) -> None:
        """`providers` in order of preference; the offline responder is appended if absent."""
        chain = list(providers)
        if not chain or not isinstance(chain[-1], OfflineProvider):
            chain.append(OfflineProvider())
        self.providers: tuple[LLMProvider, ...] = tuple(chain)
        self.policy = policy or RetryPolicy()
        self._sleep = sleep
        self._draw = draw

    async def complete(self, request: ChatRequest) -> ChatResult:
        call = _Call(self.policy.budget)
        for provider in self.providers:
            retry = 0
            while (attempt := self._bounded(request, provider, call)) is not None:
                try:
                    return call.stamp(await provider.complete(attempt))
                except ProviderError as error:
                    if not await self._retry(provider, retry, error, call):
                        break
                    retry += 1
        raise ProviderError("router", "every provider failed, the offline responder included")

    async def stream(self, request: ChatRequest) -> AsyncGenerator[StreamEvent]:
        call = _Call(self.policy.budget)
        for provider in self.providers:
            retry = 0
            while (attempt := self._bounded(request, provider, call)) is not None:
                started = False
                try:
                    async with aclosing(provider.stream(attempt)) as events:
                        async for event in events:
                            started = True
                            if isinstance(event, StreamEnd):
                                event = StreamEnd(call.stamp(event.result))
                            yield event
                    return
                except ProviderError as error:
                    if started:
                        raise StreamInterrupted(provider.name, str(error)) from error
                    if not await self._retry(provider, retry, error, call):
                        break
                    retry += 1
        raise ProviderError("router", "every provider failed, the offline responder included")

    def _bounded(
        self, request: ChatRequest, provider: LLMProvider, call: _Call
    ) -> ChatRequest | None:
        """The request with its timeout cut to the call's budget; None once that is spent."""
        if isinstance(provider, OfflineProvider):
            return request
        left = call.left()
        if left <= 0:
            log.warning("model call budget spent; skipping %s", provider.name)
            call.failed.append(provider.name)
            return None
        return request if left >= request.timeout else replace(request, timeout=left)

    async def _retry(
        self, provider: LLMProvider, retry: int, error: ProviderError, call: _Call
    ) -> bool:
        """Wait and say True to try `provider` again, or record it as failed."""
        if isinstance(error, RetryableProviderError):
            wait = self.policy.wait(retry, error, self._draw())
            if wait is not None and wait < call.left():
                log.info("retrying %s in %.3fs after %s", provider.name, wait, error)
                call.retries += 1
                await self._sleep(wait)
                return True
        log.warning("model provider %s failed (%s); falling back", provider.name, error)
        call.failed.append(provider.name)
        return False

    async def aclose(self) -> None:
        for provider in self.providers:
            await provider.aclose()
