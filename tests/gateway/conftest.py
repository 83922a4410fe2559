"""A gateway app on the shared wire server and redis-server, with its lifespan running."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from gateway_support import gateway_settings

from wayra_ai.gateway.app import create_app


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
