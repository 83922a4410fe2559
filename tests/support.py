"""Helpers shared by tests in several rooms: free ports and running gateways."""

from __future__ import annotations

import socket
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

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


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@asynccontextmanager
async def running_gateway(settings: Settings) -> AsyncIterator[FastAPI]:
    """A gateway with its lifespan running; its test database is dropped afterwards."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        yield app
        await app.state.resources.db.client.drop_database(app.state.resources.db.name)
