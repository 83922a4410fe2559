"""A gateway app on the shared wire server and redis-server, with its lifespan running."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from wayra_ai.config import Settings
from wayra_ai.gateway.app import create_app


def gateway_settings(
    mongo_uri: str, redis_url: str, tmp_path: Path, **overrides: object
) -> Settings:
    values: dict[str, object] = {
        "node_env": "development",
        "mongodb_uri": mongo_uri,
        "mongodb_database": f"test_{uuid.uuid4().hex[:12]}",
        "redis_url": redis_url,
        "WAYRA_DATA_DIR": tmp_path,
        **overrides,
    }
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
async def gateway(
    mongo_uri: str, redis_url: str, redis: object, tmp_path: Path
) -> AsyncIterator[FastAPI]:
    app = create_app(gateway_settings(mongo_uri, redis_url, tmp_path))
    async with app.router.lifespan_context(app):
        yield app
        await app.state.resources.db.client.drop_database(app.state.resources.db.name)


@pytest.fixture
async def client(gateway: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=gateway)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as http:
        yield http
