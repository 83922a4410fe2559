"""The private processor: heavy jobs behind a service token and a task limiter."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass

from fastapi import APIRouter, FastAPI
from redis.asyncio import Redis

from wayra_ai.auth.service_token import development_secret, verifier_for
from wayra_ai.cache.redis import make_redis
from wayra_ai.config import Settings, get_settings
from wayra_ai.dependencies import Resources
from wayra_ai.gateway.body_limit import BodySizeLimitMiddleware
from wayra_ai.kit.http import install_error_handlers
from wayra_ai.observability import health
from wayra_ai.observability.middleware import RequestContextMiddleware
from wayra_ai.processor import plans
from wayra_ai.processor.limiter import TaskLimiter, TaskLimiterDep
from wayra_ai.processor.service_auth import ServiceTokenMiddleware
from wayra_ai.storage import mongo

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class BorrowedClients:
    """Clients lent by a gateway running this processor in its own process."""

    db: mongo.Database
    redis: Redis


def lend_clients(app: FastAPI, db: mongo.Database, redis: Redis) -> None:
    """Make `app`'s lifespan reuse these clients (and not close them) instead of its own."""
    app.state.borrowed_clients = BorrowedClients(db=db, redis=redis)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    borrowed: BorrowedClients | None = app.state.borrowed_clients
    async with AsyncExitStack() as stack:
        if borrowed is None:
            connection = await mongo.connect(settings)
            stack.push_async_callback(connection.close)
            redis = make_redis(settings)
            stack.push_async_callback(redis.aclose)
            db = connection.db
        else:
            db, redis = borrowed.db, borrowed.redis
        app.state.resources = Resources(
            settings=settings,
            db=db,
            redis=redis,
            extras={
                "service_verifier": verifier_for(settings),
                "task_limiter": TaskLimiter(settings.max_concurrent_tasks),
            },
        )
        yield


capacity_router = APIRouter(prefix="/v1/tasks", tags=["tasks"])


@capacity_router.get("/capacity")
async def capacity(limiter: TaskLimiterDep) -> dict[str, int]:
    """How many job slots are taken on this instance."""
    return {"inUse": limiter.in_use, "limit": limiter.limit}


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    if not settings.is_production and settings.service_token_secret is None:
        logger.warning(
            "SERVICE_TOKEN_SECRET is unset: using a random secret, so only a gateway in this "
            "same process can call this processor"
        )
        settings = development_secret(settings)
    app = FastAPI(title="Wayra AI processor", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.borrowed_clients = None
    app.state.readiness_checks = health.default_checks()
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(capacity_router)
    app.include_router(plans.router)
    app.add_middleware(ServiceTokenMiddleware)
    app.add_middleware(BodySizeLimitMiddleware)
    app.add_middleware(RequestContextMiddleware, project_id=settings.gcp_project_id)
    return app
