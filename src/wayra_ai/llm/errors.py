"""Why a model call failed, and whether trying again could help.

The router retries a `RetryableProviderError` (with backoff) and falls back to the
next provider on any `ProviderError`. None of these reach a traveller: the offline
responder is always last in line.
"""

from __future__ import annotations


class ProviderError(Exception):
    """A model provider could not answer this request."""

    def __init__(self, provider: str, message: str, *, status_code: int | None = None) -> None:
        super().__init__(f"{provider}: {message}")
        self.provider = provider
        self.status_code = status_code


class RetryableProviderError(ProviderError):
    """A transient failure: the same request may succeed a moment later."""

    def __init__(
        self,
        provider: str,
        message: str,
        *,
        status_code: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(provider, message, status_code=status_code)
        self.retry_after = retry_after


class RateLimited(RetryableProviderError):
    """HTTP 429; `retry_after` holds the upstream's Retry-After in seconds when given."""


class UpstreamServerError(RetryableProviderError):
    """HTTP 5xx, or an error event inside a stream."""


class ProviderTimeout(RetryableProviderError):
    """No complete answer within the request's timeout."""


class ProviderConnectionError(RetryableProviderError):
    """The upstream could not be reached (refused, reset, DNS)."""


class ProviderRejected(ProviderError):
    """HTTP 4xx other than 429: this request will fail again the same way."""


class MalformedResponse(ProviderError):
    """The upstream answered, but not with a usable chat completion."""


class StreamInterrupted(ProviderError):
    """A stream failed after text was already sent; it cannot be retried or replaced."""
