"""What a model is asked, what it answers, and the provider interface.

A request has one of two purposes. "extraction" asks for JSON matching
`json_schema`; the deterministic NLU stays the source of truth and only merges
what the model found. "reply" phrases an answer, and must carry `draft`: the
deterministic reply the assistant composed from the plan's facts. Online
providers see the draft as the last system message and rephrase it; the offline
responder returns it verbatim. So a reply is always available, with or without
keys, and no price or name has to come from a model.
"""

from __future__ import annotations

import abc
from collections.abc import AsyncGenerator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, TypedDict

Purpose = Literal["extraction", "reply"]
Role = Literal["system", "user", "assistant"]


class ChatMessage(TypedDict):
    role: Role
    content: str


DRAFT_INSTRUCTION = (
    "Draft reply built from verified plan data. Rephrase it for the traveller; keep "
    "every price, name, date, time and total exactly as written and add none:\n\n"
)


@dataclass(frozen=True, slots=True)
class ChatRequest:
    messages: Sequence[ChatMessage]
    purpose: Purpose
    draft: str | None = None
    """For "reply": the deterministic answer; required so the offline responder can serve it."""
    json_schema: Mapping[str, Any] | None = None
    """For "extraction": a JSON Schema (an object schema) the answer must match."""
    schema_name: str = "extraction"
    temperature: float = 0.3
    max_tokens: int = 800
    timeout: float = 20.0
    """Seconds allowed for one attempt at one provider."""

    def __post_init__(self) -> None:
        if not self.messages:
            raise ValueError("a chat request needs at least one message")
        if self.purpose == "reply" and self.draft is None:
            raise ValueError("a reply request needs the deterministic draft")
        if not 0.0 <= self.temperature <= 2.0:
            raise ValueError("temperature must be between 0 and 2")
        if self.max_tokens < 1:
            raise ValueError("max_tokens must be positive")
        if self.timeout <= 0:
            raise ValueError("timeout must be positive")

    def prompt(self) -> list[ChatMessage]:
        """The messages sent to an online model: the draft, if any, comes last."""
        messages = list(self.messages)
        if self.draft is not None:
            messages.append({"role": "system", "content": DRAFT_INSTRUCTION + self.draft})
        return messages


@dataclass(frozen=True, slots=True)
class Usage:
    """Token counts as billed. `cached` is part of `input`; `reasoning` is part of `output`."""

    input: int = 0
    output: int = 0
    total: int = 0
    cached: int = 0
    reasoning: int = 0


@dataclass(frozen=True, slots=True)
class ChatResult:
    text: str
    parsed: dict[str, Any] | None
    """The decoded JSON object when a schema was asked, else None."""
    model: str
    provider: str
    usage: Usage
    cost: Decimal
    """USD, from `prices.cost_usd`."""
    processing_time_ms: float
    """The provider's own time; through the router, the whole call (retries and fallbacks)."""
    temperature: float
    max_tokens: int
    retries: int = 0
    """Retries the router spent on this call, over every provider it tried."""
    failed_providers: tuple[str, ...] = field(default=())
    """Providers that were tried and failed before `provider` answered."""


@dataclass(frozen=True, slots=True)
class TextDelta:
    text: str


@dataclass(frozen=True, slots=True)
class StreamEnd:
    """The last event of a stream: the whole text and its usage and cost."""

    result: ChatResult


StreamEvent = TextDelta | StreamEnd


class LLMProvider(abc.ABC):
    """One model behind one API. Raises only `ProviderError` subclasses."""

    name: str

    @abc.abstractmethod
    async def complete(self, request: ChatRequest) -> ChatResult: ...

    @abc.abstractmethod
    def stream(self, request: ChatRequest) -> AsyncGenerator[StreamEvent]:
        """Text deltas, then exactly one `StreamEnd`."""

    @abc.abstractmethod
    async def aclose(self) -> None:
        """Release network clients."""
