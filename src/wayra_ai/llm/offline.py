"""The offline responder: the default without keys, and the last resort with them.

Deterministic and without network. A reply is the draft the assistant composed
from the plan's facts, unchanged; an extraction is empty, because the
deterministic NLU is already the source of truth. No model runs, so the token
counts are 0 (not an estimate) and the cost is 0.
"""

from __future__ import annotations

import re
import time
from collections.abc import AsyncGenerator
from decimal import Decimal
from typing import Any

from wayra_ai.llm.base import (
    ChatRequest,
    ChatResult,
    LLMProvider,
    StreamEnd,
    StreamEvent,
    TextDelta,
    Usage,
)

OFFLINE_PROVIDER = "offline"
OFFLINE_MODEL = "wayra-offline-1"

_WORD = re.compile(r"\S+\s*|\s+")


class OfflineProvider(LLMProvider):
    name = OFFLINE_PROVIDER

    async def complete(self, request: ChatRequest) -> ChatResult:
        return self._answer(request, time.perf_counter())

    async def stream(self, request: ChatRequest) -> AsyncGenerator[StreamEvent]:
        """The same answer, one word (with its trailing space) per delta."""
        started = time.perf_counter()
        result = self._answer(request, started)
        for word in _WORD.findall(result.text):
            yield TextDelta(word)
        yield StreamEnd(result)

    async def aclose(self) -> None:
        """Nothing to release: no network."""

    def _answer(self, request: ChatRequest, started: float) -> ChatResult:
        parsed: dict[str, Any] | None = None
        if request.purpose == "reply":
            text = request.draft or ""
        else:
            text = "{}"
            parsed = {} if request.json_schema is not None else None
        return ChatResult(
            text=text,
            parsed=parsed,
            model=OFFLINE_MODEL,
            provider=OFFLINE_PROVIDER,
            usage=Usage(),
            cost=Decimal(0),
            processing_time_ms=round((time.perf_counter() - started) * 1000, 3),
            temperature=request.temperature,
            max_tokens=request.max_tokens,
        )
