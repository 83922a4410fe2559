"""A scriptable local server speaking the OpenAI chat-completions protocol.

Each test pushes the responses it wants (`Step`s), in order; with the script empty
the server answers a plain completion. Requests are recorded so tests can check
what the real SDKs sent. Served by uvicorn in a thread of the test process.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

OPENAI_KEY = "sk-test-openai"
GROQ_KEY = "gsk-test-groq"


def usage(
    prompt: int, completion: int, *, cached: int | None = None, reasoning: int | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
    }
    if cached is not None:
        body["prompt_tokens_details"] = {"cached_tokens": cached}
    if reasoning is not None:
        body["completion_tokens_details"] = {"reasoning_tokens": reasoning}
    return body


def completion(
    text: str, *, model: str = "gpt-4o-mini", usage_body: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "finish_reason": "stop",
            }
        ],
        "usage": usage_body if usage_body is not None else usage(10, 5),
    }


def chunk(
    text: str | None, *, model: str = "gpt-4o-mini", usage_body: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A stream chunk: a text delta, or (text None) the final usage-only chunk."""
    choices = [] if text is None else [{"index": 0, "delta": {"content": text}}]
    body: dict[str, Any] = {
        "id": "chatcmpl-test",
        "object": "chat.completion.chunk",
        "created": 1_700_000_000,
        "model": model,
        "choices": choices,
    }
    if usage_body is not None:
        body["usage"] = usage_body
    return body


@dataclass
class Step:
    """One scripted answer: JSON `body`, raw bytes `raw`, or SSE `events`."""

    status: int = 200
    body: dict[str, Any] | None = None
    raw: bytes | None = None
    events: list[dict[str, Any]] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Recorded:
    path: str
    body: dict[str, Any]
    authorization: str | None


class FakeUpstream:
    def __init__(self) -> None:
        self.script: deque[Step] = deque()
        self.requests: list[Recorded] = []
        self.app = Starlette(
            routes=[Route("/{path:path}", self._handle, methods=["POST"])],
        )
        self.port = 0
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def push(self, *steps: Step) -> None:
        self.script.extend(steps)

    def reset(self) -> None:
        self.script.clear()
        self.requests.clear()

    def start(self, port: int) -> None:
        self.port = port
        config = uvicorn.Config(
            self.app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("fake upstream did not start")
            time.sleep(0.01)

    def stop(self) -> None:
        assert self._server is not None
        assert self._thread is not None
        self._server.should_exit = True
        self._thread.join(timeout=10)

    async def _handle(self, request: Request) -> Response:
        self.requests.append(
            Recorded(
                path=request.url.path,
                body=json.loads(await request.body()),
                authorization=request.headers.get("authorization"),
            )
        )
        step = self.script.popleft() if self.script else Step(body=completion("ok"))
        if step.delay:
            await asyncio.sleep(step.delay)
        if step.events is not None:
            return StreamingResponse(
                _sse(step.events), status_code=step.status, media_type="text/event-stream"
            )
        if step.raw is not None:
            return Response(
                step.raw, step.status, headers=step.headers, media_type="application/json"
            )
        return JSONResponse(step.body or {}, step.status, headers=step.headers)


async def _sse(events: list[dict[str, Any]]) -> AsyncIterator[bytes]:
    for event in events:
        yield f"data: {json.dumps(event)}\n\n".encode()
    yield b"data: [DONE]\n\n"
