"""Signing keys per session and a certificate server per test (see auth_keys.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from auth_keys import CertServer, SigningKey, make_signing_key, serve_certificates


@pytest.fixture(scope="session")
def signing_key() -> SigningKey:
    return make_signing_key("test-key-1")


@pytest.fixture(scope="session")
def other_key() -> SigningKey:
    """Same kid, different key: what a forger would sign with."""
    return make_signing_key("test-key-1")


@pytest.fixture
def cert_server(signing_key: SigningKey) -> Iterator[CertServer]:
    with serve_certificates(signing_key) as server:
        yield server
