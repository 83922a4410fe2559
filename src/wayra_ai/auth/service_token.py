"""Service-to-service tokens: only the gateway may call the processor.

Production: the gateway fetches a Google-signed ID token from the metadata server
whose audience is the processor's URL (PROCESSOR_URL), and the processor verifies
it against Google's certificates. Elsewhere: a short-lived HS256 token signed with
SERVICE_TOKEN_SECRET, which both sides must share when they are separate processes.
Production refuses HMAC tokens.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from typing import Any, Protocol

import cachecontrol
import jwt
import requests
from google.auth import exceptions as google_exceptions
from google.auth.transport import requests as google_requests
from google.oauth2 import id_token
from pydantic import SecretStr

from wayra_ai.config import Settings
from wayra_ai.errors import ServiceUnavailable, Unauthorized

HMAC_ISSUER = "wayra-ai-gateway"
HMAC_AUDIENCE = "wayra-ai-processor"
GOOGLE_CERTS_URL = "https://www.googleapis.com/oauth2/v1/certs"
GOOGLE_ISSUERS = ("accounts.google.com", "https://accounts.google.com")
_TOKEN_LIFETIME = 300
_RENEW_BEFORE = 60


class ServiceTokenIssuer(Protocol):
    async def token(self) -> str: ...


class ServiceTokenVerifier(Protocol):
    async def verify(self, token: str) -> dict[str, Any]:
        """Return the token's claims, or raise Unauthorized."""
        ...


class HmacTokenIssuer:
    def __init__(self, secret: str) -> None:
        self._secret = secret
        self._cached: tuple[str, float] | None = None

    async def token(self) -> str:
        now = time.time()
        if self._cached is None or self._cached[1] - _RENEW_BEFORE <= now:
            claims = {
                "iss": HMAC_ISSUER,
                "aud": HMAC_AUDIENCE,
                "iat": int(now),
                "exp": int(now) + _TOKEN_LIFETIME,
            }
            token = jwt.encode(claims, self._secret, algorithm="HS256")
            self._cached = (token, now + _TOKEN_LIFETIME)
        return self._cached[0]


class HmacTokenVerifier:
    def __init__(self, secret: str) -> None:
        self._secret = secret

    async def verify(self, token: str) -> dict[str, Any]:
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                self._secret,
                algorithms=["HS256"],
                audience=HMAC_AUDIENCE,
                issuer=HMAC_ISSUER,
                options={"require": ["exp", "iat", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError as error:
            raise Unauthorized("service token has expired") from error
        except jwt.InvalidTokenError as error:
            raise Unauthorized(f"invalid service token: {error}") from error
        return claims


def _certificate_request() -> google_requests.Request:
    # Cache-Control aware session: Google's certificates are fetched once per max-age.
    return google_requests.Request(session=cachecontrol.CacheControl(requests.Session()))


class GoogleTokenIssuer:
    """ID tokens from the metadata server (Cloud Run's identity), reused until near expiry."""

    def __init__(self, audience: str) -> None:
        self.audience = audience
        self._request = google_requests.Request()
        self._cached: tuple[str, float] | None = None

    async def token(self) -> str:
        if self._cached is None or self._cached[1] - _RENEW_BEFORE <= time.time():
            try:
                token: str = await asyncio.to_thread(
                    id_token.fetch_id_token, self._request, self.audience
                )
            except google_exceptions.GoogleAuthError as error:
                raise ServiceUnavailable("cannot obtain a service identity token") from error
            claims = jwt.decode(token, options={"verify_signature": False})
            self._cached = (token, float(claims.get("exp", time.time() + _TOKEN_LIFETIME)))
        return self._cached[0]


class GoogleTokenVerifier:
    def __init__(self, audience: str, *, certs_url: str = GOOGLE_CERTS_URL) -> None:
        self.audience = audience
        self.certs_url = certs_url
        self._request = _certificate_request()

    async def verify(self, token: str) -> dict[str, Any]:
        return await asyncio.to_thread(self._verify, token)

    def _verify(self, token: str) -> dict[str, Any]:
        try:
            claims = dict(
                id_token.verify_token(
                    token, self._request, audience=self.audience, certs_url=self.certs_url
                )
            )
        except google_exceptions.TransportError as error:
            raise ServiceUnavailable("cannot fetch Google public certificates") from error
        except (ValueError, google_exceptions.GoogleAuthError) as error:
            raise Unauthorized(f"invalid service token: {error}") from error
        if claims.get("iss") not in GOOGLE_ISSUERS:
            raise Unauthorized("invalid service token: not issued by Google")
        return claims


def development_secret(settings: Settings) -> Settings:
    """Settings with a random per-process SERVICE_TOKEN_SECRET when none is configured.

    Good only when gateway and processor share one process; separate processes must be
    given the same SERVICE_TOKEN_SECRET.
    """
    if settings.is_production or settings.service_token_secret is not None:
        return settings
    return settings.model_copy(update={"service_token_secret": SecretStr(secrets.token_hex(32))})


def _hmac_secret(settings: Settings) -> str:
    if settings.service_token_secret is None:
        raise RuntimeError("SERVICE_TOKEN_SECRET is required for service-to-service calls")
    return settings.service_token_secret.get_secret_value()


def _google_audience(settings: Settings) -> str:
    if not settings.processor_url:
        raise RuntimeError("PROCESSOR_URL (the processor's own URL) is required in production")
    return settings.processor_url


def issuer_for(settings: Settings) -> ServiceTokenIssuer:
    if settings.is_production:
        return GoogleTokenIssuer(_google_audience(settings))
    return HmacTokenIssuer(_hmac_secret(settings))


def verifier_for(settings: Settings) -> ServiceTokenVerifier:
    if settings.is_production:
        return GoogleTokenVerifier(_google_audience(settings))
    return HmacTokenVerifier(_hmac_secret(settings))
