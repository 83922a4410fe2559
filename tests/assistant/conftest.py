"""A gateway whose model chain is OpenAI (a local fake upstream), then the offline responder."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from fake_upstream import OPENAI_KEY, FakeUpstream
from support import free_port, gateway_settings, running_gateway


@pytest.fixture(scope="session")
def _openai_upstream() -> Iterator[FakeUpstream]:
    upstream = FakeUpstream()
    upstream.start(free_port())
    yield upstream
    upstream.stop()


@pytest.fixture
def upstream(_openai_upstream: FakeUpstream) -> FakeUpstream:
    _openai_upstream.reset()
    return _openai_upstream


@pytest.fixture
async def model_gateway(
    mongo_uri: str, redis_url: str, redis: object, tmp_path: Path, upstream: FakeUpstream
) -> AsyncIterator[FastAPI]:
    settings = gateway_settings(
        mongo_uri,
        redis_url,
        tmp_path,
        openai_api_key=OPENAI_KEY,
        openai_base_url=f"{upstream.url}/v1",
    )
    async with running_gateway(settings) as app:
        yield app


@pytest.fixture
async def model_client(model_gateway: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=model_gateway)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as http:
        yield http
