"""The chat-completions logic shared by the OpenAI and Groq SDKs.

Both SDKs are generated from the same OpenAI-style API description: the same
`chat.completions.create` arguments, response objects and exception names. A
subclass only builds its client, issues the call and names its SDK's exceptions.
The SDKs' own retries are off (`max_retries=0`): the router retries.
"""

from __future__ import annotations

import abc
import asyncio
import json
import time
from collections.abc import AsyncGenerator, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

from wayra_ai.kit.clock import utcnow
from wayra_ai.llm.base import (
    ChatMessage,
    ChatRequest,
    ChatResult,
    LLMProvider,
    StreamEnd,
    StreamEvent,
    TextDelta,
    Usage,
)
from wayra_ai.llm.errors import (
    MalformedResponse,
    ProviderConnectionError,
    ProviderError,
    ProviderRejected,
    ProviderTimeout,
    RateLimited,
    UpstreamServerError,
)
from wayra_ai.llm.prices import cost_usd


@dataclass(frozen=True, slots=True)
class SdkErrors:
    """One SDK's exception classes, by role."""

    api: type[Exception]
    status: type[Exception]
    timeout: type[Exception]
    connection: type[Exception]
    validation: type[Exception]


class OpenAICompatibleProvider(LLMProvider):
    errors: SdkErrors

    def __init__(self, *, model: str, json_schema_mode: bool) -> None:
        self.model = model
        self.json_schema_mode = json_schema_mode
        """False: ask for a JSON object and state the schema in a system message."""

    @abc.abstractmethod
    async def _create(self, params: dict[str, Any]) -> Any:
        """`chat.completions.create(**params)` -> the SDK's ChatCompletion."""

    @abc.abstractmethod
    async def _create_stream(self, params: dict[str, Any]) -> Any:
        """`chat.completions.create(stream=True, **params)` with usage asked for."""

    async def complete(self, request: ChatRequest) -> ChatResult:
        started = time.perf_counter()
        try:
            async with asyncio.timeout(request.timeout):
                completion = await self._create(self._params(request))
        except (self.errors.api, ValueError, TimeoutError) as exc:
            raise self._translate(exc) from exc
        choices = getattr(completion, "choices", None)
        if not choices:
            raise MalformedResponse(self.name, "the completion has no choices")
        message = getattr(choices[0], "message", None)
        text = getattr(message, "content", None)
        if not isinstance(text, str):
            raise MalformedResponse(self.name, "the completion has no text (refused?)")
        model = getattr(completion, "model", None)
        return self._result(request, text, model, getattr(completion, "usage", None), started)

    async def stream(self, request: ChatRequest) -> AsyncGenerator[StreamEvent]:
        started = time.perf_counter()
        parts: list[str] = []
        model: str | None = None
        sdk_usage: Any = None
        try:
            async with asyncio.timeout(request.timeout):
                chunks = await self._create_stream(self._params(request))
            async with chunks:
                async for chunk in chunks:
                    model = getattr(chunk, "model", None) or model
                    sdk_usage = _chunk_usage(chunk) or sdk_usage
                    for choice in getattr(chunk, "choices", None) or ():
                        delta = getattr(getattr(choice, "delta", None), "content", None)
                        if delta:
                            parts.append(delta)
                            yield TextDelta(delta)
        except (self.errors.api, ValueError, TimeoutError) as exc:
            raise self._translate(exc) from exc
        yield StreamEnd(self._result(request, "".join(parts), model, sdk_usage, started))

    def _params(self, request: ChatRequest) -> dict[str, Any]:
        messages = request.prompt()
        params: dict[str, Any] = {
            "model": self.model,
            "temperature": request.temperature,
            "max_completion_tokens": request.max_tokens,
            "timeout": request.timeout,
        }
        if request.json_schema is not None:
            if self.json_schema_mode:
                params["response_format"] = {
                    "type": "json_schema",
                    "json_schema": {
                        "name": request.schema_name,
                        "schema": dict(request.json_schema),
                        "strict": True,
                    },
                }
            else:
                params["response_format"] = {"type": "json_object"}
                messages.append(_schema_instruction(request.json_schema))
        params["messages"] = messages
        return params

    def _result(
        self, request: ChatRequest, text: str, model: str | None, sdk_usage: Any, started: float
    ) -> ChatResult:
        answered_by = model or self.model
        usage = usage_from_sdk(sdk_usage)
        return ChatResult(
            text=text,
            parsed=self._parse(text) if request.json_schema is not None else None,
            model=answered_by,
            provider=self.name,
            usage=usage,
            cost=cost_usd(answered_by, usage),
            processing_time_ms=round((time.perf_counter() - started) * 1000, 3),
            temperature=request.temperature,
            max_tokens=request.max_tokens,
        )

    def _parse(self, text: str) -> dict[str, Any]:
        try:
            parsed = json.loads(text)
        except ValueError as exc:
            raise MalformedResponse(self.name, "the structured answer is not JSON") from exc
        if not isinstance(parsed, dict):
            raise MalformedResponse(self.name, "the structured answer is not a JSON object")
        return parsed

    def _translate(self, exc: Exception) -> ProviderError:
        """The SDK's exception as ours, described without the upstream's message text."""
        if isinstance(exc, TimeoutError | self.errors.timeout):
            return ProviderTimeout(self.name, "timed out")
        if isinstance(exc, self.errors.connection):
            return ProviderConnectionError(self.name, "could not connect")
        if isinstance(exc, self.errors.validation | ValueError):
            return MalformedResponse(self.name, "the response is not a readable chat completion")
        detail = _error_detail(exc)
        if not isinstance(exc, self.errors.status):
            return UpstreamServerError(self.name, f"error event in the stream{detail}")
        status: int = getattr(exc, "status_code", 0)
        message = f"HTTP {status}{detail}"
        if status == 429:
            headers = getattr(getattr(exc, "response", None), "headers", {})
            return RateLimited(
                self.name, message, status_code=status, retry_after=retry_after(headers)
            )
        if status == 408:
            return ProviderTimeout(self.name, message, status_code=status)
        if status >= 500:
            return UpstreamServerError(self.name, message, status_code=status)
        return ProviderRejected(self.name, message, status_code=status)


def _error_detail(exc: Exception) -> str:
    """The upstream's error type and code, never its message: a 401's can quote the key."""
    body = getattr(exc, "body", None)
    if not isinstance(body, dict):
        return ""
    parts = [str(body[name])[:60] for name in ("type", "code") if body.get(name)]
    return f" ({', '.join(parts)})" if parts else ""


def usage_from_sdk(sdk_usage: Any) -> Usage:
    """Our `Usage` from an SDK `CompletionUsage` (None when the upstream sent none)."""
    if sdk_usage is None:
        return Usage()
    prompt = int(getattr(sdk_usage, "prompt_tokens", 0) or 0)
    completion = int(getattr(sdk_usage, "completion_tokens", 0) or 0)
    prompt_details = getattr(sdk_usage, "prompt_tokens_details", None)
    completion_details = getattr(sdk_usage, "completion_tokens_details", None)
    return Usage(
        input=prompt,
        output=completion,
        total=int(getattr(sdk_usage, "total_tokens", 0) or prompt + completion),
        cached=int(getattr(prompt_details, "cached_tokens", 0) or 0),
        reasoning=int(getattr(completion_details, "reasoning_tokens", 0) or 0),
    )


def retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds to wait from `retry-after-ms`, or `retry-after` (seconds or an HTTP date)."""
    if (millis := headers.get("retry-after-ms")) is not None:
        try:
            return max(float(millis) / 1000, 0.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        return max((parsedate_to_datetime(value) - utcnow()).total_seconds(), 0.0)
    except (TypeError, ValueError):
        return None


def _chunk_usage(chunk: Any) -> Any:
    """Usage rides on the final chunk; Groq may put it under `x_groq` instead."""
    return getattr(chunk, "usage", None) or getattr(getattr(chunk, "x_groq", None), "usage", None)


def _schema_instruction(schema: Mapping[str, Any]) -> ChatMessage:
    return {
        "role": "system",
        "content": "Answer with one JSON object that matches this JSON Schema:\n"
        + json.dumps(schema, separators=(",", ":")),
    }
