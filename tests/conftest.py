"""Shared fixtures: a real MongoDB-wire server (mongoeco, memory engine) and a real redis-server."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from redis.asyncio import Redis

from support import free_port, gateway_settings, running_gateway
from wayra_ai.storage.embedded import EmbeddedMongoServer
from wayra_ai.storage.mongo import Database, make_client

SHARED = Path(__file__).resolve().parents[2] / "shared"
TRAVELPLANNER = SHARED / "travelplanner"


@pytest.fixture(scope="session")
async def mongo_uri() -> AsyncIterator[str]:
    server = EmbeddedMongoServer(None)
    uri = await server.start()
    yield uri
    await server.close()


@pytest.fixture
async def db(mongo_uri: str) -> AsyncIterator[Database]:
    """A fresh, empty database per test on the shared wire server."""
    client = make_client(mongo_uri)
    name = f"test_{uuid.uuid4().hex[:12]}"
    yield client[name]
    await client.drop_database(name)
    await client.close()


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real redis-server on a free port, stopped after the session."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is not installed: run `make test`, which installs it")
    port = free_port()
    workdir = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(workdir),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    else:
        process.kill()
        pytest.fail("redis-server did not start")
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client: Redis = Redis.from_url(redis_url, decode_responses=True)
    await client.flushdb()
    yield client
    await client.flushdb()
    await client.aclose()


def pytest_collection_modifyitems(items: list[Any]) -> None:
    """Tests that need ../shared/travelplanner are skipped only when it is truly absent."""
    if TRAVELPLANNER.exists():
        return
    skip = pytest.mark.skip(reason=f"{TRAVELPLANNER} not present")
    for item in items:
        if "travelplanner" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
async def gateway(
    mongo_uri: str, redis_url: str, redis: object, tmp_path: Path
) -> AsyncIterator[FastAPI]:
    async with running_gateway(gateway_settings(mongo_uri, redis_url, tmp_path)) as app:
        yield app


@pytest.fixture
async def client(gateway: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=gateway)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as http:
        yield http
