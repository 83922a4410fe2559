"""Reject request bodies over a size limit (1 MiB by default) with 413.

Checked twice: on Content-Length before the app runs, and while the body streams in
(chunked uploads carry no Content-Length). Used by both the gateway and the processor.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from wayra_ai.kit.http import error_response

MAX_BODY_BYTES = 1024 * 1024


class BodySizeLimitMiddleware:
    def __init__(self, app: ASGIApp, *, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _too_large(self) -> str:
        return f"request body is larger than {self.max_bytes} bytes"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for key, value in scope.get("headers", []):
            if key.lower() == b"content-length" and (
                not value.isdigit() or int(value) > self.max_bytes
            ):
                response = error_response("payload_too_large", self._too_large(), 413)
                await response(scope, receive, send)
                return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # FastAPI lets HTTPException through its body parsing; the app's
                    # handler renders it as {"error": "payload_too_large", ...}.
                    raise HTTPException(413, self._too_large())
            return message

        await self.app(scope, counting_receive, send)
