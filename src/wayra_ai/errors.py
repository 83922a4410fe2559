"""One error base; every expected failure is a WayraError with a 4xx status."""

from __future__ import annotations

from collections.abc import Mapping


class WayraError(Exception):
    """An expected failure, rendered as {"error": kind, "detail": message}."""

    status_code: int = 400
    kind: str = "bad_request"

    def __init__(
        self,
        message: str,
        status_code: int | None = None,
        *,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if status_code is not None:
            self.status_code = status_code
        self.headers = dict(headers or {})


class BadRequest(WayraError):
    status_code = 400
    kind = "bad_request"


class InvalidRequest(WayraError):
    status_code = 422
    kind = "invalid_request"


class Unauthorized(WayraError):
    status_code = 401
    kind = "unauthorized"

    def __init__(self, message: str) -> None:
        super().__init__(message, headers={"WWW-Authenticate": "Bearer"})


class Forbidden(WayraError):
    status_code = 403
    kind = "forbidden"


class NotFound(WayraError):
    status_code = 404
    kind = "not_found"


class Conflict(WayraError):
    status_code = 409
    kind = "conflict"


class PayloadTooLarge(WayraError):
    status_code = 413
    kind = "payload_too_large"


class TooManyRequests(WayraError):
    """Quota, rate limit or capacity exhausted; always says when to come back."""

    status_code = 429
    kind = "too_many_requests"

    def __init__(self, message: str, *, retry_after_seconds: int, kind: str | None = None) -> None:
        super().__init__(message, headers={"Retry-After": str(max(1, retry_after_seconds))})
        if kind is not None:
            self.kind = kind


class ServiceUnavailable(WayraError):
    status_code = 503
    kind = "service_unavailable"


def describe_validation_errors(errors: list[dict[str, object]]) -> str:
    """One readable sentence from pydantic's error list, e.g. 'body.status: Input should be ...'."""
    parts = []
    for error in errors[:5]:
        location = ".".join(str(item) for item in error.get("loc", ()) if item != "body")  # type: ignore[attr-defined]
        parts.append(f"{location or 'body'}: {error.get('msg', 'invalid value')}")
    return "; ".join(parts)
