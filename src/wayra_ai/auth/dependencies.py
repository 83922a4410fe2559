"""`Caller`: the verified identity behind the request's `Authorization: Bearer` token."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from wayra_ai.auth.caller import AuthenticatedCaller, TokenVerifier
from wayra_ai.dependencies import get_resources
from wayra_ai.errors import Unauthorized


def bearer_token(request: Request) -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("missing bearer token: send 'Authorization: Bearer <Firebase ID token>'")
    return token.strip()


async def get_caller(request: Request) -> AuthenticatedCaller:
    verifier: TokenVerifier = get_resources(request).extras["token_verifier"]
    return await verifier.verify(bearer_token(request))


Caller = Annotated[AuthenticatedCaller, Depends(get_caller)]
