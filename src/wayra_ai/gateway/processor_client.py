"""The gateway's one way to reach the processor: over HTTP, or in-process over ASGI.

Both paths go through the processor's own middleware (service token, body limit) and
its task limiter, so development exercises exactly what production runs.
"""

from __future__ import annotations

import asyncio
import logging
import random
from typing import Any

import httpx

from wayra_ai.auth.service_token import ServiceTokenIssuer
from wayra_ai.errors import ServiceUnavailable, TooManyRequests, WayraError
from wayra_ai.observability.logging import current_request

logger = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 502, 503, 504})
IN_PROCESS_URL = "http://processor.internal"


class ProcessorClient:
    def __init__(
        self,
        http: httpx.AsyncClient,
        tokens: ServiceTokenIssuer,
        *,
        attempts: int = 4,
        base_delay: float = 0.2,
        max_delay: float = 2.0,
    ) -> None:
        self._http = http
        self._tokens = tokens
        self.attempts = attempts
        self.base_delay = base_delay
        self.max_delay = max_delay

    @classmethod
    def remote(
        cls,
        url: str,
        tokens: ServiceTokenIssuer,
        *,
        timeout_seconds: float = 600.0,  # the processor's own Cloud Run request timeout
        **options: Any,
    ) -> ProcessorClient:
        timeout = httpx.Timeout(timeout_seconds, connect=5.0)
        http = httpx.AsyncClient(base_url=url.rstrip("/"), timeout=timeout)
        return cls(http, tokens, **options)

    @classmethod
    def in_process(cls, app: Any, tokens: ServiceTokenIssuer, **options: Any) -> ProcessorClient:
        # A processor crash becomes a 500 response, as it would over the network.
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        http = httpx.AsyncClient(transport=transport, base_url=IN_PROCESS_URL, timeout=600.0)
        return cls(http, tokens, **options)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def post_json(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        """POST JSON; the processor's 4xx comes back as a WayraError with its status."""
        response = await self._send("POST", path, payload)
        try:
            body = response.json()
        except ValueError as error:
            raise ServiceUnavailable("the processor sent an unreadable answer") from error
        if not isinstance(body, dict):
            raise ServiceUnavailable("the processor sent an unexpected answer")
        return body

    async def _send(self, method: str, path: str, payload: dict[str, Any]) -> httpx.Response:
        for attempt in range(1, self.attempts + 1):
            last = attempt == self.attempts
            headers = {"Authorization": f"Bearer {await self._tokens.token()}"}
            context = current_request.get()
            if context is not None:  # the processor's log lines join the gateway's request
                headers["X-Request-ID"] = context.request_id
            try:
                response = await self._http.request(method, path, json=payload, headers=headers)
            except (httpx.ConnectError, httpx.ConnectTimeout) as error:
                if last:
                    raise ServiceUnavailable("the processor cannot be reached") from error
                await asyncio.sleep(self._backoff(attempt))
                continue
            except httpx.TransportError as error:
                # The request may have reached the processor: not retried (POST is not idempotent).
                raise ServiceUnavailable("the processor did not answer in time") from error
            if response.status_code < 400:
                return response
            if response.status_code in RETRY_STATUSES and not last:
                delay = self._retry_delay(response, attempt)
                if delay is not None:
                    logger.info("processor answered %d, retrying", response.status_code)
                    await asyncio.sleep(delay)
                    continue
            raise _error_from(response)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _backoff(self, attempt: int) -> float:
        """Full jitter over an exponential step, capped at max_delay."""
        step: float = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
        return random.uniform(step / 2, step)

    def _retry_delay(self, response: httpx.Response, attempt: int) -> float | None:
        """The wait before the next attempt, or None when Retry-After is beyond our patience."""
        if response.status_code != 429:
            return self._backoff(attempt)
        retry_after = _retry_after_seconds(response)
        if retry_after is None:
            return self._backoff(attempt)
        return retry_after if retry_after <= self.max_delay * 2 else None


def _retry_after_seconds(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    return float(value) if value.isdigit() else None


def _error_from(response: httpx.Response) -> WayraError:
    status = response.status_code
    try:
        body = response.json()
    except ValueError:
        body = {}
    detail = body.get("detail") if isinstance(body, dict) else None
    kind = body.get("error") if isinstance(body, dict) else None
    if status == 429:
        return TooManyRequests(
            str(detail or "the processor is busy"),
            retry_after_seconds=int(_retry_after_seconds(response) or 1),
            kind=str(kind or "processor_busy"),
        )
    if status in (401, 403):
        # Our own service token was refused: a deployment fault, not the traveller's.
        # Passing a 401 on would tell the app its Firebase sign-in is bad.
        logger.error("the processor refused the gateway's service token (%d)", status)
        return ServiceUnavailable("the processor is unavailable, try again shortly")
    if 400 <= status < 500:
        error = WayraError(str(detail or f"the processor refused the request ({status})"), status)
        error.kind = str(kind or "bad_request")
        return error
    logger.error("processor failed with status %d", status)
    return ServiceUnavailable("the processor is unavailable, try again shortly")
