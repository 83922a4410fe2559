"""The public gateway: Firebase-authenticated routes for the Wayra app."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from fastapi import Depends, FastAPI

from wayra_ai.assistant.turn import Assistant
from wayra_ai.auth.firebase import FirebaseTokenVerifier
from wayra_ai.auth.service_token import development_secret, issuer_for
from wayra_ai.cache.rate_limit import BurstLimiter, enforce_burst_limit
from wayra_ai.cache.redis import make_redis
from wayra_ai.cache.turn_cache import TurnCache
from wayra_ai.config import Settings, get_settings
from wayra_ai.conversations.endpoints import router as conversations_router
from wayra_ai.dependencies import Resources
from wayra_ai.gateway.body_limit import BodySizeLimitMiddleware
from wayra_ai.gateway.processor_client import ProcessorClient
from wayra_ai.kit.http import install_error_handlers
from wayra_ai.llm.factory import router_from_settings
from wayra_ai.observability import health, metrics
from wayra_ai.observability.middleware import RequestContextMiddleware
from wayra_ai.processor import app as processor
from wayra_ai.storage import mongo
from wayra_ai.storage.indexes import ensure_indexes
from wayra_ai.trips.endpoints import router as trips_router
from wayra_ai.users.endpoints import router as users_router

logger = logging.getLogger(__name__)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    async with AsyncExitStack() as stack:
        connection = await mongo.connect(settings)
        stack.push_async_callback(connection.close)
        redis = make_redis(settings)
        stack.push_async_callback(redis.aclose)
        await ensure_indexes(connection.db)

        verifier = FirebaseTokenVerifier.from_settings(settings)
        stack.callback(verifier.close)

        processor_app = app.state.processor_app
        if processor_app is None:
            assert settings.processor_url is not None
            client = ProcessorClient.remote(settings.processor_url, issuer_for(settings))
        else:
            processor.lend_clients(processor_app, connection.db, redis)
            await stack.enter_async_context(processor_app.router.lifespan_context(processor_app))
            # Tokens minted with the processor's own settings always match its verifier.
            tokens = issuer_for(processor_app.state.settings)
            client = ProcessorClient.in_process(processor_app, tokens)
        stack.push_async_callback(client.aclose)
        models = router_from_settings(settings)
        stack.push_async_callback(models.aclose)
        turn_cache = TurnCache(redis)

        app.state.resources = Resources(
            settings=settings,
            db=connection.db,
            redis=redis,
            extras={
                "token_verifier": verifier,
                "burst_limiter": BurstLimiter(redis),
                "processor": client,
                "turn_cache": turn_cache,
                "reply_producer": Assistant(
                    db=connection.db,
                    router=models,
                    cache=turn_cache,
                    plans=client,
                    settings=settings,
                ),
            },
        )
        logger.info("gateway ready (processor %s)", "in-process" if processor_app else "remote")
        yield


def create_app(
    settings: Settings | None = None, *, processor_app: FastAPI | None = None
) -> FastAPI:
    """The gateway; without PROCESSOR_URL (or with `processor_app`) the processor runs in-process.

    In-process, gateway and processor share the Mongo and Redis clients, and service tokens
    are signed with the processor's SERVICE_TOKEN_SECRET (a random one when unset).
    """
    settings = settings or get_settings()
    if processor_app is None and settings.processor_url is None:
        processor_app = processor.create_app(development_secret(settings))
    app = FastAPI(title="Wayra AI gateway", lifespan=lifespan, docs_url="/docs", redoc_url=None)
    app.state.settings = settings
    app.state.processor_app = processor_app
    app.state.readiness_checks = health.default_checks()
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(metrics.router)
    limited = [Depends(enforce_burst_limit)]
    app.include_router(users_router, dependencies=limited)
    app.include_router(conversations_router, dependencies=limited)
    app.include_router(trips_router, dependencies=limited)
    app.add_middleware(BodySizeLimitMiddleware)
    app.add_middleware(RequestContextMiddleware, project_id=settings.gcp_project_id)
    return app
