"""The Groq provider on the real `groq` SDK against a local upstream."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from fake_upstream import GROQ_KEY, FakeUpstream, Step, chunk, completion, usage
from wayra_ai.llm.base import ChatRequest, StreamEnd, TextDelta, Usage
from wayra_ai.llm.errors import (
    MalformedResponse,
    ProviderConnectionError,
    ProviderRejected,
    ProviderTimeout,
    RateLimited,
    UpstreamServerError,
)
from wayra_ai.llm.groq_provider import GroqProvider

SCHEMA = {"type": "object", "properties": {"nights": {"type": "integer"}}, "required": ["nights"]}
LLAMA = "llama-3.3-70b-versatile"


def reply_request(timeout: float = 20.0) -> ChatRequest:
    return ChatRequest(
        messages=({"role": "user", "content": "Cheapest way to Puno?"},),
        purpose="reply",
        draft="Bus, 18.00 USD.",
        timeout=timeout,
    )


def extraction_request() -> ChatRequest:
    return ChatRequest(
        messages=({"role": "user", "content": "three nights"},),
        purpose="extraction",
        json_schema=SCHEMA,
    )


async def test_completion_on_the_groq_path_with_exact_cost(
    groq_provider: GroqProvider, groq_upstream: FakeUpstream
) -> None:
    groq_upstream.push(
        Step(body=completion("Bus: 18.00 USD.", model=LLAMA, usage_body=usage(1000, 500)))
    )

    result = await groq_provider.complete(reply_request())

    assert (result.text, result.provider, result.model) == ("Bus: 18.00 USD.", "groq", LLAMA)
    assert result.usage == Usage(input=1000, output=500, total=1500)
    # 1000 × 0.59 + 500 × 0.79 per 1M tokens
    assert result.cost == Decimal("0.000985")
    sent = groq_upstream.requests[0]
    assert sent.path == "/openai/v1/chat/completions"
    assert sent.authorization == f"Bearer {GROQ_KEY}"
    assert sent.body["model"] == LLAMA
    assert sent.body["messages"][-1]["content"].endswith("Bus, 18.00 USD.")


async def test_llama_extraction_uses_json_object_mode_with_the_schema_stated(
    groq_provider: GroqProvider, groq_upstream: FakeUpstream
) -> None:
    groq_upstream.push(Step(body=completion('{"nights": 3}', model=LLAMA)))

    result = await groq_provider.complete(extraction_request())

    assert result.parsed == {"nights": 3}
    sent = groq_upstream.requests[0].body
    assert sent["response_format"] == {"type": "json_object"}
    instruction = sent["messages"][-1]
    assert instruction["role"] == "system"
    assert json.loads(instruction["content"].split("\n", 1)[1]) == SCHEMA


async def test_structured_output_model_gets_a_json_schema(groq_upstream: FakeUpstream) -> None:
    provider = GroqProvider(
        api_key=GROQ_KEY, base_url=groq_upstream.url, model="openai/gpt-oss-20b"
    )
    groq_upstream.push(Step(body=completion('{"nights": 2}', model="openai/gpt-oss-20b")))
    try:
        result = await provider.complete(extraction_request())
    finally:
        await provider.aclose()

    assert result.parsed == {"nights": 2}
    assert result.cost == Decimal(0)  # not in the price table: recorded as 0
    sent = groq_upstream.requests[0].body
    assert sent["response_format"]["type"] == "json_schema"
    assert sent["response_format"]["json_schema"]["schema"] == SCHEMA
    assert len(sent["messages"]) == 1


async def test_stream_with_usage_under_x_groq(
    groq_provider: GroqProvider, groq_upstream: FakeUpstream
) -> None:
    final = chunk(None, model=LLAMA) | {"x_groq": {"id": "req_1", "usage": usage(30, 6)}}
    groq_upstream.push(
        Step(events=[chunk("Bus, ", model=LLAMA), chunk("18 USD", model=LLAMA), final])
    )

    received = [event async for event in groq_provider.stream(reply_request())]

    assert [e for e in received if isinstance(e, TextDelta)] == [
        TextDelta("Bus, "),
        TextDelta("18 USD"),
    ]
    end = received[-1]
    assert isinstance(end, StreamEnd)
    assert end.result.text == "Bus, 18 USD"
    assert end.result.usage == Usage(input=30, output=6, total=36)
    # 30 × 0.59 + 6 × 0.79 per 1M tokens
    assert end.result.cost == Decimal("0.00002244")
    assert groq_upstream.requests[0].body["stream_options"] == {"include_usage": True}


async def test_stream_with_standard_usage_chunk(
    groq_provider: GroqProvider, groq_upstream: FakeUpstream
) -> None:
    groq_upstream.push(
        Step(events=[chunk("ok", model=LLAMA), chunk(None, model=LLAMA, usage_body=usage(8, 1))])
    )
    received = [event async for event in groq_provider.stream(reply_request())]
    end = received[-1]
    assert isinstance(end, StreamEnd)
    assert end.result.usage.total == 9


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        (Step(status=500, body={"error": {"message": "boom"}}), UpstreamServerError),
        (Step(status=422, body={"error": {"message": "no"}}), ProviderRejected),
        (Step(raw=b"<html>oops"), MalformedResponse),
    ],
)
async def test_failures_are_classified(
    groq_provider: GroqProvider, groq_upstream: FakeUpstream, step: Step, expected: type[Exception]
) -> None:
    groq_upstream.push(step)
    with pytest.raises(expected):
        await groq_provider.complete(reply_request())


async def test_429_with_retry_after_ms(
    groq_provider: GroqProvider, groq_upstream: FakeUpstream
) -> None:
    groq_upstream.push(
        Step(status=429, body={"error": {"message": "tpm"}}, headers={"retry-after-ms": "1500"})
    )
    with pytest.raises(RateLimited) as caught:
        await groq_provider.complete(reply_request())
    assert caught.value.retry_after == 1.5


async def test_slow_upstream_times_out(
    groq_provider: GroqProvider, groq_upstream: FakeUpstream
) -> None:
    groq_upstream.push(Step(body=completion("late"), delay=2.0))
    with pytest.raises(ProviderTimeout):
        await groq_provider.complete(reply_request(timeout=0.3))


async def test_connection_refused(refused_url: str) -> None:
    provider = GroqProvider(api_key=GROQ_KEY, base_url=refused_url)
    try:
        with pytest.raises(ProviderConnectionError):
            await provider.complete(reply_request())
    finally:
        await provider.aclose()
