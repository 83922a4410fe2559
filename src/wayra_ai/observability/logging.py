"""Structured JSON log lines in Cloud Logging's shape, with secrets redacted.

Every line carries `severity`, `message`, `time` and, inside a request, the
`requestId` plus Cloud Trace fields, so one request's lines group together in
Logs Explorer. The request context travels in a contextvar set by
`observability.middleware.RequestContextMiddleware`.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import traceback
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

TRACE_FIELD = "logging.googleapis.com/trace"
SPAN_FIELD = "logging.googleapis.com/spanId"


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    trace: str | None = None  # "projects/<project>/traces/<trace id>"
    span_id: str | None = None  # 16 hex digits, as Cloud Logging expects


current_request: ContextVar[RequestContext | None] = ContextVar("current_request", default=None)

_REDACTED = "[REDACTED]"
_SECRET_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # "Authorization: Bearer x", "'authorization': 'x'", "authorization=x"
    (
        re.compile(r"(authorization[\"']?\s*[:=]\s*[\"']?)[^\"'\n,}]+", re.IGNORECASE),
        rf"\1{_REDACTED}",
    ),
    (re.compile(r"\b(bearer)\s+[A-Za-z0-9\-._~+/]+=*", re.IGNORECASE), rf"\1 {_REDACTED}"),
    # JSON Web Tokens anywhere (Firebase ID tokens, service tokens)
    (re.compile(r"\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*"), _REDACTED),
    # provider API keys: OpenAI, Groq, Tavily
    (re.compile(r"\b(?:sk-|gsk_|tvly-)[A-Za-z0-9_\-]{6,}"), _REDACTED),
    # key=value or "key": "value" for secret-looking keys
    (
        re.compile(
            r"((?:password|passwd|pwd|secret|api[_-]?key|token)[\"']?\s*[:=]\s*[\"']?)"
            r"[^\"'\s,&}]+",
            re.IGNORECASE,
        ),
        rf"\1{_REDACTED}",
    ),
    # credentials inside URLs: mongodb+srv://user:pass@host, redis://:pass@host
    (re.compile(r"(\b[a-z][a-z0-9+.-]*://[^:/\s@]*:)[^@\s/]+@", re.IGNORECASE), rf"\1{_REDACTED}@"),
)


def redact(text: str) -> str:
    """Mask bearer tokens, API keys, Authorization values, passwords and URL credentials."""
    for pattern, replacement in _SECRET_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


_SEVERITIES = {
    logging.DEBUG: "DEBUG",
    logging.INFO: "INFO",
    logging.WARNING: "WARNING",
    logging.ERROR: "ERROR",
    logging.CRITICAL: "CRITICAL",
}


class CloudLoggingFormatter(logging.Formatter):
    """One JSON object per line; the message and any traceback pass through `redact`."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.exc_info:
            message += "\n" + "".join(traceback.format_exception(*record.exc_info))
        entry: dict[str, Any] = {
            "severity": _SEVERITIES.get(record.levelno, "DEFAULT"),
            "message": redact(message),
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "logger": record.name,
        }
        http_request = getattr(record, "http_request", None)
        if http_request is not None:
            entry["httpRequest"] = http_request
        context = current_request.get()
        if context is not None:
            entry["requestId"] = context.request_id
            if context.trace:
                entry[TRACE_FIELD] = context.trace
            if context.span_id:
                entry[SPAN_FIELD] = context.span_id
        return json.dumps(entry, default=str, ensure_ascii=False)


def configure_logging(level: int = logging.INFO) -> None:
    """Send every logger (uvicorn's too) to stdout as Cloud Logging JSON lines.

    Idempotent: replaces the root handlers, so calling it twice does not duplicate lines.
    uvicorn's own access log is silenced because the request middleware writes a richer one.
    """
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(CloudLoggingFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True
    logging.getLogger("uvicorn.access").disabled = True
