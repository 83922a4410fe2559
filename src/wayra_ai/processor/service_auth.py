"""Every processor route except the probes requires a valid service token.

A middleware rather than a per-route dependency, so a router added later cannot be
left open by mistake.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from wayra_ai.auth.service_token import ServiceTokenVerifier
from wayra_ai.errors import Unauthorized, WayraError
from wayra_ai.kit.http import error_response

OPEN_PATHS = frozenset({"/health", "/ready"})


class ServiceTokenMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        verifier: ServiceTokenVerifier = scope["app"].state.resources.extras["service_verifier"]
        try:
            await verifier.verify(_bearer(scope))
        except WayraError as error:
            response = error_response(error.kind, error.message, error.status_code, error.headers)
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _bearer(scope: Scope) -> str:
    for key, value in scope.get("headers", []):
        if key.lower() == b"authorization":
            scheme, _, token = bytes(value).decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                return token.strip()
    raise Unauthorized("missing service token: the processor only answers the gateway")
