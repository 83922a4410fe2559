"""Firebase ID token verification with firebase-admin (a `TokenVerifier`).

Production: firebase-admin checks the RS256 signature against Google's public
certificates (fetched over HTTP and cached by their Cache-Control headers), the
audience, the issuer and the expiry.

Development and tests: tokens come from the Auth emulator or `wayra-ai dev-token`
and are unsigned. firebase-admin accepts unsigned tokens only when the environment
variable FIREBASE_AUTH_EMULATOR_HOST is set, and it reads that variable at every
verification (there is no per-app option). So an emulated verifier sets it for the
process (to the configured host, or a default one) and a production verifier refuses
to start when it is set. Emulator mode skips firebase-admin's signature and expiry
checks: `exp` is then checked here.
"""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from typing import Any

import firebase_admin
import jwt
from firebase_admin import _auth_utils, _token_gen

from wayra_ai.auth.caller import AuthenticatedCaller
from wayra_ai.config import Settings
from wayra_ai.errors import ServiceUnavailable, Unauthorized

EMULATOR_HOST_VARIABLE = "FIREBASE_AUTH_EMULATOR_HOST"
DEFAULT_EMULATOR_HOST = "127.0.0.1:9099"
DEVELOPMENT_PROJECT_ID = "wayra-dev"
GOOGLE_CERTS_URL = _token_gen.ID_TOKEN_CERT_URI


class FirebaseTokenVerifier:
    """Verifies Firebase ID tokens for one project; one named firebase-admin app each."""

    def __init__(
        self,
        project_id: str,
        *,
        emulated: bool,
        emulator_host: str | None = None,
        certs_url: str = GOOGLE_CERTS_URL,
    ) -> None:
        self.project_id = project_id
        self.emulated = emulated
        if emulated:
            os.environ[EMULATOR_HOST_VARIABLE] = emulator_host or os.environ.get(
                EMULATOR_HOST_VARIABLE, DEFAULT_EMULATOR_HOST
            )
        elif os.environ.get(EMULATOR_HOST_VARIABLE):
            raise RuntimeError(
                f"{EMULATOR_HOST_VARIABLE} is set: firebase-admin would accept unsigned tokens; "
                "unset it for signed-token verification"
            )
        # No credential is needed to verify tokens; the named app only carries the project.
        self._app = firebase_admin.initialize_app(
            options={"projectId": project_id}, name=f"wayra-auth-{uuid.uuid4().hex}"
        )
        self._verifier = _token_gen.TokenVerifier(self._app)
        self._verifier.id_token_verifier.cert_url = certs_url

    @classmethod
    def from_settings(cls, settings: Settings) -> FirebaseTokenVerifier:
        if settings.is_production:
            assert settings.firebase_project_id is not None  # enforced by Settings
            return cls(settings.firebase_project_id, emulated=False)
        return cls(
            settings.firebase_project_id or DEVELOPMENT_PROJECT_ID,
            emulated=True,
            emulator_host=settings.firebase_auth_emulator_host,
        )

    async def verify(self, token: str) -> AuthenticatedCaller:
        if not self.emulated and _unverified_header(token).get("alg") != "RS256":
            raise Unauthorized("invalid ID token: it must be signed with RS256")
        claims = await asyncio.to_thread(self._verify_claims, token)
        if self.emulated:
            _check_expiry(claims)
        uid = claims["uid"]
        return AuthenticatedCaller(
            uid=uid,
            email=claims.get("email"),
            name=claims.get("name"),
            picture=claims.get("picture"),
            email_verified=bool(claims.get("email_verified", False)),
        )

    def _verify_claims(self, token: str) -> dict[str, Any]:
        try:
            claims: dict[str, Any] = self._verifier.verify_id_token(token)
        except _token_gen.ExpiredIdTokenError as error:
            raise Unauthorized("ID token has expired: sign in again") from error
        except _token_gen.CertificateFetchError as error:
            raise ServiceUnavailable("cannot fetch Firebase public certificates") from error
        except (_auth_utils.InvalidIdTokenError, ValueError) as error:
            raise Unauthorized(f"invalid ID token: {_first_sentence(error)}") from error
        return claims

    def close(self) -> None:
        firebase_admin.delete_app(self._app)


def _unverified_header(token: str) -> dict[str, Any]:
    try:
        header: dict[str, Any] = jwt.get_unverified_header(token)
    except jwt.InvalidTokenError as error:
        raise Unauthorized("invalid ID token: not a JWT") from error
    return header


def _check_expiry(claims: dict[str, Any]) -> None:
    expires = claims.get("exp")
    if not isinstance(expires, int | float):
        raise Unauthorized("invalid ID token: no expiry ('exp') claim")
    if expires <= time.time():
        raise Unauthorized("ID token has expired: sign in again")


def _first_sentence(error: Exception) -> str:
    return str(error).split(". ")[0].rstrip(".")
