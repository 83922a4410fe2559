"""A processor app (limit 2 tasks) with its lifespan running on the shared servers."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from wayra_ai.config import Settings
from wayra_ai.processor.app import create_app


def processor_settings(mongo_uri: str, redis_url: str, tmp_path: Path) -> Settings:
    return Settings(
        node_env="development",  # type: ignore[arg-type]
        mongodb_uri=mongo_uri,  # type: ignore[arg-type]
        mongodb_database=f"test_{uuid.uuid4().hex[:12]}",
        redis_url=redis_url,  # type: ignore[arg-type]
        max_concurrent_tasks=2,
        service_token_secret="processor-test-secret-0123456789abcdef",  # type: ignore[arg-type]
        WAYRA_DATA_DIR=tmp_path,  # type: ignore[call-arg]
    )


@pytest.fixture
def processor_app(mongo_uri: str, redis_url: str, tmp_path: Path) -> FastAPI:
    return create_app(processor_settings(mongo_uri, redis_url, tmp_path))


@pytest.fixture
async def running_processor(processor_app: FastAPI) -> AsyncIterator[FastAPI]:
    async with processor_app.router.lifespan_context(processor_app):
        yield processor_app
