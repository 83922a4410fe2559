"""Firebase ID tokens: emulator format in development, RS256 against served certs in production."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from auth_keys import CertServer, SigningKey

from wayra_ai.auth.dev_token import make_dev_token
from wayra_ai.auth.firebase import EMULATOR_HOST_VARIABLE, FirebaseTokenVerifier
from wayra_ai.config import Settings
from wayra_ai.errors import Unauthorized

PROJECT = "wayra-test"


@pytest.fixture
def emulated() -> Iterator[FirebaseTokenVerifier]:
    verifier = FirebaseTokenVerifier(PROJECT, emulated=True)
    yield verifier
    verifier.close()


@pytest.fixture
def production(
    cert_server: CertServer, monkeypatch: pytest.MonkeyPatch
) -> Iterator[FirebaseTokenVerifier]:
    monkeypatch.delenv(EMULATOR_HOST_VARIABLE, raising=False)
    verifier = FirebaseTokenVerifier(PROJECT, emulated=False, certs_url=cert_server.url)
    yield verifier
    verifier.close()


def firebase_claims(uid: str = "user-1", **overrides: object) -> dict[str, object]:
    now = int(time.time())
    claims: dict[str, object] = {
        "iss": f"https://securetoken.google.com/{PROJECT}",
        "aud": PROJECT,
        "sub": uid,
        "user_id": uid,
        "iat": now,
        "auth_time": now,
        "exp": now + 3600,
        "email": "ana@example.com",
        "email_verified": True,
        "name": "Ana",
    }
    claims.update(overrides)
    return claims


async def test_emulator_token_gives_the_caller(emulated: FirebaseTokenVerifier) -> None:
    token = make_dev_token("uid-42", project_id=PROJECT, email="ana@example.com", name="Ana")
    caller = await emulated.verify(token)
    assert (caller.uid, caller.email, caller.name) == ("uid-42", "ana@example.com", "Ana")


async def test_emulator_mode_still_checks_expiry(emulated: FirebaseTokenVerifier) -> None:
    token = make_dev_token("uid-42", project_id=PROJECT, now=time.time() - 7200, hours=1)
    with pytest.raises(Unauthorized, match="expired"):
        await emulated.verify(token)


async def test_emulator_mode_checks_audience_and_issuer(emulated: FirebaseTokenVerifier) -> None:
    with pytest.raises(Unauthorized, match="audience"):
        await emulated.verify(make_dev_token("uid-42", project_id="another-project"))


@pytest.mark.parametrize("token", ["", "not-a-jwt", "a.b.c", "eyJhbGciOiJub25lIn0.e30."])
async def test_malformed_tokens_are_401(emulated: FirebaseTokenVerifier, token: str) -> None:
    with pytest.raises(Unauthorized, match="invalid ID token"):
        await emulated.verify(token)


async def test_signed_token_is_verified_against_served_certs(
    production: FirebaseTokenVerifier, signing_key: SigningKey, cert_server: CertServer
) -> None:
    caller = await production.verify(signing_key.sign(firebase_claims("uid-7")))
    assert caller.uid == "uid-7"
    assert caller.email_verified is True
    await production.verify(signing_key.sign(firebase_claims("uid-8")))
    assert len(cert_server.hits) == 1  # certificates cached by their Cache-Control header


async def test_production_rejects_expired_tokens(
    production: FirebaseTokenVerifier, signing_key: SigningKey
) -> None:
    past = int(time.time()) - 7200
    token = signing_key.sign(firebase_claims(iat=past, auth_time=past, exp=past + 3600))
    with pytest.raises(Unauthorized, match="expired"):
        await production.verify(token)


async def test_production_rejects_another_audience_and_issuer(
    production: FirebaseTokenVerifier, signing_key: SigningKey
) -> None:
    with pytest.raises(Unauthorized, match="audience"):
        await production.verify(signing_key.sign(firebase_claims(aud="other-project")))
    wrong_issuer = firebase_claims(iss="https://securetoken.google.com/other-project")
    with pytest.raises(Unauthorized, match="issuer"):
        await production.verify(signing_key.sign(wrong_issuer))


async def test_production_rejects_unsigned_and_forged_tokens(
    production: FirebaseTokenVerifier, other_key: SigningKey
) -> None:
    with pytest.raises(Unauthorized, match="RS256"):
        await production.verify(make_dev_token("uid-1", project_id=PROJECT))
    with pytest.raises(Unauthorized, match="invalid ID token"):
        await production.verify(other_key.sign(firebase_claims()))


def test_production_verifier_refuses_an_emulator_host(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(EMULATOR_HOST_VARIABLE, "127.0.0.1:9099")
    with pytest.raises(RuntimeError, match=EMULATOR_HOST_VARIABLE):
        FirebaseTokenVerifier(PROJECT, emulated=False)


def test_settings_choose_the_mode() -> None:
    development = FirebaseTokenVerifier.from_settings(Settings(node_env="development"))  # type: ignore[arg-type]
    assert (development.project_id, development.emulated) == ("wayra-dev", True)
    development.close()
