"""Fixtures for the conversations room: a repository, provisioned users, an HTTP app."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from conversation_data import ALICE, CALLERS
from fastapi import FastAPI, Request
from redis.asyncio import Redis

from wayra_ai.auth.caller import AuthenticatedCaller
from wayra_ai.auth.dependencies import get_caller
from wayra_ai.config import Settings
from wayra_ai.conversations import repository
from wayra_ai.conversations.endpoints import router
from wayra_ai.conversations.repository import ConversationRepository
from wayra_ai.dependencies import Resources
from wayra_ai.kit.http import install_error_handlers
from wayra_ai.storage.mongo import Database
from wayra_ai.users import repository as users_repository


@pytest.fixture
async def repo(db: Database) -> ConversationRepository:
    await repository.ensure_indexes(db)
    return ConversationRepository(db)


@pytest.fixture
async def users(db: Database) -> None:
    """Alice and Bob exist in `users`, as `CurrentUser` would have provisioned them."""
    await users_repository.ensure_indexes(db)
    for caller in CALLERS.values():
        await users_repository.provision(db, caller)


@pytest.fixture
async def app(db: Database, redis: Redis, users: None) -> FastAPI:
    await repository.ensure_indexes(db)
    application = FastAPI()
    install_error_handlers(application)
    application.include_router(router)
    application.state.resources = Resources(settings=Settings(), db=db, redis=redis, extras={})

    async def caller_from_test_header(request: Request) -> AuthenticatedCaller:
        return CALLERS[request.headers.get("X-Test-Uid", ALICE.uid)]

    application.dependency_overrides[get_caller] = caller_from_test_header
    return application


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """Alice's client; send `X-Test-Uid: uid-bob` to be Bob."""
    transport = httpx.ASGITransport(app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http
