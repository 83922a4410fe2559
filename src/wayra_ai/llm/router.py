"""Ask providers in order, retrying transient failures, falling back on the rest.

For each provider: a `RetryableProviderError` (429, 5xx, timeout, connection) is
retried after a wait, up to `max_retries` times; the wait is the upstream's
Retry-After when given, else exponential backoff with full jitter. Any other
`ProviderError`, or retries used up, moves on to the next provider. The offline
responder is always last, so a call always gets an answer. A stream can fall back
only before its first delta; a failure after that raises `StreamInterrupted`.
Consume `stream()` inside `contextlib.aclosing(...)` so that stopping early
closes the upstream response at once.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import AsyncGenerator, Awaitable, Callable, Sequence
from contextlib import aclosing
from dataclasses import dataclass, replace

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

    def wait(self, retry: int, error: RetryableProviderError, draw: float) -> float | None:
        """Seconds before retry number `retry` (0-based), or None to stop retrying."""
        if retry >= self.max_retries:
            return None
        if error.retry_after is not None:
            return error.retry_after if error.retry_after <= self.max_retry_after else None
        return draw * min(self.max_delay, self.base_delay * 2.0**retry)


@dataclass(slots=True)
class _Tally:
    retries: int = 0
    failed: tuple[str, ...] = ()

    def stamp(self, result: ChatResult) -> ChatResult:
        return replace(result, retries=self.retries, failed_providers=self.failed)


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
        tally = _Tally()
        for provider in self.providers:
            retry = 0
            while True:
                try:
                    return tally.stamp(await provider.complete(request))
                except ProviderError as error:
                    if not await self._retry(provider, retry, error, tally):
                        break
                    retry += 1
        raise ProviderError("router", "every provider failed, the offline responder included")

    async def stream(self, request: ChatRequest) -> AsyncGenerator[StreamEvent]:
        tally = _Tally()
        for provider in self.providers:
            retry = 0
            while True:
                started = False
                try:
                    async with aclosing(provider.stream(request)) as events:
                        async for event in events:
                            started = True
                            if isinstance(event, StreamEnd):
                                event = StreamEnd(tally.stamp(event.result))
                            yield event
                    return
                except ProviderError as error:
                    if started:
                        raise StreamInterrupted(provider.name, str(error)) from error
                    if not await self._retry(provider, retry, error, tally):
                        break
                    retry += 1
        raise ProviderError("router", "every provider failed, the offline responder included")

    async def _retry(
        self, provider: LLMProvider, retry: int, error: ProviderError, tally: _Tally
    ) -> bool:
        """Wait and say True to try `provider` again, or record it as failed."""
        if isinstance(error, RetryableProviderError):
            wait = self.policy.wait(retry, error, self._draw())
            if wait is not None:
                log.info("retrying %s in %.3fs after %s", provider.name, wait, type(error).__name__)
                tally.retries += 1
                await self._sleep(wait)
                return True
        log.warning("model provider %s failed (%s); falling back", provider.name, error)
        tally.failed = (*tally.failed, provider.name)
        return False

    async def aclose(self) -> None:
        for provider in self.providers:
            await provider.aclose()
