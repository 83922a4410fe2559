"""Test signing keys and a local HTTP server publishing their x509 certificates in Google's
format ({"kid": "-----BEGIN CERTIFICATE-----..."}), as googleapis.com does."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID


@dataclass
class SigningKey:
    kid: str
    private_pem: bytes
    certificate_pem: str

    def sign(self, claims: dict[str, Any], *, kid: str | None = None) -> str:
        return jwt.encode(
            claims, self.private_pem, algorithm="RS256", headers={"kid": kid or self.kid}
        )


def make_signing_key(kid: str) -> SigningKey:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "securetoken.test")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    private_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return SigningKey(
        kid, private_pem, certificate.public_bytes(serialization.Encoding.PEM).decode()
    )


@dataclass
class CertServer:
    url: str
    hits: list[str]


@contextmanager
def serve_certificates(*keys: SigningKey) -> Iterator[CertServer]:
    hits: list[str] = []
    body = json.dumps({key.kid: key.certificate_pem for key in keys}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Cache-Control", "public, max-age=3600")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield CertServer(url=f"http://127.0.0.1:{server.server_port}/certs", hits=hits)
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serve_google_token_endpoint(key: SigningKey) -> Iterator[CertServer]:
    """OAuth 2.0 token endpoint for the JWT-bearer grant of a service account asking for an
    ID token (what google-auth does with GOOGLE_APPLICATION_CREDENTIALS): it checks the
    assertion's signature and answers {"id_token": ...} for the requested target_audience."""
    hits: list[str] = []
    public_key = x509.load_pem_x509_certificate(key.certificate_pem.encode()).public_key()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            form = parse_qs(self.rfile.read(length).decode())
            assertion = jwt.decode(
                form["assertion"][0],
                public_key,  # type: ignore[arg-type]
                algorithms=["RS256"],
                audience="https://oauth2.googleapis.com/token",  # fixed by google-auth
            )
            hits.append(assertion["target_audience"])
            now = int(time.time())
            token = key.sign(
                {
                    "iss": "https://accounts.google.com",
                    "aud": assertion["target_audience"],
                    "sub": "112233",
                    "email": assertion["iss"],
                    "iat": now,
                    "exp": now + 3600,
                }
            )
            body = json.dumps({"id_token": token}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield CertServer(url=f"http://127.0.0.1:{server.server_port}/token", hits=hits)
    finally:
        server.shutdown()
        server.server_close()
