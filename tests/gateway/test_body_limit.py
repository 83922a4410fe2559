"""Bodies over the limit get 413, whether announced by Content-Length or streamed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
from fastapi import FastAPI, Request

from wayra_ai.gateway.body_limit import MAX_BODY_BYTES, BodySizeLimitMiddleware
from wayra_ai.kit.http import install_error_handlers


def limited_app() -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)

    @app.post("/echo")
    async def echo(payload: dict[str, Any]) -> dict[str, int]:
        return {"keys": len(payload)}

    @app.post("/raw")
    async def raw(request: Request) -> dict[str, int]:
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
        return {"bytes": size}

    app.add_middleware(BodySizeLimitMiddleware)
    return app


def client() -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=limited_app()), base_url="http://t")


async def chunks(total: int, size: int = 64 * 1024) -> AsyncIterator[bytes]:
    sent = 0
    while sent < total:
        piece = min(size, total - sent)
        sent += piece
        yield b"x" * piece


async def test_small_bodies_pass() -> None:
    async with client() as http:
        assert (await http.post("/echo", json={"a": 1})).json() == {"keys": 1}
        streamed = await http.post("/raw", content=chunks(MAX_BODY_BYTES))
    assert streamed.json() == {"bytes": MAX_BODY_BYTES}


async def test_content_length_over_the_limit_is_refused_before_reading() -> None:
    async with client() as http:
        response = await http.post("/echo", content=b"{" + b" " * MAX_BODY_BYTES + b"}")
    assert response.status_code == 413
    assert response.json()["error"] == "payload_too_large"


async def test_streamed_body_without_content_length_is_cut_off() -> None:
    async with client() as http:
        parsed = await http.post(
            "/echo",
            content=chunks(MAX_BODY_BYTES + 1),
            headers={"Content-Type": "application/json"},
        )
        raw = await http.post("/raw", content=chunks(2 * MAX_BODY_BYTES))
    assert "content-length" not in {k.lower() for k in parsed.request.headers}
    assert parsed.status_code == 413
    assert parsed.json()["error"] == "payload_too_large"
    assert raw.status_code == 413
