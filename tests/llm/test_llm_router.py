"""The router over real SDK providers: retries, backoff, fallback, streaming."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator

import pytest

from fake_upstream import GROQ_KEY, OPENAI_KEY, FakeUpstream, Step, chunk, completion, usage
from wayra_ai.llm.base import ChatRequest, StreamEnd, StreamEvent, TextDelta
from wayra_ai.llm.errors import RateLimited, StreamInterrupted, UpstreamServerError
from wayra_ai.llm.groq_provider import GroqProvider
from wayra_ai.llm.openai_provider import OpenAIProvider
from wayra_ai.llm.router import ModelRouter, RetryPolicy

DRAFT = "Day 1: Hostal Inti, 25.00 USD. Day 2: train to Aguas Calientes, 70.00 USD."
SERVER_ERROR = Step(status=500, body={"error": {"message": "boom"}})


def reply_request(timeout: float = 5.0) -> ChatRequest:
    return ChatRequest(
        messages=({"role": "user", "content": "plan it"},),
        purpose="reply",
        draft=DRAFT,
        timeout=timeout,
    )


class Sleeps:
    """Records the router's waits instead of spending them."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
async def router(
    openai_upstream: FakeUpstream, groq_upstream: FakeUpstream, sleeps: Sleeps
) -> AsyncIterator[ModelRouter]:
    providers = [
        OpenAIProvider(api_key=OPENAI_KEY, base_url=f"{openai_upstream.url}/v1"),
        GroqProvider(api_key=GROQ_KEY, base_url=groq_upstream.url),
    ]
    router = ModelRouter(
        providers,
        policy=RetryPolicy(max_retries=2, base_delay=0.5, max_delay=1.5),
        sleep=sleeps,
        draw=lambda: 1.0,
    )
    yield router
    await router.aclose()


async def test_first_provider_answers_without_retries(
    router: ModelRouter, openai_upstream: FakeUpstream, groq_upstream: FakeUpstream
) -> None:
    result = await router.complete(reply_request())
    assert (result.provider, result.retries, result.failed_providers) == ("openai", 0, ())
    assert len(openai_upstream.requests) == 1
    assert groq_upstream.requests == []


async def test_429_honours_retry_after_then_succeeds(
    router: ModelRouter, openai_upstream: FakeUpstream, sleeps: Sleeps
) -> None:
    openai_upstream.push(
        Step(status=429, body={"error": {"message": "rate"}}, headers={"Retry-After": "2"}),
        Step(body=completion("fine")),
    )
    result = await router.complete(reply_request())
    assert (result.text, result.provider, result.retries) == ("fine", "openai", 1)
    assert sleeps.waits == [2.0]


async def test_5xx_retries_with_exponential_backoff_then_falls_back_to_groq(
    router: ModelRouter, openai_upstream: FakeUpstream, groq_upstream: FakeUpstream, sleeps: Sleeps
) -> None:
    openai_upstream.push(SERVER_ERROR, SERVER_ERROR, SERVER_ERROR)
    groq_upstream.push(Step(body=completion("from groq", model="llama-3.3-70b-versatile")))

    result = await router.complete(reply_request())

    assert (result.text, result.provider) == ("from groq", "groq")
    assert (result.retries, result.failed_providers) == (2, ("openai",))
    assert len(openai_upstream.requests) == 3
    assert sleeps.waits == [0.5, 1.0]  # draw 1.0 × base × 2^retry, capped at 1.5


async def test_backoff_is_capped_and_jittered() -> None:
    policy = RetryPolicy(max_retries=5, base_delay=0.5, max_delay=1.5)
    error = UpstreamServerError("openai", "boom")
    assert [policy.wait(n, error, 1.0) for n in range(6)] == [0.5, 1.0, 1.5, 1.5, 1.5, None]
    assert policy.wait(3, error, 0.25) == 0.375
    assert policy.wait(0, RateLimited("groq", "x", retry_after=60.0), 0.5) is None


async def test_client_error_falls_back_immediately(
    router: ModelRouter, openai_upstream: FakeUpstream, groq_upstream: FakeUpstream, sleeps: Sleeps
) -> None:
    openai_upstream.push(Step(status=400, body={"error": {"message": "bad request"}}))
    result = await router.complete(reply_request())
    assert (result.provider, result.retries, result.failed_providers) == ("groq", 0, ("openai",))
    assert len(openai_upstream.requests) == 1
    assert len(groq_upstream.requests) == 1
    assert sleeps.waits == []


async def test_retry_after_beyond_the_limit_is_not_waited_for(
    router: ModelRouter, openai_upstream: FakeUpstream, sleeps: Sleeps
) -> None:
    openai_upstream.push(
        Step(status=429, body={"error": {"message": "rate"}}, headers={"Retry-After": "3600"})
    )
    result = await router.complete(reply_request())
    assert result.provider == "groq"
    assert sleeps.waits == []


async def test_everything_down_ends_at_the_offline_draft(
    router: ModelRouter, openai_upstream: FakeUpstream, groq_upstream: FakeUpstream
) -> None:
    openai_upstream.push(Step(raw=b"{broken"))
    groq_upstream.push(SERVER_ERROR, SERVER_ERROR, SERVER_ERROR)

    result = await router.complete(reply_request())

    assert (result.text, result.provider, result.model) == (DRAFT, "offline", "wayra-offline-1")
    assert (result.retries, result.failed_providers) == (2, ("openai", "groq"))
    assert result.usage.total == 0
    assert result.cost == 0


async def test_connection_refused_then_timeout_falls_through_with_real_waits(
    refused_url: str, groq_upstream: FakeUpstream
) -> None:
    groq_upstream.push(Step(body=completion("late"), delay=1.0), Step(body=completion("on time")))
    router = ModelRouter(
        [
            OpenAIProvider(api_key=OPENAI_KEY, base_url=refused_url),
            GroqProvider(api_key=GROQ_KEY, base_url=groq_upstream.url),
        ],
        policy=RetryPolicy(max_retries=1, base_delay=0.01, max_delay=0.02),
    )
    try:
        result = await router.complete(reply_request(timeout=0.3))
    finally:
        await router.aclose()
    assert (result.text, result.provider) == ("on time", "groq")
    assert (result.retries, result.failed_providers) == (2, ("openai",))


async def collect(events: AsyncIterator[StreamEvent]) -> list[StreamEvent]:
    return [event async for event in events]


async def test_stream_falls_back_before_the_first_delta(
    router: ModelRouter, openai_upstream: FakeUpstream, groq_upstream: FakeUpstream
) -> None:
    openai_upstream.push(Step(status=401, body={"error": {"message": "bad key"}}))
    groq_upstream.push(
        Step(events=[chunk("Hola"), chunk(None, usage_body=usage(12, 1))]),
    )
    events = await collect(router.stream(reply_request()))
    assert events[0] == TextDelta("Hola")
    end = events[-1]
    assert isinstance(end, StreamEnd)
    assert (end.result.provider, end.result.failed_providers) == ("groq", ("openai",))
    assert end.result.usage.total == 13


async def test_stream_failure_after_a_delta_is_not_replaced(
    router: ModelRouter, openai_upstream: FakeUpstream, groq_upstream: FakeUpstream
) -> None:
    openai_upstream.push(Step(events=[chunk("Day 1"), {"error": {"message": "overloaded"}}]))
    received: list[StreamEvent] = []

    async def consume() -> None:
        async for event in router.stream(reply_request()):
            received.append(event)

    with pytest.raises(StreamInterrupted):
        await consume()
    assert received == [TextDelta("Day 1")]
    assert groq_upstream.requests == []


async def test_offline_only_router_streams_the_draft_word_by_word() -> None:
    router = ModelRouter()
    events = await collect(router.stream(reply_request()))
    deltas = [e.text for e in events if isinstance(e, TextDelta)]
    assert len(deltas) == len(DRAFT.split())
    assert "".join(deltas) == DRAFT
    end = events[-1]
    assert isinstance(end, StreamEnd)
    assert (end.result.text, end.result.provider) == (DRAFT, "offline")


async def test_the_budget_cuts_slow_providers_short_and_offline_answers(
    openai_upstream: FakeUpstream, groq_upstream: FakeUpstream
) -> None:
    openai_upstream.push(Step(body=completion("late"), delay=2.0))
    groq_upstream.push(Step(body=completion("late too"), delay=2.0))
    router = ModelRouter(
        [
            OpenAIProvider(api_key=OPENAI_KEY, base_url=f"{openai_upstream.url}/v1"),
            GroqProvider(api_key=GROQ_KEY, base_url=groq_upstream.url),
        ],
        policy=RetryPolicy(max_retries=3, base_delay=0.01, budget=0.4),
    )
    started = time.monotonic()
    try:
        result = await router.complete(reply_request(timeout=10.0))
    finally:
        await router.aclose()
    assert time.monotonic() - started < 1.5
    assert (result.provider, result.text) == ("offline", DRAFT)
    assert result.failed_providers == ("openai", "groq")
    assert groq_upstream.requests == []  # the budget was spent on OpenAI


async def test_keys_and_upstream_messages_stay_out_of_errors_and_logs(
    router: ModelRouter, openai_upstream: FakeUpstream, caplog: pytest.LogCaptureFixture
) -> None:
    leaky = {
        "error": {
            "message": f"Incorrect API key provided: {OPENAI_KEY}",
            "type": "invalid_request_error",
            "code": "invalid_api_key",
        }
    }
    openai_upstream.push(Step(status=401, body=leaky))
    with caplog.at_level(logging.DEBUG):
        result = await router.complete(reply_request())
    assert result.provider == "groq"
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "openai: HTTP 401 (invalid_request_error, invalid_api_key)" in logged
    assert OPENAI_KEY not in logged
    assert GROQ_KEY not in logged


async def test_stream_retries_a_429_before_the_first_delta(
    router: ModelRouter, openai_upstream: FakeUpstream, sleeps: Sleeps
) -> None:
    openai_upstream.push(
        Step(status=429, body={"error": {"message": "rate"}}, headers={"Retry-After": "1"}),
        Step(events=[chunk("Hola"), chunk(None, usage_body=usage(5, 1))]),
    )
    events = await collect(router.stream(reply_request()))
    end = events[-1]
    assert isinstance(end, StreamEnd)
    assert (end.result.text, end.result.provider, end.result.retries) == ("Hola", "openai", 1)
    assert sleeps.waits == [1.0]


async def test_processing_time_covers_the_whole_call(groq_upstream: FakeUpstream) -> None:
    groq_upstream.push(SERVER_ERROR, Step(body=completion("ok")))
    router = ModelRouter(
        [GroqProvider(api_key=GROQ_KEY, base_url=groq_upstream.url)],
        policy=RetryPolicy(base_delay=0.2, max_delay=0.2),
        draw=lambda: 1.0,
    )
    try:
        result = await router.complete(reply_request())
    finally:
        await router.aclose()
    assert result.retries == 1
    assert result.processing_time_ms >= 200
