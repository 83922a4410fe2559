"""`wayra-ai dev-token`: an unsigned ID token in the Firebase Auth emulator's format.

Accepted only by a service running in development (emulator mode); production
verification rejects it because it carries no signature.
"""

from __future__ import annotations

import argparse
import base64
import json
import time
from typing import Any

from wayra_ai.auth.firebase import DEVELOPMENT_PROJECT_ID
from wayra_ai.config import Settings


def _segment(data: dict[str, Any]) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def make_dev_token(
    uid: str,
    *,
    project_id: str = DEVELOPMENT_PROJECT_ID,
    email: str | None = None,
    name: str | None = None,
    hours: float = 12.0,
    now: float | None = None,
) -> str:
    issued = int(time.time() if now is None else now)
    claims: dict[str, Any] = {
        "iss": f"https://securetoken.google.com/{project_id}",
        "aud": project_id,
        "auth_time": issued,
        "user_id": uid,
        "sub": uid,
        "iat": issued,
        "exp": issued + int(hours * 3600),
        "firebase": {"identities": {}, "sign_in_provider": "password" if email else "custom"},
    }
    if email is not None:
        claims["email"] = email
        claims["email_verified"] = False
        claims["firebase"]["identities"] = {"email": [email]}
    if name is not None:
        claims["name"] = name
    return f"{_segment({'alg': 'none', 'typ': 'JWT'})}.{_segment(claims)}."


def dev_token_command(args: argparse.Namespace) -> int:
    if not args.uid or len(args.uid) > 128:
        print("uid must be 1 to 128 characters")
        return 2
    if args.hours <= 0:
        print("--hours must be positive")
        return 2
    settings = Settings()
    if settings.is_production:
        print("dev tokens are for development only (NODE_ENV=production is set)")
        return 2
    project_id = settings.firebase_project_id or DEVELOPMENT_PROJECT_ID
    print(
        make_dev_token(
            args.uid, project_id=project_id, email=args.email, name=args.name, hours=args.hours
        )
    )
    return 0
