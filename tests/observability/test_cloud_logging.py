"""JSON log lines in Cloud Logging's shape, request context, and redaction of secrets."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI

from wayra_ai.observability.logging import (
    SPAN_FIELD,
    TRACE_FIELD,
    CloudLoggingFormatter,
    RequestContext,
    current_request,
    redact,
)
from wayra_ai.observability.middleware import RequestContextMiddleware, request_context


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """Everything logged under 'wayra_ai' or 'test', formatted as in production."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(CloudLoggingFormatter())
    loggers = [logging.getLogger("wayra_ai"), logging.getLogger("test")]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    yield stream
    for logger in loggers:
        logger.removeHandler(handler)


def entries(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_line_has_severity_message_time_and_request_context(log_lines: io.StringIO) -> None:
    token = current_request.set(
        RequestContext("req-123456789", "projects/wayra-22/traces/abc", "000000000000000a")
    )
    try:
        logging.getLogger("test").warning("slow answer from %s", "groq")
    finally:
        current_request.reset(token)
    logging.getLogger("test").error("outside a request")
    inside, outside = entries(log_lines)
    assert inside["severity"] == "WARNING"
    assert inside["message"] == "slow answer from groq"
    assert str(inside["time"]).endswith("+00:00")
    assert inside["requestId"] == "req-123456789"
    assert inside[TRACE_FIELD] == "projects/wayra-22/traces/abc"
    assert inside[SPAN_FIELD] == "000000000000000a"
    assert outside["severity"] == "ERROR"
    assert "requestId" not in outside


def test_trace_header_is_parsed_into_cloud_trace_fields() -> None:
    trace_id = "105445aa7843bc8bf206b12000100000"
    context = request_context(
        {"x-cloud-trace-context": f"{trace_id}/1;o=1", "x-request-id": "abcdefgh-1234"},
        "wayra-22",
    )
    assert context.trace == f"projects/wayra-22/traces/{trace_id}"
    assert context.span_id == "0000000000000001"
    assert context.request_id == "abcdefgh-1234"
    garbage = request_context({"x-cloud-trace-context": "nope", "x-request-id": "a b"}, "p")
    assert garbage.trace is None
    assert len(garbage.request_id) == 32


SECRETS = [
    "eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl",
    "sk-proj-Abc123def456ghi789",
    "gsk_Abc123def456ghi789jkl",
    "tvly-dev-Abc123def456",
    "hunter2-password",
    "opaque-bearer-value-123",
    "atlas-db-pass",
]


def test_secrets_never_reach_a_log_line(log_lines: io.StringIO) -> None:
    logger = logging.getLogger("test")
    logger.info("Authorization: Bearer %s", SECRETS[0])
    logger.info("calling openai with key %s, groq %s, tavily %s", *SECRETS[1:4])
    logger.info("login attempt password=%s", SECRETS[4])
    logger.info("headers %s", {"authorization": f"Bearer {SECRETS[5]}", "accept": "json"})
    logger.info("connecting to mongodb+srv://wayra:%s@cluster0.example.net/db", SECRETS[6])
    logger.info('{"password": "%s"}', SECRETS[4])
    try:
        raise ValueError(f"upstream rejected key {SECRETS[1]}")
    except ValueError:
        logger.exception("provider call failed")
    output = log_lines.getvalue()
    for secret in SECRETS:
        assert secret not in output
    assert output.count("[REDACTED]") >= 9
    assert "cluster0.example.net" in output  # only the secret part goes


def test_redaction_keeps_ordinary_text() -> None:
    text = "Trip to Lima for 2 people, budget 800 USD; skip the token bus"
    assert redact(text) == text


async def test_middleware_writes_an_access_line_in_the_request_context(
    log_lines: io.StringIO,
) -> None:
    app = FastAPI()

    @app.get("/trips/{trip_id}")
    async def trip(trip_id: str) -> dict[str, str]:
        logging.getLogger("wayra_ai.test").info("reading trip %s", trip_id)
        return {"id": trip_id}

    app.add_middleware(RequestContextMiddleware, project_id="wayra-22")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.get(
            "/trips/t1?token=abc",
            headers={
                "X-Request-ID": "client-req-0001",
                "X-Cloud-Trace-Context": "105445aa7843bc8bf206b12000100000/10;o=1",
            },
        )
    assert response.headers["X-Request-ID"] == "client-req-0001"
    endpoint_line, access_line = entries(log_lines)
    assert endpoint_line["requestId"] == access_line["requestId"] == "client-req-0001"
    assert access_line[SPAN_FIELD] == "000000000000000a"
    assert access_line["httpRequest"] == {
        "requestMethod": "GET",
        "requestUrl": "/trips/t1",
        "status": 200,
        "latency": access_line["httpRequest"]["latency"],  # type: ignore[index]
        "userAgent": response.request.headers["user-agent"],
    }
    assert str(access_line["httpRequest"]["latency"]).endswith("s")  # type: ignore[index]
