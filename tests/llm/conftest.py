"""Two fake upstreams (one per provider) for the session, emptied before each test."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from fake_upstream import GROQ_KEY, OPENAI_KEY, FakeUpstream
from support import free_port
from wayra_ai.llm.groq_provider import GroqProvider
from wayra_ai.llm.openai_provider import OpenAIProvider


@pytest.fixture(scope="session")
def _upstreams() -> Iterator[tuple[FakeUpstream, FakeUpstream]]:
    pair = (FakeUpstream(), FakeUpstream())
    for upstream in pair:
        upstream.start(free_port())
    yield pair
    for upstream in pair:
        upstream.stop()


@pytest.fixture
def openai_upstream(_upstreams: tuple[FakeUpstream, FakeUpstream]) -> FakeUpstream:
    _upstreams[0].reset()
    return _upstreams[0]


@pytest.fixture
def groq_upstream(_upstreams: tuple[FakeUpstream, FakeUpstream]) -> FakeUpstream:
    _upstreams[1].reset()
    return _upstreams[1]


@pytest.fixture
def refused_url() -> str:
    """A local port nobody listens on."""
    return f"http://127.0.0.1:{free_port()}/v1"


@pytest.fixture
async def openai_provider(openai_upstream: FakeUpstream) -> AsyncIterator[OpenAIProvider]:
    provider = OpenAIProvider(api_key=OPENAI_KEY, base_url=f"{openai_upstream.url}/v1")
    yield provider
    await provider.aclose()


@pytest.fixture
async def groq_provider(groq_upstream: FakeUpstream) -> AsyncIterator[GroqProvider]:
    provider = GroqProvider(api_key=GROQ_KEY, base_url=groq_upstream.url)
    yield provider
    await provider.aclose()
