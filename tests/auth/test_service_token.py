"""Service tokens: HMAC between local processes, Google ID tokens in production."""

from __future__ import annotations

import json
import time
from pathlib import Path

import jwt
import pytest
from auth_keys import CertServer, SigningKey, serve_google_token_endpoint

from wayra_ai.auth.service_token import (
    HMAC_AUDIENCE,
    HMAC_ISSUER,
    GoogleTokenIssuer,
    GoogleTokenVerifier,
    HmacTokenIssuer,
    HmacTokenVerifier,
    development_secret,
    issuer_for,
    verifier_for,
)
from wayra_ai.config import Settings
from wayra_ai.errors import Unauthorized

SECRET = "a-shared-secret-of-enough-length-for-hs256"
PROCESSOR_URL = "https://wayra-ai-processor-abc-uc.a.run.app"


async def test_hmac_token_round_trip() -> None:
    issuer = HmacTokenIssuer(SECRET)
    token = await issuer.token()
    assert await issuer.token() == token  # reused while fresh
    claims = await HmacTokenVerifier(SECRET).verify(token)
    assert (claims["iss"], claims["aud"]) == (HMAC_ISSUER, HMAC_AUDIENCE)


async def test_hmac_rejects_another_secret_expiry_and_audience() -> None:
    verifier = HmacTokenVerifier(SECRET)
    with pytest.raises(Unauthorized, match="Signature verification failed"):
        await verifier.verify(await HmacTokenIssuer("another-secret-another-secret-xx").token())
    now = int(time.time())
    expired = {"iss": HMAC_ISSUER, "aud": HMAC_AUDIENCE, "iat": now - 600, "exp": now - 300}
    with pytest.raises(Unauthorized, match="expired"):
        await verifier.verify(jwt.encode(expired, SECRET, algorithm="HS256"))
    other = {"iss": HMAC_ISSUER, "aud": "someone-else", "iat": now, "exp": now + 60}
    with pytest.raises(Unauthorized, match="Audience"):
        await verifier.verify(jwt.encode(other, SECRET, algorithm="HS256"))
    with pytest.raises(Unauthorized):
        await verifier.verify("garbage")


def google_claims(**overrides: object) -> dict[str, object]:
    now = int(time.time())
    claims: dict[str, object] = {
        "iss": "https://accounts.google.com",
        "aud": PROCESSOR_URL,
        "sub": "1234567890",
        "email": "gateway@wayra-22.iam.gserviceaccount.com",
        "iat": now,
        "exp": now + 3600,
    }
    claims.update(overrides)
    return claims


async def test_google_id_token_for_the_processor_audience(
    signing_key: SigningKey, cert_server: CertServer
) -> None:
    verifier = GoogleTokenVerifier(PROCESSOR_URL, certs_url=cert_server.url)
    claims = await verifier.verify(signing_key.sign(google_claims()))
    assert claims["email"] == "gateway@wayra-22.iam.gserviceaccount.com"
    await verifier.verify(signing_key.sign(google_claims()))
    assert len(cert_server.hits) == 1


async def test_google_path_rejects_wrong_audience_issuer_key_and_hmac(
    signing_key: SigningKey, other_key: SigningKey, cert_server: CertServer
) -> None:
    verifier = GoogleTokenVerifier(PROCESSOR_URL, certs_url=cert_server.url)
    with pytest.raises(Unauthorized, match="audience"):
        await verifier.verify(signing_key.sign(google_claims(aud="https://elsewhere.run.app")))
    with pytest.raises(Unauthorized, match="not issued by Google"):
        await verifier.verify(signing_key.sign(google_claims(iss="https://evil.example")))
    with pytest.raises(Unauthorized):
        await verifier.verify(other_key.sign(google_claims()))
    with pytest.raises(Unauthorized):
        await verifier.verify(await HmacTokenIssuer(SECRET).token())


def production_settings(**overrides: object) -> Settings:
    values: dict[str, object] = {
        "node_env": "production",
        "mongodb_uri": "mongodb://db.example:27017",
        "redis_url": "redis://cache.example:6379/0",
        "firebase_project_id": "wayra-22",
        "processor_url": PROCESSOR_URL,
        "service_token_secret": SECRET,
        **overrides,
    }
    return Settings(**values)  # type: ignore[arg-type]


def test_production_uses_google_tokens_even_with_a_secret() -> None:
    assert isinstance(verifier_for(production_settings()), GoogleTokenVerifier)
    with pytest.raises(RuntimeError, match="PROCESSOR_URL"):
        verifier_for(production_settings(processor_url=None))


async def test_development_gets_a_random_shared_secret() -> None:
    settings = development_secret(Settings(node_env="development"))  # type: ignore[arg-type]
    assert settings.service_token_secret is not None
    token = await issuer_for(settings).token()
    assert (await verifier_for(settings).verify(token))["aud"] == HMAC_AUDIENCE
    other = development_secret(Settings(node_env="development"))  # type: ignore[arg-type]
    with pytest.raises(Unauthorized):
        await verifier_for(other).verify(token)


async def test_google_issuer_and_verifier_agree_on_the_processor_audience(
    signing_key: SigningKey,
    cert_server: CertServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The gateway's side: google-auth obtains an ID token for the processor's URL (here with
    a service-account file whose token endpoint is local; on Cloud Run the metadata server)."""
    with serve_google_token_endpoint(signing_key) as token_endpoint:
        account = {
            "type": "service_account",
            "project_id": "wayra-22",
            "private_key_id": signing_key.kid,
            "private_key": signing_key.private_pem.decode(),
            "client_email": "gateway@wayra-22.iam.gserviceaccount.com",
            "client_id": "112233",
            "token_uri": token_endpoint.url,
        }
        credentials_file = tmp_path / "gateway-sa.json"
        credentials_file.write_text(json.dumps(account))
        monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(credentials_file))
        issuer = GoogleTokenIssuer(PROCESSOR_URL)
        token = await issuer.token()
        assert await issuer.token() == token  # reused until close to expiry
        assert token_endpoint.hits == [PROCESSOR_URL]
    claims = await GoogleTokenVerifier(PROCESSOR_URL, certs_url=cert_server.url).verify(token)
    assert claims["email"] == "gateway@wayra-22.iam.gserviceaccount.com"
