"""The OpenAI provider on the real `openai` SDK against a local upstream."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fake_upstream import OPENAI_KEY, FakeUpstream, Step, chunk, completion, usage
from wayra_ai.llm.base import ChatRequest, StreamEnd, TextDelta, Usage
from wayra_ai.llm.errors import (
    MalformedResponse,
    ProviderConnectionError,
    ProviderRejected,
    ProviderTimeout,
    RateLimited,
    UpstreamServerError,
)
from wayra_ai.llm.openai_provider import OpenAIProvider

SCHEMA = {
    "type": "object",
    "properties": {"city": {"type": "string"}},
    "required": ["city"],
    "additionalProperties": False,
}


def reply_request(**overrides: object) -> ChatRequest:
    fields: dict[str, object] = {
        "messages": ({"role": "user", "content": "Plan 3 days in Cusco"},),
        "purpose": "reply",
        "draft": "Day 1: Hostal Inti, 25.00 USD.",
        "temperature": 0.2,
        "max_tokens": 300,
    }
    return ChatRequest(**(fields | overrides))  # type: ignore[arg-type]


def extraction_request() -> ChatRequest:
    return ChatRequest(
        messages=({"role": "user", "content": "Two nights in Arequipa"},),
        purpose="extraction",
        json_schema=SCHEMA,
        schema_name="trip",
    )


async def test_plain_completion_sends_the_draft_and_counts_cost(
    openai_provider: OpenAIProvider, openai_upstream: FakeUpstream
) -> None:
    openai_upstream.push(
        Step(
            body=completion(
                "Day 1: Hostal Inti, 25.00 USD!",
                model="gpt-4o-mini-2024-07-18",
                usage_body=usage(1000, 200),
            )
        )
    )

    result = await openai_provider.complete(reply_request())

    assert result.text == "Day 1: Hostal Inti, 25.00 USD!"
    assert result.parsed is None
    assert (result.provider, result.model) == ("openai", "gpt-4o-mini-2024-07-18")
    assert result.usage == Usage(input=1000, output=200, total=1200, cached=0, reasoning=0)
    # 1000 × 0.15 + 200 × 0.60 per 1M tokens
    assert result.cost == Decimal("0.00027")
    assert (result.temperature, result.max_tokens) == (0.2, 300)
    assert result.processing_time_ms > 0
    sent = openai_upstream.requests[0]
    assert sent.path == "/v1/chat/completions"
    assert sent.authorization == f"Bearer {OPENAI_KEY}"
    assert sent.body["model"] == "gpt-4o-mini"
    assert sent.body["temperature"] == 0.2
    assert sent.body["max_completion_tokens"] == 300
    assert "response_format" not in sent.body
    assert sent.body["messages"][0] == {"role": "user", "content": "Plan 3 days in Cusco"}
    assert sent.body["messages"][-1]["role"] == "system"
    assert sent.body["messages"][-1]["content"].endswith("Day 1: Hostal Inti, 25.00 USD.")


async def test_json_schema_completion_is_parsed(
    openai_provider: OpenAIProvider, openai_upstream: FakeUpstream
) -> None:
    openai_upstream.push(Step(body=completion('{"city": "Arequipa"}')))

    result = await openai_provider.complete(extraction_request())

    assert result.parsed == {"city": "Arequipa"}
    assert openai_upstream.requests[0].body["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "trip", "schema": SCHEMA, "strict": True},
    }


async def test_cached_and_reasoning_tokens_are_priced_exactly(
    openai_provider: OpenAIProvider, openai_upstream: FakeUpstream
) -> None:
    body = completion(
        "ok", model="gpt-4.1-mini", usage_body=usage(2000, 300, cached=1500, reasoning=100)
    )
    openai_upstream.push(Step(body=body))

    result = await openai_provider.complete(reply_request())

    assert result.usage == Usage(input=2000, output=300, total=2300, cached=1500, reasoning=100)
    # 500 × 0.40 + 1500 × 0.10 + 300 × 1.60 (reasoning is inside output) per 1M tokens
    assert result.cost == Decimal("0.00083")


async def test_stream_yields_deltas_then_usage(
    openai_provider: OpenAIProvider, openai_upstream: FakeUpstream
) -> None:
    events = [chunk("Day 1: "), chunk("Cusco."), chunk(None, usage_body=usage(40, 4, cached=20))]
    openai_upstream.push(Step(events=events))

    received = [event async for event in openai_provider.stream(reply_request())]

    assert received[:2] == [TextDelta("Day 1: "), TextDelta("Cusco.")]
    assert isinstance(received[2], StreamEnd)
    assert len(received) == 3
    result = received[2].result
    assert result.text == "Day 1: Cusco."
    assert result.usage == Usage(input=40, output=4, total=44, cached=20, reasoning=0)
    # 20 × 0.15 + 20 × 0.075 + 4 × 0.60 per 1M tokens
    assert result.cost == Decimal("0.0000069")
    sent = openai_upstream.requests[0].body
    assert sent["stream"] is True
    assert sent["stream_options"] == {"include_usage": True}


async def test_429_carries_retry_after(
    openai_provider: OpenAIProvider, openai_upstream: FakeUpstream
) -> None:
    openai_upstream.push(
        Step(status=429, body={"error": {"message": "slow down"}}, headers={"Retry-After": "7"})
    )
    with pytest.raises(RateLimited) as caught:
        await openai_provider.complete(reply_request())
    assert caught.value.retry_after == 7.0
    assert caught.value.status_code == 429
    assert OPENAI_KEY not in str(caught.value)


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        (Step(status=500, body={"error": {"message": "boom"}}), UpstreamServerError),
        (Step(status=503, body={"error": {"message": "busy"}}), UpstreamServerError),
        (Step(status=400, body={"error": {"message": "bad model"}}), ProviderRejected),
        (Step(status=401, body={"error": {"message": "bad key"}}), ProviderRejected),
        (Step(raw=b'{"choices": [ not json'), MalformedResponse),
        (Step(body={"id": "x", "object": "chat.completion"}), MalformedResponse),
    ],
)
async def test_failures_are_classified(
    openai_provider: OpenAIProvider,
    openai_upstream: FakeUpstream,
    step: Step,
    expected: type[Exception],
) -> None:
    openai_upstream.push(step)
    with pytest.raises(expected):
        await openai_provider.complete(reply_request())


async def test_schema_answer_that_is_not_json_is_malformed(
    openai_provider: OpenAIProvider, openai_upstream: FakeUpstream
) -> None:
    openai_upstream.push(Step(body=completion("Arequipa, two nights")))
    with pytest.raises(MalformedResponse):
        await openai_provider.complete(extraction_request())


async def test_slow_upstream_times_out(
    openai_provider: OpenAIProvider, openai_upstream: FakeUpstream
) -> None:
    openai_upstream.push(Step(body=completion("late"), delay=2.0))
    with pytest.raises(ProviderTimeout):
        await openai_provider.complete(reply_request(timeout=0.3))


async def test_connection_refused(refused_url: str) -> None:
    provider = OpenAIProvider(api_key=OPENAI_KEY, base_url=refused_url)
    try:
        with pytest.raises(ProviderConnectionError):
            await provider.complete(reply_request())
    finally:
        await provider.aclose()
