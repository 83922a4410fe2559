"""Identifiers: opaque, URL-safe, and validated before they reach a query."""

from __future__ import annotations

import re
import secrets

from wayra_ai.errors import BadRequest

_ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def new_id(prefix: str) -> str:
    """A new id such as 'conv_3fK9...' (prefix, underscore, 22 url-safe characters)."""
    return f"{prefix}_{secrets.token_urlsafe(16)}"


def require_id(value: str, what: str = "id") -> str:
    """Reject anything but a plain id, so no operator or path can reach MongoDB."""
    if not isinstance(value, str) or not _ID_PATTERN.fullmatch(value):
        raise BadRequest(f"{what} is not a well-formed id")
    return value
