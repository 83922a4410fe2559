"""An OpenAI-compatible upstream for benchmarks, in its own process.

It answers every POST with the same small chat completion (with usage), after
`delay` seconds. A bare ASGI app under uvicorn keeps its own cost low. It runs in
a separate process so that serving does not share the benchmark client's event
loop or core: the client measures the network path as it would to a real API.
"""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn

BENCH_MODEL = "gpt-4o-mini"

_BODY = json.dumps(
    {
        "id": "chatcmpl-bench",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": BENCH_MODEL,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": "Day 1: Cusco, 25.00 USD."},
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": 120,
            "completion_tokens": 12,
            "total_tokens": 132,
            "prompt_tokens_details": {"cached_tokens": 64},
            "completion_tokens_details": {"reasoning_tokens": 0},
        },
    }
).encode()
_HEADERS = [(b"content-type", b"application/json"), (b"content-length", str(len(_BODY)).encode())]

Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


def _app(delay: float) -> Callable[[dict[str, Any], Receive, Send], Awaitable[None]]:
    async def app(scope: dict[str, Any], receive: Receive, send: Send) -> None:
        more = True
        while more:
            more = (await receive()).get("more_body", False)
        if delay:
            await asyncio.sleep(delay)
        await send({"type": "http.response.start", "status": 200, "headers": _HEADERS})
        await send({"type": "http.response.body", "body": _BODY})

    return app


def serve(port: int, delay: float) -> None:
    uvicorn.run(
        _app(delay),
        host="127.0.0.1",
        port=port,
        log_level="error",
        access_log=False,
        lifespan="off",
    )


@contextmanager
def running_upstream(delay: float = 0.0) -> Iterator[str]:
    """Yields the base URL (".../v1") of an upstream serving in a child process."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    command = [sys.executable, "-m", __name__, str(port), str(delay)]
    process = subprocess.Popen(command)  # noqa: S603 - our own module, no user input
    try:
        _wait_for(port, process)
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_for(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and process.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the benchmark upstream did not start")


if __name__ == "__main__":
    serve(int(sys.argv[1]), float(sys.argv[2]))
