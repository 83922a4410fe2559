"""`wayra-ai dev-token` prints a token the development gateway accepts."""

from __future__ import annotations

import time

import jwt
import pytest

from wayra_ai.auth.firebase import FirebaseTokenVerifier
from wayra_ai.cli import main


async def test_printed_token_is_accepted_in_development(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FIREBASE_PROJECT_ID", raising=False)
    monkeypatch.setenv("NODE_ENV", "development")
    assert (
        main(["dev-token", "ana-1", "--email", "ana@example.com", "--name", "Ana", "--hours", "2"])
        == 0
    )
    token = capsys.readouterr().out.strip()
    header = jwt.get_unverified_header(token)
    claims = jwt.decode(token, options={"verify_signature": False})
    assert header["alg"] == "none"
    assert claims["iss"] == "https://securetoken.google.com/wayra-dev"
    assert claims["aud"] == "wayra-dev"
    assert claims["sub"] == claims["user_id"] == "ana-1"
    assert claims["firebase"]["sign_in_provider"] == "password"
    assert abs(claims["exp"] - claims["iat"] - 7200) <= 1
    assert claims["iat"] <= time.time()
    verifier = FirebaseTokenVerifier("wayra-dev", emulated=True)
    try:
        caller = await verifier.verify(token)
    finally:
        verifier.close()
    assert (caller.uid, caller.email, caller.name) == ("ana-1", "ana@example.com", "Ana")


def test_refuses_bad_arguments_and_production(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["dev-token", "ana", "--hours", "0"]) == 2
    monkeypatch.setenv("NODE_ENV", "production")
    monkeypatch.setenv("MONGODB_URI", "mongodb://db.example")
    monkeypatch.setenv("REDIS_URL", "redis://cache.example")
    monkeypatch.setenv("FIREBASE_PROJECT_ID", "wayra-22")
    assert main(["dev-token", "ana"]) == 2
    assert "development only" in capsys.readouterr().out
