"""Who is calling: the verified identity a Firebase ID token carries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class AuthenticatedCaller:
    uid: str
    email: str | None = None
    name: str | None = None
    picture: str | None = None
    email_verified: bool = False


class TokenVerifier(Protocol):
    async def verify(self, token: str) -> AuthenticatedCaller:
        """Return the caller, or raise wayra_ai.errors.Unauthorized with the reason."""
        ...
