"""Per-request context for logs (request id, Cloud Trace) and the access log line."""

from __future__ import annotations

import logging
import re
import time
import uuid

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from wayra_ai.observability.logging import RequestContext, current_request

logger = logging.getLogger("wayra_ai.access")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")
# X-Cloud-Trace-Context: TRACE_ID/SPAN_ID;o=OPTIONS (span id in decimal)
_TRACE_CONTEXT = re.compile(r"^([0-9a-fA-F]{32})(?:/(\d{1,20}))?(?:;o=\d+)?$")


def request_context(headers: dict[str, str], project_id: str | None) -> RequestContext:
    """Reuse a well-formed X-Request-ID, else make one; parse Cloud Run's trace header."""
    request_id = headers.get("x-request-id", "")
    if not _REQUEST_ID.fullmatch(request_id):
        request_id = uuid.uuid4().hex
    trace = span_id = None
    match = _TRACE_CONTEXT.fullmatch(headers.get("x-cloud-trace-context", "").strip())
    if match and project_id:
        trace = f"projects/{project_id}/traces/{match.group(1).lower()}"
        if match.group(2) is not None and int(match.group(2)) < 2**64:
            span_id = f"{int(match.group(2)):016x}"
    return RequestContext(request_id=request_id, trace=trace, span_id=span_id)


class RequestContextMiddleware:
    """Sets the log context, echoes X-Request-ID and writes one access line per request."""

    def __init__(self, app: ASGIApp, *, project_id: str | None = None) -> None:
        self.app = app
        self.project_id = project_id

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {
            key.decode("latin-1").lower(): value.decode("latin-1")
            for key, value in scope.get("headers", [])
        }
        context = request_context(headers, self.project_id)
        token = current_request.set(context)
        started = time.perf_counter()
        status = 500

        async def send_with_request_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)["X-Request-ID"] = context.request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_request_id)
        except Exception:
            logger.exception("unhandled error")
            raise
        finally:
            latency = time.perf_counter() - started
            method, path = scope["method"], scope["path"]
            logger.info(
                "%s %s %d",
                method,
                path,
                status,
                extra={
                    "http_request": {
                        "requestMethod": method,
                        "requestUrl": path,
                        "status": status,
                        "latency": f"{latency:.6f}s",
                        "userAgent": headers.get("user-agent", ""),
                    }
                },
            )
            current_request.reset(token)
