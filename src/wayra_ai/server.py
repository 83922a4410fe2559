"""`wayra-ai serve | gateway | processor`: the services under uvicorn.

uvicorn handles SIGTERM as Cloud Run expects: it stops accepting connections, lets
in-flight requests finish (up to GRACEFUL_SHUTDOWN_SECONDS, inside Cloud Run's 10 s),
then runs the app's lifespan shutdown, which closes the clients.
"""

from __future__ import annotations

import argparse
import logging

import uvicorn
from fastapi import FastAPI

from wayra_ai.config import Settings, get_settings
from wayra_ai.observability.logging import configure_logging

GRACEFUL_SHUTDOWN_SECONDS = 8
PROCESSOR_DEFAULT_PORT = 8081

logger = logging.getLogger(__name__)


def listening_port(args: argparse.Namespace, settings: Settings, default: int) -> int:
    """--port, else PORT when it is set, else the service's own default."""
    if args.port is not None:
        port: int = args.port
        return port
    return settings.port if "port" in settings.model_fields_set else default


def _run(app: FastAPI, settings: Settings, host: str, port: int) -> int:
    uvicorn.run(
        app,
        host=host,
        port=port,
        # The embedded MongoDB server (mongoeco) cannot close under uvloop
        # (uvloop's Server lacks abort_clients), so it gets the standard loop.
        loop="auto" if settings.mongodb_uri is not None else "asyncio",
        log_config=None,  # configure_logging already routes uvicorn's loggers
        proxy_headers=True,
        forwarded_allow_ips="*",  # Cloud Run's front end sets X-Forwarded-*
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
    )
    return 0


def serve_all(args: argparse.Namespace) -> int:
    """The gateway with the processor in-process, whatever PROCESSOR_URL says."""
    from wayra_ai.gateway.app import create_app

    configure_logging()
    settings = get_settings().model_copy(update={"processor_url": None})
    return _run(create_app(settings), settings, args.host, listening_port(args, settings, 8080))


def serve_gateway(args: argparse.Namespace) -> int:
    from wayra_ai.gateway.app import create_app

    configure_logging()
    settings = get_settings()
    return _run(create_app(settings), settings, args.host, listening_port(args, settings, 8080))


def serve_processor(args: argparse.Namespace) -> int:
    from wayra_ai.processor.app import create_app

    configure_logging()
    settings = get_settings()
    port = listening_port(args, settings, PROCESSOR_DEFAULT_PORT)
    return _run(create_app(settings), settings, args.host, port)
